"""The Voikko engines and the parsing of their analyses into compound parts."""

import pytest

from latu.language import morphology
from latu.language.analysis import analyse


def _libvoikko_missing() -> str:
    try:
        morphology._LibVoikko()
    except (ImportError, OSError, morphology._voikko_error()) as error:
        return f"the Voikko C library is not installed (apt-get install libvoikko1 voikko-fi): {error}"
    return ""


def test_parse_compound_with_derivation():
    # kotihoidon: koti + hoito, where "hoito" is derived from the verb "hoitaa".
    output = "[Ln][Xp]koti[X]kot[Sn][Ny]i[Bh][Bc][Lt][Xp]hoitaa[X]hoi[Ln][Xj]to[X]do[Sg][Ny]n"
    assert morphology.parse(output) == (
        "nimisana",
        (("koti", "koti", "nimisana"), ("hoidon", "hoito", "nimisana")),
        False,
    )


def test_parse_participle_and_prefix():
    assert morphology.parse("[Lt][Xp]nähdä[X]näke[Ll][Rv]v[Xj]ä[X][Sn][Nm]ät") == (
        "laatusana", (("näkevät", "näkevä", "laatusana"),), True
    )
    # The first half of a hyphenated compound keeps its hyphen in the surface form.
    word_class, parts, _ = morphology.parse(
        "[Ln][Xp]opinto[X]opinto[Sn][Ny]-[Bh][Bc][Lt][Xp]ohjata[X]ohja[Ln]a[Ln][Xj]ja[X][Sg][Ny]jan"
    )
    assert word_class == "nimisana"
    assert parts == (("opinto-", "opinto", "nimisana"), ("ohjaajan", "ohjaaja", "nimisana"))


def test_parse_without_word_class_is_nothing():
    assert morphology.parse("[Bc]") is None
    assert morphology.parse("") is None


@pytest.mark.parametrize("engine", ["pyvoikko", "libvoikko"])
def test_engines_agree_on_compounds_and_inflection(engine):
    if engine == "libvoikko" and (missing := _libvoikko_missing()):
        pytest.skip(missing)
    chosen = morphology._make(engine)
    assert chosen.name == engine
    readings = {morphology.parse(output) for output in chosen.raw("asiakaspalautteen")}
    assert ("nimisana", (("asiakas", "asiakas", "nimisana"), ("palautteen", "palaute", "nimisana")), False) in readings
    assert chosen.raw("xqzvbn") == []


def test_unknown_engine_is_refused(settings):
    settings.LATU_MORPHOLOGY = "hunspell"
    with pytest.raises(ValueError, match="LATU_MORPHOLOGY"):
        morphology._configured()


def test_analysis_uses_the_configured_engine(settings):
    settings.LATU_MORPHOLOGY = "pyvoikko"
    morphology.engine.cache_clear()
    try:
        assert morphology.engine().name == "pyvoikko"
        assert {"kotihoito", "hoito"} <= set(analyse("kotihoidon asiakkaille"))
    finally:
        morphology.engine.cache_clear()
