"""Tekojen tori demo: about 700 published deeds from about 140 real Finnish
public-sector organisations, with the sector distribution of the Kunteko report,
years 2015–2026, adoptions spreading across regions, comments, and a few deeds
waiting for review.

Deterministic (one random.Random seed) and idempotent: a deed is identified by its
organisation and title, an adoption by deed and organisation, a comment by deed,
author and text; running it again creates nothing new.
"""

from __future__ import annotations

import random
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from latu.accounts.models import User
from latu.organisations.models import Municipality, Organisation, Region
from latu.tori import demo_data as data
from latu.tori import indexing
from latu.tori.models import Adoption, Comment, CommentReport, Deed, Sector, Theme

SEED = 2020
HELSINKI = ZoneInfo("Europe/Helsinki")
LAST_DAY = date(2026, 10, 31)
DEMO_DOMAINS = {
    "hollola": "hollola.example.fi",
    "porvoo": "porvoo.example.fi",
    "paijat-hame-hva": "phhva.example.fi",
    "jokilaakson-koulutus": "jokilaakso.example.fi",
    "lahden-tilapalvelut": "tilapalvelut.example.fi",
}


@dataclass
class Plan:
    key: tuple[str, str]  # (organisation slug, title)
    organisation: str
    sector: str
    language: str
    title: str
    lead: str
    story: str
    results: str
    has_results: bool
    how_to_adopt: str
    keywords: str
    themes: list[str]
    year: int
    published_at: datetime
    contact_name: str
    contact_email: str
    status: str = Deed.Status.PUBLISHED
    author_email: str = ""
    adoptions: list[tuple[str, date, str, str, str]] = field(default_factory=list)  # org, date, from, note, outcome


def _pick(items: list, *key) -> object:
    """A stable choice from ``items`` for ``key`` (independent of what already exists)."""
    return items[zlib.crc32(repr(key).encode()) % len(items)]


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isalnum() or c == ".")


def _figures(rng: random.Random) -> dict:
    euros = rng.randrange(2000, 60000, 500)
    return {
        "n": rng.randint(3, 60),
        "p": rng.randint(8, 65),
        "d": rng.randint(2, 30),
        "h": rng.randint(2, 20),
        "e": f"{euros:,}".replace(",", " "),
    }


