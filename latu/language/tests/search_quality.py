"""A small corpus of municipal development deeds and queries with the deeds they must find.

Queries cover inflected words, whole and partial compounds, text typed without
umlauts and misspellings. Used by ``test_search_quality.py`` to measure
recall@10 of the analysis and ranking against a plain word-match baseline.
"""

DOCUMENTS: dict[str, str] = {
    # Home care
    "d01": "Kotihoidon etäkäynnit. Kotihoidon asiakkaille otettiin käyttöön kuvapuhelut, joiden avulla hoitaja "
    "voi muistuttaa lääkkeistä ja kysyä vointia ilman ajomatkaa. Etäkäynnit vapauttivat hoitajien aikaa "
    "niille asiakkaille, jotka tarvitsevat apua paikan päällä.",
    "d02": "Kotihoitajien työvuorot suunnitellaan nyt sähköisellä toiminnanohjausjärjestelmällä. Järjestelmä "
    "laskee reitit asiakaskäyntien välillä ja vähentää ajokilometrejä. Hoitajat näkevät päivän käyntilistan "
    "puhelimestaan.",
    "d03": "Lääkeannostelurobotti ikäihmisten kotiin. Kotihoidossa kokeiltiin lääkerobottia, joka antaa oikean "
    "annoksen oikeaan aikaan ja hälyttää, jos lääke jää ottamatta. Lääkehoidon virheet vähenivät ja "
    "asiakkaiden omatoimisuus lisääntyi.",
    "d04": "Omaishoitajien vertaistukiryhmä. Omaishoitajille järjestettiin kuukausittain kokoontuva vertaisryhmä, "
    "jossa voi jakaa kokemuksia ja saada tietoa palveluista. Ryhmän aikana hoidettavalle tarjottiin "
    "sijaishoito päivätoiminnassa.",
    "d05": "Kotiutustiimi tukee sairaalasta kotiin palaavia. Kotiutustiimi käy asiakkaan luona ensimmäisten "
    "vuorokausien aikana sairaalajakson jälkeen. Kotihoidon ja sairaalan yhteistyö vähensi uusia "
    "päivystyskäyntejä.",
    # Early childhood education
    "d06": "Päiväkodin pihan toiminnallinen uudistus. Päiväkotien pihoille rakennettiin kiipeilytelineitä, "
    "viljelylaatikoita ja metsäpolku. Lapset ulkoilevat nyt pidempään ja varhaiskasvatuksen henkilöstö "
    "käyttää pihaa myös opetukseen.",
    "d07": "Sähköinen viestintä varhaiskasvatuksessa. Varhaiskasvatuksen ja huoltajien välinen viestintä "
    "siirrettiin mobiilisovellukseen. Poissaoloilmoitukset ja hoitoaikojen varaukset tehdään nyt "
    "sovelluksella, mikä säästää henkilöstön aikaa.",
    "d08": "Varhaiskasvatussuunnitelman päivitys yhdessä vanhempien kanssa. Lapsen varhaiskasvatussuunnitelma "
    "tehdään nyt keskustelussa, johon huoltajat voivat valmistautua etukäteen lomakkeella. Keskustelut ovat "
    "lyhyempiä ja tavoitteet selkeämpiä.",
    "d09": "Esiopetuksen ja koulun yhteinen siirtymä. Esiopetusryhmät vierailevat keväällä tulevassa koulussaan "
    "ja opettajat tapaavat esiopettajat ennen syksyä. Koulun aloitus sujui aiempaa rauhallisemmin.",
    "d10": "Vuorohoidon tarpeen ennakointi. Vuorohoitoa tarvitsevien perheiden hoitoajat kerätään kahden viikon "
    "jaksoissa, jolloin päiväkodin henkilöstön työvuorot voidaan suunnitella tarpeen mukaan. Ylitöiden "
    "määrä laski selvästi.",
    # Schools
    "d11": "Koulukuljetusten reittisuunnittelu. Koulukuljetusten reitit optimoitiin uudelleen paikkatiedon "
    "avulla. Oppilaiden matka-aika lyheni ja kunnan kuljetuskustannukset pienenivät kymmenen prosenttia.",
    "d12": "Kiusaamisen ehkäisy välitunneilla. Koulussa aloitettiin välituntivalvonta, jossa oppilaat toimivat "
    "välituntiagentteina aikuisten rinnalla. Kiusaamistapauksia ilmoitettiin aiempaa vähemmän ja oppilaat "
    "kokevat olonsa turvallisemmaksi.",
    "d13": "Oppilashuollon matalan kynnyksen vastaanotto. Koulukuraattori ja terveydenhoitaja pitävät yhteistä "
    "avointa vastaanottoa kahdesti viikossa. Oppilaat hakeutuvat avun piiriin aikaisemmin.",
    "d14": "Etäopetuksen hyvät käytännöt. Lukion opettajat kokosivat etäopetuksen hyvät käytännöt verkkoon. "
    "Opas auttaa suunnittelemaan etätunnit niin, että opiskelijat pysyvät aktiivisina.",
    "d15": "Liikkuva koulu -toimintamalli. Oppitunneille lisättiin taukoliikuntaa ja pitkä välitunti. Oppilaiden "
    "fyysinen aktiivisuus koulupäivän aikana kasvoi mittausten mukaan.",
    "d16": "Koulujen sisäilmaongelmien nopea käsittely. Sisäilmailmoitukset käsitellään nyt yhteisessä "
    "työryhmässä, johon kuuluvat rehtori, kiinteistöpalvelut ja työterveyshuolto. Korjaukset käynnistyvät "
    "viikoissa kuukausien sijaan.",
    # Libraries
    "d17": "Kirjaston omatoimiaika. Kirjasto on avoinna omatoimisesti myös iltaisin ja viikonloppuisin "
    "kirjastokortilla ja PIN-koodilla. Aukioloajat pitenivät ilman lisähenkilöstöä.",
    "d18": "Kirjastoauto kylille. Kirjastoauton reitti uudistettiin asukkaiden toiveiden mukaan, ja auto pysähtyy "
    "nyt myös koulujen ja palvelutalojen pihoilla. Lainaukset kylillä kasvoivat.",
    "d19": "Kotipalvelukirjasto ikäihmisille. Kirjaston kotipalvelu toimittaa kirjoja ja äänikirjoja "
    "ikäihmisille, jotka eivät pääse kirjastoon. Vapaaehtoiset lukulähettiläät vievät aineiston kotiin.",
    "d20": "Lukudiplomi ja lukuinnon herättäminen. Kirjastonhoitajat kävivät kouluissa esittelemässä "
    "lukudiplomia ja kirjavinkkejä. Nuorten lainausmäärät kasvoivat ensimmäistä kertaa vuosiin.",
    # Food services
    "d21": "Ruokahävikin vähentäminen koulujen ruokaloissa. Koulujen ruokaloissa punnittiin biojäte päivittäin ja "
    "tuloksista kerrottiin oppilaille. Ruokahävikki pieneni kolmanneksella puolessa vuodessa.",
    "d22": "Kasvisruokapäivä kouluruokailuun. Kouluruokailussa on joka viikko kasvisruokapäivä, jonka "
    "ruokalista suunniteltiin yhdessä oppilaskunnan kanssa. Kasvisruoan suosio kasvoi.",
    "d23": "Ikäihmisten ateriapalvelun tilaukset verkossa. Kotiin kuljetettavat ateriat voi nyt tilata "
    "verkkolomakkeella tai puhelimella. Ruokapalveluiden keittiö saa tilaukset suoraan "
    "tuotantojärjestelmään.",
    "d24": "Lähiruoan osuuden kasvattaminen. Ruokapalvelut kilpailuttivat kasvikset ja kalan pienempinä erinä, "
    "jotta paikalliset tuottajat voivat osallistua. Lähiruoan osuus hankinnoista nousi.",
    # Cleaning and premises
    "d25": "Tarvepohjainen siivous anturien avulla. Toimitilojen käyttöasteanturit kertovat, missä tiloissa on "
    "ollut käyttäjiä. Siivous kohdistetaan käytettyihin tiloihin ja siivoojien työaika riittää paremmin.",
    "d26": "Siivouksen laadun arviointi. Siivouksen laatua arvioidaan nyt yhteisellä mittarilla, jonka tulokset "
    "käydään läpi asiakkaan ja siivoojan kanssa. Reklamaatiot vähenivät.",
    "d27": "Mikrokuitusiivous vähensi kemikaaleja. Puhdistuspalvelut siirtyivät mikrokuituliinoihin ja veteen, "
    "jolloin pesuaineiden käyttö väheni. Siivoojat kokivat työn kevyemmäksi.",
    "d28": "Kiinteistöjen energiankulutuksen seuranta. Kunnan kiinteistöjen sähkön ja lämmön kulutusta "
    "seurataan etäluettavilla mittareilla. Poikkeamat huomataan heti ja energiansäästö oli ensimmäisenä "
    "vuonna kahdeksan prosenttia.",
    # Technical services
    "d29": "LED-katuvalaistus ja älyohjaus. Katuvalot vaihdettiin LED-valaisimiin, joita himmennetään yöllä "
    "liikennemäärän mukaan. Katuvalaistuksen sähkönkulutus puolittui.",
    "d30": "Lumitöiden seuranta GPS-paikannuksella. Aurauskalusto varustettiin paikantimilla, ja asukkaat "
    "näkevät kartalta, milloin katu on aurattu. Puhelut teknisen toimen asiakaspalveluun vähenivät "
    "talvella.",
    "d31": "Vesijohtoverkon vuotojen paikantaminen. Vesihuoltolaitos asensi verkostoon akustisia vuotoantureita. "
    "Vuodot löydetään ennen kuin ne näkyvät maan pinnalla ja laskuttamattoman veden osuus laski.",
    "d32": "Jätehuollon kimppa-astiat. Omakotitaloille tarjottiin mahdollisuutta jakaa biojäteastia naapurin "
    "kanssa. Jätehuollon kustannukset pienenivät ja biojätteen erilliskeräys lisääntyi.",
    "d33": "Katujen kuntoa ilmoitetaan sovelluksella. Asukkaat voivat ilmoittaa kuopista ja rikkinäisistä "
    "liikennemerkeistä karttapohjaisella palautesovelluksella. Kunnossapito näkee ilmoitukset suoraan "
    "työjonossa.",
    # Human resources
    "d34": "Työhyvinvointikyselyn tulokset käyttöön. Työhyvinvointikysely tehdään nyt kahdesti vuodessa, ja "
    "jokainen työyhteisö laatii tulosten pohjalta omat kehityskohteensa. Esihenkilöt saavat tukea "
    "tulosten käsittelyyn.",
    "d35": "Videohaastattelut rekrytoinnissa. Rekrytoinnin ensimmäinen haastattelukierros siirrettiin "
    "videohaastatteluihin. Hakijat kiittivät joustavuutta ja rekrytointiaika lyheni kahdella viikolla.",
    "d36": "Uuden työntekijän perehdytys. Perehdytysohjelma koottiin verkkokurssiksi, jonka uusi työntekijä käy "
    "läpi ensimmäisten viikkojen aikana. Perehdyttäjälle varattiin työaikaa ohjaukseen.",
    "d37": "Varhaisen tuen malli sairauspoissaoloihin. Kun sairauspoissaolot toistuvat, esihenkilö ottaa asian "
    "puheeksi ja työterveyshuolto kutsuu työterveysneuvotteluun. Pitkät poissaolot vähenivät.",
    "d38": "Etätyön pelisäännöt. Hallinnon työntekijät voivat tehdä etätyötä kaksi päivää viikossa yhteisesti "
    "sovituin pelisäännöin. Työtyytyväisyys parani ja toimitiloja voitiin vähentää.",
    "d39": "Sijaisten sähköinen varaus. Sijaisuuksien täyttö siirtyi sijaisvälityksen sovellukseen, josta vapaat "
    "sijaiset näkevät keikat. Esihenkilöiden puhelinaika lyheni.",
    # Customer service
    "d40": "Yhteinen asiakaspalvelupiste. Kunnan palvelupisteet yhdistettiin yhdeksi asiakaspalvelupisteeksi "
    "kirjaston yhteyteen. Asiakas saa neuvontaa kaikissa kunnan asioissa samasta paikasta.",
    "d41": "Chatbot neuvoo verkkosivuilla. Kunnan verkkosivuille lisättiin neuvontabotti, joka vastaa "
    "yleisimpiin kysymyksiin ympäri vuorokauden. Puheluiden määrä neuvontaan väheni.",
    "d42": "Asiakaspalautteen käsittelyprosessi. Kaikki asiakaspalaute kirjataan nyt yhteen järjestelmään, josta "
    "se ohjautuu vastuuhenkilölle. Palautteeseen vastataan viiden arkipäivän kuluessa.",
    "d43": "Takaisinsoittopalvelu puhelinneuvontaan. Jonottamisen sijaan soittaja voi jättää "
    "takaisinsoittopyynnön. Asiakastyytyväisyys parani ja jonotusajat lyhenivät.",
    "d44": "Selkokieliset päätökset. Sosiaalitoimen päätöspohjat kirjoitettiin selkokielelle asiakkaiden "
    "palautteen perusteella. Päätöksiä koskevat lisäkysymykset vähenivät.",
    # Social and health services
    "d45": "Terveyskeskuksen ajanvaraus verkossa. Terveyskeskuksen lääkäri- ja hoitajakäynnit voi varata "
    "verkossa. Puhelinjonot lyhenivät ja hoitoon pääsy nopeutui.",
    "d46": "Nuorten mielenterveyspalvelut kouluille. Mielenterveyshoitaja jalkautuu kouluille ja nuori voi hakea "
    "apua ilman lähetettä. Odotusajat lyhenivät.",
    "d47": "Lastensuojelun perhetyön vahvistaminen. Lastensuojelun perhetyöntekijät tapaavat perheitä nyt "
    "useammin kotona ja jo ennen kriisiä. Sijoitusten määrä väheni.",
    "d48": "Sosiaali- ja terveyspalveluiden palveluohjaus. Palveluohjaajat auttavat asiakasta löytämään oikean "
    "palvelun yhdellä yhteydenotolla. Asiakkaiden ei tarvitse kertoa asiaansa moneen kertaan.",
    # Sports, culture and youth
    "d49": "Uimahallin aukioloaikojen laajennus. Uimahalli avataan arkiaamuisin jo kuudelta työssäkäyvien "
    "toiveesta. Aamuvuorossa on yksi valvoja ja kävijämäärä kasvoi.",
    "d50": "Nuorisotilan ilta-aukiolo. Nuorisotila on auki perjantai-iltaisin, ja illat suunnitellaan yhdessä "
    "nuorten kanssa. Nuorisotyöntekijät tavoittavat nuoria myös verkossa.",
    "d51": "Kulttuuripassi ikäihmisille. Yli 70-vuotiaat saavat kulttuuripassin, jolla pääsee maksutta "
    "teatteriin, museoon ja konsertteihin. Yksinäisyys väheni kyselyn mukaan.",
    # Administration and finance
    "d52": "Sähköinen allekirjoitus sopimuksiin. Sopimukset ja päätökset allekirjoitetaan nyt sähköisesti. "
    "Paperin käyttö ja postikulut vähenivät ja allekirjoitus valmistuu päivässä.",
    "d53": "Ostolaskujen käsittelyn automatisointi. Ohjelmistorobotti tarkastaa ja tiliöi toistuvat ostolaskut. "
    "Taloushallinnon henkilöstön aikaa vapautui vaativampiin tehtäviin.",
    "d54": "Hankintojen yhteiskilpailutus naapurikuntien kanssa. Kolme kuntaa kilpailuttivat "
    "toimistotarvikkeet ja työvaatteet yhdessä. Hankintahinnat laskivat ja kilpailutustyö jakautui.",
    "d55": "Kokousten paperiton valmistelu. Lautakuntien esityslistat ja liitteet jaetaan tabletille. "
    "Tulostaminen väheni ja materiaalit ovat aina ajan tasalla.",
    # Land use and environment
    "d56": "Kaavoituksen osallistaminen karttakyselyllä. Asukkaat voivat merkitä kartalle toiveitaan ennen "
    "kaavaluonnosta. Kaavoittajat saivat aiempaa enemmän ja monipuolisempaa palautetta.",
    "d57": "Rakennuslupien sähköinen asiointi. Rakennusvalvonnan lupahakemukset jätetään nyt sähköisesti, ja "
    "hakija näkee käsittelyn vaiheen. Lupien käsittelyaika lyheni.",
    "d58": "Kierrätyskeskuksen ja koulujen yhteistyö. Koulut saavat kierrätyskeskukselta askartelumateriaalia ja "
    "oppilaat tutustuvat kiertotalouteen. Jätteen määrä väheni.",
    # Services in general and other deeds
    "d59": "Palvelujen saavutettavuus kaikille. Kaikki kunnan palvelut arvioitiin saavutettavuuden "
    "näkökulmasta. Palveluja parannettiin niin, että pyörätuolilla ja näkövammaisena pääsee asioimaan "
    "ilman apua.",
    "d60": "Palvelumuotoilu asukasosallisuuden tukena. Palvelumuotoilijat haastattelivat asukkaita ennen uuden "
    "palvelun käynnistämistä. Palvelu suunniteltiin käyttäjien tarpeista käsin.",
    "d61": "Työterveyshuollon sähköinen ajanvaraus. Henkilöstö voi varata ajan työterveyshoitajalle verkossa. "
    "Sairauspoissaolojen ilmoittaminen hoituu samassa palvelussa.",
    "d62": "Maahanmuuttajien kielikahvila kirjastossa. Kirjastossa kokoontuu viikoittain kielikahvila, jossa "
    "vapaaehtoiset harjoittelevat suomea maahanmuuttajien kanssa. Osallistujat löysivät myös harrastuksia.",
    "d63": "Kouluterveydenhuollon terveystarkastukset. Terveydenhoitaja kutsuu oppilaat laajoihin "
    "terveystarkastuksiin yhdessä huoltajien kanssa. Tarkastuksissa kysytään myös koulunkäynnistä ja "
    "harrastuksista.",
    "d64": "Digituki ikäihmisille. Kirjastossa ja palvelukeskuksissa on digitukea, jossa ikäihmiset saavat apua "
    "älypuhelimen ja verkkopankin käyttöön. Vapaaehtoiset digitutorit antavat opastusta.",
    "d65": "Henkilöstön palkitsemismalli. Hyvästä kehitysideasta voi saada kertapalkkion, ja parhaat ideat "
    "esitellään henkilöstöinfossa. Kehitysideoiden määrä kaksinkertaistui.",
    "d66": "Kotihoidon asiakaspalautekysely. Kotihoidon asiakkailta kerätään palautetta tekstiviestikyselyllä "
    "jokaisen kuukauden lopussa. Palautteen perusteella käyntiaikoja muutettiin.",
}

