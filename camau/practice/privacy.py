"""Privacy guard: find likely personal identifiers in free text before it is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final

from camau.practice.privacy_names import find_names, mutations, words
from camau.practice.privacy_people import find_addresses, find_people

DATE_OF_BIRTH: Final = "date_of_birth"
POSTCODE: Final = "postcode"
PHONE: Final = "phone"
EMAIL: Final = "email"
NHS_NUMBER: Final = "nhs_number"
NAME: Final = "name"
ADDRESS: Final = "address"
KINDS: Final = (DATE_OF_BIRTH, POSTCODE, PHONE, EMAIL, NHS_NUMBER, NAME, ADDRESS)


@dataclass(frozen=True, slots=True)
class Finding:
    """One likely identifier: its kind, its offsets in the text and the text itself."""

    kind: str
    span: tuple[int, int]
    text: str = ""


_EMAIL: Final = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_POSTCODE: Final = re.compile(
    r"(?<![\w/-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w/-])", re.IGNORECASE
)
_ORDINAL: Final = re.compile(r"\d(?:st|nd|rd|th)")
_PHONE: Final = re.compile(
    r"(?<![\w+/.-])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)(?:\d[ \-)]{0,2}){8,10}\d(?![\w/-]|\.\d)"
)
_NHS: Final = re.compile(r"(?<![\w/.+-])\d{3}([ -]?)\d{3}\1\d{4}(?![\w/-]|\.\d)")

_MONTHS_EN: Final = words(
    "january february march april may june july august september october november december"
)
_MONTHS_CY: Final = words(
    "ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr"
)


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, (en, cy) in enumerate(zip(_MONTHS_EN, _MONTHS_CY, strict=True), start=1):
        table[en] = table[en[:3]] = number
        table.update(dict.fromkeys(mutations(cy), number))
    table["sept"] = 9
    return table


_MONTHS: Final = _month_table()
_MONTH_ALT: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_MONTH_ALT: Final = "|".join(
    sorted({*_MONTHS_EN, *(m[:3] for m in _MONTHS_EN), "sept"}, key=len, reverse=True)
)
_ORD: Final = r"(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?"
_DATES: Final = (
    re.compile(
        r"(?<![\w/.:-])(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
        r"(?![\w/-]|\.\d)"
    ),
    re.compile(r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w/-]|\.\d)"),
    re.compile(
        rf"(?<![\w/.-])(?P<d>\d{{1,2}}){_ORD}\.?(?:[ ]+(?:of|o))?[ ]+(?P<mon>{_MONTH_ALT})\b"
        r"(?:\.?,?[ ]+(?P<y>\d{4})(?!\d))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<mon>{_EN_MONTH_ALT})\.?[ ]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+(?P<y>\d{{4}})"
        r"(?!\d)",
        re.IGNORECASE,
    ),
)
_BIRTH_BEFORE: Final = re.compile(
    r"(?:\bborn|\bd\.?o\.?b\b\.?|\bdate of birth|\bbirth ?date|\bbirthday|\baged?\b|"
    r"\b(?:g|ng|)eni\b|\b(?:g|)an(?:wyd|ed)\b|\b(?:p|b|mh)en-?blwydd)[^.!?\n]{0,24}$",
    re.IGNORECASE,
)
_BIRTH_AFTER: Final = re.compile(
    r"^[ ,)(:-]{0,3}(?:\(?(?:dob|d\.o\.b\.?|born|date of birth|dyddiad geni)\b)", re.IGNORECASE
)
_YEAR_GAP: Final = timedelta(days=365)


def find_identifiers(text: str, today: date | None = None) -> list[Finding]:
    """Likely identifiers in text: birth dates, postcodes, phones, e-mails, NHS numbers,
    names and street addresses."""
    day = today if today is not None else datetime.now(UTC).date()
    candidates: list[tuple[str, int, int]] = []
    candidates += [(EMAIL, *m.span()) for m in _EMAIL.finditer(text)]
    candidates += [(PHONE, *span) for span in _phones(text)]
    candidates += [(NHS_NUMBER, *m.span()) for m in _NHS.finditer(text) if _nhs_valid(m[0])]
    candidates += [
        (POSTCODE, *m.span()) for m in _POSTCODE.finditer(text) if not _looks_ordinal(m[0])
    ]
    candidates += [(DATE_OF_BIRTH, *span) for span in _birth_dates(text, day)]
    candidates += [(ADDRESS, *span) for span in find_addresses(text)]
    names = {*find_names(text), *find_people(text)}
    candidates += [(NAME, *span) for span in _merge(names)]
    kept: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        kept.append(Finding(kind=kind, span=(start, end), text=text[start:end]))
    return sorted(kept, key=lambda f: f.span)


def _merge(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def nhs_number_valid(number: str) -> bool:
    """Whether a 10-digit NHS number (spaces or dashes allowed) has a valid mod-11 check digit."""
    return _nhs_valid(number)


def _nhs_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _looks_ordinal(candidate: str) -> bool:
    """Reject lower-case 'y10 2nd'-style matches whose inward part reads as an ordinal."""
    inward = candidate.replace(" ", "")[-3:]
    return _ORDINAL.fullmatch(inward) is not None and not candidate.isupper()


def _phones(text: str) -> Iterator[tuple[int, int]]:
    for m in _PHONE.finditer(text):
        digits = "".join(c for c in m[0] if c.isdigit())
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        if digits[1:2] not in {"1", "2", "3", "7", "8"}:
            continue
        if len(digits) == 11 or (len(digits) == 10 and digits[1] in {"1", "8"}):
            yield m.span()


def _birth_dates(text: str, today: date) -> Iterator[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < s_end and s_start < end for s_start, s_end in seen):
                continue
            seen.append((start, end))
            if _is_birth_date(text, m, today):
                yield start, end


def _is_birth_date(text: str, m: re.Match[str], today: date) -> bool:
    """A birth date: any past date beside birth words, or a full date over a year ago."""
    groups = m.groupdict()
    month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    raw_year = groups.get("y")
    year = int(raw_year) if raw_year else None
    if year is not None and year < 100:
        year += 2000 if 2000 + year <= today.year else 1900
    try:
        when = date(year or 2000, month, int(groups["d"]))
    except ValueError:
        return False
    start, end = m.span()
    context = bool(
        _BIRTH_BEFORE.search(text[max(0, start - 40) : start])
        or _BIRTH_AFTER.match(text[end : end + 24])
    )
    if context:
        return year is None or when <= today
    full_year = raw_year is not None and len(raw_year) == 4
    return full_year and year is not None and year >= 1900 and when < today - _YEAR_GAP
