from datetime import date
from decimal import Decimal

import pytest
from conftest import figure_rows
from hypothesis import assume, given
from hypothesis import strategies as st

from kg import dates
from kg.figures import extract, headers, load_rules, locate, tables
from kg.models import Mention, Span

REGIONS = """\
本行持續優化區域佈局。

2024年12月31日貸款的地區分佈情況

項目項目
貸款貸款
（人民幣百萬元）（人民幣百萬元）
佔比佔比(%) 不良率不良率(%)

總行 1,234,567 5.1 1.20

長江三角洲 5,432,100 22.4 0.80

西部地區 3,210,000 13.2 1.50

抵銷及未分配 (12,345) (0.1)

合計合計 24,251,000 100.0 1.10
註 ： 不良率按貸款計算。
"""

OVERSEAS = """\
6月末，境外机构总资产4,593.33亿美元。

境外机构主要指标

项目项目
资产（百万美元）资产（百万美元） 税前利润（百万美元）税前利润（百万美元）
2025年6月年6月30日日 2024年1年12月月31日日 2025年1年1-6月月 2024年1年1-6月月
港澳地区 212,457 206,670 696 709
欧洲 99,880 87,152 459 428
非洲代表处 – – 3 –
对标准银行投资(1) 4,001 3,692
合计合计 459,333 437,543 2,636 2,689
注 ： (1) 列示资产为本行对标准银行的投资余额。
"""

CHART = """\
2024年末，個人存款185,415.10億元，增加19,759.42億元。個人貸款89,577.20億元。

單位：人民幣百萬元個人存款 個人貸款 單位：人民幣百萬元

2022

8,234,625

2023 2024

8,957,720
8,653,621

2022

14,545,306

2023 2024

18,541,510
16,565,568

私人銀行業務
"""


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _mention(ctx, surface, kind):
    start = ctx.document.text.index(surface)
    span = Span(ctx.document.name, start, start + len(surface), surface)
    return Mention(surface, surface, kind, span, 0, "test")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("項目項目", "項目"),
        ("资产资产", "资产"),
        ("（人民币百万元）（人民币百万元）", "（人民币百万元）"),
        ("2025年6月年6月30日日", "2025年6月30日"),
        ("2024年1年12月月31日日", "2024年12月31日"),
        ("2025年1年1-6月月", "2025年1-6月"),
        ("合计合计", "合计"),
        ("100.0", "100.0"),
        ("2,222", "2,222"),
        ("长江三角洲", "长江三角洲"),
    ],
    ids=[
        "traditional",
        "assets",
        "unit-header",
        "date",
        "year-end",
        "half-year",
        "total",
        "digits-stay",
        "grouped-digits-stay",
        "plain-label",
    ],
)
def test_dedouble(text, expected):
    assert locate.dedouble(text) == expected


def test_grid_with_doubled_headers_traditional(make_context, rules):
    ctx = make_context(REGIONS, reference_date=date(2024, 12, 31))
    region = _mention(ctx, "長江三角洲", "Region")
    obs = [o for o in extract(ctx, (region,), rules) if o.rule == "obs.table.grid"]
    by_key = {(o.subject.name if o.subject else None, o.metric): o for o in obs}
    yangtze = by_key[("長江三角洲", "贷款")]
    assert (yangtze.value, yangtze.unit, yangtze.date) == (
        Decimal("5432100000000"),
        "元",
        date(2024, 12, 31),
    )
    assert by_key[("長江三角洲", "贷款占比")].measure == "share"
    assert by_key[("長江三角洲", "不良率")].value == Decimal("0.80")
    assert by_key[(None, "总行贷款")].value == Decimal("1234567000000")
    assert by_key[(None, "贷款")].value == Decimal("24251000000000")
    offset = by_key[(None, "抵销及未分配贷款")]
    assert offset.value == Decimal("-12345000000") and offset.raw == "(12,345)"
    assert by_key[(None, "抵销及未分配贷款占比")].value == Decimal("-0.1")
    assert len(obs) == 14


def test_grid_with_date_columns(make_context, rules):
    ctx = make_context(OVERSEAS, reference_date=date(2025, 6, 30))
    obs = extract(ctx, (), rules)
    grid = [(o.metric, o.value, o.date, o.period) for o in obs if o.rule == "obs.table.grid"]
    assert grid[:4] == [
        ("港澳地区资产", Decimal("212457000000"), date(2025, 6, 30), None),
        ("港澳地区资产", Decimal("206670000000"), date(2024, 12, 31), None),
        ("港澳地区税前利润", Decimal("696000000"), date(2025, 6, 30), "2025-H1"),
        ("港澳地区税前利润", Decimal("709000000"), date(2024, 6, 30), "2024-H1"),
    ]
    assert ("非洲代表处税前利润", Decimal("3000000"), date(2025, 6, 30), "2025-H1") in grid
    assert [g for g in grid if g[0].startswith("对标准银行投资")] == [
        ("对标准银行投资资产", Decimal("4001000000"), date(2025, 6, 30), None),
        ("对标准银行投资资产", Decimal("3692000000"), date(2024, 12, 31), None),
    ]
    assert len(grid) == 4 + 4 + 1 + 2 + 4


def test_prose_numbers_are_not_read_twice(make_context, rules):
    ctx = make_context(OVERSEAS, reference_date=date(2025, 6, 30))
    obs = extract(ctx, (), rules)
    prose = [o for o in obs if not o.rule.startswith("obs.table")]
    assert [(o.value, o.unit) for o in prose] == [(Decimal("459333000000"), "美元")]
    spans = [(o.span.start, o.span.end) for o in obs]
    assert len(spans) == len(set(spans))


def test_chart_series_anchored_by_prose(make_context, rules):
    ctx = make_context(CHART, reference_date=date(2024, 12, 31))
    obs = [o for o in extract(ctx, (), rules) if o.rule == "obs.table.chart"]
    assert sorted((o.metric, o.date.year, o.value) for o in obs) == [
        ("个人存款", 2022, Decimal("14545306000000")),
        ("个人存款", 2023, Decimal("16565568000000")),
        ("个人存款", 2024, Decimal("18541510000000")),
        ("个人贷款", 2022, Decimal("8234625000000")),
        ("个人贷款", 2023, Decimal("8653621000000")),
        ("个人贷款", 2024, Decimal("8957720000000")),
    ]


def test_chart_without_anchor_pairs_in_reading_order(make_context, rules):
    text = "单位：万户手机银行客户\n2023\n3,100\n2024\n3,450\n"
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    obs = extract(ctx, (), rules)
    assert [(o.metric, o.date.year, o.value, o.unit) for o in obs] == [
        ("手机银行客户", 2023, Decimal("31000000"), "户"),
        ("手机银行客户", 2024, Decimal("34500000"), "户"),
    ]


