"""Exporting reflections over real HTTP: a document attachment on the console, the file-consent
flow in Teams (consent card, invoke answered 200, upload PUT, file info card)."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlmodel import select

from camau.config import Settings
from camau.storage import people as people_repo
from camau.storage.engine import create_engine, session_factory
from camau.storage.files_tables import PendingFile
from camau.storage.models import Person
from tests.support.bot import BotHarness, Conversation, text_of
from tests.support.connector import FakeConnector, Member

TOM = "tom.davies@demo.camau.cymru"
ELIN = "elin.pryce@demo.camau.cymru"
EXPORT_WORDS = {"cy": ("myfyrdodau", "allforio"), "en": ("reflections", "export")}
EMAILS = {"cy": ELIN, "en": TOM}


class UploadTarget:
    """Stands in for the OneDrive upload URL Teams gives: records each PUT."""

    def __init__(self) -> None:
        self.puts: list[tuple[bytes, str | None]] = []
        self.server: TestServer | None = None

    async def _put(self, request: web.Request) -> web.Response:
        self.puts.append((await request.read(), request.headers.get("Content-Range")))
        return web.json_response({"id": "drive-item"}, status=201)

    async def start(self) -> UploadTarget:
        app = web.Application()
        app.router.add_put("/upload/{name}", self._put)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self

    def url(self, name: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(f"/upload/{name}"))


@pytest.fixture
async def upload() -> AsyncIterator[UploadTarget]:
    target = await UploadTarget().start()
    yield target
    assert target.server is not None
    await target.server.close()


CSV_WORDS = {
    "cy": ("Beth ddigwyddodd", "Pwy gaiff ei ddarllen", "preifat"),
    "en": ("What happened", "Who may read it", "private"),
}


async def _link_console(settings: Settings, email: str) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            person = (await session.exec(select(Person).where(Person.email == email))).one()
            assert person.id is not None
            await people_repo.link_channel_account(
                session, person.id, "console", f"console:{email}"
            )
    finally:
        await engine.dispose()
    return f"console:{email}"


async def _reflect_once(person: Conversation, language: str) -> None:
    await person.say("hi")
    await person.say("myfyrio" if language == "cy" else "reflect")
    await person.say("Home visit, case CP-4410: =calm and open.")
    for _ in range(8):
        await person.say("hepgor" if language == "cy" else "skip")
    await person.say("1")  # keep it private


async def _rows(settings: Settings) -> list[PendingFile]:
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.exec(select(PendingFile))).all())
    finally:
        await engine.dispose()


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_export_on_console_sends_json_and_csv_attachments(
    bot: BotHarness, settings: Settings, language: str
) -> None:
    user = await _link_console(settings, EMAILS[language])
    person = bot.conversation(user, channel_id="console")
    await _reflect_once(person, language)
    mine, export = EXPORT_WORDS[language]
    await person.say(mine)
    replies = await person.say(export)
    files = {a["name"]: a for r in replies for a in r.attachments if "contentUrl" in a}
    names = sorted(files)
    assert [n.rsplit(".", 1)[1] for n in names] == ["csv", "json"]
    decoded = {
        name: base64.b64decode(a["contentUrl"].split(",", 1)[1]) for name, a in files.items()
    }
    document = json.loads(decoded[names[1]])
    [kept] = document["reflections"]
    assert kept["answers"] == {"what_happened": "Home visit, case CP-4410: =calm and open."}
    rows = list(csv.DictReader(io.StringIO(decoded[names[0]].decode("utf-8-sig"))))
    what, sharing, private = CSV_WORDS[language]  # the CSV speaks the person's language
    assert rows[0][what] == "Home visit, case CP-4410: =calm and open."
    assert rows[0][sharing] == private
    assert files[names[0]]["contentType"] == "text/csv"


def _consent(replies: list[Any]) -> list[dict[str, Any]]:
    return [
        a
        for r in replies
        for a in r.attachments
        if a["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    ]


async def _invoke(bot: BotHarness, person: Conversation, value: dict[str, Any]) -> tuple[int, Any]:
    body = person.activity()
    body.update({"type": "invoke", "name": "fileConsent/invoke", "value": value})
    body.pop("text", None)
    assert bot.http is not None
    async with bot.http.post(bot.url, json=body) as response:
        text = await response.text()
        return response.status, json.loads(text) if text else None


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_export_in_teams_asks_consent_then_uploads_on_accept(
    bot: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    upload: UploadTarget,
    language: str,
) -> None:
    email = EMAILS[language]
    user = f"teams-{email.split('.')[0]}"
    connector.members[user] = Member(id=user, email=email, user_principal_name=email)
    person = bot.conversation(user)
    await _reflect_once(person, language)
    mine, export = EXPORT_WORDS[language]
    await person.say(mine)
    cards = _consent(await person.say(export))
    assert len(cards) == 2 and len(await _rows(settings)) == 2
    first = cards[0]
    assert first["content"]["sizeInBytes"] > 0

    status, _body = await _invoke(
        bot,
        person,
        {
            "type": "fileUpload",
            "action": "accept",
            "context": first["content"]["acceptContext"],
            "uploadInfo": {
                "uploadUrl": upload.url(first["name"]),
                "contentUrl": "https://contoso.example/file",
                "name": first["name"],
                "uniqueId": "u-1",
                "fileType": first["name"].rsplit(".", 1)[1],
            },
        },
    )
    assert status == 200
    [(data, content_range)] = upload.puts
    assert content_range == f"bytes 0-{len(data) - 1}/{len(data)}"
    assert len(data) == first["content"]["sizeInBytes"]
    info = [a for r in person.new_replies() for a in r.attachments]
    assert info[0]["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert info[0]["content"]["uniqueId"] == "u-1"
    assert len(await _rows(settings)) == 1


@pytest.mark.parametrize(
    ("language", "said"),
    [("cy", "chafodd y ffeil ddim ei hanfon"), ("en", "the file was not sent")],
)
async def test_export_in_teams_declined_drops_the_file(
    bot: BotHarness,
    settings: Settings,
    connector: FakeConnector,
    upload: UploadTarget,
    language: str,
    said: str,
) -> None:
    email = EMAILS[language]
    user = f"teams-{email.split('.')[0]}"
    connector.members[user] = Member(id=user, email=email, user_principal_name=email)
    person = bot.conversation(user)
    await _reflect_once(person, language)
    mine, export = EXPORT_WORDS[language]
    await person.say(mine)
    cards = _consent(await person.say(export))
    for card in cards:
        status, _body = await _invoke(
            bot,
            person,
            {
                "type": "fileUpload",
                "action": "decline",
                "context": card["content"]["declineContext"],
            },
        )
        assert status == 200
    assert said in text_of(person.new_replies())
    assert upload.puts == []
    assert await _rows(settings) == []
