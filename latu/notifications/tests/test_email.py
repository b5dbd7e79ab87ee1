"""Email through Django's tasks API: "immediately" is a task enqueued after the
transaction commits (run at once by the immediate backend, queued in the database for
the worker in production); the weekly digest is one email per person and week."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from latu.core.events import emit
from latu.notifications.models import Digest, Notification
from latu.notifications.registry import Category, EmailDelivery


class Target:
    title = "Kotihoidon avainten luovutus"

    def get_absolute_url(self):
        return "/ideas/7/"


def _bodies(message) -> str:
    return "\n".join([message.subject, message.body, *(content for content, _type in message.alternatives)])


def test_an_immediate_email_is_sent_by_the_task_after_commit(org, employee, innovator,
                                                             django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://latu.example.fi"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        emit("comment.mentioned", target=Target(), actor=innovator, organisation=org, recipients=[employee],
             data={"title": Target.title, "url": "/ideas/7/", "comment": 3})
        assert mail.outbox == []  # nothing before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eeva@hollola.example.fi"]
    text = _bodies(message)
    assert Target.title in message.subject and "Into Uudistaja" in text
    assert "https://latu.example.fi/ideas/7/#comment-3" in message.body
    assert "https://latu.example.fi/notifications/settings/" in message.body  # footer: choose what you receive
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert 'href="https://latu.example.fi/notifications/settings/"' in html
    assert message.extra_headers["List-Unsubscribe"] == "<https://latu.example.fi/notifications/settings/>"
    notification = Notification.objects.get()
    assert notification.emailed_at is not None


def test_the_email_is_in_the_recipient_s_language(org, employee, innovator, django_capture_on_commit_callbacks,
                                                  prefer):
    employee.language = "sv"
    employee.save()
    prefer(employee, Category.ORGANISATION, email=EmailDelivery.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        emit("role.granted", target=None, actor=innovator, organisation=org, recipients=[employee],
             data={"role": "innovator"})
    message = mail.outbox[0]
    assert '<html lang="sv">' in message.alternatives[0][0]
    # The organisation is named in the recipient's language (Swedish name), not the sender's.
    assert "Hollola kommun" in message.subject and "Hollolan kunta" not in _bodies(message)


def test_the_immediate_task_sends_once(org, employee, innovator, django_capture_on_commit_callbacks):
    from latu.notifications.tasks import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        emit("comment.mentioned", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    notification = Notification.objects.get()
    assert send_notification_email.call(notification.pk) is False  # already sent
    assert len(mail.outbox) == 1


def test_read_before_sending_means_no_email(org, employee, innovator, django_capture_on_commit_callbacks):
    from latu.notifications.tasks import send_notification_email

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emit("comment.mentioned", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    Notification.objects.update(read_at=timezone.now())
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get().email == EmailDelivery.OFF
    assert send_notification_email.call(Notification.objects.get().pk) is False


def test_preferences_off_and_digest_send_nothing_at_once(org, employee, innovator, supervisor, prefer,
                                                         django_capture_on_commit_callbacks):
    prefer(employee, Category.MENTIONS, email=EmailDelivery.OFF)
    prefer(supervisor, Category.MENTIONS, email=EmailDelivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        emit("comment.mentioned", target=Target(), actor=innovator, organisation=org,
             recipients=[employee, supervisor])
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_with_the_database_backend_the_email_waits_for_the_worker(org, employee, innovator, settings, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        emit("comment.mentioned", target=Target(), actor=innovator, organisation=org, recipients=[employee])
    notification = Notification.objects.get()
    assert mail.outbox == [] and notification.emailed_at is None
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "latu.notifications.tasks.send_notification_email"
    assert queued.args_kwargs == {"args": [notification.pk], "kwargs": {}}
    assert queued.status == "READY"
    # The worker (`latu db_worker`) then sends it. (Between tasks it closes the database
    # connection, which would end the test's transaction: not here.)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [employee.email]


def _digest_items(org, actor, *recipients, kinds=("experiment.updated", "deed.commented", "idea.submitted")):
    for kind in kinds:
        emit(kind, target=Target(), actor=actor, organisation=org, recipients=list(recipients))


def test_the_weekly_digest_is_sent_once_per_person_and_week(org, employee, supervisor, innovator):
    _digest_items(org, innovator, employee, supervisor)
    assert mail.outbox == []  # digest items wait for the digest
    call_command("send-digests", stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == [employee.email, supervisor.email]
    digest = next(m for m in mail.outbox if m.to == [employee.email])
    assert _bodies(digest).count(Target.title) >= 3 * 2  # three items, in text and in HTML
    assert "/notifications/settings/" in digest.body
    assert Digest.objects.filter(recipient=employee, items=3).exists()
    assert not Notification.objects.filter(email=EmailDelivery.DIGEST, emailed_at__isnull=True).exists()

    # Again in the same week: nothing twice, even when something new arrived meanwhile.
    _digest_items(org, innovator, employee, kinds=("experiment.updated",))
    call_command("send-digests", stdout=StringIO())
    assert len(mail.outbox) == 2
    # The new item waits for next week's digest.
    from latu.notifications.emails import send_weekly_digests

    assert send_weekly_digests(now=timezone.now() + dt.timedelta(days=7)) == 1
    assert len(mail.outbox) == 3 and mail.outbox[2].to == [employee.email]
    assert Digest.objects.filter(recipient=employee).count() == 2


def test_the_digest_is_in_the_recipient_s_language_and_leaves_out_what_was_read(org, employee, innovator, prefer):
    employee.language = "en"
    employee.save()
    prefer(employee, Category.ORGANISATION, email=EmailDelivery.DIGEST)
    emit("role.granted", target=None, actor=innovator, organisation=org, recipients=[employee],
         data={"role": "innovator"})
    _digest_items(org, innovator, employee, kinds=("experiment.updated",))
    org.name_en = "Municipality of Hollola"
    org.save()
    Notification.objects.filter(kind="experiment.updated").update(read_at=timezone.now())
    from latu.notifications.tasks import send_weekly_digests

    assert send_weekly_digests.call() == 1
    message = mail.outbox[0]
    assert '<html lang="en">' in message.alternatives[0][0]
    assert "Municipality of Hollola" in message.body and Target.title not in message.body


def test_changing_a_category_away_from_the_digest_drops_waiting_items(org, employee, innovator, client_for):
    _digest_items(org, innovator, employee, kinds=("experiment.updated",))
    from latu.notifications.actions import update_preferences

    update_preferences(employee, {Category.EXPERIMENTS: (True, EmailDelivery.OFF)})
    call_command("send-digests", stdout=StringIO())
    assert mail.outbox == []


def test_the_digest_task_can_be_enqueued(org, employee, innovator):
    _digest_items(org, innovator, employee, kinds=("experiment.updated",))
    call_command("send-digests", "--enqueue", stdout=StringIO())
    assert len(mail.outbox) == 1  # the immediate backend runs it at once


def test_an_anonymous_author_never_appears_in_notifications_or_emails(org, employee, innovator, supervisor, prefer,
                                                                      django_capture_on_commit_callbacks):
    """Eeva sends an idea anonymously. Into (innovator) hears of it and comments; Eeva
    answers through her receipt; Eino comments, Into starts the evaluation and Eino
    decides. Nothing Into or Eino receives, and no row
    stored, names Eeva or her address."""
    from latu.ideas import actions as ideas

    prefer(innovator, Category.HANDLING, email=EmailDelivery.IMMEDIATE)
    prefer(innovator, Category.COMMENTS, email=EmailDelivery.IMMEDIATE)
    prefer(supervisor, Category.COMMENTS, email=EmailDelivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        submission = ideas.submit_idea(employee, org, title="Vuorolistat näkyviin ajoissa",
                                       description="Vuorolistat julkaistaan liian myöhään.", anonymous=True)
        idea = submission.idea
        ideas.comment(idea, innovator, "Missä yksikössä tämä koskee eniten?")
        ideas.comment_as_receipt_holder(idea, submission.receipt_code, "Kotihoidossa, @Into Uudistaja.",
                                        rate_identity="test")
        ideas.comment(idea, supervisor, "Hyvä ehdotus.")
        ideas.start_evaluation(idea, innovator)
        ideas.decide(idea, supervisor, "implement", "Otetaan käyttöön kevään vuorolistoista alkaen.")
    call_command("send-digests", stdout=StringIO())

    rows = list(Notification.objects.values())
    assert rows and mail.outbox
    kinds = {row["kind"] for row in rows}
    assert {"idea.submitted", "comment.created", "comment.mentioned", "idea.status_changed", "idea.decided"} <= kinds
    stored = repr(rows)
    sent = "\n".join(_bodies(m) + repr(m.extra_headers) + repr(m.to) for m in mail.outbox)
    for trace in ("Eeva", "Työntekijä", "eeva@", employee.email):
        assert trace not in stored and trace not in sent
    assert all(row["actor_id"] != employee.pk for row in rows)
    assert not Notification.objects.filter(recipient=employee).exists()
