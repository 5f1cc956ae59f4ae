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
in the same order, each step a few array operations (six to eight times jieba's speed).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, repeat
from math import log
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import numpy

PosWords = Sequence[tuple[int, int, str]]
"""jieba part-of-speech words as (start, end, tag), in offsets of the text they tag: a
tuple, or segment()'s :class:`WordColumns` (which read as that tuple)."""

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


_NONE = float("-inf")
"""The score of a state no path reaches (jieba's Viterbi keeps no such state)."""


class _Step:
    """What one step of posseg's Viterbi reads to enter a character: for each state it
    may take (``targets``, in order), its predecessors (``prev``, the larger first) with
    their transition scores (``trans``) and its own emission score repeated (``emit``),
    the states' runs starting at ``starts``; and the same per state for walking back."""

    __slots__ = ("back", "emit", "prev", "starts", "targets", "trans")

    def __init__(self, hmm: _PossegHmm, states: Iterable[Any], ch: str) -> None:
        prev: list[int] = []
        trans: list[float] = []
        emit: list[float] = []
        starts: list[int] = []
        targets: list[int] = []
        runs = []
        for y in sorted(set(states)):
            into = hmm.into[y]
            if not into:
                continue
            e = hmm.emit_p[y].get(ch, _MIN_FLOAT)
            starts.append(len(prev))
            targets.append(hmm.number[y])
            runs.append((len(prev), len(prev) + len(into), e))
            prev.extend(i for i, _ in into)
            trans.extend(p for _, p in into)
            emit.extend(e for _ in into)
        self.prev = numpy.array(prev, dtype=numpy.intp)
        self.trans = numpy.array(trans, dtype=numpy.float64)
        self.emit = numpy.array(emit, dtype=numpy.float64)
        self.starts = numpy.array(starts, dtype=numpy.intp)
        self.targets = numpy.array(targets, dtype=numpy.intp)
        self.back = {
            t: (self.prev[lo:hi], self.trans[lo:hi], e)
            for t, (lo, hi, e) in zip(targets, runs, strict=True)
        }

    def scores(self, before: Any, size: int) -> Any:
        """Each state's best score after this character, from the scores before it
        (``_NONE`` where no path arrives): (score before + transition) + emission, the
        sums of jieba's Viterbi in its order, and the largest per state."""
        out = numpy.full(size, _NONE)
        if len(self.targets):
            best = numpy.maximum.reduceat(before[self.prev] + self.trans + self.emit, self.starts)
            out[self.targets] = best
        return out

    def came_from(self, before: Any, state: int) -> int:
        """The state before ``state`` on its best path: the first of the best scores, its
        predecessors running from the larger state (jieba's tie-break)."""
        prev, trans, e = self.back[state]
        return int(prev[int(numpy.argmax(before[prev] + trans + e))])


class _PossegHmm:
    """jieba.posseg's tagging HMM as arrays for :func:`_viterbi`: its states numbered in
    their order (the larger state, the larger number), each one's predecessors, and for
    each character met the :class:`_Step` entering it (kept for the process: a function
    of the model and the character, not of any text)."""

    def __init__(self, states: Any, start_p: Any, trans_p: Any, emit_p: Any) -> None:
        self.char_states, self.start_p, self.emit_p = states, start_p, emit_p
        self.names = sorted(trans_p)
        self.number = {y: i for i, y in enumerate(self.names)}
        into: dict[Any, list[tuple[int, float]]] = {y: [] for y in self.names}
        for y0 in self.names:
            for y, p in trans_p[y0].items():
                into[y].append((self.number[y0], p))
        self.into = {y: sorted(c, reverse=True) for y, c in into.items()}
        self.firsts: dict[str, Any] = {}
        self.steps: dict[str, _Step] = {}
        self.every: dict[str, _Step] = {}

    def first(self, ch: str) -> Any:
        """The scores of the states a run may open with ``ch``."""
        found = self.firsts.get(ch)
        if found is None:
            found = numpy.full(len(self.names), _NONE)
            for y in self.char_states.get(ch, self.names):
                found[self.number[y]] = self.start_p[y] + self.emit_p[y].get(ch, _MIN_FLOAT)
            self.firsts[ch] = found
        return found

    def step(self, ch: str) -> _Step:
        """The step into ``ch``'s own states (every state for a character the table
        lacks)."""
        found = self.steps.get(ch)
        if found is None:
            found = self.steps[ch] = _Step(self, self.char_states.get(ch, self.names), ch)
        return found

    def any_step(self, ch: str) -> _Step:
        """The step into every state: jieba's when none of ``ch``'s can follow."""
        found = self.every.get(ch)
        if found is None:
            found = self.every[ch] = _Step(self, self.names, ch)
        return found


def _viterbi(obs: str, hmm: _PossegHmm) -> tuple[float, list[Any]]:
    """jieba.posseg's Viterbi with the same result: each character's step a few array
    operations over the states it may take (the same sums in the same order, the largest
    score kept), the path walked back from the best last state with jieba's tie-break
    (the larger state), about twice as fast as a loop over the live states."""
    size = len(hmm.names)
    scores = [hmm.first(obs[0])]
    steps = []
    for ch in obs[1:]:
        step = hmm.step(ch)
        after = step.scores(scores[-1], size)
        if after.max() == _NONE:  # none of the character's states can follow
            step = hmm.any_step(ch)
            after = step.scores(scores[-1], size)
            if after.max() == _NONE:
                # no state goes on: jieba's max over no state fails, and so does this
                raise ValueError("max() arg is an empty sequence")
        steps.append(step)
        scores.append(after)
    last = scores[-1]
    # the larger state among equal scores: the first best of the states from the largest
    state = len(last) - 1 - int(numpy.argmax(last[::-1]))
    prob = float(last[state])
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        route[i] = hmm.names[state]
        state = steps[i - 1].came_from(scores[i - 1], state)
    route[0] = hmm.names[state]
    return prob, route


class _Finalseg:
    """jieba.finalseg.cut (jieba.cut's HMM for a run the dictionary lacks) with its
    Viterbi unrolled over its four states: the same sums in the same order, the same
    tie-breaks (max over (score, state) pairs: the larger state among equal scores), the
    path kept as back pointers instead of a list copied per state and character."""

    def __init__(self, finalseg: Any) -> None:
        self.finalseg = finalseg
        start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
        self.start = tuple(start[y] for y in "BMES")
        # trans_p[y0].get(y, MIN_FLOAT) for the two states each state may follow
        self.trans = tuple(
            trans[y0].get(y, _MIN_FLOAT)
            for y, y0 in ("BE", "BS", "MM", "MB", "SS", "SE", "EB", "EM")
        )
        self.emit = tuple(emit[y] for y in "BMES")

    def states(self, obs: str) -> list[str]:
        """finalseg.viterbi's path (B, M, E, S per character)."""
        e_b, e_m, e_e, e_s = (e.get for e in self.emit)
        t_eb, t_sb, t_mm, t_bm, t_ss, t_es, t_be, t_me = self.trans
        ch = obs[0]
        s_b, s_m, s_e, s_s = self.start
        v_b, v_m = s_b + e_b(ch, _MIN_FLOAT), s_m + e_m(ch, _MIN_FLOAT)
        v_e, v_s = s_e + e_e(ch, _MIN_FLOAT), s_s + e_s(ch, _MIN_FLOAT)
        back = []
        for ch in obs[1:]:
            # each state's two candidates, the larger state first: it wins a tie
            em = e_b(ch, _MIN_FLOAT)
            a, b = v_s + t_sb + em, v_e + t_eb + em
            n_b, p_b = (a, "S") if a >= b else (b, "E")
            em = e_m(ch, _MIN_FLOAT)
            a, b = v_m + t_mm + em, v_b + t_bm + em
            n_m, p_m = (a, "M") if a >= b else (b, "B")
            em = e_s(ch, _MIN_FLOAT)
            a, b = v_s + t_ss + em, v_e + t_es + em
            n_s, p_s = (a, "S") if a >= b else (b, "E")
            em = e_e(ch, _MIN_FLOAT)
            a, b = v_m + t_me + em, v_b + t_be + em
            n_e, p_e = (a, "M") if a >= b else (b, "B")
            back.append({"B": p_b, "M": p_m, "E": p_e, "S": p_s})
            v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        state = "S" if v_s >= v_e else "E"
        path = [state]
        for step in reversed(back):
            state = step[state]
            path.append(state)
        path.reverse()
        return path

    def cut(self, sentence: str) -> list[str]:
        """jieba.finalseg.cut(sentence), as a list."""
        out: list[str] = []
        f = self.finalseg
        for blk in f.re_han.split(sentence):
            if f.re_han.match(blk):
                for word in self._words(blk):
                    if word not in f.Force_Split_Words:
                        out.append(word)
                    else:
                        out.extend(word)
            else:
                out.extend(x for x in f.re_skip.split(blk) if x)
        return out

    def _words(self, sentence: str) -> list[str]:
        """finalseg's __cut: the words of the path."""
        out = []
        begin, nexti = 0, 0
        for i, pos in enumerate(self.states(sentence)):
            if pos == "B":
                begin = i
            elif pos == "E":
                out.append(sentence[begin : i + 1])
                nexti = i + 1
            elif pos == "S":
                out.append(sentence[i])
                nexti = i + 1
        if nexti < len(sentence):
            out.append(sentence[nexti:])
        return out


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
        self.hmm_cut = _Finalseg(jieba.finalseg).cut
        self.posseg = posseg
        # the block patterns of jieba.cut and posseg.cut, theirs so as to cut where they do
        self.han_cut, self.skip_cut = jieba.re_han_default, jieba.re_skip_default
        self.han_pos, self.skip_pos = posseg.re_han_internal, posseg.re_skip_internal
        for pattern in _split_patterns(self):
            if not _splits_alternately(pattern):
                raise ValueError(f"jieba's pattern {pattern.pattern!r} is not one group")
        self.han_detail, self.skip_detail = posseg.re_han_detail, posseg.re_skip_detail
        self.eng, self.num = posseg.re_eng, posseg.re_num
        self.hmm = _PossegHmm(
            posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P
        )
        self.route = _router(self.freq, self.dt.total)


def _split_patterns(tables: _Tables) -> tuple[re.Pattern[str], ...]:
    """The patterns :meth:`_Segmenter.words` and :meth:`_Segmenter.tagged_columns` split
    by, telling the pieces found from the others by their places in the split."""
    return (tables.han_cut, tables.skip_cut, tables.han_pos, tables.skip_pos)


def _splits_alternately(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern.split`` gives the pieces it finds at the odd places and text that
    ``pattern.match`` does not match at the even ones: the pattern is one group around
    the whole of it and matches at least one character, with no anchor or lookaround
    (a text between two pieces found holds no match, or the search had found it)."""
    items = sre_parse.parse(pattern.pattern, pattern.flags)
    if pattern.groups != 1 or len(items) != 1 or items[0][0] is not sre_parse.SUBPATTERN:
        return False
    if items.getwidth()[0] < 1:
        return False
    return not _has_context(items)


def _has_context(items: Any) -> bool:
    """Whether a parsed pattern holds an anchor, a lookaround or a back reference."""
    for op, av in items:
        if op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.GROUPREF):
            return True
        if op is sre_parse.SUBPATTERN and _has_context(av[3]):
            return True
        if op is sre_parse.BRANCH and any(_has_context(alt) for alt in av[1]):
            return True
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and _has_context(av[2]):
            return True
    return False


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
        self.hmm_words: dict[str, list[str]] = {}
        self.details: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def route(self, block: str) -> list[int]:
        """The best route through the dictionary's words of ``block`` (jieba's
        get_DAG and calc): the last position of the word at each position."""
        found = self.routes.get(block)
        if found is None:
            found = self.routes[block] = self.t.route(block)
        return found

    def _unknown(self, buf: str, out: list[str]) -> None:
        """A run of single characters between words of the dictionary, as jieba.cut
        leaves it: a character alone, a run the dictionary knows character by character,
        else the run cut by jieba's HMM (finalseg)."""
        if len(buf) == 1:
            out.append(buf)
        elif not self.t.freq.get(buf):
            found = self.hmm_words.get(buf)
            if found is None:
                found = self.hmm_words[buf] = self.t.hmm_cut(buf)
            out.extend(found)
        else:
            out.extend(buf)

    def _tag_unknown(self, buf: str, words: list[str], flags: list[str]) -> None:
        """The same run as jieba.posseg tags it (its HMM where the dictionary lacks it),
        its words put on ``words`` and their tags on ``flags``."""
        if len(buf) == 1:
            words.append(buf)
            flags.append(self.t.tags.get(buf, "x"))
        elif not self.t.freq.get(buf):
            found = self.details.get(buf)
            if found is None:
                detail = self._detail(buf)
                found = self.details[buf] = (
                    tuple(w for w, _ in detail),
                    tuple(t for _, t in detail),
                )
            words.extend(found[0])
            flags.extend(found[1])
        else:
            words.extend(buf)
            flags.extend(map(self.t.tags.get, buf, repeat("x", len(buf))))

    def _detail(self, sentence: str) -> list[tuple[str, str]]:
        """jieba.posseg.POSTokenizer.__cut_detail."""
        out: list[tuple[str, str]] = []
        han, skip = self.t.han_detail, self.t.skip_detail
        for blk in han.split(sentence):
            if han.match(blk):
                out.extend(self._hmm_tag(blk))
            else:
                for x in skip.split(blk):
                    if x:
                        if self.t.num.match(x):
                            out.append((x, "m"))
                        elif self.t.eng.match(x):
                            out.append((x, "eng"))
                        else:
                            out.append((x, "x"))
        return out

    def _hmm_tag(self, sentence: str) -> list[tuple[str, str]]:
        found = self.runs.get(sentence)
        if found is None:
            found = list(self._hmm_tag_run(sentence))
            self.runs[sentence] = found
        return found

    def _hmm_tag_run(self, sentence: str) -> Iterator[tuple[str, str]]:
        """jieba.posseg.POSTokenizer.__cut, with :func:`_viterbi`."""
        _, pos_list = _viterbi(sentence, self.t.hmm)
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

    def words(self, text: str) -> list[str]:
        """jieba.cut(text, cut_all=False, HMM=True): jieba's __cut_DAG walking each block's
        route, its runs of single characters put by :meth:`_unknown`."""
        out: list[str] = []
        add = out.append
        han, skip = self.t.han_cut, self.t.skip_cut
        # split by a pattern that is one group (the blocks and the blanks: _split_patterns): the
        # pieces it found are every other part, from the second; none of the others matches
        for k, blk in enumerate(han.split(text)):
            if not blk:
                continue
            if k & 1:
                route = self.route(blk)
                n = len(blk)
                x = run = 0  # run: where the current run of single characters began
                while x < n:
                    y = route[x] + 1
                    if y - x > 1:
                        if run < x:
                            self._unknown(blk[run:x], out)
                        add(blk[x:y])
                        run = y
                    x = y
                if run < n:
                    self._unknown(blk[run:], out)
            else:
                for j, x in enumerate(skip.split(blk)):
                    if j & 1:
                        add(x)
                    else:
                        out.extend(x)
        return out

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """jieba.posseg.cut(text, HMM=True), as (word, tag)."""
        return list(zip(*self.tagged_columns(text), strict=True))

    def tagged_columns(self, text: str) -> tuple[list[str], list[str]]:
        """jieba.posseg.cut(text, HMM=True) as its words and their tags (two lists, no
        pair made per word): posseg's __cut_DAG walking each block's route, its runs of
        single characters put by :meth:`_tag_unknown`."""
        words: list[str] = []
        flags: list[str] = []
        add, flag = words.append, flags.append
        tag = self.t.tags.get
        han, skip, num, eng = self.t.han_pos, self.t.skip_pos, self.t.num, self.t.eng
        for k, blk in enumerate(han.split(text)):
            if k & 1:  # a block (as in words())
                route = self.route(blk)
                n = len(blk)
                x = run = 0
                while x < n:
                    y = route[x] + 1
                    if y - x > 1:
                        if run < x:
                            self._tag_unknown(blk[run:x], words, flags)
                        word = blk[x:y]
                        add(word)
                        flag(tag(word, "x"))
                        run = y
                    x = y
                if run < n:
                    self._tag_unknown(blk[run:], words, flags)
            else:
                for j, x in enumerate(skip.split(blk)):
                    if j & 1:
                        add(x)
                        flag("x")
                    else:
                        # jieba's test of the piece, not the character, for each character
                        # that is no number: the same answer each time, asked once
                        piece_tag = None
                        for xx in x:
                            add(xx)
                            if num.match(xx):
                                flag("m")
                                continue
                            if piece_tag is None:
                                piece_tag = "eng" if eng.match(x) else "x"
                            flag(piece_tag)
        return words, flags


def _offsets(
    text: str, tagged: list[tuple[str, str]], keep: tuple[int, ...] | None = None
) -> PosWords:
    """Each tagged word's place in ``text``, found as the next occurrence from the end of
    the one before (posseg's Viterbi may drop the characters of a word it leaves open);
    with ``keep`` (the view index of each character of ``text``), in view offsets, and
    the words in ``text``'s own offsets kept for :func:`compact_words` (and, where they
    make up the text, as columns for :func:`words_columns`)."""
    words, flags = zip(*tagged, strict=True) if tagged else ((), ())
    return _placed(text, words, flags, keep)


def _placed(
    text: str,
    words: Sequence[str],
    flags: Sequence[str],
    keep: tuple[int, ...] | None = None,
) -> PosWords:
    """:func:`_offsets` of the tagged words given as two columns, their strings and tags."""
    out: list[tuple[int, int, str]]
    if "".join(words) == text:
        # no character dropped (as in most texts): each word right after the one before,
        # its end the running sum of the lengths
        ends = list(accumulate(map(len, words)))
        starts = [0, *ends]
        starts.pop()
        if keep is None:
            return tuple(zip(starts, ends, flags, strict=True))
        view_starts = [keep[s] for s in starts]
        view_ends = [keep[e - 1] + 1 for e in ends]
        # the view's words are the columns themselves: no triple made per word unless read
        cols = WordColumns(starts, ends, words, flags, view_starts, view_ends)
        _LAST_WORDS[:] = [cols, None, cols]
        return cols
    out = []
    add = out.append
    pos = 0
    starts_with, find = text.startswith, text.find
    for word, flag in zip(words, flags, strict=True):
        k = pos if starts_with(word, pos) else find(word, pos)
        if k < 0:
            continue
        pos = k + len(word)
        add((k, pos, flag))
    if keep is None:
        return tuple(out)
    in_view = tuple([(keep[s], keep[e - 1] + 1, flag) for s, e, flag in out])
    _LAST_WORDS[:] = [in_view, out, None]
    return in_view


class WordColumns(Sequence[tuple[int, int, str]]):
    """The tagged words of a compact text that they make up, as columns: their starts,
    ends, strings and tags in the compact text, and their starts and ends in the view.
    As a sequence, the words in view offsets, (start, end, tag): the tuple of them,
    equal to it (and hashed as it is), each triple made when read."""

    __slots__ = ("ends", "flags", "starts", "texts", "view_ends", "view_starts")

    def __init__(
        self,
        starts: list[int],
        ends: list[int],
        texts: Sequence[str],
        flags: Sequence[str],
        view_starts: list[int],
        view_ends: list[int],
    ) -> None:
        self.starts, self.ends, self.texts, self.flags = starts, ends, texts, flags
        self.view_starts, self.view_ends = view_starts, view_ends

    def __len__(self) -> int:
        return len(self.flags)

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        return zip(self.view_starts, self.view_ends, self.flags, strict=True)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        return (self.view_starts[index], self.view_ends[index], self.flags[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordColumns):
            return (self.view_starts, self.view_ends, list(self.flags)) == (
                other.view_starts,
                other.view_ends,
                list(other.flags),
            )
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


_LAST_WORDS: list = [None, None, None]
"""The last view's tagged words (view offsets), the same words in its compact text's
offsets as :func:`segment` made them (None where they are columns) and, where they make
up the compact text, their columns (:class:`WordColumns`)."""


def compact_words(words: PosWords) -> list[tuple[int, int, str]] | None:
    """The tagged words of :func:`segment`'s last view in its compact text's offsets, when
    ``words`` are those it gave (the same object); else None. Mapping the view offsets
    back gives the same: each word starts and ends on kept characters."""
    if words is not _LAST_WORDS[0]:
        return None
    if _LAST_WORDS[1] is None:
        cols = _LAST_WORDS[2]
        _LAST_WORDS[1] = list(zip(cols.starts, cols.ends, cols.flags, strict=True))
    return _LAST_WORDS[1]


def words_columns(words: PosWords | None) -> WordColumns | None:
    """The columns of :func:`segment`'s last view's tagged words, when ``words`` are those
    it gave (the same object) and they make up its compact text; else None."""
    return _LAST_WORDS[2] if words is not None and words is _LAST_WORDS[0] else None


def pos_words(text: str) -> PosWords:
    """jieba.posseg's words of ``text`` with their part-of-speech tags (jieba.posseg
    cuts a little differently from the jieba.cut behind spaCy's tokens)."""
    return _offsets(text, _Segmenter().tagged(text))


def tag_view(view: str) -> PosWords:
    """The part-of-speech words of a view, tagged on its compact text (so 营 销 split by
    the PDF is tagged as 营销), in view offsets: what the kg_pos component computes."""
    return segment(view)[1]


def segment(view: str) -> tuple[list[str], PosWords]:
    """jieba.cut's words of ``view`` (none empty: spaCy's tokenizer leaves out empty ones,
    and :meth:`_Segmenter.words` makes none) and :func:`tag_view`'s tagged words, each
    block's dictionary route computed once."""
    seg = _Segmenter()
    words = seg.words(view)
    text, keep, _ = compact(view)
    return words, _placed(text, *seg.tagged_columns(text), keep)
