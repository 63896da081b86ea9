"""Pick from a list (`camau.dialogs.pick`), in Welsh and English: nothing to pick, the list asked
with the choice prompt (numbered text, or a card in Teams), a list of one or a card's choice
taken, a refusal, and a choice gone meanwhile answered with the list as it is now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import (
    DialogTurnResult,
    PromptOptions,
    WaterfallDialog,
    WaterfallStepContext,
)

from camau.conversation.drafts import DraftsDialog
from camau.dialogs.base import StepsDialog
from camau.dialogs.pick import PickFromList
from camau.dialogs.prompts import ChoiceTextPrompt, choice_options
from camau.dialogs.render import Choice, problem_activity
from camau.i18n import _
from camau.reflection.dialogs.mentor import MenteeReflectionsDialog
from camau.reflection.dialogs.mine import MyReflectionsDialog
from camau.services.errors import NotPermitted
from camau.sessions.dialogs.answers import CantMakeItDialog, ConfirmSessionDialog
from camau.sessions.dialogs.brief import BriefDialog
from camau.sessions.dialogs.mentor import RecordDialog
from camau.steps.dialogs.edit import AchievedDialog, RewordDialog
from camau.steps.dialogs.pick import CasePickDialog
from tests.support.dialogs import TEAMS, DialogHarness, marked, said

SAYS = {
    "cy": {
        "which": "Pa sesiwn?",
        "nothing": "Does gennych chi ddim sesiynau ar y gweill.",
        "gone": "Mae'r sesiwn honno wedi'i symud, ei chanslo neu ei chofnodi ers i'r rhestr "
        "gael ei dangos.",
        "again": "Dewiswch un o'r opsiynau.",
        "refused": "Dim ond mentoriaid ymarfer sy'n gallu gwneud hynny.",
    },
    "en": {
        "which": "Which session?",
        "nothing": "You have no sessions coming up.",
        "gone": "That session has been moved, cancelled or recorded since the list was shown.",
        "again": "Please choose one of the options.",
        "refused": "Only practice mentors can do that.",
    },
}


@dataclass(frozen=True)
class Item:
    id: int
    title: str


class Listing:
    """The service's list, changed between turns as another chat would change it."""

    def __init__(self, *titles: str) -> None:
        self.items = [Item(n, title) for n, title in enumerate(titles, 1)]
        self.refuse = False
        self.loads = 0

    async def load(self, _step: WaterfallStepContext) -> list[Item]:
        self.loads += 1
        if self.refuse:
            raise NotPermitted("not for you")
        return list(self.items)

    def drop(self, title: str) -> None:
        self.items = [item for item in self.items if item.title != title]


def which(step: WaterfallStepContext, items: Sequence[Item]) -> PromptOptions:
    choices = [Choice(str(item.id), item.title) for item in items]
    return choice_options(
        step.context.activity.channel_id,
        _("Which session?"),
        choices,
        _("Please choose one of the options."),
    )


def given(step: WaterfallStepContext) -> str | None:
    value = step.context.activity.value
    return str(value["item"]) if isinstance(value, dict) and "item" in value else None


def only_mentors() -> Activity:
    return problem_activity(_("Only practice mentors can do that."))


class PickDialog(StepsDialog):
    """The list, then the item chosen (its title) is the dialog's result."""

    def __init__(self, listing: Listing, **kinds: Any) -> None:
        self.listing = listing
        self.pick = PickFromList[Item](
            "test_pick",
            load=listing.load,
            options=which,
            nothing=lambda: _("You have no sessions coming up."),
            gone=lambda: _(
                "That session has been moved, cancelled or recorded since the list was shown. "
                "Here is the list as it is now."
            ),
            **kinds,
        )
        super().__init__(
            "PickDialog", [self.pick.list_step, self.chosen_step], [self.pick.prompt()]
        )

    async def chosen_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if (fresh := await self.pick.stale(step)) is not None:
            return fresh
        return await step.end_dialog(int(str(step.result)))


def harness(listing: Listing, language: str, channel: str = "test", **kinds: Any) -> DialogHarness:
    return DialogHarness(PickDialog(listing, **kinds), language=language, channel=channel)


LANGUAGES = pytest.mark.parametrize("language", ["cy", "en"])


@LANGUAGES
async def test_pick_from_list_nothing_to_pick_says_so_and_ends(language: str) -> None:
    person = harness(Listing(), language)
    assert said(await person.say("hi")) == SAYS[language]["nothing"]
    assert person.ended and person.result is None


@LANGUAGES
async def test_pick_from_list_asks_with_numbered_choices_on_text_channels(language: str) -> None:
    person = harness(Listing("Monday", "Thursday"), language)
    asked = said(await person.say("hi"))
    assert SAYS[language]["which"] in asked
    assert "1. Monday" in asked and "2. Thursday" in asked
    assert not person.ended
    await person.say("2")
    assert person.ended and person.result == 2


