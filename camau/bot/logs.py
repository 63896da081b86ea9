"""Logging set-up that keeps people's identifiers and words out of the logs.

The Agents SDK logs connector URLs (which hold conversation and user ids) when a request
fails, and the text of a message no route matched. `RedactingFilter` rewrites those records
on the SDK's own loggers, so the rule holds whatever handlers the host configures.
"""

from __future__ import annotations

import logging
import re

_URL_IDS = re.compile(r"v3/conversations/[^\s'\"]+")
_WITH_TEXT = re.compile(r"with text: .*", re.DOTALL)

# Loggers whose arguments are identifiers (conversation, member, activity ids): every argument
# is replaced, so the line keeps its shape and loses the ids.
ID_LOGGERS = (
    "microsoft_agents.hosting.core.connector.client.connector_client",
    "microsoft_agents.hosting.core.connector.teams.teams_connector_client",
    "microsoft_agents.hosting.core.channel_service_adapter",
)
# Loggers whose arguments and traceback are field values (the SDK's activity validation error
# quotes the input, which may be a person's words): arguments replaced, traceback dropped.
VALUE_LOGGERS = ("microsoft_agents.activity.activity",)
# Loggers that may put message text or connector paths into the message itself.
SDK_LOGGERS = (
    *ID_LOGGERS,
    *VALUE_LOGGERS,
    "microsoft_agents.hosting.core.app.agent_application",
)
# Chatty loggers, and the level they are held at: the SDK's token client warns at every turn
# in anonymous mode; the database drivers' debug lines carry SQL parameters (reflective text,
# on an insert).
QUIET_LOGGERS = {
    "microsoft_agents.hosting.core.connector.client.user_token_client": logging.ERROR,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "sqlalchemy.engine": logging.WARNING,
    "aiogram.event": logging.WARNING,  # a line per Telegram update
    "alembic.runtime.migration": logging.WARNING,  # `camau db upgrade` says what happened
}


# INFO lines the SDK writes for every message sent, and its connection map at start-up (printed
# once per connection manager): shown only when the log is at DEBUG, and then as DEBUG.
DEMOTED = {
    "microsoft_agents.hosting.core.connector.client.connector_client": re.compile(
        r"^(Replying to activity|Reply to conversation/activity|Sending to conversation)"
    ),
    "microsoft_agents.hosting.core.authorization.connection_manager": re.compile(
        r"Connections Map"
    ),
}


class DemotingFilter(logging.Filter):
    """Turns the SDK's chatty INFO lines (`DEMOTED`) into DEBUG lines."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        super().__init__()
        self._pattern = pattern

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not self._pattern.search(str(record.msg)):
            return True
        if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
            return False
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


class RedactingFilter(logging.Filter):
    """Replaces connector paths and message text in a record with placeholders."""

    def __init__(self, *, hide_arguments: bool = False, hide_traceback: bool = False) -> None:
        super().__init__()
        self._hide_arguments = hide_arguments
        self._hide_traceback = hide_traceback

    def filter(self, record: logging.LogRecord) -> bool:
        if self._hide_traceback:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        if self._hide_arguments and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple("[redacted]" for _ in args)
        message = record.getMessage()
        cleaned = _WITH_TEXT.sub(
            "with text: [redacted]", _URL_IDS.sub("v3/conversations/[redacted]", message)
        )
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_redaction() -> None:
    """Attach the filter to the SDK loggers (idempotent) and quieten the chatty ones."""
    for name in SDK_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(
                RedactingFilter(
                    hide_arguments=name in ID_LOGGERS or name in VALUE_LOGGERS,
                    hide_traceback=name in VALUE_LOGGERS,
                )
            )
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    for name, pattern in DEMOTED.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, DemotingFilter) for f in logger.filters):
            logger.addFilter(DemotingFilter(pattern))
