"""A turn that fails: the person gets a short apology in their language, their dialog is reset,
nothing else is lost, and the log holds no message text."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import col, select

from camau.config import Settings
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import AgentStateRecord, Person
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, text_of

SORRY = {
    "cy": "Mae'n ddrwg gen i, aeth rhywbeth o'i le.",
    "en": "Sorry, something went wrong.",
}
MENU = {"cy": "Dewislen Camau", "en": "Camau menu"}
SECRET = "Rhywbeth personol iawn am yr ymweliad"


async def _corrupt_state(settings: Settings, conversation_id: str) -> None:
    """Put a dialog state this release cannot read (a type outside the codec's allow-list)."""
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session, session.begin():
        key = f"msteams/conversations/{conversation_id}"
        row = (
            await session.exec(select(AgentStateRecord).where(col(AgentStateRecord.key) == key))
        ).one()
        row.data = '{"DialogState": {"$t": "RemovedDialogType", "$v": {}}}'
    await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_turn_error_apologises_in_language_resets_dialog_and_keeps_the_rest(
    bot: BotHarness, settings: Settings, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("Cymraeg" if language == "cy" else "English")
    await alex.say("settings")
    await _corrupt_state(settings, alex.conversation_id)

    with caplog.at_level(logging.DEBUG):
        replies = await alex.say(SECRET)
    assert len(replies) == 1
    assert SORRY[language] in text_of(replies)
    assert SECRET not in caplog.text

    after = await alex.say("menu")
    assert MENU[language] in text_of(after)
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session:
        person = (
            await session.exec(select(Person).where(col(Person.aad_object_id) == ALEX_AAD))
        ).one()
    await engine.dispose()
    assert person.language == language  # nothing else lost
