"""Commands and answers over real HTTP: an answer the question on screen accepts wins over a
command word, and a command typed mid-dialog never silently throws answers away."""

from __future__ import annotations

from datetime import timedelta

import pytest

from camau.config import Settings
from camau.services import people
from camau.services.clock import FixedClock
from camau.sessions.services import sessions
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_sessions import MEGAN, TOM, person_in_teams
from tests.e2e.test_sessions_dialogs import MONDAY, THURSDAY_1030, booked, bot, speaks  # noqa: F401  (fixtures)
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector

pytestmark = pytest.mark.clock_at(MONDAY)  # the session dialogs' Monday

WORDS = {
    "cy": {
        "reflect": "myfyrio",
        "skip": "hepgor",
        "session": "sesiwn",
        "brought": "Wedi'i gadw. Bydd eich mentor yn ei weld cyn eich sesiwn fentora nesaf.",
        "record": "cofnodi sesiwn",
        "cancel": "canslo",
        "cancelled": "Wedi'i chanslo. Mae'r nodiadau atgoffa wedi'u tynnu'n ôl",
    },
    "en": {
        "reflect": "reflect",
        "skip": "skip",
        "session": "session",
        "brought": "Saved. Your mentor will see it before your next mentor session.",
        "record": "record session",
        "cancel": "cancel",
        "cancelled": "Cancelled. The reminders are withdrawn and your mentees are told.",
    },
}


async def in_language(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    who: str,
    email: str,
    language: str,
) -> Conversation:
    await speaks(settings, email, language)
    person = person_in_teams(bot, connector, who, email)
    await person.say("menu")
    return person


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_sesiwn_at_the_sharing_step_brings_the_reflection_to_the_session(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w = WORDS[language]
    tom = await in_language(bot, connector, settings, "tom", TOM, language)
    await tom.say(w["reflect"])
    await tom.say("Home visit for case CP-4410: calm and open.")
    for _ in range(8):
        await tom.say(w["skip"])
    saved = text_of(await tom.say(w["session"]))  # an answer here, not the Sessions command
    assert w["brought"] in saved


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_canslo_at_the_session_outcome_cancels_the_session(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    session_id = await booked(settings, clock)
    megan = await in_language(bot, connector, settings, "megan", MEGAN, language)
    await megan.say(w["record"])
    await megan.say("1")
    said = text_of(await megan.say(w["cancel"]))  # the answer "Cancel it", not the command
    assert w["cancelled"] in said
    engine = create_engine(settings.database_url)
    try:
        view = await sessions.view_of(session_factory(engine), session_id)
    finally:
        await engine.dispose()
    assert view.status == "cancelled"


STALE = {
    "cy": {
        "gone": "Mae'r sesiwn honno wedi'i symud, ei chanslo neu ei chofnodi ers i'r rhestr gael ei dangos.",
        "what": "Beth ddigwyddodd iddi?",
    },
    "en": {
        "gone": "That session has been moved, cancelled or recorded since the list was shown.",
        "what": "What happened to it?",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_session_cancelled_meanwhile_is_answered_plainly_and_the_list_shown_fresh(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    first = await booked(settings, clock)
    await booked(settings, clock, THURSDAY_1030 + timedelta(days=7))
    megan = await in_language(bot, connector, settings, "megan", MEGAN, language)
    await megan.say(WORDS[language]["record"])  # the list shows both sessions
    engine = create_engine(settings.database_url)
    try:
        db = session_factory(engine)
        await sessions.cancel(db, clock, await people.by_email(db, MEGAN), first)
    finally:
        await engine.dispose()
    said = text_of(await megan.say("1"))  # the first, cancelled since
    assert STALE[language]["gone"] in said and STALE[language]["what"] not in said
    assert STALE[language]["what"] in text_of(await megan.say("1"))  # the fresh list's one
