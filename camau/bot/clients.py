"""Connector clients kept between turns, so sends reuse their HTTP connections.

The SDK's `RestChannelServiceClientFactory` makes a new connector client and a new user-token
client (each its own aiohttp session) for every turn and closes them after it: every reply and
every proactive send opened a new TCP connection, and the SDK read its own package metadata
for the User-Agent each time. Measured in `benchmarks/delivery.py`, that was about a tenth of
a replica's time per send, and the connection's set-up, made after the send's slot came, made
sends arrive later than their slots (which the channel's window counts).

`KeptClients` keeps one of each per service URL (and per app) for the token in force; a new
token replaces the old client, which is closed a little later (turns in flight may still use
it). Its HTTP session checks that a paced send is still on time just before writing it
(`on_time`). Each turn gets a `_TurnView`: its own `conversations` (a turn may wrap its methods, as
`camau.bot.delivery` does) and a `close` that leaves the kept client open. Agentic requests and
Copilot Studio's connector users go to the SDK's own factory unchanged.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import RestChannelServiceClientFactory, TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from camau.bot.pacing import check_on_time

RETIRE_AFTER = 120.0  # seconds a replaced client stays open for turns still using it


def on_time() -> aiohttp.TraceConfig:
    """Refuse (`camau.bot.pacing.Late`) a paced request whose slot has passed, as it starts
    and again as it takes its connection, just before it is written (aiohttp gives a reused
    connection back when this raises). Unpaced requests (turn replies) pass."""

    async def check(_session: object, _context: object, _params: object) -> None:
        check_on_time()

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(check)
    trace.on_connection_reuseconn.append(check)
    return trace


class _Forward:
    """Reads through to `target`; what is set on it stays here."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


class _TurnView(_Forward):
    """One turn's use of a kept client."""

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        if hasattr(client, "conversations"):
            self.conversations = _Forward(client.conversations)

    async def close(self) -> None:
        return None  # the client is kept for the next turn


class KeptClients(RestChannelServiceClientFactory):
    """The SDK's client factory, keeping its clients between turns (see the module)."""

    def __init__(self, connection_manager: Any) -> None:
        super().__init__(connection_manager)
        self._connectors: dict[str, tuple[str, TeamsConnectorClient]] = {}
        self._token_clients: dict[str, tuple[str, UserTokenClient]] = {}
        self._retiring: set[asyncio.Task[None]] = set()
        self._retired: list[TeamsConnectorClient | UserTokenClient] = []

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        recipient = context.activity.recipient if context is not None else None
        if (
            not service_url
            or not audience
            or (context is not None and context.activity.is_agentic_request())
            or (recipient is not None and recipient.role == RoleTypes.connector_user)
        ):
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
        provider = (
            self._ANONYMOUS_TOKEN_PROVIDER
            if use_anonymous
            else self._connection_manager.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(
            audience, scopes or claims_identity.get_token_scope()
        )
        key = f"{service_url}\n{audience}"
        kept = self._connectors.get(key)
        if kept is None or kept[0] != token:
            if kept is not None:
                self._retire(kept[1])
            session = aiohttp.ClientSession(
                base_url=service_url.rstrip("/") + "/", trace_configs=[on_time()]
            )
            kept = (
                token,
                TeamsConnectorClient(endpoint=service_url, token=token, session=session),
            )
            self._connectors[key] = kept
        return _TurnView(kept[1])

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClient:
        if not use_anonymous and context.activity.is_agentic_request():
            return await super().create_user_token_client(context, claims_identity, use_anonymous)
        token = ""
        if not use_anonymous:
            provider = self._connection_manager.get_token_provider(
                claims_identity, self._token_service_endpoint
            )
            token = await provider.get_access_token(
                self._token_service_audience, claims_identity.get_token_scope()
            )
            if not token:
                return await super().create_user_token_client(
                    context, claims_identity, use_anonymous
                )
        app_id = claims_identity.get_app_id() or ""
        kept = self._token_clients.get(app_id)
        if kept is None or kept[0] != token:
            if kept is not None:
                self._retire(kept[1])
            client = UserTokenClient(
                app_id=app_id, endpoint=self._token_service_endpoint, token=token
            )
            kept = (token, client)
            self._token_clients[app_id] = kept
        return _TurnView(kept[1])  # type: ignore[return-value]

    def _retire(self, client: TeamsConnectorClient | UserTokenClient) -> None:
        self._retired.append(client)

        async def later() -> None:
            await asyncio.sleep(RETIRE_AFTER)
            await client.close()
            self._retired.remove(client)

        task = asyncio.create_task(later())
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def close(self) -> None:
        """Close every kept client (at shutdown)."""
        for task in list(self._retiring):
            task.cancel()
        clients: list[TeamsConnectorClient | UserTokenClient] = [
            c for _t, c in self._connectors.values()
        ]
        clients += [c for _t, c in self._token_clients.values()]
        clients += self._retired
        self._retired = []
        self._connectors.clear()
        self._token_clients.clear()
        for client in clients:
            await client.close()
