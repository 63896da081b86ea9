"""Delete my data (`delete my data` / `dileu fy nata`, and in Settings): says what will be
deleted and what is kept, asks to confirm, deletes (`camau.my_data.services`) and confirms.

What goes and what stays is decided in `camau.my_data.services` and explained in
docs/privacy.md; the words here say the same.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import PromptOptions, WaterfallStepContext

from camau.dialogs.one_question import OneQuestion
from camau.dialogs.prompts import ChoiceTextPrompt, choice_options
from camau.dialogs.render import Choice
from camau.dialogs.turn import Turn, forget_answers
from camau.i18n import _
from camau.my_data import services as my_data
from camau.my_data.services import MyData
from camau.reflection.dialogs.mine import retract

DELETE, KEEP = "delete", "keep"


def kept_lines() -> list[str]:
    return [
        _("Kept:"),
        _(
            "- the audit log: the record of who read or exported what, which also records this "
            "deletion (counts only, no text)"
        ),
        _(
            "- your cases and their scores (case references only): they are the team's case "
            "work and your manager's counts, and are removed a set time after a case is closed"
        ),
        _(
            "- your mentor sessions and your answers to them: your mentor's and manager's "
            "counts need them, and they are removed a set time after they took place"
        ),
        _("- your settings and your place on the roster: your admin removes those"),
    ]


def deleted_lines(found: MyData) -> list[str]:
    return [
        _("- reflections, with their answers and notes: {n}").format(n=found.reflections),
        _("- drafts (unfinished reflections, new cases and scores): {n}").format(n=found.drafts),
        _("- files waiting for you to accept them: {n}").format(n=found.files),
    ]


class DeleteMyDataDialog(OneQuestion):
    """Explain, confirm, delete the person's own content, confirm it is gone."""

    CONFIRM = "my_data_confirm"

    def __init__(self) -> None:
        super().__init__(ChoiceTextPrompt(self.CONFIRM))

    async def question(self, step: WaterfallStepContext) -> PromptOptions | None:
        turn = Turn.of(step)
        found = await my_data.inventory(turn.db, turn.caller)
        if found.empty:
            lines = [
                _(
                    "Camau holds no reflections, drafts or files of yours, so there is nothing to delete."
                ),
                "",
                *kept_lines(),
            ]
            await Turn.of(step).say("\n".join(lines))
            return None
        lines = [
            _("This deletes, for good:"),
            *deleted_lines(found),
            _(
                "Summaries of your reflections already sent to your mentor are deleted from "
                "their chat where Teams allows it."
            ),
            "",
            *kept_lines(),
            "",
        ]
        if found.reflections:
            lines.append(
                _("To keep a copy first, type reflections and choose “Export all”, then come back.")
            )
        lines.append(_("Delete it all now? This cannot be undone."))
        return choice_options(
            step.context.activity.channel_id,
            "\n".join(lines),
            [Choice(DELETE, _("Yes, delete it all")), Choice(KEEP, _("No, keep it"))],
            retry=_("Please choose one of the options."),
            synonyms={
                DELETE: ["ie", "yes", "dileu", "delete", "dileu'r cyfan", "delete it all"],
                KEEP: ["na", "no", "cadw", "keep", "keep it", "ei gadw"],
            },
        )

    async def answer(self, step: WaterfallStepContext) -> str:
        if step.result != DELETE:
            return _("Nothing was deleted.")
        turn = Turn.of(step)
        activity = step.context.activity
        this_chat = f"{activity.channel_id}/conversations/{activity.conversation.id}"
        deleted = await my_data.delete_mine(turn.db, turn.clock, turn.caller, this_chat)
        await retract(step.context, deleted.retractions)
        forget_answers(step.context)
        return "\n".join([_("Deleted:"), *deleted_lines(deleted.counts)])
