"""Every Adaptive Card Camau can send, as samples with long values, in Welsh and English.

Add a card with one decorated function that returns the activity (or activities) your code
sends on channel "msteams"; it runs once per language, inside `use_language(language)`:

    @sample("rows")
def _rows(_language: str) -> Activity:
    from camau.dialogs.render import Row, rows_activity

    rows = [Row(str(n), f"0{n}/12/2026 10:00", LONG[:120], _("Open")) for n in range(1, 5)]
    return rows_activity(TEAMS, LONG[:80], rows, [Choice("export", LONG[:30])])


@sample("reflection_sharing")
    def _sharing(language: str) -> Activity:
        return sharing_activity(TEAMS, caller(language), LONG)

`cards()` gives every sample's card contents by "name/language"; tests/dialogs/test_cards.py
checks them all with the real renderer and for accessibility.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from microsoft_agents.activity import Activity

from camau.conversation.menu import menu_activity
from camau.dialogs.language import CHOICES
from camau.dialogs.render import CARD_CONTENT_TYPE, Choice, choice_activity
from camau.i18n import _, use_language
from camau.services.people import Caller

TEAMS = "msteams"
LANGUAGES = ("cy", "en")
LONG = (
    "Ymweliad cartref hir gyda'r teulu cyfan, yn trafod y cynllun amddiffyn a'r camau nesaf "
    "/ A long home visit with the whole family about the protection plan and the next steps "
) * 3

Builder = Callable[[str], Activity | list[Activity]]
SAMPLES: dict[str, Builder] = {}


def sample(name: str) -> Callable[[Builder], Builder]:
    """Register a function returning the activities a card builder sends (one line per card)."""

    def register(builder: Builder) -> Builder:
        if name in SAMPLES:
            raise ValueError(f"card sample {name!r} is registered twice")
        SAMPLES[name] = builder
        return builder

    return register


def caller(
    language: str, roles: tuple[str, ...] = ("worker", "mentor", "manager", "admin")
) -> Caller:
    """A person with every role (so every menu entry shows) and a long name."""
    return Caller(
        id=1,
        name="Angharad Llewelyn-Prydderch ap Rhisiart",
        email="angharad.llewelyn-prydderch@demo.camau.cymru",
        language=language,
        roles=frozenset(roles),
        timezone="Europe/London",
        working_hours="Mon-Thu 08:30-16:30",
    )


@sample("menu")
def _menu(language: str) -> Activity:
    return menu_activity(TEAMS, caller(language))


@sample("language_choice")
def _language(_language: str) -> Activity:
    return choice_activity(TEAMS, _("Cymraeg neu English?"), CHOICES)


@sample("settings_choice")
def _settings(_language: str) -> Activity:
    summary = "\n".join(
        [
            _("Your settings:"),
            _("- Working hours: {hours}").format(hours="Mon-Thu 08:30-16:30, Fri 08:30-13:00"),
            _("- Time zone: {zone}").format(zone="America/Argentina/ComodRivadavia"),
            "",
            _("What would you like to change?"),
        ]
    )
    choices = [
        Choice("language", _("Language")),
        Choice("hours", _("Working hours")),
        Choice("zone", _("Time zone")),
        Choice("done", _("Nothing, thanks")),
    ]
    return choice_activity(TEAMS, summary, choices)


@sample("long_choice")
def _long_choice(_language: str) -> Activity:
    return choice_activity(TEAMS, LONG, [Choice("a", LONG[:200]), Choice("b", LONG[200:400])])


@sample("many_choices")
def _many_choices(_language: str) -> Activity:
    scale = [Choice(str(n), f"{n} – {LONG[:40]}") for n in range(1, 11)]
    return choice_activity(TEAMS, LONG, scale)


@sample("reflection_components")
def _reflection_components(_language: str) -> Activity:
    from camau.reflection.dialogs.reflect import components_prompt

    prompt = components_prompt(TEAMS, LONG).prompt
    assert isinstance(prompt, Activity)
    return prompt


@sample("rows")
def _rows(_language: str) -> Activity:
    from camau.dialogs.render import Row, rows_activity

    rows = [Row(str(n), f"0{n}/12/2026 10:00", LONG[:120], _("Open")) for n in range(1, 5)]
    return rows_activity(TEAMS, LONG[:80], rows, [Choice("export", LONG[:30])])


@sample("reflection_sharing")
def _reflection_sharing(_language: str) -> Activity:
    from camau.reflection.dialogs.texts import sharing_choices

    return choice_activity(
        TEAMS, _("What would you like to do with this reflection?"), sharing_choices()
    )


@sample("after_task")
def _after_task(_language: str) -> Activity:
    from camau.conversation.menu import after_task_activity

    return after_task_activity(TEAMS)


def _again(options: Any) -> Activity:
    """The card a question shows when asked again: its problem block above the question."""
    again = options.retry_prompt
    assert isinstance(again, Activity)
    return again


@sample("asked_again_choice")
def _asked_again_choice(_language: str) -> Activity:
    from camau.dialogs.prompts import choice_options

    choices = [Choice("a", LONG[:40]), Choice("b", LONG[40:80])]
    return _again(choice_options(TEAMS, LONG, choices, _("Please choose one of the options.")))


@sample("asked_again_rows")
def _asked_again_rows(_language: str) -> Activity:
    from camau.dialogs.prompts import rows_options
    from camau.dialogs.render import Row

    rows = [Row(str(n), f"0{n}/12/2026 10:00", LONG[:120], _("Open")) for n in range(1, 3)]
    return _again(rows_options(TEAMS, LONG[:80], rows, [], LONG[:100]))


@sample("asked_again_components")
def _asked_again_components(_language: str) -> Activity:
    from camau.reflection.dialogs.reflect import components_prompt

    return _again(components_prompt(TEAMS, LONG))


@sample("asked_again_skip")
def _asked_again_skip(_language: str) -> Activity:
    from camau.dialogs.prompts import skippable_text_options

    return _again(skippable_text_options(TEAMS, LONG, _("Please type an answer, or type skip.")))


def _as_list(built: Activity | list[Activity]) -> list[Activity]:
    return built if isinstance(built, list) else [built]


def activities() -> dict[str, list[Activity]]:
    """Every sample's activities, by 'name/language'."""
    found: dict[str, list[Activity]] = {}
    for name, builder in SAMPLES.items():
        for language in LANGUAGES:
            with use_language(language):
                found[f"{name}/{language}"] = _as_list(builder(language))
    return found


def cards() -> dict[str, dict[str, Any]]:
    """Every Adaptive Card in the samples, by 'name/language' (with '#n' when several)."""
    found: dict[str, dict[str, Any]] = {}
    for key, sent in activities().items():
        contents = [
            attachment.content
            for activity in sent
            for attachment in activity.attachments or []
            if attachment.content_type == CARD_CONTENT_TYPE
        ]
        for i, content in enumerate(contents):
            assert isinstance(content, dict), f"{key}: card content is not a JSON object"
            found[key if len(contents) == 1 else f"{key}#{i + 1}"] = content
    return found


# The features' samples register themselves on import (they use `sample` above).
from tests.support import card_samples_sessions, card_samples_steps  # noqa: E402, F401
