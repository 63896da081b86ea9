"""The Agents SDK `Storage` on SQL, with optimistic concurrency through a version per key.

`read` remembers each row's version on the item it returns; `write` updates a row only while it
still has that version (else `StateConflictError`), inserts items that carry no version (a
duplicate key is a conflict too) and then stores the new version on the item, so a second save in
the same turn works. Items are encoded with `camau.storage.codec`.

Inside a unit of work (a turn) every call uses the unit's transaction, and the conversation row's
bookkeeping (`camau.storage.turns`) is read and written with the state, in the same statements.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar, cast

from microsoft_agents.hosting.core.storage import Storage, StoreItem
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from camau.storage.codec import decode, encode
from camau.storage.errors import DatabaseUnavailable, StateConflictError, StorageError
from camau.storage.models import AgentStateRecord, utcnow
from camau.storage.turns import TurnMark
from camau.storage.unit import Db, current_unit

logger = logging.getLogger(__name__)

StoreItemT = TypeVar("StoreItemT", bound=StoreItem)

VERSION_ATTRIBUTE = "_camau_version"
MAX_KEY_LENGTH = 512

_TABLE = AgentStateRecord.__table__  # type: ignore[attr-defined]


def version_of(item: object) -> int | None:
    """The stored version this item was read at (or last written as), or None if never stored."""
    version = getattr(item, VERSION_ATTRIBUTE, None)
    return version if isinstance(version, int) else None


def _check_keys(keys: Iterable[str], operation: str) -> list[str]:
    checked = list(keys)
    if not checked:
        raise ValueError(f"SqlStorage.{operation}(): keys are required")
    for key in checked:
        if not key:
            raise ValueError(f"SqlStorage.{operation}(): a key cannot be empty")
        if len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"SqlStorage.{operation}(): a key is over {MAX_KEY_LENGTH} chars")
    return checked


def _is_unavailable(exc: SQLAlchemyError) -> bool:
    """True for errors of reaching the database rather than of the statement."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError)


def _turn_mark(db: Db, key: str) -> TurnMark | None:
    """The bookkeeping of the turn in progress, when `key` is its conversation's row."""
    unit = current_unit()
    mark = unit.notes.get("turn") if unit is not None and unit.engine is db.engine else None
    return mark if isinstance(mark, TurnMark) and mark.state_key == key else None


class SqlStorage(Storage):
    """Agents SDK storage in the `agent_state` table: the turn's transaction, or one per call."""

    def __init__(self, db: Db) -> None:
        self._db = db

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection]:
        unit = current_unit()
        if unit is not None and unit.engine is self._db.engine:
            yield await unit.session.connection()
            return
        async with self._db.session() as session, session.begin():
            yield await session.connection()

    @asynccontextmanager
    async def _transaction(self, operation: str) -> AsyncIterator[AsyncConnection]:
        """A connection in a transaction; driver errors become StorageError subclasses."""
        try:
            async with self._connection() as conn:
                yield conn
        except StorageError:
            raise
        except (OSError, TimeoutError) as exc:
            logger.warning(
                "agent state %s: database unreachable (%s)", operation, type(exc).__name__
            )
            raise DatabaseUnavailable(f"agent state {operation}: database unreachable") from exc
        except SQLAlchemyError as exc:
            if _is_unavailable(exc):
                logger.warning(
                    "agent state %s: database unavailable (%s)", operation, type(exc).__name__
                )
                raise DatabaseUnavailable(f"agent state {operation}: database error") from exc
            raise StorageError(f"agent state {operation} failed") from exc

    async def read(
        self, keys: list[str], *, target_cls: type[StoreItemT], **kwargs: Any
    ) -> dict[str, StoreItemT]:
        """The stored items among `keys`, each remembering the version it was read at."""
        wanted = _check_keys(keys, "read")
        async with self._transaction("read") as conn:
            rows = await conn.execute(
                select(
                    _TABLE.c.key,
                    _TABLE.c.version,
                    _TABLE.c.data,
                    _TABLE.c.recent_activities,
                    _TABLE.c.unsent_reply,
                    _TABLE.c.answer_cards,
                ).where(_TABLE.c.key.in_(wanted))
            )
            found = rows.all()
        items: dict[str, StoreItemT] = {}
        for key, version, data, recent, unsent, cards in found:
            mark = _turn_mark(self._db, key)
            if mark is not None:
                mark.seen((recent, unsent), cards)
            item = target_cls.from_json_to_store_item(decode(data))
            setattr(item, VERSION_ATTRIBUTE, version)
            items[key] = cast(StoreItemT, item)
        return items

    async def write(self, changes: dict[str, StoreItem]) -> None:
        """Save every item in one transaction, or raise StateConflictError and save none."""
        _check_keys(changes, "write")
        encoded = {key: encode(item.store_item_to_json()) for key, item in changes.items()}
        now = utcnow()
        new_versions: dict[str, int] = {}
        async with self._transaction("write") as conn:
            for key, item in changes.items():
                version = version_of(item)
                mark = _turn_mark(self._db, key)
                extra = mark.columns() if mark is not None else {}
                if version is None:
                    await self._insert(conn, key, encoded[key], now, extra)
                    new_versions[key] = 1
                else:
                    await self._update(conn, key, version, encoded[key], now, extra)
                    new_versions[key] = version + 1
                if mark is not None:
                    mark.saved = mark.row_exists = True
        for key, item in changes.items():
            setattr(item, VERSION_ATTRIBUTE, new_versions[key])

    async def delete(self, keys: Iterable[str]) -> None:
        """Delete the rows of `keys`; missing keys (and an empty list) are ignored."""
        doomed = list(keys)
        if not doomed:
            return  # the SDK's `State.save` deletes an empty list before every write
        _check_keys(doomed, "delete")
        async with self._transaction("delete") as conn:
            await conn.execute(delete(_TABLE).where(_TABLE.c.key.in_(doomed)))

    @staticmethod
    async def _insert(
        conn: AsyncConnection, key: str, data: str, now: datetime, extra: dict[str, Any]
    ) -> None:
        values = {"key": key, "version": 1, "data": data, "updated_at": now, **extra}
        try:
            await conn.execute(insert(_TABLE).values(**values))
        except IntegrityError as exc:
            logger.info("agent state conflict: a new key was inserted by another turn")
            raise StateConflictError("agent state was created by another turn") from exc

    @staticmethod
    async def _update(
        conn: AsyncConnection,
        key: str,
        version: int,
        data: str,
        now: datetime,
        extra: dict[str, Any],
    ) -> None:
        statement = (
            update(_TABLE)
            .where(_TABLE.c.key == key, _TABLE.c.version == version)
            .values(version=_TABLE.c.version + 1, data=data, updated_at=now, **extra)
        )
        result = await conn.execute(statement)
        if result.rowcount != 1:
            logger.info("agent state conflict: version %d is no longer current", version)
            raise StateConflictError("agent state was changed by another turn")
