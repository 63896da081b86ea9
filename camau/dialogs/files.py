"""Sending a file to a person the channel's own way.

- Teams: the file-consent flow. Camau sends a FileConsentCard and keeps the bytes (table
  `pending_file`) until Teams sends `fileConsent/invoke`: on accept the bytes are PUT to the
  upload URL Teams gives and a FileInfoCard is sent; on decline they are dropped. The invoke is
  answered 200. (The Teams app manifest must say `"supportsFiles": true`.)
- Every other channel: a document attachment carrying the bytes as a `data:` URI (the
  `camau chat` console saves it to a folder and prints the path).
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState

from camau.dialogs.render import text_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.services import files
from camau.services.db import after_commit_or_now

logger = logging.getLogger(__name__)

CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
FILE_CONSENT = "fileConsent/invoke"
UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60)


async def send_file(
    context: TurnContext, filename: str, data: bytes, content_type: str, description: str
) -> None:
    """Offer (Teams) or send (elsewhere) a file to the person in this turn."""
    if str(context.activity.channel_id) == "msteams":
        turn = Turn.of(context)
        token = await files.hold(turn.db, turn.clock, turn.caller.id, filename, content_type, data)
        consent: dict[str, Any] = {
            "description": description,
            "sizeInBytes": len(data),
            "acceptContext": {"camauFile": token},
            "declineContext": {"camauFile": token},
        }
        attachment = Attachment(content_type=CONSENT_CARD, name=filename, content=consent)
    else:
        encoded = base64.b64encode(data).decode("ascii")
        attachment = Attachment(
            content_type=content_type,
            content_url=f"data:{content_type};base64,{encoded}",
            name=filename,
        )
    await context.send_activity(
        Activity(type=ActivityTypes.message, text=description, attachments=[attachment])
    )


async def _upload(url: str, data: bytes) -> bool:
    headers = {"Content-Range": f"bytes 0-{max(len(data) - 1, 0)}/{len(data)}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT) as http,
            http.put(url, data=data, headers=headers) as response,
        ):
            return response.status < 300
    except (aiohttp.ClientError, TimeoutError):
        logger.warning("files: upload failed", exc_info=False)
        return False


def _not_uploaded() -> str:
    return _("Sorry, the file could not be uploaded. Please ask for it again.")


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


async def on_file_consent(context: TurnContext, _state: TurnState) -> tuple[int, Any]:
    """The person accepted or declined a file offered with a FileConsentCard."""
    value = _mapping(context.activity.value)
    token = str(_mapping(value.get("context")).get("camauFile") or "")
    turn = Turn.of(context)
    caller = turn.caller  # kept for the upload, which runs after the turn
    held = await files.take(turn.db, turn.clock, caller.id, token) if token else None
    if value.get("action") != "accept":
        await context.send_activity(text_activity(_("All right, the file was not sent.")))
        return 200, None
    upload = _mapping(value.get("uploadInfo"))
    url = str(upload.get("uploadUrl") or "")
    if held is None:
        await context.send_activity(
            text_activity(_("That file is no longer available. Please ask for it again."))
        )
        return 200, None
    if not url:
        await context.send_activity(text_activity(_not_uploaded()))
        return 200, None

    async def upload_after_commit() -> None:  # an HTTP call: never inside the turn's transaction
        if not await _upload(url, held.data):
            await context.send_activity(text_activity(_not_uploaded()))
            return
        info = Attachment(
            content_type=INFO_CARD,
            content_url=str(upload.get("contentUrl") or ""),
            name=str(upload.get("name") or held.filename),
            content={"uniqueId": upload.get("uniqueId"), "fileType": upload.get("fileType")},
        )
        await context.send_activity(Activity(type=ActivityTypes.message, attachments=[info]))
        logger.info("files: uploaded %d bytes for person %s", len(held.data), caller.id)

    await after_commit_or_now(upload_after_commit)
    return 200, None
