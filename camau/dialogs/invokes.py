"""Invoke activities (Teams file consent, Adaptive Card `Action.Execute`), routed by name.

A feature registers a handler with `@invoke("fileConsent/invoke")` or, for card actions,
`@card_action("verb")`. A handler returns the invoke response body (or None for an empty
200); the response goes back on the HTTP response of the invoke, as Teams expects.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState

logger = logging.getLogger(__name__)

InvokeHandler = Callable[[TurnContext, TurnState], Awaitable[tuple[int, Any]]]

_handlers: dict[str, InvokeHandler] = {}
_card_actions: dict[str, InvokeHandler] = {}
CARD_ACTION = "adaptiveCard/action"


def invoke(name: str) -> Callable[[InvokeHandler], InvokeHandler]:
    """Register the handler of invoke activities named `name`."""

    def register(handler: InvokeHandler) -> InvokeHandler:
        if name in _handlers or name == CARD_ACTION:
            raise ValueError(f"invoke {name!r} already has a handler")
        _handlers[name] = handler
        return handler

    return register


def card_action(verb: str) -> Callable[[InvokeHandler], InvokeHandler]:
    """Register the handler of an Adaptive Card `Action.Execute` with this verb."""

    def register(handler: InvokeHandler) -> InvokeHandler:
        if verb in _card_actions:
            raise ValueError(f"card action {verb!r} already has a handler")
        _card_actions[verb] = handler
        return handler

    return register


def _verb(activity: Activity) -> str | None:
    value = activity.value if isinstance(activity.value, dict) else {}
    action = value.get("action") if isinstance(value.get("action"), dict) else {}
    verb = action.get("verb") if action else None
    return verb if isinstance(verb, str) else None


async def dispatch(context: TurnContext, state: TurnState) -> None:
    """Answer an invoke: run its handler, or an empty 200 when nothing handles it."""
    name = context.activity.name or ""
    if name == CARD_ACTION:
        verb = _verb(context.activity)
        handler = _card_actions.get(verb or "")
    else:
        handler = _handlers.get(name)
    if handler is None:
        logger.info("no handler for invoke %s", name)
        status, body = 200, None
    else:
        status, body = await handler(context, state)
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )
