"""Choosing one of my cases: from a nudge's button, a reference typed after a command, or a list."""

from __future__ import annotations

from dataclasses import dataclass

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog, goto
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options, normalise
from camau.dialogs.render import Choice, text_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.services.errors import NotFound
from camau.steps.services import cases as steps

# Typed words that may carry a case reference after them ("scores CP/123").
CASE_WORDS = frozenset({"scores", "sgorau", "chart", "siart", "csv", "cases", "achosion"})


def case_hint(activity: Activity) -> int | str | None:
    """The case a nudge button names, or the reference typed after a command."""
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("case"), int):
        return int(value["case"])
    words = (activity.text or "").split()
    if len(words) == 2 and normalise(words[0]) in CASE_WORDS:
        return words[1]
    return None


@dataclass
class PickOptions:
    """Which case: `allow_new` offers "New case" among them."""

    question: str
    allow_new: bool = False


class CasePickDialog(StepsDialog):
    """Choose one of my open cases (by button, number or reference); answers its id or "new"."""

    CASE = "pick_case"

    def __init__(self) -> None:
        super().__init__(
            CasePickDialog.__name__,
            [self.case_step, self.chosen_step],
            [ChoiceTextPrompt(self.CASE)],
        )

    async def case_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        assert isinstance(options, PickOptions)
        turn = Turn.of(step)
        hint = case_hint(step.context.activity)
        if isinstance(hint, int):
            return await step.end_dialog(hint)
        if isinstance(hint, str):
            try:
                return await step.end_dialog((await steps.find_case(turn.db, turn.caller, hint)).id)
            except NotFound:
                await step.context.send_activity(
                    text_activity(_("You have no open case with that reference."))
                )
        cases = await steps.my_cases(turn.db, turn.caller)
        if not cases and not options.allow_new:
            return await turn.end(step, _("You have no cases yet. Type new case to register one."))
        if len(cases) == 1 and not options.allow_new:
            return await step.end_dialog(cases[0].id)
        choices = [Choice(str(c.id), c.reference) for c in cases]
        if options.allow_new:
            choices.append(Choice("new", _("New case")))
        synonyms = {str(c.id): [c.reference.casefold()] for c in cases}
        synonyms["new"] = ["achos newydd", "new case", "newydd"]
        return await ask(
            step,
            self.CASE,
            choice_options(
                step.context.activity.channel_id,
                options.question,
                choices,
                _("Please choose one of your cases."),
                synonyms,
            ),
        )

    async def chosen_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        chosen = str(step.result)
        if chosen == "new":
            return await step.end_dialog("new")
        turn = Turn.of(step)
        cases = await steps.my_cases(turn.db, turn.caller)  # the list may be stale
        if all(case.id != int(chosen) for case in cases):
            gone = _(
                "That case has been closed since the list was shown. "
                "Here are your cases as they are now."
            )
            await step.context.send_activity(text_activity(gone))
            return await goto(step, 0)
        return await step.end_dialog(int(chosen))
