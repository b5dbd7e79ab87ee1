"""Deletion of one's account on request (GDPR), in one transaction."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.authtoken.models import Token

from latu.accounts import actions
from latu.accounts.actions import delete_account
from latu.accounts.models import User
from latu.accounts.tests.privacy_data import contribute
from latu.audit.models import AuditEvent
from latu.ideas.models import Comment, Idea, Support
from latu.notifications.models import Notification
from latu.organisations.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "Salasana-joka-on-pitkä-42"


@pytest.fixture
def eeva(employee):
    employee.set_password(PASSWORD)
    employee.save()
    return employee


def _audit_text() -> str:
    return " ".join(f"{e.target} {e.data}" for e in AuditEvent.objects.all()).lower()


def test_ideas_and_comments_stay_without_the_person(org, eeva, innovator):
    made = contribute(org, eeva, innovator)
    delete_account(eeva, actor=eeva)
    idea = Idea.objects.get(pk=made.idea.pk)
    assert idea.author_id is None and not idea.is_anonymous
    assert Comment.objects.filter(body="Eevan kommentti", author=None).exists()
    assert Idea.objects.filter(pk=made.anonymous_idea.pk).exists()


def test_the_idea_page_shows_a_deleted_user(client_for, org, eeva, innovator):
    made = contribute(org, eeva, innovator)
    delete_account(eeva, actor=eeva)
    page = client_for(innovator).get(f"/ideas/{made.idea.pk}/").content.decode()
    comments = client_for(innovator).get(f"/ideas/{made.others_idea.pk}/").content.decode()
    assert "<dd>Poistettu käyttäjä</dd>" in page
    assert "<strong>Poistettu käyttäjä</strong>" in comments and "Eevan kommentti" in comments
    assert ">Eeva Työntekijä<" not in page + comments


def test_support_counts_stay_correct(org, eeva, innovator):
    made = contribute(org, eeva, innovator)
    delete_account(eeva, actor=eeva)
    others = Idea.objects.get(pk=made.others_idea.pk)
    assert others.support_count == Support.objects.filter(idea=others).count() == 0
    own = Idea.objects.get(pk=made.idea.pk)  # Into's support of Eeva's idea stays
    assert own.support_count == Support.objects.filter(idea=own).count() == 1


def test_the_address_leaves_the_audit_log(org, eeva, innovator):
    contribute(org, eeva, innovator)
    assert eeva.email in _audit_text()
    delete_account(eeva, actor=eeva)
    assert eeva.email not in _audit_text()
    assert AuditEvent.objects.filter(action="login", target=innovator.email).exists()  # others' rows keep theirs


def test_the_name_leaves_others_notifications(org, eeva, innovator):
    contribute(org, eeva, innovator)
    delete_account(eeva, actor=eeva)
    told = Notification.objects.get(recipient=innovator)
    assert told.actor_id is None and told.actor_name == ""
    assert not Notification.objects.filter(actor_name__icontains="Eeva").exists()


def test_memberships_tokens_and_account_go(org, eeva, innovator):
    contribute(org, eeva, innovator)
    pk = eeva.pk
    delete_account(eeva, actor=eeva)
    assert not User.objects.filter(pk=pk).exists()
    assert not User.objects.filter(email="eeva@hollola.example.fi").exists()
    assert not Membership.objects.filter(user_id=pk).exists()
    assert not Token.objects.filter(user_id=pk).exists()
    assert Token.objects.filter(user=innovator).exists()


def test_other_sessions_and_the_token_sign_in_nobody_after(org, eeva, innovator):
    contribute(org, eeva, innovator)
    key = Token.objects.get(user=eeva).key
    elsewhere = Client()
    elsewhere.force_login(eeva, backend="django.contrib.auth.backends.ModelBackend")
    assert elsewhere.get("/accounts/profile/").status_code == 200
    delete_account(eeva, actor=eeva)
    assert elsewhere.get("/accounts/profile/").status_code == 302
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_nobody_else_may_delete_an_account(org, eeva, innovator, office):
    for actor in (innovator, office):
        with pytest.raises(PermissionDenied):
            delete_account(eeva, actor=actor)
    assert User.objects.filter(pk=eeva.pk).exists()


def test_a_failure_midway_rolls_everything_back(org, eeva, innovator, monkeypatch):
    made = contribute(org, eeva, innovator)

    def fail(idea_ids):
        raise RuntimeError("database went away")

    monkeypatch.setattr(actions, "recount_supports", fail)
    pk, email, name = eeva.pk, eeva.email, eeva.name
    with pytest.raises(RuntimeError):
        delete_account(eeva, actor=eeva)
    assert User.objects.filter(pk=pk, email=email).exists()
    assert Idea.objects.get(pk=made.idea.pk).author_id == pk
    assert Comment.objects.get(body="Eevan kommentti").author_id == pk
    assert Support.objects.filter(user_id=pk).count() == 1
    assert email in _audit_text()
    assert Notification.objects.get(recipient=innovator).actor_name == name
    assert Membership.objects.filter(user_id=pk).exists()
    assert Token.objects.filter(user_id=pk).exists()


def test_the_profile_links_the_deletion(client_for, eeva):
    assert b'href="/accounts/profile/delete/"' in client_for(eeva).get("/accounts/profile/").content


def test_a_wrong_password_deletes_nothing(client_for, eeva):
    response = client_for(eeva).post("/accounts/profile/delete/", {"password": "väärä"})
    assert response.status_code == 200
    assert User.objects.filter(pk=eeva.pk).exists()


def test_deletion_through_the_profile_signs_out(client_for, org, eeva, innovator):
    contribute(org, eeva, innovator)
    client = client_for(eeva)
    assert client.get("/accounts/profile/delete/").status_code == 200
    response = client.post("/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(email=eeva.email).exists()
    assert eeva.email not in _audit_text()  # the sign-out's event included


def test_without_a_password_the_address_confirms(client_for, eeva):
    eeva.set_unusable_password()
    eeva.save()
    client = client_for(eeva)
    assert client.post("/accounts/profile/delete/", {"password": "toinen@example.fi"}).status_code == 200
    assert User.objects.filter(pk=eeva.pk).exists()
    assert client.post("/accounts/profile/delete/", {"password": eeva.email}).status_code == 302
    assert not User.objects.filter(pk=eeva.pk).exists()


def test_the_deletion_is_announced_without_the_person(org, eeva, innovator, events):
    contribute(org, eeva, innovator)
    pk = eeva.pk
    delete_account(eeva, actor=eeva)
    announced = [e for e in events if e.kind == "account.deleted"]
    assert len(announced) == 1
    assert announced[0].actor is None and announced[0].recipients == () and announced[0].data == {"user_id": pk}
    assert AuditEvent.objects.filter(target=f"user:{pk}", data__event="account.deleted").exists()
