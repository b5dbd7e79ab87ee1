"""Finnish search through the marketplace page and the API, as a visitor uses it."""

import re

import pytest

from latu.tori import actions, search
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, Sector

NASTY = [
    '"', "'", '"kotihoito', "kotihoito AND OR NOT asiakas", "(", ")", "*", "%", "_", "\\", "~", "^", ":", "|",
    "'; DROP TABLE tori_deed; --", "%' OR 1=1 --", "<script>alert(1)</script>", "<b>kotihoito</b>",
    "😀🎉 kotihoito 🎉", "a" * 10_000, "ä" * 3000, "kotihoito\x00", "\x00", " ", "-", "–", "NULL", "${jndi:ldap://x}",
    "\u202ekotihoito", "k" * 200 + " " + "l" * 200, "kotihoito " * 500, "1e308", "-1", "SELECT * FROM tori_deedterm",
    "@@version", "é" * 65, "ǅ", "\t\n\r",
]


def api_ids(client, **params) -> list[int]:
    response = client.get("/api/v1/deeds/", params)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("kotihoito", "kotihoito"),  # the deed says "Kotihoidon ... kotihoidon asiakkaille"
        ("kotihoidossa", "kotihoito"),
        ("palaute", "palaute"),  # the deed is about "asiakaspalaute"
        ("asiakaspalaute", "asukkaat"),  # the deed says "palautetta asiakkailta"
        ("paivakoti", "paivakoti"),  # no umlauts
        ("päiväkodit", "paivakoti"),
        ("kotihoido", "kotihoito"),  # typo
        ("asiakaspalute", "palaute"),  # typo
        ("kirjstoauto", "kirjasto"),  # typo
        ("kirjastoautolla", "kirjasto"),
    ],
)
def test_finds_inflected_compound_unaccented_and_misspelt_words(client, corpus, query, wanted):
    assert corpus[wanted].pk in api_ids(client, q=query)[:3]
    response = client.get("/tori/", {"q": query})
    assert response.status_code == 200
    assert corpus[wanted].title in response.content.decode()


def test_results_come_in_relevance_order_with_scores_and_facets(client, corpus):
    data = client.get("/api/v1/deeds/", {"q": "kotihoito asiakaspalaute"}).json()
    scores = [item["score"] for item in data["results"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert {corpus["kotihoito"].pk, corpus["palaute"].pk} <= {item["id"] for item in data["results"]}
    assert data["sort"] == "relevance" and data["approximate"] is False
    assert set(data["facets"]) == {"sector", "theme", "organisation", "region", "year", "has_results", "awarded"}
    assert data["count"] == len(data["results"])


def test_words_in_the_title_weigh_more_than_in_the_story(client, located, employee):
    org, _ = located
    in_story = DeedFactory(organisation=org, title="Uusi työvuorosuunnittelu", lead="Työvuorot sähköisesti.",
                           story="Mukana oli myös kotihoito.")
    in_title = DeedFactory(organisation=org, title="Kotihoito yöllä", lead="Yöpartio.", story="Käynnit öisin.")
    assert api_ids(client, q="kotihoito")[:2] == [in_title.pk, in_story.pk]


def test_generic_compound_heads_do_not_outrank_the_topic(client, located):
    org, _ = located
    food = DeedFactory(organisation=org, title="Ruokapalvelun tilaukset verkossa", lead="Ateriat tilataan.",
                       story="Keittiö saa tilaukset suoraan.")
    generic = DeedFactory(organisation=org, title="Palvelu uudistui", lead="Palvelu parani.",
                          story="Palvelu on nyt parempi palvelu.")
    ids = api_ids(client, q="ruokapalvelu")
    assert ids[0] == food.pk
    assert generic.pk not in ids[:1]


@pytest.mark.parametrize("query", NASTY)
def test_any_string_gives_results_or_an_empty_list(client, corpus, query):
    response = client.get("/api/v1/deeds/", {"q": query})
    if "\x00" in query:  # refused before any view (latu.core.guards): a clean 400
        assert response.status_code == 400 and client.get("/tori/", {"q": query}).status_code == 400
        return
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
    page = client.get("/tori/", {"q": query})
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"}, {"page": "-5"}, {"page": "99999999999"}, {"page_size": "0"}, {"page_size": "100000"},
        {"sort": "'; drop"}, {"sector": "avaruus"}, {"year": "abcd"}, {"year": "20199"}, {"theme": "<x>"},
        {"organisation": "' OR 1=1"}, {"region": "999"}, {"has_results": "maybe"}, {"awarded": "1"},
        {"q": "kotihoito", "sector": ["social_health", "education", "x" * 500]},
    ],
)
def test_odd_parameters_are_ignored(client, corpus, params):
    assert client.get("/api/v1/deeds/", params).status_code == 200
    assert client.get("/tori/", params).status_code == 200


