"""One CSV cell function for every CSV Camau writes: formulas neutralised, numbers kept."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau.practice.csv_cells import cell
from camau.practice.steps import csv_bytes
from camau.reports.services.sessions import WorkerSessions, to_csv

DANGEROUS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\tx",
    "\rx",
    "＝1+1",
    "＋1",
    "－1+1",
    "＠x",
    "﹦1",
]
NUMBERS = ["12", "-3", "+1.50", "-0.25", "0"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_cell_neutralises_every_form_of_a_formula(text: str) -> None:
    assert cell(text).startswith("'")


@pytest.mark.parametrize("text", NUMBERS)
def test_cell_keeps_plain_numbers(text: str) -> None:
    assert cell(text) == text


@given(st.text())
def test_cell_output_never_starts_a_formula(text: str) -> None:
    out = cell(text)
    assert out == text or out == "'" + text
    if out == text and text:
        assert (
            text[0] not in "=+-@\t\r＝＋－＠﹦﹢﹣" or text.lstrip("+-").replace(".", "").isdigit()
        )


def _rows(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("text", ["＝HYPERLINK(1)", "－1+1", "﹦1"])
def test_every_csv_writer_neutralises_full_width_formulas(text: str) -> None:
    """Failed before: the full-width and small forms passed through unquoted."""
    steps_rows = _rows(csv_bytes(["a"], [[text], ["-2"]]))
    assert steps_rows[1] == ["'" + text] and steps_rows[2] == ["-2"]
    report = WorkerSessions(text, text, text, 1, 3, True, 0, 0, 0, 0, text)
    line = _rows(to_csv([report]))[1]
    assert line[0] == "'" + text and line[3] == "1"
