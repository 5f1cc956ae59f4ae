"""Normalise text for matching while keeping every offset tied to the original.

The builder never matches on the original text: it matches on a *view* that is
NFKC-folded (full-width letters and digits to half-width), converted from
traditional to simplified Chinese with OpenCC, and has the line breaks that PDF
flattening put inside sentences removed. Each character of the view remembers the
original characters it came from, so any span found in the view maps back to exact
original offsets and the quote is always ``original[start:end]``.

The view is built by a chain of small named steps, each a function from a view to
a view, so a new step (say, a mapping of OCR confusions) slots in without touching
the others.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import opencc

from kg.grammar import (
    HARD_LINE_END,
    LINE_QUOTE_PAIRS,
    NAME_WRAPPERS,
    SENTENCE_END,
    SENTENCE_TRAILERS,
    char_class,
)

# Chinese punctuation that NFKC would fold to ASCII; the rules match on the
# Chinese forms, and an ASCII comma inside "19,759.42" must stay distinguishable
# from the clause comma in "19,759.42亿元，增长".
KEEP_PUNCT = frozenset("，。：；！？（）")
# a line this long that stops mid-sentence was wrapped, whatever the page width
LONG_LINE = 40
UNIT_AFTER_NUMBER = r"\s*[万亿千百]*[%‰元户人个家笔张吨件倍名项类台只次单条种场批]"
"""A unit after a number, across the space PDF text often puts between them (71.39 亿元)."""
SECTION_START = re.compile(
    rf"^\s*(?:\d+(?:\.\d+)+\s(?!{UNIT_AFTER_NUMBER})|\d{{1,2}}、|[一二三四五六七八九十]+、"
    r"|（[一二三四五六七八九十\d]+）|[•●■◆▪])"
)
"""A line opening a section or bullet: 3.3.1 (not 131.28 亿元, a figure), 1、, 一、, （二）, •."""
# A line cannot open a sentence or a heading with clause or closing punctuation, nor
# with a measured number (65%，其中…; 26万户、19万户): the break before it is soft.
# A bare number ("22.1", "5,856,151") or a year ("2019年将…") may open a line and
# stays hard, so flattened tables keep one cell a line.
LINE_START_SOFT = frozenset("，、；：。！？）)”’」』》%‰")
MEASURED_START = re.compile(
    r"^[\d][\d,]*(?:\.\d+)?\s*(?:[万亿千百]+|[万亿千百]*[%‰元户人个家笔张吨件倍名项类台只次单条种场批])\S"
)
# A line ending with clause punctuation, an opening bracket or quote, or a function
# word that never ends a heading (的, 和, 与…) runs on into the next line; the
# two-character words in LINE_END_WORDS_NOT end a phrase although their last
# character is such a word (目的, 参与, 普及, 应对).
LINE_END_SOFT = frozenset("，、（(“‘「『《")
LINE_END_FUNCTION_WORDS = frozenset("的和与及或把被对")
LINE_END_WORDS_NOT = frozenset(
    {
        "目的",
        "参与",
        "给与",
        "普及",
        "涉及",
        "波及",
        "危及",
        "应对",
        "面对",
        "核对",
        "绝对",
        "相对",
        "反对",
        "针锋相对",
        "平和",
        "温和",
        "缓和",
        "总和",
        "饱和",
        "调和",
        "共和",
    }
)


@dataclass(frozen=True)
class TextView:
    """A normalised view of ``original``; view char ``i`` comes from
    ``original[src_start[i]:src_end[i]]``."""

    original: str
    text: str
    src_start: tuple[int, ...]
    src_end: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span to the original span that covers exactly its characters."""
        if start >= end:
            pos = self.src_start[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.src_start[start], self.src_end[end - 1]

    def to_view(self, orig_offset: int) -> int:
        """The first view position whose source starts at or after ``orig_offset``."""
        return bisect.bisect_left(self.src_start, orig_offset)

    def quote(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


Step = Callable[[TextView], TextView]


def identity_view(original: str) -> TextView:
    n = len(original)
    return TextView(original, original, tuple(range(n)), tuple(range(1, n + 1)))


def _rebuild(view: TextView, pieces: Iterable[tuple[str, int, int]]) -> TextView:
    """Make a view from (replacement text, first view index, last view index + 1) pieces.
    Each piece's text is kept whole (joined once at the end, no string per character); a
    piece of another length than what it replaces takes that whole span for each of its
    characters."""
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    src_start, src_end = view.src_start, view.src_end
    for text, i, j in pieces:
        if not text:
            continue
        texts.append(text)
        if len(text) == j - i:
            starts.extend(src_start[i:j])
            ends.extend(src_end[i:j])
            continue
        starts.extend([src_start[i]] * len(text))
        ends.extend([src_end[j - 1]] * len(text))
    return TextView(view.original, "".join(texts), tuple(starts), tuple(ends))


def _fold(ch: str) -> str:
    """One character as the view shows it: NFKC, Chinese punctuation kept, the full-width
    space a blank."""
    if ch in KEEP_PUNCT:
        return ch
    if ch == "\u3000":
        return " "
    return unicodedata.normalize("NFKC", ch)


_FOLD_SAME: set[str] = set()
"""Characters :func:`_fold` leaves as they are, found so far in this process."""
_FOLD_CHANGED: dict[str, str] = {}
"""Characters :func:`_fold` changes, found so far, with what it makes of them."""


def _changed(chars: set[str]) -> dict[str, str]:
    """What :func:`_fold` makes of those of ``chars`` it changes. Each character is folded
    once per process (a pure function of the character: a table of characters, not of
    any document); the characters met before are sorted out by set operations."""
    for ch in chars.difference(_FOLD_SAME, _FOLD_CHANGED):
        out = _fold(ch)
        if out == ch:
            _FOLD_SAME.add(ch)
        else:
            _FOLD_CHANGED[ch] = out
    return {ch: _FOLD_CHANGED[ch] for ch in chars.intersection(_FOLD_CHANGED)}


def nfkc(view: TextView) -> TextView:
    """Unicode NFKC per character (full-width ASCII to half-width), keeping Chinese punctuation."""
    # each distinct character folded once (a text uses a few thousand)
    changed = _changed(set(view.text))
    if all(len(out) == 1 for out in changed.values()):
        # most text: one character for one, offsets as they are
        table = str.maketrans(changed) if changed else None
        text = view.text.translate(table) if table else view.text
        return TextView(view.original, text, view.src_start, view.src_end)
    folded = [changed.get(ch, ch) for ch in view.text]
    return _rebuild(view, ((ch, i, i + 1) for i, ch in enumerate(folded)))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def traditional_to_simplified(view: TextView) -> TextView:
    """OpenCC t2s; phrase-level where it keeps the length, character by character where not."""
    converter = _t2s()
    converted = converter.convert(view.text)
    if len(converted) == len(view.text):
        return TextView(view.original, converted, view.src_start, view.src_end)
    pieces = []
    for i, ch in enumerate(view.text):
        out = converter.convert(ch)
        pieces.append((out if len(out) == 1 else ch, i, i + 1))
    return _rebuild(view, pieces)


def _line_width(lines: list[str]) -> int:
    """The width of a full line of body text: the upper quartile of longer lines' lengths."""
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 8)
    if len(lengths) < 4:
        return max(lengths, default=0)
    return int(statistics.quantiles(lengths, n=4)[2])


def _wrapped(line: str, width: int) -> bool:
    """A nearly full-width line that does not end a sentence was wrapped by the layout."""
    return (
        width > 0
        and (len(line) >= 0.8 * width or len(line) >= LONG_LINE)
        and line[-1] not in HARD_LINE_END
    )


# a line that ends one Han character after a closing quote (推出“某某”供) broke a word
# the quote's name opened: a heading or a sentence does not end so
LINE_END_AFTER_QUOTE = re.compile(r"[”」』][\u4e00-\u9fff]$")


def _runs_on(line: str) -> bool:
    """A line ending mid-clause (a comma, an opening quote, 的…) however short it is:
    newsletter columns are narrow, so width alone misses these."""
    last = line[-1]
    if last in LINE_END_SOFT or _open_quotes(line):
        return True
    if (
        LINE_END_AFTER_QUOTE.search(line)
        and not line.startswith(("【", "["))
        and not SECTION_START.match(line)
    ):
        return True
    return last in LINE_END_FUNCTION_WORDS and line[-2:] not in LINE_END_WORDS_NOT


def _open_quotes(line: str) -> bool:
    """Whether a quote opened on the line is still open at its end (推出“乡村…)."""
    return any(line.count(o) > line.count(c) for o, c in LINE_QUOTE_PAIRS)


def _continues(next_line: str) -> bool:
    """A line that cannot open a sentence or heading continues the one before it."""
    return next_line[0] in LINE_START_SOFT or bool(MEASURED_START.match(next_line))


UNIT_START = re.compile(UNIT_AFTER_NUMBER.removeprefix(r"\s*"))


QUOTES_ONLY = re.compile(r"^[“”‘’「」『』《》\"'\s]+$")
"""A line of quote marks alone: the quoted words were drawn as pictures, not text."""


QUOTE_PAIR = re.compile(r"([“「『])\s*([”」』])")
BLANKED_WORDS = re.compile(
    r"(?<=[\u4e00-\u9fff，、。；：]) "
    r"([^\s，。；：！？、][^\s，。；：！？]*?)"
    r"(?= [\u4e00-\u9fff，、。；：）])"
)
"""Words a PDF set apart with blanks inside a line of Chinese (推动 白名单 项目): where its
quote marks were drawn."""


def _requote(text: str, start: int, end: int, marks: str) -> list[tuple[str, int, int]] | None:
    """A line whose quoted words a PDF printed with blanks around them, its quote marks
    alone on the next line (「…协调机制 白名单 项目扩围…⏎“  ”」): the pieces of the line with
    each pair of marks put back in place of the blanks around its words, in order; None
    when the marks and the words set apart do not pair up one to one."""
    if not QUOTES_ONLY.match(marks) or not marks.strip():
        return None
    pairs = QUOTE_PAIR.findall(marks)
    if not pairs or QUOTE_PAIR.sub("", marks).strip():
        return None
    words = [
        m
        for m in BLANKED_WORDS.finditer(text, start, end)
        if any("\u4e00" <= ch <= "\u9fff" for ch in m.group(1))  # 2010 年 5 月: no word
    ]
    if len(words) != len(pairs):
        return None
    pieces: list[tuple[str, int, int]] = []
    pos = start
    for (opening, closing), m in zip(pairs, words, strict=True):
        pieces.append((text[pos : m.start()], pos, m.start()))
        pieces.append((opening, m.start(), m.start() + 1))
        pieces.append((m.group(1), m.start(1), m.end(1)))
        pieces.append((closing, m.end(1), m.end(1) + 1))
        pos = m.end(1) + 1
    pieces.append((text[pos:end], pos, end))
    return pieces


NOT_A_UNIT = ("个人", "个体", "个性", "个别", "个案", "个税")
"""Words that open with a unit character (个) but are no unit: 个人… after a number on the
line before is a new line (a telephone number, then a product's name)."""

PHONE_END = re.compile(r"(?<![\d.,])\d{3,4}-\d{7,8}$")


def _unit_of_figure(line: str, next_line: str) -> bool:
    """A line ending in a number and the next opening with its unit (「…及269,005.23⏎万元现金」):
    one figure the layout broke. A telephone number (0371-1234567) is no figure."""
    return (
        line[-1].isdigit()
        and bool(UNIT_START.match(next_line))
        and not next_line.startswith(NOT_A_UNIT)
        and not PHONE_END.search(line)
    )


def repair_line_breaks(view: TextView) -> TextView:
    """Join lines that PDF flattening broke inside a sentence.

    A break is soft when the next line does not open a section or bullet and either
    the line before it is nearly full width and does not end a sentence, or the line
    before ends mid-clause (，、「 的…), or the next line cannot open a sentence (it
    starts with clause or closing punctuation, or with a measured number: 65%，…).
    Width alone does not join a line to a question after a blank line: that opens the
    next pair of a question-and-answer page, however wide the answer before it is.
    Soft breaks and the blank lines and indentation around them vanish from the view;
    a hard break stays as one newline.
    """
    text = view.text
    lines = text.split("\n")
    width = _line_width(lines)
    pieces: list[tuple[str, int, int]] = []
    pos = 0
    line_spans = []
    for line in lines:
        line_spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    nonblank = [k for k, line in enumerate(lines) if line.strip()]
    requoted: set[int] = set()
    for idx, k in enumerate(nonblank):
        s, e = line_spans[k]
        line = lines[k]
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        body_s, body_e = s + lead, e - trail
        marks = lines[nonblank[idx + 1]] if idx + 1 < len(nonblank) else ""
        quoted = _requote(text, body_s, body_e, marks) if k not in requoted else None
        if quoted is not None:
            pieces.extend(quoted)
            requoted.add(nonblank[idx + 1])
        elif body_s < body_e and k not in requoted:
            pieces.append((text[body_s:body_e], body_s, body_e))
        if idx + 1 == len(nonblank):
            break
        nxt = lines[nonblank[idx + 1]]
        stripped = line.strip()
        # a question after a blank line opens a question-and-answer pair (FAQ)
        asks = nonblank[idx + 1] - k > 1 and nxt.rstrip().endswith(("？", "?"))
        soft = not SECTION_START.match(nxt) and (
            (_wrapped(stripped, width) and not asks)
            or _runs_on(stripped)
            or _continues(nxt.strip())
            or _unit_of_figure(stripped, nxt.strip())
            or bool(QUOTES_ONLY.match(stripped) or QUOTES_ONLY.match(nxt))
        )
        if not soft:
            pieces.append(("\n", e, e + 1))
    return _rebuild(view, pieces)


_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile("[" + re.escape("".join(_ASCII_TO_CJK)) + "]")


def cjk_punctuation(view: TextView) -> TextView:
    """ASCII clause punctuation to its Chinese form, so rules match one form.

    A comma or colon between two digits is a thousands separator or a time and stays.
    """
    text = view.text
    chars: list[str] | None = None
    for m in _ASCII_PUNCT.finditer(text):  # only where one stands, not at every character
        i = m.start()
        ch = text[i]
        if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        if chars is None:
            chars = list(text)
        chars[i] = _ASCII_TO_CJK[ch]
    if chars is None:
        return TextView(view.original, text, view.src_start, view.src_end)
    return TextView(view.original, "".join(chars), view.src_start, view.src_end)


NOTE_MARKER = re.compile(r"[ \t]*（注\s*\d{1,2}）[ \t]*")


def note_markers(view: TextView) -> TextView:
    """Footnote markers (「私行客户（注2） 9.68万户」, as the PDF reader writes a raised
    note digit) leave the view, so a note's number is never read as, or glued to, a figure
    and the words around it read on; the original keeps them."""
    text = view.text
    if "（注" not in text:
        return view
    pieces = []
    pos = 0
    for m in NOTE_MARKER.finditer(text):
        pieces.append((text[pos : m.start()], pos, m.start()))
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if ((before.isascii() and before.isalnum()) or before == "%") and after.isascii():
            pieces.append((" ", m.start(), m.end()))  # 「≥130（注 3） 250.71」: two numbers
        pos = m.end()
    pieces.append((text[pos:], pos, len(text)))
    return _rebuild(view, pieces)


ROC_OFFSET = 1911
"""Taiwan dates years from 1912 (民國元年): 民國113年 is 2024."""
_ROC_YEAR = re.compile(
    r"(?:民国\s*)?(?<![\d.,／/])(1[0-2]\d|一[〇零一二][〇零一二三四五六七八九])(?=\s*年)"
)
_ROC_MINGUO = re.compile(r"民国\s*(?:1[0-2]\d|一[〇零一二][〇零一二三四五六七八九])\s*年")
_ROC_TITLE = re.compile(
    r"(?:1[0-2]\d|一[〇零一二][〇零一二三四五六七八九])\s*年度?\s*"
    r"(?:年报|年度报告|中期报告|半年度报告|财务报告|营业报告)"
)
"""(Two patterns, each opening with what it must find first, so that the engine skips to
it: one alternation of both tried every position of every document.)"""
_ROC_PLAIN = re.compile(r"1(?<![\d.,]1)[0-2]\d\s*年(?![期龄级代])")
_ROC_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _uses_roc_years(view: TextView) -> bool:
    """Whether a text counts its years from 1912: it says 民國, names its report by such a
    year (一一三年度年報), or, written in traditional script, dates at least three things
    by a three-digit year (113年底). A mainland text's 「成立110年」 is none of these."""
    text = view.text
    if ("民国" in text and _ROC_MINGUO.search(text)) or _ROC_TITLE.search(text):
        return True
    if sum(1 for _ in itertools.islice(_ROC_PLAIN.finditer(text), 3)) < 3:
        return False
    return script_of(view.original) == "zh-Hant"


def roc_years(view: TextView) -> TextView:
    """Years of the Republic of China to the Gregorian calendar (113年 -> 2024年,
    一一三年度 -> 2024年度, 民國113年 -> 2024年), so that dates, periods and report titles
    read as in any other report; the quote keeps the year as printed."""
    if not _uses_roc_years(view):
        return view
    text = view.text
    pieces = []
    pos = 0
    for m in _ROC_YEAR.finditer(text):
        year = int(m.group(1).translate(_ROC_DIGITS)) + ROC_OFFSET
        pieces.append((text[pos : m.start()], pos, m.start()))
        pieces.append((str(year), m.start(), m.end()))
        pos = m.end()
    if not pieces:
        return view
    pieces.append((text[pos:], pos, len(text)))
    return _rebuild(view, pieces)


DEFAULT_STEPS: tuple[Step, ...] = (
    nfkc,
    traditional_to_simplified,
    roc_years,
    cjk_punctuation,
    note_markers,
    repair_line_breaks,
)


def make_view(original: str, steps: Iterable[Step] = DEFAULT_STEPS) -> TextView:
    view = identity_view(original)
    for step in steps:
        view = step(view)
    return view


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """A name as the graph shows it: simplified, half-width, unquoted, single-spaced."""
    text = "".join(" " if ch == "\u3000" else unicodedata.normalize("NFKC", ch) for ch in name)
    text = _t2s().convert(text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(NAME_WRAPPERS).strip()


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The comparison key of a name, as the annotation guidelines define it: simplified,
    half-width, no surrounding quotes or brackets, no whitespace, Latin case-folded."""
    return re.sub(r"\s+", "", display_name(name)).casefold()


def search_keys(name: str) -> tuple[str, ...]:
    """The keys a curated name is found under: its comparison key and, where it is printed
    with a blank (Apple Pay), its display form, which a search of the text finds as printed
    (normalize_name of the found words gives the comparison key back)."""
    spaced = display_name(name).casefold()
    return (normalize_name(name), spaced) if " " in spaced else (normalize_name(name),)


_SENTENCE_STOP = re.compile(char_class(SENTENCE_END | {"\n"}) + char_class(SENTENCE_TRAILERS) + "*")
"""A sentence's end: a terminal mark or a newline, with the closing marks right after it
(as many as follow, whatever they are)."""


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Split a view into sentences on Chinese and ASCII terminal punctuation and on newlines
    (each end found by a pattern, not by a look at every character)."""
    bounds = []
    start = 0
    for m in _SENTENCE_STOP.finditer(text):
        end = m.end()
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def script_of(text: str) -> str:
    """``zh-Hant`` when OpenCC t2s changes a noticeable share of the Han characters."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return "zh-Hans"
    sample = "".join(han[:20000])
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return "zh-Hant" if changed >= max(3, 0.02 * len(sample)) else "zh-Hans"


def script_of_name(name: str) -> str:
    """The language tag of one surface form: zh-Hant if it has any traditional-only character."""
    return "zh-Hant" if _t2s().convert(name) != name else "zh-Hans"
