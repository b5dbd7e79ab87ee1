"""The ideas API: lists and filters, sending, idempotency, supports, comments,
evaluations and decisions, under the same policies as the pages."""

import pytest

from latu.ideas.factories import SupportFactory
from latu.ideas.models import Comment, Criterion, Decision, Evaluation, Idea, Support
from latu.organisations.factories import UnitFactory

JSON = "application/json"


@pytest.fixture
def api(client_for):
    def as_person(person):
        return client_for(person)

    return as_person


@pytest.fixture
def idea(make_idea, employee):
    return make_idea(title="Sähköinen sijaislista", description="Sijaiset ilmoittautuvat verkossa.", author=employee)


def test_list_filters_and_search(api, employee, org, make_idea):
    unit = UnitFactory(organisation=org)
    make_idea(title="Koulujen ruokahävikki", unit=unit, status=Idea.Status.DECIDED)
    make_idea(title="Kirjaston kotipalvelu", description="Kirjat kotihoidon asiakkaille.")
    client = api(employee)
    titles = lambda url: [row["title"] for row in client.get(url).json()["results"]]  # noqa: E731
    assert set(titles(f"/api/v1/ideas/?organisation={org.slug}")) == {"Koulujen ruokahävikki",
                                                                      "Kirjaston kotipalvelu"}
    assert titles(f"/api/v1/ideas/?unit={unit.pk}") == ["Koulujen ruokahävikki"]
    assert titles("/api/v1/ideas/?status=decided") == ["Koulujen ruokahävikki"]
    assert titles("/api/v1/ideas/?q=kirjastot+kotihoito") == ["Kirjaston kotipalvelu"]


def test_create_an_idea(api, employee, org, events):
    response = api(employee).post("/api/v1/ideas/", {"organisation": org.slug, "title": "API-idea",
                                                     "description": "Kuvaus"}, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["author"] == {"id": employee.pk, "name": employee.name}
    assert body["receipt_code"] is None
    assert Idea.objects.get(pk=body["id"]).author == employee
    assert events[-1].kind == "idea.submitted"


def test_idempotency_key_creates_one_idea(api, employee, org):
    client = api(employee)
    payload = {"organisation": org.slug, "title": "Kerran", "description": "Kuvaus"}
    first = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="key-1234-abcd")
    second = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="key-1234-abcd")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == second.json()["id"]
    assert Idea.objects.filter(title="Kerran").count() == 1
    third = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="key-5678-efgh")
    assert third.json()["id"] != first.json()["id"]


def test_idempotency_keys_are_per_person(api, employee, innovator, org):
    payload = {"organisation": org.slug, "title": "Sama avain", "description": "Kuvaus"}
    api(employee).post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="shared-key-1")
    api(innovator).post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="shared-key-1")
    assert Idea.objects.filter(title="Sama avain").count() == 2


def test_validation_errors_are_field_errors(api, employee, org):
    response = api(employee).post("/api/v1/ideas/", {"organisation": org.slug, "title": ""}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) >= {"title", "description"}


def test_validation_errors_follow_the_language(api, employee, org):
    client = api(employee)
    messages = {}
    for language in ("fi", "en"):
        response = client.post("/api/v1/ideas/", {"organisation": org.slug}, content_type=JSON,
                               HTTP_ACCEPT_LANGUAGE=language)
        messages[language] = response.json()["title"][0]
    assert messages["fi"] != messages["en"]


def test_cannot_send_to_another_organisation(api, outsider, org):
    response = api(outsider).post("/api/v1/ideas/", {"organisation": org.slug, "title": "x", "description": "y"},
                                  content_type=JSON)
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_rate_limit_is_a_429(api, employee, org, settings):
    settings.LATU_RATE_IDEAS = (1, 3600)
    client = api(employee)
    payload = {"organisation": org.slug, "title": "x", "description": "y"}
    assert client.post("/api/v1/ideas/", payload, content_type=JSON).status_code == 201
    assert client.post("/api/v1/ideas/", payload, content_type=JSON).status_code == 429


