"""The subject chain (kg/figures/subject.py): named, registered steps run in the order of
the rule table, the winning step recorded on each figure."""

from dataclasses import replace
from datetime import date

import pytest
from conftest import figure_rows

from kg.figures import extract, load_rules
from kg.figures.rules import SubjectStep
from kg.figures.subject import SUBJECT_STEPS, _subject_chain, subject_step
from kg.grammar import RuleTableError
from kg.models import Mention, Span


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _figures(make_context, rules, text, names):
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    built = []
    for surface, kind in names:
        start = text.index(surface)
        span = Span(ctx.document.name, start, start + len(surface), surface)
        built.append(Mention(surface, surface, kind, span, 0, "test"))
    return [
        (o.subject.name if o.subject else None, o.metric, o.subject_rule)
        for o in extract(ctx, tuple(built), rules)
    ]


def test_the_subject_chain_is_data_in_order_ending_with_the_bank(rules):
    steps = [s.step for s in rules.subject_chain]
    assert steps[0] == "list_item" and steps[-1] == "bank"
    assert steps.index("clause") < steps.index("carried") < steps.index("sentence_topic")
    assert steps.index("sentence_topic") < steps.index("paragraph_topic")
    assert set(steps) == set(SUBJECT_STEPS)
    assert len({s.id for s in rules.subject_chain}) == len(steps)


def test_an_unknown_subject_step_is_a_load_error():

    with pytest.raises(RuleTableError, match="unknown step"):
        _subject_chain(
            [{"id": "obs.subject.x", "step": "no_such_step"}, {"id": "b", "step": "bank"}]
        )
    with pytest.raises(RuleTableError, match="must be bank"):
        _subject_chain([{"id": "obs.subject.clause", "step": "clause"}])


def test_every_step_is_registered_by_name_and_a_name_only_once():
    assert all(callable(step) for step in SUBJECT_STEPS.values())
    assert SUBJECT_STEPS["bank"].__name__ == "_step_bank"
    with pytest.raises(ValueError, match="registered twice"):
        subject_step("bank")(lambda case: None)
    assert SUBJECT_STEPS["bank"].__name__ == "_step_bank"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("2024年末，“薪易贷”贷款余额38.5亿元，“惠农贷”贷款余额12亿元。", "薪易贷", "惠农贷"),
        ("2024年末，「薪易貸」貸款餘額38.5億元，「惠農貸」貸款餘額12億元。", "薪易貸", "惠農貸"),
    ],
    ids=["simplified", "traditional"],
)
def test_the_steps_run_in_the_order_of_the_table(make_context, rules, text, first, second):
    """The same text read with the chain of the rule table, with carried moved before
    clause, and with the bank alone: each figure's subject and recorded step follow the
    chain given."""
    names = [(first, "Product"), (second, "Product")]
    assert _figures(make_context, rules, text, names) == [
        (first, "贷款余额", "obs.subject.clause"),
        (second, "贷款余额", "obs.subject.clause"),
    ]
    chain = {s.step: s for s in rules.subject_chain}
    swapped = replace(rules, subject_chain=(chain["carried"], chain["clause"], chain["bank"]))
    # nothing is carried into the first figure; the second takes the first one's subject
    assert _figures(make_context, swapped, text, names) == [
        (first, "贷款余额", "obs.subject.clause"),
        (first, "贷款余额", "obs.subject.carried"),
    ]
    bank_only = replace(rules, subject_chain=(SubjectStep("obs.subject.bank", "bank"),))
    assert _figures(make_context, bank_only, text, names) == [
        (None, "贷款余额", "obs.subject.bank"),
        (None, "贷款余额", "obs.subject.bank"),
    ]


