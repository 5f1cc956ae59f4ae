"""Relation extraction on composed sentences, with mentions built by hand.

The mentions are made here (as the entity recogniser would make them) so these tests
depend on mention kinds and positions only, never on what the recogniser finds. Each
signal is checked in simplified and traditional script; the negative cases (a plain
list, a negation, a plan, the wrong kinds) must give nothing.
"""

from __future__ import annotations

import copy
import dataclasses
from importlib import resources

import pytest
import yaml

from kg import relations
from kg.models import Mention, TextContext
from kg.normalize import display_name, normalize_name

PROD, STRAT, INIT, DEPT, SUB, BANK, ORG, SEG, AWARD, BRANCH = (
    "Product",
    "Strategy",
    "Initiative",
    "Department",
    "Subsidiary",
    "Bank",
    "Organization",
    "CustomerSegment",
    "Award",
    "Branch",
)


def mentions(ctx: TextContext, specs: list[tuple[str, str]]) -> tuple[Mention, ...]:
    """Every occurrence of each surface form as a mention of its kind (本行 is the bank)."""
    text = ctx.document.text
    out = []
    for surface, kind in specs:
        start = text.find(surface)
        while start >= 0:
            vs = ctx.view.to_view(start)
            ve = ctx.view.to_view(start + len(surface))
            span = ctx.span(vs, ve)
            own = surface in ("本行", "我行")
            name = (ctx.document.bank or "") if own else display_name(surface)
            rule = "entity.self_reference" if own else "test"  # as the recogniser says
            out.append(Mention(span.quote, name, kind, span, ctx.sentence_at(vs), rule))
            start = text.find(surface, start + len(surface))
    out.sort(key=lambda m: (m.span.start, -m.span.end))
    return tuple(out)


@pytest.fixture(scope="module")
def rules():
    return relations.load_rules()


def extract(make_context, text, specs, rules):
    ctx = make_context(text)
    return ctx, relations.extract(ctx, mentions(ctx, specs), rules)


def triples(rels) -> set[tuple[str, str, str]]:
    return {(r.subject.name, r.predicate, r.object.name) for r in rels}


CASES = [
    # ------------------------------------------------------------ supports / partOf
    (
        "empower",
        "为打造第一个人金融银行赋能，手机银行瞄准高净值人群。",
        "為打造第一個人金融銀行賦能，手機銀行瞄準高淨值人群。",
        [("第一个人金融银行", STRAT), ("手机银行", PROD), ("高净值人群", SEG)],
        {
            ("手机银行", "supports", "第一个人金融银行"),
            ("手机银行", "targets", "高净值人群"),
        },
    ),
    (
        "guided",
        "在“数字金融”战略引领下，本行推出“智慧大脑”平台和“天天盈”服务。",
        "在「數字金融」戰略引領下，本行推出「智慧大腦」平台和「天天盈」服務。",
        [("数字金融", STRAT), ("智慧大脑", PROD), ("天天盈", PROD), ("本行", BANK)],
        {("智慧大脑", "supports", "数字金融"), ("天天盈", "supports", "数字金融")},
    ),
    (
        "strategy-within-strategy",
        "结合“第一个人金融银行”中的重点客群战略，推进代发业务发展。",
        "結合「第一個人金融銀行」中的重點客群戰略，推進代發業務發展。",
        [("第一个人金融银行", STRAT), ("重点客群战略", STRAT)],
        {("重点客群战略", "partOf", "第一个人金融银行")},
    ),
    (
        "help",
        "深入开展“能源保供”行动，助力能源强国建设。",
        "深入開展「能源保供」行動，助力能源強國建設。",
        [("能源保供", INIT), ("能源强国", STRAT)],
        {("能源保供", "supports", "能源强国")},
    ),
    (
        "help-do-well",
        "本行持续完善数字生态体系建设，强化科技支撑能力，提升客户服务质效，组织“星光护航”行动，以更强合力服务做好“三篇新文章”。",
        "本行持續完善數字生態體系建設，強化科技支撐能力，提升客戶服務質效，組織「星光護航」行動，以更強合力服務做好「三篇新文章」。",
        [("星光护航", INIT), ("三篇新文章", STRAT)],
        {("星光护航", "supports", "三篇新文章")},
    ),
    (
        "linked-to-organisations",
        "养老金融方面，打造“银龄社区”平台，推出自动缴存等服务，对接星河石油、星河电网等企业内部生态。",
        "養老金融方面，打造「銀齡社區」平台，推出自動繳存等服務，對接星河石油、星河電網等企業內部生態。",
        [("银龄社区", PROD), ("星河石油", ORG), ("星河电网", ORG)],
        {("银龄社区", "partnersWith", "星河石油"), ("银龄社区", "partnersWith", "星河电网")},
    ),
    (
        "frame-taken-up-aspect-by-aspect",
        "2、做精做深“三篇新文章”。甲金融方面，本行推出专属服务，提升服务能力。"
        "乙金融方面，本行完善服务体系。丙金融方面，本行加大投放。",
        "2、做精做深「三篇新文章」。甲金融方面，本行推出專屬服務，提升服務能力。"
        "乙金融方面，本行完善服務體系。丙金融方面，本行加大投放。",
        [("三篇新文章", STRAT), ("甲金融", STRAT), ("乙金融", STRAT), ("丙金融", STRAT)],
        {
            ("甲金融", "partOf", "三篇新文章"),
            ("乙金融", "partOf", "三篇新文章"),
            ("丙金融", "partOf", "三篇新文章"),
        },
    ),
    (
        "around",
        "围绕“五篇大文章”，推出“科技创享贴”“康养票据”等创新服务。",
        "圍繞「五篇大文章」，推出「科技創享貼」「康養票據」等創新服務。",
        [("五篇大文章", STRAT), ("科技创享贴", PROD), ("康养票据", PROD)],
        {("科技创享贴", "supports", "五篇大文章"), ("康养票据", "supports", "五篇大文章")},
    ),
    (
        "frame",
        "以“两新”为切入点，实施“工助升级贷动更新”专项行动。",
        "以「兩新」為切入點，實施「工助升級貸動更新」專項行動。",
        [("两新", STRAT), ("工助升级贷动更新", INIT)],
        {("工助升级贷动更新", "supports", "两新")},
    ),
    (
        "paragraph-topic",
        "服务培育新动能。深化科技金融服务，设立专门团队。开展“春苗”“秋实”行动，打造“工银科创”品牌。",
        "服務培育新動能。深化科技金融服務，設立專門團隊。開展「春苗」「秋實」行動，打造「工銀科創」品牌。",
        [("科技金融", STRAT), ("春苗", INIT), ("秋实", INIT), ("工银科创", PROD)],
        {
            ("春苗", "supports", "科技金融"),
            ("秋实", "supports", "科技金融"),
            ("工银科创", "supports", "科技金融"),
        },
    ),
    (
        "family-plus",
        "经营快贷形成“小额e贷+场景e贷+区域e贷”产品体系。",
        "經營快貸形成「小額e貸+場景e貸+區域e貸」產品體系。",
        [("经营快贷", PROD), ("小额e贷", PROD), ("场景e贷", PROD), ("区域e贷", PROD)],
        {
            ("小额e贷", "partOf", "经营快贷"),
            ("场景e贷", "partOf", "经营快贷"),
            ("区域e贷", "partOf", "经营快贷"),
        },
    ),
    (
        "of-which",
        "黄金积存资产池余额53.44吨（其中积存金16.48吨、如意金积存35.94吨）。",
        "黃金積存資產池餘額53.44噸（其中積存金16.48噸、如意金積存35.94噸）。",
        [("黄金积存", PROD), ("积存金", PROD), ("如意金积存", PROD)],
        {("积存金", "partOf", "黄金积存"), ("如意金积存", "partOf", "黄金积存")},
    ),
    (
        "of-which-next-sentence",
        "2024年末，银行卡发卡量12.83亿张。其中，借记卡11.33亿张，信用卡1.50亿张。",
        "2024年末，銀行卡發卡量12.83億張。其中，借記卡11.33億張，信用卡1.50億張。",
        [("银行卡", PROD), ("借记卡", PROD), ("信用卡", PROD)],
        {("借记卡", "partOf", "银行卡"), ("信用卡", "partOf", "银行卡")},
    ),
    (
        "upgrade-launch",
        "焕新升级经营快贷，推出面向制造业小微企业的“制造e贷”。",
        "煥新升級經營快貸，推出面向製造業小微企業的「製造e貸」。",
        [("经营快贷", PROD), ("制造业小微企业", SEG), ("制造e贷", PROD)],
        {("制造e贷", "partOf", "经营快贷"), ("制造e贷", "targets", "制造业小微企业")},
    ),
    (
        "list-items",
        "美好家园版全方位升级服务体验。\n一是降低门槛，推出“一键注册”功能。\n二是推出了智能化贷款产品“一键贷”。",
        "美好家園版全方位升級服務體驗。\n一是降低門檻，推出「一鍵註冊」功能。\n二是推出了智能化貸款產品「一鍵貸」。",
        [("美好家园版", PROD), ("一键注册", PROD), ("一键贷", PROD)],
        {("一键注册", "partOf", "美好家园版"), ("一键贷", "partOf", "美好家园版")},
    ),
    (
        "a-list-item-clause-that-names-where-it-adds-leaves-the-lead-alone",
        "星河信用卡持续丰富用卡权益。\n一是推出“星享分期”，并在星河App“会员专区”新增“积分兑换”。\n"
        "二是上线“安心付”。",
        "星河信用卡持續豐富用卡權益。\n一是推出「星享分期」，並在星河App「會員專區」新增「積分兌換」。\n"
        "二是上線「安心付」。",
        [
            ("星河信用卡", PROD),
            ("星享分期", PROD),
            ("星河App", PROD),
            ("会员专区", PROD),
            ("积分兑换", PROD),
            ("安心付", PROD),
        ],
        {
            ("星享分期", "partOf", "星河信用卡"),
            ("安心付", "partOf", "星河信用卡"),
            ("会员专区", "partOf", "星河App"),
            ("积分兑换", "partOf", "会员专区"),
        },
    ),
    # ------------------------------------------------------------ versionOf
    (
        "version-number",
        "手机银行10.0正式上线，手机银行月活客户稳步增长。",
        "手機銀行10.0正式上線，手機銀行月活客戶穩步增長。",
        [("手机银行10.0", PROD), ("手机银行", PROD)],
        {("手机银行10.0", "versionOf", "手机银行")},
    ),
    (
        "version-edition-words",
        "推广手机银行幸福生活版和个性版手机银行，手机银行客户持续增长。",
        "推廣手機銀行幸福生活版和個性版手機銀行，手機銀行客戶持續增長。",
        [("手机银行幸福生活版", PROD), ("个性版手机银行", PROD), ("手机银行", PROD)],
        {
            ("手机银行幸福生活版", "versionOf", "手机银行"),
            ("个性版手机银行", "versionOf", "手机银行"),
        },
    ),
    (
        "version-launched",
        "手机银行于7月推出服务于县域市场的“美好家园版”。",
        "手機銀行於7月推出服務於縣域市場的「美好家園版」。",
        [("手机银行", PROD), ("县域市场", SEG), ("美好家园版", PROD)],
        {("美好家园版", "versionOf", "手机银行"), ("美好家园版", "targets", "县域市场")},
    ),
    # ------------------------------------------------------------ responsibleFor
    (
        "department-names-strategy",
        "私人银行部推进“第一私人银行”建设。",
        "私人銀行部推進「第一私人銀行」建設。",
        [("私人银行部", DEPT), ("第一私人银行", STRAT)],
        {("私人银行部", "responsibleFor", "第一私人银行")},
    ),
    (
        "department-launches",
        "贵金属业务部启动了新一批“311创新项目”。",
        "貴金屬業務部啟動了新一批「311創新項目」。",
        [("贵金属业务部", DEPT), ("311创新项目", INIT)],
        {("贵金属业务部", "responsibleFor", "311创新项目")},
    ),
    (
        "byline",
        "手机银行客户数达到3.85亿户。手机银行推出新功能，融e借余额增长。\n供稿：网络金融部\n"
        "移动金融服务再上台阶\n信用卡发卡量稳步增长。信用卡消费额增长。\n供稿：银行卡业务部",
        "手機銀行客戶數達到3.85億戶。手機銀行推出新功能，融e借餘額增長。\n供稿：網絡金融部\n"
        "移動金融服務再上台階\n信用卡發卡量穩步增長。信用卡消費額增長。\n供稿：銀行卡業務部",
        [
            ("手机银行", PROD),
            ("融e借", PROD),
            ("网络金融部", DEPT),
            ("信用卡", PROD),
            ("银行卡业务部", DEPT),
        ],
        {
            ("网络金融部", "responsibleFor", "手机银行"),
            ("银行卡业务部", "responsibleFor", "信用卡"),
        },
    ),
    (
        "heading",
        "普惠金融\n持续提升服务覆盖面。开展“普惠金融推进月”活动。\n机构金融业务\n开展“数字乡村”活动。",
        "普惠金融\n持續提升服務覆蓋面。開展「普惠金融推進月」活動。\n機構金融業務\n開展「數字鄉村」活動。",
        [("普惠金融", STRAT), ("普惠金融推进月", INIT), ("数字乡村", INIT)],
        {("普惠金融推进月", "supports", "普惠金融")},
    ),
    # ------------------------------------------------------------ collaboratesWith
    (
        "collaborate-chain",
        "个金条线与银行卡条线联动，推动信用卡渗透；与私人银行条线联动，提升达标客户。",
        "個金條線與銀行卡條線聯動，推動信用卡滲透；與私人銀行條線聯動，提升達標客戶。",
        [("个金条线", DEPT), ("银行卡条线", DEPT), ("私人银行条线", DEPT), ("信用卡", PROD)],
        {
            ("个金条线", "collaboratesWith", "银行卡条线"),
            ("个金条线", "collaboratesWith", "私人银行条线"),
        },
    ),
    (
        "collaborate-byline",
        "联动工银理财，开展专属理财产品定制；联动风险管理部，做好客户资产分析。\n供稿：私人银行部",
        "聯動工銀理財，開展專屬理財產品定制；聯動風險管理部，做好客戶資產分析。\n供稿：私人銀行部",
        [("工银理财", SUB), ("风险管理部", DEPT), ("私人银行部", DEPT)],
        {
            ("私人银行部", "collaboratesWith", "工银理财"),
            ("私人银行部", "collaboratesWith", "风险管理部"),
        },
    ),
    # ------------------------------------------------------------ partnersWith
    (
        "partners-enumeration",
        "加大工银e钱包推广力度，与腾讯、蚂蚁金服、中石化、京东金融等320余家各类平台开展合作。",
        "加大工銀e錢包推廣力度，與騰訊、螞蟻金服、中石化、京東金融等320餘家各類平台開展合作。",
        [("工银e钱包", PROD), ("腾讯", ORG), ("蚂蚁金服", ORG), ("中石化", ORG), ("京东金融", ORG)],
        {
            ("工银e钱包", "partnersWith", "腾讯"),
            ("工银e钱包", "partnersWith", "蚂蚁金服"),
            ("工银e钱包", "partnersWith", "中石化"),
            ("工银e钱包", "partnersWith", "京东金融"),
        },
    ),
    (
        "partners-online",
        "积存金上线京东金融平台和支付宝平台。",
        "積存金上線京東金融平台和支付寶平台。",
        [("积存金", PROD), ("京东金融", ORG), ("支付宝", ORG)],
        {("积存金", "partnersWith", "京东金融"), ("积存金", "partnersWith", "支付宝")},
    ),
    (
        "partners-jointly",
        "联合国家博物馆推出前程似锦祝福金卡。",
        "聯合國家博物館推出前程似錦祝福金卡。",
        [("国家博物馆", ORG), ("前程似锦祝福金卡", PROD)],
        {("前程似锦祝福金卡", "partnersWith", "国家博物馆")},
    ),
    # ------------------------------------------------------------ targets
    (
        "targets-aimed",
        "针对银发族、私人银行客户等重点客群，推出“千人千面”的个性版手机银行服务。",
        "針對銀髮族、私人銀行客戶等重點客群，推出「千人千面」的個性版手機銀行服務。",
        [("银发族", SEG), ("私人银行客户", SEG), ("个性版手机银行", PROD)],
        {
            ("个性版手机银行", "targets", "银发族"),
            ("个性版手机银行", "targets", "私人银行客户"),
        },
    ),
    (
        "targets-penetration",
        "推动信用卡对房贷客户、中高资产客户等优质客群的渗透。",
        "推動信用卡對房貸客戶、中高資產客戶等優質客群的滲透。",
        [("信用卡", PROD), ("房贷客户", SEG), ("中高资产客户", SEG)],
        {("信用卡", "targets", "房贷客户"), ("信用卡", "targets", "中高资产客户")},
    ),
    (
        "targets-by-name",
        "支行运用科创企业专属授信模型，服务园区科创企业。",
        "支行運用科創企業專屬授信模型，服務園區科創企業。",
        [("科创企业专属授信模型", PROD), ("科创企业", SEG)],
        {("科创企业专属授信模型", "targets", "科创企业")},
    ),
]


