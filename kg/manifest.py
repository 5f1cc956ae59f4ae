"""The manifest (``manifest.yaml`` beside the documents): its schema, checked before
any work.

Every field has a type; a field of the wrong type is an error for that document (the
others still build), a misspelt field or a file the folder does not hold is a warning by
name, and YAML aliases are refused outright (``title: *bomb`` would otherwise expand
to gigabytes). A ``reference_date`` is a date: a time of day is refused, not passed on
as a datetime the ontology does not allow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

MANIFEST = "manifest.yaml"
MAX_BYTES = 1_000_000
"""A manifest is a few lines per document; anything larger is not one."""
MAX_TEXT = 500
"""The longest title or bank name accepted, in characters."""


class ManifestError(Exception):
    """A manifest that cannot be used at all; the message names the file."""


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected text, got {_kind(value)}")
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    if len(text) > MAX_TEXT:
        raise ValueError(f"is {len(text):,} characters long (at most {MAX_TEXT})")
    return text


def _date(value: object) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{value.isoformat(sep=' ')} has a time of day; give the date alone")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date such as 2024-12-31, got {_kind(value)}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date such as 2024-12-31") from None
    raise ValueError(f"{moment.isoformat(sep=' ')} has a time of day; give the date alone")


FIELDS: dict[str, Callable[[object], object]] = {
    "title": _text,
    "bank": _text,
    "reference_date": _date,
}
"""The fields an entry may have, each with the reader that checks and converts it."""


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__


@dataclass(frozen=True)
class Manifest:
    """What one folder's manifest says: checked metadata per file name, the files whose
    entry is unusable (with the reason) and warnings about what was ignored."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases (an alias can make a few bytes expand without end) and
    without implicit timestamps: a date stays text until :func:`_date` reads it, so
    ``2024-13-45`` is a message about that field, not an exception from the YAML reader."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ManifestError(
                f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                "allowed in a manifest; write the value out"
            )
        return super().compose_node(parent, index)


_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str, where: str) -> dict[str, object]:
    """The manifest's top-level mapping, without aliases. Raises :class:`ManifestError`."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)
    except ManifestError as exc:
        raise ManifestError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestError(f"{where}: not valid YAML{line}; fix it") from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise ManifestError(f"{where}: not valid YAML ({exc.__class__.__name__}); fix it") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: expected a mapping of file name to metadata")
    return {str(k): v for k, v in data.items()}


def check_entry(entry: object, where: str) -> tuple[dict[str, Any], list[str]]:
    """One file's fields, checked and converted, and warnings about unknown ones.
    Raises ValueError with a message that names the field."""
    if entry is None:
        return {}, []
    if not isinstance(entry, dict):
        raise ValueError(
            f"{where}: expected fields (title, bank, reference_date), got {_kind(entry)}"
        )
    out: dict[str, Any] = {}
    warnings = []
    for key, value in entry.items():
        name = str(key)
        reader = FIELDS.get(name)
        if reader is None:
            warnings.append(f"{where}: unknown field {name!r} ignored (known: {', '.join(FIELDS)})")
            continue
        if value is None:
            continue
        try:
            out[name] = reader(value)
        except ValueError as exc:
            raise ValueError(f"{where}: {name} {exc}") from None
    return out, unknown_fields(entry, where)


def unknown_fields(entry: object, where: str) -> list[str]:
    """A warning for each field of ``entry`` the schema does not know (a misspelling)."""
    if not isinstance(entry, dict):
        return []
    known = ", ".join(FIELDS)
    return [
        f"{where}: unknown field {str(k)!r} ignored (known: {known})"
        for k in entry
        if str(k) not in FIELDS
    ]


def load(folder: Path) -> Manifest:
    """The manifest of ``folder`` checked against its schema (an entry for a file the
    folder does not hold is warned about). Raises :class:`ManifestError` for a manifest
    that cannot be read at all."""
    path = folder / MANIFEST
    if not path.is_file():
        return Manifest()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ManifestError(
                f"{path}: {size:,} bytes, more than a manifest holds ({MAX_BYTES:,} at most)"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    data = parse(text, str(path))
    present = {p.name for p in folder.iterdir()}
    entries: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for name, entry in sorted(data.items()):
        where = f"{path} [{name}]"
        if name not in present:
            warnings.append(f"{where}: no such document in {folder}; entry ignored")
            continue
        warnings.extend(unknown_fields(entry, where))
        try:
            entries[name], _ = check_entry(entry, where)
        except ValueError as exc:
            errors[name] = str(exc)
    return Manifest(entries, errors, tuple(warnings))
