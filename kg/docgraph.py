"""The graph of a build made one document at a time, never held whole.

A corpus graph in one Oxigraph store costs ~350 bytes per triple (3 GB for a thousand
reports). But most of its triples belong to one document: the subjects in the ``doc``,
``dataset``, ``obs``, ``span`` and ``sentence`` namespaces carry the document's slug, and
their triples only point at the same document's nodes or at shared ones (entities,
metrics, periods, units, rules, statements, the build run). So each document is mapped
to a small graph of its own (:func:`map_group`, in a worker process or here); its own
triples are appended as N-Triples to a file, the shared nodes' triples go to one small
store, and the small graph is dropped. graph.ttl is the sorted union of the two
(:meth:`CorpusGraph.sorted_lines`), the same bytes as the whole graph's; validation checks
each run of documents with the shared triples (:func:`kg.corpuscheck.start_corpus_validation`).

When the documents' nodes could mix (two documents with one slug, or a slug that begins
another's, or a node pointing into another document) :func:`map_corpus` returns None and
the build holds the whole graph as before.
"""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.iris import doc_slug

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg.models import DocumentExtraction
    from kg.resolve import Resolution
    from kg.vocab import InstanceNamespaces

LOCAL_TYPES = ("doc", "dataset", "obs", "span", "sentence")
"""The namespaces whose nodes belong to one document (their IRIs begin with its slug)."""

RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

CHUNK_BYTES = 24 * 2**20
"""How many bytes of documents' own N-Triples one validation run checks at once."""


@dataclass(frozen=True)
class GroupPart:
    """One document's (or one slug's documents') triples, as N-Triples: ``local`` its own
    nodes', ``shared`` the shared nodes', ``extra`` the few of its own that the checks of
    shared nodes read (the types of its nodes that shared nodes point at; the triples that
    make a shared node a target by ``sh:targetObjectsOf``). ``ok`` is False when a triple
    joins two documents' nodes."""

    local: bytes
    shared: bytes
    extra: tuple[tuple[bytes, bytes], ...]
    """(key, line): a type line keyed by itself, a target line keyed by its object."""
    count: int
    ok: bool


@dataclass(frozen=True)
class Chunk:
    """A run of whole documents in the local file: where it is and the IRI prefixes of
    the nodes it owns."""

    offset: int
    size: int
    owners: tuple[str, ...]

    def owns(self, iri: str) -> bool:
        """Whether the IRI is one of the run's nodes: one of its owner prefixes, whole or
        followed by ``-`` or ``#`` (:func:`owned_by_any` of this run alone: a set look-up
        per ``-`` and ``#`` of the IRI, not a test per prefix of each of its documents)."""
        return self._owned(iri)

    @cached_property
    def _owned(self) -> Callable[[str], bool]:
        return owned_by_any([self])


def _owned(iri: str, prefix: str) -> bool:
    return iri.startswith(prefix) and (len(iri) == len(prefix) or iri[len(prefix)] in "-#")


_CUT = re.compile(r"[-#]")


def owned_by_any(chunks: Iterable[Chunk]) -> Callable[[str], bool]:
    """Whether one of ``chunks`` owns an IRI (``any(c.owns(iri) for c in chunks)``), by
    looking the IRI's heads up: an owner prefix is the IRI up to a ``-`` or ``#`` of it,
    or the whole IRI. One set look-up per such place instead of a test per prefix of
    every document (the shared nodes' checks ask it of each result they find)."""
    owners = frozenset(p for chunk in chunks for p in chunk.owners)

    def owned(iri: str) -> bool:
        if iri in owners:
            return True
        return any(iri[: m.start()] in owners for m in _CUT.finditer(iri))

    return owned


def owner_prefixes(ids: InstanceNamespaces, slug: str) -> tuple[str, ...]:
    """The IRIs of a document's own nodes begin with one of these (then end, or go on
    with ``-`` or ``#``)."""
    return tuple(f"{ids[t]}{slug}" for t in LOCAL_TYPES)


