"""The bot's command list, set in Welsh and in English (`setMyCommands` with `language_code`).

People whose Telegram is in Welsh see the Welsh commands, those in English the English ones,
everyone else both. Each command is one of Camau's own words (`camau.telegram.updates.WORDS`).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand

from camau.i18n import _N, gettext_in

COMMANDS: dict[str, list[tuple[str, str]]] = {
    "cy": [
        ("dewislen", _N("Show the menu")),
        ("cymorth", _N("Help")),
        ("canslo", _N("Stop what we are doing")),
        ("iaith", _N("Change language")),
    ],
    "en": [
        ("menu", _N("Show the menu")),
        ("help", _N("Help")),
        ("cancel", _N("Stop what we are doing")),
        ("language", _N("Change language")),
    ],
}


def commands_in(language: str) -> list[BotCommand]:
    return [
        BotCommand(command=command, description=gettext_in(language, description))
        for command, description in COMMANDS[language]
    ]


async def set_commands(bot: Bot) -> None:
    """Set the command lists: Welsh, English, and both for everyone else."""
    for language in ("cy", "en"):
        await bot.set_my_commands(commands_in(language), language_code=language)
    await bot.set_my_commands(commands_in("cy") + commands_in("en"))
