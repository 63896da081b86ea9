"""Welsh text reads as Welsh: no English examples inside it, no capital *Dydd* mid-sentence.

Checked on every Welsh catalogue message and on what the code builds around them: the date
formatter for every weekday, a whole day and a time, and the prompts that carry examples.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.messages.pofile import read_po

from camau.i18n import po_files, use_language
from camau.sessions.dialogs.mentor import when_options
from camau.sessions.dialogs.texts import when_text
from camau.steps.dialogs.render import day

# English words that only turn up in Welsh text as a pasted example.
ENGLISH_EXAMPLE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday"
    r"|next week|o'clock|\d{1,2}(?::\d\d)?\s?(?:am|pm)|mon-fri|mon-thu|hours?|minutes?)\b",
    re.IGNORECASE,
)
WEEKDAY_CAPITAL = re.compile(
    r"(?<![.!?:\n]\s)(?<!^)(?<![(\n])\bDydd (?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)\b"
)


def welsh_problems(text: str) -> list[str]:
    """What makes `text` read wrongly as Welsh (placeholders are not text)."""
    text = re.sub(r"\{\w*\}", "", text)
    found = [f"English example {m[0]!r}" for m in ENGLISH_EXAMPLE.finditer(text)]
    found += [f"capital weekday {m[0]!r}" for m in WEEKDAY_CAPITAL.finditer(text.strip())]
    return found


def _welsh_messages() -> list[str]:
    texts: list[str] = []
    for path in po_files("cy"):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="cy"):
                if message.id:
                    strings = message.string
                    texts += [strings] if isinstance(strings, str) else list(strings)
    return texts


def test_the_checks_catch_what_they_are_for() -> None:
    assert welsh_problems("Teipiwch ddiwrnod, er enghraifft: Thursday 2pm / yfory 9:00")
    assert welsh_problems("Mae'r oedi tan Dydd Iau 3 Rhagfyr 2026")
    assert welsh_problems("Teipiwch eich oriau, er enghraifft: Mon-Fri 09:00-17:00")
    assert not welsh_problems("Dydd Iau yw'r diwrnod. Tan ddydd Iau 3 Rhagfyr, am 2yp.")


def test_no_welsh_catalogue_message_has_an_english_example_or_a_capital_weekday() -> None:
    problems = {text: welsh_problems(text) for text in _welsh_messages()}
    assert {text: found for text, found in problems.items() if found} == {}


@pytest.mark.parametrize("offset", range(7))
def test_welsh_dates_keep_the_weekday_lower_case_and_a_whole_day_has_no_midnight(
    offset: int,
) -> None:
    d = date(2026, 11, 30) + timedelta(days=offset)
    midnight = datetime(d.year, d.month, d.day, tzinfo=UTC)
    with use_language("cy"):
        written = [day(d), when_text(midnight, "Europe/London"), when_text(midnight, "UTC")]
        written.append(when_text(midnight + timedelta(hours=14), "Europe/London"))
    for text in written:
        assert welsh_problems(f"Tan {text}") == []
    assert "00:00" not in written[0] + written[1]


def test_welsh_prompts_give_welsh_examples_only() -> None:
    with use_language("cy"):
        options = when_options()
    for activity in (options.prompt, options.retry_prompt):
        assert activity is not None
        assert welsh_problems(str(activity.text)) == []
