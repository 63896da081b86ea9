"""Tokens an attacker could bring, signed by local keys standing for Bot Framework and Entra.

Both key sets are served on 127.0.0.1 (tests/support/jwks.py); nothing else is reachable.
A request that passes authentication is shown by the route's own 400 for a body that is not
an activity (the token is checked first); a refused token gets 401.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from microsoft_agents.hosting.core.authorization import _entra_issuers

from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector
from tests.support.jwks import (
    JwksServer,
    SigningKey,
    block_internet,
    connector_claims,
    entra_claims,
    route_botframework_jwks,
    route_entra_jwks,
)

APP_ID = "7c1f5a52-3e0b-4d8a-9f64-2a1b0c9d8e71"
TENANT_ID = "0f8f1c2e-5b7d-4e3a-8c9b-1a2b3c4d5e6f"
OTHER_TENANT = "a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
FIRST_PARTY_TENANT = _entra_issuers.WELL_KNOWN_PUBLIC_TENANT_IDS[0]
NOT_AN_ACTIVITY = {"type": "message", "text": "no conversation"}


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return block_internet(monkeypatch)


@pytest.fixture
async def botframework(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SigningKey]:
    server = await JwksServer(keys=[SigningKey()]).start()
    route_botframework_jwks(monkeypatch, server.url)
    yield server.keys[0]
    await server.close()


@pytest.fixture
async def entra(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SigningKey]:
    server = await JwksServer(keys=[SigningKey()]).start()
    route_entra_jwks(monkeypatch, server.url)
    yield server.keys[0]
    await server.close()


async def _harness(sqlite_url: str, **changes: Any) -> BotHarness:
    connector = await FakeConnector().start()
    settings = Settings(
        database_url=sqlite_url,
        client_id=APP_ID,
        tenant_id=TENANT_ID,
        client_secret="test-secret-not-used",
        **changes,
    )
    return await BotHarness(settings, connector).start()


@pytest.fixture
async def bot(sqlite_url: str, refused: list[str]) -> AsyncIterator[BotHarness]:
    harness = await _harness(sqlite_url)
    yield harness
    await harness.close()
    await harness.connector.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def teams_activity(bot: BotHarness, **changes: Any) -> dict[str, Any]:
    activity = bot.conversation("29:attacker", aad_object_id="oid-of-a-worker").activity("hi")
    activity["conversation"]["tenantId"] = TENANT_ID
    activity["channelData"] = {"tenant": {"id": TENANT_ID}}
    return {**activity, **changes}


async def post(bot: BotHarness, body: Any, token: str) -> tuple[int, str]:
    assert bot.http is not None
    async with bot.http.post(bot.url, json=body, headers=bearer(token)) as response:
        return response.status, await response.text()


async def test_entra_tokens_of_another_tenant_are_refused(
    bot: BotHarness, entra: SigningKey, refused: list[str]
) -> None:
    """Failed before: all three were accepted (400 from the body check, not 401)."""
    for version in ("1.0", "2.0"):
        token = entra.token(entra_claims(APP_ID, OTHER_TENANT, version=version))
        assert (await post(bot, NOT_AN_ACTIVITY, token))[0] == 401, version
    evil = entra.token(entra_claims(APP_ID, OTHER_TENANT, issuer="https://evil.example"))
    assert (await post(bot, NOT_AN_ACTIVITY, evil))[0] == 401
    assert refused == []


async def test_entra_token_of_this_tenant_issued_to_another_app_is_refused(
    bot: BotHarness, entra: SigningKey, refused: list[str]
) -> None:
    """Failed before: accepted. Camau takes no calls from other apps of its own tenant."""
    for version in ("1.0", "2.0"):
        token = entra.token(entra_claims(APP_ID, TENANT_ID, version=version))
        assert (await post(bot, teams_activity(bot), token))[0] == 401, version
    assert bot.connector.activities == []
    assert refused == []


async def test_evil_issuer_with_expect_replies_gets_no_turn(
    bot: BotHarness, entra: SigningKey, refused: list[str]
) -> None:
    """Failed before: the turn ran and its replies came back in the HTTP response."""
    token = entra.token(entra_claims(APP_ID, OTHER_TENANT, issuer="https://evil.example"))
    body = teams_activity(bot, deliveryMode="expectReplies", serviceUrl="https://evil.example/")
    status, text = await post(bot, body, token)
    assert status == 401
    assert "activities" not in text
    assert refused == []


async def test_first_party_entra_token_needs_an_allowed_service_url(
    sqlite_url: str, entra: SigningKey, refused: list[str]
) -> None:
    """Entra tokens of Azure Bot Service carry no serviceurl claim: only allow-listed hosts."""
    claims = entra_claims(APP_ID, FIRST_PARTY_TENANT)
    token = entra.token(claims)
    bot = await _harness(sqlite_url)
    try:
        # Failed before: the attacker's serviceUrl was taken and the turn ran.
        status, _ = await post(bot, teams_activity(bot), token)  # serviceUrl 127.0.0.1
        assert status == 401
    finally:
        await bot.close()
        await bot.connector.close()
    allowed = await _harness(sqlite_url, service_url_hosts="127.0.0.1")
    try:
        assert (await post(allowed, NOT_AN_ACTIVITY, token))[0] == 400  # authenticated
    finally:
        await allowed.close()
        await allowed.connector.close()
    assert refused == []


async def test_botframework_token_must_carry_the_service_url_claim(
    bot: BotHarness, botframework: SigningKey, refused: list[str]
) -> None:
    """Failed before: a Bot Framework token without `serviceurl` skipped the check."""
    claims = connector_claims(APP_ID, bot.connector.url)
    del claims["serviceurl"]
    status, _ = await post(bot, teams_activity(bot), botframework.token(claims))
    assert status == 401
    assert bot.connector.activities == []
    assert refused == []


async def test_service_url_claim_matches_by_whole_origin(
    bot: BotHarness, botframework: SigningKey, refused: list[str]
) -> None:
    """Failed before: only the host was compared, so another scheme or port passed."""
    real = bot.connector.url  # http://127.0.0.1:PORT/
    port = real.rsplit(":", 1)[1].strip("/")
    for claimed in (f"https://127.0.0.1:{port}/", "http://127.0.0.1:1/"):
        token = botframework.token(connector_claims(APP_ID, claimed))
        assert (await post(bot, teams_activity(bot), token))[0] == 401, claimed
    same = botframework.token(connector_claims(APP_ID, real.rstrip("/") + "/other/path"))
    assert (await post(bot, NOT_AN_ACTIVITY, same))[0] == 400
    assert refused == []


async def test_expect_replies_is_refused_unless_allowed(
    sqlite_url: str, botframework: SigningKey, refused: list[str]
) -> None:
    """Failed before: expectReplies turned the HTTP response into a channel for replies."""
    bot = await _harness(sqlite_url)
    try:
        token = botframework.token(connector_claims(APP_ID, bot.connector.url))
        status, text = await post(bot, teams_activity(bot, deliveryMode="expectReplies"), token)
        assert status == 400
        assert "expectReplies" in text
    finally:
        await bot.close()
        await bot.connector.close()
    assert refused == []


def test_settings_allow_expect_replies_is_off_by_default() -> None:
    assert Settings().allow_expect_replies is False
    assert Settings(allow_expect_replies=True).allow_expect_replies is True
