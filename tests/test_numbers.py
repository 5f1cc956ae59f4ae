import contextlib
from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.numbers import is_chinese_numeral, parse_arabic, parse_chinese, parse_number, scaled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("174,822.23", "174822.23"),
        ("1,334.86", "1334.86"),
        ("12,747", "12747"),
        ("3.85", "3.85"),
        ("2700", "2700"),
        ("(5,856,151)", "-5856151"),
        ("（54,371）", "-54371"),
        ("-3.5", "-3.5"),
        (" 458 ", "458"),
    ],
    ids=[
        "grouped-decimal",
        "grouped",
        "grouped-int",
        "decimal",
        "plain",
        "brackets",
        "fullwidth-brackets",
        "minus",
        "padded",
    ],
)
def test_parse_arabic(text, expected):
    assert parse_arabic(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["1,23", "12,3456", "abc", "", "1.2.3", "(12"],
    ids=["short-group", "long-group", "letters", "empty", "section-number", "unclosed"],
)
def test_parse_arabic_rejects(text):
    with pytest.raises(ValueError):
        parse_arabic(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("两", 2),
        ("八", 8),
        ("一百零五", 105),
        ("三千五百万", 35_000_000),
        ("万", 10_000),
        ("千", 1_000),
        ("万亿", 10**12),
        ("两万亿", 2 * 10**12),
        ("一亿二千万", 120_000_000),
        ("三万零五百", 30_500),
        ("拾贰", 12),
    ],
    ids=[
        "ten",
        "twelve",
        "twenty",
        "liang",
        "eight",
        "ling",
        "wan-section",
        "bare-wan",
        "bare-qian",
        "wanyi",
        "liang-wanyi",
        "yi-and-wan",
        "zero-inside",
        "financial",
    ],
)
def test_parse_chinese(text, expected):
    assert parse_chinese(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["一二三", "二〇二四", "五篇", "", "十a"],
    ids=["digit-run", "year-digits", "not-numeral", "empty", "mixed"],
)
def test_parse_chinese_rejects(text):
    with pytest.raises(ValueError):
        parse_chinese(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("十余", False), ("三千", True), ("3", False), ("两", True)],
    ids=["with-hedge", "numeral", "arabic", "liang"],
)
def test_is_chinese_numeral(text, expected):
    assert is_chinese_numeral(text) is expected


@pytest.mark.parametrize(
    ("value", "factor", "expected"),
    [("3.85", "1e8", "385000000"), ("174822.23", "1e8", "17482223000000"), ("8.3", "1", "8.3")],
    ids=["yi", "grouped-yi", "percent"],
)
def test_scaled_is_plain(value, factor, expected):
    assert str(scaled(Decimal(value), Decimal(factor))) == expected


DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """A number below 10000 in standard Chinese numerals."""
    out = ""
    zero = False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        d = n // size % 10
        if d:
            if zero:
                out += "零"
            out += DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    d = n % 10
    if d:
        out += ("零" if zero else "") + DIGITS[d]
    return out


def to_chinese(n: int) -> str:
    """The standard Chinese numeral of ``n`` (below 10^16), the inverse parse_chinese checks."""
    if n == 0:
        return "零"
    parts = []
    for unit, size in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4), ("", 1)):
        chunk = n // size % 10**4 if size < 10**12 else n // size
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_section(chunk) + unit)
        n_rest = n % size
        if chunk and not n_rest:
            break
    return "".join(parts).replace("零零", "零")


