"""What one turn costs the database, pinned: transactions, statements and writes per turn.

Before the turn was one unit of work a `menu` turn ran 6 transactions, 8 SELECTs and 2 UPDATEs
(the conversation reference and the state were rewritten every turn), and a scoring's last answer
ran 15 transactions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.bot.app import APP_KEY
from camau.config import Settings
from camau.services.clock import FixedClock
from tests.e2e.test_steps import WORDS, at, say_all, worker, worker_with_case
from tests.support.bot import BotHarness
from tests.support.connector import FakeConnector, Member

WRITE = re.compile(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


@dataclass
class Tally:
    """Transactions begun, statements by kind, and the tables each transaction wrote."""

    transactions: int = 0
    statements: Counter[str] = field(default_factory=Counter)
    writes: list[list[str]] = field(default_factory=list)

    @property
    def written(self) -> list[str]:
        return [table for tables in self.writes for table in tables]


@contextmanager
def tally(engine: AsyncEngine) -> Iterator[Tally]:
    counted = Tally()

    def on_begin(_conn: Any) -> None:
        counted.transactions += 1
        counted.writes.append([])

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        word = statement.strip().split(None, 1)[0].upper()
        if word in ("BEGIN", "COMMIT", "ROLLBACK"):
            return
        counted.statements[word] += 1
        match = WRITE.match(statement)
        if match and counted.writes:
            counted.writes[-1].append(match.group(2).lower())

    sync = engine.sync_engine
    event.listen(sync, "begin", on_begin)
    event.listen(sync, "before_cursor_execute", on_execute)
    try:
        yield counted
    finally:
        event.remove(sync, "begin", on_begin)
        event.remove(sync, "before_cursor_execute", on_execute)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(date(2026, 12, 21)))


@pytest.fixture
async def costed(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


def engine_of(bot: BotHarness) -> AsyncEngine:
    assert bot.server is not None
    engine = bot.server.app[APP_KEY]["engine"]
    assert isinstance(engine, AsyncEngine)
    return engine


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_turn_cost_menu_is_one_transaction_and_at_most_one_write(
    costed: BotHarness, connector: FakeConnector, language: str
) -> None:
    person = worker(costed, connector, language)
    await person.say("hi")
    await person.say("menu")
    with tally(engine_of(costed)) as menu:
        replies = await person.say("menu")
    assert replies
    assert menu.transactions == 1, menu  # the person is recognised in the turn's transaction
    assert len(menu.written) <= 1, menu
    assert menu.statements["SELECT"] <= 2, menu  # the person (roles, reference), the state


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_turn_cost_scoring_last_answer_is_one_transaction_of_work(
    costed: BotHarness, connector: FakeConnector, clock: FixedClock, language: str
) -> None:
    w = WORDS[language]
    person = await worker_with_case(costed, connector, language)
    clock.set(at(date(2027, 1, 5)))
    skip = w["skip"]
    await say_all(person, w["scores"], w["first"], w["yes"])
    await say_all(person, "3", "4", skip, "6", skip, skip, "2", "3", "One dry week")
    with tally(engine_of(costed)) as last:
        replies = await person.say(skip)  # the last answer: scores, nudges and state saved
    assert replies
    working = [tables for tables in last.writes if set(tables) - {"agent_state"}]
    assert len(working) == 1, last  # every domain write and queued message in one transaction
    assert {"steps_score", "agent_state"} <= set(working[0]), last
    assert last.transactions <= 2, last  # the turn (recognition inside it), the reply's receipt


class _WatchedMembers(dict[str, Member]):
    """The connector's members; notes how many database connections were in use at each look-up."""

    def __init__(self, engine: AsyncEngine, members: dict[str, Member]) -> None:
        super().__init__(members)
        self.engine = engine
        self.in_use: list[int] = []

    def get(self, key: str, default: Any = None) -> Any:
        pool: Any = self.engine.pool
        self.in_use.append(pool.checkedout())
        return super().get(key, default)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_turn_cost_member_look_up_runs_outside_any_transaction(
    costed: BotHarness, connector: FakeConnector, language: str
) -> None:
    """A linked account is read inside the turn's transaction; the Teams member look-up (an
    HTTP call, for an account not yet linked) never runs while a transaction is open."""
    person = worker(costed, connector, language)
    watched = _WatchedMembers(engine_of(costed), connector.members)
    connector.members = watched
    with tally(engine_of(costed)) as first:
        assert await person.say("hi")  # not linked yet: found by e-mail, then linked
    assert watched.in_use == [0], (watched.in_use, first)
    with tally(engine_of(costed)) as menu:
        assert await person.say("menu")
    assert watched.in_use == [0]  # linked now: no look-up
    assert menu.transactions == 1, menu
