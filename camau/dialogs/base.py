"""The shape every Camau dialog shares: prompts plus one waterfall of `<noun>_step` methods."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_agents.hosting.dialogs import (
    ComponentDialog,
    Dialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)


class StepsDialog(ComponentDialog):
    """A component dialog made of `prompts` and a waterfall of `steps`, started first."""

    def __init__(self, dialog_id: str, steps: Sequence[object], prompts: Sequence[Dialog]) -> None:
        super().__init__(dialog_id)
        for prompt in prompts:
            self.add_dialog(prompt)
        waterfall = f"{dialog_id}.steps"
        self.add_dialog(WaterfallDialog(waterfall, list(steps)))
        self.initial_dialog_id = waterfall  # type: ignore[assignment]  # the SDK declares None


async def goto(step: WaterfallStepContext, index: int, result: object = None) -> DialogTurnResult:
    """Run step `index` of this waterfall next (earlier or later), as if the one before it had
    answered `result`: used to ask one answer again without losing the others."""
    assert step.active_dialog is not None
    step.active_dialog.state[WaterfallDialog.StepIndex] = index - 1
    return await step.next(result)
