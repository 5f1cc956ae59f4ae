import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.normalize import (
    display_name,
    make_view,
    normalize_name,
    script_of,
    script_of_name,
    search_keys,
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


@pytest.mark.parametrize(
    ("body", "joined"),
    [
        ("本季度网点新开客户数较年初增加\n\n48%，其中县域网点贡献过半。", "增加48%，其中"),
        ("私行客户资产占比达\n\n71%，继续领先。", "占比达71%，继续"),
        ("信用卡与房贷客户的交叉渗透新增\n\n31万户、12万户，效果明显。", "新增31万户、12万户"),
        ("对普惠客户的授信余额为\n\n3.2亿元。", "为3.2亿元。"),
        ("客户经理团队以数据驱动，\n\n精准营销。", "驱动，精准营销"),
        ("完善客户权益体系、\n\n场景生态。", "体系、场景生态"),
        ("打造县域客户喜爱的\n\n线上渠道。", "喜爱的线上渠道"),
        ("推出“\n\n乡村振兴”专属贷款", "推出“乡村振兴”"),
        ("推出“乡村\n\n振兴”专属贷款", "“乡村振兴”"),
        ("他说“守正创新\n\n”是主线。", "守正创新”是主线"),
        ("财富管理业务增长较快\n\n，贡献提升。", "较快，贡献提升"),
        ("本行上线“链易融”供\n\n应链金融平台，服务核心企业。", "“链易融”供应链金融平台"),
        ("本行推出「薪享通」代\n\n發服務，覆蓋企業客戶。", "「薪享通」代发服务"),
    ],
    ids=[
        "percent-after-verb",
        "percent-after-share",
        "scaled-count-list",
        "scaled-amount",
        "comma-ends-line",
        "enumeration-comma-ends-line",
        "function-word-ends-line",
        "open-quote-ends-line",
        "unclosed-quote",
        "closing-quote-opens-line",
        "comma-opens-line",
        "word-broken-after-closing-quote",
        "word-broken-after-closing-quote-hant",
    ],
)
def test_short_lines_broken_mid_sentence_are_joined(body, joined):
    assert joined in make_view(body).text


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("稳中求进\n\n3、做优做强县域业务。", "稳中求进\n3、做优做强"),
        ("全力服务实体经济，\n\n二、深化零售转型。", "，\n二、深化"),
        ("风险可控、\n\n（三）加快数字化转型", "、\n（三）加快"),
        ("稳步推进\n\n4.2.1 公司金融业务", "稳步推进\n4.2.1"),
        ("占比(%)\n\n22.1\n\n21.6", "占比（%）\n22.1\n21.6"),
        ("贷款占比\n\n15.2%\n\n15.4%", "贷款占比\n15.2%\n15.4%"),
        ("与兄弟支行相比\n\n2020年上半年客户增加。", "相比\n2020年"),
        ("服务更加普及\n\n数字渠道全面升级", "普及\n数字渠道"),
        ("齐心协力\n\n战略落地", "齐心协力\n战略落地"),
    ],
    ids=[
        "arabic-numbered-heading",
        "chinese-numbered-heading-after-comma",
        "bracketed-heading-after-enumeration-comma",
        "section-number",
        "table-cells-bare-numbers",
        "table-cells-lone-percentages",
        "year-may-open-a-sentence",
        "word-ending-in-function-character",
        "short-headings",
    ],
)
def test_breaks_that_may_open_a_sentence_or_heading_stay_hard(body, kept):
    assert kept in make_view(body).text


