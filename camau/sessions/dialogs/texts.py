"""Words for sessions in the reader's language: kinds, answers, times, progress, session lines."""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import PromptOptions

from camau.dialogs.dates_text import DEFAULT_ZONE, when_text, zone_of
from camau.dialogs.prompts import choice_options
from camau.dialogs.render import Choice
from camau.i18n import _, ngettext
from camau.practice.sessions import CANT, CONFIRMED, GROUP, INDIVIDUAL, TRAINING
from camau.sessions.services.sessions import SessionView

__all__ = ["DEFAULT_ZONE", "when_text", "zone_of"]


def kind_text(kind: str) -> str:
    names = {
        INDIVIDUAL: _("individual mentor session"),
        GROUP: _("reflective practice group"),
        TRAINING: _("training event"),
    }
    return names.get(kind, kind)


def answer_text(response: str) -> str:
    if response == CONFIRMED:
        return _("you confirmed")
    if response == CANT:
        return _("you can't make it")
    return _("not confirmed yet")


def length_text(minutes: int) -> str:
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def progress_text(held: int, minimum: int) -> str:
    """'2 of 3 individual sessions' / '2 o 3 sesiwn unigol' (the plural follows the minimum)."""
    return ngettext(
        "{held} of {minimum} individual session",
        "{held} of {minimum} individual sessions",
        minimum,
    ).format(held=held, minimum=minimum)


def session_line(view: SessionView, zone: object, *, for_person: int | None = None) -> str:
    """One session as a line: when, what, with whom, where (and the reader's answer)."""
    people = ", ".join(m.name for m in view.attendees())
    line = _("{when}: {kind} with {people}").format(
        when=when_text(view.starts_at, zone),
        kind=kind_text(view.kind),
        people=view.mentor_name if for_person is not None else people,
    )
    if view.place:
        line += " · " + view.place
    if for_person is not None:
        line += " (" + answer_text(view.response_of(for_person)) + ")"
    return line


def session_title(view: SessionView, zone: object) -> str:
    """A short label for choosing a session: day, time and who."""
    people = ", ".join(m.name for m in view.attendees())
    return f"{when_text(view.starts_at, zone)} · {people}"


def pick_session_options(
    channel_id: str | None, views: list[SessionView], zone: object
) -> PromptOptions:
    """Ask which of these sessions (the first ten) the person means."""
    choices = [Choice(str(v.id), session_title(v, zone)) for v in views[:10]]
    return choice_options(
        channel_id, _("Which session?"), choices, retry=_("Please choose one of the options.")
    )
