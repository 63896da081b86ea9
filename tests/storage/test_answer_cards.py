"""The ids of the answer cards sent, kept on the conversation's state row after the replies went:
the newest four, by question token; anything unexpected in the column reads as none."""

from __future__ import annotations

import json

from sqlalchemy import select

from camau.services.db import Db
from camau.storage.models import AgentStateRecord
from camau.storage.turns import CARDS, TurnMark, decode_cards, replies_sent

KEY = "msteams/conversations/conv-1"


async def _stored(db: Db) -> str | None:
    async with db.session() as session:
        row = (await session.execute(select(AgentStateRecord.answer_cards))).scalar_one()
        return row if isinstance(row, str) else None


async def test_answer_cards_keep_the_newest_by_token(db: Db) -> None:
    async with db.session() as session, session.begin():
        session.add(AgentStateRecord(key=KEY, data="{}", answer_cards='{"old": "act-1"}'))
    mark = TurnMark(KEY, "in-1")
    mark.seen((None, None), '{"old": "act-1"}')
    await replies_sent(db, mark, {f"t{n}": f"act-{n + 2}" for n in range(CARDS)})
    stored = json.loads(await _stored(db) or "{}")
    assert stored == {f"t{n}": f"act-{n + 2}" for n in range(CARDS)}  # "old" dropped

    mark = TurnMark(KEY, "in-2")
    mark.seen((None, None), json.dumps(stored))
    await replies_sent(db, mark, {"t0": "act-9"})  # asked again: its newest card, kept newest
    assert list(json.loads(await _stored(db) or "{}").items())[-1] == ("t0", "act-9")


def test_answer_cards_column_read_safely() -> None:
    assert decode_cards(None) == {} and decode_cards("not json") == {}
    assert decode_cards('["a"]') == {} and decode_cards('{"a": 1, "b": "x"}') == {"b": "x"}
