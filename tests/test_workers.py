"""kg.workers: the mapping workers' parts make the graph the build makes in one process."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("part_docs", [1, 16])
def test_mapping_parts_make_the_same_graph(seeds_build, monkeypatch, part_docs):
    """Chunks of one document (more chunks than are kept in flight) or of many: the same
    Turtle as mapping every document here."""
    from kg import workers
    from kg.graphio import serialize
    from kg.rdfmap import build_graph, prefixes

    monkeypatch.setattr(workers, "PART_DOCS", part_docs)
    extractions, resolution = list(seeds_build.extractions), seeds_build.resolution
    assert len(extractions) > 2  # one worker keeps two chunks in flight
    pool = workers.AnalysisPool(1)
    apart = build_graph(extractions, resolution, parts=pool.parts(extractions, resolution))
    here = build_graph(extractions, resolution)
    assert serialize(apart, "ttl", prefixes()) == serialize(here, "ttl", prefixes())


def test_threads_asking_for_the_pipeline_at_once_get_the_one_built():
    """Threads of an executor that ask for the pipeline before it is built wait for one
    to build it (jieba's tables built twice at the same time broke the second)."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.workers import _built_nlp, process_nlp

    _built_nlp.cache_clear()
    with ThreadPoolExecutor(3) as threads:
        built = list(threads.map(lambda _: process_nlp(), range(3)))
    assert built[0] is built[1] is built[2] is process_nlp()
    assert _built_nlp.cache_info().misses == 1