def _organisations(stdout) -> dict[str, Organisation]:
    """The demo's organisations: those of latu.organisations.demo and about 135 more."""
    regions = {region.code: region for region in Region.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    created = 0
    found: dict[str, Organisation] = {}
    for slug, kind, name_fi, name_sv, municipality, region, _weight, swedish in data.ORGANISATIONS:
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            org = Organisation.objects.create(
                slug=slug, type=kind, name_fi=name_fi, name_sv=name_sv,
                municipality=municipalities.get(municipality), region=regions.get(region),
                default_language="sv" if swedish else "fi",
            )
            created += 1
        found[slug] = org
    for slug in data.OWN_ORGANISATIONS:
        org = Organisation.objects.filter(slug=slug).first()
        if org is not None:
            found[slug] = org
    if created:
        stdout.write(f"Tekojen tori: {created} organisations added.")
    return found


def _sector_counts(count: int) -> dict[str, int]:
    counts = {sector: count * share // 100 for sector, share in data.SECTOR_SHARES.items()}
    remainder = count - sum(counts.values())
    for sector in sorted(data.SECTOR_SHARES, key=lambda s: -data.SECTOR_SHARES[s])[:remainder]:
        counts[sector] += 1
    return counts


def _weights(organisations: dict[str, Organisation]) -> dict[str, float]:
    weights = {slug: float(weight) for slug, _k, _f, _s, _m, _r, weight, _sw in data.ORGANISATIONS}
    weights.update({slug: float(weight) for slug, weight in data.OWN_ORGANISATIONS.items()})
    return {slug: weight for slug, weight in weights.items() if slug in organisations}


def _published_at(rng: random.Random, year: int) -> datetime:
    last = min(LAST_DAY, timezone.localdate()) if year == LAST_DAY.year else date(year, 12, 31)
    first = date(year, 1, 10)
    day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
    return datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=HELSINKI)


def _text_fi(rng: random.Random, concept: dict) -> dict:
    figures = _figures(rng)
    story = "\n\n".join([
        f"{rng.choice(concept['what'])} {rng.choice(data.STARTS_FI)}",
        rng.choice(concept["why"]),
        f"{rng.choice(concept['how'])} {rng.choice(data.PEOPLE_FI)}",
    ])
    results = ""
    if rng.random() < 0.85:
        results = f"{rng.choice(concept['results']).format(**figures)} {rng.choice(data.FOLLOW_UPS_FI)}"
    adopt = ""
    if rng.random() < 0.75:
        adopt = " ".join([
            rng.choice(concept["tips"]), rng.choice(data.COSTS_FI).format(**figures), rng.choice(data.PITFALLS_FI)
        ])
    return {"story": story, "results": results, "how_to_adopt": adopt}


def _text_sv(rng: random.Random, concept: dict) -> dict:
    figures = _figures(rng)
    story = "\n\n".join([
        f"{rng.choice(concept['what'])} {rng.choice(data.STARTS_SV)}",
        rng.choice(concept["why"]),
        rng.choice(concept["how"]),
    ])
    results = f"{rng.choice(concept['results']).format(**figures)} {rng.choice(data.FOLLOW_UPS_SV)}"
    return {"story": story, "results": results, "how_to_adopt": rng.choice(concept["tips"])}


def _plan(rng: random.Random, count: int, organisations: dict[str, Organisation]) -> list[Plan]:
    weights = _weights(organisations)
    years = list(data.YEAR_WEIGHTS)
    year_weights = list(data.YEAR_WEIGHTS.values())
    used: set[tuple[str, str]] = set()
    plans: list[Plan] = []
    sectors = [sector for sector, n in _sector_counts(count).items() for _ in range(n)]
    rng.shuffle(sectors)
    for sector in sectors:
        year = rng.choices(years, year_weights)[0]
        candidates = [
            slug for slug in weights if data.works_in(slug, organisations[slug].type, sector, year)
        ]
        slug = rng.choices(
            candidates,
            [weights[slug] * (2.0 if slug in data.ORG_SECTORS
                              else max(data.SECTOR_AFFINITY[sector].get(organisations[slug].type, 0), 0.2))
             for slug in candidates],
        )[0]
        swedish = slug in data.SWEDISH_SLUGS and sector in data.CONCEPTS_SV and rng.random() < 0.75
        pool = data.CONCEPTS_SV[sector] if swedish else data.CONCEPTS[sector]
        concept, title = None, ""
        for _attempt in range(12):
            option = rng.choice(pool)
            titles = [t for t in option["titles"] if (slug, t) not in used]
            if titles:
                concept, title = option, rng.choice(titles)
                break
        if concept is None:
            continue
        used.add((slug, title))
        text = _text_sv(rng, concept) if swedish else _text_fi(rng, concept)
        published_at = _published_at(rng, year)
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.SURNAMES)
        themes = list(concept["themes"])
        if rng.random() < 0.3:
            themes.append(rng.choice([slug for slug, *_ in _theme_rows()]))
        plans.append(Plan(
            key=(slug, title), organisation=slug, sector=sector, language="sv" if swedish else "fi",
            title=title, lead=rng.choice(concept["leads"]), story=text["story"], results=text["results"],
            has_results=bool(text["results"]) and rng.random() < 0.7, how_to_adopt=text["how_to_adopt"],
            keywords=", ".join(concept["keywords"]), themes=sorted(set(themes)),
            year=year if rng.random() < 0.7 or organisations[slug].type == data.COUNTY else year - 1,
            published_at=published_at,
            contact_name=f"{first} {last}", contact_email=f"{_ascii(first)}.{_ascii(last)}@{slug}.example.fi",
        ))
    _plan_adoptions(rng, plans, organisations)
    return plans


def _theme_rows():
    from latu.tori.data import THEMES

    return THEMES


def _plan_adoptions(rng: random.Random, plans: list[Plan], organisations: dict[str, Organisation]) -> None:
    """Adoptions: most deeds none, some a few, popular ones many; neighbours first."""
    adopters = [slug for slug, org in organisations.items()
                if org.type in (Organisation.Type.MUNICIPALITY, Organisation.Type.WELLBEING_COUNTY,
                                Organisation.Type.JOINT_AUTHORITY)]
    region_of = {slug: org.region_id for slug, org in organisations.items()}
    last = min(LAST_DAY, timezone.localdate())
    for plan in plans:
        if plan.status != Deed.Status.PUBLISHED:
            continue
        roll = rng.random()
        number = 0 if roll < 0.74 else rng.randint(1, 2) if roll < 0.95 else rng.randint(3, 8)
        taken = {plan.organisation}
        current = plan.published_at.date()
        for _ in range(number):
            same_region = rng.random() < 0.55
            current = current + timedelta(days=rng.randint(20, 300))
            if current > last:
                break
            able = [slug for slug in adopters if slug not in taken
                    and data.works_in(slug, organisations[slug].type, plan.sector, current.year)]
            pool = [slug for slug in able if (region_of[slug] == region_of[plan.organisation]) == same_region]
            if not (pool or able):
                break
            org = rng.choice(pool or able)
            earlier = [entry[0] for entry in plan.adoptions]
            learned = plan.organisation
            if earlier and rng.random() < 0.4:
                near = [slug for slug in earlier if region_of[slug] == region_of[org]]
                learned = rng.choice(near or earlier)
            note = rng.choice(data.ADOPTION_NOTES_FI) if rng.random() < 0.7 else ""
            outcome = rng.choice(data.ADOPTION_OUTCOMES_FI) if rng.random() < 0.6 else ""
            plan.adoptions.append((org, current, learned, note, outcome))
            taken.add(org)


