"""Session reminder cards and their buttons: Confirm, Can't make it, Later.

In Teams the buttons are `Action.Execute`: the invoke handlers here answer, and the card updates
in place ("Confirmed", "Megan has been told"). Each has an `Action.Submit` fallback whose data
`{"camau": WORD, "session_id": N}` starts the matching dialog, for clients without Execute. Other
channels get text with suggested actions that type the same words.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, CardAction, SuggestedActions
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState

from camau.dialogs.errors import error_text
from camau.dialogs.guard import findings_text
from camau.dialogs.invokes import InvokeHandler
from camau.dialogs.render import CARD_CONTENT_TYPE, SUBMIT_KEY, card, card_activity
from camau.dialogs.turn import Turn
from camau.i18n import _, current_language
from camau.practice.payloads import whole_number
from camau.practice.privacy import find_identifiers
from camau.practice.sessions import CANT, CONFIRMED
from camau.services.errors import InvalidInput, NotFound, ServiceError
from camau.sessions.dialogs import CARDS
from camau.sessions.dialogs.texts import when_text
from camau.sessions.services import reminders as session_reminders
from camau.sessions.services import responses as session_responses
from camau.sessions.services import sessions

logger = logging.getLogger(__name__)

CONFIRM, CANT_MAKE_IT, LATER, CALENDAR = "confirm", "cant", "later", "calendar"
# Words that start each answer (typed, or sent by a button), per language.
WORDS: dict[str, dict[str, str]] = {
    CONFIRM: {"cy": "cadarnhau sesiwn", "en": "confirm session"},
    CANT_MAKE_IT: {"cy": "methu dod", "en": "can't make it"},
    LATER: {"cy": "wedyn", "en": "later"},
    CALENDAR: {"cy": "calendr", "en": "calendar"},
}
VERB_CONFIRM = "session_confirm"
VERB_CANT = "session_cant"
VERB_CANT_SEND = "session_cant_send"
VERB_LATER = "session_later"


def word(action: str) -> str:
    """The word for an answer in the current language."""
    return WORDS[action]["cy" if current_language() == "cy" else "en"]


def execute(title: str, verb: str, action: str, data: dict[str, Any]) -> dict[str, Any]:
    """An Action.Execute button, falling back to an Action.Submit that types the answer."""
    fallback = {
        "type": "Action.Submit",
        "title": title,
        "data": {
            SUBMIT_KEY: WORDS[action]["en"],
            **data,
            "msteams": {"type": "messageBack", "displayText": title},
        },
    }
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": data,
        "fallback": fallback,
    }


def reminder_actions(session_id: int) -> list[dict[str, Any]]:
    data = {"session_id": session_id}
    return [
        execute(_("Confirm"), VERB_CONFIRM, CONFIRM, data),
        execute(_("Can't make it"), VERB_CANT, CANT_MAKE_IT, data),
        execute(_("Later"), VERB_LATER, LATER, data),
    ]


def answer_activity(channel: object, title: str, text: str, session_id: int) -> Activity:
    """A session message with Confirm / Can't make it / Later, the channel's way."""
    if str(channel or "") == "msteams":
        content = card(
            CARDS / "session_card.json",
            title=title,
            text=text,
            actions=reminder_actions(session_id),
        )
        return card_activity(content, title)
    words = [word(CONFIRM), word(CANT_MAKE_IT), word(LATER)]
    hint = _("Reply **{confirm}**, **{cant}** or **{later}**.").format(
        confirm=words[0], cant=words[1], later=words[2]
    )
    return Activity(
        type=ActivityTypes.message,
        text=f"**{title}**\n\n{text}\n\n{hint}",
        suggested_actions=SuggestedActions(
            actions=[CardAction(type="imBack", title=w, value=w) for w in words]
        ),
    )


def answered_card(title: str, text: str) -> dict[str, Any]:
    """The card after an answer: what happened, and no buttons left to press."""
    return card(CARDS / "session_card.json", title=title, text=text, actions=[])


def _updated(title: str, text: str) -> tuple[int, dict[str, Any]]:
    return 200, {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": answered_card(title, text)}


def _data(context: TurnContext) -> dict[str, Any]:
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    action = value.get("action") if isinstance(value.get("action"), dict) else {}
    data = action.get("data") if isinstance(action, dict) else None
    return data if isinstance(data, dict) else {}


def _session_id(data: dict[str, Any]) -> int | None:
    return whole_number(data.get("session_id"))


def problem_text(error: ServiceError) -> str:
    """Why answering a session did not work, in the person's words."""
    return error_text(error, _("That session is no longer coming up."))


