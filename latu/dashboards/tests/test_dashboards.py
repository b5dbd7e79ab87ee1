"""Dashboards of an organisation, a unit and a strategy goal, computed from the
precomputed tables: known data in, exact figures out (medians, participation share),
charts with tables, CSV/XLSX exports with an audit entry, access and query counts."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from latu.audit.models import AuditEvent
from latu.dashboards import stats
from latu.dashboards.models import DailyStats, ParticipantActivity
from latu.dashboards.queries import Period, Scope, build, median_hours, period_for
from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import Experiment
from latu.ideas.models import Comment, Idea, Support
from latu.organisations.factories import StrategyGoalFactory, UnitFactory, UserFactory, member
from latu.organisations.models import Role

DAY = timedelta(days=1)


def _ago(days: float):
    return timezone.now() - days * DAY


@pytest.fixture
def world(org, other_org):
    """Hollola with a sector (A) and its unit (A1), another unit (B) and a goal;
    five staff members and a known history of ideas, supports and comments."""
    a = UnitFactory(organisation=org, name_fi="Sivistys")
    a1 = UnitFactory(organisation=org, name_fi="Päiväkoti Vekkula", parent=a)
    b = UnitFactory(organisation=org, name_fi="Kotihoito Etelä")
    goal = StrategyGoalFactory(organisation=org, title_fi="Asukas ensin")
    emp1 = member(org, Role.EMPLOYEE, unit=a1, email="e1@hollola.example.fi", name="Eila Yksi")
    emp2 = member(org, Role.EMPLOYEE, unit=a1, email="e2@hollola.example.fi", name="Esa Kaksi")
    emp3 = member(org, Role.EMPLOYEE, unit=b, email="e3@hollola.example.fi", name="Erkki Kolme")
    emp4 = member(org, Role.EMPLOYEE, unit=b, email="e4@hollola.example.fi", name="Elli Neljä")
    head = member(org, Role.INNOVATOR, email="into@hollola.example.fi", name="Into Uudistaja")  # organisation-wide
    citizen = UserFactory(email="kalle@example.com", is_citizen=True)

    def idea(title, unit, created, *, author=None, first=None, decided=None, status="new", goal_=None):
        return Idea.objects.create(
            organisation=org, unit=unit, strategy_goal=goal_, title=title, description="Kuvaus", author=author,
            is_anonymous=author is None, status=status, created_at=_ago(created),
            first_response_at=_ago(created - first) if first is not None else None,
            decided_at=_ago(created - decided) if decided is not None else None,
        )

    i1 = idea("Yksi", a1, 10, author=emp1, first=1, decided=4, status="decided", goal_=goal)
    i2 = idea("Kaksi", a1, 20, author=emp2, first=3, decided=10, status="declined")
    idea("Kolme", b, 40, author=emp3, first=10, status="in_evaluation")
    idea("Anonyymi", a1, 3)
    idea("Vanha", b, 100, author=emp4, decided=50, status="implemented")
    Support.objects.create(idea=i1, user=emp3, created_at=_ago(8))
    Support.objects.create(idea=i2, user=citizen, created_at=_ago(7))  # not staff
    Comment.objects.create(idea=i2, author=emp4, body="Hyvä!", created_at=_ago(200))  # outside the period
    Comment.objects.create(idea=i1, author=None, body="Vastaus kuittikoodilla", created_at=_ago(2))
    idea("Porvoon idea", None, 5, author=None).__class__.objects.filter(title="Porvoon idea").update(
        organisation=other_org)
    stats.rebuild_all()
    return {"a": a, "a1": a1, "b": b, "goal": goal, "emp1": emp1, "emp3": emp3, "head": head, "i1": i1}


def test_median_of_histograms():
    assert median_hours([]) is None
    assert median_hours([(24, 1), (72, 1), (240, 1)]) == 72
    assert median_hours([(24, 1), (72, 1)]) == 48
    assert median_hours([(10, 3), (5, 1)]) == 10
    assert median_hours([(5, 2), (10, 2)]) == 7.5


def test_waiting_times_are_bucketed_by_hours_then_days_then_weeks():
    def lower_bound(delta):
        return stats.BUCKET_HOURS[stats.duration_bucket(delta)]

    assert lower_bound(timedelta(hours=5, minutes=59)) == 5
    assert lower_bound(timedelta(days=2, hours=23)) == 66
    assert lower_bound(timedelta(days=10, hours=7)) == 240
    assert lower_bound(timedelta(days=45)) == 720 + 2 * 168
    assert lower_bound(timedelta(days=800)) == 8760
    total = [1, 0, 2]
    stats.add_histogram(total, [0, 1, 0, 0, 5])
    assert total == [1, 1, 2, 0, 5]


def test_organisation_figures_on_known_data(world, org):
    dashboard = build(Scope(org), period_for("90"))
    assert dashboard.totals == {"ideas_created": 4, "ideas_anonymous": 1, "first_responses": 3,
                                "ideas_decided": 3, "supports": 2, "comments": 1}
    statuses = {value: n for value, _label, n in dashboard.statuses}
    assert statuses["decided"] == 1 and statuses["declined"] == 1 and statuses["new"] == 1
    assert statuses["in_evaluation"] == 1 and statuses["implemented"] == 0  # sent before the period
    # First responses after 1, 3 and 10 days; decisions after 4, 10 and 50 days.
    assert dashboard.medians["first_response"] == (3.0, 3)
    assert dashboard.medians["decision"] == (10.0, 3)
    # Staff: five members. Took part: Eila, Esa and Erkki (named ideas; Erkki also
    # supported). The
    # citizen's support, the anonymous idea and the receipt holder's comment count
    # only in the totals; Elli's comment is older than the period.
    assert dashboard.staff == 5
    assert dashboard.participants == {"any": 3, "submitted": 3, "supported": 1, "commented": 0}
    assert dashboard.participation == 60.0 and dashboard.participation_of("supported") == 20.0
    # In the last 30 days only Eila and Esa sent ideas; Erkki supported.
    recent = build(Scope(org), period_for("30"))
    assert recent.participants == {"any": 3, "submitted": 2, "supported": 1, "commented": 0}
    assert sum(created for _label, created, _d in dashboard.timeline) == 4


def test_unit_and_goal_figures(world, org):
    unit_a = build(Scope.for_unit(world["a"]), period_for("90"))  # includes A1 below it
    assert unit_a.totals["ideas_created"] == 3 and unit_a.totals["ideas_anonymous"] == 1
    assert unit_a.medians["first_response"] == (2.0, 2) and unit_a.medians["decision"] == (7.0, 2)
    assert unit_a.staff == 2 and unit_a.participation == 100.0
    unit_b = build(Scope.for_unit(world["b"]), period_for("90"))
    assert unit_b.staff == 2 and unit_b.participants["any"] == 1 and unit_b.participation == 50.0
    goal = build(Scope(org, goal=world["goal"]), period_for("90"))
    assert goal.totals["ideas_created"] == 1 and goal.totals["supports"] == 1
    assert goal.participants == {"any": 2, "submitted": 1, "supported": 1, "commented": 0}
    assert goal.staff == 5 and goal.participation == 40.0


def test_periods():
    today = timezone.localdate()
    assert period_for("30").start == today - timedelta(days=29)
    assert period_for("year").start.month == 1 and period_for("year").start.day == 1
    assert period_for("nonsense").key == "365"
    period = Period("30", today - timedelta(days=29), today)
    assert period.days == 30


def test_the_page_shows_figures_charts_and_tables(world, org, client_for):
    response = client_for(world["emp1"]).get(f"/o/{org.slug}/results/?period=90")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="key-figures"' in html and 'data-median="first_response">3<' in html
    assert 'data-median="decision">10<' in html
    assert html.count('class="chart"') == 4 and html.count("<table") >= 5
    assert response.context["dashboard"].participation == 60.0
    assert f'/o/{org.slug}/results/goal/{world["goal"].pk}/' in html


def test_the_page_reads_aggregates_not_ideas(world, org, client_for, django_assert_max_num_queries):
    from django.core.cache import cache

    client = client_for(world["head"])
    client.get(f"/o/{org.slug}/results/")  # warm up the session and the menu
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/o/{org.slug}/results/?period=365").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "ideas_idea" not in tables and "ideas_support" not in tables and "ideas_comment" not in tables
    assert "dashboards_dailystats" in tables
    # More data does not mean more queries.
    for n in range(30):
        Idea.objects.create(organisation=org, unit=world["b"], title=f"Lisä {n}", description="x",
                            created_at=_ago(n + 1))
    stats.rebuild_all([org.pk])
    cache.clear()
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get(f"/o/{org.slug}/results/?period=365")


def test_the_page_is_cached_until_the_figures_change(world, org, client_for):
    from latu.ideas import actions as idea_actions

    client = client_for(world["emp1"])
    first = client.get(f"/o/{org.slug}/results/?period=30").context["dashboard"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/o/{org.slug}/results/?period=30").context["dashboard"]
    assert "dashboards_dailystats" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert again.totals == first.totals
    idea_actions.submit_idea(world["emp1"], org, title="Uusi idea", description="Kuvaus")
    after = client.get(f"/o/{org.slug}/results/?period=30").context["dashboard"]
    assert after.totals["ideas_created"] == first.totals["ideas_created"] + 1
    make_experiment(org, world["emp1"], title="Uusi kokeilu")
    assert client.get(f"/o/{org.slug}/results/?period=30").context["dashboard"].experiments["active"] == 1


def test_events_keep_the_figures_current_without_a_rebuild(org, client_for):
    from latu.ideas import actions as idea_actions

    eila = member(org, Role.EMPLOYEE, email="eila@hollola.example.fi", name="Eila")
    erkki = member(org, Role.EMPLOYEE, email="erkki@hollola.example.fi", name="Erkki")
    into = member(org, Role.INNOVATOR, email="into2@hollola.example.fi", name="Into")
    idea = idea_actions.submit_idea(eila, org, title="Kotihoidon reitit", description="Reitit kartalle").idea
    idea_actions.submit_idea(erkki, org, title="Nimetön", description="Salainen", anonymous=True)
    idea_actions.support(idea, erkki)
    idea_actions.comment(idea, into, "Hyvä ajatus, katsotaan.")
    idea_actions.decide(idea, into, "implement", "Toteutetaan heti.")

    row = DailyStats.objects.get(organisation=org, unit=None, strategy_goal=None, day=timezone.localdate())
    assert {name: getattr(row, name) for name in stats.COUNTERS} == {
        "ideas_created": 2, "ideas_anonymous": 1, "first_responses": 1, "ideas_decided": 1, "supports": 1,
        "comments": 1}
    assert row.decision_hours == [1] and row.statuses == {"decided": 1, "new": 1}
    # Only named people are recorded as taking part; the anonymous idea leaves no trace.
    assert set(ParticipantActivity.objects.filter(organisation=org).values_list("user__email", "last_submitted",
                                                                                 "last_supported")) == {
        ("eila@hollola.example.fi", timezone.localdate(), None),
        ("erkki@hollola.example.fi", None, timezone.localdate()),
        ("into2@hollola.example.fi", None, None),
    }
    dashboard = build(Scope(org), period_for("30"))
    assert dashboard.participants == {"any": 3, "submitted": 1, "supported": 1, "commented": 1}
    assert {v: n for v, _l, n in dashboard.statuses}["decided"] == 1
    # A full rebuild arrives at the same figures.
    stats.rebuild_all([org.pk])
    assert build(Scope(org), period_for("30")).totals == dashboard.totals
    # A withdrawn support is taken off at once: Erkki took part only by supporting.
    idea_actions.withdraw_support(idea, erkki)
    withdrawn = build(Scope(org), period_for("30"))
    assert withdrawn.totals["supports"] == 0
    assert withdrawn.participants == {"any": 2, "submitted": 1, "supported": 0, "commented": 1}
    stats.rebuild_all([org.pk])
    rebuilt = build(Scope(org), period_for("30"))
    assert (rebuilt.totals, rebuilt.participants) == (withdrawn.totals, withdrawn.participants)


def test_a_withdrawn_support_comes_off_the_day_it_was_given(org):
    from latu.ideas import actions as idea_actions

    goal = StrategyGoalFactory(organisation=org)
    eila = member(org, Role.EMPLOYEE, email="eila@hollola.example.fi", name="Eila")
    erkki = member(org, Role.EMPLOYEE, email="erkki@hollola.example.fi", name="Erkki")
    old = idea_actions.submit_idea(eila, org, title="Kotihoidon reitit", description="Reitit kartalle").idea
    new = idea_actions.submit_idea(eila, org, title="Asiakaspalaute", description="Palaute talteen",
                                   strategy_goal=goal).idea
    idea_actions.support(old, erkki)
    idea_actions.support(new, erkki)
    week_ago = timezone.localdate() - timedelta(days=7)
    Support.objects.filter(idea=old).update(created_at=_ago(7))
    stats.rebuild_all([org.pk])

    def supports_on(day):
        return sum(DailyStats.objects.filter(organisation=org, unit=None, strategy_goal=None, day=day)
                   .values_list("supports", flat=True))

    assert (supports_on(week_ago), supports_on(timezone.localdate())) == (1, 1)

    idea_actions.withdraw_support(new, erkki)  # given today, on an idea of the goal
    assert (supports_on(week_ago), supports_on(timezone.localdate())) == (1, 0)
    last = dict(ParticipantActivity.objects.filter(organisation=org, user=erkki).values_list(
        "goal_key", "last_supported"))
    assert last == {ParticipantActivity.ALL_GOALS: week_ago}  # nothing left for the goal
    assert build(Scope(org, goal=goal), period_for("30")).participants["supported"] == 0

    idea_actions.withdraw_support(old, erkki)
    assert supports_on(week_ago) == 0
    assert not ParticipantActivity.objects.filter(organisation=org, user=erkki).exists()
    assert idea_actions.withdraw_support(old, erkki) is False  # nothing more to take back
    assert supports_on(week_ago) == 0


def _figures(org):
    """Every stored figure of the organisation, comparable with a full rebuild's."""
    fields = ["unit_id", "strategy_goal_id", "day", *stats.COUNTERS, *stats.HISTOGRAMS]
    daily = sorted(DailyStats.objects.filter(organisation=org).values_list(*fields), key=repr)
    taking_part = set(ParticipantActivity.objects.filter(organisation=org).values_list(
        "goal_key", "user_id", "last_active", "last_submitted", "last_supported", "last_commented"))
    return daily, taking_part


