"""The team digest, declared once: its command, dialog and notices."""

from __future__ import annotations

from camau.dialogs.feature import MANAGERS, Command, Feature
from camau.i18n import _
from camau.team.dialogs import notices
from camau.team.dialogs.team import TeamDigestDialog

FEATURE = Feature(
    name="team",
    commands=(
        Command(
            TeamDigestDialog.__name__,
            "team",
            "tîm",
            lambda: _("your team's sessions and scoring, as of now (counts and dates only)"),
            menu=lambda: _("Team digest"),
            aliases=("tim", "team digest", "crynodeb tîm"),
            audience=MANAGERS,
        ),
    ),
    dialogs=lambda: [TeamDigestDialog()],
    # No `roles`: the digest's first step answers anyone else with its own sentence.
    notices=notices.NOTICES,
    loaded_notices=notices.LOADED_NOTICES,
)
