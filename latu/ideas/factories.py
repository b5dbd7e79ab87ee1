"""Factories for tests and benchmarks."""

from datetime import timedelta

import factory
from django.utils import timezone

from latu.organisations.factories import OrganisationFactory

from .models import Comment, Forum, ForumMeeting, Idea, Support
from .search import index_idea


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Kuvaus ideasta."
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            index_idea(obj)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    body = factory.Sequence(lambda n: f"Kommentti {n}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    kind = Forum.Kind.MANAGEMENT
    name = factory.Sequence(lambda n: f"Johtoryhmä {n}")


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
