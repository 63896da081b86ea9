"""The steps chart: every area across the core groups on a 1-10 scale, as PNG bytes in memory.

Areas are told apart by marker as well as colour; the family's own view is dashed; a labelled
line at 10 marks "good enough" (its label, and the legend, outside the plotting area, so
neither covers a point). Titles come in already translated (`ChartTexts`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from camau.practice.steps import MAX_SCORE, MIN_SCORE, Series

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")
COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 4.8, 100
MAX_LEGEND_LABEL = 40


@dataclass(frozen=True)
class ChartTexts:
    """The chart's words, in the person's language."""

    title: str
    y_label: str
    x_label: str
    good_enough: str
    family_suffix: str


def _short(label: str) -> str:
    return label if len(label) <= MAX_LEGEND_LABEL else label[: MAX_LEGEND_LABEL - 1] + "…"


def build_figure(series: Sequence[Series], texts: ChartTexts) -> Figure:
    """A figure with one line per area (and a dashed one for the family's view)."""
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    axes = figure.add_subplot()
    for index, area in enumerate(series):
        colour, marker = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        axes.plot(
            [mdates.date2num(d) for d in area.dates],
            list(area.scores),
            marker=marker,
            color=colour,
            linewidth=2,
            markersize=8,
            label=_short(area.label),
        )
        if area.family_scores:
            axes.plot(
                [mdates.date2num(d) for d in area.family_dates],
                list(area.family_scores),
                marker=marker,
                color=colour,
                linestyle="--",
                linewidth=1.5,
                markersize=6,
                markerfacecolor="white",
                label=f"{_short(area.label)} {texts.family_suffix}",
            )
    axes.axhline(MAX_SCORE, color="#2E7D32", linewidth=1.5, linestyle=":")
    # The label sits outside the plotting area, at the end of its line: it never covers a 10.
    axes.annotate(
        texts.good_enough,
        xy=(1.0, MAX_SCORE),
        xycoords=("axes fraction", "data"),
        xytext=(4, 0),
        textcoords="offset points",
        color="#2E7D32",
        fontsize=9,
        ha="left",
        va="center",
        annotation_clip=False,
    )
    axes.set_ylim(MIN_SCORE - 0.5, MAX_SCORE + 0.9)
    axes.set_yticks(range(MIN_SCORE, MAX_SCORE + 1))
    axes.set_title(texts.title)
    axes.set_ylabel(texts.y_label)
    axes.set_xlabel(texts.x_label)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%y"))
    all_dates = sorted({d for area in series for d in area.dates})
    if all_dates:
        axes.set_xticks([mdates.date2num(d) for d in all_dates])
    axes.grid(axis="y", alpha=0.3)
    if series:  # outside the plotting area, on the right below the label: it covers no point
        axes.legend(loc="lower left", bbox_to_anchor=(1.01, 0.0), borderaxespad=0.0, fontsize=8)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_png(series: Sequence[Series], texts: ChartTexts) -> bytes:
    return png(build_figure(series, texts))
