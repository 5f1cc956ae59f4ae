"""The worker processes of a build, forked once the parent holds what they share.

Analysis workers are forked after the spaCy pipeline is built (they share it instead of
each building its own); mapping workers after resolution (they inherit the extractions
and the resolution: only the numbers of their documents are sent, N-Triples come back).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import suppress
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from kg.forkpool import fork_pool, freeze_loaded
from kg.models import DocumentExtraction

if TYPE_CHECKING:
    from rdflib import URIRef

    from kg import docgraph, rdfmap
    from kg.resolve import Resolution
    from kg.vocab import InstanceNamespaces


def process_nlp(span_model: Path | None = None):  # spaCy's Language; kg.nlp imported lazily
    """This process's spaCy pipeline (with the span scorer's model, if any), built on
    first use, once: threads of an executor that ask at once wait for the one building
    it (jieba's tables are not built twice at the same time)."""
    with _BUILDING:
        return _built_nlp(span_model)


_BUILDING = threading.Lock()


@lru_cache(maxsize=2)
def _built_nlp(span_model: Path | None):
    from kg.nlp import build_nlp

    nlp = build_nlp(span_model)
    freeze_loaded()
    return nlp


def warm_up() -> None:
    """Load now what the stages after analysis load once: this process runs it while
    its workers analyse (it would wait for them idle; the mapping and checking workers
    forked later inherit it rather than each loading its own). pypinyin's tables (the
    IRIs' pinyin), Oxigraph's rdflib store with the SPARQL parser it imports, the
    mapping and checking modules, the shapes, the ontology and the shapes' queries
    (each parsed once per process: 0.3 s the build spent between mapping and checking)."""
    import oxrdflib  # noqa: F401

    from kg import corpuscheck, docgraph, rdfmap, resolve, validate  # noqa: F401
    from kg.iris import ascii_slug
    from kg.shapecheck import UnsupportedShape

    ascii_slug("银行")
    validate.load_ontology()
    with suppress(UnsupportedShape):  # said by the validation itself, as a clear error
        validate._compiled(validate.load_shapes())


def default_workers() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class AnalysisPool(Executor):
    """A pool of ``workers`` processes, started only when the first document is submitted
    (a rebuild with every analysis cached starts none).

    The pipeline is built in this process before the workers are forked, so they share
    the loaded spaCy pipeline, jieba dictionaries and rule tables instead of each building
    its own. After analysis the same number of processes map the documents to RDF
    (:meth:`parts`).
    """

    def __init__(self, workers: int, span_model: Path | None = None) -> None:
        self.workers = workers
        self.span_model = span_model
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn, /, *args, **kwargs):
        if self._pool is None:
            process_nlp(self.span_model)  # built once here, inherited by the forked workers
            self._pool = fork_pool(self.workers)
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
            self._pool = None

    def parts(
        self, extractions: Sequence[DocumentExtraction], resolution: Resolution
    ) -> rdfmap.Parts:
        """Each document's own triples made by ``workers`` processes forked after
        resolution (they inherit the extractions and the resolution: nothing is sent but
        the numbers of the documents), in contiguous chunks of at most :data:`PART_DOCS`
        documents, as N-Triples. At most two chunks per worker are in flight, and each is
        released once handed on: memory does not grow with the number of documents."""

        def made(ids: InstanceNamespaces, run: URIRef) -> Iterator[tuple[bytes, set[str]]]:
            global _MAPPING
            self.shutdown()
            _MAPPING = (extractions, resolution, ids, run)
            n = len(extractions)
            count = min(n, max(self.workers * 4, -(-n // PART_DOCS)))
            chunks = pairwise([n * k // count for k in range(count + 1)])
            pool = fork_pool(self.workers)
            try:
                ahead = islice(chunks, self.workers * 2)
                pending = deque(pool.submit(_map_part, a, b) for a, b in ahead)
                while pending:
                    data = pending.popleft().result()
                    following = next(chunks, None)
                    if following is not None:
                        pending.append(pool.submit(_map_part, *following))
                    yield data
            finally:
                pool.shutdown(cancel_futures=True)
                _MAPPING = None

        return made

    def groups(
        self, extractions: Sequence[DocumentExtraction], resolution: Resolution
    ) -> docgraph.Groups:
        """Each group of documents mapped by ``workers`` processes forked after resolution
        (:func:`kg.docgraph.map_group`; they inherit the extractions and the resolution),
        in order, at most two groups per worker in flight."""

        def made(
            order: list[list[int]],
            ids: InstanceNamespaces,
            run: URIRef,
            agent: URIRef,
            targets: frozenset[bytes],
        ) -> Iterator[docgraph.GroupPart]:
            global _MAPPING
            self.shutdown()
            _MAPPING = (extractions, resolution, ids, run, agent, targets, order)
            pool = fork_pool(self.workers)
            try:
                indices = iter(range(len(order)))
                ahead = islice(indices, self.workers * 2)
                pending = deque(pool.submit(_map_group, i) for i in ahead)
                while pending:
                    part = pending.popleft().result()
                    following = next(indices, None)
                    if following is not None:
                        pending.append(pool.submit(_map_group, following))
                    yield part
            finally:
                pool.shutdown(cancel_futures=True)
                _MAPPING = None

        return made


PART_DOCS = 16
"""The most documents one mapping worker turns into N-Triples at a time."""

_MAPPING: tuple | None = None
"""What the mapping workers read (see :meth:`AnalysisPool.parts`): set before they fork."""


def _map_part(start: int, end: int) -> tuple[bytes, set[str]]:
    assert _MAPPING is not None, "mapping workers are forked after _MAPPING is set"
    from kg import rdfmap

    extractions, resolution, ids, run = _MAPPING
    return rdfmap.document_part(extractions[start:end], resolution, ids, run)


def _map_group(index: int) -> docgraph.GroupPart:
    assert _MAPPING is not None, "mapping workers are forked after _MAPPING is set"
    from kg.docgraph import map_group

    extractions, resolution, ids, run, agent, targets, order = _MAPPING
    group = [extractions[i] for i in order[index]]
    return map_group(group, resolution, ids, run, agent, targets)
