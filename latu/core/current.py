"""The organisation a signed-in person is working in right now (they may belong to
several). Kept in the session; defaults to their first membership."""

from latu.access import memberships

SESSION_KEY = "latu_current_org"


def current_organisation(request):
    if hasattr(request, "_latu_current_org"):
        return request._latu_current_org
    org = None
    user = getattr(request, "user", None)
    ms = memberships(user) if user is not None else []
    if ms:
        wanted = request.session.get(SESSION_KEY)
        orgs = {m.organisation_id: m for m in ms}
        chosen = orgs.get(wanted) or ms[0]
        org = chosen.organisation  # loaded with the memberships
    request._latu_current_org = org
    return org


def set_current_organisation(request, organisation) -> None:
    request.session[SESSION_KEY] = organisation.pk
    request._latu_current_org = organisation
