"""Validation: check a graph against the SHACL shapes of the ontology, the pySHACL way.

``validate(graph)`` runs pySHACL over the instance graph mixed with the TBox
(``ontology/bkg.ttl``) and the units (``ontology/units.ttl``), so that ``sh:class``
sees the class hierarchy (a ``bkg:Bank`` is a ``bkg:ReportedEntity``) without RDFS
inference. It returns a :class:`ValidationReport`; ``format_report`` turns it into text.

Why the graph is copied into a fresh Oxigraph store first: pySHACL runs every
SHACL-SPARQL constraint once per focus node, and rdflib's own SPARQL engine applies
``$this`` only after evaluating the whole query (seconds per span on a build). Oxigraph
binds it up front. pySHACL also asks for the graph's size each time it describes a
result, which an Oxigraph store answers by counting every quad, so the copy caches its
size. The caller's graph is never modified.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH
from rdflib.term import Node

import kg
from kg.graphio import GraphError, triple_count
from kg.vocab import BKG, OA

ONTOLOGY_DIR = kg.ONTOLOGY_DIR
SHAPES_NS = "https://w3id.org/bank-kg/def/bkg/shapes#"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class ValidationError(GraphError):
    """The shapes or the ontology cannot be read, or pySHACL failed; the message says which."""


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with the evidence of its focus node when the graph has it.

    ``shape`` is the IRI of the shape that produced it (for an anonymous property shape,
    the IRI of the node shape that holds it; ``path`` then tells them apart); ``constraint``
    is the constraint component's local name without ``ConstraintComponent`` (``MinCount``,
    ``SPARQL``, ``Or`` ...). ``quote`` is the sentence the focus node was extracted from and
    ``document`` that sentence's file name.
    """

    severity: str
    shape: str
    constraint: str
    focus: str
    path: str | None
    value: str | None
    message: str
    quote: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation: conforms when there is no violation (warnings allowed)."""

    conforms: bool
    violations: int
    warnings: int
    results: tuple[ValidationResult, ...]
    triples: int
    seconds: float

    def by_shape(self) -> Counter[tuple[str, str]]:
        """How many results each (severity, shape) produced."""
        return Counter((r.severity, r.shape) for r in self.results)


class _SizedGraph(Graph):
    """An Oxigraph-backed graph whose size is counted once, not at every ``len()``."""

    _size: int | None = None

    def __len__(self) -> int:
        if self._size is None:
            self._size = super().__len__()
        return self._size

    def __bool__(self) -> bool:
        return True

    def add(self, triple):
        self._size = None
        return super().add(triple)

    def addN(self, quads):
        self._size = None
        return super().addN(quads)

    def remove(self, triple):
        self._size = None
        return super().remove(triple)


def _parse(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        if not path.exists():
            raise ValidationError(f"{path}: missing; the ontology folder must hold it")
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # the Turtle parser raises many types
            first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            raise ValidationError(f"{path}: not valid Turtle ({first})") from exc
    return graph


@lru_cache(maxsize=8)
def _cached(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> Graph:
    return _parse(paths)


def _load(paths: tuple[Path, ...]) -> Graph:
    stamps = tuple(p.stat().st_mtime if p.exists() else 0.0 for p in paths)
    return _cached(paths, stamps)


def load_ontology(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    """The TBox and the units, parsed once per file version. Do not modify the result."""
    return _load((ontology_dir / "bkg.ttl", ontology_dir / "units.ttl"))


def load_shapes(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    """The SHACL shapes, parsed once per file version. Do not modify the result."""
    return _load((ontology_dir / "shapes.ttl",))


_TARGETS = {
    SH.targetClass: "?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{}> .",
    SH.targetSubjectsOf: "?this <{}> [] .",
    SH.targetObjectsOf: "[] <{}> ?this .",
}
_NOT_CONSTRAINTS = {
    RDF.type,
    RDFS.label,
    SH.sparql,
    SH.message,
    SH.severity,
    *_TARGETS,
}


def prefiltered(shapes: Graph) -> Graph:
    """A copy of the shapes in which each SPARQL-only shape finds its focus nodes in one query.

    pySHACL runs a SPARQL constraint once per focus node (thousands of spans). A node shape
    whose only constraint is one ``sh:sparql`` SELECT gets, instead of its class or
    property targets, a SHACL-AF ``sh:SPARQLTarget`` made of those targets and the
    constraint's own query: only the nodes that will fail are visited, and the constraint
    still reports them with its message. Same results; shapes.ttl itself stays plain
    SHACL-SPARQL, portable to engines without SHACL-AF.
    """
    out = Graph()
    for triple in shapes:
        out.add(triple)
    for shape in set(shapes.subjects(SH.sparql, None)):
        constraints = list(shapes.objects(shape, SH.sparql))
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(shape, p)]
        if len(constraints) != 1 or not targets:
            continue
        if set(shapes.predicates(shape, None)) - _NOT_CONSTRAINTS:
            continue
        select = shapes.value(constraints[0], SH.select)
        if select is None:
            continue
        text = str(select).replace("$this", "?this")
        body = text[text.index("{", text.upper().index("WHERE")) : text.rindex("}") + 1]
        patterns = " UNION ".join("{ " + _TARGETS[p].format(o) + " }" for p, o in targets)
        target = BNode()
        for p, _ in targets:
            out.remove((shape, p, None))
        out.add((shape, SH.target, target))
        out.add((target, RDF.type, SH.SPARQLTarget))
        out.add(
            (target, SH.select, Literal(f"SELECT DISTINCT ?this WHERE {{ {patterns} {body} }}"))
        )
        for prefixes in shapes.objects(constraints[0], SH.prefixes):
            out.add((target, SH.prefixes, prefixes))
    return out


def _mixed(data_graph: Graph, ontology: Graph) -> _SizedGraph:
    mixed = _SizedGraph(store="Oxigraph")
    mixed.addN((s, p, o, mixed) for s, p, o in data_graph)
    mixed.addN((s, p, o, mixed) for s, p, o in ontology)
    return mixed


ENGINES = ("sparql", "pyshacl")


def validate(
    data_graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    ontology_dir: Path = ONTOLOGY_DIR,
    prefilter: bool = True,
    engine: str = "sparql",
    workers: int = 1,
) -> ValidationReport:
    """Validate ``data_graph`` against the shapes; raises :class:`ValidationError` on failure.

    ``shapes`` and ``ontology`` default to ``shapes.ttl`` and ``bkg.ttl`` + ``units.ttl``
    in ``ontology_dir``. The ontology is mixed into the data (no inference), so
    ``sh:class`` follows ``rdfs:subClassOf``. ``engine`` ``sparql`` runs each constraint
    as one SPARQL query on Oxigraph (:mod:`kg.shapecheck`); ``pyshacl`` runs pySHACL, the
    reference (slower; its SPARQL-only shapes are :func:`prefiltered` unless ``prefilter``
    is False). Both give the same report. Warnings never make the graph non-conforming.
    With ``workers`` > 1 the SPARQL engine's queries are shared by that many processes
    forked with the graph (same report).
    """
    pending = start_validation(
        data_graph,
        shapes=shapes,
        ontology=ontology,
        ontology_dir=ontology_dir,
        prefilter=prefilter,
        engine=engine,
        workers=workers,
    )
    return pending.report()


class PendingValidation:
    """A validation under way (:func:`start_validation`): :meth:`report` waits for it."""

    def __init__(
        self, finish: Callable[[], list[ValidationResult]], triples: int, started: float
    ) -> None:
        self._finish: Callable[[], list[ValidationResult]] | None = finish
        self._triples = triples
        self._started = started
        self._report: ValidationReport | None = None

    def report(self) -> ValidationReport:
        """The report, once every check has run (raises :class:`ValidationError`)."""
        if self._report is None:
            assert self._finish is not None, "a validation that failed has no report"
            finish, self._finish = self._finish, None
            found = finish()
            results = tuple(
                sorted(
                    found,
                    key=lambda r: (
                        _ORDER.get(r.severity, 3),
                        r.shape,
                        r.focus,
                        r.path or "",
                        r.value or "",
                        r.message,
                    ),
                )
            )
            violations = sum(r.severity == "Violation" for r in results)
            warnings = sum(r.severity == "Warning" for r in results)
            self._report = ValidationReport(
                conforms=violations == 0,
                violations=violations,
                warnings=warnings,
                results=results,
                triples=self._triples,
                seconds=time.perf_counter() - self._started,
            )
        return self._report

    def cancel(self) -> None:
        """Stop the workers of a validation whose report will not be asked for."""
        if self._finish is not None:
            finish, self._finish = self._finish, None
            with contextlib.suppress(ValidationError):
                finish()


def start_validation(
    data_graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    ontology_dir: Path = ONTOLOGY_DIR,
    prefilter: bool = True,
    engine: str = "sparql",
    workers: int = 1,
) -> PendingValidation:
    """:func:`validate`, begun: with the SPARQL engine and ``workers`` > 1 the worker
    processes are forked and handed their checks before this returns, and this process
    may meanwhile do work that leaves the graph as it is (write it out: the cores are
    used while the last, longest checks run); :meth:`PendingValidation.report` waits for
    them. Otherwise the whole validation runs here."""
    if engine not in ENGINES:
        choices = ", ".join(ENGINES)
        raise ValidationError(f"unknown validation engine {engine!r}; use one of {choices}")
    shapes = shapes if shapes is not None else load_shapes(ontology_dir)
    ontology = ontology if ontology is not None else load_ontology(ontology_dir)
    started = time.perf_counter()
    finish: Callable[[], list[ValidationResult]]
    if engine == "sparql":
        finish = _sparql_results(data_graph, shapes, ontology, workers)
    else:
        found = _pyshacl_results(data_graph, shapes, ontology, prefilter)
        finish = lambda: found  # noqa: E731
    return PendingValidation(finish, triple_count(data_graph), started)


def _pyshacl_results(
    data_graph: Graph, shapes: Graph, ontology: Graph, prefilter: bool
) -> list[ValidationResult]:
    from pyshacl import validate as shacl_validate

    mixed = _mixed(data_graph, ontology)
    try:
        _, report_graph, _ = shacl_validate(
            mixed,
            shacl_graph=prefiltered(shapes) if prefilter else shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
    except Exception as exc:  # pySHACL's errors (shape syntax, SPARQL) share no base class
        raise ValidationError(f"SHACL validation failed: {exc}") from exc
    return [_result(report_graph, node, shapes, mixed) for node in _result_nodes(report_graph)]


_ONTOLOGY_GRAPH = "urn:x-bank-kg:validation:ontology"


@lru_cache(maxsize=8)
def _compiled(shapes: Graph) -> tuple[tuple, str]:
    from kg.shapecheck import _Compiler, compile_checks

    return tuple(compile_checks(shapes)), _Compiler(shapes).prefixes


_CHECKING: tuple | None = None
"""The store and checks the forked validation workers read (:func:`_run_forked`)."""


def _run_one(index: int) -> list:
    from kg.shapecheck import run_checks

    assert _CHECKING is not None, "validation workers are forked after _CHECKING is set"
    store, checks, prefixes, graphs = _CHECKING
    return run_checks(store, [checks[index]], prefixes, graphs)


def _run_forked(
    store: Any, checks: tuple, prefixes: str, graphs: list, workers: int
) -> Callable[[], list]:
    """:func:`kg.shapecheck.run_checks` with the checks shared by ``workers`` processes
    forked with the store (nothing is copied to them but each check's number), begun:
    every worker is forked and every check handed out before this returns. The function
    returned waits for the findings, in the order of the checks, as one process gives them."""
    from kg.forkpool import can_fork, fork_pool

    global _CHECKING
    if not can_fork():  # a store cannot be sent to a process that starts anew
        from kg.shapecheck import run_checks

        findings = run_checks(store, checks, prefixes, graphs)
        return lambda: findings

    _CHECKING = (store, checks, prefixes, graphs)
    pool = fork_pool(workers)  # every worker forked before it returns, in this thread
    try:
        futures = [pool.submit(_run_one, index) for index in range(len(checks))]
    except BaseException:
        pool.shutdown(cancel_futures=True)
        _CHECKING = None
        raise

    def wait() -> list:
        global _CHECKING
        try:
            return [f for future in futures for f in future.result()]
        finally:
            pool.shutdown(cancel_futures=True)
            _CHECKING = None

    return wait


def _sparql_findings(
    data_graph: Graph,
    shapes: Graph,
    ontology: Graph,
    workers: int = 1,
    private: bool = False,
) -> Callable[[], list]:
    """The shapes run as SPARQL on the graph's own Oxigraph store when it has one (the
    ontology added for the run in a named graph of its own, removed after), else on a copy;
    begun (see :func:`_run_forked`), the function returned gives the findings.

    When the store is this validation's own (``private``: no one else reads it meanwhile)
    or a copy, the ontology's triples the graph lacks are added to the graph itself and
    removed after: the queries then read one graph, not the union of two (12-15% less
    time over a build's graph, the same solutions: the union of the two is the graph
    with the ontology's triples added)."""
    import pyoxigraph as ox

    from kg.shapecheck import UnsupportedShape, _to_ox, run_checks

    try:
        checks, prefixes = _compiled(shapes)
    except UnsupportedShape as exc:
        raise ValidationError(f"{exc}; run with the pyshacl engine") from exc
    inner = getattr(data_graph.store, "_inner", None)
    onto = ox.NamedNode(_ONTOLOGY_GRAPH)
    graphs: list[Any]
    name: Any
    if isinstance(inner, ox.Store) and private:
        store = inner
        name = _to_ox(data_graph.identifier)
    elif isinstance(inner, ox.Store) and not inner.contains_named_graph(onto):
        store = inner
        name = onto
        graphs = [_to_ox(data_graph.identifier), onto]
    else:
        store = ox.Store()
        name = ox.DefaultGraph()
        store.extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in data_graph)  # type: ignore[arg-type]
    quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), name) for s, p, o in ontology]  # type: ignore[arg-type]
    if name != onto:  # into the graph itself: what it lacks, taken out again after
        graphs = [name]
        quads = [q for q in quads if q not in store]
    store.extend(quads)

    def restore() -> None:
        if name == onto:
            store.remove_graph(onto)
        else:
            for quad in quads:
                store.remove(quad)

    try:
        if workers > 1 and len(checks) > 1:
            wait = _run_forked(store, checks, prefixes, graphs, workers)
        else:
            found = run_checks(store, checks, prefixes, graphs)
            wait = lambda: found  # noqa: E731
    except UnsupportedShape as exc:
        restore()
        raise ValidationError(f"SHACL validation failed: {exc}") from exc
    except BaseException:
        restore()
        raise

    def finish() -> list:
        try:
            findings = wait()
        except UnsupportedShape as exc:
            raise ValidationError(f"SHACL validation failed: {exc}") from exc
        finally:
            restore()
        return findings

    return finish


