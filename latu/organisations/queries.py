"""Page data of the organisations app that is not administration."""

from latu import access
from latu.organisations.models import Role, RoleInvitation


def my_invitations(user) -> list[dict]:
    """The person's pending role invitations, with their organisation and unit names."""
    roles = dict(Role.choices)
    rows = (access.scope(user, RoleInvitation, "respond")
            .select_related("organisation", "unit").order_by("organisation__slug", "role", "pk"))
    return [{"invitation": i, "role": roles[i.role], "unit": i.unit.name if i.unit else ""} for i in rows]


def register_description_page(user, org) -> dict:
    """The public register description page of an organisation."""
    from django.utils import translation

    from latu.organisations import privacy
    from latu.organisations.models import RegisterDescription

    saved, texts = privacy.saved_or_default(org)
    return {
        "organisation": org,
        "saved": saved,
        "text": privacy.text_for_language(texts, translation.get_language()),
        "can_edit": access.can(user, "manage", saved or RegisterDescription(organisation=org)),
    }


def register_description_list() -> list:
    """Every active organisation, for the index of register descriptions."""
    from latu.organisations.models import Organisation

    return list(Organisation.objects.filter(is_active=True).order_by("name_fi").only(
        "slug", "name_fi", "name_sv", "name_en"))
