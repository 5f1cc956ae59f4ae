"""Plain, frozen data types passed between the stages of the pipeline.

spaCy objects stay inside :mod:`kg.nlp`, rdflib objects start in :mod:`kg.rdfmap`;
everything in between is one of these dataclasses. Offsets always count Unicode code
points in the ORIGINAL decoded text of a document, 0-based and end-exclusive.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kg import kinds

if TYPE_CHECKING:
    from kg.normalize import TextView

ENTITY_KINDS: tuple[str, ...] = kinds.names()
"""The kinds of entity, in the order of ``kg/rules/kinds.yaml``."""

RELATIONS: tuple[str, ...] = (
    "partOf",
    "versionOf",
    "supports",
    "responsibleFor",
    "collaboratesWith",
    "partnersWith",
    "targets",
    "received",
)

MEASURES: tuple[str, ...] = ("level", "change", "growthRate", "ppChange", "share")

_C = TypeVar("_C", bound=type)


def _pickled_by_fields(cls: _C) -> _C:
    """``cls`` (a frozen dataclass with slots) pickled as a call of the class with its
    fields in order: dataclasses' own ``__getstate__``/``__setstate__`` of such a class
    call ``dataclasses.fields`` at every instance, a third of the cost of the analyses'
    pickling (the spool, the pool's workers). The same objects come back; pickles made
    the old way still load (``__setstate__`` is left as it is)."""
    names = [f.name for f in fields(cls)]
    assert len(names) > 1, "attrgetter of one name gives the value, not a tuple"
    get: Callable[[object], tuple] = operator.attrgetter(*names)

    def __reduce__(self: object) -> tuple[type, tuple]:
        return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@dataclass(frozen=True)
class Document:
    """One decoded input document and what is known about it."""

    name: str
    path: Path
    text: str
    encoding: str
    sha256: str
    title: str | None = None
    bank: str | None = None
    reference_date: date | None = None
    inferred: frozenset[str] = frozenset()
    script: str = "zh-Hans"
    pages: tuple[int, ...] = ()
    """Where each page starts in ``text`` (formats with pages: PDF); empty for the others."""
    source_format: str = "txt"
    """txt, pdf, docx or html: the format the text was read from."""
    unread_pages: tuple[tuple[int, str], ...] = ()
    """(page number, reason) of the pages a reader could not read (their text is empty)."""

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding an offset of ``text``, or None for a format without pages."""
        if not self.pages:
            return None
        return max(bisect.bisect_right(self.pages, offset), 1)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: a run of characters in one document's original text."""

    doc: str
    start: int
    end: int
    quote: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the original text, after repairing PDF line breaks."""

    doc: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TextContext:
    """A document ready for extraction: its normalised view, sentences and tokens.

    Extractors match on ``view.text`` (view offsets) and report evidence with
    :meth:`span`, which maps view offsets back to the original text.
    ``sentence_bounds`` and ``tokens`` are view offsets.
    """

    document: Document
    view: TextView
    sentences: tuple[Sentence, ...]
    sentence_bounds: tuple[tuple[int, int], ...]
    tokens: tuple[tuple[int, int], ...] = ()

    def span(self, start: int, end: int) -> Span:
        s, e = self.view.to_original(start, end)
        return Span(self.document.name, s, e, self.document.text[s:e])

    def sentence_at(self, view_pos: int) -> int:
        """Index of the sentence containing a view position (the last one that starts before it)."""
        lo, hi = 0, len(self.sentence_bounds)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentence_bounds[mid][0] <= view_pos:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    def view_bounds(self, span: Span) -> tuple[int, int]:
        """The view offsets of an original-text span."""
        return self.view.to_view(span.start), self.view.to_view(span.end)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised surface form of an entity in a document.

    ``name`` is the normalised (simplified, half-width, unquoted) name used for
    resolution; ``text`` is the surface form exactly as printed.
    """

    text: str
    name: str
    kind: str
    span: Span
    sentence: int
    rule: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Candidate:
    """An item of the review queue: a span a weak pattern proposed but the builder did not
    accept, a figure it held back, or a sentence, table row or page it could not read.

    ``start``/``end`` are offsets of the document's text, ``page`` its 1-based page (for
    formats with pages) and ``reason`` says in words why the item is here."""

    name: str
    kind_guess: str
    rule: str
    doc: str
    sentence_text: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    reason: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Observation:
    """One reported number about a subject, at a date.

    ``subject`` is None when the number is about the document's bank itself.
    ``value`` is in base units (元, 户, %, ...), ``raw`` is the printed number and unit.
    """

    subject: Mention | None
    metric: str
    value: Decimal
    unit: str
    date: date
    raw: str
    span: Span
    sentence: int
    rule: str
    measure: str = "level"
    qualifier: str | None = None
    basis: str | None = None
    direction: str | None = None
    period: str | None = None
    planned: bool = False
    subject_rule: str | None = None
    """The id of the step of the subject chain that chose ``subject``."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two mentions, with the sentence that states it.

    ``span`` lies inside sentence ``sentence``. A rule that reads across sentences (a
    paragraph's topic, the antecedent of 「其中」) also keeps ``context``: the span in an
    earlier sentence ``context_sentence`` that names the other end.
    """

    subject: Mention
    predicate: str
    object: Mention
    span: Span
    sentence: int
    rule: str
    giver: Mention | None = None
    context: Span | None = None
    context_sentence: int | None = None


@dataclass(frozen=True)
class DocumentExtraction:
    """Everything extracted from one document, before cross-document resolution."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    observations: tuple[Observation, ...]
    relations: tuple[Relation, ...]
    candidates: tuple[Candidate, ...] = ()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    lang: str


@dataclass(frozen=True)
class Entity:
    """One real-world thing after resolution: one node in the graph."""

    key: str
    kind: str
    label: str
    aliases: tuple[Alias, ...]
    bank: str | None
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
    slug: str | None = None
