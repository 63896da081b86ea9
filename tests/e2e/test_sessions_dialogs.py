"""Session dialogs over real HTTP, each in Welsh and English."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlmodel import select

from camau.config import Settings
from camau.practice.sessions import INDIVIDUAL
from camau.reflection.rules import Sharing
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import Answer, NewReflection
from camau.services import files, people
from camau.services.clock import FixedClock
from camau.sessions.services import sessions
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import Person
from tests.e2e.test_sessions import MEGAN, TOM, execute_body, invoke, person_in_teams, rows
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
THURSDAY_1030 = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
LANGUAGES = ["cy", "en"]


pytestmark = pytest.mark.clock_at(MONDAY)


@pytest.fixture
async def bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


async def speaks(settings: Settings, email: str, language: str) -> None:
    engine = create_engine(settings.database_url)
    async with session_factory(engine)() as session, session.begin():
        person = (await session.exec(select(Person).where(Person.email == email))).one()
        person.language = language
    await engine.dispose()


async def booked(settings: Settings, clock: FixedClock, starts: datetime = THURSDAY_1030) -> int:
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    mentor, tom = await people.by_email(db, MEGAN), await people.by_email(db, TOM)
    view = await sessions.schedule(
        db,
        clock,
        mentor,
        kind=INDIVIDUAL,
        attendee_ids=[tom.id],
        starts_at=starts,
        minutes=60,
        place="Ystafell 2",
    )
    await engine.dispose()
    return view.id


async def tom_speaking(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str
) -> Conversation:
    await speaks(settings, TOM, language)
    tom = person_in_teams(bot, connector, "tom", TOM)
    await tom.say("menu")
    return tom


@pytest.mark.parametrize(
    ("language", "command", "expected"),
    [
        ("cy", "trefnu", "Wedi'i drefnu: sesiwn fentora unigol gyda Tom Davies"),
        ("en", "schedule", "Booked: individual mentor session with Tom Davies"),
    ],
)
async def test_schedule_dialog_books_a_session_and_queues_reminders(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    language: str,
    command: str,
    expected: str,
) -> None:
    await speaks(settings, MEGAN, language)
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    await megan.say("menu")
    await megan.say(command)
    await megan.say("1")  # individual
    await megan.say("Tom Davies")
    when = await megan.say("yfory 8:00")  # before the working day is fine; it is the session
    assert "Tom Davies" not in text_of(when)
    await megan.say("90")
    done = await megan.say("skip" if language == "en" else "hepgor")
    assert expected in text_of(done)
    assert len(await rows(settings, TOM, "session_reminder")) == 1  # the hour before only


@pytest.mark.parametrize(
    ("language", "retry"),
    [("cy", "Doeddwn i ddim yn deall hynny fel diwrnod"), ("en", "I could not read that")],
)
async def test_schedule_dialog_asks_again_for_a_time_it_cannot_read(
    bot: BotHarness, connector: FakeConnector, settings: Settings, language: str, retry: str
) -> None:
    await speaks(settings, MEGAN, language)
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    await megan.say("menu")
    await megan.say("schedule")
    await megan.say("1")
    await megan.say("1")
    assert retry in text_of(await megan.say("some time next week"))


@pytest.mark.parametrize(
    ("language", "command", "progress", "line"),
    [
        ("cy", "sesiynau", "Cynnydd: 0 o 3 sesiwn unigol", "heb ei gadarnhau eto"),
        ("en", "sessions", "Progress: 0 of 3 individual sessions", "not confirmed yet"),
    ],
)
async def test_sessions_shows_progress_and_what_is_coming_up(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    command: str,
    progress: str,
    line: str,
) -> None:
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    shown = text_of(await tom.say(command))
    assert progress in shown
    assert "Megan Rhys" in shown and line in shown


@pytest.mark.parametrize(
    ("language", "words", "told"),
    [
        ("cy", "methu dod", "Mae Megan Rhys wedi cael gwybod na allwch chi ddod"),
        ("en", "can't make it", "Megan Rhys has been told you can't make it"),
    ],
)
async def test_cant_make_it_typed_asks_a_reason_and_tells_the_mentor(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    words: str,
    told: str,
) -> None:
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    asked = await tom.say(words)
    assert "Megan Rhys" in text_of(asked)
    answered = await tom.say("Training day" if language == "en" else "Diwrnod hyfforddi")
    assert told in text_of(answered)
    cant = await rows(settings, MEGAN, "session_cant")
    assert (len(cant) == 1 and "hyfforddi" in cant[0].payload) or "Training" in cant[0].payload


@pytest.mark.parametrize(
    ("language", "word", "expected"),
    [("cy", "wedyn", "Bydda i'n eich atgoffa eto"), ("en", "later", "I will remind you again")],
)
async def test_later_reminds_again_an_hour_on(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    word: str,
    expected: str,
) -> None:
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    assert expected in text_of(await tom.say(word))
    due = sorted(r.deliver_at for r in await rows(settings, TOM, "session_reminder"))
    assert datetime(2026, 11, 23, 11, 0, tzinfo=UTC) in due


@pytest.mark.parametrize(
    ("language", "done"), [("cy", "Diolch, mae wedi'i chadarnhau"), ("en", "Confirmed.")]
)
async def test_confirm_button_fallback_submit_confirms(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    done: str,
) -> None:
    session_id = await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    reply = await tom.say(value={"camau": "confirm session", "session_id": session_id})
    assert done in text_of(reply)


@pytest.mark.parametrize(("language", "title"), [("cy", "Nes ymlaen"), ("en", "Later")])
async def test_later_card_action_updates_the_card_in_place(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    title: str,
) -> None:
    session_id = await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    answer = await invoke(bot, execute_body(tom, "session_later", {"session_id": session_id}))
    assert answer["value"]["body"][0]["text"] == title
    assert answer["value"]["actions"] == []


ICS_WORDS = {
    "cy": ("Sesiwn fentora unigol", "Trefnwyd drwy ap Camau."),
    "en": ("Individual mentor session", "Arranged through Camau."),
}


@pytest.mark.parametrize(("language", "word"), [("cy", "calendr"), ("en", "calendar")])
async def test_calendar_offers_an_ics_file_in_the_persons_zone(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    word: str,
) -> None:
    await booked(settings, clock, datetime(2026, 12, 3, 14, 0, tzinfo=UTC))
    tom = await tom_speaking(bot, connector, settings, language)
    replies = await tom.say(word)
    attachment = next(
        a for r in replies for a in r.attachments if a["contentType"].endswith("file.consent")
    )
    assert attachment["name"].endswith(".ics")
    token = attachment["content"]["acceptContext"]["camauFile"]
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    tom_id = (await people.by_email(db, TOM)).id
    held = await files.take(db, clock, tom_id, token)
    await engine.dispose()
    assert held is not None
    event = next(c for c in Calendar.from_ical(held.data).walk() if c.name == "VEVENT")
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtstart").hour == 14
    summary, description = ICS_WORDS[language]  # the file speaks the person's language
    assert str(event["summary"]).startswith(summary)
    assert str(event["description"]) == description


@pytest.mark.parametrize(
    ("language", "counted"),
    [
        ("cy", "1 myfyrdod wedi'i rannu neu ei nodi ar gyfer y sesiwn"),
        ("en", "1 reflection shared or brought since the last session"),
    ],
)
async def test_brief_shows_figures_and_the_shared_reflection_in_full(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    counted: str,
) -> None:
    await booked(settings, clock)
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    tom = await people.by_email(db, TOM)
    new = NewReflection(answers=(Answer("what_happened", "A long visit about the plan"),))
    reflection_id = await reflection.save(db, clock, tom, new)
    await reflection_sharing.set_sharing(db, clock, tom, reflection_id, Sharing.SHARED)
    await engine.dispose()
    await speaks(settings, MEGAN, language)
    megan = person_in_teams(bot, connector, "megan", MEGAN)
    await megan.say("menu")
    shown = text_of(await megan.say("briff" if language == "cy" else "brief"))
    assert counted in shown
    assert "A long visit about the plan" in shown


@pytest.mark.parametrize(
    ("language", "topic", "answer", "saved"),
    [
        (
            "cy",
            "Amseroedd atgoffa",
            "2 ddiwrnod 30 munud",
            "2 ddiwrnod gwaith a 30 munud cyn sesiwn",
        ),
        ("en", "Reminder times", "2 days 30 min", "2 working days and 30 minutes before a session"),
    ],
)
async def test_settings_reminder_times_move_upcoming_reminders(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    topic: str,
    answer: str,
    saved: str,
) -> None:
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    await tom.say("settings")
    await tom.say(topic)
    assert saved in text_of(await tom.say(answer))
    due = sorted(
        r.deliver_at for r in await rows(settings, TOM, "session_reminder") if r.status == "pending"
    )
    assert due == [
        datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
        datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
    ]


@pytest.mark.parametrize(
    ("language", "topic", "paused"),
    [("cy", "Oedi nodiadau atgoffa", "Wedi'u hoedi"), ("en", "Pause reminders", "Paused.")],
)
async def test_settings_pause_holds_everything_until_the_date(
    bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    clock: FixedClock,
    language: str,
    topic: str,
    paused: str,
) -> None:
    await booked(settings, clock)
    tom = await tom_speaking(bot, connector, settings, language)
    await tom.say("settings")
    await tom.say(topic)
    assert paused in text_of(await tom.say("26/11/2026"))
    pending = [r for r in await rows(settings, TOM) if r.status == "pending"]
    assert pending and all(
        r.deliver_at >= datetime(2026, 11, 26, 9, 0, tzinfo=UTC) for r in pending
    )
    assert [r.kind for r in pending if r.kind == "session_reminder"] == ["session_reminder"]
