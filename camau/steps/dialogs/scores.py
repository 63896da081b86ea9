"""Scoring after a core group (`scores` / `sgorau`): date, each area 1-10, then the trend.

Optionally the family's own score and "what would one step higher look like" for each area,
and the date of the next core group when it is already booked. Ends with the change since the
last core group, the next core-group and review dates, and the chart with its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import (
    DialogInstance,
    DialogTurnResult,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog, Waterfall, detouring, goto, no_back
from camau.dialogs.edits import Changed, holders
from camau.dialogs.errors import error_text
from camau.dialogs.guard import GuardedTextDialog, edited_text_answer
from camau.dialogs.prompts import (
    SKIP_WORDS,
    YES_NO,
    ChoiceTextPrompt,
    ask,
    match_choice,
    normalise,
    yes_no_options,
)
from camau.dialogs.render import Choice, choice_activity, problem_activity, text_activity
from camau.dialogs.turn import Turn
from camau.dialogs.values import (
    Maybe,
    StepValues,
    Value,
    as_bool,
    as_date,
    as_dict,
    as_int,
    as_str,
    optional,
)
from camau.i18n import _
from camau.practice.cadence import next_core_group_due
from camau.practice.steps import parse_score
from camau.services.errors import InvalidInput, NotFound
from camau.steps.dialogs.answers import FollowedAnswers, StepAnswer, record, set_value
from camau.steps.dialogs.pick import CasePickDialog, PickOptions
from camau.steps.dialogs.prompts import (
    DatePrompt,
    ScorePrompt,
    check_date,
    date_options,
    guarded,
    result,
    score_options,
)
from camau.steps.dialogs.render import chart_activities, day, summary_text
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores


@dataclass
class ScoresOptions:
    """Score this case (else ask which); `correct` replaces the last scoring instead."""

    case_id: int | None = None
    correct: bool = False


@dataclass
class LoopOptions:
    """Progress through the areas: [id, label, previous score or None] each, and the answers;
    the message each answer came from (`sources`: message id -> [area index, field]) and the
    areas to ask again (`again`: their score's message was deleted)."""

    areas: list[list[Any]]
    extras: bool
    index: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, list[Any]] = field(default_factory=dict)
    again: list[int] = field(default_factory=list)

    def back(self) -> LoopOptions | None:
        """The loop at the area before, its scores taken away (to be given again)."""
        if self.index < 1:
            return None
        earlier = self.areas[self.index - 1][0]
        results = [r for r in self.results if r["area_id"] != earlier]
        return replace(self, index=self.index - 1, results=results)

    def asking(self) -> int | None:
        """The area to ask next: one to ask again first, else the next; None when done."""
        if self.again:
            return self.again[0]
        return self.index if self.index < len(self.areas) else None

    def _row(self, index: int) -> dict[str, Any] | None:
        area_id = self.areas[index][0]
        return next((r for r in self.results if r["area_id"] == area_id), None)

    def edit_answer(self, source: str, text: str, today: date) -> Changed | None:
        """The message `source` was edited: its score, family score or next step replaced, if
        the question would take the new text."""
        where = self.sources.get(source)
        if where is None:
            return None
        index, name = int(where[0]), str(where[1])
        row, cleaned = self._row(index), " ".join(text.split())
        refused = Changed(question=index + 1, taken=False, area=True)
        if row is None or not cleaned:
            return refused
        if name in ("score", "family"):
            score = parse_score(cleaned)
            if score is None:
                return refused
            row[name] = score
        elif normalise(cleaned) in SKIP_WORDS:
            row[name] = None
        elif (answer := edited_text_answer(text, today)) is None:
            return refused
        else:
            row[name] = answer
        return Changed(question=index + 1, area=True)

    def remove_answer(self, source: str) -> Changed | None:
        """The message `source` was deleted: a score takes its area's answers with it and the
        area is asked again; a family score or next step is just removed."""
        where = self.sources.pop(source, None)
        if where is None:
            return None
        index, name = int(where[0]), str(where[1])
        row = self._row(index)
        if name != "score":
            if row is not None:
                row[name] = None
            return Changed(question=index + 1, area=True)
        self.results = [r for r in self.results if r is not row]
        self.sources = {k: v for k, v in self.sources.items() if int(v[0]) != index}
        if index not in self.again:
            self.again = [*self.again, index]
        return Changed(question=index + 1, removed=True, area=True)


