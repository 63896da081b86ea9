"""The manager's team digest on request (`team` / `tîm`): the Monday digest, as of now.

Counts and dates only, never reflective text (built by `camau.team.services`).
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.render import text_activity
from camau.dialogs.turn import caller_of, deps_of
from camau.i18n import _
from camau.team import services as session_digests
from camau.team.dialogs.digest import digest_activity


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
