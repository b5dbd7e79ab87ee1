"""The demo gives the Hollola demo people a few notifications, once."""

from io import StringIO

from django.core import mail

from latu.notifications import demo
from latu.notifications.factories import NotificationFactory
from latu.notifications.models import Notification
from latu.notifications.registry import EmailDelivery
from latu.organisations.factories import member
from latu.organisations.models import Role


def test_demo_notifications_are_created_once_and_not_emailed(org):
    people = {login: member(org, role, email=f"{login}@hollola.example.fi", name=f"Demo {login}")
              for login, role in [("tyontekija", Role.EMPLOYEE), ("uudistaja", Role.INNOVATOR),
                                  ("esihenkilo", Role.SUPERVISOR), ("johto", Role.MANAGER),
                                  ("henkilo1", Role.EMPLOYEE)]}
    from latu.ideas.models import Idea

    Idea.objects.create(organisation=org, title="Pyörätelineet kirjaston eteen", description="Kuvaus",
                        author=people["tyontekija"])
    earlier = NotificationFactory(recipient=people["tyontekija"], kind="experiment.updated")  # not in the way
    demo.load(StringIO())
    rows = list(Notification.objects.exclude(pk=earlier.pk))
    assert {"role.granted", "idea.supported", "idea.status_changed", "comment.mentioned", "idea.submitted",
            "idea.escalated"} == {
        n.kind for n in rows}
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert {n.recipient for n in rows} == set(people.values()) - {people["henkilo1"]}
    assert Notification.objects.get(kind="idea.supported").actor == people["henkilo1"]
    assert all(n.email == EmailDelivery.OFF for n in rows) and mail.outbox == []
    assert all(n.message for n in rows)
    demo.load(StringIO())
    assert Notification.objects.count() == len(rows) + 1
