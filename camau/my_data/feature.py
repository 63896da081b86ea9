"""Delete my data, declared once: its command and dialog."""

from __future__ import annotations

from camau.dialogs.feature import Command, Feature
from camau.i18n import _
from camau.my_data.dialogs import DeleteMyDataDialog

FEATURE = Feature(
    name="my_data",
    commands=(
        Command(
            DeleteMyDataDialog.__name__,
            "delete my data",
            "dileu fy nata",
            lambda: _("what Camau keeps about you, and deleting what is yours"),
            aliases=("dileu fy data",),
        ),
    ),
    dialogs=lambda: [DeleteMyDataDialog()],
)
