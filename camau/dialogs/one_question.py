"""A dialog of one question: ask it (or say why there is nothing to ask), act on the answer
through a service, say what happened, end.

A subclass gives its prompt and two methods:

    class PauseDialog(OneQuestion):
        def __init__(self) -> None:
            super().__init__(TextPrompt("settings_pause", PauseDialog.until_validator))

        async def question(self, step) -> PromptOptions | None: ...  # None: it said why not
        async def answer(self, step) -> str: ...  # `step.result` is the answer; what to say

Its id is its class name, and it has the two steps (the question, then the answer) and the
prompt id each dialog moved onto it had: one left open across a deploy is answered as before.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import (
    Dialog,
    DialogTurnResult,
    PromptOptions,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog
from camau.dialogs.turn import Turn


class OneQuestion(StepsDialog):
    """Asks `question` through `prompt`, then says what `answer` did with it, and ends."""

    def __init__(self, prompt: Dialog) -> None:
        super().__init__(type(self).__name__, [self.question_step, self.answer_step], [prompt])
        self.prompt_id = prompt.id

    async def question_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = await self.question(step)
        if options is None:
            return await step.end_dialog()
        return await step.prompt(self.prompt_id, options)

    async def answer_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await Turn.of(step).end(step, await self.answer(step))

    async def question(self, step: WaterfallStepContext) -> PromptOptions | None:
        """The question (None when there is nothing to ask: the person has been told why)."""
        raise NotImplementedError

    async def answer(self, step: WaterfallStepContext) -> str:
        """Act on the answer (`step.result`); what to tell the person."""
        raise NotImplementedError
