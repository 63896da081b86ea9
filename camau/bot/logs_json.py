"""`CAMAU_LOG_FORMAT=json`: one JSON object per line, with the turn's random id.

Each line has `time` (UTC, ISO 8601), `level`, `logger`, `message`, `turn` (a random id per
turn, from `camau.bot.metrics.TURN_ID`, or null outside a turn) and, for an error, `error`
(the exception's type and traceback). Never an activity, conversation or user id: the turn id
is random, and the redaction of `camau.bot.logs` still applies to the message.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from camau.bot.metrics import TURN_ID


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "turn": TURN_ID.get(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_json_logging(level: str) -> None:
    """Log to stderr as JSON lines (replacing any handlers already there)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