def _observed(make_context, rules, text, names):
    """Every column of the figures of ``text``, with mentions built at the FIRST printing
    of each (surface, normalised name, kind): later printings are no mention."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    built = []
    for surface, name, kind in names:
        start = text.index(surface)
        span = Span(ctx.document.name, start, start + len(surface), surface)
        built.append(Mention(surface, name, kind, span, 0, "test"))
    return figure_rows(extract(ctx, tuple(built), rules), subject="name")


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        (
            "本行面向机构客户和个人客户推出星河通。2024年末对公客户数12.5万户，较上年末增长3.1%；"
            "个人客户线上交易占比达92%；机构客户存款余额860亿元。",
            "机构客户",
        ),
        (
            "本行面向機構客戶和個人客戶推出星河通。2024年末對公客戶數12.5萬戶，較上年末增長3.1%；"
            "個人客戶線上交易佔比達92%；機構客戶存款餘額860億元。",
            "機構客戶",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_the_count_of_a_class_of_customers_is_the_banks(analyse_text, text, segment):
    """A class every bank sorts all its customers into (对公客户, 个人客户), named by the
    document as a segment, is counted as the bank's own metric (对公客户数 and its growth,
    the share of its online deals); what else is measured of the class (机构客户存款余额)
    is the class's."""
    doc = analyse_text(text)
    assert figure_rows(doc._.kg_observations) == [
        (None, "对公客户数", "125000", "户", "2024-12-31", "level", "obs.subject.bank"),
        (None, "对公客户数", "3.1", "%", "2024-12-31", "growthRate", "obs.subject.bank"),
        (None, "个人客户线上交易占比", "92", "%", "2024-12-31", "share", "obs.subject.bank"),
        (segment, "存款余额", "86000000000", "元", "2024-12-31", "level", "obs.subject.clause"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "本行升级“安薪通”平台，并推出“惠农贷”。2024年末，安薪通签约企业数1,250户，"
            "较上年末增长20.5%；惠农贷余额38.6亿元，惠农贷客户覆盖率42.0%。",
            [("安薪通", "安薪通", "Product"), ("惠农贷", "惠农贷", "Product")],
        ),
        (
            "本行升級「安薪通」平台，並推出「惠農貸」。2024年末，安薪通簽約企業數1,250戶，"
            "較上年末增長20.5%；惠農貸餘額38.6億元，惠農貸客戶覆蓋率42.0%。",
            [("安薪通", "安薪通", "Product"), ("惠農貸", "惠农贷", "Product")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_metric_opening_with_a_name_the_document_gives_is_about_that_thing(
    make_context, rules, text, names
):
    """「安薪通签约企业数」 where the document names 安薪通 elsewhere: 安薪通's 签约企业数,
    and the growth after it is 安薪通's too; a rate over a population (惠农贷客户覆盖率: the
    reach of 惠农贷 among the bank's customers) keeps the name in its metric and is the
    bank's, as nothing else names its subject."""
    assert _observed(make_context, rules, text, names) == [
        ("安薪通", "签约企业数", "1250", "户", "2024-12-31", "level", "obs.subject.metric_name"),
        (
            "安薪通",
            "签约企业数",
            "20.5",
            "%",
            "2024-12-31",
            "growthRate",
            "obs.subject.metric_name",
        ),
        ("惠农贷", "余额", "3860000000", "元", "2024-12-31", "level", "obs.subject.metric_name"),
        (None, "惠农贷客户覆盖率", "42", "%", "2024-12-31", "level", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "本行推出“惠农贷”与“安薪通”。2024年末，“惠农贷”余额38.6亿元，较上年末增长12.0%，"
            "安薪通签约企业数1,250户。",
            [("惠农贷", "惠农贷", "Product"), ("安薪通", "安薪通", "Product")],
        ),
        (
            "本行推出「惠農貸」與「安薪通」。2024年末，「惠農貸」餘額38.6億元，較上年末增長12.0%，"
            "安薪通簽約企業數1,250戶。",
            [("惠農貸", "惠农贷", "Product"), ("安薪通", "安薪通", "Product")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_carried_subject_does_not_cross_a_name_the_metric_opens_with(
    make_context, rules, text, names
):
    """The subject of the first clause carries to the growth after it, but not over a
    clause whose metric opens with another name the document gives (a new topic)."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    (loan, loan_name, kind), (payroll, payroll_name, _) = names
    # 惠农贷 is a mention at both printings, 安薪通 only where it is launched
    at = [
        (loan, loan_name, text.index(loan)),
        (payroll, payroll_name, text.index(payroll)),
        (loan, loan_name, text.index(loan, text.index(loan) + 1)),
    ]
    built = [
        Mention(s, n, kind, Span(ctx.document.name, i, i + len(s), s), 0, "test") for s, n, i in at
    ]
    assert figure_rows(extract(ctx, tuple(built), rules), subject="name") == [
        ("惠农贷", "余额", "3860000000", "元", "2024-12-31", "level", "obs.subject.clause"),
        ("惠农贷", "余额", "12", "%", "2024-12-31", "growthRate", "obs.subject.carried"),
        ("安薪通", "签约企业数", "1250", "户", "2024-12-31", "level", "obs.subject.metric_name"),
    ]


@pytest.mark.parametrize(
    ("text", "branch"),
    [
        (
            "温州分行\n截至2024年末，温州工行资产总额达1,280亿元，较上年末增长6.5%；"
            "分行共有员工1,150人，分行各项存款余额960亿元。",
            "温州分行",
        ),
        (
            "溫州分行\n截至2024年末，溫州工行資產總額達1,280億元，較上年末增長6.5%；"
            "分行共有員工1,150人，分行各項存款餘額960億元。",
            "溫州分行",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_branch_metric_drops_the_name_the_branch_goes_by(make_context, rules, text, branch):
    """In a branch's section, 「温州工行」 (a place and the bank's own name) and 「分行」
    name the branch: they and a verb of having after them leave the metric, and the
    growth after the level carries the short metric."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    span = Span(ctx.document.name, 0, len(branch), branch)
    heading = Mention(branch, "温州分行", "Branch", span, 0, "test")
    assert figure_rows(extract(ctx, (heading,), rules), subject="name") == [
        (
            "温州分行",
            "资产总额",
            "128000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.section_heading",
        ),
        (
            "温州分行",
            "资产总额",
            "6.5",
            "%",
            "2024-12-31",
            "growthRate",
            "obs.subject.section_heading",
        ),
        ("温州分行", "员工数", "1150", "人", "2024-12-31", "level", "obs.subject.section_self"),
        (
            "温州分行",
            "各项存款余额",
            "96000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.section_self",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        (
            "2024年末，绿色企业客户数1,200户，绿色企业贷款余额86亿元，较上年末增长15.2%。",
            "绿色企业客户",
        ),
        (
            "2024年末，綠色企業客戶數1,200戶，綠色企業貸款餘額86億元，較上年末增長15.2%。",
            "綠色企業客戶",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_metric_does_not_repeat_its_subject(make_context, rules, text, segment):
    """The group the sentence opens with is the subject of the clauses after it; a metric
    that opens with most of the group's name (绿色企业 of 绿色企业客户) drops those words,
    and the growth after it carries the short metric."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    start = text.index(segment)
    span = Span(ctx.document.name, start, start + len(segment), segment)
    group = Mention(segment, "绿色企业客户", "CustomerSegment", span, 0, "test")
    assert figure_rows(extract(ctx, (group,), rules), subject="name") == [
        ("绿色企业客户", "客户数", "1200", "户", "2024-12-31", "level", "obs.subject.clause"),
        (
            "绿色企业客户",
            "贷款余额",
            "8600000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.carried",
        ),
        (
            "绿色企业客户",
            "贷款余额",
            "15.2",
            "%",
            "2024-12-31",
            "growthRate",
            "obs.subject.carried",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "2024年，本行持续推广薪享宝，与甲科技、乙支付等80余家平台开展合作。",
            [("薪享宝", "Product"), ("甲科技", "Organization"), ("乙支付", "Organization")],
            [(None, "平台数", "obs.subject.bank")],
        ),
        (
            "2024年，本行持續推廣薪享寶，與甲科技、乙支付等80餘家平台開展合作。",
            [("薪享寶", "Product"), ("甲科技", "Organization"), ("乙支付", "Organization")],
            [(None, "平台数", "obs.subject.bank")],
        ),
    ],
    ids=["with-partners", "with-partners-traditional"],
)
def test_names_after_a_preposition_are_no_subject(make_context, rules, text, names, expected):
    """The names a preposition governs (与……合作, 为……提供) are its objects, not the
    subject of the clause: the figure goes on down the chain (here to the bank)."""
    found = _figures(make_context, rules, text, names)
    assert [(s, m, r) for s, m, r in found] == expected


@pytest.mark.parametrize(
    ("text", "at", "marked"),
    [
        ("与甲科技", 1, True),
        ("向甲科技", 1, True),
        ("携手“甲科技”", 3, True),
        ("成为甲科技", 2, False),
    ],
    ids=["yu", "xiang", "quoted", "cheng-wei-is-a-verb"],
)
def test_a_preposition_is_told_from_the_end_of_a_verb(rules, text, at, marked):
    from kg.figures.clause import _object_marked

    assert _object_marked(text, at, rules.object_markers) is marked


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "2024年，薪享宝在重点客群中持续渗透，代发工资客户渗透率达到61.5%，"
            "信用卡客户渗透率达到48.2%。",
            [("薪享宝", "Product"), ("代发工资客户", "CustomerSegment"), ("信用卡", "Product")],
        ),
        (
            "2024年，薪享寶在重點客群中持續滲透，代發工資客戶滲透率達到61.5%，"
            "信用卡客戶滲透率達到48.2%。",
            [("薪享寶", "Product"), ("代發工資客戶", "CustomerSegment"), ("信用卡", "Product")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_name_before_a_population_rate_is_the_population_not_the_subject(
    make_context, rules, text, names
):
    """「代发工资客户渗透率」, 「信用卡客户渗透率」: the names are the populations the rate is
    taken over, so the figure is the sentence topic's (薪享宝), the metric keeps them, and
    neither becomes the topic of the clauses after it."""
    found = _figures(make_context, rules, text, names)
    product = names[0][0]
    assert found == [
        (product, "代发工资客户渗透率", "obs.subject.sentence_topic"),
        (product, "信用卡客户渗透率", "obs.subject.sentence_topic"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "南湖分行是华兴银行8家直属分行之一，2024年末员工1,200人。",
            [("华兴银行", "华兴银行", "Bank"), ("南湖分行", "南湖分行", "Branch")],
        ),
        (
            "南湖分行是華興銀行8家直屬分行之一，2024年末員工1,200人。",
            [("華興銀行", "华兴银行", "Bank"), ("南湖分行", "南湖分行", "Branch")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_count_of_which_a_unit_is_one_is_the_owner_s(make_context, rules, text, names):
    """「A是B 8家直属分行之一」: B (here the document's own bank) has 8 直属分行; the
    clause's opening name A is only one of them, and stays the subject of what follows."""
    ctx = make_context(text, reference_date=date(2024, 12, 31), bank="华兴银行")
    built = []
    for surface, name, kind in names:
        start = text.index(surface)
        span = Span(ctx.document.name, start, start + len(surface), surface)
        built.append(Mention(surface, name, kind, span, 0, "test"))
    got = [
        (o.subject.name if o.subject else None, o.metric, str(o.value), o.unit, o.subject_rule)
        for o in extract(ctx, tuple(built), rules)
    ]
    assert got == [
        (None, "直属分行数", "8", "家", "obs.subject.one_of"),
        ("南湖分行", "员工数", "1200", "人", "obs.subject.carried"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2024年末，其中甲类贷款766.29亿元，平均抵押率44.6%；乙类贷款1,685.90亿元，平均抵押率51.5%。",
        "2024年末，其中甲類貸款766.29億元，平均抵押率44.6%；乙類貸款1,685.90億元，平均抵押率51.5%。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_rate_two_sentences_give_the_bank_is_told_apart_by_their_amounts(
    make_context, rules, text
):
    """Two rates of the bank with one name and two values would be one figure with two
    values, held back for review; the amount each clause run opens with tells them apart."""
    assert _observed(make_context, rules, text, []) == [
        (None, "甲类贷款", "76629000000", "元", "2024-12-31", "level", "obs.subject.bank"),
        (None, "甲类贷款平均抵押率", "44.6", "%", "2024-12-31", "level", "obs.subject.bank"),
        (None, "乙类贷款", "168590000000", "元", "2024-12-31", "level", "obs.subject.bank"),
        (None, "乙类贷款平均抵押率", "51.5", "%", "2024-12-31", "level", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "3.3.5 华兴理财基本情况\n本行的全资子公司华兴理财于2020年8月开业。"
            "开业以来至2024年末，累计为客户创造超1,000亿元收益。",
            [("华兴理财", "华兴理财", "Subsidiary")],
        ),
        (
            "3.3.5 華興理財基本情況\n本行的全資子公司華興理財於2020年8月開業。"
            "開業以來至2024年末，累計為客戶創造超1,000億元收益。",
            [("華興理財", "华兴理财", "Subsidiary")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_section_numbered_with_dots_is_headed_by_the_unit_it_names(
    make_context, rules, text, names
):
    """「3.3.5 某某理财基本情况」 heads a subsidiary's section: its figures are the
    subsidiary's; the money noun after the amount (收益) completes what the words before it
    only say was done (为客户创造)."""
    assert _observed(make_context, rules, text, names) == [
        (
            "华兴理财",
            "客户创造收益",
            "100000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.section_heading",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "本行依托“慧眼模型”提升审核效率，年末该模型覆盖率约77.5%；"
            "在广州、杭州等12家分行设立科创中心。",
            [
                ("慧眼模型", "慧眼模型", "Product"),
                ("广州", "广州分行", "Branch"),
                ("杭州", "杭州分行", "Branch"),
            ],
        ),
        (
            "本行依託「慧眼模型」提升審核效率，年末該模型覆蓋率約77.5%；"
            "在廣州、杭州等12家分行設立科創中心。",
            [
                ("慧眼模型", "慧眼模型", "Product"),
                ("廣州", "广州分行", "Branch"),
                ("杭州", "杭州分行", "Branch"),
            ],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_an_anaphor_after_a_date_and_names_given_as_examples_of_a_count(
    make_context, rules, text, names
):
    """「年末该模型覆盖率」: the date before 该模型 does not hide the anaphor, the model named
    before is the subject; 「广州、杭州等12家分行」: the names are examples of the branches
    counted, not the subject of the count, and the clause they open ends the topic before
    it (the bank's, 本行)."""
    assert _observed(make_context, rules, text, names) == [
        ("慧眼模型", "覆盖率", "77.5", "%", "2024-12-31", "level", "obs.subject.anaphor"),
        (None, "分行数", "12", "家", "2024-12-31", "level", "obs.subject.sentence_topic"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "根据某杂志对全球企业上一年度营业总收入排名结果，甲公司以5240亿美元蝉联榜首，"
            "乙公司、丙公司分别以4070亿美元和3839亿美元位列其后。",
            [
                ("甲公司", "甲公司", "Organization"),
                ("乙公司", "乙公司", "Organization"),
                ("丙公司", "丙公司", "Organization"),
            ],
        ),
        (
            "根據某雜誌對全球企業上一年度營業總收入排名結果，甲公司以5240億美元蟬聯榜首，"
            "乙公司、丙公司分別以4070億美元和3839億美元位列其後。",
            [
                ("甲公司", "甲公司", "Organization"),
                ("乙公司", "乙公司", "Organization"),
                ("丙公司", "丙公司", "Organization"),
            ],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_an_amount_a_name_ranks_by_is_the_measure_of_the_ranking(make_context, rules, text, names):
    """「对……营业总收入排名……，甲公司以5240亿美元蝉联榜首」: the amount after 以 is the
    measure the ranking is by (营业总收入), for each name of a run after 分别 too."""
    assert _observed(make_context, rules, text, names) == [
        (
            "甲公司",
            "营业总收入",
            "524000000000",
            "美元",
            "2023-12-31",
            "level",
            "obs.subject.clause",
        ),
        (
            "乙公司",
            "营业总收入",
            "407000000000",
            "美元",
            "2023-12-31",
            "level",
            "obs.subject.list_item",
        ),
        (
            "丙公司",
            "营业总收入",
            "383900000000",
            "美元",
            "2023-12-31",
            "level",
            "obs.subject.list_item",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "本行升级“安心宝”系列活动，2024年末，在全国超1,500个商圈开展客群经营。",
            [("安心宝", "安心宝", "Product")],
        ),
        (
            "本行升級「安心寶」系列活動，2024年末，在全國超1,500個商圈開展客群經營。",
            [("安心寶", "安心宝", "Product")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_thing_the_sentence_upgrades_is_the_subject_of_what_follows(
    make_context, rules, text, names
):
    """「升级“某某”系列活动，……在全国超1,500个商圈开展……」: upgrading launches the thing
    anew; the count after it is that thing's."""
    assert _observed(make_context, rules, text, names) == [
        ("安心宝", "商圈数", "1500", "个", "2024-12-31", "level", "obs.subject.launched"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "2024年末，本行单户授信1,000万元及以下的小微企业（以下简称普惠型小微企业）"
            "贷款户数78.20万户。",
            [
                ("小微企业", "小微企业", "CustomerSegment"),
                ("普惠型小微企业", "普惠型小微企业", "CustomerSegment"),
            ],
        ),
        (
            "2024年末，本行單戶授信1,000萬元及以下的小微企業（以下簡稱普惠型小微企業）"
            "貸款戶數78.20萬戶。",
            [
                ("小微企業", "小微企业", "CustomerSegment"),
                ("普惠型小微企業", "普惠型小微企业", "CustomerSegment"),
            ],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_the_short_name_a_bracket_gives_is_the_subject(make_context, rules, text, names):
    """「小微企业（以下简称普惠型小微企业）贷款户数」: the bracket names the thing the metric's
    opening words stand for; the figure is 普惠型小微企业's 贷款户数."""
    assert _observed(make_context, rules, text, names) == [
        (
            "普惠型小微企业",
            "贷款户数",
            "782000",
            "户",
            "2024-12-31",
            "level",
            "obs.subject.metric_name",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "上半年，运营管理部持续推进网点转型。今年以来分2批召开分行视频会议，"
            "覆盖12家一级分行，收集有效建议40余条。截至6月末，我行智能网点达1,200家。\n"
            "供稿：运营管理部\n"
            "下半年，累计培训员工3,000人次。\n",
            "运营管理部",
        ),
        (
            "上半年，運營管理部持續推進網點轉型。今年以來分2批召開分行視頻會議，"
            "覆蓋12家一級分行，收集有效建議40餘條。截至6月末，我行智能網點達1,200家。\n"
            "供稿：運營管理部\n"
            "下半年，累計培訓員工3,000人次。\n",
            "運營管理部",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_the_unit_a_byline_credits_does_the_work_its_article_counts(analyse_text, text, unit):
    """An article that names its byline's unit before its figures: the figures no step gave
    a subject are the unit's work (meetings, branches reached, suggestions); 我行's figure
    stays the bank's, and a figure after the byline (the next article) is not the unit's."""
    doc = analyse_text(text)
    assert figure_rows(doc._.kg_observations) == [
        (unit, "数量", "2", "批", "2024-12-31", "level", "obs.subject.byline"),
        (unit, "一级分行数", "12", "家", "2024-12-31", "level", "obs.subject.byline"),
        (unit, "收集有效建议数", "40", "条", "2024-12-31", "level", "obs.subject.byline"),
        (None, "智能网点数", "1200", "家", "2024-06-30", "level", "obs.subject.own_clause"),
        (None, "培训员工人次", "3000", "人次", "2024-12-31", "level", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "branch"),
    [
        (
            "温州分行\n截至2024年末，本行各项存款余额960亿元。工商银行境外网络覆盖49个国家和地区，"
            "在全球49个国家和地区拥有420多家分支机构。工商银行温州分行在全市设立了80余家机构网点。\n",
            "温州分行",
        ),
        (
            "溫州分行\n截至2024年末，本行各項存款餘額960億元。工商銀行境外網絡覆蓋49個國家和地區，"
            "在全球49個國家和地區擁有420多家分支機構。工商銀行溫州分行在全市設立了80餘家機構網點。\n",
            "溫州分行",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_the_banks_proper_name_in_a_branch_profile_is_the_whole_bank(analyse_text, text, branch):
    """In a branch's section 本行 is the branch, but the bank's proper name opening a
    sentence (工商银行境外网络……) is the whole bank, for every clause of that sentence;
    the proper name heading a branch's name (工商银行温州分行) is the branch. A counted
    whole noun (国家和地区) ends at itself: 拥有 after it is no part of the metric."""
    doc = analyse_text(text)
    assert figure_rows(doc._.kg_observations) == [
        (
            branch,
            "存款余额",
            "96000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.section_self",
        ),
        (None, "国家和地区数", "49", "个", "2024-12-31", "level", "obs.subject.own_clause"),
        (None, "国家和地区数", "49", "个", "2024-12-31", "level", "obs.subject.section_self"),
        (None, "分支机构数", "420", "家", "2024-12-31", "level", "obs.subject.section_self"),
        (branch, "机构网点数", "80", "家", "2024-12-31", "level", "obs.subject.clause"),
    ]


@pytest.mark.parametrize(
    ("text", "app"),
    [
        (
            "星河银行App在各类重点客群中渗透率显著提升，截至6月末，信用卡客户渗透率达到80.5%。"
            "代发工资客户渗透率72.5%，新增客户渗透率达到61.2%。"
            "本行持续深耕代发业务。代发工资客户渗透率较年初提升3.1个百分点。",
            "星河银行App",
        ),
        (
            "星河銀行App在各類重點客群中滲透率顯著提升，截至6月末，信用卡客戶滲透率達到80.5%。"
            "代發工資客戶滲透率72.5%，新增客戶滲透率達到61.2%。"
            "本行持續深耕代發業務。代發工資客戶滲透率較年初提升3.1個百分點。",
            "星河銀行App",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_sentence_of_population_rates_goes_on_with_the_thing_measured_before(
    analyse_text, text, app
):
    """A sentence that opens with a group's rate (代发工资客户渗透率) measures the reach of
    the thing the sentence before was about (the app); after a sentence about the bank it
    stays the bank's."""
    doc = analyse_text(text)
    assert figure_rows(doc._.kg_observations) == [
        (app, "信用卡客户渗透率", "80.5", "%", "2024-06-30", "level", "obs.subject.sentence_topic"),
        (
            app,
            "代发工资客户渗透率",
            "72.5",
            "%",
            "2024-12-31",
            "level",
            "obs.subject.rate_continued",
        ),
        (app, "新增客户渗透率", "61.2", "%", "2024-12-31", "level", "obs.subject.rate_continued"),
        (None, "代发工资客户渗透率", "3.1", "百分点", "2024-12-31", "ppChange", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        (
            "本行持续深耕私人银行客户和代发客户经营。2024年末，时点达标私银客户9.8万户，"
            "较年初增加0.6万户；私银外汇客户1.2万户；新增代发客户3.5万户。\n",
            "私银客户",
        ),
        (
            "本行持續深耕私人銀行客戶和代發客戶經營。2024年末，時點達標私銀客戶9.8萬戶，"
            "較年初增加0.6萬戶；私銀外匯客戶1.2萬戶；新增代發客戶3.5萬戶。\n",
            "私銀客戶",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_segments_count_qualified_inside_or_before_its_name_is_the_segments(
    analyse_text, text, segment
):
    """「时点达标私银客户」, 「私银外汇客户」 where the document names 私银客户: a count of a
    part of the segment's customers, the qualifier before its name or inside it (after
    its stem 私银), is the segment's (step metric_name), the metric the qualified count;
    a verb before the name (新增代发客户) is the bank's act: the bank's metric."""
    doc = analyse_text(text)
    y = "2024-12-31"
    assert figure_rows(doc._.kg_observations) == [
        (segment, "时点达标客户数", "98000", "户", y, "level", "obs.subject.metric_name"),
        (segment, "时点达标客户数", "6000", "户", y, "change", "obs.subject.metric_name"),
        (segment, "外汇客户数", "12000", "户", y, "level", "obs.subject.metric_name"),
        (None, "新增代发客户数", "35000", "户", y, "level", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "branch"),
    [
        (
            "温州分行\n某某银行温州分行位于温州市。\n"
            "温州分行实行扁平化管理，截止2024年辖内温州分行全辖一级支行18个，对外营业网点达86个。\n",
            "温州分行",
        ),
        (
            "溫州分行\n某某銀行溫州分行位於溫州市。\n"
            "溫州分行實行扁平化管理，截止2024年轄內溫州分行全轄一級支行18個，對外營業網點達86個。\n",
            "溫州分行",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_branchs_own_name_inside_its_metric_ends_what_is_not_the_metric(
    analyse_text, text, branch
):
    """「截止2024年辖内温州分行全辖一级支行18个」: the branch's own name after only an opener
    and a word for its area (截止, 辖内) ends the words that are not the metric; the word
    for the branch itself after it (全辖) goes too: 一级支行数, the branch's."""
    doc = analyse_text(text)
    assert [
        (
            o.subject.text if o.subject else None,
            o.metric,
            str(o.value),
            o.unit,
            o.date.isoformat(),
            o.subject_rule,
        )
        for o in doc._.kg_observations
    ] == [
        (branch, "一级支行数", "18", "个", "2024-12-31", "obs.subject.sentence_topic"),
        (branch, "对外营业网点数", "86", "个", "2024-12-31", "obs.subject.sentence_topic"),
    ]


@pytest.mark.parametrize(
    ("text", "strategy"),
    [
        (
            "本行持续完善对公服务体系。\n绿色金融\n本行深化绿色金融服务，完善产品体系。"
            "2024年，本行绿色金融融资发生额860亿元，同比增长12.5%；绿色贷款余额1,200亿元。\n",
            "绿色金融",
        ),
        (
            "本行持續完善對公服務體系。\n綠色金融\n本行深化綠色金融服務，完善產品體系。"
            "2024年，本行綠色金融融資發生額860億元，同比增長12.5%；綠色貸款餘額1,200億元。\n",
            "綠色金融",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_strategy_a_heading_names_is_the_subject_of_a_metric_it_opens(
    analyse_text, text, strategy
):
    """A strategy is no figure's subject, but where a heading line of its own names it
    (a line of business reviewed under it), a metric that opens with its name is its
    (step metric_name: 融资发生额, and the growth after it); a metric that does not open
    with the name (绿色贷款余额) stays the bank's."""
    rows = figure_rows(analyse_text(text)._.kg_observations)
    y, named = "2024-12-31", "obs.subject.metric_name"
    assert rows == [
        (strategy, "融资发生额", "86000000000", "元", y, "level", named),
        (strategy, "融资发生额", "12.5", "%", y, "growthRate", named),
        (None, "绿色贷款余额", "120000000000", "元", y, "level", "obs.subject.sentence_topic"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本行深化绿色金融服务，完善产品体系。2024年，本行绿色金融融资发生额860亿元。\n",
        "本行深化綠色金融服務，完善產品體系。2024年，本行綠色金融融資發生額860億元。\n",
    ],
    ids=["simplified", "traditional"],
)
def test_a_strategy_no_heading_names_stays_in_the_banks_metric(analyse_text, text):
    """Without a heading line of its own the strategy is only a word of the bank's metric."""
    rows = figure_rows(analyse_text(text)._.kg_observations)
    assert rows == [
        (
            None,
            "绿色金融融资发生额",
            "86000000000",
            "元",
            "2024-12-31",
            "level",
            "obs.subject.own_clause",
        )
    ]


UNIT_CASES = {
    "simplified": (
        "2024年，个人信贷部持续优化消费信贷流程，全年线上放款笔数120万笔。"
        "小企业金融部推出“快捷贷”，授信客户数1.2万户。"
        "运营管理条线持续推进服务落地，维护客户800万户。\n",
        ("快捷贷", "运营管理条线"),
    ),
    "traditional": (
        "2024年，個人信貸部持續優化消費信貸流程，全年線上放款筆數120萬筆。"
        "小企業金融部推出「快捷貸」，授信客戶數1.2萬戶。"
        "運營管理條線持續推進服務落地，維護客戶800萬戶。\n",
        ("快捷貸", "運營管理條線"),
    ),
}


@pytest.mark.parametrize("script", sorted(UNIT_CASES))
def test_a_department_opening_a_sentence_acts_for_the_bank(analyse_text, script):
    """A department that opens a sentence acts for the bank, as 本行 does: its sentence's
    later figures are the bank's (个人信贷部 … 线上放款笔数), or the thing it launches
    (小企业金融部推出“快捷贷”, 授信客户数); a unit named as a line of the bank's
    business (运营管理条线) reports its own line's work and stays the topic."""
    text, (product, line) = UNIT_CASES[script]
    rows = figure_rows(analyse_text(text)._.kg_observations)
    y, topic = "2024-12-31", "obs.subject.sentence_topic"
    assert rows == [
        (None, "线上放款笔数", "1200000", "笔", y, "level", topic),
        (product, "授信客户数", "12000", "户", y, "level", "obs.subject.launched"),
        (line, "维护客户数", "8000000", "户", y, "level", topic),
    ]


GROUP_TOPICS = {
    "simplified": (
        "2024年末，小微企业客户12.5万户，较上年末增长8.2%；普惠型小微企业贷款余额2,300亿元。"
        "私人银行客户5.2万户；管理资产3,100亿元。"
        "科技企业客户2.6万户；科技企业贷款余额1,400亿元。\n",
        ("小微企业客户", "私人银行客户", "科技企业客户"),
    ),
    "traditional": (
        "2024年末，小微企業客戶12.5萬戶，較上年末增長8.2%；普惠型小微企業貸款餘額2,300億元。"
        "私人銀行客戶5.2萬戶；管理資產3,100億元。"
        "科技企業客戶2.6萬戶；科技企業貸款餘額1,400億元。\n",
        ("小微企業客戶", "私人銀行客戶", "科技企業客戶"),
    ),
}


@pytest.mark.parametrize("script", sorted(GROUP_TOPICS))
def test_a_group_of_customers_is_no_topic_of_a_metric_naming_its_own_thing(analyse_text, script):
    """A group of customers an earlier clause counts goes on as the topic of a short metric
    (私人银行客户 … 管理资产) and of one that opens with the group's name (科技企业客户 …
    科技企业贷款余额 -> 贷款余额), but not of a metric that names a thing of its own
    (普惠型小微企业贷款余额 after 小微企业客户: the bank's)."""
    text, (small, private, tech) = GROUP_TOPICS[script]
    rows = figure_rows(analyse_text(text)._.kg_observations)
    y, clause, topic = "2024-12-31", "obs.subject.clause", "obs.subject.sentence_topic"
    assert rows == [
        (small, "客户数", "125000", "户", y, "level", clause),
        (small, "客户数", "8.2", "%", y, "growthRate", "obs.subject.carried"),
        (None, "普惠型小微企业贷款余额", "230000000000", "元", y, "level", topic),
        (private, "客户数", "52000", "户", y, "level", clause),
        (private, "管理资产", "310000000000", "元", y, "level", topic),
        (tech, "客户数", "26000", "户", y, "level", clause),
        (tech, "贷款余额", "140000000000", "元", y, "level", topic),
    ]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "2024年，本行推出跨境“速汇通”产品，提升结算时效；"
            "对公跨境汇款自动化率同比提升12.5个百分点；服务客户约2.6万户。\n",
            "速汇通",
        ),
        (
            "2024年，本行推出跨境「速匯通」產品，提升結算時效；"
            "對公跨境匯款自動化率同比提升12.5個百分點；服務客戶約2.6萬戶。\n",
            "速匯通",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_word_that_opens_with_a_verbs_character_is_no_continuation(analyse_text, text, product):
    """「对公跨境汇款自动化率……」 opens with the word 对公, not the verb 对: the clause names
    a metric of its own and does not go on with the thing launched before it (the bank's);
    「服务客户约2.6万户」 opens with the verb 服务 and does (the product's)."""
    rows = figure_rows(analyse_text(text)._.kg_observations)
    y = "2024-12-31"
    assert rows == [
        (
            None,
            "对公跨境汇款自动化率",
            "12.5",
            "百分点",
            y,
            "ppChange",
            "obs.subject.sentence_topic",
        ),
        (product, "服务客户数", "26000", "户", y, "level", "obs.subject.launched"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本行普惠金融部推出面向小微外贸企业的“跨境快易贷”，授信客户超过5,200户，授信额度合计318.6亿元。",
        "本行普惠金融部推出面向小微外貿企業的「跨境快易貸」，授信客戶超過5,200戶，授信額度合計318.6億元。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_launched_thing_for_a_group_is_the_topic_not_the_group(make_context, rules, text):
    """「推出面向某某企业的“某某贷”」: the group the thing is for qualifies it (up to 的);
    the thing launched is the topic of the figures after it in its sentence."""
    product = "跨境快易贷" if "贷" in text else "跨境快易貸"
    group = "小微外贸企业" if "贸" in text else "小微外貿企業"
    names = [("普惠金融部", "Department"), (group, "CustomerSegment"), (product, "Product")]
    assert _figures(make_context, rules, text, names) == [
        (product, "授信客户数", "obs.subject.launched"),
        (product, "授信额度", "obs.subject.launched"),
    ]


def test_two_things_launched_are_no_topic(make_context, rules):
    """「推出“甲”和“乙”」 launches a list, not one thing: the figure stays the bank's."""
    text = "本行推出“跨境快易贷”和“外贸通”，授信客户超过5,200户。"
    names = [("跨境快易贷", "Product"), ("外贸通", "Product")]
    assert _figures(make_context, rules, text, names) == [(None, "授信客户数", "obs.subject.bank")]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "信用卡App“畅付宝”6.0上线“智能账单”，绑卡用户约3,200万户。",
            [
                ("信用卡App", "Product"),
                ("畅付宝”6.0", "Product"),
                ("畅付宝", "Product"),
                ("智能账单", "Product"),
            ],
            [("畅付宝", "绑卡用户数", "obs.subject.sentence_topic")],
        ),
        (
            "信用卡「暢付寶」App月活躍用戶近2,600萬戶。",
            [("信用卡", "Product"), ("暢付寶", "Product")],
            [("暢付寶", "月活跃用户数", "obs.subject.clause")],
        ),
    ],
    ids=["simplified-edition", "traditional"],
)
def test_a_quoted_name_after_its_descriptor_is_the_subject(
    make_context, rules, text, names, expected
):
    """「信用卡App“某某”……」: the quoted name right after a descriptor of it (a kind of
    product, the card it runs on) is what the clause is about, not the descriptor; its
    edition printed after it (6.0) is not."""
    assert _figures(make_context, rules, text, names) == expected


@pytest.mark.parametrize(
    ("text", "product", "metric"),
    [
        (
            "本行推出“链融快贷”，面向制造业小微企业，制造业中长期贷款余额615.2亿元，"
            "较上年末增加83.4亿元，增长15.7%。",
            "链融快贷",
            "制造业中长期贷款余额",
        ),
        (
            "本行推出「鏈融快貸」，面向製造業小微企業，製造業中長期貸款餘額615.2億元，"
            "較上年末增加83.4億元，增長15.7%。",
            "鏈融快貸",
            "制造业中长期贷款余额",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_change_of_the_banks_book_stays_the_banks_after_a_launch(
    make_context, rules, text, product, metric
):
    """「本行推出“某某贷”，……，制造业中长期贷款余额……，较上年末增加……，增长……」: the
    balance names a book of the bank's (a long metric), not the thing launched; the changes
    that carry its metric over are the bank's too, not the launched thing's."""
    figures = _figures(make_context, rules, text, [(product, "Product")])
    assert [(s, m) for s, m, _ in figures] == [(None, metric)] * 3


def test_a_change_after_a_launched_things_balance_stays_the_things(make_context, rules):
    """The balance the launched thing is given (a short metric) keeps its changes."""
    text = "本行推出“链融快贷”，年末余额52.6亿元，较上年末增长12.1%。"
    figures = _figures(make_context, rules, text, [("链融快贷", "Product")])
    assert [(s, m) for s, m, _ in figures] == [("链融快贷", "余额")] * 2


@pytest.mark.parametrize(
    ("text", "product", "metric"),
    [
        ("本行深化“链融通”平台建设，累计接入核心企业1,260家。", "链融通", "接入核心企业数"),
        ("本行加大「鏈融通」推廣力度，累計服務客戶1,260萬戶。", "鏈融通", "服务客户数"),
    ],
    ids=["simplified", "traditional"],
)
def test_a_thing_the_bank_promotes_is_the_topic(make_context, rules, text, product, metric):
    """「深化“某某”平台建设」, 「加大「某某」推广力度」: a clause whose object is one named
    thing the bank builds out or promotes makes it the topic of the figures after it, as a
    launch does."""
    assert _figures(make_context, rules, text, [(product, "Product")]) == [
        (product, metric, "obs.subject.launched")
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "2024年末，本行上线星河助手、云帆平台等大模型应用场景超200个。",
            [("星河助手", "星河助手", "Product"), ("云帆平台", "云帆平台", "Product")],
        ),
        (
            "2024年末，本行上線星河助手、雲帆平台等大模型應用場景超200個。",
            [("星河助手", "星河助手", "Product"), ("雲帆平台", "云帆平台", "Product")],
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_names_given_as_examples_of_the_things_a_count_counts(make_context, rules, text, names):
    """「某助手、某平台等应用场景超200个」: the names are examples of the things counted
    (a noun and a verb of counting between 等 and the count), not its subject."""
    assert _observed(make_context, rules, text, names) == [
        (None, "大模型应用场景数", "200", "个", "2024-12-31", "level", "obs.subject.bank"),
    ]


@pytest.mark.parametrize(
    ("text", "names", "product"),
    [
        (
            "本行推出首款线上收单产品——畅收码，为52万商户提供了收款服务。",
            [("线上收单产品", "Product"), ("畅收码", "Product")],
            "畅收码",
        ),
        (
            "本行推出首款線上收單產品——暢收碼，為52萬商戶提供了收款服務。",
            [("線上收單產品", "Product"), ("暢收碼", "Product")],
            "暢收碼",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_launched_thing_named_after_a_dash_is_the_topic(
    make_context, rules, text, names, product
):
    """「推出首款线上收单产品——畅收码」: what the thing is, before the dash, is no second
    thing launched; the name after it is the topic of the figures after it."""
    assert _figures(make_context, rules, text, names) == [
        (product, "商户数", "obs.subject.launched")
    ]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("本行推出“畅享生活”，推出三年注册客户数超过3200万户。", "畅享生活"),
        ("本行推出「暢享生活」，上線兩年來註冊客戶數超過3200萬戶。", "暢享生活"),
    ],
    ids=["simplified", "traditional"],
)
def test_the_time_since_a_launch_is_no_part_of_the_metric(make_context, rules, text, product):
    """「推出三年注册客户数……」, 「上线两年来……」: the time since the launch dates the figure
    (to the reference date), it is no part of its metric, and the clause goes on with the
    thing launched."""
    assert _figures(make_context, rules, text, [(product, "Product")]) == [
        (product, "注册客户数", "obs.subject.launched")
    ]


@pytest.mark.parametrize(
    ("text", "name", "metric"),
    [
        ("数字员工“小易”全年服务客户逾2.1亿人次。", "小易", "服务客户人次"),
        (
            "企業級智能風控平台「易盾風控」全年攔截可疑交易2.37萬筆。",
            "易盾風控",
            "拦截可疑交易笔数",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_quoted_name_after_a_descriptor_opens_the_clause(make_context, rules, text, name, metric):
    """「数字员工“某某”全年服务客户……」: words that say what a thing is (ending with a head
    noun such as 员工 or 平台, no name of their own) and its quoted name right after them:
    the clause opens with the name, its subject, and the descriptor is no part of the
    metric."""
    assert _figures(make_context, rules, text, [(name, "Product")]) == [
        (name, metric, "obs.subject.clause")
    ]


@pytest.mark.parametrize(
    ("text", "names", "product"),
    [
        (
            "小企业金融部推出线上信贷产品“速审贷”，年内发放贷款逾620亿元，服务客户约4.8万户。",
            [("小企业金融部", "Department"), ("线上信贷产品", "Product"), ("速审贷", "Product")],
            "速审贷",
        ),
        (
            "小企業金融部推出線上信貸產品「速審貸」，年內發放貸款逾620億元，服務客戶約4.8萬戶。",
            [("小企業金融部", "Department"), ("線上信貸產品", "Product"), ("速審貸", "Product")],
            "速審貸",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_launched_thing_after_what_it_is_is_the_topic(make_context, rules, text, names, product):
    """「推出线上信贷产品“某某”」: the name right before the quoted one says what it is (no
    list of two things launched), and 年内 dates the figure (the year) rather than naming
    it: the launched thing's 发放贷款 and 服务客户数."""
    assert _figures(make_context, rules, text, names) == [
        (product, "发放贷款", "obs.subject.launched"),
        (product, "服务客户数", "obs.subject.launched"),
    ]


@pytest.mark.parametrize(
    ("text", "fund"),
    [
        (
            "上半年累计代销安泰人寿保险180亿元、安泰基金960亿元，个人理财产品规模达到5200亿元。",
            "安泰基金",
        ),
        (
            "上半年累計代銷安泰人壽保險180億元、安泰基金960億元，個人理財產品規模達到5200億元。",
            "安泰基金",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_list_items_subject_does_not_carry_past_the_list(make_context, rules, text, fund):
    """「……180亿元、安泰基金960亿元，个人理财产品规模……」: the name an item of a list opens
    with is that item's subject only; the clause after the list does not go on with it."""
    life = "安泰人寿" if "人寿" in text else "安泰人壽"
    names = [(life, "Subsidiary"), (fund, "Subsidiary")]
    figures = _figures(make_context, rules, text, names)
    assert [s for s, _, _ in figures][1:] == [fund, None]


@pytest.mark.parametrize(
    "text",
    [
        "● 本行手机银行客户数达到5,318万户，较年初增加441万户，月活跃客户数约1,650万户。",
        "\uf06c 本行手機銀行客戶數達到5,318萬戶，較年初增加441萬戶，月活躍客戶數約1,650萬戶。",
    ],
    ids=["simplified-bullet", "traditional-pdf-glyph"],
)
def test_a_bullet_opening_a_clause_hides_no_subject(make_context, rules, text):
    """「● 本行手机银行客户数……，……，月活跃客户数……」: the bullet a list item opens with
    (or the private-use glyph a PDF prints for it) says nothing; the clause opens with the
    name after it, and the figures after it in the sentence go on with that name."""
    name = "手机银行" if "手机" in text else "手機銀行"
    figures = _figures(make_context, rules, text, [(name, "Product")])
    assert [(s, r) for s, _, r in figures] == [
        (name, "obs.subject.clause"),
        (name, "obs.subject.carried"),
        (name, "obs.subject.carried"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2023年本行推出3年期大额存单，当年销售额120亿元。",
        "2023年本行推出3年期大額存單，當年銷售額120億元。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_term_after_a_launch_is_no_time_since_it(make_context, rules, text):
    """「推出3年期大额存单」: 3年期 is the deposit's term, not three years since a launch, so
    the year the clause opens with still dates the figure (当年 = 2023)."""
    ctx = make_context(text, reference_date=date(2024, 12, 31))
    assert [
        (o.metric, str(o.value), o.unit, o.date.isoformat(), o.subject_rule)
        for o in extract(ctx, (), rules)
    ] == [("销售额", "12000000000", "元", "2023-12-31", "obs.subject.bank")]


def _segment_count_by_generator(body, names, rules):
    """clause._segment_count as it was: the two endings tried by a generator."""
    from kg.figures.clause import _segments

    best = None
    for name, mention, head, stem in _segments(names, rules):
        count = next((c for c in (head + "数", head) if body.endswith(c)), None)
        if count is None or body in (name, name + "数"):
            continue
        qualifier = len(body) - len(stem) - len(count)
        if body.startswith(stem) and qualifier >= rules.segment_min_stem:
            found = (len(stem), mention, body[len(stem) :])
        elif (
            body.endswith(stem + count)
            and qualifier >= rules.segment_min_stem
            and not body.startswith(rules.segment_not_qualifiers)
        ):
            found = (len(name), mention, body[:qualifier] + count)
        else:
            continue
        if best is None or found[0] > best[0]:
            best = found
    return (best[1], best[2]) if best is not None else None


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_segments_count_tries_its_two_endings_in_turn(rules, script):
    """A segment's count of a part of its customers, its endings (客户数, 客户) tried in
    turn: what the generator over them found, for own metrics (both scripts)."""
    from kg.figures.clause import _segment_count

    segments = ["私人银行客户", "私银客户", "代发客户", "县域客户"]
    bodies = [
        "私人银行时点达标客户数",
        "私银外汇客户数",
        "时点达标私银客户数",
        "新增代发客户",
        "代发客户数",
        "县域有效客户",
        "贷款余额",
        "私人银行客户",
    ]
    if script == "traditional":
        segments = ["私人銀行客戶", "私銀客戶", "代發客戶", *segments]
        bodies = ["私人銀行時點達標客戶數", "私銀外匯客戶數", *bodies]
    names = {
        s: Mention(s, s, "CustomerSegment", Span("t.txt", 0, len(s), s), 0, "t") for s in segments
    }
    found = 0
    for body in bodies:
        got = _segment_count(body, names, rules)
        assert got == _segment_count_by_generator(body, names, rules)
        found += got is not None
    assert found >= 3


@pytest.mark.parametrize(
    "text",
    [
        "“星河快贷”累计投放12亿元，「行e通」、“安居贷”客户分别达2万户和3万户。北京分行客户增长5%。",
        "「星河快貸」累計投放12億元，『行e通』、「安居貸」客戶分別達2萬戶和3萬戶。北京分行客戶增長5%。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_clauses_subjects_read_its_first_place_past_quote_marks(make_context, rules, text):
    """A clause's subjects read only its first kept place that is no quote mark: the same
    as from its places with every quote mark taken out first, for clauses opening at
    every place of own texts, with and without the rules (both scripts)."""
    from kg.entities import load_rules as entity_rules
    from kg.entities import recognize
    from kg.figures.clause import _subjects
    from kg.figures.scan import _scan

    ctx = make_context(text)
    scan = _scan(ctx, recognize(ctx, entity_rules())[0], rules, [])
    view = scan.text
    assert len(scan.named) >= 3
    seen = 0
    for start in range(len(view)):
        for stop in (min(len(view), start + 8), len(view)):
            keep = [i for i in range(start, stop) if not view[i].isspace()]
            plain = [i for i in keep if view[i] not in '“「『《‘"']
            for with_rules in (None, rules):
                got = _subjects(view, keep, scan.named, stop, rules.object_markers, with_rules)
                assert got == _subjects(
                    view, plain, scan.named, stop, rules.object_markers, with_rules
                )
                seen += bool(got) and keep != plain
    assert seen
