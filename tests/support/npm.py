"""npm packages the tests use (schemas, the Adaptive Cards renderer), kept in `.node/`.

`.node/` is git-ignored. A missing package is installed with npm when npm exists; otherwise the
test is skipped with the reason, except in CI (`CI=true`), where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFIX = ROOT / ".node"
MODULES = PREFIX / "node_modules"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def npm_package(spec: str, name: str) -> Path:
    """The installed package `name` (installing `spec` with npm if needed)."""
    folder = MODULES / name
    if (folder / "package.json").exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        _unavailable(f"npm package {spec} is not in .node/ and npm is not installed")
    result = subprocess.run(
        [str(npm), "install", "--no-audit", "--no-fund", "--prefix", str(PREFIX), spec],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not (folder / "package.json").exists():
        _unavailable(f"npm install {spec} failed: {result.stderr.strip()[-500:]}")
    return folder


def node() -> str:
    """The node executable (skip, or fail in CI, without it)."""
    found = shutil.which("node")
    if found is None:
        _unavailable("Node.js is not installed")
    assert found is not None
    return found
