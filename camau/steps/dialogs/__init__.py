"""Steps to change in conversation: new case, scoring, changes, the chart, nudges."""

from pathlib import Path

# The Adaptive Card templates of this feature (`camau.dialogs.render.card`).
CARDS = Path(__file__).parent / "cards"
