from django import template
from django.urls import NoReverseMatch

from latu.campaigns.queries import awards_for_deeds

register = template.Library()


@register.filter
def deed_url(deed) -> str:
    """The deed's page, or "" while the marketplace's pages are not there."""
    try:
        return deed.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.simple_tag
def deed_award_badges(deed) -> list:
    """The deed's published awards: from ``deed.award_badges`` when the view attached
    them for a whole list (``latu.campaigns.queries.attach_awards``), else one query."""
    if deed is None:
        return []
    badges = getattr(deed, "award_badges", None)
    if badges is None:
        badges = awards_for_deeds([deed.pk]).get(deed.pk, [])
        deed.award_badges = badges
    return badges


@register.filter
def state_badge(state: str) -> str:
    badges = {"active": "badge--success", "upcoming": "badge--info", "ended": "badge--neutral"}
    return badges.get(state, "badge--neutral")


@register.filter
def nomination_badge(status: str) -> str:
    return {
        "invited": "badge--info", "told": "badge--success", "declined": "badge--neutral", "expired": "badge--warning",
    }.get(status, "badge--neutral")


@register.filter
def decision_badge(decision: str) -> str:
    return {
        "winner": "badge--accent", "honourable": "badge--success", "not_awarded": "badge--neutral",
        "pending": "badge--info",
    }.get(decision, "badge--neutral")


@register.simple_tag
def active_campaigns() -> list:
    """Published campaigns on today (for ``campaigns/_active_campaigns.html``)."""
    from latu.campaigns.queries import active_campaigns as on_now

    return list(on_now()[:5])


@register.inclusion_tag("campaigns/_office_home_panel_body.html", takes_context=True)
def office_home_panel(context) -> dict:
    """The programme office's tools and what waits in them, on the home page."""
    from latu.campaigns.queries import office_home

    return {"office": office_home(context["request"].user)}
