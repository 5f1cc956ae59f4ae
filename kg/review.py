"""The review queue (``candidates.csv``): what a build did not accept, held back or could
not read, counted, with where and why; and one value per figure before mapping, the
figures that disagree held back for review."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.models import Candidate, DocumentExtraction, Observation

if TYPE_CHECKING:
    from kg.resolve import Resolution


def _figure_key(obs: Observation, resolution: Resolution) -> tuple:
    """What Data Cube IC-12 allows one value for, in one document's data set."""
    subject = resolution.subject_of(obs)
    return (
        subject.key if subject else None,
        obs.metric,
        obs.measure,
        obs.date,
        obs.basis,
        obs.planned,
    )


def reconcile_figures(
    extractions: Sequence[DocumentExtraction], resolution: Resolution
) -> list[DocumentExtraction]:
    """One value and one unit per figure key (subject, metric, period, measure, comparison
    basis, status) in each document, before mapping.

    A count printed once with the generic 个 and once with a specific 家 is one figure, in 家
    (:func:`kg.units.specific_count_unit`). Figures that still disagree (two values) are not
    asserted: the text tells them apart in a way the rules did not read (two paragraphs on
    two systems), and a data set holds one value per key. They go to the review queue
    (``obs.review.conflict``), and so do the bank's own figures in a document that names
    no bank it speaks for (``obs.review.no_bank``): no entity can hold them.
    """
    from kg.units import specific_count_unit

    out = []
    for ex in extractions:
        ex = _hold_bankless(ex, resolution)
        printed: dict[tuple, set[tuple]] = defaultdict(set)
        for o in ex.observations:
            printed[_figure_key(o, resolution)].add((o.value, o.unit, o.direction))
        unit_of: dict[tuple, str] = {}
        conflicting = set()
        for key, figures in printed.items():
            units = {u for _, u, _ in figures}
            unit = specific_count_unit(units) if len(units) > 1 else None
            # 「增加10%…减少10%」: one value, two directions, is two figures too
            values = {(v, d) for v, _, d in figures}
            if len(values) > 1 or (len(units) > 1 and unit is None):
                conflicting.add(key)
            elif unit is not None:
                unit_of[key] = unit
        if not conflicting and not unit_of:
            out.append(ex)
            continue
        kept, held = [], []
        for o in ex.observations:
            key = _figure_key(o, resolution)
            if key in conflicting:
                sentence = ex.sentences[o.sentence].text if o.sentence < len(ex.sentences) else ""
                held.append(
                    Candidate(
                        f"{o.metric} {o.raw}",
                        "Observation",
                        "obs.review.conflict",
                        ex.document.name,
                        sentence or o.span.quote,
                    )
                )
            else:
                kept.append(replace(o, unit=unit_of[key]) if key in unit_of else o)
        out.append(replace(ex, observations=tuple(kept), candidates=(*ex.candidates, *held)))
    return out


NO_BANK = (
    "the bank's own figure, but the document names no bank it speaks for: "
    "give it in the manifest (bank:)"
)


def _hold_bankless(ex: DocumentExtraction, resolution: Resolution) -> DocumentExtraction:
    """The figures of a document whose subject resolves to nothing (the bank's, where the
    document names no bank), moved to the review queue with the reason."""
    kept: list[Observation] = []
    held: list[Observation] = []
    for o in ex.observations:
        (held if resolution.subject_of(o) is None else kept).append(o)
    if not held:
        return ex
    queued = tuple(
        Candidate(
            f"{o.metric} {o.raw}",
            "Observation",
            "obs.review.no_bank",
            ex.document.name,
            ex.sentences[o.sentence].text if o.sentence < len(ex.sentences) else o.span.quote,
            o.span.start,
            o.span.end,
            reason=NO_BANK,
        )
        for o in held
    )
    return replace(ex, observations=tuple(kept), candidates=(*ex.candidates, *queued))


REVIEW_COLUMNS = (
    "name",
    "kind_guess",
    "count",
    "rule",
    "docs",
    "example_sentence",
    "page",
    "start",
    "end",
    "reason",
)


def candidates_csv(extractions: Sequence[DocumentExtraction]) -> bytes:
    """The review queue: proposed names the builder did not accept, figures it held back and
    text it could not read, most frequent first; where and why of the first example."""
    counts: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], Candidate] = {}
    docs: dict[tuple[str, str, str], set[str]] = {}
    for ex in extractions:
        for c in ex.candidates:
            key = (c.name, c.kind_guess, c.rule)
            counts[key] += 1
            example.setdefault(key, c)
            docs.setdefault(key, set()).add(c.doc)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        c = example[key]
        writer.writerow(
            [
                c.name,
                c.kind_guess,
                counts[key],
                c.rule,
                " | ".join(sorted(docs[key])),
                " ".join(c.sentence_text.split()),
                "" if c.page is None else c.page,
                "" if c.start is None else c.start,
                "" if c.end is None else c.end,
                c.reason or "",
            ]
        )
    return buf.getvalue().encode("utf-8")


REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    ("read.error.", "text that could not be read (sentences, table rows, pages)"),
    ("read.cut.", "sentences too long, cut where they had no clause mark"),
    ("obs.undated", "figures of a document with no as-of date"),
    ("obs.", "figures held back (conflicting values, unread table layouts)"),
    ("review.span.score", "names the span scorer held back (kg build --span-scorer)"),
    ("review.span.", "facts whose evidence runs past the end of its sentence"),
    ("", "names proposed but not accepted"),
)


def review_summary(extractions: Sequence[DocumentExtraction]) -> list[tuple[str, int, str]]:
    """How many review-queue items of each kind: (what, count, the most common reason)."""
    counts: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for ex in extractions:
        for c in ex.candidates:
            group = next(label for prefix, label in REVIEW_GROUPS if c.rule.startswith(prefix))
            counts[group] += 1
            if c.reason:
                reasons[group][c.reason] += 1
    out = []
    for _, label in REVIEW_GROUPS:
        if counts[label]:
            common = reasons[label].most_common(1)
            out.append((label, counts[label], common[0][0] if common else ""))
    return out
