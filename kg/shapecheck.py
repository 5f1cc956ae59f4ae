"""The SHACL shapes run as SPARQL on Oxigraph: the same results as pySHACL, at a fraction
of its cost.

pySHACL walks every focus node in Python over rdflib's API (two thirds of a build's time,
and 9 GB for a thousand reports). Here each constraint of ``ontology/shapes.ttl`` becomes
one SPARQL query that returns only the focus nodes (and value nodes) that violate it;
Oxigraph evaluates them in Rust over the whole graph at once. Nested shapes (``sh:or``,
``sh:xone``, ``sh:not``, ``sh:qualifiedValueShape``, ``sh:property`` inside them) become
``EXISTS`` expressions. The results carry what pySHACL's would (severity, source shape,
constraint component, focus, path, value, message), and a test compares the two engines on
every bad fixture and on the seeds.

The SHACL Core subset the shapes use is covered; a shape that uses anything else raises
:class:`UnsupportedShape` (run ``kg validate --engine pyshacl`` then), never a silent pass.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

CLASS_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# constraint parameters this engine understands; anything else on a shape is refused
SELECT_UNBOUND = URIRef("https://w3id.org/bank-kg/def/bkg/shapes#selectUnbound")
"""A SPARQL constraint's query with the solutions of its sh:select for an engine that
starts from every focus node at once (this one), where $this pre-bound (pySHACL) forbids
its form: a subquery that does not return $this."""

_SHAPE_KEYS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.property,
    SH.path,
    SH.sparql,
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.pattern,
    SH.flags,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.lessThan,
    SH.languageIn,
    SH.uniqueLang,
    SH.disjoint,
    SH.equals,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH["or"],
    SH["and"],
    SH.xone,
    SH["not"],
    SH.node,
    SH.deactivated,
}

# well-formed lexical forms of the datatypes a shape may require (pySHACL rejects ill-typed
# literals, SPARQL's DATATYPE() does not look at the lexical form)
_LEXICAL = {
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^\+?[0-9]+$|^-0+$",
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.boolean: r"^(true|false|0|1)$",
}


class UnsupportedShape(Exception):
    """A shape uses a SHACL feature this engine does not translate."""


@dataclass(frozen=True)
class Finding:
    """One violated constraint: what a pySHACL validation result holds."""

    severity: URIRef
    shape: Node
    component: str
    focus: Node
    path: Node | None
    value: Node | None
    messages: tuple[Node, ...]


# ---------------------------------------------------------------- terms


def _sparql(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise UnsupportedShape(f"a blank node {term} where a constant is expected")


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(term)


# ---------------------------------------------------------------- compiling


class _Compiler:
    """Shapes (an rdflib graph) to SPARQL: targets, conformance expressions, checks."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._names = itertools.count()
        self.prefixes = self._prefixes()

    def var(self) -> str:
        return f"?v{next(self._names)}"

    def _prefixes(self) -> str:
        lines = []
        for decl in sorted(self.shapes.objects(None, SH.declare), key=str):
            prefix = self.shapes.value(decl, SH.prefix)
            namespace = self.shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def one(self, shape: Node, key: URIRef) -> Node | None:
        return self.shapes.value(shape, key)

    def check_keys(self, shape: Node) -> None:
        unknown = set(self.shapes.predicates(shape, None)) - _SHAPE_KEYS
        if unknown:
            names = ", ".join(sorted(str(u) for u in unknown))
            raise UnsupportedShape(f"shape {shape}: {names} not supported by the SPARQL engine")
        if self.one(shape, SH.deactivated) not in (None, Literal(False)):
            raise UnsupportedShape(f"shape {shape}: sh:deactivated not supported")

    # ------------------------------------------------------------ paths and targets
    def path(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return f"<{path}>"
        inverse = self.one(path, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        if (path, RDF.first, None) in self.shapes:
            return "/".join(f"({self.path(step)})" for step in self.items(path))
        raise UnsupportedShape(f"path {path}: only IRIs, sequences and inverse paths")

    def targets(self, shape: Node, focus: str = "?this") -> str | None:
        """A group pattern binding ``focus`` to each distinct focus node, or None."""
        parts = []
        for c in self.shapes.objects(shape, SH.targetClass):
            parts.append(f"{focus} {CLASS_PATH} {_sparql(c)} .")
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{focus} {_sparql(p)} [] .")
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"[] {_sparql(p)} {focus} .")
        for target in self.shapes.objects(shape, SH.target):
            select = self.one(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in self.shapes or select is None:
                raise UnsupportedShape(f"shape {shape}: only SPARQL targets with sh:select")
            parts.append("{ " + str(select).replace("$this", focus) + " }")
        if not parts:
            return None
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return f"{{ SELECT DISTINCT {focus} WHERE {{ {union} }} }}"

    # ------------------------------------------------------------ value conditions
    def value_fails(self, shape: Node, key: URIRef, param: Node, v: str) -> str:
        """A group pattern that keeps the solutions whose value node ``v`` (bound before
        it) breaks the one-value constraint. sh:class is a MINUS of the class's members:
        Oxigraph finds them once for the query, where FILTER (!EXISTS ...) walks the class
        path again for every value (the same solutions: ``v`` is the one variable the two
        sides share, and it is always bound)."""
        if key == SH["class"]:
            return f"MINUS {{ {v} {CLASS_PATH} {_sparql(param)} }}"
        return f"FILTER (!{self.value_ok(shape, key, param, v)})"

    def value_ok(self, shape: Node, key: URIRef, param: Node, v: str) -> str:
        """A SPARQL expression: value node ``v`` satisfies the one-value constraint."""
        if key == SH["class"]:
            return f"EXISTS {{ {v} {CLASS_PATH} {_sparql(param)} }}"
        if key == SH.datatype:
            test = f"(isLiteral({v}) && DATATYPE({v}) = {_sparql(param)}"
            lexical = _LEXICAL.get(param)  # type: ignore[call-overload]
            if lexical is not None:
                test += f" && REGEX(STR({v}), {Literal(lexical).n3()})"
            return test + ")"
        if key == SH.nodeKind:
            return {
                SH.IRI: f"isIRI({v})",
                SH.BlankNode: f"isBlank({v})",
                SH.Literal: f"isLiteral({v})",
                SH.BlankNodeOrIRI: f"(isIRI({v}) || isBlank({v}))",
                SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
                SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
            }[param]  # type: ignore[index]
        if key == SH["in"]:
            members = [f"sameTerm({v}, {_sparql(m)})" for m in self.items(param)]
            return "(" + (" || ".join(members) or "false") + ")"
        if key == SH.pattern:
            flags = self.one(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(param)).n3()}{extra}))"
        if key in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            op = {
                SH.minInclusive: ">=",
                SH.maxInclusive: "<=",
                SH.minExclusive: ">",
                SH.maxExclusive: "<",
            }[key]
            return f"COALESCE({v} {op} {_sparql(param)}, false)"
        if key in (SH.minLength, SH.maxLength):
            op = ">=" if key == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(param)})"  # type: ignore[call-overload]
        if key == SH.languageIn:
            langs = ", ".join(Literal(str(t).lower()).n3() for t in self.items(param))
            return (
                f"(isLiteral({v}) && LANG({v}) != '' && (LCASE(LANG({v})) IN ({langs}) || "
                f"LCASE(STRBEFORE(LANG({v}), '-')) IN ({langs})))"
            )
        if key == SH.node:
            return self.conforms(param, v)
        if key == SH["or"]:
            return "(" + " || ".join(self.conforms(m, v) for m in self.items(param)) + ")"
        if key == SH["and"]:
            return "(" + " && ".join(self.conforms(m, v) for m in self.items(param)) + ")"
        if key == SH.xone:
            counts = " + ".join(f"IF({self.conforms(m, v)}, 1, 0)" for m in self.items(param))
            return f"(({counts}) = 1)"
        if key == SH["not"]:
            return f"(!{self.conforms(param, v)})"
        raise UnsupportedShape(f"{key} is not a value constraint")

    VALUE_KEYS = (
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH["in"],
        SH.pattern,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minExclusive,
        SH.maxExclusive,
        SH.minLength,
        SH.maxLength,
        SH.languageIn,
        SH.node,
        SH["or"],
        SH["and"],
        SH.xone,
        SH["not"],
    )

    def conforms(self, shape: Node, focus: str) -> str:
        """A SPARQL expression: node ``focus`` conforms to ``shape`` (all its constraints)."""
        self.check_keys(shape)
        if self.one(shape, SH.sparql) is not None:
            raise UnsupportedShape(f"shape {shape}: sh:sparql inside a logical constraint")
        path = self.one(shape, SH.path)
        tests = []
        if path is None:
            for key in self.VALUE_KEYS:
                for param in self.shapes.objects(shape, key):
                    tests.append(self.value_ok(shape, key, param, focus))
            for prop in self.shapes.objects(shape, SH.property):
                tests.append(self.conforms(prop, focus))
            return "(" + (" && ".join(tests) or "true") + ")"
        step = self.path(path)
        for key in self.VALUE_KEYS:
            for param in self.shapes.objects(shape, key):
                v = self.var()
                ok = self.value_ok(shape, key, param, v)
                tests.append(f"NOT EXISTS {{ {focus} {step} {v} . FILTER (!{ok}) }}")
        low = self.one(shape, SH.minCount)
        if low is not None and int(low) > 0:  # type: ignore[call-overload]
            if int(low) != 1:  # type: ignore[call-overload]
                raise UnsupportedShape(f"shape {shape}: nested sh:minCount other than 1")
            tests.append(f"EXISTS {{ {focus} {step} [] }}")
        high = self.one(shape, SH.maxCount)
        if high is not None:
            if int(high) != 1:  # type: ignore[call-overload]
                raise UnsupportedShape(f"shape {shape}: nested sh:maxCount other than 1")
            a, b = self.var(), self.var()
            tests.append(
                f"NOT EXISTS {{ {focus} {step} {a} . {focus} {step} {b} . FILTER ({a} != {b}) }}"
            )
        for value in self.shapes.objects(shape, SH.hasValue):
            tests.append(f"EXISTS {{ {focus} {step} {_sparql(value)} }}")
        for key in (SH.qualifiedValueShape, SH.uniqueLang, SH.lessThan, SH.disjoint, SH.equals):
            if self.one(shape, key) is not None:
                raise UnsupportedShape(f"shape {shape}: nested {key}")
        for prop in self.shapes.objects(shape, SH.property):
            v = self.var()
            tests.append(
                f"NOT EXISTS {{ {focus} {step} {v} . FILTER (!{self.conforms(prop, v)}) }}"
            )
        return "(" + (" && ".join(tests) or "true") + ")"


