"""Edited and deleted messages: Teams tells Camau when a person edits (`messageUpdate`,
channelData `eventType` `editMessage`) or deletes (`messageDelete`, `softDeleteMessage`) one of
their messages.

An answer taken from that message that is still in a draft (the dialog open now, or one of the
person's drafts) is replaced by the edited text, checked as the question would check it, or, for
a deletion, removed and its question asked again: at once when the dialog is open, else when the
draft is carried on with. An answer already saved is not changed: the person is told how to change
it. A message that was no answer (a command, a greeting) changes nothing and gets no reply.

Dates, choices and a new case's reference that a dialog's own steps keep are followed by the
dialog (`FollowsAnswers`, see `camau.steps.dialogs.answers`): checked as at their question, a
later question that depends on them asked again; a deleted one asked again at once.

Each answer's source is kept in the answers it went into (`AnswerSources.sources`: the id of the
message → where the answer went), so it travels with the draft through leaving, restarts and
resuming. Answers of a finished dialog are remembered, by message id, for a while
(`flow.FINISHED`, the last `flow.FINISHED_KEPT`), to say how to change what was saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState
from microsoft_agents.hosting.dialogs import DialogContext, DialogInstance, DialogState

from camau.dialogs import flow
from camau.dialogs.asking import ask_again
from camau.dialogs.render import text_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.services import drafts

EDIT, DELETE = "edit", "delete"


@dataclass(frozen=True)
class Changed:
    """What an edit or a deletion did to one answer: which question (1-based), and whether the
    edited text was taken (an edit the question would refuse leaves the answer as it was)."""

    question: int
    taken: bool = True
    removed: bool = False
    area: bool = False  # `question` is an area of a scoring, not a question of a reflection
    what: str = ""  # an answer named, not numbered: a date, a choice, a reference
    reason: str = ""  # why the edited text was not taken, as its question would say
    again: bool = False  # the question on screen depends on the answer: ask it again


@runtime_checkable
class AnswerSources(Protocol):
    """Answers that remember the message each came from."""

    sources: dict[str, Any]

    def edit_answer(self, source: str, text: str, today: date) -> Changed | None: ...

    def remove_answer(self, source: str) -> Changed | None: ...


@runtime_checkable
class FollowsAnswers(Protocol):
    """A dialog whose own steps took answers from messages (dates, choices, a reference): it
    checks an edited one as its question would, or asks a deleted one again."""

    async def follow(
        self, context: TurnContext, instance: DialogInstance, kind: str, source: str, text: str
    ) -> Changed | None: ...


async def follow_steps(
    dc: DialogContext, stack: list[DialogInstance], kind: str, source: str, text: str
) -> Changed | None:
    """Edit or remove the answer from message `source` kept by a dialog's own steps."""
    for instance in stack:
        dialog = dc.find_dialog_sync(instance.id)
        if isinstance(dialog, FollowsAnswers):
            changed = await dialog.follow(dc.context, instance, kind, source, text)
            if changed is not None:
                return changed
    return None


