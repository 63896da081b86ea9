"""`make chat` as a newcomer types it: with and without `AS=` (GNU Make itself defines `AS`,
the assembler, so a plain `$(AS)` is never empty)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import camau_env

REPO = Path(__file__).resolve().parents[2]


def make_chat(tmp_path: Path, *args: str) -> str:
    if shutil.which("make") is None:
        pytest.fail("GNU Make is needed for `make chat`")
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "chat", *args],
        input="menu\n",
        env=camau_env(tmp_path / "camau.db", COLUMNS="200"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_make_chat_without_as_talks_as_alex(tmp_path: Path) -> None:
    said = make_chat(tmp_path)
    assert "--as as" not in said
    assert "Cymraeg neu English?" in said  # Alex, the demo worker with no language yet


def test_make_chat_with_as_talks_as_that_person(tmp_path: Path) -> None:
    said = make_chat(tmp_path, "AS=tom.davies@demo.camau.cymru")
    assert "Camau menu" in said  # Tom's language is English
