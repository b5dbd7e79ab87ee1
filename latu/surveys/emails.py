"""Survey invitations and reminders, sent in the background (Django tasks API)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from latu.surveys.models import Invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("surveys:invitation", args=[invitation.token])


@task()
def send_invitations(invitation_ids: list[int], reminder: bool = False) -> int:
    """Email each unanswered invitation its personal link, in the organisation's language."""
    sent = 0
    invitations = Invitation.objects.select_related("survey", "survey__organisation").filter(
        pk__in=invitation_ids, answered=False)
    for invitation in invitations:
        survey = invitation.survey
        language = survey.organisation.default_language if survey.organisation else "fi"
        with translation.override(language if language in ("fi", "sv", "en") else "fi"):
            context = {"survey": survey, "title": survey.title, "url": invitation_url(invitation),
                       "closes_on": survey.closes_on, "reminder": reminder}
            subject = " ".join(render_to_string("surveys/email/invitation_subject.txt", context).split())
            body = render_to_string("surveys/email/invitation_message.txt", context)
        send_mail(subject, body, None, [invitation.email])
        sent += 1
    field = "reminded_at" if reminder else "sent_at"
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(**{field: timezone.now()})
    return sent
