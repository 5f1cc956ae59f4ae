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
