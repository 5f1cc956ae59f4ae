"""Text of the formats analysts hold reports in, besides plain text: PDF, Word, HTML.

Each reader turns a file's bytes into the one text every offset of the graph refers to
(written beside the graph as ``out/text/NAME.txt``), with where its pages start when the
format has pages, and the pages it could not read. Plain text is decoded in
:mod:`kg.documents`; :func:`read_text` dispatches on the file's suffix.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.decoding import DecodeError, decode

PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUFFIXES = PDF_SUFFIXES + DOCX_SUFFIXES + HTML_SUFFIXES


class ReaderError(Exception):
    """A file of a known format that cannot be read at all; the message names it."""


@dataclass(frozen=True)
class Extracted:
    """A document's text as a reader made it."""

    text: str
    source_format: str
    pages: tuple[int, ...] = ()
    unread_pages: tuple[tuple[int, str], ...] = ()
    """(page number, reason) of the pages that could not be read; their text is empty."""
    encoding: str = "utf-8"
    """How the text was stored: a plain text's encoding; the text of the other formats is
    Unicode inside them."""


def handles(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_text(path: Path, data: bytes) -> Extracted:
    """The text of a PDF, .docx or HTML file. Raises ReaderError."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return pdf_text(path)
    if suffix in DOCX_SUFFIXES:
        return docx_text(path, data)
    if suffix in HTML_SUFFIXES:
        return html_text(path, data)
    raise ReaderError(f"{path}: no reader for {suffix or 'files without a suffix'}")


def pdf_text(path: Path) -> Extracted:
    from kg.pdftext import PdfError, read_pdf

    try:
        pdf = read_pdf(path)
    except PdfError as exc:
        raise ReaderError(str(exc)) from exc
    if not pdf.text.strip():
        raise ReaderError(
            f"{path}: the PDF has no text layer ({pdf.page_count} pages of images?); "
            "run OCR on it first"
        )
    return Extracted(pdf.text, "pdf", pdf.pages, pdf.failures, encoding="pdf")


def docx_text(path: Path, data: bytes) -> Extracted:
    """Paragraphs and table rows of the body, in document order; a row's cells on one line,
    two spaces apart, as the table reader reads rows."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ReaderError(f"{path}: not a readable .docx file ({exc})") from exc
    except Exception as exc:
        raise ReaderError(f"{path}: not a readable .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if not cells or text != cells[-1]:  # a merged cell repeats
                        cells.append(text)
                lines.append("  ".join(cells))
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    if not text.strip():
        raise ReaderError(f"{path}: the .docx file has no text")
    return Extracted(text + "\n", "docx", encoding="docx")


BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl"),
        *("dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "ol", "p", "pre", "section"),
        *("table", "tr", "ul"),
    }
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
CELL_TAGS = frozenset({"td", "th"})


class _BodyText(HTMLParser):
    """The visible text of a page: block elements on lines of their own, a table row's
    cells on one line, scripts, styles and the head left out; entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.cell_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in CELL_TAGS:
            if self.cell_open:
                self.parts.append("\t")
            self.cell_open = True
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "tr":
                self.cell_open = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_text(path: Path, data: bytes) -> Extracted:
    """The text of the page's body (not its markup), decoded as the page declares or as
    :func:`kg.decoding.decode` guesses."""
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    markup = None
    if declared:
        encoding = declared.group(1).decode("ascii").lower()
        try:
            markup = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            markup = None
    if markup is None:
        try:
            markup, encoding = decode(data, str(path))
        except DecodeError as exc:
            raise ReaderError(str(exc)) from exc
    parser = _BodyText()
    parser.feed(markup)
    parser.close()
    lines = (
        "  ".join(" ".join(cell.split()) for cell in line.split("\t")).strip()
        for line in "".join(parser.parts).split("\n")
    )
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ReaderError(f"{path}: the page has no visible text")
    return Extracted(text + "\n", "html", encoding=encoding)