def test_unaligned_header_gives_no_guesses(make_context, rules):
    text = "主要指标\n项目\n资产（百万元）\n甲地区 1,000 2,000 3,000\n乙地区 4,000 5,000 6,000\n"
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    assert extract(ctx, (), rules) == ()
    assert [b.kind for b in locate.locate(ctx, rules.table)] == ["grid"]


def _grid_obs(ctx, rules, mentions=()):
    return [o for o in extract(ctx, tuple(mentions), rules) if o.rule == "obs.table.grid"]


BRANCHES = """\
上半年海外业务稳健。

海外分支机构主要指标

项目
营业收入（百万元） 净利润（百万元） 网点（个）
本期 上年同期 本期 上年同期 期末 年初
华东地区 1,200 1,100 300 280 12 11
拉丁美洲 800 700 90 85 5 4
小计 2,000 1,800 390 365 17 15
合计 2,100 1,900 400 370 17 15

按业务条线划分的营业收入

项目
金额 占比
单位：人民币百万元，百分比除外
公司金融业务 5,000 50.0
个人金融业务 4,000 40.0
合计 10,000 100.0
"""


def test_relative_stamps_and_metric_spans(make_context, rules):
    ctx = make_context(BRANCHES, reference_date=date(2025, 6, 30))
    obs = _grid_obs(ctx, rules)
    got = {(o.metric, o.date, o.period): o.value for o in obs if o.metric.startswith("华东地区")}
    assert got == {
        ("华东地区营业收入", date(2025, 6, 30), "2025-H1"): Decimal("1200000000"),
        ("华东地区营业收入", date(2024, 6, 30), "2024-H1"): Decimal("1100000000"),
        ("华东地区净利润", date(2025, 6, 30), "2025-H1"): Decimal("300000000"),
        ("华东地区净利润", date(2024, 6, 30), "2024-H1"): Decimal("280000000"),
        ("华东地区网点数", date(2025, 6, 30), None): Decimal("12"),
        ("华东地区网点数", date(2024, 12, 31), None): Decimal("11"),
    }


def test_totals_of_a_scoped_table_are_the_scope_figures(make_context, rules):
    """Two tables' 合计 rows in one document never give the bank one metric twice."""
    ctx = make_context(BRANCHES, reference_date=date(2025, 6, 30))
    obs = _grid_obs(ctx, rules)
    totals = {(o.metric, o.date) for o in obs if o.raw in ("2,100", "17", "10,000")}
    assert totals == {
        ("海外分支机构营业收入", date(2025, 6, 30)),
        ("海外分支机构网点数", date(2025, 6, 30)),
        ("海外分支机构网点数（小计）", date(2025, 6, 30)),
        ("营业收入", date(2025, 6, 30)),
    }
    keys = [(o.subject, o.metric, o.date, o.period, o.measure) for o in obs]
    assert len(keys) == len(set(keys))


def test_scope_that_is_an_entity_is_the_subject_of_totals(make_context, rules):
    text = "工银远航主要指标\n项目\n资产（百万元） 利润（百万元）\n甲业务 100 10\n乙业务 200 20\n合计 300 30\n"
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    scope = _mention(ctx, "工银远航", "Subsidiary")
    obs = _grid_obs(ctx, rules, (scope,))
    total = [o for o in obs if o.raw == "300"]
    assert [(o.subject, o.metric) for o in total] == [(scope, "资产")]


@pytest.mark.parametrize(
    ("title", "scope"),
    [
        ("境外子公司主要指标", "境外子公司"),
        ("2024年末村镇银行主要财务数据", "村镇银行"),
        ("境外机构经营情况", "境外机构"),
        ("主要财务指标", ""),
        ("本集团主要指标", ""),
        ("工商银行主要指标", ""),
        ("贷款的地区分布情况", ""),
    ],
    ids=["indicators", "dated-data", "operations", "generic", "group", "the-bank", "metric-title"],
)
def test_scope_of_title(make_context, rules, title, scope):
    ctx = make_context(f"{title}\n")
    line = locate.Line(0, len(title), title)
    assert headers._scope([line], ctx, rules.table)[0] == scope


@pytest.mark.parametrize(
    ("stamp", "reference", "expected"),
    [
        ("本期", date(2025, 6, 30), (date(2025, 6, 30), "2025-H1")),
        ("上年同期", date(2025, 6, 30), (date(2024, 6, 30), "2024-H1")),
        ("本期", date(2024, 12, 31), (date(2024, 12, 31), "2024")),
        ("上年同期", date(2025, 9, 30), (date(2024, 9, 30), "2024-Q1-Q3")),
        ("期末", date(2025, 6, 30), (date(2025, 6, 30), None)),
        ("年初", date(2025, 6, 30), (date(2024, 12, 31), None)),
        ("上年末", date(2024, 12, 31), (date(2023, 12, 31), None)),
        ("上年同期末", date(2025, 6, 30), (date(2024, 6, 30), None)),
    ],
    ids=["h1", "prior-h1", "year", "prior-q3", "end", "year-start", "prior-year-end", "prior-end"],
)
def test_relative_stamps(rules, stamp, reference, expected):
    resolved = headers._resolve(stamp, rules.table, reference)
    assert resolved is not None and (resolved.date, resolved.period) == expected
    assert headers._resolve(stamp, rules.table, None) is None


def test_share_column_is_percent_under_a_money_unit(make_context, rules):
    ctx = make_context(BRANCHES, reference_date=date(2025, 6, 30))
    shares = [o for o in _grid_obs(ctx, rules) if o.metric.endswith("占比")]
    assert [(o.metric, o.value, o.unit, o.measure) for o in shares] == [
        ("公司金融业务营业收入占比", Decimal("50.0"), "%", "share"),
        ("个人金融业务营业收入占比", Decimal("40.0"), "%", "share"),
        ("营业收入占比", Decimal("100.0"), "%", "share"),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "资产（百万元） 资产（百万元）\n2025年6月30日",
        "占比(%) 资产（百万元）",
        "资产（百万元） 利润（百万元） 员工（人）\n2025年6月30日 2024年12月31日",
    ],
    ids=["same-metric-twice", "share-of-nothing", "uneven-spans"],
)
def test_unreadable_header_goes_to_review(make_context, rules, header):
    text = f"资产简表\n项目\n{header}\n甲类 1,000 2,000\n乙类 3,000 4,000\n"
    ctx = make_context(text, reference_date=date(2025, 6, 30))
    assert _grid_obs(ctx, rules) == []
    blocks = locate.locate(ctx, rules.table)
    held = tables.review(ctx, blocks, (), rules.table, ())
    assert [(c.name, c.kind_guess, c.rule) for c in held] == [
        ("资产简表", "Table", "obs.table.review.unaligned")
    ]


