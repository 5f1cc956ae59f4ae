"""PDF text in reading order, without running headers, footers and page numbers, with
footnote markers apart, wrapped lines joined and table rows kept on one line.

The PDFs are made here with reportlab's built-in CID font (no font file needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pdftext import NO_TEXT, NOTE, PdfError, read_pdf

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


LEFT = [
    "本行持续推进零售转型，手机银行客户数",
    "达到1,200万户，较上年末增长8.5%。本行",
    "推出“星河e贷”产品，服务小微企业客户",
    "的经营需求，全年累计发放贷款超过百亿元，",
    "有力支持实体经济发展，获得客户好评。",
]
RIGHT = [
    "绿色金融方面，本行推出“碳惠通”产品，",
    "为绿色企业提供专属融资服务，全年绿色贷",
    "款余额达到300亿元，较上年末增长25%。",
    "本行与星河环境交易所签署合作协议，共同",
    "推进碳金融产品创新，服务绿色发展大局。",
]


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_a_page_in_two_columns_reads_the_left_column_then_the_right(tmp_path, script):
    import opencc

    convert = opencc.OpenCC("s2t").convert if script == "hant" else str
    title = convert("星河银行通讯 2024年第3期")
    items = [(150, 790, title, 16)]
    for k, (left, right) in enumerate(zip(LEFT * 2, RIGHT * 2, strict=True)):
        items.append((40, 750 - 16 * k, convert(left), 10))
        items.append((310, 750 - 16 * k, convert(right), 10))
    pdf = read_pdf(make_pdf(tmp_path / "cols.pdf", [items], header=None))
    assert pdf.text.split("\n") == [title] + [convert(t) for t in LEFT * 2 + RIGHT * 2]


def test_a_table_with_a_wide_blank_in_the_middle_keeps_its_rows(tmp_path):
    """Cells are no prose: a label and its numbers stay one line, however wide the gap."""
    items = []
    for k in range(8):
        items.append((60, 700 - 16 * k, f"第{k + 1}项业务余额", 10))
        items.append((360, 700 - 16 * k, f"{1000 + k:,}", 10))
        items.append((460, 700 - 16 * k, f"{900 + k:,}", 10))
    pdf = read_pdf(make_pdf(tmp_path / "table.pdf", [items], header=None))
    assert pdf.text.split("\n") == [
        f"第{k + 1}项业务余额  {1000 + k:,}  {900 + k:,}" for k in range(8)
    ]


def test_a_page_with_no_text_is_reported_for_review(tmp_path):
    """A scanned page or a chart among text pages: no character to read, so the reader
    names it (the build puts it in the review queue) instead of losing it quietly."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for text in ("第一页正文。", None, "第三页正文。"):
        if text is None:
            c.rect(100, 100, 300, 300, fill=1)  # an image-like page: drawn, no text
        else:
            c.setFont("STSong-Light", 10)
            c.drawString(60, 700, text)
        c.showPage()
    c.save()
    pdf = read_pdf(path)
    assert pdf.text == "第一页正文。\n\n第三页正文。"
    assert pdf.failures == ((2, NO_TEXT),)
    assert pdf.page_count == 3


@pytest.mark.parametrize(
    "lines",
    [
        (
            "第三章经营情况讨论与分析及未来展望",
            "本行坚持稳健经营，持续优化业务结构，全年营业",
            "收入保持增长，资产质量总体稳定，拨备覆盖率为",
        ),
        (
            "第三章經營情況討論與分析及未來展望",
            "本行堅持穩健經營，持續優化業務結構，全年營業",
            "收入保持增長，資產質量總體穩定，撥備覆蓋率為",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_heading_in_larger_type_is_no_wrapped_line(tmp_path, lines):
    """A heading set larger than the text under it ends its line even when it runs as wide
    as the text; a wrapped line that goes on with digits only still joins."""
    heading, first, second = lines
    items = [(60, 700, heading, 14), (60, 680, first, 10), (60, 666, second, 10)]
    items.append((60, 652, "250.1%。", 10))
    pdf = read_pdf(make_pdf(tmp_path / "h.pdf", [items], header=None))
    assert pdf.text == f"{heading}\n{first}{second}250.1%。"