CASES += [
    # ------------------------------------------------------------ respectively, editions
    (
        "respectively-segments-editions",
        "本行针对银发族和私人银行客户分别推出“幸福版”和“尊享版”手机银行。",
        "本行針對銀髮族和私人銀行客戶分別推出「幸福版」和「尊享版」手機銀行。",
        [
            ("本行", BANK),
            ("银发族", SEG),
            ("私人银行客户", SEG),
            ("幸福版", PROD),
            ("尊享版", PROD),
            ("手机银行", PROD),
        ],
        {
            ("幸福版", "targets", "银发族"),
            ("尊享版", "targets", "私人银行客户"),
            ("幸福版", "versionOf", "手机银行"),
            ("尊享版", "versionOf", "手机银行"),
        },
    ),
    (
        "editions-pair-without-respectively",
        "针对老年客户和县域客户推出“长辈版”和“乡镇版”两款客户端。",
        "針對老年客戶和縣域客戶推出「長輩版」和「鄉鎮版」兩款客戶端。",
        [("老年客户", SEG), ("县域客户", SEG), ("长辈版", PROD), ("乡镇版", PROD)],
        {("长辈版", "targets", "老年客户"), ("乡镇版", "targets", "县域客户")},
    ),
    (
        "plain-products-without-respectively-pair-all",
        "针对小微企业和个体工商户推出税贷通和流水贷。",
        "針對小微企業和個體工商戶推出稅貸通和流水貸。",
        [("小微企业", SEG), ("个体工商户", SEG), ("税贷通", PROD), ("流水贷", PROD)],
        {
            ("税贷通", "targets", "小微企业"),
            ("税贷通", "targets", "个体工商户"),
            ("流水贷", "targets", "小微企业"),
            ("流水贷", "targets", "个体工商户"),
        },
    ),
    (
        "respectively-partners",
        "网络金融部和运营管理部分别与工银理财和工银投资联动，提升服务效率。",
        "網絡金融部和運營管理部分別與工銀理財和工銀投資聯動，提升服務效率。",
        [("网络金融部", DEPT), ("运营管理部", DEPT), ("工银理财", SUB), ("工银投资", SUB)],
        {
            ("网络金融部", "collaboratesWith", "工银理财"),
            ("运营管理部", "collaboratesWith", "工银投资"),
        },
    ),
    (
        "respectively-after-the-bank",
        "本行分别针对新市民和老年客户推出“安家贷”和“颐养卡”。",
        "本行分別針對新市民和老年客戶推出「安家貸」和「頤養卡」。",
        [("本行", BANK), ("新市民", SEG), ("老年客户", SEG), ("安家贷", PROD), ("颐养卡", PROD)],
        {("安家贷", "targets", "新市民"), ("颐养卡", "targets", "老年客户")},
    ),
    (
        "respectively-products-partners",
        "薪享通和惠民贷分别与美团、滴滴开展合作。",
        "薪享通和惠民貸分別與美團、滴滴開展合作。",
        [("薪享通", PROD), ("惠民贷", PROD), ("美团", ORG), ("滴滴", ORG)],
        {("薪享通", "partnersWith", "美团"), ("惠民贷", "partnersWith", "滴滴")},
    ),
    (
        "respectively-products-segments",
        "养老e站和青春卡分别面向老年客户和新市民。",
        "養老e站和青春卡分別面向老年客戶和新市民。",
        [("养老e站", PROD), ("青春卡", PROD), ("老年客户", SEG), ("新市民", SEG)],
        {("养老e站", "targets", "老年客户"), ("青春卡", "targets", "新市民")},
    ),
    (
        "quoted-edition-before-product",
        "本行上线“乡愁版”惠民APP，服务县域。",
        "本行上線「鄉愁版」惠民APP，服務縣域。",
        [("本行", BANK), ("乡愁版", PROD), ("惠民APP", PROD)],
        {("乡愁版", "versionOf", "惠民APP")},
    ),
    (
        "edited-product-is-the-edition",
        "“大字版”企业网银面向老年客户，推出语音导航和远程协助。",
        "「大字版」企業網銀面向老年客戶，推出語音導航和遠程協助。",
        [("大字版", PROD), ("企业网银", PROD), ("老年客户", SEG)],
        {("大字版", "versionOf", "企业网银"), ("大字版", "targets", "老年客户")},
    ),
    (
        "edition-beside-a-version-is-of-the-base",
        "全面推出企业网银5.0及“出海版”。",
        "全面推出企業網銀5.0及「出海版」。",
        [("企业网银5.0", PROD), ("企业网银", PROD), ("出海版", PROD)],
        {("企业网银5.0", "versionOf", "企业网银"), ("出海版", "versionOf", "企业网银")},
    ),
    (
        "edition-launched-after-a-version-is-of-the-base",
        "发布企业网银5.0，并推出“跨境版”。",
        "發佈企業網銀5.0，並推出「跨境版」。",
        [("企业网银5.0", PROD), ("企业网银", PROD), ("跨境版", PROD)],
        {("企业网银5.0", "versionOf", "企业网银"), ("跨境版", "versionOf", "企业网银")},
    ),
    # ------------------------------------------------------------ more general signals
    (
        "targets-support",
        "打造“链融通”产品，支持专精特新企业扩大生产。",
        "打造「鏈融通」產品，支持專精特新企業擴大生產。",
        [("链融通", PROD), ("专精特新企业", SEG)],
        {("链融通", "targets", "专精特新企业")},
    ),
    (
        "targets-aimed-long-gap",
        "对于园区内处于初创阶段的大批科技型企业，支行运用“科创快贷”提供融资。",
        "對於園區內處於初創階段的大批科技型企業，支行運用「科創快貸」提供融資。",
        [("科技型企业", SEG), ("科创快贷", PROD)],
        {("科创快贷", "targets", "科技型企业")},
    ),
    (
        "award-run-with-givers",
        "本行获养老保险管理中心颁发的年金计划“卓越受托人”、《金融时报》“年度养老银行”等奖项。",
        "本行獲養老保險管理中心頒發的年金計劃「卓越受託人」、《金融時報》「年度養老銀行」等獎項。",
        [
            ("本行", BANK),
            ("养老保险管理中心", ORG),
            ("卓越受托人", AWARD),
            ("金融时报", ORG),
            ("年度养老银行", AWARD),
        ],
        {("工商银行", "received", "卓越受托人"), ("工商银行", "received", "年度养老银行")},
    ),
    (
        "department-agent-frame",
        "运营管理部坚持集约转型，围绕“智慧运营”和“远程授权”两大主线提升效率。",
        "運營管理部堅持集約轉型，圍繞「智慧運營」和「遠程授權」兩大主線提升效率。",
        [("运营管理部", DEPT), ("智慧运营", INIT), ("远程授权", PROD)],
        {
            ("运营管理部", "responsibleFor", "智慧运营"),
            ("运营管理部", "responsibleFor", "远程授权"),
        },
    ),
    (
        "department-agent-launch",
        "运营管理部深化流程改造，连续推出“云柜台”和“智能授权”。",
        "運營管理部深化流程改造，連續推出「雲櫃台」和「智能授權」。",
        [("运营管理部", DEPT), ("云柜台", PROD), ("智能授权", PROD)],
        {("运营管理部", "responsibleFor", "云柜台"), ("运营管理部", "responsibleFor", "智能授权")},
    ),
]


CASES += [
    # ------------------------------------------------------------ product families
    (
        "family-launches-sub-products-for-segments",
        "兴农快贷依托税务数据，针对个体商户推出“商户快贷”，针对养殖户和渔户分别推出“养殖快贷”“渔业快贷”。",
        "興農快貸依託稅務數據，針對個體商戶推出「商戶快貸」，針對養殖戶和漁戶分別推出「養殖快貸」「漁業快貸」。",
        [
            ("兴农快贷", PROD),
            ("个体商户", SEG),
            ("商户快贷", PROD),
            ("养殖户", SEG),
            ("渔户", SEG),
            ("养殖快贷", PROD),
            ("渔业快贷", PROD),
        ],
        {
            ("商户快贷", "partOf", "兴农快贷"),
            ("养殖快贷", "partOf", "兴农快贷"),
            ("渔业快贷", "partOf", "兴农快贷"),
            ("商户快贷", "targets", "个体商户"),
            ("养殖快贷", "targets", "养殖户"),
            ("渔业快贷", "targets", "渔户"),
        },
    ),
    (
        "launched-by-the-bank-is-no-part",
        "本行针对个体商户推出“商户快贷”。",
        "本行針對個體商戶推出「商戶快貸」。",
        [("本行", BANK), ("个体商户", SEG), ("商户快贷", PROD)],
        {("商户快贷", "targets", "个体商户")},
    ),
    (
        "part-by-separated-name",
        "兴农快贷·光伏贷上线后，兴农快贷余额增长。",
        "興農快貸·光伏貸上線後，興農快貸餘額增長。",
        [("兴农快贷·光伏贷", PROD), ("兴农快贷", PROD)],
        {("兴农快贷·光伏贷", "partOf", "兴农快贷")},
    ),
    (
        "quoted-series-serves-listed-segments",
        "本行推出“悦享”“安盈”系列产品，服务新市民、青年客群等客户群体。",
        "本行推出「悅享」「安盈」系列產品，服務新市民、青年客群等客戶群體。",
        [("本行", BANK), ("悦享", PROD), ("安盈", PROD), ("新市民", SEG), ("青年客群", SEG)],
        {
            ("悦享", "targets", "新市民"),
            ("悦享", "targets", "青年客群"),
            ("安盈", "targets", "新市民"),
            ("安盈", "targets", "青年客群"),
        },
    ),
    (
        "named-within-a-product-line",
        "推出“安心贷”经营快贷产品。",
        "推出「安心貸」經營快貸產品。",
        [("安心贷", PROD), ("经营快贷", PROD)],
        {("安心贷", "partOf", "经营快贷")},
    ),
    (
        "respectively-after-a-described-run",
        "本行以“悦享”及“安盈”两类服务，分别服务新市民及老年客户。",
        "本行以「悅享」及「安盈」兩類服務，分別服務新市民及老年客戶。",
        [("本行", BANK), ("悦享", PROD), ("安盈", PROD), ("新市民", SEG), ("老年客户", SEG)],
        {("悦享", "targets", "新市民"), ("安盈", "targets", "老年客户")},
    ),
    (
        "launched-for-a-segment",
        "本行为新市民客群推出“安居贷”专区。",
        "本行為新市民客群推出「安居貸」專區。",
        [("本行", BANK), ("新市民客群", SEG), ("安居贷", PROD)],
        {("安居贷", "targets", "新市民客群")},
    ),
    (
        "refined-for-a-segment-and-feature-added",
        "本行上线“惠民通”平台，针对个体商户优化开户流程，新增“收款助手”。",
        "本行上線「惠民通」平台，針對個體商戶優化開戶流程，新增「收款助手」。",
        [("本行", BANK), ("惠民通", PROD), ("个体商户", SEG), ("收款助手", PROD)],
        {("惠民通", "targets", "个体商户"), ("收款助手", "partOf", "惠民通")},
    ),
    # ------------------------------------------------------------ strategies
    (
        "numbered-frame-of-listed-strategies",
        "本行推进科技金融、绿色金融、数字金融三大战略。",
        "本行推進科技金融、綠色金融、數字金融三大戰略。",
        [("本行", BANK), ("科技金融", STRAT), ("数字金融", STRAT), ("三大战略", STRAT)],
        {("科技金融", "partOf", "三大战略"), ("数字金融", "partOf", "三大战略")},
    ),
    (
        "strategy-aspect-frames-the-launch",
        "绿色金融方面，本行推出“碳减排贷”。",
        "綠色金融方面，本行推出「碳減排貸」。",
        [("绿色金融", STRAT), ("本行", BANK), ("碳减排贷", PROD)],
        {("碳减排贷", "supports", "绿色金融")},
    ),
    (
        "carried-out-strategy-then-promoted",
        "本行贯彻乡村振兴战略，在全行推广“兴农快贷”。",
        "本行貫徹鄉村振興戰略，在全行推廣「興農快貸」。",
        [("本行", BANK), ("乡村振兴", STRAT), ("兴农快贷", PROD)],
        {("兴农快贷", "supports", "乡村振兴")},
    ),
    (
        "section-strategy-serves-segments",
        "普惠金融\n本行以线上模式服务小微企业和个体工商户。",
        "普惠金融\n本行以線上模式服務小微企業和個體工商戶。",
        [("普惠金融", STRAT), ("本行", BANK), ("小微企业", SEG), ("个体工商户", SEG)],
        {("普惠金融", "targets", "小微企业"), ("普惠金融", "targets", "个体工商户")},
    ),
    # ------------------------------------------------------------ units
    (
        "collaborate-with-listed-subsidiaries",
        "公司金融部联动子公司工银租赁、工银投资，推出设备融资服务。",
        "公司金融部聯動子公司工銀租賃、工銀投資，推出設備融資服務。",
        [("公司金融部", DEPT), ("工银租赁", SUB), ("工银投资", SUB)],
        {
            ("公司金融部", "collaboratesWith", "工银租赁"),
            ("公司金融部", "collaboratesWith", "工银投资"),
        },
    ),
    (
        "collaborate-with-departments-and-subsidiaries",
        "个人金融部联合财富管理部、私银部与子公司工银理财深化协同，推出“悦享”产品。",
        "個人金融部聯合財富管理部、私銀部與子公司工銀理財深化協同，推出「悅享」產品。",
        [
            ("个人金融部", DEPT),
            ("财富管理部", DEPT),
            ("私银部", DEPT),
            ("工银理财", SUB),
            ("悦享", PROD),
        ],
        {
            ("个人金融部", "collaboratesWith", "财富管理部"),
            ("个人金融部", "collaboratesWith", "私银部"),
            ("个人金融部", "collaboratesWith", "工银理财"),
            ("个人金融部", "responsibleFor", "悦享"),
        },
    ),
    (
        "collaborate-after-an-untyped-unit",
        "运营管理部联合数据中心、工银科技推出“云柜台”。",
        "運營管理部聯合數據中心、工銀科技推出「雲櫃台」。",
        [("运营管理部", DEPT), ("工银科技", SUB), ("云柜台", PROD)],
        {
            ("运营管理部", "collaboratesWith", "工银科技"),
            ("运营管理部", "responsibleFor", "云柜台"),
        },
    ),
    (
        "bank-named-before-its-department",
        "本行公司金融部联合工银租赁，推出“设备贷”。",
        "本行公司金融部聯合工銀租賃，推出「設備貸」。",
        [("本行", BANK), ("公司金融部", DEPT), ("工银租赁", SUB), ("设备贷", PROD)],
        {
            ("公司金融部", "collaboratesWith", "工银租赁"),
            ("公司金融部", "responsibleFor", "设备贷"),
        },
    ),
    (
        "department-carries-a-platform-forward",
        "金融科技部与工银科技协同推进“工银云”建设。",
        "金融科技部與工銀科技協同推進「工銀雲」建設。",
        [("金融科技部", DEPT), ("工银科技", SUB), ("工银云", PROD)],
        {
            ("金融科技部", "collaboratesWith", "工银科技"),
            ("金融科技部", "responsibleFor", "工银云"),
        },
    ),
    (
        "byline-answers-for-the-product-family",
        "网络金融部推出“青春版”微银行，面向青年客群。青春版月活客户增长20%。微银行3.0同步完成升级。\n"
        "供稿：网络金融部",
        "網絡金融部推出「青春版」微銀行，面向青年客群。青春版月活客戶增長20%。微銀行3.0同步完成升級。\n"
        "供稿：網絡金融部",
        [
            ("网络金融部", DEPT),
            ("青春版", PROD),
            ("微银行3.0", PROD),
            ("微银行", PROD),
            ("青年客群", SEG),
        ],
        {
            ("青春版", "versionOf", "微银行"),
            ("微银行3.0", "versionOf", "微银行"),
            ("青春版", "targets", "青年客群"),
            ("网络金融部", "responsibleFor", "青春版"),
            ("网络金融部", "responsibleFor", "微银行"),
            ("网络金融部", "responsibleFor", "微银行3.0"),
        },
    ),
]


