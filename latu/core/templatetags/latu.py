from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from latu.core import formatting
from latu.core.text import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter
def excerpt(text: str, length: int = 200) -> str:
    return plain_excerpt(text, int(length))


@register.simple_tag(takes_context=True)
def nav_current(context, *prefixes: str) -> str:
    """`aria-current="page"` when the request path starts with one of the prefixes."""
    path = context["request"].path
    for prefix in prefixes:
        if prefix == "/" and path == "/" or prefix != "/" and path.startswith(prefix):
            return mark_safe(' aria-current="page"')
    return ""


@register.simple_tag
def url_if(name: str, *args) -> str:
    """The URL if the route exists, else an empty string (for optional navigation)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("core/_field.html")
def field(bound_field, help_text: str = ""):
    return {"field": bound_field, "help": help_text or bound_field.help_text}


@register.filter
def local_date(value) -> str:
    return formatting.format_date(value)


@register.filter
def local_month(value) -> str:
    return formatting.format_month(value)


@register.filter
def local_datetime(value) -> str:
    return formatting.format_datetime(value)


@register.filter
def local_time(value) -> str:
    return formatting.format_time(value)


@register.filter
def relative_days(value) -> str:
    return formatting.relative_days(value)


@register.filter
def number(value, places: int = 2) -> str:
    return formatting.format_decimal(value, int(places))
