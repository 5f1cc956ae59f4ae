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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Identifier

import kg
from kg.graphio import serialize
from kg.normalize import normalize_name

QUERIES_DIR = Path(kg.__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "json", "ndjson")
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_PARAM = re.compile(
    r"^#\s*Param:\s*(?P<name>\w+)\s*(?:\((?P<type>[\w|]+)\))?\s*(?:=\s*(?P<doc>.*))?$",
    re.IGNORECASE,
)
_DEFAULT = re.compile(r"\(default:\s*(?P<value>[^)]*)\)")
_NORMALISED = re.compile(r"\bnormali[sz]ed\b", re.IGNORECASE)


class QueryError(Exception):
    """An unknown query, a bad parameter or a SPARQL error; the message says which."""


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


PARAM_TYPES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "date": ("an ISO date such as 2024-12-31", _is_date),
    "year": ("a year such as 2024", lambda v: bool(re.fullmatch(r"\d{4}", v))),
    "integer": ("an integer", lambda v: bool(re.fullmatch(r"[+-]?\d{1,18}", v))),
    "decimal": ("a number", lambda v: bool(re.fullmatch(r"[+-]?\d{1,30}(\.\d{1,30})?", v))),
    "iri": ("an http(s) IRI", lambda v: bool(re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", v))),
    "text": ("text", lambda v: True),
}
"""The types a ``# Param: name (type) = ...`` header may declare; any other word in
``(date|latest)`` is a keyword the parameter also accepts."""
MAX_PARAM = 1000
"""The longest parameter value accepted, in characters."""


@dataclass(frozen=True)
class QueryParam:
    name: str
    doc: str
    default: str | None
    normalised: bool = False
    types: tuple[str, ...] = ()
    """Declared in the header as ``(date|latest)``: types of :data:`PARAM_TYPES` and
    keywords; empty for any text."""

    def check(self, value: str) -> str:
        """``value`` if it is of a declared type (or one of the keywords); raises QueryError."""
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise QueryError(f"--param {self.name}: not valid UTF-8 text")
        if len(value) > MAX_PARAM:
            raise QueryError(f"--param {self.name}: longer than {MAX_PARAM} characters")
        if not self.types or not value:
            return value
        for kind in self.types:
            test = PARAM_TYPES.get(kind)
            if (test is not None and test[1](value)) or (
                test is None and value.lower() == kind.lower()
            ):
                return value
        wanted = " or ".join(PARAM_TYPES[k][0] if k in PARAM_TYPES else repr(k) for k in self.types)
        raise QueryError(f"--param {self.name}={value!r}: expected {wanted}")


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
    boolean: bool | None = None
    """The answer of an ASK query (None for any other form)."""
    turtle: str | None = None
    """The graph a CONSTRUCT or DESCRIBE query made, as sorted Turtle."""
    types: tuple[tuple[str, ...], ...] = ()
    """Per cell: number, boolean, string or null (unbound), for typed JSON; empty when
    the result did not come from SPARQL (every cell is then a string)."""

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
    return NamedQuery(path.stem, path, text, _header_params(text))


def _header_params(text: str) -> tuple[QueryParam, ...]:
    params = []
    for line in text.splitlines():
        m = _PARAM.match(line.strip())
        if m:
            doc = (m.group("doc") or "").strip()
            d = _DEFAULT.search(doc)
            default = d.group("value").strip() if d else None
            normalised = bool(_NORMALISED.search(_DEFAULT.sub("", doc)))
            types = tuple(t for t in (m.group("type") or "").split("|") if t)
            params.append(QueryParam(m.group("name"), doc, default, normalised, types))
    return tuple(params)


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in pair):
            shown = pair.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise QueryError(f"--param {shown!r}: not valid UTF-8 text")
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
            out[name] = _term(param.check(values[name]), param.normalised)
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


