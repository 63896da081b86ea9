"""Commands and answers: what the question on screen would accept.

At a question with choices, a date or a score, an answer the question accepts wins over a
command word (`sesiwn` at the sharing choice, `canslo` at "What happened to it?"). At a free-text
question, a message that is exactly a command word is a command.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.hosting.dialogs import ComponentDialog, DialogContext, PromptOptions

from camau.dialogs.prompts import AnswerPrompt, ChoiceTextPrompt, match_choice
from camau.dialogs.turn import Turn


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
    """True when the question on screen has choices or reads one kind of answer (a date, a score,
    components) and `text` answers it."""
    inner = innermost(dc)
    instance = inner.active_dialog
    if instance is None:
        return False
    dialog = inner.find_dialog_sync(instance.id)
    options = instance.state.get("options")
    if isinstance(dialog, ChoiceTextPrompt) and isinstance(options, PromptOptions):
        choices: list[dict[str, Any]] = list(options.validations or [])  # type: ignore[call-overload]
        return match_choice(text, choices) is not None
    if isinstance(dialog, AnswerPrompt):
        return dialog.reads(text, Turn.of(dc).clock.now().date())
    return False
