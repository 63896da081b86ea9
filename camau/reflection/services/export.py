"""A worker's reflections as files: JSON (everything) and CSV (one row per reflection)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from camau.practice.csv_cells import cell
from camau.reflection.rules import TEXT_QUESTIONS
from camau.reflection.services.reflections import ReflectionView


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _record(view: ReflectionView) -> dict[str, object]:
    return {
        "id": view.id,
        "created_at": _iso(view.created_at),
        "sharing": view.sharing.value,
        "shared_at": _iso(view.shared_at),
        "how_it_went": view.how_it_went,
        "components": [c.value for c in view.components],
        "answers": {a.question_id: a.text for a in view.answers},
        "note": view.note,
        "noted_at": _iso(view.noted_at),
    }


def as_json(views: list[ReflectionView], drafts: list[dict[str, object]] | None = None) -> bytes:
    """Every reflection as one JSON document (UTF-8), with unfinished drafts when given."""
    document: dict[str, object] = {"reflections": [_record(view) for view in views]}
    if drafts is not None:
        document["drafts"] = drafts
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def as_csv(views: list[ReflectionView]) -> bytes:
    """One row per reflection, a column per question (UTF-8 with a BOM for spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    questions = [q.id for q in TEXT_QUESTIONS]
    header = ["id", "created_at", "sharing", "shared_at", "how_it_went", "components"]
    writer.writerow([*header, *questions, "note"])
    for view in views:
        answers = {a.question_id: a.text for a in view.answers}
        row: list[object] = [
            view.id,
            _iso(view.created_at),
            view.sharing.value,
            _iso(view.shared_at),
            view.how_it_went,
            " ".join(c.value for c in view.components),
            *(answers.get(q, "") for q in questions),
            view.note,
        ]
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
