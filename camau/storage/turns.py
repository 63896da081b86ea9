"""A turn's bookkeeping on its conversation's state row: applied once, replies known to be sent.

The conversation's `agent_state` row keeps the ids of the last activities applied
(`recent_activities`) and, while a turn's replies may not have been sent, that turn's activity id
(`unsent_reply`). Both are written in the turn's own transaction, with the state itself when the
state changed, so a redelivered activity is recognised and a reply lost to a crash is noticed.

It also keeps the ids the connector gave the answer cards last sent (`answer_cards`, by the
question's token), written after they were sent, so a question answered by typing can have its
card updated in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from camau.storage.models import AgentStateRecord
from camau.storage.unit import Db

RECENT = 32  # activity ids remembered per conversation
MAX_ID = 128
CARDS = 4  # answer cards remembered per conversation (only the one on screen is ever updated)

_TABLE = AgentStateRecord.__table__  # type: ignore[attr-defined]


def decode_recent(raw: str | None) -> list[str]:
    """The stored activity ids; anything unexpected reads as none (never an object)."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def decode_cards(raw: str | None) -> dict[str, str]:
    """The stored answer-card ids by token; anything unexpected reads as none."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


@dataclass
class TurnMark:
    """What this turn knows of its conversation's row, and what it will write there."""

    state_key: str
    activity_id: str | None
    recent: list[str] = field(default_factory=list)
    unsent: str | None = None  # a previous turn's activity whose replies may not have gone
    row_exists: bool = False
    saved: bool = False  # the bookkeeping went out with the state's own write
    marked: bool = False  # this turn's id is in `unsent_reply` until its replies are sent
    cards: dict[str, str] = field(default_factory=dict)  # answer cards sent: token -> id
    person_id: int | None = None  # whose turn it is, once known (stored on the row)

    def seen(self, values: tuple[str | None, str | None], cards: str | None = None) -> None:
        """The row's bookkeeping columns, as the state read found them."""
        self.row_exists = True
        self.recent, self.unsent = decode_recent(values[0]), values[1]
        self.cards = decode_cards(cards)

    @property
    def duplicate(self) -> bool:
        return self.activity_id is not None and self.activity_id in self.recent

    def columns(self) -> dict[str, str | int | None]:
        """The values to store: this activity among the recent ones, marked unsent, and whose
        turn it was."""
        ids = list(self.recent)
        if self.activity_id is not None:
            ids = [*ids, self.activity_id[:MAX_ID]][-RECENT:]
            self.marked = True
        values: dict[str, str | int | None] = {
            "recent_activities": json.dumps(ids),
            "unsent_reply": self.activity_id[:MAX_ID] if self.activity_id else None,
        }
        if self.person_id is not None:
            values["person_id"] = self.person_id
        return values

    async def save(self, conn: AsyncConnection) -> None:
        """Write the bookkeeping alone (the state itself did not change)."""
        if self.saved or not self.row_exists:
            return
        await conn.execute(
            update(_TABLE).where(_TABLE.c.key == self.state_key).values(**self.columns())
        )
        self.saved = True


async def replies_sent(db: Db, mark: TurnMark, cards: dict[str, str] | None = None) -> None:
    """The turn's replies went out: forget the unsent marker, and remember the ids of the answer
    cards among them (`cards`, token -> id); one small write of its own, when there is any."""
    unmark = mark.marked and mark.activity_id is not None
    if not unmark and not cards:
        return
    async with db.session() as session, session.begin():
        conn = await session.connection()
        if unmark and mark.activity_id is not None:
            await conn.execute(
                update(_TABLE)
                .where(
                    _TABLE.c.key == mark.state_key,
                    _TABLE.c.unsent_reply == mark.activity_id[:MAX_ID],
                )
                .values(unsent_reply=None)
            )
        if cards:
            fresh = {token[:MAX_ID]: sent[:MAX_ID] for token, sent in cards.items()}
            kept = {t: i for t, i in mark.cards.items() if t not in fresh} | fresh
            newest = dict(list(kept.items())[-CARDS:])
            await conn.execute(
                update(_TABLE)
                .where(_TABLE.c.key == mark.state_key)
                .values(answer_cards=json.dumps(newest))
            )
