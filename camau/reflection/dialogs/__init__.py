"""The reflection's conversations: reflect, my reflections, mentors' reading, notices and texts."""

from pathlib import Path

# The Adaptive Card templates of this feature (`camau.dialogs.render.card`).
CARDS = Path(__file__).parent / "cards"
