"""jieba's dictionary and posseg's tag table from one marshal file, to start a cold
process sooner.

jieba keeps its prefix dictionary in a marshal cache of its own but reads it with
``marshal.load`` on the open file, which reads it a few bytes at a time (0.8 s for 9 MB);
``jieba.posseg`` parses its ``dict.txt`` again for the tags at import (0.35-0.45 s).
Here both tables are kept in one file read whole (0.3-0.4 s), written the first time a
process loads them the usual way. The file sits in the user's cache folder
(``$XDG_CACHE_HOME/bank-kg``, else ``~/.cache/bank-kg``), named by a hash of what the
tables are made of (jieba's version, its dictionary's size and time, Python's marshal
format): a new jieba or dictionary gets a new file. A missing, unreadable or unwritable
cache only means the usual loading.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bumped when what the file holds changes."""
STALE_DAYS = 30
"""A file of the cache folder not used for this many days, of a kind written anew (an
older jieba's tables, an edited rule table's), is removed when a new one is written."""


def cache_dir() -> Path:
    """The user's cache folder for bank-kg."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bank-kg"


def _key(jieba: Any) -> str:
    dict_path = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = dict_path.stat()
    parts = (
        FORMAT,
        jieba.__version__,
        stat.st_size,
        stat.st_mtime_ns,
        marshal.version,
        sys.version_info[:2],
    )
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _read(path: Path, key: str) -> tuple[dict[str, int], int, dict[str, str]] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    used(path)
    if not (isinstance(data, tuple) and len(data) == 4 and data[0] == key):
        return None
    _, freq, total, tags = data
    return freq, total, tags


def _write(path: Path, data: tuple[str, dict[str, int], int, dict[str, str]]) -> None:
    write_atomically(path, marshal.dumps(data), prefix=".jieba-", family="jieba-")


def write_atomically(path: Path, data: bytes, prefix: str, family: str | None = None) -> None:
    """A file of the cache folder written atomically, or not at all: another process may
    read or write it meanwhile, and a folder that cannot be written only means no cache.
    The files of its ``family`` (names that start so) not used for ``STALE_DAYS`` go."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    if family is not None:
        prune(path, family)


def used(path: Path) -> None:
    """Mark a cache file as used now (its time), so that pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(keep: Path, family: str) -> None:
    """Remove the files of the cache folder whose names start with ``family`` and end like
    ``keep``'s, but ``keep``, when unused for ``STALE_DAYS``: another version's tables,
    which a version still in use would have marked as used."""
    cutoff = time.time() - STALE_DAYS * 86400
    try:
        old = [
            p
            for p in keep.parent.glob(f"{family}*{keep.suffix}")
            if p != keep and p.stat().st_mtime < cutoff
        ]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError:
        pass


def load(jieba: Any) -> Any:
    """``jieba.posseg``, imported with jieba's default dictionary and posseg's tag table
    loaded (from the cache file when there is one, which is then written if missing).
    Tables already loaded in this process, or a dictionary other than jieba's default,
    are left to jieba."""
    dt = jieba.dt
    if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT or "jieba.posseg" in sys.modules:
        dt.check_initialized()
        import jieba.posseg as posseg

        return posseg
    key = _key(jieba)
    path = cache_dir() / f"jieba-{key}.marshal"
    found = _read(path, key)
    if found is None:
        dt.check_initialized()
        import jieba.posseg as posseg

        # the tag table's words as the very strings of the dictionary's, and its tags
        # interned: marshal then writes each once and refers to it (a third less to
        # read, loaded in half the time)
        words = {word: word for word in dt.FREQ}
        tags = {words.get(w, w): sys.intern(t) for w, t in posseg.dt.word_tag_tab.items()}
        _write(path, (key, dt.FREQ, dt.total, tags))
        return posseg
    freq, total, tags = found
    with dt.lock:
        dt.FREQ, dt.total = freq, total
        dt.initialized = True
    # posseg reads dict.txt for its tags when imported: given an empty file instead,
    # then the cached table
    dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg as posseg
    finally:
        del dt.get_dict_file
    posseg.dt.word_tag_tab = tags
    return posseg