STAFF = """\
6月末，本行员工数39,000人。

2025年6月末员工的地区分布情况

项目
员工（人） 占比(%)
华北地区 12,000 30.0
西南地区 9,000 22.5
境外及其他 1,000 2.5
总行 2,000 5.0
亚太地区（除港澳） 500 1.2
合计 40,000 100.0
"""


def test_figure_conflicting_with_prose_is_held_for_review(make_context, rules):
    ctx = make_context(STAFF, reference_date=date(2025, 6, 30))
    obs = extract(ctx, (), rules)
    assert ("员工数", Decimal("39000")) in {(o.metric, o.value) for o in obs}
    assert "40,000" not in {o.raw for o in obs}
    assert "100.0" in {o.raw for o in obs}
    blocks = locate.locate(ctx, rules.table)
    prose = [o for o in obs if not o.rule.startswith("obs.table")]
    held = tables.review(ctx, blocks, (), rules.table, prose)
    assert [(c.name, c.rule, c.sentence_text) for c in held] == [
        ("员工数", "obs.table.review.conflict", "合计 40,000 100.0")
    ]


def test_rows_of_a_regional_breakdown_are_regions(make_context, rules):
    ctx = make_context(STAFF, reference_date=date(2025, 6, 30))
    blocks = locate.locate(ctx, rules.table)
    found = tables.row_mentions(ctx, blocks, (), rules.table)
    assert [(m.name, m.kind, m.rule, m.span.quote) for m in found] == [
        ("华北地区", "Region", "entity.table.region_row", "华北地区"),
        ("西南地区", "Region", "entity.table.region_row", "西南地区"),
    ]
    obs = _grid_obs(ctx, rules, found)
    assert {(o.subject.name, o.metric) for o in obs if o.subject} == {
        ("华北地区", "员工数"),
        ("华北地区", "员工占比"),
        ("西南地区", "员工数"),
        ("西南地区", "员工占比"),
    }


def test_known_regions_make_a_breakdown_without_a_regional_title(make_context, rules):
    text = (
        "海外机构主要指标\n项目\n资产（百万元） 利润（百万元）\n"
        "欧洲 100 10\n非洲 200 20\n大洋洲 50 5\n非洲代表处 1 1\n合计 351 36\n"
    )
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    known = (_mention(ctx, "欧洲", "Region"), _mention(ctx, "非洲", "Region"))
    blocks = locate.locate(ctx, rules.table)
    found = tables.row_mentions(ctx, blocks, known, rules.table)
    assert [m.name for m in found] == ["大洋洲"]
    assert tables.row_mentions(ctx, blocks, known[:1], rules.table) == ()


def test_business_lines_are_not_regions(make_context, rules):
    ctx = make_context(BRANCHES, reference_date=date(2025, 6, 30))
    blocks = locate.locate(ctx, rules.table)
    assert tables.row_mentions(ctx, blocks, (), rules.table) == ()


# Layouts of headers that name no 项目 column, dates-only headers and change columns.
# Each composed table exercises one layout; the rule ids are those of rules/tables.yaml.


@pytest.mark.parametrize(
    ("unit_line", "expected"),
    [
        ("（人民币百万元，百分比除外）", ("元", Decimal("1e6"))),
        ("(人民币百万元，百分比除外)", ("元", Decimal("1e6"))),
        ("（港幣百萬元）", ("港元", Decimal("1e6"))),
        ("(港幣百萬元)", ("港元", Decimal("1e6"))),
        ("单位：亿元", ("元", Decimal("1e8"))),
        ("（数据未经审计）", None),
        ("（单位：百万美元）", ("美元", Decimal("1e6"))),
        ("单位：百万港元", ("港元", Decimal("1e6"))),
        ("（港币亿元）", ("港元", Decimal("1e8"))),
    ],
    ids=[
        "bracketed-full-width",
        "bracketed-half-width",
        "hkd-traditional",
        "hkd-traditional-half-width",
        "unit-colon",
        "not-a-unit",
        "bracketed-unit-colon-usd",
        "scale-before-currency",
        "currency-before-scale",
    ],
)
def test_unit_lines(make_context, rules, unit_line, expected):
    """A unit line after the title, bare or in brackets, gives the unit of dates-only
    columns; Hong Kong dollars stay 港元."""
    text = f"客户规模\n{unit_line}\n2024年12月31日 2023年12月31日\n甲类存款 1,000 900\n乙类存款 2,000 1,800\n"
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    obs = _grid_obs_any(ctx, rules)
    if expected is None:
        assert obs == []
        return
    unit, factor = expected
    assert [(o.metric, o.value, o.unit, o.date) for o in obs[:2]] == [
        ("甲类存款", 1000 * factor, unit, date(2024, 12, 31)),
        ("甲类存款", 900 * factor, unit, date(2023, 12, 31)),
    ]


def _grid_obs_any(ctx, rules, mentions=()):
    """Every grid cell, whatever layout rule read it (not charts, not prose)."""
    return [
        o
        for o in extract(ctx, tuple(mentions), rules)
        if o.rule.startswith("obs.table") and o.rule != "obs.table.chart"
    ]


SEGMENTS_VERTICAL = """\
分部經營表現

(港幣百萬元)

截至6月30日止六個月

2025年

2024年

經營收入

零售銀行

1,500

1,320

批發銀行

2,400

2,210

合計

3,900

3,530
"""

SEGMENTS_ROWS = """\
分部经营收入
单位：百万美元
截至9月30日止九个月 2025年 2024年
经营收入
亚太区 1,100 950
欧美区 800 (60)
合计 1,900 890
"""


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        (
            SEGMENTS_VERTICAL,
            date(2025, 6, 30),
            [
                ("零售银行经营收入", Decimal("1500000000"), "港元", date(2025, 6, 30), "2025-H1"),
                ("零售银行经营收入", Decimal("1320000000"), "港元", date(2024, 6, 30), "2024-H1"),
                ("批发银行经营收入", Decimal("2400000000"), "港元", date(2025, 6, 30), "2025-H1"),
                ("批发银行经营收入", Decimal("2210000000"), "港元", date(2024, 6, 30), "2024-H1"),
                ("经营收入", Decimal("3900000000"), "港元", date(2025, 6, 30), "2025-H1"),
                ("经营收入", Decimal("3530000000"), "港元", date(2024, 6, 30), "2024-H1"),
            ],
        ),
        (
            SEGMENTS_ROWS,
            date(2025, 9, 30),
            [
                ("亚太区经营收入", Decimal("1100000000"), "美元", date(2025, 9, 30), "2025-Q1-Q3"),
                ("亚太区经营收入", Decimal("950000000"), "美元", date(2024, 9, 30), "2024-Q1-Q3"),
                ("欧美区经营收入", Decimal("800000000"), "美元", date(2025, 9, 30), "2025-Q1-Q3"),
                ("欧美区经营收入", Decimal("-60000000"), "美元", date(2024, 9, 30), "2024-Q1-Q3"),
                ("经营收入", Decimal("1900000000"), "美元", date(2025, 9, 30), "2025-Q1-Q3"),
                ("经营收入", Decimal("890000000"), "美元", date(2024, 9, 30), "2024-Q1-Q3"),
            ],
        ),
    ],
    ids=["half-year-cell-per-line-traditional", "nine-months-row-per-line-simplified"],
)
def test_period_header_and_metric_line_over_segment_rows(
    make_context, rules, text, reference, expected
):
    """No 项目 header: 「截至6月30日止半年」 dates the bare-year columns, and a lone
    metric line (经营收入) above the segment rows names what they measure."""
    ctx = make_context(text, reference_date=reference)
    obs = _grid_obs_any(ctx, rules)
    assert [(o.metric, o.value, o.unit, o.date, o.period) for o in obs] == expected
    assert {o.rule for o in obs} == {
        "obs.table.period.half_year" if reference.month == 6 else "obs.table.period.nine_months"
    }