# ---------------------------------------------------------------- checks


@dataclass(frozen=True)
class _Check:
    """One query; each solution is one result of ``component`` from ``shape``."""

    shape: Node
    component: str
    query: str
    path: Node | None
    value_var: str | None  # the variable holding the value node; None: no sh:value
    severity: URIRef
    messages: tuple[Node, ...]
    template: bool = False  # messages are SPARQL-constraint templates ({?var})
    counts: tuple[tuple[str, str, int], ...] = ()
    """A count check: (component, "<" or ">", bound) of each constraint on the number of
    values (?count) of one path; a solution is a result of each constraint it breaks."""
    targets: str = ""
    step: str = ""
    """A count check's targets (a group pattern binding ?this) and path (SPARQL)."""
    parts: tuple[_Check, ...] = ()
    """The count checks of one query counting the values of each (?count0, ?count1...)
    of the same targets: :func:`_merged_counts`."""


def _severity(shapes: Graph, shape: Node) -> URIRef:
    level = shapes.value(shape, SH.severity)
    return level if isinstance(level, URIRef) else SH.Violation


def compile_checks(shapes: Graph) -> list[_Check]:
    """Every constraint of every targeted node shape, with its property shapes, as queries."""
    c = _Compiler(shapes)
    checks: list[_Check] = []
    node_shapes = sorted(
        {
            s
            for key in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
            for s in shapes.subjects(key, None)
        },
        key=str,
    )
    for shape in node_shapes:
        c.check_keys(shape)
        targets = c.targets(shape)
        assert targets is not None
        if c.one(shape, SH.path) is not None:
            checks.extend(_property_checks(c, shape, shape, targets))
            continue
        severity = _severity(shapes, shape)
        messages = tuple(shapes.objects(shape, SH.message))
        for key in c.VALUE_KEYS:
            for param in shapes.objects(shape, key):
                fails = c.value_fails(shape, key, param, "?this")
                query = f"SELECT ?this WHERE {{ {targets} {fails} }}"
                checks.append(
                    _Check(shape, _component(key), query, None, "?this", severity, messages)
                )
        for constraint in shapes.objects(shape, SH.sparql):
            # the constraint's query for an engine that does not pre-bind $this, if it
            # has one (the same solutions: see ontology/shapes.ttl)
            select = str(
                shapes.value(constraint, SELECT_UNBOUND)
                or shapes.value(constraint, SH.select)
                or ""
            )
            if not select:
                raise UnsupportedShape(f"shape {shape}: a SPARQL constraint without sh:select")
            text = select.replace("$this", "?this")
            where = text.upper().index("WHERE")
            head = text[:where].strip()
            body = text[text.index("{", where) : text.rindex("}") + 1]
            query = f"{head} WHERE {{ {targets} {body} }}"
            own = tuple(shapes.objects(constraint, SH.message)) or messages
            checks.append(
                _Check(shape, "SPARQL", query, None, "?this", severity, own, template=True)
            )
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks.extend(_property_checks(c, prop, shape, targets))
    return _merged_counts(checks)


