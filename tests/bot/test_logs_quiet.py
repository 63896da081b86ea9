"""Start-up and per-message lines of the Agents SDK stay out of an INFO log (kept at DEBUG)."""

from __future__ import annotations

import logging

import pytest

from camau.bot.logs import install_redaction

CONNECTOR = "microsoft_agents.hosting.core.connector.client.connector_client"
CONNECTIONS = "microsoft_agents.hosting.core.authorization.connection_manager"


@pytest.mark.parametrize(
    "name,message",
    [
        (CONNECTOR, "Replying to activity: %s in conversation: %s. Activity type is %s"),
        (CONNECTOR, "Reply to conversation/activity: %s, %s"),
        (CONNECTIONS, "\\nConnections:\\n%s\\n\\nConnections Map:\\n%s"),
    ],
)
def test_logs_per_message_lines_only_at_debug(
    caplog: pytest.LogCaptureFixture, name: str, message: str
) -> None:
    install_redaction()
    logger = logging.getLogger(name)
    args = tuple("x" for _ in range(message.count("%s")))
    root = logging.getLogger()
    before = root.level
    try:
        root.setLevel(logging.INFO)
        with caplog.at_level(logging.INFO):
            logger.info(message, *args)
        assert [r for r in caplog.records if r.name == name] == []
        root.setLevel(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            logger.info(message, *args)
        shown = [r for r in caplog.records if r.name == name]
        assert [r.levelname for r in shown] == ["DEBUG"]
    finally:
        root.setLevel(before)
