"""A person's drafts for their own export: what kind, when, and the answers typed so far.

It reads the Agents SDK's dialog types, so it lives with the dialogs (services know no SDK).

The answers are read out of the stored dialog state (allow-listed codec, no arbitrary objects):
every text in the dialogs' saved values and loop options, never the bot's own prompts.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC

from microsoft_agents.hosting.dialogs import DialogInstance, DialogState, PromptOptions

from camau.services import drafts
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.people import Caller

# Dialog state kept for Camau's own bookkeeping, not the person's answers.
_SKIP_KEYS = frozenset(
    {"camau_inputs", "camau_last_turn", "camau_held", "stepIndex", "instanceId", "came_from"}
)
# Fields of the answers kept for bookkeeping: the message each answer came from, questions to
# ask again (see `camau.dialogs.edits`).
_SKIP_FIELDS = frozenset({"sources", "again"})


def _texts(value: object, found: list[str]) -> None:
    if isinstance(value, str):
        if value.strip() and value not in found:
            found.append(value)
    elif isinstance(value, DialogInstance):
        _texts(value.state, found)
    elif isinstance(value, DialogState):
        _texts(list(value.dialog_stack), found)
    elif isinstance(value, PromptOptions):
        return  # the question asked, in Camau's words
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP_KEYS:
                _texts(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _texts(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ == "GuardedAsk":
            return  # a question, in Camau's words
        for item in dataclasses.fields(value):
            if item.name not in _SKIP_FIELDS:
                _texts(getattr(value, item.name), found)


def answers_in(state: str) -> list[str]:
    """The texts typed into a draft's dialog, in the order the dialog holds them."""
    found: list[str] = []
    _texts(drafts.decode_state(state), found)
    return found


async def export_mine(db: Db, clock: Clock, caller: Caller) -> list[dict[str, object]]:
    """The caller's drafts, each with its kind, times and answers so far."""
    records: list[dict[str, object]] = []
    for view, state in await drafts.mine_with_states(db, clock, caller):
        records.append(
            {
                "kind": view.kind,
                "updated_at": view.updated_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "answers": answers_in(state),
            }
        )
    return records
