"""THE one place that answers "may this person see or do this?".

Views and API endpoints never filter organisation-internal data themselves: they call
``scope(user, Model)`` for lists and ``get_or_404(user, Model, action, **lookup)`` for
single objects, and ``can(user, action, obj)`` for buttons and checks. Each domain
area's policy lives in a module of this package (``organisations``, ``ideas``, …) and
is registered for its models; ``base`` holds the role lookups they share.
"""

from latu.access.base import (
    Policy,
    can,
    get_or_404,
    has_role,
    is_member,
    is_programme_office,
    member_organisation_ids,
    memberships,
    org_roles,
    register,
    require,
    scope,
    unit_organisation_id,
    unit_scope_ids,
)

__all__ = [
    "Policy",
    "can",
    "get_or_404",
    "has_role",
    "is_member",
    "is_programme_office",
    "member_organisation_ids",
    "memberships",
    "org_roles",
    "register",
    "require",
    "scope",
    "unit_organisation_id",
    "unit_scope_ids",
]
