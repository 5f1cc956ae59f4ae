"""Quantities and the numbers that are no measurements (kg/figures/quantities.py)."""

from __future__ import annotations

import pytest

from kg.figures.text import _boundary_after, _boundary_before
from kg.grammar import CLAUSE_END, FIGURE_SENTENCE_END

SIMPLIFIED = (
    "本行个人贷款单户最高500万元，费率0.5%。该行排名第3位，每100元收取2元。\n"
    "例1：客户存入1,000元。请您于3日内补足200元。全市GDP达到3万亿元。\n"
    "产品期限12个月，额度10万元（含）以内，连续5年增长，V2版本上线。"
    "2024年末，本行绿色贷款余额1,234.5亿元，较上年增长12.3%，服务客户3.2万户。"
)
TRADITIONAL = (
    "本行個人貸款單戶最高500萬元，費率0.5%。該行排名第3位，每100元收取2元。\n"
    "例1：客戶存入1,000元。請您於3日內補足200元。全市GDP達到3萬億元。\n"
    "產品期限12個月，額度10萬元（含）以內，連續5年增長，V2版本上線。"
    "2024年末，本行綠色貸款餘額1,234.5億元，較上年增長12.3%，服務客戶3.2萬戶。"
)


def _rules_one_by_one(text, q, rules):
    """The rules of ``not_measurements`` as they were read before: one by one, in the
    table's order, the text of each cut for each rule."""
    from kg.figures.quantities import PERIOD_END

    before = text[max(0, q.start - 6) : q.start]
    after = text[q.unit_end : q.unit_end + 12]
    for rule in rules.not_measurements:
        if rule.value == "before" and rule.pattern.search(before):
            return True
        if rule.value == "touching" and q.start == q.num_start and rule.pattern.search(before):
            return True
        if rule.value == "after" and rule.pattern.search(after):
            return True
        if rule.value == "around":
            lo = max(0, q.num_start - 12)
            for m in rule.pattern.finditer(text, lo, q.num_end + 12):
                if m.start() <= q.num_start < m.end():
                    return True
    clause = text[_boundary_before(text, q.start, CLAUSE_END) : q.start]
    for rule in rules.not_measurements:
        if rule.value == "clause" and rule.pattern.search(clause + text[q.start : q.num_start]):
            return True
        if rule.value == "sentence" and rule.pattern.search(
            text[
                _boundary_before(text, q.start, FIGURE_SENTENCE_END) : _boundary_after(
                    text, q.end, FIGURE_SENTENCE_END
                )
            ]
        ):
            return True
        if rule.value == "period" and rule.pattern.search(
            text[
                _boundary_before(text, q.start, PERIOD_END) : _boundary_after(
                    text, q.end, PERIOD_END
                )
            ]
        ):
            return True
        if rule.value == "line" and rule.pattern.match(text, text.rfind("\n", 0, q.start) + 1):
            return True
    from kg.figures.quantities import _enumerated, _numeral_context

    listed = _enumerated(clause.rsplit("等", 1)[0] if "等" in clause else clause)
    if listed and q.value == listed and q.qualifier is None:
        return True
    if q.chinese or q.bare:
        if q.start > 0 and text[q.start - 1] in "”」』的":
            return True
        if q.start == q.num_start and not _numeral_context(clause, rules):
            return True
    if q.bare and q.start == q.num_start:
        return not clause.rstrip().endswith(rules.bare_contexts)
    return False


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_the_rules_of_each_scope_are_read_together(make_context, text, monkeypatch):
    """Each scope's text cut once and searched by every rule of the scope says no
    measurement exactly where the rules read one by one did, for every quantity of the
    text (ranks, bounds, terms, an address, an economy, an example line, a range, a
    streak, a version, and plain figures)."""
    from kg.figures import load_rules, quantities
    from kg.figures.scan import _scan

    rules = load_rules()
    seen = []
    original = quantities._not_measurement

    def recorded(text, q, rules):
        got = original(text, q, rules)
        seen.append((text, q, got))
        return got

    monkeypatch.setattr(quantities, "_not_measurement", recorded)
    _scan(make_context(text), (), rules, [])
    assert len(seen) >= 15
    decided = 0
    for view, q, got in seen:
        assert got is _rules_one_by_one(view, q, rules)
        decided += got
    assert decided >= 6  # several scopes' rules fire on these texts
    assert len(seen) - decided >= 5


