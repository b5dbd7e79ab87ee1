import re

from django.conf import settings

from latu.core.current import current_organisation
from latu.core.nav import nav_items


def latu(request):
    org = current_organisation(request)
    return {
        "current_organisation": org,
        "nav_items": nav_items(request, org),
        "theme_colour": theme_colour(org.theme_colour if org else ""),
        "SITE_URL": settings.SITE_URL,
    }


DEFAULT_THEME_COLOUR = "#2a6ebb"


def theme_colour(value: str) -> str:
    """The colour as #rrggbb (lower case); anything else falls back to the default, so
    that the theme stylesheet's URL always resolves."""
    return value.lower() if re.fullmatch(r"#[0-9a-fA-F]{6}", value or "") else DEFAULT_THEME_COLOUR
