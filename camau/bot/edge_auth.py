"""Who may call /api/messages, beyond the SDK's signature, audience, expiry and issuer checks.

The SDK (with `validate_issuer` on, see bot/delivery.py) accepts tokens from the Bot Framework
issuer, from Entra for the configured tenant, and from Entra for Microsoft's first-party
tenants (Azure Bot Service, Teams). On top of that, here:

- A **Bot Framework** token must carry the `serviceurl` claim, and the activity's serviceUrl
  must have the same origin (scheme, host, port): replies and reminders go there.
- An **Entra** token carries no such claim. It is accepted only when its caller is Microsoft
  infrastructure (a first-party tenant) or an app listed in `CAMAU_ALLOWED_CALLERS`, and only
  with an https serviceUrl whose host is on `CAMAU_SERVICE_URL_HOSTS`.
- `deliveryMode: "expectReplies"` (replies in the HTTP response) only when allowed by a setting.

Pure functions over the verified claims: no I/O, nothing logged but the reason's short code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core.authorization import _entra_issuers
from yarl import URL

from camau.config import Settings

BOTFRAMEWORK_ISSUERS = frozenset(
    {_entra_issuers.BOTFRAMEWORK_PUBLIC_ISSUER, _entra_issuers.BOTFRAMEWORK_GOV_ISSUER}
)
FIRST_PARTY_TENANTS = frozenset(
    {*_entra_issuers.WELL_KNOWN_PUBLIC_TENANT_IDS, _entra_issuers.WELL_KNOWN_GOV_TENANT_ID}
)

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})  # plain http only there (tests)


def origin(url: URL) -> tuple[str, str, int | None]:
    """Scheme, host (case-folded) and port (the scheme's default when absent)."""
    return url.scheme.lower(), (url.host or "").casefold(), url.port


def service_url_problem(activity: Activity) -> str | None:
    """Why the serviceUrl cannot be used at all, or None."""
    url = URL(activity.service_url or "")
    if not url.is_absolute() or url.scheme not in ("http", "https") or not url.host:
        return "Activity must have an absolute http(s) serviceUrl"
    return None


def host_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    """`host` equals a pattern, or ends with it when the pattern starts with `*.`."""
    host = host.casefold().rstrip(".")
    for pattern in patterns:
        if pattern.startswith("*.") and host.endswith(pattern[1:]) and host != pattern[2:]:
            return True
        if host == pattern:
            return True
    return False


def token_problem(claims: Mapping[str, Any], activity: Activity, settings: Settings) -> str | None:
    """Why an authenticated token may not deliver this activity, or None.

    `claims` are the SDK's verified claims; empty in anonymous local mode (nothing to check).
    """
    if settings.anonymous or not claims:
        return None
    url = URL(activity.service_url or "")
    issuer = claims.get("iss")
    if isinstance(issuer, str) and issuer in BOTFRAMEWORK_ISSUERS:
        claimed = claims.get("serviceurl")
        if not isinstance(claimed, str) or not claimed:
            return "token has no serviceurl claim"
        if origin(URL(claimed)) != origin(url):
            return "serviceUrl does not match the token"
        return None
    tenant = str(claims.get("tid") or "").lower()
    caller = str(claims.get("azp") or claims.get("appid") or "").lower()
    if tenant not in FIRST_PARTY_TENANTS and caller not in settings.allowed_caller_ids:
        return "caller not allowed"
    host = url.host or ""
    secure = url.scheme == "https" or host in LOOPBACK
    if not secure or not host_allowed(host, settings.service_url_patterns):
        return "serviceUrl not allowed for this token"
    return None


def delivery_problem(activity: Activity, settings: Settings) -> str | None:
    """Why the activity's delivery mode is refused, or None."""
    mode = str(activity.delivery_mode or "")
    if mode == "expectReplies" and not settings.allow_expect_replies:
        return "deliveryMode expectReplies is not allowed"
    return None
