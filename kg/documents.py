"""Read input documents: find them, decode them, attach the manifest's metadata.

Reports arrive in whatever encoding the user's tool wrote: UTF-8 with or without a
BOM, UTF-16, GB18030 or Big5. Decoding is strict; a file that decodes as nothing
plausible is reported by name and the rest of the input is still read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kg import decoding, limits, manifest, readers
from kg.decoding import REPLACEMENT, DecodeError
from kg.identity import IdentityError, distinct_files, document_names
from kg.models import Document

MANIFEST = manifest.MANIFEST
TEXT_SUFFIXES = (".txt",)
SUFFIXES = TEXT_SUFFIXES + readers.SUFFIXES
"""Plain text, and the formats of :mod:`kg.readers` (PDF, .docx, HTML)."""


class DocumentError(Exception):
    """A document or manifest that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Defaults:
    """What the command line says about every document of a run (``kg build --bank
    --reference-date``), for the documents whose manifest entry does not say it."""

    bank: str | None = None
    reference_date: date | None = None


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    failures: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def find_documents(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of document files."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise DocumentError(f"{path}: no such file or folder; pass a .txt file or a folder")
        if path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    if not found:
        raise DocumentError(
            f"{', '.join(map(str, paths))}: no documents (.txt, .pdf, .docx, .html) found;"
            " add some or pass --input"
        )
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding). Raises DocumentError."""
    try:
        return decoding.decode(data, name)
    except DecodeError as exc:
        raise DocumentError(str(exc)) from exc


def load_manifest(folder: Path) -> manifest.Manifest:
    """The folder's manifest, checked (:mod:`kg.manifest`); unusable as a whole is an error."""
    try:
        return manifest.load(folder)
    except manifest.ManifestError as exc:
        raise DocumentError(str(exc)) from exc


def _as_date(value: object, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DocumentError(f"{where}: reference_date {value!r} is not an ISO date") from exc


def read_content(path: Path, data: bytes) -> readers.Extracted:
    """The text of a file by its format: plain text decoded, PDF, .docx and HTML through
    :mod:`kg.readers`. Raises DocumentError."""
    if not readers.handles(path):
        text, encoding = decode(data, str(path))
        return readers.Extracted(text, "txt", encoding=encoding)
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty")
    try:
        return readers.read_text(path, data)
    except readers.ReaderError as exc:
        raise DocumentError(str(exc)) from exc


def read_document(
    path: Path, meta: dict | None = None, defaults: Defaults | None = None
) -> Document:
    # imported here: finding the documents (a rebuild with nothing changed) needs none
    from kg import dates
    from kg.banks import infer_bank
    from kg.normalize import script_of

    data = path.read_bytes()
    content = read_content(path, data)
    text, encoding = content.text, content.encoding
    limits.check_text(path, text)  # before any work on it: inferring a date reads it all
    meta = meta or {}
    defaults = defaults or Defaults()
    inferred = set()
    ref = _as_date(meta.get("reference_date"), f"{path.parent / MANIFEST} [{path.name}]")
    if ref is None:
        ref = defaults.reference_date
    if ref is None:
        ref = dates.infer_reference_date(text)
        inferred.add("reference_date")
    bank = meta.get("bank") or defaults.bank
    if not bank:
        bank = infer_bank(text)
        inferred.add("bank")
    return Document(
        name=path.name,
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        title=meta.get("title"),
        bank=bank,
        reference_date=ref,
        inferred=frozenset(inferred),
        script=script_of(text),
        pages=content.pages,
        source_format=content.source_format,
        unread_pages=content.unread_pages,
    )


def unreadable_entry(path: Path, exc: OSError) -> str:
    """One line for an entry that is not a readable file: a dangling symlink, a symlink
    loop, a folder named like a document, a file without read permission."""
    if path.is_symlink() and not path.exists():
        why = "a symlink to nothing (or a loop of symlinks)"
    elif path.is_dir():
        why = "a folder, not a file"
    else:
        why = exc.strerror or exc.__class__.__name__
    return f"{path}: cannot be read: {why}"


def read_documents(paths: list[Path], defaults: Defaults | None = None) -> ReadResult:
    """Read every document under ``paths``; undecodable files are collected, not fatal."""
    return start_reading(paths, defaults)()


def start_reading(
    paths: list[Path], defaults: Defaults | None = None, readers: Executor | None = None
) -> Callable[[], ReadResult]:
    """:func:`read_documents` begun: the files are found and the manifests read now, and
    with ``readers`` (a pool of processes) every file is handed to them at once; the
    function returned gives the result, in the order the files were found, whoever read
    them. The caller loads meanwhile what it needs next (a build, its spaCy pipeline:
    each takes about as long as reading, and one core idled through each in turn)."""
    manifests: dict[Path, manifest.Manifest] = {}
    found = distinct_files(find_documents(paths))
    try:
        names = document_names(found)
    except IdentityError as exc:
        raise DocumentError(str(exc)) from exc
    warnings: list[str] = []
    entries: list[tuple[Path, dict | None] | str] = []
    for path in found:
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
            warnings.extend(manifests[folder].warnings)
        meta = manifests[folder]
        if path.name in meta.errors:
            entries.append(meta.errors[path.name])
        else:
            entries.append((path, meta.entries.get(path.name)))
    jobs = [(e[0], e[1], defaults) for e in entries if not isinstance(e, str)]
    if readers is not None and jobs:
        chunk = max(1, len(jobs) // 64)
        done: Iterator[Document | str] = readers.map(_read_one, jobs, chunksize=chunk)
    else:
        done = map(_read_one, jobs)

    def finish() -> ReadResult:
        documents: list[Document] = []
        failures: list[str] = []
        for entry in entries:
            document = entry if isinstance(entry, str) else next(done)
            if isinstance(document, str):
                failures.append(document)
                continue
            replaced = document.text.count(REPLACEMENT)
            if replaced and document.encoding == "utf-8":
                warnings.append(
                    f"{document.path}: {replaced} invalid UTF-8 byte(s) replaced by U+FFFD;"
                    " the rest was read"
                )
            documents.append(replace(document, name=names[document.path]))
        return ReadResult(tuple(documents), tuple(failures), tuple(warnings))

    return finish


def _read_one(job: tuple[Path, dict | None, Defaults | None]) -> Document | str:
    """One file read, or the one line that says why it cannot be (in a reader process,
    or in this one)."""
    path, meta, defaults = job
    try:
        limits.check_file(path)
        return read_document(path, meta, defaults)
    except (DocumentError, limits.LimitError) as exc:
        return str(exc)
    except OSError as exc:
        return unreadable_entry(path, exc)
