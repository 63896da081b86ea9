"""Turn throughput and p50/p99 latency: Camau against plain Agents SDK echo bots.

Every bot runs in this process on 127.0.0.1 behind the same kind of anonymous CloudAdapter and
replies to one lean fake connector. Camau answers "menu" with the menu card (person recognised
from SQL, the turn one unit of work). Two baselines echo the text: `baseline` on `MemoryStorage`,
and `sql-baseline-<db>` on Camau's own SQL storage on the same database, with one
conversation-state read and one write per turn (it counts its turns in the state). Each level
(1, 8, 32 concurrent conversations) runs every bot in the same run and prints Camau's ratios to
both; then SQL transactions and statements per turn, and the process's peak RSS.

    python -m benchmarks.turns [--turns 200] [--levels 1,8,32] [--postgres URL] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector, web
from aiohttp.test_utils import TestServer
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import (
    CloudAdapter,
    jwt_authorization_middleware,
    start_agent_process,
)
from microsoft_agents.hosting.core import AgentApplication, MemoryStorage, TurnContext, TurnState
from microsoft_agents.hosting.core.app import ApplicationOptions
from microsoft_agents.hosting.core.app.oauth import Authorization
from microsoft_agents.hosting.core.storage import Storage
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from camau.bot.app import APP_KEY, ConversationTurnState, create_app
from camau.bot.delivery import auth_configuration
from camau.config import Settings
from camau.migrations.runner import upgrade
from camau.practice.roster import RosterEntry
from camau.services.demo import seed_demo
from camau.services.roster import import_roster
from camau.storage.engine import create_engine, session_factory
from camau.storage.state_store import SqlStorage

DEFAULT_LEVELS = (1, 8, 32)
_ACTIVITY_IDS = itertools.count()  # every activity a new id, as channels send them
WARMUP_PER_CONVERSATION = 2
ROUNDS = 2
_MENTOR = "megan.rhys@demo.camau.cymru"


class ReplyCounter:
    """A lean fake Bot Framework connector: counts replies (and card replies) per bot."""

    def __init__(self) -> None:
        self.replies: Counter[str] = Counter()
        self.cards: Counter[str] = Counter()
        self._ids = itertools.count(1)
        self._server: TestServer | None = None

    def url(self, bot: str) -> str:
        assert self._server is not None
        return str(self._server.make_url(f"/{bot}")).rstrip("/")

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        bot = request.match_info["bot"]
        if body.get("type") == "message":
            self.replies[bot] += 1
            if body.get("attachments"):
                self.cards[bot] += 1
        return web.json_response({"id": f"act-{next(self._ids)}"})

    async def start(self) -> None:
        app = web.Application()
        prefix = "/{bot}/v3/conversations/{conv}/activities"
        app.router.add_post(prefix, self._post)
        app.router.add_post(prefix + "/{reply}", self._post)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()


def echo_app(settings: Settings, storage: Storage | None = None) -> web.Application:
    """A baseline: a plain AgentApplication that echoes every message.

    With no storage, on `MemoryStorage`; with Camau's SQL storage, it keeps a turn count in the
    conversation state (one read and one write per turn) and loads no other scope.
    """
    manager = MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": auth_configuration(settings)}
    )
    adapter = CloudAdapter(connection_manager=manager)  # as camau.bot.delivery.make_adapter
    if storage is None:
        agent = AgentApplication[TurnState](
            ApplicationOptions(storage=MemoryStorage(), start_typing_timer=False),
            connection_manager=manager,
        )
    else:
        agent = AgentApplication[TurnState](
            ApplicationOptions(
                storage=storage,
                start_typing_timer=False,
                turn_state_factory=ConversationTurnState,
            ),
            authorization=Authorization(MemoryStorage(), manager),
        )

    @agent.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, state: TurnState) -> None:
        if storage is not None:
            turns = state.conversation.get_value("turns") or 0
            state.conversation.set_value("turns", int(turns) + 1)  # type: ignore[arg-type]
        await context.send_activity(f"echo: {context.activity.text}")

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await start_agent_process(request, agent, adapter)
        return response if response is not None else web.Response(status=202)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = auth_configuration(settings)
    app.router.add_post("/api/messages", messages)
    return app


@dataclass(frozen=True)
class Speaker:
    """One conversation's sender: a Teams user id and (for Camau) the person's object id."""

    user_id: str
    aad_object_id: str | None


async def prepare_camau(database_url: str, conversations: int) -> list[Speaker]:
    """Migrate, seed the demo team plus one rostered worker (language set) per conversation."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        db = session_factory(engine)
        await seed_demo(db)
        run = uuid.uuid4().hex[:8]
        entries = [
            RosterEntry(
                line=100 + i,
                name=f"Bench Worker {i}",
                email=f"bench.{run}.{i}@demo.camau.cymru",
                roles=frozenset({"worker"}),
                mentor_email=_MENTOR,
                language="en" if i % 2 else "cy",
                aad_object_id=str(uuid.uuid4()),
            )
            for i in range(conversations)
        ]
        await import_roster(db, entries, deactivate_missing=False)
    finally:
        await engine.dispose()
    return [Speaker(f"29:bench-{run}-{i}", e.aad_object_id) for i, e in enumerate(entries)]


