"""Ordinary answers as people type them, in Welsh or English: yes or no, and numbers in words.

`parse_yes_no(text)` reads "yes", "ie", the Welsh verb-echo answers ("ydw / nac ydw", "oes / nac
oes", "do / naddo", "hoffwn / na hoffwn", "bydd / na fydd", "gwnaf / na wnaf"…) with politeness
around them ("ie, diolch", "na, dim diolch", "yes please", "no thanks"); None when it is neither
or both. `parse_number(text)` reads a whole number in figures or words, Welsh (with its feminine
and mutated forms: "dwy", "dair", "bedwar", "bum", "un ar ddeg", "dau ddeg") or English
("seven", "forty-five"); None otherwise. Both are pure; what the number may be is for the caller.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_PUNCTUATION: Final = re.compile(r"[^\w\s'-]+")

_YES: Final = frozenset(
    {
        "yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "of course", "correct", "right",
        "that's right", "definitely", "yes it is", "yes i do", "yes i am", "yes i would",
        "ie", "iawn", "do", "ydw", "ydy", "ydi", "ydyn", "ydym", "ydych", "ydyw", "oes", "hoffwn",
        "hoffem", "bydd", "byddaf", "byddwn", "gwnaf", "gwnawn", "gwnes", "gallaf", "gallwn",
        "cywir", "wrth gwrs", "siŵr", "siwr", "yn sicr", "dyna ni", "ydy wir",
        "ydw wir", "oes wir", "ie wir", "ydy mae", "yndw", "yndi", "yndy",
    }
)  # fmt: skip
_NO: Final = frozenset(
    {
        "no", "n", "nope", "nah", "not really", "not now", "no it isn't", "no i don't",
        "na", "nage", "nac ydw", "nac ydy", "nac ydi", "nac ydyn", "nac ydym", "nac ydych",
        "nac oes", "naddo", "na hoffwn", "na hoffem", "na fydd", "na fyddaf", "na fyddwn",
        "na wnaf", "na wnawn", "na allaf", "na allwn", "dim", "ddim", "dim o gwbl", "dim nawr",
        "dim rŵan", "dim rwan", "nid nawr", "dim ar hyn o bryd", "dw i ddim", "dydw i ddim",
        "dydy e ddim", "dydi o ddim", "does dim",
    }
)  # fmt: skip
_POLITE: Final = (
    "os gwelwch chi'n dda", "os gwelwch yn dda", "os gweli di'n dda", "diolch yn fawr iawn",
    "diolch yn fawr", "diolch", "plîs", "plis", "thank you very much", "thank you", "thanks",
    "please", "cheers", "ta", "mate",
)  # fmt: skip

_ONES_EN: Final = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_EN: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Welsh units with their feminine and mutated forms ("am ddau", "dwy awr", "tair", "bum munud").
_ONES_CY: Final = {
    "un": 1, "dau": 2, "ddau": 2, "dwy": 2, "ddwy": 2, "tri": 3, "dri": 3, "thri": 3, "tair": 3,
    "dair": 3, "thair": 3, "pedwar": 4, "bedwar": 4, "pedair": 4, "bedair": 4, "pump": 5,
    "pum": 5, "bump": 5, "bum": 5, "chwech": 6, "chwe": 6, "saith": 7, "wyth": 8, "naw": 9,
}  # fmt: skip
_TEN_CY: Final = frozenset({"deg", "ddeg", "deng"})
# Traditional (vigesimal) numbers up to 60 that people still say for minutes and hours.
_OLD_CY: Final = {
    "un ar ddeg": 11, "deuddeg": 12, "ddeuddeg": 12, "deuddeng": 12, "tri ar ddeg": 13,
    "tair ar ddeg": 13, "pedwar ar ddeg": 14, "pedair ar ddeg": 14, "pymtheg": 15,
    "bymtheg": 15, "pymtheng": 15, "un ar bymtheg": 16, "dau ar bymtheg": 17,
    "deunaw": 18, "pedwar ar bymtheg": 19, "ugain": 20, "hugain": 20, "deg ar hugain": 30,
    "hanner cant": 50, "deugain": 40, "chwe deg": 60, "trigain": 60,
}  # fmt: skip
_DIGITS: Final = re.compile(r"\d{1,4}")


def normalise(text: str) -> str:
    """Lower-case, curly apostrophes straightened, punctuation and extra spaces dropped."""
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("‘", "'")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def _without_politeness(said: str) -> str:
    for phrase in _POLITE:
        said = re.sub(rf"(?:^|\s){re.escape(phrase)}(?=\s|$)", " ", said)
    return " ".join(said.split())


def _meaning(clause: str) -> bool | None:
    """True, False, or None for one clause; a clause may hold two agreeing answers ("na dim")."""
    if clause in _YES:
        return True
    if clause in _NO:
        return False
    words = clause.split()
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        first, second = _meaning(head), _meaning(tail)
        if first is not None and first == second:
            return first
    return None


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, in Welsh or English; None when it is neither or both."""
    raw = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    answers: set[bool] = set()
    for part in re.split(r"[,;.!]+|\s-\s", raw):
        clause = _without_politeness(normalise(part))
        if not clause:
            continue
        meaning = _meaning(clause)
        if meaning is None:
            return None
        answers.add(meaning)
    return answers.pop() if len(answers) == 1 else None


def _english(words: list[str]) -> int | None:
    if len(words) == 1 and words[0] in _ONES_EN:
        return _ONES_EN[words[0]]
    if len(words) == 1 and words[0] in _TENS_EN:
        return _TENS_EN[words[0]]
    if len(words) == 2 and words[0] in _TENS_EN and words[1] in _ONES_EN:
        unit = _ONES_EN[words[1]]
        return _TENS_EN[words[0]] + unit if 1 <= unit <= 9 else None
    return None


def _welsh(words: list[str]) -> int | None:
    said = " ".join(words)
    if said in _OLD_CY:
        return _OLD_CY[said]
    if len(words) == 1:
        if words[0] in _ONES_CY:
            return _ONES_CY[words[0]]
        return 10 if words[0] in _TEN_CY else None
    # The decimal system taught in schools: "dau ddeg", "pedwar deg pump", "un deg un".
    if len(words) in (2, 3) and words[0] in _ONES_CY and words[1] in _TEN_CY:
        tens = _ONES_CY[words[0]] * 10
        if len(words) == 2:
            return tens
        return tens + _ONES_CY[words[2]] if words[2] in _ONES_CY else None
    return None


def parse_number(text: str) -> int | None:
    """A whole number in figures or in Welsh or English words; None otherwise."""
    said = normalise(text).replace("-", " ")
    if _DIGITS.fullmatch(said):
        return int(said)
    words = said.split()
    if not words:
        return None
    return _english(words) if _english(words) is not None else _welsh(words)
