"""A mentor schedules a session, and records it as held, cancelled or moved."""

from __future__ import annotations

from datetime import datetime

from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog
from camau.dialogs.dates_text import read_typed_when, typed, understood, which_when
from camau.dialogs.guard import GuardedAsk, GuardedTextDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options, normalise, text_options
from camau.dialogs.render import Choice, choice_activity, problem_activity
from camau.dialogs.stale import show_fresh
from camau.dialogs.turn import Turn
from camau.dialogs.values import StepValues, Value, as_datetime, as_int, as_list, as_str
from camau.i18n import _
from camau.practice.sessions import GROUP, INDIVIDUAL, TRAINING
from camau.practice.when import WhenError, parse_length
from camau.services.errors import InvalidInput, NotFound, NotPermitted
from camau.sessions.dialogs.pick import to_record, which_session
from camau.sessions.dialogs.reminder_cards import problem_text
from camau.sessions.dialogs.texts import kind_text, length_text, when_text
from camau.sessions.services import sessions

EVERYONE = frozenset({"all", "everyone", "pawb", "i gyd", "pob un"})
KIND_SYNONYMS = {
    INDIVIDUAL: ["unigol", "individual", "un i un", "1 i 1", "one to one"],
    GROUP: ["grŵp", "grwp", "group", "grŵp myfyriol", "ymarfer myfyriol"],
    TRAINING: ["hyfforddiant", "training", "digwyddiad", "event"],
}


def when_example() -> str:
    """Examples of a day and time in the reader's language only."""
    return _("Thursday 14:00 / 3/12/2026 10:30 / tomorrow at 9 / Friday 2pm")


def _now_and_zone(prompt_context: PromptValidatorContext) -> tuple[datetime, str]:
    turn = Turn.of(prompt_context.context)
    return turn.clock.now(), turn.caller.timezone


async def when_validator(prompt_context: PromptValidatorContext) -> bool:
    """A day and time in the mentor's zone, still to come; stored as an ISO instant."""
    now, zone = _now_and_zone(prompt_context)
    said = str(prompt_context.recognized.value or "")
    try:
        found = read_typed_when(prompt_context.state, said, now, zone)
    except WhenError:
        return False
    if len(found) > 1:
        channel = prompt_context.context.activity.channel_id
        prompt_context.options.retry_prompt = which_when(channel, found, zone)
        return False
    if not found or found[0] <= now:
        prompt_context.options.retry_prompt = when_options().retry_prompt
        return False
    instant = found[0]
    prompt_context.recognized.value = instant.isoformat()
    if typed(prompt_context.context):
        await prompt_context.context.send_activity(understood(when_text(instant, zone)))
    return True


def when_options() -> PromptOptions:
    return text_options(
        _("When is it? Type a day and time, for example: {example}").format(example=when_example()),
        _(
            "I could not read that as a day and time still to come. Try, for example: {example}"
        ).format(example=when_example()),
    )


def _as_mentee(found: object) -> tuple[int, str]:
    if not isinstance(found, list) or len(found) != 2:
        raise TypeError("a mentee is kept as [id, name]")
    return as_int(found[0]), as_str(found[1])


def _mentees_kept(mentees: list[tuple[int, str]]) -> list[list[int | str]]:
    return [[mentee_id, name] for mentee_id, name in mentees]


class ScheduleValues(StepValues):
    """What `ScheduleDialog` keeps: the mentor's mentees ([id, name] each, as last read), the
    kind of session, who it is for, when (an ISO instant) and how long (minutes)."""

    mentees = Value(as_list(_as_mentee), _mentees_kept)
    kind = Value(as_str)
    people = Value(as_list(as_int))
    when = Value(as_datetime, datetime.isoformat)
    minutes = Value(as_int)


