"""Programme services demo: a national programme with its five services, two providers
with four experts (the demo expert accounts), and applications in every state.
Idempotent: rows are found by their slugs and by applicant and service."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from latu.accounts.models import User
from latu.organisations.models import Organisation
from latu.programmes.models import Application, Expert, Programme, Provider, Service

HELSINKI = ZoneInfo("Europe/Helsinki")
ELIGIBILITY = (
    "Kehittämisen on parannettava sekä tuloksellisuutta että työelämän laatua, ja johto ja henkilöstön "
    "edustajat osallistuvat yhdessä.",
    "Utvecklingen ska förbättra både resultat och arbetslivets kvalitet, och ledningen och personalens "
    "företrädare deltar tillsammans.",
    "The work must improve both results and the quality of working life, with management and staff "
    "representatives taking part together.",
)
SERVICES = [
    # slug, kind, names fi/sv/en, description fi/sv/en, price, days, participants, capacity
    ("sparraus", Service.Kind.SPARRING, ("Sparraus", "Sparrning", "Sparring"),
     ("Kokenut kehittäjä sparraa työyhteisön kehittämistyötä 1–2 päivää: suunta, yhteistyö ja seuraavat askeleet.",
      "En erfaren utvecklare sparrar arbetsgemenskapens utvecklingsarbete i 1–2 dagar.",
      "An experienced developer spars the work community's development for 1–2 days."),
     0, (1, 2), (None, None), 120),
    ("sisaiset-kehittajat", Service.Kind.TRAINING,
     ("Sisäisten kehittäjien valmennus", "Träning för interna utvecklare", "Internal-developer training"),
     ("Kolmen päivän valmennus omille kehittäjille ennakko- ja välitehtävineen.",
      "En tredagarsträning för organisationens egna utvecklare, med för- och mellanuppgifter.",
      "A three-day training for the organisation's own developers, with pre- and intermediate tasks."),
     3000, (3, 3), (15, 50), 12),
    ("tyopajasarja", Service.Kind.WORKSHOP_SERIES, ("Työpajasarja", "Workshopserie", "Workshop series"),
     ("Teemaan keskittyvä 1–4 päivän työpajasarja, 5–6 hengen tiimit useasta organisaatiosta.",
      "En workshopserie på 1–4 dagar kring ett tema, team om 5–6 personer från flera organisationer.",
      "A themed series of 1–4 days with teams of 5–6 from several organisations."),
     0, (1, 4), (5, 6), 20),
    ("haastetyopaja", Service.Kind.CHALLENGE, ("Haastetyöpaja", "Utmaningsworkshop", "Challenge workshop"),
     ("Haaste, kokeilu, seuranta ja iterointi: työpaja vie kokeilun käytäntöön.",
      "Utmaning, försök, uppföljning och iteration: workshoppen för försöket ut i praktiken.",
      "Challenge, experiment, follow-up and iteration: the workshop takes the experiment into practice."),
     0, (1, 2), (None, None), 15),
    ("webinaari", Service.Kind.WEBINAR, ("Webinaari", "Webbinarium", "Webinar"),
     ("Avoimet webinaarit työelämän kehittämisen teemoista.",
      "Öppna webbinarier om arbetslivsutveckling.",
      "Open webinars on developing working life."),
     0, (Decimal("0.5"), Decimal("0.5")), (None, 500), 10),
]
PROVIDERS = [("Työelämäkehitys Oy", "PA-2026-01"), ("Kehittämiskumppanit Oy", "PA-2026-02")]
EXPERTS = [
    # account, slug, provider index, themes, sectors, methods, regions, languages, delivery
    ("asiantuntija1@latu.example.fi", "sirpa-sparraaja", 0, "results,wellbeing,cooperation", "social_health,education",
     "coaching,workshops", "paijat_hame,uusimaa", "fi,sv", Expert.Delivery.BOTH),
    ("asiantuntija2@latu.example.fi", "kimmo-kehittaja", 0, "customer,digital", "social_health,technical",
     "service_design,experiments", "uusimaa,pirkanmaa", "fi,en", Expert.Delivery.REMOTE),
    ("asiantuntija3@latu.example.fi", "leena-lean", 1, "results,self_organising", "social_health,administration",
     "lean,workshops", "pirkanmaa,keski_suomi", "fi", Expert.Delivery.ON_SITE),
    ("asiantuntija4@latu.example.fi", "harri-hyvinvointi", 1, "wellbeing,leadership", "education,culture",
     "coaching", "pohjanmaa,uusimaa", "fi,sv", Expert.Delivery.BOTH),
]


def _codes(text: str) -> str:
    return Expert.codes(text.split(","))


def load(stdout) -> None:
    programme, _ = Programme.objects.get_or_create(slug="kunteko-2026", defaults={
        "name_fi": "Työelämän kehittämisohjelma", "name_sv": "Programmet för arbetslivsutveckling",
        "name_en": "Working life development programme", "year": 2026, "budget_days": 400,
        "budget_euros": Decimal("600000")})
    services = {}
    for slug, kind, names, descriptions, price, days, participants, capacity in SERVICES:
        services[slug], _ = Service.objects.get_or_create(slug=slug, defaults={
            "programme": programme, "kind": kind,
            "name_fi": names[0], "name_sv": names[1], "name_en": names[2],
            "description_fi": descriptions[0], "description_sv": descriptions[1], "description_en": descriptions[2],
            "eligibility_fi": ELIGIBILITY[0], "eligibility_sv": ELIGIBILITY[1], "eligibility_en": ELIGIBILITY[2],
            "price_euros": price, "min_days": days[0], "max_days": days[1],
            "min_participants": participants[0], "max_participants": participants[1], "capacity": capacity})
    providers = [Provider.objects.get_or_create(name=name, defaults={"agreement": agreement})[0]
                 for name, agreement in PROVIDERS]
    experts = []
    for email, slug, provider, themes, sectors, methods, regions, languages, delivery in EXPERTS:
        user = User.objects.filter(email=email).first()
        experts.append(Expert.objects.get_or_create(slug=slug, defaults={
            "provider": providers[provider], "user": user, "name": user.name if user else slug,
            "title": getattr(user, "title", "") or "", "themes": _codes(themes), "sectors": _codes(sectors),
            "methods": _codes(methods), "regions": _codes(regions), "languages": _codes(languages),
            "delivery": delivery,
            "bio_fi": "Kokenut työelämän kehittäjä kunta- ja hyvinvointialueilla.",
            "bio_sv": "Erfaren utvecklare av arbetslivet i kommuner och välfärdsområden."})[0])
    _applications(services, experts)
    stdout.write(f"Programmes: {Programme.objects.count()}, experts: {Expert.objects.count()}, "
                 f"applications: {Application.objects.count()}")


def _applications(services: dict[str, Service], experts: list[Expert]) -> None:
    hollola = Organisation.objects.filter(slug="hollola").first()
    porvoo = Organisation.objects.filter(slug="porvoo").first()
    applicant = User.objects.filter(email="johto@hollola.example.fi").first()
    swedish = User.objects.filter(email="tyontekija@porvoo.example.fi").first()
    office = User.objects.filter(is_programme_office=True).order_by("pk").first()
    if not (hollola and applicant):
        return
    start = datetime(2026, 9, 1, 9, 0, tzinfo=HELSINKI)
    rows = [
        (hollola, applicant, "sparraus", Application.Status.DRAFT, None, experts[0], "fi"),
        (hollola, applicant, "haastetyopaja", Application.Status.SUBMITTED, None, experts[2], "fi"),
        (hollola, applicant, "tyopajasarja", Application.Status.GRANTED, timedelta(hours=2), experts[3], "fi"),
        (porvoo, swedish, "sparraus", Application.Status.GRANTED, timedelta(hours=20), experts[0], "sv"),
        (porvoo, swedish, "haastetyopaja", Application.Status.DECLINED, timedelta(days=2), experts[2], "sv"),
    ]
    for i, (org, person, slug, status, took, expert, language) in enumerate(rows):
        if org is None or person is None:
            continue
        service = services[slug]
        if Application.objects.filter(organisation=org, service=service, applicant=person).exists():
            continue
        submitted = start + timedelta(days=7 * i) if status != Application.Status.DRAFT else None
        application = Application.objects.create(
            service=service, organisation=org, applicant=person, status=status, language=language,
            theme="results", justification_results="Palvelun odotusajat lyhenevät ja päällekkäinen työ vähenee.",
            justification_wellbeing="Kiire vähenee ja henkilöstö pääsee vaikuttamaan omaan työhönsä.",
            goals="Uusi toimintamalli ja sen kokeilu kolmen kuukauden aikana.", requested_days=service.min_days,
            preferred_expert=expert, submitted_at=submitted,
            decided_at=submitted + took if took else None, decided_by=office if took else None,
            granted_days=service.min_days if status == Application.Status.GRANTED else None,
            decision_reasons=("Ansökan gäller endast resultat; arbetslivets kvalitet saknas."
                              if status == Application.Status.DECLINED else ""),
            check_results_and_wellbeing=bool(took), check_cooperation=bool(took), check_budget=bool(took),
            check_expert=bool(took))
        application.participants.create(name=person.name, role_group="management")
        application.participants.create(name="Henkilöstön edustaja", role_group="staff_rep")
        application.participants.create(name="Työntekijä", role_group="staff")
