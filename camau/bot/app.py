"""`create_app(settings)`: the whole bot as one aiohttp application.

Nothing here lives at module level: the engine, storage, adapter, agent application and
outbox sender are made per app and closed with it.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aiohttp import web
from microsoft_agents.activity import ActivityTypes
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from microsoft_agents.hosting.core.app import ApplicationOptions
from microsoft_agents.hosting.core.app.oauth import Authorization
from microsoft_agents.hosting.core.app.state.conversation_state import ConversationState
from microsoft_agents.hosting.core.app.state.temp_state import TempState
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.storage import MemoryStorage, Storage

from camau.bot import greeting
from camau.bot.agent import SORRY, CamauAgent, bilingual
from camau.bot.delivery import ProactiveDelivery, make_adapter
from camau.bot.logs import install_redaction
from camau.bot.metrics import Metrics, count
from camau.bot.pacers import make_pacer
from camau.bot.policy import TurnPolicy
from camau.bot.routes import healthz, messages_handler, readyz_handler
from camau.bot.secret_expiry import secret_warning
from camau.bot.sender import OutboxSender
from camau.bot.service import Drain
from camau.bot.state_types import register_state_types
from camau.config import Settings
from camau.conversation import features
from camau.conversation.router import MainRouter
from camau.dialogs import card_answers, invokes
from camau.dialogs.render import text_activity
from camau.dialogs.turn import Deps, Retract
from camau.i18n import _N
from camau.retention.services import DailyPurge
from camau.services.clock import Clock
from camau.services.db import Db, after_commit_or_now
from camau.storage.engine import create_engine, session_factory
from camau.storage.errors import StateConflictError, StorageError
from camau.storage.state_store import SqlStorage
from camau.storage.unit import is_retryable
from camau.team.services import SessionSweep
from camau.telegram.routing import ChannelDelivery

if TYPE_CHECKING:
    from camau.telegram.channel import TelegramChannel
    from camau.telegram.render import Pacing

logger = logging.getLogger(__name__)

APP_KEY = web.AppKey("camau", dict)


class TurnFailed(Exception):
    """A turn's handler raised: its transaction is rolled back before anything else happens."""

    def __init__(self, error: Exception) -> None:
        super().__init__(type(error).__name__)
        self.error = error


class ConversationTurnState(TurnState):
    """Turn state with the conversation scope alone: Camau keeps nothing in user state."""

    async def load(self, context: TurnContext, storage: Storage) -> TurnState:
        conversation, temp = ConversationState(storage), TempState()  # type: ignore[abstract]
        await conversation.load(context)
        await temp.load(context)
        self._scopes[ConversationState.__name__] = conversation
        self._scopes[TempState.SCOPE_NAME] = temp
        return self


def build_application(
    storage: Storage, router: MainRouter, connections: Connections
) -> AgentApplication[TurnState]:
    """The Agents SDK application: one message route; a failing turn raises `TurnFailed`.

    Camau has no sign-in, so the SDK's sign-in state lives in memory, not in the database.
    """
    application: AgentApplication[TurnState] = AgentApplication[TurnState](
        ApplicationOptions(
            storage=storage,
            start_typing_timer=False,
            turn_state_factory=ConversationTurnState,
        ),
        authorization=Authorization(MemoryStorage(), connections),
    )

    @application.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await card_answers.run_typed_answer(context, state, router.on_message)

    @application.activity(ActivityTypes.message_update)
    async def on_message_update(context: TurnContext, state: TurnState) -> None:
        await router.on_change(context, state)

    @application.activity(ActivityTypes.message_delete)
    async def on_message_delete(context: TurnContext, state: TurnState) -> None:
        await router.on_change(context, state)

    @application.activity(ActivityTypes.conversation_update)
    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        if greeting.is_welcome(context.activity):  # CamauAgent lets only these through
            await greeting.welcome(context, state, router)

    @application.activity(ActivityTypes.invoke)
    async def on_invoke(context: TurnContext, state: TurnState) -> None:
        if card_answers.is_card_message(context.activity):  # answer and command buttons
            await card_answers.run_card_action(context, state, router.on_message)
            return
        await invokes.dispatch(context, state, features.invoke_handlers(), features.card_actions())

    @application.error
    async def on_error(context: TurnContext, error: Exception) -> None:
        if isinstance(error, StateConflictError | TurnFailed) or is_retryable(error):
            raise error  # rolled back whole: CamauAgent runs the turn again
        count("database_error" if isinstance(error, StorageError) else "turn_error")
        raise TurnFailed(error) from error

    return application


