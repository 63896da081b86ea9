"""Export files: JSON with everything, CSV a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from camau.reflection.rules import Component, Sharing
from camau.reflection.services.export import as_csv, as_json
from camau.reflection.services.reflections import Answer, ReflectionView

VIEW = ReflectionView(
    id=3,
    author_id=1,
    author_name="Wyn",
    created_at=datetime(2026, 12, 2, 10, 0, tzinfo=UTC),
    sharing=Sharing.SHARED,
    shared_at=datetime(2026, 12, 2, 10, 1, tzinfo=UTC),
    how_it_went=6,
    components=(Component.CHANGE,),
    answers=(Answer("what_happened", '=HYPERLINK("x")'), Answer("next_time", "Listen more.")),
    note="Later thought.",
)


def test_reflection_export_json_keeps_every_field() -> None:
    [record] = json.loads(as_json([VIEW]))["reflections"]
    assert record["answers"]["next_time"] == "Listen more."
    assert record["created_at"] == "2026-12-02T10:00:00Z"
    assert (record["sharing"], record["components"], record["note"]) == (
        "shared", ["change"], "Later thought.",
    )  # fmt: skip


def test_reflection_export_csv_neutralises_formulas() -> None:
    [row] = list(csv.DictReader(io.StringIO(as_csv([VIEW]).decode("utf-8-sig"))))
    assert row["what_happened"] == '\'=HYPERLINK("x")'
    assert row["next_time"] == "Listen more." and row["strengths"] == ""
