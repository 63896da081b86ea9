"""Invoke activities (Teams file consent, Adaptive Card `Action.Execute`), routed by name.

A feature declares its handlers by invoke name (`Feature.invokes`) or, for card actions, by verb
(`Feature.card_actions`). A handler returns the status and the invoke response body (or None for
an empty 200); the response goes back on the HTTP response of the invoke, as Teams expects.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState

logger = logging.getLogger(__name__)

InvokeHandler = Callable[[TurnContext, TurnState], Awaitable[tuple[int, Any]]]

CARD_ACTION = "adaptiveCard/action"


def _verb(activity: Activity) -> str | None:
    value = activity.value if isinstance(activity.value, dict) else {}
    action = value.get("action") if isinstance(value.get("action"), dict) else {}
    verb = action.get("verb") if action else None
    return verb if isinstance(verb, str) else None


UNKNOWN_ACTION: dict[str, Any] = {
    "statusCode": 400,
    "type": "application/vnd.microsoft.error",
    "value": {"code": "BadRequest", "message": "Camau does not know this action."},
}


def unhandled(name: str) -> tuple[int, Any]:
    """What an invoke nobody handles gets: a card-action error for an unknown verb (Teams shows
    it on the card), and an empty 200 for any other name (nothing to do, nothing broken)."""
    if name == CARD_ACTION:
        return 200, UNKNOWN_ACTION
    return 200, None


async def answer(context: TurnContext, status: int, body: Any) -> None:
    """Send the invoke response (it goes back on the HTTP response of the invoke)."""
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )


async def answer_unhandled(context: TurnContext) -> None:
    """Answer an invoke that is not handled (nobody registered it, or the caller is refused)."""
    name = str(context.activity.name or "")
    logger.info("no handler for invoke %s", name[:64])
    await answer(context, *unhandled(name))


async def dispatch(
    context: TurnContext,
    state: TurnState,
    handlers: Mapping[str, InvokeHandler],
    card_actions: Mapping[str, InvokeHandler],
) -> None:
    """Answer an invoke: run its handler (by name, or by verb for a card action), or
    `unhandled` when nothing handles it."""
    name = context.activity.name or ""
    if name == CARD_ACTION:
        handler = card_actions.get(_verb(context.activity) or "")
    else:
        handler = handlers.get(name)
    if handler is None:
        await answer_unhandled(context)
        return
    await answer(context, *await handler(context, state))
