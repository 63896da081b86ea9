"""Every feature Camau has, listed once (`FEATURES`), and what is built from their declarations:
the router's commands and dialogs, the menu and help a person sees, the outbox's notices, the
invoke and card-action handlers, and the state types the edge allow-lists in the codec.

To add a feature: declare `FEATURE = Feature(...)` in `camau/<feature>/feature.py`
(`camau.dialogs.feature`) and add it to `FEATURES` below, in menu order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from microsoft_agents.hosting.dialogs import Dialog

from camau.conversation import drafts
from camau.dialogs import files, guard, notices
from camau.dialogs.feature import Feature
from camau.dialogs.invokes import InvokeHandler
from camau.dialogs.notices import Notices
from camau.dialogs.render import Choice
from camau.i18n import current_language
from camau.my_data import feature as my_data
from camau.reflection import feature as reflection
from camau.services.people import Caller
from camau.sessions import feature as sessions
from camau.settings import feature as settings
from camau.steps import feature as steps
from camau.team import feature as team

# What every feature shares: delivery-failure notices, file consent, the guarded question.
CORE = Feature(
    name="core",
    notices={"delivery_failure": notices.delivery_failure},
    invokes={files.FILE_CONSENT: files.on_file_consent},
    state_types={"camau.GuardedAsk": guard.GuardedAsk},
)

# Every feature, in menu order.
FEATURES: tuple[Feature, ...] = (
    reflection.FEATURE,
    steps.FEATURE,
    sessions.FEATURE,
    sessions.BRIEF,
    team.FEATURE,
    settings.FEATURE,
    drafts.FEATURE,
    my_data.FEATURE,
    CORE,
)

V = TypeVar("V")


def _merged(what: str, maps: Iterable[Mapping[str, V]]) -> dict[str, V]:
    """One mapping from each feature's; a key claimed by two different values is an error."""
    found: dict[str, V] = {}
    for mapping in maps:
        for key, value in mapping.items():
            if key in found and found[key] != value:
                raise ValueError(f"{what} {key!r} is claimed twice")
            found[key] = value
    return found


@cache
def commands() -> dict[str, str]:
    """Every typed word or menu value that starts a dialog -> the dialog id."""
    return _merged(
        "command",
        ({word: c.dialog for word in c.words()} for f in FEATURES for c in f.commands),
    )


def menu_entries(caller: Caller) -> list[Choice]:
    """The menu entries this person is offered, translated."""
    return [
        Choice(command.en, command.menu())
        for feature in FEATURES
        for command in feature.commands
        if command.menu is not None and feature.offered(caller, command)
    ]


@dataclass(frozen=True)
class HelpLine:
    """One command in help: its English word (the Teams command list's key), its word and what it
    does in the reader's language."""

    key: str
    word: str
    text: str


def help_lines(caller: Caller) -> list[HelpLine]:
    """One line for each feature command this person is offered, in their language."""
    language = current_language()
    return [
        HelpLine(command.en, command.word(language), command.help())
        for feature in FEATURES
        for command in feature.commands
        if feature.offered(caller, command)
    ]


def may_start(caller: Caller, dialog_id: str) -> bool:
    """Whether this person's roles let them start the dialog (nobody is offered what they may
    not do, and a typed command for it is answered with a sentence, not an error)."""
    for feature in FEATURES:
        needed = feature.roles.get(dialog_id)
        if needed is not None:
            return any(caller.has(role) for role in needed)
    return True


def sensitive_dialogs() -> frozenset[str]:
    """The dialog ids that sensitive features start (see `camau.dialogs.channels`)."""
    return frozenset(
        command.dialog for feature in FEATURES if feature.sensitive for command in feature.commands
    )


def dialogs() -> list[Dialog]:
    return [dialog for feature in FEATURES for dialog in feature.dialogs()]


@cache
def all_notices() -> Notices:
    """The renderer of every outbox kind."""
    return Notices(
        _merged("notice", (f.notices for f in FEATURES)),
        _merged("notice", (f.loaded_notices for f in FEATURES)),
    )


@cache
def invoke_handlers() -> dict[str, InvokeHandler]:
    return _merged("invoke", (f.invokes for f in FEATURES))


@cache
def card_actions() -> dict[str, InvokeHandler]:
    return _merged("card action", (f.card_actions for f in FEATURES))


def state_types() -> dict[str, type]:
    """Codec name -> type, for every type a feature keeps in dialog state."""
    return _merged("state type", (f.state_types for f in FEATURES))
