"""Named SPARQL queries: find them, bind their parameters safely, format the results.

A query file starts with a comment header that documents it::

    # Question (zh): ...
    # Question (en): ...
    # Param: strategy = name or IRI of the strategy, normalised (default: 第一个人金融银行)
    # Columns: item, kind, department

Parameters are bound with ``initBindings`` (Oxigraph substitutions), never pasted
into the query text. Oxigraph substitutes only variables the outer ``SELECT``
projects, so every parameter also comes back as a column of its own name. A value
that looks like an http(s) IRI is bound as an IRI, anything else as a plain string;
a parameter whose documentation says "normalised" gets the comparison key of a name
(simplified, half-width, unquoted, no whitespace, case-folded), so the query can
compare it with ``REPLACE(LCASE(STR(?label)), "\\\\s+", "")`` of a stored label.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Identifier

import kg
from kg.normalize import normalize_name

QUERIES_DIR = Path(kg.__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "json")
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_PARAM = re.compile(r"^#\s*Param:\s*(?P<name>\w+)\s*(?:=\s*(?P<doc>.*))?$", re.IGNORECASE)
_DEFAULT = re.compile(r"\(default:\s*(?P<value>[^)]*)\)")
_NORMALISED = re.compile(r"\bnormali[sz]ed\b", re.IGNORECASE)


class QueryError(Exception):
    """An unknown query, a bad parameter or a SPARQL error; the message says which."""


@dataclass(frozen=True)
class QueryParam:
    name: str
    doc: str
    default: str | None
    normalised: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    params: tuple[QueryParam, ...]

    @property
    def header(self) -> str:
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("# ").rstrip())
        return "\n".join(lines)


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        """The rows as dicts keyed by column, for code that reads results by name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def available(queries_dir: Path = QUERIES_DIR) -> list[str]:
    return sorted(p.stem for p in queries_dir.glob("*.rq"))


def load(name_or_path: str, queries_dir: Path = QUERIES_DIR) -> NamedQuery:
    """A query by name (``queries/NAME.rq``) or by path to a ``.rq`` file."""
    path = Path(name_or_path)
    if not (name_or_path.endswith(".rq") or path.exists()):
        if not _NAME.match(name_or_path):
            raise QueryError(
                f"{name_or_path!r} is not a query name; names are letters, digits, - and _"
            )
        path = queries_dir / f"{name_or_path}.rq"
        if not path.exists():
            names = ", ".join(available(queries_dir))
            raise QueryError(f"no query named {name_or_path!r}; known queries: {names}")
    elif not path.exists():
        raise QueryError(f"{path}: no such query file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({exc.__class__.__name__})") from exc
    params = []
    for line in text.splitlines():
        m = _PARAM.match(line.strip())
        if m:
            doc = (m.group("doc") or "").strip()
            d = _DEFAULT.search(doc)
            default = d.group("value").strip() if d else None
            normalised = bool(_NORMALISED.search(_DEFAULT.sub("", doc)))
            params.append(QueryParam(m.group("name"), doc, default, normalised))
    return NamedQuery(path.stem, path, text, tuple(params))


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: expected name=value")
        out[name.strip()] = value
    return out


def _term(value: str, normalised: bool = False) -> Identifier:
    if re.match(r"^https?://\S+$", value):
        return URIRef(value)
    return Literal(normalize_name(value) if normalised else value)


def bindings(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Identifier]:
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter {unknown[0]!r}; parameters: {known}"
        )
    out: dict[str, Identifier] = {}
    for name, param in declared.items():
        if name in values:
            out[name] = _term(values[name], param.normalised)
        elif param.default is not None:
            out[name] = _term(param.default, param.normalised)
        else:
            raise QueryError(f"query {query.name!r} needs --param {name}=VALUE ({param.doc})")
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if " | " in text:
        text = " | ".join(sorted(set(text.split(" | "))))
    return text


def run(graph: Graph, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    init = bindings(query, values or {})
    try:
        result = graph.query(query.text, initBindings=init)
        columns = tuple(str(v) for v in (result.vars or ()))
        rows = tuple(
            tuple(_cell(row[i]) for i in range(len(columns)))
            for row in cast(Iterable[ResultRow], result)
        )
    except QueryError:
        raise
    except Exception as exc:  # parser and engine errors come in many types
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise QueryError(f"{query.path}: SPARQL error: {first}") from exc
    return QueryResult(columns, rows)


def render(result: QueryResult, fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buf.getvalue()
    if fmt == "json":
        return (
            json.dumps(
                [dict(zip(result.columns, row, strict=True)) for row in result.rows],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if fmt == "table":
        return _table(result)
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(result: QueryResult, max_cell: int = 60) -> str:
    def clip(text: str) -> str:
        text = " ".join(text.split())
        out, w = "", 0
        for ch in text:
            cw = _width(ch)
            if w + cw > max_cell:
                return out + "…"
            out += ch
            w += cw
        return out

    rows = [[clip(c) for c in row] for row in result.rows]
    widths = [_width(c) for c in result.columns]
    for row in rows:
        widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    out = [line(result.columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} rows)")
    return "\n".join(out).rstrip() + "\n"
