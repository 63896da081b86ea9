"""A warning when the Entra client secret expires within 30 days (`CAMAU_CLIENT_SECRET_EXPIRES`).

Entra does not say when a secret expires to the app that uses it, so the date is configured
(from the app registration's "Certificates & secrets"). `camau serve` logs the warning at start
and `/readyz` carries it in `warnings` (readiness itself is not affected).
"""

from __future__ import annotations

from datetime import date, timedelta

WARN_BEFORE = timedelta(days=30)


def secret_warning(expires: date | None, today: date) -> str | None:
    """The warning for a secret expiring on `expires`, or None."""
    if expires is None or expires - today > WARN_BEFORE:
        return None
    days = (expires - today).days
    if days < 0:
        return f"client secret expired on {expires.isoformat()}: renew it in Entra now"
    return f"client secret expires on {expires.isoformat()} (in {days} days): renew it in Entra"
