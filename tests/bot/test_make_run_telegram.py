"""`make run` (scripts/run_with_playground.sh) says how to add a Telegram bot token."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_with_playground.sh"


def run_script(tmp_path: Path, **env: str) -> str:
    """The script's output, with `camau` standing in as `true` and no Node.js on PATH."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "dirname", "sed", "head", "tail", "seq", "sleep", "mkdir", "true"):
        found = shutil.which(tool)
        assert found is not None, tool
        (tools / tool).symlink_to(found)
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        env={"PATH": str(tools), "CAMAU": str(tools / "true"), **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_says_how_to_add_a_telegram_token(tmp_path: Path) -> None:
    out = run_script(tmp_path)
    assert "@BotFather" in out and "CAMAU_TELEGRAM_TOKEN=" in out


def test_make_run_says_how_to_link_a_phone_when_a_token_is_set(tmp_path: Path) -> None:
    out = run_script(tmp_path, CAMAU_TELEGRAM_TOKEN="123456789:TEST-token")
    assert "invite" in out and "t.me" in out and "@BotFather" not in out
    assert "123456789:TEST-token" not in out  # the token is never printed
