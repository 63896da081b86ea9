"""Card buttons as Universal Actions (`Action.Execute`), answered by the dialog on screen.

Answer buttons carry `{"camau": VALUE, "camau_answer": true, "camau_token": TOKEN}`. The token
is new for each question a card asks; it is kept nowhere but in the card and in the prompt's own
state (the prompt's activity), so it names that dialog instance and that question. The SDK's
prompts only see messages, so the `adaptiveCard/action` invoke is turned into the message the
button stands for and run through the router, but only when its token belongs to the question
now on screen. The invoke's response then updates the card in place: the question, the choice
made (✓), and no buttons. A stale or double click changes nothing and the card says it was
already answered.

When the person types the answer instead, the card on screen is updated the same way (Teams
updateActivity, with the id the connector gave the card when it was sent, which the turn
remembers by token): the question, ✓ the choice when the words typed name one of its buttons
(else no tick: typed words stay in the typed message), and no buttons.

Command buttons (the menu, "Score now", "Read the shared reflections") carry no token: a command
may be given at any time, as if typed.

Each button falls back to a plain `Action.Submit` with the same data for clients without
Universal Actions (no `msteams` messageBack: the Agents Playground cannot send one). On channels
without cards the same buttons become suggested actions that type the answer (`channels.py`).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState
from microsoft_agents.hosting.dialogs import DialogState, PromptOptions
from microsoft_agents.hosting.dialogs.models import DialogInstance

from camau.dialogs.prompts import match_choice
from camau.dialogs.render import (
    ANSWER_KEY,
    CARD_CONTENT_TYPE,
    SUBMIT_KEY,
    TITLE_KEY,
    TOKEN_KEY,
    VERB_ANSWER,
    VERB_COMMAND,
    card,
)
from camau.dialogs.turn import SENT_CARDS_KEY
from camau.i18n import _

logger = logging.getLogger(__name__)

DIALOG_STATE = "DialogState"
CARD_ACTION = "adaptiveCard/action"
MESSAGE = "application/vnd.microsoft.activity.message"

Runner = Callable[[TurnContext, TurnState], Awaitable[None]]


def _action_data(activity: Activity) -> tuple[str | None, dict[str, Any]]:
    value = activity.value if isinstance(activity.value, dict) else {}
    action = value.get("action")
    if not isinstance(action, dict):
        return None, {}
    verb, data = action.get("verb"), action.get("data")
    return (verb if isinstance(verb, str) else None), (data if isinstance(data, dict) else {})


def is_card_message(activity: Activity) -> bool:
    """True for an `Action.Execute` of an answer or command button."""
    if activity.type != ActivityTypes.invoke or activity.name != CARD_ACTION:
        return False
    verb, _data = _action_data(activity)
    return verb in (VERB_ANSWER, VERB_COMMAND)


def _active_chain(state: DialogState | None) -> Iterator[DialogInstance]:
    """The dialog instances on screen, outermost first (each component's active child)."""
    while isinstance(state, DialogState) and state.dialog_stack:
        instance = state.dialog_stack[0]
        yield instance
        inner = instance.state.get("dialogs") if isinstance(instance.state, dict) else None
        state = inner if isinstance(inner, DialogState) else None


def _cards(activity: object) -> Iterator[dict[str, Any]]:
    if not isinstance(activity, Activity):
        return
    for attachment in activity.attachments or []:
        content = attachment.content if isinstance(attachment, Attachment) else None
        if isinstance(content, dict) and attachment.content_type == CARD_CONTENT_TYPE:
            yield content


def _actions(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _actions(item)
    elif isinstance(node, dict):
        if node.get("type") == "Action.Execute":
            yield node
            return
        for key, value in node.items():
            if key != "fallback":
                yield from _actions(value)


def _cards_on_screen(state: TurnState) -> Iterator[dict[str, Any]]:
    """The cards of the prompts on screen now (each one's prompt, then its retry prompt)."""
    dialogs = state.conversation.get_value(DIALOG_STATE)
    for instance in _active_chain(dialogs if isinstance(dialogs, DialogState) else None):
        options = instance.state.get("options") if isinstance(instance.state, dict) else None
        if isinstance(options, PromptOptions):
            yield from (*_cards(options.prompt), *_cards(options.retry_prompt))


def question_on_screen(state: TurnState, token: str) -> dict[str, Any] | None:
    """The card of the question now on screen, if `token` is its token."""
    for content in _cards_on_screen(state):
        if any(a.get("data", {}).get(TOKEN_KEY) == token for a in _actions(content)):
            return content
    return None


def _chosen_text(content: dict[str, Any], data: dict[str, Any]) -> str:
    """What the person chose, in words: the ticked choices of an input, or the button's title."""
    for node in _walk(content.get("body") or []):
        if node.get("type") == "Input.ChoiceSet" and data.get(SUBMIT_KEY) != "skip":
            picked = str(data.get(str(node.get("id")), "") or "").split(",")
            titles = [
                str(c.get("title")) for c in node.get("choices") or [] if c.get("value") in picked
            ]
            if titles:
                return ", ".join(titles)
    for action in _actions(content):
        if action.get("data", {}).get(SUBMIT_KEY) == data.get(SUBMIT_KEY):
            return str(action.get("title") or "")
    return str(data.get(SUBMIT_KEY) or "")


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)


def answered_card(content: dict[str, Any], chosen: str | None) -> dict[str, Any]:
    """The question card after its answer: the question, ✓ the choice (when known), no buttons
    or inputs."""
    done = copy.deepcopy(content)
    done.pop("actions", None)
    body = [
        item
        for item in done.get("body") or []
        if isinstance(item, dict)
        and item.get("type") != "ActionSet"
        and not str(item.get("type", "")).startswith("Input.")
    ]
    if chosen:
        body.append({"type": "TextBlock", "text": f"✓ {chosen}", "weight": "Bolder", "wrap": True})
    done["body"] = body
    return done


def _notice_card(text: str) -> dict[str, Any]:
    return card("choices", text=text, actions=[])


def _update(content: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": content}


async def run_card_action(context: TurnContext, state: TurnState, run: Runner) -> None:
    """Answer an answer or command button's invoke: run it as the message it stands for (when
    its question is still on screen), then update the card through the invoke response."""
    _verb, data = _action_data(context.activity)
    token = str(data.get(TOKEN_KEY) or "")
    question = question_on_screen(state, token) if token else None
    if token and question is None:
        logger.info("stale or repeated card answer; nothing done")
        await _respond(context, _update(_notice_card(_("This question was already answered."))))
        return
    await _as_message(context, state, run, str(data.get(SUBMIT_KEY) or ""), data)
    if question is None:  # a command: its card stays as it is (a menu may be used again)
        title = str(data.get(TITLE_KEY) or data.get(SUBMIT_KEY) or "")
        await _respond(context, (200, {"statusCode": 200, "type": MESSAGE, "value": f"✓ {title}"}))
    elif question_on_screen(state, token) is not None:
        await _respond(context, _update(question))  # not accepted: the question is asked again
    else:
        await _respond(context, _update(answered_card(question, _chosen_text(question, data))))


async def _as_message(
    context: TurnContext, state: TurnState, run: Runner, text: str, data: dict[str, Any]
) -> None:
    """Run the router on this turn as the message the button stands for."""
    activity = context.activity
    activity.type = ActivityTypes.message
    activity.text, activity.value = text, data
    try:
        await run(context, state)
    finally:
        activity.type = ActivityTypes.invoke  # the adapter answers invokes only while invoke


async def _respond(context: TurnContext, response: tuple[int, dict[str, Any]]) -> None:
    status, body = response
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )


def answer_token(activity: Activity) -> str | None:
    """The token of the question an outgoing answer card asks, if it is one."""
    for content in _cards(activity):
        for action in _actions(content):
            data = action.get("data") or {}
            if data.get(ANSWER_KEY) is True and isinstance(data.get(TOKEN_KEY), str):
                return str(data[TOKEN_KEY])
    return None


def sent_cards(activities: list[Activity], responses: list[Any]) -> dict[str, str]:
    """The connector's id of each answer card among `activities` sent, by its question's token
    (the last card of a question, when it was asked again)."""
    cards: dict[str, str] = {}
    for activity, response in zip(activities, responses, strict=False):
        token = answer_token(activity)
        sent = getattr(response, "id", None)
        if token and isinstance(sent, str) and sent:
            cards.pop(token, None)
            cards[token] = sent
    return cards


def _questions(state: TurnState) -> list[tuple[str, dict[str, Any]]]:
    """The answer cards on screen now, each with its question's token."""
    found: list[tuple[str, dict[str, Any]]] = []
    for content in _cards_on_screen(state):
        token = next(
            (
                str(a["data"][TOKEN_KEY])
                for a in _actions(content)
                if TOKEN_KEY in a.get("data", {})
            ),
            None,
        )
        if token is not None and token not in {t for t, _c in found}:
            found.append((token, content))
    return found


def _typed_choice(content: dict[str, Any], text: str) -> str | None:
    """The title of the button the typed words name, if they name one."""
    options = [
        {"value": str(data.get(SUBMIT_KEY)), "title": str(action.get("title") or "")}
        for action in _actions(content)
        if isinstance(data := action.get("data"), dict) and data.get(ANSWER_KEY) is True
    ]
    chosen = match_choice(text, options)
    return next((o["title"] for o in options if o["value"] == chosen), None)


async def run_typed_answer(context: TurnContext, state: TurnState, run: Runner) -> None:
    """Run a typed message; then update each answer card that was on screen and no longer is
    (answered, or left) to show the question answered, without buttons."""
    before = _questions(state)
    await run(context, state)
    sent = context.turn_state.get(SENT_CARDS_KEY)
    if not before or not isinstance(sent, dict):
        return
    for token, content in before:
        activity_id = sent.get(token)
        if not activity_id or question_on_screen(state, token) is not None:
            continue
        chosen = _typed_choice(content, context.activity.text or "")
        done = answered_card(content, chosen)
        await context.update_activity(
            Activity(
                type=ActivityTypes.message,
                id=activity_id,
                attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=done)],
            )
        )


async def send_updates(context: TurnContext, updates: list[Activity]) -> None:
    """Send updates of cards already sent; one that fails is logged (the card stays as it was:
    a click on it is then answered as already answered)."""
    for activity in updates:
        try:
            await context.update_activity(activity)
        except Exception as exc:  # too old, deleted, or the connector refused: cosmetic only
            logger.info("card not updated (%s)", type(exc).__name__)
