"""For mentors: read mentees' shared reflections (`shared` / `rhannwyd`) and choose how
summaries arrive (`summaries` / `crynodebau`): one per reflection, or a daily digest."""

from __future__ import annotations

from collections.abc import Sequence

from microsoft_agents.hosting.dialogs import DialogTurnResult, PromptOptions, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.one_question import OneQuestion
from camau.dialogs.pick import PickFromList
from camau.dialogs.prompts import ChoiceTextPrompt, choice_options
from camau.dialogs.render import Choice, text_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.reflection.dialogs.texts import components_text, local_time, view_text
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import ReflectionItem
from camau.services.errors import NotFound, NotPermitted

RECENT = 5  # Teams shows at most five buttons on a card


async def _shared(step: WaterfallStepContext) -> list[ReflectionItem]:
    turn = Turn.of(step)
    return await reflection.list_shared(turn.db, turn.clock, turn.caller, limit=RECENT)


def _which(step: WaterfallStepContext, items: Sequence[ReflectionItem]) -> PromptOptions:
    zone = Turn.of(step).caller.timezone
    choices = [
        Choice(
            str(item.id),
            f"{item.author_name} · {local_time(item.created_at, zone)} · "
            f"{components_text(item.components)}",
        )
        for item in items
    ]
    return choice_options(
        step.context.activity.channel_id,
        _("Reflections your mentees shared with you. Choose one to read it in full."),
        choices,
        retry=_("Please choose one of the options."),
    )


class MenteeReflectionsDialog(StepsDialog):
    """Lists the reflections a mentor's current mentees shared; opens one in full (audited)."""

    PICK = "mentee_pick"

    def __init__(self) -> None:
        self.shared = PickFromList[ReflectionItem](
            self.PICK,
            load=_shared,
            options=_which,
            nothing=lambda: _("None of your mentees has shared a reflection with you yet."),
            gone=lambda: _(
                "That reflection is no longer shared with you. "
                "Here are the shared reflections as they are now."
            ),
            refused=lambda: text_activity(
                _("Only practice mentors can read reflections their mentees shared.")
            ),
        )
        super().__init__(
            MenteeReflectionsDialog.__name__,
            [self.shared.list_step, self.read_step],
            [self.shared.prompt()],
        )

    async def read_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            view = await reflection.read(turn.db, turn.clock, turn.caller, int(str(step.result)))
        except (NotFound, NotPermitted):  # unshared, deleted or no longer a mentee's
            return await self.shared.fresh(step)
        text = view_text(view, turn.caller.timezone, own=False)
        await step.context.send_activity(text_activity(text))
        return await step.end_dialog()


class SummariesDialog(OneQuestion):
    """A mentor chooses: a summary for each shared reflection, or one digest a day."""

    CHOICE = "summaries_choice"

    def __init__(self) -> None:
        super().__init__(ChoiceTextPrompt(self.CHOICE))

    async def question(self, step: WaterfallStepContext) -> PromptOptions | None:
        turn = Turn.of(step)
        if not turn.caller.has("mentor"):
            message = _("Reflection summaries are for practice mentors.")
            await step.context.send_activity(text_activity(message))
            return None
        current = await reflection_sharing.summaries_preference(turn.db, turn.caller)
        now = (
            _("Now: a summary of each reflection as it is shared.")
            if current == reflection_sharing.EACH
            else _("Now: one digest a day, at the start of your working day.")
        )
        choices = [
            Choice(reflection_sharing.EACH, _("Each reflection as it is shared")),
            Choice(reflection_sharing.DAILY, _("A daily digest")),
        ]
        synonyms = {
            reflection_sharing.EACH: ["pob un", "each", "bob un"],
            reflection_sharing.DAILY: ["dyddiol", "daily", "digest", "crynodeb dyddiol"],
        }
        return choice_options(
            step.context.activity.channel_id,
            f"{now}\n\n" + _("How would you like to receive summaries of shared reflections?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )

    async def answer(self, step: WaterfallStepContext) -> str:
        turn = Turn.of(step)
        await reflection_sharing.set_summaries_preference(
            turn.db, turn.clock, turn.caller, str(step.result)
        )
        return _("Saved.")
