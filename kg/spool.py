"""Analyses kept on disk from analysis to mapping, so that a build holds one at a time.

Resolution needs every document's mentions at once, but nothing else of an analysis; mapping
needs all of one document's analysis, one document at a time. So ``kg build`` writes each
analysis to one file in the output folder as soon as it is made (:meth:`Spool.keep`),
keeps only what resolution reads (:func:`for_resolution`), and reads each analysis back
when its document is mapped (:meth:`Spool.load`).

The file is a run of pickles: it is written and read by the same build, in a folder it
made for itself (``mkdtemp``, readable by its owner only) and removed at the end, never
read from anywhere else (the analysis cache, which outlives the build, is JSON:
:mod:`kg.codec`).
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import overload

from kg.models import Candidate, DocumentExtraction, Mention, Span

PREFIX = ".kg-spool-"
"""The spool folder's name begins with this (a killed build's is removed by the next one)."""


def for_resolution(ex: DocumentExtraction) -> DocumentExtraction:
    """What :func:`kg.resolve.resolve` reads of an analysis: the document, its mentions, and
    the figures and relations that name a mention the document's list does not hold (their
    ends resolve too) or give an award (its giver scopes it), in their order."""
    listed = set(ex.mentions)

    def new(*mentions: object) -> bool:
        return any(m is not None and m not in listed for m in mentions)

    relations = tuple(
        r for r in ex.relations if r.predicate == "received" or new(r.subject, r.object, r.giver)
    )
    observations = tuple(o for o in ex.observations if new(o.subject))
    return DocumentExtraction(
        ex.document, (), shared_strings(ex.mentions), observations, relations, ()
    )


def shared_strings(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The same mentions (equal, with equal hashes), each distinct string of them one object:
    a document names its bank, its products and its departments many times over, each
    mention with its own copies of the same text, name and quote (and pickling keeps one
    object once, not one value). What resolution holds of every document until all are
    analysed is then about half as large. Strings are shared within the document only."""
    strings: dict[str, str] = {}
    one = strings.setdefault
    out = []
    for m in mentions:
        span = m.span
        text = one(m.text, m.text)
        out.append(
            Mention(
                text,
                one(m.name, m.name),
                one(m.kind, m.kind),
                Span(one(span.doc, span.doc), span.start, span.end, one(span.quote, span.quote)),
                m.sentence,
                one(m.rule, m.rule),
            )
        )
    return tuple(out)


Packed = tuple[bytes, DocumentExtraction, bool]
"""An analysis as a worker process hands it on (:func:`packed`)."""


def packed(ex: DocumentExtraction) -> Packed:
    """An analysis made ready for :meth:`Spool.keep_packed` where it was made (a worker
    process): pickled as the spool writes it, what resolution reads of it
    (:func:`for_resolution`) and whether its evidence is its own. The build process then
    neither receives the whole analysis nor pickles it again."""
    from kg.docgraph import own_evidence

    data = pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)
    return data, for_resolution(ex), own_evidence(ex)


class _Analyses(Sequence[DocumentExtraction]):
    """A sequence of analyses made one at a time when asked for (:meth:`_item`)."""

    def _item(self, index: int) -> DocumentExtraction:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> DocumentExtraction: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[DocumentExtraction]: ...

    def __getitem__(self, index: int | slice) -> DocumentExtraction | Sequence[DocumentExtraction]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return self._item(index)


class Spool(_Analyses):
    """Each document's analysis, by its number in the build, in one file of ``folder``.

    ``prepare`` is applied to each analysis read back (the build reconciles its figures with
    the resolution there: :func:`kg.review.reconcile_figures`)."""

    def __init__(self, folder: Path, count: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=folder))
        self.path = self.folder / "analyses.pickle"
        self._fh = self.path.open("wb")
        self._where: list[tuple[int, int] | None] = [None] * count
        self.own: list[bool] = [True] * count
        """Whether each document's evidence lies in its own text
        (:func:`kg.docgraph.own_evidence`)."""
        self.prepare: Callable[[DocumentExtraction], DocumentExtraction] | None = None
        self._last: tuple[int, DocumentExtraction] | None = None

    def keep(self, index: int, ex: DocumentExtraction) -> DocumentExtraction:
        """Write an analysis to the file; returns what resolution reads of it."""
        return self.keep_packed(index, packed(ex))

    def keep_packed(self, index: int, pack: Packed) -> DocumentExtraction:
        """:meth:`keep` of an analysis :func:`packed` elsewhere."""
        data, slim, own = pack
        start = self._fh.tell()
        self._fh.write(data)
        self._where[index] = (start, len(data))
        self.own[index] = own
        return slim

    def close_writing(self) -> None:
        """Every analysis is written: the file may now be read (here or by forked workers)."""
        if not self._fh.closed:
            self._fh.close()

    def load(self, index: int) -> DocumentExtraction:
        """One document's analysis as it was made (before ``prepare``)."""
        where = self._where[index]
        if where is None:
            raise KeyError(index)
        self.close_writing()
        with self.path.open("rb") as fh:
            fh.seek(where[0])
            ex = pickle.loads(fh.read(where[1]))
        if not isinstance(ex, DocumentExtraction):
            raise TypeError(f"not an analysis at {index} in {self.path}")
        return ex

    def __len__(self) -> int:
        return len(self._where)

    def _item(self, index: int) -> DocumentExtraction:
        """The analysis, prepared; the last one read is kept (mapping asks twice in a row)."""
        if index < 0:
            index += len(self)
        if self._last is not None and self._last[0] == index:
            return self._last[1]
        ex = self.load(index)
        if self.prepare is not None:
            ex = self.prepare(ex)
        self._last = (index, ex)
        return ex

    def __iter__(self) -> Iterator[DocumentExtraction]:
        for i in range(len(self)):
            yield self[i]

    def forget(self) -> None:
        """Drop the analysis kept from the last read."""
        self._last = None

    def close(self) -> None:
        self.close_writing()
        self._last = None
        shutil.rmtree(self.folder, ignore_errors=True)


class Reviewed(_Analyses):
    """:attr:`kg.pipeline.BuildResult.reviewed` of a build kept as files: each document's
    review items unpacked when asked for, so that they are never all held as objects at
    once (a document's items are ~35 KB as objects, ~5 KB packed)."""

    def __init__(self, extractions: Sequence[DocumentExtraction], review: Sequence[bytes]):
        self._extractions = extractions
        self._review = review

    def __len__(self) -> int:
        return len(self._extractions)

    def _item(self, index: int) -> DocumentExtraction:
        ex = self._extractions[index]
        return replace(ex, candidates=unpack_review(self._review[index]))


def pack_review(candidates: tuple[Candidate, ...]) -> bytes:
    """A document's review items as :attr:`kg.pipeline.BuildResult.review` keeps them
    (pickled in this process for this process: nothing read from elsewhere)."""
    return zlib.compress(pickle.dumps(candidates, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_review(data: bytes) -> tuple[Candidate, ...]:
    """The review items :func:`pack_review` packed."""
    items = pickle.loads(zlib.decompress(data))
    if not isinstance(items, tuple):
        raise TypeError("not a document's review items")
    return items
