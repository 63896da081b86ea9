"""Allow-list every feature's dialog-state types with the state codec.

Features declare the types they keep in dialog state (`Feature.state_types`); the edge, which may
import storage, registers them before any state is read or written (dialogs never import storage).
"""

from __future__ import annotations

from camau.conversation.features import state_types
from camau.storage import codec


def register_state_types() -> None:
    """Register each declared type under its declared name (again is harmless)."""
    for name, cls in state_types().items():
        codec.register(cls, name=name)