@dataclass
class Result:
    """Measured turns of one bot at one level (rounds merged)."""

    turns: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0

    def add(self, other: Result) -> None:
        self.turns += other.turns
        self.seconds += other.seconds
        self.latencies_ms.extend(other.latencies_ms)
        self.failures += other.failures

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]


@dataclass
class SqlTally:
    """Transactions and statements one bot's engine ran, and the turns it was sent."""

    transactions: int = 0
    statements: Counter[str] = field(default_factory=Counter)
    posts: int = 0

    def watch(self, engine: AsyncEngine) -> None:
        def on_begin(_conn: Any) -> None:
            self.transactions += 1

        def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            word = statement.strip().split(None, 1)[0].upper()
            if word not in ("BEGIN", "COMMIT", "ROLLBACK"):
                self.statements[word] += 1

        event.listen(engine.sync_engine, "begin", on_begin)
        event.listen(engine.sync_engine, "before_cursor_execute", on_execute)

    def line(self, name: str) -> str:
        turns = max(self.posts, 1)
        kinds = ", ".join(f"{n / turns:.2f} {k}" for k, n in sorted(self.statements.items()))
        total = sum(self.statements.values()) / turns
        return (
            f"  {name:<22}{self.transactions / turns:.2f} transactions, "
            f"{total:.2f} statements per turn ({kinds})"
        )


@dataclass(frozen=True)
class Bot:
    """A bot under test: where to post, where it replies, who talks to it."""

    name: str
    url: str
    service_url: str
    speakers: list[Speaker]
    sql: SqlTally | None = None


def activity(service_url: str, speaker: Speaker, conversation_id: str, n: int) -> dict[str, Any]:
    """A Teams personal-chat message saying "menu"."""
    sender: dict[str, Any] = {"id": speaker.user_id, "name": "Bench"}
    if speaker.aad_object_id:
        sender["aadObjectId"] = speaker.aad_object_id
    return {
        "type": "message",
        "id": f"in-{n}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "recipient": {"id": "bot", "name": "Bot"},
        "conversation": {"id": conversation_id, "conversationType": "personal"},
        "locale": "en-GB",
        "text": "menu",
    }


async def drive(http: ClientSession, bot: Bot, level: int, turns: int, warm: bool) -> Result:
    """Optionally warm up each conversation, then run `turns` turns over `level` of them."""
    taken = itertools.count()
    result = Result()

    async def post(i: int, record: bool) -> None:
        body = activity(
            bot.service_url, bot.speakers[i], f"a:bench-{level}-{i}", next(_ACTIVITY_IDS)
        )
        if bot.sql is not None:
            bot.sql.posts += 1
        start = time.perf_counter()
        async with http.post(bot.url, json=body) as response:
            await response.read()
        if record:
            result.latencies_ms.append((time.perf_counter() - start) * 1000.0)
            result.failures += response.status != 202

    async def warm_up(i: int) -> None:
        for _ in range(WARMUP_PER_CONVERSATION):
            await post(i, record=False)

    async def worker(i: int) -> None:
        while next(taken) < turns:
            await post(i, record=True)

    if warm:
        await asyncio.gather(*(warm_up(i) for i in range(level)))
    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(level)))
    result.seconds = time.perf_counter() - started
    result.turns = turns
    return result