def test_the_author_edits_while_new(api, idea, employee, innovator):
    response = api(employee).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Sijaislista verkossa"},
                                   content_type=JSON)
    assert response.status_code == 200 and response.json()["title"] == "Sijaislista verkossa"
    assert api(innovator).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "x"}, content_type=JSON).status_code == 403
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.DECIDED)
    assert api(employee).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "y"}, content_type=JSON).status_code == 403


def test_support_post_and_delete(api, idea, innovator):
    client = api(innovator)
    response = client.post(f"/api/v1/ideas/{idea.pk}/support/")
    assert response.status_code == 201 and response.json()["support_count"] == 1 and response.json()["supported"]
    assert client.post(f"/api/v1/ideas/{idea.pk}/support/").status_code == 200
    assert Support.objects.count() == 1
    response = client.delete(f"/api/v1/ideas/{idea.pk}/support/")
    assert response.status_code == 200 and response.json()["support_count"] == 0


def test_comments(api, idea, innovator, employee, supervisor):
    response = api(innovator).post("/api/v1/idea-comments/", {"idea": idea.pk, "body": "Kysymys @Eeva Työntekijä"},
                                   content_type=JSON)
    assert response.status_code == 201
    comment_id = response.json()["id"]
    assert response.json()["mentions"] == [employee.pk]
    reply = api(employee).post("/api/v1/idea-comments/", {"idea": idea.pk, "body": "Vastaus", "parent": comment_id},
                               content_type=JSON)
    assert reply.status_code == 201 and reply.json()["by_idea_author"]
    Comment.objects.filter(pk=comment_id).update(is_hidden=True, hidden_reason="Testi")
    rows = {r["id"]: r for r in api(employee).get(f"/api/v1/idea-comments/?idea={idea.pk}").json()["results"]}
    assert rows[comment_id]["body"] == "" and rows[comment_id]["hidden_reason"] == "Testi"
    rows = {r["id"]: r for r in api(supervisor).get(f"/api/v1/idea-comments/?idea={idea.pk}").json()["results"]}
    assert rows[comment_id]["body"].startswith("Kysymys")


def test_comment_idempotency(api, idea, innovator):
    client = api(innovator)
    for _ in range(2):
        client.post("/api/v1/idea-comments/", {"idea": idea.pk, "body": "Kerran"}, content_type=JSON,
                    HTTP_IDEMPOTENCY_KEY="comment-key-1")
    assert Comment.objects.count() == 1


def test_evaluations(api, idea, org, innovator, supervisor, employee):
    criteria = {c.key: c.pk for c in Criterion.objects.filter(organisation=org)}
    response = api(innovator).post("/api/v1/idea-evaluations/", {"idea": idea.pk, "scores": [
        {"criterion": criteria["customers"], "score": 4, "note": "Hyvä"},
        {"criterion": criteria["effort"], "score": 2}]}, content_type=JSON)
    assert response.status_code == 201 and len(response.json()) == 2
    api(supervisor).post("/api/v1/idea-evaluations/", {"idea": idea.pk, "scores": [
        {"criterion": criteria["customers"], "score": 2}]}, content_type=JSON)
    summary = api(employee).get(f"/api/v1/ideas/{idea.pk}/evaluation-summary/").json()
    customers = next(r for r in summary["rows"] if r["criterion"] == criteria["customers"])
    assert (summary["evaluators"], customers["mean"], customers["spread"]) == (2, 3.0, 1.0)
    # Individual scores are for the handlers.
    assert api(employee).get("/api/v1/idea-evaluations/").json()["results"] == []
    assert len(api(supervisor).get("/api/v1/idea-evaluations/").json()["results"]) == 3
    bad = api(innovator).post("/api/v1/idea-evaluations/", {"idea": idea.pk, "scores": [
        {"criterion": criteria["customers"], "score": 9}]}, content_type=JSON)
    assert bad.status_code == 400
    assert api(employee).post("/api/v1/idea-evaluations/", {"idea": idea.pk, "scores": [
        {"criterion": criteria["customers"], "score": 3}]}, content_type=JSON).status_code == 403
    assert Evaluation.objects.count() == 3


