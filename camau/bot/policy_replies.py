"""What Camau says when the trust policy stops a turn (camau/bot/policy.py)."""

from __future__ import annotations

import logging

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext

from camau.bot.policy import Refusal, addressed_to_camau
from camau.dialogs import invokes
from camau.dialogs.render import text_activity
from camau.i18n import _N, gettext_in

logger = logging.getLogger(__name__)

PRIVATE_ONLY = _N(
    "Camau only works in a private chat with you, because your reflections are yours. "
    "Please open a chat with Camau on its own and write there. "
    "Nothing from this conversation has been kept."
)


async def answer_refused(context: TurnContext, refusal: Refusal) -> None:
    """Another tenant: nothing. A group: the way to the private chat, if Camau was addressed."""
    activity = context.activity
    logger.info("turn refused by policy: %s on %s", refusal.value, activity.channel_id)
    if activity.type == ActivityTypes.invoke:
        await invokes.answer_unhandled(context)  # 200, never the SDK's 501
        return
    if refusal is Refusal.GROUP and addressed_to_camau(activity):
        text = "\n\n".join(gettext_in(language, PRIVATE_ONLY) for language in ("cy", "en"))
        await context.send_activity(text_activity(text))
