"""`camau roster import`, `camau invite` and `camau demo` against a real SQLite file."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from camau.bot.cli import _register, app
from camau.services.clock import Clock
from camau.services.invites import Outcome, redeem
from camau.services.people import by_email
from camau.storage.engine import create_engine, session_factory

EXAMPLE = Path(__file__).parents[2] / "deploy" / "roster.example.csv"
HEADER = "name,email,roles,mentor_email,manager_email,language,aad_object_id,timezone,working_hours"


@pytest.fixture(scope="module", autouse=True)
def commands() -> None:
    _register()  # idempotent


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(app, ["db", "upgrade"], env={"CAMAU_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    return url


def camau(database: str, *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"CAMAU_DATABASE_URL": database})


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def names(database: str, *emails: str) -> list[str]:
    async def look() -> list[str]:
        engine = create_engine(database)
        try:
            db = session_factory(engine)
            return [(await by_email(db, email)).name for email in emails]
        finally:
            await engine.dispose()

    return asyncio.run(look())


def test_roster_import_loads_the_example_file_and_summarises(database: str) -> None:
    result = camau(database, "roster", "import", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "6 created, 0 updated, 0 unchanged, 0 deactivated" in result.output
    assert names(database, "GWENLLIAN.WYN@example.gov.wales") == ["Gwenllian Ŵyn"]


def test_roster_import_reads_a_bom_and_updates_on_reimport(database: str, tmp_path: Path) -> None:
    first = write(tmp_path, "\ufeffname,email,roles\nSiân Ŷr,sian@example.org,admin\n")
    assert camau(database, "roster", "import", first).exit_code == 0
    again = write(tmp_path, "name,email,roles\nSiân Ŷr-Lloyd,SIAN@example.org,admin\n", "2.csv")
    result = camau(database, "roster", "import", again)
    assert "0 created, 1 updated" in result.output
    assert names(database, "sian@example.org") == ["Siân Ŷr-Lloyd"]


def test_roster_import_stops_at_a_bad_line_and_changes_nothing(
    database: str, tmp_path: Path
) -> None:
    bad = write(
        tmp_path,
        f"{HEADER}\nElin Pryce,elin@example.org,worker,,,,,,\n"
        "Tom Davies,tom@example.org,worker;boss,,,,,,\n",
    )
    result = camau(database, "roster", "import", bad)
    assert result.exit_code == 1
    assert "line 3: roles: unknown role 'boss'" in result.output
    refused = camau(database, "invite", "elin@example.org")
    assert (refused.exit_code, "No one with the e-mail" in refused.output) == (1, True)


def test_roster_import_names_the_line_of_an_unknown_mentor(database: str, tmp_path: Path) -> None:
    bad = write(tmp_path, f"{HEADER}\nTom Davies,tom@example.org,worker,megan@example.org,,,,,\n")
    result = camau(database, "roster", "import", bad)
    assert result.exit_code == 1
    assert "line 2: mentor_email: megan@example.org is not on the roster" in result.output


def test_roster_import_deactivate_missing_counts_the_people_left_out(
    database: str, tmp_path: Path
) -> None:
    camau(database, "roster", "import", str(EXAMPLE))
    only_two = write(
        tmp_path,
        "name,email,roles\nMegan Rhys,megan.rhys@example.gov.wales,mentor\n"
        "Dafydd Morgan,dafydd.morgan@example.gov.wales,manager\n",
    )
    result = camau(database, "roster", "import", only_two, "--deactivate-missing")
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2 unchanged, 4 deactivated" in result.output
    refused = camau(database, "invite", "tom.davies@example.gov.wales")
    assert (refused.exit_code, "no longer active" in refused.output) == (1, True)


def test_invite_prints_the_code_alone_on_the_last_line(database: str) -> None:
    camau(database, "roster", "import", str(EXAMPLE))
    result = camau(database, "invite", "Megan.Rhys@example.gov.wales")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    code = lines[-1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert "expires in 7 days" in result.output
    assert f"join {code}" in result.output and f"ymuno {code}" in result.output

    async def use() -> Outcome:
        engine = create_engine(database)
        try:
            found = await redeem(
                session_factory(engine),
                Clock(),
                code=code,
                channel_id="console",
                user_id="me",
                conversation_key="console:me",
            )
            return found.outcome
        finally:
            await engine.dispose()

    assert asyncio.run(use()) is Outcome.LINKED


def test_invite_refuses_an_unknown_email(database: str) -> None:
    result = camau(database, "invite", "nobody@example.org")
    assert result.exit_code == 1
    assert "No one with the e-mail 'nobody@example.org'" in result.output


def test_demo_prints_the_team_and_can_run_again(database: str) -> None:
    first = camau(database, "demo")
    assert first.exit_code == 0, first.output
    for text in ("Megan Rhys", "Dafydd Morgan", "Alex Wilber", "mentor", "manager", "admin"):
        assert text in first.output
    second = camau(database, "demo")
    assert second.output == first.output
    emails = ("alex.wilber@demo.camau.cymru", "megan.rhys@demo.camau.cymru")
    assert names(database, *emails) == ["Alex Wilber", "Megan Rhys"]


def test_demo_on_a_new_database_migrates_first_and_shows_languages(tmp_path: Path) -> None:
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    result = camau(fresh, "demo")
    assert result.exit_code == 0, result.output
    assert "camau db upgrade" not in result.output
    assert "Language" in result.output
    alex = next(line for line in result.output.splitlines() if "Alex Wilber" in line)
    megan = next(line for line in result.output.splitlines() if "Megan Rhys" in line)
    dafydd = next(line for line in result.output.splitlines() if "Dafydd Morgan" in line)
    assert "Cymraeg" in megan and "English" in dafydd
    assert "asked at first contact" in alex


def test_db_upgrade_says_in_words_that_the_database_is_up_to_date(tmp_path: Path) -> None:
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    first = camau(fresh, "db", "upgrade")
    assert first.exit_code == 0, first.output
    assert "Database up to date" in first.output
    assert "revision" not in first.output.lower().split("(")[0]
    again = camau(fresh, "db", "upgrade")
    assert "Database up to date" in again.output
