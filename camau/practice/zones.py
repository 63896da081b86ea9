"""Time zones as people type them: "UK time", "GMT", "BST", "amser y DU", "Europe/London".

`read_timezone(text)` gives the IANA zone and whether Camau assumed it from a name that is not
one (GMT and BST are the UK's winter and summer clocks, so both mean Europe/London, which moves
between them: the caller says so). IANA names are matched in any case. Stored zones are checked
strictly by `camau.practice.hours.validate_timezone`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final
from zoneinfo import available_timezones

from camau.practice.hours import HoursError, validate_timezone

LONDON: Final = "Europe/London"
_NAMES: Final = {
    **dict.fromkeys(
        (
            "uk", "uk time", "u.k.", "the uk", "britain", "british time", "great britain",
            "gb", "london", "london time", "wales", "wales time", "welsh time", "cymru",
            "amser cymru", "amser y du", "y du", "du", "amser prydain", "prydain", "llundain",
            "amser llundain", "england", "scotland",
        ),
        (LONDON, False),
    ),
    **dict.fromkeys(
        (
            "gmt", "bst", "gmt/bst", "bst/gmt", "greenwich mean time", "british summer time",
            "amser haf prydain", "amser greenwich", "gmt+1", "utc+1", "gmt+0",
        ),
        (LONDON, True),
    ),
    **dict.fromkeys(
        ("ireland", "irish time", "iwerddon", "dublin", "amser iwerddon"), ("Europe/Dublin", False)
    ),
    **dict.fromkeys(("utc", "coordinated universal time", "z", "zulu"), ("UTC", False)),
    **dict.fromkeys(("cet", "cest", "central european time"), ("Europe/Paris", True)),
}  # fmt: skip


@dataclass(frozen=True)
class ZoneReading:
    """The zone understood, and whether it was assumed from a clock name (GMT, BST, CET)."""

    name: str
    assumed: bool = False


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def read_timezone(text: str) -> ZoneReading:
    """The IANA zone `text` names; HoursError when it is not a time zone Camau knows."""
    said = " ".join(text.replace("’", "'").strip().casefold().split()).rstrip(".")
    if said in _NAMES:
        name, assumed = _NAMES[said]
        return ZoneReading(name, assumed)
    iana = _by_folded_name().get(said.replace(" ", "_"))
    if iana is None:
        raise HoursError("unknown time zone; use an IANA name like Europe/London")
    return ZoneReading(validate_timezone(iana))
