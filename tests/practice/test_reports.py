"""Pure rules of the project lead's reports."""

from __future__ import annotations

import csv
import io
from datetime import date

from camau.reports import rules as r

MON = date(2026, 11, 2)


def _case(held: tuple[tuple[date, date], ...] = (), closed_on: date | None = None) -> r.CaseGroups:
    return r.CaseGroups("Tom", date(2026, 9, 7), None, held, closed_on)


def test_adherence_outcome_is_none_before_the_date_has_passed() -> None:
    assert r.adherence_outcome(MON, None, MON) is None


def test_adherence_outcome_on_time_on_the_fifth_working_day() -> None:
    assert r.adherence_outcome(MON, date(2026, 11, 9), date(2026, 11, 20)) == r.ON_TIME


def test_adherence_outcome_late_on_the_sixth_working_day() -> None:
    assert r.adherence_outcome(MON, date(2026, 11, 10), date(2026, 11, 20)) == r.LATE


def test_adherence_outcome_pending_inside_the_five_days() -> None:
    assert r.adherence_outcome(MON, None, date(2026, 11, 5)) == r.PENDING


def test_adherence_outcome_missed_after_the_five_days() -> None:
    assert r.adherence_outcome(MON, None, date(2026, 11, 10)) == r.MISSED


def test_adherence_outcome_counts_bank_holidays_out() -> None:
    christmas_eve = date(2026, 12, 24)  # Thu; 25, 28 and 1 Jan are holidays
    assert r.adherence_outcome(christmas_eve, date(2027, 1, 5), date(2027, 1, 8)) == r.ON_TIME


def test_group_date_first_is_ten_working_days_after_the_conference() -> None:
    assert r.group_date(_case(), 1) == date(2026, 9, 21)


def test_group_date_second_follows_the_held_first() -> None:
    case = _case(((date(2026, 9, 21), date(2026, 9, 21)),))
    assert r.group_date(case, 2) == date(2026, 11, 2)


def test_group_date_uses_a_booked_date() -> None:
    case = r.CaseGroups("Tom", date(2026, 9, 7), date(2026, 9, 18), ())
    assert r.group_date(case, 1) == date(2026, 9, 18)


def test_case_outcome_ignores_groups_after_the_case_closed() -> None:
    case = _case(closed_on=date(2026, 9, 15))
    assert r.case_outcome(case, 1, date(2026, 11, 27)) is None


def test_adherence_rows_percent_leaves_pending_out() -> None:
    on_time = _case(((date(2026, 9, 21), date(2026, 9, 22)),))
    pending = r.CaseGroups("Tom", date(2026, 11, 9), None, ())  # first due 23 Nov
    rows = r.adherence_rows([on_time, pending], date(2026, 11, 25))
    first = rows[0]
    assert (first.passed, first.on_time, first.pending, first.percent_on_time) == (2, 1, 1, "100.0")


def test_adherence_rows_percent_empty_when_nothing_settled() -> None:
    rows = r.adherence_rows([], date(2026, 11, 25))
    assert [(x.worker_name, x.passed, x.percent_on_time) for x in rows] == [
        (r.ALL, 0, ""),
        (r.ALL, 0, ""),
    ]


def test_reflection_rows_count_each_component_a_reflection_touches() -> None:
    facts = [r.ReflectionFact(MON, "Tom", ("conversations", "measure"), "bring")]
    row = r.reflection_rows(facts)[0]
    assert (row.conversations, row.measure, row.thresholds, row.brought_to_session) == (1, 1, 0, 1)


def test_reflection_rows_end_each_month_with_a_total() -> None:
    facts = [
        r.ReflectionFact(MON, "Tom", (), "private"),
        r.ReflectionFact(MON, "Elin", (), "shared"),
    ]
    rows = r.reflection_rows(facts)
    assert [(x.worker_name, x.reflections) for x in rows] == [("Elin", 1), ("Tom", 1), (r.ALL, 2)]


def test_change_rows_number_core_groups_per_case_for_an_area_added_later() -> None:
    points = [
        r.ScorePoint(1, "C-1", 0, date(2026, 9, 21), 2),
        r.ScorePoint(1, "C-1", 0, date(2026, 10, 30), 4),
        r.ScorePoint(1, "C-1", 1, date(2026, 10, 30), 7),
    ]
    rows = r.change_rows(points)
    later = next(x for x in rows if x.area == "area 2")
    assert (later.core_group, later.change_since_first) == (2, "+0")


def test_change_rows_summary_is_the_mean_change() -> None:
    points = [
        r.ScorePoint(1, "C-1", 0, date(2026, 9, 21), 2),
        r.ScorePoint(1, "C-1", 0, date(2026, 10, 30), 5),
        r.ScorePoint(2, "C-2", 0, date(2026, 9, 22), 6),
        r.ScorePoint(2, "C-2", 0, date(2026, 10, 31), 6),
    ]
    summary = [x for x in r.change_rows(points) if x.kind == "summary"]
    assert [(x.core_group, x.change_since_first, x.areas) for x in summary] == [
        (1, "+0.00", 2),
        (2, "+1.50", 2),
    ]


def test_to_csv_quotes_formula_text_but_not_signed_numbers() -> None:
    row = r.ChangeRow("case", "=cmd()", "area 1", 1, "2026-09-21", "3", "-1", 1)
    parsed = list(csv.reader(io.StringIO(r.to_csv([row], r.ChangeRow))))
    assert parsed[0][:3] == ["kind", "reference", "area"]
    assert (parsed[1][1], parsed[1][6]) == ("'=cmd()", "-1")
