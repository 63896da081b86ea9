"""Every card Camau sends, in Welsh and English with long values, passes the real renderer
(adaptivecards 3.x in Node, schema 1.5, no warnings) and has labels and alt text (WCAG 2.2 AA).
"""

from __future__ import annotations

from typing import Any

import pytest

from camau.dialogs.render import TOKEN_KEY
from tests.support.card_samples import LANGUAGES, SAMPLES, activities, cards
from tests.support.cards import TEMPLATES, accessibility_problems, templates_of, validate

ALL_CARDS = cards()


@pytest.fixture(scope="module")
def report() -> dict[str, list[str]]:
    return validate(ALL_CARDS)


@pytest.mark.parametrize("key", sorted(ALL_CARDS))
def test_card_renders_without_errors_or_warnings(report: dict[str, list[str]], key: str) -> None:
    assert report[key] == []


@pytest.mark.parametrize("key", sorted(ALL_CARDS))
def test_card_inputs_have_labels_and_images_alt_text(key: str) -> None:
    assert accessibility_problems(ALL_CARDS[key]) == []


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_card_sample_sends_a_card_in_both_languages(name: str) -> None:
    for language in LANGUAGES:
        assert any(key.split("#")[0] == f"{name}/{language}" for key in ALL_CARDS), (
            f"{name} sent no Adaptive Card in {language}"
        )


def test_card_templates_are_all_used_by_a_sample() -> None:
    """A new card template cannot skip the renderer check: some sample must send it."""
    used = {name for content in ALL_CARDS.values() for name in templates_of(content)}
    templates = {path.stem for path in TEMPLATES}
    assert templates - used == set(), "add a sample in tests/support/card_samples*.py"


@pytest.mark.parametrize("key", sorted(ALL_CARDS))
def test_card_sample_is_built_from_exactly_one_template(key: str) -> None:
    assert len(templates_of(ALL_CARDS[key])) == 1


def _tokens(node: Any) -> set[str]:
    """The question tokens the card's answer buttons carry (their fallbacks repeat them)."""
    if isinstance(node, list):
        return {token for item in node for token in _tokens(item)}
    if not isinstance(node, dict):
        return set()
    data = node.get("data")
    own = {str(data[TOKEN_KEY])} if isinstance(data, dict) and TOKEN_KEY in data else set()
    return own | {token for value in node.values() for token in _tokens(value)}


@pytest.mark.parametrize("key", sorted(ALL_CARDS))
def test_card_answer_buttons_share_one_question_token(key: str) -> None:
    """A card asks one question, so all its answer buttons carry one token: a button with another
    token is taken for a card no longer on screen, and its click does nothing."""
    assert len(_tokens(ALL_CARDS[key])) <= 1


def test_card_template_match_tells_similar_cards_apart() -> None:
    assert templates_of(ALL_CARDS["steps_score/en#1"]) == {"steps_score"}
    assert templates_of(ALL_CARDS["steps_score_family/en#1"]) == {"steps_score_skip"}
    assert templates_of(ALL_CARDS["many_choices/en"]) == {"choices"}  # actions in body rows
    changed = {**ALL_CARDS["session_reminder/en#1"], "version": "1.4"}
    assert templates_of(changed) == set()


def test_card_samples_differ_by_language() -> None:
    sent = activities()
    assert sent["menu/cy"][0].attachments[0].content != sent["menu/en"][0].attachments[0].content


def _broken() -> dict[str, Any]:
    card = dict(ALL_CARDS["menu/en"])
    body = [dict(element) for element in card["body"]]
    body[0]["type"] = "TextBlok"
    return {**card, "body": body}


def test_card_validator_catches_a_misspelt_element_type() -> None:
    events = validate({"broken": _broken()})["broken"]
    assert any("UnknownElementType" in event and "TextBlok" in event for event in events)


def test_card_validator_catches_a_bad_version_and_a_bad_enum() -> None:
    card = {**ALL_CARDS["menu/en"], "version": "1.6"}
    card["body"] = [{**card["body"][0], "size": "Huge"}]
    events = validate({"bad": card})["bad"]
    assert any(event.startswith("Version") for event in events)
    assert any("InvalidPropertyValue" in event for event in events)


def test_card_accessibility_check_finds_missing_label_and_alt_text() -> None:
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "Input.Text", "id": "note"},
            {"type": "Container", "items": [{"type": "Image", "url": "https://x.test/c.png"}]},
        ],
    }
    problems = accessibility_problems(card)
    assert len(problems) == 2
    assert "Input.Text 'note' has no label" in problems[0]
    assert "Image has no altText" in problems[1]


@pytest.mark.parametrize("key", sorted(k for k in ALL_CARDS if k.startswith("asked_again_")))
def test_card_asked_again_shows_its_problem_apart_from_the_question(key: str) -> None:
    problem, question = ALL_CARDS[key]["body"][:2]
    assert problem["color"] == "attention" and problem["text"].startswith("⚠️ ")
    assert "color" not in question and "⚠️" not in str(question)
