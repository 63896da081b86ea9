"""Charts of the project lead's reports as PNG bytes (matplotlib Agg), in English for operators.

Every series differs by marker and line style as well as colour; bars differ by hatching; the
PNG carries its alt text in the `Description` metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from camau.reports.rules import ALL, AdherenceRow, ChangeRow, ReflectionRow

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000", "#56B4E9")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 1)), (0, (3, 1, 1, 1, 1, 1)))
HATCHES = ("//", "..")
SIZE, DPI = (9.0, 5.0), 100


def _png(figure: Figure, alt: str) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Description": alt, "Title": alt})
    return buffer.getvalue()


def _draw(
    axes: Axes,
    x: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    counts: bool = True,
) -> None:
    for n, (label, values) in enumerate(series):
        axes.plot(
            list(x),
            list(values),
            color=COLOURS[n % len(COLOURS)],
            marker=MARKERS[n % len(MARKERS)],
            linestyle=DASHES[n % len(DASHES)],
            linewidth=2,
            markersize=8,
            label=label,
        )
    axes.grid(axis="y", alpha=0.3)
    axes.yaxis.set_major_locator(MaxNLocator(integer=counts))
    if series:
        axes.legend(fontsize=8, framealpha=0.9)


def reflections_png(rows: Sequence[ReflectionRow]) -> bytes:
    """All workers' reflections per month: by component (top) and by sharing (bottom)."""
    totals = [r for r in rows if r.worker_name == ALL]
    months = [r.month for r in totals]
    figure = Figure(figsize=(SIZE[0], SIZE[1] * 1.6), dpi=DPI)
    top, bottom = figure.subplots(2, 1, sharex=True)
    _draw(
        top,
        months,
        [
            ("Conversations", [r.conversations for r in totals]),
            ("Thresholds", [r.thresholds for r in totals]),
            ("Change", [r.change for r in totals]),
            ("Measure", [r.measure for r in totals]),
        ],
    )
    top.set_title("Reflections per month touching each component, all workers")
    top.set_ylabel("Reflections")
    _draw(
        bottom,
        months,
        [
            ("Kept private", [r.kept_private for r in totals]),
            ("Shared with mentor", [r.shared for r in totals]),
            ("Brought to a session", [r.brought_to_session for r in totals]),
        ],
    )
    bottom.set_title("Reflections per month by what the worker did with them")
    bottom.set_ylabel("Reflections")
    bottom.set_xlabel("Month")
    alt = "Line charts of reflections per month by framework component and by sharing: " + (
        "; ".join(f"{r.month}: {r.reflections} reflections" for r in totals) or "none"
    )
    return _png(figure, alt)


def adherence_png(rows: Sequence[AdherenceRow]) -> bytes:
    """Percentage scored on time at the first and second core groups, per worker and total."""
    workers = list(dict.fromkeys(r.worker_name for r in rows))
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.add_subplot()
    width = 0.38
    for n, number in enumerate((1, 2)):
        values = [
            next(
                (
                    float(r.percent_on_time or 0)
                    for r in rows
                    if r.worker_name == w and r.core_group == number
                ),
                0.0,
            )
            for w in workers
        ]
        bars = axes.bar(
            [i + (n - 0.5) * width for i in range(len(workers))],
            values,
            width,
            color=COLOURS[n],
            hatch=HATCHES[n],
            edgecolor="black",
            label=f"Core group {number}",
        )
        axes.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8)
    axes.set_xticks(range(len(workers)), workers, rotation=20)
    axes.set_ylim(0, 105)
    axes.set_title("Scored within 5 working days of the core group")
    axes.set_ylabel("Scored on time (%)")
    axes.set_xlabel("Worker")
    axes.legend(fontsize=8)
    alt = "Bar chart of scoring on time: " + "; ".join(
        f"{r.worker_name} core group {r.core_group}: {r.percent_on_time or 'none'}%" for r in rows
    )
    return _png(figure, alt)


def changes_png(rows: Sequence[ChangeRow]) -> bytes:
    """The mean change in score since the first core group, by core-group number."""
    summary = [r for r in rows if r.kind == "summary"]
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.add_subplot()
    means = [float(r.change_since_first) for r in summary]
    _draw(
        axes,
        [str(r.core_group) for r in summary],
        [("Mean change, all areas", means)],
        counts=False,
    )
    axes.axhline(0, color="#555555", linewidth=1, linestyle="--")
    axes.set_title("Change in scores since the first core group")
    axes.set_ylabel("Mean change in score")
    axes.set_xlabel("Core group")
    alt = "Line chart of the mean change in score since the first core group: " + (
        "; ".join(f"core group {r.core_group}: {r.change_since_first}" for r in summary) or "none"
    )
    return _png(figure, alt)
