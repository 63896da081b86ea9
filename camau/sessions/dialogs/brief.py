"""The mentor's pre-session brief on request (`brief` / `briff`), with the mentee's shared and
brought reflections in full (each read audited by the reflection service).

A separate feature from sessions because it carries reflective text: it is `sensitive`, so it
is declined on Telegram unless the organisation allows case data there.
"""

from __future__ import annotations

from microsoft_agents.hosting.dialogs import DialogTurnResult, WaterfallStepContext

from camau.dialogs.base import StepsDialog
from camau.dialogs.prompts import ChoiceTextPrompt, ask
from camau.dialogs.render import problem_activity, text_activity
from camau.dialogs.stale import FRESH, ListedValues, show_fresh
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.practice.sessions import INDIVIDUAL
from camau.reflection.dialogs.texts import view_text
from camau.services.errors import NotFound, NotPermitted
from camau.sessions.dialogs.notices import brief_lines
from camau.sessions.dialogs.texts import pick_session_options, session_line
from camau.sessions.services import brief as session_brief
from camau.sessions.services import sessions


class BriefDialog(StepsDialog):
    """Choose an upcoming individual session (or the one a brief's button names); read the brief."""

    PICK = "brief_pick"

    def __init__(self) -> None:
        super().__init__(
            BriefDialog.__name__, [self.pick_step, self.show_step], [ChoiceTextPrompt(self.PICK)]
        )

    async def pick_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        value = step.context.activity.value
        given = value.get("session_id") if isinstance(value, dict) else None
        if isinstance(given, int) and not isinstance(given, bool):
            return await step.next(str(given))
        turn = Turn.of(step)
        try:
            views = await sessions.to_record(turn.db, turn.clock, turn.caller)
        except NotPermitted:
            return await turn.end(step, problem_activity(_("Only practice mentors can do that.")))
        coming = [v for v in views if v.kind == INDIVIDUAL and v.starts_at > turn.clock.now()]
        if not coming:
            return await turn.end(step, _("You have no individual sessions coming up."))
        if len(coming) == 1 and step.result != FRESH:
            return await step.next(str(coming[0].id))
        ListedValues.of(step).listed = True
        options = pick_session_options(
            step.context.activity.channel_id, coming, turn.caller.timezone
        )
        return await ask(step, self.PICK, options)

    async def show_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        session_id = int(str(step.result))
        if ListedValues.of(step).take_listed():  # chosen from the list: it may be stale
            listed = await sessions.to_record(turn.db, turn.clock, turn.caller)
            now = turn.clock.now()
            if all(v.id != session_id or v.starts_at <= now for v in listed):
                gone = _(
                    "That session has been moved, cancelled or recorded since the list was shown. "
                    "Here is the list as it is now."
                )
                return await show_fresh(step, gone)
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
