"""Text of PDF reports, page by page, as a reader sees it (pypdfium2).

PDFium gives every character with its box; this module lays the characters out:
lines by their vertical position, characters by their horizontal one, so the text
comes in reading order whatever order the content stream drew it in. On top of that:

- running headers, footers and page numbers (lines in the top or bottom band of the
  page that repeat on many pages, or are only a page number) are dropped;
- footnote markers (small raised digits after a word or a number, 「私行客户²」) are
  written apart as 「（注2）」, never glued to the number they follow;
- lines the layout broke inside a paragraph (a full-width line followed by one that
  starts at the left margin) are joined;
- a row of a table keeps its cells on one line, separated by two spaces where the
  layout leaves a column gap, so the table reader gets label and cells together.

A page that cannot be read is left empty and reported with its number and the error,
so one damaged page never loses a report.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.grammar import HARD_LINE_END

NOTE = "（注{}）"
NO_TEXT = "no text on this page (an image?): run OCR on it if it holds text"
EDGE_BAND = 0.08
"""The share of the page height at its top and bottom where running headers and footers live."""
REPEATED_SHARE = 0.01
"""An edge line printed on at least this share of the pages (digits aside) is a running one."""
CELL_GAP_EM = 1.2
WORD_GAP_EM = 0.25
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[-—–\s]*$")


class PdfError(Exception):
    """A PDF that cannot be opened at all (damaged, encrypted)."""


@dataclass(frozen=True)
class Char:
    ch: str
    left: float
    bottom: float
    right: float
    top: float
    spaced: bool = False
    """The content stream has a space just before this character."""

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    left: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    top: float = 0.0
    gaps: int = 0
    """How many column gaps the line has (cells of a table row)."""


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF: pages joined, where each page starts, pages that failed."""

    text: str
    pages: tuple[int, ...]
    failures: tuple[tuple[int, str], ...]
    page_count: int


def _chars(textpage: object) -> list[Char]:
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw  # type: ignore[attr-defined]
    out = []
    spaced = False
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code == 0 or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        ch = chr(code)
        if ch in " \u00a0\u3000":
            spaced = True
            continue
        if ch.isspace() or ch in "\ufffe\uffff" or not ch.isprintable():
            continue
        # the tight box says how high a glyph sits (a raised note digit); the loose one,
        # which spans the glyph's advance, where words part
        _, bottom, _, top = textpage.get_charbox(i)  # type: ignore[attr-defined]
        left, _, right, _ = textpage.get_charbox(i, loose=True)  # type: ignore[attr-defined]
        if right < left or top < bottom:
            continue
        out.append(Char(ch, left, bottom, right, top, spaced))
        spaced = False
    return out


def _lines(chars: list[Char]) -> list[Line]:
    """Group characters into lines: a character joins the line its vertical extent overlaps
    most; lines top to bottom, characters left to right."""
    lines: list[Line] = []
    for c in sorted(chars, key=lambda c: (-(c.top + c.bottom) / 2, c.left)):
        mid = (c.top + c.bottom) / 2
        best = None
        for line in reversed(lines[-4:]):
            if line.bottom - 0.15 * c.height <= mid <= line.top + 0.15 * c.height:
                best = line
                break
        if best is None:
            best = Line(bottom=c.bottom, top=c.top)
            lines.append(best)
        best.chars.append(c)
        best.bottom = min(best.bottom, c.bottom)
        best.top = max(best.top, c.top)
    for line in lines:
        line.chars.sort(key=lambda c: c.left)
        line.left, line.right = line.chars[0].left, line.chars[-1].right
    lines.sort(key=lambda line: -line.top)
    return lines


GUTTER_EM = 1.5
"""The least width of the blank between two columns of prose, in character heights."""
COLUMN_SHARE = 0.4
"""At least this share of a page's lines must part at the gutter for two columns."""


def _gaps(line: Line, em: float) -> list[tuple[float, float]]:
    """The blanks inside a line at least a gutter wide."""
    return [
        (a.right, b.left)
        for a, b in itertools.pairwise(line.chars)
        if b.left - a.right >= GUTTER_EM * em
    ]


