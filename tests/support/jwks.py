"""Offline Bot Framework tokens: an RSA key the tests own, served as a JWKS on 127.0.0.1.

How the Agents SDK 1.9.0 picks the JWKS URI (`jwt_token_validator._build_jwks_uri`):
- `iss` == "https://api.botframework.com" (what the Bot Connector puts in the tokens Teams sends
  to a bot) → `BOTFRAMEWORK_JWKS_URIS[iss]` = https://login.botframework.com/v1/.well-known/keys;
- an Entra issuer → https://login.microsoftonline.com/{TENANT_ID or common}/discovery/v2.0/keys
  (the host is fixed; `AUTHORITY` only switches to the US Government host).
No setting points it elsewhere, so `route_botframework_jwks()` swaps the one table entry the
validator reads (the same dict object in `_entra_issuers` and `jwt_token_validator`), and
`route_entra_jwks()` sends the Entra discovery URI to a local server standing for Entra's
keys (the validator's JWKS client cache is emptied for the test, and restored after).
`block_internet()` makes any other host fail to resolve, so nothing leaves the machine.
"""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from microsoft_agents.hosting.core.authorization import _entra_issuers
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

BOTFRAMEWORK_ISSUER = _entra_issuers.BOTFRAMEWORK_PUBLIC_ISSUER
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass
class SigningKey:
    """An RSA key pair with a key id; signs RS256 tokens like the Bot Connector does."""

    kid: str = field(default_factory=lambda: uuid.uuid4().hex)
    private_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        """The public half as a JWK."""
        public: dict[str, Any] = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "use": "sig", "alg": "RS256"}

    def token(self, claims: dict[str, Any], *, headers: dict[str, Any] | None = None) -> str:
        """A signed token; `headers` replace the default {"kid": self.kid}."""
        return jwt.encode(
            claims,
            self.private_key,
            algorithm="RS256",
            headers={"kid": self.kid} if headers is None else headers,
        )


def connector_claims(
    audience: str, service_url: str, *, issuer: str = BOTFRAMEWORK_ISSUER, lifetime: int = 600
) -> dict[str, Any]:
    """The claims of a Bot Connector token for a bot whose app id is `audience`."""
    now = datetime.now(UTC)
    return {
        "iss": issuer,
        "aud": audience,
        "serviceurl": service_url,
        "iat": now,
        "nbf": now - timedelta(seconds=5),
        "exp": now + timedelta(seconds=lifetime),
    }


@dataclass
class JwksServer:
    """Serves `GET /keys` with the public keys; counts the fetches."""

    keys: list[SigningKey] = field(default_factory=list)
    fetches: int = 0
    _server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the JWKS server first"
        return str(self._server.make_url("/keys"))

    async def _keys(self, _request: web.Request) -> web.Response:
        self.fetches += 1
        return web.json_response({"keys": [key.jwk() for key in self.keys]})

    async def start(self) -> JwksServer:
        app = web.Application()
        app.router.add_get("/keys", self._keys)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()
            self._server = None


def route_botframework_jwks(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Make the SDK fetch Bot Connector signing keys from `url` (undone after the test)."""
    monkeypatch.setitem(_entra_issuers.BOTFRAMEWORK_JWKS_URIS, BOTFRAMEWORK_ISSUER, url)


ENTRA_KEYS_HOST = "https://login.microsoftonline.com/"
ENTRA_KEYS_PATH = "/discovery/v2.0/keys"


def entra_claims(
    audience: str,
    tenant: str,
    *,
    version: str = "2.0",
    app_id: str | None = None,
    issuer: str | None = None,
    lifetime: int = 600,
) -> dict[str, Any]:
    """The claims of an Entra app token for `audience`, issued in `tenant` to `app_id`."""
    now = datetime.now(UTC)
    if issuer is None:
        issuer = (
            f"https://login.microsoftonline.com/{tenant}/v2.0"
            if version == "2.0"
            else f"https://sts.windows.net/{tenant}/"
        )
    caller = app_id or str(uuid.uuid4())
    return {
        "iss": issuer,
        "aud": audience,
        "tid": tenant,
        "ver": version,
        ("azp" if version == "2.0" else "appid"): caller,
        "iat": now,
        "nbf": now - timedelta(seconds=5),
        "exp": now + timedelta(seconds=lifetime),
    }


def route_entra_jwks(monkeypatch: pytest.MonkeyPatch, url: str) -> list[str]:
    """Make the SDK fetch Entra's signing keys from `url`; returns the Entra URIs it asked for."""
    asked: list[str] = []
    manager_type = jwt_token_validator._JwkClientManager
    manager = manager_type()
    real = manager_type._get_jwk_client

    def local(self: Any, jwks_uri: str) -> Any:
        if jwks_uri.startswith(ENTRA_KEYS_HOST) and jwks_uri.endswith(ENTRA_KEYS_PATH):
            asked.append(jwks_uri)
            jwks_uri = url
        return real(self, jwks_uri)

    monkeypatch.setattr(jwt_token_validator.JwtTokenValidator, "_jwk_client_manager", manager)
    monkeypatch.setattr(manager_type, "_get_jwk_client", local)
    return asked


def block_internet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse to resolve any host but loopback; returns the list of refused hosts."""
    refused: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and str(name) not in LOCAL_HOSTS:
            refused.append(str(name))
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not reach {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return refused
