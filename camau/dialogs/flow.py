"""Nothing a person types is lost: commands mid-dialog, confirmations, drafts and resuming.

Mid-dialog, `help` shows help and asks the question again; `language` switches language and asks
the question again in it; `cancel` after at least one answer asks to confirm, and a confirmed
cancel can be undone with the very next message (`undo` / `dadwneud`); any other command, in a
reflection, a new case or a scoring, asks whether to leave it, keeping the answers as a draft.
Those three dialogs are kept as a draft (`camau.services.drafts`) after every answer; starting
one again offers to carry on from the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState
from microsoft_agents.hosting.dialogs import DialogContext, DialogInstance

from camau.dialogs.asking import ask_again
from camau.dialogs.flow_texts import leave_question, resume_question
from camau.dialogs.interrupts import chain
from camau.dialogs.prompts import YES_NO, match_choice, normalise
from camau.dialogs.render import Choice, choice_activity, text_activity
from camau.dialogs.turn import FORGET_ANSWERS_KEY, SAVED_AT_ONCE_KEY, Turn, set_caller
from camau.i18n import _, set_language
from camau.services import drafts, people
from camau.services.errors import NotFound

FLOW = "camau_flow"
RESUME_DRAFT = "camau.resume_draft"  # turn state: a draft the drafts list chose to carry on
LAST_TURN = (
    "camau_last_turn"  # the reflection's quiet-gap clock (see camau.reflection.dialogs.reflect)
)
FINISHED = "camau_finished_answers"  # message id -> kind, of answers in finished dialogs
FINISHED_KEPT = 100
SOURCES_KEPT = 200
UNDO_WORDS = frozenset({"undo", "dadwneud"})
# The dialogs kept as drafts, by dialog id, and the kind of draft each is.
KINDS = {"ReflectionDialog": "reflection", "NewCaseDialog": "new_case", "ScoresDialog": "scores"}
_LEAVE = {
    "yes": [*YES_NO["yes"], "leave", "gadael", "leave it", "ei adael"],
    "no": ["na", "no", "n", "carry on", "parhau", "continue", "aros", "stay"],
}
_DISCARD = {
    "yes": [*YES_NO["yes"], "discard", "taflu", "dileu"],
    "no": ["na", "no", "n", "carry on", "parhau", "continue"],
}


@dataclass
class Flow:
    """This conversation's bookkeeping: the active dialog's draft, answers, a pending question."""

    draft_id: int | None = None
    answers: int = 0
    pending: dict[str, Any] | None = None
    undo: int | None = None  # the draft of a dialog just cancelled, until the next message
    kind: str | None = None  # the draft kind of the dialog in progress
    sources: list[str] = field(default_factory=list)  # the ids of the messages it took answers from


def load(state: TurnState) -> Flow:
    raw = state.conversation.get_value(FLOW)
    if not isinstance(raw, dict):
        return Flow()
    pending = raw.get("pending")
    draft_id = raw.get("draft_id")
    undo = raw.get("undo")
    kind = raw.get("kind")
    sources = raw.get("sources")
    return Flow(
        draft_id=draft_id if isinstance(draft_id, int) else None,
        answers=int(raw.get("answers") or 0),
        pending=pending if isinstance(pending, dict) else None,
        undo=undo if isinstance(undo, int) else None,
        kind=kind if isinstance(kind, str) else None,
        sources=[s for s in sources if isinstance(s, str)] if isinstance(sources, list) else [],
    )


def store(state: TurnState, flow: Flow) -> None:
    value = {
        "draft_id": flow.draft_id,
        "answers": flow.answers,
        "pending": flow.pending,
        "undo": flow.undo,
        "kind": flow.kind,
        "sources": flow.sources,
    }
    state.conversation.set_value(FLOW, value)  # type: ignore[arg-type]


def kind_of(dc: DialogContext) -> str | None:
    """The draft kind of the dialog in progress (a reflection, new case or scoring), if any."""
    for inner in chain(dc):
        instance = inner.active_dialog
        if instance is not None and instance.id in KINDS:
            return KINDS[instance.id]
    return None


@dataclass(frozen=True)
class Outcome:
    """What the router does after a pending question was answered."""

    handled: bool
    command: str | None = None  # run this command now (the dialog was left or discarded)


def _choice(text: str, synonyms: dict[str, list[str]]) -> str | None:
    options = [{"value": v, "title": v, "synonyms": words} for v, words in synonyms.items()]
    return match_choice(text, options)


async def _ask(context: TurnContext, question: str, yes: str, no: str) -> None:
    choices = [Choice("yes", yes), Choice("no", no)]
    await context.send_activity(choice_activity(context.activity.channel_id, question, choices))


async def ask_leave(dc: DialogContext, state: TurnState, command: str) -> bool:
    """A command mid-draft: ask whether to leave (the answers stay in the draft). False when the
    dialog is not one kept as a draft, or nothing was answered yet."""
    flow, kind = load(state), kind_of(dc)
    if kind is None or flow.answers < 1:
        return False
    flow.pending = {"ask": "leave", "command": command}
    store(state, flow)
    await _ask(dc.context, leave_question(kind), _("Yes, leave it"), _("No, carry on"))
    return True


async def ask_cancel(dc: DialogContext, state: TurnState) -> bool:
    """`cancel` after at least one answer: ask to confirm. False when nothing was answered."""
    flow = load(state)
    if flow.answers < 1:
        return False
    flow.pending = {"ask": "cancel"}
    store(state, flow)
    question = _("Stop and discard your answers so far?")
    await _ask(dc.context, question, _("Yes, discard them"), _("No, carry on"))
    return True


async def offer_resume(dc: DialogContext, state: TurnState, command: str, dialog_id: str) -> bool:
    """Starting a dialog of a kind with a draft: offer to carry on. False when there is none."""
    kind = KINDS.get(dialog_id)
    if kind is None:
        return False
    turn = Turn.of(dc)
    found = [d for d in await drafts.mine(turn.db, turn.clock, turn.caller) if d.kind == kind]
    if not found:
        return False
    flow = load(state)
    flow.pending = {"ask": "resume", "command": command, "draft_id": found[0].id}
    store(state, flow)
    await _ask(dc.context, resume_question(kind), _("Yes, carry on"), _("No, discard it"))
    return True


async def answer_pending(dc: DialogContext, state: TurnState, text: str) -> Outcome:
    """The answer to a pending leave/cancel/resume question, or `undo` straight after a cancel."""
    flow = load(state)
    pending, undo = flow.pending, flow.undo
    flow.pending, flow.undo = None, None
    store(state, flow)
    if undo is not None:  # one chance only: this message
        back = _("Your answers are back.")
        wants = pending is None and normalise(text) in UNDO_WORDS
        if wants and await resume_draft(dc, state, undo, note=back):
            return Outcome(handled=True)
        turn = Turn.of(dc)
        await drafts.discard(turn.db, turn.caller, undo)
    if pending is None:
        return Outcome(handled=False)
    ask = pending.get("ask")
    if ask == "leave":
        chosen = _choice(text, _LEAVE)
        if chosen == "yes":
            await dc.cancel_all_dialogs()  # the draft stays: it was kept after the last answer
            store(state, Flow())
            return Outcome(handled=True, command=str(pending.get("command")))
    elif ask == "cancel":
        chosen = _choice(text, _DISCARD)
        if chosen == "yes":
            await _discard_active(dc, state, flow)
            return Outcome(handled=True, command="menu")
    else:
        chosen = _choice(text, _DISCARD)
        if chosen is not None:
            return await _resumed(dc, state, pending, chosen == "yes")
    if chosen == "no" and dc.active_dialog is not None:
        await ask_again(dc)
        return Outcome(handled=True)
    return Outcome(handled=False)  # not an answer to it: the message is taken as it is


async def _discard_active(dc: DialogContext, state: TurnState, flow: Flow) -> None:
    """Cancelled: the answers are gone from the dialog; the draft goes with the next message,
    unless that message is `undo`."""
    await dc.cancel_all_dialogs()
    store(state, Flow(undo=flow.draft_id))
    message = (
        _("Cancelled. Nothing was saved. Type undo now to bring your answers back.")
        if flow.draft_id is not None
        else _("Cancelled. Nothing was saved.")
    )
    await dc.context.send_activity(text_activity(message))


async def _resumed(
    dc: DialogContext, state: TurnState, pending: dict[str, Any], carry_on: bool
) -> Outcome:
    turn = Turn.of(dc)
    draft_id = int(pending.get("draft_id") or 0)
    try:
        view, saved = await drafts.state_of(turn.db, turn.clock, turn.caller, draft_id)
    except NotFound:
        return Outcome(handled=True, command=str(pending.get("command")))
    if not carry_on:
        await drafts.discard(turn.db, turn.caller, draft_id)
        await dc.context.send_activity(text_activity(_("Discarded. Nothing was saved.")))
        return Outcome(handled=True, command=str(pending.get("command")))
    await _restore(dc, state, saved, draft_id=view.id, answers=view.answers)
    await ask_again(dc)
    return Outcome(handled=True)


async def resume_draft(
    dc: DialogContext, state: TurnState, draft_id: int, note: str | None = None
) -> bool:
    """Carry on with one of the caller's drafts (`note` first); False when it is gone."""
    turn = Turn.of(dc)
    try:
        view, saved = await drafts.state_of(turn.db, turn.clock, turn.caller, draft_id)
    except NotFound:
        return False
    await _restore(dc, state, saved, draft_id=view.id, answers=view.answers)
    if note is not None:
        await dc.context.send_activity(text_activity(note))
    await ask_again(dc)
    return True


