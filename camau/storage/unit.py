"""The database handle (`Db`) and the unit of work: one transaction for a turn's whole work.

`async with db() as session:` opens a session of its own, as `async_sessionmaker` does; inside a
unit of work it joins the unit's session instead, and `session.begin()` becomes a savepoint, so a
service's writes commit with everything else the turn does, or not at all.

`async with db.unit_of_work(lock_key) as unit:` isolates, then opens the transaction:
- on SQLite one process-wide writer lock per database file, then `BEGIN IMMEDIATE` (Camau drives
  SQLite's transactions itself: driver autocommit off, an explicit BEGIN, as SQLAlchemy documents
  for pysqlite and aiosqlite), so a turn never fails half-way with SQLITE_BUSY;
- on PostgreSQL a transaction-scoped advisory lock keyed by `lock_key` (the conversation), so
  turns of one conversation take turns across replicas while other conversations run freely.

Effects outside the database (retracting sent messages, uploads, look-ups) are registered with
`unit.after_commit(...)` and run only once the transaction committed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

logger = logging.getLogger(__name__)

WRITE_OPTION = "camau_write"
"""Execution option: on SQLite, a connection with it begins with `BEGIN IMMEDIATE`."""

# PostgreSQL SQLSTATEs after which the database has rolled the whole transaction back.
_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization, deadlock, lock not available

STATE_TABLE = "agent_state"
UNIT_INFO = "camau_unit"
_WRITE = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)

_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
_current: ContextVar[UnitOfWork | None] = ContextVar("camau_unit_of_work", default=None)
_writer_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

Effect = Callable[[], Awaitable[None]]


def is_retryable(exc: BaseException) -> bool:
    """True when the database rolled a transaction back whole and running it again may work."""
    if exc.__cause__ is not None and is_retryable(exc.__cause__):
        return True
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if code in _RETRYABLE_SQLSTATES:
            return True
        if isinstance(exc, OperationalError) and "database is locked" in str(orig):
            return True
    return False


def advisory_key(lock_key: str) -> int:
    """A signed 64-bit key for `pg_advisory_xact_lock`, stable across processes."""
    digest = hashlib.blake2b(lock_key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class CamauSession(AsyncSession):
    """A session whose explicit transactions are writes (`BEGIN IMMEDIATE` on SQLite).

    Inside a unit of work (`joined`), `begin()` is a savepoint of the unit's transaction.
    """

    def __init__(self, engine: AsyncEngine, write_engine: AsyncEngine) -> None:
        super().__init__(bind=engine, expire_on_commit=False)
        self._write_engine = write_engine
        self.unit: UnitOfWork | None = None

    def begin(self) -> Any:
        if self.unit is not None:
            return self.begin_nested()
        if not self.in_transaction():
            self.sync_session.bind = self._write_engine.sync_engine
        return super().begin()


class _JoinedSession:
    """The unit's session as a service sees it: closing it does nothing."""

    def __init__(self, session: CamauSession) -> None:
        self._session = session

    async def __aenter__(self) -> CamauSession:
        return self._session

    async def __aexit__(self, *_exc: object) -> None:
        return None


class UnitOfWork:
    """One transaction in progress, and what to do once it has committed."""

    def __init__(self, session: CamauSession, engine: AsyncEngine, lock_key: str | None) -> None:
        self.session = session
        self.engine = engine
        self.lock_key = lock_key
        self.notes: dict[str, Any] = {}  # the turn's bookkeeping, e.g. what the state row said
        self.written: set[str] = set()  # tables written, the agent state's own row included
        self._effects: list[Effect] = []
        self._always: list[Effect] = []

    def after_end(self, effect: Effect) -> None:
        """Run `effect` once this unit has ended, committed or rolled back (a record of a
        refusal, say, that must outlive a turn that fails)."""
        self._always.append(effect)

    async def run_always(self) -> None:
        effects, self._always = self._always, []
        await _run_each(effects, "after-unit")

    @property
    def wrote(self) -> bool:
        """Whether the unit changed data other than the agent state."""
        return bool(self.written - {STATE_TABLE})

    def observe(self, statement: str) -> None:
        match = _WRITE.match(statement)
        if match:
            self.written.add(match.group(2).lower())

    def after_commit(self, effect: Effect) -> None:
        """Run `effect` once this unit has committed (never if it rolls back)."""
        self._effects.append(effect)

    async def run_effects(self) -> None:
        effects, self._effects = self._effects, []
        await _run_each(effects, "after-commit")


