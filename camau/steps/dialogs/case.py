"""Registering a case (`new case` / `achos newydd`) and naming its areas for change.

The case is known by its reference only. Each area is named in the family's own words, with
"what is not good enough now" and "what good enough would look like"; all free text passes the
privacy guard. Nothing is saved until the last area is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog, Waterfall, detouring, goto, no_back
from camau.dialogs.edits import Changed
from camau.dialogs.errors import error_text
from camau.dialogs.guard import MAX_FREE_TEXT, GuardedTextDialog, edited_text_answer
from camau.dialogs.prompts import SKIP_WORDS, ChoiceTextPrompt, ask, normalise
from camau.dialogs.render import asked_again, text_activity
from camau.dialogs.turn import Turn
from camau.dialogs.values import Maybe, StepValues, Value, as_date, as_dict, as_str, optional
from camau.i18n import _, ngettext
from camau.practice.cadence import first_core_group_due
from camau.services.errors import InvalidInput, NotFound
from camau.steps.dialogs.answers import FollowedAnswers, StepAnswer, record
from camau.steps.dialogs.prompts import (
    DatePrompt,
    check_date,
    date_options,
    guarded,
    result,
    yes_no,
)
from camau.steps.dialogs.render import day, next_dates
from camau.steps.services import cases as steps

CAME_FROM = "came_from"  # the messages an area's answers came from, until it joins the others


def area_fields(area: dict[str, Any]) -> dict[str, str]:
    """An area as `AreaDialog` gives it back, without the messages its answers came from: the
    fields of a `steps.NewArea`."""
    return {k: str(v) for k, v in area.items() if k != CAME_FROM}


@dataclass
class AreasSoFar:
    """The areas named so far in this dialog (dicts of label and the two descriptions), and
    the message each answer came from (`sources`: message id -> [area index, field])."""

    areas: list[dict[str, str]] = field(default_factory=list)
    sources: dict[str, list[Any]] = field(default_factory=dict)

    def added(self, area: dict[str, Any]) -> AreasSoFar:
        """These areas and one more (its answers' messages in `area[CAME_FROM]`)."""
        sources = dict(self.sources)
        for name, message_id in dict(area.get(CAME_FROM) or {}).items():
            if message_id:
                sources[str(message_id)] = [len(self.areas), name]
        return AreasSoFar([*self.areas, area_fields(area)], sources)

    def edit_answer(self, source: str, text: str, today: date) -> Changed | None:
        """The message `source` was edited: the label or description replaced, if the question
        would take the new text (past the privacy guard, within its length)."""
        where = self.sources.get(source)
        if where is None:
            return None
        index, name = int(where[0]), str(where[1])
        limit = steps.MAX_LABEL if name == "label" else MAX_FREE_TEXT
        answer = None if normalise(text) in SKIP_WORDS else edited_text_answer(text, today, limit)
        if index >= len(self.areas) or answer is None:
            return Changed(question=index + 1, taken=False, area=True)
        self.areas[index][name] = answer
        return Changed(question=index + 1, area=True)

    def remove_answer(self, source: str) -> Changed | None:
        """The message `source` was deleted: a label takes its area with it; a description
        is emptied."""
        where = self.sources.pop(source, None)
        if where is None:
            return None
        index, name = int(where[0]), str(where[1])
        if index >= len(self.areas):
            return None
        if name != "label":
            self.areas[index][name] = ""
            return Changed(question=index + 1, area=True)
        del self.areas[index]
        self.sources = {
            k: [int(i) - (int(i) > index), n]
            for k, (i, n) in self.sources.items()
            if int(i) != index
        }
        return Changed(question=index + 1, area=True)


def as_areas(found: object) -> AreasSoFar:
    """The areas named, however they were kept (a draft from before may hold a plain list)."""
    if isinstance(found, AreasSoFar):
        return found
    return AreasSoFar(list(found or []))  # type: ignore[call-overload]


class AreaValues(StepValues):
    """What `AreaDialog` keeps: an area's label and what is not good enough now, and the
    message each came from (`came_from`: answer name -> message id)."""

    label = Value(as_str)
    not_good_enough = Value(as_str)
    came_from = Value(as_dict(as_str, optional(as_str)), key=CAME_FROM)


class NewCaseValues(StepValues):
    """What `NewCaseDialog`'s steps keep: the reference, the initial conference (ISO date) and,
    once named, the areas (asked again at saving, these are kept)."""

    reference = Value(as_str)
    conference = Value(as_date, date.isoformat)
    areas = Maybe(as_areas)


class AreasLoopValues(StepValues):
    """What `NewCaseDialog`'s loop over the areas keeps: the areas so far with the last one."""

    areas = Value(as_areas)


class AreaDialog(StepsDialog):
    """Name one area for change; answers a dict (label, not_good_enough, good_enough)."""

    def __init__(self) -> None:
        super().__init__(
            AreaDialog.__name__,
            [self.label_step, self.now_step, self.enough_step, self.done_step],
            [GuardedTextDialog()],
        )

    async def label_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        question = _(
            "Name the area for change in a few words, in the family's own words "
            "(for example: home conditions)."
        )
        limited = guarded(question, limit=steps.MAX_LABEL)
        return await step.begin_dialog(GuardedTextDialog.__name__, limited)

    async def now_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        kept = AreaValues.of(step)
        kept.label = str(step.result)
        kept.came_from = {"label": step.context.activity.id}
        question = _("What is not good enough now?")
        return await step.begin_dialog(GuardedTextDialog.__name__, guarded(question, optional=True))

    async def enough_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        kept = AreaValues.of(step)
        kept.not_good_enough = str(step.result or "")
        kept.came_from = {**kept.came_from, "not_good_enough": step.context.activity.id}
        question = _("What would good enough look like?")
        return await step.begin_dialog(GuardedTextDialog.__name__, guarded(question, optional=True))

    async def done_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        kept = AreaValues.of(step)
        return await step.end_dialog(
            {
                "label": kept.label,
                "not_good_enough": kept.not_good_enough,
                "good_enough": str(step.result or ""),
                CAME_FROM: {**kept.came_from, "good_enough": step.context.activity.id},
            }
        )


async def check_reference(
    context: TurnContext, _values: dict[str, object], said: str
) -> tuple[str | None, str | None]:
    """`said` as the reference question takes it: (why not, None), or (None, the reference)."""
    try:
        reference = steps.check_reference(said)
        turn = Turn.of(context)
        await steps.find_case(turn.db, turn.caller, reference)
    except InvalidInput as exc:
        return error_text(exc), None
    except NotFound:
        return None, reference
    return _("You already have an open case with that reference."), None


async def _check_conference(
    context: TurnContext, _values: dict[str, object], said: str
) -> tuple[str | None, str | None]:
    return await check_date(context, {"purpose": "initial"}, said)


def _reference_what() -> str:
    return _("the case reference")


def _conference_what() -> str:
    return _("the date of the initial conference")


class NewCaseDialog(StepsDialog, FollowedAnswers):
    """Register a case by reference, its initial conference date and its areas for change."""

    REFERENCE = "new_case_reference"
    CONFERENCE = "new_case_conference"
    MORE = "new_case_more"
    AREAS = "NewCaseDialog.areas"
    REFERENCE_STEP, CONFERENCE_STEP, SAVE_STEP = 0, 1, 3  # indices of the steps below

    def __init__(self) -> None:
        super().__init__(
            NewCaseDialog.__name__,
            [self.reference_step, self.conference_step, self.areas_step, self.save_step],
            [
                TextPrompt(self.REFERENCE, NewCaseDialog.reference_validator),
                DatePrompt(self.CONFERENCE),
                ChoiceTextPrompt(self.MORE),
                AreaDialog(),
                Waterfall(self.AREAS, [self.area_step, self.more_step, self.loop_step]),
            ],
        )

    async def reference_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        question = _(
            "What is the case reference, as in the case management system? "
            "Never a name: Camau keeps the reference only."
        )
        return await ask(
            step,
            self.REFERENCE,
            PromptOptions(prompt=text_activity(question), retry_prompt=text_activity(question)),
        )

    @staticmethod
    async def reference_validator(prompt_context: PromptValidatorContext) -> bool:
        said = str(prompt_context.recognized.value or "")
        problem, reference = await check_reference(prompt_context.context, {}, said)
        if problem is None:
            prompt_context.recognized.value = reference
            return True
        question = _("What is the case reference?")
        prompt_context.options.retry_prompt = asked_again(problem, text_activity(question))
        return False

    async def conference_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        record(step, NewCaseValues.reference.key)
        kept = NewCaseValues.of(step)
        kept.reference = str(step.result)
        if kept.areas is not None and not detouring(step):  # asked again at saving
            return await goto(step, self.SAVE_STEP, kept.areas)
        question = _(
            "When was the initial child protection conference? Type a date, for example 3/12/2026."
        )
        return await ask(step, self.CONFERENCE, date_options(question, "initial"))

    @no_back
    async def areas_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        record(step, NewCaseValues.conference.key)
        kept = NewCaseValues.of(step)
        kept.conference = date.fromisoformat(str(step.result))
        if kept.areas is not None:  # the date was asked again at saving
            return await goto(step, self.SAVE_STEP, kept.areas)
        await step.context.send_activity(
            text_activity(
                _(
                    "Now the areas for change. Each is scored from 1 to 10 at every core group, "
                    "where 10 means care is now good enough."
                )
            )
        )
        return await step.begin_dialog(self.AREAS, AreasSoFar())

    async def area_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(AreaDialog.__name__)

    async def more_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        so_far = step.options
        assert isinstance(so_far, AreasSoFar)
        AreasLoopValues.of(step).areas = so_far.added(dict(result(step)))
        question = _("Add another area for change?")
        return await ask(step, self.MORE, yes_no(step.context.activity.channel_id, question))

    async def loop_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        areas = AreasLoopValues.of(step).areas
        if step.result == "yes":
            return await step.replace_dialog(self.AREAS, areas)
        return await step.end_dialog(areas)  # kept whole: an edit or deletion still finds it

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        kept = NewCaseValues.of(step)
        named = as_areas(result(step))
        kept.areas = named
        areas = [steps.NewArea(**item) for item in named.areas]
        try:
            case = await steps.create_case(
                turn.db, turn.clock, turn.caller, kept.reference, kept.conference, areas
            )
        except InvalidInput as exc:
            # Ask again for the one answer to correct; the areas named are kept.
            await step.context.send_activity(text_activity(error_text(exc)))
            if exc.reason == steps.FUTURE:
                return await goto(step, self.CONFERENCE_STEP, kept.reference)
            if exc.reason == steps.DUPLICATE or exc.reason in steps.REFERENCE_REASONS.values():
                return await goto(step, self.REFERENCE_STEP)
            return await step.end_dialog()
        lines = [
            ngettext(
                "Case {reference} registered with {count} area for change.",
                "Case {reference} registered with {count} areas for change.",
                len(areas),
            ).format(reference=case.reference, count=len(areas)),
            _("First core group due by {date}.").format(
                date=day(first_core_group_due(case.initial_conference))
            ),
            *next_dates(case)[1:],
            _("I will remind you to score the steps after each core group."),
        ]
        return await turn.end(step, "\n".join(lines), result=case.id)


NewCaseDialog.register_answers(
    StepAnswer(
        NewCaseValues.reference.key, NewCaseDialog.REFERENCE_STEP, _reference_what, check_reference
    ),
    StepAnswer(
        NewCaseValues.conference.key,
        NewCaseDialog.CONFERENCE_STEP,
        _conference_what,
        _check_conference,
    ),
)