def _merged_counts(checks: list[_Check]) -> list[_Check]:
    """The count checks of paths that may have at most one value, of the same targets,
    made one query (in place of the first): the targets are found, grouped and walked
    once, not once per path (the properties of an observation, of a span: a third less
    time for the count checks). Each path's values are counted apart (an OPTIONAL and a
    COUNT of its own), so the counts are those of the separate queries; only paths with
    sh:maxCount 1 or 0 are merged, as the OPTIONALs multiply the rows of a focus by the
    number of values of each path (one for a node that conforms)."""
    groups: dict[str, list[int]] = {}
    for i, check in enumerate(checks):
        if check.targets and any(op == ">" and n <= 1 for _, op, n in check.counts):
            groups.setdefault(check.targets, []).append(i)
    merged: dict[int, _Check] = {}
    for targets, members in groups.items():
        if len(members) < 2:
            continue
        parts = tuple(checks[i] for i in members)
        counts = " ".join(f"(COUNT(DISTINCT ?value{i}) AS ?count{i})" for i in range(len(parts)))
        walks = " ".join(f"OPTIONAL {{ ?this {p.step} ?value{i} }}" for i, p in enumerate(parts))
        having = " || ".join(
            f"COUNT(DISTINCT ?value{i}) {op} {n}"
            for i, p in enumerate(parts)
            for _, op, n in p.counts
        )
        query = (
            f"SELECT ?this {counts} WHERE {{ {targets} {walks} }} GROUP BY ?this HAVING ({having})"
        )
        first = parts[0]
        merged[members[0]] = replace(first, component="Count", query=query, parts=parts)
        merged.update({i: merged[members[0]] for i in members[1:]})
    out: list[_Check] = []
    for i, check in enumerate(checks):
        if i not in merged:
            out.append(check)
        elif merged[i].parts[0] is check:
            out.append(merged[i])
    return out