async def _run_each(effects: list[Effect], when: str) -> None:
    """Run every effect; one's failure never stops the others or undoes the unit's work."""
    for effect in effects:
        try:
            await effect()
        except Exception as exc:
            logger.warning("%s effect failed: %s", when, type(exc).__name__)


def current_unit() -> UnitOfWork | None:
    """The unit of work this task is inside, if any."""
    return _current.get()


async def after_commit_or_now(effect: Effect) -> None:
    """Run `effect` after the current unit of work commits, or at once outside one."""
    unit = _current.get()
    if unit is None:
        await effect()
    else:
        unit.after_commit(effect)


class Db:
    """The database handle services receive: sessions, and units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.name = str(engine.url)
        if not event.contains(engine.sync_engine, "before_cursor_execute", _observe):
            event.listen(engine.sync_engine, "before_cursor_execute", _observe)

    def session(self) -> CamauSession:
        """A new session of its own, whatever unit of work is in progress."""
        return CamauSession(self.engine, self.write_engine)

    def __call__(self) -> AbstractAsyncContextManager[AsyncSession]:
        unit = _current.get()
        if unit is not None and unit.engine is self.engine:
            return _JoinedSession(unit.session)
        return self.session()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A small write that needs no savepoint of its own (it cannot fail half-way).

        Inside a unit of work, the unit's session as it is; elsewhere a session that commits.
        """
        unit = _current.get()
        if unit is not None and unit.engine is self.engine:
            yield unit.session
            return
        async with self.session() as session, session.begin():
            yield session

    def _writer_lock(self) -> asyncio.Lock:
        lock = _writer_locks.get(self.name)
        if lock is None:
            lock = _writer_locks[self.name] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def unit_of_work(self, lock_key: str | None = None) -> AsyncIterator[UnitOfWork]:
        """Isolate (the lock), then one transaction; effects run after it commits."""
        outer = _current.get()
        if outer is not None and outer.engine is self.engine:
            yield outer  # already inside one: its transaction is this one
            return
        unit: UnitOfWork | None = None
        try:
            async with self._unit(lock_key) as unit:
                yield unit
        finally:
            if unit is not None:
                await unit.run_always()
        await unit.run_effects()

    @asynccontextmanager
    async def _unit(self, lock_key: str | None) -> AsyncIterator[UnitOfWork]:
        async with AsyncExitStack() as stack:
            if self.is_sqlite:
                await stack.enter_async_context(self._writer_lock())
            session = CamauSession(self.write_engine, self.write_engine)
            stack.push_async_callback(session.close)
            unit = UnitOfWork(session, self.engine, lock_key)
            async with session.begin():
                conn = await session.connection()  # BEGIN (IMMEDIATE on SQLite) now
                conn.info[UNIT_INFO] = unit
                stack.callback(conn.info.pop, UNIT_INFO, None)
                if lock_key is not None and not self.is_sqlite:
                    await conn.execute(_ADVISORY_LOCK, {"key": advisory_key(lock_key)})
                session.unit = unit
                token = _current.set(unit)
                try:
                    yield unit
                finally:
                    _current.reset(token)
                    session.unit = None


def _observe(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    """Every statement on a unit's connection is counted, and its writes noted."""
    unit = conn.info.get(UNIT_INFO)
    if unit is not None:
        unit.observe(statement)
