"""Withdrawn outbox messages (a loading renderer finds nothing) and deleting sent activities."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from microsoft_agents.activity import Activity

from camau.bot.delivery import Undeliverable
from camau.conversation.features import all_notices
from camau.dialogs.notices import NoticeDeps, Payload
from camau.dialogs.render import text_activity
from camau.services import outbox
from camau.services.clock import FixedClock
from camau.services.db import Db
from tests.bot.test_sender import NOW, delivery, person, reference, rows, sender
from tests.support.connector import FakeConnector


async def _loaded(payload: Payload, deps: NoticeDeps) -> list[Activity]:
    if not payload.get("present"):
        return []
    return [text_activity(f"hello {deps.recipient_id}")]


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


async def _queue(db: Db, clock: FixedClock, to: int, present: bool, key: str) -> None:
    await outbox.enqueue(
        db, clock, recipient_id=to, kind="test_loaded", payload={"present": present},
        due_at=NOW, dedupe_key=key,
    )  # fmt: skip


async def test_sender_cancels_a_message_whose_renderer_finds_nothing(
    db: Db, connector: FakeConnector
) -> None:
    clock = FixedClock(NOW)
    to = await person(db, connector, "gwen")
    await _queue(db, clock, to, False, "gone")
    await _queue(db, clock, to, True, "here")
    notices = all_notices().adding(loading={"test_loaded": _loaded})
    assert await sender(db, clock, notices=notices).run_once() == 2
    assert connector.texts("gwen") == [f"hello {to}"]
    statuses = {r.dedupe_key: (r.status, r.last_error) for r in await rows(db)}
    assert statuses == {"gone": ("cancelled", "withdrawn"), "here": ("sent", None)}


async def test_delivery_delete_removes_activities_through_the_connector(
    connector: FakeConnector,
) -> None:
    await delivery().delete(reference(connector, "megan"), ["act-1", "act-2"])
    assert connector.deleted == [("megan", "act-1"), ("megan", "act-2")]


async def test_delivery_delete_maps_a_refusal_after_trying_every_id(
    connector: FakeConnector,
) -> None:
    class Refusing(FakeConnector):
        async def _delete(self, request):  # type: ignore[no-untyped-def]
            await super()._delete(request)
            from aiohttp import web

            return web.json_response({"error": {"code": "403"}}, status=403)

    refusing = await Refusing().start()
    try:
        with pytest.raises(Undeliverable):
            await delivery().delete(reference(refusing, "megan"), ["act-1", "act-2"])
        assert refusing.deleted == [("megan", "act-1"), ("megan", "act-2")]
    finally:
        await refusing.close()
