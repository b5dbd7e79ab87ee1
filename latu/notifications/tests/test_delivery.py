"""Events become notifications: one per recipient (never the actor), as each person has
chosen, with the title and the actor's name kept and nothing of an anonymous author."""

import pytest

from latu.core.events import emit
from latu.notifications.models import Notification
from latu.notifications.registry import KINDS, Category, EmailDelivery
from latu.organisations.factories import member
from latu.organisations.models import Role


class Target:
    """Something an event is about that has a title and a link but is not a model."""

    title = "Kotihoidon avainten luovutus"

    def get_absolute_url(self):
        return "/ideas/7/"


def test_an_event_notifies_each_recipient_once_but_not_the_actor(org, employee, innovator, supervisor, events):
    emit("experiment.phase_changed", target=Target(), actor=innovator, organisation=org,
         recipients=[employee, supervisor, innovator, employee], data={"from": 1, "to": 2})
    assert len(events) == 1
    rows = Notification.objects.order_by("recipient__email")
    assert [(n.recipient, n.kind, n.category) for n in rows] == [
        (employee, "experiment.phase_changed", Category.EXPERIMENTS),
        (supervisor, "experiment.phase_changed", Category.EXPERIMENTS),
    ]
    first = rows[0]
    assert first.actor == innovator and first.actor_name == "Into Uudistaja"
    assert first.title == Target.title and first.url == "/ideas/7/" and first.organisation == org
    assert first.params == {"from": 1, "to": 2} and first.read_at is None
    assert "Kotihoidon avainten luovutus" in first.message and "2" in first.message


def test_an_event_without_recipients_creates_nothing(org, innovator):
    emit("idea.evaluated", target=Target(), actor=innovator, organisation=org)
    assert not Notification.objects.exists()


def test_inactive_people_are_not_notified(org, employee, innovator):
    employee.is_active = False
    employee.save()
    emit("idea.supported", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    assert not Notification.objects.exists()


def test_preferences_decide_what_is_shown_and_emailed(org, employee, innovator, supervisor, manager, prefer):
    prefer(employee, Category.EXPERIMENTS, in_app=False, email=EmailDelivery.OFF)  # nothing at all
    prefer(supervisor, Category.EXPERIMENTS, in_app=False, email=EmailDelivery.IMMEDIATE)  # email only
    prefer(manager, Category.EXPERIMENTS, in_app=True, email=EmailDelivery.OFF)  # in Latu only
    emit("experiment.updated", target=Target(), actor=innovator, organisation=org,
         recipients=[employee, supervisor, manager])
    rows = {n.recipient: n for n in Notification.objects.all()}
    assert set(rows) == {supervisor, manager}
    assert (rows[supervisor].in_app, rows[supervisor].email) == (False, EmailDelivery.IMMEDIATE)
    assert (rows[manager].in_app, rows[manager].email) == (True, EmailDelivery.OFF)


def test_defaults_decisions_on_my_ideas_and_mentions_at_once_others_in_the_digest(org, employee, innovator):
    for kind in ("comment.mentioned", "experiment.updated", "deed.commented", "idea.submitted"):
        emit(kind, target=Target(), actor=innovator, organisation=org, recipients=[employee])
    emails = dict(Notification.objects.values_list("kind", "email"))
    assert emails == {"comment.mentioned": EmailDelivery.IMMEDIATE, "experiment.updated": EmailDelivery.DIGEST,
                      "deed.commented": EmailDelivery.DIGEST, "idea.submitted": EmailDelivery.DIGEST}


def test_a_person_without_an_email_address_gets_no_email(org, innovator):
    person = member(org, Role.EMPLOYEE, email="ilman@hollola.example.fi", name="Ilman Sähköpostia")
    person.email = ""
    person.save()
    emit("comment.mentioned", target=Target(), actor=innovator, organisation=org, recipients=[person])
    assert Notification.objects.get(recipient=person).email == EmailDelivery.OFF


def test_an_unknown_kind_gets_a_generic_message_and_does_not_fail(org, employee, innovator):
    emit("survey.opened", target=Target(), actor=innovator, organisation=org, recipients=[employee],
         data={"secret": "do not keep"})
    notification = Notification.objects.get(recipient=employee)
    assert notification.kind == "survey.opened" and notification.category == Category.ORGANISATION
    assert Target.title in notification.message
    assert notification.params == {}  # only the listed parameters are kept


def test_every_mapped_message_renders_with_and_without_an_actor(org, employee, innovator):
    for kind in KINDS:
        emit(kind, target=Target(), actor=innovator, organisation=org, recipients=[employee],
             data={"status": "new", "kind": "implement", "decision": "adopt", "role": "innovator", "to": 3,
                   "merged_into_title": "Toinen idea"})
        emit(kind, target=Target(), actor=None, organisation=org, recipients=[employee],
             data={"status": "new", "kind": "implement", "decision": "adopt", "role": "innovator", "to": 3})
    rows = list(Notification.objects.select_related("organisation"))
    assert len(rows) == 2 * len(KINDS)
    for notification in rows:
        message = notification.message
        assert message and "%(" not in message
        if notification.actor_name == "":
            assert "Into" not in message


@pytest.mark.parametrize("kind", ["idea.decided", "idea.status_changed"])
def test_the_idea_author_hears_in_their_own_category(kind, org, employee, innovator, supervisor):
    from latu.ideas.models import Idea

    idea = Idea.objects.create(organisation=org, title="Lounastauot porrastetuiksi", description="Kuvaus",
                               author=employee)
    emit(kind, target=idea, actor=supervisor, organisation=org, recipients=[employee, innovator],
         data={"title": idea.title, "url": idea.get_absolute_url(), "kind": "implement", "status": "decided"})
    categories = dict(Notification.objects.values_list("recipient__email", "category"))
    author_category = Category.DECISIONS if kind == "idea.decided" else Category.MY_IDEAS
    assert categories == {employee.email: author_category, innovator.email: Category.FOLLOWING}


def test_a_comment_notification_links_to_the_comment(org, employee, innovator):
    emit("comment.created", target=Target(), actor=innovator, organisation=org, recipients=[employee],
         data={"title": "Idea", "url": "/ideas/3/", "comment": 12})
    assert Notification.objects.get().url == "/ideas/3/#comment-12"


def test_links_outside_latu_are_not_kept(org, employee, innovator):
    emit("idea.supported", target=None, actor=innovator, organisation=org, recipients=[employee],
         data={"title": "Idea", "url": "https://evil.example.com/"})
    emit("idea.supported", target=None, actor=innovator, organisation=org, recipients=[employee],
         data={"title": "Idea", "url": "//evil.example.com/"})
    assert set(Notification.objects.values_list("url", flat=True)) == {""}


def test_an_anonymous_actor_is_never_recorded(org, employee, innovator, events):
    emit("idea.submitted", target=Target(), actor=None, organisation=org, recipients=[innovator],
         data={"title": "Nimetön idea", "anonymous": True})
    notification = Notification.objects.get()
    assert notification.actor is None and notification.actor_name == ""
    assert "anonymous" not in notification.params


def test_a_deleted_actor_s_name_is_removed_from_notifications(org, employee, innovator):
    emit("idea.supported", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    innovator.delete()
    notification = Notification.objects.get()
    assert notification.actor is None and notification.actor_name == ""


def test_a_failing_delivery_does_not_break_the_action(org, employee, innovator, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr("latu.notifications.delivery.effective_preferences", broken)
    emit("idea.supported", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    assert not Notification.objects.exists()
    assert "idea.supported" in caplog.text
