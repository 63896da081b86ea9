"""SqlStorage: real dialogs over real SQLite and PostgreSQL, versions, conflicts and forged data."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
from microsoft_agents.activity import CardAction
from microsoft_agents.hosting.core import (
    ConversationState,
    MemoryStorage,
    MessageFactory,
    TurnContext,
)
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from microsoft_agents.hosting.core.storage import Storage
from microsoft_agents.hosting.dialogs import (
    DialogSet,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from microsoft_agents.hosting.dialogs.choices import Choice, FoundChoice
from microsoft_agents.hosting.dialogs.prompts import (
    ChoicePrompt,
    ConfirmPrompt,
    NumberPrompt,
    PromptOptions,
    TextPrompt,
)
from microsoft_agents.testing import TestAdapter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from camau.storage.codec import CodecError
from camau.storage.engine import create_engine, session_factory
from camau.storage.errors import DatabaseUnavailable, StateConflictError
from camau.storage.state_store import SqlStorage, version_of

CONVERSATION_KEY = "test/conversations/convo1"

Turn = Callable[[TurnContext], Awaitable[None]]


async def name_step(step: WaterfallStepContext) -> DialogTurnResult:
    """Ask a name (TextPrompt)."""
    return await step.prompt("text", PromptOptions(prompt=MessageFactory.text("Your name?")))


async def colour_step(step: WaterfallStepContext) -> DialogTurnResult:
    """Keep the name, ask a colour (ChoicePrompt with a retry prompt and card actions)."""
    step.values["name"] = step.result
    choices = [
        Choice("red", action=CardAction(type="imBack", title="Red", value="red")),
        Choice("blue", synonyms=["glas"]),
    ]
    options = PromptOptions(
        prompt=MessageFactory.text("Colour?"),
        retry_prompt=MessageFactory.text("Red or blue, please."),
        choices=choices,
    )
    return await step.prompt("choice", options)


async def count_step(step: WaterfallStepContext) -> DialogTurnResult:
    """Keep the colour, ask a number (NumberPrompt)."""
    step.values["colour"] = step.result
    return await step.prompt("number", PromptOptions(prompt=MessageFactory.text("How many?")))


async def confirm_step(step: WaterfallStepContext) -> DialogTurnResult:
    """Keep the number, ask to confirm (ConfirmPrompt)."""
    step.values["count"] = step.result
    return await step.prompt("confirm", PromptOptions(prompt=MessageFactory.text("Sure?")))


async def summary_step(step: WaterfallStepContext) -> DialogTurnResult:
    """Say what was kept, with the types it came back as."""
    values = step.values
    colour, count = values["colour"], values["count"]
    assert isinstance(colour, FoundChoice)
    assert isinstance(count, Decimal)
    await step.context.send_activity(f"{values['name']}: {colour.value}, {count}, {step.result}")
    ended: DialogTurnResult = await step.end_dialog()
    return ended


def survey(storage: Storage) -> Turn:
    """The bot: a four-prompt waterfall over `storage`, with fresh state objects every turn."""

    async def on_turn(context: TurnContext) -> None:
        state = ConversationState(storage)
        dialogs = DialogSet(state.create_property("DialogState"))
        dialogs.add(TextPrompt("text"))
        dialogs.add(ChoicePrompt("choice"))
        dialogs.add(NumberPrompt("number", default_locale="en-us"))
        dialogs.add(ConfirmPrompt("confirm"))
        steps = [name_step, colour_step, count_step, confirm_step, summary_step]
        dialogs.add(WaterfallDialog("survey", steps))
        await state.load(context)
        dialog_context = await dialogs.create_context(context)
        result = await dialog_context.continue_dialog()  # type: ignore[no-untyped-call]
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog("survey")
        await state.save(context)

    return on_turn


async def say(adapter: TestAdapter, bot: Turn, words: str) -> list[str]:
    """Send one message and return the texts of the replies."""
    adapter.activity_queue.clear()
    await adapter.send_text_to_bot(words, bot)
    return [reply.text or "" for reply in adapter.activity_queue]


async def stored_row(engine: AsyncEngine, key: str) -> tuple[int, str] | None:
    """The (version, data) of a key, read with plain SQL."""
    async with engine.connect() as conn:
        query = text("SELECT version, data FROM agent_state WHERE key = :k")
        row = (await conn.execute(query, {"k": key})).first()
    return None if row is None else (row[0], row[1])


def state_of(count: int) -> CachedAgentState:
    return CachedAgentState({"progress": {"count": count}})


async def test_sql_storage_dialog_continues_across_restarts(
    engine: AsyncEngine, database_url: str
) -> None:
    other_engine = create_engine(database_url)  # a second process on the same database
    try:
        bots = [
            (TestAdapter(), survey(SqlStorage(session_factory(engine)))),
            (TestAdapter(), survey(SqlStorage(session_factory(other_engine)))),
        ]
        script = [
            ("hi", "Your name?"),
            ("Ann", "Colour?"),
            ("purple", "Red or blue, please."),
            ("glas", "How many?"),
            ("42.5", "Sure?"),
            ("yes", "Ann: blue, 42.5, True"),
        ]
        for turn, (words, expected) in enumerate(script):
            adapter, bot = bots[turn % 2]
            replies = await say(adapter, bot, words)
            assert len(replies) == 1 and replies[0].startswith(expected), (words, replies)
            row = await stored_row(engine, CONVERSATION_KEY)
            assert row is not None and row[0] == turn + 1
            if turn == 1:
                assert '"$t":"PromptOptions"' in row[1] and '"$t":"CardAction"' in row[1]
    finally:
        await other_engine.dispose()


async def test_sdk_dialog_state_is_not_json_serialisable() -> None:
    storage = MemoryStorage()
    replies = await say(TestAdapter(), survey(storage), "hi")
    assert replies == ["Your name?"]
    items = await storage.read([CONVERSATION_KEY], target_cls=CachedAgentState)
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(items[CONVERSATION_KEY].store_item_to_json())


async def test_sql_storage_second_writer_conflicts(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    await storage.write({"k": state_of(0)})
    first = (await storage.read(["k"], target_cls=CachedAgentState))["k"]
    second = (await SqlStorage(session_factory(engine)).read(["k"], target_cls=CachedAgentState))[
        "k"
    ]
    first.state["progress"] = {"count": 1}
    second.state["progress"] = {"count": 2}
    await storage.write({"k": first})
    with pytest.raises(StateConflictError):
        await storage.write({"k": second})
    again = await storage.read(["k"], target_cls=CachedAgentState)
    assert again["k"].state == {"progress": {"count": 1}}
    assert version_of(again["k"]) == 2


async def test_sql_storage_concurrent_inserts_conflict(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    assert await storage.read(["new"], target_cls=CachedAgentState) == {}
    await storage.write({"new": state_of(1)})
    with pytest.raises(StateConflictError):
        await storage.write({"new": state_of(2)})
    row = await stored_row(engine, "new")
    assert row is not None and row[0] == 1 and json.loads(row[1]) == {"progress": {"count": 1}}


async def test_sql_storage_conflict_saves_no_key_of_the_write(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    await storage.write({"a": state_of(0), "b": state_of(0)})
    items = await storage.read(["a", "b"], target_cls=CachedAgentState)
    stale = (await storage.read(["b"], target_cls=CachedAgentState))["b"]
    await storage.write({"b": stale})
    items["a"].state["progress"] = {"count": 5}
    with pytest.raises(StateConflictError):
        await storage.write({"a": items["a"], "b": items["b"]})
    assert await stored_row(engine, "a") == (1, '{"progress":{"count":0}}')
    assert version_of(items["a"]) == 1


async def test_sql_storage_second_save_in_same_turn(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))

    async def turn(context: TurnContext) -> None:
        state = ConversationState(storage)
        prop = state.create_property("count")
        await state.load(context)
        for _ in range(2):
            count = cast(int, await prop.get(context, lambda: 0))
            await prop.set(context, count + 1)
            await state.save(context)
        await context.send_activity(str(await prop.get(context)))

    adapter = TestAdapter()
    assert await say(adapter, turn, "one") == ["2"]
    assert await say(adapter, turn, "two") == ["4"]
    row = await stored_row(engine, CONVERSATION_KEY)
    assert row is not None and row[0] == 4 and json.loads(row[1]) == {"count": 4}


async def test_sql_storage_overlapping_turns_conflict(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    slow_loaded, fast_done = asyncio.Event(), asyncio.Event()

    def turn(label: str, wait: bool) -> Turn:
        async def on_turn(context: TurnContext) -> None:
            state = ConversationState(storage)
            await state.load(context)
            if wait:
                slow_loaded.set()
                await fast_done.wait()
            await state.create_property("last").set(context, label)
            await state.save(context)

        return on_turn

    slow = asyncio.create_task(TestAdapter().send_text_to_bot("a", turn("slow", wait=True)))
    await slow_loaded.wait()
    await TestAdapter().send_text_to_bot("b", turn("fast", wait=False))
    fast_done.set()
    with pytest.raises(StateConflictError):
        await slow
    row = await stored_row(engine, CONVERSATION_KEY)
    assert row is not None and json.loads(row[1]) == {"last": "fast"}


async def test_sql_storage_delete_removes_rows_and_ignores_missing(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    await storage.write({"a": state_of(1), "b": state_of(2)})
    await storage.delete(["a", "missing"])
    found = await storage.read(["a", "b"], target_cls=CachedAgentState)
    assert list(found) == ["b"] and found["b"].state == {"progress": {"count": 2}}
    await storage.delete({"b"})  # AgentState.delete passes a set
    assert await storage.read(["a", "b"], target_cls=CachedAgentState) == {}
    await storage.write({"a": state_of(3)})  # a deleted key can be created again
    assert await stored_row(engine, "a") == (1, '{"progress":{"count":3}}')


@pytest.mark.parametrize(
    "forged",
    [
        '{"DialogState":{"$t":"os.system","$v":"touch %s"}}',
        '{"DialogState":{"$t":"subprocess.Popen","$v":["touch","%s"]}}',
        '{"DialogState":{"$t":"builtins.eval","$v":"open(%r,\\"w\\")"}}',
        '{"DialogState":{"$t":"TurnContext","$v":{"path":"%s"}}}',
    ],
)
async def test_sql_storage_forged_tag_raises_codec_error(
    engine: AsyncEngine, tmp_path: Path, forged: str
) -> None:
    marker = tmp_path / "pwned"
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO agent_state (key, version, data, updated_at)"
                " VALUES (:k, 1, :d, CURRENT_TIMESTAMP)"
            ),
            {"k": "forged", "d": forged % str(marker)},
        )
    with pytest.raises(CodecError, match="not allow-listed"):
        await SqlStorage(session_factory(engine)).read(["forged"], target_cls=CachedAgentState)
    assert not marker.exists()


async def test_sql_storage_unregistered_type_raises_and_writes_nothing(engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(engine))
    with pytest.raises(CodecError, match="not registered"):
        await storage.write({"k": CachedAgentState({"when": {"event": asyncio.Event()}})})
    assert await stored_row(engine, "k") is None


async def test_sql_storage_rejects_empty_keys(sqlite_engine: AsyncEngine) -> None:
    storage = SqlStorage(session_factory(sqlite_engine))
    with pytest.raises(ValueError):
        await storage.read([], target_cls=CachedAgentState)
    with pytest.raises(ValueError):
        await storage.write({"": state_of(1)})
    with pytest.raises(ValueError):
        await storage.delete([""])
    await storage.delete([])  # nothing to delete is not an error


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:///{tmp}/no/such/dir/camau.db",
        "postgresql+asyncpg://postgres@127.0.0.1:1/test",
    ],
)
async def test_sql_storage_unreachable_database_raises_database_unavailable(
    tmp_path: Path, url: str
) -> None:
    engine = create_engine(url.format(tmp=tmp_path))
    try:
        storage = SqlStorage(session_factory(engine))
        with pytest.raises(DatabaseUnavailable):
            await storage.read(["k"], target_cls=CachedAgentState)
        with pytest.raises(DatabaseUnavailable):
            await storage.write({"k": state_of(1)})
    finally:
        await engine.dispose()
