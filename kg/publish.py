"""Publishing a build's outputs as one set, and only where they should land.

``graph.ttl``, ``candidates.csv`` and ``validation.txt`` are written complete into a
staging folder inside the out folder first and renamed into place one after the other
only when all of them are written: a failure while writing any of them (disk full, a
kill) leaves every earlier output as it was. A lock on the out folder keeps two builds
from mixing their files; temporaries a killed build left behind are removed when the
next one starts; an output that a build no longer makes (``validation.txt`` after
``--no-validate``) is removed, so what is there always belongs together. Nothing is
written through a symlink, FIFO or device unless the caller forces it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

LOCK = ".lock"
STAGING_PREFIX = ".publish-"
SCRATCH_PREFIXES = (STAGING_PREFIX, ".kg-graph-", ".kg-spool-")
"""The folders a build keeps its work in while it runs (the staging folder of the outputs,
the graph kept as files: :mod:`kg.docgraph`, the analyses: :mod:`kg.spool`)."""
TEMPORARY_GLOBS = (".*.tmp", ".cache/.*.tmp", "text/.*.tmp")
"""What a killed build may leave: atomic-write temporaries here, in the cache and among
the texts read from PDF, Word and HTML."""


class OutputError(Exception):
    """An out folder or output path that cannot be used; the message names it."""


def special_kind(path: Path) -> str | None:
    """What ``path`` is if it is not a regular file one may replace: a symlink, a FIFO, a
    device, a socket or a folder; None for a regular file or nothing at all."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return None


def check_target(path: Path, force: bool = False) -> None:
    """Refuse to replace anything but a regular file at ``path`` (unless ``force``)."""
    kind = special_kind(path)
    if kind == "a folder" or (kind is not None and not force):
        hint = "" if kind == "a folder" else " (or pass --force to replace it)"
        raise OutputError(
            f"{path}: is {kind}, not a regular file; refusing to write there: remove it or "
            f"choose another path{hint}"
        )


def check_out_dir(out_dir: Path, force: bool = False) -> None:
    """The out folder must be a folder (or not exist yet), and not a symlink unless forced."""
    kind = special_kind(out_dir)
    if kind == "a symlink" and not force:
        raise OutputError(
            f"{out_dir}: is a symlink; refusing to write through it: pass the real folder "
            "or --force"
        )
    if kind not in (None, "a folder", "a symlink") or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir}: is not a folder; choose another --out")


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the out folder's lock; another build into it fails at once with a clear line."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{out_dir}: another kg build is writing here; wait for it or choose another --out"
            ) from None
        yield
    finally:
        os.close(fd)


def clean_temporaries(out_dir: Path) -> list[Path]:
    """Remove what a killed build left (call with the lock held); returns what went."""
    gone = []
    for pattern in TEMPORARY_GLOBS:
        for path in out_dir.glob(pattern):
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                gone.append(path)
    for path in (p for prefix in SCRATCH_PREFIXES for p in out_dir.glob(f"{prefix}*")):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    return sorted(gone)


Writer = Callable[[IO[bytes], Path], None]
"""Writes a file's content to the open file; may keep scratch files in the folder given
(the staging folder, removed afterwards, and by :func:`clean_temporaries` after a kill)."""


def publish(
    out_dir: Path,
    files: Mapping[str, bytes | Writer],
    remove: Sequence[str] = (),
    force: bool = False,
) -> dict[str, Path]:
    """Write ``files`` (name -> content, or a :data:`Writer` of it, for a file too large to
    hold in memory) into ``out_dir`` together: all are written and
    synced in a staging folder before the first is renamed into place; then the names in
    ``remove`` (stale outputs of an earlier build) are deleted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in (*files, *remove):
        check_target(out_dir / name, force)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        umask = os.umask(0)
        os.umask(umask)
        for name, data in files.items():
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask)
            with os.fdopen(fd, "wb") as fh:
                if callable(data):
                    data(fh, staging)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        out = {}
        for name in files:
            os.replace(staging / name, out_dir / name)
            out[name] = out_dir / name
        for name in remove:
            (out_dir / name).unlink(missing_ok=True)
        dir_fd = os.open(out_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return out
    finally:
        shutil.rmtree(staging, ignore_errors=True)
