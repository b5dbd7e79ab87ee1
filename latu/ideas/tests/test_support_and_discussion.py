"""Support once per person; comments with replies and mentions; moderation with
reasons in the audit log; reports for the handlers; rate limits."""

import pytest
from django.urls import reverse

from latu.audit.models import AuditEvent
from latu.ideas.models import Comment, CommentReport, Idea, Support
from latu.organisations.factories import member
from latu.organisations.models import Role


@pytest.fixture
def idea(make_idea, employee):
    return make_idea(title="Etäpalaverit kotihoitoon", description="Aamupalaveri videolla.", author=employee)


def support_url(idea):
    return reverse("ideas:support", args=[idea.pk])


def test_one_support_per_person(client_for, idea, innovator, events):
    client = client_for(innovator)
    assert client.post(support_url(idea)).status_code == 302
    assert client.post(support_url(idea)).status_code == 302
    idea.refresh_from_db()
    assert Support.objects.filter(idea=idea).count() == 1
    assert idea.support_count == 1
    assert [e.kind for e in events] == ["idea.supported"]
    assert [p.email for p in events[0].recipients] == ["eeva@hollola.example.fi"]


def test_support_with_htmx_returns_the_button(client_for, idea, innovator):
    response = client_for(innovator).post(support_url(idea), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="support-{idea.pk}"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()


def test_withdrawing_support(client_for, idea, innovator):
    client = client_for(innovator)
    client.post(support_url(idea))
    client.post(support_url(idea), {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert not Support.objects.exists()


def test_the_author_cannot_support_their_own_idea(client_for, idea, employee):
    client_for(employee).post(support_url(idea))
    assert not Support.objects.exists()


def test_supports_of_other_organisations_are_refused(client_for, idea, outsider):
    assert client_for(outsider).post(support_url(idea)).status_code == 404
    assert not Support.objects.exists()


def test_merged_ideas_cannot_be_supported(client_for, idea, innovator):
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.MERGED)
    client_for(innovator).post(support_url(idea))
    assert not Support.objects.exists()


def comment_url(idea):
    return reverse("ideas:comment", args=[idea.pk])


def test_comments_and_replies_notify_the_people_involved(client_for, idea, employee, innovator, supervisor, events):
    client_for(supervisor).post(support_url(idea))
    response = client_for(innovator).post(comment_url(idea), {"body": "Hyvä idea! Kokeillaanko?"})
    first = Comment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#comment-{first.pk}")
    created = [e for e in events if e.kind == "comment.created"][-1]
    assert {p.email for p in created.recipients} == {employee.email, supervisor.email}

    client_for(employee).post(comment_url(idea), {"body": "Kyllä, ensi viikolla.", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert reply.by_idea_author
    reply_event = [e for e in events if e.kind == "comment.created"][-1]
    assert innovator in reply_event.recipients and employee not in reply_event.recipients
    idea.refresh_from_db()
    assert idea.comment_count == 2
    # A handler's comment is the idea's first response.
    assert idea.first_response_at is not None


def test_replies_stay_one_level_deep(client_for, idea, innovator, employee):
    client_for(innovator).post(comment_url(idea), {"body": "Kysymys"})
    first = Comment.objects.get()
    client_for(employee).post(comment_url(idea), {"body": "Vastaus", "parent": first.pk})
    reply = Comment.objects.get(body="Vastaus")
    client_for(innovator).post(comment_url(idea), {"body": "Vastaus vastaukseen", "parent": reply.pk})
    assert Comment.objects.get(body="Vastaus vastaukseen").parent == first


def test_mentions_are_resolved_to_members_and_notified(client_for, idea, employee, innovator, manager, outsider,
                                                       org, events):
    member(org, Role.EMPLOYEE, email="eeva2@hollola.example.fi", name="Eeva Toinen")
    client_for(innovator).post(comment_url(idea), {
        "body": "Tätä pitäisi näyttää @Maija Johtaja ja @Eeva Työntekijä, ehkä myös @Olli Ulkopuolinen."})
    comment = Comment.objects.get()
    assert set(comment.mentions.all()) == {manager, employee}
    mentioned = [e for e in events if e.kind == "comment.mentioned"][0]
    assert set(mentioned.recipients) == {manager, employee}
    created = [e for e in events if e.kind == "comment.created"][0]
    assert employee not in created.recipients  # told once, as a mention


def test_a_first_name_mention_works_when_it_is_unique(client_for, idea, innovator, manager):
    client_for(innovator).post(comment_url(idea), {"body": "@Maija katso tämä"})
    assert list(Comment.objects.get().mentions.all()) == [manager]


def test_the_writer_is_told_which_mentions_reached_nobody(client_for, idea, employee, innovator, manager, org):
    member(org, Role.EMPLOYEE, email="eeva2@hollola.example.fi", name="Eeva Toinen")
    client = client_for(innovator)
    response = client.post(comment_url(idea), {"body": "@Eeva ja @Olli Ulkopuolinen, katsokaa. @Maija Johtaja myös."},
                           follow=True)
    assert list(Comment.objects.get().mentions.all()) == [manager]
    warnings = [str(m) for m in response.context["messages"]]
    # Olli is not a member; two people are called Eeva, and the writer is told so (nobody is picked).
    assert len(warnings) == 2 and "@Olli" in warnings[0] and "@Eeva" not in warnings[0]
    assert "@Eeva" in warnings[1] and "useaan henkilöön" in warnings[1]
    response = client.post(comment_url(idea), {"body": "@Eeva Työntekijä, kiitos!"}, follow=True)
    assert not list(response.context["messages"])
    # An email address is not a mention, so it is not reported either.
    response = client.post(comment_url(idea), {"body": "Kysy osoitteesta kotihoito@hollola.example.fi."},
                           follow=True)
    assert not list(response.context["messages"]) and not Comment.objects.last().mentions.exists()


def test_an_empty_comment_is_refused(client_for, idea, innovator):
    response = client_for(innovator).post(comment_url(idea), {"body": "   "})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comments_are_rate_limited(client_for, idea, innovator, settings):
    settings.LATU_RATE_COMMENTS = (3, 600)
    client = client_for(innovator)
    statuses = [client.post(comment_url(idea), {"body": f"Kommentti {n}"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Comment.objects.count() == 3


def test_outsiders_cannot_comment(client_for, idea, outsider):
    assert client_for(outsider).post(comment_url(idea), {"body": "Hei"}).status_code == 404
    assert not Comment.objects.exists()


def test_hiding_a_comment_needs_a_reason_and_is_audited(client_for, idea, employee, innovator, supervisor, events):
    client_for(employee).post(comment_url(idea), {"body": "Asiaton kommentti kollegasta."})
    comment = Comment.objects.get()
    url = reverse("ideas:comment_hide", args=[comment.pk])
    assert client_for(supervisor).post(url, {"reason": ""}).status_code == 400
    response = client_for(supervisor).post(url, {"reason": "Henkilöön menevä kommentti"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == supervisor
    assert comment.hidden_reason == "Henkilöön menevä kommentti"
    audit = AuditEvent.objects.get(action=AuditEvent.Action.MODERATION)
    assert audit.actor == supervisor and audit.data["reason"] == "Henkilöön menevä kommentti"
    hidden = [e for e in events if e.kind == "comment.hidden"][0]
    assert list(hidden.recipients) == [employee]

    # Members see the reason instead of the text; handlers can still read it.
    page = client_for(employee).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Asiaton kommentti kollegasta." not in page and "Henkilöön menevä kommentti" in page
    assert "Asiaton kommentti kollegasta." in client_for(innovator).get(
        reverse("ideas:detail", args=[idea.pk])).content.decode()


def test_employees_cannot_hide_comments(client_for, idea, employee, innovator):
    client_for(innovator).post(comment_url(idea), {"body": "Kommentti"})
    comment = Comment.objects.get()
    assert client_for(employee).post(reverse("ideas:comment_hide", args=[comment.pk]),
                                     {"reason": "En pidä"}).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_reports_reach_the_handlers(client_for, idea, employee, innovator, manager, events):
    client_for(innovator).post(comment_url(idea), {"body": "Kommentti, joka loukkaa."})
    comment = Comment.objects.get()
    url = reverse("ideas:comment_report", args=[comment.pk])
    assert client_for(employee).post(url, {"reason": "Loukkaava"}).status_code == 302
    assert client_for(employee).post(url, {"reason": "Loukkaava"}).status_code == 302  # once per person
    assert CommentReport.objects.count() == 1
    assert innovator in [e for e in events if e.kind == "comment.reported"][0].recipients

    reports = client_for(manager).get(reverse("ideas:reports", args=[idea.organisation.slug]))
    assert [r.comment for r in reports.context["reports"]] == [comment]
    assert client_for(employee).get(reverse("ideas:reports", args=[idea.organisation.slug])).status_code == 403

    # Hiding closes the report.
    client_for(manager).post(reverse("ideas:comment_hide", args=[comment.pk]), {"reason": "Loukkaava"})
    assert CommentReport.objects.get().resolved_by == manager


def test_a_report_can_be_dismissed(client_for, idea, employee, innovator, manager):
    client_for(innovator).post(comment_url(idea), {"body": "Ihan asiallinen"})
    comment = Comment.objects.get()
    client_for(employee).post(reverse("ideas:comment_report", args=[comment.pk]), {"reason": "Väärin"})
    report = CommentReport.objects.get()
    client_for(manager).post(reverse("ideas:report_dismiss", args=[report.pk]))
    report.refresh_from_db()
    comment.refresh_from_db()
    assert report.resolved_at is not None and not comment.is_hidden
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MODERATION, actor=manager).exists()


def test_mention_suggestions_list_only_people_of_the_organisation(client_for, idea, innovator, employee, manager,
                                                                  outsider, org):
    member(org, Role.EMPLOYEE, email="eeva2@hollola.example.fi", name="Eeva Toinen")
    member(outsider.memberships.first().organisation, Role.EMPLOYEE, email="eeva3@porvoo.example.fi",
           name="Eeva Borgå")
    url = reverse("ideas:mentionable", args=[idea.pk])
    response = client_for(innovator).get(url, {"q": "ee"})
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Eeva Toinen", "Eeva Työntekijä"]
    assert "email" not in response.json()["results"][0]
    assert [p["name"] for p in client_for(innovator).get(url, {"q": "joh"}).json()["results"]] == ["Maija Johtaja"]
    # Someone of another organisation may not comment on the idea, so gets no names either.
    assert client_for(outsider).get(url, {"q": "ee"}).status_code == 404


def test_the_comment_box_offers_the_autocomplete(client_for, idea, innovator):
    page = client_for(innovator).get(idea.get_absolute_url()).content.decode()
    assert f'data-mention-url="{reverse("ideas:mentionable", args=[idea.pk])}"' in page
    assert "ideas/mention.js" in page
