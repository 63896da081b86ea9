"""The reflection feature, declared once: its commands, dialogs, roles, notices, state types and tables."""

from __future__ import annotations

from camau.dialogs.feature import MENTORS, WORKERS, Feature
from camau.reflection import tables
from camau.reflection.dialogs import notices as reflection_notices
from camau.reflection.dialogs.mentor import MenteeReflectionsDialog, SummariesDialog
from camau.reflection.dialogs.mine import MyReflectionsDialog
from camau.reflection.dialogs.reflect import COMMANDS, Draft, ReflectionDialog

FEATURE = Feature(
    name="reflection",
    commands=COMMANDS,
    dialogs=lambda: [
        ReflectionDialog(),
        MyReflectionsDialog(),
        MenteeReflectionsDialog(),
        SummariesDialog(),
    ],
    sensitive=True,  # reflective text: declined on Telegram unless its scope is `full`
    roles={
        ReflectionDialog.__name__: WORKERS,
        MyReflectionsDialog.__name__: WORKERS,
        MenteeReflectionsDialog.__name__: MENTORS,
        SummariesDialog.__name__: MENTORS,
    },
    loaded_notices=reflection_notices.LOADED_NOTICES,
    state_types={"camau.reflection.Draft": Draft},
    tables=(tables,),
)