def test_a_heading_ending_after_a_quote_does_not_run_on():
    from kg.normalize import _runs_on

    assert _runs_on("本行上线“链易融”供")
    assert not _runs_on("（二）“数智”行")
    assert not _runs_on("【专题】“幸福+”行")


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("私行客户（注2） 9.68万户。", "私行客户9.68万户。"),
        ("拨备覆盖率 ≥130（注 3） 250.71", "拨备覆盖率 ≥130 250.71"),
        ("客户数（注1）12,553.79万户", "客户数12,553.79万户"),
        ("（注：单位为亿元）", "（注：单位为亿元）"),
    ],
    ids=["after-a-word", "between-numbers", "no-space", "a-note-line-stays"],
)
def test_note_markers_leave_the_view_not_the_original(text, view):
    v = make_view(text)
    assert v.text == view
    for m in re.finditer(r"[\d,.]+万户|\d+\.\d+", v.text):
        assert v.quote(m.start(), m.end()) == m.group(0)


@pytest.mark.parametrize(
    "text",
    [
        "2023年末，本行理财子公司总资产\n88.15 亿元，\n净资产 70.02 亿元。",
        "本年对公存款余额为\n61.27 亿元，较上年末增长5.1%。",
        "报告期末信用卡流通户数\n4,021.36 万户，较上年末下降。",
    ],
    ids=["unit-after-space", "figure-opens-the-line", "grouped-figure"],
)
def test_a_figure_broken_from_its_clause_stays_in_the_sentence(text):
    """PDF text breaks lines before a figure whose unit follows a space (71.39 亿元): the
    figure is not a numbered heading (3.3 业务) and the sentence runs on."""
    view = make_view(text)
    assert len(sentence_bounds(view.text)) == 1, view.text


def test_a_numbered_heading_still_opens_a_line():
    text = "本行持续推进零售业务转型，全面提升经营能力和服务水平，取得了良好成效。\n3.3 业务回顾\n本行零售业务。"
    assert "\n3.3 业务回顾" in make_view(text).text


def test_a_unit_opening_the_line_after_a_number_is_one_figure():
    view = make_view("本行以所持股份及150,000.12\n万元现金认购。\n2024\n年度")
    assert view.text == "本行以所持股份及150,000.12万元现金认购。\n2024\n年度"


def test_a_line_of_quote_marks_alone_joins_its_neighbours():
    """A quoted name drawn as a picture leaves only its quote marks on a line of their own."""
    view = make_view("本行深化客户经营，2024年，\n“  ”\n托管业务规模120.5亿元。")
    assert view.text == "本行深化客户经营，2024年，“  ”托管业务规模120.5亿元。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "本行积极推进 星河计划 落地实施，深化 稳企助农 专项行动。\n“  ”“  ”\n全年投放贷款。",
            "本行积极推进“星河计划”落地实施，深化“稳企助农”专项行动。全年投放贷款。",
        ),
        (
            "本行積極推進 星河計畫 落地實施，\n「  」\n全年投放貸款。",
            "本行积极推进「星河计划」落地实施，全年投放贷款。",
        ),
        # a list inside the quote keeps its 、; a number set apart is no quoted word
        (
            "2010 年 5 月，本行深化 存、贷、汇 一体化经营，\n“  ”\n服务客户。",
            "2010 年 5 月，本行深化“存、贷、汇”一体化经营，服务客户。",
        ),
    ],
    ids=["two-pairs", "hant", "list-and-number"],
)
def test_quote_marks_drawn_apart_go_back_around_the_words_set_apart(text, expected):
    """A PDF that draws quote marks apart prints the quoted words with blanks around them
    and the marks alone on the next line: the marks go back in place of the blanks, one
    pair per word in order, and each mark points at the blank it replaces."""
    view = make_view(text)
    assert view.text == expected
    k = view.text.index("星河" if "星河" in view.text else "存、贷")
    opening = k - 1
    assert text[view.src_start[opening] : view.src_end[opening]] == " "


def test_quote_marks_that_pair_with_no_words_stay_where_they_are():
    """Two pairs of marks and one word set apart: nothing to put back with certainty."""
    view = make_view("本行积极推进 星河计划 落地实施，\n“  ”“  ”\n全年投放贷款。")
    assert view.text == "本行积极推进 星河计划 落地实施，“  ”“  ”全年投放贷款。"


