"""Two app instances on one PostgreSQL (and, separately, one on SQLite) under bursts of messages.

200 conversations each open their settings, then double-click the answer (the same activity
reaches both replicas at once, as a channel retry does) while other messages arrive together.
Afterwards every answer was applied exactly once and every reply was sent once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from camau.config import Settings, load_settings
from camau.migrations.runner import upgrade
from camau.practice.roster import RosterEntry
from camau.services.demo import seed_demo
from camau.services.roster import import_roster
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import OutboxMessage, Person
from tests.support.bot import BotHarness, Conversation
from tests.support.connector import FakeConnector

CONVERSATIONS = 200
pytestmark = pytest.mark.load  # `make load`, a CI step of its own (not in `make test`)

AT_ONCE = 25
HOURS = "Mon-Thu 08:30-16:30"
SAVED = {"cy": "Wedi'i gadw.", "en": "Saved."}
HOURS_QUESTION = {"cy": "Teipiwch eich oriau gwaith", "en": "Type your working hours"}


async def _team(url: str) -> tuple[Settings, list[tuple[str, str, str]]]:
    """The demo team plus one rostered worker per conversation, half Welsh, half English."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        db = session_factory(engine)
        await seed_demo(db)
        run = uuid.uuid4().hex[:6]
        entries = [
            RosterEntry(
                line=100 + i,
                name=f"Load Worker {i}",
                email=f"load.{run}.{i}@demo.camau.cymru",
                roles=frozenset({"worker"}),
                mentor_email="megan.rhys@demo.camau.cymru",
                language="cy" if i % 2 else "en",
                aad_object_id=str(uuid.uuid4()),
            )
            for i in range(CONVERSATIONS)
        ]
        await import_roster(db, entries, deactivate_missing=False)
    finally:
        await engine.dispose()
    people = [(e.email, e.aad_object_id or "", e.language or "en") for e in entries]
    return load_settings(database_url=url), people


@pytest.fixture(params=["postgresql-two-replicas", "sqlite-one-replica"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, int]:
    if request.param.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / 'camau.db'}", 1
    return str(request.getfixturevalue("postgres_url")), 2


@pytest.fixture
async def replicas(
    backend_url: tuple[str, int], connector: FakeConnector
) -> AsyncIterator[tuple[list[BotHarness], list[tuple[str, str, str]]]]:
    url, count = backend_url
    settings, people = await _team(url)
    harnesses = [await BotHarness(settings, connector).start() for _ in range(count)]
    yield harnesses, people
    for harness in harnesses:
        await harness.close()


async def _post_ok(harness: BotHarness, body: dict[str, object]) -> None:
    assert await harness.post(body) in (200, 201, 202)


async def _play(
    replicas: list[BotHarness], i: int, aad: str, language: str
) -> tuple[Conversation, list[str]]:
    a, b = replicas[0], replicas[-1]
    talk = a.conversation(f"29:load-{i}", aad_object_id=aad)
    await _post_ok(a, talk.activity("gosodiadau" if language == "cy" else "settings"))
    await _post_ok(b, talk.activity("2"))
    answer = talk.activity(HOURS)
    burst = [talk.activity("help"), talk.activity("cymorth" if language == "cy" else "help")]
    await asyncio.gather(  # a double click on two replicas, and two other messages at once
        _post_ok(a, answer),
        _post_ok(b, answer),
        _post_ok(b, burst[0]),
        _post_ok(a, burst[1]),
    )
    return talk, [str(answer["id"]), *(str(m["id"]) for m in burst)]


async def test_two_replicas_apply_every_answer_once_and_send_every_reply_once(
    replicas: tuple[list[BotHarness], list[tuple[str, str, str]]], connector: FakeConnector
) -> None:
    harnesses, people = replicas
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(i: int) -> tuple[Conversation, list[str]]:
        _email, aad, language = people[i]
        async with gate:
            return await _play(harnesses, i, aad, language)

    played = await asyncio.gather(*(one(i) for i in range(CONVERSATIONS)))

    for (talk, ids), (_email, _aad, language) in zip(played, people, strict=True):
        replies = connector.messages(talk.conversation_id)
        per_activity = Counter(r.reply_to_id for r in replies)
        for activity_id in ids:
            assert per_activity[activity_id] >= 1, (talk.conversation_id, activity_id)
        answered = [r for r in replies if r.reply_to_id == ids[0]]
        texts = [r.text for r in answered]
        assert sum(SAVED[language] in (t or "") for t in texts) == 1, texts  # applied once
        bodies = [(r.reply_to_id, r.text, str(r.attachments)) for r in replies]
        assert len(bodies) == len(set(bodies)), "a reply was sent twice"
        assert any(HOURS_QUESTION[language] in (r.text or "") for r in replies)

    engine = create_engine(harnesses[0].settings.database_url)
    try:
        async with session_factory(engine)() as session:
            emails = [email for email, _aad, _language in people]
            rows = (await session.exec(select(Person).where(col(Person.email).in_(emails)))).all()
            outbox = (await session.exec(select(OutboxMessage))).all()
    finally:
        await engine.dispose()
    assert len(rows) == CONVERSATIONS
    assert all(row.working_hours == HOURS for row in rows), Counter(r.working_hours for r in rows)
    assert len({m.dedupe_key for m in outbox}) == len(outbox)
