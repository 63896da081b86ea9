"""What each channel may receive, applied to every outgoing activity in one place.

Teams ("msteams") renders Adaptive Cards. Telegram (through Azure Bot Service) does not: there a
card becomes text plus suggested actions (Telegram keyboards) and its images become photos;
texts are split at Telegram's 4096-character limit and button labels are kept short (the value a
button sends is kept whole, so the prompt still recognises it).

Telegram chats pass through Telegram's servers and are not end-to-end encrypted. Unless the
organisation sets `CAMAU_TELEGRAM_SCOPE=full`, reflective text and case scores stay out of them:
features marked `sensitive` are declined there (`allows_case_data`), and an activity marked
with `case_data(activity)` is replaced by the short notice it carries.

`ChannelRules` is adapter middleware: it registers `adapt` on every turn's context, so replies,
proactive messages and errors all pass through it, and running it twice changes nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    CardAction,
    ResourceResponse,
    SuggestedActions,
)
from microsoft_agents.hosting.core import TurnContext

from camau.dialogs.render import CARD_CONTENT_TYPE, SUBMIT_KEY, text_activity, uses_cards
from camau.i18n import _

logger = logging.getLogger(__name__)

TELEGRAM = "telegram"
MAX_TEXT = 4096
MAX_LABEL = 32
SCOPE_KEY = "camau.telegram_scope"
MARK_KEY = "camau"
ELLIPSIS = "…"
_LONE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")

TelegramScope = Literal["reminders", "full"]


def allows_case_data(context: TurnContext) -> bool:
    """True when this turn's channel may carry reflective text and case scores."""
    return channel_allows_case_data(context.activity.channel_id, context.turn_state.get(SCOPE_KEY))


def channel_allows_case_data(channel_id: str | None, scope: object) -> bool:
    """Telegram carries case data only when the scope is `full`; other channels always."""
    return str(channel_id or "") != TELEGRAM or scope == "full"


def declined_activity() -> Activity:
    """The polite reply when a sensitive feature is asked for where it is not allowed."""
    return text_activity(
        _(
            "Reflections and case scores are not sent through Telegram, because Telegram chats "
            "pass through Telegram's servers. Please use Camau in Microsoft Teams for this. "
            "Reminders still come here."
        )
    )


def case_data(activity: Activity) -> Activity:
    """Mark an activity as carrying reflective text or scores (withheld where not allowed)."""
    notice = _(
        "There is something new for you in Camau. Please open Camau in Microsoft Teams to read it."
    )
    data = dict(activity.channel_data or {}) if isinstance(activity.channel_data, dict) else {}
    data[MARK_KEY] = {"caseData": True, "withheld": notice}
    activity.channel_data = data
    return activity


def _unmark(activity: Activity) -> str | None:
    """Remove the case-data mark; the notice to send instead, if the activity was marked."""
    data = activity.channel_data
    if not isinstance(data, dict) or MARK_KEY not in data:
        return None
    rest = {key: value for key, value in data.items() if key != MARK_KEY}
    activity.channel_data = rest or None
    mark = data[MARK_KEY]
    return str(mark.get("withheld", "")) if isinstance(mark, dict) else ""


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Text cut into pieces of at most `limit` characters, at a paragraph, line or word."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = next(
            (at for sep in ("\n\n", "\n", " ") if (at := window.rfind(sep)) > limit // 2),
            limit,
        )
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def short_label(title: str, limit: int = MAX_LABEL) -> str:
    """A button label of at most `limit` characters, cut at a word and marked with '…'."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    head = title[: limit - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:-") + ELLIPSIS


def _card_parts(
    node: Any, texts: list[str], actions: list[CardAction], images: list[Attachment]
) -> None:
    """Collect a card's texts, buttons and images, in reading order."""
    if isinstance(node, list):
        for item in node:
            _card_parts(item, texts, actions, images)
        return
    if not isinstance(node, dict):
        return
    kind = str(node.get("type", ""))
    if kind == "TextBlock" and node.get("text"):
        texts.append(str(node["text"]))
    elif kind == "RichTextBlock":
        runs = node.get("inlines") or []
        texts.append(
            "".join(str(r.get("text", "")) if isinstance(r, dict) else str(r) for r in runs)
        )
    elif kind == "FactSet":
        texts.extend(f"{f.get('title', '')}: {f.get('value', '')}" for f in node.get("facts") or [])
    elif kind == "Image" and node.get("url"):
        alt = str(node.get("altText") or "")
        images.append(
            Attachment(
                content_type=_image_type(str(node["url"])), content_url=str(node["url"]), name=alt
            )
        )
        if alt:
            texts.append(alt)
    elif kind.startswith("Input.") and node.get("label"):
        texts.append(str(node["label"]))
    elif kind in ("Action.Submit", "Action.Execute"):
        data = node.get("data")
        value = data.get(SUBMIT_KEY) if isinstance(data, dict) else None
        title = str(node.get("title") or value or "")
        actions.append(CardAction(type="imBack", title=title, value=str(value or title)))
        return
    elif kind == "Action.OpenUrl" and node.get("url"):
        actions.append(
            CardAction(
                type="openUrl", title=str(node.get("title") or node["url"]), value=str(node["url"])
            )
        )
        return
    for key, value in node.items():
        if key not in ("text", "fallback", "selectAction"):
            _card_parts(value, texts, actions, images)


