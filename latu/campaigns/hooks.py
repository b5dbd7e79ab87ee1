"""How deeds join campaigns, for the deed form of Tekojen tori and for its events.

The invitation email links to the deed form with ``?campaign=<slug>&nomination=<token>``.
The deed form may call:

- ``deed_form_initial(request.GET)`` → initial values (the campaign's keyword, and for a
  nomination the contact name, email and organisation);
- ``open_invitation(request.GET)`` → the nomination while its invitation is open, which
  lets its holder tell a deed without being a member (``access.tori``), and
  ``invitation_path(nomination)``, where a visitor who is not signed in is sent;
- ``campaign_choices()`` → the campaigns on now, for a "campaign" choice;
- ``record_deed(deed, campaign=..., nomination=..., actor=...)`` after the deed is saved,
  with the values of the hidden ``campaign`` and ``nomination`` fields.

Without any of these, deeds still join: ``on_events`` listens to the tori's events and
links a deed that carries a campaign's keyword, and converts an open invitation
addressed to the deed's author or contact person.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from latu.campaigns import actions
from latu.campaigns.models import Campaign, CampaignDeed, Nomination
from latu.campaigns.queries import active_campaigns
from latu.tori.models import Deed

logger = logging.getLogger(__name__)

DEED_EVENTS = {"deed.created", "deed.submitted", "deed.updated", "deed.published"}


@dataclass
class CampaignInvitation:
    campaign: Campaign
    nomination: Nomination | None


def _param(params: Mapping, name: str) -> str:
    value = params.get(name, "") if params is not None else ""
    return value[:100] if isinstance(value, str) else ""


def invitation_from(params: Mapping) -> CampaignInvitation | None:
    """The campaign (on now) and the still open nomination named in the parameters."""
    slug = _param(params, "campaign")
    if not slug:
        return None
    campaign = active_campaigns().filter(slug=slug).first()
    nomination = actions.nomination_by_token(_param(params, "nomination"))
    if nomination is not None and (
        not nomination.is_open and nomination.status != Nomination.Status.TOLD or nomination.campaign.slug != slug
    ):
        nomination = None
    if campaign is None and nomination is not None:
        campaign = nomination.campaign  # ended, but the invitation is still valid
    if campaign is None:
        return None
    return CampaignInvitation(campaign, nomination)


def open_invitation(params: Mapping) -> Nomination | None:
    """The nomination of ``?campaign=…&nomination=…`` while its invitation is open: its
    holder may tell a deed even without being a member of an organisation."""
    invitation = invitation_from(params)
    if invitation is None or invitation.nomination is None or not invitation.nomination.is_open:
        return None
    return invitation.nomination


def invitation_path(nomination: Nomination) -> str:
    """The nominee's page, which offers signing up or in before telling the deed."""
    return reverse("campaigns:invitation", args=[nomination.token])


def campaign_choices():
    """Campaigns a deed may be told for now."""
    return active_campaigns()


def deed_form_initial(params: Mapping) -> dict:
    """Initial values for the deed form from ``?campaign=…&nomination=…``."""
    invitation = invitation_from(params)
    if invitation is None:
        return {}
    initial: dict = {"campaign": invitation.campaign.slug}
    if invitation.campaign.tag:
        initial["keywords"] = invitation.campaign.tag
    nomination = invitation.nomination
    if nomination is not None:
        initial["nomination"] = nomination.token
        if nomination.kind == Nomination.Kind.PERSON:
            initial["contact_name"] = nomination.name
        initial["contact_email"] = nomination.email
        if nomination.organisation_id:
            initial["organisation"] = nomination.organisation_id
    return initial


def record_deed(deed: Deed, *, campaign: str = "", nomination: str = "", actor=None) -> CampaignDeed | None:
    """After a deed is saved from the form: join the chosen campaign (if it is on) and
    convert the nomination of the token (if it is still open)."""
    invitation = invitation_from({"campaign": campaign or "", "nomination": nomination or ""})
    if invitation is None and nomination:
        found = actions.nomination_by_token(nomination)
        if found is not None and found.is_open:
            invitation = CampaignInvitation(found.campaign, found)
    if invitation is None:
        return None
    if invitation.nomination is not None:
        actions.mark_told(invitation.nomination, deed, actor=actor)
        return CampaignDeed.objects.filter(campaign=invitation.campaign, deed=deed).first()
    return actions.link_deed(invitation.campaign, deed, CampaignDeed.Via.FORM, actor=actor)


def on_events(sender, events, **kwargs) -> None:
    """Listens to the tori's deed events (connected in the app config)."""
    for event in events:
        if event.kind in DEED_EVENTS and isinstance(event.target, Deed):
            on_deed_event(event)


def on_deed_event(event) -> None:
    deed = event.target
    try:
        with transaction.atomic():
            actions.link_by_tag(deed)
            if event.kind in ("deed.created", "deed.submitted"):
                actions.match_nominee(deed)
    except Exception:  # a campaign must never break telling a deed
        logger.exception("Linking deed %s to campaigns failed", deed.pk)
