"""Proactive sends (the outbox, retractions) for conversations reached through the Bot API.

`camau.telegram.routing.ChannelDelivery` hands native Telegram references to `TelegramDelivery`.
Failures are `camau.bot.delivery.DeliveryError`s, so the sender treats a blocked bot (403) as
undeliverable and tells the admins, and a 429 as "retry after".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from camau.bot.delivery import DeliveryFailed
from camau.telegram.adapter import TelegramAdapter, sent_ids
from camau.telegram.client import map_error
from camau.telegram.native import reference_of


class TelegramDelivery:
    """Sends into, and deletes from, a private chat through the Bot API."""

    def __init__(self, adapter: TelegramAdapter) -> None:
        self._adapter = adapter

    async def send(self, reference_json: str, activities: list[Activity]) -> list[str]:
        """Send the activities (adapted for Telegram); the ids of the messages sent."""
        ids: list[str] = []

        async def work(context: TurnContext) -> None:
            for activity in activities:
                await context.send_activities([activity])
            ids.extend(str(i) for i in sent_ids(context))

        await self._in_chat(reference_json, work)
        return ids

    async def delete(self, reference_json: str, activity_ids: Sequence[str]) -> None:
        """Delete messages Camau sent (Telegram allows it for 48 hours)."""

        async def work(context: TurnContext) -> None:
            first: Exception | None = None
            for activity_id in activity_ids:
                try:
                    await context.delete_activity(activity_id)
                except Exception as exc:
                    first = first or exc
            if first is not None:
                raise first

        await self._in_chat(reference_json, work)

    async def _in_chat(
        self, reference_json: str, work: Callable[[TurnContext], Awaitable[None]]
    ) -> None:
        reference = reference_of(reference_json)
        if reference is None or reference.conversation is None:
            raise DeliveryFailed("bad_reference")
        continuation = reference.get_continuation_activity()
        continuation.id = None
        failures: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            try:
                await work(context)
            except Exception as exc:  # the pipeline would hand it to on_turn_error instead
                failures.append(exc)

        identity = ClaimsIdentity({}, authentication_type="telegram")
        await self._adapter.continue_conversation_with_claims(identity, continuation, callback)
        if failures:
            raise map_error(failures[0]) from failures[0]
