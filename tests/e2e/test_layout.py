"""Message layout in Teams over real HTTP: Teams joins lines kept apart by a single line break,
so no text (nor card TextBlock) is sent with one; lines become paragraphs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import ALEX_AAD
from tests.support.bot import BotHarness
from tests.support.connector import Sent

LONE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")
WORDS = {
    "cy": ("Cymraeg", "cymorth", "gosodiadau"),
    "en": ("English", "help", "settings"),
}


def texts(replies: list[Sent]) -> list[str]:
    found = [reply.text for reply in replies if reply.text]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for reply in replies:
        walk(reply.attachments)
    return found


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_layout_no_multi_line_text_is_sent_as_one_line_in_teams(
    bot: BotHarness, language: str
) -> None:
    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    choice, help_word, settings_word = WORDS[language]
    sent = [*await alex.say(choice), *await alex.say(help_word), *await alex.say(settings_word)]
    multi_line = [text for text in texts(sent) if "\n" in text]
    assert multi_line, "help and settings have several lines"
    assert [text for text in multi_line if LONE_BREAK.search(text)] == []
