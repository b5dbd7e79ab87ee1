"""The whole way as people use it: a colleague supports Eeva's idea and mentions her in
a comment on the idea's page; Eeva sees both in Latu, gets the mention by email at once
(her default), follows the link and the idea stays where it was."""

from django.core import mail

from latu.ideas import actions as ideas
from latu.notifications.models import Notification


def test_support_and_mention_reach_the_author(org, employee, innovator, client_for,
                                              django_capture_on_commit_callbacks):
    idea = ideas.submit_idea(employee, org, title="Pyörätelineet kirjaston eteen",
                             description="Telineitä on liian vähän.").idea
    colleague = client_for(innovator)
    with django_capture_on_commit_callbacks(execute=True):
        assert colleague.post(f"/ideas/{idea.pk}/support/").status_code == 302
        assert colleague.post(f"/ideas/{idea.pk}/comments/",
                              {"body": "Hyvä ajatus, @Eeva Työntekijä! Kysytään kiinteistöiltä."}).status_code == 302

    kinds = set(Notification.objects.filter(recipient=employee).values_list("kind", flat=True))
    assert {"idea.supported", "comment.mentioned"} <= kinds
    # Into hears of the new idea as its handler, never of what he did himself.
    assert list(Notification.objects.filter(recipient=innovator).values_list("kind", flat=True)) == ["idea.submitted"]
    assert [m.to for m in mail.outbox] == [[employee.email]]  # the mention, at once; support waits for the digest
    assert idea.title in mail.outbox[0].subject

    author = client_for(employee)
    page = author.get("/notifications/")
    assert page.context["unread_count"] == len(kinds)
    assert idea.title in page.content.decode()
    mention = Notification.objects.get(recipient=employee, kind="comment.mentioned")
    response = author.get(f"/notifications/{mention.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(f"/ideas/{idea.pk}/#comment-")
    assert author.get(response["Location"]).status_code == 200
    listed = author.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert mention.pk not in [n["id"] for n in listed["results"]]
