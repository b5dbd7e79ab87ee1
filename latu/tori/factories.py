"""Factories for tests and benchmarks. ``DeedFactory`` makes a published, indexed
deed unless told otherwise (``status=Deed.Status.DRAFT``)."""

import factory
from django.utils import timezone

from latu.organisations.factories import OrganisationFactory, UserFactory
from latu.tori import indexing
from latu.tori.models import Adoption, Comment, Deed, Sector, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"teema-{n}")
    name_fi = factory.Sequence(lambda n: f"Teema {n}")


class DeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deed
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kehittämisteko {n}")
    lead = "Lyhyt kuvaus siitä, mitä muutettiin."
    story = "Kokeilimme uutta tapaa toimia ja otimme sen käyttöön."
    organisation = factory.SubFactory(OrganisationFactory)
    sector = Sector.WHOLE_MUNICIPALITY
    status = Deed.Status.PUBLISHED
    year = 2024
    author = factory.SubFactory(UserFactory)
    published_at = factory.LazyAttribute(lambda deed: timezone.now() if deed.status == Deed.Status.PUBLISHED else None)

    @factory.lazy_attribute
    def region(self):
        return self.organisation.region

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def co_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_organisations.set(extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create and self.status == Deed.Status.PUBLISHED and extracted is not False:
            indexing.index_deeds([self])


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    deed = factory.SubFactory(DeedFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    deed = factory.SubFactory(DeedFactory)
    author = factory.SubFactory(UserFactory)
    body = "Hyvä idea, kokeillaan meilläkin."
