"""Choosing a session from a list: the person's upcoming sessions, the mentor's sessions to
record, the mentor's upcoming individual sessions (to brief on)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import PromptOptions, WaterfallStepContext

from camau.dialogs.feature import Text
from camau.dialogs.pick import PickFromList
from camau.dialogs.render import problem_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.practice.payloads import whole_number
from camau.practice.sessions import INDIVIDUAL
from camau.sessions.dialogs.texts import pick_session_options
from camau.sessions.services import sessions
from camau.sessions.services.sessions import SessionView


def which_session(
    prompt_id: str,
    load: Callable[[WaterfallStepContext], Awaitable[Sequence[SessionView]]],
    nothing: Text,
    *,
    mentors: bool = False,
    shortcuts: bool = True,
    plain_gone: bool = False,
) -> PickFromList[SessionView]:
    """ "Which session?" of the sessions `load` reads (see `PickFromList`). `mentors`: a list
    for mentors only, refused to anyone else. `shortcuts`: the session a card's button names,
    or the only one, is taken without the list."""
    return PickFromList(
        prompt_id,
        load=load,
        options=_which,
        nothing=nothing,
        gone=lambda: _(
            "That session has been moved, cancelled or recorded since the list was shown. "
            "Here is the list as it is now."
        ),
        refused=_only_mentors if mentors else None,
        given=given_session if shortcuts else None,
        one_is_taken=shortcuts,
        plain_gone=plain_gone,
    )


def _only_mentors() -> Activity:
    return problem_activity(_("Only practice mentors can do that."))


def given_session(step: WaterfallStepContext) -> str | None:
    """The session a card's button names (`{"session_id": N}`), if it names one."""
    value = step.context.activity.value
    given = whole_number(value.get("session_id")) if isinstance(value, dict) else None
    return None if given is None else str(given)


def _which(step: WaterfallStepContext, views: Sequence[SessionView]) -> PromptOptions:
    zone = Turn.of(step).caller.timezone
    return pick_session_options(step.context.activity.channel_id, list(views), zone)


async def upcoming(step: WaterfallStepContext) -> list[SessionView]:
    """The sessions and events the person attends that are still to come."""
    turn = Turn.of(step)
    return await sessions.upcoming(turn.db, turn.clock, turn.caller)


async def to_record(step: WaterfallStepContext) -> list[SessionView]:
    """The mentor's sessions to hold or record (NotPermitted for someone not a mentor)."""
    turn = Turn.of(step)
    return await sessions.to_record(turn.db, turn.clock, turn.caller)


async def coming_individual(step: WaterfallStepContext) -> list[SessionView]:
    """The mentor's individual sessions still to come (NotPermitted for someone not a mentor)."""
    views = await to_record(step)
    now = Turn.of(step).clock.now()
    return [v for v in views if v.kind == INDIVIDUAL and v.starts_at > now]
