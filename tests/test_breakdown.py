"""Breakdowns of one whole by category (kg/figures/breakdown.py): a run of clauses giving
each category's share of the same whole is the whole's, the category a qualifier."""

import pytest
from conftest import figure_rows
from hypothesis import given
from hypothesis import strategies as st

SIMPLIFIED = (
    "2024年，本行共处理客户来电咨询8.6万件。按咨询业务类别看：理财业务咨询占比41.5%，"
    "信用卡业务咨询占比30.2%，借记卡业务咨询占\n比 18.1%，其他业务咨询占比10.2%。\n"
    "手机银行月活跃用户占比62.5%，信用卡客户渗透率40.1%。\n"
)
TRADITIONAL = (
    "2024年，本行共處理客戶來電諮詢8.6萬件。按諮詢業務類別看：理財業務諮詢佔比41.5%，"
    "信用卡業務諮詢佔比30.2%，借記卡業務諮詢佔\n比 18.1%，其他業務諮詢佔比10.2%。\n"
    "手機銀行月活躍用戶佔比62.5%，信用卡客戶滲透率40.1%。\n"
)


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_a_run_of_category_shares_is_the_wholes(analyse_text, text):
    """Four clauses in a row give categories' shares of one whole (咨询占比): each is the
    bank's (step breakdown), even where the category opens with a product (信用卡,
    借记卡), and its metric is the shared share with its category after a space (the
    category keeps its head 业务, a line break inside the words is none). Two shares of
    different things (月活跃用户占比, 客户渗透率) are no breakdown."""
    doc = analyse_text(text)
    y = "2024-12-31"
    got = figure_rows(doc._.kg_observations, "rule", subject="name")
    split, step = "obs.metric.breakdown", "obs.subject.breakdown"
    assert got[0][:6] == (None, "处理客户来电咨询数", "86000", "件", y, "level")
    assert got[1:5] == [
        (None, "咨询占比 理财业务", "41.5", "%", y, "share", split, step),
        (None, "咨询占比 信用卡业务", "30.2", "%", y, "share", split, step),
        (None, "咨询占比 借记卡业务", "18.1", "%", y, "share", split, step),
        (None, "咨询占比 其他业务", "10.2", "%", y, "share", split, step),
    ]
    assert [(s, m, v) for s, m, v, *_ in got[5:]] == [
        ("手机银行", "月活跃用户占比", "62.5"),
        ("手机银行", "信用卡客户渗透率", "40.1"),
    ]
    assert all(split not in r and step not in r for r in got[5:])


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_the_quantities_between_two_places_are_a_slice_of_them(make_context, text):
    """The quantities starting in a range of the view, by bisect on their starts, are
    those a scan of all of them keeps, in order, for every range (and a scan where they
    are not known to be in order)."""
    import dataclasses

    from kg.figures import load_rules
    from kg.figures.scan import _scan

    scan = _scan(make_context(text), (), load_rules(), [])
    assert scan.quantity_starts is not None and len(scan.quantities) >= 6
    unordered = dataclasses.replace(scan, quantity_starts=None)
    for lo in range(-1, len(text) + 2, 3):
        for hi in range(lo, len(text) + 2, 7):
            expected = [q for q in scan.quantities if lo <= q.start < hi]
            assert scan.quantities_between(lo, hi) == expected
            assert unordered.quantities_between(lo, hi) == expected


@given(
    st.text(alphabet="，；,;：:占比理財业务 1%", max_size=30),
    st.integers(0, 32),
    st.integers(0, 32),
)
def test_a_clause_starts_after_its_last_mark(text, at, end):
    """Right after the last clause mark between ``at`` and ``end``, else at ``at``: what a
    look at every character of the range finds."""
    from kg.figures.breakdown import CLAUSE_MARKS, _clause_start

    at = min(at, len(text))
    expected = max(
        (i + 1 for i in range(at, min(end, len(text))) if text[i] in CLAUSE_MARKS), default=at
    )
    assert _clause_start(text, at, end) == expected


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_a_sentences_runs_are_made_once_for_its_percentages(make_context, text):
    """The runs of percentage clauses of a sentence are made once and kept in the scan
    for its other percentages: each percentage's breakdown is the one found with nothing
    kept, asked in any order."""
    import dataclasses

    from kg.figures import breakdown, load_rules
    from kg.figures.scan import _scan

    ctx = make_context(text)
    rules = load_rules()
    scan = _scan(ctx, (), rules, [])
    asked = [
        (lo, q.start) for lo, end in ctx.sentence_bounds for q in scan.quantities_between(lo, end)
    ]
    fresh = [
        breakdown.breakdown_at(
            dataclasses.replace(scan, breakdown_runs={}), lo, at, rules.breakdowns
        )
        for lo, at in asked
    ]
    assert sum(b is not None for b in fresh) == 4
    made = []
    runs = breakdown._runs

    def counted(*args):
        made.append(args[1:3])
        return runs(*args)

    import unittest.mock

    with unittest.mock.patch.object(breakdown, "_runs", counted):
        kept = [breakdown.breakdown_at(scan, lo, at, rules.breakdowns) for lo, at in asked]
        assert kept == fresh
        assert len(made) == len(set(made)) < len(asked)
        again = dataclasses.replace(scan, breakdown_runs={})
        assert [
            breakdown.breakdown_at(again, lo, at, rules.breakdowns) for lo, at in asked[::-1]
        ] == fresh[::-1]


@given(st.text(alphabet="。！？；，占比1%\n ", max_size=30), st.integers(0, 32))
def test_a_sentences_end_is_the_first_of_its_marks(text, at):
    """The end of the sentence a percentage is in, found by one search for any of the
    marks: the first place any of them is found from there (the text's end if none)."""
    from kg.figures.breakdown import _SENTENCE_END
    from kg.grammar import FIGURE_SENTENCE_END

    found = _SENTENCE_END.search(text, at)
    expected = min(
        (f for f in (text.find(m, at) for m in FIGURE_SENTENCE_END) if f >= 0), default=len(text)
    )
    assert (found.start() if found is not None else len(text)) == expected
