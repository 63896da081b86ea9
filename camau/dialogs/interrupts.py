"""Commands and answers: what the question on screen would accept.

At a question with choices, a date or a score, an answer the question accepts wins over a
command word (`sesiwn` at the sharing choice, `canslo` at "What happened to it?"). At a free-text
question, a message that is exactly a command word is a command.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.hosting.dialogs import ComponentDialog, DialogContext, PromptOptions

from camau.dialogs.prompts import ChoiceTextPrompt, match_choice
from camau.dialogs.turn import Turn
from camau.practice.dates import parse_date
from camau.practice.reflection import parse_components
from camau.practice.steps import parse_score

# Reflection prompts that take a number or components rather than free text (by dialog id).
_SCALE_IDS = frozenset({"reflection_scale"})
_COMPONENT_IDS = frozenset({"reflection_components"})


def chain(dc: DialogContext) -> list[DialogContext]:
    """The dialog contexts from `dc` down to the question on screen (the deepest active dialog).

    SDK 1.9.0's `DialogContext.child` is always None: its ComponentDialog is no DialogContainer,
    so the inner contexts are built here the way ComponentDialog builds them.
    """
    contexts = [dc]
    while (instance := contexts[-1].active_dialog) is not None:
        dialog = contexts[-1].find_dialog_sync(instance.id)
        if not isinstance(dialog, ComponentDialog):
            break
        state = instance.state[ComponentDialog.persisted_dialog_state]
        child = DialogContext(dialog._dialogs, dc.context, state)
        child.parent = contexts[-1]
        contexts.append(child)
    return contexts


def innermost(dc: DialogContext) -> DialogContext:
    """The dialog context of the question on screen."""
    return chain(dc)[-1]


def accepts(dc: DialogContext, text: str) -> bool:
    """True when the question on screen has choices, a date or a score and `text` answers it."""
    inner = innermost(dc)
    instance = inner.active_dialog
    if instance is None:
        return False
    dialog = inner.find_dialog_sync(instance.id)
    options = instance.state.get("options")
    if isinstance(dialog, ChoiceTextPrompt) and isinstance(options, PromptOptions):
        choices: list[dict[str, Any]] = list(options.validations or [])  # type: ignore[call-overload]
        return match_choice(text, choices) is not None
    accepts = getattr(dialog, "accepts", None)  # a typed-answer prompt's kind
    if accepts == "date":
        return parse_date(text, Turn.of(dc).clock.now().date()) is not None
    if accepts == "score" or instance.id in _SCALE_IDS:
        return parse_score(text) is not None
    if instance.id in _COMPONENT_IDS:
        return parse_components(text) is not None
    return False
