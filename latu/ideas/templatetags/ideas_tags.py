from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.inclusion_tag("ideas/_home_panel_body.html", takes_context=True)
def ideas_home_panel(context):
    from latu.ideas.views import home_panel_context

    request = context["request"]
    return {"request": request, "user": request.user, **home_panel_context(request)}


@register.filter
def days(value) -> str:
    """A number of days (or a timedelta) as "n days"."""
    if value is None:
        return ""
    if isinstance(value, timedelta):
        value = value.days
    value = int(value)
    return ngettext("%(n)d day", "%(n)d days", value) % {"n": value}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def status_label(value) -> str:
    from latu.ideas.models import Idea

    try:
        return Idea.Status(value).label
    except ValueError:
        return value


@register.filter
def decision_label(value) -> str:
    from latu.ideas.models import Decision

    try:
        return Decision.Kind(value).label
    except ValueError:
        return value


@register.filter
def status_badge(value) -> str:
    from latu.ideas.models import Idea

    return Idea(status=value).status_badge
