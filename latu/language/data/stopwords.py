"""Stopwords for Finnish, Swedish and English.

The analysis folds every entry the same way as index terms (lowercase, ä→a,
ö→o, å→a), so an entry covers both the spelled and the umlaut-less form. The
Finnish list holds inflected forms as well as lemmas, because it is checked
both before and after lemmatisation.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FINNISH: frozenset[str] = _words(
    """
    ja tai sekä mutta vaan että kun jos koska vaikka jotta kuin niin eli sillä
    siis joten kuitenkin myös vielä jo vain ainoastaan
    ei en et emme ette eivät ole olla olen olet on olemme olette ovat oli olin olit
    olimme olitte olivat ollut olleet olisi olisivat oltu olevan oleva olevat
    olemassa olleen ollen
    minä sinä hän me te he se ne tämä tuo nämä nuo minun sinun hänen meidän teidän
    heidän sen niiden sitä niitä siitä siihen siinä sille siltä tämän tätä tästä
    tähän tässä tälle tältä tällä näiden näitä näistä näihin näissä näille niille
    niistä niihin niissä näin
    joka jotka jonka joiden jota joita josta joista johon joihin jossa joissa jolle
    joille jolta joilta jolla joilla mikä mitkä minkä mitä mistä mihin missä kuka
    ketkä kenen ketä kenelle jokin jotain jonkin joku jokainen jokaisen kaikki
    kaikkien kaikkia kaikille kaikkea muu muut muiden muita muuta toinen toisen
    toista toiset itse oma omat oman omaa omia omien
    voi voida voidaan voisi voivat voitu voimme pitää pitäisi täytyy tulee tulisi
    tehdä tehty tehdään saada saa saadaan saatu
    kanssa mukaan kautta avulla ilman ennen jälkeen aikana lisäksi välillä vuoksi
    takia osalta puolesta sisällä yli alle ali
    noin nyt sitten silloin aina usein ehkä juuri aivan hyvin erittäin paljon
    vähän enemmän eniten liian kovin myöskin yhdessä yhteensä
    miten kuinka miksi milloin minne
    esim esimerkiksi mm ym yms jne eg ns ks tms
    """
)

SWEDISH: frozenset[str] = _words(
    """
    och att det som en ett är var varit vara blir bli blev för med av till på i om
    men så inte den de dem denna detta dessa jag du han hon vi ni man sig sin sitt
    sina min mitt mina din ditt dina hans hennes vår vårt våra er ert era deras
    dess har hade haft ha kan kunde ska skall skulle vill ville måste får fick när
    där här hur vad vem vilken vilket vilka också eller även bara mycket mer mest
    sedan nu då redan än utan över under efter före mellan genom hos mot vid ut
    upp in från alla allt andra annan annat några något ingen inget inga samma
    själv sådan sådana ex bl
    """
)

ENGLISH: frozenset[str] = _words(
    """
    a an the and or but if then else when while of to in on at by for with about
    against between into through during before after above below from up down out
    off over under again further once here there where why how all any both each
    few more most other some such no nor not only own same so than too very can
    will just should now is are was were be been being have has had having do
    does did doing i me my myself we our ours you your yours he him his she her
    hers it its they them their theirs what which who whom this that these those
    am would could may might must shall also as etc ie eg via per
    """
)

STOPWORDS: dict[str, frozenset[str]] = {"fi": FINNISH, "sv": SWEDISH, "en": ENGLISH}

# Frequent words that tell the three languages apart (folded, so "ar" is "är").
DETECTION_WORDS: dict[str, frozenset[str]] = {
    "fi": _words("ja on ei se oli ovat myos etta kun tai joka mutta jos niin seka kuin tama ole olla sen ne"),
    "sv": _words("och ar att det som ett pa for med av till inte den har jag vi om kan ocksa eller de ska"),
    "en": _words("the and is of to that for with are it this as be by not we can also from have was will"),
}