def _component(key: URIRef) -> str:
    name = str(key).rsplit("#", 1)[-1]
    return name[0].upper() + name[1:]


def _property_checks(c: _Compiler, prop: Node, holder: Node, targets: str) -> Iterator[_Check]:
    shapes = c.shapes
    c.check_keys(prop)
    path_node = c.one(prop, SH.path)
    if path_node is None:
        raise UnsupportedShape(f"property shape {prop} of {holder} has no sh:path")
    step = c.path(path_node)
    severity = _severity(shapes, prop)
    messages = tuple(shapes.objects(prop, SH.message))

    def check(
        component: str, where: str, value_var: str | None, extra: str = "", tail: str = ""
    ) -> _Check:
        select = "DISTINCT ?this" + (f" {value_var}" if value_var else "") + extra
        return _Check(
            prop,
            component,
            f"SELECT {select} WHERE {{ {targets} {where} }} {tail}".strip(),
            path_node,
            value_var,
            severity,
            messages,
        )

    for key in c.VALUE_KEYS:
        for param in shapes.objects(prop, key):
            fails = c.value_fails(prop, key, param, "?value")
            yield check(_component(key), f"?this {step} ?value . {fails}", "?value")
    # sh:minCount and sh:maxCount of a path: one query counts its values (the targets
    # and the path walked once, not once per constraint)
    counts: list[tuple[str, str, int]] = []
    low = c.one(prop, SH.minCount)
    if low is not None and int(low) > 0:  # type: ignore[call-overload]
        counts.append(("MinCount", "<", int(low)))  # type: ignore[call-overload]
    high = c.one(prop, SH.maxCount)
    if high is not None:
        counts.append(("MaxCount", ">", int(high)))  # type: ignore[call-overload]
    if counts:
        having = " || ".join(f"COUNT(DISTINCT ?value) {op} {n}" for _, op, n in counts)
        found = check(
            counts[0][0],
            f"OPTIONAL {{ ?this {step} ?value }}",
            None,
            " (COUNT(DISTINCT ?value) AS ?count)",
            tail=f"GROUP BY ?this HAVING ({having})",
        )
        yield replace(found, counts=tuple(counts), targets=targets, step=step)
    for value in shapes.objects(prop, SH.hasValue):
        yield check("HasValue", f"FILTER NOT EXISTS {{ ?this {step} {_sparql(value)} }}", None)
    for other in shapes.objects(prop, SH.lessThan):
        yield check(
            "LessThan",
            f"?this {step} ?value . ?this {_sparql(other)} ?other . "
            "FILTER (!(isLiteral(?value) && isLiteral(?other) && "
            "COALESCE(?value < ?other, false)))",
            "?value",
            " ?other",
        )
    for other in shapes.objects(prop, SH.disjoint):
        yield check(
            "Disjoint", f"?this {step} ?value . ?this {_sparql(other)} ?value .", "?value", ""
        )
    for other in shapes.objects(prop, SH.equals):
        raise UnsupportedShape(f"property shape {prop}: sh:equals ({other})")
    unique = c.one(prop, SH.uniqueLang)
    if unique is not None and unique.toPython() is True:  # type: ignore[attr-defined]
        yield check(
            "UniqueLang",
            f"?this {step} ?a . ?this {step} ?b . "
            "FILTER (isLiteral(?a) && isLiteral(?b) && !sameTerm(?a, ?b) && LANG(?a) != '' && "
            "LCASE(LANG(?a)) = LCASE(LANG(?b))) BIND (LCASE(LANG(?a)) AS ?lang)",
            None,
            " ?lang",
        )
    qualified = c.one(prop, SH.qualifiedValueShape)
    if qualified is not None:
        ok = c.conforms(qualified, "?value")
        where = f"OPTIONAL {{ ?this {step} ?value . FILTER ({ok}) }}"
        having = "GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {} {})"
        low = c.one(prop, SH.qualifiedMinCount)
        if low is not None:
            yield check("QualifiedMinCount", where, None, tail=having.format("<", int(low)))  # type: ignore[call-overload]
        high = c.one(prop, SH.qualifiedMaxCount)
        if high is not None:
            yield check("QualifiedMaxCount", where, None, tail=having.format(">", int(high)))  # type: ignore[call-overload]
    if c.one(prop, SH.sparql) is not None:
        raise UnsupportedShape(f"property shape {prop}: sh:sparql on a property shape")
    for nested in shapes.objects(prop, SH.property):
        raise UnsupportedShape(f"property shape {prop}: nested sh:property {nested}")


