"""The mentor's pre-session brief on request (`brief` / `briff`), with the mentee's shared and
brought reflections in full (each read audited by the reflection service).

A separate feature from sessions because it carries reflective text: it is `sensitive`, so it
is declined on Telegram unless the organisation allows case data there.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.render import text_activity
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.practice.sessions import INDIVIDUAL
from camau.reflection.dialogs.texts import view_text
from camau.services.errors import NotFound, NotPermitted
from camau.sessions.dialogs.notices import brief_lines
from camau.sessions.dialogs.pick import coming_individual, which_session
from camau.sessions.dialogs.texts import session_line
from camau.sessions.services import brief as session_brief
from camau.sessions.services import sessions


class BriefDialog(StepsDialog):
    """Choose an upcoming individual session (or the one a brief's button names); read the brief."""

    PICK = "brief_pick"

    def __init__(self) -> None:
        self.which = which_session(
            self.PICK,
            coming_individual,
            lambda: _("You have no individual sessions coming up."),
            mentors=True,
        )
        super().__init__(
            BriefDialog.__name__, [self.which.list_step, self.show_step], [self.which.prompt()]
        )

    async def show_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if (fresh := await self.which.stale(step)) is not None:  # chosen from the list: stale?
            return fresh
        turn = Turn.of(step)
        session_id = int(str(step.result))
        try:
            view = await sessions.get(turn.db, turn.caller, session_id)
            if view.mentor_id != turn.caller.id or view.kind != INDIVIDUAL:
                raise NotPermitted("not your individual session")
            worker = view.attendees()[0]
            figures = await session_brief.figures(turn.db, turn.clock, session_id, worker.person_id)
            found = await session_brief.reflections_for_brief(
                turn.db, turn.clock, turn.caller, session_id
            )
        except (NotFound, NotPermitted):
            return await turn.end(step, _("That session is no longer coming up."))
        title = _("Pre-session brief: {worker}").format(worker=worker.name)
        lines = [f"**{title}**", session_line(view, turn.caller.timezone), *brief_lines(figures)]
        await step.context.send_activity(text_activity("\n\n".join(lines)))
        views = [v for _name, reflections in found for v in reflections]
        if not views:
            await step.context.send_activity(
                text_activity(_("No reflections were shared or brought since the last session."))
            )
        for reflection in views:
            await step.context.send_activity(
                text_activity(view_text(reflection, turn.caller.timezone, own=False))
            )
        return await step.end_dialog()
