"""A team for session tests: a Welsh mentor, an English manager, workers, all reachable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference

from camau.practice.roster import RosterEntry
from camau.services import people
from camau.services.db import Db
from camau.services.people import Caller
from camau.services.roster import import_roster

DOMAIN = "team.example"
MENTOR = f"megan@{DOMAIN}"
MANAGER = f"dafydd@{DOMAIN}"
WORKERS = ("tom", "elin", "alex", "sara", "iwan")


@dataclass(frozen=True)
class Team:
    mentor: Caller
    manager: Caller
    workers: tuple[Caller, ...]


def _reference(email: str) -> str:
    reference = ConversationReference(
        channel_id="msteams",
        service_url="http://127.0.0.1:9",
        conversation=ConversationAccount(id=f"conv-{email}"),
        user=ChannelAccount(id=f"user-{email}"),
        bot=ChannelAccount(id="bot"),
    )
    return reference.model_dump_json(by_alias=True, exclude_none=True)


async def make_team(db: Db, workers: int = 2, *, outsider: bool = False) -> Team:
    """Megan mentors and Dafydd manages `workers` workers; everyone has written to Camau."""
    entries = [
        RosterEntry(1, "Megan Rhys", MENTOR, frozenset({"mentor"}), None, None, "cy", None),
        RosterEntry(2, "Dafydd Morgan", MANAGER, frozenset({"manager"}), None, None, "en", None),
    ]
    for n, name in enumerate(WORKERS[:workers], 3):
        entries.append(
            RosterEntry(
                n,
                name.title(),
                f"{name}@{DOMAIN}",
                frozenset({"worker"}),
                MENTOR,
                MANAGER,
                "en",
                None,
            )
        )
    if outsider:
        entries.append(
            RosterEntry(
                9, "Other", f"other@{DOMAIN}", frozenset({"worker"}), None, None, "en", None
            )
        )
    await import_roster(db, entries, deactivate_missing=False)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for entry in entries:
        person = await people.by_email(db, entry.email)
        await people.remember_reference(db, person.id, "msteams", _reference(entry.email), stamp)
    return Team(
        mentor=await people.by_email(db, MENTOR),
        manager=await people.by_email(db, MANAGER),
        workers=tuple([await people.by_email(db, f"{w}@{DOMAIN}") for w in WORKERS[:workers]]),
    )