def _image_type(url: str) -> str:
    lower = url.lower().split("?", 1)[0]
    if lower.endswith((".jpg", ".jpeg")) or lower.startswith("data:image/jpeg"):
        return "image/jpeg"
    return "image/png"


def _is_image(attachment: Attachment) -> bool:
    return str(attachment.content_type or "").startswith("image/")


def _derived(activity: Activity, **fields: Any) -> Activity:
    """A copy of `activity` (same conversation, reply-to, hints) with only `fields` as content."""
    cleared: dict[str, Any] = {
        "text": None,
        "summary": None,
        "attachments": None,
        "suggested_actions": None,
        "attachment_layout": None,
    }
    return activity.model_copy(deep=True, update={**cleared, **fields})


def for_telegram(activity: Activity, scope: object) -> list[Activity]:
    """The activities Telegram gets for one activity: no cards, short texts, short labels."""
    if activity.type != ActivityTypes.message:
        return [activity]
    withheld = _unmark(activity)
    if withheld is not None and not channel_allows_case_data(TELEGRAM, scope):
        return [_derived(activity, text=withheld)]
    texts = [activity.text] if activity.text else []
    actions = list(activity.suggested_actions.actions) if activity.suggested_actions else []
    photos: list[Attachment] = []
    others: list[Attachment] = []
    for attachment in activity.attachments or []:
        if attachment.content_type == CARD_CONTENT_TYPE:
            _card_parts(attachment.content, texts, actions, photos)
        elif _is_image(attachment):
            photos.append(attachment)
        else:
            others.append(attachment)
    out: list[Activity] = []
    if photos or others:
        out.append(_derived(activity, attachments=photos + others))
    text = "\n\n".join(t for t in texts if t)
    out.extend(_derived(activity, text=piece) for piece in (split_text(text) if text else []))
    if not out:
        out.append(_derived(activity, text=""))
    if actions:
        out[-1].suggested_actions = SuggestedActions(
            actions=[
                CardAction(
                    type=a.type, title=short_label(str(a.title or a.value or "")), value=a.value
                )
                for a in actions
            ]
        )
    return out


def paragraphs(text: str) -> str:
    """Lines kept apart by a single line break become paragraphs (Teams joins such lines)."""
    return _LONE_BREAK.sub("\n\n", text)


def _paragraphs_in(node: Any) -> None:
    """Every TextBlock of a card, in paragraphs."""
    if isinstance(node, list):
        for item in node:
            _paragraphs_in(item)
    elif isinstance(node, dict):
        if node.get("type") == "TextBlock" and isinstance(node.get("text"), str):
            node["text"] = paragraphs(node["text"])
        for value in node.values():
            _paragraphs_in(value)


def for_teams(activity: Activity) -> Activity:
    """Texts and card TextBlocks in paragraphs, so each line shows as its own."""
    if activity.type != ActivityTypes.message:
        return activity
    if activity.text:
        activity.text = paragraphs(activity.text)
    for attachment in activity.attachments or []:
        if attachment.content_type == CARD_CONTENT_TYPE:
            _paragraphs_in(attachment.content)
    return activity


def for_channel(activity: Activity, channel_id: str | None, scope: object) -> list[Activity]:
    """The activities this channel gets for one outgoing activity."""
    if str(channel_id or "") == TELEGRAM:
        return for_telegram(activity, scope)
    _unmark(activity)
    if uses_cards(channel_id):
        return [for_teams(activity)]
    return [activity]


class ChannelRules:
    """Adapter middleware applying the channel rules to everything a turn sends."""

    def __init__(self, telegram_scope: TelegramScope = "reminders") -> None:
        self._scope = telegram_scope

    async def on_turn(
        self, context: TurnContext, logic: Callable[[TurnContext], Awaitable[Any]]
    ) -> None:
        context.turn_state[SCOPE_KEY] = self._scope
        context.on_send_activities(self.adapt)
        await logic(context)

    async def adapt(
        self,
        context: TurnContext,
        activities: list[Activity],
        send_next: Callable[[], Awaitable[list[ResourceResponse]]],
    ) -> list[ResourceResponse]:
        """Rewrite `activities` in place for the turn's channel, then send them."""
        channel = context.activity.channel_id
        adapted = [
            a for activity in activities for a in for_channel(activity, channel, self._scope)
        ]
        if len(adapted) != len(activities):
            logger.debug(
                "channel %s: %d activities became %d", channel, len(activities), len(adapted)
            )
        activities[:] = adapted
        return await send_next()
