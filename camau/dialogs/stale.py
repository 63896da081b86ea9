"""Choices stay true: a pick list re-reads its data when it is answered, and a choice that no
longer exists (a session moved or cancelled, a case closed, a reflection deleted, a draft gone, a
mentee no longer linked, an area achieved) is answered plainly and the list shown fresh.
A list read from a service is asked and re-read with `camau.dialogs.pick.PickFromList`."""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import goto
from camau.dialogs.render import problem_activity

FRESH = "camau_fresh"  # what the list's step is given when shown again: always ask, never guess


async def show_fresh(
    step: WaterfallStepContext, text: str, index: int = 0, result: object = None
) -> DialogTurnResult:
    """Say why the choice is gone, then run the step that shows the list (`index`) again; it
    is given `result` (by default `FRESH`: a list of one is still asked, not taken as chosen)."""
    await step.context.send_activity(problem_activity(text))
    return await goto(step, index, FRESH if result is None else result)
