"""`camau teams-package`: the manifest and Welsh file pass Teams' own schemas; icons are right."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from PIL import Image
from typer.testing import CliRunner

from camau.bot.cli import _register, app
from camau.bot.teams_package import MANIFEST_VERSION, PackageOptions, package_files
from camau.conversation.menu import menu_choices
from camau.i18n import use_language
from camau.services.people import Caller
from tests.support.npm import npm_package

BOT_ID = "11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module", autouse=True)
def commands() -> None:
    _register()  # idempotent


@pytest.fixture(scope="module")
def schemas() -> Path:
    package = npm_package("@microsoft/app-manifest", "@microsoft/app-manifest")
    return package / "build" / "json-schemas" / "teams" / f"v{MANIFEST_VERSION}"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return package_files(PackageOptions(bot_id=BOT_ID))


def _json(files: dict[str, bytes], name: str) -> dict[str, Any]:
    loaded = json.loads(files[name].decode("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _validate(schema_file: Path, document: dict[str, Any]) -> None:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_manifest_passes_the_teams_schema(schemas: Path, files: dict[str, bytes]) -> None:
    _validate(schemas / "MicrosoftTeams.schema.json", _json(files, "manifest.json"))


def test_welsh_localization_passes_its_schema(schemas: Path, files: dict[str, bytes]) -> None:
    _validate(schemas / "MicrosoftTeams.Localization.schema.json", _json(files, "cy.json"))


def test_schema_check_catches_a_broken_manifest(schemas: Path, files: dict[str, bytes]) -> None:
    broken = _json(files, "manifest.json")
    broken["bots"][0]["scopes"] = ["personnel"]
    with pytest.raises(AssertionError, match="personnel"):
        _validate(schemas / "MicrosoftTeams.schema.json", broken)


def test_manifest_is_a_personal_bot_that_takes_files(files: dict[str, bytes]) -> None:
    manifest = _json(files, "manifest.json")
    (bot,) = manifest["bots"]
    assert float(manifest["manifestVersion"]) >= 1.24
    assert bot["botId"] == BOT_ID and manifest["id"] == BOT_ID
    assert bot["scopes"] == ["personal"] and bot["supportsFiles"] is True
    assert manifest["localizationInfo"]["additionalLanguages"] == [
        {"languageTag": "cy", "file": "cy.json"}
    ]


def test_command_list_has_core_and_feature_commands_in_both_languages(
    files: dict[str, bytes],
) -> None:
    commands = _json(files, "manifest.json")["bots"][0]["commandLists"][0]["commands"]
    titles = [c["title"] for c in commands]
    assert {"menu", "help", "language", "settings"} <= set(titles)
    welsh = _json(files, "cy.json")
    welsh_titles = [
        welsh[f"bots[0].commandLists[0].commands[{i}].title"] for i in range(len(titles))
    ]
    assert {"dewislen", "cymorth", "iaith", "gosodiadau"} <= set(welsh_titles)
    assert all(
        welsh[f"bots[0].commandLists[0].commands[{i}].description"] for i in range(len(titles))
    )
    assert welsh["name.full"].startswith("Camau: Amddiffyn Plant yn Effeithiol")


def test_color_icon_is_192_square_and_opaque(files: dict[str, bytes]) -> None:
    image = Image.open(io.BytesIO(files["color.png"])).convert("RGBA")
    assert image.size == (192, 192)
    assert image.getchannel("A").getextrema() == (255, 255)
    assert len(image.getcolors(192 * 192) or []) >= 2  # a mark on a background, not a blank


def test_outline_icon_is_32_square_white_on_transparent(files: dict[str, bytes]) -> None:
    image = Image.open(io.BytesIO(files["outline.png"]))
    assert image.size == (32, 32) and image.mode == "RGBA"
    data = image.tobytes()
    pixels = [tuple(data[i : i + 4]) for i in range(0, len(data), 4)]
    transparent = [p for p in pixels if p[3] == 0]
    drawn = [p for p in pixels if p[3] > 0]
    assert len(transparent) > len(pixels) // 2 and drawn
    assert all(p[:3] == (255, 255, 255) for p in drawn)


def test_cli_writes_the_same_zip_each_time(tmp_path: Path) -> None:
    runner = CliRunner()
    outs = [tmp_path / "a.zip", tmp_path / "b.zip"]
    for out in outs:
        result = runner.invoke(
            app, ["teams-package", "--bot-id", BOT_ID, "--name", "Camau Prawf", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert outs[0].read_bytes() == outs[1].read_bytes()
    with zipfile.ZipFile(outs[0]) as archive:
        assert sorted(archive.namelist()) == [
            "color.png",
            "cy.json",
            "manifest.json",
            "outline.png",
        ]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["name"]["short"] == "Camau Prawf"


def test_cli_refuses_a_bot_id_that_is_not_a_guid(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["teams-package", "--bot-id", "not-a-guid", "--out", str(tmp_path / "x.zip")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "x.zip").exists()


def test_command_list_keeps_every_menu_entry_though_help_has_more_lines(
    files: dict[str, bytes],
) -> None:
    """Teams lists at most 12 commands; the menu's come before the other help lines."""
    everyone = Caller(0, "", "", "en", frozenset({"worker", "mentor", "manager", "admin"}), "", "")
    with use_language("en"):
        menu = [choice.value for choice in menu_choices(everyone)]
    commands = _json(files, "manifest.json")["bots"][0]["commandLists"][0]["commands"]
    assert set(menu) <= {c["title"] for c in commands}
