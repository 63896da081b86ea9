"""The pacer for these settings: Redis when `CAMAU_REDIS_URL` is set, else PostgreSQL's
`pacing_slot` table, else (SQLite: one process) in this process."""

from __future__ import annotations

from camau.bot.pacing import Limits, LocalPacer, Pacer, Window
from camau.config import Settings
from camau.services.db import Db


def make_pacer(settings: Settings, db: Db) -> Pacer:
    limits = Limits(tenant=Window(settings.teams_tenant_rate, 1.0))
    if settings.redis_url:
        from camau.bot.pacing_redis import RedisPacer

        return RedisPacer(settings.redis_url, limits)
    if settings.is_postgres:
        from camau.bot.pacing_sql import SqlPacer

        return SqlPacer(db, limits)
    return LocalPacer(limits)
