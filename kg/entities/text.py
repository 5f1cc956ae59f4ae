"""The compact text every entity rule family reads: the view without the blanks PDF
flattening left inside Chinese text, its jieba tokens and part-of-speech tags, and the
punctuation and count patterns of the text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.grammar import (
    QUOTE_CHARS,
)
from kg.models import TextContext

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


PosWords = tuple[tuple[int, int, str], ...]
"""jieba part-of-speech words as (start, end, tag), in offsets of the text they tag."""


BLANKS = frozenset(" \t\u3000\xa0")


_MIN_FLOAT = -3.14e100


def compact(view: str) -> tuple[str, tuple[int, ...], frozenset[int]]:
    """The view without the blanks PDF flattening left inside Chinese text (工银 e钱包),
    keeping those between two Latin letters or digits (ICBC PAY): the compact text, the
    view index of each of its characters, and the positions where blanks were dropped."""
    keep: list[int] = []
    blank_before: set[int] = set()
    n = len(view)
    for i, ch in enumerate(view):
        if ch in BLANKS:
            j = i - 1
            while j >= 0 and view[j] in BLANKS:
                j -= 1
            k = i + 1
            while k < n and view[k] in BLANKS:
                k += 1
            prev = view[j] if j >= 0 else ""
            nxt = view[k] if k < n else ""
            if not (prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum()):
                blank_before.add(len(keep))
                continue
        keep.append(i)
    return "".join(view[i] for i in keep), tuple(keep), frozenset(blank_before)


def _viterbi(
    obs: str,
    states: Any,
    start_p: Any,
    trans_p: Any,
    emit_p: Any,
    emit_cache: dict[str, dict[Any, float]],
) -> Any:
    """jieba.posseg's Viterbi with the same result, walking each live state's own
    transitions instead of every pair of states: the same sums in the same order, the
    same tie-break (the larger state), three to four times faster. ``emit_cache``
    keeps each character's emission scores over its possible states."""
    all_states = trans_p.keys()
    score: dict[Any, float] = {}
    back: list[dict[Any, Any]] = [{}]
    for y in states.get(obs[0], all_states):
        score[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        back[0][y] = ""
    for ch in obs[1:]:
        emit = emit_cache.get(ch)
        if emit is None:
            emit = {y: emit_p[y].get(ch, _MIN_FLOAT) for y in states.get(ch, all_states)}
            emit_cache[ch] = emit
        best: dict[Any, tuple[float, Any]] = {}
        for y0, v0 in score.items():
            for y, p in trans_p[y0].items():
                e = emit.get(y)
                if e is None:
                    continue
                cand = (v0 + p + e, y0)
                old = best.get(y)
                if old is None or cand > old:
                    best[y] = cand
        if not best:
            # none of the character's states can follow: jieba then allows every successor
            for y0, v0 in score.items():
                for y, p in trans_p[y0].items():
                    cand = (v0 + p + emit_p[y].get(ch, _MIN_FLOAT), y0)
                    old = best.get(y)
                    if old is None or cand > old:
                        best[y] = cand
        score = {y: c[0] for y, c in best.items()}
        back.append({y: c[1] for y, c in best.items()})
    prob, state = max((v, y) for y, v in score.items())
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return prob, route


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """jieba.posseg's tokenizer with the faster Viterbi for runs of unknown characters
    (where it spends four fifths of its time); same words, same tags. Built on first
    use, sharing jieba's loaded dictionary and tag table."""
    import jieba.posseg as posseg

    class FastPOSTokenizer(posseg.POSTokenizer):
        def __init__(self) -> None:
            self.tokenizer = posseg.dt.tokenizer
            self.word_tag_tab = posseg.dt.word_tag_tab
            self.emit_cache: dict[str, dict[Any, float]] = {}

        # overrides POSTokenizer.__cut (name-mangled), the one caller of viterbi
        def _POSTokenizer__cut(self, sentence: str) -> Any:
            _, pos_list = _viterbi(
                sentence,
                posseg.char_state_tab_P,
                posseg.start_P,
                posseg.trans_P,
                posseg.emit_P,
                self.emit_cache,
            )
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return FastPOSTokenizer()


def pos_words(text: str) -> PosWords:
    """jieba.posseg's words of ``text`` with their part-of-speech tags (jieba.posseg
    cuts a little differently from the jieba.cut behind spaCy's tokens)."""
    out = []
    pos = 0
    for word, flag in _pos_tokenizer().cut(text, HMM=True):
        k = text.find(word, pos)
        if k < 0:
            continue
        out.append((k, k + len(word), flag))
        pos = k + len(word)
    return tuple(out)


def tag_view(view: str) -> PosWords:
    """The part-of-speech words of a view, tagged on its compact text (so 营 销 split by
    the PDF is tagged as 营销), in view offsets: what the kg_pos component computes."""
    text, keep, _ = compact(view)
    return tuple((keep[s], keep[e - 1] + 1, tag) for s, e, tag in pos_words(text))


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


def _strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTE_CHARS)


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
    def of(cls, ctx: TextContext, pos: PosWords | None = None) -> _Text:
        """The compact text of a context; ``pos`` are its view's part-of-speech words
        (from the kg_pos component), tagged here when not given."""
        view = ctx.view.text
        text, keep, blank_before = compact(view)
        n = len(view)
        v2c = [0] * (n + 1)
        c = 0
        for i in range(n + 1):
            v2c[i] = c
            if c < len(keep) and keep[c] == i:
                c += 1
        words = pos_words(text) if pos is None else tuple((v2c[s], v2c[e], t) for s, e, t in pos)
        tags = [""] * len(text)
        tag_starts: set[int] = set()
        for s, e, tag in words:
            tags[s:e] = [tag] * (e - s)
            tag_starts.add(s)
        starts = sorted({v2c[s] for s, _ in ctx.tokens} | blank_before | tag_starts)
        bounds = frozenset(starts) | frozenset(v2c[e] for _, e in ctx.tokens)
        words_b = frozenset(v2c[s] for s, _ in ctx.tokens) | frozenset(
            v2c[e] for _, e in ctx.tokens
        )
        return cls(text, keep, tuple(starts), bounds, blank_before, tuple(tags), words_b)

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
