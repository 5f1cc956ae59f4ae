"""Segmentation: jieba's words (the spaCy tokens) and jieba.posseg's tagged words of a
text, from one pass over jieba's dictionary.

``jieba.cut`` and ``jieba.posseg.cut`` both look every block of Chinese up in the
dictionary (the DAG of words and the best route through it) and differ only in what
they do with the runs of characters the dictionary does not know (jieba's four-state
HMM, posseg's tagging HMM) and in where a block ends. :func:`segment` computes the
route of a block once and cuts it both ways, so the words and the tags are exactly what
the two jieba calls return (a test compares them), at about half the dictionary work.
The route itself is jieba-next's compiled DAG and calc over jieba's dictionary as loaded
(the same route, three times as fast; :func:`_route` where its wheel does not install).
posseg's Viterbi, where it spends most of its time, is :func:`_viterbi`: the same sums
in the same order, three to four times faster.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from math import log
from typing import Any

PosWords = tuple[tuple[int, int, str], ...]
"""jieba part-of-speech words as (start, end, tag), in offsets of the text they tag."""

BLANKS = frozenset(" \t\u3000\xa0")

_MIN_FLOAT = -3.14e100


_BLANK_RUN = re.compile("[" + "".join(sorted(BLANKS)) + "]+")


@lru_cache(maxsize=1)
def compact(view: str) -> tuple[str, tuple[int, ...], frozenset[int]]:
    """The view without the blanks PDF flattening left inside Chinese text (工银 e钱包),
    keeping those between two Latin letters or digits (ICBC PAY): the compact text, the
    view index of each of its characters, and the positions where blanks were dropped.
    Each run of blanks is decided once, by the characters on either side of it (what
    every blank of the run would be decided by). The last view's is kept: the tokenizer and
    the entity recogniser each ask for the document's (nothing older is kept)."""
    keep: list[int] = []
    parts: list[str] = []
    blank_before: set[int] = set()
    n = len(view)
    at = 0
    for m in _BLANK_RUN.finditer(view):
        s, e = m.span()
        prev = view[s - 1] if s > 0 else ""
        nxt = view[e] if e < n else ""
        if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
            continue  # kept with the text around it
        keep.extend(range(at, s))
        parts.append(view[at:s])
        blank_before.add(len(keep))
        at = e
    keep.extend(range(at, n))
    parts.append(view[at:])
    return "".join(parts), tuple(keep), frozenset(blank_before)


