"""The top of every conversation: first-contact language, global commands, menu, dialogs.

Global commands work at any point, in either language: help/cymorth, menu/dewislen,
cancel/canslo, language/iaith. A dialog left unfinished continues the next time the person
writes, for up to `RESUME_DAYS` days; after that it is dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.state import TurnState
from microsoft_agents.hosting.dialogs import Dialog, DialogContext, DialogSet, DialogTurnStatus

from camau.conversation.features import commands as feature_commands
from camau.conversation.features import dialogs as feature_dialogs
from camau.conversation.features import may_start, sensitive_dialogs
from camau.conversation.menu import after_task_activity, help_activity, menu_activity, menu_choices
from camau.dialogs import edits, flow
from camau.dialogs.asking import ask_again, go_back
from camau.dialogs.channels import allows_case_data, declined_activity
from camau.dialogs.interrupts import accepts
from camau.dialogs.language import LanguageDialog
from camau.dialogs.prompts import normalise
from camau.dialogs.render import (
    problem_activity,
    submitted_answer,
    submitted_value,
    text_activity,
)
from camau.dialogs.turn import RESUMED_KEY, Turn
from camau.i18n import _
from camau.my_data.services import DATA_DELETED
from camau.services.errors import NotPermitted

RESUME_DAYS = 7
LAST_SEEN = "last_seen"
LAST_SEEN_GRAIN = timedelta(hours=1)

COMMANDS = {
    "help": "help",
    "cymorth": "help",
    "?": "help",
    "menu": "menu",
    "dewislen": "menu",
    "cancel": "cancel",
    "canslo": "cancel",
    "stop": "cancel",
    "language": "language",
    "iaith": "language",
    "back": "back",
    "nôl": "back",
    "nol": "back",
    "yn ôl": "back",
}


def not_yours() -> str:
    return _("That is not part of your role in Camau. Type menu to see what you can do.")


def build_dialogs() -> list[Dialog]:
    """Every top-level dialog Camau runs: the language question and each feature's."""
    return [LanguageDialog(), *feature_dialogs()]


