"""The pipeline that chains the stages: read, analyse, resolve, map, write."""

from __future__ import annotations

import hashlib
import io
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeGuard

from kg import buildrecord, publish
from kg.documents import Defaults, Document, ReadResult, read_documents, start_reading
from kg.extcache import ExtractionCache, code_fingerprint
from kg.models import Candidate, DocumentExtraction
from kg.review import candidates_csv, reconcile_figures, review_summary
from kg.workers import AnalysisPool, default_workers, warm_up
from kg.workers import process_nlp as _process_nlp

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.docgraph import CorpusGraph
    from kg.resolve import Resolution
    from kg.spool import Packed, Spool
    from kg.validate import ValidationReport

Progress = Callable[[int, int, str], None]
"""Called after each document: (documents done, documents in all, name of the last one)."""

Stage = Callable[[str], None]
"""Called as each stage starts: analysing, resolving, mapping, writing, validating."""


@dataclass(frozen=True)
class BuildResult:
    extractions: tuple[DocumentExtraction, ...]
    resolution: Resolution
    graph: Graph | CorpusGraph
    """The whole graph, or (``build(files=...)``) the graph kept as files."""
    failures: tuple[str, ...]
    seconds: float
    base: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: read, analyse, resolve, map."""
    warnings: tuple[str, ...] = ()
    """What was read but ignored: unknown manifest fields, entries for absent files."""
    review: tuple[bytes, ...] = ()
    """A build whose graph is kept as files: each document's review items, pickled and
    compressed, which its ``extractions`` then do not hold (:attr:`reviewed` gives them)."""

    @property
    def reviewed(self) -> Sequence[DocumentExtraction]:
        """The extractions with their review items (the candidates), a document at a time."""
        if not self.review:
            return self.extractions
        from kg.spool import Reviewed

        return Reviewed(self.extractions, self.review)

    @property
    def whole_graph(self) -> Graph:
        """The graph, held whole (a build without ``files``); raises for one kept as files."""
        if _is_corpus(self.graph):
            raise TypeError("this build's graph is kept as files: read graph.ttl")
        return self.graph  # type: ignore[return-value]


def extract_document(nlp, document: Document) -> DocumentExtraction:
    """Everything one document states. A stage that fails on the whole document (not on
    one sentence, which :mod:`kg.isolate` holds) leaves the document with no facts and
    one review item saying why; the build goes on with the others."""
    from kg.isolate import reason_of, unreadable
    from kg.nlp import analyse

    try:
        doc = analyse(nlp, document)
    except Exception as exc:  # one document never ends a build
        held = unreadable(document, "document", 0, len(document.text), reason_of(exc), "Document")
        return DocumentExtraction(
            document, (), (), (), (), (*unread_pages(document), replace(held, sentence_text=""))
        )
    ctx = doc._.kg_context
    return DocumentExtraction(
        document=document,
        sentences=ctx.sentences,
        mentions=tuple(doc._.kg_mentions),
        observations=tuple(doc._.kg_observations),
        relations=tuple(doc._.kg_relations),
        candidates=(*unread_pages(document), *(doc._.kg_candidates or ())),
    )


def unread_pages(document: Document) -> tuple[Candidate, ...]:
    """The pages a reader could not read, as review-queue items (their text is empty)."""
    out = []
    for page, reason in document.unread_pages:
        start = document.pages[page - 1] if page - 1 < len(document.pages) else 0
        out.append(
            Candidate(
                f"{document.name} p.{page}",
                "Page",
                "read.error.page",
                document.name,
                "",
                start,
                start,
                page,
                reason,
            )
        )
    return tuple(out)


def analyse_document(document: Document, span_model: Path | None = None) -> DocumentExtraction:
    """One document analysed by this process's pipeline (built on first use): the unit of
    work an executor runs, in a worker process or a Dask worker."""
    return extract_document(_process_nlp(span_model), document)


def analyse_packed(
    document: Document, span_model: Path | None, cache: ExtractionCache | None
) -> Packed:
    """:func:`analyse_document` for a build that spools its analyses, in a worker process
    of this machine: the analysis stored in ``cache`` and :func:`kg.spool.packed` there,
    so that the build process, which the other workers share the cores with, only writes
    the bytes to its spool and reads what resolution needs."""
    from kg.spool import packed

    extraction = analyse_document(document, span_model)
    if cache is not None:
        cache.store(extraction)
    return packed(extraction)


def span_variant(span_model: Path | None) -> str:
    """What the span scorer adds to the cache keys: the sha256 of its model, or nothing."""
    if span_model is None:
        return ""
    from kg.spanscore import load_model

    load_model(span_model)  # a bad model file is one clear error before any work
    return "span:" + hashlib.sha256(span_model.read_bytes()).hexdigest()


def extract_all(
    documents: Sequence[Document],
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    executor: Executor | None = None,
    span_model: Path | None = None,
    keep: Callable[[int, DocumentExtraction], DocumentExtraction] | None = None,
    spool: Spool | None = None,
) -> tuple[list[DocumentExtraction], int]:
    """Every document analysed (or taken from ``cache``); also how many came from it.
    ``keep`` is given each document's number and analysis as soon as it is made and
    returns what to hold of it (:meth:`kg.spool.Spool.keep`); default: all of it.
    With a ``spool`` (and no ``keep``) each analysis is kept in it; the workers of an
    :class:`~kg.workers.AnalysisPool` then store and pack their analyses themselves
    (:func:`analyse_packed`).

    With an ``executor`` (a process pool, or a Dask client's ``get_executor()``) the
    documents not in the cache are analysed by :func:`analyse_document` through it, the
    longest handed out first (one long document last would leave the other workers idle
    while it is analysed), finished in any order; the result is in the order of
    ``documents`` whatever the executor, so the graph is the same. Without one they are
    analysed here, one after the other.
    """
    pack = keep is None and spool is not None and isinstance(executor, AnalysisPool)
    if keep is None and spool is not None:
        keep = spool.keep
    found: list[DocumentExtraction | None] = [None] * len(documents)
    for i, document in enumerate(documents):
        cached = cache.load(document) if cache is not None else None
        if cached is not None:
            found[i] = keep(i, cached) if keep is not None else cached
    hits = sum(ex is not None for ex in found)
    todo = [i for i, ex in enumerate(found) if ex is None]
    done = hits
    if progress is not None and hits:
        last = max(i for i, ex in enumerate(found) if ex is not None)
        progress(done, len(documents), documents[last].name)

    def finished(i: int, extraction: DocumentExtraction) -> None:
        nonlocal done
        if cache is not None:
            cache.store(extraction)
        found[i] = keep(i, extraction) if keep is not None else extraction
        done += 1
        if progress is not None:
            progress(done, len(documents), documents[i].name)

    if executor is not None:
        todo.sort(key=lambda i: -len(documents[i].text))  # the longest first: no long tail
    if executor is None or len(todo) < 2:
        for i in todo:
            finished(i, extract_document(_process_nlp(span_model), documents[i]))
    elif pack and spool is not None:
        packs = {executor.submit(analyse_packed, documents[i], span_model, cache): i for i in todo}
        warm_up()
        for made in as_completed(packs):
            i = packs.pop(made)  # its bytes are let go once written, not held to the end
            found[i] = replace(spool.keep_packed(i, made.result()), document=documents[i])
            done += 1
            if progress is not None:
                progress(done, len(documents), documents[i].name)
    else:
        futures = {executor.submit(analyse_document, documents[i], span_model): i for i in todo}
        warm_up()
        for future in as_completed(futures):
            i = futures.pop(future)
            finished(i, replace(future.result(), document=documents[i]))
    return [ex for ex in found if ex is not None], hits


class _Clock:
    """Seconds spent in each stage, measured as laps of one wall clock; tells ``stage``
    which stage comes next."""

    def __init__(self, stage: Stage | None = None) -> None:
        self.laps: dict[str, float] = {}
        self.start = self._last = time.perf_counter()
        self._stage = stage

    def lap(self, done: str, following: str | None = None) -> None:
        now = time.perf_counter()
        self.laps[done] = self.laps.get(done, 0.0) + now - self._last
        self._last = now
        if following is not None and self._stage is not None:
            self._stage(following)


def build(
    paths: Sequence[Path],
    base: str | None = None,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    stage: Stage | None = None,
    executor: Executor | None = None,
    defaults: Defaults | None = None,
    read: ReadResult | None = None,
    span_model: Path | None = None,
    files: Path | None = None,
    targets: frozenset[bytes] | Callable[[], frozenset[bytes]] = frozenset(),
) -> BuildResult:
    """Build the graph of every document under ``paths``; analyses found in ``cache`` are reused.

    ``executor`` analyses the documents (see :func:`extract_all`); None analyses them in
    this process. ``read`` is the corpus when the caller has read it already.
    ``span_model`` turns the span scorer on with that model (:mod:`kg.spanscore`).
    With ``files`` (a folder) the graph is made one document at a time and kept as files
    there (:class:`kg.docgraph.CorpusGraph`, which the caller closes) when the documents'
    nodes cannot mix, rather than held whole, and of each mapped document's extraction
    only the document and its review items are kept (memory); ``targets`` are the
    predicates whose objects shapes target (:func:`kg.corpuscheck.object_targets`), or
    a function that gives them, called once the documents are analysed (loading the
    shapes is then no part of a cold start's wait for the pipeline).
    """
    from kg.docgraph import CorpusGraph as Corpus
    from kg.graphio import triple_count
    from kg.resolve import resolve
    from kg.spool import Spool

    started = time.perf_counter()
    clock = _Clock(stage)
    read = read if read is not None else read_documents(list(paths), defaults)
    clock.lap("read", "analysing")
    spool = Spool(files, len(read.documents)) if files is not None else None
    try:
        extractions, hits = extract_all(
            read.documents, progress, cache, executor, span_model, spool=spool
        )
        clock.lap("analyse", "resolving")
        resolution = resolve(extractions)
        if spool is None:
            extractions = reconcile_figures(extractions, resolution)
        else:
            # the analyses are read back one at a time when mapped: hold none of them
            resolution = resolution.compact()
            extractions = [DocumentExtraction(e.document, (), (), (), (), ()) for e in extractions]
            spool.close_writing()
            spool.prepare = lambda ex: reconcile_figures([ex], resolution)[0]
        clock.lap("resolve", "mapping")
        if callable(targets):
            targets = targets()
        graph, stats, review = _map(extractions, resolution, base, executor, files, targets, spool)
    finally:
        if spool is not None:
            spool.close()
    kinds = Counter(e.kind for e in resolution.entities.values())
    stats = {
        "documents": len(extractions),
        "cached": hits,
        "entities": len(resolution.entities),
        **stats,
        **{f"kind:{k}": v for k, v in sorted(kinds.items())},
    }
    stats["triples"] = graph.triple_total() if isinstance(graph, Corpus) else triple_count(graph)
    for key in [k for k in stats if k.startswith("kind:")]:
        stats[key] = stats.pop(key)  # in the order they were listed before
    clock.lap("map")
    return BuildResult(
        tuple(extractions),
        resolution,
        graph,
        read.failures,
        time.perf_counter() - started,
        base,
        stats,
        clock.laps,
        read.warnings,
        review,
    )


def _map(
    extractions: list[DocumentExtraction],
    resolution: Resolution,
    base: str | None,
    executor: Executor | None,
    files: Path | None,
    targets: frozenset[bytes],
    spool: Spool | None,
) -> tuple[Graph | CorpusGraph, dict[str, int], tuple[bytes, ...]]:
    """The graph of :func:`build`, the counts of its figures and relations and, for a graph
    kept as files, each document's review items packed (:func:`kg.spool.pack_review`; then
    ``extractions`` hold only the documents). With a ``spool`` each document's analysis
    is read from it when mapped (``extractions`` hold only the documents)."""
    from kg.docgraph import map_corpus
    from kg.rdfmap import build_graph
    from kg.spool import pack_review

    pool = executor if isinstance(executor, AnalysisPool) and len(extractions) > 1 else None
    observations = 0
    relations: set[tuple[str, str, str]] = set()

    def count(ex: DocumentExtraction) -> None:
        nonlocal observations
        observations += len(ex.observations)
        relations.update((r.subject.name, r.predicate, r.object.name) for r in ex.relations)

    graph: Graph | CorpusGraph | None = None
    source: Sequence[DocumentExtraction] = spool if spool is not None else extractions
    review: list[bytes] = [b""] * len(extractions)
    if files is not None:

        def mapped(i: int) -> None:
            # what is left of a mapped document: its review items, packed (and the document)
            ex = source[i]
            count(ex)
            review[i] = pack_review(ex.candidates)
            extractions[i] = DocumentExtraction(ex.document, (), (), (), (), ())
            if spool is not None:
                spool.forget()

        groups = pool.groups(source, resolution) if pool is not None else None
        own = spool.own if spool is not None else None
        graph = map_corpus(
            extractions, resolution, base, groups, targets, files, mapped, source, own
        )
    if graph is None:
        if spool is not None:  # the documents' nodes could mix: the whole graph, held
            extractions[:] = list(spool)
            spool.forget()
        for ex in extractions:
            count(ex)
        parts = pool.parts(extractions, resolution) if pool is not None else None
        graph = build_graph(extractions, resolution, base, parts)
        review = []
    return graph, {"observations": observations, "relations": len(relations)}, tuple(review)


def output_files(result: BuildResult) -> dict[str, bytes]:
    """graph.ttl and candidates.csv of a build, as bytes."""
    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix=".kg-sort-") as tmp:
        _graph_writer(result)(out, Path(tmp))
    return {
        "graph.ttl": out.getvalue(),
        "candidates.csv": candidates_csv(result.reviewed),
    }


def _prefixes(result: BuildResult) -> dict[str, str]:
    from kg.rdfmap import prefixes
    from kg.vocab import InstanceNamespaces

    return prefixes(InstanceNamespaces(result.base) if result.base else InstanceNamespaces())


def _graph_writer(result: BuildResult) -> publish.Writer:
    """graph.ttl written straight to its file, sorted on disk beside it
    (:func:`kg.graphio.serialize_to`): a large graph's Turtle is never held in memory."""
    from kg.graphio import SORT_RUN_BYTES, serialize_to, write_sorted_lines

    graph = result.graph
    if not _is_corpus(graph):
        whole = result.whole_graph
        return lambda fh, scratch: serialize_to(whole, fh, "ttl", _prefixes(result), scratch)

    def write(fh: IO[bytes], scratch: Path) -> None:
        with tempfile.TemporaryDirectory(prefix=".kg-sort-", dir=scratch) as tmp:
            lines = graph.sorted_lines(Path(tmp), SORT_RUN_BYTES)
            write_sorted_lines(lines, fh, "ttl", _prefixes(result))

    return write


def _is_corpus(graph: object) -> TypeGuard[CorpusGraph]:
    from kg.docgraph import CorpusGraph

    return isinstance(graph, CorpusGraph)


OUTPUT_KEYS = {"graph.ttl": "graph", "candidates.csv": "candidates", "validation.txt": "validation"}


def write_outputs(
    result: BuildResult,
    out_dir: Path,
    validation: bytes | publish.Writer | None = None,
    force: bool = False,
) -> dict[str, Path]:
    """Publish graph.ttl, candidates.csv and validation.txt together (:mod:`kg.publish`);
    without ``validation`` a validation.txt of an earlier build is removed. The text of
    documents read from PDF, .docx or HTML goes to ``text/`` first. ``validation`` may be
    a writer that waits for the report: it runs after graph.ttl is written."""
    from kg.graphio import write_bytes

    files: dict[str, bytes | publish.Writer] = {
        "graph.ttl": _graph_writer(result),
        "candidates.csv": candidates_csv(result.reviewed),
    }
    if validation is not None:
        files["validation.txt"] = validation
    remove = () if validation is not None else ("validation.txt",)
    names = text_names([ex.document for ex in result.extractions])
    if names:
        publish.check_out_dir(out_dir / "text", force)
    for document, name in names.items():
        write_bytes(out_dir / "text" / name, document.text.encode("utf-8"), force)
    written = publish.publish(out_dir, files, remove, force)
    paths = {OUTPUT_KEYS[name]: path for name, path in written.items()}
    if names:
        paths["text"] = out_dir / "text"
    return paths


def text_names(documents: Sequence[Document]) -> dict[Document, str]:
    """``NAME.txt`` in ``OUT/text`` for each document read from PDF, .docx or HTML: the text
    every offset of its evidence counts in (plain-text documents are their own file). A
    name shared by two documents keeps the whole file name (``report.pdf.txt``)."""
    read = [d for d in documents if d.source_format != "txt"]
    stems = Counter(Path(d.name).stem for d in documents)
    return {
        d: (Path(d.name).stem if stems[Path(d.name).stem] == 1 else d.name) + ".txt" for d in read
    }


# ---------------------------------------------------------------- the whole command


@dataclass(frozen=True)
class BuildOutcome:
    """What ``kg build`` did: the files written, what they hold (``stats``, the review queue's
    ``review`` summary, the validation counts), and the time of each stage (read, analyse,
    resolve, map, write, validate) and of everything (``total``).

    ``result`` and ``report`` are None when nothing had changed since the last build and its
    outputs were kept (``reused``); the figures then come from that build's record.
    """

    result: BuildResult | None
    paths: dict[str, Path]
    report: ValidationReport | None
    timings: dict[str, float]
    stats: dict[str, int] = field(default_factory=dict)
    review: tuple[tuple[str, int, str], ...] = ()
    validation: tuple[int, int] | None = None
    warnings: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    reused: bool = False
    kept: bool = False
    """True when documents failed and the earlier output was kept (no ``partial``)."""


def build_command(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    base: str | None = None,
    use_cache: bool = True,
    run_validation: bool = True,
    progress: Progress | None = None,
    stage: Stage | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    defaults: Defaults | None = None,
    force: bool = False,
    partial: bool = False,
    span_model: Path | None = None,
) -> BuildOutcome:
    """Everything ``kg build`` does: build, write the outputs, validate, with the time of
    each stage. Nothing is written when no document could be read.

    Documents are analysed through ``executor`` when given (it is not shut down here),
    else by a pool of ``workers`` processes (default: all cores; 1 analyses in this
    process). With the cache on, a build whose inputs, options, code and shapes are those
    of the last build in ``out_dir``, whose outputs are untouched, keeps them as they are.
    """
    publish.check_out_dir(out_dir, force)
    with publish.locked(out_dir):
        publish.clean_temporaries(out_dir)
        return _build_locked(
            inputs,
            out_dir,
            base=base,
            use_cache=use_cache,
            run_validation=run_validation,
            progress=progress,
            stage=stage,
            workers=workers,
            executor=executor,
            defaults=defaults,
            force=force,
            partial=partial,
            span_model=span_model,
        )


def _build_locked(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    base: str | None,
    use_cache: bool,
    run_validation: bool,
    progress: Progress | None,
    stage: Stage | None,
    workers: int | None,
    executor: Executor | None,
    defaults: Defaults | None,
    force: bool,
    partial: bool,
    span_model: Path | None = None,
) -> BuildOutcome:
    """:func:`build_command` with the out folder's lock held."""
    started = time.perf_counter()
    clock = _Clock()
    variant = span_variant(span_model)
    key = (
        buildrecord.input_key(inputs, base, run_validation, defaults, variant, code_fingerprint())
        if use_cache
        else None
    )
    record = buildrecord.reuse(out_dir, key) if key is not None else None
    if record is not None:
        paths = {label: out_dir / name for label, name in record["paths"].items()}
        counts = record.get("validation")
        stats = dict(record["stats"])
        stats["cached"] = stats["documents"]
        clock.lap("read")
        return BuildOutcome(
            None,
            paths,
            None,
            {**clock.laps, "total": time.perf_counter() - started},
            stats=stats,
            review=tuple(tuple(row) for row in record.get("review", ())),
            validation=(int(counts[0]), int(counts[1])) if counts else None,
            warnings=tuple(record.get("warnings", ())),
            reused=True,
        )
    workers = workers if workers is not None else default_workers()
    read = _read(inputs, defaults, workers if executor is None else 1, span_model)
    clock.lap("read")
    cache = ExtractionCache(out_dir / ".cache", variant) if use_cache else None
    # no more analysis workers than documents: each is a fork of this whole process
    analysts = min(workers, max(len(read.documents), 1))
    pool = AnalysisPool(analysts, span_model) if executor is None and workers > 1 else None
    try:
        result = build(
            list(inputs),
            base=base,
            progress=progress,
            cache=cache,
            stage=stage,
            executor=executor or pool,
            defaults=defaults,
            read=read,
            span_model=span_model,
            files=out_dir,
            targets=_shape_targets if run_validation else frozenset(),
        )
    finally:
        if pool is not None:
            pool.shutdown()
    try:
        return _write_and_check(
            result,
            out_dir,
            started,
            clock.laps["read"],
            workers,
            executor,
            run_validation,
            stage,
            force,
            partial,
            key,
        )
    finally:
        if _is_corpus(result.graph):
            result.graph.close()


def _read(
    inputs: Sequence[Path], defaults: Defaults | None, workers: int, span_model: Path | None
) -> ReadResult:
    """The documents read by ``workers`` forked processes (no more than there are files)
    while this one loads the spaCy pipeline its analysis workers will share (each takes
    about as long as the other, and one after the other left a core idle through both);
    in this process alone with one worker."""
    from kg.documents import find_documents
    from kg.forkpool import can_fork, fork_pool

    if workers < 2 or not can_fork():
        return read_documents(list(inputs), defaults)
    from kg import banks, dates, normalize  # noqa: F401  (what reading needs, loaded once)

    readers = fork_pool(min(workers, len(find_documents(list(inputs)))))
    try:
        pending = start_reading(list(inputs), defaults, readers)
        _process_nlp(span_model)
        return pending()
    finally:
        readers.shutdown(cancel_futures=True)


def _shape_targets() -> frozenset[bytes]:
    """:func:`kg.corpuscheck.object_targets` of the shapes (rdflib and the shapes loaded
    only now: not needed when nothing changed, nor while the pipeline loads)."""
    from kg.corpuscheck import object_targets
    from kg.validate import load_shapes

    return object_targets(load_shapes())


def _write_and_check(
    result: BuildResult,
    out_dir: Path,
    started: float,
    read_seconds: float,
    workers: int,
    executor: Executor | None,
    run_validation: bool,
    stage: Stage | None,
    force: bool,
    partial: bool,
    key: str | None,
) -> BuildOutcome:
    """The rest of :func:`_build_locked` once the graph is made: write, validate, record."""
    from kg.corpuscheck import start_corpus_validation
    from kg.validate import format_report, start_validation

    def begin(checkers: int):
        if _is_corpus(result.graph):
            return start_corpus_validation(result.graph, workers=checkers)
        return start_validation(result.whole_graph, workers=checkers)

    timings = {**result.timings, "read": read_seconds}
    keep = bool(result.failures) and not partial and (out_dir / "graph.ttl").exists()
    if not result.extractions or keep:
        timings["total"] = time.perf_counter() - started
        return BuildOutcome(
            result,
            {},
            None,
            timings,
            warnings=result.warnings,
            failures=result.failures,
            kept=keep,
        )
    clock = _Clock(stage)
    report = None
    validation = None
    checkers = workers if executor is None else 1
    if run_validation and checkers > 1:
        # graph.ttl is written while the validation's workers check the graph
        if stage is not None:
            stage("validating and writing")
        pending = begin(checkers)
        waited = 0.0

        def validation_text(fh: IO[bytes], scratch: Path) -> None:
            nonlocal report, waited
            since = time.perf_counter()
            report = pending.report()
            waited = time.perf_counter() - since
            timings["validate"] = time.perf_counter() - clock.start
            fh.write(format_report(report, per_shape=None).encode())

        try:
            paths = write_outputs(result, out_dir, validation_text, force)
        finally:
            pending.cancel()
        timings["write"] = time.perf_counter() - clock.start - waited
    elif run_validation:
        # graph.ttl first, then the checks: what each needs is not held at once
        timings.update(validate=0.0, write=0.0)
        if stage is not None:
            stage("writing")
        checked = 0.0

        def check_then_text(fh: IO[bytes], scratch: Path) -> None:
            nonlocal report, checked
            since = time.perf_counter()
            if stage is not None:
                stage("validating")
            report = begin(checkers).report()
            checked = time.perf_counter() - since
            fh.write(format_report(report, per_shape=None).encode())

        paths = write_outputs(result, out_dir, check_then_text, force)
        timings["validate"] = checked
        timings["write"] = time.perf_counter() - clock.start - checked
    else:
        if stage is not None:
            stage("writing")
        paths = write_outputs(result, out_dir, validation, force)
        clock.lap("write")
        timings.update(clock.laps)
    timings["total"] = time.perf_counter() - started
    outcome = BuildOutcome(
        result,
        paths,
        report,
        timings,
        stats=dict(result.stats),
        review=tuple(review_summary(result.reviewed)),
        validation=(report.violations, report.warnings) if report is not None else None,
        warnings=result.warnings,
        failures=result.failures,
    )
    if key is not None and not outcome.failures:
        figures = {
            "stats": outcome.stats,
            "review": outcome.review,
            "validation": outcome.validation,
            "warnings": outcome.warnings,
        }
        buildrecord.write_record(out_dir, key, outcome.paths, figures)
    return outcome
