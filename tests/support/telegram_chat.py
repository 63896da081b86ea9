"""A person in a private Telegram chat with the bot, over the fake Bot API server.

`say(text)` sends a message and returns what the bot sent back once it has handled it;
`tap(data)` taps a button of the newest keyboard. With `uses_buttons=True`, `say` taps a
button instead whenever the answer is on the keyboard of the bot's last message (and counts
the taps).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.support.telegram_api import Call, FakeTelegram


@dataclass
class TelegramPerson:
    telegram: FakeTelegram
    user_id: int
    language_code: str = "en"
    uses_buttons: bool = False
    taps: int = 0
    seen: int = field(default=0)

    def new_replies(self) -> list[Call]:
        sent = self.telegram.sent_to(self.user_id)
        fresh = sent[self.seen :]
        self.seen = len(sent)
        return fresh

    def keyboard(self) -> Call | None:
        """The newest message in the chat that carries an inline keyboard."""
        with_keys = [c for c in self.telegram.sent_to(self.user_id) if c.buttons]
        return with_keys[-1] if with_keys else None

    async def say(self, text: str) -> list[Call]:
        sent = self.telegram.sent_to(self.user_id)
        keys = sent[-1] if self.uses_buttons and sent and sent[-1].buttons else None
        wanted = text.casefold()
        for button in keys.buttons if keys is not None else []:
            data = str(button.get("callback_data") or "")
            if wanted in (data.casefold(), str(button.get("text", "")).casefold()):
                return await self.tap(data, on=keys)
        update_id = await self.telegram.message(
            self.user_id, text, language_code=self.language_code
        )
        await self.telegram.handled(update_id)
        return self.new_replies()

    async def tap(self, data: str, *, on: Call | None = None) -> list[Call]:
        message = on or self.keyboard()
        assert message is not None and message.message_id is not None, "no keyboard to tap"
        assert any(b.get("callback_data") == data for b in message.buttons), data
        update_id = await self.telegram.tap(self.user_id, message.message_id, data)
        await self.telegram.handled(update_id)
        self.taps += 1
        return self.new_replies()
