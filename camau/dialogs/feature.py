"""What one feature declares: its commands (words in both languages, help line, menu entry), the
roles that may start its dialogs, its dialogs, notices, invoke and card-action handlers, the
state types it keeps in dialog state and its tables. `camau.conversation.features` lists every declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from microsoft_agents.hosting.dialogs import Dialog

from camau.dialogs.invokes import InvokeHandler
from camau.dialogs.notices import LoadingRenderer, Renderer
from camau.services.people import Caller

WORKERS = frozenset({"worker"})
MENTORS = frozenset({"mentor"})
MANAGERS = frozenset({"manager"})
# A translated text, made when it is shown (so in the reader's language).
Text = Callable[[], str]


def _no_dialogs() -> list[Dialog]:
    return []


@dataclass(frozen=True)
class Command:
    """A word that starts a dialog: shown in help (and the menu) in the reader's language."""

    dialog: str  # the dialog id it starts
    en: str  # the word in English (also the menu value)
    cy: str  # the word in Welsh
    help: Text  # what it does, for the help line
    menu: Text | None = None  # the menu entry's title; None: not in the menu
    aliases: tuple[str, ...] = ()  # other words typed for it (lower case)
    # Who it is offered to when its dialog is open to anyone (it answers others itself).
    audience: frozenset[str] | None = None

    def word(self, language: str | None) -> str:
        return self.cy if language == "cy" else self.en

    def words(self) -> tuple[str, ...]:
        return (self.en, self.cy, *self.aliases)


@dataclass(frozen=True)
class Feature:
    """One thing Camau does, as the router, menu, help, outbox, invokes and codec see it."""

    name: str
    commands: tuple[Command, ...] = ()
    dialogs: Callable[[], list[Dialog]] = _no_dialogs
    # Dialog id -> the roles that may start it (any one of them); a dialog not listed: anyone.
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Carries reflective text or case scores: declined on Telegram unless its scope is `full`.
    sensitive: bool = False
    # Outbox kind -> its renderer (`loaded_notices`: renderers that load what they show).
    notices: Mapping[str, Renderer] = field(default_factory=dict)
    loaded_notices: Mapping[str, LoadingRenderer] = field(default_factory=dict)
    # Invoke name -> handler; Adaptive Card `Action.Execute` verb -> handler.
    invokes: Mapping[str, InvokeHandler] = field(default_factory=dict)
    card_actions: Mapping[str, InvokeHandler] = field(default_factory=dict)
    # Codec name -> a type this feature keeps in dialog state (allow-listed by the edge).
    state_types: Mapping[str, type] = field(default_factory=dict)
    # The modules holding its tables (`camau.migrations.schema` gives them to Alembic).
    tables: tuple[ModuleType, ...] = ()

    def offered(self, caller: Caller, command: Command) -> bool:
        """Whether this person is shown the command (in help and menu)."""
        needed = self.roles.get(command.dialog) or command.audience
        return needed is None or any(caller.has(role) for role in needed)
