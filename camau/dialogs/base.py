"""The shape every Camau dialog shares: prompts plus one waterfall of `<noun>_step` methods."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_agents.hosting.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogInstance,
    DialogReason,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

INPUTS = "camau_inputs"


class Waterfall(WaterfallDialog):
    """A waterfall that remembers what each step was given, so a question can be asked again
    (in another language, or on `back`) by running its step again with the same input."""

    async def run_step(
        self, dialog_context: DialogContext, index: int, reason: DialogReason, result: object
    ) -> DialogTurnResult:
        instance = dialog_context.active_dialog
        if instance is not None and index < len(self._steps):
            inputs = instance.state.setdefault(INPUTS, {})
            inputs[str(index)] = result
        return await super().run_step(dialog_context, index, reason, result)


def step_input(instance: DialogInstance, index: int) -> object:
    """What step `index` of a waterfall instance was given when it last ran."""
    inputs = instance.state.get(INPUTS)
    return inputs.get(str(index)) if isinstance(inputs, dict) else None


class StepsDialog(ComponentDialog):
    """A component dialog made of `prompts` and a waterfall of `steps`, started first."""

    def __init__(self, dialog_id: str, steps: Sequence[object], prompts: Sequence[Dialog]) -> None:
        super().__init__(dialog_id)
        for prompt in prompts:
            self.add_dialog(prompt)
        waterfall = f"{dialog_id}.steps"
        self.add_dialog(Waterfall(waterfall, list(steps)))
        self.initial_dialog_id = waterfall  # type: ignore[assignment]  # the SDK declares None


async def goto(step: WaterfallStepContext, index: int, result: object = None) -> DialogTurnResult:
    """Run step `index` of this waterfall next (earlier or later), as if the one before it had
    answered `result`: used to ask one answer again without losing the others."""
    assert step.active_dialog is not None
    step.active_dialog.state[WaterfallDialog.StepIndex] = index - 1
    return await step.next(result)
