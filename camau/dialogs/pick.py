"""Pick from a list: load it from a service, say so and end when there is nothing to pick, ask
with the choice prompt, and re-read it when it is answered (choices stay true, `stale.py`).

A steps dialog holds one `PickFromList`, puts its `list_step` first (or, with shortcuts of its
own, asks from its first step with `ask`) and starts the step after it with `stale`:

    if (fresh := await self.cases.stale(step)) is not None:
        return fresh  # gone meanwhile: said so, and the list is shown as it is now

The list adds no dialog of its own: the holder's prompt id and steps are what they were, so a
list left open across a deploy is answered as before, and `back`, drafts and interruptions
treat it as any other question of the holder's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, Protocol, TypeVar

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptOptions,
    WaterfallStepContext,
)

from camau.dialogs.base import goto
from camau.dialogs.feature import Text
from camau.dialogs.prompts import ChoiceTextPrompt
from camau.dialogs.stale import FRESH, show_fresh
from camau.dialogs.turn import Turn
from camau.dialogs.values import Maybe, StepValues, as_bool
from camau.services.errors import NotPermitted

TAKEN = "camau_taken"


class PickValues(StepValues):
    """What a pick list keeps in its holder's values: that the choice was taken without showing
    the list (a card's button named it, or it was the only one), so there is nothing to re-read.
    Set and cleared within one turn."""

    taken = Maybe(as_bool, key=TAKEN)


class Listed(Protocol):
    """An item of a pick list: its id is the value its choice carries."""

    @property
    def id(self) -> int: ...


ItemT = TypeVar("ItemT", bound=Listed)


class PickFromList(Generic[ItemT]):
    """One pick list of a steps dialog, asked as the dialog's first step (step 0).

    `load` reads the list; `refused` is said when the service will not list it for this person
    (NotPermitted; without it the refusal goes up to the router), and the dialog ends.
    `options` asks it (`choice_options` or `rows_options`: the question, a choice per
    item, any extra answers, synonyms); `nothing` is said when the list is empty, `gone` when
    the choice no longer is in it. `given`: the choice the message starting the dialog already
    names (a card's button), taken without the list. `one_is_taken`: a list of one is taken
    without asking, except when it is shown fresh after a choice gone. `plain_gone`: the way of
    the case and record lists, older than `stale.py`: `gone` is said plainly (not marked as a
    problem) and the list shown again as at first (a list of one taken, if it is).
    """

    def __init__(
        self,
        prompt_id: str,
        *,
        load: Callable[[WaterfallStepContext], Awaitable[Sequence[ItemT]]],
        options: Callable[[WaterfallStepContext, Sequence[ItemT]], PromptOptions],
        nothing: Text,
        gone: Text,
        refused: Callable[[], Activity] | None = None,
        given: Callable[[WaterfallStepContext], str | None] | None = None,
        one_is_taken: bool = False,
        plain_gone: bool = False,
    ) -> None:
        self.prompt_id = prompt_id
        self.load = load
        self.options = options
        self.nothing = nothing
        self.gone = gone
        self.refused = refused
        self.given = given
        self.one_is_taken = one_is_taken
        self.plain_gone = plain_gone

    def prompt(self) -> ChoiceTextPrompt:
        """The choice prompt the list is asked with, for the holder's prompts."""
        return ChoiceTextPrompt(self.prompt_id)

    async def list_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Take the choice given, or load the list: say there is nothing to pick and end, take
        the only one, or ask."""
        given = self.given(step) if self.given is not None else None
        if given is not None:
            return await self.take(step, given)
        try:
            items = await self.load(step)
        except NotPermitted:
            if self.refused is None:
                raise
            return await Turn.of(step).end(step, self.refused())
        if not items:
            return await Turn.of(step).end(step, self.nothing())
        if self.one_is_taken and len(items) == 1 and step.result != FRESH:
            return await self.take(step, str(items[0].id))
        return await self.ask(step, items)

    async def ask(self, step: WaterfallStepContext, items: Sequence[ItemT]) -> DialogTurnResult:
        """Ask which of `items` (the holder has loaded them)."""
        return await step.prompt(self.prompt_id, self.options(step, items))

    @staticmethod
    async def take(step: WaterfallStepContext, value: str) -> DialogTurnResult:
        """Go on with `value` without showing the list: `stale` does not re-read it (a card's
        button named it, or it was the only one; the service still checks it)."""
        PickValues.of(step).taken = True
        return await step.next(value)

    async def stale(self, step: WaterfallStepContext) -> DialogTurnResult | None:
        """At the step after the list: None while the choice (`step.result`) still is in the
        list, re-read now; else `gone` is said and the list shown fresh (its result)."""
        kept = PickValues.of(step)
        if kept.taken:
            del kept.taken
            return None
        items = await self.load(step)
        if any(str(item.id) == str(step.result) for item in items):
            return None
        return await self.fresh(step)

    async def fresh(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Say the choice is gone and show the list again, as it is now (for a holder that
        re-reads the item chosen itself, reading it in full)."""
        if self.plain_gone:
            await Turn.of(step).say(self.gone())
            return await goto(step, 0)
        return await show_fresh(step, self.gone())
