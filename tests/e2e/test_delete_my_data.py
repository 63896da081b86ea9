"""Delete my data over real HTTP: Settings explains what goes and what stays, asks to confirm,
deletes the person's reflections, drafts and waiting files in one go (audited), and confirms.
Another person's data is untouched; a person with nothing to delete is told so."""

from __future__ import annotations

import pytest
from sqlmodel import col

from camau.config import Settings
from camau.my_data.services import ACTION
from camau.reflection.tables import Reflection, ReflectionAnswer
from camau.storage.audit_tables import AuditEvent
from camau.storage.drafts_tables import DialogDraft
from tests.e2e.test_interruptions import MORE, finish
from tests.e2e.test_reflection import NOW, WORDS, rbot, rows, start  # noqa: F401
from tests.support.bot import BotHarness, Conversation, text_of

pytestmark = pytest.mark.clock_at(NOW)

OTHER = {"cy": "en", "en": "cy"}
NOT_A_WORKER = {"cy": "teams-megan", "en": "teams-dafydd"}
SAYS = {
    "cy": {
        "settings": "gosodiadau",
        "entry": "Dileu fy nata",
        "choose": "dileu fy nata",
        "goes": "Bydd hyn yn dileu, am byth:",
        "reflections": "- myfyrdodau, gyda'u hatebion a'u nodiadau: 1",
        "drafts": "- drafftiau (myfyrdodau, achosion newydd a sgorau heb eu gorffen): 1",
        "kept": "Yn cael eu cadw:",
        "audit": "y log archwilio",
        "confirm": "Dileu'r cyfan nawr? Does dim modd dadwneud hyn.",
        "no": "na",
        "yes": "ie",
        "nothing_deleted": "Chafodd dim byd ei ddileu.",
        "deleted": "Wedi dileu:",
        "empty": "does dim byd i'w ddileu",
        "menu_settings": "Gosodiadau",
    },
    "en": {
        "settings": "settings",
        "entry": "Delete my data",
        "choose": "delete my data",
        "goes": "This deletes, for good:",
        "reflections": "- reflections, with their answers and notes: 1",
        "drafts": "- drafts (unfinished reflections, new cases and scores): 1",
        "kept": "Kept:",
        "audit": "the audit log",
        "confirm": "Delete it all now? This cannot be undone.",
        "no": "no",
        "yes": "yes",
        "nothing_deleted": "Nothing was deleted.",
        "deleted": "Deleted:",
        "empty": "there is nothing to delete",
        "menu_settings": "Settings",
    },
}


async def reflection_and_draft(bot: BotHarness, language: str, marker: str) -> Conversation:
    """A saved reflection and a draft left at question 2, for the worker of `language`."""
    m = MORE[language]
    worker = await start(bot, language)
    await worker.say(f"Saved answer {marker}.")
    await finish(worker, language, 8)
    await worker.say(m["private"])
    await worker.say(WORDS[language]["reflect"])
    await worker.say(f"Draft answer {marker}.")
    await worker.say(m["menu"])
    await worker.say(m["yes"])  # left: the draft stays
    return worker


async def texts(settings: Settings) -> list[str]:
    return sorted(a.text for a in await rows(settings, ReflectionAnswer))


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_delete_my_data_from_settings_deletes_mine_only_audited_after_confirming(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s = SAYS[language]
    other = await reflection_and_draft(rbot, OTHER[language], "OTHER")
    worker = await reflection_and_draft(rbot, language, "MINE")
    assert len(await rows(settings, DialogDraft)) == 2
    theirs = [d.person_id for d in await rows(settings, DialogDraft)]

    assert s["entry"] in text_of(await worker.say(s["settings"]))
    explained = text_of(await worker.say(s["choose"]))
    for part in ("goes", "reflections", "drafts", "kept", "audit", "confirm"):
        assert s[part] in explained, part
    assert s["nothing_deleted"] in text_of(await worker.say(s["no"]))
    assert len(await rows(settings, Reflection)) == 2  # "no" deleted nothing

    await worker.say(s["settings"])
    await worker.say(s["choose"])
    done = text_of(await worker.say(s["yes"]))
    assert s["deleted"] in done and s["reflections"] in done and s["drafts"] in done

    assert await texts(settings) == ["Saved answer OTHER."]  # the other person's stays
    [left] = await rows(settings, DialogDraft)
    assert "Draft answer OTHER." in left.state and left.person_id != theirs[-1]
    [event] = await rows(settings, AuditEvent, col(AuditEvent.action) == ACTION)
    assert event.actor_id == event.subject_id == theirs[-1] and event.count == 2

    # Nothing left of theirs: asking again says so, and says what is kept.
    again = text_of(await worker.say(s["choose"]))
    assert s["empty"] in again and s["kept"] in again
    # The other person's draft still carries on.
    assert other.last_id is not None


@pytest.mark.parametrize("language", ["cy", "en"])
async def test_a_mentor_or_manager_with_nothing_of_theirs_is_told_so_and_nothing_is_deleted(
    rbot: BotHarness,  # noqa: F811
    settings: Settings,
    language: str,
) -> None:
    s = SAYS[language]
    await reflection_and_draft(rbot, language, "WORKER")
    mentor = rbot.conversation(NOT_A_WORKER[language])  # Megan (mentor, cy), Dafydd (manager)
    await mentor.say("hi")
    await mentor.say(s["settings"])
    told = text_of(await mentor.say(s["choose"]))
    assert s["empty"] in told and s["kept"] in told
    assert await texts(settings) == ["Saved answer WORKER."]
    assert len(await rows(settings, DialogDraft)) == 1
