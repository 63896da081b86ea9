"""Names the family-word rules miss, and street addresses, for the privacy guard.

- A title with a surname: `Mrs Evans`, `Mr and Mrs Morgan`, `Mx Taylor`, `Dr Patel`.
- A first name from `first_names.FIRST_NAMES` (mutated Welsh forms included), with a
  following capitalised surname: `Kayleigh`, `Fethan`, `Shane Williams`.
- A capitalised word in a person's place in the sentence: after a relation word and a comma
  (`the older boy, Mason`; `y bachgen, Gethin`); the subject of a Welsh sentence after its verb
  (`Dywedodd Siân…`, `Mae Tomos…`); the subject before an English verb at a sentence start
  (`Harrison was…`); the object of a note-style English verb (`Visited Jade…`) or after a
  Welsh preposition that takes people (`â Lowri`, `gyda Manon`, `wrth Fali`).
- A street address: a house number and a street (`12 Heol y Bryn`, `4 Bute Street`).

Stopwords, places and services (`privacy_names.STOPWORDS`) are never names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from camau.practice.first_names import FIRST_NAMES
from camau.practice.privacy_names import STOPWORDS, mutations, words

_UP: Final = "A-ZÀ-ÖØ-ÞŴŶ"
_TOK: Final = rf"[{_UP}][^\W\d_]*(?:['’][^\W\d_]+|-[^\W\d_]+)*"
_TOKEN: Final = re.compile(rf"(?<![\w'’-]){_TOK}")
_TITLE: Final = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ ]+(?:and[ ]+(?:Mr|Mrs|Ms)\.?[ ]+)?({_TOK})"
)

_RELATION_EN: Final = words(
    "boy boys girl girls eldest youngest oldest toddler teenager person friend neighbour carer "
    "godmother godfather teacher solicitor worker mother father stepmother ex-partner one"
)
_RELATION_CY: Final = words(
    "bachgen bechgyn hogyn crwt geneth merch babi baban plentyn person ffrind cymydog gofalwr "
    "athrawes athro cyfreithiwr gweithiwr mab fam mam tad nain taid mam-gu tad-cu modryb ewythr "
    "brawd chwaer llysfam llystad llysdad ieuengaf hynaf hŷn"
)
_RELATIONS: Final = frozenset(set(_RELATION_EN) | {f for w in _RELATION_CY for f in mutations(w)})
_APPOSITION: Final = re.compile(
    rf"(?i:\b([\w’'-]+))(?:[ ]+[a-zà-ÿŵŷ’'-]+){{0,3}}?[ ]*,[ ]*({_TOK})(?=[ ]*(?:[,.;:)]|$))"
)

_VERBS_CY: Final = frozenset(
    words(
        "mae roedd oedd bydd bu aeth daeth dywedodd dwedodd soniodd gwrthododd ffoniodd cysylltodd "
        "eisteddodd ganwyd ganed cafodd gofynnodd esboniodd rhoddodd gwelodd siaradodd nid "
        "dydy doedd does mynegodd"
    )
)
_VERB_ENDS_CY: Final = ("odd", "ais", "wyd")
_PREP_CY: Final = frozenset(words("â ag gyda gydag efo wrth i"))
_NOTE_VERBS_EN: Final = frozenset(
    words(
        "met saw visited called phoned rang texted emailed asked told reassured discussed "
        "spoke reminded collected supported thanked"
    )
)
_PREP_EN: Final = frozenset(words("with asked told"))
_EN_VERB_AFTER: Final = re.compile(
    r"[ ]+(?:is|was|were|has|had|have|does|did|said|says|told|seemed|seems|wanted|wants|cried|"
    r"goes|went|came|refused|looked|appeared|spoke|started|stayed|lives|likes|loves|attends|"
    r"needs|showed|asked|answered|sat|ran|[a-z]+ed\b)"
)

_STREET_CY: Final = r"(?:Heol|Stryd|Ffordd|Lôn|Maes|Cilgant|Rhodfa|Teras|Clos|Stad|Parc|Bryn)"
_STREET_EN: Final = (
    r"(?:Street|Road|Lane|Avenue|Close|Terrace|Drive|Way|Crescent|Court|Place|Gardens|Grove|"
    r"Hill|Row|Square|Walk|View|Rise|Mews)"
)
_LINK: Final = r"(?:y|yr|'r|of|the|[a-zà-ÿŵŷ]{1,3})"
_ADDRESS: Final = re.compile(
    rf"(?<![\w/.-])\d{{1,4}}[A-Za-z]?,?[ ]+(?:"
    rf"{_STREET_CY}(?:[ ]+(?:{_LINK}[ ]+)?{_TOK}){{1,3}}"
    rf"|(?:{_TOK}[ ]+){{1,3}}{_STREET_EN}(?:[ ]+(?:East|West|North|South|Uchaf|Isaf))?"
    rf")"
)


def _ok(word: str) -> bool:
    low = word.lower().replace("’", "'")
    return low not in STOPWORDS and low.partition("'")[0] not in STOPWORDS and not word.isupper()


def _at_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].rstrip(" \"'‘“(")
    return (not before and pos <= 8) or before[-1:] in {".", "!", "?", "\n", ":", ";"}


_PREVIOUS: Final = re.compile(r"([\w’'-]+)[ ]+$")


def _previous_word(text: str, pos: int) -> str:
    m = _PREVIOUS.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _extend_surname(text: str, start: int, end: int) -> tuple[int, int]:
    m = re.match(rf"[ ]+({_TOK})", text[end:])
    if m and _ok(m.group(1)) and m.group(1).lower() not in FIRST_NAMES:
        return start, end + m.end()
    return start, end


def find_people(text: str) -> Iterator[tuple[int, int]]:
    """Spans of likely personal names found by title, first-name list or sentence position."""
    for m in _TITLE.finditer(text):
        if _ok(m.group(1)):
            yield m.span(1)
    for m in _TOKEN.finditer(text):
        token, start = m.group(), m.start()
        low = token.lower().replace("’", "'")
        base = low.partition("'")[0]
        if not _ok(token):
            continue
        if low in FIRST_NAMES or base in FIRST_NAMES:
            yield _extend_surname(text, start, start + len(base))
            continue
        if _in_a_persons_place(text, start, token):
            yield start, m.end()
    for m in _APPOSITION.finditer(text):
        if m.group(1).lower() in _RELATIONS and _ok(m.group(2)):
            yield m.span(2)


def _in_a_persons_place(text: str, start: int, token: str) -> bool:
    previous = _previous_word(text, start)
    prev_low = previous.lower()
    if previous and _at_start(text, start - len(previous) - 1):
        if prev_low in _VERBS_CY or (len(prev_low) > 4 and prev_low.endswith(_VERB_ENDS_CY)):
            return True  # Welsh: verb, then its subject
        if prev_low in _NOTE_VERBS_EN:
            return True  # English notes: "Visited Jade", "Called Kerry"
    if prev_low in _VERBS_CY and previous[:1].isupper():
        return True
    if prev_low in _PREP_CY and prev_low != "i":
        return True
    if prev_low in _PREP_EN and not _at_start(text, start):
        return True
    if _at_start(text, start):
        return _EN_VERB_AFTER.match(text, start + len(token)) is not None and "'" not in token
    return False


def find_addresses(text: str) -> Iterator[tuple[int, int]]:
    """Spans of street addresses: a house number and a street name."""
    for m in _ADDRESS.finditer(text):
        yield m.span()
