# ruff: noqa: E501  (survey texts read better unbroken)
"""The survey templates Latu ships, in Finnish, Swedish and English.

Each template is plain data: sections of questions; a question's options are
(value, fi, sv, en) and a matrix's rows (fi, sv, en). ``create_from_template`` in
``actions`` turns one into a draft survey that its owner can still edit.

The new-practices survey follows the seed material on the changing work of
municipalities: fourteen practices, their status, and their significance for citizens
and for staff, in the three tables' layout.
"""

T = tuple[str, str, str]

STATUS_SCALE: list[tuple[str, str, str, str]] = [
    ("in-use", "Käytössä", "I bruk", "In use"),
    ("in-trial", "Kokeilussa", "Prövas", "In trial"),
    ("planned", "Suunnitteilla", "Planeras", "Planned"),
    ("not-in-use", "Ei käytössä, ei suunnitteilla", "Inte i bruk, inte planerat", "Not in use, not planned"),
]

SIGNIFICANCE_SCALE: list[tuple[str, str, str, str]] = [
    ("very-large", "Erittäin suuri", "Mycket stor", "Very large"),
    ("large", "Suuri", "Stor", "Large"),
    ("moderate", "Kohtalainen", "Måttlig", "Moderate"),
    ("small", "Pieni", "Liten", "Small"),
    ("none", "Ei merkitystä", "Ingen betydelse", "None"),
    ("cant-say", "En osaa sanoa", "Kan inte säga", "Can't say"),
]

PRACTICES: list[T] = [
    ("Johtaminen tukee kehittämistä: on lupa kehittää ja lupa epäonnistua",
     "Ledarskapet stöder utveckling: man får utveckla och man får misslyckas",
     "Leadership supports development: permission to develop and to fail"),
    ("Työtä tuunataan (oman työn muokkaamista itselle mielekkäämmäksi, rutiinien ravistelua, arjen innovatiivisuutta)",
     "Arbetet skräddarsys (det egna arbetet görs mer meningsfullt, rutiner ruskas om, vardagsinnovationer)",
     "Work is crafted (shaping one's own work to be more meaningful, shaking up routines, everyday innovation)"),
    ("Kehittämishaasteet nostetaan nopeasti esiin, haetaan niihin yhteisiä ratkaisuja ja skaalataan jo olemassa olevia",
     "Utvecklingsutmaningar lyfts snabbt fram, gemensamma lösningar söks och befintliga skalas upp",
     "Development challenges are raised quickly, shared solutions sought and existing ones scaled up"),
    ("Seuraamme muiden työpaikkojen kiinnostavia ratkaisuja ja hyödynnämme niitä omassa kehitystyössämme",
     "Vi följer intressanta lösningar på andra arbetsplatser och använder dem i vårt eget utvecklingsarbete",
     "We follow interesting solutions of other workplaces and use them in our own development"),
    ("Kehitämme toimintaprosesseja ja palveluketjuja asiakkaan ja/tai vaikuttavuuden näkökulmasta paremmiksi",
     "Vi förbättrar processer och servicekedjor ur kundens och/eller verkningsfullhetens synvinkel",
     "We improve processes and service chains from the customer's and/or impact's point of view"),
    ("Kuntatyötä tehdään aiempaa suuremmassa vuorovaikutuksessa kuntalaisten kanssa ja ratkaisut perustellen",
     "Kommunarbetet görs i större växelverkan med invånarna och besluten motiveras",
     "Municipal work is done in closer interaction with residents, and decisions are explained"),
    ("Kehittämiseen osallistuvat myös palvelun käyttäjät ja/tai yhteistyökumppanit",
     "Även tjänsternas användare och/eller samarbetspartner deltar i utvecklingen",
     "Service users and/or partners also take part in development"),
    ("Pohdimme ennakkoluulottomasti uudenlaisia toimintatapoja, jotka digitalisaatio ja uusi teknologia mahdollistavat",
     "Vi funderar fördomsfritt på nya arbetssätt som digitalisering och ny teknik möjliggör",
     "We consider with an open mind new ways of working that digitalisation and new technology enable"),
    ("Henkilöstö on mukana uuden teknologian ja tietojärjestelmien suunnittelussa ja käyttöönotossa",
     "Personalen deltar i planeringen och införandet av ny teknik och nya informationssystem",
     "Staff take part in planning and introducing new technology and information systems"),
    ("Valmennamme lähijohtajia toimimaan kehittämisen tukena ja mahdollistajina",
     "Vi coachar närmaste chefer att stödja och möjliggöra utveckling",
     "We coach line managers to support and enable development"),
    ("Annamme tunnustusta ja/tai palkitsemme hyvästä kehitystyöstä ja hyvistä kehitysideoista",
     "Vi ger erkänsla och/eller belönar gott utvecklingsarbete och goda utvecklingsidéer",
     "We recognise and/or reward good development work and good ideas"),
    ("Kehitämme palveluja ja työtämme yhä enemmän kokeilujen kautta",
     "Vi utvecklar tjänster och vårt arbete allt mer genom försök",
     "We develop services and our work more and more through experiments"),
    ("Kun kehitämme kuntatyötä, huolehdimme samanaikaisesti henkilöstön hyvinvoinnista",
     "När vi utvecklar kommunarbetet tar vi samtidigt hand om personalens välbefinnande",
     "When we develop municipal work, we take care of staff wellbeing at the same time"),
    ("Yhdessä kehittäminen: johto, esimiehet ja henkilöstö kehittävät yhdessä",
     "Gemensam utveckling: ledning, chefer och personal utvecklar tillsammans",
     "Developing together: management, supervisors and staff develop together"),
]

