"""Frozen dataclasses to JSON and back, guided by their declared field types.

The analysis cache (``OUT/.cache``) is data, not code: decoding builds only the
dataclasses, numbers, dates and collections that the declared type of
:class:`kg.models.DocumentExtraction` names, so a cache file someone else wrote can at
worst be wrong (and is then ignored), never run anything, as a pickle would.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class CodecError(ValueError):
    """Data that does not have the shape of the declared type."""


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types written as they are: looked up by exact type before any other test (most of an
analysis is strings and offsets)."""


@cache
def _init_fields(cls: type) -> tuple[str, ...] | None:
    """The names of a dataclass's init fields, None for any other class: found once per
    class, not by ``dataclasses.fields`` at every instance."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def to_data(value: object) -> Any:
    """``value`` as JSON-ready data: dataclasses as objects of their fields, tuples and
    sets as lists (sets sorted), decimals, dates and paths as strings."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [to_data(v) for v in value]  # type: ignore[attr-defined]
    names = _init_fields(kind)  # type: ignore[arg-type]
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, (frozenset, set)):
        return sorted(to_data(v) for v in value)
    if isinstance(value, (Decimal, Path)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise CodecError(f"cannot encode a {type(value).__name__}")


def dumps(value: object) -> bytes:
    return json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes, kind: type[T]) -> T:
    """A ``kind`` from :func:`dumps` output. Raises :class:`CodecError` on any mismatch."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CodecError(f"not JSON ({exc.__class__.__name__})") from None
    return typing.cast(T, from_data(raw, kind))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(raw: Any, hint: Any) -> Any:
    """``raw`` read as the type ``hint`` (a dataclass, a union with None, a tuple, a
    frozenset, Decimal, date, Path, str, int, bool)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if raw is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"ambiguous type {hint}")
        return from_data(raw, options[0])
    if origin is tuple:
        if not isinstance(raw, list):
            raise CodecError(f"expected a list for {hint}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(v, args[0]) for v in raw)
        if len(args) != len(raw):
            raise CodecError(f"expected {len(args)} items for {hint}")
        return tuple(from_data(v, a) for v, a in zip(raw, args, strict=True))
    if origin is frozenset:
        if not isinstance(raw, list):
            raise CodecError(f"expected a list for {hint}")
        return frozenset(from_data(v, args[0]) for v in raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(raw, dict):
            raise CodecError(f"expected an object for {hint.__name__}")
        fields = {f.name for f in dataclasses.fields(hint) if f.init}
        if set(raw) != fields:
            raise CodecError(f"fields of {hint.__name__} differ")
        hints = _hints(hint)
        return hint(**{name: from_data(raw[name], hints[name]) for name in fields})
    return _scalar(raw, hint)


def _scalar(raw: Any, hint: Any) -> Any:
    if hint is bool:
        if isinstance(raw, bool):
            return raw
    elif hint is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
    elif hint is str:
        if isinstance(raw, str):
            return raw
    elif hint is Decimal:
        if isinstance(raw, str):
            try:
                return Decimal(raw)
            except InvalidOperation:
                pass
    elif hint is date:
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
    elif hint is Path:
        if isinstance(raw, str):
            return Path(raw)
    elif hint is float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
    else:
        raise CodecError(f"no reader for {hint!r}")
    raise CodecError(f"{raw!r} is not a {getattr(hint, '__name__', hint)}")
