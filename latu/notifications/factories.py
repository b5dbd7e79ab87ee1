"""Factories for tests."""

import factory

from latu.notifications.models import Notification
from latu.notifications.registry import Category, EmailDelivery


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = "idea.supported"
    category = Category.MY_IDEAS
    actor_name = "Into Uudistaja"
    title = factory.Sequence(lambda n: f"Idea {n}")
    url = factory.Sequence(lambda n: f"/ideas/{n + 1}/")
    email = EmailDelivery.OFF
