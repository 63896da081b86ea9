"""Steps to change over real HTTP: a case with three areas scored at two core groups.

The initial conference is on Friday 18 December 2026, so the first core group is due on
6 January 2027 (Christmas and New Year bank holidays in between). The core groups are held on
4 January and six weeks later on 15 February 2027; the next is then due on Thursday 25 March,
because six weeks on is Easter Monday and Good Friday is a bank holiday too.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from camau.bot import cli_outbox
from camau.config import Settings
from camau.conversation.features import all_notices
from camau.i18n import use_language
from camau.practice.steps import chart_series
from camau.services import people
from camau.services.clock import FixedClock
from camau.steps.dialogs.chart import chart_png
from camau.steps.dialogs.render import chart_texts
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores
from camau.storage.engine import create_engine, session_factory
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

ICPC = date(2026, 12, 18)
FIRST, SECOND = date(2027, 1, 4), date(2027, 2, 15)
REFERENCE = "CP/2026/0412"

WORDS: dict[str, dict[str, Any]] = {
    "cy": {
        "email": "elin.pryce@demo.camau.cymru",
        "new": "achos newydd",
        "icpc": "dydd Gwener",
        "yes": "ie",
        "no": "na",
        "skip": "hepgor",
        "scores": "sgorau",
        "first": "ddoe",
        "second": "dydd Llun",
        "labels": ["Amodau'r cartref", "Mynd i'r ysgol", "Yfed yn y tŷ"],
        "registered": "Cofrestrwyd achos CP/2026/0412 gyda 3 o feysydd newid.",
        "first_due": "Mae'r grŵp craidd cyntaf i'w gynnal erbyn 6 Ionawr 2027 (dydd Mercher).",
        "next_after_first": "Grŵp craidd nesaf: i'w gynnal erbyn 15 Chwefror 2027 (dydd Llun)",
        "next_after_second": "Grŵp craidd nesaf: i'w gynnal erbyn 25 Mawrth 2027 (dydd Iau)",
        "review": "Cynhadledd adolygu nesaf: i'w chynnal erbyn 18 Mawrth 2027 (dydd Iau)",
        "first_score": "(sgôr cyntaf)",
        "future": "Mae'r dyddiad hwnnw yn y dyfodol",
        "range": "Rhowch rif cyfan o 1 i 10",
        "again": "wedi'u cofnodi'n barod",
    },
    "en": {
        "email": "tom.davies@demo.camau.cymru",
        "new": "new case",
        "icpc": "Friday",
        "yes": "yes",
        "no": "no",
        "skip": "skip",
        "scores": "scores",
        "first": "yesterday",
        "second": "Monday",
        "labels": ["Home conditions", "School attendance", "Drinking at home"],
        "registered": "Case CP/2026/0412 registered with 3 areas for change.",
        "first_due": "First core group due by Wednesday 6 January 2027.",
        "next_after_first": "Next core group: due by Monday 15 February 2027",
        "next_after_second": "Next core group: due by Thursday 25 March 2027",
        "review": "Next review conference: due by Thursday 18 March 2027",
        "first_score": "(first score)",
        "future": "That date is in the future",
        "range": "Please give a whole number from 1 to 10",
        "again": "are already recorded",
    },
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


pytestmark = pytest.mark.clock_at(at(date(2026, 12, 21)))


@pytest.fixture
async def steps_bot(
    settings: Settings, connector: FakeConnector, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness(settings, connector, clock=clock).start()
    yield harness
    await harness.close()


def worker(bot: BotHarness, connector: FakeConnector, language: str) -> Conversation:
    email = WORDS[language]["email"]
    user = f"teams-{language}"
    connector.members[user] = Member(id=user, email=email, user_principal_name=email)
    return bot.conversation(user)


async def say_all(person: Conversation, *lines: str) -> str:
    said = ""
    for line in lines:
        said = text_of(await person.say(line))
    return said


async def register_case(person: Conversation, w: dict[str, Any]) -> str:
    a, b, c = w["labels"]
    skip = w["skip"]
    return await say_all(
        person,
        w["new"],
        REFERENCE,
        w["icpc"],
        *(a, "Kitchen unsafe", "Kitchen safe and clean", w["yes"]),
        *(b, skip, skip, w["yes"]),
        *(c, skip, skip, w["no"]),
    )


async def worker_with_case(
    bot: BotHarness, connector: FakeConnector, language: str
) -> Conversation:
    """A worker who has said hello and registered case CP/2026/0412 (`register_case`)."""
    person = worker(bot, connector, language)
    await person.say("hi")
    await register_case(person, WORDS[language])
    return person


async def score_first(person: Conversation, w: dict[str, Any]) -> list[Any]:
    skip = w["skip"]
    await say_all(person, w["scores"], w["first"], w["yes"])
    await say_all(person, "3", "4", skip, "6", skip, skip, "2", "3", "One dry week")
    return await person.say(skip)  # not booked: the computed due date is used


async def score_second(person: Conversation, w: dict[str, Any]) -> list[Any]:
    await say_all(person, w["scores"], w["second"], w["no"], "5", "6")
    await person.say("1")
    return await person.say(w["skip"])


async def outbox_json(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """`camau outbox list --json`, through the real CLI."""
    monkeypatch.setenv("CAMAU_DATABASE_URL", settings.database_url)
    app = typer.Typer()
    cli_outbox.register(app)
    app.command("noop")(lambda: None)
    result = await asyncio.to_thread(CliRunner().invoke, app, ["outbox", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed: list[dict[str, Any]] = json.loads(result.output)
    return [m for m in listed if m["kind"].startswith("steps_")]


async def history_of(settings: Settings, email: str) -> steps_scores.History:
    engine = create_engine(settings.database_url)
    try:
        db = session_factory(engine)
        caller = await people.by_email(db, email)
        case_id = (await steps.my_cases(db, caller))[0].id
        return await steps_scores.history(db, caller, case_id)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_two_core_groups_show_trend_dates_and_chart(
    steps_bot: BotHarness,
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w = WORDS[language]
    person = worker(steps_bot, connector, language)
    await person.say("hi")
    registered = await register_case(person, w)
    assert w["registered"] in registered and w["first_due"] in registered

    clock.set(at(date(2027, 1, 5)))
    first = text_of(await score_first(person, w))
    assert f"{w['labels'][0]} 3 {w['first_score']}" in first
    assert w["next_after_first"] in first and w["review"] in first

    clock.set(at(date(2027, 2, 16)))
    replies = await score_second(person, w)
    summary = text_of(replies)
    a, b, c = w["labels"]
    assert f"{a} 3 → 5 ▲" in summary
    assert f"{b} 6 → 6 ■" in summary
    assert f"{c} 2 → 1 ▼" in summary
    assert w["next_after_second"] in summary and w["review"] in summary

    images = [x for r in replies for x in r.attachments if x.get("contentType") == "image/png"]
    assert len(images) == 1 and images[0]["name"].endswith(".png")
    data = base64.b64decode(images[0]["contentUrl"].split(",", 1)[1])
    assert len(data) < 200_000
    assert Image.open(io.BytesIO(data)).size == (800, 480)

    history = await history_of(settings, w["email"])
    series = chart_series((area.label, points) for area, points in history.areas)
    assert [(s.label, s.dates, s.scores) for s in series] == [
        (a, (FIRST, SECOND), (3, 5)),
        (b, (FIRST, SECOND), (6, 6)),
        (c, (FIRST, SECOND), (2, 1)),
    ]
    assert (series[0].family_dates, series[0].family_scores) == ((FIRST,), (4,))
    with use_language(language):
        assert chart_png(series, chart_texts(REFERENCE)) == data  # the chart of those points


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_nudges_for_due_second_and_overdue_core_groups(
    steps_bot: BotHarness,
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    w = WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    queued = await outbox_json(settings, monkeypatch)
    assert {(m["kind"], m["due_at"], m["deliver_at"]) for m in queued} == {
        ("steps_due", "2027-01-07T00:00:00Z", "2027-01-07T09:00:00Z"),
        ("steps_overdue", "2027-01-13T00:00:00Z", "2027-01-13T09:00:00Z"),
    }
    assert all(m["dedupe_key"].endswith(":2027-01-06") for m in queued)

    clock.set(at(date(2027, 1, 5)))
    await score_first(person, w)
    queued = await outbox_json(settings, monkeypatch)
    assert sorted((m["kind"], m["due_at"]) for m in queued) == [
        ("steps_due", "2027-02-16T00:00:00Z"),
        ("steps_overdue", "2027-02-22T00:00:00Z"),
        ("steps_second", "2027-02-11T00:00:00Z"),
    ]
    assert {m["dedupe_key"].rsplit(":", 1)[1] for m in queued} == {"2027-02-15"}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_refuses_future_date_bad_score_and_second_scoring(
    steps_bot: BotHarness,
    connector: FakeConnector,
    clock: FixedClock,
    settings: Settings,
    language: str,
) -> None:
    w = WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    clock.set(at(date(2027, 1, 5)))

    await person.say(w["scores"])
    assert w["future"] in text_of(await person.say("6/1/2027"))
    await say_all(person, w["first"], w["no"])
    for bad in ("0", "11", "lots"):
        assert w["range"] in text_of(await person.say(bad))
    await say_all(person, "3", "6", "2", w["skip"])

    await person.say(w["scores"])
    assert w["again"] in text_of(await person.say("4/1/2027"))
    history = await history_of(settings, w["email"])
    assert [len(points) for _area, points in history.areas] == [1, 1, 1]
    assert [points[0].score for _area, points in history.areas] == [3, 6, 2]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_nudge_button_and_typed_reference_start_scoring_that_case(
    steps_bot: BotHarness,
    connector: FakeConnector,
    settings: Settings,
    language: str,
) -> None:
    w = WORDS[language]
    person = await worker_with_case(steps_bot, connector, language)
    a = w["labels"][0]
    await say_all(person, w["new"], "CP/2026/0999", w["icpc"], a, w["skip"], w["skip"], w["no"])
    history = await history_of(settings, w["email"])
    [nudge] = all_notices().render(
        "steps_due",
        {"case_id": history.case.id, "reference": REFERENCE, "core_group": "2027-01-06"},
        language,
    )
    content: Any = nudge.attachments[0].content
    button = content["actions"][0]
    assert button["data"]["camau"] == "scores" and button["data"]["case"] == history.case.id
    assert f"{w['scores']} {REFERENCE}" in content["body"][0]["text"]

    asked = text_of(await person.say(value=button["data"]))
    assert REFERENCE in asked and "CP/2026/0999" not in asked
    await person.say("menu")
    typed = text_of(await person.say(f"{w['scores']} cp/2026/0999"))
    assert "CP/2026/0999" in typed and REFERENCE not in typed


CASE_MENU = {
    "cy": {
        "cases": "achosion",
        "booked": "Grŵp craidd nesaf: wedi'i drefnu ar gyfer 12 Ionawr 2027 (dydd Mawrth)",
        "review": "Cynhadledd adolygu nesaf: i'w chynnal erbyn 9 Gorffennaf 2027 (dydd Gwener)",
        "closed": "Achos CP/2026/0412 wedi'i gau.",
        "csv": "Meysydd newid a sgorau'r camau, achos CP/2026/0412",
    },
    "en": {
        "cases": "cases",
        "booked": "Next core group: booked for Tuesday 12 January 2027",
        "review": "Next review conference: due by Friday 9 July 2027",
        "closed": "Case CP/2026/0412 closed.",
        "csv": "Areas for change and step scores, case CP/2026/0412",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_case_menu_books_records_review_exports_and_closes(
    steps_bot: BotHarness,
    connector: FakeConnector,
    clock: FixedClock,
    language: str,
) -> None:
    w, m = WORDS[language], CASE_MENU[language]
    person = await worker_with_case(steps_bot, connector, language)

    booked = await say_all(person, m["cases"], "1", "booked", "12/01/2027")
    assert m["booked"] in booked
    clock.set(at(date(2027, 1, 11)))
    reviewed = await say_all(
        person, m["cases"], "1", "review", "ddoe" if language == "cy" else "yesterday"
    )
    assert m["review"] in reviewed  # 10 January + 6 months is a Saturday: back to Friday

    await say_all(person, m["cases"], "1")
    [offer, *_menu] = await person.say("csv")
    [attachment] = offer.attachments
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    assert attachment["name"] == "camau-CP-2026-0412.csv" and m["csv"] in offer.text

    closed = await say_all(person, m["cases"], "1", "close", w["yes"])
    assert m["closed"] in closed
    assert REFERENCE not in text_of(await person.say(m["cases"]))


AREA_CHANGES = {
    "cy": {
        "label": "Trefn amser gwely",
        "reworded": "Trefn amser gwely bob nos",
        "added": "Maes wedi'i ychwanegu: Trefn amser gwely.",
        "reword_done": "Wedi'i aileirio: Trefn amser gwely bob nos.",
        "achieved": "Wedi'i nodi fel maes a gyflawnwyd: Trefn amser gwely bob nos.",
    },
    "en": {
        "label": "Bedtime routine",
        "reworded": "Bedtime routine every night",
        "added": "Area added: Bedtime routine.",
        "reword_done": "Reworded: Bedtime routine every night.",
        "achieved": "Marked achieved: Bedtime routine every night.",
    },
}


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_steps_case_menu_adds_rewords_and_marks_achieved_an_area(
    steps_bot: BotHarness, connector: FakeConnector, language: str
) -> None:
    """The case menu's area changes, end to end: adding an area once failed with "something
    went wrong" (the area's answer bookkeeping was passed on as if it were the area)."""
    w, m, a = WORDS[language], CASE_MENU[language], AREA_CHANGES[language]
    person = await worker_with_case(steps_bot, connector, language)

    added = await say_all(person, m["cases"], "1", "area", a["label"], w["skip"], w["skip"])
    assert a["added"] in added
    reworded = await say_all(person, m["cases"], "1", "reword", "4", a["reworded"])
    assert a["reword_done"] in reworded
    achieved = await say_all(person, m["cases"], "1", "achieved", "4")
    assert a["achieved"] in achieved