def as_loop(found: object) -> LoopOptions:
    """The areas' answers, however they were kept (a draft from before may hold a plain list)."""
    if isinstance(found, LoopOptions):
        return found
    return LoopOptions([], False, results=list(found or []))  # type: ignore[call-overload]


class ScoresValues(StepValues):
    """What `ScoresDialog`'s steps keep: correcting the last scoring or not, the case, the core
    group's date (ISO), once given the areas' answers (asked again at saving, these are kept),
    and the choice of extras when an edited message changed it."""

    correct = Value(as_bool)
    case_id = Value(as_int)
    reference = Value(as_str)
    held_on = Value(as_date, date.isoformat)
    scores = Maybe(as_loop)
    extras = Maybe(as_str)


class AreaScoreValues(StepValues):
    """What `ScoresDialog`'s loop keeps for the area asked: which (`at`), its score, the
    family's, and the message each came from (`came_from`: answer name -> message id)."""

    at = Maybe(as_int)
    score = Value(as_int)
    family = Value(optional(as_int))
    came_from = Maybe(as_dict(as_str, optional(as_str)))


# Refusals at saving that the core group's date answers: that question is asked again.
DATE_REASONS = frozenset(
    {steps_scores.FUTURE, steps_scores.ALREADY, steps_scores.BEFORE_CONFERENCE}
)


def _extras_choices() -> list[dict[str, Any]]:
    return [
        {"value": "yes", "title": _("Yes, please"), "synonyms": YES_NO["yes"]},
        {"value": "no", "title": _("No, thanks"), "synonyms": YES_NO["no"]},
    ]


async def _check_held_on(
    context: TurnContext, values: dict[str, object], said: str
) -> tuple[str | None, str | None]:
    rules = {"purpose": "scored", "case_id": ScoresValues(values).case_id}
    return await check_date(context, rules, said)


async def _check_extras(
    _context: TurnContext, _values: dict[str, object], said: str
) -> tuple[str | None, str | None]:
    chosen = match_choice(said, _extras_choices())
    return (None, chosen) if chosen is not None else (_("Please answer yes or no."), None)


def _take_extras(steps: DialogInstance, above: list[DialogInstance], value: object) -> None:
    """Whether to ask the family's score and one step higher, from now on: no takes away those
    already given (they would not have been asked); yes asks them for the areas still to come
    and the one on screen."""
    set_value(steps, ScoresValues.extras.key, ScoresDialog.EXTRAS_STEP, value)
    extras = value == "yes"
    for found in holders([steps, *above]):
        if not isinstance(found, LoopOptions):
            continue
        found.extras = extras
        if extras:
            continue
        for row in found.results:
            row["family"], row["next_step"] = None, None
        found.sources = {k: v for k, v in found.sources.items() if v[1] == "score"}


def _held_on_what() -> str:
    return _("the date of the core group")


def _extras_what() -> str:
    return _("recording the family's own score")


