"""The menu and help for a person's roles: a card in Teams, numbered text elsewhere (with a
keyboard of the commands on Telegram).

Only what is built appears here; each entry names the command that starts it.
"""

from __future__ import annotations

from microsoft_agents.activity import Activity, CardAction, SuggestedActions

from camau.conversation.features import HelpLine, help_lines, menu_entries
from camau.dialogs.channels import TELEGRAM
from camau.dialogs.render import (
    Choice,
    card,
    card_activity,
    command_button,
    numbered,
    submit_actions,
    text_activity,
    uses_cards,
    with_actions,
)
from camau.i18n import _, current_language
from camau.services.people import Caller


def menu_choices(caller: Caller) -> list[Choice]:
    """The entries this person may use, in their language: each feature's, then help."""
    return [*menu_entries(caller), Choice("help", _("Help"))]


def menu_activity(channel_id: str | None, caller: Caller) -> Activity:
    title = _("Camau menu")
    intro = _("What would you like to do? Choose below, or type a command at any time.")
    choices = menu_choices(caller)
    if uses_cards(channel_id):
        content = card("menu", title=title, intro=intro, actions=[])
        with_actions(content, submit_actions(choices, answer=False))
        return card_activity(content, title)
    activity = text_activity(numbered(f"**{title}**\n\n{intro}", choices))
    if str(channel_id or "") == TELEGRAM:  # a keyboard of the commands
        activity.suggested_actions = SuggestedActions(
            actions=[CardAction(type="imBack", title=c.title, value=c.value) for c in choices]
        )
    return activity


def after_task_activity(channel_id: str | None) -> Activity:
    """What follows a finished task (its own confirmation said what was done): a short line with
    a Menu button, instead of the whole menu again; on text channels a Menu key."""
    title = _("Menu")
    if uses_cards(channel_id):
        text = _("Anything else? Choose **Menu** to see what you can do.")
        content = card("choices", text=text, actions=[command_button(title, "menu")])
        return card_activity(content, text)
    activity = text_activity(_("Anything else? Type **menu** to see what you can do."))
    activity.suggested_actions = SuggestedActions(
        actions=[CardAction(type="imBack", title=title, value=title)]
    )
    return activity


def help_entries(caller: Caller) -> list[HelpLine]:
    """Every command help shows this person, in the reader's language: `menu`, each feature's
    they are offered, then the words the router understands anywhere."""
    welsh = current_language() == "cy"

    def core(en: str, cy: str, text: str) -> HelpLine:
        return HelpLine(en, cy if welsh else en, text)

    return [
        core("menu", "dewislen", _("show what you can do")),
        *help_lines(caller),
        core(
            "language",
            "iaith",
            _("switch between Cymraeg and English, and ask the question again"),
        ),
        core("back", "nôl", _("ask the previous question again")),
        core("cancel", "canslo", _("stop what you are doing (after an answer, I ask first)")),
        core("help", "cymorth", _("show this message, and ask the question again")),
    ]


def help_activity(caller: Caller) -> Activity:
    lines = [
        _("Camau helps you put Effective Child Protection into practice."),
        "",
        _("You can type these at any time:"),
        *(
            _("- **{word}**: {what}").format(word=entry.word, what=entry.text)
            for entry in help_entries(caller)
        ),
        "",
        _(
            "An answer to the question on screen always counts as an answer, even when it is "
            "also one of these words. In the middle of a reflection, a new case or scores, "
            "any other command asks before leaving, and your answers so far are kept."
        ),
        "",
        _("Never type a child's or family member's name: use the case reference."),
    ]
    return text_activity("\n".join(lines))
