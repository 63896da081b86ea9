"""`create_app(settings)`: the whole bot as one aiohttp application.

Nothing here lives at module level: the engine, storage, adapter, agent application and
outbox sender are made per app and closed with it.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

from aiohttp import web
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from microsoft_agents.hosting.core.app import ApplicationOptions
from microsoft_agents.hosting.core.app.state.conversation_state import ConversationState
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.storage import Storage

from camau.bot import greeting
from camau.bot.agent import CamauAgent, bilingual
from camau.bot.delivery import ProactiveDelivery, make_adapter
from camau.bot.logs import install_redaction
from camau.bot.routes import healthz, messages_handler, readyz_handler
from camau.bot.sender import OutboxSender
from camau.dialogs import card_answers, invokes
from camau.dialogs.main import MainRouter
from camau.dialogs.render import text_activity
from camau.dialogs.turn import Deps
from camau.i18n import _N, _
from camau.services.clock import Clock
from camau.services.retention import DailyPurge
from camau.services.session_digests import SessionSweep
from camau.settings import Settings
from camau.storage.engine import create_engine, session_factory
from camau.storage.errors import StateConflictError, StorageError
from camau.storage.state_store import SqlStorage

logger = logging.getLogger(__name__)

APP_KEY = web.AppKey("camau", dict)


def build_application(
    storage: Storage, router: MainRouter, connections: Connections
) -> AgentApplication[TurnState]:
    """The Agents SDK application: one message route, an error handler that apologises."""
    application: AgentApplication[TurnState] = AgentApplication[TurnState](
        ApplicationOptions(storage=storage, start_typing_timer=False),
        connection_manager=connections,
    )

    @application.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await router.on_message(context, state)

    @application.activity(ActivityTypes.conversation_update)
    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        if greeting.is_welcome(context.activity):  # CamauAgent lets only these through
            await greeting.welcome(context, state, router)

    @application.activity(ActivityTypes.invoke)
    async def on_invoke(context: TurnContext, state: TurnState) -> None:
        if card_answers.is_card_message(context.activity):  # answer and command buttons
            await card_answers.run_card_action(context, state, router.on_message)
            return
        await invokes.dispatch(context, state)

    @application.error
    async def on_error(context: TurnContext, error: Exception) -> None:
        if isinstance(error, StateConflictError):
            raise error  # CamauAgent re-runs the turn on fresh state
        logger.error("turn failed: %s", type(error).__name__, exc_info=error)
        try:
            await _reset_dialog(context, storage)
        finally:
            await context.send_activity(text_activity(_(SORRY)))

    return application


async def _reset_dialog(context: TurnContext, storage: Storage) -> None:
    """Forget the conversation's dialog stack after an error; everything else stays.

    State that cannot even be read (say, a dialog type a newer release no longer allows) is
    dropped whole, so the person is not stuck on the same error at every message.
    """
    state = TurnState.with_storage(storage)
    try:
        await state.load(context, storage)
    except StorageError:
        await storage.delete([ConversationState(storage).get_storage_key(context)])
        return
    state.conversation.delete_value("DialogState")
    await state.save(context)


async def _adapter_error(context: TurnContext, error: Exception) -> None:
    """Errors outside the application's turn (recognition, the database): log, apologise.

    Replaces the SDK default, which sends the exception text to the person.
    """
    logger.error("turn failed before the application: %s", type(error).__name__, exc_info=error)
    if context.activity.type != ActivityTypes.message:
        return
    try:
        await context.send_activity(text_activity(bilingual(_N(SORRY))))
    except Exception as exc:  # the channel itself may be what failed
        logger.warning("could not apologise either: %s", type(exc).__name__)


SORRY = _N("Sorry, something went wrong. Please try again, or type menu.")


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    start_sender: bool = True,
    storage: Storage | None = None,
) -> web.Application:
    """Build the aiohttp application for these settings (the engine opens on startup)."""
    install_redaction()
    clock = clock or Clock()
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    storage = storage or SqlStorage(db)
    adapter, auth_config = make_adapter(settings)
    delivery = ProactiveDelivery(adapter, settings.client_id)
    deps = Deps(db=db, clock=clock, retract=delivery.delete)
    connections = MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": auth_config}
    )
    application = build_application(storage, MainRouter(), connections)
    agent = CamauAgent(application, deps)
    adapter.on_turn_error = _adapter_error
    owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    daily_purge, session_sweep = DailyPurge(db, clock, settings), SessionSweep(db, clock)

    async def sweep() -> None:
        await daily_purge()  # logs its own failures, never raises
        await session_sweep()

    sender = OutboxSender(
        db,
        clock,
        delivery,
        interval=settings.outbox_interval,
        owner=owner,
        lease_seconds=settings.outbox_lease_seconds,
        batch=settings.outbox_batch,
        sweep=sweep,
    )

    app = web.Application(client_max_size=settings.max_body_bytes)
    app["agent_configuration"] = auth_config
    app[APP_KEY] = {"engine": engine, "db": db, "sender": sender, "agent": agent}
    app.router.add_post("/api/messages", messages_handler(adapter, agent))
    app.router.add_get("/healthz", healthz)
    app.router.add_get(
        "/readyz", readyz_handler(db, clock, lambda: sender.last_sweep, settings.outbox_interval)
    )

    async def on_startup(_app: web.Application) -> None:
        if start_sender:
            sender.start()

    async def on_cleanup(_app: web.Application) -> None:
        await sender.stop()
        await engine.dispose()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app
