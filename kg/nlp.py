"""The spaCy pipeline: a blank Chinese pipeline (jieba segmentation) and our components.

Each component is registered with ``@Language.factory``, declares what it reads and
writes, loads its rule tables in ``initialize()`` through a registered, versioned
function named in the config, and leaves its results on ``Doc._`` extensions as the
plain dataclasses of :mod:`kg.models`. The extraction logic itself lives in the stage
modules (:mod:`kg.entities`, :mod:`kg.figures`, :mod:`kg.relations`) so it can
be tested without spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from itertools import accumulate, compress
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import numpy
import spacy
from spacy.attrs import IDX, LENGTH, SENT_START, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg import clauses, entities, figures, limits, relations, spanscore
from kg.figures.lines import is_line
from kg.grammar import SENTENCE_CUT_MARKS
from kg.isolate import run_isolated
from kg.models import (
    Candidate,
    Document,
    Mention,
    Observation,
    Relation,
    Sentence,
    Span,
    TextContext,
)
from kg.normalize import TextView, make_view, sentence_bounds
from kg.numbers import MAX_DIGITS
from kg.segment import PosWords, segment, words_columns
from kg.segment import load as load_segmenter

for _ext in (
    "kg_document",
    "kg_view",
    "kg_context",
    "kg_pos",
    "kg_mentions",
    "kg_candidates",
    "kg_observations",
    "kg_relations",
):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


@registry.misc("kg.entity_rules.v1")
def entity_rules_v1() -> Callable[[], Any]:
    return entities.load_rules


@registry.misc("kg.observation_rules.v1")
def observation_rules_v1() -> Callable[[], Any]:
    return figures.load_rules


@registry.misc("kg.relation_rules.v1")
def relation_rules_v1() -> Callable[[], Any]:
    return relations.load_rules


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's ``get_words_and_spaces``: the same words and spaces. Words that make up
    the text (jieba's do) are taken a stretch between blanks at a time
    (:func:`_tiled_words_and_spaces`); others each found from where the one before ended
    (``text.index(word, at)``) instead of in a copy of the rest of the text made for each
    word (quadratic in the text's length)."""
    if "".join(words) == text and "" not in words:
        return _tiled_words_and_spaces(words, text)
    return _found_words_and_spaces(words, text)


def _tiled_words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """:func:`_found_words_and_spaces` of words that make up ``text``, none empty: each
    is found where the one before ended, so only the runs of blank words change anything
    (a run is one word, its opening space the word before's, as that loop makes them);
    the words between two runs are taken as they are, without a look at each."""
    blank = list(map(str.isspace, words))
    if sum(map(len, compress(words, blank))) != len(text) - len("".join(text.split())):
        # a word holding white space amid other characters: found one by one
        return _found_words_and_spaces(words, text)
    if not any(blank):
        return list(words), [False] * len(words)
    ends = list(accumulate(map(len, words)))
    out_words: list[str] = []
    out_spaces: list[bool] = []
    taken = 0  # the first word not yet out
    runs = compress(range(len(words)), blank)
    for first in runs:
        last = first
        while last + 1 < len(words) and blank[last + 1]:
            last = next(runs)
        out_words.extend(words[taken:first])
        out_spaces.extend([False] * (first - taken))
        run = text[ends[first - 1] if first else 0 : ends[last]]
        if first > taken and run[0] == " ":  # the space after the word before
            out_spaces[-1] = True
            run = run[1:]
        if run:
            out_words.append(run)
            out_spaces.append(False)
        taken = last + 1
    out_words.extend(words[taken:])
    out_spaces.extend([False] * (len(words) - taken))
    return out_words, out_spaces