def facet(data, name) -> dict[str, int]:
    return {item["value"]: item["count"] for item in data["facets"][name]}


def test_facet_counts_on_known_data(client, corpus, located, third_org):
    org, other_org = located
    actions.set_awarded(corpus["paivakoti"], True)
    data = client.get("/api/v1/deeds/").json()
    assert data["count"] == 5
    assert facet(data, "sector") == {"social_health": 1, "whole_municipality": 2, "education": 1,
                                     "culture_leisure": 1}
    assert facet(data, "organisation") == {org.slug: 2, other_org.slug: 1, third_org.slug: 2}
    assert facet(data, "region") == {"07": 2, "01": 1, "11": 2}
    assert facet(data, "year") == {"2019": 1, "2020": 2, "2021": 2}
    assert facet(data, "has_results") == {"1": 2}
    assert facet(data, "awarded") == {"1": 1}
    assert facet(data, "theme")["digitalisaatio"] == 1


def test_filters_narrow_results_and_each_facet_ignores_its_own_filter(client, corpus):
    data = client.get("/api/v1/deeds/", {"sector": "whole_municipality"}).json()
    assert {item["id"] for item in data["results"]} == {corpus["palaute"].pk, corpus["asukkaat"].pk}
    # Other sectors stay selectable with their counts; other facets follow the filter.
    assert facet(data, "sector")["education"] == 1
    assert facet(data, "year") == {"2020": 1, "2021": 1}
    both = client.get("/api/v1/deeds/", {"sector": "whole_municipality,education", "year": "2020"}).json()
    assert {item["id"] for item in both["results"]} == {corpus["palaute"].pk, corpus["paivakoti"].pk}
    flags = client.get("/api/v1/deeds/", {"has_results": "1", "q": "kirjastoauto"}).json()
    assert [item["id"] for item in flags["results"]] == [corpus["kirjasto"].pk]
    themed = client.get("/api/v1/deeds/", {"theme": "ikaantyneet"}).json()
    assert [item["id"] for item in themed["results"]] == [corpus["kotihoito"].pk]
    by_org = client.get("/api/v1/deeds/", {"organisation": "varkaus", "region": "11"}).json()
    assert {item["id"] for item in by_org["results"]} == {corpus["kirjasto"].pk, corpus["asukkaat"].pk}


def test_html_facets_are_checkboxes_with_counts(client, corpus):
    page = client.get("/tori/", {"sector": "education"}).content.decode()
    assert 'name="sector" value="education" checked' in page
    assert 'id="f-sector-social_health"' in page
    assert corpus["paivakoti"].title in page and corpus["kotihoito"].title not in page


def test_sorting_newest_and_most_adopted(client, corpus, outsider, other_org):
    newest = api_ids(client, sort="newest")
    assert newest[:2] == [corpus["asukkaat"].pk, corpus["kirjasto"].pk]
    assert newest[-1] == corpus["kotihoito"].pk
    actions.adopt(outsider, corpus["paivakoti"], other_org)
    assert api_ids(client, sort="adopted")[0] == corpus["paivakoti"].pk
    # Without a query, relevance falls back to newest.
    assert client.get("/api/v1/deeds/", {"sort": "relevance"}).json()["sort"] == "newest"


