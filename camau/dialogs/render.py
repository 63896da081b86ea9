"""Channel rendering: the same question as an Adaptive Card in Teams, as text elsewhere.

Cards are JSON templates holding `${name}` placeholders only: the toolkit's in `cards/`, each
feature's in its own `dialogs/cards/`. A string that is
exactly one placeholder may be replaced by a list or object (the card's actions); elsewhere
placeholders are replaced by text.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    CardAction,
    SuggestedActions,
)

CARDS = Path(__file__).parent / "cards"  # the toolkit's templates; each feature keeps its own
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SUBMIT_KEY = "camau"
ANSWER_KEY = "camau_answer"
TOKEN_KEY = "camau_token"
TITLE_KEY = "camau_title"
VERB_ANSWER = "camau.answer"
VERB_COMMAND = "camau.command"
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
# Channels that render Adaptive Cards; everywhere else gets text and suggested actions.
CARD_CHANNELS = frozenset({"msteams"})
MAX_SUGGESTED = 10
# Actions one card row shows (the Adaptive Cards host default); more go in further rows.
MAX_CARD_ACTIONS = 5


@dataclass(frozen=True)
class Choice:
    """One answer a person can pick: `value` is what the dialog receives."""

    value: str
    title: str


@cache
def _template(path: Path) -> dict[str, Any]:
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def fill(node: Any, values: dict[str, Any]) -> Any:
    """Replace `${name}` placeholders in a template tree (whole-string ones may be lists)."""
    if isinstance(node, str):
        whole = _PLACEHOLDER.fullmatch(node)
        if whole:
            return values[whole.group(1)]
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), node)
    if isinstance(node, list):
        return [fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: fill(item, values) for key, item in node.items()}
    return node


def card(template: str | Path, **values: Any) -> dict[str, Any]:
    """A card template with its placeholders filled: one of the toolkit's by name (`cards/*.json`
    here), or a feature's by path (`camau/<feature>/dialogs/cards/*.json`)."""
    path = template if isinstance(template, Path) else CARDS / f"{template}.json"
    return dict(fill(copy.deepcopy(_template(path)), values))


def submit_actions(
    choices: list[Choice], *, answer: bool = True, token: str | None = None
) -> list[dict[str, Any]]:
    """Buttons carrying each choice back (see `card_answers`).

    `answer` buttons answer the question on their card (a dialog's prompt; all of one card's
    share one `token`) and never start a command, even when their value is also a command word;
    the menu's buttons are commands.
    """
    if not answer:
        return [command_button(choice.title, choice.value) for choice in choices]
    token = token or new_token()
    return [answer_button(choice.title, choice.value, token) for choice in choices]


def new_token() -> str:
    """A fresh token for one question's answer buttons."""
    return secrets.token_hex(6)


def _button(title: str, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    """An Action.Execute button, falling back to an Action.Submit with the same data."""
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": title, "data": data},
    }


def answer_button(title: str, value: str, token: str) -> dict[str, Any]:
    """A button answering the question on its card with `value`."""
    return _button(title, VERB_ANSWER, {SUBMIT_KEY: value, ANSWER_KEY: True, TOKEN_KEY: token})


def command_button(title: str, value: str, **data: Any) -> dict[str, Any]:
    """A button giving the command `value` (with `data`, say a session id), as if typed."""
    return _button(title, VERB_COMMAND, {SUBMIT_KEY: value, TITLE_KEY: title, **data})


def with_actions(content: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """The card with these actions: its own action bar, or rows in the body when too many."""
    if len(actions) <= MAX_CARD_ACTIONS:
        content["actions"] = actions
        return content
    content.pop("actions", None)
    content["body"] = [
        *content["body"],
        *(
            {"type": "ActionSet", "actions": actions[i : i + MAX_CARD_ACTIONS]}
            for i in range(0, len(actions), MAX_CARD_ACTIONS)
        ),
    ]
    return content


def card_activity(content: dict[str, Any], summary: str) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        summary=summary,
        attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=content)],
    )


def uses_cards(channel_id: str | None) -> bool:
    return str(channel_id or "") in CARD_CHANNELS


def numbered(text: str, choices: list[Choice]) -> str:
    """The question followed by numbered options, for channels without cards."""
    lines = [text, ""] + [f"{i}. {choice.title}" for i, choice in enumerate(choices, 1)]
    return "\n".join(lines)


