"""The award categories of the Kunteko galas, shipped with Latu (the migration loads
them; the programme office may add and rename categories later)."""

# (slug, kind, is_theme, (name fi, sv, en), (description fi, sv, en))
CATEGORIES: list[tuple[str, str, bool, tuple[str, str, str], tuple[str, str, str]]] = [
    ("ihmeiden-tekijat", "organisation", False,
     ("Ihmeiden tekijät", "Underverkens görare", "Wonder workers"),
     ("Kuntaorganisaatiot, jotka ovat uudistaneet toimintaansa henkilöstölähtöisesti ja tuloksellisesti.",
      "Kommunala organisationer som har förnyat sin verksamhet utgående från personalen och med resultat.",
      "Public-sector organisations that have renewed their work together with their staff, with results.")),
    ("oman-tyon-sankarit", "person", False,
     ("Oman työn sankarit", "Hjältar i det egna arbetet", "Heroes of their own work"),
     ("Eri ammattiryhmien edustajat, jotka kehittävät aktiivisesti omaa työtään ja työyhteisöään.",
      "Företrädare för olika yrkesgrupper som aktivt utvecklar sitt eget arbete och sin arbetsgemenskap.",
      "People of different professions who actively develop their own work and their workplace.")),
    ("innostavat-teot", "deed", False,
     ("Innostavat teot", "Inspirerande gärningar", "Inspiring deeds"),
     ("Tekojen torin kehittämisteot eri toimialoilta: pieniä ja isoja muutoksia, joista muut voivat ottaa mallia.",
      "Utvecklingsgärningar på Tekojen tori från olika sektorer: små och stora förändringar som andra kan ta "
      "efter.",
      "Development deeds of Tekojen tori from every sector: small and large changes that others can adopt.")),
    ("vuoden-viestintateko", "deed", True,
     ("Vuoden viestintäteko", "Årets kommunikationsgärning", "Communication deed of the year"),
     ("Teko, joka teki kuntatyötä näkyväksi tai paransi viestintää asukkaiden kanssa.",
      "En gärning som synliggjorde det kommunala arbetet eller förbättrade kommunikationen med invånarna.",
      "A deed that made public-sector work visible or improved communication with residents.")),
    ("vuoden-yhdenvertaisuusteko", "deed", True,
     ("Vuoden yhdenvertaisuusteko", "Årets likabehandlingsgärning", "Equality deed of the year"),
     ("Teko, joka edisti yhdenvertaisuutta palveluissa tai työyhteisössä.",
      "En gärning som främjade likabehandling i tjänsterna eller i arbetsgemenskapen.",
      "A deed that furthered equality in services or at work.")),
    ("vuoden-teknologiateko", "deed", True,
     ("Vuoden teknologiateko", "Årets teknologigärning", "Technology deed of the year"),
     ("Teko, jossa teknologia otettiin käyttöön työn ja palvelun parantamiseksi.",
      "En gärning där teknologi togs i bruk för att förbättra arbetet och tjänsten.",
      "A deed that put technology to use to improve work and services.")),
    ("vuoden-ymparistoteko", "deed", True,
     ("Vuoden ympäristöteko", "Årets miljögärning", "Environmental deed of the year"),
     ("Teko, joka vähensi päästöjä, hävikkiä tai muuta ympäristökuormaa.",
      "En gärning som minskade utsläpp, svinn eller annan miljöbelastning.",
      "A deed that reduced emissions, waste or another burden on the environment.")),
    ("innostavat-sparraajat", "person", True,
     ("Innostavat sparraajat", "Inspirerande sparrare", "Inspiring coaches"),
     ("Kehittäjäkonsultit, joiden sparraus innosti työyhteisöjä kehittämään.",
      "Utvecklingskonsulter vars sparrning inspirerade arbetsgemenskaper att utveckla.",
      "Development consultants whose coaching inspired workplaces to develop their work.")),
]


def load_categories(AwardCategory) -> int:
    """Create the shipped categories that are missing; existing ones are left as they are."""
    for order, (slug, kind, is_theme, names, descriptions) in enumerate(CATEGORIES, start=1):
        AwardCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind, "is_theme": is_theme, "order": order * 10,
                "name_fi": names[0], "name_sv": names[1], "name_en": names[2],
                "description_fi": descriptions[0], "description_sv": descriptions[1],
                "description_en": descriptions[2],
            },
        )
    return len(CATEGORIES)
