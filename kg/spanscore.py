"""A learned second opinion on the names the entity rules propose.

The rules of :mod:`kg.entities` propose every mention; this stage scores each one with a
small linear model over general features of the mention and the text around it (the rule
that proposed it, its kind and length, the character classes and head characters of the
name, the part of speech of its first and last word and of the words just outside it,
quotes, lists, line starts, how often the document repeats it). A mention the model
scores below the threshold is not asserted: it goes to the review queue with its score,
so nothing is lost. Where the model is confident of another kind, the mention is retyped.

No feature is the identity of a whole name or sentence: the model must carry over to
reports nobody here has, not remember the gold it was trained on.

The model is data (JSON: version, feature list, classes, weights), trained by
``scripts/train_span_scorer.py`` with scikit-learn and applied here in plain Python,
so a build needs no scikit-learn and its output is deterministic.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from kg.grammar import EVIDENCE_CLAUSE_END, LIST_MARKS, QUOTE_CLOSERS, QUOTE_PAIRS
from kg.models import Candidate, Mention, TextContext
from kg.normalize import normalize_name

PosWords = Sequence[tuple[int, int, str]]

MODEL_FORMAT = "kg.span_scorer.v1"
REJECT = "none"
"""The class of a proposed span that is not a name of any kind."""
REVIEW_RULE = "review.span.score"
EXEMPT_KINDS = frozenset({"Bank"})
"""Kinds the scorer leaves alone: the bank itself is what 本行 refers to, not a span choice."""

QUOTES_OPEN = frozenset(QUOTE_PAIRS) | {"〈"}
QUOTES_CLOSE = QUOTE_CLOSERS | {"〉"}


class ModelError(Exception):
    """A span-scorer model file that cannot be used; the message names it and why."""


def default_model_path() -> Path:
    return Path(str(resources.files("kg") / "rules" / "span_scorer.json"))


# ------------------------------------------------------------------ features
def _char_class(ch: str) -> str:
    if not ch:
        return "none"
    if ch == "\n":
        return "newline"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "han"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch.isdigit():
        return "digit"
    if ch.isspace():
        return "space"
    if ch in QUOTES_OPEN or ch in QUOTES_CLOSE:
        return "quote"
    if ch in LIST_MARKS:
        return "list"
    if ch in EVIDENCE_CLAUSE_END:
        return "clause"
    return "other"


def _length_bucket(n: int) -> str:
    if n <= 4:
        return str(n)
    if n <= 6:
        return "5-6"
    if n <= 9:
        return "7-9"
    return "10+"


def _count_bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    if n <= 5:
        return "3-5"
    return "6+"


class _WordIndex:
    """The part-of-speech word at each view position, for lookups by character."""

    def __init__(self, words: PosWords, size: int) -> None:
        self.at: list[int] = [-1] * (size + 1)
        self.words = list(words)
        for i, (s, e, _) in enumerate(self.words):
            for k in range(max(s, 0), min(e, size)):
                self.at[k] = i

    def word(self, pos: int) -> tuple[int, int, str] | None:
        if 0 <= pos < len(self.at) and self.at[pos] >= 0:
            return self.words[self.at[pos]]
        return None

    def tag(self, pos: int) -> str:
        w = self.word(pos)
        return w[2] if w else "none"


def _prev_char(text: str, pos: int) -> str:
    k = pos - 1
    while k >= 0 and text[k] in " \t\u3000":
        k -= 1
    return text[k] if k >= 0 else "\n"


def _next_char(text: str, pos: int) -> str:
    k = pos
    while k < len(text) and text[k] in " \t\u3000":
        k += 1
    return text[k] if k < len(text) else "\n"


def mention_features(
    ctx: TextContext, words: PosWords, mentions: Sequence[Mention]
) -> list[tuple[str, ...]]:
    """The features of each mention, in order: names of binary features, each general (a
    property of the span or its surroundings, never the whole name)."""
    text = ctx.view.text
    index = _WordIndex(words, len(text))
    bounds = [ctx.view_bounds(m.span) for m in mentions]
    same_name = Counter(m.name for m in mentions)
    starts = Counter(b[0] for b in bounds)
    sentence_starts = {s for s, _ in ctx.sentence_bounds}
    counted: dict[str, int] = {}

    def printed(surface: str) -> int:
        """How often the text prints a surface (counted once per distinct surface)."""
        if surface not in counted:
            counted[surface] = text.count(surface)
        return counted[surface]

    out = []
    for m, (vs, ve) in zip(mentions, bounds, strict=True):
        name = m.name
        prev, nxt = _prev_char(text, vs), _next_char(text, ve)
        first_w, last_w = index.word(vs), index.word(ve - 1)
        family = m.rule.split(".")[1] if m.rule.count(".") >= 1 else m.rule
        feats = [
            "bias",
            f"rule={m.rule}",
            f"family={family}",
            f"kind={m.kind}",
            f"rule_kind={m.rule}|{m.kind}",
            f"len={_length_bucket(len(name))}",
            f"kind_len={m.kind}|{_length_bucket(len(name))}",
            f"first_class={_char_class(name[:1])}",
            f"last_class={_char_class(name[-1:])}",
            f"first_pos={index.tag(vs)}",
            f"last_pos={index.tag(ve - 1)}",
            f"prev_pos={index.tag(vs - 1)}",
            f"next_pos={index.tag(ve)}",
            f"prev_char={prev}",
            f"next_char={nxt}",
            f"prev_class={_char_class(prev)}",
            f"next_class={_char_class(nxt)}",
            f"freq={_count_bucket(same_name[name])}",
            f"text_freq={_count_bucket(printed(text[vs:ve]))}",
        ]
        # head and first characters, only of longer names: never the whole name
        if len(name) > 1:
            feats += [f"head1={name[-1]}", f"kind_head1={m.kind}|{name[-1]}", f"first1={name[0]}"]
        if len(name) > 2:
            feats.append(f"head2={name[-2:]}")
        if any(_char_class(c) == "latin" for c in name):
            feats.append("has_latin")
        if any(c.isdigit() for c in name):
            feats.append("has_digit")
        if all(_char_class(c) == "han" for c in name):
            feats.append("all_han")
        if prev in QUOTES_OPEN and nxt in QUOTES_CLOSE:
            feats.append("quoted")
        if prev in LIST_MARKS or nxt in LIST_MARKS:
            feats.append("in_list")
        if vs == 0 or text[vs - 1] == "\n" or prev == "\n":
            feats.append("line_start")
        if vs in sentence_starts:
            feats.append("sentence_start")
        if first_w is not None and first_w[0] != vs:
            feats.append("start_inside_word")
        if last_w is not None and last_w[1] != ve:
            feats.append("end_inside_word")
        if first_w is not None and first_w == last_w:
            feats.append("one_word")
        if starts[vs] > 1:
            feats.append("shared_start")
        out.append(tuple(dict.fromkeys(feats)))
    return out


# ------------------------------------------------------------------ model
@dataclass(frozen=True)
class SpanModel:
    """A multinomial logistic model as data: one weight per class and feature."""

    version: str
    classes: tuple[str, ...]
    features: dict[str, int]
    weights: tuple[tuple[float, ...], ...]
    """One row per feature (in ``features`` order), one column per class."""
    intercept: tuple[float, ...]
    threshold: float
    retype: float
    """A mention is retyped when the model gives another kind at least this probability."""

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        scores = list(self.intercept)
        for f in feats:
            row = self.features.get(f)
            if row is None:
                continue
            for c, w in enumerate(self.weights[row]):
                scores[c] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


def load_model(path: Path | None = None) -> SpanModel:
    path = path or default_model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{path}: not a readable span-scorer model ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"{path}: not a span-scorer model (format {MODEL_FORMAT} expected)")
    try:
        classes = tuple(str(c) for c in data["classes"])
        names = [str(f) for f in data["features"]]
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        intercept = tuple(float(w) for w in data["intercept"])
        model = SpanModel(
            str(data["version"]),
            classes,
            {f: i for i, f in enumerate(names)},
            weights,
            intercept,
            float(data["threshold"]),
            float(data["retype"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{path}: malformed span-scorer model ({exc})") from exc
    if (
        REJECT not in classes
        or len(weights) != len(names)
        or len(intercept) != len(classes)
        or any(len(row) != len(classes) for row in weights)
    ):
        raise ModelError(f"{path}: weights do not match its classes and features")
    return model


@dataclass(frozen=True)
class Scored:
    mention: Mention
    accept: float
    """The probability that the span is a name of some kind."""
    best: str
    """The kind the model finds most likely (never ``none``)."""
    best_p: float


def scorable(ctx: TextContext, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions the scorer judges: not a bank, and not the document's own bank under
    another kind (both are what 本行 refers to, not a choice of span)."""
    own = normalize_name(ctx.document.bank) if ctx.document.bank else None
    return [m for m in mentions if m.kind not in EXEMPT_KINDS and normalize_name(m.name) != own]


