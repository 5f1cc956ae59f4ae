"""Entity recognition: each rule on small texts in the style of bank reports, in both
scripts, for several banks, and the false friends it must leave alone."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.entities import load_rules, recognize


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def run(make_context, rules):
    def go(text: str, bank: str = "工商银行"):
        return recognize(make_context(text, bank=bank), rules)

    return go


def found(mentions) -> set[tuple[str, str]]:
    return {(m.name, m.kind) for m in mentions}


RECOGNISED = [
    # quoted names typed by the word after them
    (
        "quote-head-strategy",
        "适时提出了“第一个人金融银行”战略。",
        "工商银行",
        [("第一个人金融银行", "Strategy")],
    ),
    (
        "quote-group-initiative-hant",
        "開展「春苗」「秋實」行動，做好服務。",
        "工商银行",
        [("春苗", "Initiative"), ("秋实", "Initiative")],
    ),
    (
        "quote-head-special-action",
        "实施「工助升级贷动更新」专项行动。",
        "工商银行",
        [("工助升级贷动更新", "Initiative")],
    ),
    ("quote-head-brand-hant", "打造「工銀科創」品牌。", "工商银行", [("工银科创", "Product")]),
    (
        "quote-head-keeps-committee",
        "高级管理层成立「五篇大文章」委员会。",
        "工商银行",
        [("五篇大文章委员会", "Department")],
    ),
    (
        "quote-head-after-etc",
        "持续推广「工银云医」「智慧住建」等服务平台。",
        "工商银行",
        [("工银云医", "Product"), ("智慧住建", "Product")],
    ),
    (
        "quote-list-inside",
        "推出「智存宝、零存宝」等产品。",
        "工商银行",
        [("智存宝", "Product"), ("零存宝", "Product")],
    ),
    (
        "quote-segment-keeps-head",
        "为“三农”客户提供高价值的增值服务。",
        "工商银行",
        [("三农客户", "CustomerSegment")],
    ),
    (
        "quote-attaches-word-before",
        "围绕振兴卡打造幸福「1+4」产品服务体系。",
        "工商银行",
        [("幸福1+4", "Product")],
    ),
    # typed by their own last word, by the cue before, or as a numbered frame
    (
        "quote-inner-product",
        "推出面向小微企业的信用贷款产品「制造e贷」。",
        "工商银行",
        [("制造e贷", "Product")],
    ),
    (
        "quote-inner-initiative",
        "“投诉治理年”效果初显。",
        "工商银行",
        [("投诉治理年", "Initiative")],
    ),
    (
        "quote-cue-product",
        "推出线上公益性投教基地「财富学苑」。",
        "工商银行",
        [("财富学苑", "Product")],
    ),
    ("quote-numeral-frame", "以「两新」为切入点，深化服务。", "工商银行", [("两新", "Strategy")]),
    (
        "quote-strategy-over-brand-head",
        "首家发布“第一个人金融银行战略”品牌体系。",
        "工商银行",
        [("第一个人金融银行战略", "Strategy")],
    ),
    # awards and their givers
    (
        "award-with-publication",
        "获评《欧洲货币》「中国最佳企业银行」。",
        "工商银行",
        [("中国最佳企业银行", "Award"), ("欧洲货币", "Organization")],
    ),
    (
        "award-group-hant",
        "《財資》「中國最佳數字財富管理體驗」「中國最佳風險管理項目」等獎項。",
        "工商银行",
        [("中国最佳数字财富管理体验", "Award"), ("中国最佳风险管理项目", "Award")],
    ),
    (
        "award-giver-from-lexicon",
        "连续四年获评上海票据交易所「优秀贴现机构」等奖项。",
        "工商银行",
        [("优秀贴现机构", "Award"), ("上海票据交易所", "Organization")],
    ),
    (
        "award-unquoted",
        "并荣获中国数字传媒整合传播金奖等多项大奖。",
        "工商银行",
        [("中国数字传媒整合传播金奖", "Award")],
    ),
    (
        "award-apposition",
        "荣获“全球卡界奥斯卡奖”——依兰奖。",
        "工商银行",
        [("全球卡界奥斯卡奖", "Award"), ("依兰奖", "Award")],
    ),
    ("award-rank", "工行位列“世界500强”第24位。", "工商银行", [("世界500强", "Award")]),
    # names ending in a head word
    (
        "department-suffix",
        "联动风险管理部，借助平台开展分析。",
        "工商银行",
        [("风险管理部", "Department")],
    ),
    (
        "department-committee-hant",
        "設立高級管理層科技金融委員會。",
        "工商银行",
        [("高级管理层科技金融委员会", "Department")],
    ),
    (
        "business-lines",
        "个金条线与银行卡条线联动。",
        "工商银行",
        [("个金条线", "Department"), ("银行卡条线", "Department")],
    ),
    ("byline", "供稿：网络金融部", "工商银行", [("网络金融部", "Department")]),
    (
        "branch-place-start",
        "工行厦门软件园支行作为合作伙伴。",
        "工商银行",
        [("厦门软件园支行", "Branch")],
    ),
    (
        "branch-short-form-later",
        "工行厦门软件园支行成立。软件园支行积极运用新方法。",
        "工商银行",
        [("厦门软件园支行", "Branch"), ("软件园支行", "Branch")],
    ),
    (
        "regulator-with-place",
        "厦门银保监局局长肯定了支行。",
        "工商银行",
        [("厦门银保监局", "Organization")],
    ),
    (
        "segment-suffix",
        "上半年共有近万名私银潜力客户提升至达标客户。",
        "工商银行",
        [("私银潜力客户", "CustomerSegment")],
    ),
    (
        "segment-with-amount",
        "客户结构上，月日均金融资产5万元以上客户达到4483万户。",
        "工商银行",
        [("月日均金融资产5万元以上客户", "CustomerSegment")],
    ),
    (
        "segment-ellipsis",
        "完善私人银行极高、超高净值客户一户一策工作机制。",
        "工商银行",
        [("极高净值客户", "CustomerSegment"), ("超高净值客户", "CustomerSegment")],
    ),
    (
        "strategy-suffix",
        "始终注重与外汇首选银行战略、重点区域发展战略的配合共进。",
        "工商银行",
        [("外汇首选银行战略", "Strategy"), ("重点区域发展战略", "Strategy")],
    ),
    (
        "product-after-cue",
        "推出科创企业股权激励贷。",
        "工商银行",
        [("科创企业股权激励贷", "Product")],
    ),
    (
        "product-list-after-cue",
        "连续推出福建妈祖文化产品、山西根祖文化产品和杭州良渚文化产品。",
        "工商银行",
        [
            ("福建妈祖文化产品", "Product"),
            ("山西根祖文化产品", "Product"),
            ("杭州良渚文化产品", "Product"),
        ],
    ),
    (
        "initiative-after-cue",
        "组织开展了个人积存金客户回馈活动。",
        "工商银行",
        [("个人积存金客户回馈活动", "Initiative")],
    ),
    # enumerations share their head's kind
    (
        "enum-products",
        "打造经营快贷、网贷通、数字供应链三大产品线。",
        "工商银行",
        [("经营快贷", "Product"), ("网贷通", "Product"), ("数字供应链", "Product")],
    ),
    (
        "enum-branches",
        "上海、天津、北京等9家分行提供定制产品。",
        "工商银行",
        [("上海分行", "Branch"), ("天津分行", "Branch"), ("北京分行", "Branch")],
    ),
    (
        "enum-branches-hant",
        "江蘇、廣東、山東分行客戶增量超千戶。",
        "工商银行",
        [("江苏分行", "Branch"), ("广东分行", "Branch"), ("山东分行", "Branch")],
    ),
    (
        "enum-segments",
        "针对银发族、私人银行客户、学生、军人及车主等重点客群。",
        "工商银行",
        [("银发族", "CustomerSegment"), ("学生", "CustomerSegment"), ("军人", "CustomerSegment")],
    ),
    (
        "enum-segment-quoted-member",
        "做好对专精特新「小巨人」等重点客群服务。",
        "工商银行",
        [("专精特新小巨人", "CustomerSegment")],
    ),
    (
        "enum-departments-override-lexicon",
        "联动银行卡、公司金融、结算与现金管理等部门。",
        "工商银行",
        [("银行卡", "Department"), ("公司金融", "Department"), ("结算与现金管理", "Department")],
    ),
    (
        "enum-regions",
        "推动京津冀、长三角、中部、成渝、粤港澳等五大重点区域发展。",
        "工商银行",
        [("中部", "Region"), ("京津冀", "Region"), ("成渝", "Region")],
    ),
    # prefixes, versions, appositions, copulas
    (
        "brand-product",
        "推出信用卡专属APP——工银e生活，打造消费体验。",
        "工商银行",
        [("工银e生活", "Product")],
    ),
    (
        "brand-product-blank-hant",
        "加大工銀 e錢包推廣力度。",
        "工商银行",
        [("工银e钱包", "Product")],
    ),
    (
        "brand-subsidiaries",
        "联动工银理财、工银瑞信基金和工银澳门。",
        "工商银行",
        [("工银理财", "Subsidiary"), ("工银瑞信基金", "Subsidiary"), ("工银澳门", "Subsidiary")],
    ),
    (
        "brand-initiative",
        "结合八一建军节、工银理财节开展优惠。",
        "工商银行",
        [("工银理财节", "Initiative")],
    ),
    ("brand-family", "推出我行首款互联网融资产品——融e借。", "工商银行", [("融e借", "Product")]),
    (
        "e-prefix",
        "同业率先推出e支付（工银二维码支付）。",
        "工商银行",
        [("e支付", "Product"), ("工银二维码支付", "Product")],
    ),
    ("latin-brand", "在7个国家和地区推出境外ICBC PAY。", "工商银行", [("ICBC PAY", "Product")]),
    (
        "version-number",
        "推出手机银行10.0，打造智能向导。",
        "工商银行",
        [("手机银行10.0", "Product"), ("手机银行", "Product")],
    ),
    (
        "version-base-unlisted",
        "围绕智慧大脑2.0升级等任务。",
        "工商银行",
        [("智慧大脑2.0", "Product"), ("智慧大脑", "Product")],
    ),
    (
        "edition-suffix",
        "7月份正式推出了手机银行县域版。",
        "工商银行",
        [("手机银行县域版", "Product")],
    ),
    (
        "edition-prefix",
        "推出“千人千面”的个性版手机银行服务。",
        "工商银行",
        [("个性版手机银行", "Product")],
    ),
    (
        "edition-quoted",
        "上线手机银行“适老版”，服务老年客户。",
        "邮储银行",
        [("手机银行适老版", "Product")],
    ),
    ("copula-initiative", "以工银爱购为促销活动。", "工商银行", [("工银爱购", "Initiative")]),
    (
        "apposition-bracket",
        "打造企业级智能风控平台（「4E平台」）。",
        "工商银行",
        [("企业级智能风控平台", "Product"), ("4E平台", "Product")],
    ),
    # lexicons: outside organisations, other banks, policy frames, regions
    (
        "lexicon-orgs-hant",
        "與騰訊、螞蟻金服、中石化、京東金融等各類平台開展合作。",
        "工商银行",
        [
            ("腾讯", "Organization"),
            ("蚂蚁金服", "Organization"),
            ("中石化", "Organization"),
            ("京东金融", "Organization"),
        ],
    ),
    (
        "other-bank-is-organization",
        "手机银行客户数领先第二名建行1762万户。",
        "工商银行",
        [("建行", "Organization")],
    ),
    (
        "policy-frames",
        "做好科技金融、绿色金融、普惠金融、养老金融、数字金融五篇大文章。",
        "工商银行",
        [("科技金融", "Strategy"), ("数字金融", "Strategy"), ("五篇大文章", "Strategy")],
    ),
    ("region-gazetteer", "服务粤港澳大湾区高质量发展。", "工商银行", [("粤港澳大湾区", "Region")]),
    # other banks, composed in their reports' style
    (
        "psbc-products",
        "本行推出“邮享贷”“邮易贷”等线上信贷产品，升级邮储手机银行9.0。",
        "邮储银行",
        [("邮享贷", "Product"), ("邮易贷", "Product"), ("手机银行9.0", "Product")],
    ),
    (
        "psbc-departments-and-subsidiaries",
        "本行设立三农金融事业部，中邮理财、中邮消费金融等子公司协同发展。",
        "邮储银行",
        [
            ("三农金融事业部", "Department"),
            ("中邮理财", "Subsidiary"),
            ("中邮消费金融", "Subsidiary"),
        ],
    ),
    (
        "cmbc-hant",
        "本行全面實施「民生小微」專項行動，推出「雲快貸」「網樂貸」等線上產品。",
        "民生银行",
        [("民生小微", "Initiative"), ("云快贷", "Product"), ("网乐贷", "Product")],
    ),
    (
        "cmbc-subsidiaries-hant",
        "民生理財、民生金融租賃等子公司協同發展。",
        "民生银行",
        [("民生理财", "Subsidiary"), ("民生金融租赁", "Subsidiary")],
    ),
    (
        "cib-strategy-and-award",
        "持续推进“商行+投行”战略。本行荣获《环球金融》“中国最佳绿色银行”。",
        "兴业银行",
        [("商行+投行", "Strategy"), ("中国最佳绿色银行", "Award"), ("环球金融", "Organization")],
    ),
    (
        "cib-hant",
        "福建、廣東等分行綠色貸款增量居前；福州分行成立綠色金融專營支行。興銀理財協同發展。",
        "兴业银行",
        [
            ("福建分行", "Branch"),
            ("广东分行", "Branch"),
            ("福州分行", "Branch"),
            ("兴银理财", "Subsidiary"),
        ],
    ),
    # a quoted name typed by the type word right before it
    (
        "quote-type-before-model",
        "本行自研的金融大模型“睿思”已在信贷审批场景投产，数字员工“小睿”上岗。",
        "招商银行",
        [("睿思", "Product"), ("小睿", "Product")],
    ),
    (
        "quote-type-before-app-hant",
        "信用卡App「掌上生活」9.0上線，並開設「理財·優選」專區。",
        "招商银行",
        [("掌上生活", "Product"), ("理财·优选", "Product")],
    ),
    (
        "copula-quoted-brand",
        "本行以“成长之路”为服务品牌，服务科创企业。",
        "宁波银行",
        [("成长之路", "Product")],
    ),
    (
        "quote-group-count-gap-strategy",
        "深入实施「普惠金融」和「零售轉型」兩大特色戰略。",
        "宁波银行",
        [("零售转型", "Strategy")],
    ),
    (
        "quote-list-shared-suffix",
        "以“交易银行、投资银行、财富银行”三张名片为抓手。",
        "兴业银行",
        [("交易银行", "Strategy"), ("投资银行", "Strategy"), ("财富银行", "Strategy")],
    ),
    (
        "quote-cue-initiative-push",
        "本行与税务部门合作推进“税银互助”，服务小微企业。",
        "宁波银行",
        [("税银互助", "Initiative")],
    ),
    (
        "public-body-long-centre",
        "分行與杭州市住房公積金管理中心合作，並與深圳數據交易所簽約。",
        "宁波银行",
        [("杭州市住房公积金管理中心", "Organization"), ("深圳数据交易所", "Organization")],
    ),
    (
        "government-department-heads",
        "本行与浙江省财政厅、浙江省税务局合作，由本行与浙江省科技厅共同推出。",
        "宁波银行",
        [
            ("浙江省财政厅", "Organization"),
            ("浙江省税务局", "Organization"),
            ("浙江省科技厅", "Organization"),
        ],
    ),
    (
        "region-breakdown-compass-parts",
        "分区域看，浙东、浙中、浙西地区小微贷款余额分别为300亿元、200亿元和100亿元。",
        "宁波银行",
        [("浙东", "Region"), ("浙中", "Region"), ("浙西", "Region")],
    ),
    (
        "region-breakdown-city-list-hant",
        "分地區看，杭州、寧波、溫州三地綠色貸款餘額分別為80億元、60億元和40億元。",
        "宁波银行",
        [("杭州", "Region"), ("宁波", "Region"), ("温州", "Region")],
    ),
    (
        "region-place-area-not-in-segment",
        "广东地区普惠贷款余额500亿元，广东地区科创企业贷款客户3000户。",
        "招商银行",
        [("广东地区", "Region"), ("科创企业", "CustomerSegment")],
    ),
    (
        "region-zone-word-completes-name",
        "本行在北部湾经济区的绿色融资余额持续增长。",
        "兴业银行",
        [("北部湾经济区", "Region")],
    ),
    (
        "partner-list-field-before-cooperation",
        "“智慧大脑”与腾讯、阿里云在算力和数据方面开展合作，并与东方航空、携程开展权益合作。",
        "招商银行",
        [("阿里云", "Organization"), ("东方航空", "Organization"), ("携程", "Organization")],
    ),
    (
        "joint-venture-name-with-business-word",
        "私人銀行部聯動招商基金、招銀理財，並與工銀瑞信基金合作。",
        "工商银行",
        [("工银瑞信基金", "Subsidiary")],
    ),
    (
        "regulator-branch-hant",
        "本行與中國人民銀行杭州分行合作開展試點。",
        "宁波银行",
        [("中国人民银行杭州分行", "Organization")],
    ),
]


@pytest.mark.parametrize(
    ("text", "bank", "expected"),
    [case[1:] for case in RECOGNISED],
    ids=[case[0] for case in RECOGNISED],
)
def test_recognises(run, text, bank, expected):
    mentions, _ = run(text, bank)
    assert set(expected) <= found(mentions)


FALSE_FRIENDS = [
    ("no-branch-without-a-place", "一是加强分行调研，二是健全分行监测机制。", "Branch", None),
    (
        "generic-phrases",
        "提升金融服务水平，推进数字化转型，改善客户体验，丰富产品和平台。",
        None,
        {"金融服务", "数字化转型", "客户体验", "产品", "平台"},
    ),
    ("cadres-are-not-a-department", "使众多年轻优秀干部得到提拔。", "Department", None),
    ("external-is-not-a-department", "积极应对外部市场变化，整合内外部数据。", "Department", None),
    ("whole-industry-is-not-self", "成为全行业第三的信用卡综合服务平台。", "Bank", None),
    ("interbank-market-hant", "滿足客戶深入參與中國銀行間市場投資交易需求。", "Organization", None),
    ("staff-bank-card-is-no-prefix", "为员工银行卡开户提供便利。", None, {"工银行卡"}),
    (
        "slogan-quote",
        "沿着“线上化、数字化、智慧化、生态化”的道路不断迈进。",
        None,
        {"线上化、数字化、智慧化、生态化", "线上化"},
    ),
    ("quote-before-de-qualifies", "推出“千人千面”的个性版手机银行服务。", None, {"千人千面"}),
    ("verb-and-object", "后发先至解决企业燃眉之急，赢得客户口碑。", "CustomerSegment", None),
    (
        "platform-of-a-partner",
        "积存金上线京东金融平台和支付宝平台。",
        None,
        {"京东金融平台", "支付宝平台"},
    ),
    ("no-list-without-etc", "提供了阶段性免积存金手续费、实物产品买赠等相关优惠。", None, {"实物"}),
    (
        "product-users-are-no-segment",
        "截至6月末，手机银行客户数达到3.85亿户。",
        "CustomerSegment",
        None,
    ),
    ("holiday-is-no-frame", "在旺季以及“六一”期间开展营销。", "Strategy", None),
    ("transform-toward", "推动云生态「合作客户」向「战略伙伴」转型升级。", "Strategy", None),
    ("headline-blank", "扬帆起航正当时 战略引领谱华章", "Strategy", None),
    ("department-list-not-product", "联动银行卡、公司金融等部门，延伸拓客触角。", "Product", None),
]


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [case[1:] for case in FALSE_FRIENDS],
    ids=[case[0] for case in FALSE_FRIENDS],
)
def test_leaves_false_friends_alone(run, text, kind, names):
    mentions, _ = run(text, "工商银行")
    if kind is not None:
        assert not [m for m in mentions if m.kind == kind], found(mentions)
    if names is not None:
        assert not names & {m.name for m in mentions}


@pytest.mark.parametrize(
    ("text", "bank", "present", "absent"),
    [
        (
            "创新民生金融服务，推出「民生e家」平台。",
            "民生银行",
            ("民生e家", "Product"),
            ("民生金融", "Product"),
        ),
        (
            "工银理财与建信理财合作。",
            "工商银行",
            ("工银理财", "Subsidiary"),
            ("建信理财", "Subsidiary"),
        ),
        (
            "工银理财与建信理财合作。",
            "工商银行",
            ("建信理财", "Organization"),
            ("工银理财", "Product"),
        ),
        (
            "本行與建信理財、農銀人壽簽署合作協議。",
            "华夏银行",
            ("农银人寿", "Organization"),
            ("农银人寿", "Subsidiary"),
        ),
        ("工银理财与民生理财合作。", "工商银行", None, ("民生理财", "Subsidiary")),
        ("網路投保旅行平安保險的保費。", "华夏银行", None, ("平安保险", "Subsidiary")),
        ("中银人寿与中银香港资产管理的业绩。", "中银香港", ("中银人寿", "Subsidiary"), None),
        ("中银香港资产管理推出新基金。", "中国银行", ("中银香港资产管理", "Subsidiary"), None),
        (
            "做好工银司库服务的扩展升级。",
            "工商银行",
            ("工银司库", "Product"),
            ("工银司库服务", "Product"),
        ),
        ("做好工银司库服务的扩展升级。", "兴业银行", None, ("工银司库", "Product")),
    ],
    ids=[
        "ordinary-prefix-needs-product-word",
        "own-group-prefix",
        "group-prefix-of-another-bank",
        "group-prefix-of-another-bank-traditional",
        "ordinary-group-prefix-of-another-bank",
        "ordinary-group-prefix-of-another-bank-traditional",
        "group-prefix-of-the-parent-bank",
        "group-prefix-of-a-child-bank",
        "own-product-prefix",
        "product-prefix-of-another-bank",
    ],
)
def test_prefixes_belong_to_their_bank(run, text, bank, present, absent):
    """Product prefixes count only in their bank's reports; 民生 is an ordinary word too.
    Another bank's group company is an outside Organization, a company of the parent's
    or of a child bank's group one of the document bank's own."""
    got = found(run(text, bank)[0])
    if present:
        assert present in got
    if absent:
        assert absent not in got


def test_own_bank_is_bank_and_self_references_resolve_to_it(run):
    mentions, _ = run("本行与中国工商银行、我行及工行。", "工商银行")
    banks = [m for m in mentions if m.kind == "Bank"]
    assert {m.text for m in banks} == {"本行", "中国工商银行", "我行", "工行"}
    assert {m.name for m in banks if m.rule == "entity.self_reference"} == {"工商银行"}


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("加大工銀 e錢包推廣力度。", "工銀 e錢包", "工银e钱包"),
        ("依託手機銀行打造主陣地。", "手機銀行", "手机银行"),
        ("推出境外ICBC PAY。", "ICBC PAY", "ICBC PAY"),
    ],
    ids=["blank-inside-hant", "hant-lexicon", "latin-blank-kept"],
)
def test_spans_point_at_the_original_surface(make_context, rules, text, surface, name):
    ctx = make_context(text)
    mentions, _ = recognize(ctx, rules)
    hit = next(m for m in mentions if m.name == name)
    assert hit.text == surface
    assert ctx.document.text[hit.span.start : hit.span.end] == surface


def test_mentions_end_on_word_boundaries(make_context, rules):
    ctx = make_context("工行厦门软件园支行作为一路陪伴这家企业快速壮大的金融合作伙伴。")
    mentions, _ = recognize(ctx, rules)
    starts = {s for s, _ in ctx.tokens}
    branch = next(m for m in mentions if m.kind == "Branch")
    assert ctx.view_bounds(branch.span)[0] in starts
    assert not any(m.kind == "CustomerSegment" and "作为" in m.name for m in mentions)


@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        ("积极对接城市房地产融资协调机制「白名单」项目。", "白名单", "entity.quote.untyped"),
        (
            "网络金融智能风控系统成功拦截欺诈交易2.6万笔。",
            "网络金融智能风控系统",
            "entity.suffix.product",
        ),
        (
            "截至6月末，手机银行客户数达到3.85亿户。",
            "手机银行客户",
            "entity.suffix.segment.product_users",
        ),
        (
            "本行发布《金融基础设施服务方案》。",
            "金融基础设施服务方案",
            "entity.quote.publication_untyped",
        ),
    ],
    ids=["untyped-quote", "product-noun-without-cue", "product-users", "document-title"],
)
def test_weak_spans_go_to_the_review_queue(run, text, name, rule):
    mentions, candidates = run(text)
    assert (name, rule) in {(c.name, c.rule) for c in candidates}
    assert name not in {m.name for m in mentions}


def _rule_ids() -> set[str]:
    text = resources.files("kg.rules").joinpath("entities.yaml").read_text("utf-8")
    ids = set(re.findall(r"\bid: (entity\.[\w.]+)", text))
    ids |= set(re.findall(r"_id: (entity\.[\w.]+)", text))
    return ids


def test_every_mention_names_a_rule_from_the_tables(run):
    text = "".join(case[1] for case in RECOGNISED[:40])
    mentions, _ = run(text)
    known = _rule_ids()
    lexicon_groups = {
        "entity.lexicon." + g
        for g in ("bank", "products", "segments", "policy_frames", "subsidiaries", "regions")
    }
    orgs = yaml.safe_load(
        resources.files("kg.rules").joinpath("organizations.yaml").read_text("utf-8")
    )
    lexicon_groups |= {"entity.lexicon." + g for g in orgs}
    for m in mentions:
        base = m.rule.removesuffix(".ellipsis")
        assert base in known | lexicon_groups or base.startswith("entity.backref"), m.rule


def test_rule_ids_are_unique():
    data = yaml.safe_load(resources.files("kg.rules").joinpath("entities.yaml").read_text("utf-8"))
    ids = [
        r["id"]
        for table in ("quote_heads", "quote_cues", "quote_inner", "suffixes")
        for r in data[table]
    ]
    ids += [r["id"] for r in data["enumerations"]["rows"]]
    assert len(ids) == len(set(ids))


def test_empty_text(run):
    assert run("") == ((), ())


POS_TEXTS = [
    "加大工銀 e錢包推廣力度，惠農貸覆蓋縣域客戶。",
    "推出鑫福寶和薪享通，服务新市民与银发族客群。",
    "数智化账户流失预警模型拦截风险交易超3.6亿笔。",
    "厦门软件园支行倾力服务科创企业，打造“科创e站”。",
]


@pytest.mark.parametrize("text", POS_TEXTS, ids=["hant-blank", "oov-names", "mixed", "quote"])
def test_pos_words_are_jieba_posseg(text):
    """The faster Viterbi gives exactly jieba.posseg's words and tags."""
    import jieba.posseg

    from kg.entities import compact, pos_words

    plain, _, _ = compact(text)
    expected = [(w, f) for w, f in jieba.posseg.cut(plain, HMM=True)]
    assert [(plain[s:e], t) for s, e, t in pos_words(plain)] == expected