# ---------------------------------------------------------------- running


def _format(message: Node, row: ox.QuerySolution, names: Iterable[str]) -> Node:
    """A SPARQL constraint's message with ``{?var}`` replaced by the lexical form of each
    bound variable, as pySHACL writes it."""
    if not isinstance(message, Literal):
        return message
    text = str(message)
    for name in names:
        value = row[name]
        if value is not None:
            for sigil in "?$":
                text = text.replace("{" + sigil + name + "}", value.value)
    return Literal(text, lang=message.language) if message.language else Literal(text)


def _variables(query: str) -> list[str]:
    head = query[: query.upper().index("WHERE")]
    return [name for name in re.findall(r"[?$](\w+)", head)]


def run_checks(
    store: ox.Store, checks: Iterable[_Check], prefixes: str, graphs: list | None = None
) -> list[Finding]:
    """Every check run on ``store`` (its default graph, or the union of ``graphs``)."""
    findings: list[Finding] = []
    for check in checks:
        query = check.query
        text = f"{prefixes}\n{query}"
        try:
            solutions = store.query(text, default_graph=graphs) if graphs else store.query(text)
        except (SyntaxError, OSError, ValueError) as exc:
            raise UnsupportedShape(f"{check.shape} ({check.component}): {exc}") from exc
        names = _variables(query)
        for row in solutions:  # type: ignore[union-attr]
            focus = _to_rdflib(row["this"])
            assert focus is not None
            if check.parts:
                for i, part in enumerate(check.parts):
                    findings.extend(_counted(part, focus, int(row[f"count{i}"].value)))
                continue
            if check.counts:
                findings.extend(_counted(check, focus, int(row["count"].value)))
                continue
            value = _to_rdflib(row[check.value_var.lstrip("?")]) if check.value_var else None
            messages = check.messages
            if check.template:
                messages = tuple(_format(m, row, ["this", *names]) for m in messages)
            findings.append(
                Finding(
                    check.severity,
                    check.shape,
                    check.component,
                    focus,
                    check.path,
                    value,
                    messages,
                )
            )
    return findings


def _counted(check: _Check, focus: Node, count: int) -> Iterator[Finding]:
    """A result of each of a count check's constraints that ``count`` values break."""
    for component, op, bound in check.counts:
        if count < bound if op == "<" else count > bound:
            yield Finding(
                check.severity, check.shape, component, focus, check.path, None, check.messages
            )
