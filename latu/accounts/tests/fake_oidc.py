"""A fake OpenID Connect identity provider for tests.

It answers the HTTP calls allauth makes (discovery document, token endpoint,
userinfo, JWKS) as a ``requests`` transport adapter, and plays the person's part at
the authorisation endpoint with :meth:`FakeIdentityProvider.authorize`. allauth
makes every outgoing call through ``get_adapter().get_requests_session()``;
:func:`serving` patches that to a session whose only transport is the fake, so no
test ever reaches the network.

    idp = FakeIdentityProvider(claims={"sub": "123", "email": "a@hollola.fi", ...})
    with serving(idp):
        response = client.post("/accounts/oidc/hollola-ad/login/")
        callback = idp.authorize(response.url)       # the person signs in at the IdP
        response = client.get(callback)              # back to Latu
"""

import base64
import hashlib
import json
import secrets
import time
from contextlib import contextmanager
from functools import cache
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://tunnistus.hollola.example.fi"
CLIENT_ID = "latu-hollola"
CLIENT_SECRET = "hollola-client-secret"
KEY_ID = "fake-key-1"


@cache
def _signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeIdentityProvider(requests.adapters.BaseAdapter):
    def __init__(self, claims: dict, *, issuer: str = ISSUER, client_id: str = CLIENT_ID,
                 client_secret: str = CLIENT_SECRET, id_token_audience: str | None = None,
                 userinfo: bool = True):
        super().__init__()
        self.claims = claims
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret
        self.id_token_audience = id_token_audience or client_id
        self.userinfo = userinfo
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.calls: list[str] = []  # "GET /path" for every request received

    # --- the browser's part -------------------------------------------------------
    def authorize(self, authorize_url: str) -> str:
        """The person signs in at the IdP: checks the authorisation request and
        returns the path of the redirect back to Latu's callback."""
        url = urlsplit(authorize_url)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{self.issuer}/authorize", authorize_url
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert params["client_id"] == self.client_id
        assert params["response_type"] == "code"
        assert "openid" in params["scope"].split()
        assert params["code_challenge_method"] == "S256"  # PKCE
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": params["redirect_uri"], "challenge": params["code_challenge"]}
        callback = urlsplit(params["redirect_uri"])
        return f"{callback.path}?{urlencode({'code': code, 'state': params['state']})}"

    # --- the server's part ----------------------------------------------------------
    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        if f"{url.scheme}://{url.netloc}" != self.issuer:
            raise requests.ConnectionError(f"the fake identity provider does not serve {request.url}")
        self.calls.append(f"{request.method} {url.path}")
        routes = {
            ("GET", "/.well-known/openid-configuration"): self._discovery,
            ("POST", "/token"): self._token,
            ("GET", "/userinfo"): self._userinfo,
            ("GET", "/jwks"): self._jwks,
        }
        handler = routes.get((request.method, url.path))
        if handler is None:
            return self._response(request, 404, {"error": "not_found"})
        status, body = handler(request)
        return self._response(request, status, body)

    def close(self):
        pass

    def _discovery(self, request):
        return 200, {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def _token(self, request):
        form = {k: v[0] for k, v in parse_qs(request.body if isinstance(request.body, str)
                                             else request.body.decode()).items()}
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = dict(self.claims)
        now = int(time.time())
        id_token = jwt.encode(
            {"iss": self.issuer, "aud": self.id_token_audience, "iat": now, "exp": now + 300,
             "jti": secrets.token_hex(8), **self.claims},
            _signing_key(), algorithm="RS256", headers={"kid": KEY_ID},
        )
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

    def _userinfo(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not self.userinfo or scheme != "Bearer" or token not in self.access_tokens:
            return 401, {"error": "invalid_token"}
        return 200, self.access_tokens[token]

    def _jwks(self, request):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(_signing_key().public_key()))
        return 200, {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    @staticmethod
    def _response(request, status: int, body: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response


@contextmanager
def serving(idp: FakeIdentityProvider):
    """Route allauth's outgoing HTTP calls to ``idp`` (and nowhere else)."""

    def session(adapter_self):
        s = requests.Session()
        s.adapters.clear()
        s.mount("https://", idp)
        s.mount("http://", idp)
        return s

    with mock.patch.object(DefaultSocialAccountAdapter, "get_requests_session", session):
        yield idp
