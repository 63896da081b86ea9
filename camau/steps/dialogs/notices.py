"""Scoring nudges, as the worker reads them: each leads straight into scoring that case.

Payloads hold the case id, its reference (what the worker types, never a name), the core group
date and counts. The button sends `{"camau": "scores", "case": <id>}`; the text also says what
to type (`scores <ref>` / `sgorau <ref>`) for channels without buttons.
"""

from __future__ import annotations

from datetime import date

from microsoft_agents.activity import Activity

from camau.dialogs.notices import Payload, Renderer
from camau.dialogs.render import card, card_activity, command_button
from camau.i18n import _, ngettext
from camau.steps.dialogs.render import day
from camau.steps.services.nudges import KINDS


def _nudge(text: str, payload: Payload) -> list[Activity]:
    case_id = payload.get("case_id")
    reference = str(payload.get("reference", ""))
    typed = _("Or type: scores {reference}").format(reference=reference)
    title = _("Score now")
    action = command_button(title, "scores", case=case_id)
    body = f"{text}\n\n{typed}"
    return [card_activity(card("choices", text=body, actions=[action]), text)]


def _fields(payload: Payload) -> tuple[str, str]:
    group = payload.get("core_group")
    when = day(date.fromisoformat(str(group))) if isinstance(group, str) else ""
    return str(payload.get("reference", "")), when


def score_the_steps(payload: Payload) -> list[Activity]:
    """The working day after a core group: time to score the steps."""
    reference, when = _fields(payload)
    text = _(
        "Case {reference}: time to score the steps for the core group on {date}. It takes a minute."
    ).format(reference=reference, date=when)
    return _nudge(text, payload)


def second_core_group(payload: Payload) -> list[Activity]:
    """Two working days before the second core group: the one most often left unscored."""
    reference, when = _fields(payload)
    text = _(
        "Reminder: the second core group for case {reference} is on {date}. Please score the "
        "steps straight after it: the second scoring is the one most often missed."
    ).format(reference=reference, date=when)
    return _nudge(text, payload)


def scores_overdue(payload: Payload) -> list[Activity]:
    """Five working days after a core group, still without scores."""
    reference, when = _fields(payload)
    text = _(
        "Case {reference}: there are still no scores for the core group on {date}. "
        "Please score the steps now."
    ).format(reference=reference, date=when)
    return _nudge(text, payload)


def not_moved(payload: Payload) -> list[Activity]:
    """Areas whose scores have not moved for three core groups."""
    count = int(str(payload.get("areas", 1)))
    text = ngettext(
        "Case {reference}: {count} area for change has not moved for three core groups. "
        "It may help to talk it through with your practice mentor.",
        "Case {reference}: {count} areas for change have not moved for three core groups. "
        "It may help to talk it through with your practice mentor.",
        count,
    ).format(reference=str(payload.get("reference", "")), count=count)
    return _nudge(text, payload)


# Outbox kind -> renderer (declared by the feature).
NOTICES: dict[str, Renderer] = {
    KINDS["due"]: score_the_steps,
    KINDS["second"]: second_core_group,
    KINDS["overdue"]: scores_overdue,
    KINDS["stalled"]: not_moved,
}
