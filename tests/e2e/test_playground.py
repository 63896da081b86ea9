"""`camau serve` as a real process, driven by the Microsoft 365 Agents Playground (msteams).

The playground signs in as Alex Wilber (demo team, no language yet). Without Node/npm the
tests skip with the reason; in CI (`CI=true`) they fail instead.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession

from tests.support.cli import CAMAU, camau_env, seed_demo_database
from tests.support.playground import (
    Playground,
    PlaygroundUnavailable,
    Service,
    card_texts,
    ensure_installed,
    free_port,
    playground_env,
    wait_http,
)


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    try:
        binary = await asyncio.to_thread(ensure_installed)
    except PlaygroundUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Agents Playground unavailable in CI: {exc}")
        pytest.skip(f"Agents Playground unavailable: {exc}")
    env = camau_env(tmp_path / "camau.db")
    await asyncio.to_thread(seed_demo_database, env, tmp_path)
    bot_port = free_port()
    bot = Service.start("camau", [CAMAU, "serve", "--port", str(bot_port)], env=env, cwd=tmp_path)
    services = [bot]
    client: Playground | None = None
    try:
        async with ClientSession() as http:
            await wait_http(http, f"http://127.0.0.1:{bot_port}/healthz", bot, limit=30)
            endpoint = f"http://127.0.0.1:{bot_port}/api/messages"
            tester = Service.start(
                "playground",
                [str(binary), "-e", endpoint, "-c", "msteams", "-p", str(free_port()), "--dt"],
                env=playground_env(tmp_path),
                cwd=tmp_path,
            )
            services.append(tester)
            port = (await tester.wait_for_output(r"Listening on (\d+)", limit=30)).group(1)
            base = f"http://127.0.0.1:{port}"
            await wait_http(http, f"{base}/_internal/v1/config", tester, limit=15)
            client = await Playground(base, http).connect()
            yield client
            await client.close()
            client = None
    finally:
        if client is not None:
            await client.close()
        for service in reversed(services):
            service.stop()


async def test_playground_welsh_first_then_menu_in_welsh_by_card(playground: Playground) -> None:
    await playground.say("helo")
    question = await playground.wait_for_text("Cymraeg neu English?")
    assert [t for t in card_texts(question) if t in ("Cymraeg", "English")] == [
        "Cymraeg",
        "English",
    ]

    mark = len(playground.received)
    await playground.click(question, "Cymraeg")
    menu = await playground.wait_for_text("Dewislen Camau", after=mark)
    assert "Camau menu" not in card_texts(menu)

    mark = len(playground.received)
    await playground.say("language")
    again = await playground.wait_for_text("Cymraeg neu English?", after=mark)

    mark = len(playground.received)
    await playground.click(again, "English")
    await playground.wait_for_text("Anything else?", after=mark)


async def test_playground_language_by_typing(playground: Playground) -> None:
    await playground.say("hi")
    await playground.wait_for_text("Cymraeg neu English?")

    mark = len(playground.received)
    await playground.say("Cymraeg")
    await playground.wait_for_text("Dewislen Camau", after=mark)

    mark = len(playground.received)
    await playground.say("language")
    await playground.wait_for_text("Cymraeg neu English?", after=mark)

    mark = len(playground.received)
    await playground.say("English")
    await playground.wait_for_text("Anything else?", after=mark)
