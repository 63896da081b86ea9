"""The turn, before and around the Agents SDK application.

1. Recognise the person (roster) before any state is loaded. Anyone else gets one polite
   bilingual reply, or links their account with `join CODE` / `ymuno CODE`; nothing about
   them is stored and no turn state is read or written for them.
2. Refresh the person's conversation reference (first contact releases held outbox messages).
3. Run the AgentApplication with replies held back until the turn's state is saved. Turns of
   one conversation run one at a time in this process; if another process saved the same state
   first (`StateConflictError`), the held replies are dropped and the turn is run again on fresh
   state, so nothing is reset and nothing is said twice.
"""

from __future__ import annotations

import hashlib
import logging
import re
import weakref
from asyncio import Lock
from collections.abc import Awaitable, Callable
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, ResourceResponse
from microsoft_agents.hosting.core import Agent, TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from camau.bot import greeting
from camau.dialogs.render import text_activity
from camau.dialogs.turn import DEPS_KEY, Deps, set_caller
from camau.i18n import _N, _, gettext_in, set_language
from camau.services import invites, outbox, people
from camau.services.people import Caller
from camau.storage.errors import StateConflictError

logger = logging.getLogger(__name__)

MAX_CONFLICT_RETRIES = 3
JOIN = re.compile(r"^\s*(?:join|ymuno)\s+([A-Za-z0-9-]{4,20})\s*$", re.IGNORECASE)


class ReplyBuffer:
    """Holds a turn's outgoing activities until `flush`; `drop` forgets them."""

    def __init__(self) -> None:
        self.held: list[Activity] = []
        self.holding = True

    async def __call__(
        self,
        context: TurnContext,
        activities: list[Activity],
        send_next: Callable[[], Awaitable[list[ResourceResponse]]],
    ) -> list[ResourceResponse]:
        if not self.holding:
            return await send_next()
        self.held.extend(a for a in activities if a.type != ActivityTypes.trace)
        return [ResourceResponse(id=f"held-{i}") for i, _ in enumerate(activities)]

    def drop(self) -> None:
        self.held.clear()

    async def flush(self, context: TurnContext) -> None:
        self.holding = False
        if self.held:
            await context.send_activities(self.held)
        self.held = []


def bilingual(message: str) -> str:
    """A message in Welsh, then English: for people whose language is not known."""
    return "\n\n".join(gettext_in(language, message) for language in ("cy", "en"))


def _not_rostered_text() -> str:
    return bilingual(
        _N(
            "Sorry, Camau is only for people on the Effective Child Protection programme "
            "roster. If you think you should be on it, please ask your team manager. If you "
            "were given a code, type join followed by the code."
        )
    )


