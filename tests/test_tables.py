from datetime import date
from decimal import Decimal

import pytest

from kg import tables
from kg.models import Mention, Span
from kg.observations import extract, load_rules

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
    assert tables.dedouble(text) == expected


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
    assert [b.kind for b in tables.locate(ctx, rules.table)] == ["grid"]
