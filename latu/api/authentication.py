from rest_framework import authentication, exceptions

from latu.accounts.middleware import lacks_required_mfa, mfa_setup_message


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. The token of a person whose role requires
    two-factor authentication works only once they have set up TOTP, so a token
    cannot be used to get around the second factor."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if lacks_required_mfa(user):
            raise exceptions.AuthenticationFailed(mfa_setup_message())
        return user, token
