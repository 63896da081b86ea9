"""Roles over real HTTP: nobody is offered what they may not do, and a typed command for
something outside their role is answered at once with a sentence in their language."""

from __future__ import annotations

import pytest

from camau.conversation.features import commands, may_start
from camau.conversation.menu import menu_choices
from camau.conversation.router import COMMANDS
from camau.i18n import use_language
from camau.services.people import Caller
from tests.e2e.test_sessions import person_in_teams
from tests.support.bot import BotHarness, text_of
from tests.support.connector import FakeConnector

DOMAIN = "demo.camau.cymru"
# The demo team: one person per role, each in their own language.
PEOPLE = {
    "megan": ("megan.rhys", "mentor", "cy"),
    "dafydd": ("dafydd.morgan", "manager", "en"),
    "sian": ("sian.lloyd", "admin", "cy"),
    "tom": ("tom.davies", "worker", "en"),
}
NOT_YOURS = {
    "cy": "Nid yw hynny'n rhan o'ch rôl yn Camau.",
    "en": "That is not part of your role in Camau.",
}
REFUSALS = (
    "Reflections are for workers.",
    "Only practice mentors",
    "Sessions are for workers and mentors.",
    "Myfyrdodau yn unig i weithwyr",
    *NOT_YOURS.values(),
)
WORKER_ONLY = {
    "cy": ["achos newydd", "myfyrdodau", "myfyrio", "sgorau"],
    "en": ["new case", "reflections", "reflect", "scores"],
}


def caller(role: str, language: str) -> Caller:
    return Caller(1, "x", "x@example.org", language, frozenset({role}), "Europe/London", "")


@pytest.mark.parametrize("role", ["worker", "mentor", "manager", "admin"])
@pytest.mark.parametrize("language", ["cy", "en"])
def test_every_menu_entry_and_help_line_leads_to_something_the_role_may_do(
    role: str, language: str
) -> None:
    from camau.conversation.features import help_lines

    person = caller(role, language)
    starts = commands()
    with use_language(language):
        entries = [c.value for c in menu_choices(person)]
        lines = help_lines(person)
    for value in entries:
        assert value in starts or value in COMMANDS, value
        assert value in COMMANDS or may_start(person, starts[value]), (role, value)
    for line in lines:
        assert line.word in starts or line.word in COMMANDS, line
        assert line.word in COMMANDS or may_start(person, starts[line.word]), (role, line)


@pytest.mark.parametrize("who", ["megan", "dafydd", "sian"])
async def test_a_worker_command_typed_by_another_role_is_answered_with_a_sentence(
    bot: BotHarness, connector: FakeConnector, who: str
) -> None:
    user, _role, language = PEOPLE[who]
    person = person_in_teams(bot, connector, who, f"{user}@{DOMAIN}")
    await person.say("menu")
    for typed in WORKER_ONLY[language]:
        said = text_of(await person.say(typed))
        assert NOT_YOURS[language] in said, typed  # at once, not after all the questions


@pytest.mark.parametrize("who", ["megan", "dafydd", "sian", "tom"])
async def test_every_menu_button_leads_somewhere_without_a_refusal(
    bot: BotHarness, connector: FakeConnector, who: str
) -> None:
    user, _role, _language = PEOPLE[who]
    person = person_in_teams(bot, connector, who, f"{user}@{DOMAIN}")
    [menu] = await person.say("menu")
    card = menu.attachments[0]["content"]
    buttons = card.get("actions") or [
        a for row in card["body"] if row.get("type") == "ActionSet" for a in row["actions"]
    ]
    assert buttons
    for button in buttons:
        said = text_of(await person.say(value=button["data"]))
        assert said and not any(refusal in said for refusal in REFUSALS), (
            who,
            button["title"],
            said,
        )
        await person.say("menu")
