"""Script in user text never runs: every free-text field of the main objects (found from
the models' text fields, not listed by hand) is filled with script payloads, and every
page and API response that shows them must return them escaped or sanitised."""

import contextlib
import re

import pytest
from django.db import models
from django.urls import NoReverseMatch, get_resolver, reverse

from latu.campaigns.factories import CampaignFactory
from latu.experiments.factories import ChallengeFactory, make_experiment
from latu.ideas.factories import CommentFactory as IdeaCommentFactory
from latu.ideas.factories import IdeaFactory
from latu.tori.factories import CommentFactory as DeedCommentFactory
from latu.tori.factories import DeedFactory

PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '[klik](javascript:alert(1))',
            "<a href='javascript:alert(1)'>x</a>"]
PAYLOAD = " ".join(PAYLOADS)
# What must never appear in HTML: a live script element, an injected element with a
# handler, a javascript: link.
DANGEROUS = [
    re.compile(r"<script>alert", re.I),
    re.compile(r"<img src=x", re.I),
    re.compile(r"<[a-z]+[^>]*\son[a-z]+=", re.I),
    re.compile(r"href\s*=\s*[\"']?\s*javascript:", re.I),
]
# Not free text (formats of their own, validated elsewhere), matched by name part.
NOT_FREE_TEXT = re.compile(r"(^|_)(slug|email|url|colour|color|code|token|key|language|password|hash|path|ip|kind|"
                           r"status|municipality|region|sector|domain|business|phone|file|image|mime|type)(_|$)")


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's free-text fields: CharField/TextField without choices."""
    return [
        field for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.choices
        and not NOT_FREE_TEXT.search(field.name) and field.editable and not field.primary_key
    ]


def fill(obj: models.Model) -> list[str]:
    """Every free-text field of ``obj`` set to the payloads (cut to the field's length)."""
    filled = []
    for field in text_fields(type(obj)):
        limit = field.max_length or 10_000
        value = PAYLOAD if len(PAYLOAD) <= limit else next((p for p in PAYLOADS if len(p) <= limit), None)
        if value is None:
            continue
        setattr(obj, field.attname, value)
        filled.append(f"{type(obj).__name__}.{field.name}")
    obj.save()
    return filled


def assert_escaped(url: str, response) -> None:
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        # JSON carries the text as data; it is never sniffed as HTML.
        assert response["X-Content-Type-Options"] == "nosniff"
        for key, value in re.findall(r'"(\w+_html)":\s*"((?:[^"\\]|\\.)*)"', body):
            for pattern in DANGEROUS:
                assert not pattern.search(value.encode().decode("unicode_escape")), (url, key)
        return
    for pattern in DANGEROUS:
        match = pattern.search(body)
        assert not match, f"{url}: {body[max(0, match.start() - 200):match.end() + 100]}"


@pytest.fixture
def hostile(org, employee, innovator, office):
    """Objects of every main kind with every free-text field hostile."""
    filled = []
    filled += fill(org)
    filled += fill(employee)
    idea = IdeaFactory(organisation=org, author=employee)
    filled += fill(idea)
    filled += fill(IdeaCommentFactory(idea=idea, author=innovator))
    challenge = ChallengeFactory(organisation=org)
    filled += fill(challenge)
    experiment = make_experiment(org, employee)
    filled += fill(experiment)
    deed = DeedFactory(organisation=org, author=employee)
    filled += fill(deed)
    filled += fill(DeedCommentFactory(deed=deed, author=innovator))
    campaign = CampaignFactory()
    filled += fill(campaign)
    return {"idea": idea, "challenge": challenge, "experiment": experiment, "deed": deed, "campaign": campaign,
            "filled": filled}


@pytest.mark.django_db
def test_the_fields_are_found_from_the_models(hostile):
    filled = set(hostile["filled"])
    for expected in ("Idea.title", "Idea.description", "Comment.body", "Experiment.title", "Experiment.hypothesis",
                     "Deed.title", "Deed.story", "Deed.lead", "Challenge.description", "Organisation.name_fi",
                     "User.name"):
        assert expected in filled, expected
    assert len(filled) > 30


@pytest.mark.django_db
def test_pages_show_the_payloads_escaped(hostile, org, client_for, employee, innovator, office, client):
    pages = [
        reverse("ideas:detail", args=[hostile["idea"].pk]), reverse("ideas:index", args=[org.slug]),
        reverse("ideas:mine"),
        reverse("experiments:detail", args=[hostile["experiment"].pk]),
        reverse("experiments:index", args=[org.slug]),
        reverse("experiments:challenge_detail", args=[hostile["challenge"].pk]),
        reverse("experiments:challenges", args=[org.slug]),
        reverse("tori:deed_detail", args=[hostile["deed"].pk]), reverse("tori:index"), "/tori/?q=alert",
        reverse("campaigns:campaign_detail", args=[hostile["campaign"].slug]), reverse("campaigns:campaigns"),
        "/",
    ]
    signed_in = client_for(employee)
    for url in pages:
        assert_escaped(url, signed_in.get(url))
    from django.test import Client

    handler = Client()
    handler.force_login(innovator, backend="django.contrib.auth.backends.ModelBackend")
    for url in (reverse("ideas:board", args=[org.slug]), reverse("ideas:detail", args=[hostile["idea"].pk])):
        assert_escaped(url, handler.get(url))
    # The payload did reach the pages (as text): the test would see it if it were live.
    detail = signed_in.get(pages[0]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


@pytest.mark.django_db
def test_anonymous_pages_show_the_payloads_escaped(hostile, client):
    for url in (reverse("tori:deed_detail", args=[hostile["deed"].pk]), reverse("tori:index"),
                reverse("campaigns:campaign_detail", args=[hostile["campaign"].slug])):
        assert_escaped(url, client.get(url))


def api_list_urls() -> list[str]:
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str) and name.endswith("-list")]
    urls = []
    for name in sorted(names):
        with contextlib.suppress(NoReverseMatch):  # routes that need arguments: covered by the pages
            urls.append(reverse(name))
    return urls


@pytest.mark.django_db
def test_api_responses_carry_the_payloads_as_json_only(hostile, client_for, employee):
    urls = api_list_urls()
    assert len(urls) > 10
    signed_in = client_for(employee)
    for url in urls:
        response = signed_in.get(url)
        if response.status_code in (403, 404):
            continue  # not for this person
        assert_escaped(url, response)
    detail = signed_in.get(f"/api/v1/ideas/{hostile['idea'].pk}/")
    assert_escaped("idea", detail)
    assert "<script>alert(1)</script>" in detail.json()["title"]  # carried as data, unchanged