def _sparql_results(
    data_graph: Graph, shapes: Graph, ontology: Graph, workers: int = 1
) -> Callable[[], list[ValidationResult]]:
    """:func:`_sparql_findings` as results, with the evidence of each focus node."""
    wait = _sparql_findings(data_graph, shapes, ontology, workers)
    return lambda: [_as_result(f, data_graph, shapes) for f in wait()]


def _as_result(
    f: Any, data_graph: Graph, shapes: Graph, evidence: tuple[str | None, str | None] | None = None
) -> ValidationResult:
    """A finding of :mod:`kg.shapecheck` as a result, with the evidence of its focus node
    (found in ``data_graph`` unless given)."""
    quote, document = evidence or _provenance(data_graph, f.focus, f.path, f.value)
    return ValidationResult(
        severity=SEVERITIES.get(f.severity, "Violation"),
        shape=_shape_name(shapes, f.shape),
        constraint=f.component,
        focus=str(f.focus),
        path=_text(f.path) if isinstance(f.path, URIRef) else None,
        value=_text(f.value) if f.value is not None and f.value != f.focus else None,
        message=_pick_message(list(f.messages)) or f"{f.component} constraint not met",
        quote=quote,
        document=document,
    )


def _result_nodes(report_graph: Graph) -> list[Node]:
    return list(report_graph.subjects(RDF.type, SH.ValidationResult))


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _message(report_graph: Graph, node: Node) -> str:
    return _pick_message(list(report_graph.objects(node, SH.resultMessage)))


