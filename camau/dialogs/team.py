"""The manager's team digest on request (`team` / `tîm`): the Monday digest, as of now.

Counts and dates only, never reflective text (built by `services.session_digests`).
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs import session_notices
from camau.dialogs.base import StepsDialog
from camau.dialogs.feature import MANAGERS, Command, Feature
from camau.dialogs.render import text_activity
from camau.dialogs.session_digest import digest_activity
from camau.dialogs.turn import caller_of, deps_of
from camau.i18n import _
from camau.services import session_digests


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


FEATURE = Feature(
    name="team",
    commands=(
        Command(
            TeamDigestDialog.__name__,
            "team",
            "tîm",
            lambda: _("your team's sessions and scoring, as of now (counts and dates only)"),
            menu=lambda: _("Team digest"),
            aliases=("tim", "team digest", "crynodeb tîm"),
            audience=MANAGERS,
        ),
    ),
    dialogs=lambda: [TeamDigestDialog()],
    # No `roles`: the digest's first step answers anyone else with its own sentence.
    notices={session_digests.ALERT: session_notices.NOTICES[session_digests.ALERT]},
    loaded_notices={session_digests.DIGEST: session_notices.LOADED_NOTICES[session_digests.DIGEST]},
)
