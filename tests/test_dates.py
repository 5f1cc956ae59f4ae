from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.dates import Resolved, infer_reference_date, month_end, resolve
from kg.normalize import make_view

ANNUAL = (
    "2024年末，本行个人客户7.66亿户。2024年，票据贴现业务量37,002.50亿元，比上年增长36.2%。"
    "2025年，本行将继续发挥领军银行作用。"
)
INTERIM = (
    "上半年，本行发行7单资产证券化项目。6月末，本行营业网点15,333个。"
    "2025年6月末资产分布情况。上半年跨境人民币业务量5.1万亿元。"
)
NEWSLETTER = "2019年年中，总行提出战略。截至6月末，手机银行客户数达到3.85亿户。进入2020年，战略落地提速；上半年新增26万户。"
EXPLICIT = "截至2024年9月30日，本集团资产总额44.7万亿元。前三季度，本集团实现净利润2,709亿元。截至2024年9月30日，客户存款增长。"
FORWARD_ONLY = "展望2026年，本行将力争实现更高质量发展。"

TRADITIONAL = {
    "annual": (
        "2024年末，本行個人客戶7.66億戶。2024年，票據貼現業務量37,002.50億元，比上年增長36.2%。"
        "2025年，本行將繼續發揮領軍銀行作用。"
    ),
    "interim": (
        "上半年，本行發行7單資產證券化項目。6月末，本行營業網點15,333個。"
        "2025年6月末資產分佈情況。上半年跨境人民幣業務量5.1萬億元。"
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ANNUAL, date(2024, 12, 31)),
        (INTERIM, date(2025, 6, 30)),
        (NEWSLETTER, date(2020, 6, 30)),
        (EXPLICIT, date(2024, 9, 30)),
        (FORWARD_ONLY, None),
        (
            "某银行2022年中期报告\n本行存款较上年末增加523亿元，较上年末增长6.8%。",
            date(2022, 6, 30),
        ),
        ("某銀行2023年年度報告\n上半年，本行推出新產品。", date(2023, 12, 31)),
        (
            "2023年，本行绿色贷款较上年末增长24%。力争到2025年末绿色融资余额达到2万亿元。",
            date(2023, 12, 31),
        ),
        (
            "2020年第10期\n截至9月末，客户达到120万户，较6月末增长7.9%。前三季度交易额1.9万亿元。",
            date(2020, 9, 30),
        ),
        ("本行坚持以客户为中心。", None),
        # a cover's looser title forms (no 年 before 中期, 年报, a year in Chinese numerals)
        ("星河銀行 2023中期報告\n上半年末，本行推進。2022年末", date(2023, 6, 30)),
        ("星河银行\n二〇二三年年度报告\n本行推进。", date(2023, 12, 31)),
        ("星河银行2023年报\n上半年，本行推进。", date(2023, 12, 31)),
        # ... only in the title: in the text, 2023年报告期 / 2023年年报披露 name no report
        ("本行推进。\n2023年报告期内，本行推进。2024年6月末，上半年增长。", date(2024, 6, 30)),
        ("2023年年报披露后，本行上半年推进，6月末增长。", date(2023, 6, 30)),
    ],
    ids=[
        "annual",
        "interim",
        "newsletter",
        "explicit-date",
        "forward-looking-only",
        "interim-report-title",
        "annual-report-title-traditional",
        "target-year-end-is-forward",
        "basis-is-no-period",
        "no-dates",
        "interim-title-without-nian-hant",
        "title-year-in-chinese-numerals",
        "annual-report-short-title",
        "reporting-period-is-no-title",
        "annual-report-named-in-text",
    ],
)
def test_infer_reference_date(text, expected):
    assert infer_reference_date(text) == expected


