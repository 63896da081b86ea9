"""The reflection feature's registration, texts and card, without a server."""

from __future__ import annotations

import pytest

from camau.conversation.features import FEATURES, commands
from camau.conversation.router import RESUME_DAYS
from camau.dialogs.guard import findings_text
from camau.dialogs.render import card
from camau.i18n import use_language
from camau.practice.privacy import find_identifiers
from camau.reflection.dialogs import CARDS
from camau.reflection.dialogs.reflect import ReflectionDialog
from camau.reflection.dialogs.texts import QUESTION_TEXT
from camau.reflection.rules import EXPIRES_AFTER, QUESTIONS


def test_reflection_expiry_is_the_routers_resume_days() -> None:
    assert EXPIRES_AFTER.days == RESUME_DAYS


def test_reflection_commands_start_it_in_both_languages() -> None:
    found = commands()
    assert found["reflect"] == found["myfyrio"] == ReflectionDialog.__name__
    assert found["summaries"] == found["crynodebau"]
    assert "reflection" in [f.name for f in FEATURES]


def test_reflection_every_question_has_wording() -> None:
    assert set(QUESTION_TEXT) == {q.id for q in QUESTIONS}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", ["- cod post: CF10 1AA", "- enw: Osian"]),
        ("en", ["- a postcode: CF10 1AA", "- a name: Osian"]),
    ],
)
def test_reflection_findings_text_names_kind_and_matched_text(
    language: str, expected: list[str]
) -> None:
    findings = find_identifiers("Roedd mam Osian yn poeni; maen nhw'n byw yn CF10 1AA.")
    with use_language(language):
        text = findings_text(findings)
    for line in expected:
        assert line in text


def test_reflection_components_card_fills_every_placeholder() -> None:
    filled = card(
        CARDS / "reflection_components.json",
        text="Which?",
        label="Components",
        choices=[{"title": "Sgyrsiau", "value": "conversations"}],
        actions=[],
    )
    assert "${" not in str(filled)
    assert filled["body"][1]["isMultiSelect"] is True