def _people() -> dict[str, list[User]]:
    people: dict[str, list[User]] = {}
    for slug, domain in DEMO_DOMAINS.items():
        people[slug] = list(User.objects.filter(email__endswith="@" + domain).order_by("email"))
    return people


def _create_deeds(plans: list[Plan], organisations: dict[str, Organisation],
                  people: dict[str, list[User]]) -> dict[tuple[str, str], Deed]:
    existing = {
        (deed.organisation.slug, deed.title): deed
        for deed in Deed.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    new = []
    for plan in plans:
        if plan.key in existing:
            continue
        org = organisations[plan.organisation]
        author = None
        if people.get(plan.organisation):
            author = _pick(people[plan.organisation], plan.key)
        new.append((plan, Deed(
            title=plan.title, lead=plan.lead, story=plan.story, results=plan.results,
            how_to_adopt=plan.how_to_adopt, has_results=plan.has_results, organisation=org,
            region_id=org.region_id, sector=plan.sector, keywords=plan.keywords, language=plan.language,
            year=plan.year, author=author, contact_name="" if author else plan.contact_name,
            contact_email="" if author else plan.contact_email, status=plan.status,
            published_at=plan.published_at if plan.status == Deed.Status.PUBLISHED else None,
            submitted_at=plan.published_at if plan.status != Deed.Status.DRAFT else None,
        )))
    created = Deed.objects.bulk_create([deed for _, deed in new], batch_size=500)
    through = Deed.themes.through
    through.objects.bulk_create(
        [through(deed_id=deed.pk, theme_id=themes[slug].pk)
         for (plan, _), deed in zip(new, created, strict=True) for slug in plan.themes if slug in themes],
        batch_size=1000,
    )
    contacts = Deed.contacts.through
    contacts.objects.bulk_create(
        [contacts(deed_id=deed.pk, user_id=deed.author_id) for deed in created if deed.author_id], batch_size=1000
    )
    # Publication dates are historical; created/updated follow them.
    for (plan, _), deed in zip(new, created, strict=True):
        deed.created_at = deed.updated_at = plan.published_at
    Deed.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=500)
    existing.update({plan.key: deed for (plan, _), deed in zip(new, created, strict=True)})
    indexing.index_deeds([deed for deed in created if deed.status == Deed.Status.PUBLISHED])
    return existing


def _create_adoptions(plans, deeds, organisations, people) -> int:
    known = set(Adoption.objects.filter(deed__in=deeds.values()).values_list("deed_id", "organisation_id"))
    new = []
    for plan in plans:
        deed = deeds.get(plan.key)
        if deed is None:
            continue
        for org_slug, adopted_on, learned, note, outcome in plan.adoptions:
            org = organisations[org_slug]
            if (deed.pk, org.pk) in known:
                continue
            by = _pick(people[org_slug], plan.key, org_slug) if people.get(org_slug) else None
            new.append(Adoption(deed=deed, organisation=org, adopted_on=adopted_on,
                                learned_from=organisations[learned], note=note, outcome=outcome, adopted_by=by))
            known.add((deed.pk, org.pk))
    Adoption.objects.bulk_create(new, batch_size=500)
    counts: dict[int, int] = {}
    for deed_id, _org in known:
        counts[deed_id] = counts.get(deed_id, 0) + 1
    changed = [deed for deed in deeds.values() if deed.adoption_count != counts.get(deed.pk, 0)]
    for deed in changed:
        deed.adoption_count = counts.get(deed.pk, 0)
    Deed.objects.bulk_update(changed, ["adoption_count"], batch_size=500)
    if new:
        indexing.bump_version()
    return len(new)


