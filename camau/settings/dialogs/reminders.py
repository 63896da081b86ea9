"""Reminder settings, started from `settings`: lead times before sessions, and a pause."""

from __future__ import annotations

from datetime import datetime, time

from microsoft_agents.hosting.dialogs import (
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.dates_text import day_text, read_typed_date, typed, understood, which_date
from camau.dialogs.one_question import OneQuestion
from camau.dialogs.prompts import normalise, text_options
from camau.dialogs.turn import Turn
from camau.i18n import _, ngettext
from camau.practice.sessions import LeadTimes, parse_leads
from camau.services.db import Db
from camau.services.people import Caller
from camau.sessions.dialogs.texts import when_text, zone_of
from camau.settings import services as reminder_settings

RESUME = frozenset({"resume", "ailddechrau", "none", "dim", "stop pause", "now", "nawr"})


def leads_text(leads: LeadTimes) -> str:
    if not leads.working_days and not leads.minutes:
        return _("no session reminders")
    days = ngettext("{n} working day", "{n} working days", leads.working_days).format(
        n=leads.working_days
    )
    minutes = ngettext("{n} minute", "{n} minutes", leads.minutes).format(n=leads.minutes)
    if leads.working_days and leads.minutes:
        return _("{days} and {minutes} before a session").format(days=days, minutes=minutes)
    return _("{times} before a session").format(times=days if leads.working_days else minutes)


async def summary_lines(db: Db, caller: Caller) -> list[str]:
    """The reminder lines of the settings summary."""
    leads = await reminder_settings.leads_of(db, caller.id)
    lines = [_("- Session reminders: {leads}").format(leads=leads_text(leads))]
    paused = await reminder_settings.paused_until(db, caller.id)
    if paused is not None:
        lines.append(
            _("- Reminders paused until {when}").format(when=when_text(paused, caller.timezone))
        )
    return lines


class LeadTimesDialog(OneQuestion):
    """Asks how long before a session to remind the person, and saves it."""

    LEADS = "settings_leads"

    def __init__(self) -> None:
        super().__init__(TextPrompt(self.LEADS, LeadTimesDialog.leads_validator))

    async def question(self, step: WaterfallStepContext) -> PromptOptions:
        question = _(
            "How long before a session should I remind you? Type working days and minutes, "
            "for example: 1 day 60 min, or 2 days, or 30 min, or off."
        )
        retry = _("I could not read that. Try, for example: 1 day 60 min")
        return text_options(question, retry)

    @staticmethod
    async def leads_validator(prompt_context: PromptValidatorContext) -> bool:
        try:
            leads = parse_leads(str(prompt_context.recognized.value or ""))
        except ValueError:
            return False
        prompt_context.recognized.value = f"{leads.working_days},{leads.minutes}"
        return True

    async def answer(self, step: WaterfallStepContext) -> str:
        turn = Turn.of(step)
        days, minutes = (int(n) for n in str(step.result).split(","))
        leads = await reminder_settings.set_leads(turn.db, turn.clock, turn.caller, days, minutes)
        return _("Saved: {leads}.").format(leads=leads_text(leads))


class PauseDialog(OneQuestion):
    """Pauses every reminder and message until a date (or resumes them)."""

    UNTIL = "settings_pause"

    def __init__(self) -> None:
        super().__init__(TextPrompt(self.UNTIL, PauseDialog.until_validator))

    async def question(self, step: WaterfallStepContext) -> PromptOptions:
        question = _(
            "Until which date should I hold your reminders and messages? Type a date, for "
            "example 3/12/2026, or resume to start them again now."
        )
        retry = _("Please type a date after today, for example 3/12/2026, or resume.")
        return text_options(question, retry)

    @staticmethod
    async def until_validator(prompt_context: PromptValidatorContext) -> bool:
        context = prompt_context.context
        said = normalise(str(prompt_context.recognized.value or ""))
        if said in RESUME:
            prompt_context.recognized.value = ""
            return True
        turn = Turn.of(context)
        zone = zone_of(turn.caller.timezone)
        today = turn.clock.now().astimezone(zone).date()
        said = str(prompt_context.recognized.value or "")
        days = read_typed_date(prompt_context.state, said, today, past=False, today_allowed=False)
        if len(days) > 1:
            prompt_context.options.retry_prompt = which_date(context.activity.channel_id, days)
            return False
        if not days or days[0] <= today:
            return False
        prompt_context.recognized.value = datetime.combine(days[0], time(0), zone).isoformat()
        if typed(context):
            await context.send_activity(understood(day_text(days[0])))
        return True

    async def answer(self, step: WaterfallStepContext) -> str:
        turn = Turn.of(step)
        until = datetime.fromisoformat(str(step.result)) if step.result else None
        await reminder_settings.set_pause(turn.db, turn.clock, turn.caller, until)
        if until is None:
            return _("Your reminders and messages are on again.")
        return _("Paused. Nothing will be sent to you until {when}.").format(
            when=when_text(until, turn.caller.timezone)
        )
