"""The shape every Camau dialog shares: prompts plus one waterfall of `<noun>_step` methods."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_agents.hosting.dialogs import ComponentDialog, Dialog, WaterfallDialog


class StepsDialog(ComponentDialog):
    """A component dialog made of `prompts` and a waterfall of `steps`, started first."""

    def __init__(self, dialog_id: str, steps: Sequence[object], prompts: Sequence[Dialog]) -> None:
        super().__init__(dialog_id)
        for prompt in prompts:
            self.add_dialog(prompt)
        waterfall = f"{dialog_id}.steps"
        self.add_dialog(WaterfallDialog(waterfall, list(steps)))
        self.initial_dialog_id = waterfall  # type: ignore[assignment]  # the SDK declares None