def choice_activity(channel_id: str | None, text: str, choices: list[Choice]) -> Activity:
    """Ask `text` with these choices, the way the channel shows buttons best."""
    if uses_cards(channel_id):
        content = with_actions(card("choices", text=text, actions=[]), submit_actions(choices))
        return card_activity(content, text)
    activity = Activity(type=ActivityTypes.message, text=numbered(text, choices))
    if len(choices) <= MAX_SUGGESTED:
        activity.suggested_actions = SuggestedActions(
            actions=[
                CardAction(type="imBack", title=choice.title, value=choice.title)
                for choice in choices
            ]
        )
    return activity


@dataclass(frozen=True)
class Row:
    """One item of a list: a title, a subtitle, and a button (`button`) choosing `value`."""

    value: str
    title: str
    subtitle: str
    button: str


def rows_activity(
    channel_id: str | None, text: str, rows: list[Row], extra: list[Choice]
) -> Activity:
    """A list as card rows (title, subtitle, a short button), then `extra` choices; elsewhere
    numbered text with the row titles and subtitles."""
    if not uses_cards(channel_id):
        choices = [Choice(r.value, f"{r.title} · {r.subtitle}") for r in rows] + extra
        return choice_activity(channel_id, text, choices)
    token = new_token()
    content = card(
        "rows",
        text=text,
        rows=[item for row in rows for item in _row_items(row, token)],
        actions=[answer_button(c.title, c.value, token) for c in extra],
    )
    return card_activity(content, text)


def _row_items(row: Row, token: str) -> list[dict[str, Any]]:
    """One row of a `rows` card: the title in bold, the subtitle subtle, its button below."""
    return [
        {
            "type": "TextBlock",
            "text": row.title,
            "weight": "Bolder",
            "wrap": True,
            "separator": True,
            "spacing": "Medium",
        },
        {
            "type": "TextBlock",
            "text": row.subtitle,
            "isSubtle": True,
            "wrap": True,
            "spacing": "None",
        },
        {"type": "ActionSet", "actions": [answer_button(row.button, row.value, token)]},
    ]


def text_activity(text: str) -> Activity:
    return Activity(type=ActivityTypes.message, text=text)


# Problems (a refusal, an answer not understood) look different from questions: marked with
# PROBLEM_MARK in text, and on a card also in the "attention" colour (never colour alone).
PROBLEM_MARK = "\u26a0\ufe0f"


def problem_text(text: str) -> str:
    """A problem as text: the warning mark, then the sentence."""
    return f"{PROBLEM_MARK} {text}"


def problem_block(text: str) -> dict[str, Any]:
    """A problem at the top of a card: a marked TextBlock in the attention colour."""
    return {
        "type": "TextBlock",
        "text": problem_text(text),
        "color": "attention",
        "weight": "Bolder",
        "wrap": True,
    }


def problem_activity(text: str) -> Activity:
    """A refusal or error said on its own (the question, if any, follows in its own message)."""
    return text_activity(problem_text(text))


def asked_again(problem: str, question: Activity) -> Activity:
    """The question asked again after `problem`: on a card the problem block above the question,
    in text a marked line before it. The card keeps its buttons (and their token)."""
    again = question.model_copy(deep=True)
    for attachment in again.attachments or []:
        content = attachment.content
        if attachment.content_type == CARD_CONTENT_TYPE and isinstance(content, dict):
            content["body"] = [problem_block(problem), *(content.get("body") or [])]
            if isinstance(content.get("speak"), str):
                content["speak"] = f"{problem} {content['speak']}"
            again.summary = problem
            return again
    again.text = f"{problem_text(problem)}\n\n{again.text}" if again.text else problem_text(problem)
    return again


def submitted_value(activity: Activity) -> str | None:
    """The choice a card button carried back, if this message came from one."""
    value = activity.value
    if isinstance(value, dict):
        chosen = value.get(SUBMIT_KEY)
        if isinstance(chosen, str):
            return chosen
    return None


def submitted_answer(activity: Activity) -> bool:
    """True when a card button answered its card's question (see `submit_actions`)."""
    value = activity.value
    return isinstance(value, dict) and value.get(ANSWER_KEY) is True
