"""Clause scans by bisection give exactly what a walk back one character at a time gives."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import clauses
from kg.figures import text as boundaries
from kg.figures.text import _hard_break
from kg.grammar import CLOSING_TO_OPENING, FIGURE_CLAUSE_END

TEXTS = st.text(alphabet="ab，；。：！？、\n （）“”「」『』\t", max_size=40)


def walk_clause_start(text: str, pos: int, floor: int) -> int:
    """The scan observations used before: back from ``pos`` with a stack of brackets."""
    stack: list[str] = []
    i = pos - 1
    while i >= floor:
        ch = text[i]
        if ch in CLOSING_TO_OPENING:
            stack.append(CLOSING_TO_OPENING[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch == "（" and not stack:
            return i + 1
        elif not stack and ch in FIGURE_CLAUSE_END:
            if ch == "\n" and not _hard_break(text, i):
                i -= 1
                continue
            return i + 1
        i -= 1
    return floor


def walk_before(text: str, pos: int, delimiters: frozenset[str]) -> int:
    i = pos - 1
    while i >= 0:
        ch = text[i]
        if (ch in delimiters and ch != "\n") or (ch == "\n" and _hard_break(text, i)):
            return i + 1
        i -= 1
    return 0


def walk_after(text: str, pos: int, delimiters: frozenset[str]) -> int:
    for i in range(pos, len(text)):
        if text[i] in delimiters or (text[i] == "\n" and _hard_break(text, i)):
            return i
    return len(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_clause_start_equals_the_walk(text, data):
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, len(text)))
    assert boundaries._clause_start(text, pos, floor) == walk_clause_start(text, pos, floor)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data(), st.sampled_from(["。！？；", "，；。！？", "", "，。；：！？\n"]))
def test_boundaries_equal_the_walk(text, data, chars):
    pos = data.draw(st.integers(0, len(text)))
    delimiters = frozenset(chars)
    assert boundaries._boundary_before(text, pos, delimiters) == walk_before(text, pos, delimiters)
    assert boundaries._boundary_after(text, pos, delimiters) == walk_after(text, pos, delimiters)


def test_brackets_and_quotes_hold_one_phrase():
    text = "推出「五通、四集、三云」服务，客户增长12%"
    assert boundaries._clause_start(text, text.index("服务") + 2) == 0
    assert boundaries._clause_start(text, len(text)) == text.index("客户")
    assert boundaries._clause_start("（甲，乙）丙", 6) == 0
    assert boundaries._clause_start("丁，（甲乙", 5) == 3


def test_positions_and_bisection():
    text = "甲，乙；丙"
    found = clauses.positions(text, frozenset("，；"))
    assert found == (1, 3)
    assert [clauses.after_last(found, p) for p in range(6)] == [0, 0, 2, 2, 4, 4]
    assert [clauses.first_from(found, p, len(text)) for p in range(6)] == [1, 1, 3, 3, 5, 5]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab，；：,;:。\n", max_size=30), st.data())
def test_relation_and_entity_clause_scans_equal_the_walk(text, data):
    from types import SimpleNamespace

    from kg.entities import CLAUSE_END as ENTITY_END
    from kg.entities.recognizer import _Recognizer
    from kg.grammar import RELATION_CLAUSE_END as RELATION_END
    from kg.relations.skeleton import Skeleton

    pos = data.draw(st.integers(0, len(text)))
    bound = data.draw(st.integers(0, len(text)))
    doc = SimpleNamespace(text=text)
    start, end = pos, pos
    while start > bound and text[start - 1] not in RELATION_END:
        start -= 1
    while end < bound and text[end] not in RELATION_END:
        end += 1
    assert Skeleton.clause_start(doc, pos, bound) == start  # type: ignore[arg-type]
    assert Skeleton.clause_end(doc, pos, bound) == end  # type: ignore[arg-type]
    j = pos - 1
    while j >= 0 and text[j] not in ENTITY_END:
        j -= 1
    assert _Recognizer.clause_start(doc, pos) == j + 1  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab、，。“”（） ", max_size=30), st.data())
def test_enumeration_members_scan_equals_the_walk(text, data):
    from kg.entities import PUNCT, QUOTE_CHARS

    pos = data.draw(st.integers(0, len(text)))
    j = pos - 1
    while j >= 0 and text[j] != "、" and (text[j] not in PUNCT or text[j] in QUOTE_CHARS):
        j -= 1
    assert clauses.after_last(clauses.positions(text, PUNCT - QUOTE_CHARS), pos) - 1 == j


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab、、，。\n", max_size=30))
def test_sibling_lists_are_the_matches_of_the_plain_pattern(text):
    import re

    from kg.entities.refine import SIBLING_LIST

    plain = re.compile(r"[^，。；：！？\n、]+(?:、[^，。；：！？\n、]+)+")
    assert [m.span() for m in SIBLING_LIST.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


MARKS = frozenset("，、：；")


@pytest.mark.parametrize(
    ("text", "limit", "words", "pieces", "hard"),
    [
        ("甲乙，丙丁", 10, (), ["甲乙，丙丁"], []),
        ("甲乙，丙丁戊己", 4, (), ["甲乙，", "丙丁戊己"], []),
        ("甲，乙、丙丁戊己庚", 5, (), ["甲，乙、", "丙丁戊己庚"], []),
        ("甲乙丙 丁戊己", 5, (), ["甲乙丙 ", "丁戊己"], [(4, "space")]),
        ("甲乙丙丁戊己", 4, (0, 3, 5), ["甲乙丙", "丁戊己"], [(3, "word")]),
        ("甲乙丙丁戊己", 4, (0,), ["甲乙丙丁", "戊己"], [(4, "limit")]),
        ("   甲乙", 2, (), ["甲乙"], []),
        ("甲" + " " * 9 + "乙", 3, (), ["甲  ", " 乙"], [(3, "space")]),
    ],
    ids=["short", "clause", "last-clause", "space", "word", "limit", "white", "white-run"],
)
def test_a_long_sentence_is_cut_at_its_last_clause_mark_in_reach(text, limit, words, pieces, hard):
    bounds, cuts = clauses.cut_long(text, [(0, len(text))], limit, MARKS, words)
    assert [text[s:e] for s, e in bounds] == pieces
    assert cuts == hard


def test_sentences_within_the_limit_are_kept_as_they_are():
    text = "甲乙。丙丁戊己庚辛。"
    bounds = [(0, 3), (3, 10)]
    assert clauses.cut_long(text, bounds, 7, MARKS) == (bounds, [])
    assert clauses.cut_long(text, bounds, 6, MARKS) == ([(0, 3), (3, 9), (9, 10)], [(9, "limit")])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab，、 。", max_size=60), st.integers(1, 12), st.data())
def test_cut_pieces_cover_the_text_each_as_long_as_it_can_be(text, limit, data):
    words = sorted(set(data.draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=20))))
    pieces, hard = clauses.cut_long(text, [(0, len(text))] if text else [], limit, MARKS, words)
    assert all(0 < e - s <= limit for s, e in pieces)
    assert all(a[1] <= b[0] for a, b in pairwise(pieces))
    covered = {i for s, e in pieces for i in range(s, e)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())  # nothing lost
    hard_at = dict(hard)
    assert set(hard_at) <= {e for _, e in pieces}  # a listed cut ends a piece with text
    for start, at in pieces:
        if at == len(text):
            continue
        marks = [i for i in range(start, min(start + limit, len(text))) if text[i] in MARKS]
        if at in hard_at:  # no clause mark was in reach, and the cut is the one it says
            assert marks == []
            how = hard_at[at]
            spaces = [i for i in range(start, start + limit) if text[i] == " "]
            if how == "space":
                assert at == spaces[-1] + 1
            elif how == "word":
                assert spaces == [] and at == max(w for w in words if start < w <= start + limit)
            else:
                assert how == "limit" and at == start + limit
        else:  # after the last clause mark in reach
            assert marks and at == marks[-1] + 1
