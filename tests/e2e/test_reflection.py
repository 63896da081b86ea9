"""The reflection over real HTTP: questions, skip, privacy guard, restart and resume, sharing,
the mentor's summary through the outbox, the mentor's full read (audited), delete."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from camau.bot.app import APP_KEY
from camau.bot.sender import OutboxSender
from camau.config import Settings
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.services import audit
from camau.services.clock import FixedClock
from camau.storage.drafts_tables import DialogDraft
from camau.storage.engine import create_engine, session_factory
from camau.storage.models import AgentStateRecord, OutboxMessage
from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday, inside working hours
DOMAIN = "demo.camau.cymru"
WORKER = {"cy": ("elin", "Elin Pryce"), "en": ("tom", "Tom Davies")}
WORDS = {
    "cy": {"reflect": "myfyrio", "skip": "hepgor", "yes": "ie", "cancel": "canslo"},
    "en": {"reflect": "reflect", "skip": "skip", "yes": "yes", "cancel": "cancel"},
}
ASKS = {
    "cy": {
        "q1": "Beth ddigwyddodd?",
        "q2": "Beth oedd bwysicaf i'r teulu?",
        "q3": "Pa gryfderau welsoch chi",
        "q4": "yn eu geiriau eu hunain",
        "q8": "Sut aeth hi, ar raddfa o 1 i 10?",
        "q9": "Pa gydrannau",
        "share": "Beth hoffech chi ei wneud gyda'r myfyrdod hwn?",
        "shared": "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer.",
        "resume": "Mae gennych chi fyfyrdod heb ei orffen",
        "found": "Gallai'r ateb hwn ddatgelu pwy yw rhywun:",
        "cancelled": "Wedi canslo. Chafodd dim byd ei gadw.",
    },
    "en": {
        "q1": "What happened?",
        "q2": "What mattered most to the family?",
        "q3": "What strengths did you notice",
        "q4": "in their own words",
        "q8": "How did it go, on a scale of 1 to 10?",
        "q9": "Which components",
        "share": "What would you like to do with this reflection?",
        "shared": "Saved and shared with your practice mentor.",
        "resume": "You have a reflection you have not finished",
        "found": "This answer may identify someone:",
        "cancelled": "Cancelled. Nothing was saved.",
    },
}


pytestmark = pytest.mark.clock_at(NOW)


@pytest.fixture
async def rbot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    for user in ("megan.rhys", "dafydd.morgan", "elin.pryce", "tom.davies"):
        member_id = f"teams-{user.split('.')[0]}"
        connector.members[member_id] = Member(
            id=member_id, email=f"{user}@{DOMAIN}", user_principal_name=f"{user}@{DOMAIN}"
        )
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


def sender_of(bot: BotHarness) -> OutboxSender:
    assert bot.server is not None
    sender = bot.server.app[APP_KEY]["sender"]
    assert isinstance(sender, OutboxSender)
    return sender


async def rows(settings: Settings, model: type, *where: object) -> list[Any]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.exec(select(model).where(*where))).all())
    finally:
        await engine.dispose()


async def start(bot: BotHarness, language: str) -> Conversation:
    user, _name = WORKER[language]
    worker = bot.conversation(f"teams-{user}")
    await worker.say("hi")
    reply = await worker.say(WORDS[language]["reflect"])
    assert ASKS[language]["q1"] in text_of(reply)
    return worker


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reflection_whole_flow_restart_resume_share_and_mentor_summary(
    rbot: BotHarness, settings: Settings, connector: FakeConnector, clock: FixedClock, language: str
) -> None:
    asks, words = ASKS[language], WORDS[language]
    megan = rbot.conversation("teams-megan")
    dafydd = rbot.conversation("teams-dafydd")
    await megan.say("helo")
    await dafydd.say("hello")
    worker = await start(rbot, language)

    assert asks["q2"] in text_of(await worker.say("Home visit for case CP-2291; calm and open."))
    assert asks["q3"] in text_of(await worker.say(words["skip"]))
    assert asks["q4"] in text_of(await worker.say("They kept the routine going all week."))

    await rbot.restart()
    clock.advance(minutes=45)
    asked = await worker.say("They said: we want the house to feel safe.")
    assert asks["resume"] in text_of(asked)
    again = await worker.say(words["yes"])  # the message before "carry on?" answers q4
    assert asks["q4"] not in text_of(again)

    for answer in (
        "When the school came up; I slowed down and listened.",
        "Against the Risk Model, with the core group's evidence.",
    ):
        await worker.say(answer)
    assert asks["q8"] in text_of(await worker.say("Check in about school next visit."))
    assert asks["q9"] in text_of(await worker.say("7"))
    assert asks["share"] in text_of(await worker.say("1 2"))
    assert asks["shared"] in text_of(await worker.say("2"))

    megan.new_replies()
    dafydd.new_replies()
    assert await sender_of(rbot).run_once() == 1
    summary = text_of(megan.new_replies())
    _user, name = WORKER[language]
    assert f"Mae {name} wedi rhannu myfyrdod" in summary  # Megan reads Welsh
    assert "Sgyrsiau, Trothwyon" in summary and "7/10" in summary
    assert "Home visit for case CP-2291" in summary
    assert dafydd.new_replies() == []

    listed = await megan.say("mentoreion")
    assert name in text_of(listed)
    full = text_of(await megan.say("1"))
    assert "Against the Risk Model, with the core group's evidence." in full
    engine = create_engine(settings.database_url)
    try:
        events = await audit.list_events(session_factory(engine))
    finally:
        await engine.dispose()
    reads = [e for e in events if e.action == "reflection.read"]
    assert [(e.actor_email, e.subject_email, e.allowed) for e in reads] == [
        (f"megan.rhys@{DOMAIN}", f"{name.lower().replace(' ', '.')}@{DOMAIN}", True)
    ]
    kept = await rows(settings, ReflectionAnswer)
    assert len(kept) == 6  # seven questions, one skipped


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reflection_flags_postcode_and_name_beside_mam_before_saving(
    rbot: BotHarness, settings: Settings, language: str
) -> None:
    worker = await start(rbot, language)
    flagged = text_of(await worker.say("Roedd mam Osian yn poeni; maen nhw'n byw yn CF10 1AA."))
    assert ASKS[language]["found"] in flagged
    assert "Osian" in flagged and "CF10 1AA" in flagged
    rephrase = text_of(await worker.say("1"))
    assert ASKS[language]["q1"] in rephrase
    assert ASKS[language]["q2"] in text_of(await worker.say("Roedd y fam yn poeni am yr ysgol."))
    assert await rows(settings, Reflection) == []


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reflection_cancel_leaves_nothing_saved_or_in_state(
    rbot: BotHarness, settings: Settings, language: str
) -> None:
    worker = await start(rbot, language)
    await worker.say("A distinctive answer about case CP-7781.")
    await worker.say(WORDS[language]["cancel"])  # after an answer, it asks to confirm
    cancelled = await worker.say(WORDS[language]["yes"])
    assert ASKS[language]["cancelled"] in text_of(cancelled)
    await worker.say("menu")  # no undo: the one chance has passed
    assert await rows(settings, Reflection) == []
    assert await rows(settings, DialogDraft) == []
    states = await rows(settings, AgentStateRecord)
    assert all("CP-7781" not in state.data for state in states)


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reflection_restart_without_a_gap_carries_straight_on(
    rbot: BotHarness, language: str
) -> None:
    worker = await start(rbot, language)
    await rbot.restart()
    reply = text_of(await worker.say("Home visit for case CP-2291."))
    assert ASKS[language]["q2"] in reply
    assert ASKS[language]["resume"] not in reply


@pytest.mark.parametrize(("language", "no"), [("cy", "na"), ("en", "no")])
async def test_reflection_quiet_gap_then_no_discards_it(
    rbot: BotHarness, settings: Settings, clock: FixedClock, language: str, no: str
) -> None:
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    clock.advance(hours=3)
    assert ASKS[language]["resume"] in text_of(await worker.say("hello again"))
    await worker.say(no)
    reply = text_of(await worker.say("Something else"))
    assert ASKS[language]["q2"] not in reply
    assert await rows(settings, Reflection) == []


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_reflection_left_for_more_than_seven_days_is_dropped(
    rbot: BotHarness, clock: FixedClock, language: str
) -> None:
    worker = await start(rbot, language)
    await worker.say("Home visit for case CP-2291.")
    clock.advance(days=8)
    reply = text_of(await worker.say("Anything"))
    assert ASKS[language]["resume"] not in reply
    assert ASKS[language]["q2"] not in reply


async def _share_one(worker: Conversation, language: str) -> None:
    words = WORDS[language]
    await worker.say("Home visit for case CP-2291; calm and open.")
    for _ in range(8):
        await worker.say(words["skip"])
    await worker.say("2")


@pytest.mark.parametrize(
    ("language", "mine", "yes"), [("cy", "myfyrdodau", "ie"), ("en", "reflections", "yes")]
)
async def test_deleting_a_reflection_removes_it_and_its_pending_summary(
    rbot: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    language: str,
    mine: str,
    yes: str,
) -> None:
    megan = rbot.conversation("teams-megan")
    await megan.say("helo")
    worker = await start(rbot, language)
    await _share_one(worker, language)
    pending = await rows(settings, OutboxMessage, col(OutboxMessage.kind) == "reflection_summary")
    assert [p.status for p in pending] == ["pending"]

    await worker.say(mine)
    await worker.say("1")
    await worker.say("3")  # delete
    done = text_of(await worker.say(yes))
    assert ("Wedi'i ddileu." if language == "cy" else "Deleted.") in done
    assert await rows(settings, Reflection) == []
    assert await rows(settings, ReflectionAnswer) == []
    after = await rows(settings, OutboxMessage, col(OutboxMessage.kind) == "reflection_summary")
    assert [p.status for p in after] == ["cancelled"]
    megan.new_replies()
    assert await sender_of(rbot).run_once() == 0
    assert megan.new_replies() == []


@pytest.mark.parametrize(
    ("language", "mine", "yes"), [("cy", "myfyrdodau", "ie"), ("en", "reflections", "yes")]
)
async def test_deleting_removes_a_delivered_summary_from_the_mentors_chat(
    rbot: BotHarness, connector: FakeConnector, language: str, mine: str, yes: str
) -> None:
    megan = rbot.conversation("teams-megan")
    await megan.say("helo")
    worker = await start(rbot, language)
    await _share_one(worker, language)
    megan.new_replies()
    await sender_of(rbot).run_once()
    delivered = megan.new_replies()
    assert len(delivered) == 1

    await worker.say(mine)
    await worker.say("1")
    await worker.say("3")
    await worker.say(yes)
    assert connector.deleted == [(megan.conversation_id, delivered[0].activity_id)]


async def test_unshared_reflection_summary_is_withdrawn_not_sent(
    rbot: BotHarness, settings: Settings
) -> None:
    megan = rbot.conversation("teams-megan")
    await megan.say("helo")
    worker = await start(rbot, "en")
    await _share_one(worker, "en")
    await worker.say("reflections")
    await worker.say("1")
    await worker.say("2")  # change sharing
    await worker.say("1")  # keep it private
    megan.new_replies()
    assert await sender_of(rbot).run_once() == 0
    assert megan.new_replies() == []
    count = await rows(settings, OutboxMessage, col(OutboxMessage.status) == "cancelled")
    assert len(count) == 1


@pytest.mark.parametrize(("language", "word"), [("cy", "myfyrio"), ("en", "reflect")])
async def test_reflection_is_declined_on_telegram_by_default(
    rbot: BotHarness, settings: Settings, language: str, word: str
) -> None:
    from camau.storage import people as people_repo
    from camau.storage.models import Person

    _user, name = WORKER[language]
    email = f"{name.lower().replace(' ', '.')}@{DOMAIN}"
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            person = (await session.exec(select(Person).where(Person.email == email))).one()
            assert person.id is not None
            await people_repo.link_channel_account(session, person.id, "telegram", "tg-1")
    finally:
        await engine.dispose()
    worker = rbot.conversation("tg-1", channel_id="telegram")
    reply = text_of(await worker.say(word))
    assert ASKS[language]["q1"] not in reply
    assert await rows(settings, Reflection) == []


@pytest.mark.parametrize(
    ("language", "saved"),
    [
        ("cy", "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer."),
        ("en", "Saved and shared with your practice mentor."),
    ],
)
async def test_reflection_share_button_answers_even_though_its_value_is_a_command(
    bot: BotHarness, language: str, saved: str
) -> None:
    """The sharing card's 'share' button carries `shared`, also the mentors' command word."""
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say("Cymraeg" if language == "cy" else "English")
    await alex.say("reflect")
    replies = await alex.say("Home visit about the plan, case CP-2026-0001.")
    for _ in range(30):
        card_buttons = [
            action
            for reply in replies
            for attachment in reply.attachments
            for action in attachment["content"].get("actions", [])
            if action.get("data", {}).get("camau") == "shared"
        ]
        if card_buttons:
            break
        replies = await alex.say("hepgor" if language == "cy" else "skip")
    assert card_buttons, "the sharing card never came"
    done = await alex.say(value=card_buttons[0]["data"])
    assert saved in text_of(done)