def test_viterbi_matches_jieba_on_unknown_characters():
    """Runs of characters jieba's dictionary lacks, traditional ones among them (not in
    its state table, so every state is possible), decode exactly as in jieba."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    from kg.segment import _PossegHmm, _viterbi

    for run_ in ("鑫福寶薪享通", "惠農貸", "郵儲好借", "犇骉羴", "e"):
        hmm = _PossegHmm(char_state_tab_P, start_P, trans_P, emit_P)
        assert _viterbi(run_, hmm) == viterbi(run_, char_state_tab_P, start_P, trans_P, emit_P)


def test_kg_pos_tags_tokens_once_and_entities_read_them(analyse_text, rules):
    """kg_pos leaves posseg's words on the Doc and a tag on every token; recognition
    given them finds what it finds tagging the text itself."""
    from kg.entities import tag_view

    doc = analyse_text("截至6月末，工銀 e錢包服务客户超2700万户，手机银行月活客户增长。")
    assert doc._.kg_pos == tag_view(doc._.kg_view.text)
    assert all(t.tag_ for t in doc if not t.is_space)
    assert next(t for t in doc if t.text == "客户").tag_ == "n"
    ctx = doc._.kg_context
    assert recognize(ctx, rules, doc._.kg_pos) == recognize(ctx, rules)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "本行面向个人客户推出星河存，满足机构客户多元化配置需求，为正常经营的企业客户提供抵押贷款。",
            {"个人客户", "机构客户", "企业客户"},
            set(),
        ),
        (
            "本行針對同業客戶推出銀河通；需有本行臺幣帳戶之公司戶，方可申請。",
            {"同业客户", "公司户"},
            set(),
        ),
        (
            "截至年末，本行服务2300多万个人客户和近8万家对公客户，零售客户数增长5%，零售客户资产1.2万亿元。",
            set(),
            {"个人客户", "对公客户", "零售客户"},
        ),
        (
            "個人客戶經理走訪科技企業客戶，公司客戶部負責審批。",
            set(),
            {"个人客户", "公司客户", "企业客户"},
        ),
        ("星河App完成升级，整合个人客户权益。", {"个人客户"}, {"整合个人客户"}),
        ("星河App完成升級，整合個人客戶權益。", {"个人客户"}, {"整合个人客户"}),
    ],
    ids=[
        "named-simplified",
        "named-traditional",
        "counted",
        "inside-longer-names-hant",
        "after-a-verb",
        "after-a-verb-hant",
    ],
)
def test_classes_of_customers_are_segments_where_not_counted(run, text, present, absent):
    """个人客户, 对公客户…: a class counted is a metric's word, a class talked about is a
    group of customers (entity.segment.class); inside a longer name it is no name."""
    mentions = run(text)[0]
    classes = {m.name for m in mentions if m.rule == "entity.segment.class"}
    assert classes == present
    assert all(m.kind == "CustomerSegment" for m in mentions if m.name in present)
    assert not absent & {m.name for m in mentions}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "2023年末，结算客户98.1万户，托管客户1,024户。",
            None,
            ("结算客户", "CustomerSegment"),
        ),
        ("为近12万外汇资产客户提供服务。", None, ("外汇资产客户", "CustomerSegment")),
        (
            "针对外汇资产客户推出专属理财。",
            ("外汇资产客户", "CustomerSegment"),
            None,
        ),
        (
            "苏州一家从事芯片设计的民营企业获得首笔贷款。",
            None,
            ("民营企业", "CustomerSegment"),
        ),
        ("这家科创企业当年完成上市。", None, ("科创企业", "CustomerSegment")),
        ("加大对民营企业的支持。", ("民营企业", "CustomerSegment"), None),
        (
            "依托跨境撮合特色产品服务外贸企业。",
            ("跨境撮合", "Product"),
            ("跨境撮合特色产品", "Product"),
        ),
        ("推出「并购+」全流程服务积极支持产业升级。", ("并购+", "Product"), None),
        ("提供「投贷通」一站式服务。", ("投贷通", "Product"), None),
        ("本行持续升级系统平台，通过系统模型自动预警。", None, ("系统平台", "Product")),
        ("本行持續升級系統平台，通過系統模型自動預警。", None, ("系统模型", "Product")),
        ("本行服务上市公司、科技企业、跨境等优质客群。", None, ("跨境", "CustomerSegment")),
        ("本行服務上市公司、科技企業、跨境等優質客群。", None, ("跨境", "CustomerSegment")),
    ],
    ids=[
        "service-users-counted",
        "service-users-after-count",
        "service-users-targeted",
        "one-company-described",
        "this-company",
        "group-targeted",
        "ranking-word-before-product",
        "quote-then-generic-service-then-verb",
        "quote-then-one-stop-service",
        "system-platform-is-generic",
        "system-model-is-generic-hant",
        "a-modifier-in-a-list-of-groups",
        "a-modifier-in-a-list-of-groups-hant",
    ],
)
def test_generic_and_individual_uses_are_no_names(run, text, present, absent):
    got = found(run(text)[0])
    if present:
        assert present in got
    if absent:
        assert absent not in got


# Names other banks' reports print the way the seeds never do: apps and Latin brands,
# groups without a 客户 head, units named 中心/总部, outside firms and government bodies
# in partner lists, group companies after 子公司, Hong Kong business lines.
GENERAL = [
    (
        "awards-listed-across-a-comma",
        "2017年，星河分行荣获全国“文明单位”，星河省“小微金融服务”十佳团队、“职工之家建设示范单位”，"
        "星河银行业“十佳”满意银行等称号，推出“星河贷”。",
        "星河银行",
        [("文明单位", "Award"), ("职工之家建设示范单位", "Award"), ("星河贷", "Product")],
    ),
    (
        "awards-listed-across-a-comma-hant",
        "2017年，星河分行榮獲全國「文明單位」，星河省「小微金融服務」十佳團隊、「職工之家建設示範單位」，"
        "星河銀行業「十佳」滿意銀行等稱號，推出「星河貸」。",
        "星河银行",
        [("文明单位", "Award"), ("职工之家建设示范单位", "Award"), ("星河贷", "Product")],
    ),
    (
        "award-title-with-a-list-inside",
        "2015年获星河省政府“金融支持‘科技创新、绿色转型’贡献奖”，2016年荣获“星河银行业创新贡献奖”。",
        "星河银行",
        [
            ("金融支持科技创新、绿色转型贡献奖", "Award"),
            ("星河银行业创新贡献奖", "Award"),
        ],
    ),
    (
        "award-title-with-a-list-inside-hant",
        "2015年獲星河省政府「金融支持『科技創新、綠色轉型』貢獻獎」，2016年榮獲「星河銀行業創新貢獻獎」。",
        "星河银行",
        [
            ("金融支持科技创新、绿色转型贡献奖", "Award"),
            ("星河银行业创新贡献奖", "Award"),
        ],
    ),
    (
        "a-groups-subsidiary-before-a-total",
        "星河控股的控股子公司招商銀行股份有限公司；星河控股及其控股子公司星河壽險合計持有本行52%股份。",
        "招商银行",
        [("星河寿险", "Subsidiary"), ("招商银行股份有限公司", "Bank")],
    ),
    (
        "ministry-and-own-department",
        "按照中华人民共和国财政部颁布的准则，本行金融科技部牵头；可加购“星河意外险”。",
        "星河银行",
        [("金融科技部", "Department"), ("星河意外险", "Product")],
    ),
    (
        "virtual-personas-and-model-apps",
        "本行上线星河知识助手、星河办公助手等大模型应用场景；赋能“星小宝”和“星小贝”虚拟 IP 运营。",
        "星河银行",
        [
            ("星河知识助手", "Product"),
            ("星河办公助手", "Product"),
            ("星小宝", "Product"),
            ("星小贝", "Product"),
        ],
    ),
    (
        "virtual-personas-and-model-apps-hant",
        "本行上線星河知識助手、星河辦公助手等大模型應用場景；賦能「星小寶」和「星小貝」虛擬人運營。",
        "星河银行",
        [
            ("星河知识助手", "Product"),
            ("星河办公助手", "Product"),
            ("星小宝", "Product"),
            ("星小贝", "Product"),
        ],
    ),
    (
        "zone-right-after-an-app",
        "本行在星河银行 APP\n境外专区新增退税功能，推出星河App理财专区。",
        "星河银行",
        [("境外专区", "Product"), ("理财专区", "Product")],
    ),
    (
        "zone-right-after-an-app-hant",
        "本行在星河銀行 APP\n境外專區新增退稅功能，推出星河App理財專區。",
        "星河银行",
        [("境外专区", "Product"), ("理财专区", "Product")],
    ),
    (
        "supported-programme-is-a-policy",
        "本行积极支持广东“百县千镇万村工程”，推进“三数”工程，持续服务“星河大工程”。",
        "星河银行",
        [
            ("百县千镇万村工程", "Strategy"),
            ("三数工程", "Initiative"),
            ("星河大工程", "Strategy"),
        ],
    ),
    (
        "supported-programme-is-a-policy-hant",
        "本行積極支持廣東「百縣千鎮萬村工程」，推進「三數」工程，推进「星河啟航工程」。",
        "星河银行",
        [
            ("百县千镇万村工程", "Strategy"),
            ("三数工程", "Initiative"),
            ("星河启航工程", "Initiative"),
        ],
    ),
    (
        "version-after-v",
        "星河農信V2.0上線，新增掃碼功能。",
        "星河银行",
        [("星河农信V2.0", "Product")],
    ),
    (
        "numeral-campaigns-and-plans",
        "全行打好存款、贷款和客户“三大战役”，推行“三比三评”管理机制，推出十大客群“双全双一”营销服务方案，做好“四个转变”。",
        "星河银行",
        [
            ("三大战役", "Initiative"),
            ("三比三评", "Initiative"),
            ("双全双一", "Initiative"),
            ("四个转变", "Strategy"),
        ],
    ),
    (
        "numeral-campaigns-and-plans-hant",
        "全行打好存款、貸款和客戶「三大戰役」，推行「三比三評」管理機制，推出十大客群「雙全雙一」營銷服務方案，做好「四個轉變」。",
        "星河银行",
        [
            ("三大战役", "Initiative"),
            ("三比三评", "Initiative"),
            ("双全双一", "Initiative"),
            ("四个转变", "Strategy"),
        ],
    ),
    (
        "members-and-consumers",
        "本行为财富管理会员、信用卡会员提供专属礼遇，允许海外消费者以银联卡付款。",
        "星河银行",
        [
            ("财富管理会员", "CustomerSegment"),
            ("信用卡会员", "CustomerSegment"),
            ("海外消费者", "CustomerSegment"),
        ],
    ),
    (
        "members-slashed-tiers-hant",
        "私人銀行/鑽石/白金會員專屬服務，另可協助香港消費者辦理。",
        "星河银行",
        [
            ("私人银行会员", "CustomerSegment"),
            ("钻石会员", "CustomerSegment"),
            ("白金会员", "CustomerSegment"),
            ("香港消费者", "CustomerSegment"),
        ],
    ),
    (
        "app-after-bank-name",
        "本行以兴业银行App和兴业生活App两大App为零售主平台。",
        "兴业银行",
        [("兴业银行App", "Product"), ("兴业生活App", "Product")],
    ),
    (
        "app-own-bank-name-hant",
        "中信銀行動卡空間App升級至9.0版本。",
        "中信银行",
        [("中信银行动卡空间App", "Product"), ("中信银行动卡空间App9.0", "Product")],
    ),
    (
        "app-version-after-blank",
        "报告期内发布浦发银行App 12.0。",
        "浦发银行",
        [("浦发银行App", "Product"), ("浦发银行App12.0", "Product")],
    ),
    (
        "latin-brands-hant",
        "借助AskAnna智能助手，升級電子錢包PayGo+。",
        "中信银行",
        [("AskAnna", "Product"), ("PayGo+", "Product")],
    ),
    ("quote-version-number", "推出“兴e贷”5.0版本。", "兴业银行", [("兴e贷5.0", "Product")]),
    (
        "bank-name-and-product-word-hant",
        "持續優化「建設銀行手機銀行」。",
        "建设银行",
        [("建设银行手机银行", "Product")],
    ),
    (
        "quote-typed-by-what-follows",
        "“数字钱袋”主要服务个体工商户。",
        "平安银行",
        [("数字钱袋", "Product"), ("个体工商户", "CustomerSegment")],
    ),
    (
        "households-in-context",
        "针对蔬菜种植户推出专属贷款，为养殖大户、家庭农场提供保险。",
        "农业银行",
        [
            ("蔬菜种植户", "CustomerSegment"),
            ("养殖大户", "CustomerSegment"),
            ("家庭农场", "CustomerSegment"),
        ],
    ),
    (
        "groups-without-customer-head-hant",
        "服務新中產、年輕客群等客戶群體，以及個體工商戶和涉農主體。",
        "建设银行",
        [("新中产", "CustomerSegment"), ("涉农主体", "CustomerSegment")],
    ),
    (
        "segment-status-verb-and-institutions",
        "私行签约客户达2万户，并聚焦金融机构客户。",
        "平安银行",
        [("私行签约客户", "CustomerSegment"), ("金融机构客户", "CustomerSegment")],
    ),
    (
        "segment-tier-and-above",
        "其中钻石及以上客户12万户。",
        "招商银行",
        [("钻石及以上客户", "CustomerSegment")],
    ),
    (
        "segment-without-leading-verb",
        "方便农村中老年客户使用，新增留学生客户5万户。",
        "农业银行",
        [("农村中老年客户", "CustomerSegment"), ("留学生客户", "CustomerSegment")],
    ),
    (
        "segment-after-qizhong-hant",
        "其中中高端客戶較上年末增長6%。",
        "中银香港",
        [("中高端客户", "CustomerSegment")],
    ),
    (
        "units-named-centre-and-headquarters",
        "零售金融总部联合财富管理部推进。本公司信用卡中心通过App开展经营。",
        "招商银行",
        [("零售金融总部", "Department"), ("信用卡中心", "Department")],
    ),
    (
        "units-joined-by-and",
        "子公司联动住房金融与个人信贷部推出产品，交易银行事业部联合数据资产管理及研发中心推出贷款。",
        "建设银行",
        [("住房金融与个人信贷部", "Department"), ("数据资产管理及研发中心", "Department")],
    ),
    ("office-after-bank", "中国银行办公室主办", "中国银行", [("办公室", "Department")]),
    (
        "hk-business-lines-hant",
        "個人銀行錄得除稅前溢利港幣50億元。企業銀行聯動財資業務。",
        "中银香港",
        [("个人银行", "Department"), ("企业银行", "Department"), ("财资业务", "Department")],
    ),
    (
        "partner-list",
        "本行与华为、阿里云合作，与小米、理想汽车等车企合作。",
        "工商银行",
        [("阿里云", "Organization"), ("理想汽车", "Organization")],
    ),
    (
        "government-bodies",
        "与浙江省农业农村厅合作，联合广州市地方金融监督管理局。",
        "工商银行",
        [("浙江省农业农村厅", "Organization"), ("广州市地方金融监督管理局", "Organization")],
    ),
    (
        "subsidiaries-after-cue",
        "与子公司兴银理财、兴业基金深化协同。",
        "兴业银行",
        [("兴银理财", "Subsidiary"), ("兴业基金", "Subsidiary")],
    ),
    (
        "subsidiary-company-and-short-name-hant",
        "附屬公司工銀人壽保險有限公司（「工銀人壽」）推出產品。",
        "工商银行",
        [("工银人寿保险有限公司", "Subsidiary"), ("工银人寿", "Subsidiary")],
    ),
    (
        "bank-company-with-country-hant",
        "其中中國工商銀行（馬來西亞）有限公司貸款增長。",
        "工商银行",
        [("中国工商银行(马来西亚)有限公司", "Subsidiary")],
    ),
    (
        "strategies-before-quoted-frame",
        "纵深推进绿色金融、县域金融、跨境金融“三大战略”。",
        "建设银行",
        [("绿色金融", "Strategy"), ("县域金融", "Strategy"), ("跨境金融", "Strategy")],
    ),
    (
        "other-banks-branch-hant",
        "本集團聯同中國銀行廣東省分行推出服務。",
        "中银香港",
        [("中国银行广东省分行", "Branch")],
    ),
    (
        "hk-arm-is-its-own-bank-hant",
        "中銀香港推出服務，深化與母行中國銀行的協同。",
        "中银香港",
        [("中银香港", "Bank"), ("中国银行", "Organization")],
    ),
    (
        "hk-arm-in-parents-report",
        "中银香港推出跨境服务。",
        "中国银行",
        [("中银香港", "Subsidiary")],
    ),
    ("hk-arm-elsewhere", "中银香港推出跨境服务。", "工商银行", [("中银香港", "Organization")]),
    (
        "a-modifier-joined-by-ji-shares-the-head",
        "本行深化代发及批量业务客户经营，服务小微企业及县域客户。",
        "工商银行",
        [("代发及批量业务客户", "CustomerSegment"), ("县域客户", "CustomerSegment")],
    ),
    (
        "a-modifier-joined-by-ji-shares-the-head-hant",
        "本行深化代發及批量業務客戶經營，服務小微企業及縣域客戶。",
        "工商银行",
        [("代发及批量业务客户", "CustomerSegment"), ("县域客户", "CustomerSegment")],
    ),
    (
        "the-side-of-the-market-is-part-of-the-group",
        "本行针对平台、B端商户的需求，提供收单服务。",
        "工商银行",
        [("B端商户", "CustomerSegment")],
    ),
    (
        "the-side-of-the-market-is-part-of-the-group-hant",
        "本行針對平台、B端商戶的需求，提供收單服務。",
        "工商银行",
        [("B端商户", "CustomerSegment")],
    ),
    (
        "one-size-word-names-a-group-of-firms",
        "本行深度经营小型企业、微型企业。",
        "工商银行",
        [("小型企业", "CustomerSegment"), ("微型企业", "CustomerSegment")],
    ),
    (
        "customers-of-a-region-the-bank-serves",
        "本行推出跨境理财产品，服务长三角客户。",
        "工商银行",
        [("长三角客户", "CustomerSegment")],
    ),
    (
        "customers-of-a-region-the-bank-serves-hant",
        "本行推出跨境理財產品，服務長三角客戶。",
        "工商银行",
        [("长三角客户", "CustomerSegment")],
    ),
    (
        "a-zone-inside-an-app-is-a-name-of-its-own",
        "本行持续建设星河银行APP个人养老金专区，丰富服务。",
        "工商银行",
        [("星河银行APP", "Product"), ("个人养老金专区", "Product")],
    ),
    (
        "a-zone-inside-an-app-is-a-name-of-its-own-hant",
        "本行持續建設星河銀行APP個人養老金專區，豐富服務。",
        "工商银行",
        [("星河银行APP", "Product"), ("个人养老金专区", "Product")],
    ),
    (
        "department-after-a-post-held-with-it",
        "张某现任本行计财总监兼计划财务部总经理，曾任星河投资有限公司电子商务业务部经理。",
        "工商银行",
        [("计划财务部", "Department"), ("电子商务业务部", "Department")],
    ),
    (
        "department-after-a-post-held-with-it-hant",
        "張某現任本行計財總監兼計劃財務部總經理。",
        "工商银行",
        [("计划财务部", "Department")],
    ),
    (
        "numeral-acronym-spelled-by-its-parts",
        "本行推进“一三五”重点工作，坚持“一个中心”、做好“三大支柱”、落实“五项改革”。",
        "工商银行",
        [("一三五", "Strategy"), ("三大支柱", "Strategy")],
    ),
    (
        "numeral-acronym-spelled-by-its-parts-hant",
        "本行推進「一三五」重點工作，堅持「一個中心」、做好「三大支柱」、落實「五項改革」。",
        "工商银行",
        [("一三五", "Strategy"), ("三大支柱", "Strategy")],
    ),
    (
        "foreign-firms-named-by-country-hant",
        "可轉入的銀行包括日商星河、新加坡商銀河銀行、香港商東亞及美商某某公司。",
        "青川银行",
        [
            ("日商星河", "Organization"),
            ("新加坡商银河银行", "Organization"),
            ("香港商东亚", "Organization"),
            ("美商某某公司", "Organization"),
        ],
    ),
    (
        "payment-platforms-and-utilities",
        "客户可绑定PayPal账户，在淘宝网消费，并代缴国家电网公司电费。",
        "工商银行",
        [("PayPal", "Organization"), ("淘宝网", "Organization"), ("国家电网公司", "Organization")],
    ),
    (
        "payment-platforms-and-utilities-hant",
        "客戶可綁定PayPal帳戶，使用台灣Pay付款，並經中華郵政寄送。",
        "青川银行",
        [("PayPal", "Organization"), ("台湾Pay", "Organization"), ("中华邮政", "Organization")],
    ),
    (
        "foreign-firms-named-by-country",
        "合作机构包括日商星河、新加坡商银河银行。",
        "青川银行",
        [("日商星河", "Organization"), ("新加坡商银河银行", "Organization")],
    ),
    (
        "channels-as-banks-in-taiwan-name-them-hant",
        "客戶可透過行動銀行、網路銀行或企業網路銀行申請。",
        "青川银行",
        [("行动银行", "Product"), ("网路银行", "Product"), ("企业网路银行", "Product")],
    ),
    (
        "personal-and-corporate-online-banking",
        "个人网银新增转账功能，企业网银上线集团理财。",
        "工商银行",
        [("个人网银", "Product"), ("企业网银", "Product")],
    ),
    # quoted strategies joined by 和/与 before a count of strategies (Taiwan says 策略)
    (
        "quoted-strategies-joined-before-a-count",
        "本行聚焦“智慧金融”和“乡村振兴”两大战略。",
        "星河银行",
        [("智慧金融", "Strategy"), ("乡村振兴", "Strategy")],
    ),
    (
        "quoted-strategies-joined-before-a-count-hant",
        "本行聚焦「智慧金融」與「跨境金融」兩大策略。",
        "星河银行",
        [("智慧金融", "Strategy"), ("跨境金融", "Strategy")],
    ),
    # a known name printed with a blank in it (Apple Pay) is found as printed
    (
        "lexicon-names-with-a-blank",
        "客户可使用Apple Pay或Samsung Pay支付。",
        "星河银行",
        [("ApplePay", "Organization"), ("SamsungPay", "Organization")],
    ),
    (
        "lexicon-names-with-a-blank-hant",
        "客戶可使用Apple Pay或Samsung Pay支付。",
        "星河银行",
        [("ApplePay", "Organization"), ("SamsungPay", "Organization")],
    ),
    # a service the bank offers with an outside organisation, named after it
    (
        "branded-services",
        "客户可开通微信支付代扣，或签约云闪付快捷，并申领京东金融联名卡。",
        "星河银行",
        [("微信支付代扣", "Product"), ("云闪付快捷", "Product"), ("京东金融联名卡", "Product")],
    ),
    (
        "branded-services-hant",
        "客戶可開通微信支付代扣，或簽約雲閃付快捷，並申辦京東金融聯名卡。",
        "星河银行",
        [("微信支付代扣", "Product"), ("云闪付快捷", "Product"), ("京东金融联名卡", "Product")],
    ),
    # messaging apps and social networks are outside organisations (a bank's official
    # account on them is how it reaches customers)
    (
        "messaging-apps",
        "客户可通过WhatsApp联系理财顾问，本行在YouTube与Facebook发布投教视频。",
        "星河银行",
        [("WhatsApp", "Organization"), ("YouTube", "Organization"), ("Facebook", "Organization")],
    ),
    (
        "messaging-apps-hant",
        "客戶可透過LINE聯繫理財顧問，本行在YouTube與臉書發布投教影片。",
        "星河银行",
        [("LINE", "Organization"), ("YouTube", "Organization"), ("脸书", "Organization")],
    ),
    # branches named after cities of Taiwan and districts of Hong Kong; a city's government
    (
        "taiwan-and-hong-kong-places",
        "高雄分行与旺角分行合作推出跨境汇款，本行与新北市政府签署合作备忘录。",
        "星河银行",
        [("高雄分行", "Branch"), ("旺角分行", "Branch"), ("新北市政府", "Organization")],
    ),
    (
        "taiwan-and-hong-kong-places-hant",
        "高雄分行與旺角分行合作推出跨境匯款，本行與新北市政府簽署合作備忘錄。",
        "星河银行",
        [("高雄分行", "Branch"), ("旺角分行", "Branch"), ("新北市政府", "Organization")],
    ),
    # a bank in Taiwan names its units 事業處 / 事業群
    (
        "taiwan-business-units",
        "由数位金融事业处负责推动，财富管理事业群协助。",
        "星河银行",
        [("数位金融事业处", "Department"), ("财富管理事业群", "Department")],
    ),
    (
        "taiwan-business-units-hant",
        "由數位金融事業處負責推動，財富管理事業群協助。",
        "星河银行",
        [("数位金融事业处", "Department"), ("财富管理事业群", "Department")],
    ),
]


@pytest.mark.parametrize(
    ("text", "bank", "expected"),
    [case[1:] for case in GENERAL],
    ids=[case[0] for case in GENERAL],
)
def test_recognises_names_of_other_banks_reports(run, text, bank, expected):
    mentions, _ = run(text, bank)
    names = {(m.name.replace(" ", ""), m.kind) for m in mentions}
    assert set(expected) <= names


GENERAL_FALSE_FRIENDS = [
    (
        "one-of-a-kind-names-none",
        "享星宝是本行面向个人客户推出的一款储蓄存款产品；本行推出一款手机银行产品。",
        "星河银行",
        {"储蓄存款产品", "手机银行产品"},
    ),
    (
        "one-of-a-kind-names-none-hant",
        "享星寶是本行面向個人客戶推出的一款儲蓄存款產品；本行推出一款手機銀行產品。",
        "星河银行",
        {"储蓄存款产品", "手机银行产品"},
    ),
    (
        "bare-get-is-no-award-cue",
        "本行获批“星河贷”试点，获客“星河宝”增长；推出“星河通、银河通”组合。",
        "星河银行",
        {"星河通、银河通"},
    ),
    (
        "issuing-is-no-word-of-a-product",
        "本公司从事发行公募理财产品、发行私募理财产品业务。",
        "星河银行",
        {"发行私募理财产品", "发行公募理财产品"},
    ),
    (
        "issuing-is-no-word-of-a-product-hant",
        "本公司從事發行公募理財產品、發行私募理財產品業務。",
        "星河银行",
        {"发行私募理财产品", "发行公募理财产品"},
    ),
    (
        "the-bank-as-a-groups-subsidiary",
        "星河控股的控股子公司招商银行股份有限公司；星河控股及其控股子公司星河寿险合计持有本行52%股份。",
        "招商银行",
        {"星河寿险合计"},
    ),
    (
        "the-bank-as-a-groups-subsidiary-hant",
        "星河控股的控股子公司招商銀行股份有限公司；星河控股及其控股子公司星河壽險合計持有本行52%股份。",
        "招商银行",
        {"星河寿险合计"},
    ),
    (
        "quoted-qualities",
        "本行推进“网格化”管理，推出“陪伴式”服务，丰富“基础性”金融产品。",
        "星河银行",
        {"网格化", "陪伴式", "基础性"},
    ),
    (
        "quoted-qualities-hant",
        "本行推進「網格化」管理，推出「陪伴式」服務，豐富「基礎性」金融產品。",
        "星河银行",
        {"网格化", "陪伴式", "基础性"},
    ),
    (
        "terms-of-the-financial-statements",
        "本集团将资产区分为“低风险”、“中风险”和“高风险”；“发放贷款和垫款”“吸收存款”及其明细；"
        "运用“三阶段”减值模型。本报表按照中华人民共和国财政部颁布的准则编制。",
        "星河银行",
        {"低风险", "中风险", "高风险", "吸收存款", "三阶段", "中华人民共和国财政部"},
    ),
    (
        "terms-of-the-financial-statements-hant",
        "本集團將資產區分為「低風險」、「中風險」和「高風險」；「發放貸款和墊款」「吸收存款」及其明細；"
        "運用「三階段」減值模型。本報表按照中華人民共和國財政部頒佈的準則編制。",
        "星河银行",
        {"低风险", "中风险", "高风险", "吸收存款", "三阶段", "中华人民共和国财政部"},
    ),
    ("campus-in-brackets", "现任星河大学（深圳）管理学院副院长。", "星河银行", {"深圳"}),
    (
        "entities-of-the-accounts",
        "本行评估对结构化主体的控制，以本集团为会计主体；对联营企业和合营企业的投资；单一客户贷款集中度。",
        "星河银行",
        {"结构化主体", "会计主体", "联营企业", "合营企业", "单一客户"},
    ),
    (
        "entities-of-the-accounts-hant",
        "本行評估對結構化主體的控制，以本集團為會計主體；對聯營企業和合營企業的投資；單一客戶貸款集中度。",
        "星河银行",
        {"结构化主体", "会计主体", "联营企业", "合营企业", "单一客户"},
    ),
    (
        "affiliated-firms-in-taiwan-hant",
        "本行將查詢申請公司、負責人、保證人及關係企業於金融機構的往來紀錄。",
        "星河银行",
        {"关系企业"},
    ),
    (
        "affiliated-firms-in-taiwan",
        "本行将查询申请公司、负责人、保证人及关系企业于金融机构的往来纪录。",
        "星河银行",
        {"关系企业"},
    ),
    (
        "records-and-staff-of-customers",
        "签约手机号码须与柜面个人客户信息一致，星河贵宾客户经理将与您联系。",
        "星河银行",
        {"柜面个人客户", "星河贵宾客户", "个人客户"},
    ),
    (
        "records-and-staff-of-customers-hant",
        "簽約手機號碼須與櫃面個人客戶資料一致，星河貴賓客戶經理將與您聯繫。",
        "星河银行",
        {"柜面个人客户", "星河贵宾客户", "个人客户"},
    ),
    ("zone-of-no-app", "本行设立境外专区，服务出境客户。", "星河银行", {"境外专区"}),
    ("version-marker-is-no-letter", "星河农信V2.0上线，新增扫码功能。", "星河银行", {"星河农信V"}),
    # a number before a scaling word is an amount, not a version of the currency before it
    ("amount-is-no-version", "本行贷款总额达新台币2.5兆元。", "星河银行", {"新台币2.5", "新台币"}),
    (
        "amount-is-no-version-hant",
        "本行貸款總額達新臺幣2.5兆元。",
        "星河银行",
        {"新台币2.5", "新台币"},
    ),
    (
        "apposition-generic",
        "星河银行黑龙江省分行（以下简称“分行”）成立于1990年。",
        "星河银行",
        {"分行"},
    ),
    (
        "apposition-generic-hant",
        "星河銀行黑龍江省分行（下稱「分行」）成立於1990年。",
        "星河银行",
        {"分行"},
    ),
    (
        "members-of-bodies-and-consumer-rights",
        "本行系星河银行业协会会员单位，做好金融消费者权益保护，可向买方收取海外消费者款项。",
        "星河银行",
        {"星河银行业协会会员", "协会会员", "金融消费者", "收取海外消费者"},
    ),
    (
        "slashed-generic-word",
        "此次调整影响以下两类：产品/关键客户群体。",
        "星河银行",
        {"产品客户", "产品群体"},
    ),
    (
        "slashed-tier-cut-inside-a-word-hant",
        "私人銀行/鑽石會員",
        "星河银行",
        {"银行会员"},
    ),
    (
        "count-of-apps",
        "本公司以两大App为主平台，本公司App理财销售增长。",
        "工商银行",
        {"两大App", "本公司App"},
    ),
    ("region-customers-are-a-breakdown", "华南地区客户存款增长8%。", "工商银行", {"华南地区客户"}),
    ("metric-phrase-verb", "管理零售客户总资产增长。", "招商银行", {"管理零售客户"}),
    ("loan-customers-are-users", "普惠金融贷款客户194万户。", "建设银行", {"普惠金融贷款客户"}),
    (
        "quoted-product-users",
        "“薪薪宝”客户数超百万户。",
        "招商银行",
        {"薪薪宝客户"},
    ),
    (
        "centre-without-context",
        "建设客户服务中心，打造数据中心。",
        "工商银行",
        {"客户服务中心", "数据中心"},
    ),
    (
        "business-lines-are-no-partners",
        "深化与公司、机构、普惠业务合作，与渠道管理、网络金融专业合作。",
        "工商银行",
        {"公司", "机构", "普惠业务", "渠道管理", "网络金融专业"},
    ),
    ("banking-system-is-no-bank", "选定为厦门银行系统唯一的联系点。", "工商银行", {"厦门银行"}),
    (
        "career-line-of-a-director",
        "张某某曾任财政部会计司副司长，兼任星河财经大学教授，历任某某证券投资银行事业部经理。",
        "工商银行",
        {"曾任财政部", "兼任星河财经大学", "历任某某证券投资银行事业部"},
    ),
    (
        "career-line-of-a-director-hant",
        "張某某曾任財政部會計司副司長，兼任星河財經大學教授。",
        "工商银行",
        {"曾任财政部", "兼任星河财经大学"},
    ),
    (
        "laws-and-segments-of-the-accounts",
        "本行按照《公司法》《证券法》《星河银行法》的规定，以经营分部为基础确定报告分部；"
        "审计报告“注册会计师的责任”部分另有阐述。",
        "工商银行",
        {
            "公司法",
            "证券法",
            "星河银行法",
            "经营分部",
            "报告分部",
            "注册会计师的责任部",
        },
    ),
    (
        "laws-and-segments-of-the-accounts-hant",
        "本行按照《公司法》《證券法》的規定，以經營分部為基礎確定報告分部；"
        "審計報告「註冊會計師的責任」部分另有闡述。",
        "工商银行",
        {"公司法", "证券法", "经营分部", "报告分部", "注册会计师的责任部"},
    ),
    (
        "verbs-and-counts-before-product-words",
        "围绕塑造产品极致体验，投产多项创新产品；客户可通过支付宝官网开通支付宝快捷支付，或在管理后台新增星河通App帐号。",
        "工商银行",
        {"塑造产品", "多项创新产品", "支付宝官网开通支付宝", "后台新增星河通App"},
    ),
    (
        "verbs-and-counts-before-product-words-hant",
        "圍繞塑造產品極致體驗，投產多項創新產品；特店可在管理後台新增星河通App帳號。",
        "工商银行",
        {"塑造产品", "多项创新产品", "后台新增星河通App"},
    ),
    (
        "former-name-of-a-bank-is-no-strategy",
        "本行于2012年吸收合并星河银行股份有限公司（“原星河银行”），星河发展银行股份有限公司（“星河发展银行”）更名。",
        "工商银行",
        {"原星河银行", "星河发展银行"},
    ),
    (
        "former-name-of-a-bank-is-no-strategy-hant",
        "本行吸收合併星河銀行股份有限公司（「原星河銀行」）。",
        "工商银行",
        {"原星河银行"},
    ),
    (
        "a-verb-of-doing-well-and-customers-is-no-group",
        "（2）做精客户\n本行顺应企业需求。\n做强客户：完善服务体系。",
        "工商银行",
        {"做精客户", "做强客户"},
    ),
    (
        "a-verb-of-doing-well-and-customers-is-no-group-hant",
        "（2）做精客戶\n本行順應企業需求。\n做強客戶：完善服務體系。",
        "工商银行",
        {"做精客户", "做强客户"},
    ),
    (
        "firms-named-by-scope-and-size-only",
        "本行服务全省国有大中型企业，支持省内大型企业走出去，与跨国公司及民营企业合作。",
        "工商银行",
        {"全省国有大中型企业", "省内大型企业", "跨国公司及民营企业"},
    ),
    (
        "firms-named-by-scope-and-size-only-hant",
        "本行服務全省國有大中型企業，支持省內大型企業走出去。",
        "工商银行",
        {"全省国有大中型企业", "省内大型企业"},
    ),
    (
        "labels-of-a-screen-are-no-names",
        "请启动“开始”菜单中的程序，点击“确定”按钮，或于“首页→信用卡”查询。",
        "工商银行",
        {"开始", "确定", "首页→信用卡"},
    ),
    (
        "labels-of-a-screen-are-no-names-hant",
        "請啟動「開始」選單中的程式，點選「確定」按鈕，或於「首頁→信用卡」查詢。",
        "工商银行",
        {"开始", "确定", "首页→信用卡"},
    ),
    (
        "what-is-said-of-a-subsidiary",
        "本行向子公司出售资产所发生的损益予以抵销；子公司详见附注五；控股子公司星河寿险不存在质押。",
        "工商银行",
        {"出售资产", "详见附注五", "星河寿险不存在质押"},
    ),
    (
        "what-is-said-of-a-subsidiary-hant",
        "本行向子公司出售資產所發生的損益予以抵銷；控股子公司星河壽險不存在質押。",
        "工商银行",
        {"出售资产", "星河寿险不存在质押"},
    ),
    (
        "banking-and-insurance-is-no-bank",
        "该项目入选中国银行保险业服务创新优秀案例，另获交通银行保险机构评比奖项。",
        "工商银行",
        {"中国银行", "交通银行"},
    ),
    (
        "banking-and-insurance-is-no-bank-hant",
        "該項目入選中國銀行保險業服務創新優秀案例，另獲交通銀行保險機構評比獎項。",
        "工商银行",
        {"中国银行", "交通银行"},
    ),
    ("layout-is-no-bureau", "优化全国网点布局。", "工商银行", {"全国网点布局", "网点布局"}),
    ("subsidiary-cue-without-name", "发挥子公司的牌照优势。", "工商银行", {"的牌照优势"}),
    (
        "bracket-without-a-country-hant",
        "中銀香港（控股）有限公司 2023中期報告",
        "中银香港",
        {"中银香港(控股)有限公司"},
    ),
    ("newsletter-title", "农行通讯第10期", "农业银行", {"农行通讯第", "农行通"}),
    ("descriptor-before-brand", "升级电子钱包PayGo+。", "工商银行", {"电子钱包"}),
    ("business-line-as-business-hant", "個人銀行業務積極把握機遇。", "中银香港", {"个人银行"}),
    # a two-character word ending in 部 (混部, 内部) is no department's head
    (
        "word-ending-in-department-head",
        "实现以常态化混部为核心的技术体系，加强内部管理。",
        "星河银行",
        {"常态化混部", "加强内部"},
    ),
    (
        "word-ending-in-department-head-hant",
        "實現以常態化混部為核心的技術體系，加強內部管理。",
        "星河银行",
        {"常态化混部", "加强内部"},
    ),
    # a cooperation called strategic names no strategy of the words before it
    (
        "strategic-cooperation-is-no-strategy",
        "本行与星辰集团签署普惠科技战略合作协议，结成乡村振兴战略伙伴。",
        "星河银行",
        {"普惠科技战略", "乡村振兴战略"},
    ),
    (
        "strategic-cooperation-is-no-strategy-hant",
        "本行與星辰集團簽署普惠科技戰略合作協議，結成鄉村振興戰略夥伴。",
        "星河银行",
        {"普惠科技战略", "乡村振兴战略"},
    ),
    # 政府采购 is what a government buys: no 财政厅政府
    (
        "government-procurement-is-no-government",
        "江苏省财政厅政府采购平台上线。",
        "星河银行",
        {"江苏省财政厅政府"},
    ),
    # 策略 alone is a tactic; 数位转型 is Taiwan's 数字化转型 (generic); 改版 is a revamp
    (
        "tactics-generic-turn-and-revamp",
        "本行优化营销策略和定价策略，推进“数位转型”和“开放银行”两大策略，推动星河App改版。",
        "星河银行",
        {"营销策略", "定价策略", "数位转型", "星河App改版"},
    ),
    (
        "tactics-generic-turn-and-revamp-hant",
        "本行優化行銷策略和定價策略，推進「數位轉型」與「開放銀行」兩大策略，推動星河App改版。",
        "星河银行",
        {"行销策略", "定价策略", "数位转型", "星河App改版"},
    ),
]


@pytest.mark.parametrize(
    ("text", "bank", "names"),
    [case[1:] for case in GENERAL_FALSE_FRIENDS],
    ids=[case[0] for case in GENERAL_FALSE_FRIENDS],
)
def test_leaves_other_banks_false_friends_alone(run, text, bank, names):
    mentions, _ = run(text, bank)
    assert not names & {m.name for m in mentions}, found(mentions)


@pytest.mark.parametrize(
    ("text", "bank", "name", "rule"),
    [
        ("建设客户服务中心。", "工商银行", "客户服务中心", "entity.suffix.department_unit"),
        (
            "普惠金融贷款客户194万户。",
            "建设银行",
            "普惠金融贷款客户",
            "entity.suffix.segment.product_users",
        ),
        (
            "“薪薪宝”客户数超百万户。",
            "招商银行",
            "薪薪宝客户",
            "entity.suffix.segment.product_users",
        ),
        ("种养大户数量增长。", "农业银行", "种养大户", "entity.suffix.segment_group"),
        ("6月末，月均活跃客户759万户。", "星河银行", "月均活跃客户", "entity.suffix.segment"),
        ("6月末，月均活躍客戶759萬戶。", "星河银行", "月均活跃客户", "entity.suffix.segment"),
    ],
    ids=[
        "centre-without-context",
        "loan-users",
        "quoted-product-users",
        "household-without-context",
        "customers-in-an-average-month",
        "customers-in-an-average-month-hant",
    ],
)
def test_other_banks_weak_spans_go_to_the_review_queue(run, text, bank, name, rule):
    mentions, candidates = run(text, bank)
    assert (name, rule) in {(c.name, c.rule) for c in candidates}
    assert name not in {m.name for m in mentions}


# Refinements of chosen spans (entities.yaml lead_trim, non_prose): a name found by a
# pattern does not begin with a verb of doing or a function word; no name lies inside
# a web address.
LEAD_TRIMMED = [
    ("verb-before-segment", "本行顺应县域客户的需求，推出专属服务。", "县域客户", "顺应县域客户"),
    (
        "verb-before-segment-hant",
        "該行順應縣域客戶的需求，推出專屬服務。",
        "县域客户",
        "顺应县域客户",
    ),
    ("conjunction-before-app", "若星河App无法登录，请重新安装。", "星河App", "若星河App"),
    ("conjunction-before-app-hant", "若星河App無法登入，請重新安裝。", "星河App", "若星河App"),
    ("pronoun-and-verb-before-app", "您可使用星河App查询余额。", "星河App", "可使用星河App"),
    # a quote of digits takes a noun glued before it (幸福“1+4”), never a verb acting on it
    ("verb-before-numbered-quote", "本行持续迭代打磨“2+5”平台。", "2+5", "打磨2+5"),
    ("verb-before-numbered-quote-hant", "本行持續迭代打磨「2+5」平台。", "2+5", "打磨2+5"),
]


@pytest.mark.parametrize(
    "text,name,wrong", [c[1:] for c in LEAD_TRIMMED], ids=[c[0] for c in LEAD_TRIMMED]
)
def test_names_do_not_begin_with_verbs_or_function_words(run, text, name, wrong):
    names = {m.name for m in run(text, "星河银行")[0]}
    assert name in names
    assert wrong not in names


@pytest.mark.parametrize(
    "text",
    ["通过调整客群结构，提升资产质量。", "通過調整客群結構，提升資產品質。"],
    ids=["hans", "hant"],
)
def test_a_verb_and_its_generic_object_is_no_name(run, text):
    assert not [m for m in run(text)[0] if m.kind == "CustomerSegment"]


@pytest.mark.parametrize(
    "text",
    [
        "登录后请访问https://www.example.com/OpenLoan/PayHome页面办理。",
        "請至 https://bank.example.tw/SmartPay/LoanCenter 查詢。",
        "来信请寄service@PayHome.example.com。",
    ],
    ids=["url-hans", "url-hant", "email"],
)
def test_no_name_inside_a_web_address(run, text):
    mentions, candidates = run(text)
    assert not [m for m in mentions if m.text.isascii()], found(mentions)
    assert not [c for c in candidates if c.name.isascii()]


# Question-and-answer pages name the services they describe in their questions
# (entities.yaml question_topic).
QUESTION_TOPICS = [
    ("what-is", "什么是星河快付？\n星河快付是一项手机支付服务。", "星河快付"),
    ("what-is-hant", "什麼是星河快付?\n星河快付是一項手機支付服務。", "星河快付"),
    ("attribute", "星河安居贷的申请条件是什么？\n年满十八岁。", "星河安居贷"),
    ("attribute-hant", "星河安居貸的申請條件是什麼?\n年滿十八歲。", "星河安居贷"),
    ("how-to-apply", "如何申请星河留学贷款？\n请至柜台办理。", "星河留学贷款"),
    ("how-to-apply-hant", "如何申請星河留學貸款?\n請至櫃檯辦理。", "星河留学贷款"),
    ("topic-opens", "星河定存宝可以提前解约吗？\n可以。", "星河定存宝"),
    ("topic-opens-hant", "星河定存寶可以提前解約嗎?\n可以。", "星河定存宝"),
    ("after-act", "申请星河助业贷款需要哪些资料？\n身份证。", "星河助业贷款"),
    ("after-act-hant", "申請星河助業貸款需要哪些資料?\n身分證。", "星河助业贷款"),
    # an act inside the topic: what is used is the name
    ("inner-act", "收款者使用星河号码转账需要哪些设定？\n无需设定。", "星河号码转账"),
    ("inner-act-hant", "收款者使用星河號碼轉帳需要哪些設定?\n無需設定。", "星河号码转帐"),
    # a name ending in its own head drops the general word after it
    ("trailing-service", "如何申请星河无卡提款服务？\n请至柜台办理。", "星河无卡提款"),
    ("trailing-service-hant", "如何申請星河無卡提款服務?\n請至櫃檯辦理。", "星河无卡提款"),
    # an attribute of the topic after 的 (its password, its terms) before the question word
    ("attribute-then-question", "星河联名卡的初始密码如何获得？\n请至柜台。", "星河联名卡"),
    ("attribute-then-question-hant", "星河聯名卡的初始密碼如何獲得?\n請至櫃檯。", "星河联名卡"),
    ("which-insurer", "星河安心保险是哪家保险公司承保？\n云帆保险。", "星河安心保险"),
    ("which-insurer-hant", "星河安心保險是哪家保險公司承保?\n雲帆保險。", "星河安心保险"),
    # the act, then the topic ending the question
    ("act-then-topic", "哪些客户可以办理星河薪资贷款？\n在职员工。", "星河薪资贷款"),
    ("act-then-topic-hant", "哪些客戶可以辦理星河薪資貸款?\n在職員工。", "星河薪资贷款"),
]


@pytest.mark.parametrize(
    "text,name", [c[1:] for c in QUESTION_TOPICS], ids=[c[0] for c in QUESTION_TOPICS]
)
def test_question_topics_are_products(run, text, name):
    mentions, _ = run(text, "星河银行")
    assert (name, "Product") in found(mentions)
    assert "entity.question.topic" in {m.rule for m in mentions if m.name == name}


@pytest.mark.parametrize(
    "text",
    [
        "什么是投资海外债券的流动性风险？\n即无法及时卖出的风险。",
        "如何将款项汇给国外亲友？\n请使用外汇汇款。",
        "甲贷与乙贷的差别是什么？\n利率不同。",
        "什麼是結構型商品？\n一種衍生性商品。",
    ],
    ids=["with-de", "clause", "two-names", "no-product-word-hant"],
)
def test_question_clauses_are_no_names(run, text):
    mentions, _ = run(text, "星河银行")
    assert not [m for m in mentions if m.rule == "entity.question.topic"], found(mentions)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("外币汇款如何查询进度？\n请登入网络银行查询。", False),
        ("外幣匯款如何查詢進度?\n請登入網路銀行查詢。", False),
        ("外币汇款如何查询进度？\n外币汇款可于网络银行查询。", True),
        ("外幣匯款如何查詢進度?\n外幣匯款可於網路銀行查詢。", True),
    ],
    ids=["once", "once-hant", "restated", "restated-hant"],
)
def test_a_question_topic_printed_once_goes_to_review(run, text, named):
    """A service an FAQ names in one question only, with no prefix of the bank, is a case
    the question describes: a candidate for review; restated, it is a product."""
    mentions, candidates = run(text, "星河银行")
    topic = ("外币汇款", "Product", "entity.question.topic")
    assert (topic in {(m.name, m.kind, m.rule) for m in mentions}) is named
    assert (topic in {(c.name, c.kind_guess, c.rule) for c in candidates}) is not named


# Document structure: product pages, flattened region tables, branch names.
@pytest.mark.parametrize(
    "text",
    [
        "星河安家贷\n【产品介绍】\n为购买住房的客户提供的贷款。\n",
        "星河安家貸\n【產品介紹】\n為購買住房的客戶提供的貸款。\n",
        "星河安家贷\n产品特点：额度高，放款快。\n",
    ],
    ids=["bracketed-hans", "bracketed-hant", "colon"],
)
def test_a_product_page_title_is_a_product(run, text):
    mentions, _ = run(text, "星河银行")
    hit = [m for m in mentions if m.name == "星河安家贷"]
    assert [(m.kind, m.rule) for m in hit] == [("Product", "entity.page.title")]


@pytest.mark.parametrize(
    "text",
    [
        "星河安家贷\n本行为购买住房的客户提供贷款。\n",
        # a report's heading restated by a sentence on its results, not defined by it
        "零售银行\n\n零售银行录得税前利润20亿元，按年上升5%。\n",
        "零售銀行\n\n零售銀行錄得稅前利潤20億元，按年上升5%。\n",
        # a term the notes to the accounts define: ordinary words, no product's head
        "应付职工薪酬\n应付职工薪酬是指本集团为获得职工提供的服务而给予的报酬。\n",
        "衍生性金融資產\n衍生性金融資產是指其價值隨特定利率變動的金融工具。\n",
    ],
    ids=["prose", "heading-hans", "heading-hant", "accounting-term", "accounting-term-hant"],
)
def test_a_line_before_prose_is_no_product_page_title(run, text):
    mentions, _ = run(text, "星河银行")
    assert not [m for m in mentions if m.rule.startswith("entity.page.")]


@pytest.mark.parametrize(
    "text,name",
    [
        (
            "0371-1234\n\n星河云柜\n星河云柜是本行推出的远程视频服务，客户可在家办理业务。\n",
            "星河云柜",
        ),
        (
            "0371-1234\n\n星河雲櫃\n星河雲櫃是本行推出的遠程視訊服務，客戶可在家辦理業務。\n",
            "星河雲櫃",
        ),
        ("星河企银\n星河企业网上银行主要包括账户查询、转账等功能。\n", "星河企银"),
        ("乐存存\n乐存存是本行推出的零钱储蓄服务，按日计息。\n", "乐存存"),
    ],
    ids=["hans", "hant", "spelled-out", "coined-name"],
)
def test_a_line_the_prose_after_it_names_again_is_a_product(run, text, name):
    """A product page without section headings: its title line, then prose opening with
    the same name (or the name spelled out, its characters in order)."""
    mentions, _ = run(text, "星河银行")
    hit = [(m.text, m.kind, m.rule) for m in mentions if m.rule.startswith("entity.page.")]
    assert hit == [(name, "Product", "entity.page.restated")]


@pytest.mark.parametrize(
    "text,names",
    [
        ("地区\n贷款余额\n江苏\n1,200\n浙江\n980\n四川省\n450\n", {"江苏", "浙江", "四川省"}),
        ("地區\n貸款餘額\n江蘇\n1,200\n浙江\n980\n四川省\n450\n", {"江苏", "浙江", "四川省"}),
    ],
    ids=["hans", "hant"],
)
def test_places_alone_on_lines_of_a_table_are_regions(run, text, names):
    mentions, _ = run(text)
    regions = {m.name for m in mentions if m.kind == "Region"}
    assert regions == names
    assert {m.rule for m in mentions if m.kind == "Region"} == {"entity.region.table_row"}


@pytest.mark.parametrize(
    "text",
    [
        "各地区网点数量如下：\n地区  网点数量  地区  网点数量  地区  网点数量\n"
        "江苏  120  浙江  98  安徽  45\n福建  77  江西  30  山东  150\n",
        "各地區網點數量如下：\n地區  網點數量  地區  網點數量  地區  網點數量\n"
        "江蘇  120  浙江  98  安徽  45\n福建  77  江西  30  山東  150\n",
    ],
    ids=["hans", "hant"],
)
def test_places_opening_the_groups_of_a_wide_table_are_regions(run, text):
    """A wide table prints its rows side by side (a place, a blank, its figure, again):
    each place that opens a group is a region, as if it stood alone on its line."""
    mentions, _ = run(text)
    regions = [(m.name, m.rule) for m in mentions if m.kind == "Region"]
    assert sorted(regions) == sorted(
        (name, "entity.region.table_row")
        for name in ("江苏", "浙江", "安徽", "福建", "江西", "山东")
    )


def test_one_place_alone_on_a_line_is_no_region(run):
    mentions, _ = run("江苏\n本行在当地推出新服务。\n")
    assert not [m for m in mentions if m.kind == "Region"]


@pytest.mark.parametrize(
    "text,surface,name",
    [
        ("本行湖南省分行推出新服务。", "湖南省分行", "湖南分行"),
        ("本行廣西壯族自治區分行推出新服務。", "廣西壯族自治區分行", "广西分行"),
    ],
    ids=["province", "autonomous-region-hant"],
)
def test_branch_names_drop_the_administrative_word(run, text, surface, name):
    mentions, _ = run(text)
    branch = [m for m in mentions if m.kind == "Branch"]
    assert [(m.text, m.name) for m in branch] == [(surface, name)]


@pytest.mark.parametrize(
    "text,bank,expected",
    [
        (
            "2017年，湖南农行推进转型，湖南省农行荣获“最佳服务银行”。",
            "农业银行",
            [("湖南农行", "湖南分行"), ("湖南省农行", "湖南分行")],
        ),
        (
            "2017年，湖南農行推進轉型，湖南省農行榮獲「最佳服務銀行」。",
            "农业银行",
            [("湖南農行", "湖南分行"), ("湖南省農行", "湖南分行")],
        ),
        # another bank's short name after a place is that bank, not a branch of ours
        ("湖南农行推进转型。", "工商银行", []),
    ],
    ids=["hans", "hant", "other-bank"],
)
def test_a_place_before_our_short_name_is_our_branch_there(run, text, bank, expected):
    mentions, _ = run(text, bank)
    branch = [(m.text, m.name) for m in mentions if m.rule == "entity.branch.regional_short"]
    assert branch == expected
    assert all(m.kind == "Branch" for m in mentions if m.rule == "entity.branch.regional_short")


@pytest.mark.parametrize(
    "text,names",
    [
        ("本行与星河大学、云岭师范学院合作建设实验室。", {"星河大学", "云岭师范学院"}),
        ("本行與星河大學、雲嶺師範學院合作建設實驗室。", {"星河大学", "云岭师范学院"}),
        ("本行被评为星河市银行业协会优秀会员单位。", {"星河市银行业协会"}),
        ("該活動入選星河金融傳媒評選的年度案例。", {"星河金融传媒"}),
        ("经教育部批准设立助学贷款。", {"教育部"}),
        ("經教育部核准設立助學貸款。", {"教育部"}),
    ],
    ids=[
        "universities",
        "universities-hant",
        "association-after-verb",
        "media-hant",
        "ministry",
        "ministry-hant",
    ],
)
def test_outside_institutions_named_by_their_kind(run, text, names):
    mentions, _ = run(text, "星河银行")
    assert names == {m.name for m in mentions if m.kind == "Organization"}


@pytest.mark.parametrize(
    "text", ["本行联合行业协会、国外大学开展研究。", "本行聯合行業協會、國外大學開展研究。"]
)
def test_generic_institutions_are_no_names(run, text):
    assert not [m for m in run(text)[0] if m.kind == "Organization"]


@pytest.mark.parametrize(
    "text",
    [
        "本行紧跟国家发展战略，加大信贷投放。",
        "本行緊跟國家發展戰略，加大信貸投放。",
        "本行积极响应国家战略，服务实体经济。",
        "全年利润增长实现“两位数”。",
        "全年利潤增長實現「兩位數」。",
    ],
    ids=["follow-hans", "follow-hant", "respond", "growth-rate", "growth-rate-hant"],
)
def test_following_a_national_strategy_or_a_growth_rate_is_no_strategy(run, text):
    assert not [m for m in run(text)[0] if m.kind == "Strategy"], found(run(text)[0])


@pytest.mark.parametrize(
    "text,names",
    [
        (
            "本行与星河电信、云岭大哥大、海角之星等运营商合作。",
            {"星河电信", "云岭大哥大", "海角之星"},
        ),
        (
            "本行與星河電信、雲嶺大哥大、海角之星等電信商合作。",
            {"星河电信", "云岭大哥大", "海角之星"},
        ),
    ],
    ids=["hans", "hant"],
)
def test_list_members_share_the_kind_of_their_named_siblings(run, text, names):
    mentions, _ = run(text, "星河银行")
    assert names <= {m.name for m in mentions if m.kind == "Organization"}
    assert "entity.list.sibling" in {m.rule for m in mentions}


@pytest.mark.parametrize(
    "text",
    ["本行与星河电信、3,839亿元、提供服务等合作。", "本行與星河電信、提供服務等合作。"],
    ids=["number", "verb-hant"],
)
def test_list_members_with_numbers_or_verbs_take_no_kind(run, text):
    mentions, _ = run(text, "星河银行")
    assert not [m for m in mentions if m.rule == "entity.list.sibling"], found(mentions)


@pytest.mark.parametrize(
    "text",
    ["本行坚持“星河交易+客户业务”双轮驱动。", "本行堅持「星河交易+客戶業務」雙輪驅動。"],
    ids=["hans", "hant"],
)
def test_a_head_word_inside_a_longer_quoted_name_names_nothing(run, text):
    names = {m.name for m in run(text, "星河银行")[0]}
    assert "星河交易+客户" not in names


@pytest.mark.parametrize(
    "text",
    [
        "本行坚持“星河做强”战略。全年持续升级“星河做强”，成效显著。",
        "本行堅持「星河做強」戰略。全年持續升級「星河做強」，成效顯著。",
    ],
    ids=["hans", "hant"],
)
def test_a_name_keeps_the_kind_its_head_word_gave_it(run, text):
    mentions, _ = run(text, "星河银行")
    kinds = {m.kind for m in mentions if m.name == "星河做强"}
    assert kinds == {"Strategy"}


@pytest.mark.parametrize(
    "text",
    [
        "贷款期限最长10年。\n0371-12345678\n\n星河安家贷\n【产品介绍】\n为购房客户提供的贷款。\n",
        "貸款期限最長10年。\n02-12345678\n\n星河安家貸\n【產品介紹】\n為購房客戶提供的貸款。\n",
    ],
    ids=["hans", "hant"],
)
def test_a_page_title_after_a_telephone_line_is_the_title_alone(run, text):
    mentions, _ = run(text, "星河银行")
    titles = [m for m in mentions if m.rule == "entity.page.title"]
    assert [(m.name, m.text) for m in titles] == [("星河安家贷", m.text) for m in titles]
    assert len(titles) == 1 and titles[0].text in ("星河安家贷", "星河安家貸")


@pytest.mark.parametrize(
    "text",
    [
        "【适用对象】\n本地个体工商户\n【办理条件】\n年满十八岁。\n",
        "【適用對象】\n本地個體工商戶\n【辦理條件】\n年滿十八歲。\n",
    ],
    ids=["hans", "hant"],
)
def test_a_section_s_content_line_is_no_page_title(run, text):
    mentions, _ = run(text, "星河银行")
    assert not [m for m in mentions if m.rule == "entity.page.title"]


@pytest.mark.parametrize("text", ["本行推出一款产品。", "本行推出一款個人貸款產品。"])
def test_a_counted_generic_product_is_no_name(run, text):
    mentions, _ = run(text, "星河银行")
    assert not [m for m in mentions if m.kind == "Product" and "一款" in m.name]


@pytest.mark.parametrize(
    "text,surface",
    [
        ("本行荣获“星河文明单位”荣誉称号。", "星河文明单位"),
        ("本行榮獲「星河文明單位」榮譽稱號。", "星河文明單位"),
        ("本行连续获得星河市文明单位称号。", "星河市文明单位"),
    ],
    ids=["quoted", "quoted-hant", "unquoted"],
)
def test_an_award_name_drops_the_word_that_classifies_it(run, text, surface):
    awards = [m for m in run(text, "星河银行")[0] if m.kind == "Award"]
    assert {m.text for m in awards} == {surface}


@pytest.mark.parametrize(
    "text,name",
    [
        ("本行累计为1.2万家星河外贸企业提供结算服务。", "星河外贸企业"),
        ("本行累計為1.2萬家星河外貿企業提供結算服務。", "星河外贸企业"),
        ("本行重点服务科技型中小企业。", "科技型中小企业"),
    ],
    ids=["count-after-cue", "count-after-cue-hant", "cue"],
)
def test_firms_targeted_by_a_cue_are_a_segment(run, text, name):
    assert (name, "CustomerSegment") in found(run(text)[0])


@pytest.mark.parametrize(
    "text",
    ["全省低质低效企业加快退出市场。", "全省低質低效企業加快退出市場。"],
    ids=["hans", "hant"],
)
def test_firms_in_the_economy_are_no_segment(run, text):
    assert not [m for m in run(text)[0] if m.kind == "CustomerSegment"]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行荣获星河省最佳零售银行奖、星河省银行业服务创新奖、年度最具成长性银行等多项荣誉。",
            {
                ("星河省最佳零售银行奖", "entity.suffix.award"),
                ("星河省银行业服务创新奖", "entity.suffix.award_list"),
                ("年度最具成长性银行", "entity.suffix.award_list"),
            },
        ),
        (
            "本行榮獲星河省最佳零售銀行獎、星河省銀行業服務創新獎、年度最具成長性銀行等多項榮譽。",
            {
                ("星河省最佳零售銀行獎", "entity.suffix.award"),
                ("星河省銀行業服務創新獎", "entity.suffix.award_list"),
                ("年度最具成長性銀行", "entity.suffix.award_list"),
            },
        ),
        (
            "本行揽获“最受市民信赖的普惠银行”、“年度最佳数字化转型银行”等多项殊荣。",
            {
                ("最受市民信赖的普惠银行", "entity.quote_head.award"),
                ("年度最佳数字化转型银行", "entity.quote_head.award"),
            },
        ),
        (
            "本行攬獲「最受市民信賴的普惠銀行」、「年度最佳數位轉型銀行」等多項殊榮。",
            {
                ("最受市民信賴的普惠銀行", "entity.quote_head.award"),
                ("年度最佳數位轉型銀行", "entity.quote_head.award"),
            },
        ),
        # without an honours noun to close it, a member needs an award head of its own
        (
            "本行荣获星河省最佳零售银行奖、星河日报年度合作伙伴。",
            {("星河省最佳零售银行奖", "entity.suffix.award")},
        ),
        # a count of awards closes the list: every member is one, the first too
        (
            "本行荣获年度最佳普惠银行、年度最具创新力银行三项大奖。",
            {
                ("年度最佳普惠银行", "entity.suffix.award_list"),
                ("年度最具创新力银行", "entity.suffix.award_list"),
            },
        ),
        (
            "本行榮獲年度最佳普惠銀行、年度最具創新力銀行3項大獎。",
            {
                ("年度最佳普惠銀行", "entity.suffix.award_list"),
                ("年度最具創新力銀行", "entity.suffix.award_list"),
            },
        ),
        # 奖项 closing the phrase: the award is the name up to 奖, its qualifiers kept
        ("本行获得优质服务银行奖项。", {("优质服务银行奖", "entity.suffix.award")}),
        ("本行獲得優質服務銀行獎項。", {("優質服務銀行獎", "entity.suffix.award")}),
        # the title an outlet or a unit is rated with
        (
            "本行有5家网点获评星河省银行业文明服务五星级网点。",
            {("星河省银行业文明服务五星级网点", "entity.suffix.award")},
        ),
        (
            "本行有5家網點獲評星河省銀行業文明服務五星級網點。",
            {("星河省銀行業文明服務五星級網點", "entity.suffix.award")},
        ),
        # a quantity counts honours and names none
        ("本行获得诸多荣誉与奖项，其中：", set()),
        ("本行獲得眾多榮譽與獎項，其中：", set()),
        # a ranking list named by its size, past the giver printed before it
        (
            "本行连续多年位列英国《星河周刊》杂志全球银行500强榜首、美国《银河》全球企业2000强。",
            {
                ("全球银行500强", "entity.suffix.award"),
                ("全球企业2000强", "entity.suffix.award_list"),
            },
        ),
        (
            "本行連續多年位列英國《星河週刊》雜誌全球銀行500強榜首、美國《銀河》全球企業2000強。",
            {
                ("全球銀行500強", "entity.suffix.award"),
                ("全球企業2000強", "entity.suffix.award_list"),
            },
        ),
        # a clause that is only a year goes on with the award cue before it
        (
            "本行荣获《星河日报》2019年“年度最佳银行”，2020年“年度最佳普惠银行”。",
            {
                ("年度最佳银行", "entity.award.quoted"),
                ("年度最佳普惠银行", "entity.award.quoted"),
            },
        ),
        (
            "本行榮獲《星河日報》2019年「年度最佳銀行」，2020年「年度最佳普惠銀行」。",
            {
                ("年度最佳銀行", "entity.award.quoted"),
                ("年度最佳普惠銀行", "entity.award.quoted"),
            },
        ),
    ],
    ids=[
        "unquoted-list",
        "unquoted-list-hant",
        "quoted-honours",
        "quoted-honours-hant",
        "open",
        "counted",
        "counted-hant",
        "award-then-jiangxiang",
        "award-then-jiangxiang-hant",
        "rated-outlets",
        "rated-outlets-hant",
        "quantity",
        "quantity-hant",
        "ranking-list",
        "ranking-list-hant",
        "year-clause",
        "year-clause-hant",
    ],
)
def test_every_member_of_a_list_of_awards_is_an_award(run, text, expected):
    awards = {(m.text, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Award"}
    assert awards == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "单户授信1000万元及以下的小微企业（以下简称“普惠小微企业”）增长。本行推出星河快贷（简称：快贷）。",
            {"普惠小微企业", "快贷"},
        ),
        (
            "單戶授信1000萬元及以下的小微企業（以下簡稱「普惠小微企業」）增長。本行推出星河快貸（簡稱：快貸）。",
            {"普惠小微企業", "快貸"},
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_short_name_in_brackets_drops_the_words_that_announce_it(run, text, expected):
    found = {m.text for m in run(text, "星河银行")[0] if m.rule == "entity.apposition"}
    assert found == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行推出可持续发展挂钩贷款、碳中和主题质押融资等创新融资品种。",
            ["可持续发展挂钩贷款", "碳中和主题质押融资"],
        ),
        (
            "本行推出可持續發展掛鉤貸款、碳中和主題質押融資等創新融資品種。",
            ["可持續發展掛鉤貸款", "碳中和主題質押融資"],
        ),
    ],
    ids=["hans", "hant"],
)
def test_products_listed_before_a_count_of_kinds_are_products(run, text, expected):
    """A list closed by 等…品种 names products; 可持续 is one word (words.yaml), so the
    first member keeps it rather than losing 可 and 持续 as a verb and an adverb."""
    found = [m.text for m in run(text, "星河银行")[0] if m.rule == "entity.enum.product"]
    assert found == expected


@pytest.mark.parametrize(
    "text,bank,expected",
    [
        ("本行依托光大集团综合金融优势，与光大集团旗下公司协同。", "光大银行", ["光大集团"] * 2),
        ("本行依託光大集團綜合金融優勢，與光大集團旗下公司協同。", "光大银行", ["光大集團"] * 2),
        # 工银 names ICBC's own group companies; no bank is named 工银银行: no parent
        ("工银集团全球布局持续优化。", "工商银行", []),
    ],
    ids=["hans", "hant", "own-group"],
)
def test_the_group_a_bank_is_named_after_is_an_organization(run, text, bank, expected):
    found = [
        m.text
        for m in run(text, bank)[0]
        if m.kind == "Organization" and m.rule == "entity.group.parent"
    ]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "本行坚持“零售做强、同业做专”战略方针。专业为先，深化“同业做专”。持续升级“同业做专”。",
        "本行堅持「零售做強、同業做專」戰略方針。專業為先，深化「同業做專」。持續升級「同業做專」。",
    ],
    ids=["hans", "hant"],
)
def test_a_name_given_whole_recurs_whole(run, text):
    """A quoted name the document gave as a member of a named list recurs in quotes:
    the same name each time, not a fragment after a word names do not usually open
    with (同业), nor a product its cue would make of the fragment."""
    names = [(m.name, m.kind) for m in run(text, "星河银行")[0] if m.kind != "Bank"]
    assert names == [("零售做强", "Strategy")] + [("同业做专", "Strategy")] * 3


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行发行绿色低碳借记卡，绿色低碳借记卡发卡3万张。推出手机银行长辈版本，服务视障人士。",
            {
                ("绿色低碳借记卡", "Product", "entity.suffix.product"),
                ("绿色低碳借记卡", "Product", "entity.backref"),
                ("手机银行长辈版本", "Product", "entity.version"),
                ("视障人士", "CustomerSegment", "entity.suffix.segment_group"),
            },
        ),
        (
            "本行發行綠色低碳借記卡，綠色低碳借記卡發卡3萬張。推出手機銀行長輩版本，服務視障人士。",
            {
                ("綠色低碳借記卡", "Product", "entity.suffix.product"),
                ("綠色低碳借記卡", "Product", "entity.backref"),
                ("手機銀行長輩版本", "Product", "entity.version"),
                ("視障人士", "CustomerSegment", "entity.suffix.segment_group"),
            },
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_recurring_name_wins_over_the_lexicon_words_inside_it(run, text, expected):
    """A card the document launched (发行 is a launch) recurs without its cue: the whole
    name, not 借记卡 and a theme word; an edition named 版本; a group of 人士 a cue serves."""
    found = {
        (m.text, m.kind, m.rule)
        for m in run(text, "星河银行")[0]
        if m.kind != "Bank" and not m.rule.startswith("entity.lexicon.")
    }
    assert found == expected
    lexicon = [m.text for m in run(text, "星河银行")[0] if m.rule.startswith("entity.lexicon.")]
    assert not any(w in lexicon for w in ("借记卡", "借記卡"))


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行在星河手机银行APP财富专区新增养老权益专区，丰富星河手机银行 APP 车主生活频道。",
            {"财富专区", "养老权益专区", "车主生活频道"},
        ),
        (
            "本行在星河手機銀行APP財富專區新增養老權益專區，豐富星河手機銀行 APP 車主生活頻道。",
            {"財富專區", "養老權益專區", "車主生活頻道"},
        ),
    ],
    ids=["hans", "hant"],
)
def test_sections_of_an_app_are_products(run, text, expected):
    """A section printed after an app's name (APP is its cue), or after the verb that adds
    it, is a product; a magazine's name (财富) as its stem is no organisation."""
    found = {m.text for m in run(text, "星河银行")[0] if m.rule == "entity.suffix.product"}
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "本行为超500万大众客户提供服务，围绕车主客群的用车需求，面向老年客群推出专属服务，深度经营县域客户。"
        "总行级重点客户贷款余额增长。",
        "本行為超500萬大眾客戶提供服務，圍繞車主客群的用車需求，面向老年客群推出專屬服務，深度經營縣域客戶。"
        "總行級重點客戶貸款餘額增長。",
    ],
    ids=["hans", "hant"],
)
def test_a_segment_keeps_the_words_jieba_cuts_or_tags_badly(run, text):
    """A count before a group keeps the group's first word (万 then 大众: no 七大); a word
    jieba lacks (客群) does not tear the word before it; an age group (老年, tagged as a
    time word) is the name's stem."""
    segments = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"}
    assert segments == {
        ("大众客户", "entity.suffix.segment"),
        ("车主客群", "entity.suffix.segment"),
        ("老年客群", "entity.suffix.segment"),
        ("县域客户", "entity.suffix.segment"),
        ("总行级重点客户", "entity.suffix.segment"),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "星河理财获得《星河日报》《银河周刊》评选的“金牛奖”“金贝奖”等奖项。"
            "“智能投研”项目获“创新先锋奖”、“绿色交易平台”获“卓越案例”。本行获批“试点单位”。",
            {
                ("星河日报", "Organization"),
                ("银河周刊", "Organization"),
                ("金牛奖", "Award"),
                ("金贝奖", "Award"),
                ("创新先锋奖", "Award"),
                ("卓越案例", "Award"),
            },
        ),
        (
            "星河理財獲得《星河日報》《銀河周刊》評選的「金牛獎」「金貝獎」等獎項。"
            "「智能投研」項目獲「創新先鋒獎」、「綠色交易平台」獲「卓越案例」。本行獲批「試點單位」。",
            {
                ("星河日報", "Organization"),
                ("銀河周刊", "Organization"),
                ("金牛獎", "Award"),
                ("金貝獎", "Award"),
                ("創新先鋒獎", "Award"),
                ("卓越案例", "Award"),
            },
        ),
    ],
    ids=["hans", "hant"],
)
def test_awards_right_after_a_bare_huo_and_givers_that_select_them(run, text, expected):
    """获 right before a quote is an award's cue (获批 is not); titles in 《》 that then
    select (评选) give the award; a quote followed by its own 获 wins the next award and
    is no member of the list before it."""
    found = {
        (m.text, m.kind) for m in run(text, "星河银行")[0] if m.kind in ("Award", "Organization")
    }
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "本行针对不同客群提供差异化服务，为各类小微企业客户提供结算服务，服务相关新市民客户。",
        "本行針對不同客群提供差異化服務，為各類小微企業客戶提供結算服務，服務相關新市民客戶。",
    ],
    ids=["hans", "hant"],
)
def test_a_determiner_is_no_part_of_a_segment_name(run, text):
    segments = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"}
    assert segments == {
        ("小微企业客户", "entity.suffix.segment"),
        ("新市民客户", "entity.suffix.segment"),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("本行荣获三等奖、星河金融创新奖。", {"星河金融创新奖"}),
        ("本行榮獲二等獎、星河金融創新獎。", {"星河金融創新獎"}),
        ("本行荣获星河金融创新大赛一等奖。", {"星河金融创新大赛一等奖"}),
    ],
    ids=["rank-only", "rank-only-hant", "named-contest"],
)
def test_a_rank_alone_is_no_award_name(run, text, expected):
    assert {m.text for m in run(text, "星河银行")[0] if m.kind == "Award"} == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "近年来，星河银行首尔分行不断优化业务结构，遵义分行荣获“最佳服务银行”称号。",
            {("首尔分行", "首尔分行"), ("遵义分行", "遵义分行")},
        ),
        (
            "近年來，星河銀行首爾分行不斷優化業務結構，遵義分行榮獲「最佳服務銀行」稱號。",
            {("首尔分行", "首爾分行"), ("遵义分行", "遵義分行")},
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_gazetteer_place_starts_a_branch_name_whatever_jieba_tags_it(run, text, expected):
    # jieba's table tags 首尔 as an adverb and 遵义 as a verb
    branches = {(m.name, m.text) for m in run(text, "星河银行")[0] if m.kind == "Branch"}
    assert branches == expected
    assert {m.rule for m in run(text, "星河银行")[0] if m.kind == "Branch"} == {
        "entity.suffix.branch"
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行辖属城南支行、河西支行荣获“文明单位”称号，滨江支行营业室获评“百佳示范单位”。"
            "本行下辖二级支行12个、一级支行3个，新设市场特色支行2家，各支行积极开展服务。",
            {"城南支行", "河西支行", "滨江支行营业室"},
        ),
        (
            "本行轄屬城南支行、河西支行榮獲「文明單位」稱號，濱江支行營業室獲評「百佳示範單位」。"
            "本行下轄二級支行12個、一級支行3個，新設市場特色支行2家，各支行積極開展服務。",
            {"城南支行", "河西支行", "滨江支行营业室"},
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_sub_branch_named_after_a_street_is_a_branch_and_a_kind_of_branch_is_not(
    run, text, expected
):
    branches = [m for m in run(text, "星河银行")[0] if m.kind == "Branch"]
    assert {m.name for m in branches} == expected
    assert {m.rule for m in branches} == {"entity.suffix.sub_branch"}


@pytest.mark.parametrize(
    "text,clauses,name",
    [
        (
            "本行通过客户洞察并推出专属产品，通过数据赋能持续调优模型，通过星河云平台服务客户。",
            ("客户洞察并推出专属产品", "数据赋能持续调优模型"),
            "星河云平台",
        ),
        (
            "本行通過客戶洞察並推出專屬產品，通過數據賦能持續調優模型，通過星河雲平台服務客戶。",
            ("客户洞察并推出专属产品", "数据赋能持续调优模型"),
            "星河云平台",
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_cued_span_with_a_conjunction_or_adverb_inside_is_a_clause(run, text, clauses, name):
    mentions, candidates = run(text, "星河银行")
    products = {(m.name, m.rule) for m in mentions if m.kind == "Product"}
    assert (name, "entity.suffix.product") in products
    assert not any(c in n for n, _ in products for c in clauses)
    # the clause is not lost: the head word's own walk offers it for review
    assert {(c.kind_guess, c.rule) for c in candidates if "模型" in c.name} == {
        ("Product", "entity.suffix.product")
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行升级StarPay 平台，服务更多客户。请在设置iconFinder中查看，或访问service=home&faqType=general。",
        "本行升級StarPay 平台，服務更多客戶。請在設定iconFinder中查看，或訪問service=home&faqType=general。",
    ],
    ids=["hans", "hant"],
)
def test_a_latin_brand_takes_its_product_word_and_code_is_no_brand(run, text):
    mentions, candidates = run(text, "星河银行")
    products = {(m.name, m.rule) for m in mentions if m.kind == "Product"}
    assert products == {("StarPay平台", "entity.latin.product")}
    assert {
        (c.name, c.kind_guess, c.rule) for c in candidates if c.rule.startswith("entity.latin")
    } == {("iconFinder", "Product", "entity.latin.product")}


@pytest.mark.parametrize(
    "text",
    [
        "本行推出星燕卡，持星燕卡的客户可申请星燕微贷通、星燕消贷通，并使用星燕自助通办理业务。",
        "本行推出星燕卡，持星燕卡的客戶可申請星燕微貸通、星燕消貸通，並使用星燕自助通辦理業務。",
    ],
    ids=["hans", "hant"],
)
def test_a_brand_the_document_shows_on_several_products_makes_each_a_product(run, text):
    products = [(m.name, m.rule) for m in run(text, "河畔农商银行")[0] if m.kind == "Product"]
    assert sorted(products) == sorted(
        [
            ("星燕卡", "entity.brand.document"),
            ("星燕卡", "entity.brand.document"),
            ("星燕微贷通", "entity.brand.document"),
            ("星燕消贷通", "entity.brand.document"),
            ("星燕自助通", "entity.brand.document"),
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        # two names are no brand yet; a place opening names is no brand
        "本行推出星燕卡和星燕微贷通。杭州卡、杭州通、杭州宝方便市民。",
        "本行推出星燕卡和星燕微貸通。杭州卡、杭州通、杭州寶方便市民。",
    ],
    ids=["hans", "hant"],
)
def test_two_names_or_a_place_make_no_document_brand(run, text):
    rules = {m.rule for m in run(text, "河畔农商银行")[0]}
    assert "entity.brand.document" not in rules


@pytest.mark.parametrize(
    "text",
    [
        "河畔农商银行股份有限公司（以下简称“河畔农商银行”）成立于2016年。河畔农商银行推出“星河贷”。",
        "河畔農商銀行股份有限公司（以下簡稱「河畔農商銀行」）成立於2016年。河畔農商銀行推出「星河貸」。",
    ],
    ids=["hans", "hant"],
)
def test_the_documents_bank_is_the_bank_wherever_its_name_is_printed(run, text):
    mentions, _ = run(text, "河畔农商银行")
    named = [(m.kind, m.name, m.rule) for m in mentions if "农商" in m.name]
    assert named == [("Bank", "河畔农商银行", "entity.self_reference.name")] * 3
    assert {m.kind for m in mentions} == {"Bank", "Product"}


@pytest.mark.parametrize(
    "text",
    [
        "客户可持卡到星河银行营业部办理，城南支行营业部与个人金融业务部协同服务。",
        "客戶可持卡到星河銀行營業部辦理，城南支行營業部與個人金融業務部協同服務。",
    ],
    ids=["hans", "hant"],
)
def test_a_business_office_is_no_head_office_department(run, text):
    units = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert units == {
        ("Branch", "城南支行营业部", "entity.suffix.sub_branch"),
        ("Department", "个人金融业务部", "entity.suffix.department"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行遵守环境保护部门公布的规定，并配合内政部与数位发展部推动数字服务。",
        "本行遵守環境保護部門公布的規定，並配合內政部與數位發展部推動數位服務。",
    ],
    ids=["hans", "hant"],
)
def test_a_ministry_is_an_organisation_and_a_department_word_no_department(run, text):
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Organization", "内政部", "entity.lexicon.regulators"),
        ("Organization", "数位发展部", "entity.lexicon.regulators"),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行相继获得星河省五一劳动奖状和良好银行机构称号。本行在评选活动中获得诸多荣誉与奖项。",
            {
                ("星河省五一劳动奖状", "星河省五一劳动奖状", "entity.suffix.award"),
                ("良好银行机构", "良好银行机构", "entity.suffix.award_list"),
            },
        ),
        (
            "本行相繼獲得星河省五一勞動獎狀和良好銀行機構稱號。本行在評選活動中獲得諸多榮譽與獎項。",
            {
                ("星河省五一劳动奖状", "星河省五一勞動獎狀", "entity.suffix.award"),
                ("良好银行机构", "良好銀行機構", "entity.suffix.award_list"),
            },
        ),
    ],
    ids=["hans", "hant"],
)
def test_an_award_ends_at_its_longest_head_and_a_head_in_a_word_is_none(run, text, expected):
    awards = {(m.name, m.text, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Award"}
    assert awards == expected


@pytest.mark.parametrize(
    "text",
    [
        "本行针对“三农”、小微企业推出星河贷，服务“三农”。",
        "本行針對「三農」、小微企業推出星河貸，服務「三農」。",
    ],
    ids=["hans", "hant"],
)
def test_sannong_is_a_customer_group_not_a_numbered_strategy(run, text):
    groups = [(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.name == "三农"]
    assert groups == [("CustomerSegment", "三农", "entity.lexicon.segments")] * 2


@pytest.mark.parametrize(
    "text",
    ["本行服务从战略客户到小微客户的全客群。", "本行服務從戰略客戶到小微客戶的全客群。"],
    ids=["hans", "hant"],
)
def test_a_range_of_customer_groups_names_both(run, text):
    groups = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"]
    assert groups == [("战略客户", "entity.suffix.segment"), ("小微客户", "entity.suffix.segment")]


@pytest.mark.parametrize(
    "text",
    [
        "本行深耕合作客户、品质客户与行业客群，服务属地客群和常用客户，拓展私人银行客户。",
        "本行深耕合作客戶、品質客戶與行業客群，服務屬地客群和常用客戶，拓展私人銀行客戶。",
    ],
    ids=["hans", "hant"],
)
def test_a_group_named_only_by_a_generic_quality_is_no_segment(run, text):
    groups = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"]
    assert groups == [("私人银行客户", "entity.lexicon.segments")]


@pytest.mark.parametrize(
    "text",
    [
        "本行推出定制化产品和普惠性产品，打造全流程产品，上线星河文化产品。",
        "本行推出定製化產品和普惠性產品，打造全流程產品，上線星河文化產品。",
    ],
    ids=["hans", "hant"],
)
def test_a_product_word_after_a_description_of_a_kind_names_nothing(run, text):
    products = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Product"}
    assert products == {("星河文化产品", "entity.suffix.product")}


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "本行入选《星河能源报》绿色转型案例。本行发布《2024年年报》，并在《星河周刊》上刊登。",
            {("星河能源报", "entity.award.giver"), ("星河周刊", "entity.award.giver")},
        ),
        (
            "本行入選《星河能源報》綠色轉型案例。本行發布《2024年年報》，並在《星河週刊》上刊登。",
            {("星河能源报", "entity.award.giver"), ("星河周刊", "entity.award.giver")},
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_newspaper_or_magazine_title_is_an_organisation(run, text, expected):
    orgs = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Organization"}
    assert orgs == expected


@pytest.mark.parametrize(
    "text",
    [
        "本行服务区域内科技企业客户，为辖区内新市民客户开发星河贷。",
        "本行服務區域內科技企業客戶，為轄區內新市民客戶開發星河貸。",
    ],
    ids=["hans", "hant"],
)
def test_where_a_group_lives_is_no_part_of_its_name(run, text):
    groups = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"]
    assert groups == [
        ("科技企业客户", "entity.suffix.segment"),
        ("新市民客户", "entity.suffix.segment"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本行向公务员和公职人员发放星河信用贷，为林农、果农和小企业主提供贷款。",
        "本行向公務員和公職人員發放星河信用貸，為林農、果農和小企業主提供貸款。",
    ],
    ids=["hans", "hant"],
)
def test_occupations_and_crop_farmers_are_customer_groups(run, text):
    groups = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "CustomerSegment"]
    assert groups == [
        (name, "entity.lexicon.segments")
        for name in ("公务员", "公职人员", "林农", "果农", "小企业主")
    ]


@pytest.mark.parametrize(
    "text",
    ["本行以工信部指导为依据推进工作。", "本行以工信部指導為依據推進工作。"],
    ids=["hans", "hant"],
)
def test_a_preposition_jieba_glued_to_a_known_name_is_no_part_of_it(run, text):
    found_ = [(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"]
    assert found_ == [("Organization", "工业和信息化部", "entity.lexicon.regulators")]


@pytest.mark.parametrize(
    "text",
    [
        "本行发挥公司金融委员会作用，由零售金融条线牵头，委员会统筹推进。",
        "本行發揮公司金融委員會作用，由零售金融條線牽頭，委員會統籌推進。",
    ],
    ids=["hans", "hant"],
)
def test_a_committee_named_after_a_business_line_is_a_department(run, text):
    units = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Department"]
    assert units == [
        ("公司金融委员会", "entity.suffix.department"),
        ("零售金融条线", "entity.suffix.business_line"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本行的全资子公司星河理财于 2020 年开业。分公司/子公司银行的账户可统一管理。",
        "本行的全資子公司星河理財於 2020 年開業。分公司/子公司銀行的賬戶可統一管理。",
    ],
    ids=["hans", "hant"],
)
def test_a_subsidiary_name_ends_before_a_function_word(run, text):
    subs = [(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Subsidiary"]
    assert subs == [("星河理财", "entity.subsidiary.cue")]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "2023年，本行共2家网点荣获2023年度星河省银行业文明规范服务百佳示范单位荣誉称号，"
            "3家网点获评星河省银行业文明规范服务五星级营业网点。",
            {
                ("2023年度星河省银行业文明规范服务百佳示范单位", "entity.suffix.award"),
                ("星河省银行业文明规范服务五星级营业网点", "entity.suffix.award"),
            },
        ),
        (
            "2023年，本行共2家網點榮獲2023年度星河省銀行業文明規範服務百佳示範單位榮譽稱號，"
            "3家網點獲評星河省銀行業文明規範服務五星級營業網點。",
            {
                ("2023年度星河省银行业文明规范服务百佳示范单位", "entity.suffix.award"),
                ("星河省银行业文明规范服务五星级营业网点", "entity.suffix.award"),
            },
        ),
    ],
    ids=["hans", "hant"],
)
def test_an_award_after_its_year_is_measured_with_it(run, text, expected):
    """The year opening an award's name (2023年度) is its edition and stays in it, as long
    as the name fits; a rated outlet (五星级营业网点) is an award's title."""
    awards = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Award"}
    assert awards == expected


@pytest.mark.parametrize(
    "text",
    [
        "适用本行“星河活期存款”牌告利率，期满适用“星河定期存款或星河定期储蓄存款”利率，"
        "可加购“星河意外险”，本行统筹“量、价、险”平衡。",
        "適用本行「星河活期存款」牌告利率，期滿適用「星河定期存款或星河定期儲蓄存款」利率，"
        "可加購「星河意外險」，本行統籌「量、價、險」平衡。",
    ],
    ids=["hans", "hant"],
)
def test_a_quoted_deposit_or_insurance_is_a_product_and_or_joins_two(run, text):
    """A quoted name ending in 存款, 保险/险, 贷款… is a product; 「A或B」 quotes two names;
    in 「量、价、险」 险 is a member of a list, not a head."""
    products = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert products == {
        ("星河活期存款", "entity.quote_inner.product"),
        ("星河定期存款", "entity.quote_inner.product"),
        ("星河定期储蓄存款", "entity.quote_inner.product"),
        ("星河意外险", "entity.quote_inner.product"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "不接受验证的帐户包括：邮局、养殖大户、日商星河、美商银河、香港商东方、北方银行、法商北辰。",
        "不接受驗證的帳戶包括：郵局、養殖大戶、日商星河、美商銀河、香港商東方、北方銀行、法商北辰。",
    ],
    ids=["hans", "hant"],
)
def test_a_list_member_takes_the_kind_most_named_members_agree_on(run, text):
    """One named member of another kind (养殖大户) among many of one kind does not stop
    the unnamed members (北方银行) from taking the kind the others agree on."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "玉山银行")[0]}
    assert found_ == {
        ("CustomerSegment", "养殖大户", "entity.suffix.segment_group"),
        ("Organization", "日商星河", "entity.organization.foreign_firm"),
        ("Organization", "美商银河", "entity.organization.foreign_firm"),
        ("Organization", "香港商东方", "entity.organization.foreign_firm"),
        ("Organization", "法商北辰", "entity.organization.foreign_firm"),
        ("Organization", "北方银行", "entity.list.sibling"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行下辖信阳、鹤壁、漯河分行和如皋支行，其中昆山、库尔勒分行进入全省前十，服务朝阳产业。",
        "本行下轄信陽、鶴壁、漯河分行和如皋支行，其中昆山、庫爾勒分行進入全省前十，服務朝陽產業。",
    ],
    ids=["hans", "hant"],
)
def test_a_list_of_cities_of_any_level_names_branches(run, text):
    """Prefecture- and county-level cities anchor the branches listed before 分行/支行;
    a city name that is also a common word (朝阳) is not taken for a place."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Branch", "信阳分行", "entity.enum.branch"),
        ("Branch", "鹤壁分行", "entity.enum.branch"),
        ("Branch", "漯河分行", "entity.suffix.branch"),
        ("Branch", "如皋支行", "entity.suffix.branch"),
        ("Branch", "昆山分行", "entity.enum.branch"),
        ("Branch", "库尔勒分行", "entity.suffix.branch"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行相继获得星河省五一劳动奖状和诚信银行机构称号，被授予“金融支持星河经济突出贡献单位”，"
        "并授予客户“星河贷”专属额度。",
        "本行相繼獲得星河省五一勞動獎狀和誠信銀行機構稱號，被授予「金融支持星河經濟突出貢獻單位」，"
        "並授予客戶「星河貸」專屬額度。",
    ],
    ids=["hans", "hant"],
)
def test_awards_joined_by_he_and_an_award_conferred(run, text):
    """获得A奖状和B称号 names two awards; a quote right after 被授予 is an award, one after
    授予客户 is not."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Award", "星河省五一劳动奖状", "entity.suffix.award"),
        ("Award", "诚信银行机构", "entity.suffix.award_list"),
        ("Award", "金融支持星河经济突出贡献单位", "entity.award.quoted"),
        ("Product", "星河贷", "entity.quote_inner.product"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行大力推广星河通、云税贷、网上快贷等金融产品，并推出银河宝、月光存等特色产品。",
        "本行大力推廣星河通、雲稅貸、網上快貸等金融產品，並推出銀河寶、月光存等特色產品。",
    ],
    ids=["hans", "hant"],
)
def test_a_list_closed_by_a_qualified_product_head_names_products(run, text):
    """等金融产品, 等特色产品: a qualifier between 等 and the head still closes a list of products."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Product", "星河通", "entity.enum.product"),
        ("Product", "云税贷", "entity.enum.product"),
        ("Product", "网上快贷", "entity.enum.product"),
        ("Product", "银河宝", "entity.suffix.product"),
        ("Product", "月光存", "entity.enum.product"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行发行“星河白金卡 PLUS”，推出“银河贴Pro”。",
        "本行發行「星河白金卡 PLUS」，推出「銀河貼Pro」。",
    ],
    ids=["hans", "hant"],
)
def test_a_latin_edition_word_after_a_quoted_product_head(run, text):
    """「某某白金卡PLUS」: PLUS, Pro… after the name's own head word are its edition; the
    head still types the quote."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Product", "星河白金卡PLUS", "entity.quote_inner.product"),
        ("Product", "银河贴Pro", "entity.quote_inner.product"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行在星河金融、绿色金融、基础设施、银河金融、普惠金融五个方面重点发力。",
        "本行在星河金融、綠色金融、基礎設施、銀河金融、普惠金融五個方面重點發力。",
    ],
    ids=["hans", "hant"],
)
def test_an_unnamed_strategy_in_a_list_ends_as_its_named_siblings_do(run, text):
    """银河金融 between 绿色金融 and 普惠金融 is a strategy as they are, and so is the first
    member once its lead (本行在) is dropped; 基础设施 beside them is a sector: it does not
    end as a named member does."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Strategy", "星河金融", "entity.list.sibling"),
        ("Strategy", "绿色金融", "entity.lexicon.policy_frames"),
        ("Strategy", "银河金融", "entity.list.sibling"),
        ("Strategy", "普惠金融", "entity.lexicon.policy_frames"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "星河网银主要包括账户查询、定活互转、通知存款与活期存款互转、银河宝签约等业务。本行与腾讯、京东签约。",
        "星河網銀主要包括賬戶查詢、定活互轉、通知存款與活期存款互轉、銀河寶簽約等業務。本行與騰訊、京東簽約。",
    ],
    ids=["hans", "hant"],
)
def test_yu_inside_a_list_joins_two_members_and_names_no_partners(run, text):
    """、通知存款与活期存款互转、…签约等业务: the 与 joins two words of one list member, so what
    follows is no list of partners; 本行与腾讯、京东签约 still is."""
    orgs = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Organization"}
    assert orgs == {
        ("腾讯", "entity.lexicon.internet_platforms"),
        ("京东", "entity.lexicon.internet_platforms"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行入选星河传媒2024年银行业普惠实践典型案例，位列英国StarBrand全球银行品牌价值500强，"
        "荣获银河数字传媒整合传播金奖。",
        "本行入選星河傳媒2024年銀行業普惠實踐典型案例，位列英國StarBrand全球銀行品牌價值500強，"
        "榮獲銀河數字傳媒整合傳播金獎。",
    ],
    ids=["hans", "hant"],
)
def test_a_giver_printed_before_an_award_s_year_or_in_latin_is_no_part_of_it(run, text):
    """入选某某传媒2024年…典型案例: a body before the award's year, and a Latin name before a
    Han one, give the award; a body with no year after it (某某传媒整合传播金奖) may be its name."""
    awards = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Award"}
    assert awards == {
        ("2024年银行业普惠实践典型案例", "entity.suffix.award"),
        ("全球银行品牌价值500强", "entity.suffix.award"),
        ("银河数字传媒整合传播金奖", "entity.suffix.award"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "在第三届星河金融峰会上，本行“云柜平台”入选创新成果。“银河贷”入选优秀案例；本行入选率先试点银行名单并推进工作。",
        "在第三屆星河金融峰會上，本行「雲櫃平台」入選創新成果。「銀河貸」入選優秀案例；本行入選率先試點銀行名單並推進工作。",
    ],
    ids=["hans", "hant"],
)
def test_what_a_short_clause_is_selected_into_is_an_honour(run, text):
    """入选创新成果。: the short clause after 入选, up to its end, is an award whatever its
    last word; a longer clause that goes on (入选…名单并推进…) is not."""
    awards = {(m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind == "Award"}
    assert awards == {("创新成果", "entity.award.selected"), ("优秀案例", "entity.award.selected")}


@pytest.mark.parametrize(
    "text",
    [
        "本行“星小智”审计大模型获得“金融科技先锋榜”第三名，“银河”数字员工上岗。",
        "本行「星小智」審計大模型獲得「金融科技先鋒榜」第三名，「銀河」數字員工上崗。",
    ],
    ids=["hans", "hant"],
)
def test_a_quote_typed_by_the_model_or_digital_worker_after_it_is_a_product(run, text):
    """“某某”审计大模型, “某某”数字员工: the kind of thing printed after the quote names
    a product, as it does before it (大模型“某某”)."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("Product", "星小智", "entity.quote_head.product"),
        ("Award", "金融科技先锋榜", "entity.award.quoted"),
        ("Product", "银河", "entity.quote_head.product"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行支持小微、“双创”及扶贫攻坚等群体，服务代发、签约等客群。",
        "本行支持小微、「雙創」及扶貧攻堅等群體，服務代發、簽約等客群。",
    ],
    ids=["hans", "hant"],
)
def test_a_listed_group_named_only_by_verbs_is_a_campaign_not_a_segment(run, text):
    """扶贫攻坚等群体: every word a verb, a campaign and no group of people or firms;
    代发、签约 name customers' status and stay groups."""
    found_ = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert found_ == {
        ("CustomerSegment", "小微", "entity.enum.segment"),
        ("CustomerSegment", "双创", "entity.enum.segment"),
        ("CustomerSegment", "代发", "entity.enum.segment"),
        ("CustomerSegment", "签约", "entity.enum.segment"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "王强先生表示，本行将推出“星河贷”产品。\n本行设立星河研究院，服务小微企业。",
        "王強先生表示，本行將推出「星河貸」產品。\n本行設立星河研究院，服務小微企業。",
    ],
    ids=["hans", "hant"],
)
def test_a_person_quoted_is_no_career_profile(run, text):
    """A line that names a person without a birth year, an age or a degree opens no
    profile: what it and the lines after it name stay."""
    got = {(m.kind, m.name) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert ("Product", "星河贷") in got
    assert ("Organization", "星河研究院") in got


@pytest.mark.parametrize(
    "text",
    [
        "星河薪贷是指本行向辖内公职人员发放的信用贷款。\n"
        "云帆商贷（又称“商贷通”）业务，是指本行为小微企业主提供的经营性贷款。\n"
        "星河农贷是本行面向农户推出的一款贷款产品。\n"
        "消费是指持卡人刷卡付款的过程。\n"
        "云卡\n【产品介绍】\n云帆联名借记卡是指本行与云帆公司联合发行的借记卡。",
        "星河薪貸是指本行向轄內公職人員發放的信用貸款。\n"
        "雲帆商貸（又稱「商貸通」）業務，是指本行為小微企業主提供的經營性貸款。\n"
        "星河農貸是本行面向農戶推出的一款貸款產品。\n"
        "消費是指持卡人刷卡付款的過程。\n"
        "雲卡\n【產品介紹】\n雲帆聯名借記卡是指本行與雲帆公司聯合發行的借記卡。",
    ],
    ids=["hans", "hant"],
)
def test_the_term_a_page_defines_is_a_product(run, text):
    """X是指…, X（又称…）业务，是指…, X是本行…推出的一款…: the term a product page defines
    is a product when it ends in a product word (消费 does not); under a page's title and
    section heading it is the title's product, however it is spelled out."""
    got = {
        (m.kind, m.name, m.rule)
        for m in run(text, "星河银行")[0]
        if m.rule.startswith("entity.definition")
    }
    assert got == {
        ("Product", "星河薪贷", "entity.definition.product"),
        ("Product", "云帆商贷", "entity.definition.product"),
        ("Product", "星河农贷", "entity.definition.product"),
        ("Product", "云卡", "entity.definition.product"),
    }


@pytest.mark.parametrize(
    ("text", "bank", "expected"),
    [
        (
            "本行接受国家金融监督管理总局（原中国银行业监督管理委员会）的监管。本行董事会风险管理委员会召开会议。",
            "星河银行",
            {
                ("Organization", "国家金融监督管理总局", "entity.lexicon.regulators"),
                ("Organization", "中国银行业监督管理委员会", "entity.suffix.state_body"),
                ("Department", "董事会风险管理委员会", "entity.suffix.department"),
            },
        ),
        (
            "本行接受國家金融監督管理總局（原中國銀行業監督管理委員會）的監管。本行董事會風險管理委員會召開會議。",
            "星河银行",
            {
                ("Organization", "国家金融监督管理总局", "entity.lexicon.regulators"),
                ("Organization", "中国银行业监督管理委员会", "entity.suffix.state_body"),
                ("Department", "董事会风险管理委员会", "entity.suffix.department"),
            },
        ),
        (
            "本行与平安理财（集团）有限公司签署协议，通过科技手段动态管控客户集中度风险。",
            "平安银行",
            {("Subsidiary", "平安理财", "entity.brand.subsidiary")},
        ),
        (
            "本行與平安理財（集團）有限公司簽署協議，通過科技手段動態管控客戶集中度風險。",
            "平安银行",
            {("Subsidiary", "平安理财", "entity.brand.subsidiary")},
        ),
    ],
    ids=["former-name", "former-name-hant", "company-bracket", "company-bracket-hant"],
)
def test_former_names_and_bracketed_company_words(run, text, bank, expected):
    """（原某某委员会）names the body's former name without 原, and a commission named after
    the state is an outside body, not the bank's committee; （集团） before 有限公司 is part
    of a company's name, no name in apposition; 客户集中度 is a risk measure, no group of
    customers."""
    got = {(m.kind, m.name, m.rule) for m in run(text, bank)[0] if m.kind != "Bank"}
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "股东“星河投资有限公司－自有资金”行动一致。本行启动“星河春风”行动。",
        "股東「星河投資有限公司－自有資金」行動一致。本行啟動「星河春風」行動。",
    ],
    ids=["hans", "hant"],
)
def test_a_quoted_company_name_is_no_campaign(run, text):
    """A company's whole name in quotes (“某某有限公司－自有资金”, a shareholder's account)
    is no campaign, whatever head follows it: it goes to review as a company."""
    mentions, candidates = run(text, "星河银行")
    got = {(m.kind, m.name, m.rule) for m in mentions if m.kind != "Bank"}
    assert got == {("Initiative", "星河春风", "entity.quote_head.initiative")}
    assert ("星河投资有限公司-自有资金", "Organization", "entity.quote.company_short") in {
        (c.name, c.kind_guess, c.rule) for c in candidates
    }


