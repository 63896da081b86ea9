"""Keep the catalogues in step with the code.

    python scripts/i18n.py check            list missing or untranslated messages (exit 1 if any)
    python scripts/i18n.py sync [PART]      add missing messages to locales/{en,cy}/LC_MESSAGES/PART.po
    python scripts/i18n.py prune            drop messages the code no longer uses, from every part

Each feature keeps its own part (`reflection.po`, …; the core is `camau.po`); the app merges the
parts of a language. `sync` copies the msgid into English and leaves Welsh empty for a translator.
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
PLURALS = {
    "cy": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);",
    "en": "nplurals=2; plural=(n != 1);",
}

Key = str | tuple[str, str]


def extracted() -> dict[Key, list[tuple[str, int]]]:
    """Every message the code marks, with where it is used."""
    found: dict[Key, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        key: Key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, []).append((f"camau/{filename}", lineno))
    return found


def path(language: str, part: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{part}.po"


def load(language: str, part: str = "camau") -> Catalog:
    target = path(language, part)
    if not target.exists():
        catalog = Catalog(locale=language, project="camau", fuzzy=False)
        catalog.plural_forms  # noqa: B018  (babel fills it from the locale)
        return catalog
    with target.open("rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalog: Catalog, part: str = "camau") -> None:
    target = path(language, part)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)


def merged_ids(language: str) -> set[str]:
    ids: set[str] = set()
    for po in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            ids |= {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    return ids


def untranslated(language: str) -> list[str]:
    missing: list[str] = []
    for po in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and any(not s for s in strings):
                    missing.append(f"{po.name}: {message.id!r}")
    return missing


def prune() -> None:
    used = {key if isinstance(key, str) else key[0] for key in extracted()}
    for language in ("en", "cy"):
        for po in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
            catalog = load(language, po.stem)
            for message in list(catalog):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                if msgid and msgid not in used:
                    print(f"{language}/{po.name}: dropped {msgid!r}")
                    catalog.delete(message.id)
            save(language, catalog, po.stem)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "prune":
        prune()
        return 0
    part = argv[2] if len(argv) > 2 else "camau"
    messages = extracted()
    problems = 0
    for language in ("en", "cy"):
        known = merged_ids(language)
        if command == "sync":
            catalog = load(language, part)
            for key, locations in messages.items():
                msgid = key if isinstance(key, str) else key[0]
                if msgid in known:
                    continue
                if isinstance(key, str):
                    catalog.add(key, key if language == "en" else "", locations=locations)
                else:
                    strings = key if language == "en" else ("",) * catalog.num_plurals
                    catalog.add(key, strings, locations=locations)
            save(language, catalog, part)
        else:
            for key in messages:
                msgid = key if isinstance(key, str) else key[0]
                if msgid not in known:
                    print(f"{language}: missing {msgid!r}")
                    problems += 1
        for item in untranslated(language):
            print(f"{language}: untranslated {item}")
            problems += 1
    return 1 if problems and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