async def reset_dialog(context: TurnContext, storage: Storage) -> None:
    """Forget the conversation's dialog stack after an error; everything else stays.

    State that cannot even be read (say, a dialog type a newer release no longer allows) is
    dropped whole, so the person is not stuck on the same error at every message.
    """
    state = ConversationTurnState()
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
    count("database_error" if isinstance(error, StorageError) else "turn_error")
    logger.error("turn failed before the application: %s", type(error).__name__, exc_info=error)
    if context.activity.type != ActivityTypes.message:
        return
    try:
        await context.send_activity(text_activity(bilingual(_N(SORRY))))
    except Exception as exc:  # the channel itself may be what failed
        logger.warning("could not apologise either: %s", type(exc).__name__)


def after_commit(retract: Retract) -> Retract:
    """Retractions (deleting sent messages) wait until the turn's work has committed."""

    async def deferred(reference: str, activity_ids: Sequence[str]) -> None:
        await after_commit_or_now(lambda: retract(reference, activity_ids))

    return deferred


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    start_sender: bool = True,
    storage_factory: Callable[[Db], Storage] | None = None,
    telegram_pacing: Pacing | None = None,
) -> web.Application:
    """Build the aiohttp application for these settings (the engine opens on startup)."""
    install_redaction()
    register_state_types()
    clock = clock or Clock()
    engine = create_engine(settings.database_url)
    db = session_factory(engine)
    storage = storage_factory(db) if storage_factory is not None else SqlStorage(db)
    adapter, auth_config = make_adapter(settings)
    teams_delivery = ProactiveDelivery(adapter, settings.client_id, make_pacer(settings, db))
    delivery = ChannelDelivery(teams_delivery)
    deps = Deps(db=db, clock=clock, retract=after_commit(delivery.delete))
    connections = MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": auth_config}
    )
    application = build_application(storage, MainRouter(), connections)
    agent = CamauAgent(
        application, deps, storage, TurnFailed, reset_dialog, TurnPolicy.from_settings(settings)
    )
    adapter.on_turn_error = _adapter_error
    owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    telegram: TelegramChannel | None = None
    if settings.telegram_token:  # aiogram is imported only then: it costs a start about 3 s of CPU
        from camau.telegram.channel import telegram_channel

        telegram = telegram_channel(
            settings, agent, db, clock, owner, _adapter_error, pacing=telegram_pacing
        )
    daily_purge, session_sweep = DailyPurge(db, clock, settings), SessionSweep(db, clock)
    metrics = Metrics(db, clock, settings.metrics_token if not settings.metrics_port else None)

    async def sweep() -> None:
        await daily_purge()  # logs its own failures, never raises
        async with db.unit_of_work():  # digests and alerts queued together, or not at all
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
        metrics=metrics,
    )

    drain = Drain()
    app = web.Application(
        client_max_size=settings.max_body_bytes, middlewares=[drain.middleware, metrics.middleware]
    )
    app["agent_configuration"] = auth_config
    app[APP_KEY] = {
        "engine": engine, "db": db, "sender": sender, "agent": agent, "drain": drain,
        "metrics": metrics,
    }  # fmt: skip
    if settings.metrics_token and not settings.metrics_port:
        app.router.add_get("/metrics", metrics.handler)
    app.router.add_post("/api/messages", messages_handler(adapter, agent, settings))
    app.router.add_get("/healthz", healthz)
    if telegram is not None:  # the native Telegram channel (CAMAU_TELEGRAM_TOKEN)
        delivery.telegram = telegram.delivery
        telegram.install(app)
    app.router.add_get(
        "/readyz",
        readyz_handler(
            db,
            clock,
            lambda: sender.last_sweep,
            settings.outbox_interval,
            lambda: drain.draining,
            lambda: [
                w for w in [secret_warning(settings.client_secret_expires, clock.now().date())] if w
            ],
        ),
    )

    async def on_startup(_app: web.Application) -> None:
        if warning := secret_warning(settings.client_secret_expires, clock.now().date()):
            logger.warning("%s", warning)
        if start_sender:
            sender.start()

    async def on_cleanup(_app: web.Application) -> None:
        await sender.stop(settings.shutdown_grace)
        await teams_delivery.pacer.close()
        await engine.dispose()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app
