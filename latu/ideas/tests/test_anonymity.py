"""Anonymous ideas leave no trace of their author: not in any table of the database,
not in the logs, the events, the emails or the stored files. The author follows the
idea with a receipt code that is shown once and stored only as a hash."""

import io
import json
import logging
import os
import re
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from latu.ideas.models import Activity, Attachment, Comment, Idea
from latu.ideas.tests.helpers import submit_form

# --- the database scan ---------------------------------------------------------------------


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _user_columns(table: str) -> set[str]:
    """Columns of ``table`` that reference the user table."""
    from latu.accounts.models import User

    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {column for column, (_, other_table) in relations.items() if other_table == User._meta.db_table}


def snapshot() -> dict[str, set[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            columns = [c[0] for c in cursor.description]
            rows[table] = {tuple(zip(columns, map(_plain, row), strict=True)) for row in cursor.fetchall()}
    return rows


def _plain(value):
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("latin-1")
    return value


def _json_links(value, user_id: int) -> bool:
    """Does a JSON value hold the person's id under a key that names a person?"""
    if isinstance(value, dict):
        for key, item in value.items():
            if re.search(r"user|actor|author|person|by|owner", str(key)) and item == user_id:
                return True
            if _json_links(item, user_id):
                return True
    if isinstance(value, list):
        return any(_json_links(item, user_id) for item in value)
    return False


def traces(before: dict, after: dict, person) -> list[str]:
    """Every new or changed row that contains the person's id (in a column that refers to
    people, or in JSON under such a key), email address or name."""
    needles = [person.email.casefold(), person.name.casefold(), *person.name.casefold().split()]
    found = []
    for table, rows in after.items():
        user_columns = _user_columns(table)
        for row in rows - before.get(table, set()):
            for column, value in row:
                if column in user_columns and value == person.pk:
                    found.append(f"{table}.{column} = person id")
                if isinstance(value, str):
                    lowered = value.casefold()
                    for needle in needles:
                        if len(needle) > 2 and needle in lowered:
                            found.append(f"{table}.{column} contains {needle!r}")
                    if value[:1] in "{[":
                        try:
                            parsed = json.loads(value)
                        except ValueError:
                            parsed = None
                        if _json_links(parsed, person.pk):
                            found.append(f"{table}.{column} JSON holds person id")
    return found


@contextmanager
def every_log(level=logging.DEBUG):
    """Capture every log record of every logger, also those that do not propagate."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect(level)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(level)
    try:
        yield records
    finally:
        for logger, old_level in saved:
            logger.removeHandler(handler)
            logger.setLevel(old_level)


def log_traces(records, person) -> list[str]:
    needles = [person.email.casefold(), person.name.casefold()]
    found = []
    for record in records:
        text = record.getMessage().casefold()
        found += [f"{record.name}: {needle}" for needle in needles if needle in text]
        request = getattr(record, "request", None)
        if request is not None and getattr(getattr(request, "user", None), "pk", None) == person.pk:
            found.append(f"{record.name}: request of the person")
    return found


def image_with_exif(name: str) -> bytes:
    image = Image.new("RGB", (16, 16), (10, 120, 60))
    exif = Image.Exif()
    exif[0x013B] = name  # Artist
    exif[0x010E] = f"Kuvannut {name}"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


# --- tests ----------------------------------------------------------------------------------


@pytest.fixture
def anonymous_author(org):
    from latu.organisations.factories import member
    from latu.organisations.models import Role

    return member(org, Role.EMPLOYEE, email="anni.anonyymi@hollola.example.fi", name="Anni Anonyymi")


def test_an_anonymous_idea_leaves_no_trace_of_its_author(client_for, anonymous_author, org, innovator, events,
                                                          settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = client_for(anonymous_author)
    page = client.get(reverse("ideas:submit", args=[org.slug]))
    token = page.context["form"].initial["token"]
    photo = SimpleUploadedFile("anni-anonyymi-kuva.jpg", image_with_exif(anonymous_author.name),
                               content_type="image/jpeg")
    before = snapshot()
    with every_log() as records:
        response = client.post(reverse("ideas:submit", args=[org.slug]), {
            "title": "Taukotilan ilmanvaihto kuntoon", "description": "Taukotilassa on tunkkaista.",
            "anonymous": "on", "token": token, "attachment": photo, "alt_text": "Taukotilan ikkuna",
        })
    after = snapshot()

    assert response.status_code == 200
    idea = Idea.objects.get(title="Taukotilan ilmanvaihto kuntoon")
    assert idea.is_anonymous and idea.author_id is None
    assert sum(len(after[t] - before.get(t, set())) for t in after) > 5  # the scan sees the new rows
    assert traces(before, after, anonymous_author) == []
    assert log_traces(records, anonymous_author) == []

    # The receipt code is shown once and stored only as a hash.
    code = response.context["code"]
    assert code and code in response.content.decode()
    assert not any(code in str(value) for rows in after.values() for row in rows for _, value in row)
    assert f'href="/ideas/receipt/#{code}"' in response.content.decode()  # the code stays out of URLs sent

    # Events carry no author, emails neither.
    assert [e.kind for e in events] == ["idea.submitted"]
    assert events[0].actor is None
    assert anonymous_author not in events[0].recipients
    assert anonymous_author.email not in json.dumps(events[0].data) and anonymous_author.name not in json.dumps(
        events[0].data)
    for message in mail.outbox:
        assert anonymous_author.email not in message.to
        assert anonymous_author.name not in message.body
        assert anonymous_author.email not in message.body

    # The attachment keeps neither the file name nor the photo's metadata.
    attachment = Attachment.objects.get(idea=idea)
    assert "anni" not in attachment.name.casefold()
    assert attachment.uploaded_by is None
    stored = attachment.file.read()
    assert b"Anni" not in stored and b"Anonyymi" not in stored


def test_colleagues_see_no_author_on_an_anonymous_idea(client_for, anonymous_author, org, employee, innovator):
    submit_form(client_for(anonymous_author), org, title="Nimetön idea", description="Kuvaus.", anonymous="on")
    idea = Idea.objects.get(title="Nimetön idea")
    for viewer in (employee, innovator):
        client = client_for(viewer)
        page = client.get(reverse("ideas:detail", args=[idea.pk]))
        assert page.status_code == 200
        assert anonymous_author.name not in page.content.decode()
        api = client.get(f"/api/v1/ideas/{idea.pk}/")
        assert api.json()["author"] is None
        assert anonymous_author.name not in api.content.decode()


def test_anonymous_ideas_are_not_listed_as_the_authors_own(client_for, anonymous_author, org):
    client = client_for(anonymous_author)
    submit_form(client, org, title="Salainen idea", description="Kuvaus.", anonymous="on")
    assert "Salainen idea" not in client.get(reverse("ideas:mine")).content.decode()
    assert "Salainen idea" not in client.get("/").content.decode()


def test_replaying_an_anonymous_submission_does_not_show_the_code_again(client_for, anonymous_author, org):
    client = client_for(anonymous_author)
    first, data = submit_form(client, org, title="Kerran vain", description="x", anonymous="on")
    second = client.post(reverse("ideas:submit", args=[org.slug]), data)
    assert Idea.objects.filter(title="Kerran vain").count() == 1
    assert second.status_code == 200
    assert second.context["replayed"] is True
    assert first.context["code"] not in second.content.decode()


def test_the_receipt_holder_follows_the_idea_and_answers_questions(client_for, anonymous_author, org, innovator,
                                                                 client, events):
    author_client = client_for(anonymous_author)
    response, _ = submit_form(author_client, org, title="Kysymyksiä herättävä idea", description="Kuvaus.",
                              anonymous="on")
    code = response.context["code"]
    idea = Idea.objects.get(title="Kysymyksiä herättävä idea")
    client_for(innovator).post(reverse("ideas:comment", args=[idea.pk]), {"body": "Missä yksikössä tämä olisi?"})
    question = Comment.objects.get(idea=idea)

    # The code is typed into a form (any device, signed in or not).
    from django.test import Client

    visitor = Client()
    page = visitor.post(reverse("ideas:receipt"), {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert page.context["idea"] == idea
    assert "Missä yksikössä tämä olisi?" in page.content.decode()

    # The author answers the question as "the author", in a request scanned like the submission.
    before = snapshot()
    with every_log() as records:
        answer = author_client.post(reverse("ideas:receipt_comment"), {
            "code": code, "body": "Kotihoidon pohjoisessa tiimissä.", "parent": question.pk,
        })
    after = snapshot()
    assert answer.status_code == 200
    reply = Comment.objects.get(body="Kotihoidon pohjoisessa tiimissä.")
    assert reply.author is None and reply.by_idea_author and reply.parent == question
    assert Activity.objects.get(idea=idea, kind=Activity.Kind.COMMENTED, by_idea_author=True).actor is None
    assert traces(before, after, anonymous_author) == []
    assert log_traces(records, anonymous_author) == []
    assert innovator in events[-1].recipients and events[-1].actor is None

    # Colleagues see the answer as the author's, without a name.
    detail = client_for(innovator).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Kotihoidon pohjoisessa tiimissä." in detail
    assert anonymous_author.name not in detail


def test_a_wrong_receipt_code_finds_nothing(client, anonymous_author, org, client_for):
    submit_form(client_for(anonymous_author), org, title="Idea", description="x", anonymous="on")
    response = client.post(reverse("ideas:receipt"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 400
    assert "idea" not in response.context
    assert client.post(reverse("ideas:receipt_comment"), {"code": "AAAA-BBBB-CCCC-DDDD",
                                                          "body": "Hei"}).status_code == 404
    assert not Comment.objects.exists()


def test_receipt_lookups_are_rate_limited(client, settings, db):
    settings.LATU_RATE_RECEIPT_LOOKUPS = (3, 600)
    statuses = [client.post(reverse("ideas:receipt"), {"code": f"AAAA-BBBB-CCCC-DDD{n}"}).status_code
                for n in range(2, 7)]
    assert statuses[:3] == [400, 400, 400]
    assert statuses[-1] == 429


def test_receipt_guessing_is_limited_per_address_whatever_the_session(settings, db):
    """A script that drops its cookies gets a new session for every guess; the client
    address is counted as well."""
    from django.test import Client

    settings.LATU_RATE_RECEIPT_LOOKUPS = (100, 600)
    settings.LATU_RATE_RECEIPT_LOOKUPS_PER_ADDRESS = (4, 600)
    statuses = [Client(REMOTE_ADDR="203.0.113.7").post(reverse("ideas:receipt"),
                                                       {"code": f"AAAA-BBBB-CCCC-DDD{n}"}).status_code
                for n in range(2, 8)]
    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[-1] == 429
    # Commenting with a guessed code is a lookup too.
    assert Client(REMOTE_ADDR="203.0.113.7").post(
        reverse("ideas:receipt_comment"), {"code": "AAAA-BBBB-CCCC-DDD9", "body": "Hei"}).status_code == 429
    # Another address is not held back.
    assert Client(REMOTE_ADDR="198.51.100.2").post(
        reverse("ideas:receipt"), {"code": "AAAA-BBBB-CCCC-DDD2"}).status_code == 400


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="reads the keys of the local-memory cache")
def test_the_address_is_not_readable_from_the_rate_limit_keys(settings, db):
    """The address is keyed with the secret key: hashing every IPv4 address does not find it."""
    import hashlib

    from django.core.cache import cache
    from django.test import Client

    Client(REMOTE_ADDR="203.0.113.7").post(reverse("ideas:receipt"), {"code": "AAAA-BBBB-CCCC-DDD2"})
    keys = " ".join(str(key) for key in cache._cache)  # the local memory cache of the tests
    assert "RECEIPT_LOOKUPS_PER_ADDRESS" in keys
    plain = hashlib.sha256(b"RECEIPT_LOOKUPS_PER_ADDRESS:address:203.0.113.7").hexdigest()[:40]
    assert "203.0.113.7" not in keys and plain not in keys


def test_anonymous_idea_through_the_api_leaves_no_trace(client_for, anonymous_author, org):
    client = client_for(anonymous_author)
    before = snapshot()
    response = client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "API:n kautta nimettömänä",
                                              "description": "Kuvaus.", "is_anonymous": True},
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="3f1c9a0e-2b4d-4c8a-9f7e-1d2c3b4a5e6f")
    after = snapshot()
    assert response.status_code == 201
    body = response.json()
    assert body["author"] is None and body["receipt_code"]
    assert traces(before, after, anonymous_author) == []
    replay = client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "API:n kautta nimettömänä",
                                            "description": "Kuvaus.", "is_anonymous": True},
                         content_type="application/json", HTTP_IDEMPOTENCY_KEY="3f1c9a0e-2b4d-4c8a-9f7e-1d2c3b4a5e6f")
    assert replay.json()["id"] == body["id"]
    assert replay.json().get("receipt_code") is None
    assert Idea.objects.filter(title="API:n kautta nimettömänä").count() == 1


def test_the_scan_finds_the_author_of_a_named_idea(client_for, anonymous_author, org):
    """The control: the same scan does see a person who sends with their name."""
    client = client_for(anonymous_author)
    page = client.get(reverse("ideas:submit", args=[org.slug]))
    before = snapshot()
    with every_log(logging.DEBUG):
        client.post(reverse("ideas:submit", args=[org.slug]), {
            "title": "Nimellä", "description": "Kuvaus.", "token": page.context["form"].initial["token"]})
    found = traces(before, snapshot(), anonymous_author)
    assert "ideas_idea.author_id = person id" in found
    assert "ideas_activity.actor_id = person id" in found
