"""Settings: the one typed place that reads the environment.

Every setting Camau reads is declared here; the README lists them. A bad value fails at start
with one line naming the setting (see `SettingsError`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(Exception):
    """A setting has a value Camau cannot use; the message names the setting."""


class Settings(BaseSettings):
    """Camau's configuration, read from `CAMAU_*` and the Agents SDK connection variables."""

    model_config = SettingsConfigDict(env_prefix="CAMAU_", extra="ignore", populate_by_name=True)

    database_url: str = "sqlite+aiosqlite:///camau.db"
    host: str = "127.0.0.1"
    port: int = Field(default=3978, ge=1, le=65535)
    outbox_interval: float = Field(default=5.0, gt=0, le=3600)
    outbox_lease_seconds: float = Field(default=120.0, gt=0)
    outbox_batch: int = Field(default=20, ge=1, le=1000)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    files_dir: str = "camau-files"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # `json`: one JSON object per line, with a random id per turn (docs/operations.md).
    log_format: Literal["text", "json"] = "text"
    # Send slots shared by replicas: Redis when set, else PostgreSQL, else this process.
    redis_url: str | None = None
    # Teams allows about 50 requests a second per app per tenant; turn replies also count.
    teams_tenant_rate: int = Field(default=50, ge=1, le=1000)
    # SIGTERM: seconds for turns and sends in flight to finish before the process stops.
    shutdown_grace: float = Field(default=30.0, ge=0, le=3600)
    # GET /metrics: off unless a port (its own listener) or a bearer token (on the main port).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_token: str | None = None
    # When the Entra client secret expires (YYYY-MM-DD): warned about 30 days ahead.
    client_secret_expires: date | None = None
    allow_anonymous: bool = False
    # Hosts (or `*.domain`) an Entra-issued token's activity may name as serviceUrl; Bot
    # Framework tokens name theirs in a claim instead (see camau/bot/edge_auth.py).
    service_url_hosts: str = "smba.trafficmanager.net,*.teams.microsoft.com,*.botframework.com"
    # App ids of the tenant's own apps allowed to call Camau with Entra tokens (none by default).
    allowed_callers: str = ""
    # Replies in the HTTP response (`deliveryMode: expectReplies`): off unless needed.
    allow_expect_replies: bool = False
    # Telegram chats pass through Telegram's servers: reflective text and case scores go there
    # only when `full` (see docs/telegram.md).
    telegram_scope: Literal["reminders", "full"] = "reminders"
    # The native Telegram channel (docs/telegram.md): a token from @BotFather starts it; long
    # polling unless a public HTTPS webhook URL is given. The API server is Telegram's own
    # unless you run a local Bot API server.
    telegram_token: SecretStr | None = None
    telegram_webhook_url: str | None = None
    telegram_api_server: str = "https://api.telegram.org"
    # Individual mentor sessions each worker should have over the programme period.
    min_sessions: int = Field(default=3, ge=0, le=50)
    # Retention in days (see docs/privacy.md); the audit log is kept longest, so declared last.
    retain_closed_cases_days: int = Field(default=365, ge=1, le=36500)
    retain_reflections_days: int = Field(default=730, ge=1, le=36500)
    retain_sent_messages_days: int = Field(default=90, ge=1, le=36500)
    retain_audit_days: int = Field(default=2555, ge=1, le=36500)

    client_id: str | None = Field(
        default=None, alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
    )
    client_secret: str | None = Field(
        default=None, alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET"
    )
    tenant_id: str | None = Field(
        default=None, alias="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID"
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("retain_audit_days")
    @classmethod
    def _audit_kept_longest(cls, value: int, info: ValidationInfo) -> int:
        others = [
            info.data[name]
            for name in (
                "retain_closed_cases_days",
                "retain_reflections_days",
                "retain_sent_messages_days",
            )
            if name in info.data
        ]
        if others and value < max(others):
            raise ValueError(
                f"the audit log is kept at least as long as anything else ({max(others)} days)"
            )
        return value

    @field_validator("telegram_token")
    @classmethod
    def _telegram_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", value.get_secret_value()):
            raise ValueError("a bot token from @BotFather looks like 123456789:AAE…")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _telegram_webhook(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("Telegram only calls https:// webhooks")
        return value

    @field_validator(
        "client_id",
        "client_secret",
        "tenant_id",
        "telegram_token",
        "telegram_webhook_url",
        "redis_url",
        "metrics_token",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _tenant_with_client_id(self) -> Settings:
        if self.client_id is not None and self.tenant_id is None:
            raise ValueError(
                "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID: a tenant id is required "
                "with a client id (Teams activities of other tenants are refused)"
            )
        return self

    @property
    def anonymous(self) -> bool:
        """True when no Entra client id is configured: local use without authentication."""
        return self.client_id is None

    @property
    def service_url_patterns(self) -> tuple[str, ...]:
        """`service_url_hosts` as lower-case patterns."""
        return _csv(self.service_url_hosts)

    @property
    def allowed_caller_ids(self) -> frozenset[str]:
        """`allowed_callers` as lower-case app ids."""
        return frozenset(_csv(self.allowed_callers))

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip().casefold() for part in value.split(",") if part.strip())


_ENV_NAMES = {
    "client_id": "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID",
    "client_secret": "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET",
    "tenant_id": "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID",
}


def load_settings(**overrides: object) -> Settings:
    """Read the settings from the environment; raise `SettingsError` naming the first bad one."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        name = _ENV_NAMES.get(field, field if field.isupper() else f"CAMAU_{field.upper()}")
        raise SettingsError(f"{name}: {error['msg']}") from exc