@pytest.mark.parametrize(
    "text",
    [
        "在第五届中国银行数智峰会上，本行与中国银行签署协议。",
        "在第五屆中國銀行數智峰會上，本行與中國銀行簽署協議。",
    ],
    ids=["hans", "hant"],
)
def test_a_bank_name_inside_an_events_name_is_no_bank(run, text):
    """中国银行数智峰会 is a summit of banking, not the bank; the bank named after it is."""
    mentions, candidates = run(text, "星河银行")
    got = [(m.kind, m.name, m.span.start) for m in mentions if m.kind != "Bank"]
    assert got == [("Organization", "中国银行", text.index("與" if "與" in text else "与") + 1)]
    assert ("中国银行数智峰会", "entity.suffix.initiative") in {
        (c.name, c.rule) for c in candidates
    }


# Whole sentences of our own, in both scripts, and every name they give but the bank's
# (kind, name, rule): one case per cause a real report showed, the cause in its comment.
WHOLE_SENTENCES = [
    # 与A、B签署合作协议: the partners end before the verb of signing, and 签订战略合作
    # is no strategy of theirs.
    (
        "partners-before-a-signing-verb-end-before-it",
        "本行与星辰科技、云帆数据签署合作协议，并与晨光物流、远航汽车签订战略合作协议。",
        "本行與星辰科技、雲帆數據簽署合作協議，並與晨光物流、遠航汽車簽訂戰略合作協議。",
        {
            ("Organization", "星辰科技", "entity.partner.list"),
            ("Organization", "云帆数据", "entity.partner.list"),
            ("Organization", "晨光物流", "entity.partner.list"),
            ("Organization", "远航汽车", "entity.partner.list"),
        },
    ),
    # A director's profile (a name with 先生/女士, a birth year or an age, a degree) names
    # the schools, firms and committees of a career: none is a name of the bank's world but
    # its branch; the profile ends where a line neither goes on with it nor names a person,
    # and the partners after it are names again.
    (
        "a-career-profile-names-only-the-banks-own",
        "本行推出“星河贷”产品。\n张明先生，独立董事。1965年出生，星海大学经济学博士。\n"
        "2010年3月至2015年6月，任远山资产管理公司投资部总经理；2015年7月至今，任星海大学管理学院\n"
        "院长，兼任星河银行杭州分行顾问。\n"
        "李华女士，监事。1970年出生，硕士学位。曾任云帆科技研究院副院长。\n"
        "本行与晨光物流、远航汽车签署合作协议。",
        "本行推出「星河貸」產品。\n張明先生，獨立董事。1965年出生，星海大學經濟學博士。\n"
        "2010年3月至2015年6月，任遠山資產管理公司投資部總經理；2015年7月至今，任星海大學管理學院\n"
        "院長，兼任星河銀行杭州分行顧問。\n"
        "李華女士，監事。現年54歲，碩士學位。曾任雲帆科技研究院副院長。\n"
        "本行與晨光物流、遠航汽車簽署合作協議。",
        {
            ("Product", "星河贷", "entity.quote_head.product"),
            ("Branch", "杭州分行", "entity.suffix.branch"),
            ("Organization", "晨光物流", "entity.partner.list"),
            ("Organization", "远航汽车", "entity.partner.list"),
        },
    ),
    # A body's quoted rule book (教育部「某某办法」) is no award it gave, 奖助学金 is a
    # scholarship, not an award the bank won; a verb before the body is no word of its name
    # (就读教育部: the ministry, no department); the award the bank won stays.
    (
        "rule-books-and-scholarships-are-no-awards",
        "留学生须就读教育部「星河大学学历认可办法」所列学校。已获得星河贷款者是否能申请留学奖助学金？"
        "本行荣获《亚洲银行家》「最佳零售银行奖」。",
        "留學生須就讀教育部「星河大學學歷認可辦法」所列學校。已獲得星河貸款者是否能申請留學獎助學金？"
        "本行榮獲《亞洲銀行家》「最佳零售銀行獎」。",
        {
            ("Organization", "教育部", "entity.lexicon.regulators"),
            ("Organization", "亚洲银行家", "entity.award.giver"),
            ("Award", "最佳零售银行奖", "entity.award.quoted"),
        },
    ),
    # An index or a group of systems the bank launches is a product, a working group it
    # sets up one of its units: each named after a cue word only.
    (
        "indexes-and-working-groups-after-a-cue",
        "本行推出星河债流动性指数，升级星河智慧领航系统群。"
        "本行成立星河数据推动工作组，组建数据治理领导小组。该指数反映市场流动性。",
        "本行推出星河債流動性指數，升級星河智慧領航系統群。"
        "本行成立星河數據推動工作組，組建數據治理領導小組。該指數反映市場流動性。",
        {
            ("Product", "星河债流动性指数", "entity.suffix.product"),
            ("Product", "星河智慧领航系统群", "entity.suffix.product"),
            ("Department", "星河数据推动工作组", "entity.suffix.working_group"),
            ("Department", "数据治理领导小组", "entity.suffix.working_group"),
        },
    ),
    # Staff listed as 群体 of a training programme (班子, 行长, 校招生) are no group of
    # customers, and 新任 before 支行 names no sub-branch; the groups served stay.
    (
        "the-banks-own-staff-are-no-customer-group",
        "本行加强人才培养，在新任支行班子、一级分支行行长、校招生等重点群体开展培训，"
        "并为新市民、老年人等重点群体推出专属服务。",
        "本行加強人才培養，在新任支行班子、一級分支行行長、校招生等重點群體開展培訓，"
        "並為新市民、老年人等重點群體推出專屬服務。",
        {
            ("CustomerSegment", "新市民", "entity.lexicon.segments"),
            ("CustomerSegment", "老年人", "entity.lexicon.segments"),
        },
    ),
    # A chapter heading run into its first section's number (…情况5.1 业务概况) names
    # no product's version; a version number after a product still does, a blank and a
    # word after it too (某某2.0 服务…).
    (
        "a-sections-number-is-no-version",
        "第五章 星河业务发展情况5.1 业务概况\n本行推出星河通3.0版本，星河宝2.1全新上线。\n云帆汇2.0 服务留学客户。",
        "第五章 星河業務發展情況5.1 業務概況\n本行推出星河通3.0版本，星河寶2.1全新上線。\n雲帆匯2.0 服務留學客戶。",
        {
            ("Product", "星河通3.0", "entity.version"),
            ("Product", "星河通", "entity.suffix.product"),
            ("Product", "星河宝2.1", "entity.version"),
            # the bank (星河银行) is in no table: its short name opens the base's name
            ("Product", "星河宝", "entity.brand.own_product"),
            ("Product", "云帆汇2.0", "entity.version"),
            ("Product", "云帆汇", "entity.version.base"),
        },
    ),
    # 子公司某某租赁业绩增长: the company's name ends with its business word, what follows
    # is said of it; 子公司全链条综合服务能力: words a noun runs on from describe the
    # subsidiaries' service, they name none.
    (
        "a-subsidiary-named-after-its-cue-ends-with-its-business",
        "本行子公司星河理财推出新产品，子公司星河基金、星河租赁业绩增长。"
        "提升上市公司及核心子公司全链条综合服务能力。",
        "本行子公司星河理財推出新產品，子公司星河基金、星河租賃業績增長。"
        "提升上市公司及核心子公司全鏈條綜合服務能力。",
        {
            ("Subsidiary", "星河理财", "entity.subsidiary.cue"),
            ("Subsidiary", "星河基金", "entity.subsidiary.cue"),
            ("Subsidiary", "星河租赁", "entity.subsidiary.cue"),
        },
    ),
    # A ministry the lexicon knows, then one of its agencies (财政部国库司): the agency is
    # one outside body, named whole; a post after it (司长, 部长) is no part of it.
    (
        "a-ministrys-agency-is-named-whole",
        "财政部国库司司长出席会议，商务部外资司发布通知，财政部部长讲话。",
        "財政部國庫司司長出席會議，商務部外資司發布通知，財政部部長講話。",
        {
            ("Organization", "财政部国库司", "entity.organization.sub_agency"),
            ("Organization", "商务部外资司", "entity.organization.sub_agency"),
            ("Organization", "财政部", "entity.lexicon.regulators"),
        },
    ),
    # A Latin name printed between an award's cue and its name is the award's giver, an
    # outside body (入选英国某某全球…500强), not a product.
    (
        "a-latin-name-before-an-award-is-its-giver",
        "本行入选英国Brandwise全球银行品牌价值500强榜单。",
        "本行入選英國Brandwise全球銀行品牌價值500強榜單。",
        {
            ("Organization", "Brandwise", "entity.award.giver"),
            ("Award", "全球银行品牌价值500强", "entity.suffix.award"),
        },
    ),
]


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize(
    ("hans", "hant", "expected"),
    [c[1:] for c in WHOLE_SENTENCES],
    ids=[c[0] for c in WHOLE_SENTENCES],
)
def test_whole_sentences_give_their_names(run, hans, hant, expected, script):
    text = hans if script == "hans" else hant
    got = {(m.kind, m.name, m.rule) for m in run(text, "星河银行")[0] if m.kind != "Bank"}
    assert got == expected


