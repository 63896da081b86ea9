"""Roster files: parse and check a CSV of people, reporting the first bad line and why.

The header is `name,email,roles,mentor_email,manager_email,language,aad_object_id,timezone,
working_hours`; only `name`, `email` and `roles` must be present. An empty optional cell means
"not given" (a stored value is kept; a new person gets the default).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from camau.practice.hours import (
    HoursError,
    format_working_hours,
    parse_working_hours,
    validate_timezone,
)

COLUMNS = (
    "name",
    "email",
    "roles",
    "mentor_email",
    "manager_email",
    "language",
    "aad_object_id",
    "timezone",
    "working_hours",
)
REQUIRED_COLUMNS = ("name", "email", "roles")
# Unicode categories never in a name: control, format (bidi marks, zero-width), unassigned,
# private use, surrogates, and line/paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})
ROLES = ("worker", "mentor", "manager", "admin")
LANGUAGES = ("cy", "en")
_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+$")
_MAX_NAME, _MAX_EMAIL, _MAX_OBJECT_ID, _MAX_HOURS = 200, 320, 128, 64


class RosterError(ValueError):
    """A roster line that cannot be imported: `line` (1 = the header) and `reason`."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class RosterEntry:
    """One checked roster line. E-mails are lower-case; None means the cell was empty."""

    line: int
    name: str
    email: str
    roles: frozenset[str]
    mentor_email: str | None = None
    manager_email: str | None = None
    language: str | None = None
    aad_object_id: str | None = None
    timezone: str | None = None
    working_hours: str | None = None


def normalise_email(raw: str) -> str:
    """The e-mail address, trimmed and lower-cased; ValueError when it is not one."""
    email = raw.strip().lower()
    if len(email) > _MAX_EMAIL or not _EMAIL.match(email):
        raise ValueError(f"{raw.strip()!r} is not an e-mail address")
    return email


def _email(line: int, raw: str, column: str) -> str | None:
    if not raw.strip():
        return None
    try:
        return normalise_email(raw)
    except ValueError as exc:
        raise RosterError(line, f"{column}: {exc}") from exc


def _roles(line: int, raw: str) -> frozenset[str]:
    names = [part.strip().lower() for part in raw.split(";") if part.strip()]
    if not names:
        raise RosterError(line, "roles: at least one of worker, mentor, manager, admin")
    for name in names:
        if name not in ROLES:
            raise RosterError(line, f"roles: unknown role {name!r} (use {'|'.join(ROLES)})")
    return frozenset(names)


def _language(line: int, raw: str) -> str | None:
    language = raw.strip().lower()
    if language and language not in LANGUAGES:
        raise RosterError(line, f"language: {raw.strip()!r} is not cy or en (or empty)")
    return language or None


def _timezone(line: int, raw: str) -> str | None:
    if not raw.strip():
        return None
    try:
        return validate_timezone(raw)
    except HoursError as exc:
        raise RosterError(line, f"timezone: {raw.strip()!r}: {exc}") from exc


def _working_hours(line: int, raw: str) -> str | None:
    if not raw.strip():
        return None
    try:
        text = format_working_hours(parse_working_hours(raw))
    except HoursError as exc:
        raise RosterError(line, f"working_hours: {raw.strip()!r}: {exc}") from exc
    if len(text) > _MAX_HOURS:
        raise RosterError(line, "working_hours: too long")
    return text


def _name(line: int, raw: str) -> str:
    """The name in NFC with spaces collapsed; control, format (bidi, zero-width) and other
    invisible characters refused, so no name can be made to look like another's."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if any(unicodedata.category(c) in _HIDDEN for c in name):
        raise RosterError(line, "name: control, bidi or zero-width characters are not allowed")
    return name


def _entry(line: int, row: dict[str, str]) -> RosterEntry:
    name = _name(line, row["name"])
    if not name:
        raise RosterError(line, "name: empty")
    if len(name) > _MAX_NAME:
        raise RosterError(line, f"name: longer than {_MAX_NAME} characters")
    email = _email(line, row["email"], "email")
    if email is None:
        raise RosterError(line, "email: empty")
    aad_object_id = row["aad_object_id"].strip() or None
    if aad_object_id is not None and len(aad_object_id) > _MAX_OBJECT_ID:
        raise RosterError(line, f"aad_object_id: longer than {_MAX_OBJECT_ID} characters")
    entry = RosterEntry(
        line=line,
        name=name,
        email=email,
        roles=_roles(line, row["roles"]),
        mentor_email=_email(line, row["mentor_email"], "mentor_email"),
        manager_email=_email(line, row["manager_email"], "manager_email"),
        language=_language(line, row["language"]),
        aad_object_id=aad_object_id,
        timezone=_timezone(line, row["timezone"]),
        working_hours=_working_hours(line, row["working_hours"]),
    )
    if email in (entry.mentor_email, entry.manager_email):
        raise RosterError(line, "a person cannot be their own mentor or manager")
    return entry


def _header(reader: csv.DictReader[str]) -> None:
    fields = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if not fields:
        raise RosterError(1, "the file is empty; expected the header " + ",".join(COLUMNS))
    unknown = [name for name in fields if name not in COLUMNS]
    if unknown:
        raise RosterError(1, f"unknown column {unknown[0]!r}; expected " + ",".join(COLUMNS))
    if len(set(fields)) != len(fields):
        raise RosterError(1, "a column appears twice in the header")
    missing = [name for name in REQUIRED_COLUMNS if name not in fields]
    if missing:
        raise RosterError(1, f"missing column {missing[0]!r}")
    reader.fieldnames = fields


def _check_links(entries: list[RosterEntry]) -> None:
    """Within the file: no duplicates; a mentor or manager named here holds that role."""
    by_email: dict[str, RosterEntry] = {}
    by_object_id: dict[str, RosterEntry] = {}
    for entry in entries:
        if entry.email in by_email:
            first = by_email[entry.email].line
            raise RosterError(entry.line, f"{entry.email} already appears on line {first}")
        by_email[entry.email] = entry
        if entry.aad_object_id is not None:
            if entry.aad_object_id in by_object_id:
                first = by_object_id[entry.aad_object_id].line
                raise RosterError(entry.line, f"aad_object_id already appears on line {first}")
            by_object_id[entry.aad_object_id] = entry
    for entry in entries:
        for column, role, email in (
            ("mentor_email", "mentor", entry.mentor_email),
            ("manager_email", "manager", entry.manager_email),
        ):
            other = by_email.get(email) if email else None
            if other is not None and role not in other.roles:
                raise RosterError(
                    entry.line, f"{column}: {email} (line {other.line}) lacks the {role} role"
                )


def parse_roster(text: str) -> list[RosterEntry]:
    """Parse and check a whole roster file; raise RosterError for the first bad line."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), restval="")
    try:
        _header(reader)
        entries: list[RosterEntry] = []
        for row in reader:
            line = reader.line_num
            if None in row:
                raise RosterError(line, "more cells than the header has columns")
            if not any(value.strip() for value in row.values()):
                continue
            cells = {column: row.get(column, "") for column in COLUMNS}
            entries.append(_entry(line, cells))
    except csv.Error as exc:
        raise RosterError(reader.line_num, f"not valid CSV ({exc})") from exc
    _check_links(entries)
    return entries
