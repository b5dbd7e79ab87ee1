"""The demo does not contradict itself: every mention notification opens a comment that
mentions the person, notifications about an idea fall inside the idea's timeline, and no
organisation has two ideas with the same title."""

import io
from collections import Counter

import pytest
from django.db.models import Max, Min

from latu.ideas import demo as ideas_demo
from latu.ideas.models import Comment, Idea
from latu.notifications import demo as notifications_demo
from latu.notifications.models import Notification
from latu.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    for module in (organisations_demo, ideas_demo, notifications_demo):
        module.load(out)


def test_the_demo_is_consistent(loaded):
    mentions = Notification.objects.filter(kind="comment.mentioned")
    assert mentions.exists()
    for notification in mentions:
        comment = Comment.objects.filter(pk=notification.target_id).first()
        assert notification.target_type.model == "comment" and comment is not None
        assert comment.mentions.filter(pk=notification.recipient_id).exists()
    for notification in Notification.objects.filter(target_type__model__in=["idea", "comment"]):
        target = notification.target_type.get_object_for_this_type(pk=notification.target_id)
        idea = target if isinstance(target, Idea) else target.idea
        span = idea.activities.aggregate(first=Min("created_at"), last=Max("created_at"))
        last = max([span["last"], *(c.created_at for c in idea.comments.all())])
        assert span["first"] <= notification.created_at <= last, (notification.kind, idea.pk)
    titles = Counter(Idea.objects.values_list("organisation_id", "title"))
    assert [t for t, n in titles.items() if n > 1] == []
    # Running the demo again changes nothing.
    count = Notification.objects.count(), Comment.objects.count()
    notifications_demo.load(io.StringIO())
    assert (Notification.objects.count(), Comment.objects.count()) == count
