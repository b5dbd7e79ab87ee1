"""The haasta kollega invitation email, sent in the background (Django tasks API)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_tasks import task

from latu.campaigns.models import Nomination


def _path(*names: str, args=()) -> str:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/tori/"


def deed_form_url(nomination: Nomination) -> str:
    """The deed form, pre-filled for the nominee (falls back to the marketplace)."""
    query = urlencode({"campaign": nomination.campaign.slug, "nomination": nomination.token})
    return f"{settings.SITE_URL}{_path('tori:deed_create', 'tori:index')}?{query}"


def invitation_url(nomination: Nomination) -> str:
    """The nominee's own page: what the campaign is, tell your deed, or decline."""
    return settings.SITE_URL + reverse("campaigns:invitation", args=[nomination.token])


def decline_url(nomination: Nomination) -> str:
    return settings.SITE_URL + reverse("campaigns:invitation_decline", args=[nomination.token])


@task()
def send_nomination_invitation(nomination_id: int) -> bool:
    """Email the nominee once, in their language (Finnish when not known)."""
    nomination = (
        Nomination.objects.select_related("campaign", "organisation").filter(pk=nomination_id).first()
    )
    if nomination is None or nomination.status != Nomination.Status.INVITED:
        return False
    reasons = list(nomination.reasons.all())
    language = nomination.language if nomination.language in ("fi", "sv", "en") else "fi"
    with translation.override(language):
        context = {
            "nomination": nomination,
            "campaign_title": nomination.campaign.title,
            "reasons": reasons,
            "nominators": sorted({r.nominator_name for r in reasons if r.nominator_name}),
            "deed_form_url": deed_form_url(nomination),
            "invitation_url": invitation_url(nomination),
            "decline_url": decline_url(nomination),
            "valid_until": nomination.campaign.invitations_valid_until,
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string("campaigns/email/nomination_subject.txt", context).split())
        body = render_to_string("campaigns/email/nomination_message.txt", context)
    send_mail(subject, body, None, [nomination.email])
    return True