def _pick_message(messages: list) -> str:
    english = [m for m in messages if isinstance(m, Literal) and (m.language or "en") == "en"]
    chosen = english or messages
    return str(sorted(chosen, key=str)[0]) if chosen else ""


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The shape's IRI; for an anonymous property shape, the IRI of the node shape holding it."""
    seen: set[Node] = set()
    while shape is not None and not isinstance(shape, URIRef) and shape not in seen:
        seen.add(shape)
        shape = next(iter(sorted(shapes.subjects(SH.property, shape), key=str)), None)
    return str(shape) if isinstance(shape, URIRef) else "(anonymous shape)"


def _result(report_graph: Graph, node: Node, shapes: Graph, data: Graph) -> ValidationResult:
    level = report_graph.value(node, SH.resultSeverity)
    severity = SEVERITIES.get(level, "Violation") if isinstance(level, URIRef) else "Violation"
    shape = report_graph.value(node, SH.sourceShape)
    path = report_graph.value(node, SH.resultPath)
    component = str(report_graph.value(node, SH.sourceConstraintComponent) or "")
    focus = report_graph.value(node, SH.focusNode)
    value = report_graph.value(node, SH.value)
    quote, document = _provenance(data, focus, path, value)
    return ValidationResult(
        severity=severity,
        shape=_shape_name(shapes, shape),
        constraint=component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        focus=str(focus),
        path=_text(path) if isinstance(path, URIRef) else None,
        value=_text(value) if value != focus else None,
        message=_message(report_graph, node),
        quote=quote,
        document=document,
    )


