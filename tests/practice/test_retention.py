"""Retention cut-offs: each kind's period counted back from now; programme sessions kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from camau.practice.retention import Periods, cutoffs, periods_problem, session_cutoff

NOW = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
DEFAULTS = Periods(closed_cases=365, reflections=730, sent_messages=90, audit=2555)


def test_cutoffs_count_each_period_back_from_now() -> None:
    cut = cutoffs(NOW, DEFAULTS, None)
    assert cut.closed_cases == NOW - timedelta(days=365)
    assert cut.reflections == cut.sessions == NOW - timedelta(days=730)
    assert cut.messages == NOW - timedelta(days=90)
    assert cut.messages_deleted == cut.audit == NOW - timedelta(days=2555)
    assert cut.invites == NOW - timedelta(days=1)
    assert cut.pending_files == NOW


def test_cutoffs_refuse_a_naive_now() -> None:
    with pytest.raises(ValueError):
        cutoffs(NOW.replace(tzinfo=None), DEFAULTS, None)


def test_session_cutoff_keeps_a_programme_that_ended_less_than_a_period_ago() -> None:
    programme = (date(2024, 9, 1), date(2025, 8, 31))
    cut = session_cutoff(NOW, 730, programme)
    assert cut < datetime(2024, 9, 1, tzinfo=UTC)
    assert cut > datetime(2024, 8, 31, 23, 59, tzinfo=UTC)


def test_session_cutoff_ignores_a_programme_that_ended_long_enough_ago() -> None:
    programme = (date(2023, 9, 1), date(2025, 5, 31))
    assert session_cutoff(NOW, 730, programme) == NOW - timedelta(days=730)


def test_session_cutoff_ignores_a_programme_that_starts_after_it() -> None:
    programme = (date(2026, 9, 1), date(2027, 8, 31))
    assert session_cutoff(NOW, 730, programme) == NOW - timedelta(days=730)


def test_periods_problem_accepts_the_defaults() -> None:
    assert periods_problem(DEFAULTS) is None


def test_periods_problem_refuses_less_than_a_day() -> None:
    problem = periods_problem(Periods(closed_cases=0, reflections=1, sent_messages=1, audit=1))
    assert problem is not None and "closed_cases" in problem


def test_periods_problem_refuses_an_audit_log_shorter_than_another_period() -> None:
    problem = periods_problem(
        Periods(closed_cases=365, reflections=730, sent_messages=90, audit=400)
    )
    assert problem is not None and "730" in problem
