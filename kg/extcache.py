"""The analysis cache (``OUT/.cache``): each document's analysis kept on disk, keyed by the
document and by a fingerprint of the code that made it (:func:`code_fingerprint`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from kg import __version__, codec
from kg.documents import Document
from kg.models import DocumentExtraction


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything that decides an extraction: the package's code and rule tables
    and the versions of the libraries that segment and convert text."""
    digest = hashlib.sha256(__version__.encode())
    package = resources.files("kg")
    files = sorted(
        (str(p.relative_to(str(package))), p)
        for p in Path(str(package)).rglob("*")
        if p.is_file() and p.suffix in (".py", ".yaml", ".csv")
    )
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("spacy", "jieba", "opencc"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(dist.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class ExtractionCache:
    """Analysed documents kept on disk, so that a rebuild analyses only new or changed ones.

    An entry is keyed by the document (its text's sha256 and every field a manifest or
    inference sets) and by :func:`code_fingerprint`: editing any rule or module of ``kg``
    invalidates every entry, so a cached build is byte-identical to a fresh one. Entries
    are JSON read back by declared type (:mod:`kg.codec`): a file someone else wrote can
    be wrong, and is then ignored, but cannot run code as a pickle could.
    """

    folder: Path
    variant: str = ""
    """What else decides an analysis besides code and document: the span scorer's model."""

    def key(self, document: Document) -> str:
        """Stable across processes: no reprs of sets, whose order changes with the hash seed."""
        fields = (
            code_fingerprint(),
            self.variant,
            document.name,
            document.sha256,
            document.encoding,
            document.title,
            document.bank,
            document.reference_date,
            sorted(document.inferred),
            document.script,
        )
        return hashlib.sha256(repr(fields).encode()).hexdigest()

    def load(self, document: Document) -> DocumentExtraction | None:
        path = self.folder / f"{self.key(document)}.json"
        try:
            cached = codec.loads(path.read_bytes(), DocumentExtraction)
        except (OSError, codec.CodecError):
            return None
        if cached.document.sha256 != document.sha256:
            return None
        return replace(cached, document=document)

    def store(self, extraction: DocumentExtraction) -> None:
        """The analysis kept, not synced to the disk: an entry a crash left empty or torn
        fails :meth:`load`'s checks and is analysed again, and syncing each cost a worker
        a wait per document (105 syncs, 0.65 s of a 100-document build)."""
        path = self.folder / f"{self.key(extraction.document)}.json"
        from kg.graphio import write_bytes

        write_bytes(path, codec.dumps(extraction), durable=False)
