"""Features declare the types they keep in dialog state; the edge allow-lists them in the codec.

Importing the dialogs registers nothing (no side effects); `register_state_types` (run by
`create_app`) registers every declared type, so a draft of each feature can be read back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from camau.bot.state_types import register_state_types
from camau.conversation.features import FEATURES, state_types
from camau.reflection.dialogs.reflect import Draft
from camau.storage import codec

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import camau.conversation.features
from camau.storage import codec
names = codec.registered_names()
print("before", "camau.reflection.Draft" in names, "camau.GuardedAsk" in names)
from camau.bot.state_types import register_state_types
register_state_types()
names = codec.registered_names()
print("after", "camau.reflection.Draft" in names, "camau.GuardedAsk" in names)
"""


def test_importing_the_dialogs_registers_no_state_type() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["before False False", "after True True"]


def test_every_declared_state_type_is_registered_under_its_name() -> None:
    register_state_types()
    declared = state_types()
    assert set(declared) <= codec.registered_names()
    assert {"steps.ScoresOptions", "camau.reflection.Draft", "camau.GuardedAsk"} <= set(declared)
    assert sum(len(f.state_types) for f in FEATURES) == len(declared)


def test_a_declared_type_survives_the_codec() -> None:
    register_state_types()
    draft = Draft()
    assert type(codec.decode(codec.encode([draft]))[0]) is Draft
