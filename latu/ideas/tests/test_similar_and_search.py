"""Similar ideas while typing and the idea search understand Finnish: inflected forms,
compound words, missing umlauts and typos."""

import pytest
from django.urls import reverse

from latu.ideas.models import Idea


@pytest.fixture
def ideas(make_idea, other_org):
    return {
        "palaute": make_idea(title="Kotihoidon asiakkaiden palautekysely",
                             description="Kysytään kotihoidon asiakkailta palautetta puhelimella."),
        "kalenteri": make_idea(title="Yhteinen kalenteri päiväkodin henkilöstölle",
                               description="Työvuorot ja lomat näkyvät samasta paikasta."),
        "ruoka": make_idea(title="Koulujen ruokahävikin seuranta", description="Punnitaan jäänyt ruoka päivittäin."),
        "merged": make_idea(title="Kotihoidon palautekysely asiakkaille", description="Sama kuin toinen.",
                            status=Idea.Status.MERGED),
        "porvoo": make_idea(organisation=other_org, title="Kotihoidon palautekysely Porvoossa",
                            description="Palautetta kotihoidosta."),
    }


def similar_titles(client, org, **text):
    response = client.post(reverse("ideas:similar", args=[org.slug]), text)
    assert response.status_code == 200
    return [idea.title for idea in response.context["similar"]]


def test_similar_ideas_are_found_from_base_forms_while_typing(client_for, employee, org, ideas):
    assert similar_titles(client_for(employee), org, title="kotihoito palaute") == [
        "Kotihoidon asiakkaiden palautekysely"]


@pytest.mark.parametrize("typed", [
    "palautteet kotihoidolta",  # inflected forms
    "asiakaskysely kotihoitoon",  # compound parts
    "kotihoidon asiakkaiden palautekyselyt",
    "kotihoidon palautekyselly",  # a typo
])
def test_inflections_compounds_and_typos(client_for, employee, org, ideas, typed):
    assert similar_titles(client_for(employee), org, description=typed)[:1] == [
        "Kotihoidon asiakkaiden palautekysely"]


def test_without_umlauts(client_for, employee, org, ideas):
    assert similar_titles(client_for(employee), org, title="paivakodin tyovuorot") == [
        "Yhteinen kalenteri päiväkodin henkilöstölle"]


def test_merged_ideas_and_other_organisations_are_not_suggested(client_for, employee, org, ideas):
    titles = similar_titles(client_for(employee), org, title="kotihoito palautekysely")
    assert "Kotihoidon palautekysely asiakkaille" not in titles
    assert "Kotihoidon palautekysely Porvoossa" not in titles


def test_unrelated_text_suggests_nothing(client_for, employee, org, ideas):
    assert similar_titles(client_for(employee), org, title="pysäköintilupa sähköautolle") == []


def test_the_support_instead_button_supports_the_existing_idea(client_for, employee, org, ideas):
    client = client_for(employee)
    html = client.post(reverse("ideas:similar", args=[org.slug]), {"title": "kotihoito palaute"}).content.decode()
    target = reverse("ideas:support", args=[ideas["palaute"].pk])
    assert f'formaction="{target}"' in html
    response = client.post(target, {"next": reverse("ideas:detail", args=[ideas["palaute"].pk])})
    assert response.status_code == 302
    assert ideas["palaute"].supports.filter(user=employee).exists()


def test_similar_deeds_are_shown_when_the_marketplace_has_them(client_for, employee, org, ideas, monkeypatch):
    from latu.ideas import views

    class Deed:
        title = "Palautekysely kotihoidossa Lahdessa"
        lead = "Kysely tehtiin tabletilla."

        class organisation:
            name = "Lahden kaupunki"

        def get_absolute_url(self):
            return "/tori/teot/1/"

    monkeypatch.setattr(views, "_similar_deeds", lambda text, user: [Deed()])
    response = client_for(employee).post(reverse("ideas:similar", args=[org.slug]), {"title": "kotihoito palaute"})
    assert "Palautekysely kotihoidossa Lahdessa" in response.content.decode()
    assert 'href="/tori/teot/1/"' in response.content.decode()


def test_search_in_the_idea_list(client_for, employee, org, ideas):
    response = client_for(employee).get(reverse("ideas:index", args=[org.slug]), {"q": "ruokahävikki koulu"})
    assert [i.title for i in response.context["ideas"]] == ["Koulujen ruokahävikin seuranta"]


def test_search_ranks_the_best_match_first(client_for, employee, org, ideas, make_idea):
    make_idea(title="Palaute", description="Yleinen palautelomake verkkosivuille.")
    response = client_for(employee).get(reverse("ideas:index", args=[org.slug]), {"q": "kotihoidon palautekysely"})
    titles = [i.title for i in response.context["ideas"]]
    assert titles[0] in ("Kotihoidon asiakkaiden palautekysely", "Kotihoidon palautekysely asiakkaille")
    assert "Kotihoidon palautekysely Porvoossa" not in titles


def test_similar_needs_membership(client_for, outsider, org, ideas):
    assert client_for(outsider).post(reverse("ideas:similar", args=[org.slug]), {"title": "kotihoito"}).status_code \
        == 404


