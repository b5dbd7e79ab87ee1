"""Generic compound heads and modifiers.

These lemmas occur as parts of so many compounds that a match on the part alone
says little: "ruokapalvelu" is about food, not about "palvelu". As compound
parts they get a small weight; as whole words they keep the full weight. The
analysis folds them like index terms (ä→a, ö→o).
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GENERIC_HEADS: frozenset[str] = _words(
    """
    ala alue aika asia aste etu haku hallinto hanke henkilö idea järjestelmä
    käytäntö kanava kehittää kehittäminen kehitys kerta keskus kokeilu kokonaisuus
    kysymys laite lomake luettelo määrä malli materiaali menetelmä muoto ohje
    ohjelma osa osasto päivä paketti palvelu projekti prosessi ratkaisu ryhmä
    selvitys sovellus suunnitelma suunnittelu tapa tarve taso tehtävä tieto
    tila toiminta toimenpide toimi tuki työ uudistus vaihe vuosi yksikkö
    """
)
