"""The words of the reflection feature: questions, components and sharing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from camau.dialogs.render import Choice
from camau.i18n import _N, _
from camau.reflection.rules import Component, Sharing, cut
from camau.reflection.services.reflections import ReflectionView

QUESTION_TEXT = {
    "what_happened": _N(
        "What happened? Describe the visit or meeting in a few lines, using the case "
        "reference only."
    ),
    "mattered_to_family": _N("What mattered most to the family?"),
    "strengths": _N("What strengths did you notice in the family?"),
    "change_in_own_words": _N(
        "Did the family name the change needed in their own words? What did they say?"
    ),
    "difficult": _N("Where did it get difficult, and what did you do?"),
    "decision": _N("How was the decision reached, and how is it evidenced?"),
    "next_time": _N("What will you do next time?"),
    "how_it_went": _N("How did it go, on a scale of 1 to 10? (optional)"),
    "components": _N("Which components of the framework did it touch? (optional)"),
}

QUESTION_LABEL = {
    "what_happened": _N("What happened"),
    "mattered_to_family": _N("What mattered most to the family"),
    "strengths": _N("Strengths"),
    "change_in_own_words": _N("The change in the family's own words"),
    "difficult": _N("Where it got difficult"),
    "decision": _N("How the decision was reached"),
    "next_time": _N("Next time"),
}

COMPONENT_NAME = {
    Component.CONVERSATIONS: _N("Conversations"),
    Component.THRESHOLDS: _N("Thresholds"),
    Component.CHANGE: _N("Change"),
    Component.MEASURE: _N("Measure"),
}

SHARING_NAME = {
    Sharing.PRIVATE: _N("private"),
    Sharing.SHARED: _N("shared with your mentor"),
    Sharing.BRING: _N("for your next mentor session"),
}


def question(question_id: str) -> str:
    return _(QUESTION_TEXT[question_id])


def label(question_id: str) -> str:
    return _(QUESTION_LABEL.get(question_id, question_id))


def components_text(components: tuple[Component, ...]) -> str:
    """Component names joined, or a dash when there are none."""
    return ", ".join(_(COMPONENT_NAME[c]) for c in components) or "–"


def sharing_text(sharing: Sharing) -> str:
    return _(SHARING_NAME[sharing])


SHARING_SYNONYMS = {
    Sharing.PRIVATE.value: ["preifat", "private", "cadw", "keep"],
    Sharing.SHARED.value: ["rhannu", "share", "mentor"],
    Sharing.BRING.value: ["sesiwn", "session", "next session", "sesiwn nesaf"],
}


def sharing_choices() -> list[Choice]:
    return [
        Choice(Sharing.PRIVATE.value, _("Keep it private")),
        Choice(Sharing.SHARED.value, _("Share with my mentor")),
        Choice(Sharing.BRING.value, _("Bring to my next mentor session")),
    ]


def local_time(moment: datetime, zone: str) -> str:
    """Day/month/year and time in the reader's time zone (numbers: the same in both languages)."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("Europe/London")
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def _facts(view: ReflectionView) -> list[str]:
    lines = [_("Components: {components}").format(components=components_text(view.components))]
    if view.how_it_went is not None:
        lines.append(_("How did it go: {score}/10").format(score=view.how_it_went))
    return lines


def view_text(view: ReflectionView, zone: str, *, own: bool) -> str:
    """A whole reflection, as its author or a mentor reads it."""
    when = local_time(view.created_at, zone)
    if own:
        title = _("**Your reflection of {when}** ({sharing})").format(
            when=when, sharing=sharing_text(view.sharing)
        )
    else:
        title = _("**Reflection by {name}, {when}**").format(name=view.author_name, when=when)
    lines = [title, *_facts(view)]
    for answer in view.answers:
        lines += ["", f"**{label(answer.question_id)}**", answer.text]
    if view.note:
        lines += ["", "**" + _("Note added later") + "**", view.note]
    return "\n".join(lines)


def summary_text(view: ReflectionView, zone: str) -> str:
    """A shared reflection cut short for the mentor: who, when, components, answers in brief."""
    title = _("**{name} shared a reflection** ({when})").format(
        name=view.author_name, when=local_time(view.shared_at or view.created_at, zone)
    )
    lines = [title, *_facts(view)]
    lines += [f"- **{label(a.question_id)}**: {cut(a.text)}" for a in view.answers]
    return "\n".join(lines)


def read_in_full_hint() -> str:
    return _("Type **shared** to read it in full.")
