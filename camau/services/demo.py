"""A demo team for trying Camau locally (Agents Playground, console): safe to run again.

Alex Wilber is the Agents Playground's default user; he has no language yet, so the bot opens
with "Cymraeg neu English?".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from camau.practice.roster import RosterEntry
from camau.services.db import Db
from camau.services.roster import import_roster

logger = logging.getLogger(__name__)

PLAYGROUND_OBJECT_ID = "00000000-0000-0000-0000-0000000000020"
_DOMAIN = "demo.camau.cymru"
_MENTOR = f"megan.rhys@{_DOMAIN}"
_MANAGER = f"dafydd.morgan@{_DOMAIN}"


@dataclass(frozen=True)
class DemoPerson:
    """One member of the demo team."""

    name: str
    email: str
    roles: tuple[str, ...]
    language: str | None


def _entry(
    line: int, name: str, roles: tuple[str, ...], language: str | None, **extra: str
) -> RosterEntry:
    email = f"{name.lower().replace(' ', '.').replace('â', 'a')}@{_DOMAIN}"
    worker = "worker" in roles
    return RosterEntry(
        line=line,
        name=name,
        email=email,
        roles=frozenset(roles),
        mentor_email=_MENTOR if worker else None,
        manager_email=_MANAGER if worker else None,
        language=language,
        aad_object_id=extra.get("aad_object_id"),
    )


TEAM = (
    _entry(1, "Megan Rhys", ("mentor",), "cy"),
    _entry(2, "Dafydd Morgan", ("manager",), "en"),
    _entry(3, "Siân Lloyd", ("admin",), "cy"),
    _entry(4, "Alex Wilber", ("worker",), None, aad_object_id=PLAYGROUND_OBJECT_ID),
    _entry(5, "Elin Pryce", ("worker",), "cy"),
    _entry(6, "Tom Davies", ("worker",), "en"),
)


async def seed_demo(db: Db) -> list[DemoPerson]:
    """Create or refresh the demo team (the same rows however often it runs)."""
    summary = await import_roster(db, list(TEAM), deactivate_missing=False)
    logger.info("demo team: %d created, %d updated", summary.created, summary.updated)
    return [DemoPerson(e.name, e.email, tuple(sorted(e.roles)), e.language) for e in TEAM]