class MainRouter:
    """Routes one message turn to a command, the active dialog or the menu."""

    def __init__(self, dialogs: list[Dialog] | None = None) -> None:
        self._dialogs = dialogs if dialogs is not None else build_dialogs()
        self._starts = {**feature_commands(), "language": LanguageDialog.__name__}
        self._sensitive = sensitive_dialogs()

    async def _dialog_context(self, context: TurnContext, state: TurnState) -> DialogContext:
        accessor = state.conversation.create_property("DialogState")
        dialog_set = DialogSet(accessor)
        for dialog in self._dialogs:
            dialog_set.add(dialog)
        return await dialog_set.create_context(context)

    async def ask_language(self, context: TurnContext, state: TurnState) -> None:
        """Ask the language question (the greeting of someone whose language is not known)."""
        dc = await self._dialog_context(context, state)
        if dc.active_dialog is None:
            await dc.begin_dialog(LanguageDialog.__name__)
        else:
            await dc.reprompt_dialog()

    async def on_change(self, context: TurnContext, state: TurnState) -> None:
        """A message edited or deleted (Teams): its answer in a draft follows it."""
        if Turn.of(context).caller.language is None:
            return  # no dialog with answers yet
        await edits.on_change(await self._dialog_context(context, state), state)

    async def on_message(self, context: TurnContext, state: TurnState) -> None:
        dc = await self._dialog_context(context, state)
        turn = Turn.of(context)
        now = turn.clock.now()
        if self._stale(state, now):
            await dc.cancel_all_dialogs()
        self._touch(state, now)
        await self._told_data_deleted(state, context)

        chosen = submitted_value(context.activity)
        if chosen is not None:
            context.activity.text = chosen
        said = normalise(context.activity.text or "")
        if turn.caller.language is None:
            await self._first_contact(dc, said)
            return
        outcome = await flow.answer_pending(dc, state, context.activity.text or "")
        if outcome.handled and outcome.command is None:
            await flow.after_turn(dc, state, answered=False)
            return
        command = outcome.command or self._command(dc, context, said)
        if command in self._starts and not may_start(turn.caller, self._starts[command]):
            await context.send_activity(problem_activity(not_yours()))
            if dc.active_dialog is not None:
                await ask_again(dc)
            return
        if outcome.command is None and await self._interrupt(dc, state, command):
            await flow.after_turn(dc, state, answered=False)  # e.g. back: the draft follows
            return
        if command in ("help", "cancel", "menu", "back"):
            await self._global(dc, command)
            await flow.after_turn(dc, state, answered=False)
            return
        sensitive = command is not None and self._starts[command] in self._sensitive
        if sensitive and not allows_case_data(context):  # Telegram, unless its scope is `full`
            await context.send_activity(declined_activity())
            return
        dialog_id = self._starts[command] if command is not None else ""
        offer = command is not None and outcome.command is None
        if offer and await flow.offer_resume(dc, state, str(command), dialog_id):
            return
        if command is None and dc.active_dialog is not None and context.turn_state.get(RESUMED_KEY):
            await dc.reprompt_dialog()  # they never saw this question: ask it, take nothing
            return
        try:
            if command is not None:
                await dc.cancel_all_dialogs()
                flow.started(state)
                result = await dc.begin_dialog(dialog_id)
            elif dc.active_dialog is not None:
                result = await dc.continue_dialog()
            else:
                await self._send_menu(context)
                return
        except NotPermitted:  # the services' last line of defence: a sentence, never a traceback
            await dc.cancel_all_dialogs()
            await context.send_activity(problem_activity(not_yours()))
            return
        resumed = await self._resume_requested(dc, state)
        await flow.after_turn(dc, state, answered=command is None and not resumed)
        if result.status == DialogTurnStatus.Complete and not resumed:
            # The task said what it did; the menu is one click (or `menu`) away.
            await context.send_activity(after_task_activity(context.activity.channel_id))

    def _command(self, dc: DialogContext, context: TurnContext, said: str) -> str | None:
        """The command this message is, if any (an answer the question accepts is none)."""
        if dc.active_dialog is None:
            said = self._menu_number(context, said)
        command = COMMANDS.get(said) or (said if said in self._starts else None)
        if submitted_answer(context.activity) and dc.active_dialog is not None:
            command = None  # a button answering the question on screen, whatever its value
        if command is not None and dc.active_dialog is not None and accepts(dc, said):
            command = None  # an answer the question on screen accepts wins over a command
        if command is None and dc.active_dialog is None:
            # Not mid-dialog, where "chart 2" may well be someone's answer.
            command = self._with_reference(context.activity.text or "")
        return command

    async def _interrupt(self, dc: DialogContext, state: TurnState, command: str | None) -> bool:
        """A command mid-dialog that keeps the answers: language, cancel, leave. True if done."""
        if dc.active_dialog is None or command is None or command == "help":
            return False
        if command == "language":
            await flow.switch_language(dc)
            return True
        if command == "back":
            if not await go_back(dc):
                no_earlier = _("There is no earlier question to go back to from here.")
                await dc.context.send_activity(problem_activity(no_earlier))
                await ask_again(dc)
            return True
        if command == "cancel":
            return await flow.ask_cancel(dc, state)
        if dc.active_dialog.id == self._starts.get(command):
            await ask_again(dc)  # already doing that: carry on
            return True
        return await flow.ask_leave(dc, state, command)

    @staticmethod
    async def _told_data_deleted(state: TurnState, context: TurnContext) -> None:
        """The person deleted their data in another chat, ending the dialog open here (see
        `camau.my_data.services`): say so plainly, once; the message is then taken as it is."""
        if not state.conversation.get_value(DATA_DELETED):
            return
        state.conversation.delete_value(DATA_DELETED)
        told = _(
            "You deleted your data in another chat, so what you had started here was stopped "
            "and none of it was kept."
        )
        await context.send_activity(text_activity(told))

    @staticmethod
    async def _resume_requested(dc: DialogContext, state: TurnState) -> bool:
        """The drafts list asked to carry on with a draft: do so now."""
        draft_id = dc.context.turn_state.pop(flow.RESUME_DRAFT, None)
        return isinstance(draft_id, int) and await flow.resume_draft(dc, state, draft_id)

    async def _first_contact(self, dc: DialogContext, said: str) -> None:
        """No language yet: ask (Welsh first), or take a first message that already answers."""
        if dc.active_dialog is None:
            await dc.begin_dialog(LanguageDialog.__name__, LanguageDialog.preset(said))
            if dc.active_dialog is not None:
                return
        else:
            result = await dc.continue_dialog()
            if result.status != DialogTurnStatus.Complete:
                return
        await self._send_menu(dc.context)

    async def _global(self, dc: DialogContext, command: str) -> None:
        """help (then ask the current question again), cancel, menu."""
        context = dc.context
        if command == "help":
            await context.send_activity(help_activity(Turn.of(context).caller))
            if dc.active_dialog is not None:
                await dc.reprompt_dialog()
            return
        if command == "cancel":
            had_dialog = dc.active_dialog is not None
            text = _("Cancelled. Nothing was saved.") if had_dialog else _("Nothing to cancel.")
            await context.send_activity(text_activity(text))
        await dc.cancel_all_dialogs()
        await self._send_menu(context)

    def _with_reference(self, text: str) -> str | None:
        """`scores CP/123`: a command followed by one word with a digit (a case reference)."""
        words = text.split()
        if len(words) != 2 or not any(c.isdigit() for c in words[1]):
            return None
        word = normalise(words[0])
        return word if word in self._starts else None

    @staticmethod
    def _menu_number(context: TurnContext, said: str) -> str:
        """A number typed at the menu (channels without buttons) means that entry."""
        if not said.isdigit():
            return said
        entries = menu_choices(Turn.of(context).caller)
        index = int(said) - 1
        return entries[index].value if 0 <= index < len(entries) else said

    @staticmethod
    async def _send_menu(context: TurnContext) -> None:
        await context.send_activity(
            menu_activity(context.activity.channel_id, Turn.of(context).caller)
        )

    @staticmethod
    def _touch(state: TurnState, now: datetime) -> None:
        """Remember when the person was last here, to the hour: no state write every turn."""
        seen = state.conversation.get_value(LAST_SEEN)
        if isinstance(seen, str) and now - datetime.fromisoformat(seen) < LAST_SEEN_GRAIN:
            return
        state.conversation.set_value(LAST_SEEN, now.isoformat())  # type: ignore[arg-type]

    @staticmethod
    def _stale(state: TurnState, now: datetime) -> bool:
        seen = state.conversation.get_value(LAST_SEEN)
        if not isinstance(seen, str):
            return False
        return now - datetime.fromisoformat(seen) > timedelta(days=RESUME_DAYS)
