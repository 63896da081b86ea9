"""Pacing the outbox's sends under Teams' limits, shared by every replica.

Teams allows an app about 50 requests a second per tenant, and per conversation 7 a second,
8 in 2 seconds, 60 in 30 seconds and 1,800 an hour (sliding windows); above them it answers 429.

Every send first takes a **slot**: the earliest instant at which one more send keeps every
window within its limit. Slots are handed out in time order per tenant and per conversation
(a new slot is never before the tenant's or the conversation's latest), so a window only ever
needs to look back. The sender then sleeps until its slot and sends. A 429 backs the whole tenant
off until `Retry-After` has passed. Three places keep the slots:

- `LocalPacer`: in this process (SQLite: one process);
- `camau.bot.pacing_sql.SqlPacer`: PostgreSQL, rows in `pacing_slot` under a per-tenant advisory
  lock, timed by the database's clock (so the replicas' clocks need not agree);
- `camau.bot.pacing_redis.RedisPacer`: Redis (`CAMAU_REDIS_URL`), one Lua script per batch.

A process reaches its pacer through `Slots`: the outbox's sends that ask while a call is out
are served together by the next (one round trip for many slots, `take_slots`), and take slots at
most `HORIZON` seconds ahead; a `priority` send asks at once and alone, with no horizon, so it
waits behind at most the horizon's worth of outbox slots. (Turn replies are not paced: see
docs/operations.md.)

A send is on time when it is written within `LATE` of its slot. `acquire` checks when it
wakes; the connector clients check again (`sending_at`, `check_on_time`) as the request takes
its connection, just before it is written, since a process starved of CPU can be held up in
between. A late send takes a new slot rather than go: the tenant's 50 ms margin is what is
left for the way to the channel.

When the conversation's own windows are full, no tenant slot is taken: the caller waits until
the conversation is ready and asks again, so one busy conversation never holds up the others.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Window:
    """At most `limit` sends in any `seconds`-long stretch."""

    limit: int
    seconds: float


TEAMS_CONVERSATION = (Window(7, 1.0), Window(8, 2.0), Window(60, 30.0), Window(1800, 3600.0))
TEAMS_TENANT = Window(50, 1.0)


@dataclass(frozen=True)
class Limits:
    """The windows to keep, and a margin added to each for the network's jitter."""

    tenant: Window = TEAMS_TENANT
    conversation: tuple[Window, ...] = TEAMS_CONVERSATION
    margin: float = 0.05

    @property
    def spacing(self) -> float:
        """The least time between two of a tenant's slots: its budget spread evenly.

        Without it a fresh budget hands out a whole window of slots at one instant; sent
        together, they reach the channel spread by however long each took, and the next
        window's first sends arrive inside the last window.
        """
        return (self.tenant.seconds + self.margin) / self.tenant.limit

    @property
    def history(self) -> float:
        """How far back a conversation's slots matter (its longest window)."""
        return max(w.seconds for w in self.conversation) + self.margin


@dataclass(frozen=True)
class Slot:
    """`at` is when to send (a slot was taken) or, with `taken` False, when to ask again;
    `held` when that is because the horizon is full (not the conversation's windows)."""

    at: float
    taken: bool
    held: bool = False


@dataclass(frozen=True)
class Grant:
    """A slot in this process's time: `time.monotonic()` to wait for, and whether it is taken.

    Pacers read their clock and answer in one step; `local` is `time.monotonic()` taken right
    after that answer arrived, so the commit and the way back do not delay the send and bunch
    sends together (which the channel would count against the window).
    """

    at: float
    taken: bool
    held: bool = False

    @classmethod
    def of(cls, now: float, slot: Slot, local: float) -> Grant:
        return cls(local + max(0.0, slot.at - now), slot.taken, slot.held)


class ServerClock:
    """Maps a shared server's clock (PostgreSQL's, Redis's) onto `time.monotonic()`.

    As NTP does, from the quickest of a few round trips made one after another, repeated every
    `keep` seconds; in between the offset stays put, so slots granted a moment apart are never
    shifted against each other by an answer that waited behind other work on the event loop.
    """

    def __init__(self, read: Callable[[], Awaitable[float]], keep: float = 60.0) -> None:
        self._read = read
        self._keep = keep
        self._offset = 0.0
        self._at = float("-inf")
        self._lock = asyncio.Lock()

    async def _calibrate(self) -> None:
        best = (float("inf"), 0.0)
        for _ in range(5):
            sent = time.monotonic()
            server = await self._read()
            received = time.monotonic()
            best = min(best, (received - sent, server - (sent + received) / 2))
        self._offset, self._at = best[1], time.monotonic()

    async def grant(self, slot: Slot) -> Grant:
        if time.monotonic() - self._at > self._keep:
            async with self._lock:
                if time.monotonic() - self._at > self._keep:
                    await self._calibrate()
        return Grant(slot.at - self._offset, slot.taken, slot.held)


