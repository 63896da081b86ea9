"""The privacy-guarded free-text question every feature uses: required ones refuse 'skip',
and what the guard finds is shown before anything is kept."""

from __future__ import annotations

import pytest

from tests.support.bot import BotHarness, text_of

TOM = "teams-tom"
TOM_AAD = "aad-tom-guard"


@pytest.mark.parametrize(
    ("language", "skip", "again", "found"),
    [
        ("cy", "hepgor", "Teipiwch ateb.", "cod post"),
        ("en", "skip", "Please type an answer.", "postcode"),
    ],
)
async def test_guard_required_answer_refuses_skip_and_flags_identifiers(
    bot: BotHarness, language: str, skip: str, again: str, found: str
) -> None:
    from tests.support.connector import Member

    bot.connector.members[TOM] = Member(
        id=TOM, email="tom.davies@demo.camau.cymru", user_principal_name="tom@x"
    )
    tom = bot.conversation(TOM, aad_object_id=TOM_AAD)
    await tom.say("iaith")
    await tom.say("Cymraeg" if language == "cy" else "English")
    await tom.say("achos newydd" if language == "cy" else "new case")
    await tom.say("CP/2026/0777")
    await tom.say("1/10/2026")
    asked_again = await tom.say(skip)  # the area's label is required
    assert again in text_of(asked_again)
    flagged = await tom.say("Home near CF10 3AT")
    assert found in text_of(flagged).lower() and "CF10 3AT" in text_of(flagged)