def test_segment_row_that_is_an_entity_is_the_subject(make_context, rules):
    ctx = make_context(SEGMENTS_ROWS, reference_date=date(2025, 9, 30))
    region = _mention(ctx, "亚太区", "Region")
    obs = [o for o in _grid_obs_any(ctx, rules, (region,)) if o.raw == "1,100"]
    assert [(o.subject, o.metric) for o in obs] == [(region, "经营收入")]


METRIC_ROWS = """\
本行各项业务平稳发展。

主要业务数据
单位：亿元
2025年6月30日 2024年12月31日 增减(%)
客户存款 12,345.60 11,800.20 4.62
客户贷款 9,876.50 10,012.30 (1.36)
"""

METRIC_ROWS_TRADITIONAL = """\
個人業務主要指標

（人民幣百萬元）

項目 2024年12月31日 2023年12月31日 增減

個人存款 850,000 800,000 50,000

個人貸款 600,000 620,000 (20,000)

個人客戶數（萬戶） 1,250 1,200 50

不良貸款率 1.10 1.25 (0.15)
"""


def test_dates_only_header_rows_are_metrics_with_growth_rate(make_context, rules):
    """Rows are metrics, columns dates, and 增减(%) a growth rate compared with the
    earlier date column; a bracketed negative keeps its number and says 下降."""
    ctx = make_context(METRIC_ROWS, reference_date=date(2025, 6, 30))
    obs = _grid_obs_any(ctx, rules)
    got = [
        (o.subject, o.metric, o.value, o.unit, o.date, o.measure, o.basis, o.direction, o.rule)
        for o in obs
    ]
    assert got == [
        (
            None,
            "客户存款",
            Decimal("1234560000000"),
            "元",
            date(2025, 6, 30),
            "level",
            None,
            None,
            "obs.table.grid.metric_rows",
        ),
        (
            None,
            "客户存款",
            Decimal("1180020000000"),
            "元",
            date(2024, 12, 31),
            "level",
            None,
            None,
            "obs.table.grid.metric_rows",
        ),
        (
            None,
            "客户存款",
            Decimal("4.62"),
            "%",
            date(2025, 6, 30),
            "growthRate",
            "较上年末",
            "增长",
            "obs.table.change.amount",
        ),
        (
            None,
            "客户贷款",
            Decimal("987650000000"),
            "元",
            date(2025, 6, 30),
            "level",
            None,
            None,
            "obs.table.grid.metric_rows",
        ),
        (
            None,
            "客户贷款",
            Decimal("1001230000000"),
            "元",
            date(2024, 12, 31),
            "level",
            None,
            None,
            "obs.table.grid.metric_rows",
        ),
        (
            None,
            "客户贷款",
            Decimal("1.36"),
            "%",
            date(2025, 6, 30),
            "growthRate",
            "较上年末",
            "下降",
            "obs.table.change.amount",
        ),
    ]


def test_change_amounts_counts_and_ratio_rows(make_context, rules):
    """A plain 增减 column is a change in the row's unit (百万元 scaled, a row's own
    「（萬戶）」), and in 百分点 for a ratio row; decreases keep the printed number. A title
    naming a business line (个人业务主要指标) scopes nothing: its rows name their metrics."""
    ctx = make_context(METRIC_ROWS_TRADITIONAL, reference_date=date(2024, 12, 31))
    obs = _grid_obs_any(ctx, rules)
    changes = {
        o.metric: (o.value, o.unit, o.measure, o.direction, o.basis, o.date)
        for o in obs
        if o.measure != "level"
    }
    assert changes == {
        "个人存款": (
            Decimal("50000000000"),
            "元",
            "change",
            "增加",
            "较上年末",
            date(2024, 12, 31),
        ),
        "个人贷款": (
            Decimal("20000000000"),
            "元",
            "change",
            "减少",
            "较上年末",
            date(2024, 12, 31),
        ),
        "个人客户数": (Decimal("500000"), "户", "change", "增加", "较上年末", date(2024, 12, 31)),
        "不良贷款率": (
            Decimal("0.15"),
            "百分点",
            "ppChange",
            "下降",
            "较上年末",
            date(2024, 12, 31),
        ),
    }
    levels = {(o.metric, o.date): (o.value, o.unit) for o in obs if o.measure == "level"}
    assert levels[("个人客户数", date(2023, 12, 31))] == (Decimal("12000000"), "户")
    assert levels[("不良贷款率", date(2024, 12, 31))] == (Decimal("1.10"), "%")
    assert levels[("个人贷款", date(2023, 12, 31))] == (Decimal("620000000000"), "元")


GROWTH_BY_METRIC = """\
海外分行经营情况
项目
营业收入（百万元） 净利润（百万元）
本期 上年同期 同比增减(%) 本期 上年同期 同比增减(%)
东亚地区 1,000 900 11.1 200 250 (20.0)
西欧地区 600 500 20.0 90 80 12.5
"""


def test_change_columns_under_each_metric(make_context, rules):
    """Dates and changes repeated under each metric label: each change compares its
    own metric's columns, and a 同比 in the header is the basis."""
    ctx = make_context(GROWTH_BY_METRIC, reference_date=date(2025, 6, 30))
    obs = _grid_obs_any(ctx, rules)
    got = {
        (o.metric, o.measure): (o.value, o.direction, o.basis, o.period)
        for o in obs
        if o.raw in ("11.1", "（20.0）", "(20.0)")
    }
    assert got == {
        ("东亚地区营业收入", "growthRate"): (Decimal("11.1"), "增长", "同比", "2025-H1"),
        ("东亚地区净利润", "growthRate"): (Decimal("20.0"), "下降", "同比", "2025-H1"),
    }
    assert len(obs) == 12


