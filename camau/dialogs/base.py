"""The shape every Camau dialog shares: prompts plus one waterfall of `<noun>_step` methods."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

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


StepT = TypeVar("StepT", bound=Callable[..., Awaitable[DialogTurnResult]])


def no_back(step: StepT) -> StepT:
    """Mark a step that starts something afresh (a loop over questions or areas): `back` never
    runs it again, which would throw away the answers it collected."""
    step.no_back = True  # type: ignore[attr-defined]
    return step


def can_go_back_to(waterfall: WaterfallDialog, index: int) -> bool:
    return not getattr(waterfall._steps[index], "no_back", False)


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