def local_namespaces(ids: InstanceNamespaces) -> tuple[str, ...]:
    return tuple(str(ids[t]) for t in LOCAL_TYPES)


def slug_groups(extractions: Sequence[DocumentExtraction]) -> list[list[int]] | None:
    """The documents in build order, one group per document; None when two slugs are the
    same or one begins another (then nodes of two documents could share IRIs)."""
    slugs = [doc_slug(ex.document.name) for ex in extractions]
    ordered = sorted(set(slugs))
    if len(ordered) != len(slugs):
        return None
    for a, b in itertools.pairwise(ordered):
        if b.startswith(a + "-") or b.startswith(a + "#"):
            return None
    return [[i] for i in range(len(extractions))]


def _split(line: bytes) -> tuple[bytes, bytes, bytes]:
    """Subject, predicate and object of an N-Triples line as Oxigraph writes it."""
    s_end = line.index(b"> ") + 1
    p_end = line.index(b"> ", s_end + 1) + 1
    return line[:s_end], line[s_end + 1 : p_end], line[p_end + 1 : -3]


def map_group(
    extractions: Sequence[DocumentExtraction],
    resolution: Resolution,
    ids: InstanceNamespaces,
    run: URIRef,
    agent: URIRef,
    targets: frozenset[bytes],
) -> GroupPart:
    """The triples of ``extractions`` (one document, or those sharing its slug): its own
    (:meth:`kg.rdfmap.GraphBuilder.add_extraction`), its relations' statements and
    evidence, and its rules, split by subject into the document's own and shared ones."""
    from kg.rdfmap import add_rules, map_extractions

    builder, rules = map_extractions(extractions, resolution, ids, run)
    builder.add_relations(rel for ex in extractions for rel in ex.relations)
    add_rules(builder, rules, run, agent)
    slugs = [doc_slug(ex.document.name) for ex in extractions]
    # the builder's lines split as text: only the few shared ones are encoded one by one
    heads = tuple(f"<{ns}" for ns in local_namespaces(ids))
    local: list[str] = []
    shared: list[str] = []
    for line in builder.lines():
        (local if line.startswith(heads) else shared).append(line)
    del builder
    own = "".join(local).encode("utf-8")
    return _part(own, len(local), [line.encode("utf-8") for line in shared], ids, slugs, targets)


def split_part(
    lines: Iterable[bytes], ids: InstanceNamespaces, slugs: Sequence[str], targets: frozenset[bytes]
) -> GroupPart:
    """N-Triples lines of the documents with these slugs split by subject into their own
    and shared ones (see :class:`GroupPart`)."""
    namespaces = tuple(b"<" + ns.encode() for ns in local_namespaces(ids))
    local: list[bytes] = []
    shared: list[bytes] = []
    for line in lines:
        (local if line.startswith(namespaces) else shared).append(line)
    return _part(b"".join(local), len(local), shared, ids, slugs, targets)


def _part(
    own: bytes,
    count: int,
    shared: list[bytes],
    ids: InstanceNamespaces,
    slugs: Sequence[str],
    targets: frozenset[bytes],
) -> GroupPart:
    """The :class:`GroupPart` of the documents' own lines (joined, ``count`` of them)
    and of their shared lines."""
    namespaces = tuple(b"<" + ns.encode() for ns in local_namespaces(ids))
    # an IRI that opens with one of the namespaces and goes on otherwise than with one of
    # the slugs and then -, # or >: a node of the namespaces no document here owns
    stranger = re.compile(
        b"(?:"
        + b"|".join(re.escape(ns) for ns in namespaces)
        + b")(?!(?:"
        + b"|".join(re.escape(slug.encode()) for slug in slugs)
        + b")[-#>])"
    )
    pointed = {o for o in (_split(line)[2] for line in shared) if o.startswith(namespaces)}
    # every node of the documents' namespaces named anywhere is one of theirs (one scan
    # in C, ended by the first stranger)
    others = b"".join(shared)
    ok = stranger.search(own) is None and stranger.search(others) is None
    wanted = ({RDF_TYPE} if pointed else set()) | targets
    extra = _held_lines(own, wanted, pointed, targets) if wanted else ()
    return GroupPart(own, others, extra, count, ok)


