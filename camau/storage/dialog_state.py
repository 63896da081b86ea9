"""Ending what a person left open in every conversation, when their data is deleted.

A conversation's `agent_state` row holds its open dialog (`DialogState`: the answers given so
far) and Camau's bookkeeping of it (`camau_flow`, `camau_finished_answers`). A person's data
deleted in one chat must not live on, or be saved later, from another chat of theirs (Teams and
Telegram, or two Teams chats): every other row their turns wrote (`person_id`) loses those
entries and is marked (`DATA_DELETED`), so its next message is told plainly what happened.

Rows are changed only at the version read (the state store's optimistic concurrency): a turn of
that conversation running meanwhile fails its own write and runs again on the cleared state.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from camau.storage.errors import StateConflictError
from camau.storage.models import AgentStateRecord, utcnow

DATA_DELETED = "camau_data_deleted"
OPEN_ENTRIES = ("DialogState", "camau_flow", "camau_finished_answers")  # the first two: open
ATTEMPTS = 5

_TABLE = AgentStateRecord.__table__  # type: ignore[attr-defined]


def _has_open(entry: Any) -> bool:
    """True when a stored entry holds anything: a dialog on the stack, a draft, a question."""
    if isinstance(entry, dict):
        return any(_has_open(v) for k, v in entry.items() if k != "$t")
    if isinstance(entry, list):
        return bool(entry)
    return entry not in (None, 0, "", False)


def _cleared(data: str) -> tuple[str, bool] | None:
    """The row's state without the person's dialog entries, and whether a dialog was open (then
    marked, to be told); None when the row holds none of them."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict) or not any(name in value for name in OPEN_ENTRIES):
        return None
    was_open = any(_has_open(value.get(name)) for name in OPEN_ENTRIES[:2])
    for name in OPEN_ENTRIES:
        value.pop(name, None)
    if was_open:
        value[DATA_DELETED] = True
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")), was_open


async def end_dialogs_of(session: AsyncSession, person_id: int, except_key: str | None) -> int:
    """End the person's open dialogs in every conversation but `except_key` (the chat asking,
    whose own turn ends its dialog); how many conversations had one open."""
    conn = await session.connection()
    ended: set[str] = set()
    for _attempt in range(ATTEMPTS):
        query = select(_TABLE.c.key, _TABLE.c.version, _TABLE.c.data).where(
            _TABLE.c.person_id == person_id
        )
        if except_key is not None:
            query = query.where(_TABLE.c.key != except_key)
        clashed = False
        for key, version, data in (await conn.execute(query)).all():
            cleared = _cleared(data)
            if cleared is None:
                continue
            text, was_open = cleared
            result = await conn.execute(
                update(_TABLE)
                .where(_TABLE.c.key == key, _TABLE.c.version == version)
                .values(version=version + 1, data=text, updated_at=utcnow())
            )
            if result.rowcount != 1:
                clashed = True  # another turn wrote it meanwhile: read it again
            elif was_open:
                ended.add(key)
        if not clashed:
            return len(ended)
    raise StateConflictError("agent state kept changing while a person's data was deleted")
