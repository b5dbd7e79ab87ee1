from latu.language import analyse, query_terms
from latu.language.ranking import FUZZY_FACTOR, document_frequencies, idf, rank

DOCS = {
    "service": analyse("Palvelut ja palvelujen saatavuus. Kunnan palvelut koottiin yhteen paikkaan."),
    "food": analyse("Ruokapalvelut uudistivat kouluruokailun ruokalistat."),
    "library": analyse("Kirjastopalvelut laajenivat kyliin kirjastoautolla."),
    "feedback": analyse("Asiakaspalautteen käsittely nopeutui."),
    "plain_feedback": analyse("Asiakkailta kerättiin palautetta kyselyllä."),
    "home_care": analyse("Kotihoidon asiakkaille otettiin käyttöön etäkäynnit."),
    "wellbeing": analyse("Työhyvinvointikyselyn tulokset käsiteltiin työyhteisöissä."),
}


def ids(query: str, **options) -> list[str]:
    return [doc_id for doc_id, _ in rank(query, DOCS, **options)]


def test_generic_head_query_prefers_documents_about_it():
    ranked = ids("palvelu")
    assert ranked[0] == "service"
    assert {"food", "library"} <= set(ranked)


def test_compound_and_part_find_each_other():
    assert set(ids("palaute")[:2]) == {"feedback", "plain_feedback"}
    ranked = ids("asiakaspalaute")
    assert ranked[0] == "feedback"
    assert "plain_feedback" in ranked


def test_inflected_umlautless_and_misspelt_queries():
    assert ids("kotihoidon")[0] == "home_care"
    assert ids("tyohyvinvointi")[0] == "wellbeing"
    assert ids("kotihoido")[0] == "home_care"
    assert ids("kotihoido", fuzzy=False) == []


def test_scores_follow_the_documented_formula():
    terms = query_terms("kotihoido")
    scored = rank(terms, DOCS)
    frequencies = document_frequencies(["kotihoito"], DOCS)
    expected = FUZZY_FACTOR * DOCS["home_care"]["kotihoito"] * idf(frequencies["kotihoito"], len(DOCS))
    assert scored == [("home_care", expected)]


def test_limit_and_empty_inputs():
    assert len(rank("palvelu", DOCS, limit=1)) == 1
    assert len(rank("palvelu", DOCS, limit=None)) >= 3
    assert rank("", DOCS) == []
    assert rank("palvelu", {}) == []
    assert rank("ja se on", DOCS) == []
