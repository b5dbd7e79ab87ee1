"""Demo organisations, units, strategy goals and people (every role)."""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from latu.accounts.models import User
from latu.organisations.models import Membership, Organisation, Role, StrategyGoal, Unit

DEMO_PASSWORD = "latu-demo-2026"  # noqa: S105 - printed for the demo on purpose

ORGANISATIONS = [
    {
        "slug": "hollola", "type": Organisation.Type.MUNICIPALITY, "municipality": "098",
        "name_fi": "Hollolan kunta", "name_sv": "Hollola kommun", "name_en": "Municipality of Hollola",
        "theme_colour": "#1a5c96", "public_channel": True, "domain": "hollola.example.fi",
    },
    {
        "slug": "porvoo", "type": Organisation.Type.MUNICIPALITY, "municipality": "638",
        "name_fi": "Porvoon kaupunki", "name_sv": "Borgå stad", "name_en": "City of Porvoo",
        "theme_colour": "#8a1c2b", "default_language": "sv", "public_channel": True, "domain": "porvoo.example.fi",
    },
    {
        "slug": "paijat-hame-hva", "type": Organisation.Type.WELLBEING_COUNTY, "region": "07",
        "name_fi": "Päijät-Hämeen hyvinvointialue", "name_sv": "Päijänne-Tavastlands välfärdsområde",
        "name_en": "Päijät-Häme Wellbeing Services County", "theme_colour": "#0f6e5b",
        "domain": "phhva.example.fi",
    },
    {
        "slug": "jokilaakson-koulutus", "type": Organisation.Type.JOINT_AUTHORITY, "municipality": "748",
        "name_fi": "Jokilaakson koulutuskuntayhtymä", "name_sv": "Samkommunen för utbildning i Ådalen",
        "name_en": "Jokilaakso Joint Education Authority", "theme_colour": "#5a3e8c",
        "domain": "jokilaakso.example.fi",
    },
    {
        "slug": "lahden-tilapalvelut", "type": Organisation.Type.MUNICIPAL_COMPANY, "municipality": "398",
        "name_fi": "Lahden Tilapalvelut Oy", "name_sv": "Lahtis Lokaltjänster Ab",
        "name_en": "Lahti Premises Services Ltd", "theme_colour": "#8a4b08", "domain": "tilapalvelut.example.fi",
    },
]

UNITS = {
    Organisation.Type.MUNICIPALITY: [
        ("Sivistyspalvelut", "Bildningstjänster", [
            ("Varhaiskasvatus", "Småbarnspedagogik", ["Päiväkoti Vekkula", "Päiväkoti Mäntylä"]),
            ("Perusopetus", "Grundläggande utbildning", ["Kirkonkylän koulu", "Salpakankaan koulu"]),
            ("Kirjasto- ja kulttuuripalvelut", "Biblioteks- och kulturtjänster", ["Pääkirjasto"]),
        ]),
        ("Tekniset palvelut", "Tekniska tjänster", [
            ("Kuntatekniikka", "Kommunteknik", ["Katu- ja viheralueet"]),
            ("Ruoka- ja puhtauspalvelut", "Kost- och städtjänster", ["Keskuskeittiö", "Siivouspalvelut"]),
        ]),
        ("Hallinto ja elinvoima", "Förvaltning och livskraft", [
            ("Henkilöstöpalvelut", "Personaltjänster", ["HR-tiimi"]),
            ("Asiakaspalvelu", "Kundservice", ["Palvelupiste"]),
        ]),
    ],
    Organisation.Type.WELLBEING_COUNTY: [
        ("Ikääntyneiden palvelut", "Äldreomsorg", [
            ("Kotihoito", "Hemvård", ["Kotihoito Pohjoinen", "Kotihoito Etelä"]),
            ("Ympärivuorokautinen hoito", "Dygnetruntvård", ["Palvelukoti Koivula"]),
        ]),
        ("Sosiaalipalvelut", "Socialtjänster", [
            ("Lapsiperheiden palvelut", "Tjänster för barnfamiljer", ["Perhekeskus"]),
        ]),
        ("Terveyspalvelut", "Hälsotjänster", [
            ("Vastaanottopalvelut", "Mottagningstjänster", ["Terveysasema Keskusta", "Suun terveydenhuolto"]),
        ]),
    ],
    Organisation.Type.JOINT_AUTHORITY: [
        ("Koulutuspalvelut", "Utbildningstjänster", [
            ("Ammatillinen koulutus", "Yrkesutbildning", ["Sosiaali- ja terveysala", "Tekniikka"]),
            ("Opiskelijapalvelut", "Studerandeservice", ["Opinto-ohjaus"]),
        ]),
        ("Tukipalvelut", "Stödtjänster", [("Talous ja henkilöstö", "Ekonomi och personal", ["Talouspalvelut"])]),
    ],
    Organisation.Type.MUNICIPAL_COMPANY: [
        ("Kiinteistöpalvelut", "Fastighetstjänster", [
            ("Kiinteistönhoito", "Fastighetsskötsel", ["Huoltotiimi Itä", "Huoltotiimi Länsi"]),
            ("Puhtauspalvelut", "Städtjänster", ["Koulujen siivous"]),
        ]),
        ("Asiakkuudet", "Kundrelationer", [("Asiakaspalvelu", "Kundtjänst", ["Huoltopyynnöt"])]),
    ],
}