# Each row: a cause found on real reports, our own sentence for it (both scripts), the bank,
# and every name the sentence yields with its kind and the rule that named it.
EP, QH = "entity.enum.product", "entity.quote_head"


def _each(case: str, texts: list[str], bank: str, expected: set) -> list[tuple]:
    """One row per text (its scripts, its layouts) of a case that names the same things."""
    return [(f"{case}-{i}", text, bank, expected) for i, text in enumerate(texts)]


NAMED_EXACTLY = [
    # a Latin word is one unit of a list member's length (DevMate代码辅助平台 is no longer
    # than 某某代码辅助平台); the blank a PDF leaves between Han and a Latin word is inside
    # the first member (客服 Agent): the whole list is read
    *_each(
        "latin-list",
        [
            "2024年末，本行上线客服Agent、审计AuditGPT、DevMate代码辅助平台、财务分析助手等大模型应用场景。",
            "2024年末，本行上线客服 Agent、审计 AuditGPT、DevMate 代码辅助平台、财务分析助手\n等大模型应用场景。",
            "2024年末，本行上線客服 Agent、審計 AuditGPT、DevMate 代碼輔助平台、財務分析助手\n等大模型應用場景。",
        ],
        "示例银行",
        {
            ("客服Agent", "Product", EP),
            ("审计AuditGPT", "Product", EP),
            ("DevMate代码辅助平台", "Product", EP),
            ("财务分析助手", "Product", EP),
        },
    ),
    # 「“A+B”双轮驱动」 names a strategy, unless both engines are names typed on their own
    (
        "drive",
        "本行金融市场业务通过“自营投资+代客交易”双轮驱动，实现稳健增长。",
        "示例银行",
        {("自营投资+代客交易", "Strategy", f"{QH}.strategy_drive")},
    ),
    (
        "drive-hant",
        "本行堅持「商行+投行」雙引擎，服務實體經濟。",
        "示例银行",
        {("商行+投行", "Strategy", f"{QH}.strategy_drive")},
    ),
    (
        "drive-of-two-products-hant",
        "本行票據業務通過「承兌貸+貼現寶」雙輪驅動，實現穩健增長。",
        "示例银行",
        {
            ("承兑贷", "Product", "entity.quote_inner.product"),
            ("贴现宝", "Product", "entity.quote_inner.product"),
        },
    ),
    # 、 between modifiers of one noun (the last item has 的 before its head): one aspiration
    (
        "aspiration-modifiers",
        "本行致力于打造“有担当的、区域领先的数字化综合金融服务银行”。",
        "示例银行",
        {
            (
                "有担当的、区域领先的数字化综合金融服务银行",
                "Strategy",
                "entity.quote_inner.aspiration",
            )
        },
    ),
    (
        "aspiration-modifiers-hant",
        "本行以「國內一流、國際知名的智慧型財富管理銀行」為目標。",
        "示例银行",
        {("国内一流、国际知名的智慧型财富管理银行", "Strategy", "entity.quote_inner.aspiration")},
    ),
    # a couplet right before a campaign's head is the campaign's name
    (
        "couplet-campaign",
        "本行开展“畅游四海，刷卡无忧”系列活动。",
        "示例银行",
        {("畅游四海,刷卡无忧", "Initiative", f"{QH}.initiative")},
    ),
    (
        "couplet-campaign-hant",
        "本行開展「暢遊四海，刷卡無憂」系列活動。",
        "示例银行",
        {("畅游四海,刷卡无忧", "Initiative", f"{QH}.initiative")},
    ),
    # mottos stay none: clauses without a campaign's head, aims listed without 的
    ("motto", "本行坚持“稳中求进，以进促稳”工作总基调。", "示例银行", set()),
    ("motto-before-de-hant", "本行推出「掃碼填單，線下領卡」的新模式。", "示例银行", set()),
    (
        "aims-listed",
        "本行围绕“一个客户、多个账户、多种产品、一站式服务”深化经营。",
        "示例银行",
        set(),
    ),
    # companies listed before 子公司 are subsidiaries, whatever the bank's brand prefix would
    # make of one alone; 多家 between 等 and the head closes the list as a number does
    *_each(
        "subsidiaries-listed",
        [
            "本行拥有工银星河租赁、工银云帆保险、工银星投等多家专业化金融子公司。",
            "本行擁有工銀星河租賃、工銀雲帆保險、工銀星投等多家專業化金融子公司。",
        ],
        "工商银行",
        {
            ("工银星河租赁", "Subsidiary", "entity.enum.subsidiary"),
            ("工银云帆保险", "Subsidiary", "entity.enum.subsidiary"),
            ("工银星投", "Subsidiary", "entity.enum.subsidiary"),
        },
    ),
    # 远程银行 is a channel every bank names; the centre that runs it is a department
    (
        "remote-banking",
        "本行持续提升远程银行服务时效，优化客户体验。",
        "示例银行",
        {("远程银行", "Product", "entity.lexicon.products")},
    ),
    (
        "remote-banking-hant",
        "本行持續提升遠程銀行服務時效，優化客戶體驗。",
        "示例银行",
        {("远程银行", "Product", "entity.lexicon.products")},
    ),
    (
        "remote-banking-centre",
        "本行远程银行中心全年服务客户超千万人次。",
        "示例银行",
        {("远程银行中心", "Department", "entity.suffix.department_unit")},
    ),
    # a quantifier before a name goes even where one character of the name is left before
    # its head (部分小企业客户 -> 小企业客户); a state negated before 及 (不平衡) is no modifier
    # a group's name shares, and 个别 goes as 部分 does (个别零售客户 -> 零售客户, generic)
    (
        "quantifier-before-one-character",
        "本行向部分小企业客户提供融资服务。",
        "示例银行",
        {("小企业客户", "CustomerSegment", "entity.suffix.segment")},
    ),
    (
        "quantifier-before-one-character-hant",
        "本行向部分小企業客戶提供融資服務。",
        "示例银行",
        {("小企业客户", "CustomerSegment", "entity.suffix.segment")},
    ),
    (
        "negated-state-before-ji",
        "受市场不平衡及个别零售客户违约影响，不良率上升。",
        "示例银行",
        set(),
    ),
    (
        "negated-state-before-ji-hant",
        "受市場不平衡及個別零售客戶違約影響，不良率上升。",
        "示例银行",
        set(),
    ),
    # a unit the board or the bank sets up (下设, 设立, 成立, 组建) is a department, its name
    # joined by 与/及 whole; a board's 专业委员会 is the generic word for its committees
    (
        "set-up-committee-joined",
        "董事会下设薪酬与考核委员会，独立董事占成员的半数以上。",
        "星河银行",
        {("薪酬与考核委员会", "Department", "entity.suffix.department")},
    ),
    (
        "set-up-committee-joined-hant",
        "董事會下設提名與薪酬委員會，獨立董事佔多數。",
        "星河银行",
        {("提名与薪酬委员会", "Department", "entity.suffix.department")},
    ),
    (
        "set-up-unit-joined",
        "本行成立运营及研发中心，统筹科技工作。",
        "星河银行",
        {("运营及研发中心", "Department", "entity.suffix.department_unit")},
    ),
    ("board-committees-generic", "本行定期向董事会或其授权的专业委员会汇报。", "星河银行", set()),
    # a tender or a project listed beside named firms is no firm of its own
    *_each(
        "no-sibling-project",
        [
            "本行为中国石化、国家电网、市政工程招标等重点项目提供保函服务。",
            "本行為中國石化、國家電網、市政工程招標等重點項目提供保函服務。",
            "本行支持中国石化、国家电网、城市更新项目等重点领域。",
        ],
        "星河银行",
        {
            ("中国石化", "Organization", "entity.lexicon.enterprises"),
            ("国家电网", "Organization", "entity.lexicon.enterprises"),
        },
    ),
    # a noun opening a quoted name is its first word (同业 ends names elsewhere); a verb
    # opening it still goes
    (
        "quote-opens-with-noun",
        "本行持续升级“同业做优”，打造特色业务。",
        "示例银行",
        {("同业做优", "Product", "entity.quote_cue.product")},
    ),
    (
        "quote-opens-with-noun-hant",
        "本行持續升級「同業做優」，打造特色業務。",
        "示例银行",
        {("同业做优", "Product", "entity.quote_cue.product")},
    ),
    (
        "quote-opens-with-verb",
        "本行上线“推出星河通”。",
        "示例银行",
        {("星河通", "Product", "entity.quote_inner.product")},
    ),
    # a bank banks.yaml does not list names its companies and products with its short name;
    # before a product every bank has (信用卡) it names no product of its own
    *_each(
        "own-short-name",
        [
            "客户开立数字账户时可同时申请星河证券账户，星河全球通亦可查询汇款进度。",
            "客戶開立數位帳戶時可同時申請星河證券帳戶，星河全球通亦可查詢匯款進度。",
        ],
        "星河银行",
        {
            ("星河证券", "Subsidiary", "entity.brand.own_subsidiary"),
            ("星河全球通", "Product", "entity.brand.own_product"),
        },
    ),
    *_each(
        "own-short-name-common-product",
        [
            "星河银行信用卡持卡人可使用星河信用卡正卡办理。",
            "星河銀行信用卡持卡人可使用星河信用卡正卡辦理。",
        ],
        "星河银行",
        {("信用卡", "Product", "entity.lexicon.products")},
    ),
    # a quoted programme is named with its head 工程; one the bank supports is a policy
    *_each(
        "quoted-project",
        ["本行持续推进“星云”工程，深化数字化经营。", "本行持續推進「星雲」工程，深化數位化經營。"],
        "示例银行",
        {("星云工程", "Initiative", f"{QH}.initiative_project")},
    ),
    (
        "quoted-project-supported",
        "本行积极支持广东“星云”工程。",
        "示例银行",
        {("星云", "Strategy", f"{QH}.policy")},
    ),
    # a quoted list of pillars, each a business and a 做-verb of building it up, in
    # either order: each a Strategy; one member of another shape and the list is none
    (
        "pillars",
        "本行坚持以客户为中心，聚焦“做专投行、做精客户、做优产品”，服务实体经济。",
        "示例银行",
        {
            ("做专投行", "Strategy", "entity.quote.pillars"),
            ("做精客户", "Strategy", "entity.quote.pillars"),
            ("做优产品", "Strategy", "entity.quote.pillars"),
        },
    ),
    (
        "pillars-hant",
        "本行聚焦「零售做強、對公做優」，推動轉型。",
        "示例银行",
        {
            ("零售做强", "Strategy", "entity.quote.pillars"),
            ("对公做优", "Strategy", "entity.quote.pillars"),
        },
    ),
    ("pillars-mixed", "本行坚持“做好服务、做实风控”，稳健经营。", "示例银行", set()),
    # a quoted campaign may open with a verb: a verb and one word (点亮星光), or a verbal
    # noun (服务…专题活动), are the whole name
    *_each(
        "quote-verb-and-one-word",
        [
            "本行通过开展「守护星光」、志愿服务月等系列主题活动，服务社区。",
            "本行通過開展「守護星光」、志願服務月等系列主題活動，服務社區。",
        ],
        "示例银行",
        {("守护星光", "Initiative", "entity.quote_cue.initiative")},
    ),
    (
        "quote-verbal-noun",
        "本行持续开展“服务质量提升专题活动”。",
        "示例银行",
        {("服务质量提升专题活动", "Initiative", "entity.quote_inner.initiative")},
    ),
    (
        "quote-verbal-noun-hant",
        "本行持續開展「服務品質提升專題活動」。",
        "示例银行",
        {("服务品质提升专题活动", "Initiative", "entity.quote_inner.initiative")},
    ),
    # an award whose title a quote only partly covers runs on to its head word after the
    # quote and back over the words that open it (not over the giver, a verb or a count)
    *_each(
        "award-title-around-quote",
        [
            "本行荣获浙江省“普惠金融服务”先进团队、“诚信经营示范单位”等称号。",
            "本行榮獲浙江省「普惠金融服務」先進團隊、「誠信經營示範單位」等稱號。",
        ],
        "示例银行",
        {
            ("浙江省普惠金融服务先进团队", "Award", "entity.award.quoted"),
            ("诚信经营示范单位", "Award", "entity.quote_head.award"),
        },
    ),
    *_each(
        "award-title-after-giver",
        [
            "本行获得星河市金融学会普惠金融“稳企助农”人才培养创新奖。",
            "本行獲得星河市金融學會普惠金融「穩企助農」人才培養創新獎。",
        ],
        "示例银行",
        {
            ("普惠金融稳企助农人才培养创新奖", "Award", "entity.award.quoted"),
            ("星河市金融学会", "Organization", "entity.award.giver"),
        },
    ),
    # what follows a quoted award as an honour (荣誉称号获得单位) is no part of its title
    *_each(
        "award-title-then-honour",
        ["本分行是“全国文明单位”荣誉称号获得单位。", "本分行是「全國文明單位」榮譽稱號獲得單位。"],
        "示例银行",
        {("全国文明单位", "Award", "entity.quote_head.award")},
    ),
    *_each(
        "award-title-then-count",
        ["本行荣获“中国最佳托管银行”等三项大奖。", "本行榮獲「中國最佳託管銀行」等三項大獎。"],
        "示例银行",
        {("中国最佳托管银行", "Award", "entity.award.quoted")},
    ),
    # the giver between an award's cue and its name: an association's name ends at its
    # head (a noun may follow it there), a short name right before the year of a quoted
    # award is one (not 全国)
    *_each(
        "giver-association-gives",
        ["本行获得星河市金融学会颁发的奖项。", "本行獲得星河市金融學會頒發的獎項。"],
        "示例银行",
        {("星河市金融学会", "Organization", "entity.award.giver")},
    ),
    *_each(
        "giver-association-then-award",
        [
            "本行获得星河市绿色金融协会绿色金融先锋奖。",
            "本行獲得星河市綠色金融協會綠色金融先鋒獎。",
        ],
        "示例银行",
        {
            ("星河市绿色金融协会", "Organization", "entity.award.giver"),
            ("绿色金融先锋奖", "Award", "entity.suffix.award"),
        },
    ),
    *_each(
        "giver-before-year",
        ["本行获得星河社 2024 年“绿色金融先锋奖”。", "本行獲得星河社 2024 年「綠色金融先鋒獎」。"],
        "示例银行",
        {
            ("星河社", "Organization", "entity.award.giver"),
            ("绿色金融先锋奖", "Award", "entity.award.quoted"),
        },
    ),
    *_each(
        "giver-before-year-not-a-scope",
        ["本行荣获全国2024年“文明单位”称号。", "本行榮獲全國2024年「文明單位」稱號。"],
        "示例银行",
        {("文明单位", "Award", "entity.quote_head.award")},
    ),
    # quoted names given as the examples of a kind of thing are of that kind
    *_each(
        "quoted-examples-of-activities",
        [
            "本行组织常态化、集中式教育宣传活动，包括“行长讲金融”“金融下乡行”、漫画常识书籍发布会等。",
            "本行組織常態化、集中式教育宣傳活動，包括「行長講金融」「金融下鄉行」、漫畫常識書籍發布會等。",
        ],
        "示例银行",
        {
            ("行长讲金融", "Initiative", "entity.quote_examples.initiative"),
            ("金融下乡行", "Initiative", "entity.quote_examples.initiative"),
        },
    ),
    *_each(
        "quoted-examples-of-products",
        [
            "本行推出多款理财产品，如“稳稳盈”、“月月享”等。",
            "本行推出多款理財產品，如「穩穩盈」、「月月享」等。",
        ],
        "示例银行",
        {
            ("稳稳盈", "Product", "entity.quote_examples.product"),
            ("月月享", "Product", "entity.quote_examples.product"),
        },
    ),
    # a quoted project that wins an award is a campaign, unless its own last word says
    # what it is (某某平台: a product)
    *_each(
        "quoted-project-wins",
        [
            "其中，“星河同行”项目荣获“创新奖”，“星河平台”项目获得“金融科技奖”。",
            "其中，「星河同行」項目榮獲「創新獎」，「星河平台」項目獲得「金融科技獎」。",
        ],
        "示例银行",
        {
            ("星河同行", "Initiative", "entity.quote_after.project"),
            ("创新奖", "Award", "entity.award.quoted"),
            ("星河平台", "Product", "entity.quote_inner.product"),
            ("金融科技奖", "Award", "entity.award.quoted"),
        },
    ),
    # 中小微企业 is a class of its own; no name opens inside 其中 (其中小微企业)
    *_each(
        "small-medium-micro",
        [
            "本行支持中小微企业发展，其中小微企业贷款增长较快。",
            "本行支持中小微企業發展，其中小微企業貸款增長較快。",
        ],
        "示例银行",
        {
            ("中小微企业", "CustomerSegment", "entity.lexicon.segments"),
            ("小微企业", "CustomerSegment", "entity.lexicon.segments"),
        },
    ),
    # a cue word used as a noun before a noun (启动状态) launches nothing; a cue verb
    # before a noun still types the quote after it (推出线上…基地「某某」)
    *_each(
        "cue-used-as-noun",
        ["请确认其启动状态为「自动」，再行操作。", "請確認其啟動狀態為「自動」，再行操作。"],
        "示例银行",
        set(),
    ),
    *_each(
        "cue-verb-before-noun",
        ["本行推出线上公益性投教基地「星河学苑」。", "本行推出線上公益性投教基地「星河學苑」。"],
        "示例银行",
        {("星河学苑", "Product", "entity.quote_cue.product")},
    ),
    # what a user types into a chat is a keyword, no name
    *_each(
        "typed-keyword",
        ["于对话窗口输入「查询通知项目」并送出。", "於對話視窗輸入「查詢通知項目」並送出。"],
        "示例银行",
        set(),
    ),
    # 同业 before a noun opens a group of customers (the bank's peers as customers); as an
    # adverb (同业首家) it still ends a name
    *_each(
        "peers-as-customers",
        [
            "2024年末，本行同业机构价值客户数达1,200户，较上年末增长10.5%。",
            "2024年末，本行同業機構價值客戶數達1,200戶，較上年末增長10.5%。",
        ],
        "示例银行",
        {("同业机构价值客户", "CustomerSegment", "entity.suffix.segment")},
    ),
    (
        "peers-as-adverb",
        "本行同业首家推出星河贷，服务小微客户。",
        "示例银行",
        {
            ("星河贷", "Product", "entity.suffix.product"),
            ("小微客户", "CustomerSegment", "entity.suffix.segment"),
        },
    ),
    # a channel's account on a messaging platform (官方帐号, 公众号, 小程序) is a product
    (
        "quoted-channel-account",
        "关注「星河银行微信公众号」，输入查询。",
        "示例银行",
        {("星河银行微信公众号", "Product", "entity.quote_inner.product")},
    ),
    (
        "quoted-channel-account-hant",
        "點選「星河LINE官方帳號」，輸入查詢。",
        "示例银行",
        {("星河LINE官方帐号", "Product", "entity.quote_inner.product")},
    ),
    # a list closed as lines of business (等业务领域) lists areas: a product named in it
    # gives its kind to no other member
    *_each(
        "list-of-areas",
        [
            "本行在普惠、个金、信用卡等业务领域应用智能风控。",
            "本行在普惠、個金、信用卡等業務領域應用智能風控。",
        ],
        "示例银行",
        {("信用卡", "Product", "entity.lexicon.products")},
    ),
    # what is done to the strategies before their list's head is no strategy of its own
    *_each(
        "verbs-before-strategies",
        ["3、做精做深“五篇大文章”。本行持续发力。", "3、做精做深「五篇大文章」。本行持續發力。"],
        "示例银行",
        {("五篇大文章", "Strategy", "entity.lexicon.policy_frames")},
    ),
    # several of a kind (多类…活动) describes them: no name
    *_each(
        "several-of-a-kind",
        ["本行组织多类创新赛事活动，营造创新氛围。", "本行組織多類創新賽事活動，營造創新氛圍。"],
        "示例银行",
        set(),
    ),
    # a quoted list closed by 等 and a kind of thing names things of that kind, however
    # many (four or more elsewhere make a motto)
    *_each(
        "quoted-list-of-products",
        [
            "本行深耕“贸易融资、供应链票据、跨境收付、资金托管”等产品体系，服务企业。",
            "本行深耕「貿易融資、供應鏈票據、跨境收付、資金託管」等產品體系，服務企業。",
        ],
        "示例银行",
        {
            ("贸易融资", "Product", "entity.quote_list.product"),
            ("供应链票据", "Product", "entity.quote_list.product"),
            ("跨境收付", "Product", "entity.quote_list.product"),
            ("资金托管", "Product", "entity.quote_list.product"),
        },
    ),
    # what serves people is a product, its type word between the quote and the verb too
    *_each(
        "quoted-then-type-then-serves",
        [
            "2024年末，“星河乐善”慈善权益已服务11.4万捐赠人。",
            "2024年末，「星河樂善」慈善權益已服務11.4萬捐贈人。",
        ],
        "示例银行",
        {("星河乐善", "Product", "entity.quote_after.product")},
    ),
    # a quoted label with a kind word before the screen word (「某某」产品页签) is a tab
    *_each(
        "quoted-tab-label",
        ["登入后，于首页上方「外币」产品页签查询。", "登入後，於首頁上方「外幣」產品頁籤查詢。"],
        "示例银行",
        set(),
    ),
    # a quoted goal the bank works to is a strategy
    (
        "quoted-goal",
        "本行按照“两增两控”工作目标，推动各项业务发展。",
        "示例银行",
        {("两增两控", "Strategy", f"{QH}.strategy_goal")},
    ),
    (
        "quoted-goal-hant",
        "本行緊緊圍繞「三個一流」精品分行目標主動作為。",
        "示例银行",
        {("三个一流", "Strategy", f"{QH}.strategy_goal")},
    ),
    # an upper-case abbreviation opens a group's name (VIP客户, OBU顾客); a year does not
    *_each(
        "abbreviation-opens-group",
        ["本行为VIP客户提供专属理财服务。", "本行為VIP客戶提供專屬理財服務。"],
        "示例银行",
        {("VIP客户", "CustomerSegment", "entity.suffix.segment")},
    ),
    # medium-sized firms are a class as small and micro ones are (大型企业 stays generic)
    *_each(
        "firm-sizes",
        [
            "本行深度经营中型企业、小型企业、微型企业，服务实体经济。",
            "本行深度經營中型企業、小型企業、微型企業，服務實體經濟。",
        ],
        "示例银行",
        {
            ("中型企业", "CustomerSegment", "entity.suffix.segment_firms"),
            ("小型企业", "CustomerSegment", "entity.suffix.segment_firms"),
            ("微型企业", "CustomerSegment", "entity.suffix.segment_firms"),
        },
    ),
    # the customers of a service named with the bank's prefix are its users: the service
    # is the name (星河银行 is in no table: its short name 星河 is its prefix)
    *_each(
        "branded-users",
        [
            "2024年末，星河家族办公室客户受托管理资产规模超100亿元。",
            "2024年末，星河家族辦公室客戶受託管理資產規模超100億元。",
        ],
        "星河银行",
        {("星河家族办公室", "Product", "entity.suffix.segment.brand_product")},
    ),
    # a group named after a kind of product holds it (its users), unless a cue targets it
    *_each(
        "product-holders",
        [
            "2024年末，零售理财产品客户持仓余额7,700亿元。",
            "2024年末，零售理財產品客戶持倉餘額7,700億元。",
        ],
        "示例银行",
        set(),
    ),
    (
        "product-holders-targeted",
        "本行为零售理财产品客户提供专属服务。",
        "示例银行",
        {("零售理财产品客户", "CustomerSegment", "entity.suffix.segment")},
    ),
    # activities counted right after their head (…活动1.9万场) are a kind, no campaign
    *_each(
        "counted-activities",
        [
            "2024年，本行组织线上线下消保宣传活动 1.2 万场，触达消费者。",
            "2024年，本行組織線上線下消保宣傳活動 1.2 萬場，觸達消費者。",
        ],
        "示例银行",
        set(),
    ),
    (
        "activities-not-counted",
        "2024年，本行组织线上线下消保宣传活动，触达消费者。",
        "示例银行",
        {("线上线下消保宣传活动", "Initiative", "entity.suffix.initiative")},
    ),
    # a short name that is a place (岑溪) or only the kind of bank (某某农商) is no prefix
    ("own-short-name-place", "客户可同时申请岑溪证券账户。", "岑溪银行", set()),
    ("own-short-name-kind", "客户可同时申请星河农商证券账户。", "星河农商银行", set()),
    # a word of transformation before the bank's own short name is its programme (数字工行);
    # a product word after it makes it an app's name
    *_each(
        "digital-self-listed-bank",
        ["加速建设数字中银(D-BOC)，服务实体经济。", "加速建設數字中銀(D-BOC)，服務實體經濟。"],
        "中国银行",
        {("数字中银", "Strategy", "entity.brand.digital_self")},
    ),
    *_each(
        "digital-self-unlisted-bank",
        ["全面推进数字星河建设。", "全面推進數字星河建設。"],
        "星河银行",
        {("数字星河", "Strategy", "entity.brand.digital_self")},
    ),
    (
        "digital-self-app",
        "数字星河App用户增长。",
        "星河银行",
        {("数字星河App", "Product", "entity.app.product")},
    ),
    ("digital-other-bank", "全面推进数字星河建设。", "示例银行", set()),
    # the level of the bank opens its unit's name (设立总行某某中心); counted, units of a kind
    *_each(
        "unit-of-a-level",
        [
            "设立总行绿色金融中心，在深圳、北京等12家分行设立分行绿色金融中心。",
            "設立總行綠色金融中心，在深圳、北京等12家分行設立分行綠色金融中心。",
        ],
        "星河银行",
        {
            ("总行绿色金融中心", "Department", "entity.suffix.department_unit"),
            ("分行绿色金融中心", "Department", "entity.suffix.department_unit"),
            ("深圳分行", "Branch", "entity.enum.branch"),
            ("北京分行", "Branch", "entity.enum.branch"),
        },
    ),
    *_each(
        "units-of-a-level-counted",
        ["在资源富集地区成立22家分行绿色金融中心。", "在資源富集地區成立22家分行綠色金融中心。"],
        "星河银行",
        {("绿色金融", "Strategy", "entity.lexicon.policy_frames")},
    ),
    # an edition named in quotes keeps its head (推出“某某”版本)
    *_each(
        "quoted-edition",
        ["本行适配国产系统推出“银河”版本。", "本行適配國產系統推出「銀河」版本。"],
        "星河银行",
        {("银河版本", "Product", "entity.quote_head.edition")},
    ),
    # a line's strategy, where the bank says how it stands by it (定位, 转型)
    *_each(
        "line-strategy",
        [
            "本行坚持对公战略定位不动摇，深化对公战略转型。",
            "本行堅持對公戰略定位不動搖，深化對公戰略轉型。",
        ],
        "星河银行",
        {("对公战略", "Strategy", "entity.suffix.strategy_line")},
    ),
    (
        "no-line-strategy",
        "深化银企战略合作，优化全球战略布局，坚持发展战略定位。",
        "星河银行",
        set(),
    ),
    # ... in Latin letters, e- or D- before its abbreviation, with a version
    *_each(
        "digital-self-latin",
        ["围绕全行e-CCB2.0发展战略，推进转型。", "圍繞全行e—CCB2.0發展戰略，推進轉型。"],
        "建设银行",
        {("e-CCB2.0", "Strategy", "entity.brand.digital_self")},
    ),
    (
        "digital-self-latin-abbreviation-in-brackets",
        "加速建设数字建行(D-CCB)，服务实体经济。",
        "建设银行",
        {("数字建行", "Strategy", "entity.brand.digital_self")},
    ),
]


