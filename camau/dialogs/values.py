"""What a waterfall keeps between turns, each key named and typed once: views of `step.values`.

The SDK keeps a waterfall's `step.values` (a plain dict) in the conversation's dialog state,
saved through the allow-listed codec, and a draft keeps it too. A dialog declares the keys it
keeps as a `StepValues` subclass, one `Value` (set before it is read) or `Maybe` (perhaps not set
yet) per key, the attribute's name being the key, and reads and writes them through it only:

    class ScoresValues(StepValues):
        correct = Value(as_bool)
        held_on = Value(as_date, date.isoformat)  # kept as "2026-12-18"

    kept = ScoresValues.of(step)
    kept.held_on = date(2026, 12, 18)

A view holds nothing of its own: each value stays in the same dict, under the same key, as the
same plain value (a number, a text, a list, or a type the feature declares in
`Feature.state_types`), so a dialog started before a deploy goes on after it, and an answer
written into the values from outside the dialog (an edited message,
`camau.steps.dialogs.answers`) is what the view reads. `read` turns the kept value into its type
(and refuses one of another shape); `write`, when given, turns it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Generic, Self, TypeVar, overload

from microsoft_agents.hosting.dialogs import DialogInstance, WaterfallDialog, WaterfallStepContext

T = TypeVar("T")
K = TypeVar("K")


class StepValues:
    """A typed view of one waterfall's values; subclasses declare a `Value` or `Maybe` per key."""

    def __init__(self, raw: dict[str, object]) -> None:
        self.raw = raw

    @classmethod
    def of(cls, step: WaterfallStepContext) -> Self:
        """The values of the waterfall this step belongs to."""
        return cls(step.values)

    @classmethod
    def of_instance(cls, instance: DialogInstance) -> Self:
        """The values of a waterfall's dialog instance (in a stack, not running now)."""
        found = instance.state.setdefault(WaterfallDialog.PersistedValues, {})
        if not isinstance(found, dict):
            raise TypeError("a waterfall's values are not a dict")
        return cls(found)


class _Key(Generic[T]):
    def __init__(
        self,
        read: Callable[[object], T],
        write: Callable[[T], object] | None = None,
        *,
        key: str = "",
    ) -> None:
        self.read, self.write, self.key = read, write, key

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = self.key or name

    def __set__(self, kept: StepValues, value: T) -> None:
        kept.raw[self.key] = value if self.write is None else self.write(value)

    def __delete__(self, kept: StepValues) -> None:
        """Forget the value (nothing when it was not set)."""
        kept.raw.pop(self.key, None)


class Value(_Key[T]):
    """A key set before it is read (KeyError otherwise, as `step.values[key]` was)."""

    @overload
    def __get__(self, kept: None, owner: type) -> Value[T]: ...
    @overload
    def __get__(self, kept: StepValues, owner: type) -> T: ...
    def __get__(self, kept: StepValues | None, owner: type) -> Value[T] | T:
        if kept is None:
            return self
        return self.read(kept.raw[self.key])


class Maybe(_Key[T]):
    """A key perhaps not set yet: None until it is (and when it was set to None)."""

    @overload
    def __get__(self, kept: None, owner: type) -> Maybe[T]: ...
    @overload
    def __get__(self, kept: StepValues, owner: type) -> T | None: ...
    def __get__(self, kept: StepValues | None, owner: type) -> Maybe[T] | T | None:
        if kept is None:
            return self
        found = kept.raw.get(self.key)
        return None if found is None else self.read(found)


def as_int(found: object) -> int:
    """A whole number, kept as one (or as its digits: a choice's value)."""
    return found if isinstance(found, int) else int(str(found))


def as_str(found: object) -> str:
    return str(found)


def as_bool(found: object) -> bool:
    return bool(found)


def as_date(found: object) -> date:
    """A date, kept as its ISO text (write it with `date.isoformat`)."""
    return date.fromisoformat(str(found))


def as_datetime(found: object) -> datetime:
    """An instant, kept as its ISO text (write it with `datetime.isoformat`)."""
    return datetime.fromisoformat(str(found))


def optional(read: Callable[[object], T]) -> Callable[[object], T | None]:
    """`read`, for a value that may be kept as None."""
    return lambda found: None if found is None else read(found)


def instance_of(cls: type[T]) -> Callable[[object], T]:
    """The value itself, when it is a `cls` (a type declared in `Feature.state_types`)."""

    def read(found: object) -> T:
        if not isinstance(found, cls):
            raise TypeError(f"expected {cls.__name__}, got {type(found).__name__}")
        return found

    return read


def as_dict(
    read_key: Callable[[object], K], read: Callable[[object], T]
) -> Callable[[object], dict[K, T]]:
    """A dict, each key and value read."""

    def read_dict(found: object) -> dict[K, T]:
        if not isinstance(found, dict):
            raise TypeError(f"expected a dict, got {type(found).__name__}")
        return {read_key(k): read(v) for k, v in found.items()}

    return read_dict


def as_list(read: Callable[[object], T]) -> Callable[[object], list[T]]:
    """A list, each item read."""

    def read_list(found: object) -> list[T]:
        if not isinstance(found, list):
            raise TypeError(f"expected a list, got {type(found).__name__}")
        return [read(item) for item in found]

    return read_list
