"""The bank lexicon: names in either script, prefixes, and whose report a text is."""

from __future__ import annotations

import pytest

from kg.banks import banks, infer_bank, lookup, surface_forms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("中國工商銀行", "工商银行"),
        ("工行", "工商银行"),
        ("icbc", "工商银行"),
        ("建行", "建设银行"),
        ("中國建設銀行", "建设银行"),
        ("中国邮政储蓄银行", "邮储银行"),
        ("中國民生銀行", "民生银行"),
        ("興業銀行", "兴业银行"),
        ("「招商銀行」", "招商银行"),
        ("工 商银行", "工商银行"),
        ("银行", None),
        ("厦门银行系统", None),
    ],
    ids=[
        "hant-full",
        "short",
        "latin-casefold",
        "other-bank-short",
        "other-bank-hant",
        "psbc-full",
        "cmbc-hant",
        "cib-hant",
        "quoted",
        "pdf-blank",
        "generic",
        "not-a-listed-bank",
    ],
)
def test_lookup(name, expected):
    bank = lookup(name)
    assert (bank.name if bank else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本行持續推進。中國工商銀行堅持服務實體經濟，工行手機銀行客戶領先。", "工商银行"),
        ("本行積極參與中國銀行間市場交易。工商銀行發行債券。", "工商银行"),
        (
            "我行坚持服务三农。中国邮政储蓄银行2024年实现营业收入增长，邮储银行手机银行用户增长。",
            "邮储银行",
        ),
        ("本行推进ICBC PAY。建设银行同业。工行、工行。", "工商银行"),
        ("坚持稳中求进。", None),
        # a Latin short name counts only as a whole word (BOC inside PBOC is no bank)
        ("本行发行符合PBOC标准的金融IC卡。", None),
        # a rural bank no table lists, named again and again, is the text's bank
        (
            "个人贷款\n由星河农商银行发放。星河农商银行负责审批，可向星河农商银行申请，"
            "亦可通过工商银行代收。",
            "星河农商银行",
        ),
        ("個人貸款\n由星河農商銀行發放。星河農商銀行負責，可向星河農商銀行申請。", "星河农商银行"),
        ("工商银行与星河农商银行合作，工商银行、工商银行推进。", "工商银行"),
        # any bank no table lists, named at least five times where no listed bank is named;
        # a channel or a kind of bank (網路銀行, 人民银行) is no bank's name
        (
            "請登入星河網路銀行查詢。星河銀行提供服務，可至星河銀行分行辦理，"
            "或洽星河銀行客服、星河銀行App、星河銀行官網。",
            "星河银行",
        ),
        ("请登入网路银行查询。个人网路银行、网路银行、网路银行、网路银行、行动银行。", None),
        ("由中国人民银行、人民银行、人民银行、人民银行、人民银行监管。", None),
    ],
    ids=[
        "hant-icbc",
        "interbank-market-is-no-bank",
        "psbc",
        "latin-word",
        "none",
        "latin-inside-a-word",
        "unlisted-rural-bank-named-often",
        "unlisted-rural-bank-named-often-hant",
        "rural-bank-named-once",
        "unlisted-bank-named-often-hant",
        "channels-are-no-bank",
        "central-bank-is-no-issuer",
    ],
)
def test_infer_bank(text, expected):
    assert infer_bank(text) == expected


def test_every_bank_has_a_unique_slug_and_id():
    rows = banks()
    assert len({b.slug for b in rows}) == len(rows)
    assert len({b.id for b in rows}) == len(rows)


def test_ordinary_prefixes_are_product_prefixes():
    for bank in banks():
        assert set(bank.ordinary_prefixes) <= set(bank.product_prefixes), bank.id
        # a bank that names products by a prefix names its group companies too
        assert bank.group_prefixes or not bank.product_prefixes, bank.id


@pytest.mark.parametrize(
    ("name", "expected", "parent"),
    [
        ("中銀香港", "中银香港", "中国银行"),
        ("BOCHK", "中银香港", "中国银行"),
        ("招商永隆", "招商永隆银行", "招商银行"),
        ("建行亞洲", "建行亚洲", "建设银行"),
        ("浦發銀行", "浦发银行", None),
        ("中國光大銀行", "光大银行", None),
        ("渝农商行", "重庆农村商业银行", None),
        ("國開行", "国家开发银行", None),
        ("中國銀行", "中国银行", None),
    ],
    ids=[
        "bochk-hant",
        "bochk-latin",
        "wing-lung",
        "ccb-asia-hant",
        "spdb-hant",
        "ceb-hant",
        "rural-short",
        "policy-bank-hant",
        "parent-stays-itself",
    ],
)
def test_arms_and_other_banks_resolve_to_themselves(name, expected, parent):
    bank = lookup(name)
    assert bank is not None and bank.name == expected
    assert bank.parent == parent


def test_major_banks_are_listed():
    """The large state-owned banks, the joint-stock banks and the policy banks."""
    listed = {b.name for b in banks()}
    major = {
        "工商银行",
        "建设银行",
        "中国银行",
        "农业银行",
        "交通银行",
        "邮储银行",
        "招商银行",
        "中信银行",
        "光大银行",
        "华夏银行",
        "民生银行",
        "广发银行",
        "平安银行",
        "兴业银行",
        "浦发银行",
        "浙商银行",
        "恒丰银行",
        "渤海银行",
        "国家开发银行",
        "中国进出口银行",
        "中国农业发展银行",
    }
    assert major <= listed


def test_every_parent_is_a_listed_bank():
    names = {b.name for b in banks()}
    for bank in banks():
        assert bank.parent is None or bank.parent in names, bank.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "中銀香港（控股）有限公司 2023中期報告\n\n深化與母行中國銀行協同；中國銀行、中國銀行。",
            "中银香港",
        ),
        ("农行通讯\n\n2019年第10期\n\n本行推进。", "农业银行"),
        ("招商银行与工商银行、工商银行合作年报\n\n本行推进。", "工商银行"),
        ("本行選定為廈門銀行系統唯一的聯繫點。", None),
        # a cover printing the issuer and the title on two lines; an issuer no table lists
        ("星河银行股份有限公司\n\n2024 年年度报告\n\n本行推进。", "星河银行"),
        ("星河商業銀行股份有限公司\n2024 年年報\n本行推進。", "星河银行"),
        ("星河农村商业银行股份有限公司 2024年年度报告\n本行推进。", "星河农商银行"),
        ("中国银行业协会 2024年报告\n本会推进。", None),
        # a product page's or an FAQ's title names its issuer too
        ("星河农商银行产品介绍\n\n星河e贷\n本行推出。", "星河农商银行"),
        ("星河商業銀行常見問題\n如何申請數位帳戶？\n請洽本行。", "星河银行"),
    ],
    ids=[
        "title-names-the-issuer-hant",
        "newsletter-title",
        "title-naming-two-banks",
        "banking-system",
        "cover-on-two-lines-unlisted",
        "unlisted-commercial-bank-hant",
        "unlisted-rural-bank",
        "banking-association",
        "product-page-title",
        "faq-title-hant",
    ],
)
def test_infer_bank_from_the_title(text, expected):
    assert infer_bank(text) == expected


def test_no_alias_names_two_banks():
    seen: dict[str, str] = {}
    for bank in banks():
        for alias in (bank.name, *bank.aliases):
            key = alias.casefold()
            assert seen.setdefault(key, bank.id) == bank.id, alias


def test_surface_forms_are_normalised():
    forms = surface_forms()
    assert forms["icbc"].name == "工商银行"
    assert forms["中国工商银行"].name == "工商银行"
    assert "中國工商銀行" not in forms