@pytest.mark.parametrize(
    ("current", "prior", "expected"),
    [
        ((date(2025, 6, 30), None), (date(2024, 12, 31), None), "较上年末"),
        ((date(2024, 12, 31), None), (date(2023, 12, 31), None), "较上年末"),
        ((date(2025, 6, 30), "2025-H1"), (date(2024, 6, 30), "2024-H1"), "同比"),
        ((date(2024, 12, 31), "2024"), (date(2023, 12, 31), "2023"), "比上年"),
        ((date(2025, 6, 30), None), (date(2025, 3, 31), None), "较2025年3月31日"),
    ],
    ids=["prior-year-end", "year-on-year-end", "same-period", "prior-year", "other-date"],
)
def test_change_basis_of_two_date_columns(rules, current, prior, expected):
    resolved = [dates.Resolved(*current), dates.Resolved(*prior)]
    assert headers._basis(resolved[0], resolved[1], rules.table) == expected


def test_change_column_without_a_date_column_goes_to_review(make_context, rules):
    text = "资产简表\n项目\n增减(%) 2025年6月30日\n甲类 1.0 2,000\n乙类 3.0 4,000\n"
    ctx = make_context(text, reference_date=date(2025, 6, 30))
    assert _grid_obs_any(ctx, rules) == []
    held = tables.review(ctx, locate.locate(ctx, rules.table), (), rules.table, ())
    assert [c.rule for c in held] == ["obs.table.review.unaligned"]


def test_share_named_by_its_total_and_rows_of_the_topic(make_context, rules):
    """「占总额百分比(%)」 is a share; rows that are kinds of the title's topic
    (个人住房贷款 of 个人贷款) name the metric themselves."""
    text = (
        "个人贷款结构\n（人民币百万元，百分比除外）\n项目\n2024年12月31日\n金额 占总额百分比(%)\n"
        "个人住房贷款 300,000 60.00\n个人消费贷款 200,000 40.00\n合计 500,000 100.00\n"
    )
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    got = [(o.metric, o.value, o.unit, o.measure) for o in _grid_obs_any(ctx, rules)]
    assert got[:2] == [
        ("个人住房贷款", Decimal("300000000000"), "元", "level"),
        ("个人住房贷款占总额百分比", Decimal("60.00"), "%", "share"),
    ]
    assert ("个人贷款", Decimal("500000000000"), "元", "level") in got


def test_segment_row_named_in_the_prose_is_the_subject(make_context, rules):
    """The prose reports on 零售銀行; the table's 零售銀行 row is that entity, so the
    figure both print is one key (one observation), not a second figure of the bank."""
    text = "零售銀行錄得經營收入港幣15.00億元。\n\n" + SEGMENTS_VERTICAL
    ctx = make_context(text, reference_date=date(2025, 6, 30))
    retail = _mention(ctx, "零售銀行", "CustomerSegment")
    obs = [o for o in _grid_obs_any(ctx, rules, (retail,)) if o.raw in ("1,500", "1,320")]
    assert [(o.subject, o.metric, o.value) for o in obs] == [
        (retail, "经营收入", Decimal("1500000000")),
        (retail, "经营收入", Decimal("1320000000")),
    ]


STACKED = """\
分部業績

單位：百萬元

截至12月31日止年度

2024年

2023年

營業收入

公司金融

1,000

900

個人金融

800

700

淨利潤

公司金融

300

250

個人金融

200

180
"""


@pytest.mark.parametrize(
    "text",
    [
        STACKED,
        "分部业绩\n单位：百万元\n截至12月31日止年度 2024年 2023年\n营业收入\n"
        "公司金融 1,000 900\n个人金融 800 700\n净利润\n公司金融 300 250\n个人金融 200 180\n",
    ],
    ids=["cell-per-line-traditional", "row-per-line-simplified"],
)
def test_stacked_metric_sections_share_one_header(make_context, rules, text):
    """One block of segment rows per metric line under one dates header: the second
    block (净利润) is read with the table's header, not sent to review."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    got = [(o.metric, o.value, o.date, o.period) for o in _grid_obs_any(ctx, rules)]
    assert got[4:6] == [
        ("公司金融净利润", Decimal("300000000"), date(2024, 12, 31), "2024"),
        ("公司金融净利润", Decimal("250000000"), date(2023, 12, 31), "2023"),
    ]
    assert len(got) == 8
    assert tables.review(ctx, locate.locate(ctx, rules.table), (), rules.table, ()) == ()


REGION_SHARES = {
    "simplified": """\
本行持续推进普惠金融。

表2-4 普惠贷款余额地区分布

（单位：人民币百万元，百分比除外）

地区

2024年12月31日

2023年12月31日

余额

占比(%)

余额

占比(%)

环渤海地区

120,500

30.12

110,300

29.50

中部地区

98,700

24.67

90,100

24.10
""",
    "traditional": """\
本行持續推進普惠金融。

表2-4 普惠貸款餘額地區分佈

（單位：人民幣百萬元，百分比除外）

地區

2024年12月31日

2023年12月31日

餘額

佔比(%)

餘額

佔比(%)

環渤海地區

120,500

30.12

110,300

29.50

中部地區

98,700

24.67

90,100

