"""Changing a case: add, reword or mark achieved an area; book the next core group; record a
review conference; close the case. Each dialog takes `CaseOptions` naming the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from microsoft_agents.hosting.dialogs import DialogTurnResult, PromptOptions, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.errors import error_text
from camau.dialogs.guard import GuardedTextDialog
from camau.dialogs.one_question import OneQuestion
from camau.dialogs.pick import PickFromList
from camau.dialogs.prompts import ChoiceTextPrompt, choice_options
from camau.dialogs.render import Choice
from camau.dialogs.turn import Turn, saved_at_once
from camau.dialogs.values import StepValues, Value, as_int
from camau.i18n import _
from camau.services.errors import InvalidInput, NotFound
from camau.steps.dialogs.case import AreaDialog, area_fields
from camau.steps.dialogs.prompts import (
    DatePrompt,
    date_options,
    guarded,
    result,
    yes_no,
)
from camau.steps.dialogs.render import next_dates
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores
from camau.steps.services.cases import AreaView, CaseView


@dataclass
class CaseOptions:
    """The case a dialog works on."""

    case_id: int


def _case_id(step: WaterfallStepContext) -> int:
    options = step.options
    assert isinstance(options, CaseOptions)
    return options.case_id


class AddAreaDialog(StepsDialog):
    """Add an area for change to a case."""

    def __init__(self) -> None:
        super().__init__(AddAreaDialog.__name__, [self.area_step, self.save_step], [AreaDialog()])

    async def area_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(AreaDialog.__name__)

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            area = await steps.add_area(
                turn.db,
                turn.clock,
                turn.caller,
                _case_id(step),
                steps.NewArea(**area_fields(dict(result(step)))),
            )
        except (InvalidInput, NotFound) as exc:
            return await turn.end(step, _problem(exc))
        return await turn.end(step, _("Area added: {label}.").format(label=area.label))


def _problem(exc: InvalidInput | NotFound) -> str:
    return error_text(exc, _("I could not find that case."))


async def _active_areas(step: WaterfallStepContext) -> list[AreaView]:
    turn = Turn.of(step)
    return await steps.areas(turn.db, turn.caller, _case_id(step), active_only=True)


def _which_area(step: WaterfallStepContext, areas: Sequence[AreaView]) -> PromptOptions:
    return choice_options(
        step.context.activity.channel_id,
        _("Which area?"),
        [Choice(str(a.id), a.label) for a in areas],
        _("Please choose one of the areas."),
    )


# Choosing one of the case's active areas: the first step of rewording one or marking one
# achieved; the step after it starts with `AREAS.stale` (the list may be stale).
AREAS = PickFromList[AreaView](
    "edit_area",
    load=_active_areas,
    options=_which_area,
    nothing=lambda: _("This case has no areas for change to score yet."),
    gone=lambda: _(
        "That area has been marked achieved since the list was shown. "
        "Here are the areas as they are now."
    ),
)


class RewordValues(StepValues):
    """What `RewordDialog` keeps: the area chosen."""

    area_id = Value(as_int)


class RewordDialog(StepsDialog):
    """Reword an area's label (the earlier wording is kept in its history)."""

    def __init__(self) -> None:
        super().__init__(
            RewordDialog.__name__,
            [AREAS.list_step, self.label_step, self.save_step],
            [AREAS.prompt(), GuardedTextDialog()],
        )

    async def label_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if (fresh := await AREAS.stale(step)) is not None:
            return fresh
        RewordValues.of(step).area_id = int(str(step.result))
        question = _("The new wording, in the family's own words?")
        limited = guarded(question, limit=steps.MAX_LABEL)
        return await step.begin_dialog(GuardedTextDialog.__name__, limited)

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            area = await steps.reword_area(
                turn.db,
                turn.clock,
                turn.caller,
                RewordValues.of(step).area_id,
                steps.NewArea(str(step.result)),
            )
        except (InvalidInput, NotFound) as exc:
            return await turn.end(step, _problem(exc))
        return await turn.end(step, _("Reworded: {label}.").format(label=area.label))


class AchievedDialog(StepsDialog):
    """Mark an area achieved: care is now good enough there, so it is no longer scored."""

    def __init__(self) -> None:
        super().__init__(
            AchievedDialog.__name__,
            [AREAS.list_step, self.save_step],
            [AREAS.prompt()],
        )

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if (fresh := await AREAS.stale(step)) is not None:
            return fresh
        turn = Turn.of(step)
        try:
            area = await steps.mark_achieved(
                turn.db, turn.clock, turn.caller, int(str(step.result))
            )
        except (InvalidInput, NotFound) as exc:
            return await turn.end(step, _problem(exc))
        return await turn.end(
            step,
            _("Marked achieved: {label}. It will not be scored any more.").format(label=area.label),
        )


class _CaseDateDialog(OneQuestion):
    """One date for the case, saved at once; says the case's next dates."""

    DATE: str  # the prompt's id
    RULE: str  # what the date is for (`date_options`: which dates it takes)

    def __init__(self) -> None:
        super().__init__(DatePrompt(self.DATE))

    def asked(self) -> str:
        raise NotImplementedError

    async def save(self, turn: Turn, case_id: int, on: date) -> CaseView:
        raise NotImplementedError

    async def question(self, step: WaterfallStepContext) -> PromptOptions:
        return date_options(self.asked(), self.RULE, _case_id(step))

    async def answer(self, step: WaterfallStepContext) -> str:
        try:
            case = await self.save(
                Turn.of(step), _case_id(step), date.fromisoformat(str(step.result))
            )
        except (InvalidInput, NotFound) as exc:
            return _problem(exc)
        saved_at_once(step.context, "case_date")
        return "\n".join([_("Saved."), *next_dates(case)])


class BookDialog(_CaseDateDialog):
    """The next core group is already booked: its date replaces the computed one."""

    DATE, RULE = "book_date", "booked"

    def asked(self) -> str:
        return _("When is the next core group booked for? Type a date, for example 3/12/2026.")

    async def save(self, turn: Turn, case_id: int, on: date) -> CaseView:
        return await steps_scores.book_next_core_group(
            turn.db, turn.clock, turn.caller, case_id, on
        )


class ReviewDialog(_CaseDateDialog):
    """A review conference was held: its date drives the next review due date."""

    DATE, RULE = "review_date", "review"

    def asked(self) -> str:
        return _("When was the review conference held? Type a date, for example 3/12/2026.")

    async def save(self, turn: Turn, case_id: int, on: date) -> CaseView:
        return await steps_scores.record_review(turn.db, turn.clock, turn.caller, case_id, on)


class CloseDialog(OneQuestion):
    """Close (de-register) a case: reminders stop; its scores are kept."""

    CONFIRM = "close_confirm"

    def __init__(self) -> None:
        super().__init__(ChoiceTextPrompt(self.CONFIRM))

    async def question(self, step: WaterfallStepContext) -> PromptOptions:
        question = _(
            "Close this case? It leaves your list and its reminders stop. Its scores are kept."
        )
        return yes_no(step.context.activity.channel_id, question)

    async def answer(self, step: WaterfallStepContext) -> str:
        if step.result != "yes":
            return _("Nothing changed.")
        turn = Turn.of(step)
        try:
            case = await steps.close_case(turn.db, turn.clock, turn.caller, _case_id(step))
        except (InvalidInput, NotFound) as exc:
            return _problem(exc)
        return _("Case {reference} closed.").format(reference=case.reference)
