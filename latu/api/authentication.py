import hashlib

from django.core.cache import cache
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from latu.accounts.middleware import lacks_required_mfa, mfa_setup_message
from latu.core.cache import now_and_after_commit

# A token's person is kept in the shared cache for a while, so an API request does not
# start with a query. The entry goes when the token is replaced or revoked and when the
# person changes (deactivation included). The password hash is never loaded into it.
TOKEN_SECONDS = 300


def _token_key(key: str) -> str:
    return "latu:api:token:" + hashlib.sha256(key.encode()).hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. The token of a person whose role requires
    two-factor authentication works only once they have set up TOTP, so a token
    cannot be used to get around the second factor."""

    def authenticate_credentials(self, key):
        cache_key = _token_key(key)
        token = cache.get(cache_key)
        if token is None:
            token = Token.objects.select_related("user").defer("user__password").filter(key=key).first()
            if token is None or not token.user.is_active:
                return super().authenticate_credentials(key)  # raises with DRF's own message
            cache.set(cache_key, token, TOKEN_SECONDS)
        elif not token.user.is_active:
            cache.delete(cache_key)
            return super().authenticate_credentials(key)
        if lacks_required_mfa(token.user):
            raise exceptions.AuthenticationFailed(mfa_setup_message())
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
