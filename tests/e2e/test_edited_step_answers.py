"""Edited and deleted messages that gave a date, a choice or a new case's reference, over real
HTTP (Teams `messageUpdate` / `messageDelete`), on SQLite and PostgreSQL.

An edit replaces the answer when its question would take the new text (the same checks as at the
question: a core group before the initial conference, a future date, a reference already open
are refused with the reason, and the old answer kept); a deletion removes it and asks that
question again, at once while the dialog is open (then the question that was on screen), else
when the draft is carried on with. A later question that depends on the answer (the next core
group must come after the one scored) is asked again with the new answer.
"""

from __future__ import annotations

from datetime import date

import pytest

from camau.config import Settings
from camau.services.clock import FixedClock
from camau.steps.tables import StepsArea, StepsCase, StepsCoreGroup, StepsScore
from camau.storage.drafts_tables import DialogDraft
from tests.e2e.test_reflection import rows
from tests.e2e.test_steps import (  # noqa: F401
    REFERENCE,
    WORDS,
    at,
    say_all,
    steps_bot,
    worker_with_case,
)
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

pytestmark = pytest.mark.clock_at(at(date(2026, 12, 21)))

SAYS = {
    "cy": {
        "date_edited": "Eich ateb ar gyfer dyddiad y grŵp craidd bellach yw'r testun wedi'i olygu.",
        "date_refused": "Allwn i ddim defnyddio'r testun wedi'i olygu ar gyfer dyddiad y grŵp craidd.",
        "before_icpc": "Mae grŵp craidd yn dod ar ôl y gynhadledd gychwynnol",
        "kept": "Felly mae'r ateb hwnnw fel yr oedd.",
        "date_deleted": "Fe wnaethoch chi ddileu'ch ateb ar gyfer dyddiad y grŵp craidd",
        "date_question": "Pryd oedd y grŵp craidd?",
        "extras_edited": "Eich ateb ar gyfer cofnodi sgôr y teulu ei hun bellach yw'r testun wedi'i olygu.",
        "family": "Sgôr y teulu ei hun ar gyfer y maes hwn",
        "area_1": "Maes 1 o 3",
        "area_2": "Maes 2 o 3",
        "booked": "Ydy'r grŵp craidd nesaf wedi'i drefnu'n barod?",
        "not_after": "Rhaid i'r grŵp craidd nesaf ddod ar ôl yr un hwn.",
        "on_carry": "Bydd y cwestiwn hwnnw'n cael ei ofyn eto pan fyddwch chi'n parhau.",
        "ref_edited": "Eich ateb ar gyfer cyfeirnod yr achos bellach yw'r testun wedi'i olygu.",
        "ref_refused": "Allwn i ddim defnyddio'r testun wedi'i olygu ar gyfer cyfeirnod yr achos.",
        "duplicate": "Mae gennych chi achos agored gyda'r cyfeirnod hwnnw'n barod.",
        "icpc_refused": "Allwn i ddim defnyddio'r testun wedi'i olygu ar gyfer dyddiad y gynhadledd gychwynnol.",
        "future": "Mae'r dyddiad hwnnw yn y dyfodol",
        "icpc_edited": "Eich ateb ar gyfer dyddiad y gynhadledd gychwynnol bellach yw'r testun wedi'i olygu.",
        "icpc_deleted": "Fe wnaethoch chi ddileu'ch ateb ar gyfer dyddiad y gynhadledd gychwynnol",
        "icpc_question": "Pryd oedd y gynhadledd",
        "not_good": "Beth sydd ddim yn ddigon da ar hyn o bryd?",
        "more": "Ychwanegu maes newid arall?",
        "leave": "Gadael",
        "menu": "dewislen",
        "carry_on": "ie",
    },
    "en": {
        "date_edited": "Your answer for the date of the core group is now the edited text.",
        "date_refused": "I could not use the edited text for the date of the core group.",
        "before_icpc": "A core group comes after the initial conference",
        "kept": "So that answer is as it was.",
        "date_deleted": "You deleted your answer for the date of the core group",
        "date_question": "When was the core group?",
        "extras_edited": "Your answer for recording the family's own score is now the edited text.",
        "family": "The family's own score for this area",
        "area_1": "Area 1 of 3",
        "area_2": "Area 2 of 3",
        "booked": "Is the next core group already booked?",
        "not_after": "The next core group must come after this one.",
        "on_carry": "That question is asked again when you carry on.",
        "ref_edited": "Your answer for the case reference is now the edited text.",
        "ref_refused": "I could not use the edited text for the case reference.",
        "duplicate": "You already have an open case with that reference.",
        "icpc_refused": "I could not use the edited text for the date of the initial conference.",
        "future": "That date is in the future",
        "icpc_edited": "Your answer for the date of the initial conference is now the edited text.",
        "icpc_deleted": "You deleted your answer for the date of the initial conference",
        "icpc_question": "When was the initial child protection conference?",
        "not_good": "What is not good enough now?",
        "more": "Add another area for change?",
        "leave": "Leave",
        "menu": "menu",
        "carry_on": "yes",
    },
}


