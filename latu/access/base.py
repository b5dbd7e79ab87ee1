"""Role lookups and the policy registry."""

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from latu.core.cache import now_and_after_commit
from latu.core.errors import StateConflict
from latu.core.rows import JoinedSelect, Part
from latu.organisations.models import Membership, Organisation, Role, Unit

_CACHE_ATTR = "_latu_memberships"
_GENERATION_ATTR = "_latu_generation"

# Every request asks for the person's memberships, so they are also kept in the shared
# cache. An entry is dropped when one of the person's memberships or the person changes;
# a change to any organisation or unit (whose names and flags the entries carry) starts a
# new generation, which makes every entry stale at once.
MEMBERSHIPS_SECONDS = 300
GENERATION_KEY = "latu:memberships:generation"


def memberships_key(user_id: int) -> str:
    return f"latu:memberships:{user_id}"


# Membership.objects.filter(user=…, organisation__is_active=True)
#     .select_related("organisation", "unit"), without compiling it on every request.
_MEMBERSHIPS = JoinedSelect(
    [Part(Membership, "m"), Part(Organisation, "o"), Part(Unit, "u", optional=True)],
    "FROM {m} INNER JOIN {o} ON {o.id} = {m.organisation} LEFT OUTER JOIN {u} ON {u.id} = {m.unit} "
    "WHERE {m.user} = %s AND {o.is_active} ORDER BY {m.id}",
)


def joined_membership(membership: Membership, organisation: Organisation, unit: Unit | None) -> Membership:
    """A membership read with its organisation and unit (as ``select_related`` sets them)."""
    membership.organisation = organisation
    membership.unit = unit
    return membership


def read_memberships(user_id: int) -> list[Membership]:
    """The person's memberships of active organisations, each with its organisation and
    unit, straight from the database."""
    return [joined_membership(*row) for row in _MEMBERSHIPS.fetch([user_id])]


def memberships_entry(user_id: int, generation: str | None, rows: list[Membership]) -> dict:
    """What to keep in the cache for memberships just read (nothing until a generation
    exists)."""
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        return {}
    return {memberships_key(user_id): (generation, rows)}


def _load_memberships(user) -> list[Membership]:
    key = memberships_key(user.pk)
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY)
    keep_generation(user, generation)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    rows = read_memberships(user.pk)
    if keep := memberships_entry(user.pk, generation, rows):
        cache.set_many(keep, MEMBERSHIPS_SECONDS)
    return rows


def keep_generation(user, generation: str | None) -> None:
    """The generation this request read from the cache (with the person's memberships or
    API token), for other per-process reads that it keeps current."""
    setattr(user, _GENERATION_ATTR, generation)


# Unit → its organisation, kept by each process for one generation: a unit never moves
# to another organisation, and removing one (like any change to a unit or organisation)
# starts a new generation. Nearly every new idea names its unit, and this spares each
# a query. The map holds what was read under ``_units_generation`` only, and is used
# only by requests that read that same generation.
_units: dict[int, int] = {}
_units_generation: list[str | None] = [None]
MAX_KEPT_UNITS = 100_000
# Unit.objects.values_list("organisation_id").filter(pk=…), written once.
_UNIT = JoinedSelect([Part(Unit, "u", only=["organisation"])], "FROM {u} WHERE {u.id} = %s")


def unit_organisation_id(user, unit_id: int) -> int | None:
    """The organisation of the unit, or None when there is no such unit."""
    generation = getattr(user, _GENERATION_ATTR, None)
    if generation is not None and generation == _units_generation[0] and unit_id in _units:
        return _units[unit_id]
    rows = _UNIT.fetch([unit_id])
    found = rows[0][0].organisation_id if rows else None
    if generation is not None and found is not None:
        if generation != _units_generation[0] or len(_units) >= MAX_KEPT_UNITS:
            _units.clear()
            _units_generation[0] = generation
        _units[unit_id] = found
    return found


def keep_memberships(user, rows: list[Membership]) -> None:
    """Memberships already read for this request (with the API token's person)."""
    setattr(user, _CACHE_ATTR, rows)