@pytest.mark.parametrize(
    ("text", "bank", "expected"),
    [case[1:] for case in NAMED_EXACTLY],
    ids=[case[0] for case in NAMED_EXACTLY],
)
def test_names_exactly(run, text, bank, expected):
    """Every name a sentence yields, its kind and the rule that named it: no more, no less."""
    mentions, _ = run(text, bank)
    assert {(m.name, m.kind, m.rule) for m in mentions if m.kind != "Bank"} == expected


def _compact_index_by_position(n: int, keep: tuple[int, ...]) -> list[int]:
    """The view-to-compact index as first written: every view position in turn."""
    out = [0] * (n + 1)
    c = 0
    for i in range(n + 1):
        out[i] = c
        if c < len(keep) and keep[c] == i:
            c += 1
    return out


@pytest.mark.parametrize(
    "view",
    [
        "",
        "   ",
        " 工银 e钱包  推广 ",
        "營 銷 體 系\n\u3000持續完善",
        "ICBC PAY 覆盖 28 个国家",
        "星河银行\t\t服务 小微企业",
    ],
)
def test_compact_index_counts_the_kept_positions_before_each(view):
    from kg.entities.text import _compact_index
    from kg.segment import compact

    _, keep, blank_before = compact(view)
    assert _compact_index(len(view), keep, blank_before) == _compact_index_by_position(
        len(view), keep
    )


