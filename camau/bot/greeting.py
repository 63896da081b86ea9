"""Being added to a personal chat, and being uninstalled or installed again.

- `conversationUpdate` adding Camau (or the person) to a personal chat: someone on the roster
  whose language is not known gets a short bilingual introduction and the language question;
  someone whose language is known gets a short welcome back in it, with a menu button. Nobody is
  greeted twice within `GREET_AGAIN` (Teams and the Agents Playground send these events each
  time a chat is opened). A stranger gets the bilingual not-on-the-roster text and nothing about
  them is stored (`CamauAgent` does that before any state is read).
- `installationUpdate`: nobody is greeted (Teams sends a `conversationUpdate` too). `remove`
  forgets the person's conversation reference on that channel, so proactive messages wait
  (`awaiting_contact`) instead of failing; installing again sends a `conversationUpdate` too,
  whose turn stores the reference again, which releases them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState

from camau.dialogs.render import card, card_activity, command_button, text_activity, uses_cards
from camau.dialogs.turn import Deps, Turn
from camau.i18n import _N, _, gettext_in
from camau.services import outbox, people
from camau.services.people import Caller

logger = logging.getLogger(__name__)

GREETED_KEY = "greeted_at"
GREET_AGAIN = timedelta(days=1)
PERSONAL = "personal"


class LanguageAsker(Protocol):
    async def ask_language(self, context: TurnContext, state: TurnState) -> None: ...


def is_welcome(activity: Activity) -> bool:
    """True when a personal chat gained Camau (or its person): time to say hello."""
    if activity.type != ActivityTypes.conversation_update or not activity.members_added:
        return False
    kind = (
        getattr(activity.conversation, "conversation_type", None) if activity.conversation else None
    )
    if kind not in (None, PERSONAL):
        return False
    ours = {getattr(activity.recipient, "id", None), getattr(activity.from_property, "id", None)}
    return any(member.id in ours for member in activity.members_added)


def is_installation(activity: Activity) -> bool:
    return activity.type == ActivityTypes.installation_update


def introduction() -> str:
    """Who Camau is, in Welsh then English (the person's language is not known yet)."""
    text = _N(
        "Hello, I am Camau. I help you put Effective Child Protection into practice: a short "
        "reflection after a visit, scores for the areas of change in your cases, and reminders "
        "for your mentoring sessions."
    )
    return "\n\n".join(gettext_in(language, text) for language in ("cy", "en"))


def welcome_back(channel_id: str | None, caller: Caller) -> Activity:
    """A short hello in the person's language, with a button to the menu."""
    text = _("Welcome back to Camau, {name}. Type menu, or choose below.").format(
        name=caller.name.split()[0]
    )
    if not uses_cards(channel_id):
        return text_activity(text)
    content = card("choices", text=text, actions=[command_button(_("Menu"), "menu")])
    return card_activity(content, text)


def _greeted_recently(state: TurnState, now: datetime) -> bool:
    seen = state.conversation.get_value(GREETED_KEY)
    if not isinstance(seen, str):
        return False
    return now - datetime.fromisoformat(seen) < GREET_AGAIN


async def welcome(context: TurnContext, state: TurnState, router: LanguageAsker) -> None:
    """The application's handler of a welcoming `conversationUpdate` (a rostered person)."""
    turn = Turn.of(context)
    now = turn.clock.now()
    if _greeted_recently(state, now):
        return
    state.conversation.set_value(GREETED_KEY, now.isoformat())  # type: ignore[arg-type]
    caller = turn.caller
    if caller.language is None:
        await context.send_activity(text_activity(introduction()))
        await router.ask_language(context, state)
        return
    await context.send_activity(welcome_back(context.activity.channel_id, caller))


async def installation(deps: Deps, caller: Caller, activity: Activity) -> None:
    """Handle an `installationUpdate`. On `remove`, proactive messages wait. Installing again
    needs nothing here: Teams also sends the `conversationUpdate`, whose turn stores the
    reference again and so releases them (doing it here too would race that turn)."""
    if str(activity.action or "").startswith("remove"):
        await people.forget_reference(deps.db, caller.id, str(activity.channel_id))
        waiting = await outbox.on_contact_lost(deps.db, deps.clock, caller.id)
        logger.info("app removed by person %d; %d messages wait for contact", caller.id, waiting)
