"""Prompts shared by the dialogs: a choice prompt that understands Welsh and English.

The SDK's ChoicePrompt knows no Welsh (see SDK-NOTES), so choices are matched here: by the
value a card button carries, by number, by title, or by synonyms given in either language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import (
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallStepContext,
)
from microsoft_agents.hosting.dialogs.models import DialogTurnResult

from camau.dialogs.render import (
    Choice,
    Row,
    asked_again,
    card,
    card_activity,
    choice_activity,
    new_token,
    problem_activity,
    rows_activity,
    submit_actions,
    text_activity,
    uses_cards,
)
from camau.i18n import _
from camau.practice.answers import parse_yes_no

_PUNCTUATION = re.compile(r"[^\w\s'-]+")

# Words that skip an optional question, in either language.
SKIP_WORDS = frozenset({"skip", "hepgor", "sgip"})
# Yes and no in both languages (Welsh answers with the verb: do, ydw, ie…). Skipping a yes/no
# question, or saying you are done, is the cautious answer: no.
YES_NO: dict[str, list[str]] = {
    "yes": ["ie", "iawn", "do", "ydw", "ydy", "yes", "y"],
    "no": ["na", "naddo", "nac ydw", "dim", "no", "n", "done", "gorffen", *sorted(SKIP_WORDS)],
}


def normalise(text: str) -> str:
    """Lower-case, accents kept, punctuation and extra spaces dropped."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def match_choice(text: str, options: list[dict[str, Any]]) -> str | None:
    """The value of the option `text` names (number, value, title or synonym), if any."""
    said = normalise(text)
    if not said:
        return None
    if said.isdigit() and 1 <= int(said) <= len(options):
        return str(options[int(said) - 1]["value"])
    for option in options:
        words = [str(option["value"]), str(option["title"])]
        words += [str(s) for s in option.get("synonyms") or []]
        if said in {normalise(word) for word in words}:
            return str(option["value"])
    if {"yes", "no"} <= {str(option["value"]) for option in options}:
        answer = parse_yes_no(text)  # "ydw", "nac oes", "na, dim diolch", "yes please"
        if answer is not None:
            return "yes" if answer else "no"
    return None


# Whether a typed text is an answer a prompt can read (given the person's today).
Reads = Callable[[str, date], bool]


class AnswerPrompt(TextPrompt):
    """A text prompt for one kind of answer (a date, a score, components): a text it can read
    wins over a command word typed at it (`camau.dialogs.interrupts`)."""

    def __init__(
        self,
        dialog_id: str,
        validator: Callable[[PromptValidatorContext], Awaitable[bool]],
        reads: Reads,
    ) -> None:
        super().__init__(dialog_id, validator)
        self.reads = reads


class ChoiceTextPrompt(TextPrompt):
    """A text prompt whose answer must be one of the options in `validations`."""

    def __init__(self, dialog_id: str) -> None:
        super().__init__(dialog_id, ChoiceTextPrompt.choice_validator)

    @staticmethod
    async def choice_validator(prompt_context: PromptValidatorContext) -> bool:
        options: list[dict[str, Any]] = list(prompt_context.options.validations or [])  # type: ignore[call-overload]
        text = prompt_context.recognized.value or ""
        chosen = match_choice(str(text), options) if prompt_context.recognized.succeeded else None
        if chosen is None:
            return False
        prompt_context.recognized.value = chosen
        return True


def choice_options(
    channel_id: str | None,
    text: str,
    choices: list[Choice],
    retry: str,
    synonyms: dict[str, list[str]] | None = None,
) -> PromptOptions:
    """Prompt options asking `text` with `choices`; `retry` is said before asking again."""
    synonyms = synonyms or {}
    asked = choice_activity(channel_id, text, choices)
    return PromptOptions(
        prompt=asked,
        retry_prompt=asked_again(retry, asked),
        validations=[
            {"value": c.value, "title": c.title, "synonyms": synonyms.get(c.value, [])}
            for c in choices
        ],
    )


def rows_options(
    channel_id: str | None,
    text: str,
    rows: list[Row],
    extra: list[Choice],
    retry: str,
    synonyms: dict[str, list[str]] | None = None,
) -> PromptOptions:
    """Prompt options choosing one of a list shown as card rows (see `rows_activity`)."""
    synonyms = synonyms or {}
    choices = [Choice(r.value, r.title) for r in rows] + extra
    asked = rows_activity(channel_id, text, rows, extra)
    return PromptOptions(
        prompt=asked,
        retry_prompt=asked_again(retry, asked),
        validations=[
            {"value": c.value, "title": c.title, "synonyms": synonyms.get(c.value, [])}
            for c in choices
        ],
    )


def skippable_text_options(channel_id: str | None, text: str, retry: str) -> PromptOptions:
    """An optional free-text question: in Teams a card with a Skip button (typing works too)."""
    if not uses_cards(channel_id):
        asked = text_activity(text)
        return PromptOptions(prompt=asked, retry_prompt=asked_again(retry, asked))
    token = new_token()  # the card asked again is the same question

    def asking(asked: str) -> Activity:
        skip = submit_actions([Choice("skip", _("Skip"))], token=token)
        return card_activity(card("choices", text=asked, actions=skip), asked)

    return PromptOptions(prompt=asking(text), retry_prompt=asked_again(retry, asking(text)))


def text_options(text: str, retry: str | None = None) -> PromptOptions:
    """A free-text question; `retry` (the problem, with an example) is said when the answer is
    not understood, marked as a problem; without it the question is asked again."""
    return PromptOptions(
        prompt=text_activity(text),
        retry_prompt=problem_activity(retry) if retry else text_activity(text),
    )


async def ask(
    step: WaterfallStepContext, prompt_id: str, options: PromptOptions
) -> DialogTurnResult:
    """Ask through the prompt `prompt_id` (a small alias that keeps steps short)."""
    return await step.prompt(prompt_id, options)


def yes_no_options(
    channel_id: str | None, question: str, yes: str | None = None, no: str | None = None
) -> PromptOptions:
    """Ask a yes/no question; the answer is "yes" or "no"."""
    choices = [Choice("yes", yes or _("Yes")), Choice("no", no or _("No"))]
    return choice_options(channel_id, question, choices, _("Please answer yes or no."), YES_NO)
