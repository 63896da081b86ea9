"""The request body as Camau accepts it: parsed without recursion limits being hit, nested no
deeper than `MAX_DEPTH`, and every string cleaned of what a database refuses.

PostgreSQL refuses NUL in text and lone UTF-16 surrogates (which JSON `\\ud800` escapes can
produce); SQLite stores them but they would be lost on a later move. NUL is removed, a lone
surrogate becomes U+FFFD, so the person's words are kept, less the unstorable character.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
AGENTIC_ROLES = frozenset({"agenticuser", "agenticappinstance"})
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class BodyError(ValueError):
    """The body cannot be taken; the message is safe to show (no body content)."""


def parse(raw: bytes) -> Any:
    """JSON from bytes, or BodyError (malformed, not UTF-8, too deeply nested)."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except RecursionError as exc:
        raise BodyError("Body is nested too deeply") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyError("Body is not valid JSON") from exc
    if depth(body) > MAX_DEPTH:
        raise BodyError("Body is nested too deeply")
    return clean(body)


def depth(value: Any) -> int:
    """How deeply lists and objects nest (0 for a scalar); iterative, so never recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def clean_text(text: str) -> str:
    """The text without NUL, lone surrogates replaced."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def clean(value: Any) -> Any:
    """Every string (keys too) cleaned; structure kept. Depth is bounded by `parse`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key)): clean(item) for key, item in value.items()}
    return value


def agentic(body: dict[str, Any]) -> bool:
    """True when the sender or recipient claims an agentic role (Camau is not an agent id)."""
    for side in ("recipient", "from"):
        account = body.get(side)
        role = account.get("role") if isinstance(account, dict) else None
        if isinstance(role, str) and role.casefold() in AGENTIC_ROLES:
            return True
    return False
