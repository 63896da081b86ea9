"""The SDK's own log lines never carry a person's identifiers or words (regression tests)."""

from __future__ import annotations

import logging

import pytest

from camau.bot.logs import install_redaction
from camau.config import Settings
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector


def test_redaction_rewrites_connector_paths_and_message_text() -> None:
    install_redaction()
    sdk = logging.getLogger("microsoft_agents.hosting.core.connector.client.connector_client")
    record = sdk.makeRecord(
        sdk.name,
        logging.ERROR,
        __file__,
        1,
        "Error accessing '%s': %s",
        ("v3/conversations/a:1Xyz/members/29:user-42", 404),
        None,
    )
    for log_filter in sdk.filters:
        log_filter.filter(record)
    assert "29:user-42" not in record.getMessage() and "a:1Xyz" not in record.getMessage()
    assert "[redacted]" in record.getMessage()

    app_logger = logging.getLogger("microsoft_agents.hosting.core.app.agent_application")
    record = app_logger.makeRecord(
        app_logger.name,
        logging.WARNING,
        __file__,
        1,
        "No route found for activity type: message with text: %s",
        ("Mam Cerys, CF10 3AT",),
        None,
    )
    for log_filter in app_logger.filters:
        log_filter.filter(record)
    assert "Cerys" not in record.getMessage()


async def test_stranger_on_teams_leaves_no_identifier_in_the_logs(
    bot: BotHarness, settings: Settings, connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    """The Teams e-mail look-up fails for a stranger; the SDK logs that failure with the URL."""
    stranger = bot.conversation("29:stranger-user-77", conversation_id="a:stranger-conv-88")
    with caplog.at_level(logging.DEBUG):
        await stranger.say("Helo, Siân ydw i, mam Cerys")
    # The fake connector's own access log stands in for Teams, outside this machine.
    ours = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("aiohttp.access")
    )
    assert "stranger-user-77" not in ours
    assert "stranger-conv-88" not in ours
    assert "Cerys" not in ours
