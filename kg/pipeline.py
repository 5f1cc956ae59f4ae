"""The pipeline that chains the stages: read, analyse, resolve, map, write."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.documents import Document, read_documents
from kg.graphio import write_bytes, write_graph
from kg.models import Candidate, DocumentExtraction
from kg.rdfmap import build_graph, prefixes
from kg.resolve import Resolution, resolve
from kg.vocab import InstanceNamespaces

Progress = Callable[[int, int, str], None]
"""Called after each document: (documents done, documents in all, name of the last one)."""


@dataclass(frozen=True)
class BuildResult:
    extractions: tuple[DocumentExtraction, ...]
    resolution: Resolution
    graph: Graph
    failures: tuple[str, ...]
    seconds: float
    base: str | None = None
    stats: dict[str, int] = field(default_factory=dict)


def extract_document(nlp, document: Document) -> DocumentExtraction:
    from kg.nlp import analyse

    doc = analyse(nlp, document)
    ctx = doc._.kg_context
    return DocumentExtraction(
        document=document,
        sentences=ctx.sentences,
        mentions=tuple(doc._.kg_mentions),
        observations=tuple(doc._.kg_observations),
        relations=tuple(doc._.kg_relations),
        candidates=tuple(doc._.kg_candidates or ()),
    )


def extract_all(
    documents: Sequence[Document], progress: Progress | None = None
) -> list[DocumentExtraction]:
    from kg.nlp import build_nlp

    nlp = build_nlp()
    out = []
    for done, document in enumerate(documents, start=1):
        out.append(extract_document(nlp, document))
        if progress is not None:
            progress(done, len(documents), document.name)
    return out


def build(
    paths: Sequence[Path], base: str | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the graph of every document under ``paths``."""
    started = time.perf_counter()
    read = read_documents(list(paths))
    extractions = extract_all(read.documents, progress)
    resolution = resolve(extractions)
    graph = build_graph(extractions, resolution, base)
    kinds = Counter(e.kind for e in resolution.entities.values())
    stats = {
        "documents": len(extractions),
        "entities": len(resolution.entities),
        "observations": sum(len(ex.observations) for ex in extractions),
        "relations": len(
            {
                (r.subject.name, r.predicate, r.object.name)
                for ex in extractions
                for r in ex.relations
            }
        ),
        "triples": len(graph),
        **{f"kind:{k}": v for k, v in sorted(kinds.items())},
    }
    return BuildResult(
        tuple(extractions),
        resolution,
        graph,
        read.failures,
        time.perf_counter() - started,
        base,
        stats,
    )


def candidates_csv(extractions: Sequence[DocumentExtraction]) -> bytes:
    """The review queue: proposed names the builder did not accept, most frequent first."""
    counts: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], Candidate] = {}
    docs: dict[tuple[str, str, str], set[str]] = {}
    for ex in extractions:
        for c in ex.candidates:
            key = (c.name, c.kind_guess, c.rule)
            counts[key] += 1
            example.setdefault(key, c)
            docs.setdefault(key, set()).add(c.doc)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["name", "kind_guess", "count", "rule", "docs", "example_sentence"])
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        c = example[key]
        writer.writerow(
            [
                c.name,
                c.kind_guess,
                counts[key],
                c.rule,
                " | ".join(sorted(docs[key])),
                " ".join(c.sentence_text.split()),
            ]
        )
    return buf.getvalue().encode("utf-8")


def write_outputs(result: BuildResult, out_dir: Path) -> dict[str, Path]:
    """Write graph.ttl and candidates.csv, each atomically."""
    ids = InstanceNamespaces(result.base) if result.base else InstanceNamespaces()
    paths = {"graph": out_dir / "graph.ttl", "candidates": out_dir / "candidates.csv"}
    write_graph(result.graph, paths["graph"], "ttl", prefixes(ids))
    write_bytes(paths["candidates"], candidates_csv(result.extractions))
    return paths
