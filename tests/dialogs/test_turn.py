"""One helper for the turn (`camau.dialogs.turn.Turn`): a step reads who is asking and the
services' handles from it, and ends by saying something (`end`) or why a service refused
(`refuse`), in the person's language. Each test runs one real waterfall step on the SDK's
test adapter; the step after it says "not ended" if it is ever reached."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ConversationState, MemoryStorage, TurnContext
from microsoft_agents.hosting.dialogs import (
    DialogSet,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from microsoft_agents.testing import TestAdapter

from camau.dialogs.render import problem_activity
from camau.dialogs.turn import DEPS_KEY, Deps, Turn, set_caller
from camau.i18n import _, use_language
from camau.services.clock import FixedClock
from camau.services.errors import InvalidInput, NotFound
from camau.services.people import Caller
from camau.steps.services import scores as steps_scores
from camau.storage.engine import create_engine, session_factory

Step = Callable[[WaterfallStepContext, Turn], Awaitable[DialogTurnResult]]
NOT_ENDED = "not ended"


@dataclass
class Ran:
    """What one turn of the dialog did: the replies, and how the dialog stands after it."""

    replies: list[Activity]
    status: DialogTurnStatus
    result: object


@pytest.fixture
async def deps(tmp_path: Path) -> AsyncIterator[Deps]:
    """The services' handles (the database is never reached by these tests)."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/unused.db")
    yield Deps(session_factory(engine), FixedClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC)))
    await engine.dispose()


def person(language: str) -> Caller:
    return Caller(
        1, "Gwen", "gwen@example.org", language, frozenset({"worker"}), "Europe/London", ""
    )


async def run(step: Step, deps: Deps, caller: Caller) -> Ran:
    """Begin a two-step waterfall whose first step is `step`, as `caller`, in one turn."""
    outcome: list[DialogTurnResult] = []

    async def first(step_context: WaterfallStepContext) -> DialogTurnResult:
        return await step(step_context, Turn.of(step_context))

    async def after(step_context: WaterfallStepContext) -> DialogTurnResult:
        await step_context.context.send_activity(NOT_ENDED)
        ended: DialogTurnResult = await step_context.end_dialog()
        return ended

    async def on_turn(context: TurnContext) -> None:
        set_caller(context, caller)
        context.turn_state[DEPS_KEY] = deps
        state = ConversationState(MemoryStorage())
        dialogs = DialogSet(state.create_property("DialogState"))
        dialogs.add(WaterfallDialog("one", [first, after]))
        await state.load(context)
        dialog_context = await dialogs.create_context(context)
        outcome.append(await dialog_context.begin_dialog("one"))

    adapter = TestAdapter()
    with use_language(caller.language):
        await adapter.send_text_to_bot("hi", on_turn)
    return Ran(list(adapter.activity_queue), outcome[0].status, outcome[0].result)


def texts(ran: Ran) -> list[str]:
    return [reply.text or "" for reply in ran.replies]


@pytest.mark.parametrize(
    ("language", "expected", "month"),
    [
        ("cy", "Mae sgorau'r grŵp craidd ar", "Rhagfyr"),
        ("en", "Scores for the core group on", "December"),
    ],
)
async def test_turn_refuse_says_the_refusal_in_the_persons_language_and_ends(
    deps: Deps, language: str, expected: str, month: str
) -> None:
    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        return await turn.refuse(step, InvalidInput(steps_scores.ALREADY, date=date(2026, 12, 3)))

    ran = await run(step, deps, person(language))
    assert ran.status == DialogTurnStatus.Complete
    [said] = texts(ran)
    assert said.startswith(expected) and month in said, said
    assert "{date}" not in said and NOT_ENDED not in said


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", "Doeddwn i ddim yn gallu dod o hyd i'r achos hwnnw."),
        ("en", "I could not find that case."),
    ],
)
async def test_turn_refuse_says_the_callers_sentence_for_anything_else(
    deps: Deps, language: str, expected: str
) -> None:
    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        return await turn.refuse(step, NotFound("case"), _("I could not find that case."))

    ran = await run(step, deps, person(language))
    assert ran.status == DialogTurnStatus.Complete
    assert texts(ran) == [expected]


async def test_turn_end_says_a_text_then_ends_with_its_result(deps: Deps) -> None:
    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        return await turn.end(step, "Saved.", result=7)

    ran = await run(step, deps, person("en"))
    assert (ran.status, ran.result, texts(ran)) == (DialogTurnStatus.Complete, 7, ["Saved."])
    assert ran.replies[0].type == "message" and not ran.replies[0].attachments


async def test_turn_end_sends_an_activity_as_it_is(deps: Deps) -> None:
    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        return await turn.end(step, problem_activity("Only practice mentors can do that."))

    ran = await run(step, deps, person("en"))
    assert ran.status == DialogTurnStatus.Complete
    assert texts(ran) == [str(problem_activity("Only practice mentors can do that.").text)]


async def test_turn_end_without_a_message_says_nothing(deps: Deps) -> None:
    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        return await turn.end(step)

    ran = await run(step, deps, person("en"))
    assert (ran.status, ran.replies) == (DialogTurnStatus.Complete, [])


async def test_turn_reads_the_services_and_the_caller_as_it_is_now(deps: Deps) -> None:
    """A language chosen or a setting changed mid-turn replaces the caller: a `Turn` made
    before sees the new one."""
    seen: list[object] = []

    async def step(step: WaterfallStepContext, turn: Turn) -> DialogTurnResult:
        seen.extend([turn.db, turn.clock, turn.deps, turn.caller.language])
        set_caller(step.context, replace(turn.caller, language="en"))
        seen.append(turn.caller.language)
        seen.append(Turn.of(step.context) == turn)
        return await turn.end(step)

    ran = await run(step, deps, person("cy"))
    assert ran.status == DialogTurnStatus.Complete
    assert seen == [deps.db, deps.clock, deps, "cy", "en", True]