def _held_lines(
    own: bytes, wanted: set[bytes], pointed: set[bytes], targets: frozenset[bytes]
) -> tuple[tuple[bytes, bytes], ...]:
    """:class:`GroupPart`'s ``extra`` of the documents' own lines (joined): the type
    lines of the nodes in ``pointed`` and the lines of the ``targets`` predicates keyed
    by their object, in the order of the lines. One scan in C finds where a wanted
    predicate follows a subject ("> " + predicate + " "); a line is looked at only
    there, and cut out only when it is kept. A line's first "> " closes its subject
    (no IRI holds one), so its predicate is a wanted one exactly when the first place
    found in it is that "> ": one further in lies in its object (a quote)."""
    holds = re.compile(b"|".join(re.escape(b"> " + q + b" ") for q in sorted(wanted)))
    extra: list[tuple[bytes, bytes]] = []
    for m in holds.finditer(own):
        at = m.start()
        begin = own.rfind(b"\n", 0, at) + 1
        if own.find(b"> ", begin) != at:
            continue  # in the object: the line's predicate, if wanted, was found first
        p = m.group()[2:-1]
        s = own[begin : at + 1]
        if p == RDF_TYPE and s in pointed:
            line = own[begin : own.index(b"\n", at) + 1]
            extra.append((line, line))
        elif p in targets:
            line = own[begin : own.index(b"\n", at) + 1]
            extra.append((line[len(s) + len(p) + 2 : -3], line))
    return tuple(extra)


Groups = Callable[
    [list[list[int]], "InstanceNamespaces", "URIRef", "URIRef", frozenset[bytes]],
    Iterable[GroupPart],
]
"""Each group's :class:`GroupPart` made elsewhere (worker processes), in group order."""


