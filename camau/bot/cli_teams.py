"""`camau teams-package --bot-id ID`: the Teams app package to upload or have approved."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from camau.bot.teams_package import PackageOptions, write_package

_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def _guid(value: str | None) -> str | None:
    if value is not None and not _GUID.match(value):
        raise typer.BadParameter("must be a GUID such as 00000000-0000-0000-0000-000000000000")
    return value


def register(app: typer.Typer) -> None:
    @app.command("teams-package")
    def teams_package(
        bot_id: str = typer.Option(
            ..., "--bot-id", callback=_guid, help="The Azure Bot's Microsoft App ID (a GUID)."
        ),
        name: str = typer.Option("Camau", "--name", help="The app's short name (30 characters)."),
        out: Path = typer.Option(Path("camau-teams.zip"), "--out", help="Where to write the zip."),
        app_id: str | None = typer.Option(
            None, "--app-id", callback=_guid, help="The Teams app id; the bot id if not given."
        ),
        version: str = typer.Option("1.0.0", "--version", help="The package version (x.y.z)."),
        developer: str = typer.Option("Camau", "--developer", help="Publisher name."),
        website_url: str = typer.Option("https://camau.cymru", "--website-url"),
        privacy_url: str = typer.Option("https://camau.cymru/privacy", "--privacy-url"),
        terms_url: str = typer.Option("https://camau.cymru/terms", "--terms-url"),
    ) -> None:
        """Write the Teams app package (manifest, Welsh localization, icons) as a zip."""
        if len(name) > 30:
            raise typer.BadParameter("at most 30 characters", param_hint="--name")
        options = PackageOptions(
            bot_id=bot_id,
            app_id=app_id,
            name=name,
            version=version,
            developer=developer,
            website_url=website_url,
            privacy_url=privacy_url,
            terms_url=terms_url,
        )
        written = write_package(options, out)
        typer.echo(
            f"Wrote {written}. Upload it in Teams (Apps > Manage your apps > Upload an app)."
        )
