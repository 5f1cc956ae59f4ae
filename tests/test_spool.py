"""The analyses kept on disk between analysis and mapping (kg/spool.py), and the
resolution that holds no mention (Resolution.compact)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg.docgraph import own_evidence
from kg.resolve import _all_mentions, resolve
from kg.spool import Spool, for_resolution


def _entities(resolution):
    return {
        key: (e.kind, e.label, e.aliases, e.bank, e.slug, e.mentions)
        for key, e in resolution.entities.items()
    }


def test_resolution_reads_only_what_for_resolution_keeps(seeds_build):
    extractions = list(seeds_build.extractions)
    whole = resolve(extractions)
    slim = [for_resolution(ex) for ex in extractions]
    assert all(s.sentences == () and s.candidates == () for s in slim)
    assert sum(len(s.observations) + len(s.relations) for s in slim) < sum(
        len(ex.observations) + len(ex.relations) for ex in extractions
    )
    same = resolve(slim)
    assert _entities(same) == _entities(whole)
    assert same.mention_keys == whole.mention_keys
    assert list(same.mention_keys) == list(whole.mention_keys)
    assert (same.doc_banks, same.merges) == (whole.doc_banks, whole.merges)


def test_a_compact_resolution_answers_for_every_mention_and_holds_none(seeds_build):
    whole = seeds_build.resolution
    compact = whole.compact()
    assert compact.mention_keys == {}
    assert all(e.mentions == () for e in compact.entities.values())
    assert list(compact.entities) == list(whole.entities)
    mentions = [m for ex in seeds_build.extractions for m in _all_mentions(ex)]
    assert mentions
    for m in mentions:
        # a mention read back from disk is an equal object, not the same one
        again = replace(m, span=replace(m.span))
        assert compact.entity_of(again) == whole.entity_of(m)
        assert compact.entity_of(again).mentions == ()
    doc = seeds_build.extractions[0].document.name
    assert compact.bank_entity(doc) == whole.bank_entity(doc)


def test_a_compact_resolution_keeps_the_table_when_two_mentions_share_a_hash(
    seeds_build, monkeypatch
):
    whole = seeds_build.resolution
    keys = sorted(set(whole.mention_keys.values()))
    assert len(keys) > 1
    monkeypatch.setattr("kg.resolve.hash", lambda m: 1, raising=False)
    assert whole.compact() is whole


def test_the_spool_gives_back_each_analysis_prepared(seeds_build, tmp_path: Path):
    extractions = list(seeds_build.extractions)
    spool = Spool(tmp_path, len(extractions))
    assert spool.folder.parent == tmp_path and spool.folder.name.startswith(".kg-spool-")
    kept = [spool.keep(i, ex) for i, ex in reversed(list(enumerate(extractions)))][::-1]
    assert kept == [for_resolution(ex) for ex in extractions]
    assert spool.own == [own_evidence(ex) for ex in extractions] == [True] * len(extractions)
    assert len(spool) == len(extractions)
    assert [spool.load(i) for i in range(len(spool))] == extractions
    spool.prepare = lambda ex: replace(ex, candidates=())
    assert list(spool) == [replace(ex, candidates=()) for ex in extractions]
    last = spool[-1]
    assert spool[len(spool) - 1] is last, "the last one read is kept"
    spool.forget()
    assert spool[-1] is not last and spool[-1] == last
    spool.close()
    assert not spool.folder.exists()


def test_a_document_not_written_is_no_analysis(tmp_path: Path):
    spool = Spool(tmp_path, 2)
    try:
        with pytest.raises(KeyError):
            spool[0]
    finally:
        spool.close()


def test_pool_workers_store_and_pack_their_analyses_themselves(tmp_path: Path, monkeypatch):
    """With an AnalysisPool and a spool, each worker writes its analysis to the cache and
    pickles it for the spool: the build process only writes the bytes and keeps what
    resolution reads (it never calls Spool.keep nor stores in the cache itself). The
    spool and the cache then hold what analysing here holds."""
    from kg.documents import read_documents
    from kg.pipeline import ExtractionCache, extract_all, extract_document
    from kg.workers import AnalysisPool, process_nlp

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "north.txt": "北岸银行2023年年度报告\n截至2023年末，本行资产总额达到1,234.5亿元，同比增长6.2%。",
        "south.txt": "南灣銀行2023年年度報告\n截至2023年末，本行客戶存款餘額為876.4億元，較上年末增長3.1%。",
        "east.txt": "东港银行2023年年度报告\n2023年，本行实现营业收入45.6亿元，净利润12.3亿元。",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    documents = read_documents([folder]).documents
    cache = ExtractionCache(tmp_path / "cache")
    cache.folder.mkdir()
    spool = Spool(tmp_path, len(documents))

    def not_here(*args):
        raise AssertionError("kept in the build process")

    pool = AnalysisPool(2)
    try:
        pool.submit(int).result()  # the workers fork before the build process is watched
        monkeypatch.setattr(Spool, "keep", not_here)
        monkeypatch.setattr(ExtractionCache, "store", not_here)
        kept, hits = extract_all(documents, cache=cache, executor=pool, spool=spool)
    finally:
        pool.shutdown()
        monkeypatch.undo()
    try:
        here = [extract_document(process_nlp(), d) for d in documents]
        assert hits == 0
        assert kept == [for_resolution(ex) for ex in here]
        assert all(k.document is d for k, d in zip(kept, documents, strict=True))
        assert [spool.load(i) for i in range(len(documents))] == here
        assert spool.own == [own_evidence(ex) for ex in here]
        assert [cache.load(d) for d in documents] == here
    finally:
        spool.close()


def test_what_resolution_holds_shares_each_string_of_a_document_once():
    """The mentions for_resolution keeps are equal to the analysis's (same hash: a compact
    resolution finds them), but a name said many times is one object, and a quote equal to
    its text is the text (within one document only)."""
    from kg.models import DocumentExtraction, Mention, Span
    from tests.conftest import make_document

    text = "北岸银行手机银行上线。北岸銀行手機銀行升級，北岸银行手机银行用户增长。"
    document = make_document(text, name="north.txt", bank="北岸银行")

    def mention(start: int, end: int, name: str, kind: str) -> Mention:
        # every string a new object, as the recognisers make them
        quote = "".join(list(text[start:end]))
        return Mention(
            "".join(list(quote)),
            "".join(list(name)),
            "".join(list(kind)),
            Span("".join(list("north.txt")), start, end, quote),
            0,
            "".join(list("entity.rule")),
        )

    mentions = (
        mention(4, 8, "手机银行", "Product"),
        mention(15, 19, "手机银行", "Product"),
        mention(26, 30, "手机银行", "Product"),
    )
    ex = DocumentExtraction(document, (), mentions, (), (), ())
    slim = for_resolution(ex).mentions
    assert slim == mentions
    assert [hash(m) for m in slim] == [hash(m) for m in mentions]
    first, second, third = slim
    assert first.name is second.name is third.name is first.text
    assert first.text is first.span.quote
    assert first.span.doc is third.span.doc and first.kind is third.kind
    assert second.text is not first.text  # 手機銀行 as printed stays its own
    assert mentions[0].name is not mentions[1].name


def test_the_build_process_lets_each_packed_analysis_go_once_written(tmp_path: Path):
    """With a pool and a spool, the bytes a worker hands on are written and then let go:
    no finished analysis is held by the build process until the last one comes."""
    import weakref
    from concurrent.futures import Future

    from kg.pipeline import extract_all
    from kg.workers import AnalysisPool
    from tests.conftest import make_document

    documents = [
        make_document(f"北岸银行{n}号网点开业。", name=f"d{n}.txt", bank="北岸银行")
        for n in range(4)
    ]
    made: list[weakref.ref] = []

    class InProcess(AnalysisPool):
        def submit(self, fn, /, *args, **kwargs):
            future: Future = Future()
            future.set_result(fn(*args, **kwargs))
            made.append(weakref.ref(future))
            return future

    spool = Spool(tmp_path, len(documents))
    alive_when_kept: list[int] = []
    keep_packed = spool.keep_packed

    def watched(index, pack):
        alive_when_kept.append(sum(ref() is not None for ref in made))
        return keep_packed(index, pack)

    spool.keep_packed = watched  # type: ignore[method-assign]
    try:
        kept, _ = extract_all(documents, executor=InProcess(1), spool=spool)
        assert [k.document for k in kept] == documents
        # each future is released once its analysis is written: fewer alive each time
        assert alive_when_kept == [4, 3, 2, 1]
    finally:
        spool.close()


def test_a_build_kept_as_files_holds_each_documents_review_items_packed(tmp_path: Path):
    """The review items of a build kept as files are held packed, not as objects, and given
    back a document at a time: the same items, the same candidates.csv and review summary
    as a build that holds them."""
    from kg.pipeline import build
    from kg.review import candidates_csv, review_summary
    from kg.spool import pack_review, unpack_review

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "north.txt": "北岸银行2023年年度报告\n2023年末，本行个人存款余额1,234.5亿元，"
        "另据统计，2023年末，本行个人存款余额1,200.0亿元。本行推出“北岸通”平台。",
        "south.txt": "南灣銀行2023年年度報告\n2023年末，本行客戶存款餘額為876.4億元，"
        "另據統計，2023年末，本行客戶存款餘額為870.1億元。",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    whole = build([folder])
    files = tmp_path / "out"
    files.mkdir()
    kept = build([folder], files=files)
    try:
        assert any(ex.candidates for ex in whole.extractions)
        assert all(ex.candidates == () for ex in kept.extractions)
        assert len(kept.review) == len(kept.extractions) == 2
        assert list(kept.reviewed) == [
            replace(ex, sentences=(), mentions=(), observations=(), relations=())
            for ex in whole.extractions
        ]
        assert kept.reviewed[-1] == kept.reviewed[1] and kept.reviewed[:1] == [kept.reviewed[0]]
        assert candidates_csv(kept.reviewed) == candidates_csv(whole.extractions)
        assert review_summary(kept.reviewed) == review_summary(whole.extractions)
        assert whole.reviewed is whole.extractions
    finally:
        kept.graph.close()  # type: ignore[union-attr]
    items = whole.extractions[0].candidates
    assert unpack_review(pack_review(items)) == items
    assert unpack_review(pack_review(())) == ()


def test_a_compact_resolution_keeps_its_keys_by_hash_in_arrays():
    """Every mention's key by its hash as two arrays of machine integers and each distinct
    key once (no int object nor dict slot per mention); a hash it never saw is no key."""
    from array import array

    from kg.resolve import HashedKeys

    keys = {
        -(2**63): "Bank||北岸银行",
        7: "Product|北岸银行|手机银行",
        2**63 - 1: "Bank||北岸银行",
        3: "x",
    }
    hashed = HashedKeys(keys)
    assert len(hashed) == 4
    assert {h: hashed[h] for h in keys} == keys
    assert isinstance(hashed._hashes, array) and isinstance(hashed._which, array)
    assert hashed._hashes.itemsize + hashed._which.itemsize <= 12
    assert hashed._keys == ("Bank||北岸银行", "Product|北岸银行|手机银行", "x")
    assert hashed[-(2**63)] is hashed[2**63 - 1]
    for missing in (0, 4, 8, -1):
        with pytest.raises(KeyError):
            hashed[missing]
    assert len(HashedKeys({})) == 0
    with pytest.raises(KeyError):
        HashedKeys({})[1]
