"""The reflection's question set and the pure rules around it."""

from __future__ import annotations

import pytest

from camau.reflection.rules import (
    BY_ID,
    EXPIRES_AFTER,
    QUESTIONS,
    RESUME_AFTER,
    Component,
    Kind,
    Stage,
    components_touched,
    cut,
    estimated_seconds,
    parse_components,
)


def test_questions_have_unique_ids_in_kolb_order() -> None:
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    core = [q for q in QUESTIONS if not q.optional]
    order = [Stage.EXPERIENCE, Stage.REFLECTION, Stage.ANALYSIS, Stage.ACTION]
    stages = [order.index(q.stage) for q in core]
    assert stages == sorted(stages)
    assert {q.stage for q in core} == set(order)


def test_questions_serve_conversations_thresholds_and_change() -> None:
    served = {c for q in QUESTIONS for c in q.components}
    assert {Component.CONVERSATIONS, Component.THRESHOLDS, Component.CHANGE} <= served
    assert BY_ID["decision"].components == (Component.THRESHOLDS,)


def test_questions_optional_ones_are_the_scale_and_the_components() -> None:
    optional = {q.id: q.kind for q in QUESTIONS if q.optional}
    assert optional == {"how_it_went": Kind.SCALE, "components": Kind.COMPONENTS}


def test_estimated_seconds_is_about_three_minutes() -> None:
    assert 120 <= estimated_seconds() <= 180


def test_resume_is_offered_after_half_an_hour_and_expires_after_seven_days() -> None:
    assert RESUME_AFTER.total_seconds() == 30 * 60
    assert EXPIRES_AFTER.days == 7


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 3", (Component.CONVERSATIONS, Component.CHANGE)),
        ("3,1", (Component.CONVERSATIONS, Component.CHANGE)),
        ("Sgyrsiau a Threshold", (Component.CONVERSATIONS, Component.THRESHOLDS)),
        ("sgyrsiau a newid", (Component.CONVERSATIONS, Component.CHANGE)),
        ("Thresholds and Measure", (Component.THRESHOLDS, Component.MEASURE)),
        ("trothwyon", (Component.THRESHOLDS,)),
        ("conversations,change", (Component.CONVERSATIONS, Component.CHANGE)),
        ("5", None),
        ("", None),
        ("banana", None),
    ],
)
def test_parse_components_reads_numbers_and_names_in_both_languages(
    typed: str, expected: tuple[Component, ...] | None
) -> None:
    assert parse_components(typed) == expected


def test_components_touched_prefers_the_persons_choice() -> None:
    assert components_touched({"decision"}, (Component.MEASURE,)) == (Component.MEASURE,)


def test_components_touched_falls_back_to_the_answered_questions() -> None:
    touched = components_touched({"decision", "what_happened"}, None)
    assert touched == (Component.CONVERSATIONS, Component.THRESHOLDS)


def test_cut_keeps_two_sentences() -> None:
    text = "First one.  Second one!   Third one? Fourth."
    assert cut(text) == "First one. Second one! …"


def test_cut_shortens_a_long_sentence_at_a_word() -> None:
    short = cut("word " * 100, limit=40)
    assert len(short) <= 40 and short.endswith("…")
    assert " wor…" not in short


def test_cut_leaves_short_text_alone() -> None:
    assert cut("Calm visit.") == "Calm visit."
