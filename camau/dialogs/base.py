"""The shape every Camau dialog shares: prompts plus one waterfall of `<noun>_step` methods."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from microsoft_agents.hosting.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogInstance,
    DialogReason,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)

INPUTS = "camau_inputs"
DETOURS = (
    "camau_detours"  # on a steps waterfall: earlier answers being asked again, the latest last
)
# How an answer asked again on a detour is taken, by its name: (the steps waterfall, what was set
# aside above it, the answer, the id of the message it came from).
Retake = Callable[[DialogInstance, list[DialogInstance], object, str | None], None]
RETAKES: dict[str, Retake] = {}


class Waterfall(WaterfallDialog):
    """A waterfall that remembers what each step was given, so a question can be asked again
    (in another language, or on `back`) by running its step again with the same input."""

    async def run_step(
        self, dialog_context: DialogContext, index: int, reason: DialogReason, result: object
    ) -> DialogTurnResult:
        instance = dialog_context.active_dialog
        detours = instance.state.get(DETOURS) if instance is not None else None
        if (
            instance is not None
            and isinstance(detours, list)
            and detours
            and reason != DialogReason.BeginCalled
            and index == int(detours[-1]["asks"]) + 1
        ):
            return await self._detour_done(dialog_context, instance, detours, result)
        if instance is not None and index < len(self._steps):
            inputs = instance.state.setdefault(INPUTS, {})
            inputs[str(index)] = result
        return await super().run_step(dialog_context, index, reason, result)

    @staticmethod
    async def _detour_done(
        dialog_context: DialogContext,
        instance: DialogInstance,
        detours: list[Any],
        result: object,
    ) -> DialogTurnResult:
        """The answer asked again on a detour is given: take it, put back what was set aside
        and ask the question that was on screen again (it may depend on the answer)."""
        from camau.dialogs.asking import ask_again  # asking builds on this module

        saved = detours.pop()
        if not detours:
            del instance.state[DETOURS]
        above = list(saved["stack"])
        retake = RETAKES.get(str(saved["name"]))
        if retake is not None:
            message_id = dialog_context.context.activity.id
            retake(instance, above, result, str(message_id) if message_id else None)
        instance.state[WaterfallDialog.StepIndex] = int(saved["step"])
        dialog_context.stack[0:0] = above
        await ask_again(dialog_context)
        return DialogTurnResult(DialogTurnStatus.Waiting)


def detouring(step: WaterfallStepContext) -> bool:
    """True while this steps waterfall asks an earlier answer again (`detour`): the step asking
    it must ask, not take a shortcut meant for answers asked again at saving."""
    instance = step.active_dialog
    return instance is not None and bool(instance.state.get(DETOURS))


def detour(stack: list[DialogInstance], asks: int, name: str) -> None:
    """Ask an earlier answer of a steps waterfall (the bottom of `stack`, a component's inner
    stack) again: step `asks` runs next; what is above it now is set aside, and put back once
    that answer is given (`Waterfall._detour_done`, taking it with `RETAKES[name]`)."""
    steps = stack[-1]
    saved = {
        "stack": list(stack[:-1]),
        "step": int(steps.state.get(WaterfallDialog.StepIndex, 0)),
        "asks": asks,
        "name": name,
    }
    detours = steps.state.get(DETOURS)
    steps.state[DETOURS] = [*(detours if isinstance(detours, list) else []), saved]
    del stack[:-1]
    steps.state[WaterfallDialog.StepIndex] = asks


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
