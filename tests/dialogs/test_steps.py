"""Steps to change as the person sees it: cards, nudges, summary, chart and CSV in cy and en."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from PIL import Image

import camau.steps.dialogs.steps  # noqa: F401  (registers the nudge renderers)
from camau.conversation.features import all_notices
from camau.i18n import use_language
from camau.practice.steps import Point, Series
from camau.steps.dialogs.chart import build_figure, chart_png
from camau.steps.dialogs.prompts import score_activity
from camau.steps.dialogs.render import chart_texts, day, export_csv, summary_text
from camau.steps.services.cases import AreaView, CaseView
from camau.steps.services.scores import History, ScoringResult, Trend
from tests.support.cards import accessibility_problems, validate

FIRST, SECOND = date(2027, 1, 4), date(2027, 2, 15)
CASE = CaseView(
    id=7,
    reference="CP/2026/0412",
    initial_conference=date(2026, 12, 18),
    closed=False,
    core_groups=(FIRST, SECOND),
    next_core_group=date(2027, 3, 25),
    next_core_group_booked=False,
    next_review=date(2027, 3, 18),
    last_review=None,
)
LONG = "Amodau'r cartref a diogelwch yn y gegin bob dydd / Home conditions and kitchen safety " * 2
PAYLOAD = {"case_id": 7, "reference": "CP/2026/0412", "core_group": "2027-02-15", "areas": 2}
KINDS = ("steps_due", "steps_second", "steps_overdue", "steps_stalled")


def _content(activity: Any) -> Any:
    return activity.attachments[0].content


def _cards(language: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    with use_language(language):
        for optional in (False, True):
            activity = score_activity("msteams", LONG, LONG, optional)
            found[f"score/{optional}/{language}"] = _content(activity)
    for kind in KINDS:
        [nudge] = all_notices().render(kind, PAYLOAD, language)
        found[f"{kind}/{language}"] = _content(nudge)
    return found


def test_steps_cards_render_without_errors_in_both_languages() -> None:
    cards = {**_cards("cy"), **_cards("en")}
    assert validate(cards) == {key: [] for key in cards}
    assert all(accessibility_problems(card) == [] for card in cards.values())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", "mae'n bryd sgorio'r camau ar gyfer y grŵp craidd ar 15 Chwefror 2027 (dydd Llun)"),
        ("en", "time to score the steps for the core group on Monday 15 February 2027"),
    ],
)
def test_steps_due_nudge_in_the_persons_language(language: str, expected: str) -> None:
    [nudge] = all_notices().render("steps_due", PAYLOAD, language)
    assert expected in str(_content(nudge)["body"][0]["text"])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", "dydy 2 o feysydd newid ddim wedi symud ers tri grŵp craidd"),
        ("en", "2 areas for change have not moved for three core groups"),
    ],
)
def test_steps_not_moved_note_counts_areas(language: str, expected: str) -> None:
    [note] = all_notices().render("steps_stalled", PAYLOAD, language)
    assert expected in str(_content(note)["body"][0]["text"])


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "cy",
            [
                "- Amodau'r cartref 3 → 5 ▲ (teulu: 6)",
                "- Ysgol 6 → 6 ■",
                "- Bwyd 4 (sgôr cyntaf)",
                "Grŵp craidd nesaf: i'w gynnal erbyn 25 Mawrth 2027 (dydd Iau)",
            ],
        ),
        (
            "en",
            [
                "- Amodau'r cartref 3 → 5 ▲ (family: 6)",
                "- Ysgol 6 → 6 ■",
                "- Bwyd 4 (first score)",
                "Next core group: due by Thursday 25 March 2027",
            ],
        ),
    ],
)
def test_steps_summary_shows_change_since_last_core_group(language: str, lines: list[str]) -> None:
    trends = (
        Trend(1, "Amodau'r cartref", 3, 5, 6),
        Trend(2, "Ysgol", 6, 6, None),
        Trend(3, "Bwyd", None, 4, None),
    )
    with use_language(language):
        text = summary_text(ScoringResult(CASE, SECOND, trends, ()))
    for line in lines:
        assert line in text.splitlines()


def test_steps_chart_figure_plots_the_points_and_good_enough_line() -> None:
    series = [
        Series("Home", (FIRST, SECOND), (3, 5), (FIRST,), (4,)),
        Series("School", (FIRST, SECOND), (6, 6), (), ()),
    ]
    with use_language("cy"):
        texts = chart_texts("CP/1")
        figure = build_figure(series, texts)
    axes = figure.axes[0]
    lines: list[Any] = list(axes.lines)
    plotted = [(line.get_label(), list(line.get_ydata()), line.get_linestyle()) for line in lines]
    assert plotted[:3] == [
        ("Home", [3, 5], "-"),
        ("Home (teulu)", [4], "--"),
        ("School", [6, 6], "-"),
    ]
    assert lines[0].get_marker() != lines[2].get_marker()
    assert list(lines[3].get_ydata()) == [10, 10]  # good enough
    assert axes.get_title() == "Camau tuag at newid: achos CP/1"
    assert [t.get_text() for t in axes.texts] == ["Digon da"]
    image = Image.open(io.BytesIO(chart_png(series, texts)))
    assert image.format == "PNG" and image.size == (800, 480)


@pytest.mark.parametrize(
    ("language", "header"), [("cy", "Cyfeirnod yr achos"), ("en", "Case reference")]
)
def test_steps_csv_export_has_a_row_per_area_and_core_group(language: str, header: str) -> None:
    history = History(
        CASE,
        (
            (AreaView(1, "Home", "Unsafe", "Safe", False), (Point(FIRST, 3, 4), Point(SECOND, 5))),
            (AreaView(2, "=cmd", "", "", True), ()),
        ),
    )
    with use_language(language):
        name, data = export_csv(history, {(1, FIRST): "Clean sink"})
    rows = data.decode("utf-8-sig").splitlines()
    assert name == "camau-CP-2026-0412.csv"
    assert rows[0].startswith(header)
    assert rows[1].endswith("2027-01-04,3,4,Clean sink") and rows[2].endswith("2027-02-15,5,,")
    assert rows[3].startswith("CP/2026/0412,'=cmd")


def test_steps_day_reads_after_a_preposition_in_welsh() -> None:
    with use_language("cy"):
        assert day(date(2027, 3, 25)) == "25 Mawrth 2027 (dydd Iau)"
    with use_language("en"):
        assert day(date(2027, 3, 25)) == "Thursday 25 March 2027"


def _boxes_overlap(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


@pytest.mark.parametrize("language", ["cy", "en"])
def test_steps_chart_legend_and_good_enough_label_cover_no_point(language: str) -> None:
    """Points where the legend and the label used to sit: low on the right, the family's 10 on
    the left. The legend sits outside the plotting area; no text covers a marker."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    third = date(2027, 4, 1)
    series = [
        Series("Amodau'r cartref", (FIRST, SECOND, third), (9, 2, 1), (FIRST,), (10,)),
        Series("Mynd i'r ysgol", (FIRST, SECOND, third), (10, 3, 1), (FIRST, third), (10, 2)),
        Series("Bwyd a dillad glân bob dydd", (FIRST, third), (5, 2), (), ()),
    ]
    with use_language(language):
        figure = build_figure(series, chart_texts("CP/1"))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend() or figure.legends[0]
    covers = [legend.get_window_extent(renderer)]
    covers += [text.get_window_extent(renderer) for text in axes.texts]
    plot_area = axes.get_window_extent(renderer)
    assert not _boxes_overlap(covers[0], plot_area), "the legend is outside the plotting area"
    for line in axes.lines:
        if not line.get_marker() or line.get_marker() == "None":
            continue
        radius = line.get_markersize() * figure.dpi / 72 / 2 + 1
        for x, y in axes.transData.transform(line.get_xydata()):
            marker = Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)
            for cover in covers:
                assert not _boxes_overlap(marker, cover), (line.get_label(), x, y, cover)
    assert not _boxes_overlap(covers[0], covers[1]), "the legend covers the 'good enough' label"