@pytest.mark.parametrize(
    "view",
    [
        " 工银 e钱包  推广，星河银行\t\t服务 小微企业 ",
        "營 銷 體 系\n\u3000持續完善，星河銀行推出「鑫福寶」",
        "ICBC PAY 覆盖 28 个国家和地区",
    ],
    ids=["simplified-blanks", "traditional-blanks", "latin"],
)
def test_compact_text_takes_segments_own_words(analyse_text, view):
    """The entities' compact text takes segment()'s tagged words in compact offsets as
    they were found, instead of mapping the view offsets back: the same text, tags and
    bounds as from a copy of the words (mapped back)."""
    from kg.entities.text import _Text
    from kg.segment import compact_words

    doc = analyse_text(view)
    ctx, pos = doc._.kg_context, doc._.kg_pos
    copy = tuple(list(pos))
    assert compact_words(pos) is not None and compact_words(copy) is None
    assert _Text.of(ctx, pos) == _Text.of(ctx, copy)


def test_compact_index_of_random_views():
    from hypothesis import given
    from hypothesis import strategies as st

    from kg.entities.text import _compact_index
    from kg.segment import compact

    @given(st.text(alphabet="星河銀行ab12 \t\u3000\xa0\n", max_size=30))
    def check(view):
        _, keep, blank_before = compact(view)
        expected = _compact_index_by_position(len(view), keep)
        assert _compact_index(len(view), keep, blank_before) == expected

    check()


