"""Mentor sessions, declared once: sessions (commands, dialogs, roles, notices, card actions,
tables) and the mentor's pre-session brief."""

from __future__ import annotations

from camau.dialogs.feature import MENTORS, WORKERS, Command, Feature
from camau.i18n import _
from camau.sessions import tables
from camau.sessions.dialogs import notices as session_notices
from camau.sessions.dialogs import reminder_cards as session_cards
from camau.sessions.dialogs.answers import (
    CalendarDialog,
    CantMakeItDialog,
    ConfirmSessionDialog,
    SnoozeDialog,
)
from camau.sessions.dialogs.brief import BriefDialog
from camau.sessions.dialogs.mentor import RecordDialog, ScheduleDialog
from camau.sessions.dialogs.sessions import COMMANDS, SessionsDialog

FEATURE = Feature(
    name="sessions",
    commands=COMMANDS,
    dialogs=lambda: [
        SessionsDialog(),
        ScheduleDialog(),
        RecordDialog(),
        ConfirmSessionDialog(),
        CantMakeItDialog(),
        SnoozeDialog(),
        CalendarDialog(),
    ],
    roles={
        SessionsDialog.__name__: frozenset({"worker", "mentor"}),
        ScheduleDialog.__name__: MENTORS,
        RecordDialog.__name__: MENTORS,
        ConfirmSessionDialog.__name__: WORKERS,
        CantMakeItDialog.__name__: WORKERS,
        SnoozeDialog.__name__: WORKERS,
        CalendarDialog.__name__: frozenset({"worker", "mentor"}),
    },
    notices=session_notices.NOTICES,
    loaded_notices=session_notices.LOADED_NOTICES,
    card_actions=session_cards.CARD_ACTIONS,
    tables=(tables,),
)


BRIEF = Feature(
    name="session_brief",
    commands=(
        Command(
            BriefDialog.__name__,
            "brief",
            "briff",
            lambda: _("before a session, what your mentee has shared and scored"),
            menu=lambda: _("Pre-session brief"),
        ),
    ),
    dialogs=lambda: [BriefDialog()],
    sensitive=True,
    roles={BriefDialog.__name__: MENTORS},
)
