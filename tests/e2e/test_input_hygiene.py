"""Characters a database refuses (NUL) are removed at the edge, on both backends; a statement
that fails never logs its parameters; the SDK's activity validation log carries no values."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from camau.bot.logs import install_redaction
from camau.config import load_settings
from camau.migrations.runner import upgrade
from camau.reflection.tables import ReflectionAnswer
from camau.services.clock import FixedClock
from camau.services.demo import seed_demo
from camau.storage.engine import create_engine, session_factory
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector, Member

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
SECRET = "Gethin at CF10 3AT"
ANSWER = "the family at home, the kitchen was cold"
SCALE = {"cy": "Sut aeth hi, ar raddfa o 1 i 10?", "en": "How did it go, on a scale of 1 to 10?"}
SAVED = {
    "cy": "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer.",
    "en": "Saved and shared with your practice mentor.",
}
NEXT_QUESTION = {"cy": "Beth oedd bwysicaf i'r teulu?", "en": "What mattered most to the family?"}


@pytest.fixture
async def hbot(database_url: str) -> AsyncIterator[BotHarness]:
    settings = load_settings(database_url=database_url)
    engine = create_engine(database_url)
    await upgrade(engine)
    await seed_demo(session_factory(engine))
    await engine.dispose()
    connector = await FakeConnector().start()
    connector.members["teams-tom"] = Member(
        id="teams-tom", email="tom.davies@demo.camau.cymru", user_principal_name="tom@x"
    )
    harness = await BotHarness(settings, connector, clock=FixedClock(NOW)).start()
    yield harness
    await harness.close()
    await connector.close()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_nul_in_an_answer_is_removed_and_the_answer_kept(
    hbot: BotHarness, caplog: pytest.LogCaptureFixture, language: str
) -> None:
    """Failed before on PostgreSQL: the turn failed with an apology, the answer was lost and
    the failing statement's parameters (the answer itself) were logged."""
    tom = hbot.conversation("teams-tom")
    await tom.say("iaith" if language == "cy" else "language")
    await tom.say("Cymraeg" if language == "cy" else "English")
    await tom.say("myfyrio" if language == "cy" else "reflect")
    with caplog.at_level(logging.DEBUG):
        replies = await tom.say(f"Visited\x00 {ANSWER}")
    said = text_of(replies)
    assert NEXT_QUESTION[language] in said  # the answer was taken and the dialog went on
    assert "Sorry, something went wrong" not in said
    assert "Mae'n ddrwg gen i, aeth rhywbeth o'i le" not in said
    for _ in range(6):  # q2 to q7
        said = text_of(await tom.say("hepgor" if language == "cy" else "skip"))
    assert SCALE[language] in said
    await tom.say("7")
    await tom.say("1")
    assert SAVED[language] in text_of(await tom.say("2"))
    assert ANSWER not in caplog.text
    engine = create_engine(hbot.settings.database_url)
    async with session_factory(engine)() as session:
        answers = (await session.exec(select(ReflectionAnswer.text))).all()
    await engine.dispose()
    assert f"Visited {ANSWER}" in answers


async def test_a_failing_statement_does_not_log_its_parameters(database_url: str) -> None:
    """Failed before: the error text carried `[parameters: ...]` with the value."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            with pytest.raises(Exception) as caught:
                await conn.execute(
                    text("SELECT CAST(:v AS INTEGER) + no_such_column"), {"v": SECRET}
                )
        assert SECRET not in str(caught.value)
    finally:
        await engine.dispose()


def test_sdk_activity_validation_log_carries_no_values(caplog: pytest.LogCaptureFixture) -> None:
    """Failed before: the SDK logged the validation error with the input values."""
    from microsoft_agents.activity import Activity

    install_redaction()
    with caplog.at_level(logging.DEBUG), pytest.raises(ValueError):
        Activity.model_validate({"type": "message", "text": SECRET, "timestamp": SECRET})
    assert SECRET not in caplog.text
