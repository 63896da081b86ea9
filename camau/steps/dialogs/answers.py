"""Answers a dialog's own steps keep (a date, a choice, a new case's reference), followed when
the message they came from is edited or deleted (see `camau.dialogs.edits`).

The step that receives such an answer records the id of the message it came from in its
waterfall's values (`ANSWERED`: message id -> answer name). An edit is checked as the question
checks it (the same rules, against the same case) and replaces the answer, or is refused with
the question's own reason and the answer kept; a question whose answer depends on it (the next
core group must follow the one scored) is asked again with the new answer. A deletion removes the
answer and asks its question again at once (a detour, `camau.dialogs.base.detour`), then the
question that was on screen, every other answer kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ClassVar

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import (
    ComponentDialog,
    DialogInstance,
    DialogReason,
    WaterfallStepContext,
)

from camau.dialogs.base import INPUTS, RETAKES, detour
from camau.dialogs.edits import EDIT, Changed
from camau.dialogs.values import Maybe, StepValues, as_dict, as_str

ANSWERED = "camau_answered"  # in a steps waterfall's values: message id -> answer name

# An answer's check: (the context, the waterfall's values, the text) -> (why not, the answer).
Check = Callable[[TurnContext, dict[str, object], str], Awaitable[tuple[str | None, object]]]
Take = Callable[[DialogInstance, list[DialogInstance], object], None]


class _Answered(StepValues):
    """The messages the answers came from, kept beside the dialog's own values."""

    answered = Maybe(as_dict(as_str, as_str), key=ANSWERED)


def _remember(steps: DialogInstance, name: str, message_id: str | None) -> None:
    """`message_id` gave the answer `name` (any message that gave it before no longer does)."""
    kept = _Answered.of_instance(steps)
    answered = {k: v for k, v in (kept.answered or {}).items() if v != name}
    if message_id:
        answered[message_id] = name
    kept.answered = answered


def record(step: WaterfallStepContext, name: str) -> None:
    """In the step that receives answer `name`: remember the message it came from, when it came
    from one (a question answered now, not a step run again to ask something anew)."""
    if step.reason != DialogReason.EndCalled or step.active_dialog is None:
        return
    message_id = step.context.activity.id
    _remember(step.active_dialog, name, str(message_id) if message_id else None)


def set_value(steps: DialogInstance, name: str, asks: int, value: object) -> None:
    """The answer `name` is now `value`, where the steps read it (their values, under the key
    `name`, and the input of the step after the one asking it, which is run again with it to ask
    its question anew)."""
    StepValues.of_instance(steps).raw[name] = value
    inputs = steps.state.get(INPUTS)
    if isinstance(inputs, dict):
        inputs[str(asks + 1)] = value


def forget_value(steps: DialogInstance, name: str, asks: int) -> None:
    """The answer `name` is gone (its message was deleted) until it is given again."""
    StepValues.of_instance(steps).raw.pop(name, None)
    inputs = steps.state.get(INPUTS)
    if isinstance(inputs, dict):
        inputs.pop(str(asks + 1), None)


@dataclass(frozen=True)
class StepAnswer:
    """One answer a dialog's steps keep: its name (its key in the values: the `.key` of the
    dialog's `Value` for it), the step asking it, how it is named to the person, its question's
    check, and (if not simply stored) how it is taken."""

    name: str
    asks: int
    what: Callable[[], str]
    check: Check
    take: Take | None = None
    again: bool = False  # the questions after it depend on it

    def taken(self, steps: DialogInstance, above: list[DialogInstance], value: object) -> None:
        if self.take is not None:
            self.take(steps, above, value)
        else:
            set_value(steps, self.name, self.asks, value)


class FollowedAnswers:
    """A component dialog whose steps waterfall keeps `ANSWERS` (by name, unique across dialogs:
    a detour's answer is taken by it)."""

    ANSWERS: ClassVar[dict[str, StepAnswer]] = {}

    @classmethod
    def register_answers(cls, *answers: StepAnswer) -> None:
        cls.ANSWERS = {a.name: a for a in answers}
        for answer in answers:
            RETAKES[answer.name] = _retake(answer)

    async def follow(
        self, context: TurnContext, instance: DialogInstance, kind: str, source: str, text: str
    ) -> Changed | None:
        inner = instance.state.get(ComponentDialog.persisted_dialog_state)
        stack = getattr(inner, "dialog_stack", None)
        if not isinstance(stack, list) or not stack:
            return None
        steps = stack[-1]
        name = (_Answered.of_instance(steps).answered or {}).get(source)
        answer = self.ANSWERS.get(str(name))
        if answer is None:
            return None
        if kind == EDIT:
            problem, value = await answer.check(context, StepValues.of_instance(steps).raw, text)
            if problem is not None:
                return Changed(0, taken=False, what=answer.what(), reason=problem)
            answer.taken(steps, stack[:-1], value)
            return Changed(0, what=answer.what(), again=answer.again)
        _remember(steps, answer.name, None)
        forget_value(steps, answer.name, answer.asks)
        detour(stack, answer.asks, answer.name)
        return Changed(0, removed=True, what=answer.what())


def _retake(
    answer: StepAnswer,
) -> Callable[[DialogInstance, list[DialogInstance], object, str | None], None]:
    def retake(
        steps: DialogInstance, above: list[DialogInstance], value: object, message_id: str | None
    ) -> None:
        answer.taken(steps, above, value)
        _remember(steps, answer.name, message_id)

    return retake
