"""Settings: language, working hours and time zone (`settings` / `gosodiadau`).

After a change the settings are shown again, changed, until the person chooses Done: four
changes need one `settings`, not four.
"""

from __future__ import annotations

from typing import ClassVar

from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog
from camau.dialogs.dates_text import understood
from camau.dialogs.language import LanguageDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options, text_options
from camau.dialogs.render import Choice, text_activity
from camau.dialogs.turn import Turn, set_caller
from camau.dialogs.values import StepValues, Value, as_str
from camau.i18n import _, current_language
from camau.my_data.dialogs import DeleteMyDataDialog
from camau.practice.hours import (
    HoursError,
    format_working_hours,
    parse_working_hours,
)
from camau.practice.zones import read_timezone
from camau.reflection.dialogs.mentor import SummariesDialog
from camau.services import outbox, people
from camau.sessions.services import reminders as session_reminders
from camau.settings.dialogs.reminders import LeadTimesDialog, PauseDialog, summary_lines


def hours_text(stored: str) -> str:
    """Stored working hours, written in the reader's language (Llun-Gwe 09:00-17:00)."""
    try:
        return format_working_hours(parse_working_hours(stored), current_language())
    except HoursError:
        return stored


class SettingsValues(StepValues):
    """What `SettingsDialog` keeps: the topic chosen."""

    topic = Value(as_str)


class SettingsDialog(StepsDialog):
    """Shows a person's settings and changes one of them."""

    CHANGED = "changed"  # the waterfall's options after a change: {"changed": True}
    TOPIC = "settings_topic"
    HOURS = "settings_hours"
    ZONE = "settings_zone"
    CHILDREN: ClassVar[dict[str, str]] = {
        "reminders": LeadTimesDialog.__name__,
        "pause": PauseDialog.__name__,
        "summaries": SummariesDialog.__name__,
        "delete_data": DeleteMyDataDialog.__name__,
    }

    def __init__(self) -> None:
        super().__init__(
            SettingsDialog.__name__,
            [self.topic_step, self.value_step, self.save_step],
            [
                ChoiceTextPrompt(self.TOPIC),
                TextPrompt(self.HOURS, SettingsDialog.hours_validator),
                TextPrompt(self.ZONE, SettingsDialog.zone_validator),
                LanguageDialog(),
                LeadTimesDialog(),
                PauseDialog(),
                SummariesDialog(),
                DeleteMyDataDialog(),
            ],
        )

    async def topic_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        caller = turn.caller
        summary = "\n".join(
            [
                _("Your settings:"),
                _("- Language: {language}").format(
                    language="Cymraeg" if caller.language == "cy" else "English"
                ),
                _("- Working hours: {hours}").format(hours=hours_text(caller.working_hours)),
                _("- Time zone: {zone}").format(zone=caller.timezone),
                *await summary_lines(turn.db, caller),
                "",
                _("What would you like to change?"),
            ]
        )
        choices = [
            Choice("language", _("Language")),
            Choice("hours", _("Working hours")),
            Choice("zone", _("Time zone")),
            Choice("reminders", _("Reminder times")),
            Choice("pause", _("Pause reminders")),
        ]
        if caller.has("mentor"):
            choices.append(Choice("summaries", _("Reflection summaries")))
        choices.append(Choice("delete_data", _("Delete my data")))
        changed = self._changed(step)
        choices.append(Choice("done", _("Done") if changed else _("Nothing, thanks")))
        synonyms = {
            "language": ["iaith"],
            "hours": ["oriau", "oriau gwaith", "hours"],
            "zone": ["cylchfa amser", "parth amser", "timezone"],
            "done": ["dim", "dim diolch", "nothing", "done", "dim byd", "gorffen", "wedi gorffen"],
            "reminders": ["nodiadau atgoffa", "amseroedd atgoffa", "reminders"],
            "pause": ["oedi", "seibiant", "pause"],
            "summaries": ["crynodebau", "summaries"],
            "delete_data": ["dileu fy nata", "dileu fy data", "delete my data", "delete data"],
        }
        options = choice_options(
            step.context.activity.channel_id,
            summary,
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )
        return await ask(step, self.TOPIC, options)

    async def value_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        topic = str(step.result)
        SettingsValues.of(step).topic = topic
        if topic == "language":
            return await step.begin_dialog(LanguageDialog.__name__)
        if topic in self.CHILDREN:
            return await step.begin_dialog(self.CHILDREN[topic])
        if topic == "hours":
            return await ask(
                step,
                self.HOURS,
                text_options(
                    _("Type your working hours, for example: Mon-Fri 09:00-17:00"),
                    _(
                        "I could not read those working hours. Try, for example: Mon-Thu 08:30-16:30"
                    ),
                ),
            )
        if topic == "zone":
            return await ask(
                step,
                self.ZONE,
                text_options(
                    _("Type your time zone, for example: Europe/London"),
                    _("I do not know that time zone. Try, for example: Europe/London"),
                ),
            )
        if not self._changed(step):
            await step.context.send_activity(text_activity(_("Nothing changed.")))
        return await step.end_dialog()

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        topic = SettingsValues.of(step).topic
        if topic == "delete_data":  # its own dialog said what happened; nothing left to set
            return await step.end_dialog()
        if topic == "language" or topic in self.CHILDREN:
            return await self._again(step)
        turn = Turn.of(step)
        value = str(step.result)
        updated = await people.update_hours_and_zone(
            turn.db,
            turn.caller.id,
            working_hours=value if topic == "hours" else None,
            timezone=value if topic == "zone" else None,
        )
        set_caller(step.context, updated)
        await outbox.recompute_for_person(turn.db, turn.clock, turn.caller.id)
        await session_reminders.replan_person(turn.db, turn.clock, turn.caller.id)
        await step.context.send_activity(text_activity(_("Saved.")))
        return await self._again(step)

    @classmethod
    def _changed(cls, step: WaterfallStepContext) -> bool:
        options = step.options
        return isinstance(options, dict) and options.get(cls.CHANGED) is True

    async def _again(self, step: WaterfallStepContext) -> DialogTurnResult:
        """A setting was changed: show the settings again (Done ends them)."""
        return await step.replace_dialog(str(self.initial_dialog_id), {self.CHANGED: True})

    @staticmethod
    async def hours_validator(prompt_context: PromptValidatorContext) -> bool:
        try:
            hours = parse_working_hours(str(prompt_context.recognized.value or ""))
        except HoursError:
            return False
        prompt_context.recognized.value = format_working_hours(hours)
        shown = format_working_hours(hours, current_language())
        await prompt_context.context.send_activity(understood(shown))
        return True

    @staticmethod
    async def zone_validator(prompt_context: PromptValidatorContext) -> bool:
        said = str(prompt_context.recognized.value or "").strip()
        try:
            zone = read_timezone(said)
        except HoursError:
            return False
        prompt_context.recognized.value = zone.name
        if zone.assumed:
            text = _(
                "{said} is a clock, not a place: I will use {zone}, which changes to summer "
                "time and back with the clocks."
            ).format(said=said, zone=zone.name)
            await prompt_context.context.send_activity(text_activity(text))
        else:
            await prompt_context.context.send_activity(understood(zone.name))
        return True
