import pytest

from latu.language import (
    GENERIC_PART_WEIGHT,
    LEMMA_WEIGHT,
    MAX_QUERY_TERMS,
    PART_WEIGHT,
    QueryTerm,
    analyse,
    detect_language,
    fold,
    query_terms,
    similarity,
    top_terms,
)
from latu.language.apps import LanguageConfig


def alternatives(query: str) -> set[str]:
    return {alternative for term in query_terms(query) for alternative in term.alternatives}


def test_app_config():
    assert LanguageConfig.name == "latu.language"
    assert LanguageConfig.label == "language"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("kotihoidon", "kotihoito"),
        ("asiakkaille", "asiakas"),
        ("Kotihoidossa", "kotihoito"),
        ("palautetta", "palaute"),
        ("kuntien", "kunta"),
        ("varhaiskasvatuksen", "varhaiskasvatus"),
        ("päiväkodeissa", "paivakoti"),
        ("sairaanhoitajan", "sairaanhoitaja"),
        ("Helsingin", "helsinki"),
    ],
)
def test_inflected_words_are_lemmatised(word, lemma):
    terms = analyse(word)
    assert terms[lemma] == LEMMA_WEIGHT
    assert lemma in alternatives(word)


def test_sentence_keeps_content_words_only():
    terms = analyse("Kotihoidon asiakkaille tarjotaan nyt myös etäkäyntejä, ja se on hyvä.")
    assert {"kotihoito", "asiakas", "etakaynti"} <= set(terms)
    assert not {"ja", "se", "on", "olla", "nyt", "myos"} & set(terms)


def test_ambiguous_word_keeps_every_plausible_lemma():
    assert {"tuli", "tulla"} <= set(analyse("tuli"))


def test_compound_yields_its_parts():
    terms = analyse("asiakaspalaute")
    assert terms["asiakaspalaute"] == LEMMA_WEIGHT
    assert terms["asiakas"] == PART_WEIGHT
    assert terms["palaute"] == PART_WEIGHT


def test_inflected_compound_yields_parts_in_base_form():
    terms = analyse("asiakaspalautteeseen")
    assert {"asiakaspalaute", "asiakas", "palaute"} <= set(terms)


def test_long_compound_yields_inner_compounds():
    terms = analyse("työhyvinvointikyselyn")
    assert terms["tyohyvinvointikysely"] == LEMMA_WEIGHT
    assert terms["tyohyvinvointi"] == PART_WEIGHT
    assert terms["hyvinvointi"] == PART_WEIGHT
    assert terms["kysely"] == PART_WEIGHT
    terms = analyse("varhaiskasvatussuunnitelmaan")
    assert {"varhaiskasvatussuunnitelma", "varhaiskasvatus", "kasvatus", "suunnitelma"} <= set(terms)


def test_compound_lemma_keeps_modifier_as_written():
    assert "sairaanhoitaja" in analyse("sairaanhoitajat")
    assert "terveydenhuolto" in analyse("terveydenhuollon")


def test_compound_query_looks_for_whole_and_parts():
    terms = query_terms("asiakaspalautetta")
    assert terms[0].alternatives == ("asiakaspalaute", "asiakaspalautetta")
    assert terms[0].weight == LEMMA_WEIGHT
    parts = {term.alternatives[0]: term.weight for term in terms[1:]}
    assert parts == {"asiakas": PART_WEIGHT, "palaute": PART_WEIGHT}
    assert not any(term.fuzzy for term in terms[1:])


def test_generic_heads_weigh_little():
    food = analyse("ruokapalvelut")
    assert food["ruokapalvelu"] == LEMMA_WEIGHT
    assert food["ruoka"] == PART_WEIGHT
    assert food["palvelu"] == GENERIC_PART_WEIGHT
    assert analyse("työhyvinvointi")["tyo"] == GENERIC_PART_WEIGHT
    assert analyse("palvelut")["palvelu"] == LEMMA_WEIGHT
    assert analyse("toimintamalli")["malli"] < analyse("kirjastoauto")["kirjasto"]


