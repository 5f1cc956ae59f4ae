"""Word and HTML documents read as their text (not their markup), tables row by row."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.readers import ReaderError, docx_text, html_text, read_text

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题不算正文</title>
<style>p { color: red; }</style><script>var x = "<p>不是正文</p>";</script></head>
<body>
<h1>手机银行</h1>
<p>2024年末，本行手机银行客户数达到<b>1.2亿户</b>，
较上年末增长8.5%。</p><p>本行推出&ldquo;薪金煲&rdquo;&amp;理财。</p>
<table><tr><th>项目</th><th>2024年</th><th>2023年</th></tr>
<tr><td>个人贷款</td><td>1,234</td><td>1,100</td></tr></table>
<noscript>请启用脚本</noscript>
</body></html>
"""


def test_html_gives_the_body_text_line_by_block():
    got = html_text(Path("p.html"), PAGE.encode("utf-8"))
    assert got.text == (
        "手机银行\n"
        "2024年末，本行手机银行客户数达到1.2亿户， 较上年末增长8.5%。\n"
        "本行推出“薪金煲”&理财。\n"
        "项目  2024年  2023年\n"
        "个人贷款  1,234  1,100\n"
    )
    assert (got.source_format, got.encoding, got.pages) == ("html", "utf-8", ())


def test_html_in_a_legacy_encoding_is_decoded_as_declared():
    page = PAGE.replace('charset="utf-8"', 'charset="gb18030"').encode("gb18030")
    assert "手机银行客户数" in html_text(Path("p.htm"), page).text
    undeclared = PAGE.replace('<meta charset="utf-8">', "").encode("gb18030")
    assert "手机银行客户数" in html_text(Path("p.htm"), undeclared).text


def test_html_without_visible_text_is_an_error():
    with pytest.raises(ReaderError, match="no visible text"):
        html_text(Path("e.html"), b"<html><head><title>x</title></head><body> </body></html>")


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("手机银行", level=1)
    document.add_paragraph("2024年末，本行手机银行客户数达到1.2亿户，较上年末增长8.5%。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("项目", "2024年", "2023年"), ("个人贷款", "1,234", "1,100")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("本行推出“薪金煲”。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_gives_paragraphs_and_table_rows_in_order():
    got = docx_text(Path("d.docx"), make_docx())
    assert got.text == (
        "手机银行\n"
        "2024年末，本行手机银行客户数达到1.2亿户，较上年末增长8.5%。\n"
        "项目  2024年  2023年\n"
        "个人贷款  1,234  1,100\n"
        "本行推出“薪金煲”。\n"
    )
    assert (got.source_format, got.encoding) == ("docx", "docx")


def test_a_broken_docx_is_a_clean_error():
    with pytest.raises(ReaderError, match=r"d\.docx: not a readable \.docx file"):
        docx_text(Path("d.docx"), b"PK\x03\x04 not a zip really")


def test_an_unknown_suffix_has_no_reader():
    with pytest.raises(ReaderError, match=r"no reader for \.odt"):
        read_text(Path("x.odt"), b"x")
