# Camau: the bot, its /healthz and /readyz, and the outbox sender in one process.
#
# Production must be authenticated: set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID,
# __CLIENTSECRET and __TENANTID (the Azure Bot's Entra app). Without a client id Camau runs in
# anonymous (local) mode, and `camau serve` refuses to bind a non-loopback address such as
# 0.0.0.0 (exit status 2) unless --allow-anonymous or CAMAU_ALLOW_ANONYMOUS=true is given:
# never do that outside a test network.
#
# Data (SQLite database, files) lives in /data; use CAMAU_DATABASE_URL=postgresql+asyncpg://…
# to run several replicas. The schema is migrated when `camau serve` starts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CAMAU_PORT=3978 \
    CAMAU_DATABASE_URL=sqlite+aiosqlite:////data/camau.db \
    CAMAU_FILES_DIR=/data/camau-files

RUN groupadd --system --gid 10001 camau \
    && useradd --system --uid 10001 --gid camau --no-create-home --home-dir /data \
        --shell /usr/sbin/nologin camau \
    && mkdir -p /data \
    && chown camau:camau /data

WORKDIR /src
COPY pyproject.toml README.md ./
COPY camau ./camau
RUN pip install --no-cache-dir . \
    && rm -rf /src

WORKDIR /data
VOLUME ["/data"]
USER 10001:10001

EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('CAMAU_PORT', '3978'), timeout=4)"]

CMD ["camau", "serve", "--host", "0.0.0.0"]
