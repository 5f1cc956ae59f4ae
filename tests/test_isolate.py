"""One sentence that an extractor cannot read goes to review; the rest is extracted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.isolate import masked, reason_of, run_isolated, unreadable
from tests.conftest import make_document

TEXT = "第一句有数字10亿元。第二句坏了BAD。第三句也有20亿元。\n第四句。"


@pytest.fixture()
def ctx(make_context):
    return make_context(TEXT)


def _runner(calls: list[tuple[int, int]]):
    """Returns the quotes of the sentences it sees; raises on a sentence holding BAD."""

    def run(ctx, view):
        calls.append(view)
        if "BAD" in ctx.view.text:
            raise ValueError("not an Arabic number: 'BAD'")
        return tuple(
            ctx.view.text[s:e] for s, e in ctx.sentence_bounds if ctx.view.text[s:e].strip()
        )

    return run


def test_a_run_without_error_is_one_part_and_nothing_held(make_context):
    ctx = make_context("第一句。第二句。")
    calls: list[tuple[int, int]] = []
    done = run_isolated(ctx, _runner(calls), "observations")
    assert done.parts == [("第一句。", "第二句。")]
    assert done.held == []
    assert calls == [(0, len(ctx.view.text))]


def test_the_unreadable_sentence_is_held_with_where_and_why(ctx):
    done = run_isolated(ctx, _runner([]), "observations")
    seen = [quote for part in done.parts for quote in part]
    assert seen == ["第一句有数字10亿元。", "第三句也有20亿元。", "第四句。"]
    assert len(done.held) == 1
    held = done.held[0]
    start = TEXT.index("第二句")
    assert (held.start, held.end) == (start, start + len("第二句坏了BAD。"))
    assert held.sentence_text == "第二句坏了BAD。"
    assert held.rule == "read.error.observations"
    assert held.kind_guess == "Sentence"
    assert held.doc == "t.txt"
    assert held.page is None
    assert held.reason == "ValueError: not an Arabic number: 'BAD'"


def test_a_masked_context_keeps_length_offsets_and_line_breaks(ctx):
    s, e = ctx.sentence_bounds[1]
    part = masked(ctx, s, e)
    assert len(part.view.text) == len(ctx.view.text)
    assert part.view.text[s:e] == ctx.view.text[s:e]
    assert part.view.text[:s].strip() == ""
    assert part.view.text.count("\n") == ctx.view.text.count("\n")
    assert part.span(s, e) == ctx.span(s, e)
    assert all(s <= a and b <= e for a, b in part.tokens)


def test_a_one_sentence_document_that_fails_is_held_whole(make_context):
    ctx = make_context("只有一句BAD")
    done = run_isolated(ctx, _runner([]), "relations")
    assert done.parts == []
    [held] = done.held
    assert (held.start, held.end, held.rule) == (0, 7, "read.error.relations")


def test_pages_are_recorded_when_the_document_has_them():
    doc = make_document("第一页。\n第二页有问题。")
    from dataclasses import replace

    paged = replace(doc, pages=(0, 5))
    item = unreadable(paged, "entities", 5, 12, "KeyError: 'x'")
    assert (item.page, item.start, item.end, item.name) == (2, 5, 12, "第二页有问题。")
    assert unreadable(doc, "entities", 5, 12, "r").page is None


def test_reason_is_one_line():
    assert reason_of(ValueError("a\n  b")) == "ValueError: a b"
    assert reason_of(KeyError()) == "KeyError"


SENTENCE_ALPHABET = st.sampled_from(
    [
        *list("0123456789,.%（）()、，。；：\n 年月末亿万元户个家笔"),
        "本行",
        "手机银行",
        "客户数",
        "达到",
        "较上年末增长",
        "2024年末",
        "（注 2）",
        "2）",
        "个人贷款 1,234 5,678 (15.4%)",
        "项目 2024年 2023年",
        "（货币单位：人民币百万元）",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SENTENCE_ALPHABET, max_size=40).map("".join))
def test_any_text_is_extracted_or_held_never_raised(analyse_text, text):
    """The sentence readers (entities, figures, tables, relations) over arbitrary report-like
    text: everything comes back as facts or review items whose offsets are in the text."""
    doc = analyse_text(text)
    for item in doc._.kg_candidates:
        if item.rule.startswith("read.error."):
            assert 0 <= item.start <= item.end <= len(text)
            assert item.sentence_text == text[item.start : item.end]
            assert item.reason
    for obs in doc._.kg_observations:
        assert obs.span.quote == text[obs.span.start : obs.span.end]


def test_facts_whose_evidence_crosses_a_sentence_are_held(make_context):
    from kg.models import Span
    from kg.nlp import CROSSING_RULE, within_sentences

    ctx = make_context("第一句。\n第二句。")
    first, second = ctx.sentences
    inside = Span("t.txt", first.start, first.end, first.text)
    across = Span("t.txt", first.start + 2, second.start + 2, ctx.document.text[2:7])
    kept, held = within_sentences(ctx, [(inside, 0), (across, 0), (across, 1)], lambda item: [item])
    assert kept == ((inside, 0),)
    assert [(h.rule, h.start, h.end, h.kind_guess) for h in held] == [
        (CROSSING_RULE, 2, 7, "tuple"),
        (CROSSING_RULE, 2, 7, "tuple"),
    ]
    assert all("sentence" in h.reason for h in held)