@pytest.mark.parametrize("kind", sorted(TRADITIONAL), ids=sorted(TRADITIONAL))
def test_infer_reference_date_ignores_script(kind):
    traditional = TRADITIONAL[kind]
    simplified = make_view(traditional).text
    assert simplified != traditional
    assert infer_reference_date(traditional) == infer_reference_date(simplified) is not None


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2024, 2, date(2024, 2, 29)), (2023, 2, date(2023, 2, 28)), (2020, 6, date(2020, 6, 30))],
    ids=["leap", "common", "june"],
)
def test_month_end(year, month, expected):
    assert month_end(year, month) == expected


REF = date(2020, 6, 30)


@pytest.mark.parametrize(
    ("kind", "groups", "expected"),
    [
        ("day", {"y": "2025", "m": "6", "d": "30"}, Resolved(date(2025, 6, 30))),
        ("month_end", {"m": "7"}, Resolved(date(2020, 7, 31))),
        ("month_end", {"m": "十一"}, Resolved(date(2020, 11, 30))),
        ("month_end", {"y": "2024", "m": "12"}, Resolved(date(2024, 12, 31))),
        ("year_end", {"y": "2018"}, Resolved(date(2018, 12, 31))),
        ("year", {"y": "2024"}, Resolved(date(2024, 12, 31), "2024")),
        ("year", {}, Resolved(date(2020, 12, 31), "2020")),
        ("half", {}, Resolved(date(2020, 6, 30), "2020-H1")),
        ("quarter", {"q": "一"}, Resolved(date(2020, 3, 31), "2020-Q1")),
        ("quarter", {"q": "三", "end": "末"}, Resolved(date(2020, 9, 30))),
        ("first_three_quarters", {"y": "2024"}, Resolved(date(2024, 9, 30), "2024-Q1-Q3")),
        ("months", {"y": "2025", "m1": "1", "m2": "6"}, Resolved(date(2025, 6, 30), "2025-H1")),
        ("months", {"y": "2024", "m1": "1", "m2": "12"}, Resolved(date(2024, 12, 31), "2024")),
        ("reference", {}, Resolved(REF)),
        ("previous_year", {}, Resolved(date(2019, 12, 31), "2019")),
        ("year_to_date", {}, Resolved(REF, "2020-YTD")),
    ],
    ids=[
        "day",
        "month-end",
        "chinese-month",
        "year-month",
        "year-end",
        "year",
        "this-year",
        "half",
        "quarter",
        "quarter-end",
        "three-quarters",
        "months-h1",
        "months-year",
        "reference",
        "previous-year",
        "year-to-date",
    ],
)
def test_resolve(kind, groups, expected):
    assert resolve(kind, groups, REF) == expected


def test_year_to_date_keeps_the_date_in_force():
    july = Resolved(date(2020, 7, 31))
    assert resolve("year_to_date", {}, REF, july) == Resolved(date(2020, 7, 31), "2020-YTD")


@pytest.mark.parametrize(
    ("kind", "groups"),
    [
        ("month_end", {"m": "13"}),
        ("day", {"y": "2024", "m": "2", "d": "30"}),
        ("months", {"m1": "6", "m2": "1"}),
    ],
    ids=["month-13", "feb-30", "backwards-range"],
)
def test_impossible_dates_resolve_to_none(kind, groups):
    assert resolve(kind, groups, REF) is None


def test_relative_phrases_need_a_reference_date():
    assert resolve("half", {}, None) is None
    assert resolve("year_end", {"y": "2024"}, None) == Resolved(date(2024, 12, 31))


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match=r"observations\.yaml"):
        resolve("fortnight", {}, REF)


def test_phrases_without_a_year_take_the_year_in_force():
    q1_2025 = Resolved(date(2025, 3, 31), "2025-Q1")
    assert resolve("quarter", {"q": "一", "end": "末"}, REF, q1_2025) == Resolved(date(2025, 3, 31))
    assert resolve("month_end", {"m": "6"}, REF, q1_2025) == Resolved(date(2025, 6, 30))


