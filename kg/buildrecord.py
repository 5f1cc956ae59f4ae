"""The record of the last build in an output folder (``.cache/build.json``): what it was
made from and what it wrote, so that a build with nothing changed keeps its outputs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.documents import Defaults

STAMP = "build.json"


def input_key(
    inputs: Sequence[Path],
    base: str | None,
    run_validation: bool,
    defaults: Defaults | None,
    variant: str,
    fingerprint: str,
) -> str | None:
    """Everything the outputs depend on, taken without decoding a single document (reading
    them, with their inference of dates and banks, is most of a no-change rebuild): the
    code's ``fingerprint`` (:func:`kg.pipeline.code_fingerprint`), the options, each
    document file's path and bytes, the manifests beside them, the ontology and shapes.
    None when the inputs cannot be listed (the build then reports why)."""
    from kg import ONTOLOGY_DIR
    from kg.documents import MANIFEST, DocumentError, find_documents

    try:
        found = find_documents(list(inputs))
    except (DocumentError, OSError):
        return None
    digest = hashlib.sha256(repr((fingerprint, base, run_validation, defaults, variant)).encode())
    try:
        for path in found:
            digest.update(
                f"{path.resolve()}\0".encode() + hashlib.sha256(path.read_bytes()).digest()
            )
        for folder in sorted({p.parent for p in found}):
            manifest = folder / MANIFEST
            if manifest.exists():
                digest.update(f"{manifest.resolve()}\0".encode() + manifest.read_bytes())
    except OSError:
        return None
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _file_sha256(path: Path) -> str | None:
    """Read in blocks: graph.ttl of a thousand reports is hundreds of MB."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def reuse(out_dir: Path, key: str) -> dict | None:
    """The record of the last build in ``out_dir`` if it was made from the same inputs and
    its outputs are still there, unmodified."""
    try:
        record = json.loads((out_dir / ".cache" / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    files = record.get("files", {})
    if not files or any(_file_sha256(out_dir / name) != sha for name, sha in files.items()):
        return None
    return record


def write_record(out_dir: Path, key: str, paths: dict[str, Path], figures: dict) -> None:
    """What the build wrote (every file, with its sha256) and the figures of its summary
    (stats, review, validation, warnings)."""
    from kg.graphio import write_bytes

    written = []
    for path in paths.values():
        written.extend(sorted(path.rglob("*")) if path.is_dir() else [path])
    record = {
        "key": key,
        "paths": {label: str(p.relative_to(out_dir)) for label, p in paths.items()},
        "files": {str(p.relative_to(out_dir)): _file_sha256(p) for p in written if p.is_file()},
        **figures,
    }
    write_bytes(out_dir / ".cache" / STAMP, json.dumps(record, ensure_ascii=False).encode())