CASES += [
    # ------------------------------------------------------------ recurring wordings
    (
        "upgraded-product-launches-its-parts",
        "作为零售转型的重点，薪享通全面升级至3.0版本，推出“工资理财”，并为新就业群体上线“安薪存”。",
        "作為零售轉型的重點，薪享通全面升級至3.0版本，推出「工資理財」，並為新就業群體上線「安薪存」。",
        [("薪享通", PROD), ("工资理财", PROD), ("新就业群体", SEG), ("安薪存", PROD)],
        {
            ("工资理财", "partOf", "薪享通"),
            ("安薪存", "partOf", "薪享通"),
            ("安薪存", "targets", "新就业群体"),
        },
    ),
    (
        "vehicle-of-a-strategy",
        "作为养老金融的主阵地，“颐享家”持续丰富服务。“乐龄通”是养老金融的重要载体。",
        "作為養老金融的主陣地，「頤享家」持續豐富服務。「樂齡通」是養老金融的重要載體。",
        [("养老金融", STRAT), ("颐享家", PROD), ("乐龄通", PROD)],
        {("颐享家", "supports", "养老金融"), ("乐龄通", "supports", "养老金融")},
    ),
    (
        "run-by-a-department",
        "“云柜台”由运营管理部统筹运营。",
        "「雲櫃台」由運營管理部統籌運營。",
        [("云柜台", PROD), ("运营管理部", DEPT)],
        {("运营管理部", "responsibleFor", "云柜台")},
    ),
    (
        "made-convenient-for-a-segment",
        "本行推出“乐龄版”大字界面，方便老年客户使用。",
        "本行推出「樂齡版」大字介面，方便老年客戶使用。",
        [("本行", BANK), ("乐龄版", PROD), ("老年客户", SEG)],
        {("乐龄版", "targets", "老年客户")},
    ),
    (
        "for-a-segment-the-listed-products",
        "推出“安农保”“农资贷”等产品，为家庭农场、合作社提供保障和融资。",
        "推出「安農保」「農資貸」等產品，為家庭農場、合作社提供保障和融資。",
        [("安农保", PROD), ("农资贷", PROD), ("家庭农场", SEG), ("合作社", SEG)],
        {
            ("安农保", "targets", "家庭农场"),
            ("安农保", "targets", "合作社"),
            ("农资贷", "targets", "家庭农场"),
            ("农资贷", "targets", "合作社"),
        },
    ),
    (
        "second-partnership-clause-is-the-banks",
        "本行与华为合作建设“智慧客服”，与比亚迪等车企合作推出线上车贷。",
        "本行與華為合作建設「智慧客服」，與比亞迪等車企合作推出線上車貸。",
        [("本行", BANK), ("华为", ORG), ("智慧客服", PROD), ("比亚迪", ORG)],
        {("工商银行", "partnersWith", "华为"), ("工商银行", "partnersWith", "比亚迪")},
    ),
    # ------------------------------------------------ causes found on a blind set
    (
        "family-quoted-side-by-side",
        "“安居贷”系列涵盖“装修贷”“车位贷”等产品。",
        "「安居貸」系列涵蓋「裝修貸」「車位貸」等產品。",
        [("安居贷", PROD), ("装修贷", PROD), ("车位贷", PROD)],
        {("装修贷", "partOf", "安居贷"), ("车位贷", "partOf", "安居贷")},
    ),
    (
        "head-office-department-links-subsidiaries",
        "报告期内，总行资产管理部联动工银租赁、工银投资等子公司，提供综合服务方案。",
        "報告期內，總行資產管理部聯動工銀租賃、工銀投資等子公司，提供綜合服務方案。",
        [("资产管理部", DEPT), ("工银租赁", SUB), ("工银投资", SUB)],
        {
            ("资产管理部", "collaboratesWith", "工银租赁"),
            ("资产管理部", "collaboratesWith", "工银投资"),
        },
    ),
    (
        "a-named-subject-is-not-elided",
        "零售业务部统筹转型工作，信息科技部与运营管理部协同推进项目。",
        "零售業務部統籌轉型工作，信息科技部與運營管理部協同推進項目。",
        [("零售业务部", DEPT), ("信息科技部", DEPT), ("运营管理部", DEPT)],
        {("信息科技部", "collaboratesWith", "运营管理部")},
    ),
    (
        "disposal-jiang-is-not-a-plan",
        "网络金融部牵头将数字平台“智汇通”升级至3.0版，为企业提供一站式服务。",
        "網絡金融部牽頭將數字平台「智匯通」升級至3.0版，為企業提供一站式服務。",
        [("网络金融部", DEPT), ("智汇通", PROD)],
        {("网络金融部", "responsibleFor", "智汇通")},
    ),
    (
        "the-banks-own-strategy",
        "“悦享+”是本行面向年轻客户推出的服务品牌，也是落实本行“数字优先”战略的重要抓手。",
        "「悅享+」是本行面向年輕客戶推出的服務品牌，也是落實本行「數字優先」戰略的重要抓手。",
        [("悦享+", PROD), ("本行", BANK), ("年轻客户", SEG), ("数字优先", STRAT)],
        {("悦享+", "supports", "数字优先"), ("悦享+", "targets", "年轻客户")},
    ),
    (
        "made-by-a-subsidiary",
        "工银理财为新市民定制的“安居”系列理财产品规模稳步增长。",
        "工銀理財為新市民定制的「安居」系列理財產品規模穩步增長。",
        [("工银理财", SUB), ("新市民", SEG), ("安居", PROD)],
        {("工银理财", "responsibleFor", "安居"), ("安居", "targets", "新市民")},
    ),
    (
        "the-launched-product-carries-the-later-clauses",
        "本行正式发布“乐游卡”App5.0版本，新增“旅行专区”等功能，并与东方航空、携程开展合作，"
        "主要面向年轻客群和商旅客户。",
        "本行正式發布「樂遊卡」App5.0版本，新增「旅行專區」等功能，並與東方航空、攜程開展合作，"
        "主要面向年輕客群和商旅客戶。",
        [
            ("本行", BANK),
            ("乐游卡", PROD),
            ("旅行专区", PROD),
            ("东方航空", ORG),
            ("携程", ORG),
            ("年轻客群", SEG),
            ("商旅客户", SEG),
        ],
        {
            ("旅行专区", "partOf", "乐游卡"),
            ("乐游卡", "partnersWith", "东方航空"),
            ("乐游卡", "partnersWith", "携程"),
            ("乐游卡", "targets", "年轻客群"),
            ("乐游卡", "targets", "商旅客户"),
        },
    ),
    (
        "a-joint-launch-leaves-later-partners-to-the-actor",
        "本行与华为合作推出“智慧客服”，并与比亚迪开展合作。",
        "本行與華為合作推出「智慧客服」，並與比亞迪開展合作。",
        [("本行", BANK), ("华为", ORG), ("智慧客服", PROD), ("比亚迪", ORG)],
        {("工商银行", "partnersWith", "华为"), ("工商银行", "partnersWith", "比亚迪")},
    ),
    (
        "a-unit-name-cut-short-in-a-list",
        "私人银行部联动工银瑞信基金、工银理财，推出精选产品货架。",
        "私人銀行部聯動工銀瑞信基金、工銀理財，推出精選產品貨架。",
        [("私人银行部", DEPT), ("工银瑞信", SUB), ("工银理财", SUB)],
        {
            ("私人银行部", "collaboratesWith", "工银瑞信"),
            ("私人银行部", "collaboratesWith", "工银理财"),
        },
    ),
    (
        "a-department-refines-its-product",
        "普惠金融部持续完善“惠企贷”系列产品。",
        "普惠金融部持續完善「惠企貸」系列產品。",
        [("普惠金融部", DEPT), ("惠企贷", PROD)],
        {("普惠金融部", "responsibleFor", "惠企贷")},
    ),
    (
        "an-award-goes-to-the-subject-of-its-own-clause",
        "本行荣获《亚洲银行家》“最佳零售银行”；“薪享通”获《银行家》“最佳薪酬产品”；"
        "云端之星获评《金融时报》“年度服务品牌”。",
        "本行榮獲《亞洲銀行家》「最佳零售銀行」；「薪享通」獲《銀行家》「最佳薪酬產品」；"
        "雲端之星獲評《金融時報》「年度服務品牌」。",
        [
            ("本行", BANK),
            ("亚洲银行家", ORG),
            ("最佳零售银行", AWARD),
            ("薪享通", PROD),
            ("银行家", ORG),
            ("最佳薪酬产品", AWARD),
            ("金融时报", ORG),
            ("年度服务品牌", AWARD),
        ],
        {
            ("工商银行", "received", "最佳零售银行"),
            ("薪享通", "received", "最佳薪酬产品"),
        },
    ),
    (
        "a-product-page-defines-whom-it-is-for",
        "星河薪贷是指本行向辖内公职人员发放的信用贷款。星河商贷（又称“商贷通”）业务，"
        "是指本行为小微企业主提供的经营性贷款。星河存是指本行开办的存款业务。",
        "星河薪貸是指本行向轄內公職人員發放的信用貸款。星河商貸（又稱「商貸通」）業務，"
        "是指本行為小微企業主提供的經營性貸款。星河存是指本行開辦的存款業務。",
        [
            ("星河薪贷", PROD),
            ("本行", BANK),
            ("公职人员", SEG),
            ("星河商贷", PROD),
            ("小微企业主", SEG),
            ("星河存", PROD),
        ],
        {("星河薪贷", "targets", "公职人员"), ("星河商贷", "targets", "小微企业主")},
    ),
    (
        "what-is-added-inside-an-app-or-its-zone-is-part-of-it",
        "本行在“星河App”新增“云缴费”，并在星河App“出行专区”新增“机票预订”、“酒店预订”等功能。",
        "本行在「星河App」新增「雲繳費」，並在星河App「出行專區」新增「機票預訂」、「酒店預訂」等功能。",
        [
            ("本行", BANK),
            ("星河App", PROD),
            ("云缴费", PROD),
            ("出行专区", PROD),
            ("机票预订", PROD),
            ("酒店预订", PROD),
        ],
        {
            ("云缴费", "partOf", "星河App"),
            ("出行专区", "partOf", "星河App"),
            ("机票预订", "partOf", "出行专区"),
            ("酒店预订", "partOf", "出行专区"),
        },
    ),
    (
        "a-zone-opened-in-a-channel-and-a-function-an-app-puts-online-are-its-parts",
        "零售部在星河手机银行开设“星河基金优选”专区，年末保有规模较高；星河生活App上线“智能账单助手”，月活用户持续增长。",
        "零售部在星河手機銀行開設「星河基金優選」專區，年末保有規模較高；星河生活App上線「智能賬單助手」，月活用戶持續增長。",
        [
            ("星河手机银行", PROD),
            ("星河基金优选", PROD),
            ("星河生活App", PROD),
            ("智能账单助手", PROD),
        ],
        {
            ("星河基金优选", "partOf", "星河手机银行"),
            ("智能账单助手", "partOf", "星河生活App"),
        },
    ),
    (
        "a-subsidiary-after-its-classifier-and-with-its-short-name-is-the-actor",
        "子公司星河金融租赁有限公司（星河租赁）联动公司业务部，推出“绿能租”产品；"
        "附属公司星河人寿保险有限公司（星河人寿）与个人业务部合作推出养老年金。",
        "子公司星河金融租賃有限公司（星河租賃）聯動公司業務部，推出「綠能租」產品；"
        "附屬公司星河人壽保險有限公司（星河人壽）與個人業務部合作推出養老年金。",
        [
            ("星河金融租赁有限公司", SUB),
            ("星河租赁", SUB),
            ("公司业务部", DEPT),
            ("绿能租", PROD),
            ("星河人寿保险有限公司", SUB),
            ("星河人寿", SUB),
            ("个人业务部", DEPT),
        ],
        {
            ("星河金融租赁有限公司", "collaboratesWith", "公司业务部"),
            ("星河金融租赁有限公司", "responsibleFor", "绿能租"),
            ("星河人寿保险有限公司", "collaboratesWith", "个人业务部"),
        },
    ),
    (
        "a-service-only-launched-in-one-channel-is-part-of-it",
        "温馨提示：目前，本社“扫码付”只在个人网银渠道上线，暂不支持柜面办理。",
        "溫馨提示：目前，本社「掃碼付」只在個人網銀渠道上線，暫不支持櫃面辦理。",
        [("扫码付", PROD), ("个人网银", PROD)],
        {("扫码付", "partOf", "个人网银")},
    ),
    (
        "a-service-opened-with-an-e-wallet-is-part-of-it",
        "客户使用“星河钱包”开通“跨境汇款”后，可随时查询汇款进度。",
        "客戶使用「星河錢包」開通「跨境匯款」後，可隨時查詢匯款進度。",
        [("星河钱包", PROD), ("跨境汇款", PROD)],
        {("跨境汇款", "partOf", "星河钱包")},
    ),
    (
        "units-listed-as-joint-actors-work-with-one-another",
        "零售金融部、网络金融部和信用卡中心联合举办“悦享季”活动，覆盖全辖网点。",
        "零售金融部、網絡金融部和信用卡中心聯合舉辦「悅享季」活動，覆蓋全轄網點。",
        [("零售金融部", DEPT), ("网络金融部", DEPT), ("信用卡中心", DEPT)],
        {
            ("零售金融部", "collaboratesWith", "网络金融部"),
            ("零售金融部", "collaboratesWith", "信用卡中心"),
            ("网络金融部", "collaboratesWith", "信用卡中心"),
        },
    ),
    (
        "a-product-named-before-its-line-is-what-supports-a-segment",
        "打造“星河快贷”云贷通产品，支持小微企业扩大经营；推出“安居”“乐业”系列，助力新市民安家。",
        "打造「星河快貸」雲貸通產品，支持小微企業擴大經營；推出「安居」「樂業」系列，助力新市民安家。",
        [
            ("星河快贷", PROD),
            ("云贷通", PROD),
            ("小微企业", SEG),
            ("安居", PROD),
            ("乐业", PROD),
            ("新市民", SEG),
        ],
        {
            ("星河快贷", "partOf", "云贷通"),
            ("星河快贷", "targets", "小微企业"),
            ("乐业", "targets", "新市民"),
        },
    ),
    (
        "a-unit-named-by-a-strategy-after-its-level-answers-for-it",
        "深化绿色金融服务体系，设立董事会绿色金融委员会，在各分行设立专营团队。",
        "深化綠色金融服務體系，設立董事會綠色金融委員會，在各分行設立專營團隊。",
        [("绿色金融", STRAT), ("董事会绿色金融委员会", DEPT)],
        {("董事会绿色金融委员会", "responsibleFor", "绿色金融")},
    ),
    (
        "a-unit-that-iterates-or-refines-a-product-answers-for-it",
        "零售信贷部持续优化消费贷款产品“星河薪享贷”；信用卡部迭代“星卡生活”App，新增商城频道。",
        "零售信貸部持續優化消費貸款產品「星河薪享貸」；信用卡部迭代「星卡生活」App，新增商城頻道。",
        [("零售信贷部", DEPT), ("星河薪享贷", PROD), ("信用卡部", DEPT), ("星卡生活", PROD)],
        {
            ("零售信贷部", "responsibleFor", "星河薪享贷"),
            ("信用卡部", "responsibleFor", "星卡生活"),
        },
    ),
    (
        "awards-listed-after-a-comma-and-yiji-are-all-received",
        "本行荣获《东方金融》“最佳交易银行”，以及《海港财经》“年度托管银行”。",
        "本行榮獲《東方金融》「最佳交易銀行」，以及《海港財經》「年度託管銀行」。",
        [
            ("本行", BANK),
            ("东方金融", ORG),
            ("最佳交易银行", AWARD),
            ("海港财经", ORG),
            ("年度托管银行", AWARD),
        ],
        {("工商银行", "received", "最佳交易银行"), ("工商银行", "received", "年度托管银行")},
    ),
    (
        "a-link-made-or-signed-with-an-organisation-is-a-partnership",
        "“云税贷”与某市税务局纳税信息平台对接，本行与星河集团签署全面协议，并与东海大学共建金融实验室。",
        "「雲稅貸」與某市稅務局納稅信息平台對接，本行與星河集團簽署全面協議，並與東海大學共建金融實驗室。",
        [
            ("云税贷", PROD),
            ("某市税务局", ORG),
            ("本行", BANK),
            ("星河集团", ORG),
            ("东海大学", ORG),
        ],
        {
            ("云税贷", "partnersWith", "某市税务局"),
            ("工商银行", "partnersWith", "星河集团"),
            ("工商银行", "partnersWith", "东海大学"),
        },
    ),
    (
        "a-unit-that-is-the-holder-of-an-honour-received-it",
        "作为省内较早设立的机构，星河银行滨江分行是“全国青年文明号”荣誉称号获得单位，服务网络遍及全市。",
        "作為省內較早設立的機構，星河銀行濱江分行是「全國青年文明號」榮譽稱號獲得單位，服務網絡遍及全市。",
        [("滨江分行", BRANCH), ("全国青年文明号", AWARD)],
        {("滨江分行", "received", "全国青年文明号")},
    ),
]


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize(
    ("name", "hans", "hant", "specs", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_signal(make_context, rules, name, hans, hant, specs, expected, script):
    text = hans if script == "hans" else hant
    if script == "hant":
        specs = [(_to_hant(text, surface), kind) for surface, kind in specs]
    _, rels = extract(make_context, text, specs, rules)
    assert triples(rels) == expected


def _to_hant(text: str, surface: str) -> str:
    """The traditional form of ``surface`` as it is written in ``text``."""
    for start in range(len(text) - len(surface) + 1):
        piece = text[start : start + len(surface)]
        if display_name(piece) == display_name(surface):
            return piece
    raise AssertionError(f"{surface} not in {text}")


# ---------------------------------------------------------------- awards and givers
@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "本行蝉联《环球金融》“中国最佳企业银行”，获评《欧洲货币》“中国最佳企业银行”。",
            [("本行", BANK), ("环球金融", ORG), ("欧洲货币", ORG), ("中国最佳企业银行", AWARD)],
            {("中国最佳企业银行", "环球金融"), ("中国最佳企业银行", "欧洲货币")},
        ),
        (
            "本行私人銀行業務穩步發展。獲評《專業財富管理》《財資》「中國最佳私人銀行」、《亞洲銀行家》「中國最佳企業家服務私人銀行」。",
            [
                ("本行", BANK),
                ("專業財富管理", ORG),
                ("財資", ORG),
                ("中國最佳私人銀行", AWARD),
                ("亞洲銀行家", ORG),
                ("中國最佳企業家服務私人銀行", AWARD),
            ],
            {
                ("中国最佳私人银行", "专业财富管理"),
                ("中国最佳私人银行", "财资"),
                ("中国最佳企业家服务私人银行", "亚洲银行家"),
            },
        ),
        (
            "本行养老金融业务稳步发展，获中央国家机关养老保险管理中心颁发的“优秀受托人”奖项。",
            [("本行", BANK), ("中央国家机关养老保险管理中心", ORG), ("优秀受托人", AWARD)],
            {("优秀受托人", "中央国家机关养老保险管理中心")},
        ),
        (
            "本行获得《金融日报》《财经周刊》评选的“年度零售银行”“最佳数字银行”。",
            [
                ("本行", BANK),
                ("金融日报", ORG),
                ("财经周刊", ORG),
                ("年度零售银行", AWARD),
                ("最佳数字银行", AWARD),
            ],
            {("年度零售银行", "金融日报"), ("最佳数字银行", "财经周刊")},
        ),
        (
            "本行獲得《金融日報》《財經週刊》評選的「年度零售銀行」「最佳數字銀行」。",
            [
                ("本行", BANK),
                ("金融日報", ORG),
                ("財經週刊", ORG),
                ("年度零售銀行", AWARD),
                ("最佳數字銀行", AWARD),
            ],
            {("年度零售银行", "金融日报"), ("最佳数字银行", "财经周刊")},
        ),
        # the giver in the frame of the clause before: 「在A举办的…评选中，本行荣获…」
        (
            "在星河银行业协会、本地媒体联合举办的年度评选活动中，本行荣获“最佳服务银行”称号。",
            [("星河银行业协会", ORG), ("本行", BANK), ("最佳服务银行", AWARD)],
            {("最佳服务银行", "星河银行业协会")},
        ),
        # ... but an event named after its host gives the award itself (no organisation
        # the recogniser named here), not the host
        (
            "在星河銀行業協會主辦的第三屆金融創新大會上，本行榮獲「最佳服務銀行」稱號。",
            [("星河銀行業協會", ORG), ("本行", BANK), ("最佳服務銀行", AWARD)],
            {("最佳服务银行", None)},
        ),
        # an organisation in a clause before that frames nothing gives nothing
        (
            "在星河银行业协会的指导下，本行荣获“最佳服务银行”称号。",
            [("星河银行业协会", ORG), ("本行", BANK), ("最佳服务银行", AWARD)],
            {("最佳服务银行", None)},
        ),
    ],
    ids=[
        "one-giver-each",
        "traditional-two-givers",
        "issued-by",
        "givers-and-awards-pair-in-order",
        "givers-and-awards-pair-in-order-traditional",
        "giver-in-the-frame",
        "giver-in-the-frame-hant",
        "no-frame-no-giver",
    ],
)
def test_received_with_giver(make_context, rules, text, specs, expected):
    _, rels = extract(make_context, text, specs, rules)
    got = {
        (r.object.name, r.giver.name if r.giver else None)
        for r in rels
        if r.predicate == "received"
    }
    assert got == expected
    assert {r.subject.name for r in rels if r.predicate == "received"} == {"工商银行"}


