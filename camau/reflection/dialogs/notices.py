"""Summaries of shared reflections for mentors, rendered at delivery in the mentor's language.

The outbox payload holds ids only; the text is loaded here through the reflection service,
which checks the reflection is still shared with this (current) mentor and audits the read.
Nothing found means nothing is sent (the outbox cancels the message).
"""

from __future__ import annotations

from datetime import date

from microsoft_agents.activity import Activity

from camau.dialogs.channels import case_data
from camau.dialogs.notices import LoadingRenderer, NoticeDeps, Payload
from camau.dialogs.render import text_activity
from camau.i18n import _
from camau.reflection.dialogs.texts import read_in_full_hint, summary_text
from camau.reflection.services import sharing as reflection_sharing
from camau.services import people
from camau.services.errors import NotFound


async def _zone(deps: NoticeDeps) -> str:
    try:
        return (await people.load(deps.db, deps.recipient_id)).timezone
    except NotFound:
        return "Europe/London"


async def reflection_summary(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    """One shared reflection, in brief."""
    reflection_id = payload.get("reflection_id")
    if not isinstance(reflection_id, int):
        return []
    view = await reflection_sharing.summary_for(
        deps.db, deps.clock, deps.recipient_id, reflection_id
    )
    if view is None:
        return []
    text = f"{summary_text(view, await _zone(deps))}\n\n{read_in_full_hint()}"
    return [case_data(text_activity(text))]


async def reflection_digest(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    """Every reflection shared with the mentor on one day, in brief."""
    try:
        day = date.fromisoformat(str(payload.get("date")))
    except ValueError:
        return []
    views = await reflection_sharing.digest_for(deps.db, deps.clock, deps.recipient_id, day)
    if not views:
        return []
    zone = await _zone(deps)
    title = _("**Reflections your mentees shared with you** ({date})").format(
        date=day.strftime("%d/%m/%Y")
    )
    parts = [title, *(summary_text(view, zone) for view in views), read_in_full_hint()]
    return [case_data(text_activity("\n\n".join(parts)))]


# Outbox kind -> loading renderer (declared by the feature).
LOADED_NOTICES: dict[str, LoadingRenderer] = {
    reflection_sharing.SUMMARY: reflection_summary,
    reflection_sharing.DIGEST: reflection_digest,
}
