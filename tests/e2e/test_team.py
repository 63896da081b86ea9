"""A manager asks for the team digest at any time; nobody else can."""

from __future__ import annotations

import pytest

from tests.support.bot import BotHarness, text_of
from tests.support.connector import Member


def _teams(bot: BotHarness, user: str, email: str) -> None:
    bot.connector.members[user] = Member(id=user, email=email, user_principal_name=email)


@pytest.mark.parametrize(
    ("language", "word", "title", "worker_column"),
    [("cy", "tîm", "Crynhoad y tîm", "Elin Pryce"), ("en", "team", "Team digest", "Tom Davies")],
)
async def test_team_digest_on_request_lists_the_team_in_counts(
    bot: BotHarness, language: str, word: str, title: str, worker_column: str
) -> None:
    _teams(bot, "teams-dafydd", "dafydd.morgan@demo.camau.cymru")
    dafydd = bot.conversation("teams-dafydd", aad_object_id="aad-dafydd")
    await dafydd.say("iaith")
    await dafydd.say("Cymraeg" if language == "cy" else "English")
    menu = await dafydd.say("dewislen" if language == "cy" else "menu")
    assert title in text_of(menu)
    digest = await dafydd.say(word)
    assert worker_column in text_of(digest)
    assert "Alex Wilber" in text_of(digest)


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("cy", "Dim ond rheolwyr tîm sy'n gallu defnyddio crynoadau'r tîm."),
        ("en", "Team digests are for team managers."),
    ],
)
async def test_team_digest_is_refused_to_a_worker(
    bot: BotHarness, language: str, refusal: str
) -> None:
    _teams(bot, "teams-tom", "tom.davies@demo.camau.cymru")
    tom = bot.conversation("teams-tom", aad_object_id="aad-tom")
    await tom.say("iaith")
    await tom.say("Cymraeg" if language == "cy" else "English")
    menu = await tom.say("dewislen" if language == "cy" else "menu")
    assert "Dewislen Camau" in text_of(menu) or "Camau menu" in text_of(menu)
    assert "Crynhoad y tîm" not in text_of(menu) and "Team digest" not in text_of(menu)
    assert refusal in text_of(await tom.say("team"))
