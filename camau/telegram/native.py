"""What marks a conversation reached through the Bot API itself, without importing aiogram
(the app routes the outbox on it whether or not Telegram is configured)."""

from __future__ import annotations

from microsoft_agents.activity import ConversationReference
from pydantic import ValidationError

CHANNEL = "telegram"
# The serviceUrl of a conversation reached through the Bot API itself (Azure Bot Service's
# Telegram channel uses its own https URL): the outbox routes on it.
NATIVE_SERVICE_URL = "urn:camau:telegram-bot-api"


def is_native(ref: ConversationReference) -> bool:
    """True for a conversation Camau reaches through the Bot API itself."""
    return str(ref.channel_id or "") == CHANNEL and ref.service_url == NATIVE_SERVICE_URL


def reference_of(reference_json: str) -> ConversationReference | None:
    """A stored conversation reference, or None if it cannot be read."""
    try:
        return ConversationReference.model_validate_json(reference_json)
    except ValidationError:
        return None
