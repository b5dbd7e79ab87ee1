"""A second Finnish test set with graded relevance, for precision as well as recall.

New deed texts (``GRADED_DOCUMENTS``, keys ``g01``…) and queries judged against
every one of them (``GRADED_QUERIES``): grade 2 = highly relevant (the deed is
about what the query asks), 1 = relevant (the deed clearly deals with it, but it
is not the main topic). A deed not listed is not relevant, also when it shares a
word part or a chance word with the query: the judgments are complete, so
precision can be measured. The texts deliberately contain distractors: compound
parts ("reittisuunnittelu" for "suunnittelu"), homographs and common words.

Query kinds: short common nouns, plurals, adverbs, inflected forms, whole and
partial compounds, text typed without umlauts and misspellings.
"""

GRADED_DOCUMENTS: dict[str, str] = {
    "g01": "Yhteinen suunnittelu asukkaiden kanssa. Puiston suunnittelu tehtiin työpajoissa, joihin asukkaat "
    "toivat omat ideansa. Suunnittelun tuloksena puistoon tuli leikkipaikka ja penkkejä.",
    "g02": "Koulukuljetusten reittisuunnittelu paikkatiedolla. Kuljetusreitit laskettiin uudelleen, ja "
    "oppilaiden matka-aika lyheni. Kunta säästi kuljetuskuluissa.",
    "g03": "Palvelumuotoilu ja suunnittelu terveysasemalla. Terveysaseman ajanvarauksen suunnittelu aloitettiin "
    "haastattelemalla potilaita. Jonotusaika lyheni kahdella viikolla.",
    "g04": "Lomien suunnitteluun sähköinen kalenteri. Henkilöstön lomat merkitään yhteiseen kalenteriin, ja "
    "esihenkilö näkee päällekkäisyydet heti.",
    "g05": "Ikäihmiset asuvat pidempään kotona. Kotona asumista tuetaan turvarannekkeilla ja kotiin "
    "tuotavilla ateriapalveluilla. Moni ikäihminen voi asua kotona ilman siirtoa palvelutaloon.",
    "g06": "Kotoutumisen tuki maahanmuuttajille. Kotoutumiskoulutuksessa opiskellaan suomea ja työelämän "
    "taitoja. Kotoutuja saa oman ohjaajan.",
    "g07": "Etätyö kotona ja työhyvinvointi. Kunnan työntekijät voivat tehdä etätyötä kotona kaksi päivää "
    "viikossa. Työhyvinvointikyselyn mukaan tyytyväisyys kasvoi.",
    "g08": "Kotisivujen uudistus. Kunnan kotisivut uudistettiin saavutettaviksi, ja hakutoiminto paranee. "
    "Asukkaat löytävät palvelut helpommin.",
    "g09": "Kokeilut kirjastossa. Kirjasto teki kolme kokeilua: lautapeli-illat, kielikahvila ja "
    "korjauspaja. Kokeilujen jälkeen kielikahvila jäi pysyväksi.",
    "g10": "Kokeiluista opittua nuorisotyössä. Nuorisotalon kokeilut, kuten iltapäivän avoimet ovet, "
    "arvioitiin nuorten kanssa. Kokeilujen tulokset koottiin raportiksi.",
    "g11": "Kokeiluraha yhdistyksille. Yhdistykset voivat hakea pientä avustusta omaan kokeiluun. "
    "Hakemus tehdään verkossa.",
    "g12": "Laboratorion kokeet nopeammin. Terveyskeskuksen laboratoriossa verikokeiden tulokset saadaan nyt "
    "samana päivänä. Näytteenotto on avoinna aamuisin ilman ajanvarausta.",
    "g13": "Ruokahävikin vähentäminen kouluruokalassa. Kouluruokalassa punnitaan päivittäin jäänyt ruoka. "
    "Oppilaat äänestävät ruokalistasta, ja hävikki puolittui.",
    "g14": "Ruokapalvelun kasvisruoka. Ruokapalvelut lisäsivät kasvisruokaa kaikkiin päiväkoteihin. "
    "Lasten ruokailu sujuu, ja kustannukset pysyivät ennallaan.",
    "g15": "Ruokakassit vähävaraisille. Seurakunta ja kunta jakavat ylijäämäruokaa ruokakasseina. "
    "Jakopäivä on joka torstai.",
    "g16": "Liikuntaneuvonta aikuisille. Liikuntaneuvoja laatii asiakkaan kanssa oman liikuntasuunnitelman. "
    "Puolen vuoden jälkeen asiakkaat liikkuivat enemmän.",
    "g17": "Uimahallin aukioloajat pidentyivät. Uimahalli on avoinna aamukuudesta, ja aamu-uinti on "
    "suosittu. Liikuntapalvelut seuraavat kävijämääriä.",
    "g18": "Lähiliikuntapaikka kylän koululle. Koulun pihalle rakennettiin lähiliikuntapaikka, jota "
    "kyläläiset käyttävät iltaisin. Liikunta lisääntyi kaikissa ikäryhmissä.",
    "g19": "Katuvalojen vaihto LED-valaisimiin. Katuvalot vaihdettiin LED-valaisimiin, ja sähkönkulutus "
    "laski puoleen. Valaistus ohjautuu liiketunnistimilla.",
    "g20": "Talvikunnossapito ja lumityöt. Lumityöt aloitetaan nyt pyöräteiltä ja koulureiteiltä. "
    "Asukkaat ilmoittavat liukkaista kohdista sovelluksella.",
    "g21": "Kaavoituksen osallistaminen verkossa. Asemakaavan luonnos esitettiin verkkokartalla, ja asukkaat "
    "jättivät mielipiteensä suoraan karttaan. Kaavoitus sai palautetta enemmän kuin ennen.",
    "g22": "Rakennusluvat sähköisesti. Rakennuslupahakemukset jätetään verkossa, ja lupakäsittely nopeutui "
    "kuukaudella. Rakennusvalvonta neuvoo chatissa.",
    "g23": "Asiakaspalautteen käsittely sosiaalipalveluissa. Palautteet ohjataan yhteen jonoon, ja jokaiseen "
    "vastataan viikon kuluessa. Asiakaspalaute julkaistaan koosteena.",
    "g24": "Palautekysely kirjaston asiakkaille. Kirjasto kysyi asiakkailta palautetta aukioloajoista. "
    "Vastausten perusteella lauantaiaukioloa pidennettiin.",
    "g25": "Perehdytys uusille työntekijöille. Uusi työntekijä saa perehdytysoppaan ja kummin ensimmäisiksi "
    "viikoiksi. Perehdytyksen laatu parani kyselyn mukaan.",
    "g26": "Rekrytointi sosiaalisessa mediassa. Kunta rekrytoi hoitajia lyhyillä videoilla. Hakemusten "
    "määrä kaksinkertaistui.",
    "g27": "Mielenterveyspalvelut nuorille ilman jonoa. Nuoret pääsevät mielenterveyden ammattilaisen "
    "vastaanotolle samalla viikolla. Terapia alkaa tarvittaessa nopeasti.",
    "g28": "Vertaistuki omaishoitajille verkossa. Omaishoitajat tapaavat toisiaan videoyhteydellä kerran "
    "kuussa. Vertaistuki vähentää yksinäisyyttä.",
    "g29": "Yksinäisyyden vähentäminen ikäihmisillä. Vapaaehtoiset soittavat yksin asuville ikäihmisille "
    "viikoittain. Puhelut koetaan tärkeiksi.",
    "g30": "Sähköinen allekirjoitus sopimuksiin. Hankintasopimukset allekirjoitetaan sähköisesti, mikä "
    "nopeuttaa hankintoja. Paperiarkisto pieneni.",
    "g31": "Hankintojen yhteishankinta naapurikuntien kanssa. Kunnat kilpailuttavat siivous- ja "
    "ruokapalvelut yhdessä. Hankinnat tulivat edullisemmiksi.",
    "g32": "Energiansäästö kunnan kiinteistöissä. Kiinteistöjen lämpötila lasketaan öisin ja "
    "viikonloppuisin. Energiankulutus laski viidenneksen.",
    "g33": "Sisäilmaongelmat koulussa. Koulun sisäilma mitattiin, ja ilmanvaihto korjattiin kesällä. "
    "Oireilevat oppilaat ja opettajat vähenivät.",
    "g34": "Päiväkodin metsäretket. Lapset retkeilevät lähimetsässä viikoittain. Retkillä opitaan luonnosta "
    "ja liikutaan paljon.",
}