class ScheduleDialog(StepsDialog):
    """Kind, who, when, how long, where; then the session is booked and reminders queued."""

    KIND = "schedule_kind"
    WHO = "schedule_who"
    PEOPLE = "schedule_people"
    WHEN = "schedule_when"
    LENGTH = "schedule_length"
    WHO_STEP = 1  # the index of who_step below

    def __init__(self) -> None:
        super().__init__(
            ScheduleDialog.__name__,
            [
                self.kind_step,
                self.who_step,
                self.when_step,
                self.length_step,
                self.place_step,
                self.save_step,
            ],
            [
                ChoiceTextPrompt(self.KIND),
                ChoiceTextPrompt(self.WHO),
                TextPrompt(self.PEOPLE, ScheduleDialog.people_validator),
                TextPrompt(self.WHEN, when_validator),
                TextPrompt(self.LENGTH, ScheduleDialog.length_validator),
                GuardedTextDialog(),
            ],
        )

    async def kind_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            mentees = await sessions.mentees(turn.db, turn.caller)
        except NotPermitted:
            return await turn.end(step, problem_activity(_("Only practice mentors can do that.")))
        if not mentees:
            return await turn.end(step, _("You have no mentees yet."))
        ScheduleValues.of(step).mentees = [(m.id, m.name) for m in mentees]
        choices = [
            Choice(kind, kind_text(kind).capitalize()) for kind in (INDIVIDUAL, GROUP, TRAINING)
        ]
        options = choice_options(
            step.context.activity.channel_id,
            _("What would you like to arrange?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=KIND_SYNONYMS,
        )
        return await ask(step, self.KIND, options)

    async def who_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        kind = str(step.result)
        kept = ScheduleValues.of(step)
        kept.kind = kind
        mentees = kept.mentees
        if kind == INDIVIDUAL:
            choices = [Choice(str(i), name) for i, name in mentees[:20]]
            options = choice_options(
                step.context.activity.channel_id,
                _("With which mentee?"),
                choices,
                retry=_("Please choose one of the options."),
            )
            return await ask(step, self.WHO, options)
        listed = "\n".join(f"{n}. {name}" for n, (_i, name) in enumerate(mentees, 1))
        question = _("Who is it for? Type the numbers, separated by commas, or all.")
        options = text_options(
            f"{question}\n\n{listed}", _("Please type numbers from the list, or all.")
        )
        options.validations = [i for i, _name in mentees]
        return await ask(step, self.PEOPLE, options)

    @staticmethod
    async def people_validator(prompt_context: PromptValidatorContext) -> bool:
        ids: list[int] = list(prompt_context.options.validations or [])  # type: ignore[call-overload]
        said = normalise(str(prompt_context.recognized.value or ""))
        if said in EVERYONE:
            prompt_context.recognized.value = ",".join(str(i) for i in ids)
            return True
        parts = [p for p in said.replace(",", " ").split() if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= len(ids) for p in parts):
            return False
        prompt_context.recognized.value = ",".join(str(ids[int(p) - 1]) for p in parts)
        return True

    async def when_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        chosen = [int(i) for i in str(step.result).split(",")]
        turn = Turn.of(step)
        mentees = await sessions.mentees(turn.db, turn.caller)  # the list may be stale
        kept = ScheduleValues.of(step)
        kept.mentees = [(m.id, m.name) for m in mentees]
        if not set(chosen) <= {m.id for m in mentees}:
            if not mentees:
                return await turn.end(step, _("You have no mentees yet."))
            gone = _(
                "Someone you chose is no longer your mentee. Here are your mentees as they are now."
            )
            return await show_fresh(step, gone, self.WHO_STEP, kept.kind)
        kept.people = chosen
        return await ask(step, self.WHEN, when_options())

    async def length_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        ScheduleValues.of(step).when = datetime.fromisoformat(str(step.result))
        question = _("How long will it last? Choose, or type the minutes.")
        choices = [Choice(str(m), length_text(m)) for m in (30, 60, 90, 120)]
        options = text_options(question, _("Please type a length, for example 60 or 1.5h."))
        options.prompt = choice_activity(step.context.activity.channel_id, question, choices)
        return await ask(step, self.LENGTH, options)

    @staticmethod
    async def length_validator(prompt_context: PromptValidatorContext) -> bool:
        try:
            minutes = parse_length(str(prompt_context.recognized.value or ""))
        except WhenError:
            return False
        prompt_context.recognized.value = str(minutes)
        return True

    async def place_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        ScheduleValues.of(step).minutes = int(str(step.result))
        question = _("Where is it, or what is the meeting link? (or type skip)")
        return await step.begin_dialog(GuardedTextDialog.__name__, GuardedAsk(question))

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        kept = ScheduleValues.of(step)
        try:
            view = await sessions.schedule(
                turn.db,
                turn.clock,
                turn.caller,
                kind=kept.kind,
                attendee_ids=kept.people,
                starts_at=kept.when,
                minutes=kept.minutes,
                place=str(step.result or "") or None,
            )
        except InvalidInput as error:
            return await turn.refuse(step, error)
        names = ", ".join(m.name for m in view.attendees())
        text = _("Booked: {kind} with {names} on {when}. Reminders will be sent.").format(
            kind=kind_text(view.kind),
            names=names,
            when=when_text(view.starts_at, turn.caller.timezone),
        )
        return await turn.end(step, text)


HELD, CANCEL, MOVE = "held", "cancel", "move"


class RecordValues(StepValues):
    """What `RecordDialog` keeps: the session chosen and what happened to it."""

    session_id = Value(as_int)
    action = Value(as_str)


class RecordDialog(StepsDialog):
    """Choose one of the mentor's sessions; mark it held or cancelled, or move it."""

    PICK = "record_pick"
    ACTION = "record_action"
    WHEN = "record_when"

    def __init__(self) -> None:
        self.which = which_session(
            self.PICK,
            to_record,
            lambda: _("You have no sessions to record."),
            mentors=True,
            shortcuts=False,
            plain_gone=True,
        )
        super().__init__(
            RecordDialog.__name__,
            [self.which.list_step, self.action_step, self.when_step, self.save_step],
            [
                self.which.prompt(),
                ChoiceTextPrompt(self.ACTION),
                TextPrompt(self.WHEN, when_validator),
            ],
        )

    async def action_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if (fresh := await self.which.stale(step)) is not None:  # the list may be stale
            return fresh
        RecordValues.of(step).session_id = int(str(step.result))
        choices = [
            Choice(HELD, _("It was held")),
            Choice(CANCEL, _("Cancel it")),
            Choice(MOVE, _("Move it")),
        ]
        synonyms = {
            HELD: ["held", "cynhaliwyd", "wedi'i chynnal", "do"],
            CANCEL: ["cancel", "canslo", "cancelled", "wedi'i chanslo"],
            MOVE: ["move", "symud", "moved", "aildrefnu"],
        }
        options = choice_options(
            step.context.activity.channel_id,
            _("What happened to it?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )
        return await ask(step, self.ACTION, options)

    async def when_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        RecordValues.of(step).action = str(step.result)
        if step.result != MOVE:
            return await step.next(None)
        return await ask(step, self.WHEN, when_options())

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        kept = RecordValues.of(step)
        session_id, action = kept.session_id, kept.action
        try:
            if action == HELD:
                await sessions.mark_held(turn.db, turn.clock, turn.caller, session_id)
                text = _("Recorded as held.")
            elif action == CANCEL:
                await sessions.cancel(turn.db, turn.clock, turn.caller, session_id)
                text = _("Cancelled. The reminders are withdrawn and your mentees are told.")
            else:
                moved = datetime.fromisoformat(str(step.result))
                view = await sessions.move(turn.db, turn.clock, turn.caller, session_id, moved)
                text = _("Moved to {when}. The reminders have moved too.").format(
                    when=when_text(view.starts_at, turn.caller.timezone)
                )
        except (InvalidInput, NotFound, NotPermitted) as error:
            text = problem_text(error)
        return await turn.end(step, text)