@pytest.mark.parametrize(
    "text",
    ["ＡＢＣ１２３，全角。", "面积１２０㎡，ﬁ①", "", "工银　e钱包"],
    ids=["one-for-one", "one-for-two", "empty", "ideographic-space"],
)
def test_nfkc_keeps_offsets_whether_or_not_a_character_grows(text):
    """The one-for-one fast path gives what rebuilding the view piece by piece gives."""
    from kg.normalize import KEEP_PUNCT, _rebuild, identity_view, nfkc

    view = identity_view(text)

    def fold(ch: str) -> str:
        if ch in KEEP_PUNCT:
            return ch
        return " " if ch == "\u3000" else unicodedata.normalize("NFKC", ch)

    expected = _rebuild(view, ((fold(ch), i, i + 1) for i, ch in enumerate(text)))
    assert nfkc(view) == expected


def _fold_by_character(view):
    """nfkc() as it was written before, one character at a time: the reference."""
    from kg.normalize import KEEP_PUNCT, TextView, _rebuild

    def fold(ch: str) -> str:
        if ch in KEEP_PUNCT:
            return ch
        return " " if ch == "\u3000" else unicodedata.normalize("NFKC", ch)

    folded = [fold(ch) for ch in view.text]
    if all(len(ch) == 1 for ch in folded):
        return TextView(view.original, "".join(folded), view.src_start, view.src_end)
    return _rebuild(view, ((ch, i, i + 1) for i, ch in enumerate(folded)))


def _punctuation_by_character(view):
    """cjk_punctuation() as it was written before, one character at a time."""
    from kg.normalize import _ASCII_TO_CJK, TextView

    text = view.text
    chars = list(text)
    for i, ch in enumerate(text):
        if ch not in _ASCII_TO_CJK:
            continue
        if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        chars[i] = _ASCII_TO_CJK[ch]
    return TextView(view.original, "".join(chars), view.src_start, view.src_end)


FOLDED = "本行客戶ＡＢＣ１２３，。：；！？（）　㎡ﬁ①e,;:!?()9 \n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=FOLDED, max_size=30))
def test_nfkc_and_punctuation_are_the_character_by_character_ones(text):
    """Each distinct character folded once, and the ASCII marks found by a pattern, give
    the view folding character by character gave: text and offsets, both scripts, marks
    kept between digits (1,234 and 9:30), characters that grow (㎡, ﬁ)."""
    from kg.normalize import cjk_punctuation, identity_view, nfkc

    view = identity_view(text)
    assert nfkc(view) == _fold_by_character(view)
    assert cjk_punctuation(view) == _punctuation_by_character(view)


@pytest.mark.parametrize(
    "text",
    ["本行客户ＡＢＣ１２３，面积１２０㎡。", "本行客戶數增長：３成　ﬁ①？"],
    ids=["simplified", "traditional"],
)
def test_each_character_is_folded_once_per_process(text, monkeypatch):
    """A character met before is not folded again (the table of characters is kept in
    the process): the second view of a text folds none, a text with one new character
    folds that one, and each view is the one folding character by character gives."""
    from kg import normalize
    from kg.normalize import identity_view, nfkc

    folded: list[str] = []
    fold = normalize._fold

    def counted(ch: str) -> str:
        folded.append(ch)
        return fold(ch)

    monkeypatch.setattr(normalize, "_fold", counted)
    assert nfkc(identity_view(text)) == _fold_by_character(identity_view(text))
    assert set(folded) <= set(text) and len(folded) == len(set(folded))
    folded.clear()
    assert nfkc(identity_view(text)) == _fold_by_character(identity_view(text))
    assert folded == []
    met = normalize._FOLD_SAME | set(normalize._FOLD_CHANGED)
    fresh = next(chr(c) for c in range(0x2A700, 0x2B700) if chr(c) not in met)
    assert (
        nfkc(identity_view(text + fresh)).text
        == _fold_by_character(identity_view(text + fresh)).text
    )
    assert folded == [fresh]