async def on_confirm(context: TurnContext, _state: TurnState) -> tuple[int, Any]:
    turn = Turn.of(context)
    session_id = _session_id(_data(context))
    try:
        if session_id is None:
            raise NotFound("session")
        view = await session_responses.respond(
            turn.db, turn.clock, turn.caller, session_id, CONFIRMED
        )
    except (NotFound, InvalidInput) as error:
        return _updated(_("Mentor session"), problem_text(error))
    return _updated(_("Confirmed"), confirmed_text(view.starts_at, turn.caller.timezone))


def confirmed_text(starts_at: datetime, zone: str) -> str:
    return _("Confirmed. See you on {when}.").format(when=when_text(starts_at, zone))


def reason_card(session_id: int, mentor: str, value: str, findings: str | None) -> dict[str, Any]:
    data = {"session_id": session_id}
    actions = [
        execute(_("Send"), VERB_CANT_SEND, CANT_MAKE_IT, data),
        execute(_("Send without a reason"), VERB_CANT_SEND, CANT_MAKE_IT, {**data, "skip": True}),
    ]
    text = _("I will tell {mentor}. Would you like to say why? (optional)").format(mentor=mentor)
    if findings is not None:
        text = findings
        actions.insert(
            1, execute(_("Send it as it is"), VERB_CANT_SEND, CANT_MAKE_IT, {**data, "keep": True})
        )
    return card(
        CARDS / "session_reason.json",
        title=_("Can't make it"),
        text=text,
        label=_("Reason (optional)"),
        value=value,
        actions=actions,
    )


async def on_cant(context: TurnContext, _state: TurnState) -> tuple[int, Any]:
    turn = Turn.of(context)
    session_id = _session_id(_data(context))
    try:
        if session_id is None:
            raise NotFound("session")
        view = await sessions.get(turn.db, turn.caller, session_id)
    except NotFound as error:
        return _updated(_("Mentor session"), problem_text(error))
    content = reason_card(session_id, view.mentor_name, "", None)
    return 200, {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": content}


async def on_cant_send(context: TurnContext, _state: TurnState) -> tuple[int, Any]:
    turn = Turn.of(context)
    data = _data(context)
    session_id = _session_id(data)
    reason = "" if data.get("skip") else str(data.get("reason") or "").strip()
    try:
        if session_id is None:
            raise NotFound("session")
        if reason and not data.get("keep"):
            findings = find_identifiers(reason, today=turn.clock.now().date())
            if findings:
                view = await sessions.get(turn.db, turn.caller, session_id)
                content = reason_card(session_id, view.mentor_name, reason, findings_text(findings))
                return 200, {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": content}
        view = await session_responses.respond(
            turn.db, turn.clock, turn.caller, session_id, CANT, reason
        )
    except (NotFound, InvalidInput) as error:
        return _updated(_("Mentor session"), problem_text(error))
    return _updated(_("Can't make it"), told_text(view.mentor_name))


def told_text(mentor: str) -> str:
    return _("Thank you. {mentor} has been told you can't make it, and will be in touch.").format(
        mentor=mentor
    )


def snoozed_text(due: object, zone: str) -> str:
    if not isinstance(due, datetime):
        return _("The session starts soon, so there will be no more reminders.")
    return _("I will remind you again on {when}.").format(when=when_text(due, zone))


async def on_later(context: TurnContext, _state: TurnState) -> tuple[int, Any]:
    turn = Turn.of(context)
    session_id = _session_id(_data(context))
    try:
        if session_id is None:
            raise NotFound("session")
        due = await session_reminders.snooze(turn.db, turn.clock, turn.caller, session_id)
    except (NotFound, InvalidInput) as error:
        return _updated(_("Mentor session"), problem_text(error))
    return _updated(_("Later"), snoozed_text(due, turn.caller.timezone))


# Card verb -> handler (declared by the sessions feature).
CARD_ACTIONS: dict[str, InvokeHandler] = {
    VERB_CONFIRM: on_confirm,
    VERB_CANT: on_cant,
    VERB_CANT_SEND: on_cant_send,
    VERB_LATER: on_later,
}
