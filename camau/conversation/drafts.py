"""`drafts` / `drafftiau`: a worker's unfinished reflections, new cases and scores, to carry on
with or discard. Drafts are kept after every answer (see `camau.dialogs.flow`)."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_agents.hosting.dialogs import DialogTurnResult, PromptOptions, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.feature import WORKERS, Command, Feature
from camau.dialogs.flow import RESUME_DRAFT
from camau.dialogs.pick import PickFromList
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options
from camau.dialogs.render import Choice
from camau.dialogs.turn import Turn
from camau.dialogs.values import StepValues, Value, as_int
from camau.i18n import _
from camau.services import drafts
from camau.services.drafts import DraftView
from camau.steps.dialogs.render import short_day

NOTHING, CARRY_ON, DISCARD = "nothing", "carry_on", "discard"


def kind_name(kind: str) -> str:
    return {"reflection": _("Reflection"), "new_case": _("New case"), "scores": _("Scores")}[kind]


def draft_line(draft: DraftView) -> str:
    return _("{kind} (answers so far: {count}), last answered {date}").format(
        kind=kind_name(draft.kind), count=draft.answers, date=short_day(draft.updated_at.date())
    )


class DraftsValues(StepValues):
    """What `DraftsDialog` keeps: the draft chosen."""

    draft_id = Value(as_int)


async def _mine(step: WaterfallStepContext) -> list[DraftView]:
    turn = Turn.of(step)
    return await drafts.mine(turn.db, turn.clock, turn.caller)


def _which(step: WaterfallStepContext, found: Sequence[DraftView]) -> PromptOptions:
    choices = [Choice(str(d.id), draft_line(d)) for d in found]
    choices.append(Choice(NOTHING, _("Nothing, thanks")))
    return choice_options(
        step.context.activity.channel_id,
        _("Your unfinished work. Drafts are kept for 7 days after their last answer."),
        choices,
        retry=_("Please choose one of the options."),
    )


class DraftsDialog(StepsDialog):
    """List the person's drafts; carry on with one, or discard it."""

    PICK = "drafts_pick"
    ACTION = "drafts_action"

    def __init__(self) -> None:
        self.drafts = PickFromList[DraftView](
            self.PICK,
            load=_mine,
            options=_which,
            nothing=lambda: _("You have nothing unfinished."),
            gone=lambda: _(
                "That draft has been finished, discarded or has expired since the list was "
                "shown. Here are your drafts as they are now."
            ),
        )
        super().__init__(
            DraftsDialog.__name__,
            [self.drafts.list_step, self.action_step, self.done_step],
            [self.drafts.prompt(), ChoiceTextPrompt(self.ACTION)],
        )

    async def action_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == NOTHING:
            return await step.end_dialog()
        if (fresh := await self.drafts.stale(step)) is not None:  # the list may be stale
            return fresh
        DraftsValues.of(step).draft_id = int(str(step.result))
        choices = [Choice(CARRY_ON, _("Carry on")), Choice(DISCARD, _("Discard it"))]
        options = choice_options(
            step.context.activity.channel_id,
            _("Carry on with it, or discard it?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms={CARRY_ON: ["parhau", "carry on"], DISCARD: ["dileu", "taflu", "discard"]},
        )
        return await ask(step, self.ACTION, options)

    async def done_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft_id = DraftsValues.of(step).draft_id
        if step.result == CARRY_ON:
            step.context.turn_state[RESUME_DRAFT] = draft_id  # the router carries on with it
            return await step.end_dialog()
        turn = Turn.of(step)
        await drafts.discard(turn.db, turn.caller, draft_id)
        return await turn.end(step, _("Discarded. Nothing was saved."))


FEATURE = Feature(
    name="drafts",
    commands=(
        Command(
            DraftsDialog.__name__,
            "drafts",
            "drafftiau",
            lambda: _("carry on with, or discard, what you have not finished"),
        ),
    ),
    dialogs=lambda: [DraftsDialog()],
    roles={DraftsDialog.__name__: WORKERS},
    sensitive=True,  # a draft holds reflective text or case scores
)
