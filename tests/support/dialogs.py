"""One dialog on its own over the SDK's TestAdapter: each message is a turn in the person's
language, with the dialog state kept between turns (in memory), as the router runs it."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import ConversationState, MemoryStorage, TurnContext
from microsoft_agents.hosting.dialogs import Dialog, DialogSet, DialogTurnStatus
from microsoft_agents.testing import TestAdapter

from camau.dialogs.render import PROBLEM_MARK
from camau.i18n import use_language

TEAMS = "msteams"


class DialogHarness:
    """Talk to `dialog` on `channel` in `language`; `ended` and `result` say how it finished."""

    def __init__(self, dialog: Dialog, *, language: str, channel: str = "test") -> None:
        self.dialog = dialog
        self.language = language
        self.adapter = TestAdapter(channel_id=channel)
        self.storage = MemoryStorage()
        self.ended = False
        self.result: object = None

    async def say(self, text: str | None = None, *, value: Any = None) -> list[Activity]:
        """Send one message (a card button's `value`, if given); the replies to it."""
        self.adapter.activity_queue.clear()
        activity = self.adapter.create_activity(text or "")
        activity.type = ActivityTypes.message
        activity.value = value
        with use_language(self.language):
            await self.adapter.process_activity(self.adapter.claims_identity, activity, self._turn)
        return list(self.adapter.activity_queue)

    async def _turn(self, context: TurnContext) -> None:
        state = ConversationState(self.storage)
        dialogs = DialogSet(state.create_property("DialogState"))
        dialogs.add(self.dialog)
        await state.load(context)
        dc = await dialogs.create_context(context)
        result = await dc.continue_dialog()  # type: ignore[no-untyped-call]
        if result.status == DialogTurnStatus.Empty:
            result = await dc.begin_dialog(self.dialog.id)
        if result.status == DialogTurnStatus.Complete:
            self.ended, self.result = True, result.result
        await state.save(context)


def said(replies: list[Activity]) -> str:
    """What the person reads: each reply's text, or its card's text blocks."""
    parts: list[str] = []
    for reply in replies:
        if reply.attachments:
            parts.extend(_texts(attachment.content) for attachment in reply.attachments)
        elif reply.text:
            parts.append(reply.text)
    return "\n".join(parts)


def _texts(node: Any) -> str:
    if isinstance(node, dict):
        own = [str(node["text"])] if node.get("type") == "TextBlock" else []
        return "\n".join(own + [_texts(v) for v in node.values() if isinstance(v, dict | list)])
    if isinstance(node, list):
        return "\n".join(_texts(item) for item in node)
    return ""


def marked(text: str) -> bool:
    """True when `text` is said as a problem (the warning mark first)."""
    return text.startswith(PROBLEM_MARK)