def test_repeated_words_count_more_but_damped():
    once = analyse("kirjasto")["kirjasto"]
    thrice = analyse("kirjasto kirjastossa kirjastoon")["kirjasto"]
    assert once < thrice < 3 * once


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Työhyvinvointi", "tyohyvinvointi"),
        ("Åbo", "abo"),
        ("café", "cafe"),
        ("Ñandú", "nandu"),
        ("ﬁnanssi", "finanssi"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_terms_are_folded():
    assert "tyohyvinvointi" in analyse("Työhyvinvointi")
    assert "paivakoti" in analyse("päiväkoti")


def test_umlautless_words_match_spelled_ones():
    assert "tyohyvinvointi" in analyse("tyohyvinvoinnin")
    assert "tyohyvinvointi" in alternatives("tyohyvinvointi")
    assert "paivakoti" in alternatives("paivakodeissa")
    assert "laakehoito" in alternatives("laakehoidon")


def test_unknown_words_fall_back_to_word_and_stem():
    terms = analyse("Xyzköpingissä")
    assert terms["xyzkopingissa"] == LEMMA_WEIGHT
    assert "xyzkoping" in terms
    assert {"xyzkopingissa", "xyzkoping"} <= alternatives("Xyzköpingissä")


def test_hyphenated_and_abbreviated_words():
    terms = analyse("HR-palvelut ja EU:n hankkeet sekä HR:n ohjeet")
    assert {"hrpalvelu", "hr", "eu", "hanke", "ohje"} <= set(terms)
    assert terms["palvelu"] == GENERIC_PART_WEIGHT


def test_shared_compound_head_is_expanded():
    terms = analyse("sosiaali- ja terveyspalvelut")
    assert terms["sosiaalipalvelu"] == LEMMA_WEIGHT
    assert terms["terveyspalvelu"] == LEMMA_WEIGHT


def test_stopwords_are_dropped_in_each_language():
    assert analyse("ja se on että kun mutta niin he ovat olleet") == {}
    assert analyse("och det är att som inte", "sv") == {}
    assert analyse("the and of it is that were", "en") == {}
    assert query_terms("ja tai sekä") == []


def test_swedish_and_english_are_stemmed_lightly():
    assert "kommun" in analyse("kommunerna", "sv")
    assert "service" in analyse("Services", "en")
    assert "library" in analyse("libraries", "en")
    assert analyse("process", "en") == {"process": 1.0}


def test_detect_language():
    assert detect_language("Kotihoidon asiakkaat saavat nyt apua myös iltaisin, ja se on hyvä.") == "fi"
    assert detect_language("Kommunen har infört ett nytt system för att boka tider och det fungerar bra.") == "sv"
    assert detect_language("The library is now open in the evenings and this is appreciated by the residents.") == "en"
    assert detect_language("") == "fi"
    assert analyse("The libraries are open", "auto") == {"libraries": 1.0, "library": 0.7, "open": 1.0}


def test_similarity_and_top_terms():
    a = analyse("Kotihoidon asiakkaille etäkäynnit kuvapuhelulla")
    b = analyse("Kotihoidossa kokeiltiin kuvapuheluita asiakkaiden kanssa")
    c = analyse("Koulukuljetusten reitit optimoitiin")
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert similarity(a, b) > similarity(a, c)
    assert similarity(a, c) == 0.0
    assert similarity({}, a) == 0.0
    top = top_terms({"a": 0.5, "b": 1.0, "c": 0.5, "d": 0.1}, 3)
    assert list(top) == ["b", "a", "c"]
    assert top_terms(a, 0) == {}


def test_query_terms_shape():
    terms = query_terms("Kotihoidon asiakkaille")
    assert all(isinstance(term, QueryTerm) for term in terms)
    assert [term.word for term in terms[:2]] == ["kotihoidon", "asiakkaille"]
    assert terms[0].fuzzy
    assert "kotihoito" in terms[0].alternatives


NASTY = [
    "",
    " ",
    "\x00\x01\x02",
    '""',
    "' OR 1=1; --",
    "'; DROP TABLE ideas; --",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "%_\\%",
    '"kotihoito" AND (asiakas OR -palaute) NOT ruoka*',
    "title:kotihoito +asiakas -palaute ~typo^2",
    "😀🔥 kotihoito 👍🏽‍",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ",
    "مرحبا بالعالم",
    "Привет мир",
    "漢字かなカナ",
    "\u202ekotihoito\u202c",
    "\u200b\u200d\ufeff",
    "a" * 100_000,
    "ä" * 70,
    "kotihoito " * 1_200,
    "-" * 500,
    ":" * 500,
    "---a---",
    "a-b-c-d-e-f-g",
    "12:30 2024-01-01 3.14 1e10",
    "sosiaali-",
    "-palvelu",
    "EU:n:n:n",
    "\ud800",
    "𝕜𝕠𝕥𝕚𝕙𝕠𝕚𝕥𝕠",
    "İSTANBUL ǅ ß ﬃ",
    "\n\t\r" * 100,
    "x" * 65 + " kotihoito",
]


@pytest.mark.parametrize("text", NASTY)
def test_any_input_is_handled(text):
    terms = analyse(text)
    assert all(isinstance(term, str) and term and term.isalnum() for term in terms)
    assert all(weight > 0 for weight in terms.values())
    queries = query_terms(text)
    assert len(queries) <= MAX_QUERY_TERMS
    assert all(term.alternatives and term.weight > 0 for term in queries)
    assert detect_language(text) in {"fi", "sv", "en"}


def test_non_string_input_is_handled():
    assert analyse(None) == {}
    assert query_terms(None) == []
    assert query_terms(12345) == []


def test_long_query_is_capped():
    text = " ".join(f"sana{index} kotihoito asiakaspalautekysely" for index in range(3_000))
    terms = query_terms(text)
    assert 0 < len(terms) <= MAX_QUERY_TERMS
