"""Help and menu per role: every command a person's roles may start is in their help (by its word
in their language), and no help line or menu entry leads to something they may not do.

The table below is the product's list of commands and who may use them (PRODUCT.md); it is kept
here, apart from the feature declarations, so that the declarations are checked against it.
"""

from __future__ import annotations

import re

import pytest

from camau.conversation.features import commands, may_start
from camau.conversation.menu import help_activity, menu_choices
from camau.conversation.router import COMMANDS
from camau.i18n import use_language
from camau.services.people import Caller

WORKERS, MENTORS, MANAGERS = {"worker"}, {"mentor"}, {"manager"}
ANYONE: set[str] = set()
# Dialog id -> (English word, Welsh word, roles that may use it; empty: anyone).
EXPECTED: dict[str, tuple[str, str, set[str]]] = {
    "ReflectionDialog": ("reflect", "myfyrio", WORKERS),
    "MyReflectionsDialog": ("reflections", "myfyrdodau", WORKERS),
    "MenteeReflectionsDialog": ("shared", "mentoreion", MENTORS),
    "SummariesDialog": ("summaries", "crynodebau", MENTORS),
    "CasesDialog": ("cases", "achosion", WORKERS),
    "NewCaseDialog": ("new case", "achos newydd", WORKERS),
    "ScoresDialog": ("scores", "sgorau", WORKERS),
    "ChartDialog": ("chart", "siart", WORKERS),
    "ExportDialog": ("csv", "csv", WORKERS),
    "SessionsDialog": ("sessions", "sesiynau", WORKERS | MENTORS),
    "ScheduleDialog": ("schedule", "trefnu", MENTORS),
    "RecordDialog": ("record session", "cofnodi sesiwn", MENTORS),
    "ConfirmSessionDialog": ("confirm session", "cadarnhau sesiwn", WORKERS),
    "CantMakeItDialog": ("can't make it", "methu dod", WORKERS),
    "SnoozeDialog": ("later", "wedyn", WORKERS),
    "CalendarDialog": ("calendar", "calendr", WORKERS | MENTORS),
    "BriefDialog": ("brief", "briff", MENTORS),
    "TeamDigestDialog": ("team", "tîm", MANAGERS),
    "SettingsDialog": ("settings", "gosodiadau", ANYONE),
    "DraftsDialog": ("drafts", "drafftiau", WORKERS),
    "DeleteMyDataDialog": ("delete my data", "dileu fy nata", ANYONE),
}
# Each demo person has one role (camau.services.demo); a person may hold several.
ROLE_SETS = [
    {"worker"},
    {"mentor"},
    {"manager"},
    {"admin"},
    {"worker", "mentor"},
    {"mentor", "manager"},
    {"worker", "mentor", "manager", "admin"},
]


def _caller(roles: set[str], language: str) -> Caller:
    return Caller(1, "x", "x@example.org", language, frozenset(roles), "Europe/London", "")


def _may(roles: set[str], dialog_id: str) -> bool:
    needed = EXPECTED[dialog_id][2]
    return not needed or bool(needed & roles)


def _help_words(person: Caller, language: str) -> list[str]:
    with use_language(language):
        text = str(help_activity(person).text)
    return re.findall(r"\*\*(.+?)\*\*", text)


def test_the_table_names_every_command_camau_has() -> None:
    assert set(commands().values()) == set(EXPECTED)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=["+".join(sorted(r)) for r in ROLE_SETS])
@pytest.mark.parametrize("language", ["cy", "en"])
def test_help_lists_every_command_the_roles_may_use_and_nothing_else(
    roles: set[str], language: str
) -> None:
    person = _caller(roles, language)
    shown = _help_words(person, language)
    starts = commands()
    column = 1 if language == "cy" else 0
    for dialog_id, entry in EXPECTED.items():
        word = entry[column]
        if _may(roles, dialog_id):
            assert word in shown, (sorted(roles), language, word)
        else:
            assert word not in shown, (sorted(roles), language, word)
    for word in shown:
        assert word in COMMANDS or word in starts, (language, word)
        if word in starts:
            assert _may(roles, starts[word]) and may_start(person, starts[word]), word


@pytest.mark.parametrize("roles", ROLE_SETS, ids=["+".join(sorted(r)) for r in ROLE_SETS])
@pytest.mark.parametrize("language", ["cy", "en"])
def test_menu_offers_only_what_the_roles_may_do(roles: set[str], language: str) -> None:
    person = _caller(roles, language)
    starts = commands()
    with use_language(language):
        values = [choice.value for choice in menu_choices(person)]
    assert values and values[-1] == "help"
    for value in values:
        assert value in COMMANDS or value in starts, value
        if value in starts:
            assert _may(roles, starts[value]) and may_start(person, starts[value]), value


@pytest.mark.parametrize("language", ["cy", "en"])
def test_every_help_word_starts_what_its_line_describes(language: str) -> None:
    """The word in bold is a command in the reader's language that starts that dialog."""
    everyone = _caller({"worker", "mentor", "manager", "admin"}, language)
    starts = commands()
    column = 1 if language == "cy" else 0
    shown = set(_help_words(everyone, language))
    for dialog_id, entry in EXPECTED.items():
        assert starts[entry[column]] == dialog_id, entry
        assert entry[column] in shown, entry
