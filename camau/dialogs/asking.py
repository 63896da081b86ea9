"""Asking the question on screen again by running the step that asked it, so it is rendered anew
(in the person's language now, with today's data) without losing any answer given so far."""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogContext, DialogReason, WaterfallDialog

from camau.dialogs.base import Waterfall, can_go_back_to, step_input
from camau.dialogs.guard import GuardedAsk
from camau.dialogs.interrupts import chain


async def ask_again(dc: DialogContext) -> None:
    """Run again the waterfall step that asked the question on screen (else reprompt it)."""
    contexts = chain(dc)
    for depth in range(len(contexts) - 1, -1, -1):
        inner = contexts[depth]
        stack = inner.stack
        if len(stack) == 1 and depth > 0:
            # A steps waterfall with nothing above it: an earlier answer is being asked again
            # (`camau.dialogs.base.detour`): run the step that asks it.
            alone = inner.find_dialog_sync(stack[0].id)
            if isinstance(alone, Waterfall):
                index = int(stack[0].state.get(WaterfallDialog.StepIndex, 0))
                await alone.run_step(
                    inner, index, DialogReason.BeginCalled, step_input(stack[0], index)
                )
                return
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


async def go_back(dc: DialogContext) -> bool:
    """`back` / `nôl`: ask the question before this one again (its answer is given anew).

    Looks outward from the question on screen for the first waterfall that can step back: one
    past its first step runs its previous step again with the same input; one at its first step
    whose options can step back (`back()`: a loop over questions or areas) runs it with those.
    False when there is no earlier question.
    """
    contexts = chain(dc)
    for depth in range(len(contexts) - 1, -1, -1):
        stack = contexts[depth].stack
        for position in range(1, len(stack)):
            instance = stack[position]
            waterfall = contexts[depth].find_dialog_sync(instance.id)
            if not isinstance(waterfall, Waterfall):
                continue
            index = int(instance.state.get(WaterfallDialog.StepIndex, 0))
            options = instance.state.get(WaterfallDialog.PersistedOptions)
            earlier = getattr(options, "back", None)
            if index > 0 and can_go_back_to(waterfall, index - 1):
                target, given = index - 1, step_input(instance, index - 1)
            elif callable(earlier) and (stepped := earlier()) is not None:
                instance.state[WaterfallDialog.PersistedOptions] = stepped
                target, given = 0, None
            else:
                continue
            del stack[:position]
            await waterfall.run_step(contexts[depth], target, DialogReason.BeginCalled, given)
            return True
    return False
