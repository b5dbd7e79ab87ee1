"""Factories for tests and benchmarks."""

import factory

from latu.accounts.models import User
from latu.organisations.models import Membership, Organisation, Role, StrategyGoal, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.fi")
    name = factory.Sequence(lambda n: f"Henkilö {n}")
    password = factory.django.Password("salasana-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    type = Organisation.Type.MUNICIPALITY
    name_fi = factory.Sequence(lambda n: f"Esimerkkikunta {n}")
    name_sv = factory.Sequence(lambda n: f"Exempelkommun {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name_fi = factory.Sequence(lambda n: f"Yksikkö {n}")


class StrategyGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyGoal

    organisation = factory.SubFactory(OrganisationFactory)
    title_fi = factory.Sequence(lambda n: f"Strategian tavoite {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.EMPLOYEE


def member(organisation, role=Role.EMPLOYEE, unit=None, **user_fields) -> User:
    """A person with one role in the organisation."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role, unit=unit)
    return user
