"""Telegram commands become Camau's own words; anything else is passed on as typed."""

from __future__ import annotations

import pytest

from camau.telegram.updates import command_text


@pytest.mark.parametrize(
    ("typed", "means"),
    [
        ("/start K7PQ-M3XD", "join K7PQ-M3XD"),
        ("/start", "menu"),
        ("/start@CamauBot", "menu"),
        ("/help", "help"),
        ("/cymorth", "cymorth"),
        ("/menu@CamauBot", "menu"),
        ("/dewislen", "dewislen"),
        ("/cancel", "cancel"),
        ("/canslo", "canslo"),
        ("/language", "language"),
        ("/iaith", "iaith"),
        ("/unknown thing", "/unknown thing"),
        ("reflect", "reflect"),
    ],
)
def test_updates_command_text_is_camaus_own_word(typed: str, means: str) -> None:
    assert command_text(typed) == means
