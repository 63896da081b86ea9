"""One way to turn a service error into the person's words (`camau.dialogs.errors.error_text`):
a refusal's reason translated with its values (dates in words), anything else the caller's
sentence for "it is gone"."""

from __future__ import annotations

from datetime import date

import pytest

from camau.dialogs.errors import error_text
from camau.i18n import _, use_language
from camau.services.errors import InvalidInput, NotFound, NotPermitted, ServiceError
from camau.steps.services import scores as steps_scores


@pytest.mark.parametrize(
    ("language", "expected"),
    [("cy", "Mae sgorau'r grŵp craidd ar"), ("en", "Scores for the core group on")],
)
def test_a_refusal_is_translated_with_its_date_in_words(language: str, expected: str) -> None:
    error = InvalidInput(steps_scores.ALREADY, date=date(2026, 12, 3))
    with use_language(language):
        text = error_text(error)
    assert text.startswith(expected), text
    assert "{date}" not in text and "2026-12-03" not in text
    assert ("Rhagfyr" if language == "cy" else "December") in text


@pytest.mark.parametrize("language", ["cy", "en"])
@pytest.mark.parametrize("error", [NotFound("session"), NotPermitted("session")])
def test_anything_else_is_the_callers_sentence(language: str, error: ServiceError) -> None:
    with use_language(language):
        gone = _("That session is no longer coming up.")
        assert error_text(error, gone) == gone


@pytest.mark.parametrize("language", ["cy", "en"])
def test_a_refusal_without_values_is_its_reason_translated(language: str) -> None:
    with use_language(language):
        text = error_text(InvalidInput("That session is no longer coming up."), "x")
        assert text == _("That session is no longer coming up.")


def test_without_a_sentence_any_other_error_goes_on() -> None:
    with pytest.raises(NotPermitted):
        error_text(NotPermitted("session"))
