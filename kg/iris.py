"""IRIs: ASCII, readable, stable across builds and documents.

Entities get a slug from the lexicon where a person chose one, otherwise pinyin of
the normalised name plus a short hash of the resolution key, so two homophones
never collide and the same name in either script always gets the same IRI.
Machine-made nodes (spans, observations, statements) use content hashes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any


def short_hash(*parts: object, length: int = 8) -> str:
    data = "|".join(str(p) for p in parts).encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:length]


@lru_cache(maxsize=65536)
def ascii_slug(text: str, max_words: int = 8) -> str:
    """Pinyin for Han characters, lower-case ASCII for the rest, words joined by '-'."""
    from pypinyin import Style, lazy_pinyin  # here: its dictionaries take most of a second to load

    words: list[str] = []
    keep: Any = lambda s: [s]  # noqa: E731 - pypinyin accepts a callable returning a list
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors=keep):
        piece = unicodedata.normalize("NFKD", piece).encode("ascii", "ignore").decode().lower()
        words.extend(w for w in re.split(r"[^a-z0-9]+", piece) if w)
    return "-".join(words[:max_words]) or "x"


def entity_slug(name: str, key: str, curated: str | None = None) -> str:
    if curated:
        return curated
    return f"{ascii_slug(name)}-{short_hash(key, length=4)}"


@lru_cache(maxsize=4096)
def doc_slug(file_name: str) -> str:
    """The file stem when it is plain ASCII, else its pinyin plus a hash of the file name
    (remembered: mapping asks for it at every span and sentence of the document)."""
    stem = file_name.rsplit(".", 1)[0]
    if re.fullmatch(r"[A-Za-z0-9_-]+", stem):
        return stem.lower().replace("_", "-")
    return f"{ascii_slug(stem, max_words=6)}-{short_hash(file_name, length=6)}"


def metric_slug(name: str) -> str:
    return f"{ascii_slug(name)}-{short_hash(name, length=4)}"


class IriError(ValueError):
    """A base IRI instances cannot be minted under; the message says why."""


_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\\x00-\x1f\x7f\ud800-\udfff]')


def check_base_iri(base: str) -> str:
    """``base`` if instance IRIs can be minted under it (``BASE/id/product/…``): an
    absolute http(s) IRI with a host, no query or fragment and no character an IRI
    cannot hold. Checked before any analysis, so a typo costs nothing."""
    from urllib.parse import urlsplit

    bad = _IRI_FORBIDDEN.search(base)
    if bad:
        raise IriError(f"{base!r}: {bad.group()!r} cannot appear in an IRI")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise IriError(f"{base!r}: not an absolute http(s) IRI, e.g. https://example.org/kg/")
    if "#" in base or "?" in base:
        mark = "#" if "#" in base else "?"
        raise IriError(
            f"{base!r}: a base IRI cannot hold {mark!r}; instances are minted under it "
            f"as BASE/id/KIND/NAME (e.g. {parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/)"
        )
    return base