def test_an_idea_moved_to_another_unit_and_goal_takes_its_figures_along(org):
    from latu.ideas import actions as idea_actions

    home, away = UnitFactory(organisation=org), UnitFactory(organisation=org)
    goal = StrategyGoalFactory(organisation=org)
    eila = member(org, Role.EMPLOYEE, email="eila@hollola.example.fi", name="Eila")
    erkki = member(org, Role.EMPLOYEE, email="erkki@hollola.example.fi", name="Erkki")
    idea = idea_actions.submit_idea(eila, org, title="Kotihoidon reitit", description="Reitit kartalle",
                                    unit=home).idea
    idea_actions.support(idea, erkki)
    idea_actions.comment(idea, erkki, "Hyvä ajatus.")
    Support.objects.filter(idea=idea).update(created_at=_ago(3))
    stats.rebuild_all([org.pk])
    three_days_ago = timezone.localdate() - timedelta(days=3)

    def supports(unit=None, goal_=None):
        return dict(DailyStats.objects.filter(organisation=org, unit=unit, strategy_goal=goal_, supports__gt=0)
                    .values_list("day", "supports"))

    assert (supports(home), supports(away), supports(goal_=goal)) == ({three_days_ago: 1}, {}, {})

    idea_actions.edit_idea(idea, eila, unit=away, strategy_goal=goal)

    assert (supports(home), supports(away), supports(goal_=goal)) == ({}, {three_days_ago: 1}, {three_days_ago: 1})
    assert build(Scope(org, unit=away), period_for("30")).totals["comments"] == 1
    assert build(Scope(org, unit=home), period_for("30")).totals["comments"] == 0
    assert build(Scope(org, goal=goal), period_for("30")).participants == {
        "any": 2, "submitted": 1, "supported": 1, "commented": 1}
    # The same as a full rebuild, down to every stored figure.
    moved = _figures(org)
    stats.rebuild_all([org.pk])
    assert _figures(org) == moved

    idea_actions.edit_idea(idea, eila, strategy_goal=None)  # and out of the goal again
    assert supports(goal_=goal) == {}
    assert not ParticipantActivity.objects.filter(organisation=org, goal_key=goal.pk).exists()
    moved = _figures(org)
    stats.rebuild_all([org.pk])
    assert _figures(org) == moved