def _bound(times: Sequence[float], windows: Sequence[Window], margin: float) -> float:
    """The earliest instant allowed by these windows, given past slots (newest first)."""
    earliest = times[0] if times else float("-inf")
    for window in windows:
        if len(times) >= window.limit:
            earliest = max(earliest, times[window.limit - 1] + window.seconds + margin)
    return earliest


def next_slot(
    now: float,
    tenant_times: Sequence[float],
    conversation_times: Sequence[float],
    backoff_until: float | None,
    limits: Limits,
) -> Slot:
    """Where the next send goes. Both histories are newest first.

    The tenant slot is at or after `now`, the back-off, the tenant's latest slot plus the
    spacing, and its window;
    if the conversation's windows only allow a later instant, no slot is taken (`taken` False).
    """
    tenant = max(now, backoff_until or now, _bound(tenant_times, [limits.tenant], limits.margin))
    if tenant_times:
        tenant = max(tenant, tenant_times[0] + limits.spacing)
    conversation = _bound(conversation_times, limits.conversation, limits.margin)
    if conversation > tenant:
        return Slot(conversation, taken=False)
    return Slot(tenant, taken=True)


HORIZON = 1.0  # seconds ahead a process may hold its tenant's slots for queued sends
REFILL = 0.25  # ask again when this share of the horizon has come free


def take_slots(
    now: float,
    tenant_times: Sequence[float],
    histories: Mapping[str, Sequence[float]],
    backoff_until: float | None,
    limits: Limits,
    conversations: Sequence[str],
    horizon: float | None,
) -> tuple[list[Slot], list[tuple[str, float]]]:
    """Slots for several sends at once, in order, each under the rule of `next_slot`.

    `histories` holds each conversation's slots (newest first). A slot further than `horizon`
    seconds ahead is not taken (none after it is either): its `at` says when to ask again, once
    a `REFILL` share of the horizon has come free. Returns the slots and the ones taken
    (conversation, time), which the caller records.
    """
    tenant = list(tenant_times)
    own = {c: list(histories.get(c, ())) for c in conversations}
    slots: list[Slot] = []
    taken: list[tuple[str, float]] = []
    full: float | None = None
    for conversation in conversations:
        slot = next_slot(now, tenant, own[conversation], backoff_until, limits)
        if slot.taken and full is None and horizon is not None and slot.at > now + horizon:
            full = slot.at - horizon * (1 - REFILL)
        if full is not None:
            if slot.taken:
                slots.append(Slot(full, taken=False, held=True))
            else:
                slots.append(Slot(max(full, slot.at), taken=False))
            continue
        slots.append(slot)
        if slot.taken:
            tenant.insert(0, slot.at)
            del tenant[limits.tenant.limit :]
            own[conversation].insert(0, slot.at)
            taken.append((conversation, slot.at))
    return slots, taken


class Pacer(Protocol):
    """Hands out send slots; `back_off` after a 429."""

    async def reserve(self, tenant: str, conversation: str) -> Grant:
        """Take a slot if the conversation allows one (see `Grant`), however far ahead."""
        ...

    async def reserve_many(
        self, tenant: str, conversations: Sequence[str], horizon: float | None
    ) -> list[Grant]:
        """`reserve` for several sends in one step (one round trip), in order; slots further
        than `horizon` seconds ahead are not taken (see `take_slots`)."""
        ...

    async def back_off(self, tenant: str, seconds: float) -> None: ...

    async def close(self) -> None: ...


class TooLate(Exception):
    """No slot before the caller's deadline (the lease would run out waiting)."""


RETAKES = 3  # late wake-ups after which a `priority` send goes all the same
LATE = 0.03  # seconds after its slot a send may still leave
BATCH = 64  # most slot requests in one pacer call


class Late(Exception):
    """The request's slot passed before it was written (see `sending_at`)."""


_SENDING: ContextVar[float | None] = ContextVar("camau_sending_at", default=None)


@contextmanager
def sending_at(slot: float) -> Iterator[None]:
    """Requests made within are at `slot` (`time.monotonic()`): `check_on_time` refuses
    them once it is more than `LATE` past, as the connector clients do just before writing."""
    token = _SENDING.set(slot)
    try:
        yield
    finally:
        _SENDING.reset(token)


def check_on_time() -> None:
    """Raise `Late` if a paced request (`sending_at`) would leave more than `LATE` after its
    slot. Requests outside `sending_at` (turn replies) are not paced and pass."""
    slot = _SENDING.get()
    if slot is not None and time.monotonic() - slot > LATE:
        raise Late()


