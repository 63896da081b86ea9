"""Smoke and kill tests of benchmarks/delivery.py: real `camau serve` replicas deliver every
due message to a connector enforcing Teams' limits, none lost, none twice (except messages
leased to a replica killed with SIGKILL mid-delivery, which are counted).

The delivered rate is measured by the benchmark itself, never asserted here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_postgres

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.load  # `make load`, a CI step of its own (not in `make test`)

FINAL = re.compile(r"^delivery: \d+\.\d\d of ceiling, (\d+) 429s, (\d+) lost, (\d+) duplicated$")


def _run(*flags: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.delivery", "--quick", *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_benchmark_delivers_every_message_once(backend: str) -> None:
    flags = ["--backends", backend]
    if backend == "postgres":
        flags += ["--postgres", require_postgres()]
    code, out = _run(*flags)
    assert code == 0, out
    last = out.strip().splitlines()[-1]
    match = FINAL.match(last)
    assert match, out
    assert (match.group(2), match.group(3)) == ("0", "0"), out
    name = "sqlite, 1 replica" if backend == "sqlite" else "postgres, 2 replicas"
    assert re.search(rf"^{name}: 500 messages in \d+\.\ds, ", out, re.MULTILINE), out


def test_replica_killed_mid_delivery_loses_nothing() -> None:
    """SIGKILL twice mid-delivery, restarted each time: everything arrives at least once, and
    only messages leased to the killed replica may arrive twice."""
    code, out = _run("--postgres", require_postgres(), "--kill", "2")
    assert code == 0, out
    kills = re.search(r"leased to the killed replica at the kills: (\d+), duplicated: (\d+)", out)
    assert kills, out
    assert int(kills.group(2)) <= int(kills.group(1)), out
    match = FINAL.match(out.strip().splitlines()[-1])
    assert match and match.group(2) == "0", out
