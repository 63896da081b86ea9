"""Answering a session: confirm, can't make it (with an optional reason), later, calendar file.

Each starts from a typed word or a card button (`{"camau": WORD, "session_id": N}`); without a
session id it takes the person's one upcoming session, or asks which.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog, no_back
from camau.dialogs.files import send_file
from camau.dialogs.guard import GuardedAsk, GuardedTextDialog
from camau.dialogs.turn import Turn
from camau.dialogs.values import StepValues, Value, as_int
from camau.i18n import _
from camau.practice.ics import session_ics
from camau.practice.sessions import CANT, CONFIRMED
from camau.services.errors import InvalidInput, NotFound
from camau.sessions.dialogs.pick import upcoming, which_session
from camau.sessions.dialogs.reminder_cards import problem_text, snoozed_text, told_text
from camau.sessions.dialogs.texts import kind_text, when_text
from camau.sessions.services import reminders as session_reminders
from camau.sessions.services import responses as session_responses
from camau.sessions.services import sessions

ICS_TYPE = "text/calendar"


class SessionAnswerDialog(StepsDialog):
    """Finds the session meant, then `act_step` (and any `more` steps) of the subclass."""

    PICK = "session_pick"

    def __init__(self, dialog_id: str, more: list[object]) -> None:
        self.which = which_session(
            self.PICK, upcoming, lambda: _("You have no sessions coming up.")
        )
        super().__init__(
            dialog_id,
            [self.which.list_step, self.fresh_step, *more],
            [self.which.prompt(), GuardedTextDialog()],
        )

    @no_back
    async def fresh_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """A session chosen from the list: still coming up? (the list may be stale)"""
        if (fresh := await self.which.stale(step)) is not None:
            return fresh
        return await step.next(step.result)

    @staticmethod
    def chosen(step: WaterfallStepContext) -> int:
        return int(str(step.result))


class ConfirmSessionDialog(SessionAnswerDialog):
    """Confirms the person will be at a session."""

    def __init__(self) -> None:
        super().__init__(ConfirmSessionDialog.__name__, [self.act_step])

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            view = await session_responses.respond(
                turn.db, turn.clock, turn.caller, self.chosen(step), CONFIRMED
            )
        except (NotFound, InvalidInput) as error:
            return await turn.end(step, problem_text(error))
        when = when_text(view.starts_at, turn.caller.timezone)
        return await turn.end(step, _("Confirmed. See you on {when}.").format(when=when))


class CantMakeItValues(StepValues):
    """What `CantMakeItDialog` keeps: the session chosen."""

    session_id = Value(as_int)


class CantMakeItDialog(SessionAnswerDialog):
    """Tells the mentor the person can't make a session, with a reason if they give one."""

    def __init__(self) -> None:
        super().__init__(CantMakeItDialog.__name__, [self.reason_step, self.save_step])

    async def reason_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        CantMakeItValues.of(step).session_id = self.chosen(step)
        turn = Turn.of(step)
        try:
            view = await sessions.get(turn.db, turn.caller, self.chosen(step))
        except NotFound as error:
            return await turn.end(step, problem_text(error))
        question = _(
            "I will tell {mentor}. Would you like to say why? Type a short reason, or skip."
        ).format(mentor=view.mentor_name)
        return await step.begin_dialog(GuardedTextDialog.__name__, GuardedAsk(question))

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        reason = str(step.result or "")
        try:
            view = await session_responses.respond(
                turn.db, turn.clock, turn.caller, CantMakeItValues.of(step).session_id, CANT, reason
            )
        except (NotFound, InvalidInput) as error:
            return await turn.end(step, problem_text(error))
        return await turn.end(step, told_text(view.mentor_name))


class SnoozeDialog(SessionAnswerDialog):
    """Reminds the person again later: in an hour, or at the start of the next working day."""

    def __init__(self) -> None:
        super().__init__(SnoozeDialog.__name__, [self.act_step])

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            due = await session_reminders.snooze(
                turn.db, turn.clock, turn.caller, self.chosen(step)
            )
        except (NotFound, InvalidInput) as error:
            return await turn.end(step, problem_text(error))
        return await turn.end(step, snoozed_text(due, turn.caller.timezone))


class CalendarDialog(SessionAnswerDialog):
    """Sends an .ics calendar file for a session, in the person's time zone."""

    def __init__(self) -> None:
        super().__init__(CalendarDialog.__name__, [self.act_step])

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            view = await sessions.get(turn.db, turn.caller, self.chosen(step))
        except NotFound as error:
            return await turn.end(step, problem_text(error))
        mentor = turn.caller.id == view.mentor_id
        who = ", ".join(m.name for m in view.attendees()) if mentor else view.mentor_name
        summary = _("{kind} with {who}").format(kind=kind_text(view.kind).capitalize(), who=who)
        data = session_ics(
            uid=f"camau-session-{view.id}@camau",
            start=view.starts_at,
            minutes=view.minutes,
            summary=summary,
            description=_("Arranged through Camau."),
            location=view.place,
            tz=turn.caller.timezone,
            stamp=turn.clock.now(),
        )
        filename = f"camau-session-{view.id}.ics"
        description = _("Calendar file for the {kind} on {when}.").format(
            kind=kind_text(view.kind), when=when_text(view.starts_at, turn.caller.timezone)
        )
        await send_file(step.context, filename, data, ICS_TYPE, description)
        return await step.end_dialog()