def _create_comments(plans, deeds, people) -> int:
    rng = random.Random(SEED + 1)  # consumed the same way on every run
    commenters = [person for slug in DEMO_DOMAINS for person in people.get(slug, [])]
    if not commenters:
        return 0
    ordered = sorted(
        (plan for plan in plans if plan.key in deeds and plan.status == Deed.Status.PUBLISHED),
        key=lambda plan: -len(plan.adoptions),
    )
    published = [deeds[plan.key] for plan in ordered]
    chosen = published[:60] + rng.sample(published[60:], min(90, max(0, len(published) - 60)))
    known = set(Comment.objects.filter(deed__in=chosen).values_list("deed_id", "author_id", "body"))
    new = []
    last = timezone.now()
    for deed in chosen:
        for _ in range(rng.randint(1, 2)):
            author = rng.choice(commenters)
            swedish = author.email.endswith("@porvoo.example.fi") and rng.random() < 0.6
            body = rng.choice(data.COMMENTS_SV if swedish else data.COMMENTS_FI)
            when = min(last, deed.published_at + timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 9)))
            if (deed.pk, author.pk, body) in known:
                continue
            known.add((deed.pk, author.pk, body))
            new.append((when, Comment(deed=deed, author=author, body=body)))
    created = Comment.objects.bulk_create([comment for _, comment in new], batch_size=500)
    for (when, _), comment in zip(new, created, strict=True):
        comment.created_at = when
    Comment.objects.bulk_update(created, ["created_at"], batch_size=500)
    if created and not CommentReport.objects.exists():
        comment = created[0]
        reporter = next((person for person in commenters if person.pk != comment.author_id), None)
        if reporter is not None:
            CommentReport.objects.create(comment=comment, reporter=reporter,
                                         reason="Kommentti ei liity tekoon.")
            Comment.objects.filter(pk=comment.pk).update(report_count=1)
    return len(created)


def _unpublished(rng: random.Random, organisations, people) -> list[Plan]:
    """A few deeds of the demo organisations waiting for review, and drafts."""
    specs = [
        ("hollola", Deed.Status.REVIEW, "uudistaja@hollola.example.fi", Sector.SOCIAL_HEALTH, 0),
        ("porvoo", Deed.Status.REVIEW, "uudistaja@porvoo.example.fi", Sector.EDUCATION, 1),
        ("paijat-hame-hva", Deed.Status.REVIEW, "uudistaja@phhva.example.fi", Sector.SOCIAL_HEALTH, 3),
        ("hollola", Deed.Status.DRAFT, "tyontekija@hollola.example.fi", Sector.FOOD_CLEANING, 1),
        ("lahden-tilapalvelut", Deed.Status.DRAFT, "tyontekija@tilapalvelut.example.fi", Sector.FOOD_CLEANING, 4),
    ]
    plans = []
    for slug, status, email, sector, index in specs:
        if slug not in organisations:
            continue
        concept = data.CONCEPTS[sector][index]
        text = _text_fi(rng, concept)
        title = concept["titles"][-1]
        plans.append(Plan(
            key=(slug, title), organisation=slug, sector=sector, language="fi", title=title,
            lead=concept["leads"][0], story=text["story"], results=text["results"], has_results=False,
            how_to_adopt=text["how_to_adopt"], keywords=", ".join(concept["keywords"]), themes=concept["themes"],
            year=2026, published_at=datetime(2026, 10, 20, 10, tzinfo=HELSINKI), contact_name="", contact_email="",
            status=status, author_email=email,
        ))
    return plans


def load(stdout, count: int = 700) -> None:
    rng = random.Random(SEED)
    organisations = _organisations(stdout)
    people = _people()
    plans = _plan(rng, count, organisations)
    extra = _unpublished(rng, organisations, people)
    existing_before = Deed.objects.filter(organisation__in=organisations.values()).count()
    deeds = _create_deeds(plans, organisations, people)
    for plan in extra:
        if plan.key in deeds:
            continue
        author = User.objects.filter(email=plan.author_email).first()
        deed = Deed.objects.create(
            title=plan.title, lead=plan.lead, story=plan.story, results=plan.results,
            how_to_adopt=plan.how_to_adopt, organisation=organisations[plan.organisation],
            region_id=organisations[plan.organisation].region_id, sector=plan.sector, keywords=plan.keywords,
            year=plan.year, author=author, status=plan.status,
            submitted_at=plan.published_at if plan.status == Deed.Status.REVIEW else None,
        )
        deed.themes.set(Theme.objects.filter(slug__in=plan.themes))
        if author is not None:
            deed.contacts.add(author)
    added = Deed.objects.filter(organisation__in=organisations.values()).count() - existing_before
    adoptions = _create_adoptions(plans, deeds, organisations, people)
    comments = _create_comments(plans, deeds, people)
    stdout.write(
        f"Tekojen tori: {added} deeds, {adoptions} adoptions and {comments} comments added "
        f"({len(organisations)} organisations)."
    )
