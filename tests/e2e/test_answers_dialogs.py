"""Typed dates said back in the person's language, and a date that fits two days asked about.

Over real HTTP with the steps dialogs; today is Monday 21 December 2026. The initial child
protection conference was on Friday 18 December, so the first core group is due on 6 January.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from camau.config import Settings
from camau.services.clock import FixedClock
from tests.e2e.test_steps import (
    REFERENCE,
    WORDS,
    at,
    say_all,
    worker,
    worker_with_case,
)
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(date(2026, 12, 21)))


@pytest.fixture
async def steps_bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


TYPED = {"cy": "18fed o Ragfyr", "en": "18th of December"}
AMBIGUOUS = {"cy": "dydd Llun 18 o Ragfyr", "en": "Monday 18 December"}
READ_BACK = {
    "cy": "Wedi deall: 18 Rhagfyr 2026 (dydd Gwener).",
    "en": "Understood: Friday 18 December 2026.",
}
WHICH = {
    "cy": "Oeddech chi'n golygu 18 Rhagfyr 2026 (dydd Gwener) neu 21 Rhagfyr 2026 (dydd Llun)?",
    "en": "Did you mean Friday 18 December 2026 or Monday 21 December 2026?",
}


async def _finish_case(person: Conversation, w: dict[str, str]) -> str:
    a, b, c = w["labels"]
    skip = w["skip"]
    return await say_all(
        person,
        *(a, "Kitchen unsafe", "Kitchen safe and clean", w["yes"]),
        *(b, skip, skip, w["yes"]),
        *(c, skip, skip, w["no"]),
    )


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_typed_date_is_said_back_in_the_persons_language(
    steps_bot: BotHarness, connector: FakeConnector, clock: FixedClock, language: str
) -> None:
    clock.set(at(date(2026, 12, 21)))
    w = WORDS[language]
    person = worker(steps_bot, connector, language)
    await say_all(person, "hi", w["new"], REFERENCE)
    said = text_of(await person.say(TYPED[language]))
    assert READ_BACK[language] in said
    assert w["first_due"] in await _finish_case(person, w)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_date_that_fits_two_days_is_asked_about_then_said_back(
    steps_bot: BotHarness, connector: FakeConnector, clock: FixedClock, language: str
) -> None:
    clock.set(at(date(2026, 12, 21)))
    w = WORDS[language]
    person = worker(steps_bot, connector, language)
    await say_all(person, "hi", w["new"], REFERENCE)
    asked = text_of(await person.say(AMBIGUOUS[language]))
    assert WHICH[language] in asked
    assert READ_BACK[language] in text_of(await person.say("1"))
    assert w["first_due"] in await _finish_case(person, w)


EXTRAS = {
    "cy": ("Hoffwn", "na, dim diolch", "hoffwn", "Maes 1 o 3", "Sgôr y teulu ei hun"),
    "en": ("Yes, please", "no thanks", "yes please", "Area 1 of 3", "The family's own score"),
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_the_family_score_question_takes_verb_answers_typed_with_politeness(
    steps_bot: BotHarness, connector: FakeConnector, clock: FixedClock, language: str
) -> None:
    button, no, yes, first_area, family = EXTRAS[language]
    w = WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await person.say(w["scores"])
    asked = text_of(await person.say("4/1/2027"))
    assert button in asked
    declined = text_of(await person.say(no))
    assert first_area in declined and family not in declined
    await person.say("cancel" if language == "en" else "canslo")
    await person.say(w["yes"])  # answers given: the cancel is confirmed first (#11)
    await say_all(person, w["scores"], "4/1/2027")
    await person.say(yes)
    assert family in text_of(await person.say("3"))
