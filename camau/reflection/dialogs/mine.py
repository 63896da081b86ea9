"""My reflections (`reflections` / `myfyrdodau`): list, read, note, share, delete, export."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import DialogTurnResult, PromptOptions, WaterfallStepContext

from camau.dialogs import drafts_export
from camau.dialogs.base import StepsDialog
from camau.dialogs.errors import error_text
from camau.dialogs.files import send_file
from camau.dialogs.guard import SKIPPED, GuardedAsk, GuardedTextDialog
from camau.dialogs.pick import PickFromList
from camau.dialogs.prompts import YES_NO, ChoiceTextPrompt, ask, choice_options, rows_options
from camau.dialogs.render import Choice, Row, text_activity
from camau.dialogs.turn import Turn
from camau.dialogs.values import StepValues, Value, as_int, as_str
from camau.i18n import _
from camau.reflection.dialogs.spreadsheet import reflections_csv
from camau.reflection.dialogs.texts import (
    SHARING_SYNONYMS,
    components_text,
    local_time,
    sharing_choices,
    sharing_text,
    view_text,
)
from camau.reflection.rules import Sharing
from camau.reflection.services import export as reflection_export
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.reflection.services.reflections import ReflectionItem, Retraction
from camau.services.errors import InvalidInput, NotFound

logger = logging.getLogger(__name__)

RECENT = 4  # Teams shows at most five buttons on a card: four reflections and "export"
EXPORT = "export"


async def retract(context: TurnContext, found: list[Retraction]) -> None:
    """Delete delivered summaries from the mentor's chat (where the channel allows)."""
    deps = Turn.of(context).deps
    if deps.retract is None:
        return
    for item in found:
        try:
            await deps.retract(item.reference, item.activity_ids)
        except Exception as exc:  # the channel may refuse; the reflection is gone regardless
            logger.warning("could not delete a delivered summary: %s", type(exc).__name__)


async def _recent(step: WaterfallStepContext) -> list[ReflectionItem]:
    turn = Turn.of(step)
    return await reflection.list_mine(turn.db, turn.caller, limit=RECENT)


def _which(step: WaterfallStepContext, items: Sequence[ReflectionItem]) -> PromptOptions:
    zone = Turn.of(step).caller.timezone
    rows = [
        Row(
            str(item.id),
            local_time(item.created_at, zone),
            f"{sharing_text(item.sharing)} · {components_text(item.components)}",
            _("Open"),
        )
        for item in items
    ]
    return rows_options(
        step.context.activity.channel_id,
        _("Your recent reflections. Choose one to open it, or export them all."),
        rows,
        [Choice(EXPORT, _("Export all (JSON and CSV)"))],
        retry=_("Please choose one of the options."),
        synonyms={EXPORT: ["allforio", "export"]},
    )


class MyReflectionsValues(StepValues):
    """What `MyReflectionsDialog` keeps: the reflection chosen and what to do with it."""

    id = Value(as_int)
    action = Value(as_str)