def change_of(activity: Activity) -> tuple[str, str] | None:
    """(`edit` or `delete`, the message's id) when this activity edits or deletes a message."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    event = data.get("eventType") or data.get("event_type")
    if not activity.id:
        return None
    if activity.type == ActivityTypes.message_update and event in (None, "editMessage"):
        return EDIT, str(activity.id)
    if activity.type == ActivityTypes.message_delete and event in (None, "softDeleteMessage"):
        return DELETE, str(activity.id)
    return None  # undeleteMessage and the like: nothing to do


def turn_id(activity: Activity) -> str | None:
    """The id this turn is known by, to apply it once: an edit's id is the message's own, so
    each edited text (and the deletion) is a turn of its own."""
    change = change_of(activity)
    if change is None:
        return activity.id or None
    kind, message_id = change
    if kind == DELETE:
        return f"delete:{message_id}"
    digest = hashlib.sha256((activity.text or "").encode()).hexdigest()[:12]
    return f"edit:{digest}:{message_id}"


def holders(value: object) -> Iterator[AnswerSources]:
    """Every set of answers with sources inside a dialog stack (each copy the SDK keeps)."""
    if isinstance(value, AnswerSources):
        yield value
    elif isinstance(value, DialogInstance):
        yield from holders(value.state)
    elif isinstance(value, DialogState):
        yield from holders(value.dialog_stack)
    elif isinstance(value, dict):
        for item in value.values():
            yield from holders(item)
    elif isinstance(value, list):
        for item in value:
            yield from holders(item)


def apply(
    stack: list[DialogInstance], kind: str, source: str, today: date, text: str
) -> Changed | None:
    """Edit or remove the answer from message `source` wherever the stack holds it."""
    outcome: Changed | None = None
    for answers in holders(stack):
        if source not in answers.sources:
            continue
        done = (
            answers.edit_answer(source, text, today)
            if kind == EDIT
            else answers.remove_answer(source)
        )
        outcome = outcome or done
    return outcome


def how_to_change(kind: str) -> str:
    if kind == "reflection":
        return _(
            "That answer is already saved in your reflection, and changing the message does "
            "not change it. To add to it or remove it, type reflections and choose the "
            "reflection: you can add a note to it or delete it."
        )
    if kind == "case_date":
        return _(
            "That date is already saved, and changing the message does not change it. To "
            "change it, type cases, choose the case and give the date again."
        )
    if kind == "scores":
        return _(
            "Those scores are already saved, and changing the message does not change them. "
            "To change them, type cases, choose the case, then “Correct the last scores”."
        )
    return _(
        "That case is already saved, and changing the message does not change it. To change "
        "it, type cases and choose the case."
    )


def cannot_follow() -> str:
    return _(
        "Changing that message does not change the answer you gave with it. To change the "
        "answer, type back until its question is asked again."
    )


def changed_text(kind: str, changed: Changed) -> str:
    if changed.what:
        return answer_text(kind, changed)
    if changed.area:
        return area_text(kind, changed)
    if kind == DELETE:
        return _(
            "You deleted your answer to question {n}, so it is removed from your draft."
        ).format(n=changed.question)
    if not changed.taken:
        return _(
            "I could not use the edited text as the answer to question {n}, so that answer is as "
            "it was. To change it, type back until that question is asked again."
        ).format(n=changed.question)
    return _("Your answer to question {n} is now the edited text.").format(n=changed.question)


def answer_text(kind: str, changed: Changed) -> str:
    if kind == DELETE:
        return _("You deleted your answer for {what}, so it is removed from your draft.").format(
            what=changed.what
        )
    if not changed.taken:
        return _(
            "I could not use the edited text for {what}. {reason} So that answer is as it was."
        ).format(what=changed.what, reason=changed.reason)
    return _("Your answer for {what} is now the edited text.").format(what=changed.what)


def area_text(kind: str, changed: Changed) -> str:
    if kind == DELETE:
        return _("You deleted your answer for area {n}, so it is removed from your draft.").format(
            n=changed.question
        )
    if not changed.taken:
        return _(
            "I could not use the edited text as the answer for area {n}, so that answer is as "
            "it was. To change it, type back until that area is asked again."
        ).format(n=changed.question)
    return _("Your answer for area {n} is now the edited text.").format(n=changed.question)


async def on_change(dc: DialogContext, state: TurnState) -> None:
    """An edited or deleted message: change the draft that holds its answer, or say how to."""
    change = change_of(dc.context.activity)
    if change is None:
        return
    kind, source = change
    turn = Turn.of(dc)
    today = turn.clock.now().date()
    text = dc.context.activity.text or ""
    if flow.kind_of(dc) is not None:
        changed = apply(list(dc.stack), kind, source, today, text)
        if changed is None:
            changed = await follow_steps(dc, list(dc.stack), kind, source, text)
        if changed is not None:
            await dc.context.send_activity(text_activity(changed_text(kind, changed)))
            if changed.removed or changed.again:
                await ask_again(dc)  # the question just emptied, or one depending on it
            await flow.after_turn(dc, state, answered=False)
            return
        if source in flow.load(state).sources:  # an answer kept elsewhere (a date, a choice)
            await dc.context.send_activity(text_activity(cannot_follow()))
            await ask_again(dc)
            return
    for view, saved in await drafts.mine_with_states(turn.db, turn.clock, turn.caller):
        try:
            stack = drafts.decode_state(saved)
        except drafts.UnreadableState:
            continue
        if not isinstance(stack, list):
            continue
        changed = apply(stack, kind, source, today, text)
        if changed is None and all(isinstance(i, DialogInstance) for i in stack):
            changed = await follow_steps(dc, stack, kind, source, text)
        if changed is None:
            continue
        encoded = drafts.encode_state(stack)
        await drafts.keep(
            turn.db, turn.clock, turn.caller, view.id, view.kind, view.answers, encoded
        )
        note = changed_text(kind, changed)
        if changed.removed:
            note += " " + _("That question is asked again when you carry on.")
        await dc.context.send_activity(text_activity(note))
        return
    finished = flow.finished_kind(state, source)
    if finished is not None:
        await dc.context.send_activity(text_activity(how_to_change(finished)))
