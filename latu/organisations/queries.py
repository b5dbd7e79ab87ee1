"""Page data of the organisations app that is not administration."""

from latu import access
from latu.organisations.models import Role, RoleInvitation


def my_invitations(user) -> list[dict]:
    """The person's pending role invitations, with their organisation and unit names."""
    roles = dict(Role.choices)
    rows = (access.scope(user, RoleInvitation, "respond")
            .select_related("organisation", "unit").order_by("organisation__slug", "role", "pk"))
    return [{"invitation": i, "role": roles[i.role], "unit": i.unit.name if i.unit else ""} for i in rows]
