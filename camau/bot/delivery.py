"""Proactive sends through the Agents SDK adapter, with connector errors mapped at this edge.

    DeliveryError            `.code` is a short code for `OutboxMessage.last_error`
    ├── RetryLater           429/412/408/5xx, connection errors; `.retry_after` in seconds or None
    ├── Undeliverable        403/404: the person blocked Camau, left, or the chat is gone
    └── DeliveryFailed       any other refusal (a bad reference, 400, 401 …)

What the SDK 1.9.0 does (see tests/bot/test_sender.py for the regression tests):
- Claims: an identity with **no claims** is anonymous (`ClaimsIdentity.allow_anonymous`), so the
  connector client gets an empty token and nothing is fetched. With an app id the claims are
  `{"aud": app_id, "appid": app_id}`: no `ver` claim, so it is not an agent-to-agent claim, the
  audience is `https://api.botframework.com` and the scope `https://api.botframework.com/.default`,
  and the token comes from the SERVICE_CONNECTION (MSAL). `continue_conversation(app_id, …)` always
  builds claims, so it tries to fetch a token even when anonymous.
- A connector refusal is an `aiohttp.ClientResponseError` (`.status`, `.headers["Retry-After"]`;
  its message is the response body: never log it). But an exception raised in the turn callback
  never reaches the caller of `continue_conversation_with_claims`: the adapter's `on_turn_error`
  swallows it and by default **posts "Exception caught : <error>" to the user**. So the callback
  here catches everything itself and re-raises after the turn.
- The continuation activity has a random id, which would make every send a reply to a message
  that does not exist; the id is cleared so the send is a plain POST to the conversation.
- The adapter sets every outgoing activity's `id` to None and `send_to_conversation` keeps it as
  `"id": null`, which the Agents Playground refuses (400 "Invalid input"); the proactive turn's
  connector leaves an empty id out (`_without_null_id`).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

import aiohttp
from microsoft_agents.activity import Activity, ConversationReference, ResourceResponse
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, TurnContext
from microsoft_agents.hosting.core.authorization import AuthenticationConstants, ClaimsIdentity
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from pydantic import ValidationError

from camau.bot.clients import KeptClients
from camau.bot.invoke_answer import AnswerEveryInvoke
from camau.bot.pacing import Late, LocalPacer, Pacer, Slots, TooLate, acquire, sending_at
from camau.config import Settings
from camau.dialogs.channels import ChannelRules

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 412, 429})
UNDELIVERABLE_STATUSES = frozenset({403, 404})
MAX_RETRY_AFTER = 24 * 3600.0
DEFAULT_WITHIN = 60.0  # seconds a send may wait for its slot
DEFAULT_BACK_OFF = 1.0  # seconds the tenant waits after a 429 without Retry-After


class DeliveryError(Exception):
    """Base of every error a proactive send raises; `code` is short and holds no message text."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class RetryLater(DeliveryError):
    """A passing refusal or outage: send again later (after `retry_after` seconds if given)."""

    def __init__(self, code: str, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.retry_after = retry_after


class Undeliverable(DeliveryError):
    """The channel will never deliver to this conversation (403/404)."""


class DeliveryFailed(DeliveryError):
    """The channel rejected the message for another reason."""


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The SDK's SERVICE_CONNECTION settings: anonymous without a client id."""
    if settings.anonymous:
        return AgentAuthConfiguration(anonymous_allowed=True)
    return AgentAuthConfiguration(
        client_id=settings.client_id,
        tenant_id=settings.tenant_id,
        client_secret=settings.client_secret,
        anonymous_allowed=False,  # with a client id every request must carry a token
        validate_issuer=True,  # Bot Framework, this tenant, Microsoft's first-party tenants
    )


def make_adapter(settings: Settings) -> tuple[CloudAdapter, AgentAuthConfiguration]:
    """The CloudAdapter the app and the outbox share, and the auth configuration it uses.

    The configuration also goes to `app["agent_configuration"]` for the JWT middleware.
    """
    configuration = auth_configuration(settings)
    manager = MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": configuration}
    )
    adapter = CloudAdapter(
        connection_manager=manager, channel_service_client_factory=KeptClients(manager)
    )
    adapter.use(ChannelRules(settings.telegram_scope))  # every turn's sends, proactive too
    adapter.use(AnswerEveryInvoke())  # never a 501 or 500 for an invoke
    return adapter, configuration


