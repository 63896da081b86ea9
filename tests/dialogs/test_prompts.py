"""Choices typed in either language, by number, title or synonym."""

from __future__ import annotations

import pytest

from camau.dialogs.prompts import YES_NO, match_choice

OPTIONS = [
    {"value": "yes", "title": "Ie", "synonyms": YES_NO["yes"]},
    {"value": "no", "title": "Na", "synonyms": YES_NO["no"]},
]


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("Do", "yes"),
        ("ydw", "yes"),
        ("Yes!", "yes"),
        ("1", "yes"),
        ("naddo", "no"),
        ("No.", "no"),
        ("2", "no"),
        ("hepgor", "no"),
        ("skip", "no"),
        ("gorffen", "no"),
    ],
)
def test_match_choice_understands_yes_and_no_in_welsh_and_english(said: str, meant: str) -> None:
    assert match_choice(said, OPTIONS) == meant


@pytest.mark.parametrize("said", ["", "maybe", "efallai", "3", "0"])
def test_match_choice_refuses_what_is_not_an_answer(said: str) -> None:
    assert match_choice(said, OPTIONS) is None