@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_numerals_round_trip(n):
    assert parse_chinese(to_chinese(n)) == n


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_grouped_numbers_round_trip(d):
    assert parse_arabic(f"{d:,.2f}") == d
    assert parse_arabic(f"({d:,.2f})") == -d


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿余多", max_size=12))
def test_generated_numerals_never_crash(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value >= 0


@given(st.text(alphabet="0123456789,.()（）- ", max_size=16))
def test_generated_arabic_never_crash(text):
    with contextlib.suppress(ValueError):
        parse_arabic(text)


@given(st.text(max_size=40))
def test_any_text_is_a_number_or_a_clean_rejection(text):
    """The number readers return a Decimal or raise ValueError, whatever the text."""
    for parse in (parse_arabic, parse_chinese, parse_number):
        try:
            value = parse(text)
        except ValueError:
            continue
        assert isinstance(value, Decimal)
        assert value.is_finite()


@given(st.integers(min_value=29, max_value=80))
def test_numbers_of_many_digits_are_rejected_not_crashed(digits):
    """29+ digits used to raise decimal.InvalidOperation when scaled (issue 12)."""
    with pytest.raises(ValueError, match="too many digits"):
        parse_arabic("9" * digits)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_sentence_with_a_30_digit_number_builds_and_lists_it(analyse_text, script):
    sentence = "2024年末，存款余额为" + "9" * 30 + "亿元，客户数3.85亿户。"
    if script == "traditional":
        sentence = sentence.replace("额", "額").replace("亿", "億").replace("户", "戶")
    doc = analyse_text(sentence)
    assert [(o.value, o.unit) for o in doc._.kg_observations] == [(Decimal(385000000), "户")]
    assert [c for c in doc._.kg_candidates if c.rule.startswith("read.error")] == []
    (held,) = [c for c in doc._.kg_candidates if c.rule == "obs.review.digits"]
    start = sentence.index("9")
    assert (held.name, held.kind_guess, held.doc, held.start, held.end, held.page) == (
        "9" * 30,
        "Observation",
        "t.txt",
        start,
        start + 30,
        None,
    )
    assert held.sentence_text == sentence
    assert held.reason == (
        "a number of 30 digits, more than the 24 a figure may have (kg/numbers.py "
        "MAX_DIGITS): read as a code, not a figure; if it is a figure, the text ran digits "
        "together"
    )


def test_a_figure_of_24_digits_is_no_review_item(analyse_text):
    doc = analyse_text("2024年末，存款余额为" + "1" * 24 + "元。")
    assert [c for c in doc._.kg_candidates if c.rule == "obs.review.digits"] == []


@given(
    # a readable figure has at most MAX_DIGITS (24) digits: 20 before the point, 4 after
    st.decimals(
        min_value=-(10**20), max_value=10**20, places=4, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from(["1", "10000", "100000000", "1000000000000", "0.01"]),
)
def test_scaling_any_readable_number_is_exact(value, factor):
    product = scaled(value, Decimal(factor))
    with localcontext() as ctx:
        ctx.prec = 80
        assert product == value * Decimal(factor)
    assert product.is_finite()


FIGURES = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@given(FIGURES, st.sampled_from(["plain", "grouped"]), st.sampled_from(["-", "−", "–", "(", "（"]))
def test_every_printed_form_of_a_figure_reads_back_exactly(d, grouping, negative):
    """Plain or grouped by thousands, negative by a minus sign (three dashes) or accounting
    brackets (ASCII or full-width): the same exact value."""
    digits = f"{abs(d):,.2f}" if grouping == "grouped" else f"{abs(d):.2f}"
    assert parse_arabic(digits) == abs(d) == parse_number(digits)
    if negative in "(（":
        printed = f"{negative}{digits}{')' if negative == '(' else '）'}"
    else:
        printed = negative + digits
    assert parse_arabic(printed) == -abs(d)


@given(st.integers(min_value=1000, max_value=10**12), st.integers(1, 2))
def test_a_misplaced_thousands_separator_is_rejected(n, shift):
    grouped = f"{n:,}"
    comma = grouped.index(",")
    moved = grouped[: comma - shift] + "," + grouped[comma - shift :].replace(",", "", 1)
    with pytest.raises(ValueError, match="not an Arabic number"):
        parse_arabic(moved)


FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


@given(st.integers(min_value=0, max_value=10**15))
def test_financial_numerals_read_as_the_common_ones(n):
    """The numerals of cheques and contracts (壹贰叁, 拾佰仟) are the same numbers."""
    assert parse_chinese(to_chinese(n).translate(FINANCIAL)) == n
