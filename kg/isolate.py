"""Run an extractor so that no one sentence can stop a document, nor a document a build.

The extractors read a whole document at once (a paragraph's topic, the antecedent of
「其中」 and a table's header reach across sentences). When one of them raises on a
document, the document is read again in halves, and the halves that still fail in
halves again, down to single sentences: the sentences that cannot be read go to the
review queue with the error as their reason, everything else is extracted as before.
A half is the same context with the view blanked outside it (same length, same
offsets), so what is found in it maps back to the original text unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from kg.models import Candidate, Document, TextContext
from kg.normalize import TextView

T = TypeVar("T")

Runner = Callable[[TextContext, tuple[int, int]], T]
"""An extractor over a context, restricted to a range of view offsets."""


def reason_of(exc: BaseException) -> str:
    """An error as one line for the review queue: its type and message."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}"[:300] if message else type(exc).__name__


def unreadable(
    document: Document,
    stage: str,
    start: int,
    end: int,
    reason: str,
    kind: str = "Sentence",
) -> Candidate:
    """A review-queue item for a piece of text that a stage could not read."""
    quote = document.text[start:end]
    flat = " ".join(quote.split())
    return Candidate(
        name=flat[:40] or f"[{start}:{end}]",
        kind_guess=kind,
        rule=f"read.error.{stage}",
        doc=document.name,
        sentence_text=quote,
        start=start,
        end=end,
        page=document.page_at(start),
        reason=reason,
    )


def masked(ctx: TextContext, start: int, end: int) -> TextContext:
    """``ctx`` with the view blanked outside [start, end): line breaks stay, every other
    character becomes a space, so offsets and the mapping to the original are unchanged."""
    text = ctx.view.text

    def blank(piece: str) -> str:
        return "".join("\n" if ch == "\n" else " " for ch in piece)

    view = TextView(
        ctx.view.original,
        blank(text[:start]) + text[start:end] + blank(text[end:]),
        ctx.view.src_start,
        ctx.view.src_end,
    )
    tokens = tuple((s, e) for s, e in ctx.tokens if start <= s and e <= end)
    return replace(ctx, view=view, tokens=tokens)


@dataclass
class Isolated(Generic[T]):
    """What an isolated run gives: the results of every readable part, and the review items."""

    parts: list[T]
    held: list[Candidate]


def run_isolated(ctx: TextContext, run: Runner[T], stage: str) -> Isolated[T]:
    """``run`` over the whole context; if it raises, over halves, down to single sentences."""
    whole = (0, len(ctx.view.text))
    try:
        return Isolated([run(ctx, whole)], [])
    except Exception as exc:
        first = exc
    out: Isolated[T] = Isolated([], [])
    bounds = ctx.sentence_bounds
    if len(bounds) <= 1:
        _hold(ctx, whole, stage, first, out)
        return out
    _halves(ctx, run, stage, 0, len(bounds), out)
    return out


def _range(ctx: TextContext, lo: int, hi: int) -> tuple[int, int]:
    bounds = ctx.sentence_bounds
    return bounds[lo][0], bounds[hi - 1][1]


def _hold(
    ctx: TextContext, view: tuple[int, int], stage: str, exc: BaseException, out: Isolated
) -> None:
    start, end = ctx.view.to_original(*view)
    out.held.append(unreadable(ctx.document, stage, start, end, reason_of(exc)))


def _halves(ctx: TextContext, run: Runner[T], stage: str, lo: int, hi: int, out: Isolated) -> None:
    mid = (lo + hi) // 2
    for a, b in ((lo, mid), (mid, hi)):
        if a >= b:
            continue
        view = _range(ctx, a, b)
        try:
            out.parts.append(run(masked(ctx, *view), view))
        except Exception as exc:
            if b - a == 1:
                _hold(ctx, view, stage, exc, out)
            else:
                _halves(ctx, run, stage, a, b, out)
