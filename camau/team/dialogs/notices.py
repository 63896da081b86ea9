"""The team manager's notices: the Monday digest (rendered at delivery, so as of that moment) and
overdue alerts. Counts and dates only, never reflective text.
"""

from __future__ import annotations

from microsoft_agents.activity import Activity

from camau.dialogs.notices import LoadingRenderer, NoticeDeps, Payload, Renderer
from camau.dialogs.render import text_activity
from camau.i18n import _
from camau.practice.payloads import whole_number
from camau.services.errors import NotFound, NotPermitted
from camau.sessions.dialogs.notices import reader
from camau.sessions.dialogs.texts import progress_text
from camau.team import services as digests
from camau.team.dialogs.digest import digest_activity


async def manager_digest(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    """To a team manager on Monday morning: the team's sessions and scoring, counts only."""
    try:
        digest = await digests.digest_for_recipient(deps.db, deps.clock, deps.recipient_id)
    except (NotFound, NotPermitted):
        return []
    if not digest.rows:
        return []
    zone, channel = await reader(deps)
    return [digest_activity(digest, zone, channel)]


def manager_alert(payload: Payload) -> list[Activity]:
    """To a team manager: something of a worker's has become overdue."""
    worker = str(payload.get("worker", ""))
    day = str(payload.get("date", ""))
    shown = "/".join(reversed(day.split("-"))) if day else ""
    if payload.get("what") == "sessions":
        held, minimum = (
            whole_number(payload.get("held")) or 0,
            whole_number(payload.get("minimum")) or 0,
        )
        text = _("Overdue: {worker} had {progress} when the programme ended on {date}.").format(
            worker=worker, progress=progress_text(held, minimum), date=shown
        )
    else:
        text = _("Overdue: {worker} has not scored the core group of {date}.").format(
            worker=worker, date=shown
        )
    return [text_activity(text)]


NOTICES: dict[str, Renderer] = {digests.ALERT: manager_alert}
LOADED_NOTICES: dict[str, LoadingRenderer] = {digests.DIGEST: manager_digest}
