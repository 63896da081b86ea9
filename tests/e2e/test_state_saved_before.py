"""Dialogs saved before their values were typed (`camau.dialogs.values`) carry on after it.

`state_saved_before.json` holds two drafts as the code before typed values saved them (read
from `dialog_draft.state`, the message ids renamed `saved-…` so no message of the test has
one): a scoring left at area 1's "one step higher" (its core group's date, the extras chosen,
area 1's score and family score given), and a new case left at its first area's "good enough".
Carried on, each finishes with the answers it held, and an edit of a message it remembers is
still followed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from camau.config import Settings
from camau.services.clock import FixedClock
from camau.steps.tables import StepsArea, StepsCase, StepsCoreGroup, StepsScore
from camau.storage.drafts_tables import DialogDraft
from camau.storage.engine import create_engine, session_factory
from camau.storage.people import by_email
from tests.e2e.test_reflection import rows
from tests.e2e.test_steps import WORDS, at, register_case, say_all, steps_bot  # noqa: F401
from tests.e2e.test_steps import worker as steps_worker
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector

pytestmark = pytest.mark.clock_at(at(date(2026, 12, 21)))

SAVED = json.loads((Path(__file__).parent / "state_saved_before.json").read_text("utf-8"))
W = WORDS["en"]


async def _with_drafts_saved_before(
    person: Conversation, settings: Settings, clock: FixedClock
) -> None:
    """The case the scoring is for (case 1, areas 1-3, as when it was saved), then the drafts."""
    await person.say("hi")
    await register_case(person, W)
    [case] = await rows(settings, StepsCase)
    assert (case.id, [a.id for a in await rows(settings, StepsArea)]) == (1, [1, 2, 3])
    clock.set(at(date(2027, 1, 5)))
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            found = await by_email(session, W["email"])
            assert found is not None and found.id is not None
            for kind, state in SAVED.items():
                session.add(
                    DialogDraft(
                        person_id=found.id,
                        kind=kind,
                        answers=4,
                        state=json.dumps(state, ensure_ascii=False),
                        created_at=clock.now(),
                        updated_at=clock.now(),
                    )
                )
    finally:
        await engine.dispose()


async def test_a_scoring_saved_before_typed_values_carries_on(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
) -> None:
    person = steps_worker(steps_bot, connector, "en")
    await _with_drafts_saved_before(person, settings, clock)

    assert "one step higher" in text_of(await person.say(W["scores"]) + await person.say("yes"))
    told = text_of(await person.edit("saved-19", "3/1/2027"))  # the core group's date
    assert "Your answer for the date of the core group is now the edited text." in told
    assert "one step higher" in told  # the question on screen, again
    await say_all(person, "One dry week", "5", W["skip"], W["skip"], "6", W["skip"], W["skip"])
    assert "Scores recorded for case CP/2026/0412" in text_of(await person.say(W["skip"]))

    [group] = await rows(settings, StepsCoreGroup)
    assert group.held_on == date(2027, 1, 3)
    found = sorted(await rows(settings, StepsScore), key=lambda s: s.area_id)
    assert [(s.score, s.family_score) for s in found] == [(3, 4), (5, None), (6, None)]
    assert await rows(settings, DialogDraft, DialogDraft.kind == "scores") == []


async def test_a_new_case_saved_before_typed_values_carries_on(
    steps_bot: BotHarness,  # noqa: F811
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
) -> None:
    person = steps_worker(steps_bot, connector, "en")
    await _with_drafts_saved_before(person, settings, clock)

    said = text_of(await person.say(W["new"]) + await person.say("yes"))
    assert "What would good enough look like?" in said
    told = text_of(await person.edit("saved-27", "31/12/2026"))  # the initial conference
    assert "Your answer for the date of the initial conference is now the edited text." in told
    assert "Add another area for change?" in text_of(await person.say("Rent paid on time"))
    assert "Case CP/2026/0500 registered with 1 area for change." in text_of(
        await person.say(W["no"])
    )

    [case] = await rows(settings, StepsCase, StepsCase.reference == "CP/2026/0500")
    assert case.initial_conference == date(2026, 12, 31)
    [area] = await rows(settings, StepsArea, StepsArea.case_id == case.id)
    assert (area.label, area.not_good_enough, area.good_enough) == (
        "Money",
        "Rent unpaid",
        "Rent paid on time",
    )
    assert await rows(settings, DialogDraft, DialogDraft.kind == "new_case") == []
