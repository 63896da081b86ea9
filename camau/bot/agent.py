"""The turn, before and around the Agents SDK application: one unit of work per turn.

0. Trust policy first (`camau.bot.policy`): Teams activities of other tenants are dropped, and
   group conversations get a pointer to the private chat; nothing of either is stored.
1. Recognise the person (roster) before any state is loaded. A linked account is one read, done
   in the turn's own transaction; anyone else is recognised outside any transaction (a Teams
   member look-up is an HTTP call) and the turn is then run for them. Anyone not on the roster
   gets one polite bilingual reply, or links their account with `join CODE` / `ymuno CODE`;
   nothing about them is stored.
2. Isolate, then load: the conversation's lock (in this process; across replicas an advisory
   lock on PostgreSQL, the writer lock on SQLite) is taken before the application reads state.
3. One transaction for the turn: the conversation reference (written only when it changed), the
   state, every domain write and every outbox message the turn queues commit together, or not
   at all. Replies are held until then; effects outside the database run after the commit.
4. Retries only when nothing happened: a turn is run again (at most `MAX_ATTEMPTS` times, its held
   replies dropped) only when the database rolled it back whole (a state conflict, a deadlock, a
   serialization failure, a lock time-out). A turn whose handler failed is rolled back, then its
   dialog is reset in a transaction of its own and the person gets an apology.
5. Applied once: an activity redelivered by the channel (same id) is not applied again, and a
   reply lost to a crash after the commit is noticed at the next message
   (`camau.storage.turns`).
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
from microsoft_agents.hosting.core import Agent, TurnContext, TurnState
from microsoft_agents.hosting.core.app.state.conversation_state import ConversationState
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.storage import Storage

from camau.bot import greeting, metrics, policy, policy_replies
from camau.dialogs import card_answers, edits, invokes
from camau.dialogs.render import text_activity
from camau.dialogs.turn import DEPS_KEY, RESUMED_KEY, SENT_CARDS_KEY, Deps, set_caller
from camau.i18n import _N, _, gettext_in, set_language
from camau.services import invites, outbox, people
from camau.services.people import Caller
from camau.storage.errors import StateConflictError
from camau.storage.turns import TurnMark, replies_sent
from camau.storage.unit import is_retryable

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
JOIN = re.compile(r"^\s*(?:join|ymuno)\s+([A-Za-z0-9-]{4,20})\s*$", re.IGNORECASE)
SORRY = _N("Sorry, something went wrong. Please try again, or type menu.")
TURN_KEY = "camau.turn"
STORED_REFERENCE_KEY = "camau.stored_reference"

ResetDialog = Callable[[TurnContext, Storage], Awaitable[None]]


HeldSend = Callable[[], Awaitable[list[ResourceResponse]]]  # the rest of one held send


class ReplyBuffer:
    """Holds a turn's outgoing activities (and updates of sent ones) until `flush`; `drop`
    forgets them. After `flush`, `cards` holds the connector's ids of the answer cards sent.

    What it holds is the rest of each send, as the SDK built it (the activities already copied,
    addressed and adapted to the channel): `flush` carries those sends on, so a held reply is
    not copied and adapted a second time.
    """

    def __init__(self) -> None:
        self.held: list[tuple[list[Activity], HeldSend]] = []
        self.updates: list[Activity] = []
        self.cards: dict[str, str] = {}
        self.holding = True

    async def __call__(
        self,
        context: TurnContext,
        activities: list[Activity],
        send_next: Callable[[], Awaitable[list[ResourceResponse]]],
    ) -> list[ResourceResponse]:
        if not self.holding:
            return await send_next()
        responses = [ResourceResponse(id=f"held-{i}") for i, _ in enumerate(activities)]
        activities[:] = [a for a in activities if a.type != ActivityTypes.trace]
        if activities:
            self.held.append((activities, send_next))
        return responses

    async def hold_update(
        self, context: TurnContext, activity: Activity, update_next: Callable[[], Awaitable[Any]]
    ) -> Any:
        if not self.holding:
            return await update_next()
        self.updates.append(activity)
        return None

    def drop(self) -> None:
        self.held.clear()
        self.updates.clear()

    async def flush(self, context: TurnContext) -> None:
        self.holding = False
        held, self.held = self.held, []
        for activities, send in held:
            self.cards.update(card_answers.sent_cards(activities, await send()))
        await card_answers.send_updates(context, self.updates)  # never fails the turn
        self.updates = []


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
    """The agent the adapter calls: identity, isolation and one transaction around the app."""

    def __init__(
        self,
        application: Any,
        deps: Deps,
        storage: Storage,
        failed: type[Exception],
        reset_dialog: ResetDialog,
        turn_policy: policy.TurnPolicy | None = None,
    ) -> None:
        self._application = application
        self._deps = deps
        self._storage = storage
        self._failed = failed
        self._reset_dialog = reset_dialog
        self._policy = turn_policy or policy.TurnPolicy()
        self._locks: weakref.WeakValueDictionary[str, Lock] = weakref.WeakValueDictionary()
        application.before_turn(self._before_turn)

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        if greeting.is_installation(activity):  # removed: proactive messages wait
            if policy.refusal(activity, self._policy) is not None:
                return  # another tenant, or a group: nothing to remember
            caller = await self._recognise(context)
            if caller is not None:
                await greeting.installation(self._deps, caller, activity)
            return
        turn_types = (ActivityTypes.message, ActivityTypes.invoke)
        if edits.change_of(activity) is not None:  # an edited or deleted message: a draft follows
            turn_types = (ActivityTypes.message_update, ActivityTypes.message_delete)
        if activity.type not in turn_types and not greeting.is_welcome(activity):
            return  # other conversation updates, typing, etc.: nothing to do, nothing stored
        # Trust policy (camau/bot/policy.py): other tenants dropped, groups pointed elsewhere.
        refused = policy.refusal(activity, self._policy)
        if refused is not None:
            await policy_replies.answer_refused(context, refused)
            return
        if await self._run_as(context, None):
            return  # a linked account: recognised, and the turn run, in one transaction
        caller = await self._recognise(context, linked_read=True)
        if caller is None:
            await self._stranger(context)
            return
        await self._run_as(context, caller)

    async def _run_as(self, context: TurnContext, caller: Caller | None) -> bool:
        """Run the turn as `caller`, or (None) as the person linked to the sender's account,
        recognised inside the turn's transaction; False, having done nothing, if there is none."""
        activity = context.activity
        key = f"{activity.channel_id}/{activity.conversation.id}"
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = Lock()
        async with lock:  # held until the replies are out, so the next turn sees them sent
            return await self._run_with_retries(context, caller, key)

    def _begin_as(self, context: TurnContext, caller: Caller) -> None:
        set_language(caller.language or "cy")
        set_caller(context, caller)
        context.turn_state[DEPS_KEY] = self._deps

    async def _run_with_retries(
        self, context: TurnContext, caller: Caller | None, key: str
    ) -> bool:
        before = set(context.turn_state)
        buffer = ReplyBuffer()
        context.on_send_activities(buffer)
        context.on_update_activity(buffer.hold_update)
        state_key = ConversationState(self._storage).get_storage_key(context)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            mark = TurnMark(state_key, edits.turn_id(context.activity))
            try:
                await self._attempt(context, caller, key, mark)
            except _NotLinked:
                buffer.holding = False  # nothing was held; later sends go straight out
                return False
            except self._failed as failed:
                buffer.drop()
                await self._recover(context, key, failed)
            except Exception as exc:
                if not (isinstance(exc, StateConflictError) or is_retryable(exc)):
                    raise
                metrics.count("state_conflict")
                logger.info("turn rolled back (%s); attempt %d", type(exc).__name__, attempt)
                buffer.drop()
                for added in set(context.turn_state) - before:
                    del context.turn_state[added]
                continue
            try:
                await buffer.flush(context)
            except Exception as exc:  # saved, but not said: the next message says so
                logger.warning("replies not delivered after commit: %s", type(exc).__name__)
                return True
            await replies_sent(self._deps.db, mark, buffer.cards)
            return True
        buffer.drop()
        buffer.holding = False
        logger.warning("turn rolled back %d times; giving up", MAX_ATTEMPTS)
        await context.send_activity(
            text_activity(_("Sorry, that clashed with another message. Please try again."))
        )
        return True

    async def _attempt(
        self, context: TurnContext, caller: Caller | None, key: str, mark: TurnMark
    ) -> None:
        """One try at the turn, in one transaction: commits whole, or raises having done nothing.

        Without a caller, the sender's linked account is read first, in the same transaction
        (`_NotLinked`, before anything else, when there is none)."""
        async with self._deps.db.unit_of_work(key) as unit:
            if caller is None:
                caller = await self._known(context)
                if caller is None:
                    raise _NotLinked
            self._begin_as(context, caller)
            mark.person_id = caller.id
            unit.notes["turn"] = mark
            context.turn_state[TURN_KEY] = mark
            await self._remember(context, caller)
            await self._application.on_turn(context)
            if not mark.duplicate and (unit.wrote or mark.unsent is not None):
                await mark.save(await unit.session.connection())

    async def _before_turn(self, context: TurnContext, _state: TurnState) -> bool:
        """After the state is loaded: skip a redelivered activity; notice a lost reply."""
        mark = context.turn_state.get(TURN_KEY)
        if not isinstance(mark, TurnMark):
            return True
        context.turn_state[SENT_CARDS_KEY] = mark.cards  # to update a card answered by typing
        if mark.duplicate:  # silent: its replies went, or the next message says it was saved
            logger.info("activity already applied; not applying it again")
            return False
        if mark.unsent is not None:
            await context.send_activity(text_activity(_("Your last answer was saved.")))
            context.turn_state[RESUMED_KEY] = True
        return True

    async def _recover(self, context: TurnContext, key: str, failed: Exception) -> None:
        """The turn's work is rolled back; reset its dialog alone, and apologise."""
        error = getattr(failed, "error", failed)
        logger.error("turn failed: %s", type(error).__name__, exc_info=error)
        try:
            async with self._deps.db.unit_of_work(key):
                await self._reset_dialog(context, self._storage)
        finally:
            await context.send_activity(text_activity(_(SORRY)))

    async def _known(self, context: TurnContext) -> Caller | None:
        """The active person linked to the sender's account on this channel (one read)."""
        activity = context.activity
        sender = activity.from_property
        if sender is None or not sender.id:
            return None
        known = await people.known(self._deps.db, str(activity.channel_id), sender.id)
        if known is None:
            return None
        context.turn_state[STORED_REFERENCE_KEY] = known.reference
        return known.caller

    async def _recognise(self, context: TurnContext, linked_read: bool = False) -> Caller | None:
        """The sender as a person on the roster, linking their account when it is theirs.

        `linked_read`: the turn has just found no linked account; it is not read again."""
        activity = context.activity
        sender = activity.from_property
        if sender is None or not sender.id:
            return None
        known = None if linked_read else await self._known(context)
        if known is not None:
            return known
        lookup = self._email_lookup(context) if activity.channel_id == "msteams" else None
        return await people.recognise(
            self._deps.db,
            str(activity.channel_id),
            sender.id,
            aad_object_id=policy.trusted_object_id(activity),
            lookup_email=lookup,
            now=self._deps.clock.now(),
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
        # Proactive messages start new threads; neither id is the conversation's, and leaving
        # them out means the reference is written only when it really changes.
        reference.activity_id = None
        reference.request_id = None
        stored = reference.model_dump_json(by_alias=True, exclude_none=True)
        if context.turn_state.get(STORED_REFERENCE_KEY) == stored:
            return  # read with the person: unchanged, nothing to write
        now = self._deps.clock.now()
        first = await people.remember_reference(
            self._deps.db, caller.id, str(context.activity.channel_id), stored, now
        )
        if first:
            await outbox.on_first_contact(self._deps.db, self._deps.clock, caller.id)

    async def _stranger(self, context: TurnContext) -> None:
        """One polite bilingual reply; or link the account with a one-time code."""
        activity = context.activity
        if activity.type == ActivityTypes.invoke:
            await invokes.answer_unhandled(context)  # 200, never the SDK's 501
            return
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


class _NotLinked(Exception):
    """The sender's account is linked to no active person: recognise them outside the turn."""


def _redeem_message(result: invites.RedeemResult) -> str:
    messages = {
        invites.Outcome.LINKED: _N("Thank you, you are now connected to Camau."),
        invites.Outcome.WRONG: _N("That code is not right. Please check it and try again."),
        invites.Outcome.EXPIRED: _N("That code has expired. Please ask for a new one."),
        invites.Outcome.USED: _N("That code has already been used. Please ask for a new one."),
        invites.Outcome.LOCKED: _N("Too many wrong codes. Please wait an hour, then try again."),
    }
    return messages[result.outcome]
