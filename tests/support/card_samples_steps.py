"""Steps to change cards as samples: the score cards per area (with and without skip) and the
scoring nudges, built by the real builders with the longest reference and area label allowed.
"""

from __future__ import annotations

from microsoft_agents.activity import Activity

import camau.steps.dialogs.notices  # noqa: F401  (registers the nudge renderers)
from camau.conversation.features import all_notices
from camau.dialogs.long_answer import long_answer_card
from camau.i18n import _
from camau.steps.dialogs.prompts import score_options
from camau.steps.services.cases import MAX_LABEL
from camau.steps.services.nudges import KINDS
from tests.support.card_samples import LONG, TEAMS, sample

# The longest case reference (40 characters) and area label the service accepts.
REFERENCE = "CP/2026-0412/ABERTAWE-GORLLEWIN/0000-123"
LABEL = LONG[:MAX_LABEL]


def _prompts(title: str, question: str, optional: bool) -> list[Activity]:
    """The card a score question shows, then the card shown when the answer was not a score."""
    options = score_options(TEAMS, title, question, optional)
    assert isinstance(options.prompt, Activity) and isinstance(options.retry_prompt, Activity)
    return [options.prompt, options.retry_prompt]


@sample("steps_score")
def _score(_language: str) -> list[Activity]:
    title = _("Area {n} of {total}: {label}").format(n=12, total=12, label=LABEL)
    question = _("Score from 1 to 10, where 10 means care is now good enough.")
    question += " " + _("Last time: {score}.").format(score=10)
    return _prompts(title, question, False)


@sample("steps_score_family")
def _family(_language: str) -> list[Activity]:
    question = _("The family's own score for this area, from 1 to 10?")
    return _prompts(LABEL, question, True)


def _nudge(kind: str, language: str, **extra: object) -> list[Activity]:
    payload = {"case_id": 123456, "reference": REFERENCE, "core_group": "2027-09-29", **extra}
    return all_notices().render(KINDS[kind], payload, language)


@sample("steps_nudge_due")
def _due(language: str) -> list[Activity]:
    return _nudge("due", language)


@sample("steps_nudge_second")
def _second(language: str) -> list[Activity]:
    return _nudge("second", language)


@sample("steps_nudge_overdue")
def _overdue(language: str) -> list[Activity]:
    return _nudge("overdue", language)


@sample("steps_nudge_stalled")
def _stalled(language: str) -> list[Activity]:
    return [*_nudge("stalled", language, areas=1), *_nudge("stalled", language, areas=12)]


@sample("long_answer")
def _long_answer(_language: str) -> list[Activity]:
    """An area label over its limit, given back to shorten (any long answer looks the same)."""
    question = _(
        "Name the area for change in a few words, in the family's own words "
        "(for example: home conditions)."
    )
    return [long_answer_card(LONG[: MAX_LABEL + 50], MAX_LABEL, question)]
