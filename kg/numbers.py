"""Numbers as printed in Chinese reports, parsed to exact decimals.

Reports print quantities three ways: Arabic digits with thousands separators
(「174,822.23」), Chinese numerals where the number is a small count or a round
magnitude (「十余项」, 「近万名」, 「两个」), and accounting negatives in brackets
(「(5,856,151)」). Everything here is a pure function returning :class:`Decimal`,
so values never pick up binary floating-point error on the way to the graph.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""An Arabic number: grouped by thousands (commas only between groups of three) or plain."""

CHINESE_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10**4, "亿": 10**8}
CHINESE_NUMERAL = "[" + "".join([*CHINESE_DIGITS, *SMALL_UNITS, *LARGE_UNITS]) + "]+"
"""A run of Chinese numeral characters (simplified forms; the view is already simplified)."""

_ARABIC_FULL = re.compile(rf"(?:{ARABIC})")
MAX_DIGITS = 24
"""More digits than any figure a bank reports (a 万亿 total in 分 has 17): such a run is
an account number, a code or a layout accident, not a quantity."""
PRECISION = 60
"""Decimal precision for scaling: a 24-digit number times 万亿 stays exact."""
_NEGATIVE = re.compile(r"^[（(]\s*(?P<n>[^（()）]+?)\s*[）)]$|^[-−–](?P<m>.+)$")


def parse_arabic(text: str) -> Decimal:
    """The value of an Arabic number such as ``174,822.23``, ``(5,856,151)`` or ``-3.5``.

    Accounting brackets and a leading minus make the value negative. Raises
    ValueError for anything else, including misplaced thousands separators.
    """
    s = text.strip()
    sign = 1
    neg = _NEGATIVE.match(s)
    if neg is not None:
        s = (neg.group("n") or neg.group("m")).strip()
        sign = -1
    if not _ARABIC_FULL.fullmatch(s):
        raise ValueError(f"not an Arabic number: {text!r}")
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        raise ValueError(f"too many digits for a figure ({MAX_DIGITS} at most): {text[:40]!r}")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise ValueError(f"not an Arabic number: {text!r}") from exc
    return -value if sign < 0 else value


def _below_wan(text: str, original: str) -> int:
    """A section below 万: digits and 十/百/千, e.g. 三千零五, 十二, 两百."""
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and CHINESE_DIGITS[ch] != 0 and digit != 0:
                raise ValueError(f"two digits in a row in {original!r}")
            digit = CHINESE_DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {original!r}")
    return total + (digit or 0)


def parse_chinese(text: str) -> Decimal:
    """The value of a Chinese numeral: 十 -> 10, 十二 -> 12, 三千五百万 -> 35000000, 万亿 -> 1e12.

    A bare magnitude counts as one of it (万 = 10000), as in 「近万名」 or 「超千户」.
    Raises ValueError when the text is not a well-formed numeral.
    """
    s = text.strip()
    if not s or any(
        ch not in CHINESE_DIGITS and ch not in SMALL_UNITS and ch not in LARGE_UNITS for ch in s
    ):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0
    section = ""
    pending = 0
    last_large = None
    for ch in s:
        if ch in LARGE_UNITS:
            mult = LARGE_UNITS[ch]
            value = _below_wan(section, text) if section else 0
            if not section and not pending:
                value = 1
            if last_large is not None and mult > last_large:
                # 万亿: a larger unit after a smaller one scales everything so far
                pending = (pending + value) * mult
            else:
                pending += value * mult
            last_large = mult
            section = ""
            if mult == LARGE_UNITS["亿"]:
                total += pending
                pending = 0
                last_large = None
        else:
            section += ch
    total += pending
    if section:
        total += _below_wan(section, text)
    if len(str(total)) > MAX_DIGITS:
        raise ValueError(f"too many digits for a figure: {text[:40]!r}")
    return Decimal(total)


def parse_number(text: str) -> Decimal:
    """Arabic or Chinese, whichever the text is."""
    s = text.strip()
    if any(ch.isdigit() for ch in s if ch.isascii()):
        return parse_arabic(s)
    return parse_chinese(s)


def is_chinese_numeral(text: str) -> bool:
    return bool(text) and re.fullmatch(CHINESE_NUMERAL, text) is not None


def scaled(value: Decimal, factor: Decimal) -> Decimal:
    """``value * factor`` without exponent noise, so 3.85 x 1e8 prints as 385000000."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        product = value * factor
        if product == product.to_integral_value():
            return product.quantize(Decimal(1))
        return product.normalize()
