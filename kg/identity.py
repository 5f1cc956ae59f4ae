"""Document identity: one name, and so one IRI, per input file, never shared.

A document is named by its file name, which keeps IRIs short and stable. Two inputs
whose names would give one IRI (``a/report.txt`` and ``b/report.txt``, or
``Report_A.txt`` beside ``report-a.txt``: the slug folds case and ``_``) are named
by the shortest tail of their paths that tells them apart (``a/report.txt``), so
they build as two documents instead of one node with two hashes and mixed spans.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from kg.iris import doc_slug


class IdentityError(Exception):
    """Two inputs that no name tells apart; the message names both."""


def _tail(path: Path, parts: int) -> str:
    return "/".join(path.parts[-parts:])


def document_names(paths: list[Path]) -> dict[Path, str]:
    """A distinct name for each of ``paths`` (already distinct files) whose
    :func:`kg.iris.doc_slug` is distinct too: the file name where it is alone, else the
    shortest path tail that separates the documents sharing its slug."""
    absolute = {p: p.absolute() for p in paths}
    names = {p: p.name for p in paths}
    groups: dict[str, list[Path]] = defaultdict(list)
    for p in paths:
        groups[doc_slug(p.name)].append(p)
    for members in groups.values():
        if len(members) < 2:
            continue
        depth = max(len(absolute[p].parts) for p in members)
        for parts in range(2, depth + 1):
            tails = {p: _tail(absolute[p], parts) for p in members}
            if len(set(tails.values())) == len(members):
                names.update(tails)
                break
        else:
            a, b = members[:2]
            raise IdentityError(f"{a} and {b}: the same document path twice; pass it once")
    taken: dict[str, Path] = {}
    for p in sorted(paths, key=lambda p: names[p]):
        slug = doc_slug(names[p])
        if slug in taken:
            raise IdentityError(
                f"{taken[slug]} and {p}: both would be document {slug!r}; rename one of them"
            )
        taken[slug] = p
    return names


def distinct_files(paths: list[Path]) -> list[Path]:
    """``paths`` without a second way of naming one file (``seeds/x.txt`` and
    ``./seeds/../seeds/x.txt``): the same document given twice is read once."""
    seen: set[str] = set()
    out = []
    for p in paths:
        real = os.path.realpath(p)
        if real not in seen:
            seen.add(real)
            out.append(p)
    return out