def test_published_deeds_of_the_marketplace_are_shown_while_writing(client_for, employee, org, other_org):
    from latu.tori.factories import DeedFactory
    from latu.tori.models import Deed

    DeedFactory(organisation=other_org, title="Kotihoidon asiakaspalaute tabletilla",
                lead="Kotihoidon asiakkaat antavat palautetta käynnin lopuksi.",
                story="Palautekysely tehtiin hoitajan tabletilla.")
    DeedFactory(organisation=other_org, title="Luonnos kotihoidon palautteesta", status=Deed.Status.DRAFT)
    response = client_for(employee).post(reverse("ideas:similar", args=[org.slug]),
                                         {"title": "Palautekysely kotihoidon asiakkaille"})
    assert [deed.title for deed in response.context["deeds"]] == ["Kotihoidon asiakaspalaute tabletilla"]


@pytest.fixture
def bounded(monkeypatch):
    """Rank as for a city-sized organisation: every set counts as large, and each term
    reads at most a handful of postings."""
    from latu.ideas import search

    monkeypatch.setattr(search, "EXACT_BELOW", 0)
    monkeypatch.setattr(search, "CANDIDATE_BUDGET", 4)
    monkeypatch.setattr(search, "MIN_POSTINGS_PER_TERM", 2)
    monkeypatch.setattr(search, "SCOPE_CHECK_CHUNK", 2)
    return search


def test_bounded_ranking_finds_the_best_matches_within_the_scope(bounded, employee, org, other_org, ideas,
                                                                 make_idea):
    from latu import access

    for n in range(6):
        make_idea(title=f"Kahvihuoneen siivous {n}", description="Kotihoito mainitaan ohimennen.")
    scope = access.scope(employee, Idea)
    exact = bounded._rank_exact(bounded.query_terms("kotihoidon palautekysely"), scope, None, 3, 0.0)
    ranked = bounded.rank_ideas("kotihoidon palautekysely", scope, organisations={org.pk, other_org.pk}, limit=3)
    assert ranked[0][0] == exact[0][0] == ideas["palaute"].pk
    assert ideas["porvoo"].pk not in {pk for pk, _ in ranked}  # another organisation's idea stays out
    # Filters of the list still apply to the bounded candidates.
    merged = scope.filter(status=Idea.Status.MERGED)
    assert [pk for pk, _ in bounded.rank_ideas("kotihoidon palautekysely", merged, organisation=org)] == [
        ideas["merged"].pk]


def test_bounded_search_through_the_api_and_the_similar_panel(bounded, client_for, employee, org, ideas):
    client = client_for(employee)
    titles = [row["title"] for row in client.get("/api/v1/ideas/?q=kotihoito+palaute").json()["results"]]
    assert titles[0] == "Kotihoidon asiakkaiden palautekysely"
    assert "Kotihoidon palautekysely Porvoossa" not in titles
    assert similar_titles(client, org, title="kotihoito palaute") == ["Kotihoidon asiakkaiden palautekysely"]


def test_bounded_ranking_with_a_narrow_filter_ranks_the_filtered_ideas_exactly(bounded, employee, org, ideas,
                                                                               make_idea):
    from latu import access
    from latu.organisations.factories import UnitFactory

    for n in range(6):  # the heaviest postings of "kotihoito" are all outside the unit
        make_idea(title=f"Kotihoito {n}", description="Kotihoidon kehittäminen.")
    unit = UnitFactory(organisation=org)
    minor = make_idea(title="Kahvihuoneen siivous", description="Sivumennen: kotihoito kiittää.", unit=unit)
    in_unit = access.scope(employee, Idea).filter(unit=unit)
    assert [pk for pk, _ in bounded.rank_ideas("kotihoito", in_unit, organisation=org)] == [minor.pk]


def test_handlers_see_ideas_that_may_be_the_same_after_the_idea_page(client_for, innovator, employee, outsider, org,
                                                                       ideas, make_idea):
    new = make_idea(title="Palautekysely kotihoidon asiakkaille puhelimitse",
                    description="Kysytään asiakkailta palautetta kotihoidosta.")
    same_url = reverse("ideas:same_ideas", args=[new.pk])
    client = client_for(innovator)
    page = client.get(reverse("ideas:detail", args=[new.pk])).content.decode()
    assert f'hx-get="{same_url}"' in page and f'<a href="{same_url}">' in page  # a link without JavaScript
    fragment = client.get(same_url, HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "ideas/_same_ideas.html"
    assert [i.title for i in fragment.context["similar"]] == ["Kotihoidon asiakkaiden palautekysely"]
    full = client.get(same_url)  # the page of its own, without JavaScript
    assert full.templates[0].name == "ideas/same_ideas.html"
    assert "Kotihoidon asiakkaiden palautekysely" in full.content.decode()
    assert "Kotihoidon palautekysely Porvoossa" not in full.content.decode()  # another organisation's

    # Only for handlers: not for the author's colleagues, not outside the organisation.
    colleague = client_for(employee)
    assert f'hx-get="{same_url}"' not in colleague.get(reverse("ideas:detail", args=[new.pk])).content.decode()
    assert colleague.get(same_url).status_code == 403
    assert client_for(outsider).get(same_url).status_code == 404


def test_a_closed_idea_looks_for_nothing(client_for, innovator, org, ideas, make_idea):
    done = make_idea(title="Kotihoidon palautekysely", description="Tehty.", status=Idea.Status.IMPLEMENTED)
    client = client_for(innovator)
    same_url = reverse("ideas:same_ideas", args=[done.pk])
    assert same_url not in client.get(reverse("ideas:detail", args=[done.pk])).content.decode()
    response = client.get(same_url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["similar"] == []
    assert "No other idea of the organisation looks the same." in response.content.decode()
