"""The Agents Playground page in Debian's Chromium (headless), driven step by step from a test.

`browser_driver.js` (Playwright core from npm, in `.node/`; never a downloaded browser) opens the
page and takes one step at a time; between steps a test can do anything else (enqueue a notice,
read the database). A flow is a list of steps:

    await page.run([Say("helo"), Expect("Cymraeg neu English?"), Click("Cymraeg"), ...])

Each `Expect` saves a screenshot under `artifacts/screenshots/<name>/` (git-ignored). A card
answered with `Action.Execute` changes in place instead of adding a message: `Updated` waits for
that (a message shown before the last Say/Click changing to contain the text).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.npm import MODULES, node, npm_package

PLAYWRIGHT = "playwright-core@1.65.1"
CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path(__file__).with_name("browser_driver.js")
STEP_LIMIT = 60.0  # seconds; the driver itself gives up on a step after 20
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@dataclass(frozen=True)
class Say:
    """Type `text` in the compose box and send it."""

    text: str


@dataclass(frozen=True)
class Click:
    """Click the newest card button titled `title`."""

    title: str


@dataclass(frozen=True)
class Fill:
    """Type `text` into the newest card's input labelled `label`."""

    label: str
    text: str


@dataclass(frozen=True)
class Check:
    """Tick the newest card's checkbox (or radio button) labelled `label`."""

    label: str


@dataclass(frozen=True)
class Expect:
    """Wait for a bot message containing `text` (since the last Say/Click); screenshot it."""

    text: str
    shot: str = ""


@dataclass(frozen=True)
class Updated:
    """Wait for a bot message shown before the last Say/Click to change in place to contain
    `text` (a card updated by its Action.Execute), with no new bot message; screenshot it."""

    text: str
    shot: str = ""


Step = Say | Click | Fill | Check | Expect | Updated


def _command(step: Step) -> dict[str, str]:
    match step:
        case Say(text):
            return {"say": text}
        case Click(title):
            return {"click": title}
        case Fill(label, text):
            return {"fill": label, "text": text}
        case Check(label):
            return {"check": label}
        case Expect(text, shot):
            return {"expect": text, "shot": shot or _slug(text)}
        case Updated(text, shot):
            return {"updated": text, "shot": shot or _slug(text)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "step"


def unavailable_reason() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if shutil.which("node") is None:
        return "Node.js is not installed"
    return None


@dataclass
class PlaygroundPage:
    """The Playground page open in Chromium; `replies` is what the last step left on screen."""

    process: asyncio.subprocess.Process
    shots: list[Path] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)

    async def _exchange(self, command: dict[str, str]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        async with asyncio.timeout(STEP_LIMIT):
            line = await self.process.stdout.readline()
        if not line:
            raise AssertionError(f"browser driver exited ({self.process.returncode}) at {command}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def step(self, step: Step) -> list[str]:
        """Take one step; the bot messages since the last Say/Click, as the page shows them."""
        answer = await self._exchange(_command(step))
        self.replies = [str(text) for text in answer.get("replies", [])]
        if answer.get("shot"):
            self.shots.append(Path(answer["shot"]))
        if not answer["ok"]:
            raise AssertionError(
                f"{step} failed: {answer['error']}; bot messages since: {self.replies}; "
                f"page errors: {answer.get('pageErrors')}; screenshot {answer.get('shot')}"
            )
        return self.replies

    async def run(self, steps: Sequence[Step]) -> None:
        for step in steps:
            await self.step(step)

    async def finish(self) -> list[str]:
        """Close the browser; the origins it was stopped from reaching."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        line = await self.process.stdout.readline()
        await self.process.wait()
        answer = json.loads(line) if line else {}
        return [str(origin) for origin in answer.get("blocked", [])]


@asynccontextmanager
async def open_playground(url: str, name: str, profile: Path) -> AsyncIterator[PlaygroundPage]:
    """Open `url` in a fresh headless Chromium profile; screenshots go to SCREENSHOTS/name."""
    npm_package(PLAYWRIGHT, "playwright-core")
    shots = SCREENSHOTS / name
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    process = await asyncio.create_subprocess_exec(
        node(),
        str(DRIVER),
        url,
        str(shots),
        str(profile),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "NODE_PATH": str(MODULES)},
    )
    page = PlaygroundPage(process)
    try:
        yield page
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
