"""Asking the question on screen again by running the step that asked it, so it is rendered anew
(in the person's language now, with today's data) without losing any answer given so far."""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogContext, DialogReason, WaterfallDialog

from camau.dialogs.base import Waterfall, step_input
from camau.dialogs.guard import GuardedAsk
from camau.dialogs.interrupts import chain


async def ask_again(dc: DialogContext) -> None:
    """Run again the waterfall step that asked the question on screen (else reprompt it)."""
    contexts = chain(dc)
    for depth in range(len(contexts) - 1, -1, -1):
        inner = contexts[depth]
        stack = inner.stack
        if len(stack) < 2:
            break
        waterfall = inner.find_dialog_sync(stack[1].id)
        if not isinstance(waterfall, Waterfall):
            break
        index = int(stack[1].state.get(WaterfallDialog.StepIndex, 0))
        options = stack[1].state.get(WaterfallDialog.PersistedOptions)
        if index == 0 and isinstance(options, GuardedAsk) and depth > 0:
            continue  # the question's words came from the step above: ask it from there
        stack.pop(0)  # the prompt, or the dialog, asking the question
        await waterfall.run_step(
            inner, index, DialogReason.BeginCalled, step_input(stack[0], index)
        )
        return
    await dc.reprompt_dialog()