# (query, ids that must be among the ten best results)
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # Inflected words and plain lemmas
    ("kotihoito", ("d01", "d03", "d05", "d66")),
    ("kotihoidon asiakkaille", ("d01", "d03", "d05", "d66")),
    ("etäkäynnit", ("d01",)),
    ("omaishoitajat", ("d04",)),
    ("päiväkoti", ("d06", "d10")),
    ("varhaiskasvatus", ("d06", "d07", "d08")),
    ("esiopetus", ("d09",)),
    ("koulukuljetus", ("d11",)),
    ("kiusaaminen", ("d12",)),
    ("oppilashuolto", ("d13",)),
    ("etäopetus", ("d14",)),
    ("kirjasto", ("d17", "d18", "d19", "d20", "d40", "d62", "d64")),
    ("lukudiplomi", ("d20",)),
    ("siivous", ("d25", "d26", "d27")),
    ("siivoojat", ("d25", "d26", "d27")),
    ("siivouksen laatu", ("d26",)),
    ("katuvalot", ("d29",)),
    ("lumitöiden seuranta", ("d30",)),
    ("rekrytointi", ("d35",)),
    ("perehdytys", ("d36",)),
    ("etätyö", ("d38",)),
    ("sijaiset", ("d39",)),
    ("neuvonta", ("d40", "d41", "d43")),
    ("chatbot", ("d41",)),
    ("ajanvaraus", ("d45", "d61")),
    ("terveyskeskus", ("d45",)),
    ("lastensuojelu", ("d47",)),
    ("uimahalli", ("d49",)),
    ("nuorisotila", ("d50",)),
    ("sähköinen allekirjoitus", ("d52",)),
    ("kaavoitus", ("d56",)),
    ("ikäihmiset", ("d03", "d19", "d23", "d51", "d64")),
    ("miten vähentää ruokahävikkiä kouluissa", ("d21",)),
    ("sähköinen asiointi rakennusvalvonnassa", ("d57",)),
    # Whole compounds, and parts of compounds found inside longer ones
    ("asiakaspalaute", ("d42", "d44", "d66")),
    ("palaute", ("d33", "d42", "d44", "d56", "d66")),
    ("hävikki", ("d21",)),
    ("kysely", ("d34", "d51", "d56", "d66")),
    ("työhyvinvointikysely", ("d34",)),
    ("vertaistuki", ("d04",)),
    ("varhaiskasvatussuunnitelma", ("d08",)),
    ("kuljetuskustannukset", ("d11",)),
    ("sisäilma", ("d16",)),
    ("kirjastoauto", ("d18",)),
    ("kasvisruoka", ("d22",)),
    ("kouluruokailu", ("d22",)),
    ("ateriapalvelu", ("d23",)),
    ("ruokapalvelut", ("d23", "d24")),
    ("lähiruoka", ("d24",)),
    ("energiankulutus", ("d28",)),
    ("vesivuodot", ("d31",)),
    ("biojäte", ("d21", "d32")),
    ("sairauspoissaolot", ("d37", "d61")),
    ("poissaolo", ("d07", "d37", "d61")),
    ("asiakaspalvelu", ("d30", "d40")),
    ("mielenterveys nuoret", ("d46",)),
    ("palveluohjaus", ("d48",)),
    ("kulttuuripassi", ("d51",)),
    ("ostolaskut", ("d53",)),
    ("kilpailutus", ("d54",)),
    ("kiertotalous", ("d58",)),
    ("saavutettavuus", ("d59",)),
    ("palvelumuotoilu", ("d60",)),
    ("työterveyshuolto", ("d16", "d37", "d61")),
    ("kielikahvila", ("d62",)),
    ("terveystarkastus", ("d63",)),
    ("digituki", ("d64",)),
    ("palvelu", ("d59", "d60")),
    # Typed without umlauts
    ("tyohyvinvointi", ("d34",)),
    ("paivakodit", ("d06", "d10")),
    ("laakehoito", ("d03",)),
    ("lahiruoan hankinta", ("d24",)),
    ("ikaihmisille", ("d03", "d19", "d23", "d51", "d64")),
    ("laskujen kasittely", ("d53",)),
    ("etatyo", ("d38",)),
    # Misspelt
    ("kotihoido", ("d01", "d03", "d05", "d66")),
    ("varhaiskasvtus", ("d06", "d07", "d08")),
    ("kirjstoauto", ("d18",)),
    ("rekrytionti", ("d35",)),
    ("lastensuojleu", ("d47",)),
    ("perehdytyksn", ("d36",)),
    ("uimahali", ("d49",)),
]
