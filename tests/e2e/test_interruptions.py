"""Commands typed mid-dialog over real HTTP: leaving keeps a draft that survives a restart;
cancel asks first and can be undone; help and language ask the question again."""

from __future__ import annotations

import pytest

from camau.config import Settings
from camau.dialogs import drafts_export
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services import people
from camau.services.clock import FixedClock
from camau.storage.drafts_tables import DialogDraft
from camau.storage.engine import create_engine, session_factory
from tests.e2e.test_reflection import ASKS, NOW, WORDS, rbot, rows, start  # noqa: F401
from tests.support.bot import BotHarness, text_of

pytestmark = pytest.mark.clock_at(NOW)  # the reflection tests' Wednesday

MORE = {
    "cy": {
        "menu": "dewislen",
        "later": "wedyn",
        "leave": "Rydych chi ar ganol myfyrdod. Hoffech chi ei adael?",
        "kept": "Bydd eich atebion hyd yma'n cael eu cadw.",
        "menu_title": "Dewislen Camau",
        "yes": "ie",
        "no": "na",
        "confirm": "Stopio a thaflu'ch atebion hyd yma?",
        "undo": "dadwneud",
        "back": "Mae'ch atebion yn ôl.",
        "help": "cymorth",
        "help_text": "Gallwch deipio'r rhain unrhyw bryd:",
        "language": "iaith",
        "private": "1",
        "saved": "Wedi'i gadw. Dim ond chi all ei ddarllen.",
    },
    "en": {
        "menu": "menu",
        "later": "later",
        "leave": "You are in the middle of a reflection. Leave it?",
        "kept": "Your answers so far are kept.",
        "menu_title": "Camau menu",
        "yes": "yes",
        "no": "no",
        "confirm": "Stop and discard your answers so far?",
        "undo": "undo",
        "back": "Your answers are back.",
        "help": "help",
        "help_text": "You can type these at any time:",
        "language": "language",
        "private": "1",
        "saved": "Saved. Only you can read it.",
    },
}
OTHER = {"cy": "en", "en": "cy"}
EMAILS = {"cy": "elin.pryce@demo.camau.cymru", "en": "tom.davies@demo.camau.cymru"}
MEGAN = "megan.rhys@demo.camau.cymru"


async def finish(person: object, language: str, skips: int) -> str:
    said = ""
    for _ in range(skips):
        said = text_of(await person.say(WORDS[language]["skip"]))  # type: ignore[attr-defined]
    return said


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_menu_at_question_3_leaves_a_draft_resumed_after_a_restart(
    rbot: BotHarness,  # noqa: F811
    settings: object,
    language: str,
) -> None:
    w, m, a = WORDS[language], MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    assert a["q3"] in text_of(await worker.say("School attendance mattered most."))

    asked = text_of(await worker.say(m["menu"]))
    assert m["leave"] in asked and m["kept"] in asked
    assert m["menu_title"] in text_of(await worker.say(m["yes"]))
    assert len(await rows(settings, DialogDraft)) == 1  # type: ignore[arg-type]

    await rbot.restart()
    assert a["resume"] in text_of(await worker.say(w["reflect"]))
    assert a["q3"] in text_of(await worker.say(m["yes"]))  # where it was left
    await worker.say("Mum was open and honest.")
    assert a["share"] in await finish(worker, language, 6)
    assert m["saved"] in text_of(await worker.say(m["private"]))

    [saved] = await rows(settings, Reflection)  # type: ignore[arg-type]
    answers = await rows(settings, ReflectionAnswer)  # type: ignore[arg-type]
    assert saved.id is not None
    assert [x.text for x in answers] == [
        "Home visit for case CP-2291.",
        "School attendance mattered most.",
        "Mum was open and honest.",
    ]
    assert await rows(settings, DialogDraft) == []  # type: ignore[arg-type]  # finished: gone


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_later_mid_reflection_asks_and_no_carries_on(
    rbot: BotHarness,  # noqa: F811
    language: str,
) -> None:
    m, a = MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    assert m["leave"] in text_of(await worker.say(m["later"]))
    assert a["q2"] in text_of(await worker.say(m["no"]))
    assert a["q3"] in text_of(await worker.say("School mattered."))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_cancel_asks_to_confirm_and_undo_brings_the_answers_back(
    rbot: BotHarness,  # noqa: F811
    settings: object,
    language: str,
) -> None:
    w, m, a = WORDS[language], MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    assert m["confirm"] in text_of(await worker.say(w["cancel"]))
    assert a["q2"] in text_of(await worker.say(m["no"]))  # not cancelled
    await worker.say(w["cancel"])
    await worker.say(m["yes"])
    undone = text_of(await worker.say(m["undo"]))
    assert m["back"] in undone and a["q2"] in undone
    await worker.say("School mattered.")
    await finish(worker, language, 7)
    await worker.say(m["private"])
    answers = await rows(settings, ReflectionAnswer)  # type: ignore[arg-type]
    assert [x.text for x in answers] == ["Home visit for case CP-2291.", "School mattered."]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_help_and_language_mid_reflection_ask_the_question_again(
    rbot: BotHarness,  # noqa: F811
    settings: object,
    language: str,
) -> None:
    m, a = MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    helped = text_of(await worker.say(m["help"]))
    assert m["help_text"] in helped and a["q2"] in helped
    switched = text_of(await worker.say(m["language"]))
    assert ASKS[OTHER[language]]["q2"] in switched  # the same question, in the other language
    await worker.say("School mattered.")
    await finish(worker, OTHER[language], 7)
    await worker.say("1")
    answers = await rows(settings, ReflectionAnswer)  # type: ignore[arg-type]
    assert [x.text for x in answers] == ["Home visit for case CP-2291.", "School mattered."]


