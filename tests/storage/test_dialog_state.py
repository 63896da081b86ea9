"""Ending a person's open dialogs in every conversation (their data deleted), on SQLite and
PostgreSQL: only their rows, not the chat asking, the dialog entries removed and the row marked;
a turn that read the row before keeps nothing of it (its write clashes, and it runs again)."""

from __future__ import annotations

import json

import pytest
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from sqlmodel import select

from camau.services.db import Db
from camau.storage.dialog_state import DATA_DELETED, end_dialogs_of
from camau.storage.errors import StateConflictError
from camau.storage.models import AgentStateRecord
from camau.storage.state_store import SqlStorage

OPEN = {
    "DialogState": {"$t": "DialogState", "$v": {"dialog_stack": [{"id": "ReflectionDialog"}]}},
    "camau_flow": {"draft_id": 3, "answers": 1, "sources": ["in-1"]},
    "last_seen": "2026-12-02T10:00:00+00:00",
}
IDLE = {
    "DialogState": {"$t": "DialogState", "$v": {"dialog_stack": []}},
    "camau_flow": {"draft_id": None, "answers": 0, "pending": None, "sources": []},
    "camau_finished_answers": {"in-9": "reflection"},
}


async def _rows(db: Db) -> dict[str, dict[str, object]]:
    async with db.session() as session:
        found = (await session.exec(select(AgentStateRecord))).all()
    return {row.key: json.loads(row.data) for row in found}


async def test_only_the_persons_other_chats_lose_their_dialog_and_open_ones_are_marked(
    db: Db,
) -> None:
    async with db.session() as session, session.begin():
        for key, person, data in (
            ("msteams/conversations/a", 1, OPEN),
            ("telegram/conversations/b", 1, OPEN),
            ("msteams/conversations/c", 1, IDLE),
            ("msteams/conversations/asking", 1, OPEN),
            ("msteams/conversations/other", 2, OPEN),
        ):
            session.add(AgentStateRecord(key=key, data=json.dumps(data), person_id=person))
    async with db.session() as session, session.begin():
        ended = await end_dialogs_of(session, 1, "msteams/conversations/asking")
    assert ended == 2
    rows = await _rows(db)
    for key in ("msteams/conversations/a", "telegram/conversations/b"):
        assert rows[key] == {"last_seen": OPEN["last_seen"], DATA_DELETED: True}
    assert rows["msteams/conversations/c"] == {}  # nothing was open: nothing to tell
    assert rows["msteams/conversations/asking"] == OPEN
    assert rows["msteams/conversations/other"] == OPEN


async def test_a_turn_that_read_the_state_before_cannot_write_it_back(db: Db) -> None:
    key = "msteams/conversations/a"
    async with db.session() as session, session.begin():
        session.add(AgentStateRecord(key=key, data=json.dumps(OPEN), person_id=1))
    storage = SqlStorage(db)
    item = (await storage.read([key], target_cls=CachedAgentState))[key]
    async with db.session() as session, session.begin():
        assert await end_dialogs_of(session, 1, None) == 1
    with pytest.raises(StateConflictError):
        await storage.write({key: item})
    assert DATA_DELETED in (await _rows(db))[key]


def test_the_entries_cleared_are_the_ones_the_dialogs_keep() -> None:
    """Storage may not import the dialogs, so it names their state entries itself: a renamed
    entry would silently stop delete-my-data from ending what was left open in other chats."""
    from camau.dialogs.card_answers import DIALOG_STATE
    from camau.dialogs.flow import FINISHED, FLOW
    from camau.storage.dialog_state import OPEN_ENTRIES

    assert OPEN_ENTRIES == (DIALOG_STATE, FLOW, FINISHED)
