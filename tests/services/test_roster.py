"""Importing a roster (SQLite and PostgreSQL): create, update by e-mail, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from camau.practice.roster import RosterError, parse_roster
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.services.demo import PLAYGROUND_OBJECT_ID, seed_demo
from camau.services.invites import Outcome, create_invite, redeem
from camau.services.people import recognise
from camau.services.roster import ImportSummary, import_roster
from camau.storage import people as repo
from camau.storage.models import ManagerLink, MentorLink, Person, PersonRole

HEADER = "name,email,roles,mentor_email,manager_email,language,aad_object_id,timezone,working_hours"
TEAM = [
    "Megan Rhys,megan@example.org,mentor,,,cy,,,",
    "Owain Glyn,owain@example.org,mentor;worker,,,en,,,",
    "Dafydd Morgan,dafydd@example.org,manager,,,en,,,",
    "Gwenllian Ŵyn,gwen@example.org,worker,megan@example.org,dafydd@example.org,cy,obj-1,"
    "Europe/London,Mon-Thu 08:00-16:00",
    "Alex Wilber,alex@example.org,worker,megan@example.org,dafydd@example.org,,,,",
]


def csv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


async def load(db: Db, *rows: str, deactivate_missing: bool = False) -> ImportSummary:
    return await import_roster(db, parse_roster(csv(*rows)), deactivate_missing=deactivate_missing)


async def snapshot(db: Db) -> list[tuple[object, ...]]:
    """Everything an import touches, to show that a failed one changed nothing."""
    async with db() as session:
        rows: list[tuple[object, ...]] = []
        for model in (Person, PersonRole, MentorLink, ManagerLink):
            result = await session.exec(select(model))
            for obj in result.all():
                rows.append(tuple(sorted(obj.model_dump().items())))
        return sorted(rows, key=repr)


async def person(db: Db, email: str) -> tuple[Person, set[str], str | None, str | None]:
    async with db() as session:
        found = await repo.by_email(session, email)
        assert found is not None and found.id is not None
        mentor = await repo.mentor_of(session, found.id)
        manager = await repo.manager_of(session, found.id)
        return (
            found,
            await repo.roles(session, found.id),
            None if mentor is None else mentor.email,
            None if manager is None else manager.email,
        )


async def test_import_roster_creates_people_roles_and_links(db: Db) -> None:
    summary = await load(db, *TEAM)
    assert summary == ImportSummary(created=5)
    gwen, roles, mentor, manager = await person(db, "GWEN@example.org")
    assert (gwen.name, gwen.language, gwen.aad_object_id) == ("Gwenllian Ŵyn", "cy", "obj-1")
    assert (gwen.timezone, gwen.working_hours, gwen.active) == (
        "Europe/London",
        "Mon-Thu 08:00-16:00",
        True,
    )
    assert (roles, mentor, manager) == ({"worker"}, "megan@example.org", "dafydd@example.org")
    alex = (await person(db, "alex@example.org"))[0]
    assert (alex.language, alex.timezone, alex.working_hours) == (
        None,
        "Europe/London",
        "Mon-Fri 09:00-17:00",
    )
    assert (await person(db, "owain@example.org"))[1] == {"mentor", "worker"}


async def test_import_roster_again_changes_nothing(db: Db) -> None:
    await load(db, *TEAM)
    before = await snapshot(db)
    assert await load(db, *TEAM) == ImportSummary(unchanged=5)
    assert await snapshot(db) == before


async def test_import_roster_updates_by_email_ignoring_case(db: Db) -> None:
    await load(db, *TEAM)
    summary = await load(
        db,
        *TEAM[:3],
        "Gwenllian Wyn-Jones,Gwen@EXAMPLE.org,worker;mentor,OWAIN@example.org,dafydd@example.org,"
        "en,obj-1,Europe/Paris,always",
        TEAM[4],
    )
    assert summary == ImportSummary(updated=1, unchanged=4)
    gwen, roles, mentor, _ = await person(db, "gwen@example.org")
    assert (gwen.name, gwen.email) == ("Gwenllian Wyn-Jones", "gwen@example.org")
    assert gwen.language == "en"
    assert (gwen.timezone, gwen.working_hours) == ("Europe/Paris", "always")
    assert (roles, mentor) == ({"worker", "mentor"}, "owain@example.org")
    async with db() as session:
        count = len((await session.exec(select(Person))).all())
    assert count == 5


async def test_import_roster_keeps_stored_language_and_settings_when_cells_are_empty(
    db: Db,
) -> None:
    await load(db, *TEAM)
    async with db() as session, session.begin():
        alex = await repo.by_email(session, "alex@example.org")
        assert alex is not None
        alex.language, alex.aad_object_id = "cy", "learned-from-teams"
    await load(db, *TEAM[:3], "Gwenllian Ŵyn,gwen@example.org,worker,,,,,,", TEAM[4])
    assert (await person(db, "alex@example.org"))[0].language == "cy"
    assert (await person(db, "alex@example.org"))[0].aad_object_id == "learned-from-teams"
    gwen, _, mentor, manager = await person(db, "gwen@example.org")
    assert (gwen.language, gwen.aad_object_id, gwen.working_hours) == (
        "cy",
        "obj-1",
        "Mon-Thu 08:00-16:00",
    )
    assert (mentor, manager) == (None, None)


async def test_import_roster_accepts_a_mentor_already_in_the_database(db: Db) -> None:
    await load(db, *TEAM)
    await load(db, "Tom Davies,tom@example.org,worker,megan@example.org,,en,,,")
    assert (await person(db, "tom@example.org"))[2] == "megan@example.org"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Tom,tom@example.org,worker;chief,,,,,,", "unknown role 'chief'"),
        ("Tom,tom@example,worker,,,,,,", "is not an e-mail address"),
        ("Tom,tom@example.org,worker,,,,,Mars/Olympus,", "timezone"),
        ("Tom,tom@example.org,worker,,,,,,Mon-Fri 25:00-26:00", "working_hours"),
        ("Tom,tom@example.org,worker,nobody@example.org,,,,,", "is not on the roster"),
        ("Tom,tom@example.org,worker,alex@example.org,,,,,", "lacks the mentor role"),
        ("Tom,tom@example.org,worker,,megan@example.org,,,,", "lacks the manager role"),
        ("Tom,ALEX@example.org,worker,,,,,,", "already appears on line 6"),
        ("Tom,tom@example.org,worker,,,,obj-1,,", "aad_object_id already appears"),
    ],
)
async def test_import_roster_aborts_whole_on_a_bad_row(db: Db, row: str, reason: str) -> None:
    await load(db, *TEAM)
    before = await snapshot(db)
    changed = [TEAM[0].replace("Megan Rhys", "Megan Rhys-Evans"), *TEAM[1:]]
    with pytest.raises(RosterError) as caught:
        await load(db, *changed, "Elin Pryce,elin@example.org,worker,,,,,,", row)
    assert (caught.value.line, reason in caught.value.reason) == (8, True), caught.value
    assert await snapshot(db) == before


async def test_import_roster_rejects_a_mentor_who_lacks_the_role_in_the_database(db: Db) -> None:
    await load(db, *TEAM)
    with pytest.raises(RosterError, match=r"line 2: mentor_email: alex@example\.org lacks"):
        await load(db, "Tom,tom@example.org,worker,alex@example.org,,,,,")


async def test_import_roster_rejects_an_object_id_held_by_someone_else(db: Db) -> None:
    await load(db, *TEAM)
    before = await snapshot(db)
    with pytest.raises(RosterError, match="line 2: aad_object_id: already belongs to gwen@"):
        await load(db, "Tom,tom@example.org,worker,,,,obj-1,,")
    assert await snapshot(db) == before


async def test_import_roster_moves_object_ids_between_people_in_one_file(db: Db) -> None:
    await load(db, *TEAM)
    rows = [*TEAM[:3], TEAM[3].replace("obj-1", "obj-2"), TEAM[4].replace(",,,,", ",,obj-1,,")]
    assert (await load(db, *rows)).updated == 2
    assert (await person(db, "alex@example.org"))[0].aad_object_id == "obj-1"
    assert (await person(db, "gwen@example.org"))[0].aad_object_id == "obj-2"


async def test_import_roster_deactivates_missing_people_who_then_lose_access(db: Db) -> None:
    await load(db, *TEAM)
    clock = FixedClock(datetime(2025, 3, 3, 9, tzinfo=UTC))
    code = await create_invite(db, clock, "alex@example.org")
    assert await recognise(db, "msteams", "29:gwen", aad_object_id="obj-1") is not None
    summary = await load(db, *TEAM[:4], deactivate_missing=True)
    assert summary == ImportSummary(unchanged=4, deactivated=1)
    alex = (await person(db, "alex@example.org"))[0]
    assert alex.active is False
    result = await redeem(
        db, clock, code=code, channel_id="telegram", user_id="7", conversation_key="t:7"
    )
    assert result.outcome is Outcome.EXPIRED
    await load(db, *TEAM[:3], deactivate_missing=True)
    assert await recognise(db, "msteams", "29:gwen", aad_object_id="obj-1") is None
    gwen = (await person(db, "gwen@example.org"))[0]
    assert (gwen.active, gwen.name) == (False, "Gwenllian Ŵyn")


async def test_import_roster_reactivates_people_back_in_the_file(db: Db) -> None:
    await load(db, *TEAM)
    await load(db, *TEAM[:4], deactivate_missing=True)
    assert await load(db, *TEAM) == ImportSummary(updated=1, unchanged=4)
    assert (await person(db, "alex@example.org"))[0].active is True


async def test_import_roster_requires_a_mentor_in_the_file_when_deactivating(db: Db) -> None:
    await load(db, *TEAM)
    with pytest.raises(RosterError, match=r"line 2: mentor_email: megan@example\.org is not on"):
        await load(db, TEAM[4], deactivate_missing=True)


async def test_seed_demo_is_idempotent_and_leaves_alex_without_a_language(db: Db) -> None:
    team = await seed_demo(db)
    before = await snapshot(db)
    assert await seed_demo(db) == team
    assert await snapshot(db) == before
    alex, roles, mentor, manager = await person(db, "alex.wilber@demo.camau.cymru")
    assert (alex.name, alex.language, alex.aad_object_id) == (
        "Alex Wilber",
        None,
        PLAYGROUND_OBJECT_ID,
    )
    assert (roles, mentor, manager) == (
        {"worker"},
        "megan.rhys@demo.camau.cymru",
        "dafydd.morgan@demo.camau.cymru",
    )
    megan = (await person(db, "megan.rhys@demo.camau.cymru"))[0]
    assert (megan.name, megan.language) == ("Megan Rhys", "cy")
    assert {r for p in team for r in p.roles} == {"worker", "mentor", "manager", "admin"}
    assert sum("worker" in p.roles for p in team) >= 3