@pytest.mark.parametrize(
    "text",
    [
        "委员会名称  成员情况  会议内容\n"
        "星河交易控  委员会主席：张三  审议通过2024年度关联交易情\n"
        "制委员会  委员：李四  况报告、年度工作计划\n"
        "本行风险管理委员会审议年度报告。",
        "委員會名稱  成員情況  會議內容\n"
        "星河交易控  委員會主席：張三  審議通過2024年度關聯交易情\n"
        "制委員會  委員：李四  況報告、年度工作計劃\n"
        "本行風險管理委員會審議年度報告。",
    ],
    ids=["hans", "hant"],
)
def test_no_name_across_two_rows_of_a_table(run, text):
    """A table's wrapped cells: the view joins the rows, a name there glues two columns."""
    departments = {m.name for m in run(text, "星河银行")[0] if m.kind == "Department"}
    assert departments == {"风险管理委员会"}


def _within_cells_by_span(doc, props):
    """step.within_cells as it was: a Span made for each name to find its break."""
    from kg.entities.pages import COLUMN_GAP

    original = doc.ctx.document.text
    out = []
    for p in props:
        span = doc.ctx.span(*doc.t.view_span(p.start, p.end))
        cut = span.quote.find("\n")
        if cut >= 0:
            brk = span.start + cut
            before = original[original.rfind("\n", 0, brk) + 1 : brk]
            nxt = original.find("\n", brk + 1)
            after = original[brk + 1 : nxt if nxt >= 0 else len(original)]
            if COLUMN_GAP.search(before) and COLUMN_GAP.search(after):
                continue
        out.append(p)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "委员会名称  成员情况\n星河交易控  审议关联交易情\n制委员会  委员：李四\n本行风险管理委员会。",
        "委員會名稱\t成員情況\n星河交易控\t審議關聯交易情\n制委員會  委員：李四\n本行風險管理委員會。",
        "一行没有表格\n第二行也没有",
    ],
    ids=["hans", "hant", "no-table"],
)
def test_within_cells_finds_the_break_as_the_spans_did(make_context, rules, text):
    """step.within_cells reads a name's break in the original text at its offsets: what a
    Span made for each name found, for every span of own tables (both scripts)."""
    from kg.entities import Found, Proposal
    from kg.entities.context import DocContext
    from kg.entities.pages import within_cells

    doc = DocContext.of(make_context(text), rules)
    n = len(doc.t.text)
    props = [
        Proposal(s, e, "Department", doc.t.text[s:e], "t", 1)
        for s in range(n)
        for e in range(s + 1, min(n, s + 16) + 1)
    ]
    got = within_cells(doc, Found(), props)
    assert got == _within_cells_by_span(doc, props)
    assert len(got) < len(props) or "表格" in text


