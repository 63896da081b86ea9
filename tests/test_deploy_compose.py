"""deploy/docker-compose.yml: Camau on PostgreSQL, configured by the settings Camau reads.

Docker cannot run here, so the file is checked as data: services, variables, health checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from camau.config import Settings

COMPOSE = Path(__file__).resolve().parents[1] / "deploy" / "docker-compose.yml"
CONNECTION = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_compose_runs_camau_after_a_healthy_postgres() -> None:
    services = _compose()["services"]
    assert set(services) == {"camau", "postgres"}
    assert services["camau"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "/readyz" in " ".join(services["camau"]["healthcheck"]["test"])


def test_compose_keeps_data_in_named_volumes() -> None:
    compose = _compose()
    assert set(compose["volumes"]) == {"camau-db", "camau-files"}
    assert "camau-db:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_compose_sets_only_variables_camau_reads() -> None:
    environment = _compose()["services"]["camau"]["environment"]
    known = {f"CAMAU_{name.upper()}" for name in Settings.model_fields} | {
        f"{CONNECTION}{suffix}" for suffix in ("CLIENTID", "CLIENTSECRET", "TENANTID")
    }
    assert set(environment) <= known
    assert environment["CAMAU_DATABASE_URL"].startswith("postgresql+asyncpg://camau:")
    assert environment["CAMAU_TELEGRAM_SCOPE"] == "reminders"
    assert all(f"{CONNECTION}{s}" in environment for s in ("CLIENTID", "CLIENTSECRET", "TENANTID"))


def test_compose_publishes_camau_on_loopback_only() -> None:
    ports = _compose()["services"]["camau"]["ports"]
    assert ports == ["127.0.0.1:3978:3978"]
    assert "postgres" not in str(_compose()["services"]["postgres"].get("ports", ""))