def test_decisions_and_conflicts(api, idea, supervisor, manager, employee):
    SupportFactory(idea=idea, user=manager)
    response = api(supervisor).post("/api/v1/idea-decisions/", {
        "idea": idea.pk, "kind": "implement", "reason": "Toteutetaan.", "version": idea.version}, content_type=JSON)
    assert response.status_code == 201
    late = api(manager).post("/api/v1/idea-decisions/", {
        "idea": idea.pk, "kind": "decline", "reason": "Ei.", "version": idea.version}, content_type=JSON)
    assert late.status_code == 409
    assert Decision.objects.count() == 1
    assert [d["reason"] for d in api(employee).get(f"/api/v1/idea-decisions/?idea={idea.pk}").json()["results"]] \
        == ["Toteutetaan."]
    no_reason = api(supervisor).post("/api/v1/idea-decisions/", {"idea": idea.pk, "kind": "decline", "reason": ""},
                                     content_type=JSON)
    assert no_reason.status_code in (400, 409)


def test_employees_cannot_decide_through_the_api(api, idea, employee, outsider):
    payload = {"idea": idea.pk, "kind": "implement", "reason": "x"}
    assert api(employee).post("/api/v1/idea-decisions/", payload, content_type=JSON).status_code == 403
    assert api(outsider).post("/api/v1/idea-decisions/", payload, content_type=JSON).status_code == 404
    assert not Decision.objects.exists()


def test_the_schema_documents_the_endpoints(api, employee):
    schema = api(employee).get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/ideas/", "/api/v1/ideas/{id}/support/", "/api/v1/idea-comments/",
                 "/api/v1/idea-evaluations/", "/api/v1/idea-decisions/", "Idempotency-Key"):
        assert path in schema


def test_the_rate_limit_answer_says_when_to_try_again_in_the_persons_language(api, employee, org, settings):
    settings.LATU_RATE_IDEAS = (1, 3600)
    client = api(employee)
    payload = {"organisation": org.slug, "title": "x", "description": "y"}
    client.post("/api/v1/ideas/", payload, content_type=JSON)
    response = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    detail = response.json()["detail"]
    assert detail.startswith("Liian monta pyyntöä") and "sekunnin" in detail and "Expected" not in detail


def test_a_repeat_is_answered_with_the_first_idea_even_at_the_rate_limit(api, employee, org, settings):
    settings.LATU_RATE_IDEAS = (1, 3600)
    client = api(employee)
    payload = {"organisation": org.slug, "title": "Kaksoisklikkaus", "description": "Kuvaus"}
    first = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="tupla-avain-1")
    again = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="tupla-avain-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    other = client.post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="tupla-avain-2")
    assert other.status_code == 429
    assert Idea.objects.filter(title="Kaksoisklikkaus").count() == 1


def test_an_anonymous_key_used_by_someone_else_is_their_own(api, employee, innovator, citizen, org):
    """Keys of anonymous ideas are scoped per person (without naming them): a second
    person with the same key gets their own idea, neither the first one nor a refusal,
    and the first person's repeat is still answered with theirs."""
    org.public_channel = True
    org.save()
    payload = {"organisation": org.slug, "title": "Nimetön avain", "description": "Kuvaus", "is_anonymous": True}
    first = api(employee).post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="anon-key-1234")
    assert first.status_code == 201
    # A colleague who can see the first idea, and a citizen who cannot.
    for other in (innovator, citizen):
        second = api(other).post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="anon-key-1234")
        assert second.status_code == 201 and "Idempotent-Replayed" not in second
        assert second.json()["id"] != first.json()["id"] and second.json()["receipt_code"]
    again = api(employee).post("/api/v1/ideas/", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="anon-key-1234")
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Idea.objects.filter(title="Nimetön avain").count() == 3