24.10
""",
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_numbered_regional_table_under_dates_cell_per_line(make_context, rules, script):
    """A numbered title (「表2-4 」), 「地区」 over the row labels, and 余额/占比 under each
    of two dates, printed a cell per line: the title names the metric and every row is a
    region with its level and share at both dates."""
    text = REGION_SHARES[script]
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    region = "環渤海地區" if script == "traditional" else "环渤海地区"
    got = [
        (o.subject.name if o.subject else None, o.metric, o.value, o.unit, o.date, o.measure)
        for o in _grid_obs_any(ctx, rules, [_mention(ctx, region, "Region")])
    ]
    assert got[:4] == [
        (region, "普惠贷款余额", Decimal("120500000000"), "元", date(2024, 12, 31), "level"),
        (region, "普惠贷款余额占比", Decimal("30.12"), "%", date(2024, 12, 31), "share"),
        (region, "普惠贷款余额", Decimal("110300000000"), "元", date(2023, 12, 31), "level"),
        (region, "普惠贷款余额占比", Decimal("29.50"), "%", date(2023, 12, 31), "share"),
    ]
    assert len(got) == 8
    assert tables.review(ctx, locate.locate(ctx, rules.table), (), rules.table, ()) == ()


@pytest.mark.parametrize(
    ("title", "topic"),
    [("表3-9 绿色贷款结构", "绿色贷款"), ("图2 个人存款分布", "个人存款")],
    ids=["table-number", "figure-number"],
)
def test_title_number_is_not_the_topic(rules, title, topic):
    assert rules.table.title_affixes.sub("", headers._unnumbered(title, rules.table)) == topic


ROW_ALPHABET = st.sampled_from(
    [
        *list("0123456789,.-−–()（）%注 \t亿元万户合计贷款项目：，。≥"),
        "个人贷款",
        "2024年",
        "（注 3）",
        "2）",
        "1,234.56",
        "(15.4%)",
    ]
)


@given(st.lists(ROW_ALPHABET, max_size=20).map("".join))
def test_a_table_row_is_read_or_rejected_cleanly(text):
    """A line is a row with cells inside it, not a row, or a ValueError: nothing else."""
    line = locate.Line(100, 100 + len(text), text)
    try:
        row = locate._row(line)
    except ValueError:
        return
    if row is None:
        return
    assert row.label
    for cell in row.cells:
        assert 100 <= cell.start < cell.end <= 100 + len(text)
        assert cell.value is None or cell.value.is_finite()


LABEL_WORDS = st.sampled_from(
    ["个人", "公司", "贷款", "存款", "长江三角洲", "珠江", "西部", "手机银行", "客户", "中间业务"]
)
CELL_VALUES = st.one_of(
    st.none(),  # a dash: no figure in this column
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
)


def _printed(value: Decimal | None, grouped: bool, percent: bool) -> str:
    """A cell as reports print it: grouped or plain, negative in full-width brackets."""
    if value is None:
        return "-"
    digits = f"{abs(value):,.2f}" if grouped else f"{abs(value):.2f}"
    digits += "%" if percent else ""
    return f"（{digits}）" if value < 0 else digits


@given(
    st.lists(LABEL_WORDS, min_size=1, max_size=3, unique=True).map("".join),
    st.lists(st.tuples(CELL_VALUES, st.booleans(), st.booleans()), min_size=1, max_size=6),
    st.lists(st.sampled_from([" ", "  ", "\t", "\u3000"]), min_size=7, max_size=7),
    st.integers(0, 10_000),
)
def test_a_printed_row_reads_back_as_its_label_and_cells(label, cells, gaps, offset):
    """Whatever the figures and the gaps between columns, a row printed on one line reads
    back as its label and exactly its cells, each at the offsets it was printed at."""
    assume(locate.dedouble(label) == label)
    printed = [_printed(v, grouped, percent) for v, grouped, percent in cells]
    text = label
    spans = []
    for gap, cell in zip(gaps, printed, strict=False):
        text += gap
        spans.append((offset + len(text), offset + len(text) + len(cell)))
        text += cell
    row = locate._row(locate.Line(offset, offset + len(text), text))
    assert row is not None
    assert (row.label, row.start) == (label, offset)
    assert [(c.start, c.end) for c in row.cells] == spans
    assert [c.value for c in row.cells] == [v for v, _, _ in cells]


def test_a_note_marker_in_a_row_is_not_a_cell(make_context):
    text = "监管指标\n项目 标准 2024年 2023年\n拨备覆盖率 ≥130（注 3） 250.71 277.63\n"
    ctx = make_context(text)
    lines = [line for line in locate._lines(ctx) if "拨备" in line.text]
    row = locate._row(lines[0])
    assert row is not None
    assert [c.value for c in row.cells] == [Decimal("250.71"), Decimal("277.63")]
    assert row.label == "拨备覆盖率 ≥130"


DEPOSIT_REGIONS = {
    "simplified": (
        "本行存款稳步增长。\n\n2024年12月31日存款的地区分布情况\n\n项目\n存款\n（人民币百万元）\n"
        "占比(%)\n\n东海地区 2,000,000 40.0\n\n西山地区 1,500,000 30.0\n\n"
        "合计 5,000,000 100.0\n"
    ),
    "traditional": (
        "本行存款穩步增長。\n\n2024年12月31日存款的地區分佈情況\n\n項目\n存款\n（人民幣百萬元）\n"
        "佔比(%)\n\n東海地區 2,000,000 40.0\n\n西山地區 1,500,000 30.0\n\n"
        "合計 5,000,000 100.0\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_table_cells_record_the_step_that_chose_their_subject(make_context, rules, script):
    text = DEPOSIT_REGIONS[script]
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    region = "东海地区" if script == "simplified" else "東海地區"
    obs = _grid_obs(ctx, rules, [_mention(ctx, region, "Region")])
    rows = [
        (o.subject.name if o.subject else None, o.metric, o.value, o.unit, o.date, o.subject_rule)
        for o in obs
    ]
    y = date(2024, 12, 31)
    assert rows == [
        (region, "存款", Decimal("2000000000000"), "元", y, "obs.subject.table_row"),
        (region, "存款占比", Decimal("40.0"), "%", y, "obs.subject.table_row"),
        (None, "西山地区存款", Decimal("1500000000000"), "元", y, "obs.subject.table_bank"),
        (None, "西山地区存款占比", Decimal("30.0"), "%", y, "obs.subject.table_bank"),
        (None, "存款", Decimal("5000000000000"), "元", y, "obs.subject.table_bank"),
        (None, "存款占比", Decimal("100.0"), "%", y, "obs.subject.table_bank"),
    ]


SIDE_BY_SIDE = {
    "simplified": (
        "2024年，本行受理各渠道咨询合计12,345件。具体按地区分布如下表所示：\n"
        "地区\n\n咨询数量\n\n地区\n\n咨询数量\n\n"
        "东海地区\n\n1,234\n\n西山地区\n\n567\n\n南湖地区\n\n0\n\n北岭地区\n\n89\n"
    ),
    "traditional": (
        "2024年，本行受理各渠道諮詢合計12,345件。具體按地區分佈如下表所示：\n"
        "地區\n\n諮詢數量\n\n地區\n\n諮詢數量\n\n"
        "東海地區\n\n1,234\n\n西山地區\n\n567\n\n南湖地區\n\n0\n\n北嶺地區\n\n89\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_columns_printed_side_by_side_and_a_count_unit_from_the_prose(make_context, rules, script):
    """A table printed in two groups of the same columns is read row by row, and its count
    column, which prints no unit, counts in the unit the prose gives the same thing."""
    text = SIDE_BY_SIDE[script]
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    east = "东海地区" if script == "simplified" else "東海地區"
    obs = _grid_obs(ctx, rules, [_mention(ctx, east, "Region")])
    y = date(2024, 12, 31)
    assert [
        (o.subject.name if o.subject else None, o.metric, o.value, o.unit, o.date, o.subject_rule)
        for o in obs
    ] == [
        (east, "咨询数量", Decimal("1234"), "件", y, "obs.subject.table_row"),
        (None, "西山地区咨询数量", Decimal("567"), "件", y, "obs.subject.table_bank"),
        (None, "南湖地区咨询数量", Decimal("0"), "件", y, "obs.subject.table_bank"),
        (None, "北岭地区咨询数量", Decimal("89"), "件", y, "obs.subject.table_bank"),
    ]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_count_unit_from_the_prose_is_found_after_text_the_view_joins(
    make_context, rules, script
):
    """The prose figure is found before the table in the view, where the table is: a long
    preamble of wrapped lines, whose breaks and blank lines the view drops, puts the
    figure's original offset far from the table's view offset."""
    preamble = (
        "本行持续推进业务发展，\n\n\n\n"
        if script == "simplified"
        else "本行持續推進業務發展，\n\n\n\n"
    ) * 120
    text = preamble + SIDE_BY_SIDE[script]
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    obs = _grid_obs(ctx, rules)
    assert [(o.value, o.unit) for o in obs] == [
        (Decimal("1234"), "件"),
        (Decimal("567"), "件"),
        (Decimal("0"), "件"),
        (Decimal("89"), "件"),
    ]


MOVED_LABELS = {
    "simplified": (
        "储蓄业务关键指标\n（货币单位：人民币百万元）\n项目\n\n2024 年 12 月 31 日\n\n"
        "2023 年 12 月 31 日\n\n本年末比上年末增减\n\n52,000\n\n48,000\n\n8.3%\n\n"
        "定期存款余额\n\n30,500\n\n31,000\n\n(1.6%)\n\n12.50\n\n11.00\n\n13.6%\n\n"
        "活期存款余额\n其中：薪享卡持卡户数（万户）\n\n"
        "2024 年末，本行薪享卡持卡户数 12.50 万户。\n"
    ),
    "traditional": (
        "儲蓄業務關鍵指標\n（貨幣單位：人民幣百萬元）\n項目\n\n2024 年 12 月 31 日\n\n"
        "2023 年 12 月 31 日\n\n本年末比上年末增減\n\n52,000\n\n48,000\n\n8.3%\n\n"
        "定期存款餘額\n\n30,500\n\n31,000\n\n(1.6%)\n\n12.50\n\n11.00\n\n13.6%\n\n"
        "活期存款餘額\n其中：薪享卡持卡戶數（萬戶）\n\n"
        "2024 年末，本行薪享卡持卡戶數 12.50 萬戶。\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_cell_per_line_table_whose_labels_flattening_moved_below_it(make_context, rules, script):
    """A header printed a head per line (「2024 年 12 月 31 日」 with spaces in it, the
    change column 「本年末比上年末增减」 above the first cells), rows whose labels PDF
    flattening printed after the table: the rows left without a label (the first, and the
    second half of a row with twice the cells) take the trailing labels in order, 其中：
    is no part of a label, and a title naming a business line scopes nothing. A row that
    opens with a name the document gives (薪享卡) is that thing's metric, as in prose."""
    text = MOVED_LABELS[script]
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    card = _mention(ctx, "薪享卡", "Product")
    obs = _grid_obs_any(ctx, rules, [card])
    y, p = date(2024, 12, 31), date(2023, 12, 31)
    assert [
        (
            o.subject.name if o.subject else None,
            o.metric,
            o.value,
            o.unit,
            o.date,
            o.measure,
            o.direction,
            o.subject_rule,
        )
        for o in obs
    ] == [
        (
            None,
            "活期存款余额",
            Decimal("52000000000"),
            "元",
            y,
            "level",
            None,
            "obs.subject.table_bank",
        ),
        (
            None,
            "活期存款余额",
            Decimal("48000000000"),
            "元",
            p,
            "level",
            None,
            "obs.subject.table_bank",
        ),
        (
            None,
            "活期存款余额",
            Decimal("8.3"),
            "%",
            y,
            "growthRate",
            "增长",
            "obs.subject.table_bank",
        ),
        (
            None,
            "定期存款余额",
            Decimal("30500000000"),
            "元",
            y,
            "level",
            None,
            "obs.subject.table_bank",
        ),
        (
            None,
            "定期存款余额",
            Decimal("31000000000"),
            "元",
            p,
            "level",
            None,
            "obs.subject.table_bank",
        ),
        (
            None,
            "定期存款余额",
            Decimal("1.6"),
            "%",
            y,
            "growthRate",
            "下降",
            "obs.subject.table_bank",
        ),
        (
            "薪享卡",
            "持卡户数",
            Decimal("125000"),
            "户",
            y,
            "level",
            None,
            "obs.subject.table_metric_name",
        ),
        (
            "薪享卡",
            "持卡户数",
            Decimal("110000"),
            "户",
            p,
            "level",
            None,
            "obs.subject.table_metric_name",
        ),
        (
            "薪享卡",
            "持卡户数",
            Decimal("13.6"),
            "%",
            y,
            "growthRate",
            "增长",
            "obs.subject.table_metric_name",
        ),
    ]


