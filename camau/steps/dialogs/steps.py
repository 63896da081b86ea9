"""Steps to change (Change and Measure): a worker's cases, areas, scores, chart and export.

Commands: `cases` / `achosion` (the case list and what can be done with a case), `new case` /
`achos newydd`, `scores` / `sgorau` (also `scores <ref>`, and from a nudge's button),
`chart` / `siart`, and `csv` (export). Only workers see them; a case is known by reference only.
"""

from __future__ import annotations

from collections.abc import Callable

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import Dialog, DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.feature import Command
from camau.dialogs.files import send_file
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options
from camau.dialogs.render import Choice, problem_activity
from camau.dialogs.turn import Turn
from camau.dialogs.values import Maybe, StepValues, as_int
from camau.i18n import _N, _
from camau.services.errors import NotFound
from camau.steps.dialogs.case import NewCaseDialog
from camau.steps.dialogs.edit import (
    AchievedDialog,
    AddAreaDialog,
    BookDialog,
    CaseOptions,
    CloseDialog,
    ReviewDialog,
    RewordDialog,
)
from camau.steps.dialogs.pick import CasePickDialog, PickOptions
from camau.steps.dialogs.render import CSV_TYPE, case_line, chart_activities, export_csv, next_dates
from camau.steps.dialogs.scores import ScoresDialog, ScoresOptions
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores

EDITS: dict[str, Callable[[], StepsDialog]] = {
    "area": AddAreaDialog,
    "reword": RewordDialog,
    "achieved": AchievedDialog,
    "booked": BookDialog,
    "review": ReviewDialog,
    "close": CloseDialog,
}
EDIT_IDS = {action: dialog.__name__ for action, dialog in EDITS.items()}


def _actions() -> list[Choice]:
    return [
        Choice("scores", _("Record scores")),
        Choice("chart", _("Chart")),
        Choice("csv", _("Export (CSV)")),
        Choice("area", _("Add an area")),
        Choice("reword", _("Reword an area")),
        Choice("achieved", _("Mark an area achieved")),
        Choice("booked", _("Next core group booked")),
        Choice("review", _("Review conference held")),
        Choice("correct", _("Correct the last scores")),
        Choice("close", _("Close the case")),
    ]


async def send_chart(context: TurnContext, case_id: int) -> None:
    """The case's chart inline, then the same numbers as text."""
    turn = Turn.of(context)
    history = await steps_scores.history(turn.db, turn.caller, case_id)
    await context.send_activities(chart_activities(history))


async def send_export(context: TurnContext, case_id: int) -> None:
    """The case's areas and scores as CSV, sent the channel's own way."""
    turn = Turn.of(context)
    found, notes = await steps_scores.export_case(turn.db, turn.clock, turn.caller, case_id)
    filename, data = export_csv(found, notes)
    description = _("Areas for change and step scores, case {reference}").format(
        reference=found.case.reference
    )
    await send_file(context, filename, data, CSV_TYPE, description)


class CasesValues(StepValues):
    """What `CasesDialog` keeps: the case chosen (none when a new one was registered)."""

    case_id = Maybe(as_int)


class CasesDialog(StepsDialog):
    """My cases: choose one (or register a new one), then what to do with it."""

    ACTION = "cases_action"

    def __init__(self) -> None:
        super().__init__(
            CasesDialog.__name__,
            [self.case_step, self.action_step, self.run_step, self.done_step],
            [
                CasePickDialog(),
                ChoiceTextPrompt(self.ACTION),
                NewCaseDialog(),
                ScoresDialog(),
                *(dialog() for dialog in EDITS.values()),
            ],
        )

    async def case_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        cases = await steps.my_cases(turn.db, turn.caller)
        lines = [_("Your cases:"), *(f"- {case_line(c)}" for c in cases)] if cases else []
        lines.append(_("Choose a case, or register a new one."))
        options = PickOptions("\n".join(lines), allow_new=True)
        return await step.begin_dialog(CasePickDialog.__name__, options)

    async def action_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == "new":
            return await step.begin_dialog(NewCaseDialog.__name__)
        if not isinstance(step.result, int):
            return await step.end_dialog()
        turn = Turn.of(step)
        try:
            case = await steps.get_case(turn.db, turn.caller, step.result)
            areas = await steps.areas(turn.db, turn.caller, case.id, active_only=False)
        except NotFound:
            return await turn.end(step, problem_activity(_("I could not find that case.")))
        CasesValues.of(step).case_id = case.id
        lines = [_("Case {reference}").format(reference=case.reference)]
        lines += [f"- {a.label}" + (" " + _("(achieved)") if a.achieved else "") for a in areas]
        lines += ["", *next_dates(case), "", _("What would you like to do?")]
        options = choice_options(
            step.context.activity.channel_id,
            "\n".join(lines),
            _actions(),
            _("Please choose one of the options."),
        )
        return await ask(step, self.ACTION, options)

    async def run_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        case_id = CasesValues.of(step).case_id
        if case_id is None:
            return await step.end_dialog()  # a new case was registered
        action = str(step.result)
        if action in ("scores", "correct"):
            options = ScoresOptions(case_id, correct=action == "correct")
            return await step.begin_dialog(ScoresDialog.__name__, options)
        if action == "chart":
            await send_chart(step.context, case_id)
            return await step.end_dialog()
        if action == "csv":
            await send_export(step.context, case_id)
            return await step.end_dialog()
        return await step.begin_dialog(EDIT_IDS[action], CaseOptions(case_id))

    async def done_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog()


class _OneCaseDialog(StepsDialog):
    """Choose a case (or take it from the command), then act on it."""

    QUESTION = ""

    def __init__(self) -> None:
        super().__init__(type(self).__name__, [self.case_step, self.act_step], [CasePickDialog()])

    async def case_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(CasePickDialog.__name__, PickOptions(_(self.QUESTION)))

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, int):
            try:
                await self.act(step.context, step.result)
            except NotFound:
                await step.context.send_activity(problem_activity(_("I could not find that case.")))
        return await step.end_dialog()

    async def act(self, context: TurnContext, case_id: int) -> None:
        raise NotImplementedError


class ChartDialog(_OneCaseDialog):
    """`chart` / `siart`: the chart of a case."""

    QUESTION = _N("Which case would you like the chart for?")

    async def act(self, context: TurnContext, case_id: int) -> None:
        await send_chart(context, case_id)


class ExportDialog(_OneCaseDialog):
    """`csv`: a case's areas and scores as a CSV file."""

    QUESTION = _N("Which case would you like to export?")

    async def act(self, context: TurnContext, case_id: int) -> None:
        await send_export(context, case_id)


def all_dialogs() -> list[Dialog]:
    return [CasesDialog(), NewCaseDialog(), ScoresDialog(), ChartDialog(), ExportDialog()]


COMMANDS = (
    Command(
        CasesDialog.__name__,
        "cases",
        "achosion",
        lambda: _("your cases, their areas for change, dates and chart"),
        menu=lambda: _("My cases"),
    ),
    Command(
        NewCaseDialog.__name__,
        "new case",
        "achos newydd",
        lambda: _("register a case by its reference, with its areas for change"),
    ),
    Command(
        ScoresDialog.__name__,
        "scores",
        "sgorau",
        lambda: _("record step scores after a core group (or scores and the reference)"),
        menu=lambda: _("Record scores"),
    ),
    Command(ChartDialog.__name__, "chart", "siart", lambda: _("the chart of a case's scores")),
    Command(
        ExportDialog.__name__,
        "csv",
        "csv",
        lambda: _("a case's scores as a spreadsheet (CSV) file"),
    ),
)
