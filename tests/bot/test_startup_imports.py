"""Without a Telegram token, starting Camau does not import aiogram.

aiogram builds about 440 pydantic models on import (about 3 s of CPU here, more on a busy
machine), which every `camau serve`, `camau chat` and CLI command paid although Telegram is
off by default. The app and the CLI now import it only when `CAMAU_TELEGRAM_TOKEN` is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
{imports}
{then}
print(sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] == "aiogram"}}))
"""


def _aiogram_loaded(imports: str, then: str = "") -> bool:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CAMAU_TELEGRAM_TOKEN", None)
    code = PROBE.format(imports=imports, then=then)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1] == "['aiogram']"


@pytest.mark.parametrize(
    "imports", ["import camau.bot.app", "import camau.bot.cli", "import camau.bot.cli_serve"]
)
def test_starting_without_telegram_does_not_import_aiogram(imports: str) -> None:
    assert not _aiogram_loaded(imports)


def test_building_the_app_without_telegram_does_not_import_aiogram(tmp_path: Path) -> None:
    build = (
        "from camau.config import Settings\n"
        f"settings = Settings(database_url='sqlite+aiosqlite:///{tmp_path}/camau.db')\n"
        "create_app(settings, start_sender=False)"
    )
    assert not _aiogram_loaded("from camau.bot.app import create_app", build)


def test_building_the_app_with_telegram_imports_it(tmp_path: Path) -> None:
    """The probe can see aiogram when it is used (so the tests above would notice it)."""
    build = (
        "from camau.config import Settings\n"
        f"settings = Settings(database_url='sqlite+aiosqlite:///{tmp_path}/camau.db',"
        " telegram_token='123:abc')\n"
        "create_app(settings, start_sender=False)"
    )
    assert _aiogram_loaded("from camau.bot.app import create_app", build)