def test_a_participation_row_created_meanwhile_is_updated_not_duplicated(org, monkeypatch):
    from django.db.models.query import QuerySet

    from latu.ideas import actions as idea_actions

    goal = StrategyGoalFactory(organisation=org)
    eila = member(org, Role.EMPLOYEE, email="eila@hollola.example.fi", name="Eila")
    idea = idea_actions.submit_idea(eila, org, title="Kotihoidon reitit", description="Reitit kartalle").idea
    week_ago, today = timezone.localdate() - timedelta(days=7), timezone.localdate()
    ParticipantActivity.objects.create(organisation=org, goal_key=goal.pk, user=eila, last_active=week_ago,
                                       last_commented=week_ago)
    real_first, missed = QuerySet.first, []

    def first(queryset):  # the row is not there yet when it is read, but is by the INSERT
        if queryset.model is ParticipantActivity and queryset.query.select_for_update and not missed:
            missed.append(True)
            return None
        return real_first(queryset)

    monkeypatch.setattr(QuerySet, "first", first)
    idea_actions.edit_idea(idea, eila, strategy_goal=goal)

    row = ParticipantActivity.objects.get(organisation=org, goal_key=goal.pk, user=eila)
    assert missed and (row.last_submitted, row.last_commented, row.last_active) == (today, week_ago, today)


