"""Prompts steps to change shares: dates, scores, the privacy guard and choosing a case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from microsoft_agents.activity import Activity, CardAction, SuggestedActions
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.dialogs import (
    PromptOptions,
    PromptValidatorContext,
    WaterfallStepContext,
)

from camau.dialogs.channels import TELEGRAM
from camau.dialogs.dates_text import read_typed_date, typed, understood, which_date
from camau.dialogs.guard import GuardedAsk
from camau.dialogs.prompts import SKIP_WORDS as CORE_SKIP_WORDS
from camau.dialogs.prompts import (
    AnswerPrompt,
    normalise,
    yes_no_options,
)
from camau.dialogs.render import (
    Choice,
    asked_again,
    card,
    card_activity,
    new_token,
    submit_actions,
    text_activity,
    uses_cards,
)
from camau.dialogs.turn import Turn
from camau.i18n import _
from camau.practice.dates import parse_date
from camau.practice.steps import MAX_SCORE, MIN_SCORE, parse_score
from camau.services.errors import NotFound
from camau.steps.dialogs import CARDS
from camau.steps.dialogs.render import day
from camau.steps.services import cases as steps
from camau.steps.services import scores as steps_scores

SKIP_WORDS = CORE_SKIP_WORDS | {"dim", "none", "-"}
SKIPPED = ""


def result(step: WaterfallStepContext) -> Any:
    """The answer the previous step or prompt gave."""
    return step.result


def skipped(text: str) -> bool:
    return normalise(text) in SKIP_WORDS


def yes_no(channel_id: str | None, question: str) -> PromptOptions:
    return yes_no_options(channel_id, question)


def date_options(
    question: str,
    purpose: str,
    case_id: int | None = None,
    optional: bool = False,
    after: date | None = None,
) -> PromptOptions:
    """Ask for a date. purpose: scored, booked, review or initial (see `date_validator`).

    With `case_id`, the date is checked against that case (its initial conference, its core
    groups); `after` is the core group being scored, which a booked date must follow.
    """
    return PromptOptions(
        prompt=text_activity(question),
        retry_prompt=text_activity(question),
        validations={
            "purpose": purpose,
            "case_id": case_id,
            "optional": optional,
            "ask": question,
            "after": after.isoformat() if after else None,
        },
    )


def _unreadable() -> str:
    return _(
        "I could not read that date. Try, for example, 3/12/2026, 03/12, today, yesterday "
        "or a weekday."
    )


def reads_score(text: str, today: date) -> bool:
    """Whether `text` is a score from 1 to 10."""
    return parse_score(text) is not None


class DatePrompt(AnswerPrompt):
    """A date typed in Welsh or English, checked for what it is for; answers an ISO date."""

    def __init__(self, dialog_id: str) -> None:
        super().__init__(
            dialog_id,
            DatePrompt.date_validator,
            lambda text, today: parse_date(text, today) is not None,
        )

    @staticmethod
    async def date_validator(prompt_context: PromptValidatorContext) -> bool:
        rules: dict[str, Any] = dict(prompt_context.options.validations or {})  # type: ignore[call-overload]
        said = str(prompt_context.recognized.value or "")
        if rules.get("optional") and skipped(said):
            prompt_context.recognized.value = SKIPPED
            return True
        problem = await DatePrompt._problem(prompt_context, rules, said)
        if problem is None:
            if typed(prompt_context.context):
                found = date.fromisoformat(str(prompt_context.recognized.value))
                await prompt_context.context.send_activity(understood(day(found)))
            return True
        if isinstance(problem, Activity):
            prompt_context.options.retry_prompt = problem
        else:
            asked = text_activity(str(rules["ask"]))
            prompt_context.options.retry_prompt = asked_again(problem, asked)
        return False

    @staticmethod
    async def _problem(
        prompt_context: PromptValidatorContext, rules: dict[str, Any], said: str
    ) -> str | Activity | None:
        problem, found = await date_problem(
            prompt_context.context, rules, said, prompt_context.state
        )
        if found is not None:
            prompt_context.recognized.value = found
        return problem


async def date_problem(
    context: TurnContext, rules: dict[str, Any], said: str, memo: dict[str, Any]
) -> tuple[str | Activity | None, str | None]:
    """What is wrong with `said` as an answer to a date question with these `rules` (see
    `date_options`), else the ISO date it gives: the question's own checks, for the question
    and for an edited message that answered it. `memo` keeps the readings a "which date?"
    question offered."""
    turn = Turn.of(context)
    today = steps.today_for(turn.clock, turn.caller.timezone)
    purpose = str(rules.get("purpose"))
    case = await case_for(context, rules.get("case_id"))
    latest: list[date] = []
    if purpose == "booked":
        # Read forwards from the first day it may be: "Monday" is the next one after the
        # core group being scored (or the case's last), never that core group itself.
        latest = [date.fromisoformat(a) for a in [rules.get("after")] if isinstance(a, str)]
        latest += list(case.core_groups[-1:]) if case is not None else []
        earliest = max([today, *(d + timedelta(days=1) for d in latest)])
        readings = read_typed_date(memo, said, earliest, past=False)
    else:
        readings = read_typed_date(memo, said, today, past=True)
    if len(readings) > 1:
        return which_date(context.activity.channel_id, readings), None
    if not readings:
        return _unreadable(), None
    found = readings[0]
    problem = _date_problem(purpose, found, today, case, max(latest, default=None))
    if problem is not None:
        return problem, None
    if (
        purpose == "scored"
        and case is not None
        and await steps_scores.already_scored(turn.db, turn.caller, case.id, found)
    ):
        return _(
            "Scores for the core group on {date} are already recorded. "
            "To change them, choose “Correct the last scores”."
        ).format(date=day(found)), None
    return None, found.isoformat()


async def check_date(
    context: TurnContext, rules: dict[str, Any], said: str
) -> tuple[str | None, str | None]:
    """`said` as a date question with these rules would take it: (why not, None), or (None,
    the ISO date). A text that could be two dates is refused, with no question to ask which."""
    problem, found = await date_problem(context, rules, said, {})
    if isinstance(problem, Activity):
        return _("That could be more than one date. Type it in full, for example 3/12/2026."), None
    return problem, found


async def case_for(context: TurnContext, case_id: object) -> steps.CaseView | None:
    """The case the date is for, if any (and still there: the save step says when it is not)."""
    if not isinstance(case_id, int):
        return None
    turn = Turn.of(context)
    try:
        return await steps.get_case(turn.db, turn.caller, case_id)
    except NotFound:
        return None


def _date_problem(
    purpose: str, found: date, today: date, case: steps.CaseView | None, after: date | None
) -> str | None:
    """What the services would refuse about this date, said at the question instead."""
    if purpose == "booked":
        if found < today:
            return _("That date has passed. The next core group must be today or later.")
        if after is not None and found <= after:
            return _("The next core group must come after this one.")
        return None
    if found > today:
        return _("That date is in the future. Please give a date up to today.")
    if case is None:
        return None
    icpc = case.initial_conference
    if purpose == "scored" and found < icpc:
        return _("A core group comes after the initial conference ({date}).").format(date=day(icpc))
    if purpose == "review" and found <= icpc:
        return _("A review conference comes after the initial conference ({date}).").format(
            date=day(icpc)
        )
    return None


def score_activity(channel_id: str | None, title: str, question: str, optional: bool) -> Activity:
    """Buttons 1-10 in a Teams card (in two rows); numbered text elsewhere."""
    numbers = [Choice(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]
    if uses_cards(channel_id):
        token = new_token()  # one question, so one token for all of its card's buttons
        rows = {
            "low": submit_actions(numbers[:5], token=token),
            "high": submit_actions(numbers[5:], token=token),
        }
        if optional:
            rows["more"] = submit_actions([Choice("skip", _("Skip"))], token=token)
        template = CARDS / ("steps_score_skip.json" if optional else "steps_score.json")
        content = card(template, title=title, question=question, **rows)
        return card_activity(content, title)
    hint = _("Type a number from 1 to 10.") + (" " + _("Or type skip.") if optional else "")
    activity = text_activity(f"**{title}**\n\n{question}\n\n{hint}")
    if str(channel_id or "") == TELEGRAM:  # Telegram shows these as a keyboard
        keys = [*numbers, Choice("skip", _("Skip"))] if optional else numbers
        activity.suggested_actions = SuggestedActions(
            actions=[CardAction(type="imBack", title=c.title, value=c.value) for c in keys]
        )
    return activity


def score_options(
    channel_id: str | None, title: str, question: str, optional: bool
) -> PromptOptions:
    retry = _("Please give a whole number from 1 to 10, where 10 means care is now good enough.")
    return PromptOptions(
        prompt=score_activity(channel_id, title, question, optional),
        retry_prompt=asked_again(retry, score_activity(channel_id, title, question, optional)),
        validations={"optional": optional},
    )


class ScorePrompt(AnswerPrompt):
    """A score from 1 to 10 (or skip, when optional); answers the number, or 0 when skipped."""

    def __init__(self, dialog_id: str) -> None:
        super().__init__(dialog_id, ScorePrompt.score_validator, reads_score)

    @staticmethod
    async def score_validator(prompt_context: PromptValidatorContext) -> bool:
        rules: dict[str, Any] = dict(prompt_context.options.validations or {})  # type: ignore[call-overload]
        said = str(prompt_context.recognized.value or "")
        if rules.get("optional") and skipped(said):
            prompt_context.recognized.value = 0
            return True
        score = parse_score(said)
        if score is None:
            return False
        prompt_context.recognized.value = score
        return True


def guarded(question: str, *, optional: bool = False, limit: int | None = None) -> GuardedAsk:
    """A free-text question for the privacy-guarded dialog; optional ones say how to skip."""
    hint = "\n\n" + _("(Or type skip.)") if optional else ""
    if limit is None:
        return GuardedAsk(question + hint, optional=optional)
    return GuardedAsk(question + hint, optional=optional, limit=limit)
