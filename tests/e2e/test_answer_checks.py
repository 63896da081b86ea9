"""Answers are checked at their question, over real HTTP: nothing typed is lost to a late refusal.

The case's initial conference is Friday 18 December 2026 (registered on Monday 21 December).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from camau.config import Settings
from camau.services import people
from camau.services.clock import FixedClock
from camau.steps.services import cases as steps
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_card_answers import button, click
from tests.e2e.test_reflection_files import _link_console
from tests.e2e.test_steps import (
    REFERENCE,
    WORDS,
    at,
    history_of,
    say_all,
    steps_bot,  # noqa: F401  (fixture)
    worker,
    worker_with_case,
)
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector, Sent

clock = pytest.fixture(lambda: FixedClock(at(date(2026, 12, 21))), name="clock")

CHECKS: dict[str, dict[str, Any]] = {
    "cy": {
        "before_icpc": "Mae grŵp craidd yn dod ar ôl y gynhadledd gychwynnol (18 Rhagfyr 2026",
        "when": "Pryd oedd y grŵp craidd?",
        "today": "heddiw",
        "monday": "dydd Llun",
        "booked": "Grŵp craidd nesaf: wedi'i drefnu ar gyfer 11 Ionawr 2027 (dydd Llun)",
        "review_before": "Mae cynhadledd adolygu yn dod ar ôl y gynhadledd gychwynnol",
        "review_ask": "Pryd cynhaliwyd y gynhadledd adolygu?",
        "saved": "Wedi'i gadw.",
        "label_long": "200",
        "label_ask": "Enwch y maes newid",
        "over": "50",
        "cases": "achosion",
        "menu": "Beth hoffech chi ei wneud?",
    },
    "en": {
        "before_icpc": "A core group comes after the initial conference (Friday 18 December 2026)",
        "when": "When was the core group?",
        "today": "today",
        "monday": "Monday",
        "booked": "Next core group: booked for Monday 11 January 2027",
        "review_before": "A review conference comes after the initial conference",
        "review_ask": "When was the review conference held?",
        "saved": "Saved.",
        "label_long": "200",
        "label_ask": "Name the area for change",
        "over": "50",
        "cases": "cases",
        "menu": "What would you like to do?",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_core_group_before_conference_and_monday_as_next_are_settled_at_the_question(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, c = WORDS[language], CHECKS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 4)))  # a Monday: the core group is today

    await person.say(w["scores"])
    refused = text_of(await person.say("17/12/2026"))
    assert c["before_icpc"] in refused and c["when"] in refused  # asked again, at once
    await say_all(person, c["today"], w["no"], "3", "6", "2")
    # "Monday" is read forwards from the day after this core group, not as today.
    summary = text_of(await person.say(c["monday"]))
    assert c["booked"] in summary

    history = await history_of(settings, w["email"])
    assert [[p.score for p in points] for _area, points in history.areas] == [[3], [6], [2]]
    assert [points[0].held_on for _area, points in history.areas] == [date(2027, 1, 4)] * 3


def fields_of(replies: list[Sent]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for reply in replies:
        for attachment in reply.attachments:
            found += attachment["content"].get("body", [])
    return found


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_long_answer_on_a_text_channel_comes_back_to_copy(
    steps_bot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    w, c = WORDS[language], CHECKS[language]
    user = await _link_console(settings, w["email"])
    person = steps_bot.conversation(user, channel_id="console")
    await person.say("hi")
    await say_all(person, w["new"], REFERENCE, w["icpc"])
    long_label = ("Home conditions " * 20)[:250]
    refused = await person.say(long_label)
    assert long_label.strip() in [r.text for r in refused]  # a message of its own, to copy
    said = text_of(refused)
    assert c["over"] in said and c["label_ask"] in said


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_review_before_conference_is_asked_again(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    c = CHECKS[language]
    person = await worker_with_case(steps_bot, connector, language)

    await say_all(person, c["cases"], "1", "review")
    refused = text_of(await person.say("17/12/2026"))
    assert c["review_before"] in refused and c["review_ask"] in refused
    assert c["menu"] not in refused  # still in the dialog
    assert c["saved"] in text_of(await person.say("20/12/2026"))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_250_character_label_is_given_back_and_asked_again(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w, c = WORDS[language], CHECKS[language]
    person = worker(steps_bot, connector, language)
    await person.say("hi")
    long_label = ("Home conditions and the state of the kitchen " * 6)[:250]
    await say_all(person, w["new"], REFERENCE, w["icpc"])
    refused = await person.say(long_label)
    said = text_of(refused)
    assert c["label_long"] in said and c["over"] in said and c["label_ask"] in said
    # Given back in an editable field to shorten, not retyped; its button sends the new text.
    [field] = [f for f in fields_of(refused) if f.get("type") == "Input.Text"]
    assert field["value"] == long_label
    [button] = refused[-1].attachments[0]["content"]["actions"]
    a = w["labels"][0]
    await person.say(value={**button["data"], field["id"]: a})
    registered = await say_all(person, w["skip"], w["skip"], w["no"])
    assert REFERENCE in registered
    history = await history_of(settings, w["email"])
    assert [area.label for area, _points in history.areas] == [a]


RACE: dict[str, dict[str, str]] = {
    "cy": {
        "already": "wedi'u cofnodi'n barod",
        "when": "Pryd oedd y grŵp craidd?",
        "taken": "Mae gennych chi achos agored gyda'r cyfeirnod hwnnw'n barod.",
        "registered": "Cofrestrwyd achos CP/2026/0413 gydag 1 maes newid.",
    },
    "en": {
        "already": "are already recorded",
        "when": "When was the core group?",
        "taken": "You already have an open case with that reference.",
        "registered": "Case CP/2026/0413 registered with 1 area for change.",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_refusal_at_saving_asks_again_for_the_date_and_keeps_the_scores(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, c, r = WORDS[language], CHECKS[language], RACE[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 4)))
    await say_all(person, w["scores"], c["today"], w["no"], "5", "5", "5")

    # Meanwhile the same worker records today's scores from another chat (where they are
    # offered the draft of the first chat, and decline it).
    other = steps_bot.conversation(person.user_id)
    await say_all(other, "hi", w["scores"], w["no"])
    await say_all(other, c["today"], w["no"], "3", "6", "2", w["skip"])

    refused = text_of(await person.say(w["skip"]))
    assert r["already"] in refused and r["when"] in refused  # asked for the date again
    await person.say(w["first"])  # yesterday; the scores 5, 5, 5 are kept
    await person.say(w["skip"])
    history = await history_of(settings, w["email"])
    assert [[(p.held_on.day, p.score) for p in points] for _a, points in history.areas] == [
        [(3, 5), (4, 3)],
        [(3, 5), (4, 6)],
        [(3, 5), (4, 2)],
    ]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_reference_taken_meanwhile_is_asked_again_and_the_areas_kept(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w = WORDS[language]
    person = worker(steps_bot, connector, language)
    await person.say("hi")
    a = w["labels"][0]
    await say_all(person, w["new"], REFERENCE, w["icpc"], a, w["skip"], w["skip"])
    other = steps_bot.conversation(person.user_id)
    await say_all(other, "hi", w["new"], w["no"])  # declines the other chat's draft
    await say_all(other, REFERENCE, w["icpc"], "Other", w["skip"], w["skip"])
    await other.say(w["no"])

    refused = text_of(await person.say(w["no"]))
    assert RACE[language]["taken"] in refused and "CP/" not in refused.split("\n")[-1]
    registered = text_of(await person.say("CP/2026/0413"))  # straight to saving: areas kept
    assert RACE[language]["registered"] in registered


@pytest.mark.parametrize(
    ("language", "back", "area_1"), [("cy", "nôl", "Maes 1 o 3"), ("en", "back", "Area 1 of 3")]
)
async def test_back_in_scoring_asks_the_previous_area_again(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
    back: str,
    area_1: str,
) -> None:
    w, c = WORDS[language], CHECKS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 4)))
    await say_all(person, w["scores"], c["today"], w["no"], "3")
    assert area_1 in text_of(await person.say(back))
    await say_all(person, "4", "6", "2", w["skip"])
    history = await history_of(settings, w["email"])
    assert [[p.score for p in points] for _area, points in history.areas] == [[4], [6], [2]]


CLOSED = {
    "cy": "Mae'r achos hwnnw wedi'i gau ers i'r rhestr gael ei dangos.",
    "en": "That case has been closed since the list was shown.",
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_case_closed_meanwhile_is_answered_plainly_and_the_list_shown_fresh(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    w = WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    other = "CP/2026/0999"
    await say_all(person, w["new"], other, w["icpc"], w["labels"][0], w["skip"], w["skip"], w["no"])
    await person.say(w["scores"])  # both cases listed
    engine = create_engine(settings.database_url)
    try:
        db = session_factory(engine)
        caller = await people.by_email(db, w["email"])
        first = (await steps.find_case(db, caller, REFERENCE)).id
        await steps.close_case(db, clock, caller, first)
    finally:
        await engine.dispose()
    said = text_of(await person.say("1"))  # the first, closed since
    assert (
        CLOSED[language] in said
        and other in said
        and REFERENCE not in said.split(CLOSED[language])[1]
    )


AREA = {
    "cy": ["Maes 1 o 3", "Maes 2 o 3", "Maes 3 o 3"],
    "en": ["Area 1 of 3", "Area 2 of 3", "Area 3 of 3"],
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_every_button_row_of_a_score_card_answers_it(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    """A score card's two rows of buttons (1-5 and 6-10) both answer its question: a click on
    the second row was once taken for a card no longer on screen, and nothing happened."""
    w, c = WORDS[language], CHECKS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 4)))
    await say_all(person, w["scores"], c["today"])
    asked = next(r for r in await person.say(w["no"]) if AREA[language][0] in text_of([r]))
    for score, then in (("7", AREA[language][1]), ("2", AREA[language][2]), ("10", None)):
        await click(person, button(asked, score))
        replies = person.new_replies()
        if then is not None:
            asked = next(r for r in replies if then in text_of([r]))
    await person.say(w["skip"])  # the next core group is not booked yet
    history = await history_of(settings, w["email"])
    assert [[p.score for p in points] for _area, points in history.areas] == [[7], [2], [10]]
