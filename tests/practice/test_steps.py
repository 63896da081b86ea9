"""Steps to change rules: references, scores, trends, next dates, nudge plans, chart data, CSV."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau.practice.calendar import is_working_day, working_days_between
from camau.practice.steps import (
    DOWN,
    DUE,
    OVERDUE,
    SAME,
    SECOND,
    UP,
    Point,
    StepsRuleError,
    arrow,
    chart_series,
    check_reference,
    csv_bytes,
    next_core_group,
    next_review,
    not_moved,
    parse_score,
    plan_nudges,
    scoring_state,
    working_days_before,
)

dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2035, 12, 31))


@pytest.mark.parametrize("reference", ["CP/2026/0412", "ABC-123", "12345", "a1"])
def test_check_reference_accepts_case_system_shapes(reference: str) -> None:
    assert check_reference(f"  {reference} ") == reference


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ("Smith", "no_digit"),
        ("JonesFamily", "no_digit"),
        ("Kelly Smith 1", "shape"),
        ("x", "shape"),
        ("CP_12", "shape"),
        ("A" * 41 + "1", "shape"),
        ("12/03/2019", "identifier"),
        ("07700900123", "identifier"),
        ("Sarah2026", "identifier"),  # failed before: accepted
        ("CP/2026/Sian", "identifier"),  # failed before: accepted
        ("CF10-3AT", "identifier"),  # failed before: accepted
        ("cf103at", "identifier"),
    ],
)
def test_check_reference_refuses_names_and_identifiers(reference: str, code: str) -> None:
    with pytest.raises(StepsRuleError) as raised:
        check_reference(reference)
    assert raised.value.code == code


@pytest.mark.parametrize(("text", "score"), [("1", 1), (" 10 ", 10), ("0", None), ("11", None)])
def test_parse_score_accepts_one_to_ten_only(text: str, score: int | None) -> None:
    assert parse_score(text) == score


def test_arrow_shows_up_down_and_no_change() -> None:
    assert (arrow(3, 5), arrow(5, 3), arrow(4, 4), arrow(None, 4)) == (UP, DOWN, SAME, "")


def test_not_moved_needs_three_equal_scores_in_a_row() -> None:
    assert not_moved([2, 5, 5, 5])
    assert not not_moved([5, 5])
    assert not not_moved([5, 5, 6])


def test_working_days_before_skips_easter() -> None:
    # Easter Monday 29 March 2027; Good Friday 26 March.
    assert working_days_before(date(2027, 3, 30), 1) == date(2027, 3, 25)
    assert working_days_before(date(2027, 3, 30), 2) == date(2027, 3, 24)


def test_next_core_group_uses_a_booking_after_the_last_scored() -> None:
    initial = date(2026, 12, 18)
    assert next_core_group(initial, [], None) == date(2027, 1, 6)
    assert next_core_group(initial, [date(2027, 1, 4)], None) == date(2027, 2, 15)
    assert next_core_group(initial, [date(2027, 1, 4)], date(2027, 2, 10)) == date(2027, 2, 10)
    assert next_core_group(initial, [date(2027, 2, 10)], date(2027, 2, 10)) == date(2027, 3, 24)


def test_next_review_after_a_held_review_is_six_months_on() -> None:
    assert next_review(date(2026, 12, 18), None) == date(2027, 3, 18)
    assert next_review(date(2026, 12, 18), date(2027, 3, 17)) == date(2027, 9, 17)


def test_plan_nudges_before_the_second_core_group_adds_a_reminder() -> None:
    plan = plan_nudges(date(2026, 12, 18), [date(2027, 1, 4)], None, date(2027, 1, 5))
    assert [(n.kind, n.core_group, n.on, n.ordinal) for n in plan] == [
        (SECOND, date(2027, 2, 15), date(2027, 2, 11), 2),
        (DUE, date(2027, 2, 15), date(2027, 2, 16), 2),
        (OVERDUE, date(2027, 2, 15), date(2027, 2, 22), 2),
    ]


def test_plan_nudges_long_past_core_group_sends_only_overdue() -> None:
    plan = plan_nudges(date(2026, 1, 5), [], None, date(2026, 6, 1))
    assert [n.kind for n in plan] == [OVERDUE]


@given(dates, st.lists(st.integers(1, 60), max_size=4), st.integers(0, 200))
def test_plan_nudges_properties(initial: date, gaps: list[int], later: int) -> None:
    scored: list[date] = []
    day = initial
    for gap in gaps:
        day = date.fromordinal(day.toordinal() + gap)
        scored.append(day)
    today = date.fromordinal(initial.toordinal() + later)
    plan = plan_nudges(initial, scored, None, today)
    group = next_core_group(initial, scored, None)
    assert plan and all(n.core_group == group for n in plan)
    assert all(is_working_day(n.on) for n in plan)
    kinds = {n.kind: n for n in plan}
    assert OVERDUE in kinds and working_days_between(group, kinds[OVERDUE].on) == 5
    if DUE in kinds:
        assert working_days_between(group, kinds[DUE].on) == 1
    if SECOND in kinds:
        assert len(scored) == 1 and working_days_between(kinds[SECOND].on, group) == 2
    assert len(kinds) == len(plan)  # one nudge of each kind per core group


@given(dates, dates)
def test_scoring_state_moves_from_due_to_overdue(group: date, today: date) -> None:
    state = scoring_state(group, today)
    days = working_days_between(group, today)
    assert state == (OVERDUE if days >= 5 else DUE if days >= 1 else None)


def test_chart_series_orders_points_and_keeps_family_view_apart() -> None:
    a, b = date(2027, 1, 4), date(2027, 2, 15)
    series = chart_series([("Home", [Point(b, 5), Point(a, 3, 4)]), ("Unscored", [])])
    assert len(series) == 1
    home = series[0]
    assert (home.dates, home.scores) == ((a, b), (3, 5))
    assert (home.family_dates, home.family_scores) == ((a,), (4,))


def test_csv_bytes_has_bom_and_defuses_formulas() -> None:
    data = csv_bytes(["Maes", "Sgôr"], [["=HYPERLINK(1)", 5], ["Amodau'r cartref", 3]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffMaes,Sgôr\r\n")
    assert "'=HYPERLINK(1),5" in text and "Amodau'r cartref,3" in text
