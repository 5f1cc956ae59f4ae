import pytest

from kg.normalize import (
    display_name,
    make_view,
    normalize_name,
    script_of,
    script_of_name,
    sentence_bounds,
)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("手機銀行客戶數", "手机银行客户数"),
        ("融ｅ借２０２４", "融e借2024"),
        ("增加19,759.42億元，增長11.9%", "增加19,759.42亿元，增长11.9%"),
        ("本行,整体改制;完成", "本行，整体改制；完成"),
    ],
    ids=["traditional", "full-width", "thousands-comma-kept", "ascii-clause-punct"],
)
def test_view_text(original, expected):
    assert make_view(original).text == expected


def test_offsets_point_into_original():
    original = "截至6月末，手機銀行客戶數達到\n\n3.85億戶，市場占比30%。"
    view = make_view(original)
    start = view.text.index("手机银行")
    end = view.text.index("亿户") + 2
    s, e = view.to_original(start, end)
    assert original[s:e] == "手機銀行客戶數達到\n\n3.85億戶"


def test_soft_line_breaks_are_repaired_but_headings_kept():
    body = "随着全行第一个人金融银行战略落地执行我\n\n行第一个人手机银行建设全面提速，效果显著\n\n非常好。\n齐心协力\n战略落地"
    text = make_view(body).text
    assert "执行我行第一个人" in text
    assert "齐心协力\n战略落地" in text


def test_sentences_split_on_chinese_punctuation_and_newlines():
    text = "第一句。第二句！标题\n第三句；尾巴"
    parts = [text[s:e] for s, e in sentence_bounds(text)]
    assert parts == ["第一句。", "第二句！", "标题\n", "第三句；", "尾巴"]


def test_names_compare_after_normalisation():
    assert normalize_name("「工銀e生活」") == normalize_name("工银E生活") == "工银e生活"
    assert display_name(" ICBC  PAY ") == "ICBC PAY"


def test_script_detection():
    assert script_of("本行個人存款增長，手機銀行客戶數達到新高。") == "zh-Hant"
    assert script_of("本行个人存款增长，手机银行客户数达到新高。") == "zh-Hans"
    assert script_of_name("手機銀行") == "zh-Hant"
    assert script_of_name("手机银行") == "zh-Hans"


def test_a_line_starting_with_a_decimal_continues_the_sentence():
    line = "2024年末，普惠型小微企业贷款28,933.15亿元，比年初增加6,655.63亿元，增长29.9%；普惠型小微企业贷款客户"
    body = f"{line}\n208.34万户，增加61.66万户；全年新发放贷款。\n4.2.2 个人金融业务\n正文。"
    text = make_view(body).text
    assert "客户208.34万户" in text
    assert "\n4.2.2 个人金融业务\n" in text
