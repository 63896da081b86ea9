"""Every invoke gets an invoke response: never the adapter's 501 (nothing answered) or a 500.

Adapter middleware. After the turn (or its failure), an invoke still without a response is
answered 200: a card action with an empty message (the card stays as it was), anything else
with no body. Strangers' invokes, unknown invokes and turns that failed all end here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import ChannelAdapter, TurnContext

CARD_ACTION = "adaptiveCard/action"
MESSAGE = "application/vnd.microsoft.activity.message"


def fallback_response(activity: Activity) -> InvokeResponse:
    """The response for an invoke nothing else answered."""
    if activity.name == CARD_ACTION:
        return InvokeResponse(status=200, body={"statusCode": 200, "type": MESSAGE, "value": ""})
    return InvokeResponse(status=200)


class AnswerEveryInvoke:
    """Adapter middleware: an invoke left unanswered is answered 200."""

    async def on_turn(
        self, context: TurnContext, logic: Callable[[TurnContext], Awaitable[Any]]
    ) -> None:
        try:
            await logic(context)
        finally:
            activity = context.activity
            key = ChannelAdapter.INVOKE_RESPONSE_KEY
            if activity.type == ActivityTypes.invoke and key not in context.turn_state:
                context.turn_state[key] = Activity(
                    type=ActivityTypes.invoke_response, value=fallback_response(activity)
                )