@pytest.mark.parametrize(
    "text",
    [
        "密切跟踪全球主要央行货币政策走向，参与多边央行数字货币桥项目，落实央行要求。",
        "密切跟蹤全球主要央行貨幣政策走向，參與多邊央行數字貨幣橋項目，落實央行要求。",
    ],
    ids=["hans", "hant"],
)
def test_a_word_of_many_makes_an_organisations_common_name_a_class(run, text):
    """全球主要央行, 多边央行: central banks, not the People's Bank the lexicon knows."""
    found = [m.text for m in run(text, "星河银行")[0] if m.kind == "Organization"]
    assert found == [text[text.rindex("央行") : text.rindex("央行") + 2]]


def test_longest_place_is_read_once_per_table():
    from kg.entities.regions import _longest

    places = frozenset({"北京", "内蒙古自治区", "臺北"})
    assert _longest(places) == 6
    assert _longest(frozenset()) == 0


def _drop_front_word_by_word(base, start, end, words=True):
    """_Base.drop_front as it was written before: each droppable word tried in turn."""
    from kg.entities.context import COUNT, MEASURES, NUMERALS, ORDINAL, _is_han

    text = base.text
    if (
        0 < start < end
        and text[start - 1] in NUMERALS
        and text[start] in MEASURES
        and base.t.word_bound(start + 1)
    ):
        start += 1
    changed = True
    while changed and start < end:
        changed = False
        m = ORDINAL.match(text[start:end]) or COUNT.match(text[start:end])
        if m:
            start += m.end()
            changed = True
        for word in base.rules.droppable if words else ():
            if not text.startswith(word, start):
                continue
            cut = start + len(word)
            rest = text[cut:end]
            if len(rest) > 1 or (len(rest) == 1 and _is_han(rest) and base.t.word_bound(cut)):
                start = cut
                changed = True
                break
    return start


@pytest.mark.parametrize(
    "text",
    [
        "第二届优质服务银行奖，近万名部分小企业客户，七大重点领域，600万大众客户，优质客户。",
        "第二屆優質服務銀行獎，近萬名部分小企業客戶，七大重點領域，600萬大眾客戶，優質客戶。",
    ],
    ids=["simplified", "traditional"],
)
def test_the_front_of_a_name_drops_as_word_by_word(make_context, text):
    """Ordinals, counts and droppable words dropped from the front of a name, the words
    looked for all at once first: the same start as trying each word in turn, for every
    span of own texts, with and without words (both scripts)."""
    from kg.entities import load_rules
    from kg.entities.context import DocContext, _Base
    from kg.entities.family import Found

    ctx = make_context(text)
    base = _Base(DocContext.of(ctx, load_rules()), Found())
    n = len(base.text)
    dropped = 0
    for start in range(n):
        for end in range(start, min(n, start + 12) + 1):
            for words in (True, False):
                got = base.drop_front(start, end, words)
                assert got == _drop_front_word_by_word(base, start, end, words)
                dropped += got != start
    assert dropped > 20


@given(st.text(alphabet="本行“”「」『』‘’\"'《》星河贷 1", max_size=30))
def test_quotes_are_stripped_as_character_by_character(text):
    """Every quote mark dropped by one translation, as by a look at every character."""
    from kg.entities.text import _strip_quotes
    from kg.grammar import QUOTE_CHARS

    assert _strip_quotes(text) == "".join(ch for ch in text if ch not in QUOTE_CHARS)


def _find_head_every_rule(quoted, pos):
    """_Quoted.find_head as it was before: every head of every rule looked for."""
    import kg.entities.quoted as q

    firsts = q._head_firsts
    try:
        q._head_firsts = lambda rules: [(r, None) for r in rules]
        return quoted.find_head(pos)
    finally:
        q._head_firsts = firsts


@pytest.mark.parametrize(
    "text",
    [
        "本行推出“星河快贷”产品，打造“云端”平台服务体系，开展“金融知识进万家”宣传活动，“无接触”服务需求。",
        "本行推出「星河快貸」產品，打造「雲端」平臺服務體系，開展「金融知識進萬家」宣傳活動，「無接觸」服務需求。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_quotes_head_is_looked_for_only_where_one_can_start(make_context, text):
    """The head after a quote, each rule skipped when no first character of its heads is
    in the window: the head every rule's every head looked for finds, from every place
    of own texts (both scripts)."""
    from kg.entities import load_rules
    from kg.entities.context import DocContext
    from kg.entities.family import Found
    from kg.entities.quoted import _Quoted

    ctx = make_context(text)
    quoted = _Quoted(DocContext.of(ctx, load_rules()), Found())
    found = 0
    for pos in range(len(quoted.text) + 1):
        got = quoted.find_head(pos)
        assert got == _find_head_every_rule(quoted, pos)
        found += got is not None
    assert found >= 5


@given(
    st.text(alphabet="本行客户数字化金融服务与和及", max_size=12),
    st.integers(0, 14),
    st.frozensets(st.integers(0, 14)),
)
def test_a_boundary_word_before_is_the_generators(text, pos, bounds):
    """A boundary word of 2-4 characters ending at ``pos`` that starts where a word does,
    the three lengths written out: what the generator over them said."""
    from kg.entities.context import _boundary_word_before

    words = frozenset({"数字化", "金融", "服务与", "和及客户"})
    expected = any(
        text[pos - n : pos] in words and (pos - n) in bounds for n in (2, 3, 4) if pos - n >= 0
    )
    assert _boundary_word_before(text, pos, words, bounds) == expected


LINE_PATTERNS = [
    re.compile(r"^(?P<name>[^，。\n]{2,6})是什么[？?]", re.M),
    re.compile(r"^星河|快贷", re.M),  # an alternation at the top: tried everywhere
    re.compile(r"^星河[^\n]{0,3}"),  # no re.M: the text's start only
    re.compile(r"(?:^|(?<=[。！？!?]))(?P<name>[^，。\n]{2,6}?)是指", re.M),
    re.compile(r"(?:^|(?<=[。！？!?]))快贷|星河"),
    re.compile(r"^(?:星河)?", re.M),  # can match nothing
]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="星河快贷貸是什麼么指？?。！!\n，e", max_size=40))
def test_matches_tried_at_line_starts_are_finditers(text):
    """A pattern whose matches start only at a line's start or after a sentence's end
    mark, tried only there: the matches finditer gives (and any other pattern as it
    gives them), for the page rules' own patterns and small ones (both scripts)."""
    from kg.entities import load_rules
    from kg.entities.pages import line_start_matches

    rules = load_rules()
    for pattern in [*LINE_PATTERNS, *rules.topic_patterns, *rules.definition_patterns]:
        got = [(m.span(), m.groupdict()) for m in line_start_matches(pattern, text)]
        assert got == [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_only_patterns_opening_at_a_line_start_are_tried_there():
    from kg.entities.pages import _start_marks

    assert [_start_marks(p) for p in LINE_PATTERNS] == ["\n", None, "", "\n。！？!?", None, None]


@pytest.mark.parametrize(
    "view",
    [
        " 工银 e钱包  推广，星河银行\t\t服务 小微企业 ",
        "營 銷 體 系\n\u3000持續完善，星河銀行推出「鑫福寶」",
    ],
    ids=["simplified-blanks", "traditional-blanks"],
)
def test_compact_text_bounds_are_the_comprehensions(analyse_text, view):
    """The compact text's starts and bounds, its words' and tokens' places read by map:
    those the comprehensions over every word and token gave (both scripts, blanks)."""
    from kg.entities.text import _compact_index, _Text
    from kg.segment import compact, compact_words

    doc = analyse_text(view)
    ctx, pos = doc._.kg_context, doc._.kg_pos
    got = _Text.of(ctx, pos)
    _, keep, blank_before = compact(ctx.view.text)
    v2c = _compact_index(len(ctx.view.text), keep, blank_before)
    words = compact_words(pos)
    token_starts = {v2c[s] for s, _ in ctx.tokens}
    token_ends = {v2c[e] for _, e in ctx.tokens}
    starts = sorted(token_starts | blank_before | {s for s, _, _ in words})
    assert got.starts == tuple(starts)
    assert got.bounds == frozenset(starts) | token_ends
    assert got.word_bounds == frozenset(token_starts | token_ends)


@st.composite
def _tiled_words(draw):
    from itertools import pairwise

    text = draw(st.text(alphabet="北京银行上海大连遵义e贷", min_size=0, max_size=20))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=10)))
    bounds = [0, *[c for c in cuts if c < len(text)], len(text)]
    words = [(a, b) for a, b in pairwise(bounds) if b > a]
    flags = [draw(st.sampled_from(["n", "v", "ns", "d"])) for _ in words]
    return text, words, flags


@settings(max_examples=200, deadline=None)
@given(_tiled_words(), st.sets(st.sampled_from(["北京", "上海", "大连", "遵义", "京", "贷"])))
def test_tags_of_words_making_up_the_text_are_the_loops(tiled, places):
    """Each character's tag from segment()'s columns (each word's tag repeated, ns over a
    place looked for among the words the places hold) is the one laying each word's tag
    on its characters gave (ns where the word is a place)."""
    from kg.entities.text import PLACE_TAG, _tiled_tags
    from kg.segment import WordColumns

    text, words, flags = tiled
    starts, ends = [s for s, _ in words], [e for _, e in words]
    texts = tuple(text[s:e] for s, e in words)
    cols = WordColumns(starts, ends, texts, tuple(flags), starts, ends)
    expected = [""] * len(text)
    for (s, e), tag in zip(words, flags, strict=True):
        expected[s:e] = [PLACE_TAG if text[s:e] in places else tag] * (e - s)
    assert _tiled_tags(cols, frozenset(places)) == expected


@pytest.mark.parametrize(
    "view",
    [
        "北京分行与大连分行推出“京e贷”，遵义支行跟进。",
        "北京分行與大連分行推出「京e貸」，遵義支行跟進。",
    ],
    ids=["simplified", "traditional"],
)
def test_compact_text_of_columns_tags_places(analyse_text, rules, view):
    """The compact text made from segment()'s columns, places of the gazetteer among its
    words, is the one made from a copy of the words (mapped back, laid one by one)."""
    from kg.entities.text import _Text
    from kg.segment import words_columns

    doc = analyse_text(view)
    ctx, pos = doc._.kg_context, doc._.kg_pos
    assert words_columns(pos) is not None
    got = _Text.of(ctx, pos, rules.places)
    assert got == _Text.of(ctx, tuple(list(pos)), rules.places)
    assert "ns" in got.tags


def test_customer_group_heads_are_gathered_once_per_table(rules):
    """The heads of the customer-group suffix rules, in order, gathered once for a table
    (the same object again) and afresh for another table."""
    from dataclasses import replace

    from kg.entities.head_words import _segment_heads

    expected = tuple(h for r in rules.suffixes if r.kind == "CustomerSegment" for h in r.heads)
    assert expected and _segment_heads(rules.suffixes) == expected
    assert _segment_heads(rules.suffixes) is _segment_heads(rules.suffixes)
    segment = next(r for r in rules.suffixes if r.kind == "CustomerSegment")
    others = [r for r in rules.suffixes if r.kind != "CustomerSegment"]
    fewer = (*others, replace(segment, heads=("客群",)))
    assert _segment_heads(fewer) == ("客群",)
    assert _segment_heads(rules.suffixes) == expected
