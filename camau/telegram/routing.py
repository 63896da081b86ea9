"""Which way a proactive send goes: the Bot API for a conversation reached natively, Teams'
connector for every other (`ChannelDelivery` is what the outbox sender is given).

It imports no aiogram, so an app without a Telegram token never loads it (about 3 s of CPU
at every start); `TelegramDelivery` is handed in once the channel exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from microsoft_agents.activity import Activity

from camau.bot.delivery import DEFAULT_WITHIN, ProactiveDelivery
from camau.telegram.native import is_native, reference_of

if TYPE_CHECKING:
    from camau.telegram.delivery import TelegramDelivery


class Delivery(Protocol):
    async def send(self, reference_json: str, activities: list[Activity]) -> list[str]: ...

    async def delete(self, reference_json: str, activity_ids: Sequence[str]) -> None: ...


class ChannelDelivery:
    """Routes each proactive send by its conversation reference: Telegram's Bot API or Teams."""

    def __init__(
        self, default: ProactiveDelivery, telegram: TelegramDelivery | None = None
    ) -> None:
        self._default = default
        self.telegram = telegram  # set once the channel exists; None without a token

    def _telegram_for(self, reference_json: str) -> TelegramDelivery | None:
        reference = reference_of(reference_json)
        if self.telegram is not None and reference is not None and is_native(reference):
            return self.telegram
        return None

    def _for(self, reference_json: str) -> Delivery:
        return self._telegram_for(reference_json) or self._default

    async def send(
        self, reference_json: str, activities: list[Activity], within: float = DEFAULT_WITHIN
    ) -> list[str]:
        """Telegram paces itself; Teams waits up to `within` seconds for its tenant's slot."""
        telegram = self._telegram_for(reference_json)
        if telegram is not None:
            return await telegram.send(reference_json, activities)
        return await self._default.send(reference_json, activities, within)

    async def delete(self, reference_json: str, activity_ids: Sequence[str]) -> None:
        await self._for(reference_json).delete(reference_json, activity_ids)
