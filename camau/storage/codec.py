"""A type-preserving JSON codec for agent state that builds only allow-listed types.

Plain JSON values are written as they are. Anything else becomes `{"$t": NAME, "$v": PAYLOAD}`,
where NAME is a short stable name in the registry below; a dict that contains the key `"$t"`
(or has non-string keys) is itself tagged as `"dict"`, so stored user data can never forge a tag.
Decoding looks NAME up in the registry and nowhere else: no pickle, no eval, no imports, no class
paths. An unknown tag, or encoding a type nobody registered, raises `CodecError`.

Allow-list our own option dataclasses with `register(MyOptions, name="camau.MyOptions")` (a bare
`@register` works as a decorator too). Dataclasses are stored field by field, pydantic models
through `model_dump(mode="json", by_alias=True, exclude_none=True)`, enum members by name.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from microsoft_agents import activity
from microsoft_agents.hosting.dialogs import DialogInstance, DialogState, PromptOptions
from microsoft_agents.hosting.dialogs.choices import (
    Choice,
    ChoiceFactoryOptions,
    FoundChoice,
    ListStyle,
    ModelResult,
    SortedValue,
    Token,
)
from microsoft_agents.hosting.dialogs.choices.models import FoundValue
from microsoft_agents.hosting.dialogs.prompts import DateTimeResolution
from microsoft_agents.hosting.dialogs.prompts.oauth_prompt import CallerInfo
from pydantic import BaseModel

from camau.storage.errors import StorageError

TAG = "$t"
VALUE = "$v"

T = TypeVar("T", bound=type)
Dump = Callable[[Any], Any]
Load = Callable[[Any], Any]

# Errors a registered loader may raise on bad stored data (pydantic's ValidationError and
# decimal.InvalidOperation are among them); they all become CodecError.
_LOAD_ERRORS = (TypeError, ValueError, KeyError, ArithmeticError, AttributeError)


class CodecError(StorageError):
    """A value could not be encoded, or stored text could not be decoded safely."""


@dataclasses.dataclass(frozen=True)
class _Entry:
    name: str
    cls: type
    dump: Dump
    load: Load


_BY_NAME: dict[str, _Entry] = {}
_BY_TYPE: dict[type, _Entry] = {}


def _expect(value: Any, kind: type) -> Any:
    """The value if it has exactly the expected JSON type, else TypeError."""
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _dataclass_codec(cls: type) -> tuple[Dump, Load]:
    fields = dataclasses.fields(cls)
    names = {f.name for f in fields}

    def dump(obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in fields}

    def load(payload: Any) -> Any:
        data: dict[str, Any] = _expect(payload, dict)
        unknown = set(data) - names
        if unknown:
            raise TypeError(f"unknown fields {sorted(unknown)!r}")
        obj = cls(**{f.name: data[f.name] for f in fields if f.init and f.name in data})
        for f in fields:
            if not f.init and f.name in data:
                setattr(obj, f.name, data[f.name])
        return obj

    return dump, load


def _attributes_codec(cls: type, attributes: Sequence[str]) -> tuple[Dump, Load]:
    allowed = set(attributes)

    def dump(obj: Any) -> dict[str, Any]:
        return {a: getattr(obj, a) for a in attributes}

    def load(payload: Any) -> Any:
        data: dict[str, Any] = _expect(payload, dict)
        unknown = set(data) - allowed
        if unknown:
            raise TypeError(f"unknown attributes {sorted(unknown)!r}")
        return cls(**data)

    return dump, load


def _model_codec(cls: type[BaseModel]) -> tuple[Dump, Load]:
    def dump(obj: BaseModel) -> Any:
        return obj.model_dump(mode="json", by_alias=True, exclude_none=True)

    return dump, lambda payload: cls.model_validate(_expect(payload, dict))


def _enum_codec(cls: type[Enum]) -> tuple[Dump, Load]:
    return (lambda member: member.name), (lambda payload: cls[_expect(payload, str)])


def _codec_for(cls: type, attributes: Sequence[str] | None) -> tuple[Dump, Load]:
    if attributes is not None:
        return _attributes_codec(cls, attributes)
    if issubclass(cls, Enum):
        return _enum_codec(cls)
    if issubclass(cls, BaseModel):
        return _model_codec(cls)
    if dataclasses.is_dataclass(cls):
        return _dataclass_codec(cls)
    raise TypeError(f"{cls!r}: give dump and load, or attributes")


def register(
    cls: T,
    *,
    name: str | None = None,
    dump: Dump | None = None,
    load: Load | None = None,
    attributes: Sequence[str] | None = None,
) -> T:
    """Allow-list a type under a short stable name (default: its class name); returns the type."""
    key = name or cls.__name__
    if key in _BY_NAME and _BY_NAME[key].cls is not cls:
        raise ValueError(f"codec name {key!r} already names {_BY_NAME[key].cls!r}")
    if cls in _BY_TYPE and _BY_TYPE[cls].name != key:
        raise ValueError(f"{cls!r} is already registered as {_BY_TYPE[cls].name!r}")
    if dump is None or load is None:
        dump, load = _codec_for(cls, attributes)
    entry = _Entry(key, cls, dump, load)
    _BY_NAME[key] = entry
    _BY_TYPE[cls] = entry
    return cls


def registered_names() -> frozenset[str]:
    """The names of every allow-listed type."""
    return frozenset(_BY_NAME)


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, bool, int, float):
        return value
    if kind is list:
        return [_encode(item) for item in value]
    if kind is dict:
        if TAG not in value and all(type(k) is str for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {TAG: "dict", VALUE: [[_encode(k), _encode(v)] for k, v in value.items()]}
    entry = _BY_TYPE.get(kind)
    if entry is None:
        raise CodecError(f"{kind.__module__}.{kind.__qualname__} is not registered in the codec")
    try:
        payload = entry.dump(value)
    except _LOAD_ERRORS as exc:
        raise CodecError(f"cannot encode a {entry.name}") from exc
    return {TAG: entry.name, VALUE: _encode(payload)}


def _decode(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [_decode(item) for item in value]
    if kind is not dict:
        return value
    if TAG not in value:
        return {k: _decode(v) for k, v in value.items()}
    name = value[TAG]
    if set(value) != {TAG, VALUE} or type(name) is not str:
        raise CodecError("malformed type tag")
    entry = _BY_NAME.get(name)
    if entry is None:
        raise CodecError(f"type tag {name[:80]!r} is not allow-listed")
    payload = _decode(value[VALUE])
    try:
        return entry.load(payload)
    except _LOAD_ERRORS as exc:
        raise CodecError(f"stored {entry.name} is invalid") from exc


def encode(value: Any) -> str:
    """The value as JSON text, tagging every non-JSON type; CodecError if a type is unknown."""
    try:
        return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))
    except RecursionError as exc:
        raise CodecError("value is nested too deeply (or is cyclic)") from exc


def decode(text: str) -> Any:
    """The value stored as `text`; constructs only allow-listed types, else CodecError."""
    try:
        return _decode(json.loads(text))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CodecError("stored text is not valid codec JSON") from exc


def _load_datetime(payload: Any) -> datetime:
    if type(payload) is list and len(payload) == 2:
        iso, zone = (_expect(item, str) for item in payload)
        return datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))
    return datetime.fromisoformat(_expect(payload, str))


def _dump_datetime(value: datetime) -> str | list[str]:
    if isinstance(value.tzinfo, ZoneInfo):
        return [value.isoformat(), value.tzinfo.key]
    return value.isoformat()


def _load_pairs(payload: Any) -> dict[Any, Any]:
    pairs = _expect(payload, list)
    return {k: v for k, v in (_expect(pair, list) for pair in pairs)}


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _load_timedelta(payload: Any) -> timedelta:
    days, seconds, micros = (_expect(n, int) for n in _expect(payload, list))
    return timedelta(days=days, seconds=seconds, microseconds=micros)


def _text(load: Callable[[str], Any]) -> Load:
    return lambda payload: load(_expect(payload, str))


def _seq(load: Callable[[list[Any]], Any]) -> Load:
    return lambda payload: load(_expect(payload, list))


_BUILTINS: tuple[tuple[type, Dump, Load], ...] = (
    (dict, lambda d: [[k, v] for k, v in d.items()], _load_pairs),
    (datetime, _dump_datetime, _load_datetime),
    (date, date.isoformat, _text(date.fromisoformat)),
    (time, time.isoformat, _text(time.fromisoformat)),
    (timedelta, lambda d: [d.days, d.seconds, d.microseconds], _load_timedelta),
    (Decimal, str, _text(Decimal)),
    (UUID, str, _text(UUID)),
    (tuple, list, _seq(tuple)),
    (set, list, _seq(set)),
    (frozenset, list, _seq(frozenset)),
    (bytes, lambda b: base64.b64encode(b).decode("ascii"), _text(_b64decode)),
)
# What the SDK leaves in dialog state (found by running real prompts) and what is likely to join
# it: dialog stack, prompt options, choices and recognition results, activities and cards.
_SDK_TYPES: tuple[type, ...] = (
    DialogState,
    DialogInstance,
    Choice,
    FoundChoice,
    FoundValue,
    SortedValue,
    Token,
    ModelResult,
    ChoiceFactoryOptions,
    ListStyle,
    activity.Activity,
    activity.Attachment,
    activity.CardAction,
    activity.CardImage,
    activity.ChannelAccount,
    activity.ConversationAccount,
    activity.ConversationReference,
    activity.Entity,
    activity.Fact,
    activity.HeroCard,
    activity.Mention,
    activity.OAuthCard,
    activity.SigninCard,
    activity.SuggestedActions,
    activity.ThumbnailCard,
    activity.TokenResponse,
)
_PROMPT_OPTIONS = ("prompt", "retry_prompt", "choices", "style", "validations")

for _cls, _dump, _load in _BUILTINS:
    register(_cls, name=_cls.__name__, dump=_dump, load=_load)
for _cls in _SDK_TYPES:
    register(_cls)
register(PromptOptions, attributes=(*_PROMPT_OPTIONS, "number_of_attempts"))
register(DateTimeResolution, attributes=("value", "start", "end", "timex"))
register(CallerInfo, attributes=("caller_service_url", "scope"))
