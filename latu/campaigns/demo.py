"""Demo TOP lists, campaigns and award events, after the Tekojen tori demo.

The campaigns are those of the Kunteko programme (Tekoja tiskiin -haastekisa 2018 with
its challenges, Tekoja tiskiin 2019, Hyvä kiertämään 2020) and one on now, so that
"haasta kollega" can be tried; the award events are the Kunteko galas of 2017 and 2019
and a coming one that takes proposals. Deeds are picked from the published deeds that
exist (none → empty lists and campaigns, still valid). Running it again creates nothing
new; the same database gives the same demo.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from latu.campaigns.actions import sync_awarded
from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    CampaignDeed,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)
from latu.organisations.models import Organisation
from latu.tori.models import Deed, Sector

SEED = 2026

# --- TOP lists ---------------------------------------------------------------------------

TOP_LISTS = [
    {
        "slug": "varhaiskasvatus-top12", "size": 12, "sectors": [Sector.EDUCATION],
        "words": ["päiväko", "varhaiskasvat", "esiopetu", "vuorohoi", "daghem", "småbarn"],
        "title_fi": "Varhaiskasvatus TOP12", "title_sv": "Småbarnspedagogik TOP12",
        "title_en": "Early childhood education TOP12",
        "introduction_fi": (
            "Päiväkodeissa kehitetään arkea joka päivä: pihoja, viestintää vanhempien kanssa, vuorohoitoa ja "
            "siirtymiä esiopetukseen. Kokosimme listalle kaksitoista tekoa, joista on helppo ottaa mallia.\n\n"
            "Jokainen teko on pieni muutos, jonka työyhteisö keksi ja kokeili itse. Lue, kysy tekijöiltä ja "
            "kerro, jos otitte mallia – niin hyvä kiertää."
        ),
        "introduction_sv": "Tolv gärningar från småbarnspedagogiken som är lätta att ta efter.",
    },
    {
        "slug": "ikaihmisten-palvelut-top10", "size": 10, "sectors": [Sector.SOCIAL_HEALTH],
        "words": ["kotihoi", "ikäihmi", "ikäänty", "omaishoi", "hoivako", "vanhus", "kotiutu", "hemvård",
                  "närstående"],
        "themes": ["ikaantyneet"],
        "title_fi": "Ikäihmisten palvelut TOP10", "title_sv": "Äldreomsorg TOP10",
        "title_en": "Services for older people TOP10",
        "introduction_fi": (
            "Kotihoidossa, hoivakodeissa ja omaishoidon tuessa on tehty tekoja, jotka antavat hoitajille aikaa "
            "ja asiakkaille turvaa. Näistä kymmenestä on otettu mallia eniten.\n\n"
            "Listalla on sekä teknologiaa, kuten etäkäyntejä ja lääkeautomaatteja, että uusia tapoja tehdä "
            "yhteistyötä omaisten ja sairaalan kanssa."
        ),
        "introduction_sv": "Tio gärningar inom äldreomsorgen som har spridits mest.",
    },
    {
        "slug": "ateria-ja-puhtauspalvelut-top12", "size": 12, "sectors": [Sector.FOOD_CLEANING],
        "words": [],
        "title_fi": "Ateria- ja puhtauspalvelut TOP12", "title_sv": "Kost- och städtjänster TOP12",
        "title_en": "Meal and cleaning services TOP12",
        "introduction_fi": (
            "Keittiöissä ja siivouksessa kehitetään paljon, mutta siitä kerrotaan harvoin. Tässä kaksitoista "
            "tekoa ruokahävikin pienentämisestä, kasvisruoasta, anturiohjatusta siivouksesta ja ateriapalvelun "
            "tilauksista."
        ),
        "introduction_sv": "Tolv gärningar från kök och städning.",
    },
]

# --- Campaigns ---------------------------------------------------------------------------

CAMPAIGNS = [
    {
        "slug": "tekoja-tiskiin-haastekisa-2018", "tag": "tekojatiskiin2018", "take": 40,
        "starts": date(2018, 6, 1), "ends": date(2018, 12, 31), "nominations": 26,
        "title_fi": "Tekoja tiskiin -haastekisa 2018", "title_sv": "Fram med gärningarna – utmaningen 2018",
        "title_en": "Tekoja tiskiin challenge 2018",
        "introduction_fi": (
            "Haasta kollegasi kertomaan kehittämistyöstään! Haastekisassa kerätään kesä–joulukuun aikana "
            "kehittämistekoja Tekojen torille.\n\n"
            "Haastaminen käy helposti: ilmianna henkilö tai työyhteisö lomakkeella ja kirjoita lyhyt perustelu "
            "siitä, miksi juuri heidän kannattaisi kertoa teostaan. Lähetämme haastetulle kutsun ja valmiiksi "
            "täytetyn lomakkeen. Parhaat teot palkitaan kunniakirjoilla tammikuussa."
        ),
        "introduction_sv": "Utmana en kollega att berätta om sitt utvecklingsarbete på Tekojen tori.",
    },
    {
        "slug": "tekoja-tiskiin-2019", "tag": "tekojatiskiin", "take": 70,
        "starts": date(2019, 8, 1), "ends": date(2019, 10, 31), "nominations": 0,
        "title_fi": "Tekoja tiskiin 2019", "title_sv": "Fram med gärningarna 2019", "title_en": "Tekoja tiskiin 2019",
        "introduction_fi": (
            "Nosta hyvä kuntatyö esille! Elo–lokakuun aikana kerätään kehittämistekoja kaikilta toimialoilta. "
            "Kerro, mitä teidän työyhteisössänne on muutettu, miksi ja mitä siitä seurasi – isot ja pienet teot "
            "ovat yhtä tervetulleita.\n\nParhaat teot palkitaan Kunteko-gaalassa marraskuussa."
        ),
        "introduction_sv": "Lyft fram gott kommunalt arbete! Berätta om er utvecklingsgärning i augusti–oktober.",
    },
    {
        "slug": "hyva-kiertamaan-2020", "tag": "hyväkiertämään", "take": 40,
        "starts": date(2020, 5, 18), "ends": date(2020, 9, 30), "nominations": 0,
        "title_fi": "Hyvä kiertämään 2020", "title_sv": "Låt det goda gå runt 2020",
        "title_en": "Pass the good on 2020",
        "introduction_fi": (
            "Laita hyvä kiertämään! Kun jaat kehittämistekosi Tekojen torilla, muutkin voivat hyötyä siitä, "
            "mitä teillä on opittu. Jaettu teko on paras teko.\n\n"
            "Käytä somessa tunnisteita #hyväntekijät ja #jaettutekoparasteko. Parhaat teot ja aktiivisimmat "
            "kunnat palkitaan ohjelman loppuseminaarissa."
        ),
        "introduction_sv": "Dela din utvecklingsgärning så att andra kan ha nytta av den.",
    },
]

CURRENT_CAMPAIGN = {
    "title_fi": "Kerro tekosi {year}", "title_sv": "Berätta om din gärning {year}", "title_en": "Tell your deed {year}",
    "tag": "kerrotekosi{year}",
    "introduction_fi": (
        "Mitä teidän työyhteisössänne on tänä vuonna kokeiltu ja otettu käyttöön? Kerro tekosi viidessä "
        "minuutissa – tai haasta kollega kertomaan omastaan.\n\n"
        "Haastettu saa sähköpostiin kutsun ja lomakkeen, johon kampanja on valmiiksi valittu."
    ),
    "introduction_sv": "Berätta om er utvecklingsgärning – eller utmana en kollega att berätta om sin.",
}

REASONS = [
    "Heidän tiiminsä keksi tavan, joka säästää joka päivä aikaa asiakkaiden kanssa. Tästä pitää kertoa muillekin!",
    "Hän on sitkeästi kokeillut uutta ja saanut koko työyhteisön mukaan. Muut voisivat oppia paljon.",
    "Yksikössä on tehty pieni muutos, jolla on iso vaikutus asiakkaiden arkeen.",
    "He ottivat asiakkaiden palautteen tosissaan ja muuttivat palvelua sen mukaan.",
    "Tiimi on mitannut tuloksensa huolellisesti – hyvä esimerkki muille.",
    "Hän on työyhteisön ideanikkari, jonka kokeiluista on tullut pysyviä käytäntöjä.",
    "Kokeilu alkoi kahvipöytäkeskustelusta ja levisi koko kuntaan. Tarina kannattaa jakaa.",
    "He tekivät yhteistyötä yli toimialarajojen, mikä on meillä harvinaista.",
]
NOMINATOR_NAMES = ["Sanna Salo", "Jari Laine", "Minna Heikkilä", "", "Petri Koskinen", "", "Outi Turunen", ""]
NOMINEE_FIRST = ["Riikka", "Kaisa", "Juha", "Helmi", "Timo", "Laura", "Antti", "Päivi", "Eero", "Tiina", "Ville",
                 "Johanna", "Mikko", "Satu"]
NOMINEE_LAST = ["Nieminen", "Mäkelä", "Koskinen", "Lehtonen", "Saarinen", "Heinonen", "Kinnunen", "Laitinen",
                "Jokinen", "Ahonen", "Savolainen", "Rantanen"]
UNIT_NAMES = ["Kotihoidon tiimi", "Päiväkodin henkilökunta", "Keskuskeittiö", "Kirjaston asiakaspalvelu",
              "Kiinteistönhoidon huoltotiimi", "Koulun oppilashuolto"]

# --- Awards ------------------------------------------------------------------------------

GALAS = [
    {
        "slug": "kunteko-gaala-2017", "date": date(2017, 11, 29), "place": "Helsinki",
        "title_fi": "Kunteko-gaala 2017", "title_sv": "Kunteko-galan 2017", "title_en": "Kunteko Gala 2017",
        "description_fi": (
            "Ensimmäisessä Kunteko-gaalassa palkittiin kuntatyön kehittäjiä kolmessa sarjassa: ihmeiden "
            "tekijät, oman työn sankarit ja innostavat teot. Lisäksi palkittiin innostavia sparraajia, "
            "ohjelman kehittäjäkonsultteja.\n\nGaalassa jaettiin yli 40 palkintoa."
        ),
        "categories": ["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot", "innostavat-sparraajat"],
        "deed_year_max": 2017,
    },
    {
        "slug": "kunteko-gaala-2019", "date": date(2019, 11, 21), "place": "Helsinki",
        "title_fi": "Kunteko-gaala 2019", "title_sv": "Kunteko-galan 2019", "title_en": "Kunteko Gala 2019",
        "description_fi": (
            "Toisessa Kunteko-gaalassa palkittiin ihmeiden tekijöitä, oman työn sankareita ja Tekojen torin "
            "innostavia tekoja. Vuonna 2019 palkittiin lisäksi vuoden viestintä-, yhdenvertaisuus-, teknologia- "
            "ja ympäristöteot.\n\nParhaat Tekoja tiskiin 2019 -kampanjan teot palkittiin gaalassa."
        ),
        "categories": ["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot", "vuoden-viestintateko",
                       "vuoden-yhdenvertaisuusteko", "vuoden-teknologiateko", "vuoden-ymparistoteko"],
        "deed_year_max": 2019,
    },
]

# Themes of the tori that fit the yearly theme categories.
THEME_CATEGORIES = {
    "vuoden-viestintateko": ["viestinta"],
    "vuoden-yhdenvertaisuusteko": ["yhdenvertaisuus"],
    "vuoden-teknologiateko": ["teknologia", "digitalisaatio"],
    "vuoden-ymparistoteko": ["ymparisto-ja-ilmasto"],
}

HEROES = [
    ("Marjo Mäkelä", "lähihoitaja"), ("Jari Koskinen", "kiinteistönhoitaja"),
    ("Satu Heinonen", "varhaiskasvatuksen opettaja"), ("Outi Laitinen", "ruokapalveluesihenkilö"),
    ("Petri Salonen", "liikuntasuunnittelija"), ("Tiina Rantanen", "kirjastovirkailija"),
    ("Anu Turunen", "koulunkäynnin ohjaaja"), ("Kari Lehtinen", "vesihuoltoasentaja"),
    ("Elina Savolainen", "sosiaaliohjaaja"), ("Sofia Lindholm", "hemvårdare"),
    ("Hanna Jokinen", "sairaanhoitaja"), ("Matti Ahonen", "laitoshuoltaja"),
]
COACHES = [("Sirpa Sparraaja", "kehittäjäkonsultti"), ("Leena Lean", "lean-valmentaja"),
           ("Kimmo Kehittäjä", "palvelumuotoilija")]

CITATIONS = {
    "organisation": [
        "Organisaatio on uudistanut toimintaansa henkilöstön ideoista lähtien ja mitannut tulokset. "
        "Kokeilukulttuuri näkyy kaikilla toimialoilla.",
        "Johto antoi luvan tehdä toisin, ja henkilöstö tarttui siihen: kahdessa vuodessa kymmeniä kokeiluja "
        "ja näkyvästi parempia palveluja.",
        "Sisäiset uudistajat ja esihenkilöt ovat tehneet kehittämisestä osan jokaisen arkea.",
    ],
    "person": [
        "Sitkeä ja innostava kehittäjä, joka on saanut koko työyhteisön mukaan muuttamaan omaa työtään.",
        "Hän kuuntelee asiakkaita ja työkavereita ja muuttaa ideat kokeiluiksi – pienin askelin, mutta "
        "pysyvästi.",
        "Oman työn asiantuntija, jonka oivallus on levinnyt jo useaan kuntaan.",
    ],
    "deed": [
        "Teko on yksinkertainen, helposti monistettava ja sen tulokset on mitattu.",
        "Asiakkaan arki parani ja työ sujuvoitui samaan aikaan – juuri tätä tuloksellisuus on.",
        "Rohkea kokeilu, josta muut ovat jo ottaneet mallia.",
        "Henkilöstön idea, joka vietiin käytäntöön nopeasti ja yhdessä.",
    ],
}
AWARD_REASONS = [
    "Tämä ansaitsee tulla nähdyksi: muutos on näkynyt asiakkaille heti.",
    "Esimerkillinen tapa ottaa koko henkilöstö mukaan kehittämiseen.",
    "Tulokset on mitattu ja niistä on jo otettu mallia muualla.",
    "Pieni teko, iso vaikutus arkeen.",
]


def _aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _published():
    return Deed.objects.filter(status=Deed.Status.PUBLISHED)


def _office_user():
    return get_user_model().objects.filter(is_programme_office=True).order_by("pk").first()


def _users(*emails: str) -> list:
    found = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    return [found[email] for email in emails if email in found]


def _distinct_practices(deeds, finnish_first: bool = True) -> list[Deed]:
    """One deed per practice: deeds with the same keywords (or title) tell the same thing
    in another organisation or language; Finnish ones first unless told otherwise."""
    seen: set[str] = set()
    result = []
    if finnish_first:
        deeds = sorted(deeds, key=lambda d: d.language != Deed.Language.FI)  # stable: keeps the order
    for deed in deeds:
        key = ",".join(sorted(word.lower() for word in deed.keyword_list)) or deed.title
        if key not in seen:
            seen.add(key)
            result.append(deed)
    return result


def _list_candidates(spec: dict) -> list[Deed]:
    deeds = list(
        _published().filter(sector__in=spec["sectors"]).prefetch_related("themes")
        .order_by("-adoption_count", "-published_at", "pk")
    )
    words = spec.get("words") or []
    themes = set(spec.get("themes") or [])

    def matches(deed: Deed) -> bool:
        text = f"{deed.title} {deed.lead} {deed.keywords}".lower()
        return any(word in text for word in words) or bool(themes & {t.slug for t in deed.themes.all()})

    matching = [deed for deed in deeds if matches(deed)] if words or themes else deeds
    rest = [deed for deed in deeds if deed not in matching]
    practices = _distinct_practices(matching) + _distinct_practices(rest)
    chosen = _distinct_practices(practices, finnish_first=False)[: spec["size"]]
    # Too few different practices: the same practice from other organisations fills the list.
    for deed in matching + rest:
        if len(chosen) >= spec["size"]:
            break
        if deed not in chosen and deed.organisation_id not in {d.organisation_id for d in chosen}:
            chosen.append(deed)
    return chosen


def _load_top_lists(office) -> int:
    for spec in TOP_LISTS:
        fields = {key: spec.get(key, "") for key in ("title_fi", "title_sv", "title_en", "introduction_fi",
                                                     "introduction_sv")}
        top_list, _ = TopList.objects.get_or_create(
            slug=spec["slug"], defaults={**fields, "is_published": True, "created_by": office}
        )
        if top_list.items.exists():
            continue
        for position, deed in enumerate(_list_candidates(spec), start=1):
            TopListItem.objects.create(top_list=top_list, deed=deed, position=position)
    return TopList.objects.count()


def _spread_over(rng: random.Random, starts: date, ends: date, count: int) -> list[datetime]:
    """Times in the campaign, more towards its end (campaigns gather speed)."""
    days = (ends - starts).days
    times = []
    for _ in range(count):
        offset = round(rng.triangular(0, days, days * 0.75))
        times.append(_aware(starts + timedelta(days=offset), rng.randint(8, 16)))
    return sorted(times)


def _link_deeds(campaign: Campaign, year: int | None, take: int, rng: random.Random,
                starts: date, ends: date) -> list[CampaignDeed]:
    if campaign.campaign_deeds.exists():
        return list(campaign.campaign_deeds.select_related("deed__organisation"))
    deeds = _published().select_related("organisation")
    if year is not None:
        deeds = deeds.filter(year=year)
    deeds = list(deeds.order_by("pk"))
    rng.shuffle(deeds)
    chosen = deeds[:take]
    links = []
    for deed, when in zip(chosen, _spread_over(rng, starts, ends, len(chosen)), strict=True):
        via = CampaignDeed.Via.TAG if rng.random() < 0.3 else CampaignDeed.Via.FORM
        links.append(CampaignDeed.objects.create(campaign=campaign, deed=deed, added_at=when, via=via))
    return links


def _nominee(rng: random.Random, organisation: Organisation | None, unit: bool) -> tuple[str, str]:
    domain = f"{organisation.slug}.example.fi" if organisation else "example.fi"
    if unit:
        name = rng.choice(UNIT_NAMES)
        local = name.lower().replace(" ", ".")
    else:
        first, last = rng.choice(NOMINEE_FIRST), rng.choice(NOMINEE_LAST)
        name = f"{first} {last}"
        local = f"{first}.{last}".lower()
    local = local.replace("ä", "a").replace("ö", "o").replace("å", "a")
    return name, f"{local}@{domain}"


def _add_nominations(campaign: Campaign, count: int, links: list[CampaignDeed], rng: random.Random,
                     nominators: list, open_now: bool = False) -> None:
    if count <= 0 or campaign.nominations.exists():
        return
    organisations = list(Organisation.objects.filter(is_active=True).order_by("pk"))
    told_links = links[: max(0, count // 3)] if not open_now else []
    times = _spread_over(rng, campaign.starts, min(campaign.ends, timezone.localdate()), count)
    for number, created in enumerate(times):
        link = told_links[number] if number < len(told_links) else None
        organisation = link.deed.organisation if link else (rng.choice(organisations) if organisations else None)
        unit = rng.random() < 0.25
        name, email = _nominee(rng, organisation, unit)
        if Nomination.objects.filter(campaign=campaign, email=email).exists():
            email = email.replace("@", f".{number}@")
        if link is not None:
            status = Nomination.Status.TOLD
        elif open_now:
            status = Nomination.Status.INVITED
        else:
            status = Nomination.Status.DECLINED if rng.random() < 0.3 else Nomination.Status.EXPIRED
        nomination = Nomination.objects.create(
            campaign=campaign, kind=Nomination.Kind.UNIT if unit else Nomination.Kind.PERSON, name=name,
            email=email, organisation=organisation, language=organisation.default_language if organisation else "fi",
            status=status, invited_at=created, created_at=created,
            told_at=link.added_at if link else None, deed=link.deed if link else None,
            declined_at=created + timedelta(days=3) if status == Nomination.Status.DECLINED else None,
            expired_at=_aware(campaign.invitations_valid_until) if status == Nomination.Status.EXPIRED else None,
        )
        if link is not None:
            CampaignDeed.objects.filter(pk=link.pk).update(
                via=CampaignDeed.Via.NOMINATION, nomination=nomination, added_at=max(link.added_at, created)
            )
        for extra in range(1 if rng.random() < 0.8 else 2):
            nominator = rng.choice(nominators) if nominators and rng.random() < 0.5 else None
            NominationReason.objects.create(
                nomination=nomination, reason=rng.choice(REASONS), nominator=nominator,
                nominator_name="" if nominator else rng.choice(NOMINATOR_NAMES),
                created_at=created + timedelta(hours=extra * 30),
            )
        if nomination.reasons.count() > 1:
            Nomination.objects.filter(pk=nomination.pk).update(times_nominated=nomination.reasons.count())


def _load_campaigns(office) -> int:
    nominators = _users("uudistaja@hollola.example.fi", "tyontekija@hollola.example.fi",
                        "esihenkilo@porvoo.example.fi", "uudistaja@phhva.example.fi")
    for spec in CAMPAIGNS:
        rng = random.Random(f"{SEED}:{spec['slug']}")
        fields = {key: spec[key] for key in ("title_fi", "title_sv", "title_en", "introduction_fi",
                                             "introduction_sv", "tag", "starts", "ends")}
        campaign, _ = Campaign.objects.get_or_create(
            slug=spec["slug"], defaults={**fields, "is_published": True, "created_by": office,
                                         "nominations_open": spec["nominations"] > 0}
        )
        links = _link_deeds(campaign, campaign.starts.year, spec["take"], rng, campaign.starts, campaign.ends)
        _add_nominations(campaign, spec["nominations"], links, rng, nominators)

    today = timezone.localdate()
    year = today.year
    rng = random.Random(f"{SEED}:current")
    current, created = Campaign.objects.get_or_create(
        slug=f"kerro-tekosi-{year}",
        defaults={
            **{key: value.format(year=year) for key, value in CURRENT_CAMPAIGN.items()},
            "starts": today - timedelta(days=21), "ends": today + timedelta(days=69), "is_published": True,
            "nominations_open": True, "created_by": office,
        },
    )
    if created:
        links = _link_deeds(current, year, 8, rng, current.starts, today)
        _add_nominations(current, 5, links, rng, nominators, open_now=True)
    return Campaign.objects.count()


def _deed_pool(year_max: int) -> list[Deed]:
    return _distinct_practices(
        _published().filter(year__lte=year_max).select_related("organisation").prefetch_related("themes")
        .order_by("-adoption_count", "pk")
    )


def _active_organisations(year_max: int, exclude: set[int]) -> list[Organisation]:
    """The organisations with most deeds, preferring those not awarded before."""
    orgs = list(
        Organisation.objects.filter(is_active=True)
        .annotate(told=Count("deeds", filter=Q(deeds__status=Deed.Status.PUBLISHED, deeds__year__lte=year_max)))
        .order_by("-told", "pk")
    )
    fresh = [org for org in orgs if org.pk not in exclude]
    return (fresh if len(fresh) >= 3 else orgs)[:5]


def _award(event: AwardEvent, category: AwardCategory, rng: random.Random, decision: str, decided_by,
           proposer, **target) -> AwardNomination:
    return AwardNomination.objects.create(
        event=event, category=category, reason=rng.choice(AWARD_REASONS), nominated_by=proposer,
        created_at=_aware(event.date - timedelta(days=rng.randint(40, 90))), decision=decision,
        citation=rng.choice(CITATIONS[category.kind]) if decision in AwardNomination.AWARDED else "",
        decided_by=decided_by, decided_at=_aware(event.date - timedelta(days=14)) if decided_by else None,
        **target,
    )


def _fill_gala(event: AwardEvent, spec: dict, office, proposers: list, used_orgs: set[int],
               used_deeds: set[int]) -> None:
    rng = random.Random(f"{SEED}:{event.slug}")
    categories = {c.slug: c for c in event.categories.all()}
    pool = [deed for deed in _deed_pool(spec["deed_year_max"]) if deed.pk not in used_deeds]
    orgs = _active_organisations(spec["deed_year_max"], used_orgs)

    def proposer():
        return rng.choice(proposers) if proposers else None

    if "ihmeiden-tekijat" in categories:
        for number, organisation in enumerate(orgs[:5]):
            decision = AwardNomination.Decision.WINNER if number < 3 else AwardNomination.Decision.HONOURABLE_MENTION
            _award(event, categories["ihmeiden-tekijat"], rng, decision, office, proposer(), organisation=organisation)
            used_orgs.add(organisation.pk)
    all_orgs = list(Organisation.objects.filter(is_active=True).order_by("pk"))
    if "oman-tyon-sankarit" in categories:
        heroes = HEROES[:6] if event.date.year < 2019 else HEROES[6:]
        for number, (name, title) in enumerate(heroes):
            decision = AwardNomination.Decision.WINNER if number < 4 else AwardNomination.Decision.HONOURABLE_MENTION
            _award(event, categories["oman-tyon-sankarit"], rng, decision, office, proposer(), person_name=name,
                   person_title=title, person_organisation=rng.choice(all_orgs) if all_orgs else None)
    if "innostavat-sparraajat" in categories:
        for name, title in COACHES[:2]:
            _award(event, categories["innostavat-sparraajat"], rng, AwardNomination.Decision.WINNER, office,
                   proposer(), person_name=name, person_title=title)
    for slug, themes in THEME_CATEGORIES.items():
        if slug not in categories:
            continue
        fitting = [deed for deed in pool if {t.slug for t in deed.themes.all()} & set(themes)]
        for decision, deed in zip((AwardNomination.Decision.WINNER, AwardNomination.Decision.HONOURABLE_MENTION),
                                  fitting, strict=False):
            _award(event, categories[slug], rng, decision, office, proposer(), deed=deed)
            used_deeds.add(deed.pk)
            pool.remove(deed)
    if "innostavat-teot" in categories:
        for number, deed in enumerate(pool[:15]):
            decision = AwardNomination.Decision.WINNER if number < 10 else AwardNomination.Decision.HONOURABLE_MENTION
            _award(event, categories["innostavat-teot"], rng, decision, office, proposer(), deed=deed)
            used_deeds.add(deed.pk)
        for deed in pool[15:18]:  # considered, not awarded
            _award(event, categories["innostavat-teot"], rng, AwardNomination.Decision.NOT_AWARDED, office,
                    proposer(), deed=deed)


def _load_awards(office) -> int:
    proposers = _users("uudistaja@hollola.example.fi", "johto@hollola.example.fi", "uudistaja@porvoo.example.fi",
                       "paakayttaja@phhva.example.fi", "asiantuntija1@latu.example.fi")
    used_orgs: set[int] = set()
    used_deeds: set[int] = set()
    for spec in GALAS:
        fields = {key: spec[key] for key in ("date", "place", "title_fi", "title_sv", "title_en", "description_fi")}
        event, _ = AwardEvent.objects.get_or_create(
            slug=spec["slug"],
            defaults={**fields, "is_published": True, "results_published": True, "created_by": office},
        )
        if not event.categories.exists():
            event.categories.set(AwardCategory.objects.filter(slug__in=spec["categories"]))
        if not event.nominations.exists():
            _fill_gala(event, spec, office, proposers, used_orgs, used_deeds)
        used_orgs |= set(event.nominations.exclude(organisation=None).values_list("organisation_id", flat=True))
        used_deeds |= set(event.nominations.exclude(deed=None).values_list("deed_id", flat=True))

    today = timezone.localdate()
    coming, created = AwardEvent.objects.get_or_create(
        slug=f"kehittamisen-gaala-{today.year}",
        defaults={
            "title_fi": f"Kehittämisen gaala {today.year}", "title_sv": f"Utvecklingsgalan {today.year}",
            "title_en": f"Development Gala {today.year}", "date": today + timedelta(days=120), "place": "Lahti",
            "description_fi": (
                "Ehdota palkittavaksi kuntatyön kehittäjiä: organisaatioita, jotka ovat tehneet ihmeitä, oman "
                "työnsä sankareita ja innostavia tekoja Tekojen torilta. Tuomaristo valitsee palkitut ehdotusten "
                "joukosta, ja palkinnot jaetaan gaalassa."
            ),
            "is_published": True, "nominations_open": True, "created_by": office,
        },
    )
    if created:
        coming.categories.set(AwardCategory.objects.filter(
            slug__in=["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot", "vuoden-ymparistoteko"]))
        coming.jury.set(_users("asiantuntija1@latu.example.fi", "johto@hollola.example.fi"))
        rng = random.Random(f"{SEED}:{coming.slug}")
        recent = _published().filter(year__gte=today.year - 2).exclude(pk__in=used_deeds).order_by("pk")[:6]
        deed_category = AwardCategory.objects.get(slug="innostavat-teot")
        for deed in recent:
            AwardNomination.objects.create(
                event=coming, category=deed_category, deed=deed, reason=rng.choice(AWARD_REASONS),
                nominated_by=rng.choice(proposers) if proposers else None,
            )
    awarded = AwardNomination.objects.exclude(deed=None).values_list("deed_id", flat=True)
    sync_awarded(awarded)
    return AwardEvent.objects.count()


def load(stdout) -> None:
    office = _office_user()
    lists = _load_top_lists(office)
    campaigns = _load_campaigns(office)
    events = _load_awards(office)
    stdout.write(f"TOP lists: {lists}, campaigns: {campaigns}, award events: {events}")