@pytest.fixture
def settings(demo_on_each_backend: Settings) -> Settings:
    """This file's tests run on SQLite and on PostgreSQL."""
    return demo_on_each_backend


async def held_on(settings: Settings) -> list[date]:
    return [g.held_on for g in await rows(settings, StepsCoreGroup)]


async def scores(settings: Settings) -> list[int]:
    return [s.score for s in sorted(await rows(settings, StepsScore), key=lambda s: s.area_id)]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_an_edited_core_group_date_is_checked_as_at_its_question_and_the_next_asked_again(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAYS[language]
    person = await worker_with_case(
        steps_bot, connector, language
    )  # initial conference Friday 18 December 2026
    clock.set(at(date(2027, 1, 5)))
    await person.say(w["scores"])
    await person.say(w["first"])  # yesterday: 4 January 2027
    dated = person.last_id
    assert dated is not None
    assert s["area_1"] in text_of(await person.say(w["no"]))
    assert s["area_2"] in text_of(await person.say("3"))

    # Before the initial conference: refused with the reason, the answer kept.
    refused = text_of(await person.edit(dated, "1/12/2026"))
    assert s["date_refused"] in refused and s["before_icpc"] in refused and s["kept"] in refused
    [draft] = await rows(settings, DialogDraft)
    assert "2027-01-04" in draft.state

    taken = text_of(await person.edit(dated, "2/1/2027"))
    assert s["date_edited"] in taken and s["area_2"] in taken  # the question on screen again
    assert s["booked"] in await say_all(person, "6", "2")

    # At the next core group's question, the date scored becomes today: that question is asked
    # again, and today is no longer a date it takes (it must come after the core group).
    again = text_of(await person.edit(dated, "5/1/2027"))
    assert s["date_edited"] in again and s["booked"] in again
    assert s["not_after"] in text_of(await person.say("5/1/2027"))
    await person.say(w["skip"])
    assert await held_on(settings) == [date(2027, 1, 5)]
    assert await scores(settings) == [3, 6, 2]
    assert await rows(settings, DialogDraft) == []


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_deleted_core_group_date_is_asked_again_at_once_then_the_area_on_screen(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAYS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await say_all(person, w["scores"], w["first"])
    dated = person.last_id
    assert dated is not None
    await person.say(w["no"])
    extras = person.last_id
    assert extras is not None
    assert s["area_2"] in text_of(await person.say("4"))

    asked = text_of(await person.delete(dated))
    assert s["date_deleted"] in asked and s["date_question"] in asked
    assert s["area_2"] in text_of(await person.say("3/1/2027"))  # back where it was

    # A choice: recording the family's own score, edited from no to yes, asks it from now on.
    edited = text_of(await person.edit(extras, w["yes"]))
    assert s["extras_edited"] in edited and s["area_2"] in edited
    assert s["family"] in text_of(await person.say("5"))
    await say_all(person, "6", w["skip"])  # family score, one step higher
    await say_all(person, "7", w["skip"], w["skip"])
    assert await held_on(settings) == []
    await person.say(w["skip"])  # the next core group: not booked
    assert await held_on(settings) == [date(2027, 1, 3)]
    assert await scores(settings) == [4, 5, 7]
    family = [
        x.family_score for x in sorted(await rows(settings, StepsScore), key=lambda x: x.area_id)
    ]
    assert family == [None, 6, None]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_deleted_date_in_a_left_scoring_is_asked_again_when_carried_on(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAYS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await say_all(person, w["scores"], w["first"])
    dated = person.last_id
    assert dated is not None
    await say_all(person, w["no"], "4")
    await person.say(s["menu"])
    await person.say(s["carry_on"])  # leave it: a draft

    told = text_of(await person.delete(dated))
    assert s["date_deleted"] in told and s["on_carry"] in told
    [draft] = await rows(settings, DialogDraft)
    assert "2027-01-04" not in draft.state

    await steps_bot.restart()
    await person.say(w["scores"])
    assert s["date_question"] in text_of(await person.say(s["carry_on"]))
    assert s["area_2"] in text_of(await person.say("2/1/2027"))
    await say_all(person, "5", "6", w["skip"])
    assert await held_on(settings) == [date(2027, 1, 2)]
    assert await scores(settings) == [4, 5, 6]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_new_case_follows_its_edited_reference_and_conference_date(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAYS[language]
    person = await worker_with_case(steps_bot, connector, language)  # CP/2026/0412 is open already
    await say_all(person, w["new"], "CP/2026/0500")
    reference = person.last_id
    await person.say(w["icpc"])
    conference = person.last_id
    assert reference is not None and conference is not None
    assert s["not_good"] in text_of(await person.say("Home conditions"))

    refused = text_of(await person.edit(reference, REFERENCE))
    assert s["ref_refused"] in refused and s["duplicate"] in refused and s["kept"] in refused
    assert s["ref_edited"] in text_of(await person.edit(reference, "CP/2026/0501"))

    refused = text_of(await person.edit(conference, "1/1/2027"))
    assert s["icpc_refused"] in refused and s["future"] in refused
    assert s["icpc_edited"] in text_of(await person.edit(conference, "11/12/2026"))

    asked = text_of(await person.delete(conference))
    assert s["icpc_deleted"] in asked and s["icpc_question"] in asked
    assert s["not_good"] in text_of(await person.say("10/12/2026"))  # back where it was
    assert s["more"] in await say_all(person, w["skip"], w["skip"])
    await person.say(w["no"])
    cases = sorted(await rows(settings, StepsCase), key=lambda c: c.id)
    assert [(c.reference, c.initial_conference) for c in cases[1:]] == [
        ("CP/2026/0501", date(2026, 12, 10))
    ]
    labels = [a.label for a in await rows(settings, StepsArea) if a.case_id == cases[1].id]
    assert labels == ["Home conditions"]


SAVED_DATE = {
    "cy": {
        "cases": "achosion",
        "told": "Mae'r dyddiad hwnnw eisoes wedi'i gadw",
        "how": "achosion",
    },
    "en": {"cases": "cases", "told": "That date is already saved", "how": "type cases"},
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_review_or_booked_date_is_saved_at_once_so_an_edit_says_how_to_change_it(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAVED_DATE[language]
    person = await worker_with_case(steps_bot, connector, language)
    await say_all(person, s["cases"], "1", "booked", "12/01/2027")
    booked = person.last_id
    clock.set(at(date(2027, 1, 11)))
    await say_all(person, s["cases"], "1", "review", w["first"])  # yesterday: 10 January
    reviewed = person.last_id
    assert booked is not None and reviewed is not None

    for message in (reviewed, booked):
        told = text_of(await person.edit(message, "9/1/2027"))
        assert s["told"] in told and s["how"] in told
        told = text_of(await person.delete(message))
        assert s["told"] in told
    [case] = await rows(settings, StepsCase)
    assert case.last_review == date(2027, 1, 10)
    assert case.next_core_group_booked == date(2027, 1, 12)


EXTRAS_ASKED = {
    "cy": "Hoffech chi hefyd gofnodi sgôr y teulu ei hun",
    "en": "Would you also like to record the family's own score",
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_choice_deleted_at_the_last_question_is_asked_again_then_that_question(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = WORDS[language], SAYS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await say_all(person, w["scores"], w["first"], w["yes"])
    extras = person.last_id
    assert extras is not None
    await say_all(person, "4", "5", w["skip"], "6", w["skip"], w["skip"])
    assert s["booked"] in await say_all(person, "7", "8", "Keep the kitchen clear.")

    asked = text_of(await person.delete(extras))
    assert EXTRAS_ASKED[language] in asked and s["booked"] not in asked
    assert s["booked"] in text_of(await person.say(w["no"]))  # then the question it left
    await person.say(w["skip"])
    assert await held_on(settings) == [date(2027, 1, 4)]
    saved = sorted(await rows(settings, StepsScore), key=lambda x: x.area_id)
    assert [(x.score, x.family_score, x.next_step) for x in saved] == [
        (4, None, None),
        (6, None, None),
        (7, None, None),
    ]