def test_a_unit_moved_under_another_changes_the_figures_above_it(world, org, office):
    from latu.organisations import actions as org_actions

    a, b = world["a"], world["b"]
    before = build(Scope(org, unit=a), period_for("365")).totals["ideas_created"]
    b.parent = a
    org_actions.save_unit(b, actor=office, changed=["parent"])
    after = build(Scope(org, unit=a), period_for("365")).totals["ideas_created"]
    assert (before, after) == (3, 5)  # Kotihoito Etelä's two ideas now count in Sivistys
    moved = _figures(org)
    stats.rebuild_all([org.pk])
    assert _figures(org) == moved


def test_rebuild_command(world, org):
    DailyStats.objects.all().delete()
    call_command("rebuild-stats", "--organisation", org.slug, stdout=io.StringIO())
    assert build(Scope(org), period_for("90")).totals["ideas_created"] == 4
    call_command("rebuild-stats", "--days", "5", stdout=io.StringIO())
    assert build(Scope(org), period_for("90")).totals["ideas_created"] == 4


def test_experiments_and_measures_on_the_dashboard(world, org, client_for):
    emp1 = world["emp1"]
    running = make_experiment(org, emp1, unit=world["a1"], title="Ruokahävikki puoleen")
    Experiment.objects.filter(pk=running.pk).update(phase=3, status="running")
    make_measure(running, indicator="Hävikki", unit="kg/vko", baseline=Decimal("40"), target=Decimal("20"),
                 results=[("2026-01-02", 35), ("2026-01-09", 30)])
    adopted = make_experiment(org, emp1, unit=world["b"], title="Porrastetut käynnit")
    Experiment.objects.filter(pk=adopted.pk).update(phase=4, status="adopted", decision="adopt",
                                                    decided_at=timezone.now())
    make_experiment(org, emp1, title="Vanha kokeilu")
    dashboard = build(Scope(org), period_for("30"))
    assert dashboard.experiments["active"] == 2 and dashboard.experiments["running"] == 1
    assert dashboard.experiments["adopted"] == 1
    row = next(r for r in dashboard.measures if r.experiment == running)
    assert row.latest == Decimal("30") and row.progress == 50 and row.reached is False
    unit_a = build(Scope.for_unit(world["a"]), period_for("30"))
    assert [r.experiment for r in unit_a.measures] == [running]
    assert {v: n for v, _l, n in unit_a.experiment_statuses}["running"] == 1
    html = client_for(emp1).get(f"/o/{org.slug}/results/").content.decode()
    assert 'id="measure-results"' in html and 'data-progress="50"' in html


