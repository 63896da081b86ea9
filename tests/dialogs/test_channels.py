"""Channel rules: what Telegram gets instead of cards, long texts and long labels."""

from __future__ import annotations

from microsoft_agents.activity import Activity, ActivityTypes, Attachment

from camau.dialogs.channels import (
    MAX_LABEL,
    MAX_TEXT,
    case_data,
    channel_allows_case_data,
    for_channel,
    for_telegram,
    short_label,
    split_text,
)
from camau.dialogs.render import CARD_CONTENT_TYPE, Choice, card, card_activity, submit_actions

LONG_TITLE = "Bring it to my next mentor session with Megan, please"
PNG = "image/png"


def _card() -> Activity:
    content = card(
        "choices",
        text="Share this reflection?",
        actions=submit_actions([Choice("share", LONG_TITLE), Choice("keep", "Keep private")]),
    )
    content["body"].append({"type": "Image", "url": "https://x.test/chart.png", "altText": "Chart"})
    return card_activity(content, "Share")


def test_split_text_keeps_every_piece_within_the_limit_at_paragraphs() -> None:
    paragraph = ("gair " * 199 + "diwedd.").strip()
    text = "\n\n".join([paragraph] * 12)
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_TEXT for piece in pieces)
    assert all(piece.endswith("diwedd.") for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_split_text_cuts_text_without_spaces_hard() -> None:
    pieces = split_text("x" * (MAX_TEXT * 2 + 10))
    assert [len(p) for p in pieces] == [MAX_TEXT, MAX_TEXT, 10]


def test_short_label_cuts_at_a_word_and_marks_it() -> None:
    label = short_label(LONG_TITLE)
    assert len(label) <= MAX_LABEL
    assert label.endswith("…")
    assert LONG_TITLE.startswith(label[:-1])
    assert short_label("Keep private") == "Keep private"


def test_telegram_card_becomes_text_buttons_and_a_photo() -> None:
    sent = for_telegram(_card(), "full")
    assert all(
        a.content_type != CARD_CONTENT_TYPE for activity in sent for a in activity.attachments or []
    )
    photo, text = sent
    assert [a.content_type for a in photo.attachments] == [PNG]
    assert photo.attachments[0].content_url == "https://x.test/chart.png"
    assert "Share this reflection?" in str(text.text) and "Chart" in str(text.text)
    actions = text.suggested_actions.actions
    assert [a.value for a in actions] == ["share", "keep"]  # the value is kept whole
    assert all(len(str(a.title)) <= MAX_LABEL for a in actions)


def test_telegram_keeps_image_attachments_as_photos() -> None:
    activity = Activity(
        type=ActivityTypes.message,
        text="Your step scores",
        attachments=[
            Attachment(content_type=PNG, content_url="data:image/png;base64,AAAA", name="c")
        ],
    )
    photo, text = for_telegram(activity, "reminders")
    assert photo.attachments[0].content_type == PNG
    assert text.text == "Your step scores" and not text.attachments


def test_telegram_withholds_case_data_unless_scope_is_full() -> None:
    marked = case_data(Activity(type=ActivityTypes.message, text="Reflection: it went well"))
    (withheld,) = for_telegram(marked.model_copy(deep=True), "reminders")
    assert "Microsoft Teams" in str(withheld.text) and "went well" not in str(withheld.text)
    (shown,) = for_telegram(marked.model_copy(deep=True), "full")
    assert shown.text == "Reflection: it went well" and not shown.channel_data


def test_teams_gets_the_card_unchanged_without_the_mark() -> None:
    activity = case_data(_card())
    (sent,) = for_channel(activity, "msteams", "reminders")
    assert sent.attachments[0].content_type == CARD_CONTENT_TYPE
    assert not sent.channel_data


def test_rules_applied_twice_change_nothing_more() -> None:
    once = for_telegram(_card(), "full")
    twice = [b for a in once for b in for_telegram(a.model_copy(deep=True), "full")]
    assert [a.model_dump() for a in twice] == [a.model_dump() for a in once]


def test_case_data_allowed_on_telegram_only_with_full_scope() -> None:
    assert not channel_allows_case_data("telegram", "reminders")
    assert channel_allows_case_data("telegram", "full")
    assert channel_allows_case_data("msteams", "reminders")
    assert channel_allows_case_data("console", "reminders")
