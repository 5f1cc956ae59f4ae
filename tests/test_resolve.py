"""Entity resolution: one node per real-world thing across documents and scripts, and
no node shared by two different things."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.entities import load_rules, recognize
from kg.models import Alias, DocumentExtraction
from kg.normalize import normalize_name
from kg.resolve import abbreviates, alias_text, canonical, resolve


@pytest.fixture(scope="module")
def extract(make_context):
    rules = load_rules()

    def go(text: str, bank: str = "工商银行", name: str = "t.txt") -> DocumentExtraction:
        ctx = make_context(text, bank=bank, name=name)
        mentions, candidates = recognize(ctx, rules)
        return DocumentExtraction(ctx.document, ctx.sentences, mentions, (), (), candidates)

    return go


def entities_named(resolution, name: str, kind: str | None = None):
    """Entities whose label or an alias is ``name``."""
    return [
        e
        for e in resolution.entities.values()
        if (kind is None or e.kind == kind)
        and (e.label == name or name in {a.text for a in e.aliases})
    ]


@pytest.mark.parametrize(
    ("kind", "name", "bank", "expected"),
    [
        ("Strategy", "“第一个人金融银行”战略", None, "第一个人金融银行"),
        ("Strategy", "外汇首选银行战略", None, "外汇首选银行"),
        ("Initiative", "能源保供行动", None, "能源保供"),
        ("Product", "手機銀行", None, "手机银行"),
        ("Product", "工银e生活", "工商银行", "e生活"),
        ("Product", "工银e生活", "民生银行", "工银e生活"),
        ("Product", "个人手机银行", None, "手机银行"),
        ("Product", "e生活APP", None, "e生活"),
        ("Product", "工银信用卡", "工商银行", "信用卡"),
        ("Product", "手机银行10.0", None, "手机银行10.0"),
        ("Product", "工银聚", "工商银行", "工银聚"),
        ("Organization", "人行", None, "人民银行"),
        ("Organization", "央行", None, "人民银行"),
        ("CustomerSegment", "代发工资客群", None, "代发工资客户"),
        ("Department", "个金部", None, "个金部"),
        ("Department", "个金版块", None, "个金板块"),
        ("Product", "青川行动银行App", "青川银行", "行动银行"),
        ("Product", "青川網路銀行", "青川銀行", "网上银行"),
        ("Product", "青川e贷", "青川银行", "e贷"),
        ("Product", "青川行动银行", "工商银行", "青川行动银行"),
        ("Product", "个人网银", None, "个人网银"),
    ],
    ids=[
        "strategy-head-and-quotes",
        "strategy-head",
        "initiative-head",
        "traditional",
        "own-brand-prefix",
        "brand-of-another-bank-kept",
        "audience-prefix",
        "app-suffix",
        "brand-to-lexicon",
        "version-kept",
        "too-short-to-strip",
        "lexicon-alias",
        "lexicon-alias-2",
        "segment-heads",
        "department-unchanged",
        "department-variant-character",
        "brand-of-a-bank-the-lexicon-does-not-list",
        "brand-of-a-bank-the-lexicon-does-not-list-hant",
        "brand-of-an-unlisted-bank-before-a-short-name",
        "another-banks-unlisted-brand-kept",
        "personal-online-banking-is-its-own-product",
    ],
)
def test_canonical(kind, name, bank, expected):
    assert canonical(kind, name, bank) == expected


@pytest.mark.parametrize(
    ("kind", "short", "long", "merges"),
    [
        ("Department", "个金部", "个人金融业务部", True),
        ("Department", "个金", "个人金融业务部", True),
        ("Department", "网金条线", "网络金融部", True),
        ("Department", "私银条线", "私人银行部", True),
        ("Department", "银行卡条线", "银行卡业务部", True),
        ("CustomerSegment", "建工", "建工客群", True),
        ("Department", "科技金融委员会", "高级管理层科技金融委员会", True),
        ("Branch", "软件园支行", "厦门软件园支行", True),
        ("CustomerSegment", "私银客户", "私人银行客户", True),
        ("Strategy", "外汇首选银行", "境内外汇业务首选银行", True),
        ("Strategy", "五化", "五化转型", True),
        ("Initiative", "投诉治理年", "客户投诉治理年", True),
        ("Product", "智能外呼", "智能外呼平台", True),
        ("Product", "电子支付", "电子支付帐户", True),
        ("Product", "电子支付", "电子支付账户", True),
        ("Award", "百佳示范单位", "星河省银行业文明规范服务百佳示范单位", True),
        # false friends
        ("Award", "百佳", "星河省银行业文明规范服务百佳", False),
        ("Award", "服务示范单位", "星河省银行业文明规范服务百佳示范单位", False),
        ("Department", "信用卡条线", "银行卡业务部", False),
        ("Department", "个人金融业务部", "个金部", False),
        ("Department", "个金部", "个人金融条线", False),
        ("Department", "个金板块", "个人金融业务部", False),
        ("Product", "手机银行", "手机银行10.0", False),
        ("Product", "手机银行", "手机银行县域版", False),
        ("Product", "信用卡", "数字信用卡", False),
        ("Product", "e生活", "e生活7.0", False),
        ("Strategy", "第一私人银行", "第一个人金融银行", False),
        ("Strategy", "第一手机银行", "第一个人金融银行", False),
        ("CustomerSegment", "小微客户", "小微企业客户", False),
        ("Branch", "分行", "广东分行", False),
        ("Organization", "人行", "人民银行", False),
        ("Strategy", "e-ccb", "e-ccb2.0", False),
        ("Initiative", "星河计划", "星河计划2025", False),
    ],
    ids=[
        "dept-abbreviation",
        "dept-stem",
        "dept-line",
        "dept-line-private",
        "dept-line-same-stem",
        "segment-member-and-its-group",
        "dept-qualifier-dropped",
        "branch-place-dropped",
        "segment-abbreviation",
        "strategy-qualifier-dropped",
        "strategy-frame",
        "initiative-qualifier",
        "product-platform",
        "product-account",
        "product-account-simplified",
        "award-tail-of-its-full-name",
        "award-tail-too-short",
        "award-not-a-tail",
        "no-different-stem",
        "long-is-not-short",
        "no-merge-into-a-line",
        "a-business-segment-spans-departments",
        "version-is-not-the-product",
        "edition-is-not-the-product",
        "kind-of-card-is-not-card",
        "version-with-e-prefix",
        "different-strategies",
        "different-strategies-2",
        "segment-prefix-is-not-abbreviation",
        "generic-head",
        "organizations-use-the-lexicon",
        "strategy-version-is-not-its-long-form",
        "initiative-edition-year-is-not-its-long-form",
    ],
)
def test_abbreviates(kind, short, long, merges):
    assert abbreviates(kind, short, long) is merges


def test_scripts_resolve_to_one_node_with_tagged_aliases(extract):
    a = extract("依托手机银行打造主阵地。", name="a.txt")
    b = extract("依託手機銀行打造主陣地。", name="b.txt")
    res = resolve([a, b])
    [mobile] = entities_named(res, "手机银行", "Product")
    assert mobile.label == "手机银行"
    assert Alias("手機銀行", "zh-Hant") in mobile.aliases
    assert {m.span.doc for m in mobile.mentions} == {"a.txt", "b.txt"}


def test_same_short_name_in_two_banks_is_two_nodes(extract):
    icbc = extract("本行手机银行月活客户领先。", bank="工商银行", name="icbc.txt")
    cmbc = extract("本行手机银行月活客户增长。", bank="民生银行", name="cmbc.txt")
    res = resolve([icbc, cmbc])
    mobiles = entities_named(res, "手机银行", "Product")
    assert {e.bank for e in mobiles} == {"工商银行", "民生银行"}
    assert len({e.key for e in mobiles}) == 2


def test_a_version_stays_its_own_product(extract):
    res = resolve([extract("推出手机银行10.0。手机银行客户数保持第一。")])
    assert entities_named(res, "手机银行", "Product")
    [version] = entities_named(res, "手机银行10.0", "Product")
    assert "手机银行" not in {a.text for a in version.aliases}


def test_abbreviation_merges_within_a_document(extract):
    text = "个金部大力推动线上代发。供稿：个人金融业务部"
    res = resolve([extract(text)])
    [dept] = entities_named(res, "个人金融业务部", "Department")
    assert dept.label == "个人金融业务部"
    assert "个金部" in {a.text for a in dept.aliases}


def test_abbreviation_carries_to_other_documents(extract):
    a = extract("个金部大力推动线上代发。供稿：个人金融业务部", name="a.txt")
    b = extract("个金部开展宝贝客群的联动营销。", name="b.txt")
    res = resolve([a, b])
    [dept] = entities_named(res, "个人金融业务部", "Department")
    assert {m.span.doc for m in dept.mentions} == {"a.txt", "b.txt"}


def test_ambiguous_short_form_merges_into_neither(extract):
    text = "国际金融业务部和国际结算部联合发布。国际部牵头落实。"
    res = resolve([extract(text)])
    assert entities_named(res, "国际部", "Department")
    assert len(entities_named(res, "国际金融业务部", "Department")) == 1
    assert "国际部" not in {a.text for e in res.entities.values() for a in e.aliases}


def test_apposition_is_an_alias(extract):
    res = resolve([extract("同业率先推出e支付（工银二维码支付）。")])
    [pay] = entities_named(res, "e支付", "Product")
    assert "工银二维码支付" in {a.text for a in pay.aliases} | {pay.label}


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("本行推出手机银行（以下简称“掌上星河”），掌上星河用户增长。", "掌上星河"),
        ("本行推出手機銀行（下稱「掌上星河」），掌上星河用戶增長。", "掌上星河"),
        ("本行推出手机银行（又称“掌上星河”），掌上星河用户增长。", "掌上星河"),
    ],
    ids=["simplified", "traditional", "also-called"],
)
def test_a_short_name_announced_in_brackets_is_an_alias(extract, text, short):
    """某某（以下简称“某”）: the cue before the short name keeps it the alias it would be in
    bare brackets."""
    res = resolve([extract(text)])
    [app] = entities_named(res, short, "Product")
    assert {normalize_name(n) for n in (app.label, *(a.text for a in app.aliases))} == {
        "手机银行",
        "掌上星河",
    }
    assert len(entities_named(res, short)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "本行推出“星河IC卡”，“星河卡”持卡人可享受优惠。",
        "本行推出「星河IC卡」，「星河卡」持卡人可享受優惠。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_card_and_its_chip_edition_are_one_card(extract, text):
    res = resolve([extract(text)])
    [card] = entities_named(res, "星河IC卡", "Product")
    assert {normalize_name(n) for n in (card.label, *(a.text for a in card.aliases))} == {
        "星河ic卡",
        "星河卡",
    }


@pytest.mark.parametrize(
    "text",
    [
        "本行针对科技型企业推出星河贷，服务科技企业和小型企业。",
        "本行針對科技型企業推出星河貸，服務科技企業和小型企業。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_kind_of_firm_and_firms_of_that_kind_are_one_group(extract, text):
    res = resolve([extract(text)])
    names = {
        e.key: {normalize_name(n) for n in (e.label, *(a.text for a in e.aliases))}
        for e in res.entities.values()
        if e.kind == "CustomerSegment"
    }
    assert sorted(names.values(), key=len) == [{"小型企业"}, {"科技企业", "科技型企业"}]


def test_brackets_that_are_not_names_are_not_aliases(extract):
    res = resolve([extract("「春苗」「秋实」行动持续开展。")])
    assert len(entities_named(res, "春苗", "Initiative")) == 1
    assert len(entities_named(res, "秋实", "Initiative")) == 1


def test_self_references_resolve_to_the_bank_but_are_not_aliases(extract):
    ex = extract("本行推出手机银行。我行与工行同时发布。")
    res = resolve([ex])
    bank = res.bank_entity("t.txt")
    assert bank is not None and bank.kind == "Bank" and bank.label == "工商银行"
    selves = [m for m in ex.mentions if m.rule == "entity.self_reference"]
    assert selves and all(res.mention_keys[m] == bank.key for m in selves)
    assert not {"本行", "我行"} & {a.text for a in bank.aliases}
    assert "工行" in {a.text for a in bank.aliases}


def test_other_banks_are_organizations_unless_a_document_speaks_for_them(extract):
    icbc = extract("领先第二名建行1762万户。", bank="工商银行", name="icbc.txt")
    res = resolve([icbc])
    [ccb] = entities_named(res, "建设银行")
    assert ccb.kind == "Organization"
    ccb_doc = extract("本行推出建行生活。", bank="建设银行", name="ccb.txt")
    res = resolve([icbc, ccb_doc])
    [ccb] = entities_named(res, "建设银行")
    assert ccb.kind == "Bank"
    assert {m.span.doc for m in ccb.mentions} == {"icbc.txt", "ccb.txt"}


def test_lexicon_aliases_resolve_to_one_organization(extract):
    res = resolve([extract("先后引入人行征信数据。人民银行推动改革。")])
    [pboc] = entities_named(res, "人民银行", "Organization")
    assert "人行" in {a.text for a in pboc.aliases}


@pytest.mark.parametrize(
    ("surface", "alias"),
    [
        ("工 商银行", "工商银行"),
        ("「工銀e生活」", "工銀e生活"),
        ("ICBC  PAY", "ICBC PAY"),
        ("工银 e钱包", "工银e钱包"),
        ("「五篇大文章」委员会", "五篇大文章委员会"),
    ],
    ids=["pdf-blank", "quotes-hant", "latin-blank", "blank-before-latin", "inner-quotes"],
)
def test_alias_text(surface, alias):
    assert alias_text(surface) == alias


def test_enumerated_members_keep_no_partial_alias(extract):
    res = resolve([extract("上海、天津、北京等9家分行提供定制产品。")])
    [sh] = entities_named(res, "上海分行", "Branch")
    assert "上海" not in {a.text for a in sh.aliases}


def test_resolution_is_deterministic(extract):
    docs = [
        extract("个金部大力推动。供稿：个人金融业务部", name="a.txt"),
        extract("依託手機銀行打造主陣地。", name="b.txt"),
    ]
    first = resolve(docs)
    second = resolve(list(reversed(docs)))
    assert sorted(first.entities) == sorted(second.entities)
    assert {k: e.label for k, e in first.entities.items()} == {
        k: e.label for k, e in second.entities.items()
    }


def test_relation_ends_built_by_a_later_stage_resolve_too():
    """The 手机银行 inside 手机银行10.0 is not a recognised mention, but a versionOf
    points to it: it must resolve to the same node as the recognised 手机银行."""
    from conftest import make_document

    from kg.models import DocumentExtraction, Mention, Relation, Sentence, Span
    from kg.resolve import resolve

    text = "手机银行客户数增长。推出手机银行10.0。"
    doc = make_document(text)

    def mention(name: str, start: int) -> Mention:
        return Mention(
            name, name, "Product", Span("t.txt", start, start + len(name), name), 0, "test"
        )

    product, version, base = (
        mention("手机银行", 0),
        mention("手机银行10.0", 12),
        mention("手机银行", 12),
    )
    rel = Relation(version, "versionOf", base, version.span, 1, "test")
    ex = DocumentExtraction(
        doc, (Sentence("t.txt", 0, 0, len(text), text),), (product, version), (), (rel,)
    )
    resolution = resolve([ex])
    assert resolution.entity_of(base) == resolution.entity_of(product)
    assert resolution.entity_of(version) != resolution.entity_of(product)


def test_an_award_name_of_two_givers_is_two_awards():
    from conftest import make_document

    from kg.models import DocumentExtraction, Mention, Relation, Sentence, Span

    text = "本行获评《亚洲银行家》最佳零售银行。本行获评《环球金融》最佳零售银行。最佳零售银行。"
    doc = make_document(text)

    def mention(name: str, kind: str, start: int) -> Mention:
        return Mention(name, name, kind, Span(doc.name, start, start + len(name), name), 0, "test")

    bank = Mention("本行", "本行", "Bank", Span(doc.name, 0, 2, "本行"), 0, "entity.self_reference")
    starts = [i for i in range(len(text)) if text.startswith("最佳零售银行", i)]
    first, second, bare = (mention("最佳零售银行", "Award", i) for i in starts)
    asian, global_ = (
        mention("亚洲银行家", "Organization", 5),
        mention("环球金融", "Organization", 23),
    )
    rels = (
        Relation(bank, "received", first, first.span, 0, "test", giver=asian),
        Relation(bank, "received", second, second.span, 1, "test", giver=global_),
    )
    ex = DocumentExtraction(
        doc,
        (Sentence(doc.name, 0, 0, len(text), text),),
        (bank, first, second, bare, asian, global_),
        (),
        rels,
    )
    resolution = resolve([ex])
    awards = {resolution.entity_of(m).key for m in (first, second, bare)}
    assert len(awards) == 3
    assert resolution.entity_of(first).label == resolution.entity_of(second).label == "最佳零售银行"
    assert resolution.entity_of(first).bank is None


@pytest.mark.parametrize(
    ("line", "departments", "joins"),
    [
        ("网金条线", ["网络金融部"], "网络金融部"),
        ("银行卡条线", ["银行卡业务部"], "银行卡业务部"),
        ("私银条线", ["私人银行部", "私人银行业务部"], None),
        ("运行管理条线", ["网络金融部"], None),
    ],
    ids=["abbreviation", "stem", "ambiguous", "unrelated"],
)
def test_a_business_line_joins_its_department_across_documents(line, departments, joins):
    from conftest import make_document

    from kg.models import DocumentExtraction, Mention, Span

    def extraction(name: str, names: list[str]) -> tuple[DocumentExtraction, list[Mention]]:
        text = "，".join(names) + "。"
        doc = make_document(text, name=name)
        mentions, pos = [], 0
        for n in names:
            mentions.append(Mention(n, n, "Department", Span(name, pos, pos + len(n), n), 0, "t"))
            pos += len(n) + 1
        return DocumentExtraction(doc, (), tuple(mentions), (), ()), mentions

    first, (line_mention,) = extraction("a.txt", [line])
    others = [extraction(f"d{i}.txt", [d])[0] for i, d in enumerate(departments)]
    resolution = resolve([first, *others])
    entity = resolution.entity_of(line_mention)
    if joins is None:
        assert entity.label == line
    else:
        assert entity.label == joins
        assert line in {a.text for a in entity.aliases}


@pytest.mark.parametrize(
    ("kind", "name", "canon"),
    [
        ("CustomerSegment", "私银客群", "私银客户"),
        ("CustomerSegment", "新客群", "新客群"),
        ("Department", "零售版块", "零售板块"),
        ("Product", "个人手机银行", "手机银行"),
    ],
    ids=["segment-spelling", "too-short-to-respell", "department-spelling", "audience-prefix"],
)
def test_canonical_forms_follow_the_resolve_table(kind, name, canon):
    assert canonical(kind, name) == canon


def test_the_resolve_table_reads_with_an_id_per_section():
    from kg.resolve import rules

    words = rules()
    assert words.department_heads.index("业务部") < words.department_heads.index("部")
    assert words.line_head in words.spanning_heads and words.line_head in words.loose_heads
    assert abbreviates("Department", "网金条线", "网络金融部")
    assert not abbreviates("Department", "网金部", "网络金融条线")


@pytest.mark.parametrize(
    "text",
    [
        "本行为单户授信五百万元以下的小微企业（以下简称“星河小微企业”）提供贷款，星河小微企业户数增长。",
        "本行為單戶授信五百萬元以下的小微企業（以下簡稱「星河小微企業」）提供貸款，星河小微企業戶數增長。",
    ],
    ids=["simplified", "traditional"],
)
def test_a_short_name_of_a_restricted_phrase_is_a_narrower_class(extract, text):
    """…的小微企业（以下简称“某”）: the short name names the whole restricted phrase, a
    narrower class than the name it follows, so the two stay two entities."""
    res = resolve([extract(text)])
    [narrow] = entities_named(res, "星河小微企业", "CustomerSegment")
    [broad] = entities_named(res, "小微企业", "CustomerSegment")
    assert narrow is not broad
    assert {normalize_name(a.text) for a in broad.aliases} <= {"小微企业"}
    assert {normalize_name(a.text) for a in narrow.aliases} <= {"星河小微企业"}


def test_a_subsidiary_and_its_name_with_its_business_word_are_one():
    """某某瑞信基金 = 某某瑞信 (a name of six characters or more and its business word, in
    either script); a short name of four (某某证券) keeps its word: 某某 alone names no
    company; other kinds keep theirs."""
    from kg.resolve import canonical

    assert canonical("Subsidiary", "星河瑞信基金") == canonical("Subsidiary", "星河瑞信")
    assert canonical("Subsidiary", "星河安盛保險") == canonical("Subsidiary", "星河安盛")
    assert canonical("Subsidiary", "星河云帆證券") == canonical("Subsidiary", "星河云帆")
    assert canonical("Subsidiary", "星河证券") == "星河证券"
    assert canonical("Product", "星河瑞信基金") == "星河瑞信基金"


@pytest.mark.parametrize(
    "text",
    [
        "客戶可透過網路銀行辦理轉帳。網路銀行交易限額可調整，網銀登入需驗證碼。",
        "客户可通过网路银行办理转账。网路银行交易限额可调整，网银登录需验证码。",
    ],
    ids=["traditional", "simplified"],
)
def test_taiwan_s_name_of_online_banking_and_its_short_name_are_one_channel(extract, text):
    """網路銀行 is what banks in Taiwan call 网上银行: 網銀 is its short name there too, one
    channel, labelled with the word the document prints most."""
    res = resolve([extract(text, bank="青川银行")])
    [channel] = [e for e in res.entities.values() if e.kind == "Product"]
    assert channel.label == "网路银行"
    assert {normalize_name(a.text) for a in channel.aliases} - {"网路银行"} == {"网银"}


@pytest.mark.parametrize(
    "text",
    [
        "客戶可透過電話語音辦理轉帳。首次使用電話銀行需變更密碼。",
        "客户可通过电话语音办理转账。首次使用电话银行需变更密码。",
    ],
    ids=["traditional", "simplified"],
)
def test_taiwan_s_voice_line_is_telephone_banking(extract, text):
    """電話語音 is what banks in Taiwan call telephone banking: one channel with 電話銀行."""
    res = resolve([extract(text, bank="青川银行")])
    [channel] = [e for e in res.entities.values() if e.kind == "Product"]
    assert channel.label in ("电话银行", "电话语音")
    assert {normalize_name(a.text) for a in channel.aliases} | {channel.label} == {
        "电话银行",
        "电话语音",
    }


@pytest.mark.parametrize(
    ("printed", "place"),
    [("深圳地区", "深圳"), ("深圳地區", "深圳"), ("长三角地区", "长三角")],
    ids=["hans", "hant", "area"],
)
def test_a_place_and_the_place_with_its_area_word_are_one_region(printed, place):
    """深圳地区 and 深圳: one region (a table's row and the note under it); the label stays
    the name the document prints most."""
    assert canonical("Region", printed) == canonical("Region", place) == normalize_name(place)


_NAME_PIECES = [
    "个人",
    "金融",
    "个金",
    "业务",
    "部",
    "手机",
    "银行",
    "App",
    "平台",
    "系统",
    "网金",
    "条线",
    "客户",
    "小微",
    "企业",
    "战略",
    "计划",
    "3.0",
    "分行",
    "支行",
    "奖",
    "e",
]


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(
        ["Product", "Department", "CustomerSegment", "Strategy", "Branch", "Initiative", "Award"]
    ),
    names=st.sets(
        st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=4).map("".join),
        max_size=12,
    ),
)
@example(kind="Product", names={"手机银行", "手机银行平台", "手机银行3.0", "银行平台"})
@example(kind="Department", names={"个金部", "个人金融业务部", "个金", "网金条线"})
def test_only_pairs_that_cannot_merge_are_left_unweighed(kind, names):
    """Each name is weighed against the longer names only (a product against itself with
    a platform's tail): the same pairs abbreviate as when every pair is weighed."""
    from kg.resolve import _longer_names

    every = {(s, long) for s in names for long in names if abbreviates(kind, s, long)}
    shorts = [short for short, _ in _longer_names(kind, names)]
    weighed = {
        (short, long)
        for short, longer in _longer_names(kind, names)
        for long in longer
        if abbreviates(kind, short, long)
    }
    assert weighed == every
    if names in (
        {"手机银行", "手机银行平台", "手机银行3.0", "银行平台"},
        {"个金部", "个人金融业务部", "个金", "网金条线"},
    ):
        assert every  # the examples do merge
    assert shorts == sorted(names, key=lambda n: (-len(n), n))
