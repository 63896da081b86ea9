"""Typed views of a waterfall's values (`camau.dialogs.values`): each key named and typed once,
kept under the same key as the same plain value the dialogs kept before."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from microsoft_agents.hosting.dialogs import DialogInstance

from camau.dialogs.values import (
    Maybe,
    StepValues,
    Value,
    as_date,
    as_dict,
    as_int,
    as_list,
    as_str,
    instance_of,
    optional,
)
from camau.reflection.dialogs.reflect import Draft, ReflectionValues
from camau.sessions.dialogs.mentor import ScheduleValues
from camau.steps.dialogs.scores import AreaScoreValues, ScoresValues


class Kept(StepValues):
    number = Value(as_int)
    day = Value(as_date, date.isoformat)
    maybe = Maybe(as_str)
    renamed = Value(as_str, key="camau_renamed")
    family = Value(optional(as_int))


def test_values_are_kept_plain_under_their_names() -> None:
    raw: dict[str, object] = {}
    kept = Kept(raw)
    kept.number, kept.day, kept.renamed, kept.family = 3, date(2027, 1, 4), "x", None
    assert raw == {"number": 3, "day": "2027-01-04", "camau_renamed": "x", "family": None}
    assert (kept.number, kept.day, kept.renamed, kept.family) == (3, date(2027, 1, 4), "x", None)
    assert Kept.renamed.key == "camau_renamed" and Kept.day.key == "day"


def test_values_read_what_was_kept_as_text() -> None:
    kept = Kept({"number": "12", "day": "2027-02-15", "maybe": "yes", "family": 4})
    assert (kept.number, kept.day, kept.maybe, kept.family) == (12, date(2027, 2, 15), "yes", 4)


def test_values_not_set_are_a_key_error_or_none() -> None:
    kept = Kept({})
    with pytest.raises(KeyError):
        _ = kept.number
    assert kept.maybe is None
    kept.maybe = "set"
    assert kept.maybe == "set"
    del kept.maybe
    del kept.maybe  # forgetting what is not kept is nothing
    assert kept.maybe is None and kept.raw == {}


def test_values_refuse_a_value_of_another_shape() -> None:
    with pytest.raises(TypeError):
        instance_of(Draft)({"answers": {}})
    with pytest.raises(TypeError):
        as_list(as_int)("1,2")
    with pytest.raises(TypeError):
        as_dict(as_str, as_str)(["a", "b"])


def test_values_of_a_waterfall_in_a_stack() -> None:
    instance = DialogInstance(id="ScoresDialog.steps", state={"values": {"case_id": 7}})
    assert ScoresValues.of_instance(instance).case_id == 7
    empty = DialogInstance(id="ScoresDialog.steps", state={})
    Kept.of_instance(empty).number = 1
    assert empty.state == {"values": {"number": 1}}


def test_values_of_a_scoring_as_kept_before() -> None:
    steps = ScoresValues(
        {"correct": False, "case_id": 1, "reference": "CP/2026/0412", "held_on": "2027-01-04"}
    )
    assert (steps.correct, steps.case_id, steps.held_on) == (False, 1, date(2027, 1, 4))
    assert steps.scores is None and steps.extras is None
    area = AreaScoreValues({"score": 3, "came_from": {"score": "in-21"}, "family": None})
    assert (area.at, area.score, area.family, area.came_from) == (None, 3, None, {"score": "in-21"})


def test_values_of_a_schedule_stay_plain_json() -> None:
    raw: dict[str, object] = {}
    kept = ScheduleValues(raw)
    kept.mentees = [(4, "Tom Davies"), (5, "Elin Pryce")]
    kept.when = datetime(2027, 1, 7, 14, tzinfo=UTC)
    kept.people = [4]
    assert json.loads(json.dumps(raw)) == {
        "mentees": [[4, "Tom Davies"], [5, "Elin Pryce"]],
        "when": "2027-01-07T14:00:00+00:00",
        "people": [4],
    }
    assert kept.mentees == [(4, "Tom Davies"), (5, "Elin Pryce")]
    assert kept.when == datetime(2027, 1, 7, 14, tzinfo=UTC)


def test_values_of_a_reflection_loop_started_before_asked_was_kept() -> None:
    draft = Draft()
    kept = ReflectionValues({"draft": draft})
    assert kept.draft is draft and kept.asked is None
