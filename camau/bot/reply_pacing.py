"""Replies in a turn take their slots from the tenant's budget, first in line.

Teams counts every request an app makes in a tenant against one limit (about 50 a second) and
every message in a conversation against its four windows, replies in a turn as much as
proactive sends. So each request a turn makes to the connector (a new message, a reply, an
update or a deletion) first takes a slot from the same pacer as the outbox
(`camau.bot.pacing`): with priority, asking at once and alone rather than queueing behind the
outbox's batch, and never giving up. The outbox holds slots at most `pacing.HORIZON` ahead, so
a reply waits at most that long behind it, and longer only when the tenant's budget or the
conversation's windows are really spent, in which case it waits until they allow it rather than
be refused with a 429 or dropped.

Proactive turns (the outbox's) are paced by `camau.bot.delivery` itself and left alone here.
The middleware wraps the turn's own connector client (`camau.bot.clients` gives each turn its
own view of a kept client), so nothing outside the turn is touched.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from camau.bot.delivery import tenant_of
from camau.bot.pacing import Slots, acquire

PACED = ("send_to_conversation", "reply_to_activity", "update_activity", "delete_activity")
CONTINUE = "ContinueConversation"  # the SDK's proactive continuation event


class PaceReplies:
    """Adapter middleware: every connector request of a turn waits for a priority slot."""

    def __init__(self, slots: Slots) -> None:
        self._slots = slots

    async def on_turn(
        self, context: TurnContext, logic: Callable[[TurnContext], Awaitable[Any]]
    ) -> None:
        activity = context.activity
        proactive = activity.type == ActivityTypes.event and activity.name == CONTINUE
        client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        if client is not None and not proactive and activity.conversation is not None:
            tenant = tenant_of(activity.get_conversation_reference())
            self._wrap(client.conversations, tenant, activity.conversation.id)
        await logic(context)

    def _wrap(self, conversations: Any, tenant: str, conversation: str) -> None:
        for name in PACED:
            original = getattr(conversations, name, None)
            if original is None:
                continue

            async def paced(
                *args: Any, _original: Callable[..., Awaitable[Any]] = original, **kwargs: Any
            ) -> Any:
                await acquire(self._slots, tenant, conversation, math.inf, priority=True)
                return await _original(*args, **kwargs)

            setattr(conversations, name, paced)
