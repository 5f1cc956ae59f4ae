"""Lines of business a heading names (kg/figures/lines.py): a heading line that names a
product or service line by its head word heads the figures of its section."""

import re
from datetime import date

import pytest
from conftest import figure_rows
from hypothesis import given
from hypothesis import strategies as st

from kg.figures import load_rules, read_part

SIMPLIFIED = (
    "（三）金融市场业务\n"
    "本行持续完善交易服务体系。2024年末，本行同业存单余额120亿元。\n"
    "资金托管\n"
    "本行围绕公募基金、保险资金等加快布局，托管业务稳健增长。2024年末，本行托管资产规模"
    "3.25万亿元，较上年末增长8.1%。\n"
    "票据业务\n"
    "本行持续优化票据流程，提升客户体验。2024年，本行票据贴现发生额860亿元。\n"
)
TRADITIONAL = (
    "（三）金融市場業務\n"
    "本行持續完善交易服務體系。2024年末，本行同業存單餘額120億元。\n"
    "資金託管\n"
    "本行圍繞公募基金、保險資金等加快佈局，託管業務穩健增長。2024年末，本行託管資產規模"
    "3.25萬億元，較上年末增長8.1%。\n"
    "票據業務\n"
    "本行持續優化票據流程，提升客戶體驗。2024年，本行票據貼現發生額860億元。\n"
)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _read(make_context, rules, text):
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    return read_part(ctx, (0, len(ctx.view.text)), (), rules)


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_a_heading_naming_a_line_of_business_heads_its_section(analyse_text, text):
    """「资金托管」 over its paragraph is a line of business: the figures 本行 reports under
    it are the line's; a heading of a business area (「票据业务」) is no line, and its
    figures, like those before the line's heading, stay the bank's."""
    doc = analyse_text(text)
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    figures = doc._.kg_observations
    assert [(m.name, m.kind, m.rule, m.span.quote) for m in made] == [
        ("资金托管", "Product", "obs.line.heading", text.split("\n")[2])
    ]
    assert figure_rows(figures, subject="name") == [
        (
            None,
            "同业存单余额",
            "12000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.own_clause",
        ),
        (
            "资金托管",
            "托管资产规模",
            "3250000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.section_self",
        ),
        (
            "资金托管",
            "托管资产规模",
            "8.1",
            "%",
            "2024-12-31",
            "growthRate",
            "obs.subject.section_self",
        ),
        (
            None,
            "票据贴现发生额",
            "86000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.own_clause",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "零售贷款\n本行持续优化零售信贷结构。2024年末，本行零售贷款总额3,200亿元，"
            "较上年末增长6.5%。\n",
            [
                (
                    None,
                    "零售贷款总额",
                    "320000000000",
                    "元",
                    "2024-12-31",
                    "level",
                    "obs.subject.own_clause",
                ),
                (
                    None,
                    "零售贷款总额",
                    "6.5",
                    "%",
                    "2024-12-31",
                    "growthRate",
                    "obs.subject.sentence_topic",
                ),
            ],
        ),
        (
            "跨境服務\n本集團聯同某分行推出「灣區開戶見證服務」，上半年累計見證開戶近4.2萬宗。\n",
            [
                (
                    "灣區開戶見證服務",
                    "见证开户数",
                    "42000",
                    "宗",
                    "2024-06-30",
                    "level",
                    "obs.subject.launched",
                )
            ],
        ),
    ],
    ids=["a-book-of-the-bank", "a-launched-service-traditional"],
)
def test_a_book_of_the_bank_or_a_launched_thing_keeps_its_figures(analyse_text, text, figures):
    """「零售贷款」 is the bank's whole book of retail loans, no line: its figures stay the
    bank's. Under a line's heading a service the sentence launches takes the figures
    after it; a line heading no figure is no mention."""
    doc = analyse_text(text)
    assert [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")] == []
    assert figure_rows(doc._.kg_observations) == figures


@pytest.mark.parametrize(
    "text",
    [
        "本行推出以下产品：\n个人住房贷款\n汽车消费贷款\n个人经营贷款\n",
        "本行零售贷款包括个人住房\n按揭贷款\n以及个人经营贷款，2024年末余额合计560亿元。\n",
        "本行零售貸款包括\n個人住房按揭貸款\n及個人經營貸款，2024年末餘額合計560億元。\n",
        # products and services as a whole, the heading of a page, are no line of business
        "产品与服务\n\n2024年末，本行存款余额为100亿元。\n",
        "產品與服務\n\n2024年末，本行存款餘額為100億元。\n",
    ],
    ids=[
        "menu",
        "wrapped",
        "wrapped-traditional",
        "products-and-services",
        "products-and-services-hant",
    ],
)
def test_a_list_of_names_or_a_wrapped_line_is_no_heading(make_context, rules, text):
    """Lines of a menu (each the next line's sibling, no paragraph after them) and a line
    a sentence wraps onto are not headings: no line of business."""
    made, _, _ = _read(make_context, rules, text)
    assert made == ()


def test_a_line_is_a_subject_of_figures_not_a_party_to_relations(analyse_text):
    """The whole pipeline keeps the line as a mention (an entity of the graph) and leaves
    it out of the relations the relation rules find."""
    doc = analyse_text(SIMPLIFIED)
    assert [m.name for m in doc._.kg_mentions if m.rule == "obs.line.heading"] == ["资金托管"]
    assert all("资金托管" not in (r.subject.name, r.object.name) for r in doc._.kg_relations)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "2024年，本行并购业务发生额320.5亿元，同比增长12.4%；银团业务发生额860亿元；"
            "票据贴现业务量1,200亿元。\n",
            ["并购业务", "银团业务"],
        ),
        (
            "2024年，本行併購業務發生額320.5億元，同比增長12.4%；銀團業務發生額860億元；"
            "票據貼現業務量1,200億元。\n",
            ["併購業務", "銀團業務"],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_clause_reporting_a_lines_flow_names_the_line(analyse_text, text, lines):
    """「并购业务发生额」: the line of business whose flow (发生额) the clause reports is
    the figure's subject and the metric the flow; its growth is the line's too. A volume
    (票据贴现业务量) stays the bank's metric."""
    doc = analyse_text(text)
    assert [m.text for m in doc._.kg_mentions if m.rule == "obs.line.flow"] == lines
    assert figure_rows(doc._.kg_observations) == [
        (lines[0], "发生额", "32050000000", "元", "2024-12-31", "level", "obs.subject.clause"),
        (lines[0], "发生额", "12.4", "%", "2024-12-31", "growthRate", "obs.subject.carried"),
        (lines[1], "发生额", "86000000000", "元", "2024-12-31", "level", "obs.subject.clause"),
        (
            None,
            "票据贴现业务量",
            "120000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.sentence_topic",
        ),
    ]


LOAN_TABLE = {
    "simplified": (
        "贷款业务关键指标\n（货币单位：人民币百万元）\n项目\n\n2024 年 12 月 31 日\n\n"
        "2023 年 12 月 31 日\n\n本年末比上年末增减\n\n"
        "个人贷款余额\n\n820,000\n\n790,000\n\n3.8%\n\n其中：个人住房贷款余额\n\n410,500\n\n"
        "398,000\n\n3.1%\n\n汽车消费贷款余额\n\n96,200\n\n104,000\n\n(7.5%)\n\n"
        "2024 年末，本行零售信贷结构持续优化，制造业贷款余额1,200亿元。\n"
    ),
    "traditional": (
        "貸款業務關鍵指標\n（貨幣單位：人民幣百萬元）\n項目\n\n2024 年 12 月 31 日\n\n"
        "2023 年 12 月 31 日\n\n本年末比上年末增減\n\n"
        "個人貸款餘額\n\n820,000\n\n790,000\n\n3.8%\n\n其中：個人住房貸款餘額\n\n410,500\n\n"
        "398,000\n\n3.1%\n\n汽車消費貸款餘額\n\n96,200\n\n104,000\n\n(7.5%)\n\n"
        "2024 年末，本行零售信貸結構持續優化，製造業貸款餘額1,200億元。\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_table_row_naming_a_kind_of_loan_is_that_lines(analyse_text, script):
    """A table that breaks the loan book down row by row: 「其中：个人住房贷款余额」 and
    「汽车消费贷款余额」 name lines (obs.line.row) whose figures are theirs (余额, its
    change); 「个人贷款余额」 is the whole book, the bank's. In prose a loan book stays
    the bank's metric (制造业贷款余额). The names inside the table do not let its
    percentages leak out as prose figures."""
    text = LOAN_TABLE[script]
    doc = analyse_text(text)
    housing, car = ("个人住房贷款", "汽车消费贷款")
    if script == "traditional":
        housing, car = ("個人住房貸款", "汽車消費貸款")
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule, m.span.quote) for m in made] == [
        (housing, "个人住房贷款", "Product", "obs.line.row", housing),
        (car, "汽车消费贷款", "Product", "obs.line.row", car),
    ]
    y, p = "2024-12-31", "2023-12-31"
    bank, named = "obs.subject.table_bank", "obs.subject.table_metric_name"
    assert figure_rows(doc._.kg_observations, extra="direction") == [
        (None, "个人贷款余额", "820000000000", "元", y, "level", None, bank),
        (None, "个人贷款余额", "790000000000", "元", p, "level", None, bank),
        (None, "个人贷款余额", "3.8", "%", y, "growthRate", "增长", bank),
        (housing, "余额", "410500000000", "元", y, "level", None, named),
        (housing, "余额", "398000000000", "元", p, "level", None, named),
        (housing, "余额", "3.1", "%", y, "growthRate", "增长", named),
        (car, "余额", "96200000000", "元", y, "level", None, named),
        (car, "余额", "104000000000", "元", p, "level", None, named),
        (car, "余额", "7.5", "%", y, "growthRate", "下降", named),
        (
            None,
            "制造业贷款余额",
            "120000000000",
            "元",
            y,
            "level",
            None,
            "obs.subject.sentence_topic",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "card", "figures"),
    [
        (
            "2024年，本行支持县域消费；乡村振兴借记卡发卡 4.2 万张，累计发卡 18.5 万张。"
            "全年新增借记卡发卡120万张。\n",
            "乡村振兴借记卡",
            [
                ("乡村振兴借记卡", "发卡量", "42000", "obs.subject.clause"),
                ("乡村振兴借记卡", "累计发卡量", "185000", "obs.subject.carried"),
                (None, "发卡量", "1200000", "obs.subject.bank"),
            ],
        ),
        (
            "2024年，本行支持縣域消費；鄉村振興借記卡發卡 4.2 萬張，累計發卡 18.5 萬張。"
            "全年新增借記卡發卡120萬張。\n",
            "鄉村振興借記卡",
            [
                ("鄉村振興借記卡", "发卡量", "42000", "obs.subject.clause"),
                ("鄉村振興借記卡", "累计发卡量", "185000", "obs.subject.carried"),
                (None, "发卡量", "1200000", "obs.subject.bank"),
            ],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_clause_counting_a_cards_issue_names_the_card(analyse_text, text, card, figures):
    """「乡村振兴借记卡发卡4.2万张」: the card the clause opens with and counts the issue of
    is a Product (obs.line.card) over the words the entity stage found inside it (乡村振兴,
    借记卡), and the subject of the count and of the cumulated count after it. A clause
    opening with a verb (全年新增借记卡发卡) names no card."""
    doc = analyse_text(text)
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule) for m in made] == [
        (card, "乡村振兴借记卡", "Product", "obs.line.card")
    ]
    assert figure_rows(doc._.kg_observations) == [
        (s, m, v, "张", "2024-12-31", "level", r) for s, m, v, r in figures
    ]


@pytest.mark.parametrize(
    ("text", "system"),
    [
        (
            "2024年，本行智能反欺诈监测系统监控交易超过120亿笔，成功拦截可疑交易3.1万笔，"
            "同比增长45%。本行关键业务系统可用率保持在99.99%以上。\n",
            "智能反欺诈监测系统",
        ),
        (
            "2024年，本行智能反欺詐監測系統監控交易超過120億筆，成功攔截可疑交易3.1萬筆，"
            "同比增長45%。本行關鍵業務系統可用率保持在99.99%以上。\n",
            "智能反欺詐監測系統",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_clause_opening_with_a_systems_name_reports_the_systems_figures(
    analyse_text, text, system
):
    """「本行某某监测系统监控交易超过120亿笔」: the system the clause opens with (after the
    bank's own word) and goes straight on from is a Product (obs.line.system), the
    subject of its figures and of those the sentence carries on with. A class of systems
    (关键业务系统) names none: its rate stays the bank's."""
    doc = analyse_text(text)
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule) for m in made] == [
        (system, "智能反欺诈监测系统", "Product", "obs.line.system")
    ]
    y = "2024-12-31"
    assert figure_rows(doc._.kg_observations, extra="qualifier") == [
        (system, "监控交易笔数", "12000000000", "笔", y, "level", "超", "obs.subject.clause"),
        (system, "拦截可疑交易笔数", "31000", "笔", y, "level", None, "obs.subject.carried"),
        (system, "拦截可疑交易笔数", "45", "%", y, "growthRate", None, "obs.subject.carried"),
        (None, "关键业务系统可用率", "99.99", "%", y, "level", "以上", "obs.subject.own_clause"),
    ]


KIND_TABLE = {
    "simplified": (
        "零售贷款构成\n（人民币百万元，百分比除外）\n项目\n\n2024年12月31日\n\n"
        "2023年12月31日\n\n金额\n\n占总额百分比(%)\n\n金额\n\n占总额百分比(%)\n\n"
        "个人住房贷款\n\n512,300\n\n61.20\n\n498,100\n\n63.05\n\n"
        "汽车消费贷款\n\n88,400\n\n10.56\n\n80,020\n\n10.13\n\n"
        "2024年末，本行零售贷款稳步增长。\n"
    ),
    "traditional": (
        "零售貸款構成\n（人民幣百萬元，百分比除外）\n項目\n\n2024年12月31日\n\n"
        "2023年12月31日\n\n金額\n\n佔總額百分比(%)\n\n金額\n\n佔總額百分比(%)\n\n"
        "個人住房貸款\n\n512,300\n\n61.20\n\n498,100\n\n63.05\n\n"
        "汽車消費貸款\n\n88,400\n\n10.56\n\n80,020\n\n10.13\n\n"
        "2024年末，本行零售貸款穩步增長。\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_table_of_loan_kinds_without_a_measure_names_each_kind(analyse_text, script):
    """A grid that breaks loans down by kind, one kind a row with no measure of its own,
    over 金额 and 占总额百分比 columns: each kind is a line (obs.line.row) whose cells are
    its own (金额 as the header prints it, not the title's topic 零售贷款, and its share
    of the total)."""
    text = KIND_TABLE[script]
    doc = analyse_text(text)
    housing, car = ("个人住房贷款", "汽车消费贷款")
    if script == "traditional":
        housing, car = ("個人住房貸款", "汽車消費貸款")
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule) for m in made] == [
        (housing, "个人住房贷款", "Product", "obs.line.row"),
        (car, "汽车消费贷款", "Product", "obs.line.row"),
    ]
    y, p = "2024-12-31", "2023-12-31"
    row, amount, share = "obs.subject.table_row", "金额", "占总额百分比"
    assert figure_rows(doc._.kg_observations) == [
        (housing, amount, "512300000000", "元", y, "level", row),
        (housing, share, "61.2", "%", y, "share", row),
        (housing, amount, "498100000000", "元", p, "level", row),
        (housing, share, "63.05", "%", p, "share", row),
        (car, amount, "88400000000", "元", y, "level", row),
        (car, share, "10.56", "%", y, "share", row),
        (car, amount, "80020000000", "元", p, "level", row),
        (car, share, "10.13", "%", p, "share", row),
    ]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "本行聚焦智能制造、生物医药、新材料三大新兴产业，加大中长期资金支持。"
            "2024年，三大新兴产业贷款余额1,250亿元，较上年末增长18.2%。\n",
            "三大新兴产业",
        ),
        (
            "本行聚焦智能製造、生物醫藥、新材料三大新興產業，加大中長期資金支持。"
            "2024年，三大新興產業貸款餘額1,250億元，較上年末增長18.2%。\n",
            "三大新興產業",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_numbered_group_the_text_lists_is_the_subject_of_its_figures(analyse_text, text, group):
    """「甲、乙、丙三大新兴产业」 defines a group by listing as many members as its numeral
    says (obs.line.group); a metric that opens with the group's name later is the group's
    (贷款余额, and the growth after it)."""
    doc = analyse_text(text)
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule) for m in made] == [
        (group, "三大新兴产业", "CustomerSegment", "obs.line.group"),
    ]
    y = "2024-12-31"
    assert figure_rows(doc._.kg_observations) == [
        (group, "贷款余额", "125000000000", "元", y, "level", "obs.subject.metric_name"),
        (group, "贷款余额", "18.2", "%", y, "growthRate", "obs.subject.metric_name"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本行聚焦智能制造、生物医药三大新兴产业。2024年，三大新兴产业贷款余额1,250亿元。\n",
        "本行聚焦智能製造、生物醫藥三大新興產業。2024年，三大新興產業貸款餘額1,250億元。\n",
    ],
    ids=["simplified", "traditional"],
)
def test_a_numbered_group_whose_list_does_not_count_up_names_nothing(analyse_text, text):
    """Two members before 「三大……」: the list is not the group's, no group is named and
    the figure stays the bank's metric."""
    doc = analyse_text(text)
    assert [m for m in doc._.kg_mentions if m.rule == "obs.line.group"] == []
    assert [(o.subject, o.metric) for o in doc._.kg_observations] == [
        (None, "三大新兴产业贷款余额")
    ]


GRADE_TABLE = {
    "simplified": (
        "（货币单位：人民币百万元）\n项目\n\n2024年12月31日\n\n"
        "2023年12月31日\n\n余额\n\n占比(%)\n\n余额\n\n占比(%)\n\n"
        "正常贷款\n\n820,500\n\n97.20\n\n790,100\n\n97.05\n\n"
        "关注贷款\n\n14,300\n\n1.69\n\n14,020\n\n1.72\n\n"
        "不良贷款\n\n9,370\n\n1.11\n\n10,010\n\n1.23\n\n"
        "2024年末，本行资产质量保持稳定。\n"
    ),
    "traditional": (
        "（貨幣單位：人民幣百萬元）\n項目\n\n2024年12月31日\n\n"
        "2023年12月31日\n\n餘額\n\n佔比(%)\n\n餘額\n\n佔比(%)\n\n"
        "正常貸款\n\n820,500\n\n97.20\n\n790,100\n\n97.05\n\n"
        "關注貸款\n\n14,300\n\n1.69\n\n14,020\n\n1.72\n\n"
        "不良貸款\n\n9,370\n\n1.11\n\n10,010\n\n1.23\n\n"
        "2024年末，本行資產質量保持穩定。\n"
    ),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_grades_of_a_loan_classification_table_are_no_lines(analyse_text, script):
    """A table of the five-category classification breaks the book down by quality, not
    by line of business: 正常贷款, 关注贷款, 不良贷款 name no line, and their cells stay
    the bank's metrics."""
    doc = analyse_text(GRADE_TABLE[script])
    assert [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")] == []
    rows = figure_rows(doc._.kg_observations)
    assert {r[0] for r in rows} == {None}
    assert [r[1:6] for r in rows[:2]] == [
        ("正常贷款余额", "820500000000", "元", "2024-12-31", "level"),
        ("正常贷款余额占比", "97.2", "%", "2024-12-31", "share"),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "2024年，本行碳中和债券、蓝色债券及其他绿色类债券承销规模860亿元，同比增长12.0%。"
            "代理保险、代销基金及其他中间业务收入52亿元。\n",
            "绿色类债券",
        ),
        (
            "2024年，本行碳中和債券、藍色債券及其他綠色類債券承銷規模860億元，同比增長12.0%。"
            "代理保險、代銷基金及其他中間業務收入52億元。\n",
            "綠色類債券",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_list_closed_by_the_class_of_its_members_names_the_class(analyse_text, text, name):
    """「A债券、B债券及其他某类债券承销规模……」: the list's members share the head 债券 and
    the words after 及其他 up to it name their class (obs.line.class), whose figures
    they are (承销规模 and its growth); members with no shared head name no class, and
    the metric is what follows 及其他 (中间业务收入)."""
    doc = analyse_text(text)
    made = [m for m in doc._.kg_mentions if m.rule.startswith("obs.line.")]
    assert [(m.text, m.name, m.kind, m.rule) for m in made] == [
        (name, "绿色类债券", "Product", "obs.line.class")
    ]
    y, named = "2024-12-31", "obs.subject.metric_name"
    assert figure_rows(doc._.kg_observations) == [
        (name, "承销规模", "86000000000", "元", y, "level", named),
        (name, "承销规模", "12", "%", y, "growthRate", named),
        (None, "中间业务收入", "5200000000", "元", y, "level", "obs.subject.bank"),
    ]


def _group_pattern(heads: str = "行业|产业|產業") -> re.Pattern[str]:
    from kg.figures.lines import _MEMBERS, NUMERALS

    return re.compile(
        rf"(?P<members>{_MEMBERS})"
        rf"(?P<name>(?P<n>[{''.join(NUMERALS)}])大[\u4e00-\u9fff]{{0,4}}?(?:{heads}))"
    )


@pytest.mark.parametrize(
    "text",
    [
        "重点支持甲乙、丙丁、戊己三大新兴行业，以及庚辛、壬癸两大产业。",
        "重點支持甲乙、丙丁、戊己三大新興產業，以及庚辛、壬癸兩大產業。",
        "三大行业、四大、、五大产业甲、乙三大三大行业",
        "没有编号的句子",
        "",
    ],
)
def test_group_matches_are_the_scans(text):
    """The numbered-group pattern tried only before a numeral and 大 finds what its scan
    over the whole range finds, from any start of the range."""
    from kg.figures.lines import _group_matches

    pattern = _group_pattern()
    for lo in range(len(text) + 1):
        for hi in (len(text), max(lo, len(text) - 3)):
            expected = [m.span() for m in pattern.finditer(text, lo, hi)]
            assert [m.span() for m in _group_matches(pattern, text, lo, hi)] == expected


@given(st.text(alphabet="甲乙丙、三两大行业产新", max_size=40))
def test_group_matches_of_random_texts(text):
    from kg.figures.lines import _group_matches

    pattern = _group_pattern()
    expected = [m.span() for m in pattern.finditer(text, 0, len(text))]
    assert [m.span() for m in _group_matches(pattern, text, 0, len(text))] == expected


@given(st.text(alphabet="绿色债券、小微及和以其他它類", max_size=40))
def test_every_class_after_a_list_holds_its_cue(text):
    """A text without 及其他 (和其他, 及其它 …) has no class after a list: the family
    looks for the cue first. Every match holds one."""
    from kg.figures.lines import CLASS_AFTER_LIST, CLASS_CUE

    for m in CLASS_AFTER_LIST.finditer(text):
        assert CLASS_CUE.search(m.group(0))
    if CLASS_CUE.search(text) is None:
        assert CLASS_AFTER_LIST.search(text) is None


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_the_mentions_bounds_are_made_once_for_the_finders(make_context, text):
    """The view bounds of a document's mentions are made once for all the finders that
    ask for them (the same object back for the same context and mentions), and again for
    other mentions or another context: each time every mention's own bounds."""
    from kg.entities import load_rules as entity_rules
    from kg.entities import recognize
    from kg.figures.lines import _covered

    ctx = make_context(text, reference_date=date(2024, 12, 31))
    mentions = recognize(ctx, entity_rules())[0]
    assert len(mentions) >= 3
    first = _covered(ctx, mentions)
    assert first == tuple(ctx.view_bounds(m.span) for m in mentions)
    assert _covered(ctx, mentions) is first
    fewer = mentions[1:]
    assert _covered(ctx, fewer) == first[1:]
    other = make_context(text + "\n", reference_date=date(2024, 12, 31))
    assert _covered(other, fewer) is not _covered(ctx, fewer)