@pytest.mark.parametrize(
    "text",
    ["截至2024年末,本行客户1,234万户;营业时间9:30(工作日)!", "本行客戶數增長:３成？", "", "ok"],
    ids=["simplified", "traditional-full-width", "empty", "latin"],
)
def test_a_view_folds_as_character_by_character(text):
    from kg.normalize import cjk_punctuation, identity_view, nfkc

    folded = nfkc(identity_view(text))
    assert folded == _fold_by_character(identity_view(text))
    assert cjk_punctuation(folded) == _punctuation_by_character(folded)


@pytest.mark.parametrize(
    ("body", "answer_end"),
    [
        (
            "星河储蓄卡的开户条件是什么？\n年满十八岁的客户可持身份证件与第二证件至临柜办理星河储蓄卡开户手续\n\n"
            "星河储蓄卡的年费是多少？\n免收年费。\n短行\n短行\n",
            "开户手续\n星河储蓄卡的年费是多少？",
        ),
        (
            "星河儲蓄卡的開戶條件是什麼？\n年滿十八歲的客戶可持身分證件與第二證件至臨櫃辦理星河儲蓄卡開戶手續\n\n"
            "星河儲蓄卡的年費是多少？\n免收年費。\n短行\n短行\n",
            "开户手续\n星河储蓄卡的年费是多少？",
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_full_width_answer_does_not_run_into_the_next_question(body, answer_end):
    """On a question-and-answer page, a question after a blank line opens the next pair,
    however wide the answer before it."""
    assert answer_end in make_view(body).text


LONG = "本行持续完善个人贷款产品体系，满足客户多样化的融资需求。\n" * 4
LONG_VIEW = LONG


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            LONG
            + "授信最长期限为三年。\n010-88886666\n\n个人安居贷款\n【产品定义】\n本行向个人发放的贷款。",
            LONG_VIEW
            + "授信最长期限为三年。\n010-88886666\n个人安居贷款\n【产品定义】\n本行向个人发放的贷款。",
        ),
        (
            LONG
            + "授信最長期限為三年。\n010-88886666\n\n個人安居貸款\n【產品定義】\n本行向個人發放的貸款。",
            LONG_VIEW
            + "授信最长期限为三年。\n010-88886666\n个人安居贷款\n【产品定义】\n本行向个人发放的贷款。",
        ),
        ("本行累计服务1,200\n个客户。", "本行累计服务1,200个客户。"),
    ],
    ids=["hans", "hant", "a-unit-still-joins"],
)
def test_a_telephone_number_or_a_word_opened_by_ge_is_no_broken_figure(body, expected):
    """个人… after a line ending in digits opens a line of its own (个人 is no unit), and a
    telephone number is no figure whose unit the next line holds."""
    assert make_view(body).text == expected


@pytest.mark.parametrize(
    ("original", "year", "quote"),
    [
        ("星河商業銀行\n一一三年度年報\n113年稅後淨利成長。", "2024年度", "一一三年度"),
        ("民國112年12月31日存款餘額持平。", "2023年12月31日", "民國112年12月31日"),
    ],
    ids=["title-and-text", "minguo-day"],
)
def test_roc_years_read_as_gregorian_and_quote_as_printed(original, year, quote):
    view = make_view(original)
    i = view.text.index(year)
    assert view.quote(i, i + len(year)) == quote
    assert "113年" not in view.text and "一一三" not in view.text


def test_three_digit_years_of_a_mainland_text_stay():
    text = "本行成立110年，服务客户110年、120年如一日。"
    assert make_view(text).text == text


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Apple Pay", ("applepay", "apple pay")),
        ("手機銀行", ("手机银行",)),
        ("ＬＩＮＥ", ("line",)),
    ],
    ids=["blank", "traditional", "full-width"],
)
def test_search_keys_keep_a_printed_blank(name, keys):
    assert search_keys(name) == keys


