"""Every message the code shows is translated in both catalogues, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from camau.i18n import LANGUAGES, LOCALES_DIR, _, ngettext, po_files, use_language

PACKAGE = Path(__file__).resolve().parent.parent / "camau"
KEYWORDS = {"_": None, "_N": None, "ngettext": (1, 2), "gettext_in": (2,)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _extracted() -> set[str]:
    ids: set[str] = set()
    for _file, _line, message, _c, _ctx in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def _catalogue(language: str) -> dict[str, tuple[str | tuple[str, ...], str | tuple[str, ...]]]:
    merged: dict[str, tuple[str | tuple[str, ...], str | tuple[str, ...]]] = {}
    for path in po_files(language):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    merged[key] = (message.id, message.string)
    return merged


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_message_the_code_uses(language: str) -> None:
    missing = _extracted() - set(_catalogue(language))
    assert not missing, f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_message_with_same_placeholders(language: str) -> None:
    problems: list[str] = []
    for key, (msgid, string) in _catalogue(language).items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = string if isinstance(string, tuple) else (string,)
        wanted = {p for i in ids for p in PLACEHOLDER.findall(i)}
        for form in strings:
            if not form:
                problems.append(f"untranslated: {key!r}")
            elif set(PLACEHOLDER.findall(form)) - wanted or (
                not isinstance(msgid, tuple) and set(PLACEHOLDER.findall(form)) != wanted
            ):
                problems.append(f"placeholders differ: {key!r} -> {form!r}")
    assert not problems, "\n".join(problems)


def test_welsh_catalogue_has_six_plural_forms() -> None:
    with (LOCALES_DIR / "cy" / "LC_MESSAGES" / "camau.po").open("rb") as handle:
        catalog = read_po(handle, locale="cy")
    assert catalog.num_plurals == 6


def test_translation_follows_the_language_in_use() -> None:
    with use_language("cy"):
        assert _("Settings") == "Gosodiadau"
    with use_language("en"):
        assert _("Settings") == "Settings"
    with use_language("en"):
        assert ngettext("{n} day", "{n} days", 1) == "{n} day"
