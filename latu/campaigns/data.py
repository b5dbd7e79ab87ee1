"""The award categories of the Kunteko galas, shipped with Latu (the migration loads
them; the programme office may add and rename categories later)."""

# (slug, kind, is_theme, name_fi, name_sv, name_en, description_fi)
CATEGORIES: list[tuple[str, str, bool, str, str, str, str]] = [
    ("ihmeiden-tekijat", "organisation", False, "Ihmeiden tekijät", "Underverkens görare", "Wonder workers",
     "Kuntaorganisaatiot, jotka ovat uudistaneet toimintaansa henkilöstölähtöisesti ja tuloksellisesti."),
    ("oman-tyon-sankarit", "person", False, "Oman työn sankarit", "Hjältar i det egna arbetet",
     "Heroes of their own work",
     "Eri ammattiryhmien edustajat, jotka kehittävät aktiivisesti omaa työtään ja työyhteisöään."),
    ("innostavat-teot", "deed", False, "Innostavat teot", "Inspirerande gärningar", "Inspiring deeds",
     "Tekojen torin kehittämisteot eri toimialoilta: pieniä ja isoja muutoksia, joista muut voivat ottaa mallia."),
    ("vuoden-viestintateko", "deed", True, "Vuoden viestintäteko", "Årets kommunikationsgärning",
     "Communication deed of the year",
     "Teko, joka teki kuntatyötä näkyväksi tai paransi viestintää asukkaiden kanssa."),
    ("vuoden-yhdenvertaisuusteko", "deed", True, "Vuoden yhdenvertaisuusteko", "Årets likabehandlingsgärning",
     "Equality deed of the year", "Teko, joka edisti yhdenvertaisuutta palveluissa tai työyhteisössä."),
    ("vuoden-teknologiateko", "deed", True, "Vuoden teknologiateko", "Årets teknologigärning",
     "Technology deed of the year", "Teko, jossa teknologia otettiin käyttöön työn ja palvelun parantamiseksi."),
    ("vuoden-ymparistoteko", "deed", True, "Vuoden ympäristöteko", "Årets miljögärning",
     "Environmental deed of the year", "Teko, joka vähensi päästöjä, hävikkiä tai muuta ympäristökuormaa."),
    ("innostavat-sparraajat", "person", True, "Innostavat sparraajat", "Inspirerande sparrare",
     "Inspiring coaches", "Kehittäjäkonsultit, joiden sparraus innosti työyhteisöjä kehittämään."),
]


def load_categories(AwardCategory) -> int:
    """Create the shipped categories that are missing; existing ones are left as they are."""
    for order, (slug, kind, is_theme, name_fi, name_sv, name_en, description_fi) in enumerate(CATEGORIES, start=1):
        AwardCategory.objects.get_or_create(
            slug=slug,
            defaults={"kind": kind, "is_theme": is_theme, "name_fi": name_fi, "name_sv": name_sv, "name_en": name_en,
                      "description_fi": description_fi, "order": order * 10},
        )
    return len(CATEGORIES)