def _prose(chars: list[Char]) -> bool:
    """Characters that read as a line of prose: ten or more, most of them Han."""
    han = sum(1 for c in chars if "\u4e00" <= c.ch <= "\u9fff")
    return len(chars) >= 10 and han >= 0.7 * len(chars)


def _gutter(lines: list[Line], width: float, em: float) -> float | None:
    """Where a page set in two columns of prose parts them (newsletters, ESG reports): an
    x in the page's middle that most lines leave blank, with prose on both sides of it;
    None for a page in one column or a table (cells are short, numbers not prose)."""
    if len(lines) < 6 or width <= 0:
        return None
    low, high = 0.3 * width, 0.7 * width
    gaps = [_gaps(line, em) for line in lines]
    candidates = sorted(
        {
            round((a + b) / 2)
            for line_gaps in gaps
            for a, b in line_gaps
            if low <= (a + b) / 2 <= high
        }
    )
    best: tuple[int, float] | None = None
    for cx in candidates:
        parted = 0
        crossing = 0
        for line, line_gaps in zip(lines, gaps, strict=True):
            if any(a < cx < b for a, b in line_gaps):
                parted += 1
            elif line.left < cx < line.right:
                crossing += 1
        enough = parted >= COLUMN_SHARE * len(lines) and crossing <= 0.1 * len(lines)
        if enough and (best is None or parted > best[0]):
            best = (parted, float(cx))
    if best is None:
        return None
    x = best[1]
    split = [line for line, g in zip(lines, gaps, strict=True) if any(a < x < b for a, b in g)]
    sides_prose = sum(
        1
        for line in split
        if _prose([c for c in line.chars if c.right <= x])
        and _prose([c for c in line.chars if c.left >= x])
    )
    # the parted lines hold characters on both sides of x: no side can be empty
    return x if sides_prose >= 0.5 * len(split) else None


def _in_columns(lines: list[Line], width: float) -> list[Line]:
    """The lines in reading order: a page in two columns reads its left column, then its
    right one; a line across the gutter (a title) ends the columns above it."""
    if len(lines) < 6:
        return lines
    em = max(statistics.median(c.height for line in lines for c in line.chars), 1.0)
    x = _gutter(lines, width, em)
    if x is None:
        return lines
    out: list[Line] = []
    left: list[Char] = []
    right: list[Char] = []

    def flush() -> None:
        out.extend(_lines(left) if left else [])
        out.extend(_lines(right) if right else [])
        left.clear()
        right.clear()

    for line in lines:
        if line.left < x < line.right and not any(
            a < x < b
            for a, b in _gaps(line, max(statistics.median(c.height for c in line.chars), 1.0))
        ):
            flush()
            out.append(line)
            continue
        left.extend(c for c in line.chars if c.right <= x)
        right.extend(c for c in line.chars if c.left >= x)
    flush()
    return out


def _is_note(c: Char, size: float, base: float, prev: Char | None) -> bool:
    """A small raised digit right after a word or number: a footnote marker."""
    return (
        c.ch.isdigit()
        and prev is not None
        and c.height < 0.7 * size
        and c.bottom > base + 0.25 * size
    )


def _render(line: Line) -> None:
    """The line's text: spaces where words part, two spaces at column gaps, notes apart."""
    chars = line.chars
    size = statistics.median(c.height for c in chars)
    base = statistics.median(c.bottom for c in chars if c.height >= 0.7 * size)
    em = max(size, 1.0)
    out: list[str] = []
    note: list[str] = []
    prev: Char | None = None
    gaps = 0
    for c in chars:
        if _is_note(c, size, base, prev):
            note.append(c.ch)
            prev = c
            continue
        if note:
            out.append(NOTE.format("".join(note)))
            note = []
        if prev is not None:
            gap = c.left - prev.right
            if gap > CELL_GAP_EM * em:
                out.append("  ")
                gaps += 1
            elif gap > WORD_GAP_EM * em or (c.spaced and gap > 0.1 * em):
                out.append(" ")
        out.append(c.ch)
        prev = c
    if note:
        out.append(NOTE.format("".join(note)))
    line.text = "".join(out).strip()
    line.gaps = gaps


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


