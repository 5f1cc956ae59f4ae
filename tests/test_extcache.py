"""The analysis cache's module: kg.pipeline hands on the same cache and fingerprint (its
callers, kg.cluster and the tests, import them from there)."""

from pathlib import Path

from kg import extcache, pipeline


def test_the_pipeline_hands_on_the_caches_own_objects():
    assert pipeline.ExtractionCache is extcache.ExtractionCache
    assert pipeline.code_fingerprint is extcache.code_fingerprint


def test_the_fingerprint_covers_the_caches_own_module():
    """The cache's code decides what a cached analysis is: its module is hashed with the
    rest of the package (editing it invalidates every entry)."""
    source = Path(extcache.__file__)
    assert source.suffix == ".py" and source.parent.name == "kg"
    fingerprint = extcache.code_fingerprint()
    assert len(fingerprint) == 64 and fingerprint == pipeline.code_fingerprint()
