"""The permission matrix for ideas: every role × own and other organisation × the
pages and the API endpoints. Other organisations and the programme office see nothing
(404), roles never exceed their rights (403)."""

import pytest
from django.test import Client
from django.urls import reverse

from latu.access.tests.matrix import assert_no_leak
from latu.ideas.factories import CommentFactory, IdeaFactory
from latu.ideas.models import Decision, Evaluation, Idea
from latu.organisations.factories import member
from latu.organisations.models import Role

HOLLOLA = ["employee", "innovator", "supervisor", "manager", "org_admin"]
HANDLERS = ["innovator", "supervisor", "manager", "org_admin"]
PORVOO = ["outsider", "other_admin"]
ROLES = [*HOLLOLA, *PORVOO, "office", "citizen", "anonymous"]


@pytest.fixture
def people(request):
    return {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}


@pytest.fixture
def world(org, other_org, people, employee, other_admin):
    hollola = IdeaFactory(organisation=org, title="Hollolan idea", author=employee)
    porvoo = IdeaFactory(organisation=other_org, title="Borgå idé", author=member(other_org), language="sv")
    criteria = {o.pk: o.criteria.first() for o in (org, other_org)}
    data = {}
    for idea, handler in ((hollola, member(org, Role.INNOVATOR)), (porvoo, other_admin)):
        data[idea.organisation_id] = {
            "idea": idea,
            "comment": CommentFactory(idea=idea, author=handler),
            "evaluation": Evaluation.objects.create(idea=idea, evaluator=handler,
                                                    criterion=criteria[idea.organisation_id], score=4),
            "decision": Decision.objects.create(idea=idea, kind="escalate", reason="Perustelu", decided_by=handler,
                                                status_before="new", status_after="in_evaluation"),
        }
    return {"own": data[org.pk], "other": data[other_org.pk]}


def sees(role, owner, handlers_only=False):
    members = HOLLOLA if owner == "own" else PORVOO
    if handlers_only:
        members = [r for r in members if r in (*HANDLERS, "other_admin")]
    return role in members


API = {
    "ideas": ("/api/v1/ideas/", "/api/v1/ideas/{pk}/", "idea", False),
    "comments": ("/api/v1/idea-comments/", "/api/v1/idea-comments/{pk}/", "comment", False),
    "decisions": ("/api/v1/idea-decisions/", "/api/v1/idea-decisions/{pk}/", "decision", False),
    "evaluations": ("/api/v1/idea-evaluations/", "/api/v1/idea-evaluations/{pk}/", "evaluation", True),
}


@pytest.mark.parametrize("endpoint", API)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["own", "other"])
def test_api_matrix(client_for, people, world, endpoint, role, owner):
    url_list, url_detail, key, handlers_only = API[endpoint]
    obj = world[owner][key]
    person = people[role]
    visible, hidden = ([person], []) if sees(role, owner, handlers_only) else ([], [person])
    assert_no_leak(client_for, url_list, url_detail, visible, hidden, objects=[obj])


