"""Sessions in conversation: my sessions, a mentor's scheduling and records, answers, the brief."""

from pathlib import Path

# The Adaptive Card templates of this feature (`camau.dialogs.render.card`).
CARDS = Path(__file__).parent / "cards"