# English names of the sectors and service areas, Swedish and English names of the units:
# the demo shows the organisation tree in the reader's language.
UNIT_NAMES_EN = {
    "Sivistyspalvelut": "Education and culture", "Varhaiskasvatus": "Early childhood education",
    "Perusopetus": "Basic education", "Kirjasto- ja kulttuuripalvelut": "Library and culture services",
    "Tekniset palvelut": "Technical services", "Kuntatekniikka": "Municipal engineering",
    "Ruoka- ja puhtauspalvelut": "Catering and cleaning", "Hallinto ja elinvoima": "Administration and vitality",
    "Henkilöstöpalvelut": "HR services", "Asiakaspalvelu": "Customer service",
    "Ikääntyneiden palvelut": "Services for older people", "Kotihoito": "Home care",
    "Ympärivuorokautinen hoito": "24-hour care", "Sosiaalipalvelut": "Social services",
    "Lapsiperheiden palvelut": "Services for families with children", "Terveyspalvelut": "Health services",
    "Vastaanottopalvelut": "Outpatient services", "Koulutuspalvelut": "Education services",
    "Ammatillinen koulutus": "Vocational education", "Opiskelijapalvelut": "Student services",
    "Tukipalvelut": "Support services", "Talous ja henkilöstö": "Finance and HR",
    "Kiinteistöpalvelut": "Property services", "Kiinteistönhoito": "Property maintenance",
    "Puhtauspalvelut": "Cleaning services", "Asiakkuudet": "Customer relations",
}
LEAF_NAMES = {  # Finnish: (Swedish, English)
    "Päiväkoti Vekkula": ("Daghemmet Vekkula", "Vekkula day-care centre"),
    "Päiväkoti Mäntylä": ("Daghemmet Mäntylä", "Mäntylä day-care centre"),
    "Kirkonkylän koulu": ("Kyrkbyns skola", "Kirkonkylä school"),
    "Salpakankaan koulu": ("Salpakangas skola", "Salpakangas school"),
    "Pääkirjasto": ("Huvudbiblioteket", "Main library"),
    "Katu- ja viheralueet": ("Gator och grönområden", "Streets and green areas"),
    "Keskuskeittiö": ("Centralköket", "Central kitchen"),
    "Siivouspalvelut": ("Städtjänster", "Cleaning services"),
    "HR-tiimi": ("HR-teamet", "HR team"),
    "Palvelupiste": ("Servicepunkten", "Service point"),
    "Kotihoito Pohjoinen": ("Hemvården Norr", "Home care North"),
    "Kotihoito Etelä": ("Hemvården Söder", "Home care South"),
    "Palvelukoti Koivula": ("Servicehemmet Koivula", "Koivula care home"),
    "Perhekeskus": ("Familjecentret", "Family centre"),
    "Terveysasema Keskusta": ("Hälsostationen Centrum", "Central health centre"),
    "Suun terveydenhuolto": ("Munhälsovården", "Oral health care"),
    "Sosiaali- ja terveysala": ("Social- och hälsovårdsbranschen", "Social and health care"),
    "Tekniikka": ("Teknik", "Technology"),
    "Opinto-ohjaus": ("Studiehandledning", "Study guidance"),
    "Talouspalvelut": ("Ekonomitjänster", "Financial services"),
    "Huoltotiimi Itä": ("Serviceteamet Öst", "Maintenance team East"),
    "Huoltotiimi Länsi": ("Serviceteamet Väst", "Maintenance team West"),
    "Koulujen siivous": ("Skolstädning", "School cleaning"),
    "Huoltopyynnöt": ("Servicebegäranden", "Service requests"),
}
GOALS_EN = {
    "Asukkaat ja asiakkaat ensin": "Residents and customers first",
    "Hyvinvoiva ja osaava henkilöstö": "Healthy and skilled staff",
    "Kestävä talous ja tuottavuus": "Sustainable finances and productivity",
    "Hiilineutraali arki": "Carbon-neutral everyday life",
}

