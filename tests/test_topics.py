"""A sentence's and a paragraph's topic (kg/figures/topics.py)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

SIMPLIFIED = (
    "本行推出“星河快贷”，服务小微企业客户2.6万户，贷款余额12亿元，较上年增长8.5%。\n"
    "“行e通”平台聚焦跨境结算，全年交易量3,200亿元；客户数1.2万户，其中新增客户3,000户。\n"
    "个人信贷部推出“安居贷”，全年投放150亿元，分别服务北京、上海客户2万户和3万户。\n"
    "累计服务客户500万户。本行手机银行月活跃用户达到1,800万户。"
)
TRADITIONAL = (
    "本行推出「星河快貸」，服務小微企業客戶2.6萬戶，貸款餘額12億元，較上年增長8.5%。\n"
    "「行e通」平台聚焦跨境結算，全年交易量3,200億元；客戶數1.2萬戶，其中新增客戶3,000戶。\n"
    "個人信貸部推出「安居貸」，全年投放150億元，分別服務北京、上海客戶2萬戶和3萬戶。\n"
    "累計服務客戶500萬戶。本行手機銀行月活躍用戶達到1,800萬戶。"
)


def _scan_of(make_context, text):
    from kg.entities import load_rules as entity_rules
    from kg.entities import recognize
    from kg.figures import load_rules
    from kg.figures.scan import _scan

    ctx = make_context(text)
    rules = load_rules()
    mentions = recognize(ctx, entity_rules())[0]
    return ctx, _scan(ctx, mentions, rules, []), rules


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_each_clauses_topic_is_kept_and_the_same(make_context, text):
    """The topic in force at every place of every sentence, with and without launched
    things, is the same whether each clause's part is worked out afresh or taken from
    what the scan kept of the clauses asked before (in any order: forwards, backwards)."""
    from kg.figures.topics import _topic

    ctx, scan, rules = _scan_of(make_context, text)
    asked = [
        (lo, hi, launch)
        for lo, end in ctx.sentence_bounds
        for hi in range(lo, end + 1)
        for launch in (True, False)
    ]
    fresh = [
        _topic(dataclasses.replace(scan, clause_topics={}), lo, hi, rules, launch)
        for lo, hi, launch in asked
    ]
    assert [_topic(scan, lo, hi, rules, launch) for lo, hi, launch in asked] == fresh
    assert len(scan.clause_topics) > len(ctx.sentence_bounds)
    again = dataclasses.replace(scan, clause_topics={})
    backwards = [_topic(again, lo, hi, rules, launch) for lo, hi, launch in reversed(asked)]
    assert backwards[::-1] == fresh
    assert any(topic and topic[0] is not None for topic, _ in fresh)  # topics were found
    assert any(launched for _, launched in fresh)  # and launched things


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_an_opening_word_is_found_in_the_kept_text_given(make_context, text):
    """Whether the kept characters open with a word, from any place: the same with the
    kept text given joined as when it is joined here."""
    from kg.figures.topics import _opens_with_word

    _, scan, rules = _scan_of(make_context, text)
    words = (*rules.paragraph_topics.continuations, "本行", "服务", "累计", "全年")
    for lo in range(0, len(scan.text), 5):
        keep = [i for i in range(lo, min(lo + 12, len(scan.text))) if not scan.text[i].isspace()]
        kept = "".join(scan.text[i] for i in keep)
        for at in range(len(keep)):
            assert _opens_with_word(scan, keep, at, words, kept) == _opens_with_word(
                scan, keep, at, words
            )
            plain = kept[at:].startswith(words)
            assert not _opens_with_word(scan, keep, at, words) or plain


def _referred_every_name(scan, lo, start, rules):
    """topics._referred as it was before: each anaphor tried in turn, every name of the
    document tried for the range."""
    from kg.figures.text import _strip_prefix

    if rules.anaphors is None:
        return None
    text = scan.text
    while start < len(text) and (text[start].isspace() or scan.removed[start]):
        start += 1
    head, _ = _strip_prefix(text[start : start + 40], rules.openers)
    word = next((w for w in rules.anaphors.words if head.startswith(w)), None)
    if word is None:
        return None
    earlier = [
        m for s, e, m in scan.named if lo <= s and e <= start and m.kind in rules.anaphors.kinds
    ]
    return (earlier[-1], word) if earlier else None


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_the_thing_an_anaphor_refers_to_is_found_by_bisect(make_context, text):
    """The thing a clause opening with an anaphor refers back to, the anaphors tried at
    once first and the names of the range found by bisect on their starts: what trying
    each anaphor and every name of the document found, for every range of own texts
    (both scripts)."""
    from kg.figures.topics import _referred

    text = text + "全年新增“星河快贷”用户5万户，该产品余额3亿元；平台累计服务客户8万户。"
    _, scan, rules = _scan_of(make_context, text)
    found = 0
    n = len(scan.text)
    for lo in range(0, n, 3):
        for start in range(lo, n + 1):
            got = _referred(scan, lo, start, rules)
            assert got == _referred_every_name(scan, lo, start, rules)
            found += got is not None
    assert found >= 5


def _topic_starts_every_character(text, lo, hi):
    """topics._topic_starts as it was: a look at every character of the range."""
    from kg.figures.topics import TOPIC_BREAKS

    starts = [lo]
    depth = 0
    for i in range(lo, hi):
        ch = text[i]
        if ch in "（“「『《":
            depth += 1
        elif ch in "）”」』》":
            depth = max(0, depth - 1)
        elif not depth and ch in TOPIC_BREAKS:
            starts.append(i + 1)
    return starts


@given(st.text(alphabet="本行，；：（“「『《）”」』》客户贷款", max_size=30), st.data())
def test_topic_clause_starts_are_found_at_the_marks(text, data):
    """The clause starts of a range, found by looking only at its brackets, quotes and
    breaks: those a look at every character found (nested, unbalanced, both scripts)."""
    from kg.figures.topics import _topic_starts

    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert _topic_starts(text, lo, hi) == _topic_starts_every_character(text, lo, hi)


def _heading_line_every_name(scan, begin, end, topics):
    """topics._heading_line as it was before: every name of the document tried."""
    text = scan.text
    line = text[begin:end]
    if not line.strip() or len(line.strip()) > topics.heading_max:
        return False, None, False
    if any(ch in "。！？；，" for ch in line):
        return False, None, False
    lead = len(line) - len(line.lstrip())
    mark = topics.heading_marks.match(line, lead)
    first = mark.end() if mark else lead
    while first < len(line) and line[first] in '“「『《‘"':
        first += 1
    found = [m for s, e, m in scan.named if begin <= s and e <= end and s <= begin + first < e]
    if found:
        head = found[0]
        return True, (head if head.kind in topics.kinds else None), True
    names = any(begin <= s and e <= end for s, e, _ in scan.named) or any(
        begin <= s < end for s, _ in scan.own
    )
    return True, None, names


HEADINGS = (
    "一、“星河快贷”\n星河快贷服务小微企业客户2.6万户。\n（二）个人信贷部\n全年投放150亿元。\n本行\n",
    "一、「星河快貸」\n星河快貸服務小微企業客戶2.6萬戶。\n（二）個人信貸部\n全年投放150億元。\n本行\n",
)


@pytest.mark.parametrize("text", HEADINGS, ids=["simplified", "traditional"])
def test_heading_line_finds_its_names_as_every_name_tried(make_context, text):
    """A heading line's opening name and whether it names anything, the names of the line
    found by bisect on their starts: what trying every name of the document gave, for
    every range of own texts with headings (both scripts)."""
    from kg.figures.topics import _heading_line

    _, scan, rules = _scan_of(make_context, text)
    topics = rules.paragraph_topics
    assert len(scan.named) >= 2
    seen = set()
    for begin in range(len(scan.text)):
        for end in range(begin, min(len(scan.text), begin + 24) + 1):
            got = _heading_line(scan, begin, end, topics)
            assert got == _heading_line_every_name(scan, begin, end, topics)
            seen.add(got[1] is not None)
    assert seen == {True, False}
