"""My sessions (`sessions` / `sesiynau`): upcoming sessions and events, progress, answers; and
for mentors, scheduling and recording sessions.
"""

from __future__ import annotations

from collections.abc import Callable

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.feature import Command
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options
from camau.dialogs.render import Choice, problem_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.services.people import Caller
from camau.sessions.dialogs.answers import (
    CalendarDialog,
    CantMakeItDialog,
    ConfirmSessionDialog,
    SnoozeDialog,
)
from camau.sessions.dialogs.mentor import RecordDialog, ScheduleDialog
from camau.sessions.dialogs.reminder_cards import CALENDAR, CANT_MAKE_IT, CONFIRM, LATER, WORDS
from camau.sessions.dialogs.texts import progress_text, session_line
from camau.sessions.services import progress as session_progress
from camau.sessions.services import sessions

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
        turn = Turn.of(step)
        progress = await session_progress.progress(turn.db, caller)
        coming = await sessions.upcoming(turn.db, turn.clock, caller)
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
        turn = Turn.of(step)
        lines: list[str] = [_("**Your sessions**")]
        choices: list[Choice] = []
        if turn.caller.has("worker"):
            lines += await self._worker_lines(step, turn.caller)
            choices += [
                Choice("confirm", _("Confirm a session")),
                Choice("cant", _("I can't make it")),
                Choice("calendar", _("Add to my calendar")),
            ]
        if turn.caller.has("mentor"):
            mine = await sessions.to_record(turn.db, turn.clock, turn.caller)
            lines += ["", _("Sessions you arranged, to hold or record:")]
            lines += [f"- {session_line(v, turn.caller.timezone)}" for v in mine] or [
                _("None at the moment.")
            ]
            choices += [
                Choice("schedule", _("Arrange a session")),
                Choice("record", _("Record or change a session")),
            ]
        if not choices:
            return await turn.end(
                step, problem_activity(_("Sessions are for workers and mentors."))
            )
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


def _answer(dialog: str, action: str, what: Callable[[], str], *aliases: str) -> Command:
    """A command for an answer to a session message (its words are the buttons' words)."""
    words = WORDS[action]
    return Command(dialog, words["en"], words["cy"], what, aliases=aliases)


COMMANDS = (
    Command(
        SessionsDialog.__name__,
        "sessions",
        "sesiynau",
        lambda: _("your mentor sessions, progress and calendar files"),
        menu=lambda: _("My sessions"),
        aliases=("sesiwn",),
    ),
    Command(
        ScheduleDialog.__name__,
        "schedule",
        "trefnu",
        lambda: _("arrange a session with your mentees"),
        aliases=("trefnu sesiwn",),
    ),
    Command(
        RecordDialog.__name__,
        "record session",
        "cofnodi sesiwn",
        lambda: _("mark a session as held or cancelled, or move it"),
    ),
    _answer(
        ConfirmSessionDialog.__name__,
        CONFIRM,
        lambda: _("tell your mentor you will be at your next session"),
    ),
    _answer(
        CantMakeItDialog.__name__,
        CANT_MAKE_IT,
        lambda: _("tell your mentor you cannot come to a session, and why if you wish"),
        "cant make it",
    ),
    _answer(SnoozeDialog.__name__, LATER, lambda: _("remind me about my next session again later")),
    _answer(
        CalendarDialog.__name__,
        CALENDAR,
        lambda: _("a calendar file for a session, in your time zone"),
    ),
)