async def _restore(
    dc: DialogContext, state: TurnState, saved: str, draft_id: int | None, answers: int
) -> None:
    stack = drafts.decode_state(saved)
    if not isinstance(stack, list) or not all(isinstance(i, DialogInstance) for i in stack):
        raise drafts.UnreadableState("a draft holds a dialog stack")
    now = Turn.of(dc).clock.now().isoformat()
    for instance in stack:
        if LAST_TURN in instance.state:
            instance.state[LAST_TURN] = now  # carrying on is an answer to "carry on?"
    await dc.cancel_all_dialogs()
    dc.stack.extend(stack)
    store(state, Flow(draft_id=draft_id, answers=answers))


async def switch_language(dc: DialogContext) -> None:
    """`language` mid-dialog: the other language, then the question again in it."""
    context = dc.context
    turn = Turn.of(context)
    caller = turn.caller
    language = "en" if caller.language == "cy" else "cy"
    await people.set_language(turn.db, caller.id, language)
    set_caller(context, replace(caller, language=language))
    set_language(language)
    await context.send_activity(text_activity(_("Thank you. I will use English with you.")))
    await ask_again(dc)


async def after_turn(dc: DialogContext, state: TurnState, *, answered: bool) -> None:
    """Keep the draft of a reflection, new case or scoring in progress; drop it once finished."""
    flow = load(state)
    turn = Turn.of(dc)
    kind = kind_of(dc)
    message_id = dc.context.activity.id
    if dc.context.turn_state.pop(FORGET_ANSWERS_KEY, None) and state.conversation.get_value(
        FINISHED
    ):
        state.conversation.delete_value(FINISHED)
    saved = dc.context.turn_state.pop(SAVED_AT_ONCE_KEY, None)
    if answered and message_id and isinstance(saved, str):
        remember_finished(state, [str(message_id)], saved)
    if answered and message_id and (kind is not None or flow.kind is not None):
        flow.sources = [*flow.sources, str(message_id)][-SOURCES_KEPT:]
    if kind is None:
        if flow.kind is not None and (flow.draft_id is not None or flow.answers):
            remember_finished(state, flow.sources, flow.kind)
        flow.kind, flow.sources = None, []
        if flow.draft_id is not None:  # finished, or ended by itself
            await drafts.discard(turn.db, turn.caller, flow.draft_id)
        if flow.draft_id is not None or flow.answers:
            flow.draft_id, flow.answers = None, 0
            store(state, flow)
        return
    flow.kind = kind
    if answered:
        flow.answers += 1
    if flow.answers >= 1:
        saved = drafts.encode_state(list(dc.stack))
        flow.draft_id = await drafts.keep(
            turn.db, turn.clock, turn.caller, flow.draft_id, kind, flow.answers, saved
        )
    store(state, flow)


def remember_finished(state: TurnState, sources: list[str], kind: str) -> None:
    """The answers of a dialog just finished: an edit of their messages is told how to change
    what was saved (see `camau.dialogs.edits`)."""
    if not sources:
        return
    raw = state.conversation.get_value(FINISHED)
    known = dict(raw) if isinstance(raw, dict) else {}
    known.update(dict.fromkeys(sources, kind))
    kept = dict(list(known.items())[-FINISHED_KEPT:])
    state.conversation.set_value(FINISHED, kept)  # type: ignore[arg-type]


def finished_kind(state: TurnState, message_id: str) -> str | None:
    """The kind of finished dialog that took an answer from this message, if remembered."""
    raw = state.conversation.get_value(FINISHED)
    kind = raw.get(message_id) if isinstance(raw, dict) else None
    return kind if isinstance(kind, str) else None


def started(state: TurnState) -> None:
    """A dialog was started afresh: no draft yet, nothing answered."""
    flow = load(state)
    store(state, Flow(undo=flow.undo))
