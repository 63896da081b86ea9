"""`scripts/run_with_playground.sh` (what `make run` calls): the bot, plus the Agents Playground
when Node.js is present, both stopped together.

Needs Node.js and the Playground (installed into .node/ by tests.support.playground); without
them the Playground test skips with the reason, and fails in CI (`CI=true`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from camau.services.demo import PLAYGROUND_OBJECT_ID
from tests.support.cli import CAMAU, camau_env, seed_demo_database
from tests.support.playground import PlaygroundUnavailable, ensure_installed, free_port

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "run_with_playground.sh"
# What the script needs on PATH besides node and npm.
TOOLS = ("bash", "dirname", "sed", "head", "tail", "seq", "sleep", "mkdir")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status) == 200
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A migrated demo database in `tmp_path` and free ports for the bot and the Playground."""
    env = camau_env(
        tmp_path / "camau.db",
        CAMAU=CAMAU,
        CAMAU_PORT=str(free_port()),
        PLAYGROUND_PORT=str(free_port()),
        PLAYGROUND_LOGS=str(tmp_path / "logs"),
    )
    seed_demo_database(env)
    return env


@contextmanager
def _running(env: dict[str, str], output: Path) -> Iterator[subprocess.Popen[str]]:
    """The script running with `env`, its output in `output`; killed if still running after."""
    with output.open("w") as out:
        process = subprocess.Popen(
            [str(SCRIPT)], env=env, stdout=out, stderr=subprocess.STDOUT, text=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _wait(condition: Callable[[], bool], what: str, output: Path, limit: float = 40.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} in {limit} s; output:\n{output.read_text()[-2000:]}")
        time.sleep(0.2)


def test_make_run_starts_bot_and_playground_then_stops_both(
    env: dict[str, str], tmp_path: Path
) -> None:
    try:
        ensure_installed()
    except PlaygroundUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Agents Playground unavailable in CI: {exc}")
        pytest.skip(f"Agents Playground unavailable: {exc}")
    output = tmp_path / "run.out"
    bot = f"http://127.0.0.1:{env['CAMAU_PORT']}/healthz"
    address = f"http://127.0.0.1:{env['PLAYGROUND_PORT']}"
    with _running(env, output) as process:
        _check_both_then_stop(process, output, bot, address)


def _check_both_then_stop(
    process: subprocess.Popen[str], output: Path, bot: str, address: str
) -> None:
    _wait(lambda: _answers(bot), "bot /healthz", output)
    _wait(lambda: address in output.read_text(), "Playground address", output)
    with urllib.request.urlopen(f"{address}/_internal/v1/config", timeout=5) as response:
        user = json.load(response)["config"]["currentUser"]
    assert (user["name"], user["aadObjectId"]) == ("Alex Wilber", PLAYGROUND_OBJECT_ID)
    time.sleep(1.0)  # anything the bot still had to say at start-up
    printed = output.read_text()
    assert re.search(rf"open {re.escape(address)} in your browser", printed)
    assert "Alex Wilber" in printed
    # The address comes last, after the bot's start-up lines, which are few and plain.
    assert printed.index("Camau on http") < printed.index(f"open {address}")
    assert printed.rstrip().endswith("in your browser")
    assert "Connections Map" not in printed
    assert "Context impl" not in printed
    children = _children(process.pid)
    assert len(children) == 2

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 143
    assert not any(_alive(pid) for pid in children)
    assert not _answers(bot)
    assert not _answers(f"{address}/_internal/v1/config")


def test_make_run_without_node_says_how_to_chat(env: dict[str, str], tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found is not None, tool
        (tools / tool).symlink_to(found)
    output = tmp_path / "run.out"
    bot = f"http://127.0.0.1:{env['CAMAU_PORT']}/healthz"
    with _running({**env, "PATH": str(tools)}, output) as process:
        _wait(lambda: _answers(bot), "bot /healthz", output)
        # The script prints its hint just after it sees the bot's port open: wait for it.
        _wait(lambda: "make chat" in output.read_text(), "the hint to chat", output)
        printed = output.read_text()
        assert "Node.js is not installed" in printed
        assert "make chat" in printed
        assert not _answers(f"http://127.0.0.1:{env['PLAYGROUND_PORT']}/")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 143
        assert not _answers(bot)