def test_trailing_labels_that_do_not_fit_leave_the_table_for_review(make_context, rules):
    """Two rows without a label but one label line after them: no guess which is which;
    the table goes to the review queue."""
    text = (
        "储蓄业务关键指标\n（货币单位：人民币百万元）\n项目\n\n2024 年 12 月 31 日\n\n"
        "2023 年 12 月 31 日\n\n本年末比上年末增减\n\n52,000\n\n48,000\n\n8.3%\n\n"
        "定期存款余额\n\n30,500\n\n31,000\n\n(1.6%)\n\n12.50\n\n11.00\n\n13.6%\n\n"
        "活期存款余额\n\n2024 年末，本行存款稳步增长。\n"
    )
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    assert _grid_obs_any(ctx, rules) == []
    blocks = locate.locate(ctx, rules.table)
    assert [r.label for b in blocks for r in b.rows] == ["", "定期存款余额"]
    held = tables.review(ctx, blocks, (), rules.table, ())
    assert [(c.name, c.rule) for c in held] == [("储蓄业务关键指标", "obs.table.review.unaligned")]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        (
            "储蓄业务关键指标\n（货币单位：人民币百万元）\n项目\n\n2024 年 12 月 31 日\n\n"
            "2023 年 12 月 31 日\n\n本年末比上年末增减\n\n定期存款余额\n\n30,500\n\n31,000\n\n"
            "(1.6%)\n\n活期存款余额\n\n52,000\n\n48,000\n\n8.3%\n\n项目\n\n2024 年\n\n2023 年\n\n"
            "本年同比增减\n\n21,000\n\n20,000\n\n5.0%\n\n储蓄存款日均余额\n\n"
            "2024 年，本行储蓄存款稳步增长。\n",
            "储蓄存款日均余额",
        ),
        (
            "儲蓄業務關鍵指標\n（貨幣單位：人民幣百萬元）\n項目\n\n2024 年 12 月 31 日\n\n"
            "2023 年 12 月 31 日\n\n本年末比上年末增減\n\n定期存款餘額\n\n30,500\n\n31,000\n\n"
            "(1.6%)\n\n活期存款餘額\n\n52,000\n\n48,000\n\n8.3%\n\n項目\n\n2024 年\n\n2023 年\n\n"
            "本年同比增減\n\n21,000\n\n20,000\n\n5.0%\n\n儲蓄存款日均餘額\n\n"
            "2024 年，本行儲蓄存款穩步增長。\n",
            "储蓄存款日均余额",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_one_row_table_continuing_the_one_above_reads_in_its_unit(
    make_context, rules, text, metric
):
    """A second header (项目 2024年 2023年 增减) right under a grid, over one row whose
    label flattening printed after its cells: a table of one row, in the unit of the grid
    above it (百万元)."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    obs = [o for o in _grid_obs_any(ctx, rules) if o.metric == metric]
    y, p = date(2024, 12, 31), date(2023, 12, 31)
    assert [(o.subject, o.value, o.unit, o.date, o.measure, o.subject_rule) for o in obs] == [
        (None, Decimal("21000000000"), "元", y, "level", "obs.subject.table_bank"),
        (None, Decimal("20000000000"), "元", p, "level", "obs.subject.table_bank"),
        (None, Decimal("5.0"), "%", y, "growthRate", "obs.subject.table_bank"),
    ]


PLACE_ROWS = {
    "simplified": (
        "按地区划分的客户存款\n单位：人民币百万元，百分比除外\n项目\n2024年12月31日\n"
        "2023年12月31日\n金额\n占比\n金额\n占比\n中国内地\n9,850,000\n90.10%\n9,120,000\n"
        "89.50%\n香港澳门台湾\n1,082,500\n9.90%\n1,070,000\n10.50%\n合计\n10,932,500\n"
        "100.00%\n10,190,000\n100.00%\n"
    ),
    "traditional": (
        "按地區劃分的客戶存款\n單位：人民幣百萬元，百分比除外\n項目\n2024年12月31日\n"
        "2023年12月31日\n金額\n佔比\n金額\n佔比\n中國內地\n9,850,000\n90.10%\n9,120,000\n"
        "89.50%\n香港澳門台灣\n1,082,500\n9.90%\n1,070,000\n10.50%\n合計\n10,932,500\n"
        "100.00%\n10,190,000\n100.00%\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_rows_of_a_regional_breakdown_made_of_places_are_regions(analyse_text, script):
    """In a breakdown by region, a row label ending with 内地 (中国内地) or made only of
    names of places (香港澳门台湾) is a Region (entity.table.region_row) and its cells are
    the region's; the total row stays the bank's."""
    doc = analyse_text(PLACE_ROWS[script])
    inland, hmt = ("中国内地", "香港澳门台湾")
    if script == "traditional":
        inland, hmt = ("中國內地", "香港澳門台灣")
    made = [m for m in doc._.kg_mentions if m.rule == "entity.table.region_row"]
    assert [(m.text, m.kind) for m in made] == [(inland, "Region"), (hmt, "Region")]
    y, p = "2024-12-31", "2023-12-31"
    row, bank = "obs.subject.table_row", "obs.subject.table_bank"
    assert figure_rows(doc._.kg_observations) == [
        (inland, "客户存款", "9850000000000", "元", y, "level", row),
        (inland, "客户存款占比", "90.1", "%", y, "share", row),
        (inland, "客户存款", "9120000000000", "元", p, "level", row),
        (inland, "客户存款占比", "89.5", "%", p, "share", row),
        (hmt, "客户存款", "1082500000000", "元", y, "level", row),
        (hmt, "客户存款占比", "9.9", "%", y, "share", row),
        (hmt, "客户存款", "1070000000000", "元", p, "level", row),
        (hmt, "客户存款占比", "10.5", "%", p, "share", row),
        (None, "客户存款", "10932500000000", "元", y, "level", bank),
        (None, "客户存款占比", "100", "%", y, "share", bank),
        (None, "客户存款", "10190000000000", "元", p, "level", bank),
        (None, "客户存款占比", "100", "%", p, "share", bank),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "分地区客户数量如下表所示：\n地区  客户数量  地区  客户数量\n华东  1,200  华南  950\n"
        "华北  870  西南  640\n",
        "分地區客戶數量如下表所示：\n地區  客戶數量  地區  客戶數量\n華東  1,200  華南  950\n"
        "華北  870  西南  640\n",
    ],
    ids=["hans", "hant"],
)
def test_a_wide_table_printing_rows_side_by_side_gives_a_row_per_group(make_context, rules, text):
    """A wide table prints two (label, cells) groups on a line under a header that names
    its columns once per group: a row per group, in reading order, under one copy."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    [block] = locate.locate(ctx, rules.table)
    assert [h.text for h in block.header][-1:] == ["地区  客户数量"]
    assert [(r.label, [c.value for c in r.cells]) for r in block.rows] == [
        ("华东", [Decimal("1200")]),
        ("华南", [Decimal("950")]),
        ("华北", [Decimal("870")]),
        ("西南", [Decimal("640")]),
    ]
    for row in block.rows:
        assert ctx.view.text[row.start : row.start + len(row.label)] == row.label


def _dedouble_at_every_length(text: str) -> str:
    """dedouble as first written: every length tried at every place."""
    changed = True
    while changed:
        changed = False
        n = len(text)
        for i in range(n):
            for k in range(1, (n - i) // 2 + 1):
                piece = text[i : i + k]
                if text[i + k : i + 2 * k] == piece and locate.HAN.search(piece):
                    text = text[: i + k] + text[i + 2 * k :]
                    changed = True
                    break
            if changed:
                break
    return text


@given(st.text(alphabet="项目年月日期末2025,6１余額额 ", max_size=24))
def test_dedouble_tries_only_the_lengths_that_can_repeat(text):
    """Only the lengths at which the place's character comes again are tried: the same
    result as trying every length, on short texts of a few characters repeated."""
    assert locate.dedouble(text) == _dedouble_at_every_length(text)


@given(st.text(alphabet="北京 福建２1,2.5%\t\u3000\xa0\x0b\r\u2028\x85地区", max_size=24))
def test_a_line_with_single_spaces_only_prints_no_rows_side_by_side(text):
    """A line whose only blanks are single spaces (none doubled, nothing unprintable) is
    one run at most: no groups side by side, found without reading its runs."""
    from kg.figures.locate import GAP, Line, _side_by_side

    if "  " not in text and text.isprintable():
        assert len(list(GAP.finditer(text))) < 2
        assert _side_by_side(Line(0, len(text), text)) == []


@pytest.mark.parametrize(
    "text", ["北京  2,269  福建  1,214  云南  754", "臺北\t2,269\t福建\t1,214\t雲南\t754"]
)
def test_groups_side_by_side_are_still_rows(text):
    """Groups apart by two blanks or a tab are rows side by side (both scripts)."""
    from kg.figures.locate import Line, _side_by_side

    rows = _side_by_side(Line(0, len(text), text))
    assert [r.label for r in rows] == [text[:2], "福建", "云南" if "云" in text else "雲南"]