def test_award_subject_is_the_product_that_opens_the_sentence(make_context, rules):
    text = "「工銀託管」品牌價值持續提升，獲《亞洲銀行家》「中國最佳大型託管銀行」獎項。"
    _, rels = extract(
        make_context,
        text,
        [("工銀託管", PROD), ("亞洲銀行家", ORG), ("中國最佳大型託管銀行", AWARD)],
        rules,
    )
    assert triples(rels) == {("工银托管", "received", "中国最佳大型托管银行")}
    assert rels[0].giver is not None and rels[0].giver.name == "亚洲银行家"


@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "报告期内，本行获评《亚洲银行家》“最佳零售银行”；薪享通智能客服获《银行家》“年度创新奖”。",
            [
                ("本行", BANK),
                ("亚洲银行家", ORG),
                ("最佳零售银行", AWARD),
                ("银行家", ORG),
                ("年度创新奖", AWARD),
            ],
            {("工商银行", "received", "最佳零售银行")},
        ),
        (
            "報告期內，本行獲評《亞洲銀行家》「最佳零售銀行」；薪享通智能客服獲《銀行家》「年度創新獎」。",
            [
                ("本行", BANK),
                ("亞洲銀行家", ORG),
                ("最佳零售銀行", AWARD),
                ("銀行家", ORG),
                ("年度創新獎", AWARD),
                ("薪享通智能客服", PROD),
            ],
            {
                ("工商银行", "received", "最佳零售银行"),
                ("薪享通智能客服", "received", "年度创新奖"),
            },
        ),
        (
            "本行手机银行荣获《银行家》“年度创新奖”。",
            [("本行", BANK), ("手机银行", PROD), ("银行家", ORG), ("年度创新奖", AWARD)],
            {("手机银行", "received", "年度创新奖")},
        ),
    ],
    ids=[
        "unrecognised-product-is-not-the-bank",
        "product-subject-traditional",
        "bank-then-product",
    ],
)
def test_an_award_goes_to_its_subject_not_to_the_bank(make_context, rules, text, specs, expected):
    _, rels = extract(make_context, text, specs, rules)
    assert triples(rels) == expected


# ---------------------------------------------------------------- what must not link
NEGATIVE = [
    (
        "listed-only",
        "本行推出手机银行、融e借等产品。",
        [("本行", BANK), ("手机银行", PROD), ("融e借", PROD)],
    ),
    (
        "listed-only-traditional",
        "本行推出手機銀行、融e借等產品。",
        [("本行", BANK), ("手機銀行", PROD), ("融e借", PROD)],
    ),
    ("negated", "本行未与腾讯开展合作。", [("本行", BANK), ("腾讯", ORG)]),
    ("negated-traditional", "本行沒有與騰訊開展合作。", [("本行", BANK), ("騰訊", ORG)]),
    ("planned-will", "手机银行将与京东金融开展合作。", [("手机银行", PROD), ("京东金融", ORG)]),
    ("planned-plan", "本行計劃與騰訊開展合作。", [("本行", BANK), ("騰訊", ORG)]),
    (
        "planned-intend",
        "拟联动工银理财推出新产品。\n供稿：私人银行部",
        [("工银理财", SUB), ("私人银行部", DEPT)],
    ),
    (
        "planned-next-step",
        "下一步，手机银行将始终坚持以客户为中心，为全量客户提供服务。",
        [("手机银行", PROD), ("全量客户", SEG)],
    ),
    (
        "wrong-kind-branch",
        "为打造第一个人金融银行赋能，广东分行加快转型。",
        [("第一个人金融银行", STRAT), ("广东分行", BRANCH)],
    ),
    (
        "wrong-kind-branch-collaboration",
        "广东分行与工银澳门联动推出跨境理财服务。",
        [("广东分行", BRANCH), ("工银澳门", SUB)],
    ),
    (
        "quoted-series-is-a-list-not-a-part",
        "本行推出“悦享”“安盈”系列产品。",
        [("本行", BANK), ("悦享", PROD), ("安盈", PROD)],
    ),
    (
        "a-list-member-is-not-the-collaborator",
        "网络金融部、私银部与工银理财深化协同。",
        [("网络金融部", DEPT), ("私银部", DEPT), ("工银理财", SUB)],
    ),
    (
        "section-strategy-needs-the-bank-as-actor",
        "普惠金融\n线上贷款余额增长，服务小微企业和个体工商户。",
        [("普惠金融", STRAT), ("小微企业", SEG), ("个体工商户", SEG)],
    ),
    (
        "bank-cannot-collaborate",
        "本行联合工银瑞信推出家族信托顾问方案。",
        [("本行", BANK), ("工银瑞信", SUB)],
    ),
    (
        "a-clause-opened-by-an-unrecognised-name-is-not-the-banks",
        "本行自主研发的大模型已投产，云枢与华为、百度开展合作。",
        [("本行", BANK), ("华为", ORG), ("百度", ORG)],
    ),
    (
        "a-clause-opened-by-an-unrecognised-name-is-not-the-banks-traditional",
        "本行自主研發的大模型已投產，雲樞與華為、百度開展合作。",
        [("本行", BANK), ("華為", ORG), ("百度", ORG)],
    ),
    (
        "an-edition-added-in-an-app-is-no-part-of-it",
        "本行在“星河App”新增“云缴费”大字版。",
        [("本行", BANK), ("星河App", PROD), ("云缴费", PROD)],
    ),
    (
        "will-upgrade-is-still-a-plan",
        "网络金融部将完善“智汇通”系列产品。",
        [("网络金融部", DEPT), ("智汇通", PROD)],
    ),
]


