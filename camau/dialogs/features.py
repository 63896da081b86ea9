"""What Camau can do, one `Feature` per module: its dialogs, typed commands, menu entries and
help lines. The router, the menu and the help are built from `all_features()`.

A feature module defines `FEATURE = Feature(...)` and is listed in `_MODULES`; importing it also
registers its outbox notices (`camau.dialogs.notices.notice`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from microsoft_agents.hosting.dialogs import Dialog

from camau.dialogs.render import Choice
from camau.services.people import Caller

# Feature modules, in menu order.
_MODULES = (
    "camau.dialogs.reflection",
    "camau.dialogs.steps",
    "camau.dialogs.sessions",
    "camau.dialogs.session_brief",
    "camau.dialogs.team",
    "camau.dialogs.settings",
    "camau.dialogs.drafts",
    "camau.dialogs.my_data",
)


WORKERS = frozenset({"worker"})
MENTORS = frozenset({"mentor"})


def _nothing(_caller: Caller) -> list[Choice]:
    return []


def _no_help(_caller: Caller) -> list[str]:
    return []


@dataclass(frozen=True)
class Feature:
    """One thing Camau does, as the router, menu and help see it."""

    name: str
    dialogs: Callable[[], list[Dialog]]
    # Typed words (both languages, lower case) and menu values -> the dialog id they start.
    commands: dict[str, str] = field(default_factory=dict)
    # Menu entries for this person (value must be one of `commands`), already translated.
    menu: Callable[[Caller], list[Choice]] = _nothing
    # Help lines for this person, already translated.
    help: Callable[[Caller], list[str]] = _no_help
    # Carries reflective text or case scores: declined on Telegram unless its scope is `full`.
    sensitive: bool = False
    # Dialog id -> the roles that may start it (any one of them); a dialog not listed: anyone.
    roles: dict[str, frozenset[str]] = field(default_factory=dict)


@cache
def all_features() -> tuple[Feature, ...]:
    """Every feature, importing its module (which registers its notices)."""
    features: list[Feature] = []
    for name in _MODULES:
        module = importlib.import_module(name)
        feature = module.FEATURE
        assert isinstance(feature, Feature)
        features.append(feature)
    return tuple(features)


def commands() -> dict[str, str]:
    """Every typed word or menu value that starts a dialog."""
    found: dict[str, str] = {}
    for feature in all_features():
        for word, dialog_id in feature.commands.items():
            if found.get(word, dialog_id) != dialog_id:
                raise ValueError(f"command {word!r} is claimed twice")
            found[word] = dialog_id
    return found


def menu_entries(caller: Caller) -> list[Choice]:
    return [choice for feature in all_features() for choice in feature.menu(caller)]


def help_lines(caller: Caller) -> list[str]:
    return [line for feature in all_features() for line in feature.help(caller)]


def may_start(caller: Caller, dialog_id: str) -> bool:
    """Whether this person's roles let them start the dialog (nobody is offered what they may
    not do, and a typed command for it is answered with a sentence, not an error)."""
    for feature in all_features():
        needed = feature.roles.get(dialog_id)
        if needed is not None:
            return any(caller.has(role) for role in needed)
    return True


def sensitive_dialogs() -> frozenset[str]:
    """The dialog ids that sensitive features start (see `camau.dialogs.channels`)."""
    return frozenset(
        dialog_id
        for feature in all_features()
        if feature.sensitive
        for dialog_id in feature.commands.values()
    )


def dialogs() -> list[Dialog]:
    return [dialog for feature in all_features() for dialog in feature.dialogs()]
