"""An answer over its length limit is given back to shorten, never lost.

The person is told the limit and by how much the text is over it. In Teams the text comes back
in an editable field on a card (its button sends the shortened text as the answer); on text
channels it comes back as a message of its own, to copy, shorten and send again.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from camau.dialogs.render import (
    Choice,
    card,
    card_activity,
    submit_actions,
    text_activity,
    uses_cards,
)
from camau.i18n import _

EDITED = "edited"  # the card button's value; the shortened text is in the field `answer`
FIELD = "answer"


def too_long_text(count: int, limit: int) -> str:
    return _(
        "This answer is {count} characters long; the limit is {limit}. "
        "Please shorten it by at least {over}."
    ).format(count=count, limit=limit, over=count - limit)


def edited_text(context: TurnContext) -> str | None:
    """The shortened text, when this message came from the long-answer card's button."""
    value: Any = context.activity.value
    if isinstance(value, dict) and value.get("camau") == EDITED:
        text = value.get(FIELD)
        return str(text) if isinstance(text, str) else ""
    return None


def long_answer_card(text: str, limit: int, question: str) -> Activity:
    """The question again, with the text in an editable field and a button to send it."""
    problem = too_long_text(len(" ".join(text.split())), limit)
    content = card(
        "long_answer",
        text=f"{problem}\n\n{question}",
        label=_("Your answer"),
        value=text,
        actions=submit_actions([Choice(EDITED, _("Send"))]),
    )
    return card_activity(content, problem)


async def give_back(context: TurnContext, text: str, limit: int, question: str) -> Activity:
    """Send what is needed to shorten `text`; returns the prompt to ask the question again."""
    if uses_cards(context.activity.channel_id):
        return long_answer_card(text, limit, question)
    problem = too_long_text(len(" ".join(text.split())), limit)
    await context.send_activity(text_activity(_("Your answer, to copy and shorten:")))
    await context.send_activity(Activity(type="message", text=text, text_format="plain"))
    return text_activity(f"{problem}\n\n{question}")