@LANGUAGES
async def test_pick_from_list_asks_with_a_card_in_teams(language: str) -> None:
    person = harness(Listing("Monday", "Thursday"), language, TEAMS)
    [card] = await person.say("hi")
    content = card.attachments[0].content
    assert SAYS[language]["which"] in said([card])
    assert [action["title"] for action in content["actions"]] == ["Monday", "Thursday"]
    await person.say("Thursday")  # a title typed answers it too
    assert person.result == 2


@LANGUAGES
async def test_pick_from_list_an_answer_not_in_the_list_is_asked_again(language: str) -> None:
    person = harness(Listing("Monday", "Thursday"), language)
    await person.say("hi")
    again = said(await person.say("Friday"))
    assert SAYS[language]["again"] in again and SAYS[language]["which"] in again
    assert not person.ended


@LANGUAGES
async def test_pick_from_list_a_list_of_one_is_asked_unless_taken(language: str) -> None:
    asked = harness(Listing("Monday"), language)
    assert SAYS[language]["which"] in said(await asked.say("hi"))
    taken = harness(Listing("Monday"), language, one_is_taken=True)
    assert await taken.say("hi") == []
    assert taken.ended and taken.result == 1


@LANGUAGES
async def test_pick_from_list_a_choice_gone_is_a_problem_and_the_list_is_shown_fresh(
    language: str,
) -> None:
    listing = Listing("Monday", "Thursday")
    person = harness(listing, language, one_is_taken=True)
    await person.say("hi")
    listing.drop("Monday")  # cancelled from another chat meanwhile
    gone, fresh = await person.say("1")
    assert marked(str(gone.text)) and SAYS[language]["gone"] in str(gone.text)
    assert SAYS[language]["which"] in said([fresh]) and "Monday" not in said([fresh])
    assert not person.ended  # a fresh list of one is still asked, never taken as chosen
    await person.say("1")
    assert person.result == 2


@LANGUAGES
async def test_pick_from_list_plain_gone_is_said_plainly_and_the_list_shown_as_at_first(
    language: str,
) -> None:
    listing = Listing("Monday", "Thursday")
    person = harness(listing, language, one_is_taken=True, plain_gone=True)
    await person.say("hi")
    listing.drop("Monday")
    [gone] = await person.say("1")
    assert not marked(str(gone.text)) and SAYS[language]["gone"] in str(gone.text)
    assert person.ended and person.result == 2  # the list of one left is taken


@LANGUAGES
async def test_pick_from_list_a_choice_given_by_a_card_is_taken_and_not_read_again(
    language: str,
) -> None:
    listing = Listing("Monday", "Thursday")
    person = harness(listing, language, given=given)
    assert await person.say(value={"item": 7}) == []  # the service checks it, not the list
    assert person.ended and person.result == 7
    assert listing.loads == 0


@LANGUAGES
async def test_pick_from_list_a_refusal_is_said_and_ends(language: str) -> None:
    listing = Listing("Monday")
    listing.refuse = True
    person = harness(listing, language, refused=only_mentors)
    [reply] = await person.say("hi")
    assert marked(str(reply.text)) and SAYS[language]["refused"] in str(reply.text)
    assert person.ended


async def test_pick_from_list_a_refusal_nobody_words_goes_up() -> None:
    listing = Listing("Monday")
    listing.refuse = True
    with pytest.raises(NotPermitted):  # the router says it is not part of their role
        await harness(listing, "en").say("hi")


@pytest.mark.parametrize(
    ("dialog", "prompt", "steps"),
    [
        (ConfirmSessionDialog, "session_pick", 3),
        (CantMakeItDialog, "session_pick", 4),
        (BriefDialog, "brief_pick", 2),
        (RecordDialog, "record_pick", 4),
        (DraftsDialog, "drafts_pick", 3),
        (MyReflectionsDialog, "mine_pick", 4),
        (MenteeReflectionsDialog, "mentee_pick", 2),
        (RewordDialog, "edit_area", 3),
        (AchievedDialog, "edit_area", 2),
        (CasePickDialog, "pick_case", 2),
    ],
)
async def test_pick_from_list_holders_keep_the_ids_their_open_state_names(
    dialog: type[StepsDialog], prompt: str, steps: int
) -> None:
    """Dialog state kept between turns names the dialog, its waterfall, the step it is at and
    the prompt asking: a list left open across a deploy is answered as it was."""
    made = dialog()  # type: ignore[call-arg]
    assert made.id == dialog.__name__
    waterfall = await made.find_dialog(f"{dialog.__name__}.steps")
    assert isinstance(waterfall, WaterfallDialog) and len(waterfall._steps) == steps
    assert isinstance(await made.find_dialog(prompt), ChoiceTextPrompt)
