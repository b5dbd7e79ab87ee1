"""The match classes and relevance floor shared by deed and idea search."""

from latu.language import query_terms
from latu.language.ranking import WEAK_MATCH_FACTOR, ClassedTerm, above_floor, classed_scores, expand_classed


def test_a_compound_query_has_one_word_whose_main_term_is_strong_and_parts_weak():
    terms = query_terms("asiakaspalaute", "fi")
    frequencies = {"asiakaspalaute": 1, "asiakas": 3, "palaute": 2}
    classed, found = expand_classed(terms, lambda wanted: {t: frequencies.get(t, 0) for t in wanted}, None)
    assert {term.group for term in classed} == {0}
    assert [term for term in classed if term.strong] == [classed[0]] and "asiakaspalaute" in classed[0].strong
    assert found == frequencies


def test_weak_matches_count_less_only_when_some_document_has_the_word():
    terms = [ClassedTerm(0, 1.0, {"asiakaspalaute": 1.0}, frozenset({"asiakaspalaute"})),
             ClassedTerm(0, 0.5, {"asiakas": 1.0}, frozenset()),
             ClassedTerm(0, 0.5, {"palaute": 1.0}, frozenset())]
    hits = [("whole", 0, "asiakaspalaute", 2.0), ("part", 2, "palaute", 1.0),
            ("both parts", 1, "asiakas", 0.5), ("both parts", 2, "palaute", 0.5)]
    scores = classed_scores(hits, terms)
    assert scores == {"whole": 2.0, "part": 1.0 * WEAK_MATCH_FACTOR, "both parts": 1.0}
    assert classed_scores([hit for hit in hits if hit[0] == "part"], terms) == {"part": 1.0}


def test_the_floor_is_relative_to_the_best():
    assert above_floor([("a", 10.0), ("b", 1.0), ("c", 0.99)], 0.1) == [("a", 10.0), ("b", 1.0)]
    assert above_floor([]) == []