class CorpusGraph:
    """A build's graph kept as files: each document's own triples appended as N-Triples
    to one file (:attr:`chunks` say where each run of documents lies), the shared nodes'
    triples in a small Oxigraph-backed graph (:attr:`shared`)."""

    def __init__(self, shared: Graph, ids: InstanceNamespaces, scratch: Path | None = None) -> None:
        self.shared = shared
        self.ids = ids
        self.folder = Path(tempfile.mkdtemp(prefix=".kg-graph-", dir=scratch))
        self.local = self.folder / "local.nt"
        self._fh = self.local.open("wb")
        self.chunks: list[Chunk] = []
        self.local_triples = 0
        self._extra: dict[bytes, bytes] = {}
        self._chunk_start = 0
        self._chunk_owners: list[str] = []

    # ------------------------------------------------------------ filling
    def add(self, part: GroupPart, owners: Iterable[str]) -> None:
        from kg.rdfmap import _to_ox

        self._fh.write(part.local)
        self.local_triples += part.count
        self._chunk_owners.extend(owners)
        if part.shared:
            # lenient (no second check of every IRI, 40% less time): the lines are the
            # build's own or a store's dump, their terms checked when made
            self.shared.store._inner.load(  # type: ignore[attr-defined]
                part.shared,
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=_to_ox(self.shared.identifier),
                lenient=True,
            )
        for key, line in part.extra:
            self._extra.setdefault(key, line)
        if self._fh.tell() - self._chunk_start >= CHUNK_BYTES:
            self._close_chunk()

    def _close_chunk(self) -> None:
        end = self._fh.tell()
        if end > self._chunk_start or self._chunk_owners:
            self.chunks.append(
                Chunk(self._chunk_start, end - self._chunk_start, tuple(self._chunk_owners))
            )
        self._chunk_start = end
        self._chunk_owners = []

    def finish(self) -> None:
        self._close_chunk()
        self._fh.close()

    # ------------------------------------------------------------ reading
    def triple_total(self) -> int:
        from kg.graphio import triple_count

        return self.local_triples + triple_count(self.shared)

    def shared_lines(self) -> list[bytes]:
        from kg.rdfmap import _to_ox

        store = self.shared.store._inner  # type: ignore[attr-defined]
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_to_ox(self.shared.identifier))
        return (data or b"").splitlines(keepends=True)

    def shared_bytes(self) -> bytes:
        return b"".join(self.shared_lines())

    def extra_bytes(self) -> bytes:
        return b"".join(self._extra.values())

    def chunk_bytes(self, chunk: Chunk) -> bytes:
        with self.local.open("rb") as fh:
            fh.seek(chunk.offset)
            return fh.read(chunk.size)

    def is_local(self, iri: str) -> bool:
        return iri.startswith(local_namespaces(self.ids))

    def sorted_lines(self, scratch: Path, run_bytes: int) -> Iterator[bytes]:
        """Every triple as an N-Triples line, in byte order (the order of
        :func:`kg.graphio.to_ox_triples`), handed on as pieces of joined lines: the local
        file sorted in runs of at most ``run_bytes``, all but the last written to
        ``scratch``, merged with the shared triples (:func:`kg.graphio.merge_blocks`)."""
        from kg.graphio import file_blocks, list_blocks, merge_blocks

        runs: list[Path] = []
        last: list[bytes] = []
        with self.local.open("rb") as fh:
            while True:
                lines = fh.readlines(run_bytes)
                if not lines:
                    break
                lines.sort()
                if not fh.peek(1):  # the last run: merged from memory, never written
                    last = lines
                    break
                runs.append(scratch / f"run{len(runs)}.nt")
                with runs[-1].open("wb") as out:
                    out.writelines(lines)
                del lines
        shared = self.shared_lines()
        shared.sort()
        files = [path.open("rb", buffering=1 << 20) for path in runs]
        try:
            blocks = [*(file_blocks(f) for f in files), list_blocks(last), list_blocks(shared)]
            del last
            yield from merge_blocks(blocks)
        finally:
            for f in files:
                f.close()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def own_evidence(ex: DocumentExtraction) -> bool:
    """Every span and sentence of an extraction lies in its own document (then its nodes
    are its own: their IRIs begin with its slug)."""
    name = ex.document.name
    spans = [m.span for m in ex.mentions]
    spans += [o.span for o in ex.observations]
    for r in ex.relations:
        spans += [r.span, r.subject.span, r.object.span]
        spans += [x.span for x in (r.giver,) if x is not None]
        spans += [r.context] if r.context is not None else []
    return all(s.doc == name for s in spans) and all(s.doc == name for s in ex.sentences)