# Page → who gets 200 among Hollola's people (the others of Hollola get 403); people of
# other organisations, the programme office and citizens get 404; anonymous visitors are
# sent to sign in.
PAGES = {
    "detail": (lambda o, i: reverse("ideas:detail", args=[i.pk]), HOLLOLA),
    "index": (lambda o, i: reverse("ideas:index", args=[o.slug]), HOLLOLA),
    "forums": (lambda o, i: reverse("ideas:forums", args=[o.slug]), HOLLOLA),
    "board": (lambda o, i: reverse("ideas:board", args=[o.slug]), HANDLERS),
    "reports": (lambda o, i: reverse("ideas:reports", args=[o.slug]), HANDLERS),
    "evaluate": (lambda o, i: reverse("ideas:evaluate", args=[i.pk]), HANDLERS),
    "decide": (lambda o, i: reverse("ideas:decide", args=[i.pk]), HANDLERS),
    "edit": (lambda o, i: reverse("ideas:edit", args=[i.pk]), ["employee"]),  # the author, while new
    "settings": (lambda o, i: reverse("ideas:settings", args=[o.slug]), ["org_admin"]),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(client_for, people, world, org, page, role):
    url = PAGES[page][0](org, world["own"]["idea"])
    person = people[role]
    response = (Client() if person is None else client_for(person)).get(url)
    if person is None:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif role in PAGES[page][1]:
        assert response.status_code == 200, f"{role} {url}"
    elif role in HOLLOLA:
        assert response.status_code == 403, f"{role} {url}"
    else:
        assert response.status_code == 404, f"{role} {url}"


POSTS = {
    "support": (lambda i, c: reverse("ideas:support", args=[i.pk]), {}),
    "comment": (lambda i, c: reverse("ideas:comment", args=[i.pk]), {"body": "Hei"}),
    "hide": (lambda i, c: reverse("ideas:comment_hide", args=[c.pk]), {"reason": "Asiaton"}),
    "report": (lambda i, c: reverse("ideas:comment_report", args=[c.pk]), {"reason": "Asiaton"}),
    "start_evaluation": (lambda i, c: reverse("ideas:start_evaluation", args=[i.pk]), {}),
    "decide": (lambda i, c: reverse("ideas:decide", args=[i.pk]), {"kind": "decline", "reason": "Ei", "version": 1}),
}


@pytest.mark.parametrize("action", POSTS)
@pytest.mark.parametrize("role", [*PORVOO, "office", "citizen"])
def test_other_organisations_cannot_act_on_an_idea(client_for, people, world, action, role):
    idea, comment = world["own"]["idea"], world["own"]["comment"]
    url, data = POSTS[action][0](idea, comment), POSTS[action][1]
    assert client_for(people[role]).post(url, data).status_code == 404
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert idea.support_count == 0 and idea.comment_count == 0 and idea.status == "new"
    assert not comment.is_hidden and not comment.reports.exists()


def test_the_programme_office_sees_ideas_of_organisations_it_belongs_to(client_for, office, org, world):
    member_office = office
    from latu.organisations.factories import MembershipFactory

    MembershipFactory(user=member_office, organisation=org, role=Role.EMPLOYEE)
    assert client_for(member_office).get(reverse("ideas:detail", args=[world["own"]["idea"].pk])).status_code == 200
    assert client_for(member_office).get(reverse("ideas:detail", args=[world["other"]["idea"].pk])).status_code \
        == 404


def test_the_ideas_of_one_organisation_are_what_the_policy_scope_gives(org, other_org, employee, outsider, citizen,
                                                                      office):
    """``visible_ideas_of`` is the list's and board's faster way to write
    ``scope(user, Idea).filter(organisation=…)``; for everyone it gives the same rows."""
    from django.contrib.auth.models import AnonymousUser

    from latu import access
    from latu.access.ideas import visible_ideas_of

    org.public_channel = True
    org.save()
    ours = IdeaFactory(organisation=org, author=employee)
    IdeaFactory(organisation=org, author=None, is_anonymous=True)
    by_citizen = IdeaFactory(organisation=org, author=citizen, source="citizen")
    by_outsider = IdeaFactory(organisation=org, author=outsider)  # e.g. sent while still a member
    IdeaFactory(organisation=other_org, author=outsider)
    for person in (employee, outsider, citizen, office, AnonymousUser()):
        for organisation in (org, other_org):
            expected = set(access.scope(person, Idea).filter(organisation=organisation).values_list("pk", flat=True))
            assert set(visible_ideas_of(person, organisation).values_list("pk", flat=True)) == expected
    assert set(visible_ideas_of(citizen, org)) == {by_citizen}
    assert set(visible_ideas_of(outsider, org)) == {by_outsider}
    assert ours in set(visible_ideas_of(employee, org))