# (query, {deed key: grade}); grade 2 = highly relevant, 1 = relevant.
GRADED_QUERIES: list[tuple[str, dict[str, int]]] = [
    # Short common nouns
    ("suunnittelu", {"g01": 2, "g03": 2, "g04": 1}),
    ("kotona", {"g05": 2, "g07": 2}),
    ("kokeilut", {"g09": 2, "g10": 2, "g11": 1}),
    ("palaute", {"g23": 2, "g24": 2, "g21": 1}),
    ("liikunta", {"g16": 2, "g18": 2, "g17": 1}),
    ("hävikki", {"g13": 2}),
    ("kaavoitus", {"g21": 2}),
    ("perehdytys", {"g25": 2}),
    ("vertaistuki", {"g28": 2}),
    ("yksinäisyys", {"g29": 2, "g28": 1}),
    ("hankinnat", {"g31": 2, "g30": 1}),
    ("lumityöt", {"g20": 2}),
    ("rekrytointi", {"g26": 2}),
    ("energiankulutus", {"g32": 2, "g19": 1}),
    ("uimahalli", {"g17": 2}),
    ("kotoutuminen", {"g06": 2}),
    ("kotisivut", {"g08": 2}),
    ("terapia", {"g27": 2}),
    # Plurals and inflected forms
    ("kokeiluja", {"g09": 2, "g10": 2, "g11": 1}),
    ("ikäihmisille", {"g05": 2, "g29": 2}),
    ("omaishoitajien", {"g28": 2}),
    ("katuvaloissa", {"g19": 2}),
    ("päiväkodeissa", {"g14": 1, "g34": 2}),
    ("oppilaiden", {"g02": 1, "g13": 1, "g33": 1}),
    ("rakennuslupien", {"g22": 2}),
    ("sopimuksissa", {"g30": 2}),
    ("kiinteistöissä", {"g32": 2}),
    ("nuorille", {"g27": 2, "g10": 1}),
    ("työntekijöille", {"g25": 2, "g07": 1}),
    ("palautteet", {"g23": 2, "g24": 2, "g21": 1}),
    ("ruokapalvelut", {"g14": 2, "g31": 1}),
    ("lautapelit", {"g09": 1}),
    # Adverbs and common words in phrases
    ("asua kotona", {"g05": 2}),
    ("etätyö kotona", {"g07": 2}),
    ("avoinna aamuisin", {"g12": 2, "g17": 2}),
    ("iltaisin auki", {"g18": 1}),
    ("viikoittain soitto", {"g29": 2}),
    # Whole and partial compounds
    ("reittisuunnittelu", {"g02": 2}),
    ("liikuntasuunnitelma", {"g16": 2}),
    ("kouluruokala", {"g13": 2}),
    ("verikoe", {"g12": 2}),
    ("kasvisruoka", {"g14": 2}),
    ("lähiliikuntapaikka", {"g18": 2}),
    ("asiakaspalaute", {"g23": 2, "g24": 1}),
    ("ilmanvaihto", {"g33": 2}),
    ("ruokahävikki", {"g13": 2}),
    ("työhyvinvointi", {"g07": 2}),
    ("mielenterveys", {"g27": 2}),
    ("yhteishankinnat", {"g31": 2}),
    ("led-valaisimet", {"g19": 2}),
    ("metsäretki", {"g34": 2}),
    ("ajanvaraus terveysasema", {"g03": 2, "g12": 1}),
    # Without umlauts
    ("ruokahavikki", {"g13": 2}),
    ("paivakodin metsaretket", {"g34": 2}),
    ("sahkoinen allekirjoitus", {"g30": 2}),
    ("lumityot", {"g20": 2}),
    ("sisailma", {"g33": 2}),
    ("yksinaisyys", {"g29": 2, "g28": 1}),
    # Misspellings
    ("suunittelu", {"g01": 2, "g03": 2, "g04": 1}),
    ("perehdytis", {"g25": 2}),
    ("kaavoitusta osalistaminen", {"g21": 2}),
    ("rekrytionti", {"g26": 2}),
    ("vertaistukki", {"g28": 2}),
    ("uimahali", {"g17": 2}),
    ("kotoutumnen", {"g06": 2}),
    ("energiansäätö", {"g32": 2}),
]
