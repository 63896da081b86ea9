"""My sessions (`sessions` / `sesiynau`): upcoming sessions and events, progress, answers; and
for mentors, scheduling and recording sessions.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs import session_notices  # noqa: F401  (registers the notices)
from camau.dialogs.base import StepsDialog
from camau.dialogs.features import MENTORS, WORKERS, Feature
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options
from camau.dialogs.render import Choice, problem_activity
from camau.dialogs.session_answers import (
    CalendarDialog,
    CantMakeItDialog,
    ConfirmSessionDialog,
    SnoozeDialog,
)
from camau.dialogs.session_cards import WORDS
from camau.dialogs.session_texts import progress_text, session_line
from camau.dialogs.sessions_mentor import RecordDialog, ScheduleDialog
from camau.dialogs.turn import caller_of, deps_of
from camau.i18n import _
from camau.services import session_progress, sessions
from camau.services.people import Caller

DONE = "done"
SYNONYMS = {
    "confirm": ["cadarnhau", "confirm"],
    "cant": ["methu", "methu dod", "can't make it", "cant make it"],
    "calendar": ["calendr", "calendar", "ics"],
    "schedule": ["trefnu", "schedule", "trefnu sesiwn"],
    "record": ["cofnodi", "record"],
    DONE: ["dim", "dim diolch", "done", "nothing", "dim byd"],
}


class SessionsDialog(StepsDialog):
    """Shows the person's sessions and progress, then starts what they choose."""

    ACTION = "sessions_action"

    def __init__(self) -> None:
        self.targets = {
            "confirm": ConfirmSessionDialog.__name__,
            "cant": CantMakeItDialog.__name__,
            "calendar": CalendarDialog.__name__,
            "schedule": ScheduleDialog.__name__,
            "record": RecordDialog.__name__,
        }
        super().__init__(
            SessionsDialog.__name__,
            [self.overview_step, self.action_step],
            [
                ChoiceTextPrompt(self.ACTION),
                ConfirmSessionDialog(),
                CantMakeItDialog(),
                CalendarDialog(),
                ScheduleDialog(),
                RecordDialog(),
            ],
        )

    async def _worker_lines(self, step: WaterfallStepContext, caller: Caller) -> list[str]:
        deps = deps_of(step.context)
        progress = await session_progress.progress(deps.db, caller)
        coming = await sessions.upcoming(deps.db, deps.clock, caller)
        lines = [
            _("Progress: {progress}").format(
                progress=progress_text(progress.held, progress.minimum)
            )
        ]
        if coming:
            lines += ["", _("Coming up:")]
            lines += [f"- {session_line(v, caller.timezone, for_person=caller.id)}" for v in coming]
        else:
            lines += ["", _("You have no sessions coming up.")]
        return lines

    async def overview_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        deps, caller = deps_of(step.context), caller_of(step.context)
        lines: list[str] = [_("**Your sessions**")]
        choices: list[Choice] = []
        if caller.has("worker"):
            lines += await self._worker_lines(step, caller)
            choices += [
                Choice("confirm", _("Confirm a session")),
                Choice("cant", _("I can't make it")),
                Choice("calendar", _("Add to my calendar")),
            ]
        if caller.has("mentor"):
            mine = await sessions.to_record(deps.db, deps.clock, caller)
            lines += ["", _("Sessions you arranged, to hold or record:")]
            lines += [f"- {session_line(v, caller.timezone)}" for v in mine] or [
                _("None at the moment.")
            ]
            choices += [
                Choice("schedule", _("Arrange a session")),
                Choice("record", _("Record or change a session")),
            ]
        if not choices:
            await step.context.send_activity(
                problem_activity(_("Sessions are for workers and mentors."))
            )
            return await step.end_dialog()
        choices.append(Choice(DONE, _("Nothing, thanks")))
        options = choice_options(
            step.context.activity.channel_id,
            "\n".join(lines) + "\n\n" + _("What would you like to do?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=SYNONYMS,
        )
        return await ask(step, self.ACTION, options)

    async def action_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        target = self.targets.get(str(step.result))
        if target is None:
            return await step.end_dialog()
        return await step.begin_dialog(target)


def _menu(caller: Caller) -> list[Choice]:
    if caller.has("worker") or caller.has("mentor"):
        return [Choice("sessions", _("My sessions"))]
    return []


def _help(caller: Caller) -> list[str]:
    lines: list[str] = []
    if caller.has("worker") or caller.has("mentor"):
        lines.append(_("- **sessions**: your mentor sessions, progress and calendar files"))
    if caller.has("worker"):
        lines.append(_("- **later**: remind me about my next session again later"))
    if caller.has("mentor"):
        lines.append(_("- **schedule**: arrange a session with your mentees"))
    return lines


def _commands() -> dict[str, str]:
    found = {
        "sessions": SessionsDialog.__name__,
        "sesiynau": SessionsDialog.__name__,
        "sesiwn": SessionsDialog.__name__,
        "schedule": ScheduleDialog.__name__,
        "trefnu": ScheduleDialog.__name__,
        "trefnu sesiwn": ScheduleDialog.__name__,
        "record session": RecordDialog.__name__,
        "cofnodi sesiwn": RecordDialog.__name__,
        "cant make it": CantMakeItDialog.__name__,
    }
    targets = {
        "confirm": ConfirmSessionDialog.__name__,
        "cant": CantMakeItDialog.__name__,
        "later": SnoozeDialog.__name__,
        "calendar": CalendarDialog.__name__,
    }
    for action, words in WORDS.items():
        for typed in words.values():
            found[typed] = targets[action]
    return found


FEATURE = Feature(
    name="sessions",
    dialogs=lambda: [
        SessionsDialog(),
        ScheduleDialog(),
        RecordDialog(),
        ConfirmSessionDialog(),
        CantMakeItDialog(),
        SnoozeDialog(),
        CalendarDialog(),
    ],
    commands=_commands(),
    menu=_menu,
    help=_help,
    roles={
        SessionsDialog.__name__: frozenset({"worker", "mentor"}),
        ScheduleDialog.__name__: MENTORS,
        RecordDialog.__name__: MENTORS,
        ConfirmSessionDialog.__name__: WORKERS,
        CantMakeItDialog.__name__: WORKERS,
        SnoozeDialog.__name__: WORKERS,
        CalendarDialog.__name__: frozenset({"worker", "mentor"}),
    },
)