class ScoresDialog(StepsDialog, FollowedAnswers):
    """Records the step scores of one core group for one case."""

    DATE = "scores_date"
    EXTRAS = "scores_extras"
    BOOKED = "scores_booked"
    SCORE = "scores_score"
    FAMILY = "scores_family"
    LOOP = "ScoresDialog.loop"
    DATE_STEP, EXTRAS_STEP, BOOKED_STEP = 1, 2, 4  # indices of the steps below that ask them

    def __init__(self) -> None:
        super().__init__(
            ScoresDialog.__name__,
            [
                self.case_step,
                self.date_step,
                self.extras_step,
                self.areas_step,
                self.booked_step,
                self.save_step,
            ],
            [
                CasePickDialog(),
                DatePrompt(self.DATE),
                ChoiceTextPrompt(self.EXTRAS),
                DatePrompt(self.BOOKED),
                ScorePrompt(self.SCORE),
                ScorePrompt(self.FAMILY),
                GuardedTextDialog(),
                Waterfall(
                    self.LOOP,
                    [self.score_step, self.family_step, self.higher_step, self.record_step],
                ),
            ],
        )

    @no_back
    async def case_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options if isinstance(step.options, ScoresOptions) else ScoresOptions()
        ScoresValues.of(step).correct = options.correct
        if options.case_id is not None:
            return await step.next(options.case_id)
        question = _("Which case are the scores for?")
        return await step.begin_dialog(CasePickDialog.__name__, PickOptions(question))

    async def date_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not isinstance(step.result, int):
            return await step.end_dialog()
        turn = Turn.of(step)
        try:
            case = await steps.get_case(turn.db, turn.caller, step.result)
            areas = await steps.areas(turn.db, turn.caller, case.id, active_only=True)
        except NotFound:
            return await turn.end(step, problem_activity(_("I could not find that case.")))
        if case.closed or not areas:
            text = (
                _("That case is closed.")
                if case.closed
                else _("This case has no areas for change to score yet.")
            )
            return await turn.end(step, text)
        kept = ScoresValues.of(step)
        kept.case_id, kept.reference = case.id, case.reference
        if kept.correct:
            last = case.core_groups[-1] if case.core_groups else None
            if last is None:
                return await turn.end(step, _("No scores have been recorded for this case yet."))
            await step.context.send_activity(
                text_activity(
                    _("Correcting the scores of case {reference}, core group on {date}.").format(
                        reference=case.reference, date=day(last)
                    )
                )
            )
            return await step.next(last.isoformat())
        question = _(
            "Scoring case {reference}. When was the core group? Type a date (for example "
            "3/12/2026), today, yesterday or a weekday."
        ).format(reference=case.reference)
        options = date_options(question, "scored", case.id)
        options.prompt = choice_activity(
            step.context.activity.channel_id,
            question,
            [Choice("today", _("Today")), Choice("yesterday", _("Yesterday"))],
        )
        return await ask(step, self.DATE, options)

    async def extras_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        record(step, ScoresValues.held_on.key)
        kept = ScoresValues.of(step)
        kept.held_on = date.fromisoformat(str(step.result))
        if kept.scores is not None and not detouring(step):
            # the date was asked again at saving: the scores are kept
            return await goto(step, self.BOOKED_STEP, kept.scores)
        question = _(
            "Would you also like to record the family's own score and what one step higher "
            "would look like, for each area?"
        )
        channel = step.context.activity.channel_id
        options = yes_no_options(channel, question, _("Yes, please"), _("No, thanks"))
        return await ask(step, self.EXTRAS, options)

    @no_back
    async def areas_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        record(step, ScoresValues.extras.key)
        turn = Turn.of(step)
        kept = ScoresValues.of(step)
        history = await steps_scores.history(turn.db, turn.caller, kept.case_id)
        held_on = kept.held_on
        rows: list[list[Any]] = []
        for area, points in history.areas:
            if area.achieved:
                continue
            before = [p.score for p in points if p.held_on < held_on]
            rows.append([area.id, area.label, before[-1] if before else None])
        return await step.begin_dialog(self.LOOP, LoopOptions(rows, step.result == "yes"))

    # The loop: one pass per area, replacing itself with the next index.

    async def score_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        loop = step.options
        assert isinstance(loop, LoopOptions)
        position = loop.asking()
        if position is None:
            return await step.end_dialog(loop)
        AreaScoreValues.of(step).at = position
        _id, label, previous = loop.areas[position]
        title = _("Area {n} of {total}: {label}").format(
            n=position + 1, total=len(loop.areas), label=label
        )
        question = _("Score from 1 to 10, where 10 means care is now good enough.")
        if previous is not None:
            question += " " + _("Last time: {score}.").format(score=previous)
        channel = step.context.activity.channel_id
        return await ask(step, self.SCORE, score_options(channel, title, question, False))

    async def family_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        loop = step.options
        assert isinstance(loop, LoopOptions)
        kept = AreaScoreValues.of(step)
        kept.score = int(result(step))
        kept.came_from = {"score": step.context.activity.id}
        if not loop.extras:
            return await step.next(0)
        title = str(loop.areas[loop.index if kept.at is None else kept.at][1])
        question = _("The family's own score for this area, from 1 to 10?")
        channel = step.context.activity.channel_id
        return await ask(step, self.FAMILY, score_options(channel, title, question, True))

    async def higher_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        loop = step.options
        assert isinstance(loop, LoopOptions)
        kept = AreaScoreValues.of(step)
        kept.family = int(result(step)) or None
        if not loop.extras:
            return await step.next("")
        kept.came_from = {**(kept.came_from or {}), "family": step.context.activity.id}
        question = _("What would one step higher look like?")
        return await step.begin_dialog(GuardedTextDialog.__name__, guarded(question, optional=True))

    async def record_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        loop = step.options
        assert isinstance(loop, LoopOptions)
        kept = AreaScoreValues.of(step)
        position = loop.index if kept.at is None else kept.at
        answer = {
            "area_id": int(loop.areas[position][0]),
            "score": kept.score,
            "family": kept.family,
            "next_step": str(step.result or "") or None,
        }
        sources = dict(loop.sources)
        came_from = dict(kept.came_from or {})
        if loop.extras:
            came_from["next_step"] = step.context.activity.id
        for name, message_id in came_from.items():
            if message_id:
                sources[str(message_id)] = [position, name]
        nxt = replace(
            loop,
            index=loop.index + 1 if position == loop.index else loop.index,
            results=[*(r for r in loop.results if r["area_id"] != answer["area_id"]), answer],
            sources=sources,
            again=[i for i in loop.again if i != position],
        )
        if nxt.asking() is not None:
            return await step.replace_dialog(self.LOOP, nxt)
        return await step.end_dialog(nxt)  # kept whole: an edit or deletion still finds it

    async def booked_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        loop = as_loop(result(step))
        kept = ScoresValues.of(step)
        kept.scores = loop
        if loop.asking() is not None:  # a score was deleted after the areas: ask it again
            return await step.begin_dialog(self.LOOP, loop)
        if kept.correct:
            return await step.next("")
        held_on = kept.held_on
        due = next_core_group_due(held_on)
        question = _(
            "Is the next core group already booked? Type its date, or skip to use the latest "
            "date the procedures allow: {date}."
        ).format(date=day(due))
        return await ask(
            step, self.BOOKED, date_options(question, "booked", optional=True, after=held_on)
        )

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, LoopOptions):  # back from asking an area again
            return await goto(step, self.BOOKED_STEP, step.result)
        turn = Turn.of(step)
        kept = ScoresValues.of(step)
        case_id = kept.case_id
        loop = as_loop(kept.scores)
        if loop.asking() is not None:  # a score was deleted at the last question
            return await goto(step, self.BOOKED_STEP, loop)
        scores = [steps_scores.AreaScore(**item) for item in loop.results]
        booked = str(step.result or "")
        try:
            if kept.correct:
                result = await steps_scores.correct_last_scores(
                    turn.db, turn.clock, turn.caller, case_id, scores
                )
            else:
                result = await steps_scores.record_scores(
                    turn.db,
                    turn.clock,
                    turn.caller,
                    case_id,
                    kept.held_on,
                    scores,
                    next_booked=date.fromisoformat(booked) if booked else None,
                )
        except InvalidInput as exc:
            await step.context.send_activity(text_activity(error_text(exc)))
            # Ask again for the one answer to correct; every other answer is kept.
            if exc.reason == steps_scores.NOT_AFTER:
                return await goto(step, self.BOOKED_STEP, kept.scores)
            if exc.reason in DATE_REASONS and not kept.correct:
                return await goto(step, self.DATE_STEP, case_id)
            return await step.end_dialog()
        await step.context.send_activity(text_activity(summary_text(result)))
        history = await steps_scores.history(turn.db, turn.caller, case_id)
        await step.context.send_activities(chart_activities(history))
        return await step.end_dialog()


ScoresDialog.register_answers(
    StepAnswer(
        ScoresValues.held_on.key,
        ScoresDialog.DATE_STEP,
        _held_on_what,
        _check_held_on,
        again=True,
    ),
    StepAnswer(
        ScoresValues.extras.key,
        ScoresDialog.EXTRAS_STEP,
        _extras_what,
        _check_extras,
        take=_take_extras,
        again=True,
    ),
)