class Slots:
    """One process's way to its pacer: slot requests made while a call is out wait for the
    next, which asks for all of them at once (one round trip for many sends).

    Queued sends take slots at most `horizon` seconds ahead, so a `priority` send, which asks
    alone and at once with no horizon, never waits behind more than the horizon's worth of them.
    """

    def __init__(self, pacer: Pacer, horizon: float = HORIZON) -> None:
        self.pacer = pacer
        self._horizon = horizon
        self._queues: dict[str, list[tuple[str, asyncio.Future[Grant]]]] = defaultdict(list)
        self._draining: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.calls = 0

    async def take(self, tenant: str, conversation: str, *, priority: bool = False) -> Grant:
        if priority:
            self.calls += 1
            return (await self.pacer.reserve_many(tenant, [conversation], None))[0]
        future: asyncio.Future[Grant] = asyncio.get_running_loop().create_future()
        self._queues[tenant].append((conversation, future))
        if tenant not in self._draining:
            self._draining.add(tenant)
            task = asyncio.create_task(self._drain(tenant))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _drain(self, tenant: str) -> None:
        """Ask for the queue's slots in batches. Requests held back by the horizon stay queued,
        first, and the next call waits until the horizon has room: they are not woken to ask
        again one by one."""
        queue = self._queues[tenant]
        try:
            while queue:
                batch = [(c, f) for c, f in queue[:BATCH] if not f.done()]
                del queue[:BATCH]
                if not batch:
                    continue
                self.calls += 1
                try:
                    grants = await self.pacer.reserve_many(
                        tenant, [c for c, _f in batch], self._horizon
                    )
                except Exception as exc:
                    for _c, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                held = [(r, g) for r, g in zip(batch, grants, strict=True) if g.held]
                for (_c, future), grant in zip(batch, grants, strict=True):
                    if not grant.held and not future.done():
                        future.set_result(grant)
                if held:
                    queue[:0] = [request for request, _g in held]
                    await asyncio.sleep(max(0.0, min(g.at for _r, g in held) - time.monotonic()))
        finally:
            self._draining.discard(tenant)
            if not queue:
                self._queues.pop(tenant, None)


async def acquire(
    slots: Slots, tenant: str, conversation: str, within: float, *, priority: bool = False
) -> float:
    """Wait for a slot and until its time, and return it; `TooLate` when none comes within
    `within` seconds.

    A send woken more than `LATE` after its slot (the event loop was busy) takes a new slot
    rather than go late: late, it would fall into the window of the slots after it (a 429).
    It retakes as often as it must until `within` runs out (then `TooLate`: the message goes
    back to the queue, unsent). A `priority` send never gives up: `within` does not apply to
    it, and after `RETAKES` late wake-ups it goes all the same.
    """
    deadline = time.monotonic() + within
    retakes = 0
    while True:
        grant = await slots.take(tenant, conversation, priority=priority)
        if grant.at > deadline and not priority:
            raise TooLate(conversation)  # a slot taken and unused leaves a gap, nothing worse
        await asyncio.sleep(max(0.0, grant.at - time.monotonic()))
        if not grant.taken:
            continue
        if time.monotonic() - grant.at <= LATE or (priority and retakes >= RETAKES):
            return grant.at
        retakes += 1


@dataclass
class LocalPacer:
    """Slots kept in this process (one process on SQLite), on the event loop's clock."""

    limits: Limits = field(default_factory=Limits)
    _slots: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _backoff: dict[str, float] = field(default_factory=dict)
    _calls: int = 0

    def _history(self, key: str, keep: int, since: float) -> deque[float]:
        times = self._slots[key]
        while times and (len(times) > keep or times[0] < since):
            times.popleft()
        return times

    async def reserve(self, tenant: str, conversation: str) -> Grant:
        return (await self.reserve_many(tenant, [conversation], None))[0]

    async def reserve_many(
        self, tenant: str, conversations: Sequence[str], horizon: float | None
    ) -> list[Grant]:
        now = time.monotonic()
        tenant_key = f"t:{tenant}"
        tenant_times = self._history(tenant_key, self.limits.tenant.limit, float("-inf"))
        longest = max(w.limit for w in self.limits.conversation)
        histories = {
            c: list(reversed(self._history(f"c:{c}", longest, now - self.limits.history)))
            for c in conversations
        }
        slots, taken = take_slots(
            now,
            list(reversed(tenant_times)),
            histories,
            self._backoff.get(tenant_key),
            self.limits,
            conversations,
            horizon,
        )
        for conversation, at in taken:
            tenant_times.append(at)
            self._slots[f"c:{conversation}"].append(at)
        self._calls += 1
        if self._calls % 1000 == 0:  # forget conversations quiet for longer than any window
            stale = now - self.limits.history
            for key in [
                k for k, v in self._slots.items() if k[0] == "c" and (not v or v[-1] < stale)
            ]:
                del self._slots[key]
        return [Grant.of(now, slot, now) for slot in slots]

    async def back_off(self, tenant: str, seconds: float) -> None:
        key = f"t:{tenant}"
        until = time.monotonic() + seconds
        self._backoff[key] = max(self._backoff.get(key, until), until)

    async def close(self) -> None:
        self._slots.clear()
