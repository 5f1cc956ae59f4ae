"""PDF text in reading order, without running headers, footers and page numbers, with
footnote markers apart, wrapped lines joined and table rows kept on one line.

The PDFs are made here with reportlab's built-in CID font (no font file needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pdftext import NOTE, PdfError, read_pdf

pytest.importorskip("reportlab")

HEADER = "样例银行股份有限公司 2024年年度报告"


def make_pdf(path: Path, pages: list[list[tuple]], header: str | None = HEADER) -> Path:
    """Each page is a list of (x, y, text, size); y from the bottom of an A4 page. A running
    header and a page number are drawn on every page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for number, items in enumerate(pages, start=1):
        if header:
            c.setFont("STSong-Light", 9)
            c.drawString(60, 800, header)
            c.drawString(290, 30, str(number))
        for x, y, text, size in items:
            c.setFont("STSong-Light", size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


PAGE = [
    (60, 700, "2024年末，本行手机银行客户数达到1.2亿户，较上年末增长", 10),
    (60, 686, "8.5%。", 10),
    (60, 660, "私行客户", 10),
    (100, 665, "2", 6),
    (106, 660, "9.68万户。", 10),
    (60, 630, "个人贷款", 10),
    (250, 630, "1,234", 10),
    (350, 630, "1,100", 10),
]


@pytest.fixture()
def report(tmp_path) -> Path:
    return make_pdf(tmp_path / "r.pdf", [PAGE, PAGE, PAGE])


def test_pages_in_reading_order_without_headers_and_page_numbers(report):
    pdf = read_pdf(report)
    page = (
        "2024年末，本行手机银行客户数达到1.2亿户，较上年末增长8.5%。\n"
        f"私行客户{NOTE.format(2)} 9.68万户。\n"
        "个人贷款  1,234  1,100"
    )
    assert pdf.text == "\n".join([page, page, page])
    assert pdf.pages == (0, len(page) + 1, 2 * (len(page) + 1))
    assert pdf.page_count == 3
    assert pdf.failures == ()


def test_lines_drawn_out_of_order_come_out_top_to_bottom(tmp_path):
    items = [(60, 600, "第二行。", 10), (60, 700, "第一行。", 10), (200, 700, "同一行", 10)]
    pdf = read_pdf(make_pdf(tmp_path / "o.pdf", [items], header=None))
    assert pdf.text == "第一行。  同一行\n第二行。"


def test_a_lone_page_number_is_dropped_even_on_one_page(tmp_path):
    pdf = read_pdf(make_pdf(tmp_path / "one.pdf", [[(60, 700, "正文。", 10)]], header=None))
    assert pdf.text == "正文。"
    pdf = read_pdf(make_pdf(tmp_path / "num.pdf", [[(60, 700, "正文。", 10)]]))
    assert pdf.text == f"{HEADER}\n正文。"  # one page: a header cannot be told from a title


def test_a_file_that_is_not_a_pdf_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(PdfError, match=r"bad\.pdf: not a readable PDF"):
        read_pdf(bad)