def test_csv_and_xlsx_exports_are_audited(world, org, client_for):
    client = client_for(world["head"])
    response = client.get(f"/o/{org.slug}/results/?period=90&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_item = {row[1]: row[2] for row in rows[1:]}
    assert by_item[_("Ideas sent")] == "4" and by_item[_("Staff")] == "5"
    assert by_item[_("Took part (%)")] == "60,0"  # a decimal comma, as Excel in Finland reads it
    assert by_item[_("Median time to first response (days)")] == "3,0"
    audit = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert audit.actor == world["head"] and audit.organisation == org
    assert audit.data["format"] == "csv" and audit.data["period"] == "90"

    response = client.get(f"/o/{org.slug}/results/unit/{world['a'].pk}/?period=90&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[_("Staff")] == 2 and values[_("Median time to decision (days)")] == 7.0
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, data__format="xlsx").count() == 1


def test_access(world, org, other_org, client_for, outsider, office, client):
    a, b, goal = world["a"], world["b"], world["goal"]
    urls = [f"/o/{org.slug}/results/", f"/o/{org.slug}/results/unit/{a.pk}/",
            f"/o/{org.slug}/results/goal/{goal.pk}/", f"/o/{org.slug}/results/?export=csv"]
    for person in (outsider, office):
        for url in urls:
            assert client_for(person).get(url).status_code == 404, (person, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302
    erkki = client_for(world["emp3"])  # works in unit B
    assert erkki.get(urls[0]).status_code == 200
    assert erkki.get(f"/o/{org.slug}/results/unit/{b.pk}/").status_code == 200
    assert erkki.get(urls[1]).status_code == 403  # another branch of the organisation
    assert erkki.get(urls[2]).status_code == 200
    eila = client_for(world["emp1"])  # works in A1, below A
    assert eila.get(urls[1]).status_code == 200 and eila.get(f"/o/{org.slug}/results/unit/{world['a1'].pk}/"
                                                             ).status_code == 200
    assert client_for(world["head"]).get(f"/o/{org.slug}/results/unit/{b.pk}/").status_code == 200
    foreign_unit = UnitFactory(organisation=other_org)
    foreign_goal = StrategyGoalFactory(organisation=other_org)
    head = client_for(world["head"])
    assert head.get(f"/o/{org.slug}/results/unit/{foreign_unit.pk}/").status_code == 404
    assert head.get(f"/o/{org.slug}/results/goal/{foreign_goal.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_busy_organisation_is_recomputed_once_per_window(org, settings):
    """With a task backend that defers work (the database backend in production), a burst
    of new ideas queues one announcement per organisation, and the many events queue one
    recomputation per organisation and day; who took part is recorded at once."""
    from latu.dashboards.tasks import refresh_stats
    from latu.ideas import actions as idea_actions
    from latu.ideas.tasks import announce_ideas

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    people = [member(org, Role.EMPLOYEE, email=f"kiire{n}@hollola.example.fi") for n in range(5)]
    ideas = [idea_actions.submit_idea(person, org, title=f"Idea {n}", description="Kuvaus").idea
             for n, person in enumerate(people)]
    announcements = [r for r in announce_ideas.get_backend().results if r.task.name == announce_ideas.name]
    assert len(announcements) == 1 and list(announcements[0].args) == [org.pk]
    assert announcements[0].task.run_after is not None and announcements[0].task.run_after > timezone.now()
    assert not ParticipantActivity.objects.filter(organisation=org).exists()

    assert idea_actions.announce_new_ideas(org.pk) == 5
    for person, idea in zip(people, ideas[1:] + ideas[:1], strict=True):
        idea_actions.support(idea, person)
    queued = [r for r in refresh_stats.get_backend().results if r.task.name == refresh_stats.name]
    assert len(queued) == 1
    assert list(queued[0].args) == [org.pk, [timezone.localdate().isoformat()]]
    assert queued[0].task.run_after is not None and queued[0].task.run_after > timezone.now()
    assert ParticipantActivity.objects.filter(organisation=org, last_supported=timezone.localdate()).count() == 5
    assert ParticipantActivity.objects.filter(organisation=org, last_submitted=timezone.localdate()).count() == 5
