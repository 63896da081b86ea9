"""Delete my data reaches every chat of the person, over real HTTP, on SQLite and PostgreSQL.

A reflection left open in one Teams chat while the person deletes their data in another: the
deleted answers are gone from the agent state of every conversation at once (not only from the
drafts), nothing of them is saved later, and the other chat is told plainly at its next message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from camau.config import Settings
from camau.reflection.tables import Reflection
from camau.services.clock import FixedClock
from camau.storage.drafts_tables import DialogDraft
from camau.storage.models import AgentStateRecord
from tests.e2e.test_delete_my_data import SAYS
from tests.e2e.test_interruptions import MORE, finish
from tests.e2e.test_reflection import ASKS, DOMAIN, NOW, WORDS, WORKER, rbot, rows, start  # noqa: F401
from tests.e2e.test_telegram_flows import on_telegram
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector, Member

pytestmark = pytest.mark.clock_at(NOW)

TOLD = {
    "cy": "Fe wnaethoch chi ddileu'ch data mewn sgwrs arall, felly mae'r hyn",
    "en": "You deleted your data in another chat, so what you had started here was stopped",
}


@pytest.fixture
def settings(demo_on_each_backend: Settings) -> Settings:
    """This file's tests run on SQLite and on PostgreSQL."""
    return demo_on_each_backend


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_deleting_my_data_in_one_chat_ends_the_reflection_open_in_another(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, a, m = SAYS[language], ASKS[language], MORE[language]
    first = await start(rbot, language)
    assert a["q2"] in text_of(await first.say("Open answer DELETEME one."))
    assert a["q3"] in text_of(await first.say("Open answer DELETEME two."))

    second = rbot.conversation(first.user_id)  # the same person, another chat
    await second.say(s["settings"])
    assert s["confirm"] in text_of(await second.say(s["choose"]))
    assert s["deleted"] in text_of(await second.say(s["yes"]))

    # Gone at once from every conversation's stored state, not only from the drafts.
    assert await rows(settings, DialogDraft) == []
    for row in await rows(settings, AgentStateRecord):
        assert "DELETEME" not in row.data

    # The other chat is told plainly at its next message; its answer starts nothing.
    told = text_of(await first.say("Open answer DELETEME three."))
    assert TOLD[language] in told
    assert a["q4"] not in told
    # Carrying on there cannot save what was deleted.
    await finish(first, language, 6)
    await first.say(m["private"])
    assert await rows(settings, Reflection) == []
    assert await rows(settings, DialogDraft) == []
    # Told once: the next message is an ordinary one.
    assert TOLD[language] not in text_of(await first.say("hi"))


@pytest.fixture
async def both(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    """Teams and Telegram (with the scope `full`, where reflections are played in text)."""
    for user in ("elin.pryce", "tom.davies"):
        member_id = f"teams-{user.split('.')[0]}"
        connector.members[member_id] = Member(
            id=member_id, email=f"{user}@{DOMAIN}", user_principal_name=f"{user}@{DOMAIN}"
        )
    scoped = settings.model_copy(update={"telegram_scope": "full"})
    harness = await BotHarness(scoped, connector, clock=clock).start()
    yield harness
    await harness.close()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_deleting_my_data_in_teams_ends_the_reflection_open_on_telegram(
    both: BotHarness,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s, a, m = SAYS[language], ASKS[language], MORE[language]
    telegram = await on_telegram(both, settings, clock, language)
    assert a["q1"] in text_of(await telegram.say(WORDS[language]["reflect"]))
    assert a["q2"] in text_of(await telegram.say("Open answer DELETEME one."))

    teams = both.conversation(f"teams-{WORKER[language][0]}")
    await teams.say("hi")
    await teams.say(s["choose"])
    assert s["deleted"] in text_of(await teams.say(s["yes"]))
    for row in await rows(settings, AgentStateRecord):
        assert "DELETEME" not in row.data

    told = text_of(await telegram.say("Open answer DELETEME two."))
    assert TOLD[language] in told and a["q3"] not in told
    await finish(telegram, language, 7)
    await telegram.say(m["private"])
    assert await rows(settings, Reflection) == []
    assert await rows(settings, DialogDraft) == []


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_after_deleting_an_edit_of_a_deleted_answer_is_not_told_it_is_saved(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, m = SAYS[language], MORE[language]
    worker = await start(rbot, language)
    await worker.say("Saved answer DELETEME.")
    answered = worker.last_id
    assert answered is not None
    await finish(worker, language, 8)
    await worker.say(m["private"])
    assert await rows(settings, Reflection) != []

    await worker.say(s["choose"])
    assert s["deleted"] in text_of(await worker.say(s["yes"]))
    # Its reflection is gone: nothing says it is saved, or how to change it.
    assert await worker.edit(answered, "Something else.") == []
    assert await worker.delete(answered) == []
