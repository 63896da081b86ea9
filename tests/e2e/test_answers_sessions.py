"""Typed times, dates, working hours and time zones said back, in sessions and settings (cy, en).

Over real HTTP; today is Monday 23 November 2026, 10:00 in London (GMT).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from camau.config import Settings
from camau.services import people
from camau.services.clock import FixedClock
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_sessions import MEGAN, TOM, person_in_teams
from tests.e2e.test_sessions_dialogs import MONDAY, booked, speaks, tom_speaking
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
async def bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


SCHEDULE = {
    "cy": ("trefnu", "yfory am 9", "Wedi deall: 24 Tachwedd 2026 (dydd Mawrth), 09:00."),
    "en": ("schedule", "tomorrow at 9", "Understood: Tuesday 24 November 2026, 09:00."),
}
EXAMPLE = {"cy": "yfory am 9", "en": "tomorrow at 9"}
PAUSE = {
    "cy": (
        "Oedi nodiadau atgoffa",
        "3 o Ragfyr",
        "Wedi deall: 3 Rhagfyr 2026 (dydd Iau).",
        "tan 3 Rhagfyr 2026 (dydd Iau).",
    ),
    "en": (
        "Pause reminders",
        "December 3rd",
        "Understood: Thursday 3 December 2026.",
        "until Thursday 3 December 2026.",
    ),
}
HOURS = {
    "cy": ("Oriau gwaith", "Llun i Wener 9yb-5yp", "Wedi deall: Llun-Gwe 09:00-17:00."),
    "en": ("Working hours", "Monday to Friday 9am-5pm", "Understood: Mon-Fri 09:00-17:00."),
}
ZONE = {
    "cy": ("Cylchfa amser", "Enw cloc yw GMT, nid lle: byddaf i'n defnyddio Europe/London"),
    "en": ("Time zone", "GMT is a clock, not a place: I will use Europe/London"),
}


async def _stored(settings: Settings, email: str) -> tuple[str, str]:
    engine = create_engine(settings.database_url)
    try:
        person = await people.by_email(session_factory(engine), email)
        return person.working_hours, person.timezone
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_typed_session_time_is_said_back_and_the_example_is_in_one_language(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str
) -> None:
    command, typed, read_back = SCHEDULE[language]
    await speaks(settings, MEGAN, language)
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    await megan.say("menu")
    await megan.say(command)
    await megan.say("1")  # individual
    asked = text_of(await megan.say("Tom Davies"))
    other = "en" if language == "cy" else "cy"
    assert EXAMPLE[language] in asked
    assert EXAMPLE[other] not in asked
    assert read_back in text_of(await megan.say(typed))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_typed_pause_date_is_said_back_without_midnight(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    topic, typed, read_back, until = PAUSE[language]
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    await tom.say("settings")
    await tom.say(topic)
    said = text_of(await tom.say(typed))
    assert read_back in said
    assert until in said
    assert "00:00" not in said


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_working_hours_typed_naturally_are_said_back_and_stored(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str
) -> None:
    topic, typed, read_back = HOURS[language]
    tom = await tom_speaking(bot, connector, settings, language)
    await tom.say("settings")
    await tom.say(topic)
    assert read_back in text_of(await tom.say(typed))
    assert (await _stored(settings, TOM))[0] == "Mon-Fri 09:00-17:00"


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_gmt_is_taken_as_uk_time_and_the_clock_change_is_said(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str
) -> None:
    topic, caveat = ZONE[language]
    tom = await tom_speaking(bot, connector, settings, language)
    await tom.say("settings")
    await tom.say(topic)
    assert caveat in text_of(await tom.say("GMT"))
    assert (await _stored(settings, TOM))[1] == "Europe/London"


WHICH_TIME = {
    "cy": (
        "trefnu",
        "dydd Llun 3 Rhagfyr am 10",
        "Oeddech chi'n golygu 30 Tachwedd 2026 (dydd Llun), 10:00 neu "
        "3 Rhagfyr 2026 (dydd Iau), 10:00?",
        "Wedi deall: 3 Rhagfyr 2026 (dydd Iau), 10:00.",
    ),
    "en": (
        "schedule",
        "Monday 3 December at 10am",
        "Did you mean Monday 30 November 2026, 10:00 or Thursday 3 December 2026, 10:00?",
        "Understood: Thursday 3 December 2026, 10:00.",
    ),
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_session_day_that_fits_two_dates_is_asked_about(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str
) -> None:
    command, typed, which, read_back = WHICH_TIME[language]
    await speaks(settings, MEGAN, language)
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    await megan.say("menu")
    await megan.say(command)
    await megan.say("1")  # individual
    await megan.say("Tom Davies")
    assert which in text_of(await megan.say(typed))
    assert read_back in text_of(await megan.say("2"))
