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
        ("oes", "yes"),
        ("nac ydy", "no"),
        ("hoffwn", "yes"),
        ("na fydd", "no"),
        ("ie, diolch", "yes"),
        ("na, dim diolch", "no"),
        ("dim diolch", "no"),
        ("yes please", "yes"),
        ("no thanks", "no"),
    ],
)
def test_match_choice_understands_yes_and_no_in_welsh_and_english(said: str, meant: str) -> None:
    assert match_choice(said, OPTIONS) == meant


@pytest.mark.parametrize("said", ["", "maybe", "efallai", "3", "0"])
def test_match_choice_refuses_what_is_not_an_answer(said: str) -> None:
    assert match_choice(said, OPTIONS) is None


def test_match_choice_reads_verb_echo_answers_for_any_yes_no_question() -> None:
    resume = [{"value": "yes", "title": "Ydw, parhau"}, {"value": "no", "title": "Nac ydw"}]
    assert (match_choice("ydw", resume), match_choice("nac ydw, diolch", resume)) == ("yes", "no")