# ---------------------------------------------------------------- provenance of a focus node


def _spans_of(
    graph: Graph, focus: Node | None, path: Node | None, value: Node | None
) -> tuple[int, list[Node]]:
    """The text spans that a focus node was extracted from, best first, and which of the
    ways below found them (1-6; 7: none)."""
    if focus is None or isinstance(focus, Literal):
        return 7, []
    if (focus, OA.hasSelector, None) in graph:
        return 1, [focus]
    holders = list(graph.subjects(OA.hasSelector, focus))
    if holders:
        return 2, holders
    derived = [
        s for s in graph.objects(focus, PROV.wasDerivedFrom) if (s, OA.hasSelector, None) in graph
    ]
    if derived:
        return 3, derived
    if isinstance(path, URIRef) and value is not None:
        for stmt in graph.subjects(RDF.subject, focus):
            if (stmt, RDF.predicate, path) in graph and (stmt, RDF.object, value) in graph:
                found = list(graph.objects(stmt, PROV.wasDerivedFrom))
                if found:
                    return 4, found
    mentions = list(graph.subjects(BKG.denotes, focus))
    if mentions:
        return 5, mentions
    # every node that points at the focus, not the first one a store happens to list:
    # the earliest span of them all is the same whatever the store's order
    users = [
        s
        for user in set(graph.subjects(None, focus))
        for s in graph.objects(user, PROV.wasDerivedFrom)
        if (s, OA.hasSelector, None) in graph
    ]
    return (6, users) if users else (7, [])