def _viterbi(
    obs: str,
    states: Any,
    start_p: Any,
    trans_p: Any,
    emit_p: Any,
    emit_cache: dict[str, dict[Any, float]],
    step_cache: dict[str, dict[Any, list[tuple[Any, float, float]]]] | None = None,
) -> Any:
    """jieba.posseg's Viterbi with the same result, walking each live state's own
    transitions instead of every pair of states: the same sums in the same order, the
    same tie-break (the larger state), three to four times faster. ``emit_cache``
    keeps each character's emission scores over its possible states, ``step_cache``
    each character's moves from a state: the transitions that reach one of the
    character's states, with their transition and emission scores (of a state's ~20
    transitions one or two reach a state of the character; the others were looked up
    and dropped at every step)."""
    all_states = trans_p.keys()
    steps_of = {} if step_cache is None else step_cache
    score: dict[Any, float] = {}
    back: list[dict[Any, Any]] = [{}]
    for y in states.get(obs[0], all_states):
        score[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        back[0][y] = ""
    for ch in obs[1:]:
        steps = steps_of.get(ch)
        if steps is None:
            steps = steps_of[ch] = {}
        # each state's best score and the state it comes from, in two dicts (no tuple
        # per candidate, and they are the next step's scores and back pointers as made)
        best: dict[Any, float] = {}
        came: dict[Any, Any] = {}
        for y0, v0 in score.items():
            moves = steps.get(y0)
            if moves is None:
                emit = emit_cache.get(ch)
                if emit is None:
                    emit = {y: emit_p[y].get(ch, _MIN_FLOAT) for y in states.get(ch, all_states)}
                    emit_cache[ch] = emit
                moves = steps[y0] = [(y, p, emit[y]) for y, p in trans_p[y0].items() if y in emit]
            for y, p, e in moves:
                v = v0 + p + e
                old = best.get(y)
                # (v, y0) > (old, came[y]) as tuples: the larger score, then the larger state
                if old is None or v > old or (v == old and y0 > came[y]):
                    best[y] = v
                    came[y] = y0
        if not best:
            # none of the character's states can follow: jieba then allows every successor
            for y0, v0 in score.items():
                for y, p in trans_p[y0].items():
                    v = v0 + p + emit_p[y].get(ch, _MIN_FLOAT)
                    old = best.get(y)
                    if old is None or (v, y0) > (old, came[y]):
                        best[y] = v
                        came[y] = y0
        score = best
        back.append(came)
    prob, state = max((v, y) for y, v in score.items())
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return prob, route


def _route(block: str, freq: dict[str, int], logtotal: float) -> list[tuple[float, int]]:
    """jieba's ``calc(block, get_DAG(block))`` in one pass from the block's end: each
    position's words are looked up and weighed at once (the positions after it are
    already routed), each word's frequency kept from the look-up instead of being cut from
    the block and looked up again, the best kept by a running comparison instead of
    ``max`` over tuples. The same sums in the same order and the same choices (the larger
    end among equal scores), so the same route (a test compares it with jieba's, entry by
    entry); a list indexed by position where jieba fills a dict."""
    n = len(block)
    get = freq.get
    lone = log(1) - logtotal  # a character no word starts with: jieba counts it once
    route: list[tuple[float, int]] = [(0, 0)] * (n + 1)
    for k in range(n - 1, -1, -1):
        best_v: float = 0.0
        best_x = -1
        i = k
        count = get(block[k])
        while count is not None:
            if count:
                v = log(count) - logtotal + route[i + 1][0]
                if best_x < 0 or v >= best_v:  # a tie goes to the larger end, as max's
                    best_v, best_x = v, i
            i += 1
            if i >= n:
                break
            count = get(block[k : i + 1])
        route[k] = (best_v, best_x) if best_x >= 0 else (lone + route[k + 1][0], k)
    return route


class _Tables:
    """jieba's loaded dictionary, posseg's tag table and HMM, and finalseg's cut: what
    every document's :class:`_Segmenter` shares (loaded once per process)."""

    def __init__(self) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        import jieba
        import jieba.finalseg

        from kg import jiebacache

        jieba.setLogLevel(logging.WARNING)
        self.dt = jieba.dt
        posseg = jiebacache.load(jieba)
        posseg.dt.makesure_userdict_loaded()
        _add_report_words(jieba, posseg)
        self.freq: dict[str, int] = self.dt.FREQ
        self.tags: dict[str, str] = posseg.dt.word_tag_tab
        self.hmm_cut = jieba.finalseg.cut
        self.posseg = posseg
        # the block patterns of jieba.cut and posseg.cut, theirs so as to cut where they do
        self.han_cut, self.skip_cut = jieba.re_han_default, jieba.re_skip_default
        self.han_pos, self.skip_pos = posseg.re_han_internal, posseg.re_skip_internal
        self.han_detail, self.skip_detail = posseg.re_han_detail, posseg.re_skip_detail
        self.eng, self.num = posseg.re_eng, posseg.re_num
        self.emit_cache: dict[str, dict[Any, float]] = {}
        self.step_cache: dict[str, dict[Any, list[tuple[Any, float, float]]]] = {}
        self.route = _router(self.freq, self.dt.total)


ROUTE_MAX_ENDS = 12
"""jieba-next's compiled route keeps at most this many words starting at one place: it
is jieba's while no word of the dictionary has more words among its beginnings (a test
checks the loaded dictionary)."""


def _router(freq: dict[str, int], total: int) -> Callable[[str], list[int]]:
    """The function giving each position's end of word on a block's best route: jieba-next's
    compiled DAG and route (its prefix tree built once from the dictionary as loaded, the
    report words included), else :func:`_route`'s. Both are jieba's calc: the same sums of
    glibc's ``log`` in the same order and the same choice among equal scores (a test
    compares them, and with jieba's own, on every block of its texts); the compiled one is
    about three times as fast."""
    try:
        from jieba_next.jieba_next_rust import PrefixDict
    except ImportError:  # no wheel for this machine: the same route in Python
        logtotal = log(total)
        return lambda block: [x for _, x in _route(block, freq, logtotal)]
    prefix = PrefixDict(freq, float(total))
    return prefix.get_dag_and_calc


def _add_report_words(jieba: Any, posseg: Any) -> None:
    """The words of ``kg/rules/words.yaml`` into jieba's dictionary and posseg's tags
    (posseg reads jieba's own user tags only once, before these are added)."""
    from kg.grammar import load_table

    for row in load_table("words.yaml")["words"]:
        if jieba.dt.FREQ.get(row["word"]) != row["freq"]:
            jieba.add_word(row["word"], row["freq"], row["tag"])
        posseg.dt.word_tag_tab[row["word"]] = row["tag"]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def load() -> None:
    """Load jieba's dictionary and posseg's tables now: the pipeline does it before
    worker processes fork, so that they share them instead of each loading its own."""
    _tables()


class _Segmenter:
    """One document's segmentation: jieba's tables, and what is computed once per text
    of the document (a block's dictionary route, a run's tagged words): both are pure
    functions of the text, and a report repeats its short runs of unknown characters."""

    def __init__(self) -> None:
        self.t = _tables()
        self.routes: dict[str, list[int]] = {}
        self.runs: dict[str, list[tuple[str, str]]] = {}

    def route(self, block: str) -> list[int]:
        """The best route through the dictionary's words of ``block`` (jieba's
        get_DAG and calc): the last position of the word at each position."""
        found = self.routes.get(block)
        if found is None:
            found = self.routes[block] = self.t.route(block)
        return found

    @staticmethod
    def _pieces(block: str, route: list) -> Iterator[tuple[bool, str]]:
        """The route's pieces as jieba's __cut_DAG walks them: (True, word) for a word of
        the dictionary, (False, run) for a run of single characters between them."""
        x, buf, n = 0, "", len(block)
        while x < n:
            y = route[x] + 1
            if y - x == 1:
                buf += block[x]
            else:
                if buf:
                    yield False, buf
                    buf = ""
                yield True, block[x:y]
            x = y
        if buf:
            yield False, buf

    def cut_block(self, block: str, route: list) -> Iterator[str]:
        """jieba.Tokenizer.__cut_DAG (HMM on) after the route."""
        for known, piece in self._pieces(block, route):
            if known:
                yield piece
            else:
                yield from self._unknown(piece)

    def _unknown(self, buf: str) -> Iterator[str]:
        if len(buf) == 1:
            yield buf
        elif not self.t.freq.get(buf):
            yield from self.t.hmm_cut(buf)
        else:
            yield from buf

    def tag_block(self, block: str, route: list) -> Iterator[tuple[str, str]]:
        """jieba.posseg.POSTokenizer.__cut_DAG after the route."""
        tags = self.t.tags
        for known, piece in self._pieces(block, route):
            if known:
                yield piece, tags.get(piece, "x")
            else:
                yield from self._tag_unknown(piece)

    def _tag_unknown(self, buf: str) -> Iterator[tuple[str, str]]:
        if len(buf) == 1:
            yield buf, self.t.tags.get(buf, "x")
        elif not self.t.freq.get(buf):
            yield from self._detail(buf)
        else:
            for ch in buf:
                yield ch, self.t.tags.get(ch, "x")

    def _detail(self, sentence: str) -> Iterator[tuple[str, str]]:
        """jieba.posseg.POSTokenizer.__cut_detail."""
        for blk in self.t.han_detail.split(sentence):
            if self.t.han_detail.match(blk):
                yield from self._hmm_tag(blk)
            else:
                for x in self.t.skip_detail.split(blk):
                    if x:
                        if self.t.num.match(x):
                            yield x, "m"
                        elif self.t.eng.match(x):
                            yield x, "eng"
                        else:
                            yield x, "x"

    def _hmm_tag(self, sentence: str) -> list[tuple[str, str]]:
        found = self.runs.get(sentence)
        if found is None:
            found = list(self._hmm_tag_run(sentence))
            self.runs[sentence] = found
        return found

    def _hmm_tag_run(self, sentence: str) -> Iterator[tuple[str, str]]:
        """jieba.posseg.POSTokenizer.__cut, with :func:`_viterbi`."""
        p = self.t.posseg
        _, pos_list = _viterbi(
            sentence,
            p.char_state_tab_P,
            p.start_P,
            p.trans_P,
            p.emit_P,
            self.t.emit_cache,
            self.t.step_cache,
        )
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield sentence[begin : i + 1], pos_list[i][1]
                nexti = i + 1
            elif pos == "S":
                yield char, pos_list[i][1]
                nexti = i + 1
        if nexti < len(sentence):
            yield sentence[nexti:], pos_list[nexti][1]

    def words(self, text: str) -> Iterator[str]:
        """jieba.cut(text, cut_all=False, HMM=True)."""
        for blk in self.t.han_cut.split(text):
            if not blk:
                continue
            if self.t.han_cut.match(blk):
                yield from self.cut_block(blk, self.route(blk))
            else:
                for x in self.t.skip_cut.split(blk):
                    if self.t.skip_cut.match(x):
                        yield x
                    else:
                        yield from x

    def tagged(self, text: str) -> Iterator[tuple[str, str]]:
        """jieba.posseg.cut(text, HMM=True), as (word, tag)."""
        for blk in self.t.han_pos.split(text):
            if self.t.han_pos.match(blk):
                yield from self.tag_block(blk, self.route(blk))
            else:
                for x in self.t.skip_pos.split(blk):
                    if self.t.skip_pos.match(x):
                        yield x, "x"
                    else:
                        for xx in x:
                            if self.t.num.match(xx):
                                yield xx, "m"
                            elif self.t.eng.match(x):
                                yield xx, "eng"
                            else:
                                yield xx, "x"


def _offsets(text: str, tagged: Iterator[tuple[str, str]]) -> PosWords:
    """Each tagged word's place in ``text``, found as the next occurrence from the end of
    the one before (posseg's Viterbi may drop the characters of a word it leaves open)."""
    out = []
    pos = 0
    for word, flag in tagged:
        k = pos if text.startswith(word, pos) else text.find(word, pos)
        if k < 0:
            continue
        out.append((k, k + len(word), flag))
        pos = k + len(word)
    return tuple(out)


def pos_words(text: str) -> PosWords:
    """jieba.posseg's words of ``text`` with their part-of-speech tags (jieba.posseg
    cuts a little differently from the jieba.cut behind spaCy's tokens)."""
    return _offsets(text, _Segmenter().tagged(text))


def tag_view(view: str) -> PosWords:
    """The part-of-speech words of a view, tagged on its compact text (so 营 销 split by
    the PDF is tagged as 营销), in view offsets: what the kg_pos component computes."""
    return segment(view)[1]


def segment(view: str) -> tuple[list[str], PosWords]:
    """jieba.cut's words of ``view`` (empty ones left out, as spaCy's tokenizer does) and
    :func:`tag_view`'s tagged words, each block's dictionary route computed once."""
    seg = _Segmenter()
    words = [w for w in seg.words(view) if w]
    text, keep, _ = compact(view)
    tagged = _offsets(text, seg.tagged(text))
    return words, tuple((keep[s], keep[e - 1] + 1, tag) for s, e, tag in tagged)
