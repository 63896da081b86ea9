"""The Agents SDK adapter of the native Telegram channel.

A Telegram activity runs through the same pipeline as a Teams one (`ChannelRules`, then
`CamauAgent.on_turn`); what the turn sends goes to the Bot API instead of a connector.
Proactive turns (`continue_conversation_with_claims`) work the same way, so the outbox and
the retraction of messages use it too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ConversationReference,
    ResourceResponse,
)
from microsoft_agents.hosting.core import ChannelAdapter, TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from camau.dialogs.channels import ChannelRules, TelegramScope
from camau.telegram import render
from camau.telegram.client import mapped

logger = logging.getLogger(__name__)

SENT_KEY = "camau.telegram.sent"  # turn_state: every Telegram message id this turn sent


def sent_ids(context: TurnContext) -> list[int]:
    """The Telegram message ids this turn has sent so far."""
    sent = context.turn_state.get(SENT_KEY)
    if not isinstance(sent, list):
        sent = context.turn_state[SENT_KEY] = []
    return sent


def _anonymous() -> ClaimsIdentity:
    return ClaimsIdentity({}, authentication_type="telegram")


class TelegramAdapter(ChannelAdapter):
    """Runs turns for Telegram activities; sends their replies through the Bot API."""

    def __init__(self, bot: Bot, pacing: render.Pacing, scope: TelegramScope) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.bot = bot
        self.pacing = pacing
        self.use(ChannelRules(scope))

    async def process(
        self, activity: Activity, logic: Callable[[TurnContext], Awaitable[Any]]
    ) -> None:
        """Run one turn for an incoming activity."""
        context = TurnContext(self, activity, _anonymous())
        try:
            await self.run_pipeline(context, logic)
        finally:
            await context._aclose()

    async def send_activities(  # type: ignore[override]
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        chat_id = int(context.activity.conversation.id)
        sent = sent_ids(context)
        responses: list[ResourceResponse] = []
        for activity in activities:
            if activity.type != ActivityTypes.message:
                responses.append(ResourceResponse(id=""))
                continue
            with mapped():
                ids = await render.send(self.bot, self.pacing, chat_id, activity)
            sent.extend(ids)
            responses.append(ResourceResponse(id=str(ids[-1]) if ids else ""))
        return responses

    async def update_activity(  # type: ignore[override]
        self, context: TurnContext, activity: Activity
    ) -> None:
        logger.debug("telegram: updating a sent message is not used")

    async def delete_activity(  # type: ignore[override]
        self, context: TurnContext, reference: ConversationReference
    ) -> None:
        chat_id = int(context.activity.conversation.id)
        message_id = int(str(reference.activity_id))
        with mapped():
            await self.pacing.call(chat_id, lambda: self.bot.delete_message(chat_id, message_id))

    async def continue_conversation_with_claims(  # type: ignore[override]
        self,
        claims_identity: ClaimsIdentity,
        continuation_activity: Activity,
        callback: Callable[[TurnContext], Awaitable[Any]],
        audience: str | None = None,
    ) -> None:
        context = TurnContext(self, continuation_activity, claims_identity)
        try:
            await self.run_pipeline(context, callback)
        finally:
            await context._aclose()