REPORT_ALPHABET = st.sampled_from(
    [
        *list("0123456789年月日末底上下半度季第一二三四五六十截至于将，。；\n ()（）"),
        "2024",
        "2019",
        "6月末",
        "年末",
        "上半年",
        "中期报告",
        "年度报告",
        "截至",
    ]
)


@given(st.lists(REPORT_ALPHABET, max_size=30).map("".join))
def test_any_text_has_a_reference_date_or_none(text):
    """The date reader returns a plausible date or None; it never raises."""
    found = infer_reference_date(text)
    assert found is None or 1900 <= found.year <= 2099


@given(st.text(max_size=60))
def test_arbitrary_unicode_has_a_reference_date_or_none(text):
    found = infer_reference_date(text)
    assert found is None or isinstance(found, date)


@given(st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32))
def test_a_day_resolves_to_the_calendar_date_or_none(year, month, day):
    got = resolve("day", {"y": str(year), "m": str(month), "d": str(day)}, REF)
    try:
        expected: Resolved | None = Resolved(date(year, month, day))
    except ValueError:
        expected = None
    assert got == expected


CHINESE_MONTHS = dict(enumerate("一二三四五六七八九十", start=1)) | {11: "十一", 12: "十二"}


@given(st.integers(1900, 2100), st.integers(1, 12), st.booleans())
def test_a_month_end_in_either_numerals_is_the_last_day_of_the_month(year, month, chinese):
    m = CHINESE_MONTHS[month] if chinese else str(month)
    got = resolve("month_end", {"y": str(year), "m": m}, None)
    assert got is not None and got.date.month == month and got.date.year == year
    assert (got.date + timedelta(days=1)).day == 1


STATED = {
    "zh-Hans": "截至{y}年{m}月{d}日，本行个人客户达到3亿户，手机银行客户增长8%。",
    "zh-Hant": "截至{y}年{m}月{d}日，本行個人客戶達到3億戶，手機銀行客戶增長8%。",
}


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(sorted(STATED)),
)
def test_a_text_that_states_one_date_reports_for_it(day, script):
    text = STATED[script].format(y=day.year, m=day.month, d=day.day)
    assert infer_reference_date(text) == day


@given(
    st.integers(1990, 2099),
    st.sampled_from([("年末", 12, 31), ("年上半年", 6, 30), ("年前三季度", 9, 30)]),
)
def test_a_period_end_phrase_gives_its_date(year, phrase):
    words, month, day = phrase
    assert infer_reference_date(f"{year}{words}，本行个人客户达到3亿户。") == date(year, month, day)
    assert infer_reference_date(f"展望{year}{words}，本行将力争实现更高质量发展。") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("星河商業銀行\n一一四年度年報\n\n本行稅後淨利成長。", date(2025, 12, 31)),
        ("星河商業銀行\n114年度年報\n\n本行稅後淨利成長。", date(2025, 12, 31)),
        ("星河银行\n一一四年度年报\n\n本行税后净利增长。", date(2025, 12, 31)),
        (
            "星河商業銀行\n\n114年底存款餘額較113年底成長，114年第三季稅後淨利創新高，"
            "114年12月31日放款餘額持平。",
            date(2025, 12, 31),
        ),
        ("截至民國114年6月30日，本行存款餘額持平。", date(2025, 6, 30)),
    ],
    ids=["han-digits-title", "digits-title", "simplified-title", "three-dates-hant", "minguo"],
)
def test_a_taiwan_report_dates_its_years_from_1912(text, expected):
    """Reports in Taiwan count years from 1912 (114年 is 2025): the title, 民國, or three
    dates in traditional script say so, and the reference date follows."""
    assert infer_reference_date(text) == expected


def test_a_mainland_count_of_years_is_no_roc_year():
    """「成立110年」 counts years; a mainland report dated 2024 stays 2024."""
    text = "星河银行成立110年，历经110年发展。2024年末，本行存款余额增长。"
    assert infer_reference_date(text) == date(2024, 12, 31)
    assert "110年" in make_view(text).text
