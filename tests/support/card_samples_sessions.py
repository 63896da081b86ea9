"""Mentor session cards as samples: the reminder (live and answered), the "can't make it" reason
card, the mentor's brief, the session picker and the manager's digest table, with long values.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from microsoft_agents.activity import Activity

from camau.conversation.features import all_notices
from camau.dialogs.guard import findings_text
from camau.dialogs.render import card_activity
from camau.i18n import _
from camau.practice.privacy import find_identifiers
from camau.practice.sessions import GROUP, INDIVIDUAL
from camau.sessions.dialogs.notices import brief_activity, reminder_activity
from camau.sessions.dialogs.reminder_cards import (
    answered_card,
    confirmed_text,
    reason_card,
    snoozed_text,
    told_text,
)
from camau.sessions.dialogs.texts import pick_session_options
from camau.sessions.services.sessions import MAX_PLACE, MAX_REASON, Member, SessionView
from camau.team.dialogs.digest import digest_activity
from camau.team.rules import WorkerFacts, build_digest
from tests.support.card_samples import LONG, TEAMS, sample

STARTS = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
ZONE = "America/Argentina/ComodRivadavia"
MENTOR = "Angharad Llewelyn-Prydderch ap Rhisiart"
PLACE = (LONG * 2)[:MAX_PLACE]
WORKERS = [
    "Gwenllian Ffion Hughes-Vaughan ap Llywelyn",
    "Bartholomew Christopher Fitzgerald-Montgomery",
    "Siân Lloyd",
    "Tom Davies",
    "Elin Pryce",
    "Alex Wilber",
    "Rhodri Cadwaladr Tudur-Williams",
    "Catrin Angharad Myfanwy Pritchard-Jones",
    "Dafydd ap Gwilym Llwyd",
    "Nia Wyn Ellis",
    "Heledd Fflur Morgan-Rees",
    "Iestyn Rhys Penhaligon-Davies",
]


def view(kind: str = INDIVIDUAL, attendees: int = 1) -> SessionView:
    members = tuple(
        Member(person_id=10 + i, name=WORKERS[i], role="attendee", response="none")
        for i in range(attendees)
    )
    return SessionView(
        id=123456,
        kind=kind,
        starts_at=STARTS,
        minutes=90,
        place=PLACE,
        status="scheduled",
        mentor_id=2,
        mentor_name=MENTOR,
        members=members,
    )


@sample("session_reminder")
def _reminder(_language: str) -> list[Activity]:
    return [reminder_activity(view(), ZONE, TEAMS), reminder_activity(view(GROUP, 12), ZONE, TEAMS)]


@sample("session_update")
def _update(language: str) -> list[Activity]:
    payload = {
        "session_id": 123456,
        "starts_at": STARTS.isoformat(),
        "mentor": MENTOR,
        "kind": INDIVIDUAL,
        "tz": ZONE,
        "place": PLACE,
        "channel": TEAMS,
    }
    arranged = all_notices().render("session_update", {**payload, "event": "arranged"}, language)
    return [
        *arranged,
        *all_notices().render("session_update", {**payload, "event": "moved"}, language),
    ]


@sample("session_answered")
def _answered(_language: str) -> list[Activity]:
    """The reminder card updated in place after each answer (Action.Execute's response)."""
    answered = [
        answered_card(_("Confirmed"), confirmed_text(STARTS, ZONE)),
        answered_card(_("Can't make it"), told_text(MENTOR)),
        answered_card(_("Later"), snoozed_text(STARTS - timedelta(hours=1), ZONE)),
        answered_card(_("Later"), snoozed_text(None, ZONE)),
        answered_card(_("Mentor session"), _("That session is no longer coming up.")),
    ]
    return [card_activity(content, content["body"][0]["text"]) for content in answered]


@sample("session_reason")
def _reason(_language: str) -> list[Activity]:
    reason = (LONG + " Ffoniwch fi ar 07700 900123.")[-MAX_REASON:]
    findings = findings_text(find_identifiers(reason))
    cards = [
        reason_card(123456, MENTOR, "", None),
        reason_card(123456, MENTOR, reason, findings),
    ]
    return [card_activity(content, _("Can't make it")) for content in cards]


@sample("session_brief")
def _brief(_language: str) -> list[Activity]:
    figures: dict[str, object] = {
        "held": 11,
        "minimum": 12,
        "reflections": 27,
        "scored": 140,
        "due_unscored": 12,
        "overdue": 9,
        "not_moved": 31,
    }
    return [
        brief_activity(view(), ZONE, TEAMS, WORKERS[0], figures),
        brief_activity(view(), ZONE, TEAMS, WORKERS[1], {"held": 0, "minimum": 6}),
    ]


@sample("session_pick")
def _pick(_language: str) -> Activity:
    views = [view(GROUP, 12) for _ in range(12)]
    prompt = pick_session_options(TEAMS, views, ZONE).prompt
    assert isinstance(prompt, Activity)
    return prompt


@sample("session_digest")
def _digest(_language: str) -> list[Activity]:
    rows = [
        WorkerFacts(
            worker_id=i,
            name=f"{WORKERS[i % len(WORKERS)]} {i}",
            held=i % 7,
            next_session=STARTS + timedelta(days=i) if i % 3 else None,
            unrecorded=i % 2,
            scored=100 + i if i % 5 else None,
            unscored=i % 4,
            overdue=i % 3,
        )
        for i in range(1, 41)
    ]
    full = build_digest(rows, 6, STARTS)
    without_scores = build_digest(
        [WorkerFacts(1, WORKERS[0], 0, None), WorkerFacts(2, WORKERS[1], 9, STARTS)], 6, STARTS
    )
    return [digest_activity(full, ZONE, TEAMS), digest_activity(without_scores, ZONE, TEAMS)]
