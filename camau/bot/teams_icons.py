"""Camau's Teams icons, drawn in code: three rising steps.

Teams asks for a 192×192 full-colour icon and a 32×32 outline icon that is white on a
transparent background. Both are the same staircase, so they read as one mark.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

ACCENT = "#0B5563"  # deep teal: white on it has a contrast ratio above 7:1
COLOR_SIZE = 192
OUTLINE_SIZE = 32
WHITE = (255, 255, 255, 255)


def _staircase(size: int, margin: int) -> list[tuple[int, int]]:
    """The outline of three steps rising left to right, standing on the bottom margin."""
    low, high = margin, size - margin
    tread = (high - low) / 3
    points = [(low, high)]
    for i in range(3):
        riser_top = round(high - tread * (i + 1))
        points += [(round(low + tread * i), riser_top), (round(low + tread * (i + 1)), riser_top)]
    points.append((high, high))
    return points


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def color_icon() -> bytes:
    """The 192×192 colour icon: white steps on the accent colour, edge to edge."""
    image = Image.new("RGB", (COLOR_SIZE, COLOR_SIZE), ACCENT)
    ImageDraw.Draw(image).polygon(_staircase(COLOR_SIZE, margin=36), fill=WHITE[:3])
    return _png(image)


def outline_icon() -> bytes:
    """The 32×32 outline icon: the same steps in white on a transparent background."""
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (0, 0, 0, 0))
    points = _staircase(OUTLINE_SIZE, margin=4)
    ImageDraw.Draw(image).line([*points, points[0]], fill=WHITE, width=2, joint="curve")
    return _png(image)
