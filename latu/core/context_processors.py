from django.conf import settings

from latu.core.current import current_organisation
from latu.core.nav import nav_items


def latu(request):
    org = current_organisation(request)
    return {
        "current_organisation": org,
        "nav_items": nav_items(request, org),
        "theme_colour": org.theme_colour if org else "#2a6ebb",
        "SITE_URL": settings.SITE_URL,
    }
