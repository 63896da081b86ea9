"""With a client id configured, /api/messages accepts only Bot Connector tokens for this bot.

Tokens are signed by a key made here and served as a JWKS on 127.0.0.1 (tests/support/jwks.py
explains how the SDK picks the JWKS URI and the one table entry patched). Resolving any other
host fails, and each test checks nothing tried to.
An accepted token is shown by the route's own 400 for a body that is not an activity: the
JWT check runs first, so a 400 means it passed. (A full turn would need an MSAL token from
login.microsoftonline.com, which is outside this machine.)
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization import _entra_issuers
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector
from tests.support.jwks import (
    BOTFRAMEWORK_ISSUER,
    JwksServer,
    SigningKey,
    block_internet,
    connector_claims,
    route_botframework_jwks,
)

APP_ID = "7c1f5a52-3e0b-4d8a-9f64-2a1b0c9d8e71"
TENANT_ID = "0f8f1c2e-5b7d-4e3a-8c9b-1a2b3c4d5e6f"
NOT_AN_ACTIVITY = {"type": "message", "text": "no conversation"}


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Hosts the code under test tried to resolve (only loopback may be reached)."""
    return block_internet(monkeypatch)


@pytest.fixture
async def jwks(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[JwksServer]:
    server = await JwksServer(keys=[SigningKey()]).start()
    route_botframework_jwks(monkeypatch, server.url)
    yield server
    await server.close()


@pytest.fixture
async def bot(migrated_sqlite_url: str, refused: list[str]) -> AsyncIterator[BotHarness]:
    connector = await FakeConnector().start()
    settings = Settings(
        database_url=migrated_sqlite_url,
        client_id=APP_ID,
        tenant_id=TENANT_ID,
        client_secret="test-secret-not-used",
    )
    harness = await BotHarness(settings, connector).start()
    yield harness
    await harness.close()
    await connector.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def an_activity(bot: BotHarness) -> dict[str, Any]:
    return bot.conversation("29:auth-user").activity("hello")


def signed(jwks: JwksServer, bot: BotHarness, **changes: Any) -> str:
    claims = {**connector_claims(APP_ID, bot.connector.url), **changes}
    return jwks.keys[0].token(claims)


async def test_auth_request_without_header_is_401(bot: BotHarness, refused: list[str]) -> None:
    assert await bot.post(an_activity(bot)) == 401
    assert await bot.post(NOT_AN_ACTIVITY) == 401
    assert bot.connector.activities == []
    assert refused == []


async def test_auth_bad_bearer_is_401(bot: BotHarness, refused: list[str]) -> None:
    for token in ("not-a-jwt", "a.b.c", "Zm9v.YmFy.YmF6"):
        assert await bot.post(an_activity(bot), headers=bearer(token)) == 401
    assert bot.connector.activities == []
    assert refused == []


async def test_auth_basic_header_is_401(bot: BotHarness, refused: list[str]) -> None:
    basic = base64.b64encode(f"{APP_ID}:test-secret-not-used".encode()).decode()
    assert await bot.post(an_activity(bot), headers={"Authorization": f"Basic {basic}"}) == 401
    assert await bot.post(an_activity(bot), headers={"Authorization": "Bearer"}) == 401
    assert refused == []


async def test_auth_token_for_this_bot_is_accepted(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    status = await bot.post(NOT_AN_ACTIVITY, headers=bearer(signed(jwks, bot)))
    assert status == 400  # past the JWT check, stopped by the route's body check
    assert jwks.fetches >= 1
    assert refused == []


async def test_auth_audience_is_compared_without_case(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    token = signed(jwks, bot, aud=APP_ID.upper())
    assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 400
    assert refused == []


async def test_auth_token_for_another_audience_is_401(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    for audience in ("11111111-2222-3333-4444-555555555555", "https://api.botframework.com"):
        token = signed(jwks, bot, aud=audience)
        assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 401
    assert jwks.fetches >= 1  # the signature was checked before the audience
    assert bot.connector.activities == []
    assert refused == []


async def test_auth_token_signed_by_an_unknown_key_is_401(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    claims = connector_claims(APP_ID, bot.connector.url)
    stranger = SigningKey()
    impostor = SigningKey(kid=jwks.keys[0].kid)  # the published kid, another key
    for token in (stranger.token(claims), impostor.token(claims)):
        assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 401
    assert refused == []


async def test_auth_expired_token_is_401(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)  # the SDK allows 300 s of clock skew
    token = signed(
        jwks, bot, iat=past - timedelta(hours=1), nbf=past - timedelta(hours=1), exp=past
    )
    assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 401
    assert refused == []


async def test_auth_service_url_must_match_the_token(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    """The SDK only logs this mismatch (its outbound host validator is off); the route refuses."""
    token = signed(jwks, bot, serviceurl="https://smba.trafficmanager.net/emea/")
    activity = {**an_activity(bot), "serviceUrl": "https://attacker.example/"}
    assert await bot.post(activity, headers=bearer(token)) == 401
    assert bot.connector.activities == []
    assert refused == []


async def test_auth_token_without_key_id_is_401(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    """SDK 1.9.0 reads header["kid"] unguarded (KeyError → 500); the route answers 401 first."""
    claims = connector_claims(APP_ID, bot.connector.url)
    token = jwks.keys[0].token(claims, headers={"typ": "JWT"})
    assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 401
    assert refused == []


async def test_auth_entra_issued_token_would_fetch_keys_from_microsoft(
    bot: BotHarness, jwks: JwksServer, refused: list[str]
) -> None:
    issuer = f"https://login.microsoftonline.com/{TENANT_ID}/v2.0"
    token = signed(jwks, bot, iss=issuer, tid=TENANT_ID)
    assert await bot.post(NOT_AN_ACTIVITY, headers=bearer(token)) == 401
    assert refused == ["login.microsoftonline.com"]  # refused here; Microsoft's keys in production


def _config(**settings: Any) -> AgentAuthConfiguration:
    return AgentAuthConfiguration(client_id=APP_ID, client_secret="s", **settings)


def test_jwks_routing_botframework_issuer_uses_the_botframework_keys() -> None:
    config = _config(tenant_id=TENANT_ID)
    uri = jwt_token_validator._build_jwks_uri(BOTFRAMEWORK_ISSUER, config, config)
    assert uri == "https://login.botframework.com/v1/.well-known/keys"


def test_jwks_routing_entra_issuer_uses_the_tenant_keys_on_a_fixed_host() -> None:
    issuer = f"https://login.microsoftonline.com/{TENANT_ID}/v2.0"
    for config in (
        _config(tenant_id=TENANT_ID),
        _config(tenant_id=TENANT_ID, authority="http://127.0.0.1:9/local"),
    ):
        uri = jwt_token_validator._build_jwks_uri(issuer, config, config)
        assert uri == f"https://login.microsoftonline.com/{TENANT_ID}/discovery/v2.0/keys"
    anywhere = _config()
    assert jwt_token_validator._build_jwks_uri(issuer, anywhere, anywhere) == (
        "https://login.microsoftonline.com/common/discovery/v2.0/keys"
    )


def test_jwks_routing_issuer_settings_do_not_move_the_keys() -> None:
    config = _config(tenant_id=TENANT_ID, issuers=["http://127.0.0.1:9"], validate_issuer=True)
    uri = jwt_token_validator._build_jwks_uri("http://127.0.0.1:9", config, config)
    assert uri.startswith("https://login.microsoftonline.com/")


def test_jwks_routing_patch_is_the_table_the_validator_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = getattr(jwt_token_validator, "BOTFRAMEWORK_JWKS_URIS")  # noqa: B009 (not exported)
    assert table is _entra_issuers.BOTFRAMEWORK_JWKS_URIS
    route_botframework_jwks(monkeypatch, "http://127.0.0.1:9/keys")
    config = _config(tenant_id=TENANT_ID)
    uri = jwt_token_validator._build_jwks_uri(BOTFRAMEWORK_ISSUER, config, config)
    assert uri == "http://127.0.0.1:9/keys"
