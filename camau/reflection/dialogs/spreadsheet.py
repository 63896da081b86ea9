"""A worker's reflections as a spreadsheet in their own language: headers, sharing, components.

Times are written in the person's zone as day/month/year (the same in both languages). The JSON
export keeps fixed English keys for programs (`camau.reflection.services.export`).
"""

from __future__ import annotations

from camau.i18n import _
from camau.practice.steps import csv_bytes
from camau.reflection.dialogs.texts import components_text, label, local_time, sharing_text
from camau.reflection.rules import TEXT_QUESTIONS
from camau.reflection.services.reflections import ReflectionView


def reflections_csv(views: list[ReflectionView], zone: str) -> bytes:
    """One row per reflection, a column per question, in the current language."""
    questions = [q.id for q in TEXT_QUESTIONS]
    header = [
        _("Number"),
        _("Written"),
        _("Who may read it"),
        _("Shared"),
        _("How it went (1 to 10)"),
        _("Components"),
        *(label(q) for q in questions),
        _("Note"),
    ]
    rows = []
    for view in views:
        answers = {a.question_id: a.text for a in view.answers}
        rows.append(
            [
                view.id,
                local_time(view.created_at, zone),
                sharing_text(view.sharing),
                "" if view.shared_at is None else local_time(view.shared_at, zone),
                view.how_it_went,
                components_text(view.components) if view.components else "",
                *(answers.get(q, "") for q in questions),
                view.note,
            ]
        )
    return csv_bytes(header, rows)
