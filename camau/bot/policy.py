"""Which activities Camau acts on, and which identity claims it believes: pure functions.

- **Tenant** (`msteams` only; other channels carry no Entra tenant): with a tenant configured,
  a Teams activity must name it (`conversation.tenantId` and `channelData.tenant.id`, each
  where present, and at least one); anything else is dropped before recognition. With no
  tenant (anonymous local mode only: a client id requires one), any tenant is accepted.
- **Identity**: the Entra object id (`from.aadObjectId`) is believed only on Teams, where the
  channel sets it. Telegram (through Azure Bot Service), Web Chat and Direct Line let the
  client set `from`, so people there are known only through an invite code's link.
- **Personal conversations only**: Teams `conversationType == "personal"`; Telegram a private
  chat (not `conversation.isGroup`, and the chat type in the channel data, where given, is
  `private`); other channels not `conversation.isGroup`. Group conversations share one dialog
  state, so Camau stores nothing from them and tells whoever addresses it how to talk privately.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes

from camau.config import Settings

TEAMS = "msteams"
TELEGRAM = "telegram"


class Refusal(enum.Enum):
    """Why a turn does not reach recognition."""

    TENANT = "tenant"  # a Teams activity of another tenant: dropped, no reply
    GROUP = "group"  # a group conversation: a pointer to the private chat, nothing stored


@dataclass(frozen=True)
class TurnPolicy:
    """The configured tenant (None: any tenant, anonymous local mode only)."""

    tenant_id: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TurnPolicy:
        return cls(tenant_id=settings.tenant_id.lower() if settings.tenant_id else None)


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _extra(model: Any, name: str) -> Any:
    """A field the SDK model does not declare (kept in `model_extra`), or a declared one."""
    value = getattr(model, name, None) if name.isidentifier() else None
    if value is None:
        value = (getattr(model, "model_extra", None) or {}).get(name)
    return value


def tenants(activity: Activity) -> set[str]:
    """Every tenant id the activity names (lower case)."""
    found: set[str] = set()
    conversation = activity.conversation
    for value in (
        _extra(conversation, "tenant_id") if conversation is not None else None,
        _get(activity.channel_data, "tenant", "id"),
    ):
        if isinstance(value, str) and value.strip():
            found.add(value.strip().lower())
    return found


def is_group(activity: Activity) -> bool:
    """True unless the activity comes from a one-to-one conversation with Camau."""
    conversation = activity.conversation
    if conversation is None:
        return True
    channel = str(activity.channel_id or "")
    if channel == TEAMS:
        return _extra(conversation, "conversation_type") != "personal"
    if bool(conversation.is_group):
        return True
    if channel == TELEGRAM:
        data = activity.channel_data
        chat_type = _get(data, "message", "chat", "type") or _get(
            data, "callback_query", "message", "chat", "type"
        )
        return chat_type is not None and chat_type != "private"
    return False


def refusal(activity: Activity, policy: TurnPolicy) -> Refusal | None:
    """Why this activity does not reach recognition, or None."""
    if str(activity.channel_id or "") == TEAMS and policy.tenant_id is not None:
        named = tenants(activity)
        if not named or named != {policy.tenant_id}:
            return Refusal.TENANT
    if is_group(activity):
        return Refusal.GROUP
    return None


def trusted_object_id(activity: Activity) -> str | None:
    """The Entra object id to recognise by: Teams only (the channel sets it there)."""
    sender = activity.from_property
    if str(activity.channel_id or "") != TEAMS or sender is None:
        return None
    return sender.aad_object_id or None


def addressed_to_camau(activity: Activity) -> bool:
    """A group message meant for Camau: it mentions Camau, or is a `/command` (Telegram)."""
    if activity.type != ActivityTypes.message:
        return False
    recipient = activity.recipient.id if activity.recipient is not None else None
    for entity in activity.entities or []:
        mentioned = _get(entity.model_dump(by_alias=True), "mentioned", "id")
        if entity.type == "mention" and mentioned is not None and mentioned == recipient:
            return True
    return (activity.text or "").lstrip().startswith("/")
