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


OPEN = {"cy": "Agor", "en": "Open"}
REFLECT = {
    "cy": ("myfyrio", "hepgor", "fy myfyrdodau"),
    "en": ("reflect", "skip", "my reflections"),
}
KEEP = {"cy": "Ei gadw'n breifat", "en": "Keep it private"}


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [found for item in node for found in _actions(item)]
    if not isinstance(node, dict):
        return []
    if str(node.get("type", "")).startswith("Action."):
        return [node]
    return [found for value in node.values() for found in _actions(value)]


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_layout_my_reflections_are_card_rows_with_a_short_button(
    bot: BotHarness, language: str
) -> None:
    from tests.e2e.test_card_answers import button, click

    alex = bot.conversation("teams-alex", aad_object_id=ALEX_AAD)
    await alex.say(WORDS[language][0])
    reflect, skip, mine = REFLECT[language]
    await alex.say(reflect)
    replies = await alex.say("Home visit for case CP-2026-0001.")
    for _ in range(12):
        if any(a.get("title") == KEEP[language] for r in replies for a in _actions(r.attachments)):
            break
        replies = await alex.say(skip)
    sharing = next(r for r in replies if r.attachments)
    await click(alex, button(sharing, KEEP[language]))
    alex.new_replies()

    listing = next(r for r in await alex.say(mine) if r.attachments)
    content = listing.attachments[0]["content"]
    rows = next(item for item in content["body"] if item.get("type") == "Container")["items"]
    assert [item["type"] for item in rows] == ["TextBlock", "TextBlock", "ActionSet"]
    title, subtitle = rows[0]["text"], rows[1]["text"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", title)
    assert "·" in subtitle
    titles = [a["title"] for a in _actions(content)]
    assert OPEN[language] in titles
    assert all(len(t) <= 32 for t in titles)  # no label cut mid-word

    await click(alex, button(listing, OPEN[language]))
    assert "Home visit for case CP-2026-0001." in "\n".join(texts(alex.new_replies()))
