"""The one CSV cell function for every CSV Camau writes.

A spreadsheet runs a cell that begins with `= + - @` (or a tab or carriage return) as a
formula; full-width and small forms (`＝ ＋ － ＠ ﹦ ﹢ ﹣`) and the minus sign `−` are folded to
those by some spreadsheets, so they count too. Such a cell gets a leading `'`. A plain number,
signed changes such as `+1.50` or `-2` included, stays a number.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_TRIGGERS: Final = frozenset("=+-@\t\r\n")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _starts_a_formula(text: str) -> bool:
    first = text.lstrip(" ")[:1] if text[:1] == " " else text[:1]
    if not first:
        return False
    folded = unicodedata.normalize("NFKC", first)
    return first in _TRIGGERS or folded[:1] in _TRIGGERS or first == "\u2212"


def cell(value: object) -> str:
    """The value as CSV text a spreadsheet will show, never run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    text = str(value)
    if _starts_a_formula(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