def memberships(user) -> list[Membership]:
    """The person's memberships, loaded once per request (cached on the user object)
    and kept in the shared cache between requests."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load_memberships(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the memberships cached on the user object after roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def forget_memberships(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Membership (or of a person): the person's entry goes."""
    user_id = instance.user_id if isinstance(instance, Membership) else instance.pk
    now_and_after_commit(lambda: cache.delete(memberships_key(user_id)))


def forget_all_memberships(sender=None, **kwargs) -> None:
    """post_save / post_delete of an Organisation or a Unit: every entry goes."""
    now_and_after_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, None))


def is_programme_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_programme_office)


def member_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in memberships(user)}


def is_member(user, organisation) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return org_id in member_organisation_ids(user)


def org_roles(user, organisation) -> set[str]:
    """Every role the person holds anywhere in the organisation."""
    org_id = getattr(organisation, "pk", organisation)
    return {m.role for m in memberships(user) if m.organisation_id == org_id}


def _unit_chain_ids(unit) -> set[int]:
    if unit is None:
        return set()
    return {unit.pk, *(u.pk for u in unit.ancestors())}


def has_role(user, organisation, roles: Iterable[str], unit: Unit | None = None) -> bool:
    """Does the person hold one of ``roles`` for the organisation as a whole, or for
    ``unit`` or a unit above it? With ``unit=None`` any unit-limited role counts too
    only when the role is held organisation-wide."""
    org_id = getattr(organisation, "pk", organisation)
    roles = set(roles)
    chain = None  # the unit and those above it, read only when a unit-limited role needs them
    for m in memberships(user):
        if m.organisation_id != org_id or m.role not in roles:
            continue
        if m.unit_id is None:
            return True
        if chain is None:
            chain = _unit_chain_ids(unit)
        if m.unit_id in chain:
            return True
    return False


def unit_scope_ids(user, organisation, roles: Iterable[str]) -> set[int] | None:
    """For a person holding ``roles`` in the organisation: ``None`` when a role is held
    organisation-wide (no unit limit), otherwise the ids of the units (and their
    descendants) the roles cover; an empty set means no such role."""
    org_id = getattr(organisation, "pk", organisation)
    roles = set(roles)
    units: set[int] = set()
    for m in memberships(user):
        if m.organisation_id != org_id or m.role not in roles:
            continue
        if m.unit_id is None:
            return None
        units |= m.unit.descendant_ids()
    return units


ORG_ADMIN = {Role.ADMIN}
LEADERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}
HANDLERS = {Role.INNOVATOR, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}


class Policy:
    """Decides access to one model. ``scope`` narrows a queryset to what the person
    may see (or act on); ``allows`` answers for one object."""

    def scope(self, user, qs: QuerySet, action: str) -> QuerySet:
        return qs.none()

    def allows(self, user, action: str, obj) -> bool:
        return False

    def refusal(self, user, action: str, obj) -> str | None:
        """Why an action the person may not take is refused, when the reason is the
        object's state rather than the person's role (e.g. "the idea has already been
        decided"): shown as a 409 with this message. None means a plain 403."""
        return None


_policies: dict[type[Model], Policy] = {}


def register(*models: type[Model]):
    def decorator(cls: type[Policy]) -> type[Policy]:
        for model in models:
            _policies[model] = cls()
        return cls

    return decorator


def _policy_for(model: type[Model]) -> Policy:
    try:
        return _policies[model]
    except KeyError:
        raise LookupError(f"No access policy registered for {model.__name__}") from None


def scope(user, model_or_qs, action: str = "view") -> QuerySet:
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    return _policy_for(qs.model).scope(user, qs, action)


def can(user, action: str, obj) -> bool:
    return _policy_for(type(obj)).allows(user, action, obj)


def require(user, action: str, obj) -> None:
    """Refuse unless the person may do ``action`` on ``obj``: a ``StateConflict`` (409,
    saying what state the object is in) when the policy names a state reason, else
    ``PermissionDenied`` (403)."""
    if can(user, action, obj):
        return
    reason = _policy_for(type(obj)).refusal(user, action, obj)
    if reason:
        raise StateConflict(reason)
    raise PermissionDenied


def get_or_404(user, model_or_qs, action: str = "view", **lookup):
    """The object if the person may see it (else 404, so its existence does not leak)
    and may do ``action`` on it (else 403)."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        obj = scope(user, qs, "view").get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != "view":
        require(user, action, obj)
    return obj