class CamauAgent(Agent):
    """The agent the adapter calls: identity and state-safety around the application."""

    def __init__(self, application: Agent, deps: Deps) -> None:
        self._application = application
        self._deps = deps
        self._locks: weakref.WeakValueDictionary[str, Lock] = weakref.WeakValueDictionary()

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        if greeting.is_installation(activity):  # removed: proactive messages wait
            caller = await self._recognise(context)
            if caller is not None:
                await greeting.installation(self._deps, caller, activity)
            return
        turn_types = (ActivityTypes.message, ActivityTypes.invoke)
        if activity.type not in turn_types and not greeting.is_welcome(activity):
            return  # other conversation updates, typing, etc.: nothing to do, nothing stored
        caller = await self._recognise(context)
        if caller is None:
            await self._stranger(context)
            return
        await self._run_as(context, caller)

    async def _run_as(self, context: TurnContext, caller: Caller) -> None:
        activity = context.activity
        await self._remember(context, caller)
        set_language(caller.language or "cy")
        set_caller(context, caller)
        context.turn_state[DEPS_KEY] = self._deps
        key = f"{activity.channel_id}/{activity.conversation.id}"
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = Lock()
        async with lock:
            await self._run_with_retries(context)

    async def _run_with_retries(self, context: TurnContext) -> None:
        before = set(context.turn_state)
        buffer = ReplyBuffer()
        context.on_send_activities(buffer)
        for attempt in range(1, MAX_CONFLICT_RETRIES + 1):
            try:
                await self._application.on_turn(context)
            except StateConflictError:
                logger.info("state conflict; re-running the turn (attempt %d)", attempt)
                buffer.drop()
                for added in set(context.turn_state) - before:
                    del context.turn_state[added]
                continue
            await buffer.flush(context)
            return
        buffer.drop()
        buffer.holding = False
        logger.warning("state conflict persisted after %d attempts", MAX_CONFLICT_RETRIES)
        await context.send_activity(
            text_activity(_("Sorry, that clashed with another message. Please try again."))
        )

    async def _recognise(self, context: TurnContext) -> Caller | None:
        activity = context.activity
        sender = activity.from_property
        if sender is None or not sender.id:
            return None
        lookup = self._email_lookup(context) if activity.channel_id == "msteams" else None
        return await people.recognise(
            self._deps.db,
            str(activity.channel_id),
            sender.id,
            aad_object_id=sender.aad_object_id,
            lookup_email=lookup,
        )

    @staticmethod
    def _email_lookup(context: TurnContext) -> Callable[[], Awaitable[str | None]]:
        async def lookup() -> str | None:
            client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
            activity = context.activity
            if client is None or activity.from_property is None:
                return None
            try:
                member: Any = await client.conversations.get_conversation_member(
                    activity.conversation.id, activity.from_property.id
                )
            except Exception:  # the connector may refuse; then the person is simply unknown
                logger.info("Teams member look-up failed", exc_info=False)
                return None
            extra = getattr(member, "model_extra", None) or {}
            email = getattr(member, "email", None) or extra.get("email")
            upn = getattr(member, "user_principal_name", None) or extra.get("userPrincipalName")
            return str(email or upn) if (email or upn) else None

        return lookup

    async def _remember(self, context: TurnContext, caller: Caller) -> None:
        reference = context.activity.get_conversation_reference()
        reference.activity_id = None  # proactive messages start new threads; saves a write a turn
        now = self._deps.clock.now()
        first = await people.remember_reference(
            self._deps.db,
            caller.id,
            str(context.activity.channel_id),
            reference.model_dump_json(by_alias=True, exclude_none=True),
            now,
        )
        if first:
            await outbox.on_first_contact(self._deps.db, self._deps.clock, caller.id)

    async def _stranger(self, context: TurnContext) -> None:
        """One polite bilingual reply; or link the account with a one-time code."""
        activity = context.activity
        if activity.type != ActivityTypes.message:
            if greeting.is_welcome(activity):  # added to a stranger's chat: the same reply
                await context.send_activity(text_activity(_not_rostered_text()))
            return
        match = JOIN.match(activity.text or "")
        if match is None:
            await context.send_activity(text_activity(_not_rostered_text()))
            return
        conversation = f"{activity.channel_id}/{activity.conversation.id}"
        result = await invites.redeem(
            self._deps.db,
            self._deps.clock,
            code=match.group(1),
            channel_id=str(activity.channel_id),
            user_id=str(activity.from_property.id),
            conversation_key=hashlib.sha256(conversation.encode()).hexdigest(),
        )
        await context.send_activity(text_activity(bilingual(_redeem_message(result))))
        if result.outcome is invites.Outcome.LINKED:
            await self._after_link(context)

    async def _after_link(self, context: TurnContext) -> None:
        """Carry straight on as the linked person: they are asked their language next."""
        caller = await self._recognise(context)
        if caller is None:
            return
        context.activity.text = ""
        await self._run_as(context, caller)


def _redeem_message(result: invites.RedeemResult) -> str:
    messages = {
        invites.Outcome.LINKED: _N("Thank you, you are now connected to Camau."),
        invites.Outcome.WRONG: _N("That code is not right. Please check it and try again."),
        invites.Outcome.EXPIRED: _N("That code has expired. Please ask for a new one."),
        invites.Outcome.USED: _N("That code has already been used. Please ask for a new one."),
        invites.Outcome.LOCKED: _N("Too many wrong codes. Please wait an hour, then try again."),
    }
    return messages[result.outcome]
