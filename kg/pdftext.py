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
            lines = _lines(_chars(textpage))
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
