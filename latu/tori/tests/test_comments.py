"""Comments on deeds: signed in, reportable, moderated by the programme office."""

import pytest

from latu.audit.models import AuditEvent
from latu.tori import actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Comment, CommentReport, Deed


@pytest.fixture
def deed(corpus):
    return corpus["kotihoito"]


def test_signed_in_people_comment_and_the_contacts_hear_of_it(client_for, deed, outsider, employee, events):
    response = client_for(outsider).post(f"/tori/{deed.pk}/comments/", {"body": "Miten omaiset suhtautuivat?"})
    assert response.status_code == 302
    comment = Comment.objects.get(deed=deed)
    assert comment.author == outsider and comment.body == "Miten omaiset suhtautuivat?"
    commented = [event for event in events if event.kind == "deed.commented"]
    assert len(commented) == 1 and commented[0].recipients == (employee,) and commented[0].actor == outsider
    assert "Miten omaiset suhtautuivat?" in client_for(outsider).get(f"/tori/{deed.pk}/").content.decode()


def test_the_contact_is_not_notified_of_their_own_comment(client_for, deed, employee, events):
    client_for(employee).post(f"/tori/{deed.pk}/comments/", {"body": "Kiitos kysymyksistä!"})
    assert [event.recipients for event in events if event.kind == "deed.commented"] == [()]


def test_anonymous_visitors_read_but_do_not_comment(client, deed):
    actions.add_comment(deed.author, deed, "Hyvä juttu.")
    assert "Hyvä juttu." in client.get(f"/tori/{deed.pk}/").content.decode()
    response = client.post(f"/tori/{deed.pk}/comments/", {"body": "Anonyymi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 1


def test_empty_and_overlong_comments_are_refused(client_for, deed, outsider):
    client = client_for(outsider)
    client.post(f"/tori/{deed.pk}/comments/", {"body": "   "})
    client.post(f"/tori/{deed.pk}/comments/", {"body": "x" * 4001})
    assert not Comment.objects.exists()


def test_drafts_cannot_be_commented_by_others(client_for, outsider, org):
    draft = DeedFactory(organisation=org, status=Deed.Status.DRAFT)
    assert client_for(outsider).post(f"/tori/{draft.pk}/comments/", {"body": "Hei"}).status_code == 404


def test_reporting_a_comment_once_per_person(client_for, deed, outsider, employee, office, events):
    comment = actions.add_comment(outsider, deed, "Mainos: osta halvalla!")
    client = client_for(employee)
    assert client.post(f"/tori/comments/{comment.pk}/report/", {"reason": "Mainos"}).status_code == 302
    client.post(f"/tori/comments/{comment.pk}/report/", {"reason": "Mainos"})
    comment.refresh_from_db()
    assert comment.report_count == 1 and CommentReport.objects.get().reason == "Mainos"
    assert [event.recipients for event in events if event.kind == "deed.comment_reported"] == [(office,)]
    # The author cannot report their own comment.
    assert client_for(outsider).post(f"/tori/comments/{comment.pk}/report/").status_code == 403
    assert "Mainos: osta halvalla!" in client_for(office).get("/tori/review/").content.decode()


def test_the_office_hides_a_comment_with_a_reason(client, client_for, deed, outsider, office, employee):
    comment = actions.add_comment(outsider, deed, "Asiaton kommentti")
    assert client_for(employee).post(f"/tori/comments/{comment.pk}/hide/", {"reason": "Asiaton"}).status_code == 403
    office_client = client_for(office)
    office_client.post(f"/tori/comments/{comment.pk}/hide/", {"reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden
    office_client.post(f"/tori/comments/{comment.pk}/hide/", {"reason": "Asiaton kielenkäyttö"})
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == office and comment.hidden_reason == "Asiaton kielenkäyttö"
    audit = AuditEvent.objects.get(data__event="comment.hidden")
    assert audit.action == "moderation" and audit.actor == office and audit.data["reason"] == "Asiaton kielenkäyttö"
    client.logout()
    assert "Asiaton kommentti" not in client.get(f"/tori/{deed.pk}/").content.decode()
    assert client.get(f"/api/v1/deeds/{deed.pk}/comments/").json() == []
    client_for(office).post(f"/tori/comments/{comment.pk}/restore/")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_authors_delete_their_own_comments(client_for, deed, outsider, employee):
    comment = actions.add_comment(outsider, deed, "Poistan tämän")
    assert client_for(employee).post(f"/tori/comments/{comment.pk}/delete/").status_code == 403
    assert client_for(outsider).post(f"/tori/comments/{comment.pk}/delete/").status_code == 302
    assert not Comment.objects.exists()


def test_comments_through_the_api(client, client_for, deed, outsider):
    response = client_for(outsider).post(f"/api/v1/deeds/{deed.pk}/comments/", {"body": "Kiitos!"},
                                         content_type="application/json")
    assert response.status_code == 201 and response.json()["author"] == outsider.name
    client.logout()
    assert [item["body"] for item in client.get(f"/api/v1/deeds/{deed.pk}/comments/").json()] == ["Kiitos!"]
    assert client.post(f"/api/v1/deeds/{deed.pk}/comments/", {"body": "x"}).status_code in (401, 403)
