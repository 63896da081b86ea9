"""Outbox delivery at Teams' ceiling: real `camau serve` replicas against a connector that
enforces Teams' limits (50 requests a second per tenant; 7/1 s, 8/2 s, 60/30 s, 1,800/h per
conversation) and answers 429 above them.

10,000 due messages to 2,000 people (5 each), two replicas on PostgreSQL, then one replica on
SQLite. The connector runs in its own process; each message's text carries its number, so
the connector's tally says what arrived, twice, or never. Prints, per run, the delivered rate
(first to last arrival) as a fraction of the ceiling, the 429s received, lost (never delivered
and not cancelled) and duplicated messages, and ends with one line

    delivery: X.XX of ceiling, N 429s, N lost, N duplicated

(the worst fraction and the sums over the runs). `--kill N`: every few seconds replica 1 is
killed with SIGKILL and restarted, N times; duplicates are allowed only for messages leased to
it at the kills (counted and printed), none may be lost.

    python -m benchmarks.delivery [--quick] [--messages N --people N] [--postgres URL]
                                  [--backends postgres,sqlite] [--kill N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from camau.migrations.runner import upgrade
from camau.storage.engine import create_engine
from camau.storage.models import ConversationRef, OutboxMessage, Person

CEILING = 50.0  # requests a second per tenant
TENANT = "bench-tenant"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
CAMAU = str(Path(sys.executable).with_name("camau"))
ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"\(m(\d+)\)")


@dataclass
class Outcome:
    name: str
    messages: int
    fraction: float
    throttled: int
    lost: int
    duplicated: int
    seconds: float
    leased_at_kills: int = 0
    whole: float = 0.0  # first to last arrival, as a fraction of the ceiling
    cpu_ms: float = 0.0  # the replicas' CPU time per delivered message
    slots: int = 0  # slots taken in PostgreSQL (sends woken late give theirs up and retake)
    undecided: int = 0  # accepted; over a limit only by when the connector read them (its stall)

    def line(self) -> str:
        return (
            f"{self.name}: {self.messages} messages in {self.seconds:.1f}s, "
            f"{self.fraction:.2f} of ceiling in the steady state "
            f"({self.whole:.2f} first to last), {self.throttled} 429s "
            f"({self.undecided} undecided: the connector's stalls), {self.lost} lost, "
            f"{self.duplicated} duplicated; replicas' CPU {self.cpu_ms:.1f} ms a message"
        )


def steady_rate(arrivals: list[float]) -> float:
    """Messages a second between the arrivals of the 10th and the 90th percentile.

    The first tenth (replicas starting, the first claims) and the last tenth (the queue
    running dry, a few conversations' windows) are left out; every arrival in between counts.
    """
    times = sorted(arrivals)
    if len(times) < 10:
        return 0.0
    first, last = len(times) // 10, len(times) - 1 - len(times) // 10
    span = times[last] - times[first]
    return (last - first) / span if span > 0 else 0.0


def explain(stats: dict[str, Any]) -> str:
    """Which window each 429 hit, and whether the connector's own event loop stalled just
    before the oldest request it counted (a stall timestamps requests late, bunched)."""
    stalls = [(float(end), float(length)) for end, length in stats.get("stalls", [])]
    parts = [
        f"429s by window {stats.get('refused', {})}; accepted but undecided (the connector's "
        f"stall): {stats.get('undecided', 0)}"
    ]
    for now, name, span in stats.get("refusals", []):
        oldest = now - span
        before = max((n for end, n in stalls if oldest - 0.004 <= end <= oldest + 0.004), default=0)
        parts.append(
            f"{name}: counted requests spanned {1000 * span:.0f} ms; the connector stalled "
            f"{1000 * before:.0f} ms just before the oldest"
        )
    doubts = sorted(float(d) for d in stats.get("doubts", []))
    if doubts:
        parts.append(
            f"undecided: the doubt each was given {[round(1000 * d) for d in doubts]} ms "
            f"({sum(d < 0.01 for d in doubts)} under 10 ms, i.e. not explained by a stall)"
        )
    if stalls:
        lengths = sorted(n for _e, n in stalls)
        parts.append(
            f"connector stalls over 10 ms: {len(lengths)}, over 50 ms: "
            f"{sum(n > 0.05 for n in lengths)}, longest {1000 * lengths[-1]:.0f} ms"
        )
    return "\n  ".join(parts)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reference(url: str, n: int) -> str:
    return ConversationReference(
        channel_id="msteams",
        service_url=url,
        conversation=ConversationAccount(id=f"conv-{n}", tenant_id=TENANT),
        user=ChannelAccount(id=f"user-{n}"),
        bot=ChannelAccount(id="bot"),
    ).model_dump_json(by_alias=True, exclude_none=True)


async def seed(engine: AsyncEngine, connector_url: str, messages: int, people: int) -> None:
    """People available always, each with a reference at the connector, and due messages."""
    await upgrade(engine)
    now = datetime.now(UTC)
    people_rows = [
        {
            "id": n + 1,
            "name": f"Person {n}",
            "email": f"p{n}@bench.example",
            "language": "en",
            "timezone": "Europe/London",
            "working_hours": "always",
            "active": True,
            "created_at": now,
        }
        for n in range(people)
    ]
    references = [
        {
            "person_id": n + 1,
            "channel_id": "msteams",
            "reference": reference(connector_url, n),
            "updated_at": now,
        }
        for n in range(people)
    ]
    outbox = [
        {
            "recipient_id": n % people + 1,
            "kind": "delivery_failure",
            "payload": json.dumps({"kind": f"m{n}", "recipient_email": "x", "reason": "bench"}),
            "dedupe_key": f"bench-{n}",
            "due_at": now,
            "deliver_at": now,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for n in range(messages)
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(Person), people_rows)
        await connection.execute(insert(ConversationRef), references)
        await connection.execute(insert(OutboxMessage), outbox)
        if engine.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT setval('person_id_seq', (SELECT max(id) FROM person))")
            )


def start_replica(url: str, port: int, lease: float, batch: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTIONS__", "CAMAU_"))}
    # The replicas run this tree's code, not whichever `camau` the venv has installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(
        CAMAU_DATABASE_URL=url,
        CAMAU_OUTBOX_INTERVAL="0.5",
        CAMAU_OUTBOX_BATCH=str(batch),
        CAMAU_OUTBOX_LEASE_SECONDS=str(lease),
        CAMAU_LOG_LEVEL="WARNING",
        CAMAU_FILES_DIR=tempfile.gettempdir(),
    )
    return subprocess.Popen(
        [CAMAU, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_connector() -> tuple[subprocess.Popen[bytes], str]:
    """The limit-enforcing connector in its own process, and its URL."""
    connector = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.teams_connector"], stdout=subprocess.PIPE, cwd=ROOT
    )
    assert connector.stdout is not None
    return connector, connector.stdout.readline().decode().strip()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text(sql))).scalar_one())


async def run(
    name: str, url: str, replicas: int, messages: int, people: int, kills: int
) -> Outcome:
    connector, connector_url = start_connector()
    engine = create_engine(url)
    procs: list[subprocess.Popen[bytes]] = []
    leased_at_kills = 0
    try:
        await seed(engine, connector_url, messages, people)
        lease, batch = (20.0, 40) if kills else (120.0, 150)
        ports = [free_port() for _ in range(replicas)]
        procs = [start_replica(url, port, lease, batch) for port in ports]
        started = time.monotonic()
        deadline = started + 120 + 6 * messages / CEILING + kills * (lease + 10)
        next_kill = started + 3.0
        cpu_start: float | None = None
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            left = await scalar(
                engine, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
            )
            if left == 0:
                break
            if cpu_start is None and left < messages:  # sending: start-up's CPU left out
                cpu_start = sum(cpu_seconds(proc.pid) for proc in procs)
            victim = procs[-1]
            leased = (
                await scalar(
                    engine,
                    "SELECT count(*) FROM outbox WHERE status = 'sending' "
                    f"AND lease_owner LIKE '%-{victim.pid}-%'",
                )
                if kills and time.monotonic() >= next_kill
                else 0
            )
            if leased:  # mid-delivery: it holds leases
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                leased_at_kills += await scalar(
                    engine,
                    "SELECT count(*) FROM outbox WHERE status = 'sending' "
                    f"AND lease_owner LIKE '%-{victim.pid}-%'",
                )
                procs[-1] = start_replica(url, ports[-1], lease, batch)
                kills -= 1
                next_kill = time.monotonic() + 3.0
        seconds = time.monotonic() - started
        cpu = sum(cpu_seconds(proc.pid) for proc in procs) - (cpu_start or 0.0)
        cancelled = await scalar(engine, "SELECT count(*) FROM outbox WHERE status = 'cancelled'")
        # Slots kept in PostgreSQL (one per conversation slot taken, sent or given up late).
        slots = await scalar(engine, "SELECT count(*) FROM pacing_slot WHERE key LIKE 'c:%'")
        async with ClientSession() as http, http.get(f"{connector_url}/stats") as response:
            stats = await response.json()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                proc.kill()
        connector.send_signal(signal.SIGTERM)
        connector.wait(timeout=10)
        await engine.dispose()
    counts: Counter[int] = Counter()
    for body, count in stats["received"].items():
        match = _NUMBER.search(body)
        if match:
            counts[int(match.group(1))] += int(count)
    delivered = len(counts)
    if os.environ.get("BENCH_VERBOSE"):
        arrivals = stats["arrivals"]
        t0 = arrivals[0] if arrivals else 0.0
        per_second = Counter(int(t - t0) for t in arrivals)
        print("  per second:", [per_second[i] for i in range(max(per_second, default=0) + 1)])
        print("  " + explain(stats))
    span = (stats["last"] or 0.0) - (stats["first"] or 0.0)
    rate = (delivered - 1) / span if span > 0 else 0.0
    return Outcome(
        name=name,
        messages=messages,
        fraction=steady_rate(stats["arrivals"]) / CEILING,
        whole=rate / CEILING,
        cpu_ms=1000 * cpu / max(1, delivered),
        slots=slots,
        throttled=int(stats["throttled"]),
        undecided=int(stats.get("undecided", 0)),
        lost=messages - delivered - cancelled,
        duplicated=sum(c - 1 for c in counts.values()),
        seconds=seconds,
        leased_at_kills=leased_at_kills,
    )


async def postgres_schema(base: str, sql: str) -> None:
    engine = create_async_engine(base)
    async with engine.begin() as connection:
        await connection.exec_driver_sql(sql)
    await engine.dispose()


async def main_async(args: argparse.Namespace) -> int:
    outcomes: list[Outcome] = []
    for backend in args.backends.split(","):
        if backend == "postgres":
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            await postgres_schema(args.postgres, f'CREATE SCHEMA "{schema}"')
            sep = "&" if "?" in args.postgres else "?"
            try:
                outcome = await run(
                    "postgres, 2 replicas",
                    f"{args.postgres}{sep}schema={schema}",
                    2,
                    args.messages,
                    args.people,
                    args.kill,
                )
            finally:
                await postgres_schema(args.postgres, f'DROP SCHEMA "{schema}" CASCADE')
        else:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
                outcome = await run("sqlite, 1 replica", url, 1, args.messages, args.people, 0)
        print(outcome.line(), flush=True)
        if outcome.slots:
            print(
                f"  slots taken: {outcome.slots / outcome.messages:.2f} a message "
                "(the rest given up by sends woken too late for theirs)",
                flush=True,
            )
        if outcome.leased_at_kills or args.kill:
            print(
                f"  kills: {args.kill}, leased to the killed replica at the kills: "
                f"{outcome.leased_at_kills}, duplicated: {outcome.duplicated}",
                flush=True,
            )
        outcomes.append(outcome)
    worst = min(o.fraction for o in outcomes)
    throttled = sum(o.throttled for o in outcomes)
    lost = sum(o.lost for o in outcomes)
    duplicated = sum(o.duplicated for o in outcomes)
    print(
        f"delivery: {worst:.2f} of ceiling, {throttled} 429s, {lost} lost, {duplicated} duplicated"
    )
    allowed = sum(o.leased_at_kills for o in outcomes)
    return 0 if lost == 0 and duplicated <= allowed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Outbox delivery against Teams' limits")
    parser.add_argument("--messages", type=int, help="due messages (10000; --quick 500)")
    parser.add_argument("--people", type=int, help="recipients (2000; --quick 100)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 500 messages")
    parser.add_argument("--postgres", default=os.environ.get("CAMAU_TEST_POSTGRES_URL"))
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--kill", type=int, default=0, help="SIGKILL replica 2 N times")
    parser.add_argument(
        "--telegram",
        action="store_true",
        help="the native Telegram channel at Telegram's ceiling instead (telegram_delivery.py)",
    )
    args = parser.parse_args(argv)
    if args.telegram:
        sys.path.insert(0, str(ROOT))
        from benchmarks import telegram_delivery

        chats = 20 if args.quick else 60
        asyncio.run(telegram_delivery.main(chats, 5))
        return 0
    args.messages = args.messages or (500 if args.quick else 10_000)
    args.people = args.people or max(1, args.messages // 5)
    args.postgres = args.postgres or DEFAULT_POSTGRES
    if args.kill:
        args.backends = "postgres"
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
