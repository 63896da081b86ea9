"""Steps to change, declared once: its commands, dialogs, roles, notices, state types and tables."""

from __future__ import annotations

from camau.dialogs.feature import WORKERS, Feature
from camau.steps import tables
from camau.steps.dialogs import notices as steps_notices
from camau.steps.dialogs.case import AreasSoFar
from camau.steps.dialogs.edit import CaseOptions
from camau.steps.dialogs.pick import PickOptions
from camau.steps.dialogs.scores import LoopOptions, ScoresOptions
from camau.steps.dialogs.steps import COMMANDS, all_dialogs

FEATURE = Feature(
    name="steps",
    commands=COMMANDS,
    dialogs=all_dialogs,
    sensitive=True,
    roles={command.dialog: WORKERS for command in COMMANDS},
    notices=steps_notices.NOTICES,
    state_types={
        "steps.AreasSoFar": AreasSoFar,
        "steps.CaseOptions": CaseOptions,
        "steps.PickOptions": PickOptions,
        "steps.ScoresOptions": ScoresOptions,
        "steps.LoopOptions": LoopOptions,
    },
    tables=(tables,),
)
