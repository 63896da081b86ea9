"""A mentor schedules a session, and records it as held, cancelled or moved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog
from camau.dialogs.dates_text import read_typed_when, typed, understood, which_when
from camau.dialogs.errors import error_text
from camau.dialogs.guard import GuardedAsk, GuardedTextDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options, normalise, text_options
from camau.dialogs.render import Choice, choice_activity, problem_activity, text_activity
from camau.dialogs.stale import show_fresh
from camau.dialogs.turn import caller_of, deps_of
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
    context = prompt_context.context
    return deps_of(context).clock.now(), caller_of(context).timezone


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
        deps, caller = deps_of(step.context), caller_of(step.context)
        try:
            mentees = await sessions.mentees(deps.db, caller)
        except NotPermitted:
            await step.context.send_activity(
                problem_activity(_("Only practice mentors can do that."))
            )
            return await step.end_dialog()
        if not mentees:
            await step.context.send_activity(text_activity(_("You have no mentees yet.")))
            return await step.end_dialog()
        step.values["mentees"] = [[m.id, m.name] for m in mentees]
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
        step.values["kind"] = kind
        mentees: list[list[Any]] = list(step.values["mentees"])  # type: ignore[call-overload]
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
        deps, caller = deps_of(step.context), caller_of(step.context)
        mentees = await sessions.mentees(deps.db, caller)  # the list may be stale
        step.values["mentees"] = [[m.id, m.name] for m in mentees]
        if not set(chosen) <= {m.id for m in mentees}:
            if not mentees:
                await step.context.send_activity(text_activity(_("You have no mentees yet.")))
                return await step.end_dialog()
            gone = _(
                "Someone you chose is no longer your mentee. Here are your mentees as they are now."
            )
            return await show_fresh(step, gone, self.WHO_STEP, step.values["kind"])
        step.values["people"] = chosen
        return await ask(step, self.WHEN, when_options())

    async def length_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["when"] = str(step.result)
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
        step.values["minutes"] = int(str(step.result))
        question = _("Where is it, or what is the meeting link? (or type skip)")
        return await step.begin_dialog(GuardedTextDialog.__name__, GuardedAsk(question))

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        deps, caller = deps_of(step.context), caller_of(step.context)
        values = step.values
        try:
            view = await sessions.schedule(
                deps.db,
                deps.clock,
                caller,
                kind=str(values["kind"]),
                attendee_ids=[int(i) for i in values["people"]],  # type: ignore[attr-defined]
                starts_at=datetime.fromisoformat(str(values["when"])),
                minutes=int(str(values["minutes"])),
                place=str(step.result or "") or None,
            )
        except InvalidInput as error:
            await step.context.send_activity(text_activity(error_text(error)))
            return await step.end_dialog()
        names = ", ".join(m.name for m in view.attendees())
        text = _("Booked: {kind} with {names} on {when}. Reminders will be sent.").format(
            kind=kind_text(view.kind), names=names, when=when_text(view.starts_at, caller.timezone)
        )
        await step.context.send_activity(text_activity(text))
        return await step.end_dialog()


HELD, CANCEL, MOVE = "held", "cancel", "move"


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
        step.values["session_id"] = int(str(step.result))
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
        step.values["action"] = str(step.result)
        if step.result != MOVE:
            return await step.next(None)
        return await ask(step, self.WHEN, when_options())

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        deps, caller = deps_of(step.context), caller_of(step.context)
        session_id, action = int(str(step.values["session_id"])), step.values["action"]
        try:
            if action == HELD:
                await sessions.mark_held(deps.db, deps.clock, caller, session_id)
                text = _("Recorded as held.")
            elif action == CANCEL:
                await sessions.cancel(deps.db, deps.clock, caller, session_id)
                text = _("Cancelled. The reminders are withdrawn and your mentees are told.")
            else:
                moved = datetime.fromisoformat(str(step.result))
                view = await sessions.move(deps.db, deps.clock, caller, session_id, moved)
                text = _("Moved to {when}. The reminders have moved too.").format(
                    when=when_text(view.starts_at, caller.timezone)
                )
        except (InvalidInput, NotFound, NotPermitted) as error:
            text = problem_text(error)
        await step.context.send_activity(text_activity(text))
        return await step.end_dialog()
