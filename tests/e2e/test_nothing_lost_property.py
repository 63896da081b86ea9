"""Property: random answers, command words, `back`, restarts and confirmations played through the
reflection over real HTTP lose nothing. Every answer given is saved, in a draft, or was discarded
by a confirmed cancel (or taken back with `back`); nothing is saved twice; a finished reflection
leaves no draft.

A model follows the reflection: which question is on screen and the answers given. After each
random sequence the reflection is finished and the saved answers must be the model's.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from camau.practice.reflection import QUESTIONS, Kind
from camau.services.clock import FixedClock
from camau.services.demo import seed_demo
from camau.settings import load_settings
from camau.storage.drafts_tables import DialogDraft
from camau.storage.engine import create_engine, session_factory
from camau.storage.migrate import upgrade
from camau.storage.reflection_tables import Reflection, ReflectionAnswer
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

EMAIL = "tom.davies@demo.camau.cymru"
ACTIONS = st.sampled_from(
    ["answer", "answer", "answer", "skip", "back", "menu", "restart", "cancel", "help"]
)


@dataclass
class Model:
    """What the person should see: None when no reflection is open, else the question index."""

    index: int | None = None
    answers: dict[int, str] = field(default_factory=dict)
    turns: int = 0  # messages the open reflection took (leave/cancel ask only after one)
    parked: bool = False  # left with its answers kept as a draft
    parked_at: int = 0  # the question it was left at
    typed: int = 0
    saved: list[list[str]] = field(default_factory=list)  # each finished reflection's answers


def answer_for(model: Model) -> str:
    kind = QUESTIONS[model.index or 0].kind
    if kind is Kind.SCALE:
        return "7"
    if kind is Kind.COMPONENTS:
        return "1"
    model.typed += 1
    return f"Observation {model.typed} from the home visit."


async def open_reflection(person: Conversation, model: Model) -> None:
    said = text_of(await person.say("reflect"))
    if model.parked:
        assert "You have a reflection you have not finished" in said
        await person.say("yes")
        model.parked, model.index = False, model.parked_at
    else:
        model.index, model.answers, model.turns = 0, {}, 0


async def play(person: Conversation, bot: BotHarness, model: Model, action: str) -> None:
    if action == "restart":
        await bot.restart()
        return
    if model.index is None:
        await open_reflection(person, model)
        return
    if action == "answer":
        text = answer_for(model)
        if QUESTIONS[model.index].kind is Kind.TEXT:
            model.answers[model.index] = text
        await person.say(text)
        model.index += 1
        model.turns += 1
    elif action == "skip":
        await person.say("skip")
        model.index += 1
        model.turns += 1
    elif action == "back":
        await person.say("back")
        if model.index > 0:
            model.index -= 1
            model.answers.pop(model.index, None)
    elif action == "help":
        assert "You can type these at any time:" in text_of(await person.say("help"))
    elif action == "menu":
        said = text_of(await person.say("menu"))
        if model.turns == 0:
            model.index = None  # nothing answered yet: it just goes
            return
        assert "Leave it?" in said
        await person.say("yes")
        model.index, model.parked, model.parked_at = None, True, model.index
    elif action == "cancel":
        said = text_of(await person.say("cancel"))
        if model.turns == 0:
            model.index = None
            return
        assert "Stop and discard" in said
        await person.say("yes")
        model.index, model.answers = None, {}
    if model.index is not None and model.index >= len(QUESTIONS):
        await finish(person, model)


async def finish(person: Conversation, model: Model) -> None:
    """At the sharing choice: keep it private (or nothing was answered: nothing to save)."""
    if model.answers:
        assert "Saved" in text_of(await person.say("1"))
        model.saved.append([model.answers[i] for i in sorted(model.answers)])
    model.index, model.turns = None, 0
    model.answers = {}


async def scenario(actions: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = load_settings(database_url=f"sqlite+aiosqlite:///{Path(folder) / 'camau.db'}")
        engine = create_engine(config.database_url)
        await upgrade(engine)
        await seed_demo(session_factory(engine))
        connector = await FakeConnector().start()
        connector.members["teams-tom"] = Member(
            id="teams-tom", email=EMAIL, user_principal_name=EMAIL
        )
        clock = FixedClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
        bot = await BotHarness(config, connector, clock=clock).start()
        try:
            person = bot.conversation("teams-tom")
            await person.say("hi")
            model = Model()
            for action in actions:
                await play(person, bot, model, action)
            # Finish whatever is open or parked: every answer still held must be saved.
            if model.parked:
                await open_reflection(person, model)
            while model.index is not None:
                await play(person, bot, model, "skip")
            await person.say("menu")  # a cancel's draft stays for one message, for `undo`
            async with session_factory(engine)() as session:
                reflections = list((await session.exec(select(Reflection))).all())
                answers = list((await session.exec(select(ReflectionAnswer))).all())
                drafts = list((await session.exec(select(DialogDraft))).all())
            by_reflection: dict[int, list[str]] = {}
            for answer in sorted(answers, key=lambda a: (a.reflection_id, a.position)):
                by_reflection.setdefault(answer.reflection_id, []).append(answer.text)
            got = [
                by_reflection.get(r.id or 0, [])
                for r in sorted(reflections, key=lambda r: r.id or 0)
            ]
            assert got == model.saved, (actions, got, model.saved)
            assert drafts == []  # finished: no draft left
        finally:
            await bot.close()
            await connector.close()
            await engine.dispose()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(ACTIONS, min_size=1, max_size=12))
def test_random_answers_commands_and_restarts_lose_nothing(actions: list[str]) -> None:
    asyncio.run(scenario(actions))