def score(
    model: SpanModel, ctx: TextContext, words: PosWords, mentions: Sequence[Mention]
) -> list[Scored]:
    """Each scorable mention with its acceptance score and best kind."""
    todo = scorable(ctx, mentions)
    out = []
    for m, feats in zip(todo, mention_features(ctx, words, todo), strict=True):
        p = model.probabilities(feats)
        kinds = sorted(((v, k) for k, v in p.items() if k != REJECT), key=lambda x: (-x[0], x[1]))
        out.append(Scored(m, 1.0 - p[REJECT], kinds[0][1], kinds[0][0]))
    return out


def review_reason(accept: float, rule: str, threshold: float) -> str:
    """Why a name is held: its best score in the document, the threshold, its rule."""
    return (
        f"span scorer: {accept:.3f} below the threshold {threshold:.2f} that a proposed"
        f" name must reach (rule {rule}); not asserted"
    )


def apply(
    model: SpanModel, ctx: TextContext, words: PosWords, mentions: Sequence[Mention]
) -> tuple[tuple[Mention, ...], tuple[Candidate, ...]]:
    """The mentions the model accepts (retyped where it is confident of another kind), and
    the rejected ones as review items with their score.

    A name is judged on its best mention in the document: one confident use (a quoted,
    listed or headed one) vouches for the others, so an entity is kept or held as a whole
    and keeps the relations its other mentions carry."""
    scored = score(model, ctx, words, mentions)
    verdict = {id(s.mention): s for s in scored}
    best: dict[str, float] = {}
    for s in scored:
        best[s.mention.name] = max(best.get(s.mention.name, 0.0), s.accept)
    kept: list[Mention] = []
    held: list[Candidate] = []
    for m in mentions:
        found = verdict.get(id(m))
        if found is None:
            kept.append(m)
            continue
        s = found
        if best[m.name] < model.threshold:
            sentence = ctx.sentences[m.sentence].text if m.sentence < len(ctx.sentences) else ""
            held.append(
                Candidate(
                    m.name,
                    m.kind,
                    REVIEW_RULE,
                    ctx.document.name,
                    sentence or m.span.quote,
                    m.span.start,
                    m.span.end,
                    ctx.document.page_at(m.span.start),
                    review_reason(best[m.name], m.rule, model.threshold),
                )
            )
            continue
        if s.best != m.kind and s.best_p >= model.retype and s.best not in EXEMPT_KINDS:
            m = replace(m, kind=s.best)
        kept.append(m)
    return tuple(kept), tuple(held)
