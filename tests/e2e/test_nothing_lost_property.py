"""Property: random answers, command words, `back`, restarts and confirmations played through the
reflection and the scoring over real HTTP lose nothing. Every answer given is saved, in a draft,
or was discarded by a confirmed cancel (or taken back with `back`); nothing is saved twice; a
finished dialog leaves no draft.

A model follows each dialog: which question is on screen and the answers given. After each
random sequence the dialog is finished and what was saved must be the model's.

The example counts are kept small (each example drives the real app over HTTP): `make test`
runs them in its time budget. Raise them locally with `--hypothesis-seed` and a profile.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from camau.config import load_settings
from camau.migrations.runner import upgrade
from camau.reflection.rules import QUESTIONS, Kind
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services import people
from camau.services.clock import FixedClock
from camau.services.demo import seed_demo
from camau.steps.services import cases as steps
from camau.steps.tables import StepsArea, StepsCoreGroup, StepsScore
from camau.storage.drafts_tables import DialogDraft
from camau.storage.engine import create_engine, session_factory
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


@asynccontextmanager
async def running() -> AsyncIterator[tuple[BotHarness, Conversation, object]]:
    """The app on a fresh demo database, and Tom (a worker) in Teams."""
    with tempfile.TemporaryDirectory() as folder:
        config = load_settings(database_url=f"sqlite+aiosqlite:///{Path(folder) / 'camau.db'}")
        engine = create_engine(config.database_url)
        await upgrade(engine)
        await seed_demo(session_factory(engine))
        connector = await FakeConnector().start()
        connector.members["teams-tom"] = Member(
            id="teams-tom", email=EMAIL, user_principal_name=EMAIL
        )
        bot = await BotHarness(config, connector, clock=fresh_clock()).start()
        try:
            person = bot.conversation("teams-tom")
            await person.say("hi")
            yield bot, person, engine
        finally:
            await bot.close()
            await connector.close()
            await engine.dispose()


def fresh_clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


async def scenario(actions: list[str]) -> None:
    async with running() as (bot, person, engine):
        model = Model()
        for action in actions:
            await play(person, bot, model, action)
        # Finish whatever is open or parked: every answer still held must be saved.
        if model.parked:
            await open_reflection(person, model)
        while model.index is not None:
            await play(person, bot, model, "skip")
        await person.say("menu")  # a cancel's draft stays for one message, for `undo`
        async with session_factory(engine)() as session:  # type: ignore[arg-type]
            reflections = list((await session.exec(select(Reflection))).all())
            answers = list((await session.exec(select(ReflectionAnswer))).all())
            drafts = list((await session.exec(select(DialogDraft))).all())
        by_reflection: dict[int, list[str]] = {}
        for answer in sorted(answers, key=lambda a: (a.reflection_id, a.position)):
            by_reflection.setdefault(answer.reflection_id, []).append(answer.text)
        got = [
            by_reflection.get(r.id or 0, []) for r in sorted(reflections, key=lambda r: r.id or 0)
        ]
        assert got == model.saved, (actions, got, model.saved)
        assert drafts == []  # finished: no draft left


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(ACTIONS, min_size=1, max_size=12))
def test_random_answers_commands_and_restarts_lose_nothing(actions: list[str]) -> None:
    asyncio.run(scenario(actions))


# The scoring: the core group's date, "extras?", a score for each area, the next core group.

AREAS = ("Home conditions", "School attendance")
DATE, EXTRAS, FIRST_AREA = 0, 1, 2
BOOKED = FIRST_AREA + len(AREAS)
INITIAL_CONFERENCE = date(2026, 11, 2)
SCORING_ACTIONS = st.sampled_from(
    ["answer", "answer", "answer", "answer", "back", "menu", "restart", "cancel", "help"]
)


@dataclass
class Scoring:
    """What the person should see: None when no scoring is open, else the question's position
    (`DATE`, `EXTRAS`, an area, `BOOKED`); the scores given, by area."""

    at: int | None = None
    scores: dict[int, int] = field(default_factory=dict)
    turns: int = 0
    parked: bool = False
    parked_at: int = 0
    given: int = 0
    saved: list[dict[int, int]] = field(default_factory=list)  # each scoring's scores, by area


def core_group_date(model: Scoring) -> str:
    """A different core group for each scoring saved (the same one cannot be scored twice)."""
    return f"{3 + 4 * len(model.saved)}/11/2026"


async def open_scoring(person: Conversation, model: Scoring) -> None:
    said = text_of(await person.say("scores"))
    if model.parked:
        assert "You have scores you have not finished recording" in said
        await person.say("yes")
        model.parked, model.at = False, model.parked_at
    else:
        assert "When was the core group?" in said
        model.at, model.scores, model.turns = DATE, {}, 0


async def play_scoring(person: Conversation, bot: BotHarness, model: Scoring, action: str) -> None:
    if action == "restart":
        await bot.restart()
        return
    if model.at is None:
        await open_scoring(person, model)
        return
    if action == "answer":
        await answer_scoring(person, model)
    elif action == "back":
        await person.say("back")
        if model.at == EXTRAS:
            model.at = DATE
        elif model.at == FIRST_AREA:
            model.at, model.scores = EXTRAS, {}  # the areas are asked afresh after "extras?"
        elif FIRST_AREA < model.at < BOOKED:
            model.at -= 1
            model.scores.pop(model.at - FIRST_AREA, None)
        # at the date, and at the next core group (after the areas), there is no going back
    elif action == "help":
        assert "You can type these at any time:" in text_of(await person.say("help"))
    elif action == "menu":
        said = text_of(await person.say("menu"))
        if model.turns == 0:
            model.at = None
            return
        assert "Leave it?" in said
        await person.say("yes")
        model.at, model.parked, model.parked_at = None, True, model.at
    elif action == "cancel":
        said = text_of(await person.say("cancel"))
        if model.turns == 0:
            model.at = None
            return
        assert "Stop and discard" in said
        await person.say("yes")
        model.at, model.scores = None, {}


async def answer_scoring(person: Conversation, model: Scoring) -> None:
    assert model.at is not None
    model.turns += 1
    if model.at == DATE:
        await person.say(core_group_date(model))
        model.at = EXTRAS
    elif model.at == EXTRAS:
        await person.say("no")
        model.at, model.scores = FIRST_AREA, {}
    elif model.at < BOOKED:
        model.given += 1
        score = model.given % 10 + 1
        await person.say(str(score))
        model.scores[model.at - FIRST_AREA] = score
        model.at += 1
    else:
        said = text_of(await person.say("skip"))  # not booked: the due date is used
        assert "Next core group" in said, said
        model.saved.append(dict(model.scores))
        model.at, model.scores, model.turns = None, {}, 0


async def scoring_scenario(actions: list[str]) -> None:
    async with running() as (bot, person, engine):
        db = session_factory(engine)  # type: ignore[arg-type]
        tom = await people.by_email(db, EMAIL)
        new_areas = [steps.NewArea(label) for label in AREAS]
        await steps.create_case(
            db, fresh_clock(), tom, "CP/2026/0412", INITIAL_CONFERENCE, new_areas
        )
        model = Scoring()
        for action in actions:
            await play_scoring(person, bot, model, action)
        if model.parked:
            await open_scoring(person, model)
        while model.at is not None:
            await answer_scoring(person, model)
        await person.say("menu")  # a cancel's draft stays for one message, for `undo`
        async with db() as session:
            groups = list((await session.exec(select(StepsCoreGroup))).all())
            scores = list((await session.exec(select(StepsScore))).all())
            areas = list((await session.exec(select(StepsArea))).all())
            drafts = list((await session.exec(select(DialogDraft))).all())
        position = {a.id: a.position for a in areas}
        got = [
            {position[s.area_id]: s.score for s in scores if s.core_group_id == g.id}
            for g in sorted(groups, key=lambda g: g.held_on)
        ]
        assert got == model.saved, (actions, got, model.saved)  # each once, as given
        assert len(scores) == len(AREAS) * len(groups)  # nothing saved twice
        assert drafts == []  # finished: no draft left


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(SCORING_ACTIONS, min_size=1, max_size=12))
def test_random_scoring_answers_commands_and_restarts_lose_nothing(actions: list[str]) -> None:
    asyncio.run(scoring_scenario(actions))