def _first(graph: Graph, node: Node, predicate: URIRef) -> Node | None:
    """The value of a property, the least by its text when a (faulty) node has two: the
    same whatever order the store lists them in."""
    return min(graph.objects(node, predicate), key=str, default=None)


def _exact(graph: Graph, span: Node) -> str | None:
    for selector in sorted(graph.objects(span, OA.hasSelector), key=str):
        exact = _first(graph, selector, OA.exact)
        if exact is not None:
            return str(exact)
    return None


def _start(graph: Graph, span: Node) -> int:
    for selector in sorted(graph.objects(span, OA.hasSelector), key=str):
        start = _first(graph, selector, OA.start)
        if isinstance(start, Literal):
            try:
                return int(start)
            except ValueError:
                return 0
    return 0


Evidence = tuple[int, tuple | None]
"""What :func:`_evidence` found: the way (0: the focus is a document; 1-7 as in
:func:`_spans_of`) and the earliest span's (document, start, IRI, quote), or None."""


def _evidence(
    graph: Graph,
    focus: Node | None,
    path: Node | None,
    value: Node | None,
    usable: Callable[[Node], bool] | None = None,
) -> Evidence:
    """The earliest span of a focus node in ``graph``; of the spans found, only those
    ``usable`` says ``graph`` holds whole are weighed."""
    if focus is not None and (focus, RDF.type, BKG.Document) in graph:
        name = _text(_first(graph, focus, BKG.fileName)) or str(focus)
        return 0, (name, 0, "", None)
    branch, spans = _spans_of(graph, focus, path, value)
    if usable is not None:
        spans = [s for s in spans if usable(s)]
    if not spans:
        return branch, None

    def doc_name(span: Node) -> str:
        doc = _first(graph, span, OA.hasSource)
        return str((_first(graph, doc, BKG.fileName) if doc is not None else None) or doc or "")

    span = min(spans, key=lambda s: (doc_name(s), _start(graph, s), str(s)))
    sentence = _first(graph, span, BKG.inSentence)
    quote = _exact(graph, sentence) if sentence is not None else _exact(graph, span)
    return branch, (doc_name(span), _start(graph, span), str(span), quote)


