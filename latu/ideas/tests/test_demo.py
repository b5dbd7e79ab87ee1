"""The demo: a believable history in every demo organisation, loaded quickly and only once."""

import io

import pytest

from latu.ideas import demo
from latu.ideas.models import Activity, AgendaItem, Comment, Decision, Evaluation, Idea, Support, receipt_hash
from latu.organisations import demo as organisations_demo


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    organisations_demo.load(out)
    demo.load(out)
    return out.getvalue()


def test_the_demo_tells_a_story_in_every_organisation(loaded):
    assert 250 <= Idea.objects.count() <= 400
    for slug in demo.DEMO_SLUGS:
        statuses = set(Idea.objects.filter(organisation__slug=slug).values_list("status", flat=True))
        assert statuses == set(Idea.Status.values), slug
    assert Idea.objects.filter(organisation__slug="porvoo", language="sv").count() >= 15
    assert Idea.objects.filter(is_anonymous=True, author__isnull=True).exists()
    assert not Idea.objects.filter(is_anonymous=True, author__isnull=False).exists()
    assert Idea.objects.filter(source=Idea.Source.CITIZEN).exists()
    assert Support.objects.count() > 200 and Comment.objects.count() > 150 and Evaluation.objects.count() > 500
    assert set(Decision.objects.values_list("kind", flat=True)) == set(Decision.Kind.values)
    assert not Decision.objects.filter(reason="").exists()
    assert AgendaItem.objects.filter(decision__isnull=False).exists()  # decided at a meeting
    assert Idea.objects.filter(escalated_to__isnull=False, status=Idea.Status.IN_EVALUATION).exists()
    assert Idea.objects.filter(status=Idea.Status.MERGED, merged_into__isnull=False).count() == Idea.objects.filter(
        status=Idea.Status.MERGED).count()
    assert Activity.objects.filter(kind=Activity.Kind.SUBMITTED).count() == Idea.objects.count()
    assert Idea.objects.get(receipt_hash=receipt_hash(demo.DEMO_RECEIPT_CODE)).organisation.slug == "hollola"
    # Counters agree with the rows.
    for idea in Idea.objects.all()[:50]:
        assert idea.support_count == idea.supports.count()
        assert idea.comment_count == idea.comments.count()
    oldest = Idea.objects.order_by("created_at").first().created_at
    from django.utils import timezone

    assert (timezone.now() - oldest).days >= 400


def test_the_demo_is_idempotent(loaded):
    counts = [model.objects.count() for model in (Idea, Support, Comment, Evaluation, Decision, Activity)]
    out = io.StringIO()
    demo.load(out)
    assert [model.objects.count() for model in (Idea, Support, Comment, Evaluation, Decision, Activity)] == counts
    assert "0 new demo ideas" in out.getvalue()


def test_demo_pages_work(loaded, client):
    from latu.accounts.models import User

    client.force_login(User.objects.get(email="uudistaja@hollola.example.fi"),
                       backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/o/hollola/board/").status_code == 200
    assert client.get("/o/hollola/ideas/?q=kotihoito").status_code == 200
    idea = Idea.objects.filter(organisation__slug="hollola", status=Idea.Status.IMPLEMENTED).first()
    assert client.get(f"/ideas/{idea.pk}/").status_code == 200


def test_every_demo_idea_reaches_an_innovator(loaded):
    from latu.ideas.actions import handlers_for_many
    from latu.organisations.models import Membership, Role

    ideas = list(Idea.objects.all())
    handlers = handlers_for_many(ideas)
    innovators = set(Membership.objects.filter(role=Role.INNOVATOR).values_list("user_id", flat=True))
    orphans = [idea.pk for idea in ideas if not {user.pk for user in handlers[idea.pk]} & innovators]
    assert orphans == []
    for slug in demo.DEMO_SLUGS:
        assert Membership.objects.filter(organisation__slug=slug, role=Role.INNOVATOR, unit__isnull=True).exists()
