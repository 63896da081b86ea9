"""Asking for free text that passes the privacy guard before it is kept.

`GuardedTextDialog` asks a question; the answer goes through `find_identifiers`. When something
is found, the person sees what (the kind in words and the matched text) and chooses to rephrase
(the question is asked again) or keep it as it is. It ends with the text, or "" when an optional
question is skipped. Every feature that keeps free text (reflections, notes, areas for change,
reasons) asks through this one dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog
from camau.dialogs.long_answer import edited_text, give_back
from camau.dialogs.prompts import (
    SKIP_WORDS,
    ChoiceTextPrompt,
    ask,
    choice_options,
    normalise,
    skippable_text_options,
    text_options,
)
from camau.dialogs.render import Choice
from camau.dialogs.turn import Turn
from camau.dialogs.values import StepValues, Value, as_str
from camau.i18n import _N, _
from camau.practice.privacy import Finding, find_identifiers

SKIPPED = ""
MAX_FREE_TEXT = 4000  # characters; longer answers are asked again
KEEP = "keep"
REPHRASE = "rephrase"


FINDING_KIND = {
    "date_of_birth": _N("a date that looks like a date of birth"),
    "postcode": _N("a postcode"),
    "phone": _N("a phone number"),
    "email": _N("an e-mail address"),
    "nhs_number": _N("an NHS number"),
    "name": _N("a name"),
    "address": _N("a street address"),
}


def findings_text(findings: list[Finding]) -> str:
    """What the privacy guard found, one line each: the kind in words and the matched text."""
    lines = [_("This answer may identify someone:")]
    lines += [
        _("- {kind}: {text}").format(kind=_(FINDING_KIND.get(f.kind, f.kind)), text=f.text)
        for f in findings
    ]
    lines += ["", _("Would you like to rephrase it, or keep it as it is?")]
    return "\n".join(lines)


@dataclass(frozen=True)
class GuardedAsk:
    """The question (in the person's language), whether it may be skipped, and whether it is
    being asked again after the person chose to rephrase."""

    question: str
    optional: bool = True
    rephrase: bool = False
    limit: int = MAX_FREE_TEXT


def edited_text_answer(text: str, today: date, limit: int = MAX_FREE_TEXT) -> str | None:
    """What a free-text question takes from an edited message: the text, or None when it would
    not take it (empty, over `limit` characters with spaces collapsed, or with identifiers: an
    edit cannot be asked to rephrase). Skip words are each question's own to read first."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > limit or find_identifiers(text, today=today):
        return None
    return text.strip()


class GuardedValues(StepValues):
    """What `GuardedTextDialog` keeps: the text that may identify someone, until kept or
    rephrased."""

    pending = Value(as_str)


class GuardedTextDialog(StepsDialog):
    """Asks for free text, checks it for identifiers, lets the person rephrase or keep it."""

    TEXT = "guarded_text"
    KEEP = "guarded_keep"

    def __init__(self) -> None:
        super().__init__(
            GuardedTextDialog.__name__,
            [self.text_step, self.check_step, self.keep_step],
            [TextPrompt(self.TEXT, GuardedTextDialog.text_validator), ChoiceTextPrompt(self.KEEP)],
        )

    async def text_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        asked = step.options
        assert isinstance(asked, GuardedAsk)
        text = asked.question
        if asked.rephrase:
            hint = _(
                "Type your answer again, using the case reference instead of names or details."
            )
            text = f"{hint}\n\n{text}"
        retry = (
            _("Please type an answer, or type skip.")
            if asked.optional
            else _("Please type an answer.")
        )
        channel = step.context.activity.channel_id
        options = (
            skippable_text_options(channel, text, retry)  # the card asks again below it
            if asked.optional
            else text_options(text, f"{retry}\n\n{asked.question}")
        )
        options.validations = {
            "optional": asked.optional,
            "limit": asked.limit,
            "question": asked.question,
        }
        return await ask(step, self.TEXT, options)

    async def check_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        text = str(step.result or "")
        if text == SKIPPED:
            return await step.end_dialog(SKIPPED)
        today = Turn.of(step).clock.now().date()
        findings = find_identifiers(text, today=today)
        if not findings:
            return await step.end_dialog(text)
        GuardedValues.of(step).pending = text
        choices = [
            Choice(REPHRASE, _("Rephrase")),
            Choice(KEEP, _("Keep it as it is")),
        ]
        synonyms = {
            REPHRASE: ["aralleirio", "rephrase", "ail-eirio", "newid"],
            KEEP: ["cadw", "keep", "keep it", "ei gadw"],
        }
        options = choice_options(
            step.context.activity.channel_id,
            findings_text(findings),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )
        return await ask(step, self.KEEP, options)

    async def keep_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == KEEP:
            return await step.end_dialog(GuardedValues.of(step).pending)
        asked = step.options
        assert isinstance(asked, GuardedAsk)
        return await step.replace_dialog(f"{self.id}.steps", replace(asked, rephrase=True))

    @staticmethod
    async def text_validator(prompt_context: PromptValidatorContext) -> bool:
        recognized = prompt_context.recognized
        text = str(recognized.value or "").strip() if recognized.succeeded else ""
        edited = edited_text(prompt_context.context)
        if edited is not None:
            text = edited.strip()
        validations = prompt_context.options.validations
        rules = validations if isinstance(validations, dict) else {}
        optional = rules.get("optional", True)
        if normalise(text) in SKIP_WORDS:
            recognized.value = SKIPPED
            return bool(optional)  # a required answer cannot be skipped: ask again
        if not text:
            return False
        limit = int(rules.get("limit", MAX_FREE_TEXT))
        if len(" ".join(text.split())) > limit:
            question = str(rules.get("question", ""))
            prompt_context.options.retry_prompt = await give_back(
                prompt_context.context, text, limit, question
            )
            return False
        recognized.value = text
        return True