GOALS = [
    ("Asukkaat ja asiakkaat ensin", "Invånarna och kunderna först",
     "Palvelut rakennetaan asukkaiden arjen ja asiakkaiden palautteen pohjalta."),
    ("Hyvinvoiva ja osaava henkilöstö", "Välmående och kunnig personal",
     "Jokainen voi vaikuttaa omaan työhönsä ja kehittää sitä."),
    ("Kestävä talous ja tuottavuus", "Hållbar ekonomi och produktivitet",
     "Teemme vähemmällä enemmän kokeilemalla ja oppimalla."),
    ("Hiilineutraali arki", "Koldioxidneutral vardag",
     "Vähennämme päästöjä ja hävikkiä jokaisessa yksikössä."),
]

FIRST_NAMES = ["Aino", "Eeva", "Helmi", "Kaisa", "Laura", "Minna", "Noora", "Päivi", "Riikka", "Sanna", "Tiina",
               "Anu", "Hanna", "Jenni", "Katja", "Marjo", "Satu", "Johanna", "Elina", "Outi", "Juha", "Matti",
               "Mikko", "Pekka", "Timo", "Antti", "Jari", "Kari", "Ville", "Sami", "Janne", "Eero", "Olli",
               "Petri", "Tuomas", "Heikki", "Ari", "Lauri", "Markku", "Esa"]
SWEDISH_FIRST = ["Anna", "Maria", "Linnea", "Sofia", "Emma", "Johan", "Erik", "Mikael", "Henrik", "Fredrik"]
SURNAMES = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
            "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
            "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen",
            "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen"]
SWEDISH_SURNAMES = ["Lindholm", "Holmström", "Sjöberg", "Forsman", "Nyström", "Ekholm", "Grönroos", "Lindqvist"]

# Per organisation: 40 people, every role present.
ROLE_COUNTS = [(Role.EMPLOYEE, 28), (Role.INNOVATOR, 5), (Role.SUPERVISOR, 4), (Role.MANAGER, 2), (Role.ADMIN, 1)]

ROLE_LOGIN_NAMES = {
    Role.EMPLOYEE: "tyontekija", Role.INNOVATOR: "uudistaja", Role.SUPERVISOR: "esihenkilo",
    Role.MANAGER: "johto", Role.ADMIN: "paakayttaja",
}


def _ascii(text: str) -> str:
    return (text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a").replace(" ", "."))


_password_hash = None


def _user(email: str, name: str, **extra) -> User:
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(DEMO_PASSWORD)
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "password": _password_hash, **extra}
    )
    if created:
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _unit(org: Organisation, parent: Unit | None, name_fi: str, name_sv: str, name_en: str, level: str) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        organisation=org, parent=parent, name_fi=name_fi,
        defaults={"name_sv": name_sv, "name_en": name_en, "level": level},
    )
    return unit


def _units(org: Organisation) -> list[Unit]:
    leaves = []
    for sector_fi, sector_sv, areas in UNITS.get(org.type, UNITS[Organisation.Type.MUNICIPALITY]):
        sector = _unit(org, None, sector_fi, sector_sv, UNIT_NAMES_EN.get(sector_fi, ""), Unit.Level.SECTOR)
        for area_fi, area_sv, units in areas:
            area = _unit(org, sector, area_fi, area_sv, UNIT_NAMES_EN.get(area_fi, ""), Unit.Level.SERVICE_AREA)
            for unit_name in units:
                unit_sv, unit_en = LEAF_NAMES.get(unit_name, ("", ""))
                leaves.append(_unit(org, area, unit_name, unit_sv, unit_en, Unit.Level.UNIT))
    return leaves


