"""The compact text every entity rule family reads: the view without the blanks PDF
flattening left inside Chinese text, its jieba tokens and part-of-speech tags, and the
punctuation and count patterns of the text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

import numpy

from kg.grammar import (
    QUOTE_CHARS,
)
from kg.models import TextContext

# segmentation is kg.segment's; the names stay importable from here for the families
from kg.segment import BLANKS as BLANKS
from kg.segment import PosWords as PosWords
from kg.segment import WordColumns, compact, compact_words, pos_words, words_columns

PUNCT = frozenset("，。；：！？、,.;:!?（）()【】[]—－-…\n\t ") | QUOTE_CHARS
GAP_STOP = frozenset("的了和与及或对为向在于从把将被由以给让是有至到")
FUNCTION_CHARS = frozenset("的了和与及或对为向在于从把将被由以给让是有等、")
NUMERALS = frozenset("一二两三四五六七八九十百千万0123456789")
MEASURES = frozenset("大个家项类名种位")
ORDINAL = re.compile(r"^第[一二三四五六七八九十百\d]+[届期次批]")
COUNT = re.compile(
    r"^(?:近|约|逾|超过?|共有?)?[\d一二两三四五六七八九十百千万亿.,]+(?:余|多)?[名个家户位类项种大款只张支]"
)
COUNT_BEFORE = re.compile(
    r"(?:近|约|逾|超过?|共|累计)?[\d一二两三四五六七八九十百千万亿.,]+[万亿]?(?:余|多)?[名个家户位]$"
)
STRENGTH_LEXICON, STRENGTH_STRONG, STRENGTH_PATTERN, STRENGTH_WEAK = 4, 3, 2, 1
STRENGTH_OVERRIDE = STRENGTH_LEXICON + 1


PLACE_TAG = "ns"
"""jieba's tag of a place name."""


def _is_word(text: str) -> bool:
    """Whether jieba's dictionary knows ``text`` as a word (员工银行: 银行 is one)."""
    import jieba

    return len(text) > 1 and bool(jieba.get_FREQ(text))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_name_char(ch: str, digits: bool = False) -> bool:
    if _is_han(ch) or ch in "·•+":
        return True
    if ch.isascii() and ch.isalpha():
        return True
    return digits and (ch.isdigit() or ch in ".%×")


_NO_QUOTES = str.maketrans(dict.fromkeys(QUOTE_CHARS))
"""The translation that drops every quote mark."""


def _strip_quotes(text: str) -> str:
    return text.translate(_NO_QUOTES)


def _compact_index(n: int, keep: tuple[int, ...], blank_before: frozenset[int]) -> list[int]:
    """For each view position 0..n, the compact position it falls at: the count of kept
    view positions before it (a dropped blank falls at the character after its run).
    The kept positions are runs of consecutive view positions with a dropped run of
    blanks between two (``blank_before``: the compact positions after one), so each kept
    run is a range and each dropped run one repeated value."""
    out: list[int] = []
    c0, v, kept = 0, 0, len(keep)
    for c in [*sorted(blank_before), kept]:
        if c > c0:
            out.extend(range(c0, c))
            v = keep[c - 1] + 1
        stop = keep[c] if c < kept else n
        out.extend([c] * (stop - v))
        v, c0 = stop, c
    out.append(kept)
    return out


def _tiled_tags(cols: WordColumns, places: frozenset[str]) -> list[str]:
    """Each character's tag, of words that make up the text (segment()'s columns): each
    word's tag repeated over its characters, ``ns`` over a word that is a place (looked
    for only among the words the places hold: one set operation)."""
    lengths = numpy.fromiter(map(len, cols.texts), dtype=numpy.intp, count=len(cols.texts))
    tags: list[str] = numpy.repeat(numpy.array(cols.flags, dtype=object), lengths).tolist()
    found = places.intersection(cols.texts)
    if found:
        for s, word in zip(cols.starts, cols.texts, strict=True):
            if word in found:
                tags[s : s + len(word)] = [PLACE_TAG] * len(word)
    return tags


@dataclass(frozen=True)
class _Text:
    text: str
    view_pos: tuple[int, ...]
    starts: tuple[int, ...]
    bounds: frozenset[int]
    blanks: frozenset[int]
    tags: tuple[str, ...]
    word_bounds: frozenset[int]

    @classmethod
    def of(
        cls, ctx: TextContext, pos: PosWords | None = None, places: frozenset[str] = frozenset()
    ) -> _Text:
        """The compact text of a context; ``pos`` are its view's part-of-speech words
        (from the kg_pos component), tagged here when not given. A word that is a place of
        the gazetteer (``places``) is tagged ``ns`` whatever jieba's table says: it tags
        大连 and 首尔 as adverbs and 遵义 as a verb, and a name may not begin with those."""
        view = ctx.view.text
        text, keep, blank_before = compact(view)
        v2c = _compact_index(len(view), keep, blank_before)
        words: Sequence[tuple[int, int, str]]
        first, second = itemgetter(0), itemgetter(1)  # no comprehension over every word
        cols = words_columns(pos) if pos is not None else None
        if cols is not None:  # segment()'s own words, making up the text, as columns
            tags, tag_starts = _tiled_tags(cols, places), set(cols.starts)
        else:
            if pos is None:
                words = pos_words(text)
            else:  # segment()'s own words are at hand in compact offsets
                found = compact_words(pos)
                words = found if found is not None else [(v2c[s], v2c[e], t) for s, e, t in pos]
            tags = [""] * len(text)
            for s, e, tag in words:
                if e - s == 1:
                    tags[s] = PLACE_TAG if text[s] in places else tag
                else:
                    tags[s:e] = [PLACE_TAG if text[s:e] in places else tag] * (e - s)
            tag_starts = set(map(first, words))
        at = v2c.__getitem__
        token_starts = set(map(at, map(first, ctx.tokens)))
        token_ends = set(map(at, map(second, ctx.tokens)))
        starts = sorted(token_starts | blank_before | tag_starts)
        bounds = frozenset(starts) | token_ends
        words_b = frozenset(token_starts | token_ends)
        return cls(text, keep, tuple(starts), bounds, blank_before, tuple(tags), words_b)

    @cached_property
    def sorted_blanks(self) -> tuple[int, ...]:
        return tuple(sorted(self.blanks))

    def blank_between(self, lo: int, hi: int) -> int | None:
        """The last position of a dropped blank strictly between ``lo`` and ``hi``."""
        k = bisect.bisect_left(self.sorted_blanks, hi) - 1
        return self.sorted_blanks[k] if k >= 0 and self.sorted_blanks[k] > lo else None

    def token_start_before(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.starts[k] if k >= 0 else 0

    def boundary(self, i: int) -> bool:
        """Whether a name may start or end at i: a token bound, a script change, or a
        one-character function word next to it (以工银爱购: jieba cuts 以工/银爱购)."""
        if i <= 0 or i >= len(self.text) or i in self.bounds:
            return True
        a, b = self.text[i - 1], self.text[i]
        if not (_is_han(a) and _is_han(b)):
            return True
        return a in FUNCTION_CHARS or b in FUNCTION_CHARS

    def word_bound(self, i: int) -> bool:
        """A bound of jieba's own cut (posseg cuts 线上线下 as 线/上线/下)."""
        return i <= 0 or i >= len(self.text) or i in self.word_bounds

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        return self.view_pos[start], self.view_pos[end - 1] + 1