def map_corpus(
    extractions: Sequence[DocumentExtraction],
    resolution: Resolution,
    base: str | None = None,
    groups: Groups | None = None,
    targets: frozenset[bytes] = frozenset(),
    scratch: Path | None = None,
    mapped: Callable[[int], None] | None = None,
    source: Sequence[DocumentExtraction] | None = None,
    own: Sequence[bool] | None = None,
) -> CorpusGraph | None:
    """The build's graph, made one document at a time (:func:`map_group`, here or by
    ``groups``); the same triples as :func:`kg.rdfmap.build_graph`. None when documents'
    nodes could mix (see the module's note): build the whole graph then. ``mapped`` is
    told the number of each document once its triples are made (the caller may then let
    go of what only mapping needed). ``source`` is where each document's whole analysis
    is read when it is mapped (default: ``extractions``, of which only the documents are
    read then) and ``own`` whether each one's evidence is its own (default: found in
    ``extractions``)."""
    from rdflib import Graph

    from kg.rdfmap import GraphBuilder, _bind, add_header, run_iri
    from kg.vocab import InstanceNamespaces

    source = extractions if source is None else source
    order = slug_groups(extractions)
    owns = own if own is not None else [own_evidence(ex) for ex in extractions]
    if order is None or not all(owns):
        return None
    ids = InstanceNamespaces(base) if base else InstanceNamespaces()
    shared = Graph(store="Oxigraph")
    builder = GraphBuilder(shared, ids, resolution)
    run = run_iri(ids, extractions)
    agent = add_header(builder, run)
    for entity in resolution.entities.values():
        builder.add_entity(entity)
    builder.flush()
    _bind(shared, ids)
    corpus = CorpusGraph(shared, ids, scratch)
    try:
        if groups is None:
            made: Iterable[GroupPart] = (
                map_group([source[i] for i in g], resolution, ids, run, agent, targets)
                for g in order
            )
        else:
            made = groups(order, ids, run, agent, targets)
        for g, part in zip(order, made, strict=True):
            if not part.ok:
                if mapped is not None:
                    raise AssertionError("a document's triple points into another document")
                corpus.close()
                return None
            owners = [
                p for i in g for p in owner_prefixes(ids, doc_slug(extractions[i].document.name))
            ]
            corpus.add(part, owners)
            for i in g:
                if mapped is not None:
                    mapped(i)
        corpus.finish()
    except BaseException:
        corpus.close()
        raise
    return corpus


def corpus_of(
    graph: Graph,
    slugs: Sequence[str],
    targets: frozenset[bytes] = frozenset(),
    base: str | None = None,
    scratch: Path | None = None,
) -> CorpusGraph:
    """A whole graph kept as files, one run per document slug (each document's own nodes;
    the nodes no slug owns are shared): the form :func:`map_corpus` makes, from any graph
    (tests compare the checks of the two forms on graphs with planted errors). When a
    triple joins two documents' nodes (a build then holds the whole graph) all documents
    are one run."""
    from rdflib import Graph as RdfGraph

    from kg.graphio import serialize
    from kg.vocab import InstanceNamespaces

    global CHUNK_BYTES
    ids = InstanceNamespaces(base) if base else InstanceNamespaces()
    lines = serialize(graph, "nt").splitlines(keepends=True)
    prefixes = {slug: [b"<" + p.encode() for p in owner_prefixes(ids, slug)] for slug in slugs}

    def owner(line: bytes) -> str | None:
        for slug, heads in prefixes.items():
            for head in heads:
                if line.startswith(head) and line[len(head) : len(head) + 1] in (b"-", b"#", b">"):
                    return slug
        return None

    owned: dict[str, list[bytes]] = {slug: [] for slug in slugs}
    rest: list[bytes] = []
    for line in lines:
        slug = owner(line)
        (owned[slug] if slug is not None else rest).append(line)
    parts = [(slug, split_part(owned[slug] + rest, ids, [slug], targets)) for slug in slugs]
    if not all(split_part(owned[slug], ids, [slug], targets).ok for slug in slugs):
        parts = [("", split_part(lines, ids, list(slugs), targets))]
        owned = {"": [line for slug in slugs for line in owned[slug]]}
    corpus = CorpusGraph(RdfGraph(store="Oxigraph"), ids, scratch)
    corpus.add(GroupPart(b"", b"".join(rest), (), 0, True), [])
    saved, CHUNK_BYTES = CHUNK_BYTES, 1  # one run per part
    try:
        for slug, part in parts:
            own = GroupPart(b"".join(owned[slug]), b"", part.extra, len(owned[slug]), True)
            heads = (
                owner_prefixes(ids, slug)
                if slug
                else sum((owner_prefixes(ids, s) for s in slugs), ())
            )
            corpus.add(own, heads)
    finally:
        CHUNK_BYTES = saved
    corpus.finish()
    return corpus
