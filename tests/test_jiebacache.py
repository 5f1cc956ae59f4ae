"""kg.jiebacache: the tables read from the cache file are jieba's own, and a bad or
unwritable cache only means the usual loading. Each load runs in a new interpreter (jieba
loads its tables once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# prints a digest of jieba's dictionary, its total and posseg's tag table, in their order
PROBE = """
import hashlib, json, sys
import jieba
if sys.argv[1] == "cache":
    from kg import jiebacache
    posseg = jiebacache.load(jieba)
else:
    jieba.dt.check_initialized()
    import jieba.posseg as posseg
def digest(table):
    return hashlib.sha1(repr(list(table.items())).encode()).hexdigest()
print(json.dumps([digest(jieba.dt.FREQ), jieba.dt.total, digest(posseg.dt.word_tag_tab),
                  len(jieba.dt.FREQ), len(posseg.dt.word_tag_tab),
                  [w for w, t in posseg.cut("平安银行推出口袋银行")]]))
"""


def _probe(how: str, cache_home: Path) -> list:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, how],
        capture_output=True,
        text=True,
        check=True,
        env={"XDG_CACHE_HOME": str(cache_home), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> list:
    """The tables as jieba loads them itself."""
    return _probe("plain", tmp_path_factory.mktemp("plain"))


def test_the_cache_holds_jiebas_own_tables(tmp_path, plain):
    first = _probe("cache", tmp_path)  # no file yet: loaded the usual way, then written
    files = list((tmp_path / "bank-kg").glob("jieba-*.marshal"))
    assert len(files) == 1
    second = _probe("cache", tmp_path)  # read from the file
    assert first == plain and second == plain
    assert plain[3] > 300_000 and plain[4] > 300_000
    assert plain[5] == ["平安", "银行", "推出", "口袋", "银行"]


def test_a_damaged_cache_file_is_replaced(tmp_path, plain):
    _probe("cache", tmp_path)
    (path,) = (tmp_path / "bank-kg").glob("jieba-*.marshal")
    path.write_bytes(b"not marshal at all")
    assert _probe("cache", tmp_path) == plain
    assert path.stat().st_size > 1_000_000
    assert _probe("cache", tmp_path) == plain


def test_an_unwritable_cache_folder_only_means_the_usual_loading(tmp_path, plain):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert _probe("cache", blocker) == plain
    assert blocker.read_text() == "a file where the cache folder would be"


def test_a_new_file_removes_its_familys_stale_ones(tmp_path):
    """Writing a cache file removes the files of its family unused for STALE_DAYS (another
    jieba's or an edited table's), and keeps the recent ones and other families'."""
    from kg import jiebacache

    folder = tmp_path / "bank-kg"
    folder.mkdir()
    old = time.time() - (jiebacache.STALE_DAYS + 1) * 86400
    stale = folder / "rules-entities-aaaa.marshal"
    recent = folder / "rules-entities-bbbb.marshal"
    other = folder / "rules-lexicon-cccc.marshal"
    for path in (stale, recent, other):
        path.write_bytes(b"x")
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    new = folder / "rules-entities-dddd.marshal"
    jiebacache.write_atomically(new, b"data", prefix=".rules-", family="rules-entities-")
    assert sorted(p.name for p in folder.iterdir()) == [
        "rules-entities-bbbb.marshal",
        "rules-entities-dddd.marshal",
        "rules-lexicon-cccc.marshal",
    ]
    assert new.read_bytes() == b"data"


def test_a_file_read_is_marked_as_used(tmp_path, monkeypatch):
    """Reading a rule table's cache file marks it as used, so a stale-file sweep keeps it."""
    from kg import grammar, jiebacache

    old = time.time() - (jiebacache.STALE_DAYS + 1) * 86400
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(grammar, "_PARSED", {})
    grammar.load_table("units.yaml")  # parsed and written
    (path,) = (tmp_path / "bank-kg").glob("rules-units-*.marshal")
    os.utime(path, (old, old))
    monkeypatch.setattr(grammar, "_PARSED", {})
    grammar.load_table("units.yaml")  # read from the file
    assert path.stat().st_mtime > old + 86400
