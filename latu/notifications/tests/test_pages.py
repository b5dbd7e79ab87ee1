"""The notifications page (unread first, mark read one or all, paginated), the
settings page, the count in the navigation and the home panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from latu.notifications.factories import NotificationFactory
from latu.notifications.models import Notification, Preference
from latu.notifications.registry import Category, EmailDelivery
from latu.organisations.factories import UserFactory


def test_the_list_shows_unread_first_then_newest(employee, client_for):
    old_unread = NotificationFactory(recipient=employee, title="Vanha lukematon")
    NotificationFactory(recipient=employee, title="Uusi luettu", read_at=timezone.now())
    new_unread = NotificationFactory(recipient=employee, title="Uusi lukematon")
    Notification.objects.filter(pk=old_unread.pk).update(created_at=timezone.now() - timezone.timedelta(days=2))
    response = client_for(employee).get("/notifications/")
    assert response.status_code == 200
    assert [n.title for n in response.context["notifications"]] == ["Uusi lukematon", "Vanha lukematon",
                                                                     "Uusi luettu"]
    html = response.content.decode()
    assert f'id="notification-{new_unread.pk}"' in html and 'data-read="false"' in html
    assert response.context["unread_count"] == 2


def test_the_list_shows_only_the_person_s_own_notifications(employee, innovator, outsider, client_for):
    NotificationFactory(recipient=employee, title="Eevan oma")
    NotificationFactory(recipient=innovator, title="Inton oma")
    NotificationFactory(recipient=outsider, title="Ollin oma")
    NotificationFactory(recipient=employee, title="Vain sähköpostiin", in_app=False)
    response = client_for(employee).get("/notifications/")
    assert [n.title for n in response.context["notifications"]] == ["Eevan oma"]


def test_the_list_needs_signing_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_page_query_count_does_not_grow_with_notifications(org, employee, client_for,
                                                                    django_assert_max_num_queries):
    client = client_for(employee)
    NotificationFactory.create_batch(3, recipient=employee, organisation=org)
    client.get("/notifications/")  # the person's memberships are kept after the first request
    few = _queries(client, "/notifications/")
    NotificationFactory.create_batch(40, recipient=employee, organisation=org, kind="role.granted",
                                     params={"role": "innovator"})
    many = _queries(client, "/notifications/")
    assert many == few
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/?page=2")
    assert len(response.context["notifications"]) == 43 - 25


def test_mark_one_read(employee, client_for):
    notification = NotificationFactory(recipient=employee)
    response = client_for(employee).post(f"/notifications/{notification.pk}/read/", {"next": "/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_ignores_links_to_other_sites(employee, client_for):
    notification = NotificationFactory(recipient=employee)
    response = client_for(employee).post(f"/notifications/{notification.pk}/read/",
                                         {"next": "https://evil.example.com/"})
    assert response["Location"] == "/notifications/"


def test_mark_read_with_htmx_returns_the_item(employee, client_for):
    notification = NotificationFactory(recipient=employee)
    response = client_for(employee).post(f"/notifications/{notification.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<li") and f'id="notification-{notification.pk}"' in html and 'data-read="true"' in html


def test_mark_read_needs_post(employee, client_for):
    notification = NotificationFactory(recipient=employee)
    assert client_for(employee).get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("person", ["innovator", "outsider", "office", "org_admin"])
def test_someone_else_s_notification_is_not_found(person, employee, client_for, request):
    notification = NotificationFactory(recipient=employee)
    client = client_for(request.getfixturevalue(person))
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_own(employee, innovator, client_for):
    NotificationFactory.create_batch(3, recipient=employee)
    other = NotificationFactory(recipient=innovator)
    response = client_for(employee).post("/notifications/read-all/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(employee, client_for):
    notification = NotificationFactory(recipient=employee, url="/ideas/42/#comment-3")
    response = client_for(employee).get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == "/ideas/42/#comment-3"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_navigation_shows_the_unread_count(employee, client_for):
    NotificationFactory.create_batch(3, recipient=employee)
    NotificationFactory(recipient=employee, read_at=timezone.now())
    html = client_for(employee).get("/notifications/settings/").content.decode()
    assert 'id="nav-notifications"' in html
    assert '<span class="badge">3</span>' in html


def test_the_navigation_link_without_unread(employee, client_for):
    html = client_for(employee).get("/").content.decode()
    assert 'id="nav-notifications"' in html and '<span class="badge">' not in html


def test_the_home_panel_shows_the_latest_five_unread(org, employee, client_for):
    for n in range(7):
        NotificationFactory(recipient=employee, title=f"Ilmoitus {n}")
    NotificationFactory(recipient=employee, title="Jo luettu", read_at=timezone.now())
    response = client_for(employee).get("/")
    html = response.content.decode()
    assert 'id="home-notifications"' in html
    assert all(f"Ilmoitus {n}" in html for n in range(2, 7))
    assert "Ilmoitus 1" not in html and "Jo luettu" not in html


def test_the_settings_page_shows_defaults_and_saves_choices(employee, client_for):
    client = client_for(employee)
    response = client.get("/notifications/settings/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["decisions-email"].initial == EmailDelivery.IMMEDIATE
    assert form["mentions-email"].initial == EmailDelivery.IMMEDIATE
    assert form["experiments-email"].initial == EmailDelivery.DIGEST
    assert form["experiments-in_app"].initial is True
    html = response.content.decode()
    assert 'name="mentions-email"' in html and 'name="mentions-in_app"' in html

    data = {}
    for category in Category:
        data[f"{category}-in_app"] = "on"
        data[f"{category}-email"] = EmailDelivery.DIGEST
    data["mentions-email"] = EmailDelivery.OFF
    del data["deeds-in_app"]  # an unticked checkbox is not sent
    response = client.post("/notifications/settings/", data)
    assert response.status_code == 302 and response["Location"] == "/notifications/settings/"
    saved = {p.category: (p.in_app, p.email) for p in Preference.objects.filter(user=employee)}
    assert saved == {
        "mentions": (True, EmailDelivery.OFF),
        "deeds": (False, EmailDelivery.DIGEST),
        "decisions": (True, EmailDelivery.DIGEST),
    }  # only the changed categories are stored
    again = client.get("/notifications/settings/").context["form"]
    assert again["mentions-email"].initial == EmailDelivery.OFF and again["deeds-in_app"].initial is False


def test_the_settings_page_rejects_unknown_choices(employee, client_for):
    response = client_for(employee).post("/notifications/settings/", {"mentions-email": "hourly"})
    assert response.status_code == 400
    assert "mentions-email" in response.context["form"].errors
    assert not Preference.objects.exists()


def test_the_settings_page_is_personal(employee, client_for, client):
    assert client.get("/notifications/settings/").status_code == 302
    Preference.objects.create(user=employee, category=Category.MENTIONS, email=EmailDelivery.OFF)
    other = client_for(UserFactory(email="toinen@hollola.example.fi", name="Toinen Henkilö"))
    form = other.get("/notifications/settings/").context["form"]
    assert form["mentions-email"].initial == EmailDelivery.IMMEDIATE


def test_the_navigation_badge_counts_up_to_99(client_for, employee, org, settings):
    from latu.notifications.models import Notification

    page = client_for(employee).get("/")
    assert 'class="badge"' not in page.text.split("nav-notifications", 1)[1].split("</li>", 1)[0]
    Notification.objects.bulk_create([Notification(recipient=employee, kind="idea.submitted", category="ideas",
                                                   title=f"Idea {n}", url="/") for n in range(3)])
    nav = client_for(employee).get("/").text.split("nav-notifications", 1)[1].split("</li>", 1)[0]
    assert '<span class="badge">3</span>' in nav
    Notification.objects.bulk_create([Notification(recipient=employee, kind="idea.submitted", category="ideas",
                                                   title=f"Idea {n}", url="/") for n in range(100)])
    nav = client_for(employee).get("/").text.split("nav-notifications", 1)[1].split("</li>", 1)[0]
    assert '<span class="badge">99+</span>' in nav
