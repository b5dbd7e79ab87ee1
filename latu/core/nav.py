"""The main navigation, per person. Routes that do not exist are left out."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from latu import access
from latu.access.base import HANDLERS, LEADERS, ORG_ADMIN


@dataclass
class NavItem:
    label: str
    url: str
    current: bool


# (route name, label, needs: None = everyone, "member", "handler", "leader", "admin", "office",
# "leader-or-office")
NAV = [
    ("core:home", _("Home"), None),
    ("ideas:index", _("Ideas"), "member"),
    ("ideas:board", _("Board"), "handler"),
    ("experiments:index", _("Experiments"), "member"),
    ("dashboards:organisation", _("Results"), "member"),
    ("tori:index", _("Tekojen tori"), None),
    ("programmes:index", _("Programmes"), None),
    ("surveys:list", _("Surveys"), "leader-or-office"),
    ("indicators:list", _("Indicators"), "leader"),
    ("organisations:manage", _("Administration"), "admin"),
    ("tori:review", _("Review queue"), "office"),
    ("campaigns:campaigns", _("Campaigns"), "office"),
    ("campaigns:awards", _("Awards"), "office"),
    ("campaigns:lists", _("TOP lists"), "office"),
    ("tori:statistics", _("Statistics"), "office"),
    ("programmes:queue", _("Applications"), "office"),
]


def _allowed(request, needs, org) -> bool:
    user = request.user
    if needs is None:
        return True
    if needs == "office":
        return access.is_programme_office(user)
    if needs == "leader-or-office" and access.is_programme_office(user):
        return True
    if org is None:
        return False
    if needs == "member":
        return access.is_member(user, org)
    if needs == "handler":
        return bool(access.org_roles(user, org) & HANDLERS)
    if needs == "admin":
        return bool(access.org_roles(user, org) & ORG_ADMIN)
    if needs in ("leader", "leader-or-office"):
        return bool(access.org_roles(user, org) & LEADERS)
    return False


def nav_items(request, org) -> list[NavItem]:
    items = []
    for name, label, needs in NAV:
        if not _allowed(request, needs, org):
            continue
        try:
            url = reverse(name, args=[org.slug]) if needs in ("member", "handler", "leader", "admin") else reverse(name)
        except NoReverseMatch:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
        path = request.path
        current = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(str(label), url, current))
    return items
