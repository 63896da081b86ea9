"""Texts in Welsh and English: gettext catalogues under `camau/locales/{cy,en}`.

`_()` and `ngettext()` translate into the language of the current context, which a turn, the
outbox sender or the CLI sets with `use_language()`. Catalogues are read from the `.po` files at
first use (no compiled `.mo` to go stale). Welsh plural forms follow CLDR (six forms).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES: Final = ("cy", "en")
DEFAULT_LANGUAGE: Final = "cy"
LOCALES_DIR: Final = Path(__file__).parent / "locales"
DOMAIN: Final = "camau"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("camau_language", default="en")


def po_path(language: str, part: str = DOMAIN) -> Path:
    """One part of a language's catalogue (`camau.po` for the core, one file per feature)."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{part}.po"


def po_files(language: str) -> list[Path]:
    """Every part of a language's catalogue, core first."""
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    return sorted(folder.glob("*.po"), key=lambda p: (p.stem != DOMAIN, p.stem))


@cache
def translations(language: str) -> Translations:
    """The compiled catalogue for `language` (cy or en): all its parts merged."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    merged = None
    for path in po_files(language):
        with path.open("rb") as handle:
            part = read_po(handle, locale=language)
        if merged is None:
            merged = part
            continue
        for message in part:
            if message.id:
                merged[message.id] = message
    assert merged is not None, f"no catalogue for {language}"
    buffer = BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def current_language() -> str:
    return _current.get()


@contextlib.contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Translate into `language` inside the block (None or unknown: English)."""
    chosen = language if language in LANGUAGES else "en"
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def set_language(language: str | None) -> None:
    """Set the language for the rest of this task (a turn runs in its own task)."""
    _current.set(language if language in LANGUAGES else "en")


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return translations(_current.get()).gettext(message)


def _N(message: str) -> str:
    """Mark `message` for the catalogues without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count into the current language's plural form."""
    return translations(_current.get()).ngettext(singular, plural, n)


def gettext_in(language: str, message: str) -> str:
    """Translate `message` into `language`, whatever the current one is."""
    with use_language(language):
        return _(message)