@pytest.mark.parametrize(("name", "text", "specs"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_no_relation(make_context, rules, name, text, specs):
    _, rels = extract(make_context, text, specs, rules)
    assert triples(rels) == set()


def test_planned_link_is_skipped_but_the_same_link_stated_as_done_is_kept(make_context, rules):
    done = "积存金上线京东金融平台。"
    planned = "积存金即将上线京东金融平台。"
    specs = [("积存金", PROD), ("京东金融", ORG)]
    assert triples(extract(make_context, done, specs, rules)[1]) == {
        ("积存金", "partnersWith", "京东金融")
    }
    assert triples(extract(make_context, planned, specs, rules)[1]) == set()


# ---------------------------------------------------------------- every relation
@pytest.mark.parametrize(
    ("name", "hans", "hant", "specs", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_relations_join_allowed_kinds_and_carry_evidence(
    make_context, rules, name, hans, hant, specs, expected
):
    ctx, rels = extract(make_context, hans, specs, rules)
    for r in rels:
        assert rules.allowed(r.predicate, r.subject.kind, r.object.kind)
        assert r.span.quote == ctx.document.text[r.span.start : r.span.end]
        assert r.rule.startswith("relation.")
        assert 0 <= r.sentence < len(ctx.sentences)


def test_evidence_points_into_the_traditional_original(make_context, rules):
    text = "首段文字。\n加大工銀e錢包推廣力度，與騰訊等平台開展合作。"
    ctx, rels = extract(make_context, text, [("工銀e錢包", PROD), ("騰訊", ORG)], rules)
    (rel,) = rels
    assert rel.span.quote.startswith("工銀e錢包") and rel.span.quote.endswith("合作")
    assert ctx.sentences[rel.sentence].text.startswith("加大工銀e錢包")
    assert rel.rule == "relation.partners.with"


def test_byline_evidence_is_the_byline(make_context, rules):
    text = "手機銀行客戶數達到3.85億戶。手機銀行推出新功能。\n供稿：網絡金融部"
    _, rels = extract(make_context, text, [("手機銀行", PROD), ("網絡金融部", DEPT)], rules)
    (rel,) = rels
    assert (rel.predicate, rel.rule, rel.span.quote) == (
        "responsibleFor",
        "relation.byline",
        "供稿：網絡金融部",
    )


def test_a_relation_stated_twice_keeps_both_pieces_of_evidence(make_context, rules):
    text = "积存金上线京东金融平台。今年以来，积存金上线京东金融平台后客户增长。"
    _, rels = extract(make_context, text, [("积存金", PROD), ("京东金融", ORG)], rules)
    assert len(rels) == 2
    assert len({(r.span.start, r.span.end) for r in rels}) == 2
    assert triples(rels) == {("积存金", "partnersWith", "京东金融")}


# ---------------------------------------------------------------- one sentence per span
@pytest.mark.parametrize(
    ("text", "specs", "link", "span", "context"),
    [
        (
            "银行卡发卡量9亿张。其中，借记卡8亿张，信用卡1亿张。",
            [("银行卡", PROD), ("借记卡", PROD), ("信用卡", PROD)],
            ("借记卡", "partOf", "银行卡"),
            "其中，借记卡8亿张，信用卡1亿张",
            "银行卡发卡量9亿张。",
        ),
        (
            "个贷条线与信用卡条线联动，推动交叉销售；与财富条线联动，提升资产规模。",
            [("个贷条线", DEPT), ("信用卡条线", DEPT), ("财富条线", DEPT)],
            ("个贷条线", "collaboratesWith", "财富条线"),
            "与财富条线联动",
            "个贷条线与信用卡条线联动，",
        ),
        (
            "服务实体经济。深化绿色金融服务，设立专门团队。推出“碳惠贷”产品。",
            [("绿色金融", STRAT), ("碳惠贷", PROD)],
            ("碳惠贷", "supports", "绿色金融"),
            "推出“碳惠贷",
            "深化绿色金融服务，",
        ),
    ],
    ids=["of-which-next", "elided-with", "paragraph-topic"],
)
def test_a_link_read_across_sentences_quotes_each_sentence_apart(
    make_context, rules, text, specs, link, span, context
):
    ctx, rels = extract(make_context, text, specs, rules)
    (rel,) = [r for r in rels if (r.subject.name, r.predicate, r.object.name) == link]
    assert rel.span.quote == span
    assert rel.context is not None and rel.context.quote == context
    assert rel.context_sentence is not None and rel.context_sentence < rel.sentence
    for piece, k in ((rel.span, rel.sentence), (rel.context, rel.context_sentence)):
        sentence = ctx.sentences[k]
        assert sentence.start <= piece.start and piece.end <= sentence.end


def test_a_link_inside_one_sentence_has_no_context(make_context, rules):
    _, rels = extract(
        make_context, "积存金上线京东金融平台。", [("积存金", PROD), ("京东金融", ORG)], rules
    )
    (rel,) = rels
    assert rel.context is None and rel.context_sentence is None


@pytest.mark.slow
def test_no_relation_span_crosses_its_sentence_in_the_seeds(seeds_build):
    crossing = []
    for ex in seeds_build.extractions:
        for r in ex.relations:
            pieces = [(r.span, r.sentence)]
            if r.context is not None:
                pieces.append((r.context, r.context_sentence))
            for piece, k in pieces:
                s = ex.sentences[k]
                if not (s.start <= piece.start and piece.end <= s.end):
                    crossing.append((ex.document.name, r.rule, piece.quote))
    assert crossing == []


# ---------------------------------------------------------------- editions and their base
def _rule_data() -> dict:
    text = resources.files("kg.rules").joinpath("relations.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def test_numbered_version_without_a_base_mention_needs_synthesis(make_context, rules):
    text = "全面完成e生活7.0建设。"
    specs = [("e生活7.0", PROD)]
    data = copy.deepcopy(_rule_data())
    data["structure"]["names"]["version"]["synthesize_base"] = False
    off = relations.load_rules(data)
    assert triples(extract(make_context, text, specs, off)[1]) == set()
    ctx, rels = extract(make_context, text, specs, rules)
    assert triples(rels) == {("e生活7.0", "versionOf", "e生活")}
    base = rels[0].object
    assert base.kind == "Product" and base.span.quote == "e生活"
    assert ctx.document.text[base.span.start : base.span.end] == "e生活"


# ---------------------------------------------------------------- the rule table
def test_rule_ids_are_unique():
    data = _rule_data()
    ids = [row["id"] for row in data["triggers"]]
    ids += [data["structure"][k]["id"] for k in ("byline", "heading", "list_items")]
    ids += [v["id"] for v in data["structure"]["names"].values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["triggers"][0].update(pattern="{obj:Strateg}"), "unknown kind"),
        (lambda d: d["triggers"][0].update(predicate="ownedBy"), "unknown predicate"),
        (lambda d: d["triggers"][0].update(pattern="(?P<obj>"), "bad pattern"),
    ],
    ids=["unknown-kind", "unknown-predicate", "bad-regex"],
)
def test_bad_rules_are_reported_by_rule(change, message):
    data = copy.deepcopy(_rule_data())
    change(data)
    with pytest.raises(relations.RuleError, match=message) as info:
        relations.load_rules(data)
    assert data["triggers"][0]["id"] in str(info.value)


# ---------------------------------------------------------------- real-report wordings
# Each case: simplified and traditional text, the mentions, and the expected relations
# with the rule that must find each (subject, predicate, object, rule id).
RULED = [
    (
        "award-to-a-branch",
        "广东分行连续三年荣获“最佳服务银行”称号。",
        "廣東分行連續三年榮獲「最佳服務銀行」稱號。",
        [("广东分行", BRANCH), ("最佳服务银行", AWARD)],
        {("广东分行", "received", "最佳服务银行", "relation.received.award")},
    ),
    (
        "award-to-each-of-coordinated-winners-not-to-the-owning-bank",
        "东城支行、南湖支行荣获“优秀服务网点”，本行江北分行荣获“年度普惠银行”。",
        "東城支行、南湖支行榮獲「優秀服務網點」，本行江北分行榮獲「年度普惠銀行」。",
        [
            ("东城支行", BRANCH),
            ("南湖支行", BRANCH),
            ("优秀服务网点", AWARD),
            ("本行", BANK),
            ("江北分行", BRANCH),
            ("年度普惠银行", AWARD),
        ],
        {
            ("东城支行", "received", "优秀服务网点", "relation.received.award"),
            ("南湖支行", "received", "优秀服务网点", "relation.received.award"),
            ("江北分行", "received", "年度普惠银行", "relation.received.award"),
        },
    ),
    (
        "awards-of-several-years-in-one-sentence-with-their-giver",
        "本行荣获《星河日报》2019年“年度最佳银行”，2020年“年度最佳普惠银行”。",
        "本行榮獲《星河日報》2019年「年度最佳銀行」，2020年「年度最佳普惠銀行」。",
        [
            ("本行", BANK),
            ("星河日报", ORG),
            ("年度最佳银行", AWARD),
            ("年度最佳普惠银行", AWARD),
        ],
        {
            ("工商银行", "received", "年度最佳银行", "relation.received.award"),
            ("工商银行", "received", "年度最佳普惠银行", "relation.received.award"),
        },
    ),
    (
        "those-an-event-is-held-with-are-partners",
        "本行联合高校、星河金融学院、星河公益基金会等机构，举办乡村人才培训班。",
        "本行聯合高校、星河金融學院、星河公益基金會等機構，舉辦鄉村人才培訓班。",
        [("本行", BANK), ("星河金融学院", ORG), ("星河公益基金会", ORG)],
        {
            ("工商银行", "partnersWith", "星河金融学院", "relation.partners.jointly_held"),
            ("工商银行", "partnersWith", "星河公益基金会", "relation.partners.jointly_held"),
        },
    ),
    (
        "award-to-a-subsidiary-with-giver",
        "本行持续推进理财转型，工银理财获评《证券时报》“年度理财公司”。",
        "本行持續推進理財轉型，工銀理財獲評《證券時報》「年度理財公司」。",
        [("本行", BANK), ("工银理财", SUB), ("证券时报", ORG), ("年度理财公司", AWARD)],
        {("工银理财", "received", "年度理财公司", "relation.received.award")},
    ),
    (
        "award-to-the-initiative-that-opens-its-clause",
        "本行为县域客户提供上门服务，“乡村金融夜校”行动荣获“年度普惠案例”。",
        "本行為縣域客戶提供上門服務，「鄉村金融夜校」行動榮獲「年度普惠案例」。",
        [("本行", BANK), ("乡村金融夜校", INIT), ("年度普惠案例", AWARD)],
        {("乡村金融夜校", "received", "年度普惠案例", "relation.received.award")},
    ),
    (
        "numbered-frame-with-a-counting-word",
        "本行做好普惠金融、养老金融、绿色金融“三篇文章”。",
        "本行做好普惠金融、養老金融、綠色金融「三篇文章」。",
        [
            ("本行", BANK),
            ("普惠金融", STRAT),
            ("养老金融", STRAT),
            ("绿色金融", STRAT),
            ("三篇文章", STRAT),
        ],
        {
            ("普惠金融", "partOf", "三篇文章", "relation.partof.numbered_frame"),
            ("养老金融", "partOf", "三篇文章", "relation.partof.numbered_frame"),
            ("绿色金融", "partOf", "三篇文章", "relation.partof.numbered_frame"),
        },
    ),
    (
        "a-name-that-lists-its-parts",
        "本行坚持“存款立行、贷款兴行”方针，全年“存款立行”成效显著，“贷款兴行”稳步推进。",
        "本行堅持「存款立行、貸款興行」方針，全年「存款立行」成效顯著，「貸款興行」穩步推進。",
        [("本行", BANK), ("存款立行、贷款兴行", STRAT), ("存款立行", STRAT), ("贷款兴行", STRAT)],
        {
            ("存款立行", "partOf", "存款立行、贷款兴行", "relation.partof.name_list"),
            ("贷款兴行", "partOf", "存款立行、贷款兴行", "relation.partof.name_list"),
        },
    ),
    (
        "heading-numbered-in-brackets-frames-its-section",
        "（1）养老金融\n本行推出“安享”账户，“安享”账户上线以来客户稳步增长。",
        "（1）養老金融\n本行推出「安享」賬戶，「安享」賬戶上線以來客戶穩步增長。",
        [("养老金融", STRAT), ("本行", BANK), ("安享", PROD)],
        {("安享", "supports", "养老金融", "relation.heading")},
    ),
    (
        "a-branch-heading-owns-the-awards-of-its-profile",
        "湖南分行\n近年来该行坚持服务实体经济，业务稳步增长，荣获“最佳普惠服务银行”称号。"
        "工商银行蝉联“全球银行1000强”。\n\n江苏分行\n该行持续推进转型。",
        "湖南分行\n近年來該行堅持服務實體經濟，業務穩步增長，榮獲「最佳普惠服務銀行」稱號。"
        "工商銀行蟬聯「全球銀行1000強」。\n\n江蘇分行\n該行持續推進轉型。",
        [
            ("湖南分行", BRANCH),
            ("最佳普惠服务银行", AWARD),
            ("工商银行", BANK),
            ("全球银行1000强", AWARD),
            ("江苏分行", BRANCH),
        ],
        {
            ("湖南分行", "received", "最佳普惠服务银行", "relation.received.award"),
            ("工商银行", "received", "全球银行1000强", "relation.received.award"),
        },
    ),
    (
        "our-bank-under-a-branch-heading-is-that-branch",
        "本行荣获“年度最佳零售银行”。\n\n湖南分行\n该分行深耕县域，在年度评选中，我行荣获“最佳普惠服务银行”。",
        "本行榮獲「年度最佳零售銀行」。\n\n湖南分行\n該分行深耕縣域，在年度評選中，我行榮獲「最佳普惠服務銀行」。",
        [
            ("本行", BANK),
            ("年度最佳零售银行", AWARD),
            ("湖南分行", BRANCH),
            ("我行", BANK),
            ("最佳普惠服务银行", AWARD),
        ],
        {
            ("工商银行", "received", "年度最佳零售银行", "relation.received.award"),
            ("湖南分行", "received", "最佳普惠服务银行", "relation.received.award"),
        },
    ),
    (
        "an-faq-question-names-the-product-its-answer-is-about",
        "什么是安心付？\n安心付让跨境旅客用微信付款\n\n安心付的额度查询如何办理？\n"
        "登录后查看\n\n如何开户？\n外籍人士请临柜办理",
        "什麼是安心付？\n安心付讓跨境旅客用微信付款\n\n安心付的額度查詢如何辦理？\n"
        "登錄後查看\n\n如何開戶？\n外籍人士請臨櫃辦理",
        [
            ("安心付", PROD),
            ("跨境旅客", SEG),
            ("微信", ORG),
            ("额度查询", PROD),
            ("外籍人士", SEG),
        ],
        {
            ("安心付", "targets", "跨境旅客", "relation.topic"),
            ("安心付", "partnersWith", "微信", "relation.topic"),
            ("额度查询", "partOf", "安心付", "relation.partof.question"),
        },
    ),
    (
        "an-faq-answer-that-denies-gives-nothing",
        "安心付可以绑定支付宝吗？\n暂不支持支付宝绑定\n",
        "安心付可以綁定支付寶嗎？\n暫不支持支付寶綁定\n",
        [("安心付", PROD), ("支付宝", ORG)],
        set(),
    ),
    (
        "a-product-heading-frames-the-lines-under-it",
        "惠农贷\n本产品面向新型农业经营主体，由本行与省农担公司共同提供担保支持。\n",
        "惠農貸\n本產品面向新型農業經營主體，由本行與省農擔公司共同提供擔保支持。\n",
        [("惠农贷", PROD), ("新型农业经营主体", SEG), ("本行", BANK), ("省农担公司", ORG)],
        {
            ("惠农贷", "targets", "新型农业经营主体", "relation.topic"),
            ("惠农贷", "partnersWith", "省农担公司", "relation.topic"),
        },
    ),
    (
        "a-lead-that-raises-or-supports-a-strategy-frames-its-enumeration",
        "提升普惠金融服务质效。一是推出“兴农贷”“商户贷”等产品，满足农户融资需求；二是下沉服务网点。\n"
        "支持科技金融发展。本行推出“科创快贷”。\n",
        "提升普惠金融服務質效。一是推出「興農貸」「商戶貸」等產品，滿足農戶融資需求；二是下沉服務網點。\n"
        "支持科技金融發展。本行推出「科創快貸」。\n",
        [
            ("普惠金融", STRAT),
            ("兴农贷", PROD),
            ("商户贷", PROD),
            ("农户", SEG),
            ("科技金融", STRAT),
            ("本行", BANK),
            ("科创快贷", PROD),
        ],
        {
            ("兴农贷", "supports", "普惠金融", "relation.serves.paragraph_lead"),
            ("商户贷", "supports", "普惠金融", "relation.serves.paragraph_lead"),
            ("普惠金融", "targets", "农户", "relation.serves.paragraph_lead"),
            ("兴农贷", "targets", "农户", "relation.targets.aim"),
            ("商户贷", "targets", "农户", "relation.targets.aim"),
            ("科创快贷", "supports", "科技金融", "relation.serves.paragraph_lead"),
        },
    ),
    (
        "a-lead-sentence-frames-its-paragraph",
        "——完善服务体系，践行养老金融。推广“颐年”账户，服务退休人员。"
        "全年新增客户较多，另有“春耕”行动在推进。\n",
        "——完善服務體系，踐行養老金融。推廣「頤年」賬戶，服務退休人員。"
        "全年新增客戶較多，另有「春耕」行動在推進。\n",
        [("养老金融", STRAT), ("颐年", PROD), ("退休人员", SEG), ("春耕", INIT)],
        {
            ("颐年", "supports", "养老金融", "relation.serves.paragraph_lead"),
            ("养老金融", "targets", "退休人员", "relation.serves.paragraph_lead"),
            ("颐年", "targets", "退休人员", "relation.targets.aim"),
        },
    ),
    (
        "a-frame-of-its-own-named-in-a-lead-paragraph-is-no-part-of-it",
        "——做强绿色金融。发行“碧水贷”，推进碳中和金融，对接五大行动，服务海洋强国战略。\n",
        "——做強綠色金融。發行「碧水貸」，推進碳中和金融，對接五大行動，服務海洋強國戰略。\n",
        [
            ("绿色金融", STRAT),
            ("碧水贷", PROD),
            ("碳中和金融", STRAT),
            ("五大行动", STRAT),
            ("海洋强国战略", STRAT),
        ],
        {
            ("碧水贷", "supports", "绿色金融", "relation.serves.paragraph_lead"),
            ("碳中和金融", "partOf", "绿色金融", "relation.serves.paragraph_lead"),
        },
    ),
    (
        "a-label-line-under-a-strategy-heading",
        "（2）普惠金融\n本行持续推进普惠金融发展。\n"
        "助农平台：联合省供销社，为新型农户提供线上服务。\n（3）绿色金融\n助农平台持续运营。\n",
        "（2）普惠金融\n本行持續推進普惠金融發展。\n"
        "助農平台：聯合省供銷社，為新型農戶提供線上服務。\n（3）綠色金融\n助農平台持續運營。\n",
        [
            ("普惠金融", STRAT),
            ("本行", BANK),
            ("助农平台", PROD),
            ("省供销社", ORG),
            ("新型农户", SEG),
            ("绿色金融", STRAT),
        ],
        {
            ("助农平台", "supports", "普惠金融", "relation.label"),
            ("助农平台", "partnersWith", "省供销社", "relation.label"),
            ("助农平台", "targets", "新型农户", "relation.label"),
            ("助农平台", "targets", "新型农户", "relation.targets.for"),
        },
    ),
    (
        "building-on-an-outside-organisation",
        "本行依托控股股东华信集团的渠道优势，拓展综合金融业务。",
        "本行依託控股股東華信集團的渠道優勢，拓展綜合金融業務。",
        [("本行", BANK), ("华信集团", ORG)],
        {("工商银行", "partnersWith", "华信集团", "relation.partners.relying")},
    ),
    (
        "led-by-a-department",
        "由网络金融部牵头，推出“惠民通”平台。",
        "由網絡金融部牽頭，推出「惠民通」平台。",
        [("网络金融部", DEPT), ("惠民通", PROD)],
        {("网络金融部", "responsibleFor", "惠民通", "relation.responsible.led_by")},
    ),
    (
        "a-product-page-keeps-its-bracketed-fields",
        "安居贷\n【产品介绍】\n本产品是一款住房贷款。\n【适用对象】\n新市民\n\n"
        "薪享贷\n【适用对象】\n企业员工\n",
        "安居貸\n【產品介紹】\n本產品是一款住房貸款。\n【適用對象】\n新市民\n\n"
        "薪享貸\n【適用對象】\n企業員工\n",
        [("安居贷", PROD), ("新市民", SEG), ("薪享贷", PROD), ("企业员工", SEG)],
        {
            ("安居贷", "targets", "新市民", "relation.topic"),
            ("薪享贷", "targets", "企业员工", "relation.topic"),
        },
    ),
    (
        "firms-a-product-is-for-are-no-partners",
        "安企贷\n【产品介绍】\n本产品由本行与省农担公司合作推出。\n【适合客户】\n"
        "华信集团、远帆公司等下属企业。\n【合作机构】\n省农担公司\n",
        "安企貸\n【產品介紹】\n本產品由本行與省農擔公司合作推出。\n【適合客戶】\n"
        "華信集團、遠帆公司等下屬企業。\n【合作機構】\n省農擔公司\n",
        [
            ("安企贷", PROD),
            ("本行", BANK),
            ("省农担公司", ORG),
            ("华信集团", ORG),
            ("远帆公司", ORG),
        ],
        {
            ("安企贷", "partnersWith", "省农担公司", "relation.topic"),
            ("工商银行", "partnersWith", "省农担公司", "relation.partners.with"),
        },
    ),
    (
        "an-award-won-by-a-count-of-the-branch-s-outlets-is-the-branch-s",
        "甘肃分行\n\n本行共3家网点荣获“年度百佳示范单位”，2名员工获评“服务明星”。\n",
        "甘肅分行\n\n本行共3家網點榮獲「年度百佳示範單位」，2名員工獲評「服務明星」。\n",
        [("甘肃分行", BRANCH), ("本行", BANK), ("年度百佳示范单位", AWARD), ("服务明星", AWARD)],
        {
            ("甘肃分行", "received", "年度百佳示范单位", "relation.received.award"),
            ("甘肃分行", "received", "服务明星", "relation.received.award"),
        },
    ),
    (
        "awards-of-the-sub-branches-a-branch-names-as-its-own",
        "甘肃分行\n\n辖属东关支行、西站支行荣获“全国文明单位”称号。\n",
        "甘肅分行\n\n轄屬東關支行、西站支行榮獲「全國文明單位」稱號。\n",
        [("甘肃分行", BRANCH), ("东关支行", BRANCH), ("西站支行", BRANCH), ("全国文明单位", AWARD)],
        {
            ("东关支行", "received", "全国文明单位", "relation.received.award"),
            ("西站支行", "received", "全国文明单位", "relation.received.award"),
        },
    ),
    (
        "an-award-programme-is-no-plan",
        "《星河银行家》中国奖项计划结果揭晓，本行获得“年度最佳托管银行”“最佳数字生态平台”两项大奖。",
        "《星河銀行家》中國獎項計劃結果揭曉，本行獲得「年度最佳託管銀行」「最佳數字生態平台」兩項大獎。",
        [("本行", BANK), ("年度最佳托管银行", AWARD), ("最佳数字生态平台", AWARD)],
        {
            ("工商银行", "received", "年度最佳托管银行", "relation.received.award"),
            ("工商银行", "received", "最佳数字生态平台", "relation.received.award"),
        },
    ),
    (
        "a-grade-of-an-award-named-before-is-that-award",
        "星河日报公布了“年度普惠金融创新奖”获奖名单，本行“惠农云平台”项目获得一等奖，“小微快贷”项目获得优秀奖。",
        "星河日報公布了「年度普惠金融創新獎」獲獎名單，本行「惠農雲平台」項目獲得一等獎，「小微快貸」項目獲得優秀獎。",
        [("年度普惠金融创新奖", AWARD), ("本行", BANK), ("惠农云平台", PROD), ("小微快贷", PROD)],
        {
            ("惠农云平台", "received", "年度普惠金融创新奖", "relation.received.grade"),
            ("小微快贷", "received", "年度普惠金融创新奖", "relation.received.grade"),
        },
    ),
    (
        "each-award-of-a-list-goes-to-the-name-printed-right-before-its-verb",
        "其中，“星河云柜”获“年度创新奖”、“小微快贷”获“普惠金融优秀案例”。",
        "其中，「星河雲櫃」獲「年度創新獎」、「小微快貸」獲「普惠金融優秀案例」。",
        [
            ("星河云柜", PROD),
            ("年度创新奖", AWARD),
            ("小微快贷", PROD),
            ("普惠金融优秀案例", AWARD),
        ],
        {
            ("星河云柜", "received", "年度创新奖", "relation.received.award"),
            ("小微快贷", "received", "普惠金融优秀案例", "relation.received.award"),
        },
    ),
    (
        "a-channel-or-zone-printed-after-its-app-is-part-of-it",
        "丰富星河银行APP车主生活频道，客户可使用行动银行APP中“贷款专区”申请，新增“分期商城”“出行专区”。",
        "豐富星河銀行APP車主生活頻道，客戶可使用行動銀行APP中「貸款專區」申請，新增「分期商城」「出行專區」。",
        [
            ("星河银行APP", PROD),
            ("车主生活频道", PROD),
            ("行动银行APP", PROD),
            ("贷款专区", PROD),
            ("分期商城", PROD),
            ("出行专区", PROD),
        ],
        {
            ("车主生活频道", "partOf", "星河银行APP", "relation.partof.section_of"),
            ("贷款专区", "partOf", "行动银行APP", "relation.partof.section_of"),
        },
    ),
    (
        "a-strategy-described-as-the-segments-own-and-segments-served-in-depth",
        "积极发展针对“三农”、新市民的绿色金融产品，深耕“星河链”场景化模式，深度经营中型企业、小型企业。",
        "積極發展針對「三農」、新市民的綠色金融產品，深耕「星河鏈」場景化模式，深度經營中型企業、小型企業。",
        [
            ("三农", SEG),
            ("新市民", SEG),
            ("绿色金融", STRAT),
            ("星河链", PROD),
            ("中型企业", SEG),
            ("小型企业", SEG),
        ],
        {
            ("绿色金融", "targets", "三农", "relation.targets.serving"),
            ("绿色金融", "targets", "新市民", "relation.targets.serving"),
            ("星河链", "targets", "中型企业", "relation.targets.aim"),
            ("星河链", "targets", "小型企业", "relation.targets.aim"),
        },
    ),
    (
        "a-numeral-acronym-is-made-of-the-quoted-parts-that-spell-it",
        "本行推进“一三五”重点工作，坚持“一个中心”、做好“三大支柱”、落实“五项改革”。",
        "本行推進「一三五」重點工作，堅持「一個中心」、做好「三大支柱」、落實「五項改革」。",
        [("本行", BANK), ("一三五", STRAT), ("三大支柱", STRAT), ("五项改革", STRAT)],
        {
            ("三大支柱", "partOf", "一三五", "relation.partof.acronym"),
            ("五项改革", "partOf", "一三五", "relation.partof.acronym"),
        },
    ),
    (
        "the-products-joined-by-plus-after-a-product-make-up-its-system",
        "本行焕新升级星河贷“小额星贷+场景星贷”服务体系。",
        "本行煥新升級星河貸「小額星貸+場景星貸」服務體系。",
        [("星河贷", PROD), ("小额星贷", PROD), ("场景星贷", PROD)],
        {
            ("小额星贷", "partOf", "星河贷", "relation.partof.family_system"),
            ("场景星贷", "partOf", "星河贷", "relation.partof.family_system"),
        },
    ),
    (
        "a-quoted-name-a-launch-describes-serves-the-aspect",
        "绿色金融方面，本行打造碳账户智能体“星河碳迹”，服务企业减排。",
        "綠色金融方面，本行打造碳帳戶智能體「星河碳跡」，服務企業減排。",
        [("绿色金融", STRAT), ("星河碳迹", PROD)],
        {("星河碳迹", "supports", "绿色金融", "relation.serves.aspect")},
    ),
    (
        "a-formula-spelled-out-in-brackets-is-made-of-what-they-name",
        "本行升级“掌+企”（手机银行+企业网银）服务模式。本行推出“星+1”（星河贷+1个场景）。",
        "本行升級「掌+企」（手機銀行+企業網銀）服務模式。本行推出「星+1」（星河貸+1個場景）。",
        [
            ("掌+企", PROD),
            ("手机银行", PROD),
            ("企业网银", PROD),
            ("星+1", PROD),
            ("星河贷", PROD),
        ],
        {
            ("手机银行", "partOf", "掌+企", "relation.partof.expansion"),
            ("企业网银", "partOf", "掌+企", "relation.partof.expansion"),
            ("星河贷", "partOf", "星+1", "relation.partof.expansion"),
        },
    ),
    (
        "a-partner-of-a-clause-without-actor-in-a-branch-profile-is-the-branch-s",
        "甘肃分行\n\n通过线上代收为师生提供缴费便利，与兰州大学、西北师范大学等高校全面合作。\n",
        "甘肅分行\n\n通過線上代收為師生提供繳費便利，與蘭州大學、西北師範大學等高校全面合作。\n",
        [("甘肃分行", BRANCH), ("兰州大学", ORG), ("西北师范大学", ORG)],
        {
            ("甘肃分行", "partnersWith", "兰州大学", "relation.partners.with"),
            ("甘肃分行", "partnersWith", "西北师范大学", "relation.partners.with"),
        },
    ),
    (
        "a-service-done-through-a-channel-is-part-of-it-a-launch-on-it-is-not",
        "客户可透过星河行动银行进行手机号码转账，或通过网上银行办理跨行汇款；本行在手机银行上线“星河理财”。",
        "客戶可透過星河行動銀行進行手機號碼轉賬，或通過網上銀行辦理跨行匯款；本行在手機銀行上線「星河理財」。",
        [
            ("星河行动银行", PROD),
            ("手机号码转账", PROD),
            ("网上银行", PROD),
            ("跨行汇款", PROD),
            ("本行", BANK),
            ("手机银行", PROD),
            ("星河理财", PROD),
        ],
        {
            ("手机号码转账", "partOf", "星河行动银行", "relation.partof.used_through"),
            ("跨行汇款", "partOf", "网上银行", "relation.partof.used_through"),
        },
    ),
    (
        "a-product-carrying-an-outside-organisation-s-name-is-made-with-it",
        "客户在星河Pay和银河商城的特店，可出示星河Pay付款码或使用银河商城联名卡。",
        "客戶在星河Pay和銀河商城的特店，可出示星河Pay付款碼或使用銀河商城聯名卡。",
        [
            ("星河Pay", ORG),
            ("银河商城", ORG),
            ("星河Pay付款码", PROD),
            ("银河商城联名卡", PROD),
        ],
        {
            ("星河Pay付款码", "partnersWith", "星河Pay", "relation.partners.name"),
            ("银河商城联名卡", "partnersWith", "银河商城", "relation.partners.name"),
        },
    ),
    (
        "awards-joined-by-he-and-an-award-conferred-go-to-the-clause-s-actor",
        "星河分行相继获得星河省五一劳动奖状和诚信银行机构称号，被授予“金融支持星河经济突出贡献单位”。",
        "星河分行相繼獲得星河省五一勞動獎狀和誠信銀行機構稱號，被授予「金融支持星河經濟突出貢獻單位」。",
        [
            ("星河分行", BRANCH),
            ("星河省五一劳动奖状", AWARD),
            ("诚信银行机构", AWARD),
            ("金融支持星河经济突出贡献单位", AWARD),
        ],
        {
            ("星河分行", "received", "星河省五一劳动奖状", "relation.received.award"),
            ("星河分行", "received", "诚信银行机构", "relation.received.award"),
            ("星河分行", "received", "金融支持星河经济突出贡献单位", "relation.received.award"),
        },
    ),
    (
        "a-quoted-list-of-strategies-before-a-strategy-word-is-the-strategy-they-make",
        "本行全面深化“星河做优、银河做强”战略，深化“星河做优”，并推进“北辰、南斗”两项工作。",
        "本行全面深化「星河做優、銀河做強」戰略，深化「星河做優」，並推進「北辰、南斗」兩項工作。",
        [
            ("本行", BANK),
            ("星河做优", STRAT),
            ("银河做强", STRAT),
            ("北辰", STRAT),
            ("南斗", STRAT),
        ],
        {
            ("星河做优", "partOf", "星河做优、银河做强", "relation.partof.listed_frame"),
            ("银河做强", "partOf", "星河做优、银河做强", "relation.partof.listed_frame"),
        },
    ),
    (
        "listed-products-are-parts-of-the-family-their-count-names-right-after",
        "加快星e联、星e行和星e购“三星”平台应用，并推广云贷、月贷一站式平台。",
        "加快星e聯、星e行和星e購「三星」平台應用，並推廣雲貸、月貸一站式平台。",
        [
            ("星e联", PROD),
            ("星e行", PROD),
            ("星e购", PROD),
            ("三星", PROD),
            ("云贷", PROD),
            ("月贷", PROD),
            ("一站式平台", PROD),
        ],
        {
            ("星e联", "partOf", "三星", "relation.partof.numbered_products"),
            ("星e行", "partOf", "三星", "relation.partof.numbered_products"),
            ("星e购", "partOf", "三星", "relation.partof.numbered_products"),
        },
    ),
    (
        "strategies-listed-later-in-the-sentence-of-a-numbered-frame-are-its-pillars",
        "本行落实“三篇文章”的要求，发行星河金融和银河金融主题产品；服务“三篇文章”与服务北辰金融、南斗金融；"
        "围绕“三篇文章”，在东极金融、西极金融两个方面发力。",
        "本行落實「三篇文章」的要求，發行星河金融和銀河金融主題產品；服務「三篇文章」與服務北辰金融、南斗金融；"
        "圍繞「三篇文章」，在東極金融、西極金融兩個方面發力。",
        [
            ("本行", BANK),
            ("三篇文章", STRAT),
            ("星河金融", STRAT),
            ("银河金融", STRAT),
            ("北辰金融", STRAT),
            ("南斗金融", STRAT),
            ("东极金融", STRAT),
            ("西极金融", STRAT),
        ],
        {
            ("星河金融", "partOf", "三篇文章", "relation.partof.numbered_frame_after"),
            ("银河金融", "partOf", "三篇文章", "relation.partof.numbered_frame_after"),
        },
    ),
    (
        "a-function-named-with-a-branded-platform-s-own-name-is-part-of-it",
        "本行优化“StarX结构化询报价”功能，引导机构参与StarX平台，推广星e购电商平台与星e购平台，升级星河平台和星河理财。",
        "本行優化「StarX結構化詢報價」功能，引導機構參與StarX平台，推廣星e購電商平台與星e購平台，升級星河平台和星河理財。",
        [
            ("本行", BANK),
            ("StarX结构化询报价", PROD),
            ("StarX平台", PROD),
            ("星e购电商平台", PROD),
            ("星e购平台", PROD),
            ("星河平台", PROD),
            ("星河理财", PROD),
        ],
        {("StarX结构化询报价", "partOf", "StarX平台", "relation.partof.name")},
    ),
    (
        "a-paragraph-that-builds-or-completes-a-strategy-frames-what-it-launches",
        "三是完善普惠金融服务体系，提升服务质效。本行推出“惠农快贷”“乡村e贷”等专属产品。\n"
        "构建绿色金融经营体系。一是打造“碳账户贷”，二是建设服务站点。\n",
        "三是完善普惠金融服務體系，提升服務質效。本行推出「惠農快貸」「鄉村e貸」等專屬產品。\n"
        "構建綠色金融經營體系。一是打造「碳賬戶貸」，二是建設服務站點。\n",
        [
            ("普惠金融", STRAT),
            ("本行", BANK),
            ("惠农快贷", PROD),
            ("乡村e贷", PROD),
            ("绿色金融", STRAT),
            ("碳账户贷", PROD),
        ],
        {
            ("惠农快贷", "supports", "普惠金融", "relation.serves.paragraph_topic"),
            ("乡村e贷", "supports", "普惠金融", "relation.serves.paragraph_topic"),
            ("碳账户贷", "supports", "绿色金融", "relation.serves.paragraph_topic"),
        },
    ),
]


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize(
    ("name", "hans", "hant", "specs", "expected"), RULED, ids=[c[0] for c in RULED]
)
def test_real_report_wording(make_context, rules, name, hans, hant, specs, expected, script):
    text = hans if script == "hans" else hant
    if script == "hant":
        specs = [(_to_hant(text, surface), kind) for surface, kind in specs]
    _, rels = extract(make_context, text, specs, rules)
    got = {(r.subject.name, r.predicate, r.object.name, r.rule) for r in rels}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "product", "other"),
    [
        (
            "星河留学贷可以申请吗？\n请向税务总局申请完税证明，并与云帆保险签约。\n",
            "星河留学贷",
            "税务总局",
        ),
        (
            "星河留學貸可以申請嗎？\n請向稅務總局申請完稅證明，並與雲帆保險簽約。\n",
            "星河留學貸",
            "稅務總局",
        ),
        (
            "星河钱包无法登录怎么办？\n请至云帆商店搜寻最新版本，或与云帆保险联系。\n",
            "星河钱包",
            "云帆",
        ),
        (
            "星河錢包無法登入怎麼辦？\n請至雲帆商店搜尋最新版本，或與雲帆保險聯繫。\n",
            "星河錢包",
            "雲帆",
        ),
    ],
    ids=["state-body-hans", "state-body-hant", "store-hans", "store-hant"],
)
def test_where_an_answer_sends_the_reader_is_no_partner(make_context, rules, text, product, other):
    """An FAQ answer that sends the reader to a state body (a tax bureau that issues a
    record) or to a store to fetch the app names no partner of the product; the firm it
    works with is one."""
    ctx = make_context(text)
    insurer = "雲帆保險" if "貸" in text or "錢" in text else "云帆保险"
    found = tuple(
        dataclasses.replace(m, rule="entity.suffix.government") if m.name == "税务总局" else m
        for m in mentions(ctx, [(product, PROD), (other, ORG), (insurer, ORG)])
    )
    rels = relations.extract(ctx, found, rules)
    got = {(r.subject.name, r.predicate, r.object.name, r.rule) for r in rels}
    expected = "星河留学贷" if "留" in product else "星河钱包"
    assert got == {(expected, "partnersWith", "云帆保险", "relation.topic")}


@pytest.mark.parametrize("macro", ["list_sep", "launch"])
def test_a_macro_the_loader_uses_must_be_in_the_table(macro):
    data = copy.deepcopy(_rule_data())
    del data["macros"][macro]
    with pytest.raises(relations.RuleError, match=f"macro '{macro}' is missing"):
        relations.load_rules(data)


def test_structure_words_are_read_from_the_table():
    data = copy.deepcopy(_rule_data())
    rules = relations.load_rules(data)
    assert rules.agent.head_office == data["structure"]["agent"]["head_office"]
    assert rules.list_items.ordinals[0] + rules.list_items.item_word == "一是"
    assert rules.topic.possessive == "的"
    assert rules.label.numbered.match("（二）") and not rules.label.numbered.match("二")
    assert rules.joint.search("携手") and not rules.joint.search("推出")


@pytest.mark.parametrize(
    "text,award",
    [
        ("本行荣膺“年度最佳零售银行”。", "年度最佳零售银行"),
        ("本行榮膺「年度最佳零售銀行」。", "年度最佳零售銀行"),
        ("本行被评为“年度最具社会责任银行”。", "年度最具社会责任银行"),
        ("本行被評為「年度最具社會責任銀行」。", "年度最具社會責任銀行"),
        ("本行囊括“最佳普惠金融服务银行”等多项殊荣。", "最佳普惠金融服务银行"),
        ("本行囊括「最佳普惠金融服務銀行」等多項殊榮。", "最佳普惠金融服務銀行"),
    ],
    ids=["rongying", "rongying-hant", "beipingwei", "beipingwei-hant", "nangkuo", "nangkuo-hant"],
)
def test_every_award_verb_gives_the_award_to_its_subject(make_context, rules, text, award):
    _, rels = extract(make_context, text, [("本行", BANK), (award, AWARD)], rules)
    assert {(r.subject.name, r.predicate, r.object.name, r.rule) for r in rels} == {
        ("工商银行", "received", normalize_name(award), "relation.received.award")
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行与财政部、数位发展部及腾讯合作推出“星河快付”。本行与浙江省税务局合作开展服务。",
        "本行與財政部、數位發展部及騰訊合作推出「星河快付」。本行與浙江省稅務局合作開展服務。",
    ],
    ids=["hans", "hant"],
)
def test_an_authority_is_no_partner(analyse_text, text):
    doc = analyse_text(text, bank="星河银行")
    organisations = {m.name: m.rule for m in doc._.kg_mentions if m.kind == "Organization"}
    assert organisations["财政部"] == organisations["数位发展部"] == "entity.lexicon.regulators"
    partners = {
        (r.subject.name, r.object.name, r.rule)
        for r in doc._.kg_relations
        if r.predicate == "partnersWith"
    }
    # a local government office can be a partner (lending on tax data)
    assert {(s, o) for s, o, _ in partners} == {("星河银行", "腾讯"), ("星河银行", "浙江省税务局")}
    assert {rule for _, _, rule in partners} <= {r.id for r in relations.load_rules().triggers}


