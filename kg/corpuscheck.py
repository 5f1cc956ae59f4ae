"""Validation of a graph kept as files (:class:`kg.docgraph.CorpusGraph`), never loaded whole.

Each run of documents is checked with the shared nodes' triples, and only the results
about its own nodes are kept: a document's nodes point only at its own nodes and at
shared ones, so a shape that starts at one of them sees in the run all that it sees in the
whole graph. The shared nodes are checked once, with the few document triples their
shapes read (:class:`kg.docgraph.GroupPart`'s ``extra``). The evidence of a result (its
quote and document) that may lie in other documents, found one way or another, is then
looked up run by run. The report is the one :func:`kg.validate.validate` gives for the
whole graph (tests compare them on every bad fixture and on the seeds).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.docgraph import _split, local_namespaces, owned_by_any
from kg.forkpool import can_fork
from kg.validate import (
    ONTOLOGY_DIR,
    Evidence,
    PendingValidation,
    ValidationError,
    ValidationResult,
    _as_result,
    _compiled,
    _evidence,
    _evidence_text,
    _SizedGraph,
    _sparql_findings,
    load_ontology,
    load_shapes,
)


def object_targets(shapes: Graph) -> frozenset[bytes]:
    """The predicates whose objects some shape targets (``sh:targetObjectsOf``), as
    N-Triples terms: :func:`kg.docgraph.map_group` keeps a triple of each object for the
    checks of shared nodes."""
    return frozenset(f"<{p}>".encode() for p in shapes.objects(None, SH.targetObjectsOf))


_PENDING = frozenset({4, 6, 7})
"""The ways of :func:`_spans_of` that may reach spans of other documents."""

_CORPUS: tuple | None = None
"""What the forked corpus-validation workers read (:func:`_corpus_task`)."""


def _graph_of(data: bytes) -> _SizedGraph:
    graph = _SizedGraph(store="Oxigraph")
    _load(graph, data)
    return graph


def _load(graph: Graph, data: bytes) -> None:
    """The build's own N-Triples lines loaded without checking their IRIs again (lenient:
    a third less time): every line was written by Oxigraph, or of terms checked as it
    checks them (:class:`kg.rdfmap.GraphBuilder`), when the graph was made."""
    import pyoxigraph as ox

    from kg.shapecheck import _to_ox

    graph.store._inner.load(  # type: ignore[attr-defined]
        data, format=ox.RdfFormat.N_TRIPLES, to_graph=_to_ox(graph.identifier), lenient=True
    )


_IRI = re.compile(rb"<[^>]*>")
_OBJECT = re.compile(rb"> (<[^>]*>) \.\n")
"""The object of an N-Triples line whose object is an IRI (the predicate's IRI ends
before it: a literal's text cannot end a line so)."""


class SharedIndex:
    """The shared nodes' triples by subject, and those whose object is a node of the
    documents (a statement's evidence, the build run's documents), for :meth:`reach`."""

    def __init__(self, lines: list[bytes], namespaces: tuple[str, ...]) -> None:
        local = tuple(b"<" + ns.encode() for ns in namespaces)
        self.by_subject: dict[bytes, list[bytes]] = {}
        self.objects: dict[bytes, bytes] = {}
        self.pointing: dict[bytes, list[bytes]] = {}
        self.loose: list[bytes] = []
        for line in lines:
            s, _, o = _split(line)
            if not s.startswith(b"<"):
                self.loose.append(line)  # a blank node: always included
                continue
            self.by_subject.setdefault(s, []).append(line)
            if o.startswith(local):
                self.pointing.setdefault(o, []).append(s)
            elif o.startswith(b"<"):
                self.objects[line] = o

    def reach(self, chunk: bytes, owns: Callable[[str], bool] | None = None) -> bytes:
        """The shared triples the checks of a run of documents may read: those of every
        shared node its nodes lead to, following shared triples forward, starting from
        the nodes its triples name and from the shared nodes that point at its nodes (a
        node's evidence can be found through them: :func:`kg.validate._spans_of`). A
        run's checks follow paths forward from its own nodes, so they see the same
        there as with every shared triple.

        With ``owns`` (whether the run owns an IRI: :meth:`kg.docgraph.Chunk.owns`) the
        run's lines are the subjects it owns, so only their objects are read (one IRI
        of three, half the time): a shared node points at one of its nodes when it
        points at a node it owns (the builder writes a node's own triples with the line
        that points at it) or at an object of its lines."""
        named = set((_IRI if owns is None else _OBJECT).findall(chunk))
        seen = {s for iri in named for s in self.pointing.get(iri, ())}
        if owns is not None:
            seen.update(
                s for iri, at in self.pointing.items() if owns(iri[1:-1].decode()) for s in at
            )
        seen.update(iri for iri in named if iri in self.by_subject)
        todo = sorted(seen)
        out = list(self.loose)
        while todo:
            for line in self.by_subject.get(todo.pop(), ()):
                out.append(line)
                o = self.objects.get(line)
                if o is not None and o not in seen and o in self.by_subject:
                    seen.add(o)
                    todo.append(o)
        out.sort()
        return b"".join(out)


def _corpus_task(index: int) -> list[tuple[ValidationResult, tuple | None]]:
    """The checks of one run of documents (``index`` >= 0: the results whose focus is one
    of their nodes) or of the shared nodes (-1: the results whose focus no run owns), each
    with the key of its focus when its evidence may lie in other runs."""
    assert _CORPUS is not None, "set before the workers fork"
    corpus, shared, extra, shapes, ontology, index_of = _CORPUS
    chunks = corpus.chunks
    if index < 0:
        graph = _graph_of(shared + extra)
        owned = owned_by_any(chunks)
        keep: Callable[[str], bool] = lambda iri: not owned(iri)  # noqa: E731
    else:
        own = corpus.chunk_bytes(chunks[index])
        graph = _graph_of(index_of.reach(own, chunks[index].owns))
        _load(graph, own)  # not joined to the shared part: one copy of the run at a time
        del own
        keep = chunks[index].owns
    out: list[tuple[ValidationResult, tuple | None]] = []
    # every node of the run's graph is a focus, its shared ones too (their results are
    # dropped by ``keep``): a run holds only the shared nodes its own lead to, and a
    # filter on the focus IRIs cost every check more than checking those few nodes
    for f in _sparql_findings(graph, shapes, ontology, 1, private=True)():
        if not keep(str(f.focus)):
            continue
        if index < 0:
            out.append((_as_result(f, graph, shapes, (None, None)), (f.focus, f.path, f.value)))
            continue
        found = _evidence(graph, f.focus, f.path, f.value)
        key = (f.focus, f.path, f.value) if found[0] in _PENDING else None
        out.append((_as_result(f, graph, shapes, _evidence_text(found)), key))
    return out


def _evidence_task(index: int, keys: list[tuple]) -> list[Evidence]:
    """:func:`_evidence` of each focus in one run of documents, weighing only the spans
    the run holds whole (its own, or those no run owns)."""
    assert _CORPUS is not None, "set before the workers fork"
    corpus, shared, _, _, _, _ = _CORPUS
    chunks = corpus.chunks
    chunk = chunks[index]
    owned = owned_by_any(chunks)

    def usable(span: Node) -> bool:
        iri = str(span)
        return chunk.owns(iri) or not owned(iri)

    graph = _graph_of(shared + corpus.chunk_bytes(chunk))
    return [_evidence(graph, focus, path, value, usable) for focus, path, value in keys]


def _best(found: list[Evidence]) -> Evidence:
    """The evidence of a focus over every run: the first way that found spans in any run,
    and the earliest of the spans found that way."""
    branch = min(b for b, _ in found)
    spans = [best for b, best in found if b == branch and best is not None]
    return branch, min(spans, key=lambda s: s[:3]) if spans else None


def start_corpus_validation(
    corpus: Any, *, workers: int = 1, ontology_dir: Path = ONTOLOGY_DIR
) -> PendingValidation:
    """:func:`start_validation` of a graph kept as files (:class:`kg.docgraph.CorpusGraph`),
    never loaded whole: each run of documents is checked with the shared nodes' triples
    (the results about its own nodes are kept), the shared nodes once with the few
    document triples their shapes read; the evidence of a result that may lie in other
    documents is then looked up run by run. The same report as :func:`validate` of the
    whole graph. With ``workers`` > 1 the runs are checked by forked processes."""
    global _CORPUS
    shapes = load_shapes(ontology_dir)
    ontology = load_ontology(ontology_dir)
    started = time.perf_counter()
    from kg.shapecheck import UnsupportedShape

    try:
        _compiled(shapes)
    except UnsupportedShape as exc:
        raise ValidationError(f"{exc}; run with the pyshacl engine") from exc
    lines = corpus.shared_lines()
    index_of = SharedIndex(lines, local_namespaces(corpus.ids))
    _CORPUS = (corpus, b"".join(lines), corpus.extra_bytes(), shapes, ontology, index_of)
    del lines
    tasks = [-1, *range(len(corpus.chunks))]
    pool = None
    if workers > 1 and len(tasks) > 1 and can_fork():
        pool = _fork_pool(workers)
        futures = [pool.submit(_corpus_task, i) for i in tasks]
        gather: Callable[[], list] = lambda: [r for f in futures for r in f.result()]  # noqa: E731
    else:
        gather = lambda: [r for i in tasks for r in _corpus_task(i)]  # noqa: E731

    def finish() -> list[ValidationResult]:
        global _CORPUS
        try:
            found = gather()
            keys = sorted({key for _, key in found if key is not None}, key=repr)
            if not keys:
                return [r for r, _ in found]
            if pool is not None:
                parts = [pool.submit(_evidence_task, i, keys) for i in range(len(corpus.chunks))]
                per_chunk = [p.result() for p in parts]
            else:
                per_chunk = [_evidence_task(i, keys) for i in range(len(corpus.chunks))]
            evidence = {
                key: _evidence_text(_best([chunk[k] for chunk in per_chunk]))
                for k, key in enumerate(keys)
            }
            return [
                r if key is None else replace(r, quote=evidence[key][0], document=evidence[key][1])
                for r, key in found
            ]
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            _CORPUS = None

    return PendingValidation(finish, corpus.triple_total(), started)


def _fork_pool(workers: int):
    from kg.forkpool import fork_pool

    return fork_pool(workers)
