"""The team digest as an Adaptive Card table (Teams) or plain text (elsewhere): counts only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from microsoft_agents.activity import Activity

from camau.dialogs.render import card, card_activity, text_activity, uses_cards
from camau.i18n import _, ngettext
from camau.sessions.dialogs.texts import zone_of
from camau.team.dialogs import CARDS
from camau.team.rules import Digest, DigestRow

DASH = "–"


def _short(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return DASH
    return moment.astimezone(zone_of(zone)).strftime("%d/%m/%Y %H:%M")


def _number(value: int | None) -> str:
    return DASH if value is None else str(value)


def _cells(row: DigestRow, zone: str) -> list[str]:
    sessions = f"{row.held}/{row.minimum}" + (" ⚠" if row.below_minimum else "")
    return [
        row.name,
        sessions,
        _short(row.next_session, zone),
        _number(row.scored),
        _number(row.unscored),
        _number(row.overdue),
    ]


def _headers() -> list[str]:
    return [
        _("Worker"),
        _("Individual sessions"),
        _("Next session"),
        _("Core groups scored"),
        _("Waiting to be scored"),
        _("Overdue"),
    ]


def _title(digest: Digest, zone: str) -> str:
    day = digest.built_at.astimezone(zone_of(zone)).strftime("%d/%m/%Y")
    return _("Team digest, {date}").format(date=day)


def _summary(digest: Digest) -> str:
    below = ngettext(
        "{n} worker is below the minimum of {minimum} individual sessions.",
        "{n} workers are below the minimum of {minimum} individual sessions.",
        digest.below_minimum,
    ).format(n=digest.below_minimum, minimum=digest.minimum)
    overdue = ngettext(
        "{n} core group is overdue for scoring.",
        "{n} core groups are overdue for scoring.",
        digest.overdue,
    ).format(n=digest.overdue)
    unrecorded = sum(row.unrecorded for row in digest.rows)
    lines = [below, overdue]
    if unrecorded:
        lines.append(
            ngettext(
                "{n} past session has not been recorded by the mentor yet.",
                "{n} past sessions have not been recorded by the mentor yet.",
                unrecorded,
            ).format(n=unrecorded)
        )
    if not digest.scoring_available:
        lines.append(_("Scoring activity: not available yet."))
    return " ".join(lines)


def _footer() -> str:
    return _("Counts and dates only: reflections stay between workers and their mentors.")


def _table_row(cells: list[str], bold: bool = False) -> dict[str, Any]:
    return {
        "type": "TableRow",
        "cells": [
            {
                "type": "TableCell",
                "items": [
                    {
                        "type": "TextBlock",
                        "text": text,
                        "wrap": True,
                        **({"weight": "Bolder"} if bold else {}),
                    }
                ],
            }
            for text in cells
        ],
    }


def digest_card(digest: Digest, zone: str) -> dict[str, Any]:
    rows = [_table_row(_headers(), bold=True)]
    rows += [_table_row(_cells(row, zone)) for row in digest.rows]
    return card(
        CARDS / "session_digest.json",
        title=_title(digest, zone),
        summary=_summary(digest),
        rows=rows,
        footer=_footer(),
    )


def digest_text(digest: Digest, zone: str) -> str:
    lines = [f"**{_title(digest, zone)}**", "", _summary(digest), ""]
    headers = _headers()
    for row in digest.rows:
        cells = _cells(row, zone)
        details = "; ".join(f"{h}: {c}" for h, c in zip(headers[1:], cells[1:], strict=True))
        lines.append(f"- **{cells[0]}**: {details}")
    lines += ["", _footer()]
    return "\n".join(lines)


def digest_activity(digest: Digest, zone: str, channel: str | None) -> Activity:
    """The digest the channel's way: a table card in Teams, text elsewhere."""
    if uses_cards(channel):
        return card_activity(digest_card(digest, zone), _title(digest, zone))
    return text_activity(digest_text(digest, zone))
