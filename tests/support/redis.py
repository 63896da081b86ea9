"""Redis for tests: `CAMAU_TEST_REDIS_URL`, else 127.0.0.1:6379 when it answers.

Outside CI a test that needs it skips, with the reason, when there is none; under `CI=true` it
fails (`.ci/run` checks Redis answers before the tests).
"""

from __future__ import annotations

import asyncio
import os

import pytest
from redis.asyncio import Redis

DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


def redis_url() -> str:
    return os.environ.get("CAMAU_TEST_REDIS_URL", DEFAULT_REDIS)


async def _problem(url: str) -> str | None:
    client: Redis = Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
        return None
    except Exception as exc:  # any failure means "not here"
        return f"{type(exc).__name__}: {exc}"
    finally:
        await client.aclose()


_redis_problem: list[str | None] = []


def require_redis() -> str:
    """The Redis URL, or skip (fail in CI) with the reason."""
    if not _redis_problem:
        _redis_problem.append(asyncio.run(_problem(redis_url())))
    problem = _redis_problem[0]
    if problem is not None:
        message = f"Redis at {redis_url()} unreachable ({problem})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return redis_url()
