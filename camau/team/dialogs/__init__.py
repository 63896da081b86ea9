"""The team digest in conversation (`team`), as a card or text, and as the Monday notice."""

from pathlib import Path

# The Adaptive Card templates of this feature (`camau.dialogs.render.card`).
CARDS = Path(__file__).parent / "cards"