def load(stdout) -> None:
    rng = random.Random(2026)  # the same demo every time
    for spec in ORGANISATIONS:
        spec = dict(spec)
        domain = spec.pop("domain")
        municipality = spec.pop("municipality", None)
        region = spec.pop("region", None)
        org, created = Organisation.objects.get_or_create(slug=spec["slug"], defaults=spec)
        if created:
            if municipality:
                org.municipality_id = municipality
                org.region_id = org.municipality.region_id
            elif region:
                org.region_id = region
            org.save()
        leaves = _units(org)
        for order, (title_fi, title_sv, description) in enumerate(GOALS):
            StrategyGoal.objects.update_or_create(
                organisation=org, title_fi=title_fi,
                defaults={"title_sv": title_sv, "title_en": GOALS_EN.get(title_fi, ""), "description": description,
                          "order": order},
            )
        swedish = org.default_language == "sv"
        number = 0
        for role, count in ROLE_COUNTS:
            for i in range(count):
                number += 1
                email = f"{ROLE_LOGIN_NAMES[role]}@{domain}" if i == 0 else f"henkilo{number}@{domain}"
                first = rng.choice(SWEDISH_FIRST if swedish and rng.random() < 0.6 else FIRST_NAMES)
                last = rng.choice(SWEDISH_SURNAMES if swedish and rng.random() < 0.6 else SURNAMES)
                user = _user(email, f"{first} {last}", language="sv" if swedish else "fi")
                # Managers, admins and the last innovator work organisation-wide: an idea in a unit
                # with no innovator of its own still reaches an innovator.
                org_wide = role in (Role.MANAGER, Role.ADMIN) or (role == Role.INNOVATOR and i == count - 1)
                unit = None if org_wide else leaves[(number - 1) % len(leaves)]
                Membership.objects.get_or_create(user=user, organisation=org, role=role, unit=unit)
                if role != Role.EMPLOYEE and unit is not None:
                    # Innovators and supervisors are also employees of their unit.
                    Membership.objects.get_or_create(user=user, organisation=org, role=Role.EMPLOYEE, unit=unit)
    _user("ohjelmatoimisto@latu.example.fi", "Paula Ohjelmatoimisto", is_programme_office=True)
    _user("ohjelmatoimisto2@latu.example.fi", "Pertti Koordinaattori", is_programme_office=True)
    for i, (name, title) in enumerate([
        ("Sirpa Sparraaja", "Työelämän kehittämisen asiantuntija"),
        ("Kimmo Kehittäjä", "Palvelumuotoilija"),
        ("Leena Lean", "Lean-valmentaja"),
        ("Harri Hyvinvointi", "Työhyvinvoinnin asiantuntija"),
        ("Tarja Tulos", "Tuloksellisuuden kouluttaja"),
    ]):
        _user(f"asiantuntija{i + 1}@latu.example.fi", name, title=title, is_expert=True)
    for i, name in enumerate(["Kalle Kuntalainen", "Kerttu Asukas", "Stina Invånare"]):
        _user(f"kuntalainen{i + 1}@example.com", name, is_citizen=True, language="sv" if i == 2 else "fi")
    stdout.write(f"Organisations: {Organisation.objects.count()}, people: {User.objects.count()}")


def print_logins(stdout) -> None:
    stdout.write("")
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, login in ROLE_LOGIN_NAMES.items():
        stdout.write(f"  {Role(role).label:<22} {login}@hollola.example.fi")
    stdout.write(f"  {'Swedish-speaking':<22} tyontekija@porvoo.example.fi")
    stdout.write(f"  {'Programme office':<22} ohjelmatoimisto@latu.example.fi")
    stdout.write(f"  {'Expert':<22} asiantuntija1@latu.example.fi")
    stdout.write(f"  {'Citizen':<22} kuntalainen1@example.com")
    stdout.write("Open http://127.0.0.1:8000/")