@pytest.mark.parametrize(
    "text,specs",
    [
        (
            "本行推出星河快付收款码，客户可开通星河快付服务并设置星河快付密码，使用星河快付。",
            ["星河快付收款码", "星河快付服务", "星河快付密码", "星河快付"],
        ),
        (
            "本行推出星河快付收款碼，客戶可開通星河快付服務並設置星河快付密碼，使用星河快付。",
            ["星河快付收款碼", "星河快付服務", "星河快付密碼", "星河快付"],
        ),
    ],
    ids=["hans", "hant"],
)
def test_a_name_that_restates_a_product_is_no_part_of_it(make_context, rules, text, specs):
    _, rels = extract(make_context, text, [(s, PROD) for s in specs], rules)
    assert {(r.subject.name, r.predicate, r.object.name, r.rule) for r in rels} == {
        ("星河快付收款码", "partOf", "星河快付", "relation.partof.name")
    }


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_an_event_named_after_its_hosts_gives_the_award_not_the_hosts(make_context, rules, script):
    """在由甲、乙主办的某某交易会上，…获得“某奖”: the hosts do not give the award; the event
    does, and it is no organisation the recogniser named, so the award has no giver. An
    organiser with no event named after it (在星河日报举办的评选中) still gives it."""
    hans = (
        "在由商务部、北京市人民政府主办的中国星河服务交易会上，本行“星小智”获得“金融科技先锋榜”。"
        "在星河日报举办的评选中，本行荣获“最佳银行”。"
    )
    hant = (
        "在由商務部、北京市人民政府主辦的中國星河服務交易會上，本行「星小智」獲得「金融科技先鋒榜」。"
        "在星河日報舉辦的評選中，本行榮獲「最佳銀行」。"
    )
    text = hans if script == "hans" else hant
    specs = [
        ("商务部", ORG),
        ("北京市人民政府", ORG),
        ("本行", BANK),
        ("星小智", PROD),
        ("金融科技先锋榜", AWARD),
        ("星河日报", ORG),
        ("最佳银行", AWARD),
    ]
    if script == "hant":
        specs = [(_to_hant(text, surface), kind) for surface, kind in specs]
    _, rels = extract(make_context, text, specs, rules)
    got = {(r.subject.name, r.object.name, r.giver.name if r.giver else None) for r in rels}
    assert got == {("星小智", "金融科技先锋榜", None), ("工商银行", "最佳银行", "星河日报")}


