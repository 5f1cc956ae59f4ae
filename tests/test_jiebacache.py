"""kg.jiebacache: the tables read from the cache file are jieba's own, and a bad or
unwritable cache only means the usual loading. Each load runs in a new interpreter (jieba
loads its tables once per process)."""

from __future__ import annotations

import json
import subprocess
import sys
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
