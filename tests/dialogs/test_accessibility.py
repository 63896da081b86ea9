"""Every image Camau sends has alt text and the same facts as text (WCAG 2.2 AA), in cy and en.

The only images are the steps chart (an image attachment) and any `Image` on a card (checked
for `altText` by tests/dialogs/test_cards.py, and turned into a named photo on Telegram).
"""

from __future__ import annotations

from datetime import date

import pytest
from microsoft_agents.activity import Activity

from camau.dialogs.channels import for_telegram
from camau.dialogs.render import card_activity
from camau.i18n import use_language
from camau.practice.steps import Point, chart_series
from camau.steps.dialogs.chart import MARKERS, build_figure
from camau.steps.dialogs.render import chart_activities, chart_texts, short_day
from camau.steps.services.cases import AreaView, CaseView
from camau.steps.services.scores import History
from tests.support.card_samples import activities

REFERENCE = "CP/2026-0412/ABERTAWE-GORLLEWIN/0000-123"
GROUPS = (date(2027, 1, 4), date(2027, 2, 15), date(2027, 3, 25))
CASE = CaseView(
    id=7,
    reference=REFERENCE,
    initial_conference=date(2026, 12, 18),
    closed=False,
    core_groups=GROUPS,
    next_core_group=date(2027, 5, 6),
    next_core_group_booked=False,
    next_review=date(2027, 6, 17),
    last_review=None,
)
LABELS = ["Amodau'r cartref / Home conditions", "Mynd i'r ysgol / School", "Yfed / Drinking"]
SCORES = [(3, 5, 7), (6, 6, 6), (2, 1, 4)]
ALT = {"cy": "Siart o sgorau", "en": "Chart of the step scores"}


def history(areas: int = 3) -> History:
    rows = []
    for i in range(areas):
        label, scores = LABELS[i % 3] + f" {i}", SCORES[i % 3]
        points = tuple(
            Point(held_on, score, family=score - 1 if i == 0 else None)
            for held_on, score in zip(GROUPS, scores, strict=True)
        )
        rows.append((AreaView(i + 1, label, "not yet", "good enough", i == 2), points))
    return History(CASE, tuple(rows))


def chart(language: str, areas: int = 3) -> list[Activity]:
    with use_language(language):
        return chart_activities(history(areas))


def images(activity: Activity) -> list[str]:
    """The names of the activity's image attachments."""
    return [
        str(a.name or "")
        for a in activity.attachments or []
        if str(a.content_type or "").startswith("image/")
    ]


@pytest.mark.parametrize("language", ["cy", "en"])
def test_chart_image_has_a_name_and_alt_text_beside_it(language: str) -> None:
    image, _numbers = chart(language)
    (name,) = images(image)
    assert name.endswith(".png") and "CP-2026-0412" in name
    assert image.text is not None and image.text.startswith(ALT[language])
    assert REFERENCE in image.text


@pytest.mark.parametrize("language", ["cy", "en"])
def test_chart_is_followed_by_every_number_it_draws(language: str) -> None:
    _image, numbers = chart(language)
    assert not numbers.attachments and numbers.text is not None
    lines = numbers.text.splitlines()
    with use_language(language):
        for label, scores in zip(LABELS, SCORES, strict=True):
            line = next(line for line in lines if line.startswith(f"- {label}"))
            for held_on, score in zip(GROUPS, scores, strict=True):
                assert f"{short_day(held_on)}: {score}" in line
        family = ", ".join(
            f"{short_day(d)}: {s - 1}" for d, s in zip(GROUPS, SCORES[0], strict=True)
        )
    assert any(family in line for line in lines)  # the family's view, dashed in the chart


@pytest.mark.parametrize("language", ["cy", "en"])
def test_chart_lines_differ_by_marker_and_dash_not_only_colour(language: str) -> None:
    with use_language(language):
        series = chart_series((a.label, p) for a, p in history(len(MARKERS)).areas)
        figure = build_figure(series, chart_texts(REFERENCE))
    lines = figure.axes[0].lines
    areas = [line for line in lines if line.get_linestyle() == "-"]
    family = [line for line in lines if line.get_linestyle() == "--"]
    assert len(areas) == len(MARKERS) and len(family) == 1
    assert len({line.get_marker() for line in areas}) == len(MARKERS)


def test_every_image_camau_sends_has_a_name_and_a_text_alternative() -> None:
    sent = [a for found in activities().values() for a in found]
    sent += [a for language in ("cy", "en") for a in chart(language)]
    with_images = [a for a in sent if images(a)]
    assert with_images  # the chart, at least
    for activity in with_images:
        assert all(name.strip() for name in images(activity))
        assert str(activity.text or "").strip()


def test_card_image_becomes_a_telegram_photo_named_by_its_alt_text() -> None:
    content = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "Image", "url": "https://x.test/c.png", "altText": "Siart sgorau"}],
    }
    sent = for_telegram(card_activity(content, "Siart"), "full")
    assert images(sent[0]) == ["Siart sgorau"]
    assert any("Siart sgorau" in str(a.text or "") for a in sent)
