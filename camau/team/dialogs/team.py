"""The manager's team digest on request (`team` / `tîm`): the Monday digest, as of now.

Counts and dates only, never reflective text (built by `camau.team.services`).
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.team import services as session_digests
from camau.team.dialogs.digest import digest_activity


class TeamDigestDialog(StepsDialog):
    """Show the caller's team digest now (managers only)."""

    def __init__(self) -> None:
        super().__init__(TeamDigestDialog.__name__, [self.digest_step], [])

    async def digest_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        if not turn.caller.has("manager"):
            return await turn.end(step, _("Team digests are for team managers."))
        digest = await session_digests.team_digest(turn.db, turn.clock, turn.caller)
        channel = step.context.activity.channel_id
        return await turn.end(step, digest_activity(digest, turn.caller.timezone, channel))
