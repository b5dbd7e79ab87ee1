"""Decisions with reasons, visible and notified; escalation to forums with meeting
agendas; merging duplicates; and concurrent decisions of which only one can win."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from latu.audit.models import AuditEvent
from latu.ideas import actions
from latu.ideas.factories import ForumFactory, ForumMeetingFactory, SupportFactory
from latu.ideas.models import AgendaItem, Decision, Forum, Idea, Support
from latu.organisations.factories import UnitFactory, member
from latu.organisations.models import Role


@pytest.fixture
def idea(make_idea, employee, outsider, org):
    return make_idea(title="Kotihoidon avainboksit", description="Avaimet lukittuun boksiin.", author=employee)


@pytest.fixture
def supporter(org, idea):
    person = member(org, Role.EMPLOYEE, email="sanna@hollola.example.fi", name="Sanna Kannattaja")
    SupportFactory(idea=idea, user=person)
    return person


def decide(client, idea, **data):
    data.setdefault("version", Idea.objects.get(pk=idea.pk).version)
    return client.post(reverse("ideas:decide", args=[idea.pk]), data)


@pytest.mark.parametrize(("kind", "status"), [
    ("implement", Idea.Status.DECIDED),
    ("experiment", Idea.Status.IN_EXPERIMENT),
    ("decline", Idea.Status.DECLINED),
])
def test_each_decision_has_a_reason_and_is_told_to_author_and_supporters(
        client_for, idea, supervisor, employee, supporter, events, kind, status):
    response = decide(client_for(supervisor), idea, kind=kind, reason="Perustelu päätökselle.")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == status
    assert idea.decided_at is not None and idea.first_response_at is not None
    decision = Decision.objects.get(idea=idea)
    assert (decision.kind, decision.reason, decision.decided_by) == (kind, "Perustelu päätökselle.", supervisor)
    decided = [e for e in events if e.kind == "idea.decided"]
    assert len(decided) == 1
    assert set(decided[0].recipients) == {employee, supporter}
    assert decided[0].data["reason"] == "Perustelu päätökselle." and decided[0].data["kind"] == kind
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DECISION, actor=supervisor).count() == 1
    # The author and supporters see the decision with its reason.
    for person in (employee, supporter):
        page = client_for(person).get(reverse("ideas:detail", args=[idea.pk]))
        assert "Perustelu päätökselle." in page.content.decode()


def test_a_decision_without_a_reason_is_refused(client_for, idea, supervisor, events):
    response = decide(client_for(supervisor), idea, kind="decline", reason="  ")
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW and not Decision.objects.exists() and not events


def test_anonymous_authors_are_not_notified_but_supporters_are(client_for, make_idea, supervisor, org, events):
    anonymous = make_idea(title="Nimetön", is_anonymous=True)
    fan = member(org, Role.EMPLOYEE)
    SupportFactory(idea=anonymous, user=fan)
    decide(client_for(supervisor), anonymous, kind="implement", reason="Hyvä.")
    assert list(events[-1].recipients) == [fan]


def test_employees_cannot_decide_and_outsiders_see_nothing(client_for, idea, employee, outsider, other_admin):
    assert decide(client_for(employee), idea, kind="implement", reason="x").status_code == 403
    assert decide(client_for(outsider), idea, kind="implement", reason="x").status_code == 404
    assert decide(client_for(other_admin), idea, kind="implement", reason="x").status_code == 404
    assert not Decision.objects.exists()


def test_unit_handlers_decide_only_their_units_ideas(client_for, make_idea, org):
    kotihoito, koulu = UnitFactory(organisation=org), UnitFactory(organisation=org)
    chief = member(org, Role.SUPERVISOR, unit=kotihoito)
    own = make_idea(title="Oma", unit=kotihoito)
    other = make_idea(title="Muu", unit=koulu)
    assert decide(client_for(chief), own, kind="implement", reason="Tehdään.").status_code == 302
    assert decide(client_for(chief), other, kind="implement", reason="Tehdään.").status_code == 403


# --- concurrency -----------------------------------------------------------------------------


def test_concurrent_decisions_cannot_both_win(client_for, idea, supervisor, manager):
    # Both open the decision form on the same version of the idea…
    first_form = client_for(supervisor).get(reverse("ideas:decide", args=[idea.pk]))
    version = first_form.context["form"].initial["version"]
    # …the first one decides…
    assert decide(client_for(supervisor), idea, kind="implement", reason="Toteutetaan.",
                  version=version).status_code == 302
    # …and the second one, with the outdated version, gets a clear conflict.
    late = decide(client_for(manager), idea, kind="decline", reason="Ei resursseja.", version=version)
    assert late.status_code == 409
    assert late.context["form"].non_field_errors()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DECIDED
    assert list(Decision.objects.values_list("kind", flat=True)) == ["implement"]


def test_a_stale_version_on_a_still_open_idea_is_refused(client_for, idea, supervisor, innovator):
    version = idea.version
    client_for(innovator).post(reverse("ideas:start_evaluation", args=[idea.pk]), {"version": version})
    response = decide(client_for(supervisor), idea, kind="decline", reason="Ei.", version=version)
    assert response.status_code == 409
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EVALUATION and not Decision.objects.exists()


def test_the_conditional_update_lets_one_of_two_stale_objects_win(idea, supervisor, manager):
    """Two decisions made on two copies of the same idea row, as two requests would."""
    copy_a, copy_b = Idea.objects.get(pk=idea.pk), Idea.objects.get(pk=idea.pk)
    actions.decide(copy_a, supervisor, "implement", "A")
    with pytest.raises(Exception) as error:
        actions.decide(copy_b, manager, "decline", "B")
    assert getattr(error.value, "code", None) == "stale"
    assert Decision.objects.count() == 1


# --- escalation and forums ---------------------------------------------------------------------


@pytest.fixture
def management(org):
    return ForumFactory(organisation=org, kind=Forum.Kind.MANAGEMENT, name="Johtoryhmä")


def test_escalation_puts_the_idea_on_the_next_meeting(client_for, idea, supervisor, manager, management, events):
    past = ForumMeetingFactory(forum=management, date=timezone.localdate() - timedelta(days=7))
    later = ForumMeetingFactory(forum=management, date=timezone.localdate() + timedelta(days=30))
    upcoming = ForumMeetingFactory(forum=management, date=timezone.localdate() + timedelta(days=3))
    response = decide(client_for(supervisor), idea, kind="escalate", reason="Vaatii budjetin.",
                      forum=management.pk)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EVALUATION and idea.escalated_to == management
    assert idea.decided_at is None
    assert list(AgendaItem.objects.filter(idea=idea).values_list("meeting", flat=True)) == [upcoming.pk]
    assert past.agenda.count() == later.agenda.count() == 0
    escalated = [e for e in events if e.kind == "idea.escalated"][0]
    assert manager in escalated.recipients

    # The meeting records the decision.
    page = client_for(manager).get(reverse("ideas:meeting", args=[upcoming.pk]))
    assert [entry.idea for entry, form in page.context["rows"]] == [idea]
    response = client_for(manager).post(reverse("ideas:meeting", args=[upcoming.pk]), {
        "idea": idea.pk, "version": idea.version, "kind": "experiment", "reason": "Kokeillaan kolme kuukautta."})
    assert response.status_code == 302
    decision = Decision.objects.get(kind="experiment")
    assert decision.meeting == upcoming
    assert AgendaItem.objects.get(idea=idea).decision == decision
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EXPERIMENT and idea.escalated_to is None


def test_escalation_needs_a_forum(client_for, idea, supervisor):
    response = decide(client_for(supervisor), idea, kind="escalate", reason="Isompi asia.")
    assert response.status_code == 400 and "forum" in response.context["form"].errors


def test_without_a_meeting_the_idea_waits_and_joins_the_next_one(client_for, idea, supervisor, manager, management):
    decide(client_for(supervisor), idea, kind="escalate", reason="Isompi asia.", forum=management.pk)
    page = client_for(manager).get(reverse("ideas:forum", args=[management.pk]))
    assert list(page.context["pending"]) == [idea]
    response = client_for(manager).post(reverse("ideas:forum", args=[management.pk]), {
        "date": (timezone.localdate() + timedelta(days=5)).isoformat(), "notes": "Kevään kokous"})
    assert response.status_code == 302
    meeting = management.meetings.get()
    assert list(meeting.agenda.values_list("idea", flat=True)) == [idea.pk]
    assert list(client_for(manager).get(reverse("ideas:forum", args=[management.pk])).context["pending"]) == []


def test_only_the_forums_deciders_decide_escalated_ideas(client_for, idea, supervisor, innovator, manager,
                                                         management):
    decide(client_for(supervisor), idea, kind="escalate", reason="Johdolle.", forum=management.pk)
    # The innovator handled the idea before, but the management forum decides now.
    assert decide(client_for(innovator), idea, kind="implement", reason="Tehdään.").status_code == 403
    assert decide(client_for(supervisor), idea, kind="implement", reason="Tehdään.").status_code == 403
    assert decide(client_for(manager), idea, kind="implement", reason="Tehdään.").status_code == 302


def test_supervisors_forum_of_a_unit(client_for, make_idea, org):
    unit = UnitFactory(organisation=org)
    forum = ForumFactory(organisation=org, kind=Forum.Kind.SUPERVISORS, unit=unit, name="Esihenkilötunti")
    chief = member(org, Role.SUPERVISOR, unit=unit)
    elsewhere = member(org, Role.SUPERVISOR, unit=UnitFactory(organisation=org))
    meeting = ForumMeetingFactory(forum=forum)
    idea = make_idea(title="Esihenkilötunnille", unit=unit)
    decide(client_for(chief), idea, kind="escalate", reason="Yhteinen asia.", forum=forum.pk)
    assert client_for(elsewhere).post(reverse("ideas:meeting", args=[meeting.pk]), {
        "idea": idea.pk, "version": 2, "kind": "implement", "reason": "x"}).status_code == 403
    assert client_for(chief).post(reverse("ideas:meeting", args=[meeting.pk]), {
        "idea": idea.pk, "version": 2, "kind": "implement", "reason": "Sovittiin."}).status_code == 302


def test_admins_set_up_forums(client_for, org, org_admin, employee):
    url = reverse("ideas:forums", args=[org.slug])
    response = client_for(org_admin).post(url, {"kind": "management", "name": "Kunnan johtoryhmä"})
    assert response.status_code == 302
    assert Forum.objects.filter(organisation=org, name="Kunnan johtoryhmä").exists()
    assert client_for(employee).post(url, {"kind": "management", "name": "Oma"}).status_code == 403
    assert client_for(employee).get(url).status_code == 200  # members see the forums and agendas


# --- merging -------------------------------------------------------------------------------


def test_merging_moves_supports_and_links_both_ways(client_for, idea, make_idea, org, supervisor, supporter,
                                                    employee, events):
    target = make_idea(title="Avainten säilytys kotihoidossa", description="Sama asia.")
    both = member(org, Role.EMPLOYEE)
    SupportFactory(idea=idea, user=both)
    SupportFactory(idea=target, user=both)
    Idea.objects.filter(pk=idea.pk).update(support_count=2)
    Idea.objects.filter(pk=target.pk).update(support_count=1)

    response = decide(client_for(supervisor), idea, kind="merge", reason="Sama idea.", merge_into=target.pk)
    assert response.status_code == 302
    idea.refresh_from_db()
    target.refresh_from_db()
    assert idea.status == Idea.Status.MERGED and idea.merged_into == target
    assert set(Support.objects.filter(idea=target).values_list("user", flat=True)) == {supporter.pk, both.pk}
    assert target.support_count == 2 and idea.support_count == 0
    merged = [e for e in events if e.kind == "idea.merged"][0]
    assert {employee, supporter} <= set(merged.recipients)
    source_page = client_for(employee).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert reverse("ideas:detail", args=[target.pk]) in source_page
    target_page = client_for(employee).get(reverse("ideas:detail", args=[target.pk])).content.decode()
    assert reverse("ideas:detail", args=[idea.pk]) in target_page


def test_merging_needs_a_valid_target(client_for, idea, make_idea, other_org, supervisor):
    foreign = make_idea(organisation=other_org, title="Porvoon idea")
    for target in (idea.pk, foreign.pk, 999999):
        response = decide(client_for(supervisor), idea, kind="merge", reason="Sama.", merge_into=target)
        assert response.status_code == 400
    assert not Decision.objects.exists()


def test_implemented_after_a_decision(client_for, idea, supervisor, employee, events):
    decide(client_for(supervisor), idea, kind="implement", reason="Tehdään.")
    idea.refresh_from_db()
    response = client_for(supervisor).post(reverse("ideas:mark_implemented", args=[idea.pk]),
                                           {"version": idea.version, "note": "Käytössä 1.3. alkaen"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED
    assert employee in events[-1].recipients and events[-1].kind == "idea.status_changed"
    assert client_for(employee).post(reverse("ideas:mark_implemented", args=[idea.pk])).status_code == 403


def test_an_experiment_decision_leads_to_starting_an_experiment(client_for, idea, supervisor, employee, org):
    from latu.experiments.factories import make_experiment

    decide(client_for(supervisor), idea, kind="experiment", reason="Kokeillaan.")
    page = client_for(supervisor).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert f'{reverse("experiments:create", args=[org.slug])}?idea={idea.pk}' in page
    idea.refresh_from_db()
    experiment = make_experiment(org, supervisor, idea=idea, title="Avainboksikokeilu")
    page = client_for(employee).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert experiment.get_absolute_url() in page


def test_a_forum_is_named_once_when_its_name_says_its_kind(org):
    from django.utils import translation

    from latu.ideas.factories import ForumFactory
    from latu.ideas.forms import ForumChoiceField
    from latu.ideas.models import Forum

    field = ForumChoiceField(queryset=Forum.objects.all())
    with translation.override("fi"):
        labels = [field.label_from_instance(ForumFactory(organisation=org, name=name, kind=kind)) for name, kind in (
            ("Johtoryhmä", Forum.Kind.MANAGEMENT), ("Perusturvan esihenkilötunti", Forum.Kind.SUPERVISORS),
            ("Kotihoidon foorumi", Forum.Kind.SUPERVISORS))]
    assert labels == ["Johtoryhmä", "Perusturvan esihenkilötunti", "Kotihoidon foorumi (Esihenkilötunti)"]
