"""Proactive notices: each outbox kind rendered into activities in the recipient's language.

A module that queues a kind registers its renderer with `@notice("kind")`; the outbox sender
calls `render_async(kind, payload, language, deps)`. Renderers run inside
`use_language(language)`, so `_()` translates into the recipient's language. Payloads never hold
reflective text: a renderer that must show it registers with `@loaded_notice("kind")`, is
awaited with `NoticeDeps` (database, clock, recipient) and loads it through a service that checks
permissions; when it returns no activities the message is not sent (the outbox cancels it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from microsoft_agents.activity import Activity

from camau.dialogs.render import text_activity
from camau.i18n import _, use_language
from camau.services.clock import Clock
from camau.services.db import Db

Payload: TypeAlias = Mapping[str, object]
Renderer: TypeAlias = Callable[[Payload], list[Activity]]


@dataclass(frozen=True)
class NoticeDeps:
    """What a loading renderer may use: the database, the clock and who receives the message."""

    db: Db
    clock: Clock
    recipient_id: int


LoadingRenderer: TypeAlias = Callable[[Payload, NoticeDeps], Awaitable[list[Activity]]]

_RENDERERS: dict[str, Renderer] = {}
_LOADING: dict[str, LoadingRenderer] = {}


class UnknownNotice(LookupError):
    """No renderer is registered for this outbox kind."""


def _refuse_second(kind: str, renderer: object) -> None:
    """One renderer per kind (registering the same function again is harmless)."""
    existing = _RENDERERS.get(kind) or _LOADING.get(kind)
    if existing is not None and existing is not renderer:
        raise ValueError(f"a renderer for {kind!r} is already registered")


def notice(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer of outbox messages of `kind`."""

    def register(renderer: Renderer) -> Renderer:
        _refuse_second(kind, renderer)
        _RENDERERS[kind] = renderer
        return renderer

    return register


def loaded_notice(kind: str) -> Callable[[LoadingRenderer], LoadingRenderer]:
    """Register an async renderer that loads what it shows (it may return no activities)."""

    def register(renderer: LoadingRenderer) -> LoadingRenderer:
        _refuse_second(kind, renderer)
        _LOADING[kind] = renderer
        return renderer

    return register


def kinds() -> frozenset[str]:
    """The kinds that have a renderer."""
    return frozenset(_RENDERERS) | frozenset(_LOADING)


def render(kind: str, payload: Payload, language: str | None) -> list[Activity]:
    """The activities for one outbox message, in `language` (cy or en)."""
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        raise UnknownNotice(kind)
    with use_language(language):
        return renderer(payload)


async def render_async(
    kind: str, payload: Payload, language: str | None, deps: NoticeDeps
) -> list[Activity]:
    """Like `render`, also for loading renderers; an empty list means "send nothing"."""
    loading = _LOADING.get(kind)
    if loading is None:
        return render(kind, payload, language)
    with use_language(language):
        return await loading(payload, deps)


def _reason(code: str) -> str:
    """A failure code from the outbox, in words."""
    if code == "http_403":
        return _(
            "The channel refused it: the person may have blocked Camau or left the organisation."
        )
    if code == "http_404":
        return _("The conversation no longer exists: the person may have removed Camau.")
    if code == "retry_exhausted":
        return _("It still failed after several attempts.")
    if code in ("unknown_kind", "render_error"):
        return _("Camau could not prepare the message.")
    return _("The channel rejected it.")


@notice("delivery_failure")
def delivery_failure(payload: Payload) -> list[Activity]:
    """To an admin: a message could not be delivered to someone, and why."""
    text = _("A message ({kind}) to {email} could not be delivered. {reason}").format(
        kind=str(payload.get("kind", "")),
        email=str(payload.get("recipient_email", "")),
        reason=_reason(str(payload.get("reason", ""))),
    )
    return [text_activity(text)]
