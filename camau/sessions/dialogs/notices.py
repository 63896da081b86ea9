"""Session reminders, briefs and changes as proactive messages.

Reminders and briefs are rendered when they are delivered (loading renderers): a
reminder for a session that was cancelled, has started or was declined is not sent, and a brief
shows the figures as they are at that moment. Counts and dates only; the brief's
reflections are read from it on request (the `brief` command), never carried in the outbox.
"""

from __future__ import annotations

from datetime import datetime

from microsoft_agents.activity import Activity

from camau.dialogs.notices import LoadingRenderer, NoticeDeps, Payload, Renderer
from camau.dialogs.render import card, card_activity, command_button, text_activity, uses_cards
from camau.i18n import _, ngettext
from camau.practice.payloads import whole_number
from camau.services import people
from camau.services.errors import NotFound, NotPermitted
from camau.sessions.dialogs import CARDS
from camau.sessions.dialogs.reminder_cards import answer_activity
from camau.sessions.dialogs.texts import kind_text, length_text, progress_text, when_text
from camau.sessions.services import brief as session_brief
from camau.sessions.services import reminders as session_reminders
from camau.sessions.services import responses as session_responses
from camau.sessions.services.sessions import SessionView


async def reader(deps: NoticeDeps) -> tuple[str, str | None]:
    """The recipient's zone and the channel their messages go to."""
    try:
        zone = (await people.load(deps.db, deps.recipient_id)).timezone
    except NotFound:
        zone = "Europe/London"
    return zone, await session_reminders.channel_of(deps.db, deps.recipient_id)


def _details(view: SessionView, zone: str, mentor: bool) -> str:
    who = ", ".join(m.name for m in view.attendees()) if mentor else view.mentor_name
    lines = [
        _("{kind} with {who}").format(kind=kind_text(view.kind).capitalize(), who=who),
        _("When: {when} ({length})").format(
            when=when_text(view.starts_at, zone), length=length_text(view.minutes)
        ),
    ]
    if view.place:
        lines.append(_("Where: {place}").format(place=view.place))
    return "\n\n".join(lines)


async def session_reminder(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    """To an attendee before a session: when and where, with Confirm / Can't make it / Later."""
    session_id = whole_number(payload.get("session_id"))
    if session_id is None:
        return []
    view = await session_responses.still_coming(deps.db, deps.clock, session_id, deps.recipient_id)
    if view is None:
        return []
    zone, channel = await reader(deps)
    return [reminder_activity(view, zone, channel)]


def reminder_activity(view: SessionView, zone: str, channel: str | None) -> Activity:
    """The reminder an attendee reads: when and where, with Confirm / Can't make it / Later."""
    title = _("Reminder: {kind}").format(kind=kind_text(view.kind))
    return answer_activity(channel, title, _details(view, zone, False), view.id)


def brief_lines(figures: dict[str, object]) -> list[str]:
    held, minimum = (
        whole_number(figures.get("held")) or 0,
        whole_number(figures.get("minimum")) or 0,
    )
    lines = [
        _("Individual sessions so far: {progress}").format(progress=progress_text(held, minimum))
    ]
    shared = whole_number(figures.get("reflections"))
    if shared is None:
        lines.append(_("Shared reflections: not available yet."))
    else:
        lines.append(
            ngettext(
                "{n} reflection shared or brought since the last session",
                "{n} reflections shared or brought since the last session",
                shared,
            ).format(n=shared)
        )
    counts = [
        whole_number(figures.get(k)) for k in ("scored", "due_unscored", "overdue", "not_moved")
    ]
    if any(c is None for c in counts):
        lines.append(_("Scoring activity: not available yet."))
        return lines
    scored, due, overdue, not_moved = (c or 0 for c in counts)
    lines.append(
        _(
            "Core groups scored: {scored}; waiting to be scored: {due}; overdue: {overdue}. "
            "Areas with no change over three core groups: {not_moved}."
        ).format(scored=scored, due=due, overdue=overdue, not_moved=not_moved)
    )
    return lines


async def session_brief_notice(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    """To the mentor one working day before an individual session: the figures, as they are."""
    session_id, worker_id = (
        whole_number(payload.get("session_id")),
        whole_number(payload.get("worker_id")),
    )
    if session_id is None or worker_id is None:
        return []
    view = await session_responses.still_coming(deps.db, deps.clock, session_id, deps.recipient_id)
    if view is None:
        return []
    try:
        figures = await session_brief.figures(deps.db, deps.clock, session_id, worker_id)
    except (NotFound, NotPermitted):
        return []
    zone, channel = await reader(deps)
    return [brief_activity(view, zone, channel, str(payload.get("worker", "")), figures)]


def brief_activity(
    view: SessionView, zone: str, channel: str | None, worker: str, figures: dict[str, object]
) -> Activity:
    """The mentor's brief: the session and the figures, with a button to read the reflections."""
    title = _("Pre-session brief: {worker}").format(worker=worker)
    lines = [_details(view, zone, True), *brief_lines(figures)]
    text = "\n\n".join(lines)
    if uses_cards(channel):
        action = command_button(_("Read the shared reflections"), "brief", session_id=view.id)
        return card_activity(
            card(CARDS / "session_card.json", title=title, text=text, actions=[action]), title
        )
    hint = _("Type **brief** to read the shared reflections in full.")
    return text_activity(f"**{title}**\n\n{text}\n\n{hint}")


def session_update(payload: Payload) -> list[Activity]:
    """To an attendee: a session was arranged, moved or cancelled."""
    session_id = whole_number(payload.get("session_id")) or 0
    starts = datetime.fromisoformat(str(payload.get("starts_at")))
    values = {
        "mentor": str(payload.get("mentor", "")),
        "kind": kind_text(str(payload.get("kind", ""))),
        "when": when_text(starts, payload.get("tz")),
    }
    event = payload.get("event")
    if event == "cancelled":
        return [text_activity(_("{mentor} has cancelled the {kind} on {when}.").format(**values))]
    if event == "moved":
        text = _("{mentor} has moved the {kind} to {when}.").format(**values)
    else:
        text = _("{mentor} has arranged this with you: {kind}, {when}.").format(**values)
    place = payload.get("place")
    if isinstance(place, str) and place:
        text += "\n\n" + _("Where: {place}").format(place=place)
    return [answer_activity(payload.get("channel"), _("Mentor session"), text, session_id)]


def session_cant(payload: Payload) -> list[Activity]:
    """To the mentor, straight away: an attendee can't make a session."""
    starts = datetime.fromisoformat(str(payload.get("starts_at")))
    text = _("{worker} can't make the {kind} on {when}.").format(
        worker=str(payload.get("worker", "")),
        kind=kind_text(str(payload.get("kind", ""))),
        when=when_text(starts, payload.get("tz")),
    )
    reason = payload.get("reason")
    if isinstance(reason, str) and reason:
        text += "\n\n" + _("Reason given: {reason}").format(reason=reason)
    text += "\n\n" + _("Type **sessions** to move or cancel it.")
    return [text_activity(text)]


# Outbox kind -> renderer (declared by the feature).
NOTICES: dict[str, Renderer] = {
    session_reminders.UPDATE: session_update,
    session_reminders.CANT_NOTICE: session_cant,
}

# Outbox kind -> loading renderer (declared by the feature).
LOADED_NOTICES: dict[str, LoadingRenderer] = {
    session_reminders.REMINDER: session_reminder,
    session_reminders.BRIEF_NOTICE: session_brief_notice,
}
