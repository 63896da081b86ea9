"""`camau serve` and the Agents Playground, used through the Playground's page in headless Chromium.

Alex Wilber (the Playground's default user, a demo worker without a language yet) talks to the
bot by typing and clicking card buttons: welcome, language, settings, a reflection, a new case
scored on the steps score cards, and a session reminder (arranged by his mentor through the
sessions service, delivered by the outbox) confirmed with a click that updates the card in
place. The bot's replies are read from the page and each one is saved as a screenshot under
artifacts/screenshots/browser/. Without Chromium or Node.js the test skips with the reason; in
CI (`CI=true`) it fails instead.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import ClientSession

from camau.practice.sessions import INDIVIDUAL
from camau.services import people
from camau.services.clock import FixedClock
from camau.sessions.services import sessions
from camau.storage.engine import create_engine, session_factory
from tests.support.browser import (
    Check,
    Click,
    Expect,
    PlaygroundPage,
    Say,
    Step,
    Updated,
    open_playground,
    unavailable_reason,
)
from tests.support.cli import CAMAU, camau_env, seed_demo_database
from tests.support.playground import (
    PlaygroundUnavailable,
    Service,
    ensure_installed,
    free_port,
    playground_env,
    wait_http,
)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


# A short Welsh reflection from the menu card: typed answers, one skipped, the components
# ticked on the card, then shared with the mentor by a click.
REFLECTION = [
    Click("Myfyrio"),
    Expect("(1 o 9) Beth ddigwyddodd?", shot="reflection-start"),
    Say("Ymweliad cartref ar gyfer achos CP-2291; tawel ac agored."),
    Expect("(2 o 9)", shot="reflection-q2"),
    Say("hepgor"),
    Expect("(3 o 9)", shot="reflection-q3"),
    *(
        step
        for number, answer in enumerate(
            (
                "Fe gadwon nhw at y drefn drwy'r wythnos.",
                "Dywedon nhw: rydyn ni eisiau i'r tŷ deimlo'n ddiogel.",
                "Pan ddaeth yr ysgol i fyny, arafais a gwrando.",
                "Yn erbyn y Model Risg, gyda thystiolaeth y grŵp craidd.",
                "Holi am yr ysgol yn yr ymweliad nesaf.",
            ),
            start=4,
        )
        for step in (Say(answer), Expect(f"({number} o 9)", shot=f"reflection-q{number}"))
    ),
    Say("7"),
    Expect("(9 o 9) Pa gydrannau", shot="reflection-components"),
    Check("Sgyrsiau"),
    Check("Trothwyon"),
    Click("Gorffen"),
    Expect("Beth hoffech chi ei wneud gyda'r myfyrdod hwn?", shot="reflection-sharing"),
    Click("Ei rannu gyda fy mentor"),
    Expect("Wedi'i gadw a'i rannu gyda'ch mentor ymarfer.", shot="reflection-saved"),
]


def scoring() -> list[Step]:
    """A new case with two areas, then its first scores clicked on the steps score cards."""
    conference = (datetime.now(UTC) - timedelta(days=14)).strftime("%d/%m/%Y")
    return [
        Say("achos newydd"),
        Expect("Beth yw cyfeirnod yr achos", shot="case-reference"),
        Say("CP/2026/0412"),
        Expect("Pryd oedd y gynhadledd amddiffyn plant gychwynnol?", shot="case-conference"),
        Say(conference),
        Expect("Enwch y maes newid", shot="case-area-1"),
        Say("Amodau'r cartref"),
        Expect("Beth sydd ddim yn ddigon da", shot="case-not-good-enough-1"),
        Say("hepgor"),
        Expect("Sut beth fyddai digon da?", shot="case-good-enough-1"),
        Say("hepgor"),
        Expect("Ychwanegu maes newid arall?", shot="case-another-1"),
        Click("Ie"),
        Expect("Enwch y maes newid", shot="case-area-2"),
        Say("Mynd i'r ysgol"),
        Expect("Beth sydd ddim yn ddigon da", shot="case-not-good-enough-2"),
        Say("hepgor"),
        Expect("Sut beth fyddai digon da?", shot="case-good-enough-2"),
        Say("hepgor"),
        Expect("Ychwanegu maes newid arall?", shot="case-another-2"),
        Click("Na"),
        Expect("Cofrestrwyd achos CP/2026/0412", shot="case-registered"),
        Say("sgorau"),
        Expect("Sgorio achos CP/2026/0412. Pryd oedd y grŵp craidd?", shot="scores-date"),
        Click("Heddiw"),
        Expect("Hoffech chi hefyd gofnodi sgôr y teulu", shot="scores-extras"),
        Click("Dim diolch"),
        Expect("Maes 1 o 2: Amodau'r cartref", shot="scores-card-1"),
        Click("3"),
        Expect("Maes 2 o 2: Mynd i'r ysgol", shot="scores-card-2"),
        Click("6"),
        Expect("Ydy'r grŵp craidd nesaf wedi'i drefnu'n barod?", shot="scores-next-booked"),
        Say("hepgor"),
        Expect("Sgorau wedi'u cofnodi ar gyfer achos CP/2026/0412", shot="scores-summary"),
    ]


async def arrange_reminder_now(database: Path) -> int:
    """Megan arranges a session with Alex starting in an hour: its reminder is due at once.

    Alex's working hours become `always`, so the outbox delivers on any day at any hour.
    """
    with closing(sqlite3.connect(database)) as raw, raw:
        raw.execute("UPDATE person SET working_hours = 'always' WHERE name = 'Alex Wilber'")
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        db = session_factory(engine)
        megan = await people.by_email(db, "megan.rhys@demo.camau.cymru")
        alex = await people.by_email(db, "alex.wilber@demo.camau.cymru")
        now = datetime.now(UTC)
        view = await sessions.schedule(
            db,
            FixedClock(now),
            megan,
            kind=INDIVIDUAL,
            attendee_ids=[alex.id],
            starts_at=now + timedelta(hours=1, seconds=3),  # after the 'arranged' message
            minutes=60,
            place="Ystafell 2, Tŷ Penallta",
        )
        return view.id
    finally:
        await engine.dispose()


@pytest.fixture
async def playground_url(tmp_path: Path) -> AsyncIterator[str]:
    """The address of a Playground talking to a fresh `camau serve` with the demo team."""
    reason = unavailable_reason()
    if reason is not None:
        _unavailable(reason)
    try:
        binary = await asyncio.to_thread(ensure_installed)
    except PlaygroundUnavailable as exc:
        _unavailable(f"Agents Playground unavailable: {exc}")
    # The outbox looks for due messages twice a second, so the reminder comes quickly.
    env = camau_env(tmp_path / "camau.db", CAMAU_OUTBOX_INTERVAL="0.5")
    await asyncio.to_thread(seed_demo_database, env, tmp_path)
    bot_port = free_port()
    serve = [CAMAU, "serve", "--port", str(bot_port)]
    services = [Service.start("camau", serve, env=env, cwd=tmp_path)]
    try:
        async with ClientSession() as http:
            await wait_http(http, f"http://127.0.0.1:{bot_port}/healthz", services[0], limit=90)
            endpoint = f"http://127.0.0.1:{bot_port}/api/messages"
            tester = Service.start(
                "playground",
                [str(binary), "-e", endpoint, "-c", "msteams", "-p", str(free_port()), "--dt"],
                env=playground_env(tmp_path),
                cwd=tmp_path,
            )
            services.append(tester)
            port = (await tester.wait_for_output(r"Listening on (\d+)", limit=90)).group(1)
            url = f"http://127.0.0.1:{port}"
            await wait_http(http, f"{url}/_internal/v1/config", tester, limit=60)
        yield url
    finally:
        for service in reversed(services):
            service.stop()


@pytest.fixture
async def page(playground_url: str, tmp_path: Path) -> AsyncIterator[PlaygroundPage]:
    async with open_playground(playground_url, "browser", tmp_path / "chromium") as opened:
        yield opened


async def test_browser_welsh_first_then_settings_a_reflection_scores_and_a_reminder(
    page: PlaygroundPage, tmp_path: Path
) -> None:
    await page.run([Expect("Cymraeg neu English?", shot="welcome")])  # when the page opens
    assert "Helo, Camau ydw i." in page.replies[0]
    await page.run([Click("Cymraeg"), Expect("Dewislen Camau", shot="menu-cy")])
    assert not any("Camau menu" in reply for reply in page.replies)

    await page.run([Click("Gosodiadau"), Expect("Eich gosodiadau:", shot="settings-by-button")])
    by_button = page.replies[-1]
    assert "Iaith: Cymraeg" in by_button

    await page.run([Say("settings"), Expect("Eich gosodiadau:", shot="settings-typed")])
    assert page.replies[-1] == by_button

    # A change, then the settings again (still open) until Gorffen; then a short line whose
    # Dewislen button brings the menu back.
    await page.run(
        [
            Click("Cylchfa amser"),
            Expect("Teipiwch eich cylchfa amser", shot="settings-zone"),
            Say("Europe/London"),
            Expect("Eich gosodiadau:", shot="settings-again"),
            Click("Gorffen"),
            Expect("Unrhyw beth arall?", shot="settings-done"),
        ]
    )
    assert not any("Dewislen Camau" in reply for reply in page.replies)
    await page.run([Click("Dewislen"), Expect("Dewislen Camau", shot="menu-again")])

    await page.run(REFLECTION)
    assert page.replies[0] == "Wedi'i gadw a'i rannu gyda'ch mentor ymarfer."
    assert "Unrhyw beth arall?" in page.replies[-1]  # not the whole menu after the task
    with closing(sqlite3.connect(tmp_path / "camau.db")) as db:
        saved = db.execute("SELECT sharing, how_it_went, components FROM reflection").fetchall()
    assert saved == [("shared", 7, "conversations,thresholds")]

    await page.run(scoring())
    assert "Unrhyw beth arall?" in page.replies[-1]
    summary = next(reply for reply in page.replies if "Sgorau wedi'u cofnodi" in reply)
    assert "Amodau'r cartref 3 (sgôr cyntaf)" in summary
    assert "Mynd i'r ysgol 6 (sgôr cyntaf)" in summary
    with closing(sqlite3.connect(tmp_path / "camau.db")) as db:
        scores = db.execute("SELECT score FROM steps_score ORDER BY score").fetchall()
    assert scores == [(3,), (6,)]

    session_id = await arrange_reminder_now(tmp_path / "camau.db")
    await page.run(
        [
            Expect("Nodyn atgoffa: sesiwn fentora unigol", shot="reminder"),
            Click("Cadarnhau"),
            Updated("Wedi'i chadarnhau", shot="reminder-confirmed"),
        ]
    )
    assert "Diolch, mae wedi'i chadarnhau" in page.replies[-1]
    assert "Cadarnhau" not in page.replies[-1]  # no live buttons left
    with closing(sqlite3.connect(tmp_path / "camau.db")) as db:
        answered = db.execute(
            "SELECT response FROM session_person WHERE session_id = ? AND role = 'attendee'",
            (session_id,),
        ).fetchall()
    assert answered == [("confirmed",)]

    await page.finish()
    assert [shot.name.split("-", 1)[1] for shot in page.shots] == [
        "welcome.png",
        "menu-cy.png",
        "settings-by-button.png",
        "settings-typed.png",
        "settings-zone.png",
        "settings-again.png",
        "settings-done.png",
        "menu-again.png",
        "reflection-start.png",
        *(f"reflection-q{number}.png" for number in range(2, 9)),
        "reflection-components.png",
        "reflection-sharing.png",
        "reflection-saved.png",
        *(f"{step.shot}.png" for step in scoring() if isinstance(step, Expect)),
        "reminder.png",
        "reminder-confirmed.png",
    ]
    assert all(shot.stat().st_size > 10_000 for shot in page.shots)


REFLECTION_EN = [
    Click("Reflect"),
    Expect("(1 of 9) What happened?", shot="en-reflection-start"),
    Say("Home visit for case CP-2291; calm and open."),
    Expect("(2 of 9)", shot="en-reflection-q2"),
    Say("skip"),
    Expect("(3 of 9)"),
    Say("They kept to the routine all week."),
    Expect("(4 of 9)"),
    *(step for number in range(5, 9) for step in (Say("skip"), Expect(f"({number} of 9)"))),
    Say("7"),
    Expect("(9 of 9) Which components", shot="en-reflection-components"),
    Check("Conversations"),
    Check("Thresholds"),
    Click("Done"),
    Expect("What would you like to do with this reflection?", shot="en-reflection-sharing"),
    Click("Share with my mentor"),
    Expect("Saved and shared with your practice mentor.", shot="en-reflection-saved"),
]


def scoring_en() -> list[Step]:
    """The Welsh scoring, in English."""
    conference = (datetime.now(UTC) - timedelta(days=14)).strftime("%d/%m/%Y")
    area = ("Home conditions", "Going to school")
    return [
        Say("new case"),
        Expect("What is the case reference", shot="en-case-reference"),
        Say("CP/2026/0412"),
        Expect("When was the initial child protection conference?"),
        Say(conference),
        Expect("Name the area for change"),
        Say(area[0]),
        Expect("What is not good enough now?"),
        Say("skip"),
        Expect("What would good enough look like?"),
        Say("skip"),
        Expect("Add another area for change?", shot="en-case-another"),
        Click("Yes"),
        Expect("Name the area for change"),
        Say(area[1]),
        Expect("What is not good enough now?"),
        Say("skip"),
        Expect("What would good enough look like?"),
        Say("skip"),
        Expect("Add another area for change?"),
        Click("No"),
        Expect("Case CP/2026/0412 registered", shot="en-case-registered"),
        Say("scores"),
        Expect("Scoring case CP/2026/0412. When was the core group?", shot="en-scores-date"),
        Click("Today"),
        Expect("Would you also like to record the family's own score"),
        Click("No, thanks"),
        Expect(f"Area 1 of 2: {area[0]}", shot="en-scores-card-1"),
        Click("3"),
        Expect(f"Area 2 of 2: {area[1]}", shot="en-scores-card-2"),
        Click("6"),
        Expect("Is the next core group already booked?"),
        Say("skip"),
        Expect("Scores recorded for case CP/2026/0412", shot="en-scores-summary"),
    ]


async def test_browser_english_greeting_a_reflection_scores_and_a_reminder(
    page: PlaygroundPage, tmp_path: Path
) -> None:
    await page.run([Expect("Cymraeg neu English?", shot="en-welcome")])
    assert "Hello, I am Camau." in page.replies[0]
    await page.run([Click("English"), Expect("Camau menu", shot="en-menu")])

    await page.run(REFLECTION_EN)
    assert "Anything else?" in page.replies[-1]
    await page.run([Click("Menu"), Expect("Camau menu", shot="en-menu-again")])
    with closing(sqlite3.connect(tmp_path / "camau.db")) as db:
        saved = db.execute("SELECT sharing, how_it_went, components FROM reflection").fetchall()
    assert saved == [("shared", 7, "conversations,thresholds")]

    await page.run(scoring_en())
    summary = next(reply for reply in page.replies if "Scores recorded" in reply)
    assert "Home conditions 3 (first score)" in summary
    assert "Going to school 6 (first score)" in summary

    await arrange_reminder_now(tmp_path / "camau.db")
    await page.run(
        [
            Expect("Reminder: individual mentor session", shot="en-reminder"),
            Click("Confirm"),
            Updated("Confirmed", shot="en-reminder-confirmed"),
        ]
    )
    assert "Confirmed. See you on" in page.replies[-1]
    await page.finish()
    assert all(shot.stat().st_size > 10_000 for shot in page.shots)
