"""Smoke test of benchmarks/turns.py: it runs end to end and prints its tables and ratios.

Speed is measured in the benchmark itself, never asserted here.
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


def _run_benchmark(*flags: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.turns", "--quick", *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_benchmark_turns_prints_ratio_per_level() -> None:
    out = _run_benchmark()
    for level in (1, 4):
        assert re.search(
            rf"ratio camau-sqlite/baseline at {level}: throughput \d+\.\d\dx, "
            rf"p50 latency \d+\.\d\dx",
            out,
        ), out
    assert re.search(r"^  baseline\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d$", out, re.MULTILINE), out
    assert "failed turns: 0" in out
    assert "WARNING" not in out


def test_benchmark_turns_runs_camau_on_postgres_too() -> None:
    out = _run_benchmark("--levels", "2", "--postgres", require_postgres())
    assert re.search(r"ratio camau-postgres/baseline at 2: throughput \d+\.\d\dx", out), out
    assert re.search(r"ratio camau-sqlite/baseline at 2: throughput \d+\.\d\dx", out), out
    assert "failed turns: 0" in out
