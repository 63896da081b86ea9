"""Choices stay true, over real HTTP in Welsh and English: every pick list re-reads its data when
it is answered; a choice gone meanwhile is answered plainly and the list is shown fresh.

(The mentor's "record a session" list and the case list have their own tests in
test_commands_answers.py and test_answer_checks.py.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from camau.config import Settings
from camau.reflection.rules import Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import Answer, NewReflection
from camau.services import drafts, people
from camau.services.clock import FixedClock
from camau.services.db import Db
from camau.sessions.services import sessions
from camau.steps.services import cases as steps
from camau.storage import people as people_repo
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_commands_answers import in_language
from tests.e2e.test_sessions import MEGAN, TOM
from tests.e2e.test_sessions_dialogs import MONDAY, THURSDAY_1030, booked, bot  # noqa: F401
from tests.e2e.test_steps import REFERENCE, steps_bot, worker_with_case  # noqa: F401
from tests.e2e.test_steps import WORDS as STEPS_WORDS
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

pytestmark = pytest.mark.clock_at(MONDAY)

SAYS = {
    "cy": {
        "reflections": "myfyrdodau",
        "reflection_gone": "Mae'r myfyrdod hwnnw wedi'i ddileu ers i'r rhestr gael ei dangos.",
        "mine": "Eich myfyrdodau diweddar.",
        "shared": "rhannwyd",
        "unshared": "Dydy'r myfyrdod hwnnw ddim wedi'i rannu gyda chi bellach.",
        "shared_list": "Myfyrdodau a rannodd eich mentoreion gyda chi.",
        "drafts": "drafftiau",
        "draft_gone": "Mae'r drafft hwnnw wedi'i orffen, wedi'i daflu neu wedi dod i ben",
        "drafts_list": "Eich gwaith heb ei orffen.",
        "carry_on": "Parhau ag ef, neu ei ddileu?",
        "schedule": "trefnu",
        "mentee_gone": "Dydy rhywun a ddewisoch chi ddim yn un o'ch mentoreion bellach.",
        "which_mentee": "Gyda pha fentorai?",
        "confirm": "cadarnhau sesiwn",
        "session_gone": "Mae'r sesiwn honno wedi'i symud, ei chanslo neu ei chofnodi ers i'r "
        "rhestr gael ei dangos.",
        "confirmed": "mae wedi'i chadarnhau",
        "brief": "briff",
        "briefed": "Briff cyn y sesiwn: Tom Davies",
        "cases": "achosion",
        "area_gone": "Mae'r maes hwnnw wedi'i nodi fel un sydd wedi'i gyflawni ers i'r rhestr "
        "gael ei dangos.",
        "which_area": "Pa faes?",
        "reword": "Aileirio maes",
        "new_wording": "Y geiriad newydd",
    },
    "en": {
        "reflections": "reflections",
        "reflection_gone": "That reflection has been deleted since the list was shown.",
        "mine": "Your recent reflections.",
        "shared": "shared",
        "unshared": "That reflection is no longer shared with you.",
        "shared_list": "Reflections your mentees shared with you.",
        "drafts": "drafts",
        "draft_gone": "That draft has been finished, discarded or has expired",
        "drafts_list": "Your unfinished work.",
        "carry_on": "Carry on with it, or discard it?",
        "schedule": "schedule",
        "mentee_gone": "Someone you chose is no longer your mentee.",
        "which_mentee": "With which mentee?",
        "confirm": "confirm session",
        "session_gone": "That session has been moved, cancelled or recorded since the list was "
        "shown.",
        "confirmed": "Confirmed.",
        "brief": "brief",
        "briefed": "Pre-session brief: Tom Davies",
        "cases": "cases",
        "area_gone": "That area has been marked achieved since the list was shown.",
        "which_area": "Which area?",
        "reword": "Reword an area",
        "new_wording": "The new wording",
    },
}


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[Db]:
    """The bot's database, as the services see it: a change made from elsewhere meanwhile."""
    engine = create_engine(settings.database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def new(text: str) -> NewReflection:
    return NewReflection(answers=(Answer("what_happened", text),))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_my_reflections_a_reflection_deleted_meanwhile(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s = SAYS[language]
    async with database(settings) as db:
        tom = await people.by_email(db, TOM)
        await reflection.save(db, clock, tom, new("The first visit"))
        newest = await reflection.save(db, clock, tom, new("The second visit"))
    worker = await in_language(bot, connector, settings, "tom", TOM, language)
    assert s["mine"] in text_of(await worker.say(s["reflections"]))
    async with database(settings) as db:
        await reflection.delete(db, clock, tom, newest)  # from another chat, say
    said = text_of(await worker.say("1"))
    assert s["reflection_gone"] in said and s["mine"] in said
    assert "The first visit" in text_of(await worker.say("1"))  # the fresh list's first


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_shared_reflections_one_unshared_meanwhile(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s = SAYS[language]
    async with database(settings) as db:
        tom = await people.by_email(db, TOM)
        for text in ("The first visit", "The second visit"):
            found = await reflection.save(db, clock, tom, new(text))
            await reflection_sharing.set_sharing(db, clock, tom, found, Sharing.SHARED)
    megan = await in_language(bot, connector, settings, "megan", MEGAN, language)
    assert s["shared_list"] in text_of(await megan.say(s["shared"]))
    async with database(settings) as db:
        await reflection_sharing.set_sharing(db, clock, tom, found, Sharing.PRIVATE)
    said = text_of(await megan.say("1"))
    assert s["unshared"] in said and s["shared_list"] in said
    assert "The second visit" not in said
    assert "The first visit" in text_of(await megan.say("1"))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_drafts_a_draft_discarded_meanwhile(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s = SAYS[language]
    async with database(settings) as db:
        tom = await people.by_email(db, TOM)
        await drafts.keep(db, clock, tom, None, "reflection", 1, "[]")
        latest = await drafts.keep(db, clock, tom, None, "scores", 2, "[]")
    worker = await in_language(bot, connector, settings, "tom", TOM, language)
    assert s["drafts_list"] in text_of(await worker.say(s["drafts"]))
    async with database(settings) as db:
        await drafts.discard(db, tom, latest)  # finished in another chat, say
    said = text_of(await worker.say("1"))
    assert s["draft_gone"] in said and s["drafts_list"] in said
    assert s["carry_on"] in text_of(await worker.say("1"))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_schedule_a_mentee_no_longer_linked(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    s = SAYS[language]
    megan = await in_language(bot, connector, settings, "megan", MEGAN, language)
    await megan.say(s["schedule"])
    assert "Tom Davies" in text_of(await megan.say("1"))  # individual: the mentees
    async with database(settings) as db:
        tom = await people.by_email(db, TOM)
        async with db() as session, session.begin():
            await people_repo.set_mentor(session, tom.id, None)  # the roster changed
    said = text_of(await megan.say("Tom Davies"))
    assert s["mentee_gone"] in said and s["which_mentee"] in said
    assert "Tom Davies" not in said
    assert "Elin Pryce" in said


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_confirm_a_session_cancelled_meanwhile(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s = SAYS[language]
    first = await booked(settings, clock)
    await booked(settings, clock, THURSDAY_1030 + timedelta(days=7))
    worker = await in_language(bot, connector, settings, "tom", TOM, language)
    await worker.say(s["confirm"])  # two sessions: which?
    async with database(settings) as db:
        await sessions.cancel(db, clock, await people.by_email(db, MEGAN), first)
    said = text_of(await worker.say("1"))
    assert s["session_gone"] in said and s["confirmed"] not in said
    assert s["confirmed"] in text_of(await worker.say("1"))  # the fresh list's one


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_brief_a_session_cancelled_meanwhile(
    bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s = SAYS[language]
    first = await booked(settings, clock)
    await booked(settings, clock, THURSDAY_1030 + timedelta(days=7))
    megan = await in_language(bot, connector, settings, "megan", MEGAN, language)
    await megan.say(s["brief"])
    async with database(settings) as db:
        await sessions.cancel(db, clock, await people.by_email(db, MEGAN), first)
    said = text_of(await megan.say("1"))
    assert s["session_gone"] in said and s["briefed"] not in said
    assert s["briefed"] in text_of(await megan.say("1"))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reword_an_area_marked_achieved_meanwhile(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    s, w = SAYS[language], STEPS_WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    await person.say(s["cases"])
    await person.say(REFERENCE)
    assert s["which_area"] in text_of(await person.say(s["reword"]))
    async with database(settings) as db:
        caller = await people.by_email(db, w["email"])
        [case] = await steps.my_cases(db, caller)
        first = (await steps.areas(db, caller, case.id, active_only=True))[0]
        await steps.mark_achieved(db, clock, caller, first.id)
    said = text_of(await person.say("1"))
    assert s["area_gone"] in said and s["which_area"] in said
    assert w["labels"][0] not in said.split(s["which_area"])[1]  # not in the fresh list
    assert s["new_wording"] in text_of(await person.say("1"))
