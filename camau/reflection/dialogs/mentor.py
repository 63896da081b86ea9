"""For mentors: read mentees' shared reflections (`shared` / `rhannwyd`) and choose how
summaries arrive (`summaries` / `crynodebau`): one per reflection, or a daily digest."""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask, choice_options
from camau.dialogs.render import Choice
from camau.dialogs.stale import show_fresh
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.reflection.dialogs.texts import components_text, local_time, view_text
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.services.errors import NotFound, NotPermitted

RECENT = 5  # Teams shows at most five buttons on a card


class MenteeReflectionsDialog(StepsDialog):
    """Lists the reflections a mentor's current mentees shared; opens one in full (audited)."""

    PICK = "mentee_pick"

    def __init__(self) -> None:
        super().__init__(
            MenteeReflectionsDialog.__name__,
            [self.list_step, self.read_step],
            [ChoiceTextPrompt(self.PICK)],
        )

    async def list_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            items = await reflection.list_shared(turn.db, turn.clock, turn.caller, limit=RECENT)
        except NotPermitted:
            message = _("Only practice mentors can read reflections their mentees shared.")
            return await turn.end(step, message)
        if not items:
            message = _("None of your mentees has shared a reflection with you yet.")
            return await turn.end(step, message)
        choices = [
            Choice(
                str(item.id),
                f"{item.author_name} · {local_time(item.created_at, turn.caller.timezone)} · "
                f"{components_text(item.components)}",
            )
            for item in items
        ]
        options = choice_options(
            step.context.activity.channel_id,
            _("Reflections your mentees shared with you. Choose one to read it in full."),
            choices,
            retry=_("Please choose one of the options."),
        )
        return await ask(step, self.PICK, options)

    async def read_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        try:
            view = await reflection.read(turn.db, turn.clock, turn.caller, int(str(step.result)))
        except (NotFound, NotPermitted):  # unshared, deleted or no longer a mentee's
            gone = _(
                "That reflection is no longer shared with you. "
                "Here are the shared reflections as they are now."
            )
            return await show_fresh(step, gone)
        return await turn.end(step, view_text(view, turn.caller.timezone, own=False))


class SummariesDialog(StepsDialog):
    """A mentor chooses: a summary for each shared reflection, or one digest a day."""

    CHOICE = "summaries_choice"

    def __init__(self) -> None:
        super().__init__(
            SummariesDialog.__name__,
            [self.choice_step, self.save_step],
            [ChoiceTextPrompt(self.CHOICE)],
        )

    async def choice_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        if not turn.caller.has("mentor"):
            return await turn.end(step, _("Reflection summaries are for practice mentors."))
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
        options = choice_options(
            step.context.activity.channel_id,
            f"{now}\n\n" + _("How would you like to receive summaries of shared reflections?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )
        return await ask(step, self.CHOICE, options)

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        await reflection_sharing.set_summaries_preference(
            turn.db, turn.clock, turn.caller, str(step.result)
        )
        return await turn.end(step, _("Saved."))
