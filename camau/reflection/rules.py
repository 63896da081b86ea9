"""The guided reflection: its questions (Kolb-shaped), the framework components and summaries.

Pure rules only: which questions, in what order, which component each serves, how long it
takes, how a typed list of components or a 1-10 score is read, and how an answer is cut down
for a mentor's summary. The wording of each question lives in the catalogues (dialogs).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Final


class Component(StrEnum):
    """The four components of the Effective Child Protection framework."""

    CONVERSATIONS = "conversations"
    THRESHOLDS = "thresholds"
    CHANGE = "change"
    MEASURE = "measure"


class Kind(StrEnum):
    """How a question is answered."""

    TEXT = "text"
    SCALE = "scale"
    COMPONENTS = "components"


class Stage(StrEnum):
    """The Kolb cycle: experience, reflection, analysis, action."""

    EXPERIENCE = "experience"
    REFLECTION = "reflection"
    ANALYSIS = "analysis"
    ACTION = "action"


class Sharing(StrEnum):
    """What the worker chose to do with a reflection."""

    PRIVATE = "private"
    SHARED = "shared"
    BRING = "bring"


@dataclass(frozen=True)
class Question:
    """One question of the reflection."""

    id: str
    kind: Kind
    stage: Stage
    components: tuple[Component, ...]
    optional: bool
    seconds: int  # a fair estimate of the time it takes to answer


C = Component
QUESTIONS: Final = (
    Question("what_happened", Kind.TEXT, Stage.EXPERIENCE, (C.CONVERSATIONS,), False, 30),
    Question("mattered_to_family", Kind.TEXT, Stage.REFLECTION, (C.CONVERSATIONS,), False, 20),
    Question("strengths", Kind.TEXT, Stage.REFLECTION, (C.CONVERSATIONS, C.CHANGE), False, 20),
    Question("change_in_own_words", Kind.TEXT, Stage.ANALYSIS, (C.CHANGE,), False, 20),
    Question("difficult", Kind.TEXT, Stage.ANALYSIS, (C.CONVERSATIONS,), False, 20),
    Question("decision", Kind.TEXT, Stage.ANALYSIS, (C.THRESHOLDS,), False, 25),
    Question("next_time", Kind.TEXT, Stage.ACTION, (C.CONVERSATIONS,), False, 20),
    Question("how_it_went", Kind.SCALE, Stage.REFLECTION, (), True, 5),
    Question("components", Kind.COMPONENTS, Stage.REFLECTION, (), True, 10),
)
SHARING_SECONDS: Final = 5
TEXT_QUESTIONS: Final = tuple(q for q in QUESTIONS if q.kind is Kind.TEXT)
BY_ID: Final = {q.id: q for q in QUESTIONS}

# A reflection left unfinished: after this quiet gap the person is asked whether to carry on.
RESUME_AFTER: Final = timedelta(minutes=30)
# ... and after this long it is dropped (the same as the router's RESUME_DAYS).
EXPIRES_AFTER: Final = timedelta(days=7)

SCALE_MIN: Final = 1
SCALE_MAX: Final = 10


def estimated_seconds() -> int:
    """How long the whole reflection takes, answering every question."""
    return sum(q.seconds for q in QUESTIONS) + SHARING_SECONDS


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


_COMPONENT_WORDS: Final = {
    C.CONVERSATIONS: ("conversations", "conversation", "sgyrsiau", "sgwrs"),
    C.THRESHOLDS: ("thresholds", "threshold", "trothwyon", "trothwy"),
    C.CHANGE: ("change", "newid"),
    C.MEASURE: ("measure", "mesur"),
}
_ORDER: Final = tuple(Component)
_SPLIT: Final = re.compile(r"[\s,;/&+]+|\band\b|\ba\b|\bac\b")


def parse_components(text: str) -> tuple[Component, ...] | None:
    """Components named in `text` (numbers 1-4 or names, either language); None if unreadable."""
    found: list[Component] = []
    for word in _SPLIT.split(_fold(text)):
        word = word.strip(".")
        if not word:
            continue
        match: Component | None = None
        if word.isdigit() and 1 <= int(word) <= len(_ORDER):
            match = _ORDER[int(word) - 1]
        for component, words in _COMPONENT_WORDS.items():
            if word in words:
                match = component
        if match is None:
            return None
        if match not in found:
            found.append(match)
    return tuple(c for c in _ORDER if c in found) or None


def components_touched(
    answered: set[str], chosen: tuple[Component, ...] | None
) -> tuple[Component, ...]:
    """The components the person chose, or else those the answered questions serve."""
    if chosen:
        return tuple(c for c in _ORDER if c in chosen)
    served = {c for q in QUESTIONS if q.id in answered for c in q.components}
    return tuple(c for c in _ORDER if c in served)


_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")


def cut(text: str, sentences: int = 2, limit: int = 240) -> str:
    """The first `sentences` sentences of `text`, at most `limit` characters (… when cut)."""
    flat = " ".join(text.split())
    parts = _SENTENCE_END.split(flat)
    short = " ".join(parts[:sentences])
    if len(short) > limit:
        short = short[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    elif len(parts) > sentences:
        short += " …"
    return short
