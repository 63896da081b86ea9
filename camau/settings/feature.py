"""Settings, declared once: its command and dialog."""

from __future__ import annotations

from camau.dialogs.feature import Command, Feature
from camau.i18n import _
from camau.settings.dialogs.settings import SettingsDialog

FEATURE = Feature(
    name="settings",
    commands=(
        Command(
            SettingsDialog.__name__,
            "settings",
            "gosodiadau",
            lambda: _("language, working hours and time zone"),
            menu=lambda: _("Settings"),
        ),
    ),
    dialogs=lambda: [SettingsDialog()],
)
