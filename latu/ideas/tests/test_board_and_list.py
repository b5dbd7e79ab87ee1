"""The innovators' board (columns by status, age, response and decision times, overdue
ideas standing out) and the idea list (search, filters, order, pages)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from latu.ideas.models import Idea, PipelineSettings
from latu.organisations.factories import StrategyGoalFactory, UnitFactory, member
from latu.organisations.models import Role


def ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def pipeline(make_idea, org, employee):
    kotihoito = UnitFactory(organisation=org, name_fi="Kotihoito")
    koulu = UnitFactory(organisation=org, name_fi="Koulu")
    return {
        "fresh": make_idea(title="Tuore idea", created_at=ago(1), unit=kotihoito, author=employee),
        "late_response": make_idea(title="Vastausta odottava", created_at=ago(10), unit=kotihoito),
        "late_decision": make_idea(title="Päätöstä odottava", created_at=ago(40), first_response_at=ago(38),
                                   status=Idea.Status.IN_EVALUATION, unit=koulu),
        "decided": make_idea(title="Päätetty", created_at=ago(60), first_response_at=ago(59), decided_at=ago(45),
                             status=Idea.Status.DECIDED, unit=koulu),
        "declined": make_idea(title="Hylätty", created_at=ago(90), first_response_at=ago(80), decided_at=ago(70),
                              status=Idea.Status.DECLINED),
        "units": (kotihoito, koulu),
    }


def board_url(org, **params):
    return reverse("ideas:board", args=[org.slug])


def cards(response):
    return {c.idea.title: c for column in response.context["columns"] for c in column.cards}


def test_board_columns_follow_the_pipeline(client_for, innovator, org, pipeline):
    response = client_for(innovator).get(board_url(org))
    assert response.status_code == 200
    columns = {c.status: [card.idea.title for card in c.cards] for c in response.context["columns"]}
    assert list(columns) == ["new", "in_evaluation", "decided", "in_experiment", "implemented", "declined", "merged"]
    assert columns["new"] == ["Vastausta odottava", "Tuore idea"]  # oldest first: the overdue one leads
    assert columns["in_evaluation"] == ["Päätöstä odottava"]
    assert columns["decided"] == ["Päätetty"]


def test_overdue_ideas_stand_out(client_for, innovator, org, pipeline):
    response = client_for(innovator).get(board_url(org))
    by_title = cards(response)
    assert by_title["Vastausta odottava"].overdue_first_response
    assert not by_title["Tuore idea"].overdue
    assert by_title["Päätöstä odottava"].overdue_decision and not by_title["Päätöstä odottava"].overdue_first_response
    assert not by_title["Päätetty"].overdue
    assert response.context["totals"] == {"overdue_first": 1, "overdue_decision": 1}
    html = response.content.decode()
    assert f'data-idea="{pipeline["late_response"].pk}"' in html
    assert "board__card--overdue" in html


def test_board_shows_age_and_times(client_for, innovator, org, pipeline):
    by_title = cards(client_for(innovator).get(board_url(org)))
    decided = by_title["Päätetty"]
    assert (decided.age_days, decided.first_response_days, decided.decision_days) == (60, 1, 15)
    assert by_title["Tuore idea"].first_response_days is None


def test_a_card_says_it_all_in_the_persons_language(client_for, innovator, org, pipeline, make_idea):
    from latu.ideas.models import Forum

    forum = Forum.objects.create(organisation=org, kind=Forum.Kind.MANAGEMENT, name="Johtoryhmä <Hollola>")
    risky = make_idea(title='Kahvi & <script>alert("x")</script>', created_at=ago(3),
                      status=Idea.Status.IN_EVALUATION, first_response_at=ago(2), escalated_to=forum)
    html = client_for(innovator).get(board_url(org), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    decided = pipeline["decided"]
    assert (f'<a href="/ideas/{decided.pk}/">Päätetty</a> <span class="muted small">#{decided.pk} · Koulu</span> '
            '<span class="small">Ikä 60 päivää</span> '
            '<span class="small">Aika ensimmäiseen vastaukseen: 1 päivä</span> '
            '<span class="small">Aika päätökseen: 15 päivää</span>') in html
    late = pipeline["late_response"]
    assert (f'data-idea="{late.pk}"><a href="/ideas/{late.pk}/">Vastausta odottava</a>' in html
            and 'badge--danger">Ensimmäinen vastaus myöhässä</span>' in html)
    assert "<script>alert" not in html
    assert f'<a href="/ideas/{risky.pk}/">Kahvi &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>' in html
    assert '<span class="badge badge--accent">Johtoryhmä &lt;Hollola&gt;</span>' in html


def test_targets_are_configurable_per_organisation(client_for, innovator, org, pipeline, settings):
    settings.LATU_FIRST_RESPONSE_TARGET_DAYS = 7
    PipelineSettings.objects.create(organisation=org, first_response_target_days=14)
    by_title = cards(client_for(innovator).get(board_url(org)))
    assert not by_title["Vastausta odottava"].overdue_first_response


def test_board_filters(client_for, innovator, org, pipeline):
    kotihoito, koulu = pipeline["units"]
    goal = StrategyGoalFactory(organisation=org)
    Idea.objects.filter(pk=pipeline["fresh"].pk).update(strategy_goal=goal, source=Idea.Source.CITIZEN)
    client = client_for(innovator)
    titles = lambda **q: set(cards(client.get(board_url(org), q)))  # noqa: E731
    assert titles(unit=koulu.pk) == {"Päätöstä odottava", "Päätetty"}
    assert titles(goal=goal.pk) == {"Tuore idea"}
    assert titles(source="citizen") == {"Tuore idea"}
    assert titles(age="30") == {"Päätöstä odottava", "Päätetty", "Hylätty"}


def test_a_unit_innovator_starts_from_their_own_unit(client_for, org, pipeline):
    kotihoito, _ = pipeline["units"]
    unit_innovator = member(org, Role.INNOVATOR, unit=kotihoito)
    assert set(cards(client_for(unit_innovator).get(board_url(org)))) == {"Tuore idea", "Vastausta odottava"}


def test_board_query_count_does_not_grow_with_ideas(client_for, innovator, org, make_idea,
                                                    django_assert_max_num_queries):
    unit = UnitFactory(organisation=org)
    for n in range(40):
        make_idea(title=f"Idea {n}", unit=unit, status=list(Idea.Status)[n % 7], created_at=ago(n))
    client = client_for(innovator)
    client.get(board_url(org))  # warm up the session and caches
    with django_assert_max_num_queries(20):
        response = client.get(board_url(org))
    assert sum(c.count for c in response.context["columns"]) == 40


def test_board_is_for_handlers(client_for, employee, outsider, office, org):
    assert client_for(employee).get(board_url(org)).status_code == 403
    assert client_for(outsider).get(board_url(org)).status_code == 404
    assert client_for(office).get(board_url(org)).status_code == 404


# --- the list ---------------------------------------------------------------------------------


def index(client, org, **params):
    return client.get(reverse("ideas:index", args=[org.slug]), params)


def test_the_list_filters_by_status_unit_and_goal(client_for, employee, org, pipeline):
    client = client_for(employee)
    kotihoito, _ = pipeline["units"]
    assert [i.title for i in index(client, org, status="declined").context["ideas"]] == ["Hylätty"]
    assert {i.title for i in index(client, org, unit=kotihoito.pk).context["ideas"]} == {"Tuore idea",
                                                                                         "Vastausta odottava"}


def test_the_list_sorts_by_support(client_for, employee, org, pipeline):
    Idea.objects.filter(pk=pipeline["declined"].pk).update(support_count=9)
    Idea.objects.filter(pk=pipeline["decided"].pk).update(support_count=4)
    titles = [i.title for i in index(client_for(employee), org, sort="supported").context["ideas"]]
    assert titles[:2] == ["Hylätty", "Päätetty"]
    newest = [i.title for i in index(client_for(employee), org, sort="new").context["ideas"]]
    assert newest[0] == "Tuore idea"


def test_the_list_pages(client_for, employee, org, make_idea):
    for n in range(25):
        make_idea(title=f"Idea numero {n}")
    client = client_for(employee)
    first = index(client, org)
    assert len(first.context["ideas"]) == 20
    second = index(client, org, page=2)
    assert len(second.context["ideas"]) == 5


def test_the_list_count_is_kept_until_something_happens_in_the_organisation(client_for, employee, org, make_idea):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from latu.ideas import actions

    for n in range(3):
        make_idea(title=f"Idea {n}")
    client = client_for(employee)

    def count():
        return index(client, org).context["page"].paginator.count

    assert count() == 3
    with CaptureQueriesContext(connection) as queries:
        assert count() == 3
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sqls and not any("COUNT(" in sql and "ideas_idea" in sql for sql in sqls)
    make_idea(title="Suoraan tietokantaan")  # no event: the kept count stands (for at most a minute)
    assert count() == 3
    actions.submit_idea(employee, org, title="Lomakkeelta", description="Kuvaus")  # an event: counted again
    assert count() == 5
    assert index(client, org, status="new").context["page"].paginator.count == 5  # each filter its own count


def test_the_list_query_count(client_for, employee, org, make_idea, django_assert_max_num_queries):
    unit = UnitFactory(organisation=org)
    goal = StrategyGoalFactory(organisation=org)
    for n in range(30):
        make_idea(title=f"Idea {n}", unit=unit, strategy_goal=goal)
    client = client_for(employee)
    client.get(reverse("ideas:index", args=[org.slug]))
    with django_assert_max_num_queries(15):
        response = index(client, org)
    assert len(response.context["ideas"]) == 20
    with django_assert_max_num_queries(20):
        index(client, org, q="idea")


def test_the_list_is_for_members(client_for, outsider, office, citizen, org, pipeline):
    for person in (outsider, office, citizen):
        assert index(client_for(person), org).status_code == 404


def test_citizens_see_their_own_ideas(client_for, citizen, org, make_idea):
    own = make_idea(title="Kuntalaisen idea", author=citizen, source=Idea.Source.CITIZEN)
    other = make_idea(title="Henkilöstön idea")
    client = client_for(citizen)
    page = client.get(reverse("ideas:detail", args=[own.pk]))
    assert page.status_code == 200
    assert reverse("ideas:index", args=[org.slug]) not in page.content.decode()  # would be a 404 for them
    assert client.get(reverse("ideas:detail", args=[other.pk])).status_code == 404
    assert [i.title for i in client.get(reverse("ideas:mine")).context["page"]] == ["Kuntalaisen idea"]


def test_the_detail_page_tells_the_whole_story(client_for, employee, innovator, org, pipeline):
    idea = pipeline["late_response"]
    client_for(innovator).post(reverse("ideas:start_evaluation", args=[idea.pk]), {"version": idea.version})
    client_for(innovator).post(reverse("ideas:comment", args=[idea.pk]), {"body": "Selvitetään."})
    response = client_for(employee).get(reverse("ideas:detail", args=[idea.pk]))
    kinds = [a.kind for a in response.context["timeline"]]
    assert kinds == ["commented", "status"]
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EVALUATION
    assert idea.first_response_at is not None


def test_the_detail_page_query_count_does_not_grow_with_the_discussion(client_for, innovator, org, make_idea,
                                                                       employee, django_assert_max_num_queries):
    from latu.ideas.factories import CommentFactory, SupportFactory

    idea = make_idea(title="Vilkas keskustelu", author=employee)
    for _ in range(15):
        comment = CommentFactory(idea=idea, author=member(org))
        CommentFactory(idea=idea, author=member(org), parent=comment)
        SupportFactory(idea=idea, user=member(org))
    client = client_for(innovator)
    client.get(reverse("ideas:detail", args=[idea.pk]))
    with django_assert_max_num_queries(24):
        response = client.get(reverse("ideas:detail", args=[idea.pk]))
    assert response.content.decode().count('class="card" id="comment-') == 30


def test_board_counts_are_kept_until_something_happens_in_the_organisation(client_for, innovator, employee, org,
                                                                           pipeline, make_idea):
    from latu.ideas import actions

    client = client_for(innovator)

    def new_count():
        return {c.status: c.count for c in client.get(board_url(org)).context["columns"]}["new"]

    assert new_count() == 2
    make_idea(title="Suoraan tietokantaan")  # no event: the kept count stands (for at most a minute)
    assert new_count() == 2
    actions.submit_idea(employee, org, title="Lomakkeelta", description="Kuvaus")  # an event: counted again
    assert new_count() == 4


def test_closed_columns_show_their_latest_ideas_and_link_to_the_rest(client_for, innovator, org, make_idea):
    from latu.ideas.queries import CLOSED_LIMIT

    for n in range(CLOSED_LIMIT + 3):
        make_idea(title=f"Toteutettu {n}", status=Idea.Status.IMPLEMENTED)
    response = client_for(innovator).get(board_url(org))
    column = {c.status: c for c in response.context["columns"]}["implemented"]
    assert len(column.cards) == CLOSED_LIMIT and column.more == 3
    assert '?status=implemented">3' in response.content.decode()
