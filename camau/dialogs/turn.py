"""What a turn carries for the dialogs: the caller, and the services' database and clock.

Dialogs use `Turn` (`turn = Turn.of(step)`): who is asking, the services' handles, and the
replies a step ends with. The edge puts the caller and `Deps` on the turn (`set_caller`,
`DEPS_KEY`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import DialogContext, DialogTurnResult

from camau.dialogs.errors import error_text
from camau.dialogs.render import text_activity
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import ServiceError
from camau.services.people import Caller

CALLER_KEY = "camau.caller"
DEPS_KEY = "camau.deps"
RESUMED_KEY = "camau.resumed"  # the last turn's replies may not have reached the person
SENT_CARDS_KEY = "camau.sent_cards"  # the connector's ids of answer cards sent: token -> id
SAVED_AT_ONCE_KEY = "camau.saved_at_once"  # this turn's answer was saved as given: its kind


FORGET_ANSWERS_KEY = "camau.forget_answers"  # the person's data was deleted in this turn


def forget_answers(context: TurnContext) -> None:
    """The person's data was deleted: this chat forgets which messages gave the answers it saved
    (else an edit of one would be told the answer is saved, and how to change it)."""
    context.turn_state[FORGET_ANSWERS_KEY] = True


def saved_at_once(context: TurnContext, kind: str) -> None:
    """The answer this message gave was saved at once (a one-question dialog): an edit of it is
    told how to change it (`camau.dialogs.edits.how_to_change`)."""
    context.turn_state[SAVED_AT_ONCE_KEY] = kind


# Deletes messages Camau sent into a stored conversation: (reference JSON, activity ids).
Retract = Callable[[str, Sequence[str]], Awaitable[None]]


@dataclass(frozen=True)
class Deps:
    """What dialogs need to call services."""

    db: Db
    clock: Clock
    retract: Retract | None = None


def _caller_of(context: TurnContext) -> Caller:
    """The person this turn runs for (dialogs read it as `Turn.of(...).caller`)."""
    caller = context.turn_state[CALLER_KEY]
    assert isinstance(caller, Caller)
    return caller


def set_caller(context: TurnContext, caller: Caller) -> None:
    context.turn_state[CALLER_KEY] = caller


def _deps_of(context: TurnContext) -> Deps:
    """The services' handles put on this turn (dialogs read them through `Turn`)."""
    deps = context.turn_state[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps


@dataclass(frozen=True)
class Turn:
    """This turn as a dialog step sees it: who is asking (`caller`), the services' `db` and
    `clock` (`deps`), and the replies a step ends with: `say`, `end` (say, then end the dialog)
    and `refuse` (a service's error in the person's words, then end).

    The caller is read when used, not when the `Turn` is made: choosing a language or changing
    a setting replaces it mid-turn (`set_caller`).
    """

    context: TurnContext

    @classmethod
    def of(cls, source: TurnContext | DialogContext) -> Turn:
        """The turn of a step, any dialog context, or a turn context."""
        return cls(source.context if isinstance(source, DialogContext) else source)

    @property
    def caller(self) -> Caller:
        return _caller_of(self.context)

    @property
    def deps(self) -> Deps:
        return _deps_of(self.context)

    @property
    def db(self) -> Db:
        return self.deps.db

    @property
    def clock(self) -> Clock:
        return self.deps.clock

    async def say(self, message: str | Activity) -> None:
        """Send a text (as a plain message) or an activity."""
        activity = text_activity(message) if isinstance(message, str) else message
        await self.context.send_activity(activity)

    async def end(
        self, step: DialogContext, message: str | Activity | None = None, *, result: object = None
    ) -> DialogTurnResult:
        """Say `message` (if any), then end the step's dialog with `result`."""
        if message is not None:
            await self.say(message)
        return await step.end_dialog(result)

    async def refuse(
        self, step: DialogContext, error: ServiceError, otherwise: str | None = None
    ) -> DialogTurnResult:
        """Say why a service refused (`camau.dialogs.errors.error_text`), then end the dialog."""
        return await self.end(step, error_text(error, otherwise))
