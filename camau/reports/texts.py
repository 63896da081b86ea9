"""The project lead's report CSVs in the reader's language: column headings and fixed words.

Counts, dates and case references are written as they are; only Camau's own words change.
"""

from __future__ import annotations

import re
from typing import Final

from camau.i18n import _N, _
from camau.reports.rules import ALL

HEADINGS: Final = {
    "month": _N("Month"),
    "worker_name": _N("Worker"),
    "reflections": _N("Reflections"),
    "conversations": _N("Conversations"),
    "thresholds": _N("Thresholds"),
    "change": _N("Change"),
    "measure": _N("Measure"),
    "kept_private": _N("Kept private"),
    "shared": _N("Shared"),
    "brought_to_session": _N("Brought to a session"),
    "core_group": _N("Core group"),
    "passed": _N("Date passed"),
    "on_time": _N("Scored on time"),
    "late": _N("Scored late"),
    "missed": _N("Not scored"),
    "pending": _N("Waiting to be scored"),
    "percent_on_time": _N("% scored on time"),
    "kind": _N("Row"),
    "reference": _N("Case reference"),
    "area": _N("Area for change"),
    "held_on": _N("Core group date"),
    "score": _N("Score"),
    "change_since_first": _N("Change since the first score"),
    "areas": _N("Areas"),
}
WORDS: Final = {
    ALL: _N("All workers"),
    "case": _N("case"),
    "summary": _N("summary"),
    "all": _N("all"),
}
_AREA: Final = re.compile(r"^area (\d+)$")


def heading(field: str) -> str:
    """A column's heading in the current language (its field name if it has none)."""
    return _(HEADINGS[field]) if field in HEADINGS else field


def word(value: object) -> object:
    """A cell in the current language: Camau's fixed words translated, the rest as it is."""
    if not isinstance(value, str):
        return value
    if value in WORDS:
        return _(WORDS[value])
    area = _AREA.match(value)
    return _("area {n}").format(n=area[1]) if area else value
