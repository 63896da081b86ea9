"""`camau report reflections|adherence|changes --as ADMIN --csv FILE [--chart FILE.png]`."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import matplotlib.image
import pytest
import typer
from typer.testing import CliRunner

from camau.bot import cli_report
from camau.services.audit import list_events
from camau.storage.engine import create_engine, session_factory
from tests.services.reports_seed import ADMIN, LABEL, NEXT_STEP, SECRET, seed
from tests.services.session_team import MENTOR

HEADERS = {
    "reflections": "Month,Worker,Reflections,Conversations,Thresholds,Change,Measure,"
    "Kept private,Shared,Brought to a session",
    "adherence": "Worker,Core group,Date passed,Scored on time,Scored late,Not scored,"
    "Waiting to be scored,% scored on time",
    "changes": "Row,Case reference,Area for change,Core group,Core group date,Score,"
    "Change since the first score,Areas",
}
WELSH_HEADERS = {
    "reflections": "Mis,Gweithiwr,Myfyrdodau,Sgyrsiau,Trothwyon,Newid,Mesur,"
    "Wedi'u cadw'n breifat,Rhannwyd,I'w trafod mewn sesiwn",
    "adherence": "Gweithiwr,Grŵp craidd,Dyddiad wedi bod,Wedi'u sgorio mewn pryd,"
    "Wedi'u sgorio'n hwyr,Heb eu sgorio,Yn aros i'w sgorio,% wedi'u sgorio mewn pryd",
    "changes": "Rhes,Cyfeirnod yr achos,Maes newid,Grŵp craidd,Dyddiad y grŵp craidd,Sgôr,"
    "Newid ers y sgôr cyntaf,Meysydd",
}


async def _seed(url: str) -> None:
    engine = create_engine(url)
    await seed(session_factory(engine))
    await engine.dispose()


async def _actions(url: str) -> list[tuple[str, str, bool]]:
    engine = create_engine(url)
    events = await list_events(session_factory(engine))
    await engine.dispose()
    return [(e.actor_email, e.action, e.allowed) for e in events if e.action.startswith("report.")]


@pytest.fixture
def cli(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    asyncio.run(_seed(migrated_sqlite_url))
    monkeypatch.setenv("CAMAU_DATABASE_URL", migrated_sqlite_url)
    app = typer.Typer()
    cli_report.register(app)
    return app


def _invoke(
    cli: typer.Typer, name: str, email: str, tmp_path: Path, *more: str
) -> tuple[int, Path, Path]:
    target, chart = tmp_path / f"{name}.csv", tmp_path / f"{name}.png"
    args = ["report", name, "--as", email, "--csv", str(target), "--chart", str(chart)]
    result = CliRunner().invoke(cli, [*args, *(more or ("--language", "en"))])
    return result.exit_code, target, chart


@pytest.mark.parametrize("name", sorted(WELSH_HEADERS))
def test_cli_report_csv_is_in_the_admins_own_language(
    cli: typer.Typer, tmp_path: Path, name: str
) -> None:
    code, target, _chart = _invoke(cli, name, ADMIN, tmp_path, "--chart", str(tmp_path / "x.png"))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert (code, lines[0]) == (0, WELSH_HEADERS[name])
    if name == "changes":
        assert lines[1].startswith("achos,ABC-1,maes 1,") and lines[-1].startswith("crynodeb,")
    else:
        assert "Pob gweithiwr" in lines[-1].split(",")


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_cli_report_writes_csv_and_a_png_that_decodes(
    cli: typer.Typer, tmp_path: Path, name: str
) -> None:
    code, target, chart = _invoke(cli, name, ADMIN, tmp_path)
    assert code == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == HEADERS[name]
    image = matplotlib.image.imread(chart)
    assert image.shape[0] > 100 and image.shape[1] > 100


def test_cli_report_adherence_rows_are_right(cli: typer.Typer, tmp_path: Path) -> None:
    _code, target, _chart = _invoke(cli, "adherence", ADMIN, tmp_path)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    total = [(r["Core group"], r["Date passed"], r["% scored on time"]) for r in rows[-2:]]
    assert total == [("1", "2", "50.0"), ("2", "2", "0.0")]


def test_cli_report_changes_rows_name_areas_by_position(cli: typer.Typer, tmp_path: Path) -> None:
    _code, target, _chart = _invoke(cli, "changes", ADMIN, tmp_path)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [
        (r["Case reference"], r["Area for change"], r["Change since the first score"])
        for r in rows[:2]
    ] == [
        ("ABC-1", "area 1", "+0"),
        ("ABC-1", "area 1", "+3"),
    ]


def test_cli_report_output_holds_no_reflective_text(cli: typer.Typer, tmp_path: Path) -> None:
    written = b""
    for name in HEADERS:
        _code, target, chart = _invoke(cli, name, ADMIN, tmp_path)
        written += target.read_bytes() + chart.read_bytes()
    for secret in (SECRET, LABEL, NEXT_STEP):
        assert secret.encode() not in written


def test_cli_report_refuses_a_non_admin_with_exit_1(
    cli: typer.Typer, tmp_path: Path, migrated_sqlite_url: str
) -> None:
    code, target, chart = _invoke(cli, "reflections", MENTOR, tmp_path)
    assert (code, target.exists(), chart.exists()) == (1, False, False)
    assert asyncio.run(_actions(migrated_sqlite_url)) == [(MENTOR, "report.reflections", False)]


def test_cli_report_refuses_someone_not_on_the_roster(cli: typer.Typer, tmp_path: Path) -> None:
    code, target, _chart = _invoke(cli, "changes", "nobody@elsewhere.example", tmp_path)
    assert (code, target.exists()) == (1, False)


def test_cli_report_audits_the_admin_once_per_report(
    cli: typer.Typer, tmp_path: Path, migrated_sqlite_url: str
) -> None:
    _invoke(cli, "changes", ADMIN, tmp_path)
    assert asyncio.run(_actions(migrated_sqlite_url)) == [(ADMIN, "report.changes", True)]
