"""Drafts: a reflection, a new case or a scoring in progress, kept after every answer.

A draft is private to its author: every call takes the caller and touches only their drafts.
It expires `KEEP_FOR` after its last answer (the purge removes it) and is removed when its dialog
finishes or is discarded. Drafts never reach reports, counts, summaries or briefs: nothing but
this module reads the table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from camau.practice.retention import DRAFTS_KEPT
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.errors import NotFound
from camau.services.people import Caller
from camau.storage import codec
from camau.storage import drafts as repo
from camau.storage.drafts_tables import DialogDraft

logger = logging.getLogger(__name__)

KINDS = ("reflection", "new_case", "scores")
KEEP_FOR = DRAFTS_KEPT
# Stored dialog state that cannot be read back safely (an unknown type tag, bad JSON).
UnreadableState = codec.CodecError


def encode_state(value: object) -> str:
    """Dialog state as the allow-listed codec's JSON (the edge allow-lists the state types)."""
    return codec.encode(value)


def decode_state(text: str) -> object:
    """Dialog state kept by `encode_state`; `UnreadableState` if it cannot be read safely."""
    return codec.decode(text)


@dataclass(frozen=True)
class DraftView:
    """A draft as its author sees it in the list (no answers: those are in `state`)."""

    id: int
    kind: str
    answers: int
    updated_at: datetime


def _view(draft: DialogDraft) -> DraftView:
    assert draft.id is not None
    return DraftView(draft.id, draft.kind, draft.answers, draft.updated_at)


def _live(draft: DialogDraft | None, caller: Caller, now: datetime) -> DialogDraft:
    if draft is None or draft.person_id != caller.id or now - draft.updated_at >= KEEP_FOR:
        raise NotFound("draft")
    return draft


async def keep(
    db: Db, clock: Clock, caller: Caller, draft_id: int | None, kind: str, answers: int, state: str
) -> int:
    """Create (no id) or update the caller's draft; its id. A draft gone meanwhile is recreated."""
    if kind not in KINDS:
        raise ValueError(f"unknown draft kind {kind!r}")
    now = clock.now()
    async with db() as session, session.begin():
        found = await repo.get(session, draft_id) if draft_id is not None else None
        if found is None or found.person_id != caller.id:
            found = await repo.add(
                session, DialogDraft(person_id=caller.id, kind=kind, state=state, created_at=now)
            )
        found.kind, found.answers, found.state, found.updated_at = kind, answers, state, now
        assert found.id is not None
        return found.id


async def mine(db: Db, clock: Clock, caller: Caller) -> list[DraftView]:
    """The caller's drafts not yet expired, the latest first."""
    return [view for view, _state in await mine_with_states(db, clock, caller)]


async def mine_with_states(db: Db, clock: Clock, caller: Caller) -> list[tuple[DraftView, str]]:
    """The caller's drafts not yet expired, the latest first, each with its stored dialog state
    (`mine` and `state_of` for each, in one read)."""
    now = clock.now()
    async with db() as session:
        drafts = await repo.of_person(session, caller.id)
    return [(_view(d), d.state) for d in drafts if now - d.updated_at < KEEP_FOR]


async def state_of(db: Db, clock: Clock, caller: Caller, draft_id: int) -> tuple[DraftView, str]:
    """The caller's draft and its stored dialog state; NotFound when not theirs or expired."""
    async with db() as session:
        draft = _live(await repo.get(session, draft_id), caller, clock.now())
    return _view(draft), draft.state


async def discard(db: Db, caller: Caller, draft_id: int) -> None:
    """Remove the caller's draft (finished, cancelled or discarded); nothing if already gone."""
    async with db() as session, session.begin():
        draft = await repo.get(session, draft_id)
        if draft is not None and draft.person_id == caller.id:
            await repo.remove(session, draft_id)


async def forget_person(db: Db, person_id: int) -> int:
    """Remove every draft of a person (their data is being deleted); how many."""
    async with db() as session, session.begin():
        count = await repo.remove_of_person(session, person_id)
    logger.info("drafts: removed %d of person %s", count, person_id)
    return count