def _bounds_by_character(text):
    """sentence_bounds() as it was written before, one character at a time."""
    from kg.grammar import SENTENCE_END, SENTENCE_TRAILERS

    bounds = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in SENTENCE_END or ch == "\n":
            end = i + 1
            while end < n and text[end] in SENTENCE_TRAILERS:
                end += 1
            if text[start:end].strip():
                bounds.append((start, end))
            start = end
            i = end
            continue
        i += 1
    if text[start:].strip():
        bounds.append((start, n))
    return bounds


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="本行客戶增长。！？；!?;”’」』)）\n \t　a1", max_size=40))
def test_sentence_bounds_are_the_character_by_character_ones(text):
    """The sentences found by a pattern of their ends are those a look at every character
    found: terminal marks and newlines, closing marks kept with the end before them (even
    after a newline, however many), blank pieces left out, both scripts."""
    assert sentence_bounds(text) == _bounds_by_character(text)


@pytest.mark.parametrize(
    "text",
    [
        "本行营收增长5%。」\n\n“客户数达1万户！”）下一句",
        "本行營收增長5%；」」\n客戶數達1萬戶?結尾",
        "",
    ],
    ids=["simplified", "traditional", "empty"],
)
def test_sentence_bounds_of_own_texts(text):
    assert sentence_bounds(text) == _bounds_by_character(text)


def _rebuild_by_character(view, pieces):
    """normalize._rebuild as it was: the view's characters and offsets one by one."""
    from kg.normalize import TextView

    chars, starts, ends = [], [], []
    for text, i, j in pieces:
        if not text:
            continue
        if len(text) == j - i:
            chars.extend(text)
            starts.extend(view.src_start[i:j])
            ends.extend(view.src_end[i:j])
            continue
        s, e = view.src_start[i], view.src_end[j - 1]
        for ch in text:
            chars.append(ch)
            starts.append(s)
            ends.append(e)
    return TextView(view.original, "".join(chars), tuple(starts), tuple(ends))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="银行貸款 ，\n1a", min_size=1, max_size=16),
    st.data(),
)
def test_rebuild_keeps_pieces_whole_as_the_characters_did(original, data):
    """A view rebuilt from pieces (kept, replaced by one of the same length, by a longer
    or shorter text, dropped) with each piece's text kept whole: the text and offsets the
    character-by-character build gave."""
    from itertools import pairwise

    from kg.normalize import _rebuild, make_view

    view = make_view(original)
    n = len(view.text)
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, n - 1)), max_size=6)))
    bounds = [0, *[c for c in cuts if c < n], n]
    pieces = []
    for i, j in pairwise(bounds):
        if j <= i:
            continue
        how = data.draw(st.sampled_from(["keep", "same", "longer", "shorter", "drop"]))
        text = {
            "keep": view.text[i:j],
            "same": "行" * (j - i),
            "longer": "“" + view.text[i:j] + "”",
            "shorter": view.text[i],
            "drop": "",
        }[how]
        pieces.append((text, i, j))
    assert _rebuild(view, pieces) == _rebuild_by_character(view, pieces)


@pytest.mark.parametrize(
    "text",
    [
        "本行推动 白名单 项目扩围\n“  ”\n（注2）零售客户",
        "本行推動 白名單 項目擴圍\n「  」\n（注2）零售客戶",
    ],
    ids=["simplified", "traditional"],
)
def test_views_of_own_texts_are_the_character_builds(text, monkeypatch):
    """The views of own texts (requoted words, a note marker, joined lines) made with the
    pieces kept whole are those the character-by-character build made (both scripts)."""
    from kg import normalize

    got = normalize.make_view(text)
    monkeypatch.setattr(normalize, "_rebuild", _rebuild_by_character)
    assert got == normalize.make_view(text)
