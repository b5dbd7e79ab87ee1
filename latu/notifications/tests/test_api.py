"""/api/v1/notifications/: your own notifications and settings, nobody else's."""

import pytest
from django.utils import timezone

from latu.access.tests.matrix import assert_no_leak
from latu.notifications.factories import NotificationFactory
from latu.notifications.models import Notification, Preference
from latu.notifications.registry import Category, EmailDelivery

API = "/api/v1/notifications/"


def test_the_list_is_scoped_to_the_person(employee, innovator, outsider, client_for):
    mine = NotificationFactory(recipient=employee, title="Eevan oma", params={"status": "new"})
    NotificationFactory(recipient=innovator, title="Inton oma")
    NotificationFactory(recipient=outsider, title="Ollin oma")
    NotificationFactory(recipient=employee, title="Vain sähköpostiin", in_app=False)
    response = client_for(employee).get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == mine.pk and item["title"] == "Eevan oma" and item["is_read"] is False
    assert item["kind"] == "idea.supported" and item["category"] == "my_ideas" and item["message"]
    assert item["url"] == mine.url and item["actor_name"] == "Into Uudistaja"


def test_filter_unread_and_by_category(employee, client_for):
    NotificationFactory(recipient=employee, title="Luettu", read_at=timezone.now())
    NotificationFactory(recipient=employee, title="Lukematon")
    NotificationFactory(recipient=employee, title="Maininta", category=Category.MENTIONS, kind="comment.mentioned")
    client = client_for(employee)
    assert [n["title"] for n in client.get(API, {"unread": "true"}).json()["results"]] == ["Maininta", "Lukematon"]
    assert [n["title"] for n in client.get(API, {"unread": "false"}).json()["results"]] == ["Luettu"]
    assert [n["title"] for n in client.get(API, {"category": "mentions"}).json()["results"]] == ["Maininta"]


def test_mark_read_and_read_all(employee, innovator, client_for):
    first, second = NotificationFactory.create_batch(2, recipient=employee)
    others = NotificationFactory(recipient=innovator)
    client = client_for(employee)
    response = client.post(f"{API}{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.post(f"{API}read-all/").json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


@pytest.mark.parametrize("person", ["innovator", "outsider", "office"])
def test_someone_else_s_notification_is_not_found(person, employee, client_for, request):
    notification = NotificationFactory(recipient=employee)
    client = client_for(request.getfixturevalue(person))
    assert client.get(f"{API}{notification.pk}/").status_code == 404
    assert client.post(f"{API}{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_nobody_else_whatever_their_role_sees_a_notification(client_for, employee, innovator, supervisor, manager,
                                                              org_admin, outsider, other_admin, office, citizen):
    notifications = NotificationFactory.create_batch(2, recipient=employee)
    assert_no_leak(
        client_for, url_list=API, url_detail=API + "{pk}/", objects=notifications, visible_to=[employee],
        hidden_from=[innovator, supervisor, manager, org_admin, outsider, other_admin, office, citizen, None],
    )


def test_signed_out_gets_nothing(client):
    assert client.get(API).status_code in (401, 403)
    assert client.get(f"{API}preferences/").status_code in (401, 403)


def test_preferences_get_and_patch(employee, innovator, client_for):
    client = client_for(employee)
    body = client.get(f"{API}preferences/").json()
    assert [p["category"] for p in body] == list(Category.values)
    by_category = {p["category"]: p for p in body}
    assert by_category["mentions"]["email"] == "immediate" and by_category["comments"]["email"] == "digest"
    assert by_category["mentions"]["in_app"] is True

    response = client.patch(f"{API}preferences/", [{"category": "mentions", "email": "off"},
                                                   {"category": "deeds", "in_app": False}],
                            content_type="application/json")
    assert response.status_code == 200
    by_category = {p["category"]: p for p in response.json()}
    assert (by_category["mentions"]["in_app"], by_category["mentions"]["email"]) == (True, "off")
    assert (by_category["deeds"]["in_app"], by_category["deeds"]["email"]) == (False, "digest")
    assert set(Preference.objects.filter(user=employee).values_list("category", flat=True)) == {"mentions", "deeds"}
    assert not Preference.objects.filter(user=innovator).exists()


def test_preferences_put_needs_every_field(employee, client_for):
    client = client_for(employee)
    incomplete = client.put(f"{API}preferences/", [{"category": "mentions", "email": "off"}],
                            content_type="application/json")
    assert incomplete.status_code == 400
    complete = client.put(f"{API}preferences/", [{"category": "mentions", "email": "digest", "in_app": False}],
                          content_type="application/json")
    assert complete.status_code == 200
    assert Preference.objects.get(user=employee, category="mentions").email == EmailDelivery.DIGEST


@pytest.mark.parametrize("payload", [
    [{"category": "everything", "email": "off"}],
    [{"category": "mentions", "email": "hourly"}],
    [{"email": "off"}],
    [{"category": "mentions", "email": "off"}, {"category": "mentions", "email": "digest"}],
    {"category": "mentions"},
])
def test_preferences_reject_bad_input(payload, employee, client_for):
    response = client_for(employee).patch(f"{API}preferences/", payload, content_type="application/json")
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_the_endpoints_are_in_the_schema(employee, client_for):
    schema = client_for(employee).get("/api/schema/").content.decode()
    assert "/api/v1/notifications/" in schema and "/api/v1/notifications/preferences/" in schema
