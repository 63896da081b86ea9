"""The state codec: type-preserving round trips, escaping of user data, and refusal of forgeries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    CardAction,
    ChannelAccount,
    HeroCard,
    Mention,
    SuggestedActions,
)
from microsoft_agents.hosting.core import CardFactory, MessageFactory
from microsoft_agents.hosting.dialogs import DialogInstance, DialogState
from microsoft_agents.hosting.dialogs.choices import Choice, FoundChoice, ListStyle
from microsoft_agents.hosting.dialogs.prompts import DateTimeResolution, PromptOptions

from camau.storage.codec import CodecError, decode, encode, register, registered_names
from camau.storage.errors import StorageError

plain_keys = st.text().filter(lambda key: key != "$t")  # dicts with the tag key get escaped
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(plain_keys, children),
    max_leaves=30,
)
tag_keys = st.sampled_from(["$t", "$v", "x"]) | st.text(max_size=3)
user_dicts = st.recursive(
    st.text() | st.integers(),
    lambda children: st.dictionaries(tag_keys, children, max_size=4),
    max_leaves=20,
)


@dataclass
class SurveyOptions:
    """An options dataclass of our own, as dialogs will register them."""

    topic: str
    asked_at: datetime
    steps: list[str] = field(default_factory=list)


class Mood(Enum):
    """An enum of our own."""

    CALM = "calm"
    BUSY = "busy"


register(SurveyOptions, name="tests.SurveyOptions")
register(Mood, name="tests.Mood")


def round_trip(value: Any) -> Any:
    return decode(encode(value))


def prompt_activity() -> Activity:
    """A prompt like the SDK stores it, with a card, a mention and suggested actions."""
    activity = MessageFactory.text("Pick one")
    activity.from_property = ChannelAccount(id="bot", name="Camau")
    activity.timestamp = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    card = HeroCard(title="Colours", buttons=[CardAction(type="imBack", title="Red", value="red")])
    activity.attachments = [CardFactory.hero_card(card)]
    activity.entities = [Mention(mentioned=ChannelAccount(id="u1"), text="<at>Ann</at>")]
    activity.suggested_actions = SuggestedActions(
        actions=[CardAction(type="imBack", title="Blue", value="blue")]
    )
    return activity


@given(json_values)
def test_codec_plain_json_values_stay_plain(value: Any) -> None:
    text = encode(value)
    assert json.loads(text) == value
    assert decode(text) == value


@given(user_dicts)
def test_codec_user_dicts_with_tag_keys_round_trip(value: Any) -> None:
    assert round_trip(value) == value


def test_codec_user_dict_that_looks_like_a_tag_stays_a_dict() -> None:
    forged = {"$t": "os.system", "$v": "rm -rf /"}
    assert round_trip({"note": forged}) == {"note": forged}
    assert round_trip(forged) == forged
    assert json.loads(encode(forged))["$t"] == "dict"


def test_codec_round_trips_sdk_dialog_state() -> None:
    options = PromptOptions(
        prompt=prompt_activity(),
        retry_prompt=MessageFactory.text("Again?"),
        choices=[Choice("red", action=CardAction(type="imBack", title="Red", value="red"))],
        style=ListStyle.hero_card,
        number_of_attempts=2,
    )
    values = {"colour": FoundChoice("red", 0, 1.0, "red"), "count": Decimal("42.5")}
    state = DialogState(
        [
            DialogInstance("choice", {"options": options, "state": {"AttemptCount": 1}}),
            DialogInstance("survey", {"stepIndex": 1, "values": values, "options": None}),
        ]
    )
    back = round_trip({"DialogState": state})["DialogState"]
    assert isinstance(back, DialogState)
    prompt_instance, survey_instance = back.dialog_stack
    assert survey_instance == state.dialog_stack[1]
    stored = prompt_instance.state["options"]
    assert isinstance(stored, PromptOptions)
    assert stored.choices == options.choices and stored.style is ListStyle.hero_card
    assert stored.number_of_attempts == 2 and stored.validations is None
    assert isinstance(stored.prompt, Activity) and isinstance(stored.prompt.entities[0], Mention)
    assert options.prompt is not None
    original_json = options.prompt.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert stored.prompt.model_dump(mode="json", by_alias=True, exclude_none=True) == original_json
    assert stored.prompt.timestamp == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert stored.retry_prompt is not None and stored.retry_prompt.text == "Again?"


def test_codec_round_trips_other_sdk_results() -> None:
    resolution = DateTimeResolution(value="2026-03-02", timex="2026-03-02")
    back = round_trip([resolution, ActivityTypes.message.value])
    assert isinstance(back[0], DateTimeResolution) and vars(back[0]) == vars(resolution)
    assert back[1] == "message"


def test_codec_round_trips_builtin_types_exactly() -> None:
    london = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    value = {
        "aware": datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
        "naive": datetime(2026, 3, 2, 9, 30),  # noqa: DTZ001 - OAuthPrompt stores naive times
        "zoned": london,
        "day": date(2026, 3, 2),
        "clock": time(9, 30),
        "gap": timedelta(days=2, seconds=5, microseconds=7),
        "money": Decimal("0.10"),
        "pair": (1, "a", (2,)),
        "tags": {"a", "b"},
        "frozen": frozenset({3}),
        "blob": b"\x00\xff",
        "id": UUID("12345678-1234-5678-1234-567812345678"),
        "by_number": {1: "one", (2, 3): "pair"},
        "mood": Mood.BUSY,
    }
    back = round_trip(value)
    assert back == value
    assert {k: type(v) for k, v in back.items()} == {k: type(v) for k, v in value.items()}
    assert back["aware"].tzinfo is not None and back["naive"].tzinfo is None
    assert back["zoned"].tzinfo == ZoneInfo("Europe/London") and back["zoned"].utcoffset() == (
        london.utcoffset()
    )
    assert str(back["money"]) == "0.10"


def test_codec_round_trips_registered_dataclass() -> None:
    options = SurveyOptions("review", datetime(2026, 3, 2, tzinfo=UTC), ["a", "b"])
    assert round_trip({"options": options}) == {"options": options}
    assert '"$t":"tests.SurveyOptions"' in encode(options)
    assert "tests.SurveyOptions" in registered_names()


def test_codec_register_refuses_a_taken_name() -> None:
    @dataclass
    class Impostor:
        topic: str

    with pytest.raises(ValueError, match="already names"):
        register(Impostor, name="DialogState")
    with pytest.raises(TypeError):
        register(type("Plain", (), {}))


class NotRegistered:
    """A class nobody allow-listed."""


@pytest.mark.parametrize(
    "value",
    [
        NotRegistered(),
        {"deep": [{"x": NotRegistered()}]},
        print,
        ActivityTypes.message,  # a str enum member is not plain text
        Path("/tmp"),
        1 + 2j,
    ],
)
def test_codec_encode_unregistered_type_raises(value: Any) -> None:
    with pytest.raises(CodecError, match="not registered"):
        encode(value)


def test_codec_encode_cyclic_value_raises() -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    with pytest.raises(CodecError):
        encode(cyclic)


@pytest.mark.parametrize(
    "tag",
    ["os.system", "subprocess.Popen", "builtins.eval", "pickle.loads", "TurnContext", "type"],
)
def test_codec_decode_unknown_tag_raises_and_builds_nothing(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = json.dumps({"state": {"$t": tag, "$v": ["touch", str(marker)]}})
    with pytest.raises(CodecError, match="not allow-listed"):
        decode(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    "stored",
    [
        {"$t": "Decimal", "$v": 1},
        {"$t": "Decimal", "$v": "not a number"},
        {"$t": "DialogInstance", "$v": {"id": "x", "__class__": "os"}},
        {"$t": "DialogInstance", "$v": ["id"]},
        {"$t": "PromptOptions", "$v": {"prompt": None, "callback": "x"}},
        {"$t": "ListStyle", "$v": "__class__"},
        {"$t": "bytes", "$v": "!!!"},
        {"$t": "datetime", "$v": ["2026-01-01T00:00:00+00:00", "../../etc/passwd"]},
        {"$t": "Activity", "$v": {"type": 5}},
        {"$t": "set", "$v": [[1]]},
        {"$t": "dict", "$v": [[1, 2, 3]]},
        {"$t": "Decimal", "$v": "1", "extra": 1},
        {"$t": 7, "$v": None},
    ],
)
def test_codec_decode_invalid_payload_raises(stored: dict[str, Any]) -> None:
    with pytest.raises(CodecError):
        decode(json.dumps(stored))


def test_codec_decode_invalid_json_raises_storage_error() -> None:
    with pytest.raises(CodecError):
        decode("{not json")
    assert issubclass(CodecError, StorageError)