_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(text: str) -> bool:
    """Whether a query calls another endpoint (``SERVICE``) anywhere outside strings,
    IRIs and comments, after SPARQL's ``\\uXXXX`` escapes are decoded as the engine does."""

    def decode(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return bool(_SERVICE.search(_NOT_CODE.sub(" ", _CODEPOINT.sub(decode, text))))


def run(
    graph: Graph,
    query: NamedQuery,
    values: Mapping[str, str] | None = None,
    *,
    allow_service: bool = False,
) -> QueryResult:
    """Run ``query`` with its parameters bound. A query that calls another endpoint
    (``SERVICE``) is refused unless ``allow_service``: a query file from elsewhere must
    not make this machine send requests to any host it names."""
    init = bindings(query, values or {})
    if not allow_service and uses_service(query.text):
        raise QueryError(
            f"{query.path}: SERVICE (a federated query) would send requests to another "
            "endpoint; refused (pass --allow-service to allow it)"
        )
    try:
        result = graph.query(query.text, initBindings=init)
        if result.type == "ASK":
            return QueryResult(
                ("ask",), ((str(bool(result.askAnswer)).lower(),),), result.askAnswer
            )
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            made = result.graph if result.graph is not None else Graph()
            turtle = serialize(made, "ttl", {p: str(n) for p, n in graph.namespaces() if p})
            return QueryResult((), (), None, turtle.decode("utf-8"))
        columns = tuple(str(v) for v in (result.vars or ()))
        rows, types = _rows_and_types(cast(Iterable[ResultRow], result), len(columns))
    except QueryError:
        raise
    except Exception as exc:  # parser and engine errors come in many types
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise QueryError(f"{query.path}: SPARQL error: {first}") from exc
    return QueryResult(columns, rows, types=types)


def render(result: QueryResult, fmt: str) -> str:
    """The result in ``fmt``; an ASK answer is ``true`` or ``false`` and the graph of a
    CONSTRUCT or DESCRIBE is Turtle, whatever the format."""
    if result.turtle is not None:
        return result.turtle
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(typed_records(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "ndjson":
        return "".join(
            json.dumps(record, ensure_ascii=False) + "\n" for record in typed_records(result)
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


# ----------------------------------------------------------------- portable query text
# ``kg query NAME --sparql``: the query as any SPARQL 1.1 engine runs it. Oxigraph binds
# parameters by substitution; other engines (Jena, Virtuoso, GraphDB) evaluate groups
# bottom-up, so the bound values go into a VALUES block at the start of every group that
# uses them. Values are data in that block, never pasted into the patterns, and written
# with ASCII escapes only (\uXXXX), which every engine's parser reads.
_SCAN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<open>\{)
      | (?P<close>\})""",
    re.VERBOSE,
)


def sparql_literal(term: Identifier) -> str:
    """A term in SPARQL syntax with only ASCII characters (non-ASCII as \\u escapes)."""

    def ascii_only(text: str) -> str:
        out = []
        for ch in text:
            code = ord(ch)
            if code < 0x80:
                out.append(ch)
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
        return "".join(out)

    if isinstance(term, URIRef):
        return f"<{ascii_only(str(term))}>"
    if isinstance(term, Literal):
        text = str(term)
        escaped = (
            text.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        body = f'"{ascii_only(escaped)}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{ascii_only(str(term.datatype))}>"
        return body
    raise QueryError(f"cannot write {term!r} as a SPARQL term")


def _groups(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of every group pattern's braces; VALUES data blocks and the
    braces around a sub-SELECT (which must stand alone in its group) are left out."""
    stack: list[tuple[int, bool]] = []
    out: list[tuple[int, int]] = []
    values_pending = False
    in_values = False
    last_open: int | None = None
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if word == "VALUES":
                values_pending = True
            elif word == "SELECT" and last_open is not None and stack:
                # a sub-SELECT: its enclosing braces take no VALUES of their own
                pos, _ = stack[-1]
                if pos == last_open:
                    stack[-1] = (pos, False)
            last_open = None
        elif kind == "open":
            if values_pending:
                values_pending, in_values = False, True
                continue
            stack.append((m.start(), True))
            last_open = m.start()
        elif kind == "close":
            last_open = None
            if in_values:
                in_values = False
                continue
            if stack:
                start, usable = stack.pop()
                if usable:
                    out.append((start, m.start()))
        else:
            if kind == "iri" or kind == "string":
                last_open = None
    return out


def sparql_text(query: NamedQuery, values: Mapping[str, str] | None = None) -> str:
    """The query with its parameters bound as VALUES blocks: runs as-is in any engine."""
    bound = bindings(query, values or {})
    if not bound:
        return query.text
    text = query.text
    inserts: list[tuple[int, str]] = []
    for start, end in _groups(text):
        block = text[start:end]
        used = [name for name in bound if re.search(rf"[?$]{name}\b", block)]
        if not used:
            continue
        variables = " ".join(f"?{name}" for name in used)
        row = " ".join(sparql_literal(bound[name]) for name in used)
        inserts.append((start + 1, f" VALUES ({variables}) {{ ({row}) }}"))
    for pos, insert in sorted(inserts, reverse=True):
        text = text[:pos] + insert + text[pos:]
    return text


# ----------------------------------------------------------------- typed JSON
_NUMERIC_TYPES = (
    "integer",
    "decimal",
    "double",
    "float",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
)
_NUMERIC = {str(XSD[name]) for name in _NUMERIC_TYPES}


def _type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Literal) and value.datatype is not None:
        if str(value.datatype) in _NUMERIC:
            return "number"
        if value.datatype == XSD.boolean:
            return "boolean"
    return "string"


def _rows_and_types(
    result: Iterable[ResultRow], width: int
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    rows, types = [], []
    for row in result:
        rows.append(tuple(_cell(row[i]) for i in range(width)))
        types.append(tuple(_type_of(row[i]) for i in range(width)))
    return tuple(rows), tuple(types)


def _json_value(cell: str, kind: str) -> object:
    """A cell as JSON: numbers as numbers (integers exactly), booleans, null when unbound."""
    if kind == "null":
        return None
    if kind == "boolean":
        return cell in ("true", "1")
    if kind == "number":
        if re.fullmatch(r"[+-]?\d+", cell):
            return int(cell)
        try:
            number = float(cell)
        except ValueError:
            return cell
        return number if number == number and abs(number) != float("inf") else cell
    return cell


def typed_records(result: QueryResult) -> list[dict[str, object]]:
    """The rows as dicts with JSON types (see :attr:`QueryResult.types`)."""
    out = []
    for i, row in enumerate(result.rows):
        kinds = result.types[i] if i < len(result.types) else ("string",) * len(row)
        out.append(
            {
                col: _json_value(cell, kind)
                for col, cell, kind in zip(result.columns, row, kinds, strict=True)
            }
        )
    return out


# ----------------------------------------------------------------- queries given as text
def from_text(text: str, source: str = "<query text>") -> NamedQuery:
    """A query given on the command line (``-e``) or on stdin (``-``); a header with
    ``# Param:`` lines declares its parameters as a file's would."""
    if not text.strip():
        raise QueryError(f"{source}: the query is empty")
    return NamedQuery("query", Path(source), text, _header_params(text))


def questions(queries_dir: Path = QUERIES_DIR) -> list[tuple[str, str, str]]:
    """(name, question in English, question in Chinese) of every named query."""
    out = []
    for name in available(queries_dir):
        header = load(name, queries_dir).header
        en = re.search(r"^Question \(en\):\s*(.*)$", header, re.M)
        zh = re.search(r"^Question \(zh\):\s*(.*)$", header, re.M)
        out.append((name, en.group(1) if en else "", zh.group(1) if zh else ""))
    return out


def with_numbers(result: QueryResult, numeric: Sequence[str]) -> QueryResult:
    """``result`` with the named columns typed as numbers (for results computed in Python,
    such as the network analytics, so their JSON keeps numbers as numbers)."""
    kinds = tuple("number" if c in numeric else "string" for c in result.columns)
    return QueryResult(result.columns, result.rows, types=tuple(kinds for _ in result.rows))