def test_comment_keys_of_two_people_do_not_collide(api, idea, innovator, org_admin):
    url = "/api/v1/idea-comments/"
    first = api(innovator).post(url, {"idea": idea.pk, "body": "Ensimmäinen"}, content_type=JSON,
                                HTTP_IDEMPOTENCY_KEY="comment-key-1")
    second = api(org_admin).post(url, {"idea": idea.pk, "body": "Toinen"}, content_type=JSON,
                                 HTTP_IDEMPOTENCY_KEY="comment-key-1")
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] != first.json()["id"] and second.json()["body"] == "Toinen"


def test_a_short_idempotency_key_is_refused(api, employee, org):
    response = api(employee).post("/api/v1/ideas/", {"organisation": org.slug, "title": "Lyhyt", "description": "K"},
                                  content_type=JSON, HTTP_IDEMPOTENCY_KEY="short")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Idea.objects.filter(title="Lyhyt").exists()


def test_the_answer_to_a_new_idea_is_what_the_idea_serializer_gives(org, employee, make_idea):
    """``idea_data`` builds the create answer directly; it must not drift from the serializer."""
    from datetime import timedelta

    from django.utils import timezone

    from latu.ideas.api import IdeaSerializer, idea_data
    from latu.organisations.factories import StrategyGoalFactory

    unit = UnitFactory(organisation=org)
    goal = StrategyGoalFactory(organisation=org)
    named = make_idea(title="Nimellä", author=employee, unit=unit, strategy_goal=goal, problem="Ongelma",
                      proposal="Ehdotus", beneficiaries="Asukkaat", support_count=3, comment_count=2)
    anonymous = make_idea(title="Nimettä", is_anonymous=True, language="sv")
    decided = make_idea(title="Yhdistetty", author=employee, status=Idea.Status.MERGED, merged_into=named,
                        first_response_at=timezone.now() - timedelta(days=2), decided_at=timezone.now())
    for idea in (named, anonymous, decided):
        idea = Idea.objects.select_related("organisation", "author").get(pk=idea.pk)
        assert idea_data(idea) == IdeaSerializer(idea).data


def test_each_new_idea_serializer_binds_copies_of_the_declared_fields():
    from latu.ideas.api import IdeaCreateSerializer

    first = IdeaCreateSerializer(data={"title": "", "description": "x" * 5001})
    second = IdeaCreateSerializer(data={"title": "Otsikko"})
    assert not first.is_valid() and not second.is_valid()
    assert first.fields["title"] is not second.fields["title"]
    assert first.fields["title"].parent is first and second.fields["title"].parent is second
    assert IdeaCreateSerializer._declared_fields["title"].parent is None  # the prototypes stay unbound
    assert set(first.errors) == {"organisation", "title", "description"}
    assert set(second.errors) == {"organisation", "description"}  # nothing carried over from the first


def test_a_units_organisation_is_read_once_per_generation(api, employee, org, other_org, settings):
    """Which organisation a named unit belongs to is kept by the process: the next idea
    naming it makes no query for it, until a unit or organisation changes (a new
    generation). A removed unit is then unknown, and one of another organisation stays
    refused."""
    settings.LATU_RATE_IDEAS = (100, 3600)
    unit, elsewhere = UnitFactory(organisation=org), UnitFactory(organisation=other_org)
    client = api(employee)

    def send(unit_id):
        return client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "Yksikön idea", "description": "K",
                                              "unit": unit_id}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")

    assert send(unit.pk).status_code == 201
    assert send(elsewhere.pk).status_code == 400  # read, and kept, as the other organisation's
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def unit_reads(unit_id):
        with CaptureQueriesContext(connection) as queries:
            send(unit_id)
        return [q["sql"] for q in queries if 'FROM "organisations_unit"' in q["sql"] and "WHERE" in q["sql"]
                and q["sql"].count("JOIN") == 0]

    assert unit_reads(unit.pk) == []
    assert send(elsewhere.pk).json() == {"unit": ["The unit must belong to the same organisation."]}

    removed = unit.pk
    unit.delete()  # any change to a unit starts a new generation
    response = send(removed)
    assert response.status_code == 400
    assert response.json() == {"unit": [f'Invalid pk "{removed}" - object does not exist.']}
    assert Idea.objects.filter(title="Yksikön idea").count() == 2
