"""Contributions of Eeva and of Into, for the personal-data tests."""

from dataclasses import dataclass

from rest_framework.authtoken.models import Token

from latu.audit.log import record
from latu.experiments.factories import make_experiment
from latu.ideas.factories import CommentFactory, IdeaFactory, SupportFactory
from latu.ideas.models import Idea
from latu.notifications.factories import NotificationFactory
from latu.tori.factories import CommentFactory as DeedCommentFactory
from latu.tori.factories import DeedFactory


@dataclass
class Contributions:
    idea: Idea
    anonymous_idea: Idea
    others_idea: Idea


def contribute(org, person, other) -> Contributions:
    """``person`` writes an idea (and one anonymously), comments, supports, leads an
    experiment, tells a deed, gets a notification about ``other``'s support; ``other`` does
    the same kinds of things."""
    idea = IdeaFactory(organisation=org, author=person, title="Eevan idea", support_count=1)
    anonymous = IdeaFactory(organisation=org, author=None, is_anonymous=True, title="Salainen idea")
    others = IdeaFactory(organisation=org, author=other, title="Inton idea", support_count=1)
    SupportFactory(idea=others, user=person)
    SupportFactory(idea=idea, user=other)
    CommentFactory(idea=others, author=person, body="Eevan kommentti")
    CommentFactory(idea=idea, author=other, body="Inton kommentti")
    make_experiment(org, person, title="Eevan kokeilu")
    make_experiment(org, other, title="Inton kokeilu")
    deed = DeedFactory(organisation=org, author=person, title="Eevan teko")
    DeedFactory(organisation=org, author=other, title="Inton teko")
    DeedCommentFactory(deed=deed, author=person, body="Eevan tekokommentti")
    NotificationFactory(recipient=person, actor=other, actor_name=other.name, title=idea.title)
    NotificationFactory(recipient=other, actor=person, actor_name=person.name, title=others.title)
    record("login", actor=person, target=person.email)
    record("login", actor=other, target=other.email)
    record("email_changed", actor=other, target=other.email, removed=person.email)
    Token.objects.get_or_create(user=person)
    Token.objects.get_or_create(user=other)
    return Contributions(idea=idea, anonymous_idea=anonymous, others_idea=others)
