"""The Teams app package: manifest.json (schema 1.24), cy.json, and the two icons, zipped.

The bot's command list is the help every person sees (`camau.conversation.menu.help_entries`,
built from the features' declarations), in English for the manifest and in Welsh for the
localization file, so it always matches the commands Camau understands. The zip is byte-for-byte the same for the same options.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camau.bot.teams_icons import ACCENT, color_icon, outline_icon
from camau.conversation.menu import help_entries, menu_choices
from camau.i18n import _, use_language
from camau.services.people import Caller

MANIFEST_VERSION = "1.24"
SCHEMA_BASE = "https://developer.microsoft.com/en-us/json-schemas/teams"
MAX_COMMANDS = 12  # Teams shows at most 12 commands in a list
WELSH_FILE = "cy.json"
COLOR_FILE = "color.png"
OUTLINE_FILE = "outline.png"
_FIRST = ("menu", "help", "language", "settings")  # kept however many commands features add
_LAST = ("cancel",)
_ALL_ROLES = frozenset({"worker", "mentor", "manager", "admin"})


@dataclass(frozen=True)
class PackageOptions:
    """What an organisation sets for its own Teams app."""

    bot_id: str
    app_id: str | None = None  # defaults to the bot id
    name: str = "Camau"
    version: str = "1.0.0"
    developer: str = "Camau"
    website_url: str = "https://camau.cymru"
    privacy_url: str = "https://camau.cymru/privacy"
    terms_url: str = "https://camau.cymru/terms"


@dataclass(frozen=True)
class Command:
    """One entry of the bot's command list: the typed word and what it does."""

    key: str  # the English word, whatever the language
    title: str
    description: str


def commands(language: str) -> list[Command]:
    """The commands a person can type, from help, in `language` (at most 12: the menu's first,
    so that Teams' list offers what the menu does)."""
    caller = Caller(
        id=0,
        name="",
        email="",
        language=language,
        roles=_ALL_ROLES,
        timezone="Europe/London",
        working_hours="Mon-Fri 09:00-17:00",
    )
    with use_language(language):
        entries = [
            Command(key=entry.key, title=entry.word, description=_sentence(entry.text))
            for entry in help_entries(caller)
        ]

    with use_language("en"):
        in_menu = {choice.value for choice in menu_choices(caller)}

    def rank(command: Command) -> int:
        """Core commands, then the menu's, then other help lines, then `cancel`."""
        if command.key in _FIRST:
            return 0
        return 3 if command.key in _LAST else 1 if command.key in in_menu else 2

    return sorted(entries, key=rank)[:MAX_COMMANDS]


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _texts(options: PackageOptions, language: str) -> dict[str, str]:
    """The name and descriptions, in `language`."""
    with use_language(language):
        return {
            "name.short": options.name[:30],
            "name.full": _("{name}: Effective Child Protection in practice").format(
                name=options.name
            )[:100],
            "description.short": _("Reflect, score the steps and keep up with mentor sessions.")[
                :80
            ],
            "description.full": _(
                "Camau helps child protection social workers put Effective Child Protection into "
                "practice: a short guided reflection after a visit, step scores after every core "
                "group, and reminders of mentor sessions, within working hours. Cases are known "
                "only by their reference: never type a child's or family member's name. Camau "
                "works in Welsh and English."
            ),
        }


def manifest(options: PackageOptions) -> dict[str, Any]:
    """manifest.json: a personal-scope bot that can send and receive files."""
    texts = _texts(options, "en")
    command_list = [{"title": c.title, "description": c.description} for c in commands("en")]
    return {
        "$schema": f"{SCHEMA_BASE}/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": options.version,
        "id": options.app_id or options.bot_id,
        "localizationInfo": {
            "defaultLanguageTag": "en-gb",
            "additionalLanguages": [{"languageTag": "cy", "file": WELSH_FILE}],
        },
        "developer": {
            "name": options.developer,
            "websiteUrl": options.website_url,
            "privacyUrl": options.privacy_url,
            "termsOfUseUrl": options.terms_url,
        },
        "name": {"short": texts["name.short"], "full": texts["name.full"]},
        "description": {
            "short": texts["description.short"],
            "full": texts["description.full"],
        },
        "icons": {"color": COLOR_FILE, "outline": OUTLINE_FILE},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": options.bot_id,
                "scopes": ["personal"],
                "supportsFiles": True,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": ["personal"], "commands": command_list}],
            }
        ],
        "defaultInstallScope": "personal",
    }


def localization(options: PackageOptions, language: str = "cy") -> dict[str, Any]:
    """The localization file for `language`: name, descriptions and the command list."""
    content: dict[str, Any] = {
        "$schema": f"{SCHEMA_BASE}/v{MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json",
        **_texts(options, language),
    }
    for i, command in enumerate(commands(language)):
        content[f"bots[0].commandLists[0].commands[{i}].title"] = command.title
        content[f"bots[0].commandLists[0].commands[{i}].description"] = command.description
    return content


def package_files(options: PackageOptions) -> dict[str, bytes]:
    """Every file of the package, by name."""

    def dump(content: dict[str, Any]) -> bytes:
        return (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    return {
        "manifest.json": dump(manifest(options)),
        WELSH_FILE: dump(localization(options, "cy")),
        COLOR_FILE: color_icon(),
        OUTLINE_FILE: outline_icon(),
    }


def write_package(options: PackageOptions, out: Path) -> Path:
    """Write the zip (files at its root, fixed timestamps) to `out`; return `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in package_files(options).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out
