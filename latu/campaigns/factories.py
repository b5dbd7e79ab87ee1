"""Factories for tests: published content unless told otherwise."""

from datetime import timedelta

import factory
from django.utils import timezone

from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)
from latu.organisations.factories import UserFactory
from latu.tori.factories import DeedFactory


class TopListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopList

    slug = factory.Sequence(lambda n: f"top-lista-{n}")
    title_fi = factory.Sequence(lambda n: f"TOP-lista {n}")
    introduction_fi = "Parhaat teot yhdessä paikassa."
    is_published = True


class TopListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopListItem

    top_list = factory.SubFactory(TopListFactory)
    deed = factory.SubFactory(DeedFactory)
    position = factory.Sequence(lambda n: n + 1)


class CampaignFactory(factory.django.DjangoModelFactory):
    """An active, published campaign (from a week ago to three weeks ahead)."""

    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"kampanja-{n}")
    title_fi = factory.Sequence(lambda n: f"Kampanja {n}")
    introduction_fi = "Kerro kehittämistekosi ja haasta kollegasi."
    starts = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    is_published = True


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Haastettu {n}")
    email = factory.Sequence(lambda n: f"haastettu{n}@example.fi")
    organisation_name = "Esimerkkikunta"
    invited_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def reason(self, create, extracted, **kwargs):
        if create:
            NominationReason.objects.create(nomination=self, reason=extracted or "Hieno teko kotihoidossa.",
                                            nominator=kwargs.get("nominator"))


def category(slug: str) -> AwardCategory:
    """One of the shipped categories (loaded by the migration)."""
    return AwardCategory.objects.get(slug=slug)


class AwardEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardEvent
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"gaala-{n}")
    title_fi = factory.Sequence(lambda n: f"Kehittämisen gaala {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    place = "Helsinki"
    nominations_open = True
    is_published = True

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot"]
            self.categories.set(AwardCategory.objects.filter(slug__in=slugs))

    @factory.post_generation
    def jury(self, create, extracted, **kwargs):
        if create and extracted:
            self.jury.set(extracted)


class AwardNominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardNomination

    event = factory.SubFactory(AwardEventFactory)
    category = factory.LazyFunction(lambda: category("innostavat-teot"))
    deed = factory.SubFactory(DeedFactory)
    reason = "Teko innosti koko työyhteisön."
    nominated_by = factory.SubFactory(UserFactory)