def test_only_published_deeds_are_found(client, corpus, located):
    org, _ = located
    DeedFactory(organisation=org, title="Salainen kotihoitoluonnos", status=Deed.Status.DRAFT)
    titles = [item["title"] for item in client.get("/api/v1/deeds/", {"q": "kotihoitoluonnos"}).json()["results"]]
    assert "Salainen kotihoitoluonnos" not in titles


def test_pagination(client, located):
    org, _ = located
    for number in range(30):
        DeedFactory(organisation=org, title=f"Kotihoidon kokeilu {number}")
    first = client.get("/api/v1/deeds/", {"q": "kotihoito", "page_size": 20}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 30 and len(first["results"]) == 20 and len(second["results"]) == 10
    assert not {item["id"] for item in first["results"]} & {item["id"] for item in second["results"]}
    page2 = client.get("/tori/", {"q": "kotihoito", "page": 2})
    assert page2.status_code == 200 and b'rel="prev"' in page2.content


def test_live_search_returns_the_results_fragment(client, corpus):
    response = client.get("/tori/", {"q": "kotihoito"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tori-results")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="tori-count"' in body and corpus["kotihoito"].title in body


def test_common_words_read_only_the_best_candidates(client, located, monkeypatch):
    org, _ = located
    for number in range(6):
        DeedFactory(organisation=org, title=f"Kotihoito {number}", story="Kotihoito. " * (number + 1))
    monkeypatch.setattr(search, "CANDIDATE_BUDGET", 3)
    monkeypatch.setattr(search, "MIN_POSTINGS_PER_TERM", 3)
    data = client.get("/api/v1/deeds/", {"q": "kotihoito"}).json()
    assert data["approximate"] is True and data["count"] == 3
    assert data["results"][0]["title"] == "Kotihoito 5"  # the heaviest postings are kept


def test_search_function_for_other_apps(corpus):
    result = search.search("kotihoidon asiakkaille", search.SearchFilters(sector=[Sector.SOCIAL_HEALTH]))
    assert result.ids == [corpus["kotihoito"].pk] and result.total == 1
    selected = [value for value in result.facets["sector"] if value.selected]
    assert [(value.value, value.count) for value in selected] == [(Sector.SOCIAL_HEALTH, 1)]


@pytest.mark.parametrize("url", ["/tori/", "/tori/?q=kotihoito", "/api/v1/deeds/?q=kotihoito", "/api/v1/deeds/"])
def test_list_pages_use_a_fixed_number_of_queries(client, located, themes, url, django_assert_max_num_queries):
    org, _ = located
    for number in range(25):
        DeedFactory(organisation=org, title=f"Kotihoito {number}", themes=[themes["digitalisaatio"]])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_page_of_results_is_kept_until_the_published_deeds_change(client, corpus, located,
                                                                     django_assert_max_num_queries):
    first = api_ids(client, q="kirjastoauto")
    assert first[0] == corpus["kirjasto"].pk
    with django_assert_max_num_queries(2):  # the kept page: only its deeds and their themes are read
        assert api_ids(client, q="kirjastoauto") == first
    newer = DeedFactory(organisation=located[0], title="Kirjastoauto saaristoon",
                        lead="Kirjastoauto kulkee lautalla saariin.", story="Lainaajia on kesällä paljon.")
    assert newer.pk in api_ids(client, q="kirjastoauto")  # published: found at once


def test_results_are_searched_every_time_when_keeping_is_off(client, corpus, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TORI_SEARCH_CACHE_SECONDS = 0
    api_ids(client, q="kirjastoauto")
    with CaptureQueriesContext(connection) as second:
        api_ids(client, q="kirjastoauto")
    assert any("tori_deedterm" in query["sql"] for query in second.captured_queries)


def test_the_results_part_of_the_page_is_kept_until_the_published_deeds_change(client, corpus, located):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert "Kirjastoauto kylille" in client.get("/tori/", {"q": "kirjastoauto"}).content.decode()
    with CaptureQueriesContext(connection) as again:
        page = client.get("/tori/", {"q": "kirjastoauto"}).content.decode()
    assert "Kirjastoauto kylille" in page
    assert not any("tori_deed" in query["sql"] for query in again.captured_queries)
    DeedFactory(organisation=located[0], title="Kirjastoauto saaristoon", lead="Kirjastoauto kulkee lautalla.")
    assert "Kirjastoauto saaristoon" in client.get("/tori/", {"q": "kirjastoauto"}).content.decode()
    # htmx asks for the results part alone
    part = client.get("/tori/", {"q": "kirjastoauto"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tori-results")
    assert "Kirjastoauto saaristoon" in part.content.decode() and "<html" not in part.content.decode()


@pytest.fixture
def floor_corpus(db) -> dict[str, Deed]:
    """Two deeds about planning itself, one where "suunnittelu" is only a compound part."""
    deeds = {
        "whole": DeedFactory(title="Puiston suunnittelu asukkaiden kanssa", lead="Suunnittelu tehtiin työpajoissa.",
                             story="Yhteinen suunnittelu toi puistoon penkkejä.", sector=Sector.TECHNICAL),
        "whole2": DeedFactory(title="Ajanvarauksen suunnittelu", lead="Suunnittelu alkoi haastatteluilla.",
                              story="Suunnittelun tulos lyhensi jonoja.", sector=Sector.TECHNICAL),
        "part": DeedFactory(title="Koulukuljetusten reittioptimointi", lead="Kuljetusreitit laskettiin uudelleen.",
                            story="Reittisuunnittelu lyhensi matkoja.", sector=Sector.EDUCATION),
    }
    return deeds


def test_a_part_only_match_is_not_listed_when_deeds_match_the_word_itself(client, floor_corpus):
    data = client.get("/api/v1/deeds/", {"q": "suunnittelu"}).json()
    ids = [item["id"] for item in data["results"]]
    assert set(ids) == {floor_corpus["whole"].pk, floor_corpus["whole2"].pk}
    assert data["count"] == data["matched_well"] == 2
    assert data["matched"] == 3


def test_the_relevance_floor_is_taken_within_the_filters(client, floor_corpus):
    """Better matches in another sector do not hide the only match in the chosen one."""
    data = client.get("/api/v1/deeds/", {"q": "suunnittelu", "sector": Sector.EDUCATION}).json()
    assert [item["id"] for item in data["results"]] == [floor_corpus["part"].pk]
    assert data["matched_well"] == 1
    assert {value["value"]: value["count"] for value in data["facets"]["sector"]} == {
        Sector.TECHNICAL: 2, Sector.EDUCATION: 1}


def test_filters_come_first_behind_a_disclosure_and_active_ones_are_removable_chips(client, corpus):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    page = client.get("/tori/", {"q": "päiväkoti", "sector": ["education", "social_health"], "year": "2020",
                                 "page": "1"}).content.decode()
    # The filters are inside a closed <details> that comes before the results.
    details = page.index('<details class="facets-disclosure" id="tori-facets">')
    assert details < page.index('name="sector" value="education" checked') < page.index("</details>", details)
    assert details < page.index('id="tori-count"')
    chips = re.findall(r'<a class="chip" href="([^"]+)">([^<]+)<', page)
    assert [label for _, label in chips] == ["Opetus ja varhaiskasvatus", "Sosiaali- ja terveyspalvelut", "2020"]
    left = {label: parse_qs(urlsplit(unescape(href)).query) for href, label in chips}
    for params in left.values():
        assert params["q"] == ["päiväkoti"] and "page" not in params
    education_href = unescape(chips[0][0])
    without = parse_qs(urlsplit(education_href).query)
    assert without["sector"] == ["social_health"] and without["year"] == ["2020"]
    # Following a chip drops that filter and keeps the others.
    after = client.get(education_href).content.decode()
    assert 'name="sector" value="education" checked' not in after
    assert 'name="sector" value="social_health" checked' in after
    assert len(re.findall(r'<a class="chip"', after)) == 2
    # No filters: no chips.
    assert '<a class="chip"' not in client.get("/tori/").content.decode()
