"""The import contracts in `.importlinter` (run by `make lint`) hold, and catch a bad import.

Each case copies the `camau` sources to a temporary folder, adds one import that breaks a layer,
and runs the real `lint-imports` on the copy: the contract that the import breaks must fail and
name the offending line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _copy(tmp_path: Path) -> Path:
    """The camau sources (Python files only) and the import contracts, under `tmp_path`."""
    shutil.copytree(
        ROOT / "camau",
        tmp_path / "camau",
        ignore=shutil.ignore_patterns("__pycache__", "locales", "cards", "versions"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _add_import(where: Path, module: str, line: str) -> None:
    path = where / Path(*module.split(".")).with_suffix(".py")
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("from __future__ import annotations\n")
    assert sep, f"{module} has no `from __future__` line to add an import after"
    path.write_text(f"{head}{sep}{line}  # noqa\n{rest}", encoding="utf-8")


def test_layers_contracts_are_kept_by_the_sources(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "shown"),
    [
        (
            "camau.storage.people",
            "import camau.services.people",
            "Layers of the tree",
            "camau.storage.people -> camau.services.people",
        ),
        (
            "camau.services.outbox",
            "import camau.conversation.menu",
            "Layers of the tree",
            "camau.services.outbox -> camau.conversation.menu",
        ),
        (
            "camau.conversation.menu",
            "import camau.storage.people",
            "Conversations reach data only through services",
            "camau.conversation.menu -> camau.storage.people",
        ),
        (
            "camau.dialogs.guard",
            "from camau.storage.codec import register",
            "Conversations reach data only through services",
            "camau.dialogs.guard -> camau.storage.codec",
        ),
        (
            "camau.practice.hours",
            "import camau.i18n",
            "Pure rules import only pure rules",
            "camau.practice.hours -> camau.i18n",
        ),
        (
            "camau.practice.cadence",
            "import sqlalchemy",
            "Pure rules import only pure rules",
            "camau.practice.cadence -> sqlalchemy",
        ),
        (
            "camau.services.people",
            "import aiohttp",
            "Use cases know nothing of HTTP",
            "camau.services.people -> aiohttp",
        ),
        (
            "camau.dialogs.guard",
            "import camau.reflection.dialogs.texts",
            "Layers of the tree",
            "camau.dialogs.guard -> camau.reflection.dialogs.texts",
        ),
        (
            "camau.steps.services.cases",
            "import camau.reflection.services.reflections",
            "Layers of the tree",
            "camau.steps.services.cases -> camau.reflection.services.reflections",
        ),
        (
            "camau.reflection.repository",
            "import camau.reflection.services.reflections",
            "Layers inside each feature",
            "camau.reflection.repository -> camau.reflection.services.reflections",
        ),
        (
            "camau.sessions.tables",
            "import camau.sessions.dialogs.texts",
            "Layers inside each feature",
            "camau.sessions.tables -> camau.sessions.dialogs.texts",
        ),
        (
            "camau.steps.dialogs.pick",
            "import camau.steps.repository",
            "Conversations reach data only through services",
            "camau.steps.dialogs.pick -> camau.steps.repository",
        ),
        (
            "camau.team.rules",
            "import camau.i18n",
            "Pure rules import only pure rules",
            "camau.team.rules -> camau.i18n",
        ),
        (
            "camau.steps.services.scores",
            "import microsoft_agents.activity",
            "Use cases know nothing of HTTP",
            "camau.steps.services.scores -> microsoft_agents",
        ),
    ],
    ids=[
        "storage-up",
        "services-up",
        "dialogs-storage",
        "dialogs-codec",
        "practice-i18n",
        "practice-io",
        "svc-http",
        "toolkit-to-feature",
        "feature-beside",
        "feature-repo-up",
        "feature-tables-up",
        "feature-dialogs-repo",
        "feature-rules-i18n",
        "feature-svc-sdk",
    ],
)
def test_layers_contract_catches_a_bad_import(
    tmp_path: Path, module: str, line: str, contract: str, shown: str
) -> None:
    where = _copy(tmp_path)
    _add_import(where, module, line)
    result = _lint(where)
    assert result.returncode != 0, result.stdout
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(row.startswith(contract) for row in broken), result.stdout
    assert shown in result.stdout, result.stdout


def test_no_import_is_let_through_any_contract() -> None:
    """The dialogs' codec breach is gone: features declare their state types and the edge
    registers them, so no contract carries an `ignore_imports` allow-list."""
    text = (ROOT / ".importlinter").read_text(encoding="utf-8")
    assert "ignore_imports" not in text


def test_every_feature_package_is_under_the_contracts() -> None:
    """A new feature package (one with a `feature.py`) is checked like the others: it sits in a
    row of the tree's layers and in the containers of the per-feature layers (reports and
    retention are there too, with no conversation of their own)."""
    import configparser

    contracts = configparser.ConfigParser()
    contracts.read(ROOT / ".importlinter", encoding="utf-8")
    rows = contracts["importlinter:contract:layers"]["layers"]
    in_rows = {
        name.strip() for row in rows.splitlines() for name in row.replace(":", "|").split("|")
    }
    containers = set(contracts["importlinter:contract:feature-layers"]["containers"].split())
    packages = {f"camau.{path.parent.name}" for path in (ROOT / "camau").glob("*/feature.py")}
    packages -= {"camau.dialogs"}  # the toolkit, where `Feature` itself is defined
    assert len(packages) >= 6, packages
    assert packages <= in_rows, packages - in_rows
    assert packages <= containers, packages - containers