@pytest.mark.parametrize(
    "text",
    [
        "本行稳步推进各项工作。为打造瑞福智慧银行赋能，锦鲤贷瞄准新市民。"
        "在“瑞福金融”战略引领下，本行推出“福满满”平台。",
        "本行穩步推進各項工作。為打造瑞福智慧銀行賦能，錦鯉貸瞄準新市民。"
        "在「瑞福金融」戰略引領下，本行推出「福滿滿」平台。",
    ],
    ids=["simplified", "traditional"],
)
def test_triggers_read_each_units_text_cut_once(make_context, rules, text):
    """Each scope's units are cut from the skeleton once per document and read by every
    trigger of that scope: the relations of the second and third sentences are found,
    their evidence in their own sentences, and the cut units are the skeleton's text."""
    from kg.relations.evidence import Collector
    from kg.relations.skeleton import Skeleton, maximal
    from kg.relations.triggers import run_trigger

    specs = [
        ("瑞福智慧银行", STRAT),
        ("锦鲤贷", PROD),
        ("新市民", SEG),
        ("瑞福金融", STRAT),
        ("福满满", PROD),
        ("本行", BANK),
    ]
    ctx = make_context(text)
    found = mentions(ctx, [(_in(text, s), k) for s, k in specs])
    rels = relations.extract(ctx, found, rules)
    assert {
        ("锦鲤贷", "supports", "瑞福智慧银行"),
        ("锦鲤贷", "targets", "新市民"),
        ("福满满", "supports", "瑞福金融"),
    } <= triples(rels)
    for r in rels:
        assert ctx.sentence_at(ctx.view.to_view(r.span.start)) == r.sentence
    doc = Skeleton(ctx, rules, maximal(ctx, found))
    doc.build()
    for trigger in rules.triggers:
        run_trigger(doc, trigger, Collector(doc))
    assert doc.pieces["sentence"] == [(a, b, doc.text[a:b]) for a, b in doc.units]
    assert doc.pieces["paragraph"] == [(a, b, doc.text[a:b]) for a, b in doc.paragraphs]