LIKERT_AGREE: T = (
    "1 = täysin eri mieltä, 5 = täysin samaa mieltä",
    "1 = helt av annan åsikt, 5 = helt av samma åsikt",
    "1 = strongly disagree, 5 = strongly agree",
)


def _q(kind: str, text: T, *, required: bool = False, options=None, rows=None) -> dict:
    return {"kind": kind, "text": text, "required": required, "options": options or [], "rows": rows or []}


TEMPLATES: dict[str, dict] = {
    "new-practices": {
        "title": ("Uudet toimintatavat", "Nya arbetssätt", "New ways of working"),
        "intro": (
            "Ovatko nämä toimintatavat teillä käytössä, kokeiltavana tai suunnitteilla, ja mikä niiden merkitys on "
            "kuntalaisille ja henkilöstölle? Vastaukset käsitellään nimettöminä.",
            "Används, prövas eller planeras dessa arbetssätt hos er, och vilken betydelse har de för invånarna och "
            "personalen? Svaren behandlas anonymt.",
            "Are these ways of working in use, in trial or planned where you work, and what do they mean for "
            "residents and for staff? Answers are handled anonymously.",
        ),
        "sections": [
            {"title": ("Toimintatapojen tilanne", "Arbetssättens läge", "Status of the practices"), "questions": [
                _q("matrix", ("Ovatko toimintatavat teillä…", "Är arbetssätten hos er…", "Are the practices where you work…"),
                   required=True, options=STATUS_SCALE, rows=PRACTICES),
            ]},
            {"title": ("Merkitys kuntalaisille", "Betydelse för invånarna", "Significance for residents"), "questions": [
                _q("matrix", ("Merkitys asiakkaalle ja kuntalaiselle toteutuessaan",
                              "Betydelse för kunden och invånaren när det förverkligas",
                              "Significance for customers and residents when realised"),
                   options=SIGNIFICANCE_SCALE, rows=PRACTICES),
            ]},
            {"title": ("Merkitys henkilöstölle", "Betydelse för personalen", "Significance for staff"), "questions": [
                _q("matrix", ("Merkitys henkilöstölle toteutuessaan", "Betydelse för personalen när det förverkligas",
                              "Significance for staff when realised"),
                   options=SIGNIFICANCE_SCALE, rows=PRACTICES),
                _q("text", ("Mitä nostaisit merkittävimmäksi uudeksi asiaksi työn murroksessa?",
                            "Vad skulle du lyfta fram som det viktigaste nya i arbetslivets omvälvning?",
                            "What would you name as the most significant new thing in the changing work?")),
            ]},
        ],
    },
    "wellbeing-pulse": {
        "title": ("Työhyvinvoinnin pulssi", "Pulsmätning av arbetsvälbefinnandet", "Work wellbeing pulse"),
        "intro": ("Viisi lyhyttä kysymystä siitä, miltä työ tuntuu juuri nyt.",
                  "Fem korta frågor om hur arbetet känns just nu.",
                  "Five short questions on how work feels right now."),
        "sections": [
            {"title": ("Työhyvinvointi", "Arbetsvälbefinnande", "Wellbeing at work"), "questions": [
                _q("scale", ("Kuinka todennäköisesti suosittelisit työpaikkaasi ystävällesi? (0–10)",
                             "Hur troligt är det att du skulle rekommendera din arbetsplats till en vän? (0–10)",
                             "How likely would you recommend your workplace to a friend? (0–10)"), required=True),
                _q("likert", ("Jaksan hyvin työssäni. " + LIKERT_AGREE[0], "Jag orkar bra i mitt arbete. " + LIKERT_AGREE[1],
                              "I cope well at work. " + LIKERT_AGREE[2]), required=True),
                _q("likert", ("Saan tarvittaessa apua ja tukea työyhteisöltäni. " + LIKERT_AGREE[0],
                              "Jag får vid behov hjälp och stöd av min arbetsgemenskap. " + LIKERT_AGREE[1],
                              "I get help and support from my work community when I need it. " + LIKERT_AGREE[2])),
                _q("likert", ("Voin vaikuttaa omaan työhöni. " + LIKERT_AGREE[0],
                              "Jag kan påverka mitt eget arbete. " + LIKERT_AGREE[1],
                              "I can influence my own work. " + LIKERT_AGREE[2])),
                _q("text", ("Mikä parantaisi työhyvinvointiasi eniten?", "Vad skulle mest förbättra ditt välbefinnande i arbetet?",
                            "What would improve your wellbeing at work the most?")),
            ]},
        ],
    },
    "permission-to-develop": {
        "title": ("Lupa kehittää", "Lov att utveckla", "Permission to develop"),
        "intro": ("Kehittämisen kulttuuri työyhteisössäsi.", "Utvecklingskulturen i din arbetsgemenskap.",
                  "The culture of development in your work community."),
        "sections": [
            {"title": ("Kehittämisen kulttuuri", "Utvecklingskultur", "Culture of development"), "questions": [
                _q("likert", ("Minulla on lupa kokeilla uusia tapoja tehdä työtä. " + LIKERT_AGREE[0],
                              "Jag har lov att pröva nya sätt att arbeta. " + LIKERT_AGREE[1],
                              "I have permission to try new ways of working. " + LIKERT_AGREE[2]), required=True),
                _q("likert", ("Epäonnistunut kokeilu ei ole meillä häpeä. " + LIKERT_AGREE[0],
                              "Ett misslyckat försök är ingen skam hos oss. " + LIKERT_AGREE[1],
                              "A failed experiment is no shame here. " + LIKERT_AGREE[2]), required=True),
                _q("likert", ("Esihenkilöni tukee ideoideni viemistä eteenpäin. " + LIKERT_AGREE[0],
                              "Min chef stöder att mina idéer förs vidare. " + LIKERT_AGREE[1],
                              "My supervisor supports taking my ideas forward. " + LIKERT_AGREE[2])),
                _q("single", ("Oletko tehnyt kehittämisehdotuksen viimeisen vuoden aikana?",
                              "Har du lämnat ett utvecklingsförslag under det senaste året?",
                              "Have you made a development proposal in the past year?"),
                   options=[("yes", "Kyllä", "Ja", "Yes"), ("no", "En", "Nej", "No")]),
                _q("multiple", ("Mikä estää kehittämistä? Valitse kaikki sopivat.",
                                "Vad hindrar utveckling? Välj alla som passar.",
                                "What stands in the way of development? Choose all that apply."),
                   options=[("time", "Aikapula", "Tidsbrist", "Lack of time"),
                            ("support", "Tuen puute", "Brist på stöd", "Lack of support"),
                            ("resources", "Resurssit", "Resurser", "Resources"),
                            ("culture", "Toimintakulttuuri", "Verksamhetskultur", "Culture"),
                            ("nothing", "Ei mikään", "Ingenting", "Nothing")]),
            ]},
        ],
    },
    "sparring-feedback": {
        "title": ("Sparrauspäivän palaute", "Respons på sparrningsdagen", "Sparring day feedback"),
        "intro": ("Kiitos päivästä! Palautteesi auttaa kehittämään palvelua.",
                  "Tack för dagen! Din respons hjälper oss att utveckla tjänsten.",
                  "Thank you for the day! Your feedback helps us improve the service."),
        "sections": [
            {"title": ("Palaute", "Respons", "Feedback"), "questions": [
                _q("likert", ("Kokonaisarvio päivästä (1 = heikko, 5 = erinomainen)",
                              "Helhetsbedömning av dagen (1 = svag, 5 = utmärkt)",
                              "Overall rating of the day (1 = poor, 5 = excellent)"), required=True),
                _q("likert", ("Hakemisen ja järjestelyjen helppous (1–5)", "Hur lätt ansökan och arrangemangen var (1–5)",
                              "Ease of applying and arrangements (1–5)")),
                _q("likert", ("Päivän hyödyllisyys työyhteisöllemme (1–5)", "Dagens nytta för vår arbetsgemenskap (1–5)",
                              "Usefulness of the day for our work community (1–5)")),
                _q("likert", ("Asiantuntijan osaaminen (1–5)", "Expertens kunnande (1–5)", "The expert's competence (1–5)")),
                _q("text", ("Vapaa palaute", "Fri respons", "Open feedback")),
            ]},
        ],
    },
    "impact": {
        "title": ("Vaikuttavuuskysely", "Enkät om genomslag", "Impact survey"),
        "intro": ("Muutama kuukausi palvelun jälkeen: mitä kehittämistyölle on tapahtunut?",
                  "Några månader efter tjänsten: vad har hänt med utvecklingsarbetet?",
                  "A few months after the service: what has happened to the development work?"),
        "sections": [
            {"title": ("Vaikutukset", "Effekter", "Effects"), "questions": [
                _q("matrix", ("Miten palvelu vaikutti kehittämistyöhön?", "Hur påverkade tjänsten utvecklingsarbetet?",
                              "How did the service affect the development work?"),
                   required=True, options=SIGNIFICANCE_SCALE,
                   rows=[("Kehittämistyön käynnistyminen", "Att utvecklingsarbetet kom i gång", "Starting the work"),
                         ("Kehittämistyön suunta", "Utvecklingsarbetets riktning", "Direction of the work"),
                         ("Kehittämistyön eteneminen", "Utvecklingsarbetets framsteg", "Progress of the work"),
                         ("Kehittämistyön jatkuminen", "Att utvecklingsarbetet fortsätter", "Continuation of the work"),
                         ("Kehittämistyön onnistuminen", "Att utvecklingsarbetet lyckas", "Success of the work")]),
                _q("multiple", ("Millä alueilla muutos on ollut suurin?", "Inom vilka områden har förändringen varit störst?",
                                "In which areas has the change been greatest?"),
                   options=[("participation", "Henkilöstön osallistuminen", "Personalens delaktighet", "Staff participation"),
                            ("cooperation", "Yhteistoiminta", "Samarbete", "Co-operation"),
                            ("practices", "Uudet toimintatavat", "Nya arbetssätt", "New practices"),
                            ("customer", "Asiakaslähtöisyys", "Kundorientering", "Customer orientation"),
                            ("competence", "Osaaminen", "Kompetens", "Competence"),
                            ("enthusiasm", "Innostus", "Entusiasm", "Enthusiasm")]),
                _q("single", ("Jatkuiko työ asiantuntijan kanssa?", "Fortsatte arbetet med experten?",
                              "Did the work continue with the expert?"),
                   options=[("yes", "Kyllä", "Ja", "Yes"), ("no", "Ei", "Nej", "No"), ("planned", "Suunnitteilla", "Planeras", "Planned")]),
            ]},
        ],
    },
}
