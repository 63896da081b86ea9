"""Delete my data: a person removes their own personal content from Camau, in one go.

What goes: the person's reflections (with their answers, note and summary links; unsent
summaries are cancelled and delivered ones are returned for deleting from the mentor's chat, as
for one reflection), their drafts, files waiting for their consent (an export may hold
reflective text), and whatever they left open in their other chats (Teams and Telegram, or two
Teams chats): each conversation's open dialog and its answers are removed from the agent state
at once, so nothing deleted can be saved from there later, and that chat is told at its next
message (`camau.storage.dialog_state`).

What stays, and why (docs/privacy.md "Delete my data"):
- the audit log, which records this deletion too (counts only): it is the record of who read
  what, and must outlive what it records;
- cases, areas and scores: the team's case work by reference, counted for managers and reports,
  removed by the closed-case retention;
- mentor sessions and each person's answers to them: the mentor's and manager's session counts
  need them, removed by their retention;
- the roster entry, settings and channel accounts: the admin's to remove (the person leaves the
  roster), and needed to reach the person at all;
- the outbox's record of what was sent (no reflective text).

Everything is deleted in one transaction: inside a turn's unit of work it commits with the turn,
or not at all. Only the caller's own rows are touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from camau.reflection import repository as reflection_repo
from camau.reflection.services.reflections import Retraction, retractions
from camau.services import audit
from camau.services.clock import Clock
from camau.services.db import Db
from camau.services.people import Caller
from camau.storage import dialog_state
from camau.storage import drafts as drafts_repo
from camau.storage import files as files_repo

logger = logging.getLogger(__name__)

ACTION = "person.data_deleted"
DATA_DELETED = dialog_state.DATA_DELETED  # the mark on a chat whose open dialog was ended


@dataclass(frozen=True)
class MyData:
    """How much of the caller's own content there is to delete."""

    reflections: int
    drafts: int
    files: int

    @property
    def empty(self) -> bool:
        return not (self.reflections or self.drafts or self.files)


@dataclass(frozen=True)
class Deleted:
    """What was deleted, and the delivered summaries to delete from chats after commit."""

    counts: MyData
    retractions: list[Retraction]
    chats: int = 0  # other chats whose open dialog was ended


async def inventory(db: Db, caller: Caller) -> MyData:
    """What `delete_mine` would delete now for the caller (their own rows only)."""
    async with db() as session:
        reflections = await reflection_repo.by_author(session, caller.id)
        drafts = await drafts_repo.of_person(session, caller.id)
        files = await files_repo.count_of_person(session, caller.id)
    return MyData(len(reflections), len(drafts), files)


async def delete_mine(
    db: Db, clock: Clock, caller: Caller, this_chat: str | None = None
) -> Deleted:
    """Delete the caller's reflections, drafts and pending files, and end the dialogs they left
    open in every chat but `this_chat` (the agent state key of the chat asking, whose own turn
    ends its dialog), audited, in one transaction."""
    found: list[Retraction] = []
    async with db() as session, session.begin():
        reflections = await reflection_repo.by_author(session, caller.id)
        for row in reflections:
            assert row.id is not None
            found += await retractions(session, row.id, leaving=True)
            await reflection_repo.remove(session, row)
        drafts = await drafts_repo.remove_of_person(session, caller.id)
        files = await files_repo.remove_of_person(session, caller.id)
        chats = await dialog_state.end_dialogs_of(session, caller.id, this_chat)
        counts = MyData(len(reflections), drafts, files)
        await audit.record_in(
            session,
            clock.now(),
            actor_id=caller.id,
            action=ACTION,
            subject_id=caller.id,
            count=counts.reflections + counts.drafts + counts.files,
        )
    logger.info(
        "person %s deleted their data: %d reflections, %d drafts, %d files, %d open chats",
        caller.id,
        counts.reflections,
        counts.drafts,
        counts.files,
        chats,
    )
    return Deleted(counts, found, chats)