DRAFTS = {
    "cy": {
        "drafts": "drafftiau",
        "new": "achos newydd",
        "reference_ask": "Beth yw cyfeirnod yr achos",
        "case_leave": "Rydych chi ar ganol cofrestru achos newydd.",
        "case_line": "Achos newydd (atebion hyd yma: 1)",
        "reflection_line": "Myfyrdod (atebion hyd yma: 2)",
        "carry_on": "parhau",
        "discard": "dileu",
        "none": "Does gennych chi ddim byd heb ei orffen.",
        "icpc": "Pryd oedd y gynhadledd amddiffyn plant gychwynnol?",
    },
    "en": {
        "drafts": "drafts",
        "new": "new case",
        "reference_ask": "What is the case reference",
        "case_leave": "You are in the middle of registering a new case.",
        "case_line": "New case (answers so far: 1)",
        "reflection_line": "Reflection (answers so far: 2)",
        "carry_on": "carry on",
        "discard": "discard",
        "none": "You have nothing unfinished.",
        "icpc": "When was the initial child protection conference?",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_drafts_lists_unfinished_work_to_carry_on_with_or_discard(
    rbot: BotHarness,  # noqa: F811
    settings: object,
    language: str,
) -> None:
    m, a, d = MORE[language], ASKS[language], DRAFTS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    await worker.say("School attendance mattered most.")
    await worker.say(d["new"])  # leave the reflection for a new case
    assert d["reference_ask"] in text_of(await worker.say(m["yes"]))
    await worker.say("CP/2026/0777")
    assert d["case_leave"] in text_of(await worker.say(d["drafts"]))
    listed = text_of(await worker.say(m["yes"]))
    assert d["case_line"] in listed and d["reflection_line"] in listed

    await worker.say("2")  # the reflection (the latest first)
    assert a["q3"] in text_of(await worker.say(d["carry_on"]))
    await worker.say("menu")
    await worker.say(m["yes"])
    await worker.say(d["drafts"])
    await worker.say("1")  # the new case
    assert d["icpc"] in text_of(await worker.say(d["carry_on"]))
    await worker.say(d["drafts"])
    await worker.say(m["yes"])
    await worker.say("1")
    await worker.say(d["discard"])
    assert d["reflection_line"] in text_of(await worker.say(d["drafts"]))
    await worker.say("1")
    await worker.say(d["discard"])
    assert d["none"] in text_of(await worker.say(d["drafts"]))
    assert await rows(settings, DialogDraft) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(("language", "back"), [("cy", "nôl"), ("en", "back")])
async def test_back_asks_the_previous_question_again_and_its_new_answer_is_kept(
    rbot: BotHarness,  # noqa: F811
    settings: object,
    language: str,
    back: str,
) -> None:
    m, a = MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    await worker.say("School attendance.")
    assert a["q2"] in text_of(await worker.say(back))
    assert a["q3"] in text_of(await worker.say("School attendance, said better."))
    assert a["share"] in await finish(worker, language, 7)
    await worker.say(m["private"])
    answers = await rows(settings, ReflectionAnswer)  # type: ignore[arg-type]
    assert [x.text for x in answers] == [
        "Home visit for case CP-2291.",
        "School attendance, said better.",
    ]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_draft_is_in_its_authors_export_with_the_answers_so_far(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    clock: FixedClock,
    language: str,
) -> None:
    m, a = MORE[language], ASKS[language]
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    await worker.say("School attendance mattered most.")
    await worker.say(m["menu"])
    await worker.say(m["yes"])
    engine = create_engine(settings.database_url)
    try:
        db = session_factory(engine)
        author = await people.by_email(db, EMAILS[language])
        [draft] = await drafts_export.export_mine(db, clock, author)
        others = await drafts_export.export_mine(db, clock, await people.by_email(db, MEGAN))
    finally:
        await engine.dispose()
    assert draft["kind"] == "reflection"
    assert draft["answers"] == ["Home visit for case CP-2291.", "School attendance mattered most."]
    assert not any(a["q1"] in str(x) for x in draft["answers"])  # answers only, no questions
    assert others == []  # private to its author
