import hashlib

from django.core.cache import cache
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from latu.access import base as access_base
from latu.accounts.middleware import lacks_required_mfa, mfa_setup_message
from latu.accounts.models import User
from latu.core.cache import now_and_after_commit
from latu.core.rows import JoinedSelect, Part
from latu.organisations.models import Membership, Organisation, Unit

# A token's person is kept in the shared cache for a while, so an API request does not
# start with a query. The entry goes when the token is replaced or revoked and when the
# person changes (deactivation included). The password hash is never loaded into it.
# The person's memberships are read and kept along with it (for as long).
TOKEN_SECONDS = access_base.MEMBERSHIPS_SECONDS

# Token.objects.select_related("user").defer("user__password") with the person's
# memberships of active organisations (as ``access.base.read_memberships`` reads them),
# in one query written once: a row per membership, or one row without.
_TOKEN = JoinedSelect(
    [Part(Token, "t"), Part(User, "u", defer=["password"]), Part(Membership, "m", optional=True),
     Part(Organisation, "o", optional=True), Part(Unit, "un", optional=True)],
    "FROM {t} INNER JOIN {u} ON {u.id} = {t.user} "
    "LEFT OUTER JOIN ({m} INNER JOIN {o} ON {o.id} = {m.organisation} AND {o.is_active}) ON {m.user} = {u.id} "
    "LEFT OUTER JOIN {un} ON {un.id} = {m.unit} WHERE {t.key} = %s ORDER BY {m.id}",
)


def read_token(key: str) -> tuple[Token, list[Membership]] | None:
    """The token with its person (without the password hash) and the person's
    memberships of active organisations, each with its organisation and unit."""
    rows = _TOKEN.fetch([key])
    if not rows:
        return None
    token, user = rows[0][:2]
    token.user = user
    return token, [access_base.joined_membership(*row[2:]) for row in rows if row[2] is not None]


def _token_key(key: str) -> str:
    return "latu:api:token:" + hashlib.sha256(key.encode()).hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. The token of a person whose role requires
    two-factor authentication works only once they have set up TOTP, so a token
    cannot be used to get around the second factor."""

    def authenticate_credentials(self, key):
        cache_key = _token_key(key)
        found = cache.get_many([cache_key, access_base.GENERATION_KEY])  # one round trip
        generation = found.get(access_base.GENERATION_KEY)
        token = found.get(cache_key)
        if token is None:
            found_token = read_token(key)
            if found_token is None or not found_token[0].user.is_active:
                return super().authenticate_credentials(key)  # raises with DRF's own message
            token, memberships = found_token
            keep = access_base.memberships_entry(token.user_id, generation, memberships)
            cache.set_many({cache_key: token, **keep}, TOKEN_SECONDS)
            access_base.keep_memberships(token.user, memberships)  # after pickling: not in the token's entry
        elif not token.user.is_active:
            cache.delete(cache_key)
            return super().authenticate_credentials(key)
        if lacks_required_mfa(token.user):
            raise exceptions.AuthenticationFailed(mfa_setup_message())
        access_base.keep_generation(token.user, generation)
        return token.user, token


def _forget(keys: list[str]) -> None:
    cache_keys = [_token_key(key) for key in keys]
    now_and_after_commit(lambda: cache.delete_many(cache_keys))


def forget_token(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Token."""
    _forget([instance.key])


def forget_person_tokens(sender, instance, created=False, **kwargs) -> None:
    """post_save / post_delete of a person: their token's entry goes."""
    if not created:
        _forget(list(Token.objects.filter(user_id=instance.pk).values_list("key", flat=True)))