def _found_words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """The words and spaces of any words, each found from where the one before ended."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(Errors.E194.format(text=text, words=words))
    out_words: list[str] = []
    out_spaces: list[bool] = []
    at = 0
    n = len(text)
    for word in words:
        if word.isspace():
            continue
        try:
            start = text.index(word, at)
        except ValueError:
            raise ValueError(Errors.E194.format(text=text, words=words)) from None
        if start > at:
            out_words.append(text[at:start])
            out_spaces.append(False)
            at = start
        out_words.append(word)
        at += len(word)
        if at < n and text[at] == " ":
            out_spaces.append(True)
            at += 1
        else:
            out_spaces.append(False)
    if at < n:
        out_words.append(text[at:])
        out_spaces.append(False)
    return out_words, out_spaces


class SegmentingTokenizer:
    """spaCy's Chinese tokenizer with jieba (the same tokens), which also leaves
    jieba.posseg's tagged words of the text on ``doc._.kg_pos``: :func:`kg.segment.segment`
    looks the text up in jieba's dictionary once for both, where the two jieba calls
    would each do it."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, tagged = segment(text)
        words, spaces = words_and_spaces(words, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.kg_pos = tagged
        return doc


@Language.factory(
    "kg_pos",
    requires=["doc._.kg_view"],
    assigns=["token.tag", "doc._.kg_pos"],
)
def make_pos(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return PosTagger()


def token_spans(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Each token's (start, end) in the view: ``(t.idx, t.idx + len(t.text))`` of every
    token, read from one array instead of a Token object made per token (each component
    asked it again: a sixth of the tokenizer's cost)."""
    if not len(doc):
        return ()
    spans = doc.to_array([IDX, LENGTH])
    starts = spans[:, 0]
    # the ends summed in the array, the pairs made by zip (a tuple per token, no
    # Python-level loop)
    return tuple(zip(starts.tolist(), (starts + spans[:, 1]).tolist(), strict=True))


class PosTagger:
    """jieba's part-of-speech tags, computed once per document.

    jieba.posseg cuts its own words, a little differently from the jieba.cut behind
    the tokens, and entity recognition needs both; so the tagged words stay on
    ``doc._.kg_pos`` (view offsets; the :class:`SegmentingTokenizer` left them there,
    or they are tagged here) and each token gets the tag of the word its first
    character belongs to, as ``token.tag_``.
    """

    def __call__(self, doc: Doc) -> Doc:
        view: TextView = doc._.kg_view
        words = doc._.kg_pos
        if words is None:
            words = entities.tag_view(view.text)
            doc._.kg_pos = words
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cols = words_columns(words)  # segment()'s words: their tags read off the column
        names = cols.flags if cols is not None else map(itemgetter(2), words)
        ids = {tag: strings.add(tag) for tag in {*names, ""}}
        # each token's start (uint64 in the array)
        starts = doc.to_array([IDX]).reshape(-1)
        tags = _tags_at(words, starts, ids)
        # one array write, as in kg_sentences
        doc.from_array([TAG], tags.reshape(len(doc), 1))  # type: ignore[arg-type]
        return doc


def _tags_at(words: PosWords, starts: numpy.ndarray, ids: dict[str, int]) -> numpy.ndarray:
    """The id of the tag of the word each of ``starts`` falls in (``ids[""]`` outside
    every word), as uint64. segment()'s words come in order, none overlapping: the word
    of a start is the last one starting at or before it, found for all at once; words in
    any other order are laid on the text one after the other, a later one over an
    earlier one."""
    if not words:
        return numpy.full(len(starts), ids[""], dtype="uint64")
    cols = words_columns(words)  # segment()'s own words come as columns too
    begins: Sequence[int]
    finishes: Sequence[int]
    tags: Sequence[str]
    if cols is not None:
        begins, finishes, tags = cols.view_starts, cols.view_ends, cols.flags
    else:
        begins, finishes, tags = zip(*words, strict=True)
    word_starts = numpy.array(begins, dtype="int64")
    word_ends = numpy.array(finishes, dtype="int64")
    word_ids = numpy.fromiter(map(ids.__getitem__, tags), dtype="uint64", count=len(tags))
    if len(words) > 1 and not (
        (word_starts[1:] >= word_ends[:-1]).all() and (word_ends > word_starts).all()
    ):
        tag_at = [""] * (int(max(word_ends.max(), starts.max(initial=0))) + 1)
        for s, e, tag in words:
            tag_at[s:e] = [tag] * (e - s)
        return numpy.array([ids[tag_at[s]] for s in starts.tolist()], dtype="uint64")
    at = starts.astype("int64")
    k = numpy.searchsorted(word_starts, at, side="right") - 1
    inside = (k >= 0) & (at < word_ends[numpy.maximum(k, 0)])
    return numpy.where(inside, word_ids[numpy.maximum(k, 0)], numpy.uint64(ids[""])).astype(
        "uint64"
    )


@Language.factory(
    "kg_sentences",
    requires=["doc._.kg_document", "doc._.kg_view"],
    assigns=["token.is_sent_start", "doc._.kg_context", "doc._.kg_candidates"],
)
def make_sentences(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return SentenceSplitter()


class SentenceSplitter:
    """Split on Chinese punctuation and hard line breaks, and a sentence over
    :data:`kg.limits.MAX_SENTENCE_CHARS` at its clause marks (a cut elsewhere goes to the
    review queue); build the extraction context."""

    def __call__(self, doc: Doc) -> Doc:
        document: Document = doc._.kg_document
        view: TextView = doc._.kg_view
        tokens = token_spans(doc)
        token_starts = list(map(itemgetter(0), tokens))
        cut, hard = clauses.cut_long(
            view.text,
            sentence_bounds(view.text),
            limits.MAX_SENTENCE_CHARS,
            SENTENCE_CUT_MARKS,
            token_starts,
        )
        bounds = tuple(cut)
        doc._.kg_candidates = tuple(_cut_review(document, view, at, how) for at, how in hard)
        sentences = []
        for index, (s, e) in enumerate(bounds):
            os_, oe = view.to_original(s, e)
            sentences.append(Sentence(document.name, index, os_, oe, document.text[os_:oe]))
        # one array write: setting token.is_sent_start one by one is quadratic in spaCy;
        # a token opens a sentence where one starts (the first token always), all at once
        opens = numpy.isin(
            numpy.array(token_starts, dtype="int64"),
            numpy.array([s for s, _ in bounds], dtype="int64"),
        )
        flags = numpy.where(opens, 1, -1).astype("int64")
        if len(flags):
            flags[0] = 1
        if len(doc):
            doc.from_array([SENT_START], flags.astype("uint64").reshape(len(doc), 1))  # type: ignore[arg-type]
        doc._.kg_context = TextContext(document, view, tuple(sentences), bounds, tokens)
        return doc


CUT_RULE = "read.cut.sentence"
CUT_HOW = {
    "space": "at white space",
    "word": "between two words",
    "limit": "inside a word (no word boundary in reach)",
}


def _cut_review(document: Document, view: TextView, at: int, how: str) -> Candidate:
    """A review item for a long sentence cut where it had no clause mark: the text on both
    sides of the cut, and why."""
    start, end = view.to_original(max(at - 20, 0), min(at + 20, len(view.text)))
    quote = document.text[start:end]
    limit = limits.MAX_SENTENCE_CHARS
    return Candidate(
        " ".join(quote.split())[:40],
        "Sentence",
        CUT_RULE,
        document.name,
        quote,
        start,
        end,
        document.page_at(start),
        f"a sentence ran {limit:,} characters without a clause mark (，、：；); cut here "
        f"{CUT_HOW[how]} (kg/limits.py MAX_SENTENCE_CHARS): a fact that runs across the cut "
        "is not read",
    )


class _RuleComponent:
    """A component whose rules come from a registered loader, called in initialize()."""

    def __init__(self, rules: Callable[[], Any]) -> None:
        self._load = rules
        self.rules: Any = None

    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        self.rules = self._load()

    def _ensure(self) -> Any:
        if self.rules is None:
            self.initialize()
        return self.rules


@Language.factory(
    "kg_entities",
    requires=["doc._.kg_context", "doc._.kg_pos"],
    assigns=["doc._.kg_mentions", "doc._.kg_candidates"],
    default_config={"rules": {"@misc": "kg.entity_rules.v1"}},
)
def make_entities(nlp: Language, name: str, rules: Callable[[], Any]) -> EntityRecognizer:
    return EntityRecognizer(rules)


class EntityRecognizer(_RuleComponent):
    def __call__(self, doc: Doc) -> Doc:
        rules, pos = self._ensure(), doc._.kg_pos

        def run(ctx: TextContext, view: tuple[int, int]) -> tuple[tuple, tuple]:
            words = pos
            if pos is not None and view != (0, len(ctx.view.text)):
                words = tuple(w for w in pos if view[0] <= w[0] and w[1] <= view[1])
            # the whole view's are segment()'s own words (the same object): the entities'
            # compact text then takes them in compact offsets as found (compact_words)
            return entities.recognize(ctx, rules, words)

        done = run_isolated(doc._.kg_context, run, "entities")
        if len(done.parts) == 1:
            mentions = done.parts[0][0]
        else:
            mentions = _in_order(m for part in done.parts for m in part[0])
        ctx = doc._.kg_context
        kept, crossing = within_sentences(ctx, mentions, lambda m: [(m.span, m.sentence)])
        doc._.kg_mentions = kept
        doc._.kg_candidates = (
            *(doc._.kg_candidates or ()),
            *(c for part in done.parts for c in part[1]),
            *done.held,
            *crossing,
        )
        return doc


def _in_order(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    return tuple(sorted(set(mentions), key=lambda m: (m.span.start, -m.span.end, m.kind, m.rule)))


@registry.misc("kg.span_model.v1")
def span_model_v1(path: str = "") -> Callable[[], spanscore.SpanModel]:
    """The span scorer's model: the packaged one, or the JSON file at ``path``."""
    return lambda: spanscore.load_model(Path(path) if path else None)


@Language.factory(
    "kg_span_scorer",
    requires=["doc._.kg_context", "doc._.kg_pos", "doc._.kg_mentions"],
    assigns=["doc._.kg_mentions", "doc._.kg_candidates"],
    default_config={"model": {"@misc": "kg.span_model.v1", "path": ""}},
)
def make_span_scorer(
    nlp: Language, name: str, model: Callable[[], spanscore.SpanModel]
) -> SpanScorer:
    return SpanScorer(model)


class SpanScorer(_RuleComponent):
    """The learned second opinion on the entity rules' mentions (:mod:`kg.spanscore`):
    mentions it scores below its threshold move to the review queue with their score."""

    def __call__(self, doc: Doc) -> Doc:
        model, ctx = self._ensure(), doc._.kg_context
        kept, held = spanscore.apply(model, ctx, doc._.kg_pos or (), doc._.kg_mentions)
        doc._.kg_mentions = kept
        doc._.kg_candidates = (*(doc._.kg_candidates or ()), *held)
        return doc


@Language.factory(
    "kg_observations",
    requires=["doc._.kg_context", "doc._.kg_mentions"],
    assigns=["doc._.kg_observations", "doc._.kg_mentions", "doc._.kg_candidates"],
    default_config={"rules": {"@misc": "kg.observation_rules.v1"}},
)
def make_observations(nlp: Language, name: str, rules: Callable[[], Any]) -> ObservationExtractor:
    return ObservationExtractor(rules)


class ObservationExtractor(_RuleComponent):
    """Figures of prose and tables. A table's layout can say what a row label is (a
    region of a regional breakdown), so the component adds those mentions; table
    figures it could not read with confidence join the review queue."""

    def __call__(self, doc: Doc) -> Doc:
        rules, mentions = self._ensure(), doc._.kg_mentions

        def run(ctx: TextContext, view: tuple[int, int]) -> tuple[tuple, tuple, tuple]:
            return figures.read_part(ctx, view, mentions, rules)

        done = run_isolated(doc._.kg_context, run, "observations")
        ctx = doc._.kg_context
        rows, held_rows = within_sentences(
            ctx, [m for part in done.parts for m in part[0]], lambda m: [(m.span, m.sentence)]
        )
        if rows:
            doc._.kg_mentions = tuple(
                sorted((*mentions, *rows), key=lambda m: (m.span.start, -m.span.end))
            )
        found, held_figures = within_sentences(
            ctx,
            sorted(
                (o for part in done.parts for o in part[1]),
                key=lambda o: (o.span.start, o.span.end),
            ),
            lambda o: [(o.span, o.sentence)],
        )
        doc._.kg_observations = found
        held = (
            *(c for part in done.parts for c in part[2]),
            *done.held,
            *held_rows,
            *held_figures,
        )
        if doc._.kg_context.document.reference_date is None:
            held = (*held, *_undated(doc._.kg_context, run, doc._.kg_observations))
        held = (*held, *too_many_digits(ctx))
        doc._.kg_candidates = (*(doc._.kg_candidates or ()), *held)
        return doc


DIGITS_RULE = "obs.review.digits"
_DIGIT_RUN = re.compile(r"\d[\d,]*(?:\.\d+)?")


def too_many_digits(ctx: TextContext) -> list[Candidate]:
    """Numbers with more digits than a figure has (:data:`kg.numbers.MAX_DIGITS`): the
    extractor reads them as codes, not figures; they are listed, so that a figure printed
    wrong (digits run together by the layout) is not lost without a word."""
    out = []
    for m in _DIGIT_RUN.finditer(ctx.view.text):
        digits = sum(ch.isdigit() for ch in m.group())
        if digits <= MAX_DIGITS:
            continue
        span = ctx.span(m.start(), m.end())
        index = ctx.sentence_at(m.start())
        sentence = ctx.sentences[index].text if index < len(ctx.sentences) else span.quote
        out.append(
            Candidate(
                span.quote[:40],
                "Observation",
                DIGITS_RULE,
                ctx.document.name,
                sentence,
                span.start,
                span.end,
                ctx.document.page_at(span.start),
                f"a number of {digits} digits, more than the {MAX_DIGITS} a figure may have "
                "(kg/numbers.py MAX_DIGITS): read as a code, not a figure; if it is a figure, "
                "the text ran digits together",
            )
        )
    return out


PLACEHOLDER_DATE = date(2000, 12, 31)
UNDATED_REASON = (
    "the document states no as-of date; give it: reference_date in manifest.yaml,"
    " or kg build --reference-date YYYY-MM-DD"
)


def _undated(ctx: TextContext, run: Callable, found: tuple[Observation, ...]) -> list[Candidate]:
    """Figures of a document with no as-of date that only a reference date would date
    (「截至6月末，…3.85亿户」): for the review queue, with the reason and the fix.

    They are the figures read with a placeholder reference date that are not read without
    one (figures the text dates itself, 「2019年末…」, are kept as they are)."""
    document = replace(ctx.document, reference_date=PLACEHOLDER_DATE)
    dated = run_isolated(replace(ctx, document=document), run, "observations")
    have = {(o.span.start, o.span.end, o.value) for o in found}
    out = []
    for part in dated.parts:
        for o in part[1]:
            if (o.span.start, o.span.end, o.value) in have:
                continue
            sentence = ctx.sentences[o.sentence].text if o.sentence < len(ctx.sentences) else ""
            out.append(
                Candidate(
                    f"{o.metric} {o.raw}",
                    "Observation",
                    "obs.undated",
                    document.name,
                    sentence or o.span.quote,
                    o.span.start,
                    o.span.end,
                    document.page_at(o.span.start),
                    UNDATED_REASON,
                )
            )
    return out


@Language.factory(
    "kg_relations",
    requires=["doc._.kg_context", "doc._.kg_mentions"],
    assigns=["doc._.kg_relations"],
    default_config={"rules": {"@misc": "kg.relation_rules.v1"}},
)
def make_relations(nlp: Language, name: str, rules: Callable[[], Any]) -> RelationExtractor:
    return RelationExtractor(rules)


class RelationExtractor(_RuleComponent):
    def __call__(self, doc: Doc) -> Doc:
        rules = self._ensure()
        # a line of business only a heading names is a figure's subject, not a party to
        # relations: the relation rules read names the text cues
        mentions = tuple(m for m in doc._.kg_mentions if not is_line(m))

        def run(ctx: TextContext, view: tuple[int, int]) -> tuple[Relation, ...]:
            inside = mentions
            if view != (0, len(ctx.view.text)):
                s, e = ctx.view.to_original(*view)
                inside = tuple(m for m in mentions if s <= m.span.start and m.span.end <= e)
            return relations.extract(ctx, inside, rules)

        done = run_isolated(doc._.kg_context, run, "relations")
        kept, crossing = within_sentences(
            doc._.kg_context,
            [r for part in done.parts for r in part],
            lambda r: [(r.span, r.sentence), (r.context, r.context_sentence)],
        )
        doc._.kg_relations = kept
        if done.held or crossing:
            doc._.kg_candidates = (*(doc._.kg_candidates or ()), *done.held, *crossing)
        return doc


CROSSING_RULE = "review.span.cross_sentence"
CROSSING_REASON = (
    "the evidence runs past the end of its sentence (a line break the text reader kept,"
    " as in a two-column or boxed layout); not asserted"
)

Item = TypeVar("Item", Mention, Observation, Relation)


def within_sentences(
    ctx: TextContext,
    items: Iterable[Item],
    spans: Callable[[Item], list[tuple[Span | None, int | None]]],
) -> tuple[tuple[Item, ...], list[Candidate]]:
    """The items whose every evidence span lies inside the sentence it names, and review
    items for the others: evidence is quoted sentence by sentence, so a fact whose
    evidence crosses a sentence boundary the splitter drew is held, not asserted."""
    sentences = ctx.sentences
    kept: list[Item] = []
    held: list[Candidate] = []
    for item in items:
        bad = next(
            (
                span
                for span, index in spans(item)
                if span is not None
                and index is not None
                and index < len(sentences)
                and not (sentences[index].start <= span.start and span.end <= sentences[index].end)
            ),
            None,
        )
        if bad is None:
            kept.append(item)
            continue
        kind = type(item).__name__
        held.append(
            Candidate(
                " ".join(bad.quote.split())[:40],
                kind,
                CROSSING_RULE,
                ctx.document.name,
                bad.quote,
                bad.start,
                bad.end,
                ctx.document.page_at(bad.start),
                CROSSING_REASON,
            )
        )
    return tuple(kept), held


PIPES = ("kg_pos", "kg_sentences", "kg_entities", "kg_observations", "kg_relations")


def build_nlp(span_model: Path | None = None) -> Language:
    """A blank Chinese pipeline segmented by jieba (:class:`SegmentingTokenizer`), with
    our components, initialised.

    With ``span_model`` (a model file of :mod:`kg.spanscore`) the span scorer runs after
    the entity rules; without it the rules' mentions are taken as they are."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = SegmentingTokenizer(nlp.vocab)
    load_segmenter()
    for pipe in PIPES:
        nlp.add_pipe(pipe)
    if span_model is not None:
        nlp.add_pipe(
            "kg_span_scorer",
            after="kg_entities",
            config={"model": {"@misc": "kg.span_model.v1", "path": str(span_model)}},
        )
    nlp.initialize()
    return nlp


def analyse(nlp: Language, document: Document) -> Doc:
    """Run the pipeline over one document's normalised view."""
    view = make_view(document.text)
    nlp.max_length = max(nlp.max_length, len(view.text) + 1)  # kg.limits checked it
    doc = nlp.make_doc(view.text)
    doc._.kg_document = document
    doc._.kg_view = view
    return nlp(doc)