async def measure(http: ClientSession, bots: list[Bot], level: int, turns: int) -> list[Result]:
    """Each bot's result at this level; rounds alternate the order so drift hits both alike."""
    results = [Result() for _ in bots]
    share = [turns // ROUNDS + (1 if r < turns % ROUNDS else 0) for r in range(ROUNDS)]
    for round_, round_turns in enumerate(share):
        order = list(range(len(bots)))
        for i in order if round_ % 2 == 0 else reversed(order):
            results[i].add(await drive(http, bots[i], level, round_turns, warm=round_ == 0))
    return results


async def serve(
    name: str,
    app: web.Application,
    connector: ReplyCounter,
    speakers: list[Speaker],
    engine: AsyncEngine | None = None,
) -> tuple[Bot, TestServer]:
    """Start one bot on 127.0.0.1, replying to its own path on the connector."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    if engine is None and APP_KEY in app:
        engine = app[APP_KEY]["engine"]
    tally = SqlTally() if engine is not None else None
    if tally is not None and engine is not None:
        tally.watch(engine)
    url = str(server.make_url("/api/messages"))
    return Bot(name, url, connector.url(name), speakers, tally), server


def report(level: int, bots: list[Bot], results: list[Result]) -> None:
    """The table for one level, then each Camau's ratios to the baseline (the first bot)."""
    print(f"\n{level} concurrent conversation(s)")
    print(f"  {'bot':<16}{'turns/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for bot, r in zip(bots, results, strict=True):
        failed = f"  ({r.failures} failed)" if r.failures else ""
        print(
            f"  {bot.name:<16}{r.per_second:>10.1f}{r.percentile(50):>10.1f}"
            f"{r.percentile(99):>10.1f}{failed}"
        )
    by_name = {bot.name: result for bot, result in zip(bots, results, strict=True)}
    for bot, mine in zip(bots, results, strict=True):
        if not bot.name.startswith("camau-"):
            continue
        backend = bot.name.removeprefix("camau-")
        for base_name in (f"sql-baseline-{backend}", "baseline"):
            base = by_name[base_name]
            throughput = mine.per_second / base.per_second if base.per_second else 0.0
            p50 = mine.percentile(50) / base.percentile(50) if base.percentile(50) else 0.0
            shown = "sql-baseline" if base_name.startswith("sql-") else base_name
            print(
                f"  ratio {bot.name}/{shown} at {level}: "
                f"throughput {throughput:.2f}x, p50 latency {p50:.2f}x"
            )


async def run(turns: int, levels: list[int], databases: dict[str, str]) -> int:
    """Start the connector and the bots, run every level, print the tables; 0 when all went."""
    connector = ReplyCounter()
    await connector.start()
    servers: list[TestServer] = []
    engines: list[AsyncEngine] = []
    peak, failures = max(levels), 0
    try:
        echo = [Speaker(f"29:echo-{i}", None) for i in range(peak)]
        bot, server = await serve("baseline", echo_app(Settings(client_id=None)), connector, echo)
        bots, servers = [bot], [server]
        for name, url in databases.items():
            speakers = await prepare_camau(url, peak)
            engine = create_engine(url)
            engines.append(engine)
            sql_echo = echo_app(Settings(client_id=None), SqlStorage(session_factory(engine)))
            backend = name.removeprefix("camau-")
            bot, server = await serve(f"sql-baseline-{backend}", sql_echo, connector, echo, engine)
            bots.append(bot)
            servers.append(server)
            app = create_app(Settings(database_url=url, client_id=None), start_sender=False)
            bot, server = await serve(name, app, connector, speakers)
            bots.append(bot)
            servers.append(server)
        print(
            f"Camau (menu turns, SQL state) vs plain Agents SDK echo bots (MemoryStorage, and "
            f"Camau's SQL storage): {turns} turns per level, {ROUNDS} alternating rounds, "
            f"127.0.0.1, {time.strftime('%Y-%m-%d')}"
        )
        async with ClientSession(connector=TCPConnector(limit=0)) as http:
            for level in levels:
                results = await measure(http, bots, level, turns)
                failures += sum(r.failures for r in results)
                report(level, bots, results)
        print("\nSQL per turn (warm-up included)")
        for bot in bots:
            if bot.sql is not None:
                print(bot.sql.line(bot.name))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (every bot): {rss:.0f} MiB")
    finally:
        for server in servers:
            await server.close()
        for engine in engines:
            await engine.dispose()
        await connector.close()
    for name in databases:
        if not connector.replies[name] or connector.cards[name] < connector.replies[name]:
            print(
                f"WARNING: {name} sent {connector.replies[name]} replies, only "
                f"{connector.cards[name]} with a card (every reply should be the menu card)"
            )
            failures += 1
    print(f"\nreplies received: {dict(connector.replies)}; failed turns: {failures}")
    return 1 if failures else 0


@asynccontextmanager
async def fresh_schema(url: str) -> AsyncIterator[str]:
    """A new schema on this PostgreSQL database for the run (`?schema=`), dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield f"{url}{'&' if '?' in url else '?'}schema={schema}"
    finally:
        async with engine.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await engine.dispose()


async def main_async(turns: int, levels: list[int], postgres: str | None) -> int:
    """Run on a temporary SQLite file, and on a fresh PostgreSQL schema when given a URL."""
    with tempfile.TemporaryDirectory(prefix="camau-bench-") as tmp:
        databases = {"camau-sqlite": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}
        if postgres is None:
            return await run(turns, levels, databases)
        async with fresh_schema(postgres) as schema_url:
            databases["camau-postgres"] = schema_url
            return await run(turns, levels, databases)


def main(argv: list[str] | None = None) -> int:
    """Parse the flags and run the benchmark; 0 when every turn was answered."""
    parser = argparse.ArgumentParser(description="Camau turn throughput and latency vs an echo bot")
    parser.add_argument("--turns", type=int, help="measured turns per level and bot (200)")
    parser.add_argument("--levels", help="concurrent conversations, comma-separated (1,8,32)")
    parser.add_argument("--postgres", metavar="URL", help="also run Camau on this PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 turns at 1 and 4")
    args = parser.parse_args(argv)
    quick = args.quick
    args.turns = args.turns or (10 if quick else 200)
    args.levels = args.levels or ("1,4" if quick else ",".join(map(str, DEFAULT_LEVELS)))
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(main_async(args.turns, levels, args.postgres))


if __name__ == "__main__":
    sys.exit(main())
