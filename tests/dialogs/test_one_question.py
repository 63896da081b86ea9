"""A dialog of one question (`camau.dialogs.one_question`), in Welsh and English: asked, checked
by its prompt, acted on and said; or not asked, when there is nothing to ask."""

from __future__ import annotations

import pytest
from microsoft_agents.hosting.dialogs import (
    ComponentDialog,
    PromptOptions,
    WaterfallDialog,
    WaterfallStepContext,
)

from camau.dialogs.one_question import OneQuestion
from camau.dialogs.prompts import ChoiceTextPrompt, yes_no_options
from camau.dialogs.render import text_activity
from camau.i18n import _
from camau.my_data.dialogs import DeleteMyDataDialog
from camau.reflection.dialogs.mentor import SummariesDialog
from camau.settings.dialogs.reminders import LeadTimesDialog, PauseDialog
from camau.steps.dialogs.edit import BookDialog, CloseDialog, ReviewDialog
from tests.support.dialogs import TEAMS, DialogHarness, marked, said

SAYS = {
    "cy": {
        "close": "Cau'r achos hwn?",
        "again": "Atebwch ie neu na.",
        "saved": "Wedi'i gadw.",
        "nothing": "Dim newid.",
        "mentors": "Dim ond mentoriaid ymarfer sy'n gallu defnyddio crynodebau myfyrdodau.",
        "yes": "ie",
        "no": "na",
    },
    "en": {
        "close": "Close this case?",
        "again": "Please answer yes or no.",
        "saved": "Saved.",
        "nothing": "Nothing changed.",
        "mentors": "Reflection summaries are for practice mentors.",
        "yes": "yes",
        "no": "no",
    },
}


class ConfirmDialog(OneQuestion):
    """A yes or no, kept in `answers`; asked only while `open`."""

    def __init__(self) -> None:
        super().__init__(ChoiceTextPrompt("test_confirm"))
        self.open = True
        self.answers: list[str] = []

    async def question(self, step: WaterfallStepContext) -> PromptOptions | None:
        if not self.open:
            message = _("Reflection summaries are for practice mentors.")
            await step.context.send_activity(text_activity(message))
            return None
        question = _(
            "Close this case? It leaves your list and its reminders stop. Its scores are kept."
        )
        return yes_no_options(step.context.activity.channel_id, question)

    async def answer(self, step: WaterfallStepContext) -> str:
        self.answers.append(str(step.result))
        return _("Saved.") if step.result == "yes" else _("Nothing changed.")


LANGUAGES = pytest.mark.parametrize("language", ["cy", "en"])


@LANGUAGES
@pytest.mark.parametrize("yes", [True, False])
async def test_one_question_asks_acts_on_the_answer_and_says_what_it_did(
    language: str, yes: bool
) -> None:
    s = SAYS[language]
    dialog = ConfirmDialog()
    person = DialogHarness(dialog, language=language)
    assert s["close"] in said(await person.say("cases"))
    assert not person.ended
    assert said(await person.say(s["yes"] if yes else s["no"])) == (
        s["saved"] if yes else s["nothing"]
    )
    assert dialog.answers == (["yes"] if yes else ["no"])
    assert person.ended


@LANGUAGES
async def test_one_question_an_answer_its_prompt_refuses_is_asked_again(language: str) -> None:
    s = SAYS[language]
    dialog = ConfirmDialog()
    person = DialogHarness(dialog, language=language, channel=TEAMS)
    await person.say("cases")
    again = said(await person.say("maybe"))
    assert s["again"] in again and s["close"] in again
    assert dialog.answers == [] and not person.ended


@LANGUAGES
async def test_one_question_nothing_to_ask_says_why_and_ends(language: str) -> None:
    dialog = ConfirmDialog()
    dialog.open = False
    person = DialogHarness(dialog, language=language)
    [reply] = await person.say("summaries")
    assert reply.text == SAYS[language]["mentors"] and not marked(str(reply.text))
    assert person.ended and dialog.answers == []


@pytest.mark.parametrize(
    ("dialog", "prompt"),
    [
        (LeadTimesDialog, "settings_leads"),
        (PauseDialog, "settings_pause"),
        (SummariesDialog, "summaries_choice"),
        (BookDialog, "book_date"),
        (ReviewDialog, "review_date"),
        (CloseDialog, "close_confirm"),
        (DeleteMyDataDialog, "my_data_confirm"),
    ],
)
async def test_one_question_dialogs_keep_the_ids_their_open_state_names(
    dialog: type[OneQuestion], prompt: str
) -> None:
    """Dialog state kept between turns names the dialog, its waterfall, the step it is at and
    the prompt asking: a dialog open across a deploy goes on as it was."""
    made = dialog()
    assert made.id == dialog.__name__
    waterfall = await made.find_dialog(f"{dialog.__name__}.steps")
    assert isinstance(made, ComponentDialog) and isinstance(waterfall, WaterfallDialog)
    assert len(waterfall._steps) == 2
    assert await made.find_dialog(prompt) is not None
