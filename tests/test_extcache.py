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


def test_an_entry_is_kept_unsynced_and_one_a_crash_tore_is_analysed_again(
    tmp_path: Path, monkeypatch
):
    """Entries are written without waiting for the disk: one a crash left empty or cut
    short is no analysis (load gives None, the document is analysed again)."""
    import os

    from kg.documents import read_documents
    from kg.pipeline import extract_document
    from kg.workers import process_nlp

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "截至2024年末，星河銀行個人客戶達到1,200萬戶。", encoding="utf-8"
    )
    document = read_documents([tmp_path / "in"]).documents[0]
    cache = extcache.ExtractionCache(tmp_path / "cache")
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    extraction = extract_document(process_nlp(), document)
    cache.store(extraction)
    assert synced == []
    assert cache.load(document) == extraction
    (entry,) = (tmp_path / "cache").iterdir()
    whole = entry.read_bytes()
    for torn in (b"", whole[: len(whole) // 2], b"\0" * len(whole)):
        entry.write_bytes(torn)
        assert cache.load(document) is None
