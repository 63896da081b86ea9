"""Choosing Cymraeg or English: asked at first contact (Welsh first) and by `iaith`/`language`."""

from __future__ import annotations

from dataclasses import replace

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options, match_choice
from camau.dialogs.render import Choice
from camau.dialogs.turn import Turn, set_caller
from camau.i18n import _, set_language
from camau.services import people

CHOICES = [Choice("cy", "Cymraeg"), Choice("en", "English")]
SYNONYMS = {
    "cy": ["welsh", "cym", "cymraeg os gwelwch yn dda", "ie cymraeg"],
    "en": ["saesneg", "eng", "english please", "sasneg"],
}


class LanguageDialog(StepsDialog):
    """Asks which language to use and stores it; the person is not asked again."""

    PROMPT = "language_choice"

    def __init__(self) -> None:
        super().__init__(
            LanguageDialog.__name__,
            [self.language_step, self.save_step],
            [ChoiceTextPrompt(self.PROMPT)],
        )

    @staticmethod
    def preset(said: str) -> str | None:
        """The language a first message already names ("Cymraeg", "English"), if any."""
        options = [
            {"value": c.value, "title": c.title, "synonyms": SYNONYMS[c.value]} for c in CHOICES
        ]
        return match_choice(said, options) if not said.isdigit() else None

    async def language_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.options, str):
            return await step.next(step.options)
        channel = step.context.activity.channel_id
        return await ask(
            step,
            self.PROMPT,
            choice_options(
                channel,
                _("Cymraeg neu English?"),
                CHOICES,
                retry=_("Please choose Cymraeg or English. / Dewiswch Cymraeg neu English."),
                synonyms=SYNONYMS,
            ),
        )

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        language = str(step.result)
        turn = Turn.of(step)
        caller = turn.caller
        await people.set_language(turn.db, caller.id, language)
        set_caller(step.context, replace(caller, language=language))
        set_language(language)
        return await turn.end(step, _("Thank you. I will use English with you."), result=language)
