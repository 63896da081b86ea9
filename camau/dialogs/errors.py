"""A service's error in the person's words: the one way every dialog, card action and notice
turns `camau.services.errors` into text."""

from __future__ import annotations

from datetime import date

from camau.dialogs.dates_text import day_text
from camau.i18n import _
from camau.services.errors import InvalidInput, ServiceError


def error_text(error: ServiceError, otherwise: str | None = None) -> str:
    """A refusal (`InvalidInput`): its reason translated, with its values (dates in words).
    Any other error (gone, not permitted): `otherwise`, the caller's sentence for it; without
    one the error goes on (the router answers `NotPermitted` with its own sentence)."""
    if isinstance(error, InvalidInput):
        params = {k: day_text(v) if isinstance(v, date) else v for k, v in error.params.items()}
        return _(error.reason).format(**params)
    if otherwise is None:
        raise error
    return otherwise
