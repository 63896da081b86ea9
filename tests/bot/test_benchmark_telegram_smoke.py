"""Smoke test of benchmarks/telegram_delivery.py: it runs and prints its rates and ratio.

Speed is measured in the benchmark itself, never asserted here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.load  # `make load`, a CI step of its own (not in `make test`)


def test_benchmark_telegram_delivery_prints_rates_and_ratio() -> None:
    """Run as the delivery benchmark's Telegram run: `benchmarks/delivery.py --telegram`."""
    done = subprocess.run(
        [sys.executable, "benchmarks/delivery.py", "--telegram", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert re.search(r"camau \(paced\)\s+\d+\.\d messages/s", out), out
    assert re.search(r"ratio camau/baseline throughput \d+\.\d\dx", out), out
    assert re.search(r"refused \(429/403\)\s+0$", out, re.MULTILINE), out
