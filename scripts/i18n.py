"""Keep the catalogues in step with the code: `python scripts/i18n.py sync`.

Extracts every `_()` / `ngettext()` message from `camau/`, adds the missing ones to
`camau/locales/{en,cy}` (English copies the msgid; Welsh is left empty for a translator) and
lists what still needs a Welsh translation. `check` only lists, and exits 1 if anything is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "camau"
LOCALES = PACKAGE / "locales"
KEYWORDS = {"_": None, "_N": None, "ngettext": (1, 2), "gettext_in": (2,)}


def extracted() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, []).append((f"camau/{filename}", lineno))
    return found


def load(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "camau.po").open("rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalog: Catalog) -> None:
    with (LOCALES / language / "LC_MESSAGES" / "camau.po").open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)


def missing_translation(message: object) -> bool:
    strings = message if isinstance(message, (tuple, list)) else (message,)
    return any(not s for s in strings)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    messages = extracted()
    problems = 0
    for language in ("en", "cy"):
        catalog = load(language)
        for key, locations in messages.items():
            msgid = key if isinstance(key, str) else key[0]
            if catalog.get(msgid) is None:
                if command == "sync":
                    if isinstance(key, str):
                        catalog.add(key, key if language == "en" else "", locations=locations)
                    else:
                        n = catalog.num_plurals
                        strings = list(key) if language == "en" else [""] * n
                        catalog.add(key, tuple(strings), locations=locations)
                else:
                    print(f"{language}: missing {msgid!r}")
                    problems += 1
        for message in catalog:
            if message.id and missing_translation(message.string):
                print(f"{language}: untranslated {message.id!r}")
                problems += 1
        if command == "sync":
            save(language, catalog)
    return 1 if problems and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
