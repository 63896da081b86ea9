"""Steps to change: case references, scores, trends, the next dates and the nudges they bring.

Scores run from 1 to 10, where 10 means care is now good enough. A case's next core group is the
booked date when one is booked, else the latest date the procedures allow (`cadence`). Nudges are
planned from that date in working days: the working day after it ("score the steps"), five
working days after it (overdue) and, before the second core group only, two working days before.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from camau.practice.answers import normalise as normalise_answer
from camau.practice.answers import parse_number
from camau.practice.cadence import (
    first_core_group_due,
    first_review_due,
    next_core_group_due,
    next_review_due,
)
from camau.practice.calendar import add_working_days, is_working_day
from camau.practice.csv_cells import cell
from camau.practice.first_names import FIRST_NAMES
from camau.practice.privacy import find_identifiers

MIN_SCORE: Final = 1
MAX_SCORE: Final = 10
STALLED_GROUPS: Final = 3
DUE_AFTER: Final = 1
OVERDUE_AFTER: Final = 5
SECOND_BEFORE: Final = 2

DUE: Final = "due"
SECOND: Final = "second"
OVERDUE: Final = "overdue"
STALLED: Final = "stalled"
UP: Final = "▲"
DOWN: Final = "▼"
SAME: Final = "■"

_REFERENCE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{1,39}$")
_POSTCODE_RUN: Final = re.compile(r"[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}")


class StepsRuleError(ValueError):
    """Input breaks a steps rule; `code` says which (for the person's message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_reference(text: str) -> str:
    """The case reference, trimmed; StepsRuleError(shape|no_digit|identifier) otherwise."""
    reference = text.strip()
    if not _REFERENCE.fullmatch(reference):
        raise StepsRuleError("shape")
    if not any(c.isdigit() for c in reference):
        raise StepsRuleError("no_digit")  # a word on its own may be a name
    if find_identifiers(reference) or _names_or_postcode(reference):
        raise StepsRuleError("identifier")
    return reference


_OUT_OF_TEN: Final = re.compile(
    r"^(?P<score>.+?)(?:\s+(?:o|allan o|out of|of)\s+(?:10|ddeg|deg|ten))?$"
)


def _names_or_postcode(reference: str) -> bool:
    """A first name among the reference's letters (`Sarah2026`, `CP/2026/Sian`), or a postcode
    written with a separator or none (`CF10-3AT`, `cf103at`)."""
    letters = [chunk.lower() for chunk in re.findall(r"[^\W\d_]+", reference)]
    if any(len(chunk) >= 3 and chunk in FIRST_NAMES for chunk in letters):
        return True
    return (
        any(
            finding.kind == "postcode"
            for finding in find_identifiers(re.sub(r"[/-]", " ", reference))
        )
        or _POSTCODE_RUN.fullmatch(reference) is not None
    )


def parse_score(text: str) -> int | None:
    """A whole number from 1 to 10 ("7", "7/10", "7 o 10", "saith", "seven"), or None."""
    said = normalise_answer(text.replace("/", " o "))
    match = _OUT_OF_TEN.match(said)
    score = parse_number(match["score"]) if match else None
    return score if score is not None and MIN_SCORE <= score <= MAX_SCORE else None


def valid_score(score: int | None) -> bool:
    return score is not None and MIN_SCORE <= score <= MAX_SCORE


def arrow(previous: int | None, current: int) -> str:
    """▲ up, ▼ down, ■ no change; empty for a first score."""
    if previous is None:
        return ""
    if current > previous:
        return UP
    return DOWN if current < previous else SAME


def not_moved(scores: Sequence[int]) -> bool:
    """True when the last three core groups gave the same score."""
    last = list(scores)[-STALLED_GROUPS:]
    return len(last) == STALLED_GROUPS and len(set(last)) == 1


def working_days_before(d: date, n: int) -> date:
    """The n-th working day before d."""
    while n > 0:
        d -= timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def next_core_group(initial: date, scored: Sequence[date], booked: date | None) -> date:
    """The next core group: the booked date if it is after the last scored one, else the due."""
    last = max(scored) if scored else None
    if booked is not None and (last is None or booked > last):
        return booked
    return first_core_group_due(initial) if last is None else next_core_group_due(last)


def next_review(initial: date, last_review: date | None) -> date:
    """When the next review conference is due."""
    return first_review_due(initial) if last_review is None else next_review_due(last_review)


@dataclass(frozen=True)
class Nudge:
    """A nudge about the core group on `core_group`, to arrive on `on`."""

    kind: str
    core_group: date
    on: date
    ordinal: int


def plan_nudges(
    initial: date, scored: Sequence[date], booked: date | None, today: date
) -> list[Nudge]:
    """The nudges still worth sending for the next core group (none already past)."""
    group = next_core_group(initial, scored, booked)
    ordinal = len(scored) + 1
    due = add_working_days(group, DUE_AFTER)
    overdue = add_working_days(group, OVERDUE_AFTER)
    planned: list[Nudge] = []
    if ordinal == 2 and group >= today:
        planned.append(Nudge(SECOND, group, working_days_before(group, SECOND_BEFORE), ordinal))
    if overdue > today:
        planned.append(Nudge(DUE, group, due, ordinal))
    planned.append(Nudge(OVERDUE, group, overdue, ordinal))
    return planned


def scoring_state(group: date, today: date) -> str | None:
    """Whether an unscored core group on `group` is due (to score) or overdue, as of today."""
    if today >= add_working_days(group, OVERDUE_AFTER):
        return OVERDUE
    if today >= add_working_days(group, DUE_AFTER):
        return DUE
    return None


@dataclass(frozen=True)
class Point:
    """One area's score at one core group, with the family's own score if given."""

    held_on: date
    score: int
    family: int | None = None


@dataclass(frozen=True)
class Series:
    """One area across the core groups, as the chart draws it."""

    label: str
    dates: tuple[date, ...]
    scores: tuple[int, ...]
    family_dates: tuple[date, ...]
    family_scores: tuple[int, ...]


def chart_series(areas: Iterable[tuple[str, Sequence[Point]]]) -> list[Series]:
    """Each area with points, in date order; the family's view only where it was given."""
    series: list[Series] = []
    for label, points in areas:
        ordered = sorted(points, key=lambda p: p.held_on)
        if not ordered:
            continue
        family = [p for p in ordered if p.family is not None]
        series.append(
            Series(
                label=label,
                dates=tuple(p.held_on for p in ordered),
                scores=tuple(p.score for p in ordered),
                family_dates=tuple(p.held_on for p in family),
                family_scores=tuple(p.family for p in family if p.family is not None),
            )
        )
    return series


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV (with a BOM, so spreadsheets read Welsh letters) from a header and rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