def test_the_rules_are_grouped_once_per_table():
    """The patterns of each scope, in the table's order, grouped once for a table (the
    same grouping for the same table, a new one for another)."""
    from kg.figures import load_rules
    from kg.figures.quantities import _SCOPES, _by_scope

    table = load_rules().not_measurements
    grouped = _by_scope(table)
    assert _by_scope(table) is grouped
    for scope in _SCOPES:
        assert grouped[scope] == tuple(r.pattern for r in table if r.value == scope)
    assert sum(map(len, grouped.values())) == len(table)
    other = table[:3]
    assert _by_scope(other) is not grouped
    assert sum(map(len, _by_scope(other).values())) == 3


NOUNS = (
    "覆盖45个国家和地区拥有400多家分支机构，设立22家分行科技金融中心，服务2,100余个县（市）"
    "及13个O2O线下体验店；建成B2B平台3个，累计办理1万笔。"
    "覆蓋45個國家及地區，設立22家分行科技金融中心並開通5個場景的服務，位列第一。"
)


def _noun_after_word_by_word(text, pos, rules, skip_de=False):
    """metric._noun_after as it was written before: each stop word tried in turn."""
    from kg.figures.metric import MAX_NOUN
    from kg.figures.text import HAN

    if skip_de and text.startswith("的", pos):
        pos += 1
    out = []
    i = pos
    while i < len(text) and len(out) < MAX_NOUN:
        ch = text[i]
        close = text.find("）", i, i + 6) if ch == "（" and out else -1
        if close > i + 1 and all(HAN.match(c) for c in text[i + 1 : close]):
            out.extend(text[i : close + 1])
            i = close + 1
            continue
        latin_digit = (
            ch.isdigit()
            and bool(out)
            and out[-1].isascii()
            and out[-1].isalpha()
            and text[i + 1 : i + 2].isascii()
            and text[i + 1 : i + 2].isalpha()
        )
        if not (HAN.match(ch) or (ch.isascii() and ch.isalpha()) or latin_digit):
            break
        whole = next((w for w in rules.noun_wholes if text.startswith(w, i)), None)
        if whole is not None:
            out.extend(whole)
            break
        if any(text.startswith(w, i) for w in rules.noun_stops):
            break
        out.append(ch)
        i += 1
    return "".join(out)


def test_the_noun_after_a_count_is_the_one_found_word_by_word():
    """The noun after a count, its stop words and whole nouns looked for all at once (one
    test in C), from every place of own texts (both scripts, with and without 的): the
    noun looking for each word in turn found."""
    from kg.figures import load_rules
    from kg.figures.metric import _noun_after

    rules = load_rules()
    found = set()
    for pos in range(len(NOUNS) + 1):
        for skip_de in (False, True):
            got = _noun_after(NOUNS, pos, rules, skip_de)
            assert got == _noun_after_word_by_word(NOUNS, pos, rules, skip_de)
            found.add(got)
    assert {"国家和地区", "分行科技金融中心", "个县（市）", "O2O线下体验店", "B2B平台"} <= found


def test_every_link_word_is_made_once_per_table():
    """The words of the link rules, in their order, made once for a table."""
    from kg.figures import load_rules
    from kg.figures.clause import _link_words

    links = load_rules().links
    words = _link_words(links)
    assert words == tuple(w for link in links for w in link.words) and words
    assert _link_words(links) is words
    assert _link_words(links[:1]) == links[0].words


def test_a_spans_search_is_kept_for_its_text():
    """Whether a sentence's rules find anything in it is asked once per span of a text and
    kept for that text (the same answer as searching), and asked again for another."""
    import re as regex

    from kg.figures import quantities

    patterns = (regex.compile("GDP"), regex.compile("常住人口"))
    text = "全市GDP达到3万亿元，常住人口1,000万。本行存款增长5%。"
    spans = [(0, 20), (0, 10), (20, len(text)), (5, 12)]
    for a, b in spans * 2:
        assert quantities._searched(text, a, b, patterns) == any(
            p.search(text[a:b]) for p in patterns
        )
    assert quantities._SEARCHED[0] is text and len(quantities._SEARCHED[1]) == len(spans)
    other = "本行" + text[2:]
    assert quantities._searched(other, 0, 3, patterns) is False
    assert quantities._SEARCHED[0] is other and len(quantities._SEARCHED[1]) == 1
