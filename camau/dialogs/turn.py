"""What a turn carries for the dialogs: the caller, and the services' database and clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from microsoft_agents.hosting.core import TurnContext

from camau.services.clock import Clock
from camau.services.db import Db
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


def caller_of(context: TurnContext) -> Caller:
    caller = context.turn_state[CALLER_KEY]
    assert isinstance(caller, Caller)
    return caller


def set_caller(context: TurnContext, caller: Caller) -> None:
    context.turn_state[CALLER_KEY] = caller


def deps_of(context: TurnContext) -> Deps:
    deps = context.turn_state[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps
