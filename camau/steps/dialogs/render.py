"""What steps to change says: dates, case lines, the trend summary, the chart and its numbers."""

from __future__ import annotations

import base64
import re
from datetime import date

from microsoft_agents.activity import Activity, ActivityTypes, Attachment

from camau.dialogs.dates_text import day_text, short_day_text
from camau.dialogs.render import text_activity
from camau.i18n import _
from camau.practice.steps import chart_series, csv_bytes
from camau.steps.dialogs.chart import ChartTexts, chart_png
from camau.steps.services.cases import CaseView
from camau.steps.services.scores import History, ScoringResult

IMAGE_TYPE = "image/png"
CSV_TYPE = "text/csv"
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def day(d: date) -> str:
    """A date in words (see `camau.dialogs.dates_text`)."""
    return day_text(d)


def short_day(d: date) -> str:
    return short_day_text(d)


def next_dates(case: CaseView) -> list[str]:
    """The next core group (booked or due) and the next review conference."""
    if case.next_core_group_booked:
        group = _("Next core group: booked for {date}").format(date=day(case.next_core_group))
    else:
        group = _("Next core group: due by {date}").format(date=day(case.next_core_group))
    review = _("Next review conference: due by {date}").format(date=day(case.next_review))
    return [group, review]


def case_line(case: CaseView) -> str:
    """One line per case for the list."""
    return _("{reference}: next core group {date}").format(
        reference=case.reference, date=short_day(case.next_core_group)
    )


def summary_text(result: ScoringResult) -> str:
    """Each area's change since the last core group, then the dates that come next."""
    lines = [
        _("Scores recorded for case {reference}, core group on {date}:").format(
            reference=result.case.reference, date=day(result.held_on)
        )
    ]
    for trend in result.trends:
        if trend.previous is None:
            line = _("- {label} {score} (first score)").format(
                label=trend.label, score=trend.current
            )
        else:
            line = f"- {trend.label} {trend.previous} → {trend.current} {trend.arrow}"
        if trend.family is not None:
            line += " " + _("(family: {score})").format(score=trend.family)
        lines.append(line)
    lines += ["", *next_dates(result.case)]
    if result.not_moved:
        lines += [
            "",
            _("Not moved for three core groups: {areas}. Is something getting in the way?").format(
                areas=", ".join(result.not_moved)
            ),
        ]
    return "\n".join(lines)


def _safe_name(reference: str) -> str:
    return _UNSAFE.sub("-", reference).strip("-") or "case"


def chart_texts(reference: str) -> ChartTexts:
    return ChartTexts(
        title=_("Steps to change: case {reference}").format(reference=reference),
        y_label=_("Score (10: care is now good enough)"),
        x_label=_("Core group"),
        good_enough=_("Good enough"),
        family_suffix=_("(family)"),
    )


def numbers_text(history: History) -> str:
    """The chart's numbers, as text: each area's scores by core group."""
    lines = [
        _("The numbers in the chart, case {reference}:").format(reference=history.case.reference)
    ]
    for area, points in history.areas:
        if not points:
            continue
        scores = ", ".join(f"{short_day(p.held_on)}: {p.score}" for p in points)
        status = " " + _("(achieved)") if area.achieved else ""
        lines.append(f"- {area.label}{status}: {scores}")
        family = [p for p in points if p.family is not None]
        if family:
            view = ", ".join(f"{short_day(p.held_on)}: {p.family}" for p in family)
            lines.append("  " + _("family's view: {scores}").format(scores=view))
    return "\n".join(lines)


def chart_activities(history: History) -> list[Activity]:
    """The chart inline as a PNG image (with alt text), then the same numbers as text."""
    series = chart_series((area.label, points) for area, points in history.areas)
    if not series:
        return [text_activity(_("There are no scores to draw yet."))]
    data = chart_png(series, chart_texts(history.case.reference))
    alt = _("Chart of the step scores for case {reference}, every area by core group").format(
        reference=history.case.reference
    )
    image = Activity(
        type=ActivityTypes.message,
        text=alt,
        attachments=[
            Attachment(
                content_type=IMAGE_TYPE,
                content_url=f"data:{IMAGE_TYPE};base64,{base64.b64encode(data).decode('ascii')}",
                name=f"camau-{_safe_name(history.case.reference)}.png",
            )
        ],
    )
    return [image, text_activity(numbers_text(history))]


def export_csv(history: History, next_steps: dict[tuple[int, date], str]) -> tuple[str, bytes]:
    """The case's areas and scores as CSV for the case file: (file name, bytes)."""
    header = [
        _("Case reference"),
        _("Area for change"),
        _("What is not good enough now"),
        _("What good enough would look like"),
        _("Achieved"),
        _("Core group date"),
        _("Score"),
        _("Family's score"),
        _("One step higher"),
    ]
    rows: list[list[object]] = []
    for area, points in history.areas:
        achieved = _("yes") if area.achieved else _("no")
        base: list[object] = [
            history.case.reference,
            area.label,
            area.not_good_enough,
            area.good_enough,
            achieved,
        ]
        if not points:
            rows.append([*base, "", "", "", ""])
        for p in points:
            note = next_steps.get((area.id, p.held_on), "")
            rows.append([*base, p.held_on.isoformat(), p.score, p.family or "", note])
    name = f"camau-{_safe_name(history.case.reference)}.csv"
    return name, csv_bytes(header, rows)
