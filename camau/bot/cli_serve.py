"""`camau serve`: migrate, then run the bot and its outbox sender on aiohttp."""

from __future__ import annotations

import ipaddress
import logging

import typer

from camau.bot.cli import configure_logging, err, run, settings_or_exit
from camau.migrations.runner import upgrade
from camau.storage.engine import create_engine

logger = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str | None = typer.Option(None, help="Address to bind (default CAMAU_HOST)."),
        port: int | None = typer.Option(None, help="Port to bind (default CAMAU_PORT)."),
        allow_anonymous: bool = typer.Option(
            False,
            "--allow-anonymous",
            help="Serve without authentication on a non-loopback address (never in production).",
        ),
    ) -> None:
        """Run the bot: POST /api/messages, GET /healthz, GET /readyz, and the outbox sender."""
        overrides: dict[str, object] = {}
        if host is not None:
            overrides["host"] = host
        if port is not None:
            overrides["port"] = port
        settings = settings_or_exit(**overrides)
        if settings.log_format == "json":
            from camau.bot.logs_json import configure_json_logging

            configure_json_logging(settings.log_level)
        else:
            configure_logging(settings.log_level)
        exposed = settings.anonymous and not is_loopback(settings.host)
        if exposed and not (allow_anonymous or settings.allow_anonymous):
            err.print(
                f"[red]Refusing to serve without authentication on {settings.host}.[/red] "
                "Set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID (and the secret and "
                "tenant), bind to 127.0.0.1, or pass --allow-anonymous."
            )
            raise typer.Exit(2)
        run(_migrate(settings.database_url))
        from camau.bot.app import APP_KEY, create_app
        from camau.bot.metrics import metrics_app
        from camau.bot.service import serve as serve_app

        mode = "anonymous (local)" if settings.anonymous else "authenticated"
        logger.info("Camau on http://%s:%d/api/messages, %s", settings.host, settings.port, mode)
        app = create_app(settings)
        parts = app[APP_KEY]
        run(
            serve_app(
                app,
                settings.host,
                settings.port,
                settings.shutdown_grace,
                parts["drain"],
                parts["sender"],
                (metrics_app(parts["metrics"]), settings.metrics_port)
                if settings.metrics_port
                else None,
            )
        )
