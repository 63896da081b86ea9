"""Session cards (reminder buttons, reason, brief, digest table) pass the real renderer, cy and en."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from camau.dialogs.render import card
from camau.i18n import use_language
from camau.sessions.dialogs import CARDS
from camau.sessions.dialogs.reminder_cards import answer_activity, reason_card, reminder_actions
from camau.team.dialogs.digest import digest_card
from camau.team.rules import WorkerFacts, build_digest
from tests.support.cards import accessibility_problems, validate

LONG = "Ystafell gyfarfod 2, Tŷ Penallta, Ystrad Mynach / Meeting room 2 " * 3
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _samples() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for language in ("cy", "en"):
        with use_language(language):
            reminder = answer_activity("msteams", "Nodyn atgoffa", LONG, 12)
            found[f"reminder/{language}"] = reminder.attachments[0].content
            found[f"reason/{language}"] = reason_card(12, "Megan Rhys", LONG, None)
            found[f"reason_findings/{language}"] = reason_card(12, "Megan Rhys", LONG, LONG)
            found[f"answered/{language}"] = card(
                CARDS / "session_card.json", title="OK", text=LONG, actions=[]
            )
            rows = [
                WorkerFacts(i, f"Gweithiwr {i} {LONG[:30]}", i % 4, NOW, 1, i, 2, i % 2)
                for i in range(1, 9)
            ]
            found[f"digest/{language}"] = digest_card(build_digest(rows, 3, NOW), "Europe/London")
    return found


SAMPLES = _samples()


@pytest.fixture(scope="module")
def report() -> dict[str, list[str]]:
    return validate(SAMPLES)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_session_card_renders_without_errors_or_warnings(
    report: dict[str, list[str]], key: str
) -> None:
    assert report[key] == []


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_session_card_inputs_have_labels(key: str) -> None:
    assert accessibility_problems(SAMPLES[key]) == []


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("cy", ["Cadarnhau", "Methu dod", "Nes ymlaen"]),
        ("en", ["Confirm", "Can't make it", "Later"]),
    ],
)
def test_reminder_buttons_execute_with_a_submit_fallback(language: str, titles: list[str]) -> None:
    with use_language(language):
        actions = reminder_actions(12)
    assert [a["title"] for a in actions] == titles
    assert all(a["type"] == "Action.Execute" and a["data"] == {"session_id": 12} for a in actions)
    assert [a["fallback"]["data"]["camau"] for a in actions] == [
        "confirm session",
        "can't make it",
        "later",
    ]


@pytest.mark.parametrize(
    ("language", "word"), [("cy", "cadarnhau sesiwn"), ("en", "confirm session")]
)
def test_reminder_elsewhere_is_text_with_suggested_words(language: str, word: str) -> None:
    with use_language(language):
        activity = answer_activity("telegram", "T", "text", 12)
    assert activity.suggested_actions is not None
    assert activity.suggested_actions.actions[0].value == word
    assert not activity.attachments
