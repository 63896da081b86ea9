"""Edited and deleted messages over real HTTP (Teams `messageUpdate` / `messageDelete`).

An answer still in a draft follows its message: an edit replaces it in place (the question on
screen stays where it was), a deletion removes it and its question is asked again (at once while
the dialog is open, else when the draft is carried on with). A saved answer is not changed: the
person is told how to change it. Nothing is stored for strangers.
"""

from __future__ import annotations

from datetime import date

import pytest

from camau.config import Settings
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services.clock import FixedClock
from camau.steps.tables import StepsArea, StepsScore
from camau.storage.drafts_tables import DialogDraft
from camau.storage.models import AgentStateRecord
from tests.e2e.test_interruptions import MORE, finish
from tests.e2e.test_reflection import ASKS, NOW, WORDS, rbot, rows, start  # noqa: F401
from tests.e2e.test_steps import REFERENCE, at, say_all, steps_bot, worker_with_case  # noqa: F401
from tests.e2e.test_steps import WORDS as STEPS_WORDS
from tests.e2e.test_steps import worker as steps_worker
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

pytestmark = pytest.mark.clock_at(NOW)

SAYS = {
    "cy": {
        "edited": "Eich ateb i gwestiwn 1 bellach yw'r testun wedi'i olygu.",
        "not_taken": "Allwn i ddim defnyddio'r testun wedi'i olygu fel ateb i gwestiwn 1",
        "deleted": "Fe wnaethoch chi ddileu'ch ateb i gwestiwn 2",
        "deleted_1": "Fe wnaethoch chi ddileu'ch ateb i gwestiwn 1",
        "again": "Bydd y cwestiwn hwnnw'n cael ei ofyn eto pan fyddwch chi'n parhau.",
        "saved": "Mae'r ateb hwnnw eisoes wedi'i gadw yn eich myfyrdod",
        "how": "teipiwch myfyrdodau",
        "two_of": "(2 o 9)",
    },
    "en": {
        "edited": "Your answer to question 1 is now the edited text.",
        "not_taken": "I could not use the edited text as the answer to question 1",
        "deleted": "You deleted your answer to question 2",
        "deleted_1": "You deleted your answer to question 1",
        "again": "That question is asked again when you carry on.",
        "saved": "That answer is already saved in your reflection",
        "how": "type reflections",
        "two_of": "(2 of 9)",
    },
}