class MyReflectionsDialog(StepsDialog):
    """A worker's own reflections: open one to read, note, re-share or delete it; export all."""

    PICK = "mine_pick"
    ACTION = "mine_action"
    SHARE = "mine_share"
    CONFIRM = "mine_confirm"

    def __init__(self) -> None:
        self.mine = PickFromList[ReflectionItem](
            self.PICK,
            load=_recent,
            options=_which,
            nothing=lambda: _("You have no reflections yet. Type reflect to start one."),
            gone=lambda: _(
                "That reflection has been deleted since the list was shown. "
                "Here are your reflections as they are now."
            ),
        )
        super().__init__(
            MyReflectionsDialog.__name__,
            [self.mine.list_step, self.open_step, self.action_step, self.apply_step],
            [
                self.mine.prompt(),
                ChoiceTextPrompt(self.ACTION),
                ChoiceTextPrompt(self.SHARE),
                ChoiceTextPrompt(self.CONFIRM),
                GuardedTextDialog(),
            ],
        )

    async def open_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        if step.result == EXPORT:
            await self._export(step)
            return await step.end_dialog()
        reflection_id = int(str(step.result))
        try:
            view = await reflection.read(turn.db, turn.clock, turn.caller, reflection_id)
        except NotFound:  # deleted since the list was shown (in another chat, say)
            return await self.mine.fresh(step)
        MyReflectionsValues.of(step).id = reflection_id
        await step.context.send_activity(
            text_activity(view_text(view, turn.caller.timezone, own=True))
        )
        choices = [
            Choice("note", _("Add a note")),
            Choice("sharing", _("Change sharing")),
            Choice("delete", _("Delete")),
            Choice("done", _("Done")),
        ]
        synonyms = {
            "note": ["nodyn", "note"],
            "sharing": ["rhannu", "sharing", "share"],
            "delete": ["dileu", "delete"],
            "done": ["dim", "gorffen", "done", "wedi gorffen"],
        }
        options = choice_options(
            step.context.activity.channel_id,
            _("What would you like to do with it?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms=synonyms,
        )
        return await ask(step, self.ACTION, options)

    async def action_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        action = str(step.result)
        MyReflectionsValues.of(step).action = action
        channel = step.context.activity.channel_id
        retry = _("Please choose one of the options.")
        if action == "note":
            asked = GuardedAsk(_("Type your note. It is added to this reflection."))
            return await step.begin_dialog(GuardedTextDialog.__name__, asked)
        if action == "sharing":
            text = _("Who may read this reflection?")
            options = choice_options(channel, text, sharing_choices(), retry, SHARING_SYNONYMS)
            return await ask(step, self.SHARE, options)
        if action == "delete":
            text = _(
                "Delete this reflection? It cannot be undone. Summaries your mentor has not "
                "received yet are withdrawn, and those already sent are removed from their chat "
                "where the channel allows."
            )
            choices = [Choice("yes", _("Yes, delete it")), Choice("no", _("No, keep it"))]
            return await ask(
                step, self.CONFIRM, choice_options(channel, text, choices, retry, YES_NO)
            )
        return await step.end_dialog()

    async def apply_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        kept = MyReflectionsValues.of(step)
        action, reflection_id = kept.action, kept.id
        message = _("Nothing changed.")
        try:
            if action == "note" and step.result != SKIPPED:
                note = str(step.result)
                await reflection.add_note(turn.db, turn.clock, turn.caller, reflection_id, note)
                message = _("Note added.")
            elif action == "sharing":
                sharing = Sharing(str(step.result))
                found = await reflection_sharing.set_sharing(
                    turn.db, turn.clock, turn.caller, reflection_id, sharing
                )
                await retract(step.context, found)
                message = _("Done. Sharing: {sharing}.").format(sharing=sharing_text(sharing))
            elif action == "delete" and step.result == "yes":
                found = await reflection.delete(turn.db, turn.clock, turn.caller, reflection_id)
                await retract(step.context, found)
                message = _("Deleted.")
        except (NotFound, InvalidInput) as exc:
            message = error_text(exc, _("That reflection no longer exists."))
        return await turn.end(step, message)

    async def _export(self, step: WaterfallStepContext) -> None:
        turn = Turn.of(step)
        views = await reflection.export_mine(turn.db, turn.clock, turn.caller)
        unfinished = await drafts_export.export_mine(turn.db, turn.clock, turn.caller)
        day = turn.clock.now().date().isoformat()
        await send_file(
            step.context,
            f"camau-reflections-{day}.json",
            reflection_export.as_json(views, unfinished),
            "application/json",
            _("Your reflections (JSON)"),
        )
        await send_file(
            step.context,
            f"camau-reflections-{day}.csv",
            reflections_csv(views, turn.caller.timezone),
            "text/csv",
            _("Your reflections (CSV)"),
        )