def _in(text: str, simplified: str) -> str:
    """The surface of a simplified name as the text prints it (either script)."""
    width = len(simplified)
    for i in range(len(text) - width + 1):
        if normalize_name(text[i : i + width]) == normalize_name(simplified):
            return text[i : i + width]
    return simplified


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("为[^。]*?(?P<obj>[\ue001])赋能", "\ue001"),  # the kind placeholder first
        ("(?P<subj>[\ue004\ue005])与(?P<obj>[\ue007])?", "\ue004\ue005"),
        ("a?b+c*", "b"),
        ("(?:推出|上线)x?", "出上"),  # one of each branch
        ("(?:推出|x?)y", "y"),  # a branch that can match nothing needs nothing
        ("(?=x)y", "y"),  # a lookahead consumes nothing
        ("(?<!分别)与", "与"),
        ("[^x]+", None),
        ("[一-鿿]{2}", None),  # a range is not claimed
        ("x{0,3}", None),
        ("(?i:ab)", None),
        ("(?:ab){1,2}", "a"),  # the first of the smallest sets
    ],
)
def test_needed_chars_are_in_every_match(pattern, needs):
    import re

    from kg.relations.rules import needed_chars

    found = needed_chars(re.compile(pattern))
    assert found == (frozenset(needs) if needs else None)
    assert needed_chars(re.compile(pattern, re.IGNORECASE)) is None


def test_every_trigger_needs_a_character():
    """Each rule of the table claims characters, and a unit without them is not searched."""
    for trigger in relations.load_rules().triggers:
        assert trigger.needs, trigger.id


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_triggers_find_the_same_with_every_unit_searched(make_context, rules, script):
    """The composed cases of this module give the same relations, evidence and rule ids
    when every unit is searched (no trigger's needed characters looked up)."""
    everywhere = dataclasses.replace(
        rules, triggers=tuple(dataclasses.replace(t, needs=None) for t in rules.triggers)
    )
    found = 0
    for _, hans, hant, specs, _ in CASES:
        text = hans if script == "hans" else hant
        if script == "hant":
            specs = [(_to_hant(text, surface), kind) for surface, kind in specs]
        _, fast = extract(make_context, text, specs, rules)
        _, slow = extract(make_context, text, specs, everywhere)
        assert fast == slow, text
        found += len(fast)
    assert found > 100


@pytest.mark.parametrize(
    "text",
    [
        "星河银行推出小微企业专属快贷与云帆商城联名卡。云帆商城联名卡持续热销，"
        "小微企业专属快贷余额增长，星河快贷·助农贷同步上线，星河快贷·助农贷覆盖全省。",
        "星河銀行推出小微企業專屬快貸與雲帆商城聯名卡。雲帆商城聯名卡持續熱銷，"
        "小微企業專屬快貸餘額增長，星河快貸·助農貸同步上線，星河快貸·助農貸覆蓋全省。",
    ],
)
def test_a_name_read_once_relates_every_mention_of_it(make_context, rules, text):
    """A product's name is judged once (its segment, partner and whole), and each of its
    mentions gives the relation its own evidence."""
    hant = "銀" in text
    specs = [
        ("小微企業專屬快貸" if hant else "小微企业专属快贷", PROD),
        ("雲帆商城聯名卡" if hant else "云帆商城联名卡", PROD),
        ("星河快貸·助農貸" if hant else "星河快贷·助农贷", PROD),
        ("星河快貸" if hant else "星河快贷", PROD),
        ("小微企業" if hant else "小微企业", SEG),
        ("雲帆商城" if hant else "云帆商城", ORG),
    ]
    _, rels = extract(make_context, text, specs, rules)
    by_rule: dict[str, list] = {}
    for r in rels:
        by_rule.setdefault(r.rule, []).append(r)
    for rule in ("relation.targets.name", "relation.partners.name", "relation.partof.name"):
        assert rule in by_rule, rule
    # two mentions each of the segment's and the partner's product: two pieces of evidence
    assert len({r.span.start for r in by_rule["relation.targets.name"]}) == 2
    assert len({r.span.start for r in by_rule["relation.partners.name"]}) == 2


@pytest.mark.parametrize(
    ("text", "part", "whole"),
    [
        (
            "星河银行升级星云Pay平台，星云Pay扫码付上线，星云Pay扫码付好评如潮。",
            "星云Pay扫码付",
            "星云Pay平台",
        ),
        (
            "星河銀行升級星雲Pay平台，星雲Pay掃碼付上線，星雲Pay掃碼付好評如潮。",
            "星雲Pay掃碼付",
            "星雲Pay平台",
        ),
    ],
)
def test_a_function_named_with_a_platform_brand_is_part_of_it(
    make_context, rules, text, part, whole
):
    """The branded platforms among a document's products are worked out once; a function
    named with one's own name (without 平台) is part of it (once, however often named)."""
    _, rels = extract(make_context, text, [(part, PROD), (whole, PROD)], rules)
    found = [r for r in rels if r.rule == "relation.partof.name"]
    assert {(r.subject.name, r.object.name) for r in found} == {
        (display_name(part), display_name(whole))
    }


def _version_base_every_product(rules, name, products):
    """names._version_base as it was: every product tried."""
    for base in products:
        if base == name:
            continue
        if name.startswith(base) and rules.version_marker.fullmatch(name[len(base) :]):
            return base
        if name.endswith(base) and rules.edition_prefix.fullmatch(name[: -len(base)]):
            return base
    m = rules.numbered.fullmatch(name)
    if m and rules.synthesize_base:
        return normalize_name(m.group("base"))
    return None


def _part_of_every_product(rules, name, products, platforms):
    """names._part_of's first loop as it was: every product tried (the platforms after it
    are the same code)."""
    import re

    for base in products:
        if base == name or not name.startswith(base):
            continue
        rest = name[len(base) :]
        if rest in rules.part_not_suffixes:
            continue
        if len(rest) <= rules.part_max_suffix and re.fullmatch(r"[\u4e00-\u9fff]+", rest):
            return base
        if (
            rules.part_separators
            and rest[:1] in rules.part_separators
            and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", rest[1:])
            and len(rest) - 1 <= rules.part_max_separated
        ):
            return base
    return "platforms"


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_names_base_and_whole_are_looked_for_only_where_a_product_fits(script):
    """A product's edition base and the product it is part of, each product tried only
    where one opens or ends the name (one test in C first): what trying every product
    found, for own names (both scripts)."""
    from kg.relations import load_rules
    from kg.relations.names import _part_of, _platform_cores, _version_base

    rules = load_rules().names
    products = ["星河手机银行", "星河e贷", "手机银行", "iDeal平台", "快贷"]
    names = [
        "星河手机银行10.0",
        "手机银行9.0版",
        "县域版手机银行",
        "星河e贷·助农贷",
        "快贷收款码",
        "iDeal结构化询报价",
        "星河快捷支付",
        "e生活7.0",
        "手机银行",
    ]
    if script == "traditional":
        products = [*products, "星河手機銀行"]
        names = [*names, "星河手機銀行11.0", "星河手機銀行收款碼"]
    products = tuple(sorted(set(products), key=lambda k: (-len(k), k)))
    platforms = _platform_cores(rules, products)
    decided = 0
    for name in names:
        base = _version_base(rules, name, products)
        assert base == _version_base_every_product(rules, name, products)
        whole = _part_of(rules, name, products, platforms)
        first = _part_of_every_product(rules, name, products, platforms)
        assert whole == first or (first == "platforms" and whole in (None, *products))
        decided += base is not None or whole is not None
    assert decided >= 4


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_names_a_products_name_holds_are_picked_out_once(script):
    """The organisations and segments a product's name holds, from the document's names
    picked out by kind once: those every name of the document tried gave, in order."""
    from kg.models import Span
    from kg.relations import load_rules
    from kg.relations.names import _named_partners, _named_segments

    rules = load_rules().names
    names = [
        ("Organization", "银联"),
        ("Organization", "星河保险公司"),
        ("CustomerSegment", "小微企业"),
        ("Product", "星河快贷"),
        ("CustomerSegment", "新市民"),
        ("Organization", "京东"),
    ]
    if script == "traditional":
        names = [(kind, display_name(name)) for kind, name in names] + [("Organization", "銀聯")]
    by_name = {
        (kind, name): Mention(name, name, kind, Span("t.txt", 0, len(name), name), 0, "t")
        for kind, name in names
    }
    orgs = [
        (o, t)
        for (k, o), t in by_name.items()
        if k == "Organization" and len(o) >= rules.partner_min_chars
    ]
    segments = [(s, t) for (k, s), t in by_name.items() if k == "CustomerSegment"]
    keys = ["银联星河保险公司联名卡", "京东金融联名卡", "小微企业专属快贷", "新市民安居贷", "银联"]
    held = 0
    for key in [*keys, *(display_name(k) for k in keys)]:
        partners = [
            t
            for (k, o), t in by_name.items()
            if k == "Organization" and len(o) >= rules.partner_min_chars and o != key and o in key
        ]
        assert _named_partners(rules, key, orgs) == partners
        opened = [
            t
            for (k, s), t in by_name.items()
            if k == "CustomerSegment"
            and key.startswith(s)
            and any(key[len(s) :].startswith(j) for j in rules.segment_joiners)
        ]
        assert _named_segments(rules, key, segments) == opened
        held += len(partners) + len(opened)
    assert held >= 3


@pytest.mark.parametrize(
    "text",
    [
        "本行推出 “星河 快贷” 产品，\t服务「新市民」客户；《星河金融》报道了 ‘e 贷’。\n下一段",
        "本行推出 「星河 快貸」 產品，\t服務『新市民』客戶；《星河金融》報導了 “e 貸”。\n下一段",
    ],
    ids=["simplified", "traditional"],
)
def test_the_skeleton_keeps_each_run_of_kept_characters(make_context, rules, text):
    """The skeleton of a text with quotes and blanks between its mentions keeps each run
    of kept characters at once: the characters and view places dropping them one by one
    kept (mentions one kind character each)."""
    from kg.relations.skeleton import DROPPED, KIND_CHAR, Skeleton, maximal

    ctx = make_context(text)
    found = mentions(ctx, [("星河", "Product"), ("新市民", "CustomerSegment"), ("本行", "Bank")])
    doc = Skeleton(ctx, rules, maximal(ctx, found))
    doc.build()
    view = ctx.view.text
    at = {it.start: it for it in maximal(ctx, found)}
    chars, starts, ends, places, i = [], [], [], [], 0
    while i < len(view):
        if i in at:
            places.append(len(chars))
            chars.append(KIND_CHAR[at[i].kind])
            starts.append(i)
            ends.append(at[i].end)
            i = at[i].end
            continue
        if view[i] not in DROPPED:
            chars.append(view[i])
            starts.append(i)
            ends.append(i + 1)
        i += 1
    assert doc.text == "".join(chars) and doc.view_start == starts and doc.view_end == ends
    # each mention placed at its kind character, the text joined from whole pieces
    assert [it.pos for it in doc.items] == places
    assert all(doc.text[it.pos] == KIND_CHAR[it.kind] for it in doc.items)
    assert len(doc.text) < len(view) - 6 and len(at) >= 3
