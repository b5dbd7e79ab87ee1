"""The shipped theme vocabulary of Tekojen tori (slug, Finnish, Swedish, English).
The programme office may add and rename themes later; the migration loads these."""

THEMES: list[tuple[str, str, str, str]] = [
    ("digitalisaatio", "digitalisaatio", "digitalisering", "digitalisation"),
    ("asiakaslahtoisyys", "asiakaslähtöisyys", "kundorientering", "customer orientation"),
    ("tyohyvinvointi", "työhyvinvointi", "arbetshälsa", "wellbeing at work"),
    ("osallisuus", "osallisuus", "delaktighet", "participation"),
    ("johtaminen", "johtaminen", "ledarskap", "leadership"),
    ("ymparisto-ja-ilmasto", "ympäristö ja ilmasto", "miljö och klimat", "environment and climate"),
    ("yhdenvertaisuus", "yhdenvertaisuus", "likabehandling", "equality"),
    ("viestinta", "viestintä", "kommunikation", "communication"),
    ("tuottavuus", "tuottavuus", "produktivitet", "productivity"),
    ("osaaminen", "osaaminen ja oppiminen", "kompetens och lärande", "skills and learning"),
    ("ikaantyneet", "ikääntyneet", "äldre", "older people"),
    ("lapset-ja-nuoret", "lapset ja nuoret", "barn och unga", "children and young people"),
    ("terveyden-edistaminen", "terveyden edistäminen", "hälsofrämjande", "health promotion"),
    ("turvallisuus", "turvallisuus", "säkerhet", "safety"),
    ("kokeilukulttuuri", "kokeilukulttuuri", "försökskultur", "culture of experimentation"),
    ("yhteistyo", "yhteistyö ja kumppanuus", "samarbete och partnerskap", "co-operation and partnership"),
    ("palvelumuotoilu", "palvelumuotoilu", "tjänstedesign", "service design"),
    ("teknologia", "teknologia ja robotiikka", "teknologi och robotik", "technology and robotics"),
]


def load_themes(Theme) -> int:
    """Create or update the shipped themes; returns how many there are."""
    for order, (slug, name_fi, name_sv, name_en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en, "order": order}
        )
    return len(THEMES)