@dataclass
class _Page:
    lines: list[Line]
    height: float
    width: float


def _read_page(pdf: object, index: int) -> _Page:
    page = pdf[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = _in_columns(_lines(_chars(textpage)), width)
        finally:
            textpage.close()
    finally:
        page.close()
    for line in lines:
        _render(line)
    return _Page([line for line in lines if line.text], height, width)


def _at_edge(line: Line, page: _Page) -> bool:
    band = EDGE_BAND * page.height
    return line.bottom >= page.height - band or line.top <= band


def _running(pages: list[_Page | None]) -> set[str]:
    """Edge lines that repeat across pages (digits aside): headers and footers."""
    counts: Counter[str] = Counter()
    for page in pages:
        if page is None:
            continue
        counts.update({_edge_key(line.text) for line in page.lines if _at_edge(line, page)})
    read = sum(1 for p in pages if p is not None)
    need = max(2 if read < 10 else 3, int(REPEATED_SHARE * read))
    return {key for key, n in counts.items() if n >= need}


def _body(page: _Page, running: set[str]) -> list[Line]:
    out = []
    for line in page.lines:
        if _at_edge(line, page) and (
            _edge_key(line.text) in running or PAGE_NUMBER.match(line.text)
        ):
            continue
        out.append(line)
    return out


def _han_size(line: Line) -> float | None:
    """The height of the line's Han characters (digits and marks sit lower), if any."""
    return max((c.height for c in line.chars if "\u4e00" <= c.ch <= "\u9fff"), default=None)


def _other_type(prev: Line, line: Line) -> bool:
    """Whether two lines are set in type of different sizes (a heading over the text it
    heads is no line the paragraph wrapped), judged by their Han characters."""
    a, b = _han_size(prev), _han_size(line)
    return a is not None and b is not None and abs(a - b) > 0.15 * max(a, b)


def _joined(lines: list[Line]) -> str:
    """The page's text, with the lines a paragraph wrapped joined back."""
    if not lines:
        return ""
    prose = [ln for ln in lines if not ln.gaps and len(ln.text) >= 8]
    rights = sorted(ln.right for ln in (prose or lines))
    right = rights[int(0.8 * (len(rights) - 1))]
    left = min((ln.left for ln in prose), default=min(ln.left for ln in lines))
    parts: list[str] = [lines[0].text]
    for prev, line in itertools.pairwise(lines):
        em = max(max(c.height for c in prev.chars), 1.0)
        wrapped = (
            not prev.gaps
            and not line.gaps
            and not _other_type(prev, line)
            and prev.right >= right - 1.5 * em
            and line.left <= left + 0.5 * em
            and prev.bottom - line.top < 1.2 * em
            and prev.text[-1] not in HARD_LINE_END
        )
        if wrapped:
            if prev.text[-1].isascii() and prev.text[-1].isalnum() and line.text[0].isascii():
                parts.append(" ")
        else:
            parts.append("\n")
        parts.append(line.text)
    return "".join(parts)


def read_pdf(path: Path) -> PdfText:
    """The text of every page of a PDF. Raises PdfError when the file cannot be opened."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise PdfError(f"{path}: not a readable PDF ({exc}); is it damaged or encrypted?") from exc
    try:
        count = len(pdf)
        pages: list[_Page | None] = []
        failures: list[tuple[int, str]] = []
        for index in range(count):
            try:
                pages.append(_read_page(pdf, index))
            except Exception as exc:
                pages.append(None)
                failures.append((index + 1, f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        pdf.close()
    # a page with no character at all is an image (a scanned page, a chart, a cover): it
    # cannot be read without OCR, so the review queue says so rather than losing it quietly
    for index, page in enumerate(pages):
        if page is not None and not page.lines:
            failures.append((index + 1, NO_TEXT))
    failures.sort()
    running = _running(pages)
    texts: list[str] = []
    starts: list[int] = []
    pos = 0
    for page in pages:
        starts.append(pos)
        body = _joined(_body(page, running)) if page is not None else ""
        texts.append(body)
        pos += len(body) + 1
    return PdfText("\n".join(texts), tuple(starts), tuple(failures), count)
