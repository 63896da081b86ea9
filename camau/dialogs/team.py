"""The manager's team digest on request (`team` / `tîm`): the Monday digest, as of now.

Counts and dates only, never reflective text (built by `services.session_digests`).
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.features import Feature
from camau.dialogs.render import Choice, text_activity
from camau.dialogs.session_digest import digest_activity
from camau.dialogs.turn import caller_of, deps_of
from camau.i18n import _
from camau.services import session_digests
from camau.services.people import Caller


class TeamDigestDialog(StepsDialog):
    """Show the caller's team digest now (managers only)."""

    def __init__(self) -> None:
        super().__init__(TeamDigestDialog.__name__, [self.digest_step], [])

    async def digest_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        deps, caller = deps_of(step.context), caller_of(step.context)
        if not caller.has("manager"):
            await step.context.send_activity(
                text_activity(_("Team digests are for team managers."))
            )
            return await step.end_dialog()
        digest = await session_digests.team_digest(deps.db, deps.clock, caller)
        channel = step.context.activity.channel_id
        await step.context.send_activity(digest_activity(digest, caller.timezone, channel))
        return await step.end_dialog()


def _menu(caller: Caller) -> list[Choice]:
    return [Choice("team", _("Team digest"))] if caller.has("manager") else []


def _help(caller: Caller) -> list[str]:
    if not caller.has("manager"):
        return []
    return [_("- **team**: your team's sessions and scoring, as of now (counts and dates only)")]


FEATURE = Feature(
    name="team",
    dialogs=lambda: [TeamDigestDialog()],
    commands={
        "team": TeamDigestDialog.__name__,
        "tîm": TeamDigestDialog.__name__,
        "tim": TeamDigestDialog.__name__,
        "team digest": TeamDigestDialog.__name__,
        "crynodeb tîm": TeamDigestDialog.__name__,
    },
    menu=_menu,
    help=_help,
    # No `roles`: the digest's first step answers anyone else with its own sentence.
)