def _evidence_text(found: Evidence) -> tuple[str | None, str | None]:
    """The sentence quote and document file name of what :func:`_evidence` found."""
    branch, best = found
    if best is None:
        return None, None
    if branch == 0:
        return None, best[0]
    return best[3], best[0] or None


def _provenance(
    graph: Graph, focus: Node | None, path: Node | None, value: Node | None
) -> tuple[str | None, str | None]:
    """The sentence quote and the document file name of a focus node, when it has them."""
    return _evidence_text(_evidence(graph, focus, path, value))


# ---------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    from kg.rdfmap import prefixes

    pairs = {**prefixes(), "bkgsh": SHAPES_NS}
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[1])))


def shorten(iri: str | None) -> str:
    """A prefixed name for an IRI the graph's prefixes cover (``bkgsh:`` for shapes)."""
    if iri is None:
        return "-"
    for prefix, ns in _prefixes():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>" if "://" in iri else iri


def format_report(report: ValidationReport, per_shape: int | None = 5) -> str:
    """Readable text: a summary line, counts per shape, then the results of each shape.

    ``per_shape`` caps the detailed results listed for each shape (None lists all).
    """
    verdict = "conforms" if report.conforms else "does not conform"
    lines = [
        f"SHACL validation: {report.violations} violation(s), {report.warnings} warning(s) "
        f"in {report.triples} triples ({report.seconds:.1f} s): {verdict}"
    ]
    if not report.results:
        return "\n".join(lines) + "\n"
    counts = report.by_shape()
    lines.append("")
    for (severity, shape), n in sorted(counts.items(), key=lambda kv: (_ORDER[kv[0][0]], kv[0][1])):
        lines.append(f"  {n:5d}  {severity:<9} {shorten(shape)}")
    shown: Counter[tuple[str, str]] = Counter()
    for result in report.results:
        key = (result.severity, result.shape)
        shown[key] += 1
        if per_shape is not None and shown[key] > per_shape:
            if shown[key] == per_shape + 1:
                lines.append(f"    ... and {counts[key] - per_shape} more from this shape")
            continue
        if shown[key] == 1:
            lines.append("")
            lines.append(f"{result.severity}: {shorten(result.shape)}")
        lines.append(f"  - {result.message} [{result.constraint}]")
        lines.append(f"    focus {shorten(result.focus)}")
        if result.path:
            lines.append(f"    path  {shorten(result.path)}")
        if result.value:
            lines.append(f"    value {shorten(result.value)}")
        if result.document:
            quote = " ".join((result.quote or "").split())
            if len(quote) > 120:
                quote = quote[:119] + "…"
            lines.append(
                f"    in {result.document}: {quote}" if quote else f"    in {result.document}"
            )
    return "\n".join(lines) + "\n"