def tenant_of(reference: ConversationReference) -> str:
    """The pacing budget a conversation draws from: its channel and tenant."""
    conversation = reference.conversation
    tenant = (conversation.tenant_id if conversation is not None else None) or "-"
    return f"{reference.channel_id or '-'!s}:{tenant}"[:150]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def map_error(exc: BaseException) -> DeliveryError:
    """The DeliveryError for an exception from the SDK or aiohttp."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, TooLate):
        return RetryLater("paced", 0.0)
    if isinstance(exc, aiohttp.ClientResponseError):
        code = f"http_{exc.status}"
        if exc.status in UNDELIVERABLE_STATUSES:
            return Undeliverable(code)
        if exc.status in RETRY_STATUSES or 500 <= exc.status <= 599:
            header = exc.headers.get("Retry-After") if exc.headers else None
            return RetryLater(code, parse_retry_after(header))
        return DeliveryFailed(code)
    if isinstance(exc, aiohttp.ClientConnectionError | asyncio.TimeoutError | ConnectionError):
        return RetryLater("connection")
    # Token acquisition and other surprises: transient until proven otherwise (attempts cap it).
    return RetryLater(f"error:{type(exc).__name__}"[:64])


class ProactiveDelivery:
    """Sends activities into a stored conversation, each at a slot from the pacer.

    The pacer is shared by every replica (PostgreSQL or Redis) or kept in this process (SQLite);
    see `camau.bot.pacing`. A 429 backs the whole tenant off for its Retry-After.
    """

    def __init__(self, adapter: CloudAdapter, app_id: str | None, pacer: Pacer | None = None):
        self._adapter = adapter
        self._app_id = app_id
        self.pacer: Pacer = pacer or LocalPacer()
        self.slots = Slots(self.pacer)

    async def close(self) -> None:
        """Close the pacer and the connector clients kept between turns."""
        await self.pacer.close()
        factory = getattr(self._adapter, "_channel_service_client_factory", None)
        if isinstance(factory, KeptClients):
            await factory.close()

    def claims(self) -> ClaimsIdentity:
        """No claims when anonymous (no token is fetched); the app id as audience otherwise."""
        if not self._app_id:
            return ClaimsIdentity({}, authentication_type="anonymous")
        return ClaimsIdentity(
            {
                AuthenticationConstants.AUDIENCE_CLAIM: self._app_id,
                AuthenticationConstants.APP_ID_CLAIM: self._app_id,
            },
            authentication_type="proactive",
        )

    async def send(
        self, reference_json: str, activities: list[Activity], within: float = DEFAULT_WITHIN
    ) -> list[str]:
        """Send the activities into the referenced conversation; the connector's activity ids.

        Each goes in a proactive turn of its own and waits for its slot just before its HTTP
        request (RetryLater "paced" if none comes within `within` seconds), after the turn's
        set-up, so sends leave at their slots even when many conversations start together.
        """
        reference = _parse(reference_json)
        ids: list[str] = []
        deadline = time.monotonic() + within

        async def pace() -> float:
            return await self._pace(reference, deadline - time.monotonic())

        for activity in activities:

            async def work(context: TurnContext, activity: Activity = activity) -> None:
                responses = await context.send_activities([activity])
                ids.extend(r.id for r in responses if r is not None and r.id)

            await self._in_conversation(reference, work, pace)
        return ids

    async def delete(self, reference_json: str, activity_ids: Sequence[str]) -> None:
        """Delete activities Camau sent into the referenced conversation (where allowed).

        Every id is tried; the first failure is raised afterwards as a DeliveryError.
        """
        reference = _parse(reference_json)
        first: DeliveryError | None = None
        for activity_id in activity_ids:

            async def work(context: TurnContext, activity_id: str = activity_id) -> None:
                await context.delete_activity(activity_id)

            try:
                await self._pace(reference, DEFAULT_WITHIN)
                await self._in_conversation(reference, work)
            except DeliveryError as exc:
                first = first or exc
        if first is not None:
            raise first

    async def _pace(self, reference: ConversationReference, within: float) -> float:
        assert reference.conversation is not None
        try:
            return await acquire(
                self.slots, tenant_of(reference), reference.conversation.id, within
            )
        except TooLate as exc:
            raise map_error(exc) from exc

    async def _in_conversation(
        self,
        reference: ConversationReference,
        work: Callable[[TurnContext], Awaitable[None]],
        pace: Callable[[], Awaitable[float]] | None = None,
    ) -> None:
        """Run `work` in a proactive turn of the referenced conversation, mapping failures.

        The SDK swallows an exception raised inside the callback (its on_turn_error posts the
        error text to the person instead), so it is caught there and raised here, mapped.
        """
        continuation = reference.get_continuation_activity()
        continuation.id = None  # a new message, not a reply to the continuation's random id
        failures: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            try:
                _without_null_id(context, pace)
                await work(context)
            except Exception as exc:
                failures.append(exc)

        try:
            await self._adapter.continue_conversation_with_claims(
                self.claims(), continuation, callback
            )
        except Exception as exc:
            failures.append(exc)
        if failures:
            error = map_error(failures[0])
            if isinstance(error, RetryLater) and error.code == "http_429":
                await self.pacer.back_off(
                    tenant_of(reference), error.retry_after or DEFAULT_BACK_OFF
                )
            raise error from failures[0]


def _parse(reference_json: str) -> ConversationReference:
    """The stored reference, or DeliveryFailed("bad_reference")."""
    try:
        reference = ConversationReference.model_validate_json(reference_json)
    except ValidationError as exc:
        raise DeliveryFailed("bad_reference") from exc
    if reference.conversation is None or not reference.service_url:
        raise DeliveryFailed("bad_reference")
    return reference


def _without_null_id(
    context: TurnContext, pace: Callable[[], Awaitable[float]] | None = None
) -> None:
    """Make this turn's connector send a new message without `"id": null` in its JSON,
    after waiting for its slot (`pace`) right before the request. The kept connector clients
    refuse to write it once the slot is `LATE` past (`camau.bot.clients.on_time`): it then
    takes a new slot, so a send held up between waking and writing never goes late."""
    client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
    if client is None:
        return
    conversations = client.conversations
    send = conversations.send_to_conversation

    async def send_to_conversation(conversation_id: str, activity: Activity) -> ResourceResponse:
        if activity.id is None:
            activity.model_fields_set.discard("id")
        if pace is None:
            return await send(conversation_id, activity)
        while True:
            slot = await pace()
            try:
                with sending_at(slot):
                    return await send(conversation_id, activity)
            except Late:
                continue

    conversations.send_to_conversation = send_to_conversation  # type: ignore[method-assign]