async def saved_texts(settings: Settings) -> list[str]:
    return [a.text for a in await rows(settings, ReflectionAnswer)]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_an_edit_while_the_reflection_is_open_replaces_the_answer_in_place(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, a, m = SAYS[language], ASKS[language], MORE[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    first = worker.last_id
    assert first is not None
    assert a["q3"] in text_of(await worker.say("School attendance mattered most."))

    edited = text_of(await worker.edit(first, "Home visit for case CP-2291; calm and open."))
    assert s["edited"] in edited
    assert a["q3"] not in edited  # the question on screen stays: nothing is asked again
    [draft] = await rows(settings, DialogDraft)
    assert "calm and open" in draft.state

    # An edit the question would refuse (it names a postcode) leaves the answer as it was.
    refused = text_of(await worker.edit(first, "Visit at CF10 1AA."))
    assert s["not_taken"] in refused
    [draft] = await rows(settings, DialogDraft)
    assert "CF10 1AA" not in draft.state and "calm and open" in draft.state

    assert a["q4"] in text_of(await worker.say("Mum was open and honest."))
    assert a["share"] in await finish(worker, language, 6)
    assert m["saved"] in text_of(await worker.say(m["private"]))
    assert await saved_texts(settings) == [
        "Home visit for case CP-2291; calm and open.",
        "School attendance mattered most.",
        "Mum was open and honest.",
    ]
    assert await rows(settings, DialogDraft) == []


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_deleted_answer_in_a_left_draft_is_removed_and_asked_again_on_resuming(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, a, m, w = SAYS[language], ASKS[language], MORE[language], WORDS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    await worker.say("The family wanted the school run sorted.")
    second = worker.last_id
    assert second is not None
    await worker.say("Mum was open and honest.")
    assert m["leave"] in text_of(await worker.say(m["menu"]))
    await worker.say(m["yes"])  # left: the draft keeps the three answers

    deleted = text_of(await worker.delete(second))
    assert s["deleted"] in deleted and s["again"] in deleted
    [draft] = await rows(settings, DialogDraft)
    assert "school run" not in draft.state and "open and honest" in draft.state

    await rbot.restart()
    assert a["resume"] in text_of(await worker.say(w["reflect"]))
    resumed = text_of(await worker.say(m["yes"]))
    assert a["q2"] in resumed and s["two_of"] in resumed  # the deleted answer's question
    assert a["q4"] in text_of(await worker.say("Getting to school on time."))  # then on
    assert a["share"] in await finish(worker, language, 6)
    await worker.say(m["private"])
    assert await saved_texts(settings) == [
        "Home visit for case CP-2291.",
        "Getting to school on time.",
        "Mum was open and honest.",
    ]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_deleted_answer_while_the_dialog_is_open_is_asked_again_at_once(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, a = SAYS[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    first = worker.last_id
    assert first is not None
    await worker.say("School attendance mattered most.")

    asked = text_of(await worker.delete(first))
    assert s["deleted_1"] in asked and a["q1"] in asked
    assert a["q3"] in text_of(await worker.say("A visit to review the plan."))  # back to q3
    await worker.say("Mum was open and honest.")
    await finish(worker, language, 6)
    await worker.say(MORE[language]["private"])
    assert await saved_texts(settings) == [
        "A visit to review the plan.",
        "School attendance mattered most.",
        "Mum was open and honest.",
    ]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_an_edit_after_saving_changes_nothing_and_says_how_to_change_it(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s, a, m = SAYS[language], ASKS[language], MORE[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    first = worker.last_id
    assert first is not None
    assert a["share"] in await finish(worker, language, 8)
    assert m["saved"] in text_of(await worker.say(m["private"]))

    told = text_of(await worker.edit(first, "Something else entirely."))
    assert s["saved"] in told and s["how"] in told
    told = text_of(await worker.delete(first))
    assert s["saved"] in told
    assert await saved_texts(settings) == ["Home visit for case CP-2291."]
    assert len(await rows(settings, Reflection)) == 1

    # A message that was no answer (a command) changes nothing and gets no reply.
    await worker.say(m["menu"])
    menu_id = worker.last_id
    assert menu_id is not None
    assert await worker.edit(menu_id, "something") == []


async def test_nothing_is_stored_or_said_for_a_stranger_editing_or_deleting(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
) -> None:
    before = await rows(settings, AgentStateRecord)
    stranger = rbot.conversation("teams-nobody")
    assert await stranger.edit("in-1", "Home visit for case CP-2291.") == []
    assert await stranger.delete("in-1") == []
    assert len(await rows(settings, AgentStateRecord)) == len(before)
    assert await rows(settings, DialogDraft) == []


SCORES = {
    "cy": {
        "date": "Eich ateb ar gyfer dyddiad y grŵp craidd bellach yw'r testun wedi'i olygu.",
        "extras": "sgôr y teulu ei hun",
        "saved": "Mae'r sgorau hynny eisoes wedi'u cadw",
    },
    "en": {
        "date": "Your answer for the date of the core group is now the edited text.",
        "extras": "the family's own score",
        "saved": "Those scores are already saved",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_scoring_an_edited_date_is_followed_and_saved_scores_say_how_to_correct(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w, s = STEPS_WORDS[language], SCORES[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await person.say(w["scores"])
    assert s["extras"] in text_of(await person.say(w["first"]))
    dated = person.last_id
    assert dated is not None

    # The date is followed (tests/e2e/test_edited_step_answers.py has the whole of it); the
    # question on screen, which comes after it, is asked again.
    told = text_of(await person.edit(dated, "4/1/2027"))  # yesterday, written out
    assert s["date"] in told and s["extras"] in told

    await say_all(person, w["no"], "3", "6")
    first_score = person.last_id
    assert first_score is not None
    await person.say("2")
    summary = text_of(await person.say(w["skip"]))
    assert w["next_after_first"] in summary

    told = text_of(await person.edit(first_score, "9"))
    assert s["saved"] in told


async def test_an_edit_in_a_group_chat_is_dropped_without_a_reply(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
) -> None:
    before = await rows(settings, AgentStateRecord)
    group = rbot.conversation("teams-tom", group=True)
    assert await group.edit("in-1", "Home visit for case CP-2291.") == []
    assert await group.delete("in-1") == []
    assert len(await rows(settings, AgentStateRecord)) == len(before)


AREA = {
    "cy": {
        "edited": "Eich ateb ar gyfer maes 1 bellach yw'r testun wedi'i olygu.",
        "not_taken": "Allwn i ddim defnyddio'r testun wedi'i olygu fel ateb ar gyfer maes 1",
        "deleted": "Fe wnaethoch chi ddileu'ch ateb ar gyfer maes 1",
        "area_1": "Maes 1 o 3",
        "area_2": "Maes 2 o 3",
        "area_3": "Maes 3 o 3",
        "booked": "Ydy'r grŵp craidd nesaf wedi'i drefnu'n barod?",
        "edited_3": "Eich ateb ar gyfer maes 3 bellach yw'r testun wedi'i olygu.",
        "deleted_2": "Fe wnaethoch chi ddileu'ch ateb ar gyfer maes 2",
    },
    "en": {
        "edited": "Your answer for area 1 is now the edited text.",
        "not_taken": "I could not use the edited text as the answer for area 1",
        "deleted": "You deleted your answer for area 1",
        "area_1": "Area 1 of 3",
        "area_2": "Area 2 of 3",
        "area_3": "Area 3 of 3",
        "booked": "Is the next core group already booked?",
        "edited_3": "Your answer for area 3 is now the edited text.",
        "deleted_2": "You deleted your answer for area 2",
    },
}


async def saved_scores(settings: Settings) -> list[int]:
    scores = await rows(settings, StepsScore)
    return [s.score for s in sorted(scores, key=lambda s: s.area_id)]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_scoring_an_edited_score_is_replaced_and_a_deleted_one_asked_again(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w, s = STEPS_WORDS[language], AREA[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))
    await say_all(person, w["scores"], w["first"])
    assert s["area_1"] in text_of(await person.say(w["no"]))
    assert s["area_2"] in text_of(await person.say("3"))
    first = person.last_id
    assert first is not None

    edited = text_of(await person.edit(first, "5"))
    assert s["edited"] in edited and s["area_2"] not in edited  # the question stays
    assert s["not_taken"] in text_of(await person.edit(first, "eleven"))

    asked = text_of(await person.delete(first))
    assert s["deleted"] in asked and s["area_1"] in asked  # asked again, at once
    assert s["area_2"] in text_of(await person.say("4"))
    assert s["area_3"] in text_of(await person.say("6"))
    second = person.last_id
    assert second is not None
    assert s["booked"] in text_of(await person.say("2"))
    third = person.last_id
    assert third is not None

    # At the next core group's question, after the areas: still followed.
    assert s["edited_3"] in text_of(await person.edit(third, "8"))
    asked = text_of(await person.delete(second))
    assert s["deleted_2"] in asked and s["area_2"] in asked
    assert s["booked"] in text_of(await person.say("7"))  # then the question it left
    summary = text_of(await person.say(w["skip"]))
    assert w["next_after_first"] in summary
    assert await saved_scores(settings) == [4, 7, 8]
    assert await rows(settings, DialogDraft) == []


NEW_CASE = {
    "cy": {
        "more": "Ychwanegu maes newid arall?",
        "edited": "Eich ateb ar gyfer maes 1 bellach yw'r testun wedi'i olygu.",
        "deleted": "Fe wnaethoch chi ddileu'ch ateb ar gyfer maes 2",
        "saved": "Mae'r achos hwnnw eisoes wedi'i gadw",
    },
    "en": {
        "more": "Add another area for change?",
        "edited": "Your answer for area 1 is now the edited text.",
        "deleted": "You deleted your answer for area 2",
        "saved": "That case is already saved",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_new_case_follows_an_edited_area_label_and_a_deleted_area(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w, s = STEPS_WORDS[language], NEW_CASE[language]
    person = steps_worker(steps_bot, connector, language)
    await person.say("hi")
    await say_all(person, w["new"], REFERENCE, w["icpc"], "Home conditions")
    first = person.last_id
    assert s["more"] in await say_all(person, w["skip"], w["skip"])
    await say_all(person, w["yes"], "School attendance")
    second = person.last_id
    assert s["more"] in await say_all(person, w["skip"], w["skip"])
    assert first is not None and second is not None

    edited = text_of(await person.edit(first, "Home conditions and safety"))
    assert s["edited"] in edited
    assert s["deleted"] in text_of(await person.delete(second))
    await person.say(w["no"])
    areas = await rows(settings, StepsArea)
    assert [a.label for a in areas] == ["Home conditions and safety"]
    assert s["saved"] in text_of(await person.edit(first, "Something else"))
