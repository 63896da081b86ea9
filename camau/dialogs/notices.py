"""Proactive notices: each outbox kind rendered into activities in the recipient's language.

A feature declares the renderer of each kind it queues (`Feature.notices`); the outbox sender
calls `Notices.render_async(kind, payload, language, deps)`. Renderers run inside
`use_language(language)`, so `_()` translates into the recipient's language. Payloads never hold
reflective text: a renderer that must show it is declared in `Feature.loaded_notices`, is
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


class UnknownNotice(LookupError):
    """No renderer is declared for this outbox kind."""


@dataclass(frozen=True)
class Notices:
    """The renderers of outbox kinds (`camau.conversation.features.all_notices()` has every one)."""

    renderers: Mapping[str, Renderer]
    loading: Mapping[str, LoadingRenderer]

    def __post_init__(self) -> None:
        """One renderer per kind: a kind with both a plain and a loading renderer is refused."""
        both = self.renderers.keys() & self.loading.keys()
        if both:
            raise ValueError(f"outbox kind {min(both)!r} has two renderers")

    def kinds(self) -> frozenset[str]:
        """The kinds that have a renderer."""
        return frozenset(self.renderers) | frozenset(self.loading)

    def render(self, kind: str, payload: Payload, language: str | None) -> list[Activity]:
        """The activities for one outbox message, in `language` (cy or en)."""
        renderer = self.renderers.get(kind)
        if renderer is None:
            raise UnknownNotice(kind)
        with use_language(language):
            return renderer(payload)

    async def render_async(
        self, kind: str, payload: Payload, language: str | None, deps: NoticeDeps
    ) -> list[Activity]:
        """Like `render`, also for loading renderers; an empty list means "send nothing"."""
        loading = self.loading.get(kind)
        if loading is None:
            return self.render(kind, payload, language)
        with use_language(language):
            return await loading(payload, deps)

    def adding(
        self,
        renderers: Mapping[str, Renderer] | None = None,
        loading: Mapping[str, LoadingRenderer] | None = None,
    ) -> Notices:
        """These renderers and more (tests add their own kinds); a kind that already has a
        different renderer is refused."""
        added = {**(renderers or {}), **(loading or {})}
        for kind, renderer in added.items():
            if self.renderers.get(kind, self.loading.get(kind, renderer)) is not renderer:
                raise ValueError(f"outbox kind {kind!r} has two renderers")
        return Notices({**self.renderers, **(renderers or {})}, {**self.loading, **(loading or {})})


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


def delivery_failure(payload: Payload) -> list[Activity]:
    """To an admin: a message could not be delivered to someone, and why."""
    text = _("A message ({kind}) to {email} could not be delivered. {reason}").format(
        kind=str(payload.get("kind", "")),
        email=str(payload.get("recipient_email", "")),
        reason=_reason(str(payload.get("reason", ""))),
    )
    return [text_activity(text)]
