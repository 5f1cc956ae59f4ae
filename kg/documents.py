"""Read input documents: find them, decode them, attach the manifest's metadata.

Reports arrive in whatever encoding the user's tool wrote: UTF-8 with or without a
BOM, UTF-16, GB18030 or Big5. Decoding is strict; a file that decodes as nothing
plausible is reported by name and the rest of the input is still read.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from kg import dates
from kg.banks import infer_bank
from kg.models import Document
from kg.normalize import script_of

MANIFEST = "manifest.yaml"
TEXT_SUFFIXES = (".txt",)


class DocumentError(Exception):
    """A document or manifest that cannot be read; the message names the file."""


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    failures: tuple[str, ...]


def find_documents(paths: list[Path]) -> list[Path]:
    """Expand files and folders into a sorted list of document files."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise DocumentError(f"{path}: no such file or folder; pass a .txt file or a folder")
        if path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in TEXT_SUFFIXES)
        else:
            found.append(path)
    if not found:
        raise DocumentError(
            f"{', '.join(map(str, paths))}: no .txt documents found; add some or pass --input"
        )
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f")
    return bad <= len(text) * 0.01


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding). Raises DocumentError."""
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    else:
        attempts = ["utf-8"]
        even_nuls = data[0::2].count(0)
        odd_nuls = data[1::2].count(0)
        if odd_nuls > len(data) // 8:
            attempts.insert(0, "utf-16-le")
        elif even_nuls > len(data) // 8:
            attempts.insert(0, "utf-16-be")
        if b"\x00" not in data:
            guess = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
            cjk = [guess.encoding] if guess is not None else []
            attempts.extend(cjk + [e for e in ("gb18030", "big5") if e not in cjk])
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise DocumentError(
        f"{name}: not a text document in UTF-8, UTF-16, GB18030 or Big5 (binary file?)"
    )


def load_manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path}: not valid YAML ({exc.__class__.__name__}); fix it") from exc
    if not isinstance(data, dict):
        raise DocumentError(f"{path}: expected a mapping of file name to metadata")
    return {str(k): (v or {}) for k, v in data.items()}


def _as_date(value: object, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DocumentError(f"{where}: reference_date {value!r} is not an ISO date") from exc


def read_document(path: Path, meta: dict | None = None) -> Document:
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    meta = meta or {}
    inferred = set()
    ref = _as_date(meta.get("reference_date"), f"{path.parent / MANIFEST} [{path.name}]")
    if ref is None:
        ref = dates.infer_reference_date(text)
        inferred.add("reference_date")
    bank = meta.get("bank")
    if not bank:
        bank = infer_bank(text)
        inferred.add("bank")
    doc = Document(
        name=path.name,
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        title=meta.get("title"),
        bank=bank,
        reference_date=ref,
        inferred=frozenset(inferred),
    )
    return replace(doc, script=script_of(text))


def read_documents(paths: list[Path]) -> ReadResult:
    """Read every document under ``paths``; undecodable files are collected, not fatal."""
    documents: list[Document] = []
    failures: list[str] = []
    manifests: dict[Path, dict[str, dict]] = {}
    for path in find_documents(paths):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        try:
            documents.append(read_document(path, manifests[folder].get(path.name)))
        except DocumentError as exc:
            failures.append(str(exc))
    return ReadResult(tuple(documents), tuple(failures))
