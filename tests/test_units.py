import pytest

from kg.units import count_symbols, forms_of, point_symbols, printed_forms, role, unit_for, units


@pytest.mark.parametrize(
    ("printed", "symbol"),
    [
        ("元", "元"),
        ("人民币", "元"),
        ("名", "人"),
        ("个百分点", "百分点"),
        ("bp", "基点"),
        ("港币", "港元"),
        ("只", "只"),
        ("类", "类"),
        ("套", "套"),
        ("宗", "宗"),
        ("辆", "辆"),
    ],
    ids=[
        "yuan",
        "renminbi",
        "ming-is-persons",
        "ge-percentage-point",
        "bp",
        "hkd",
        "zhi",
        "lei",
        "tao-sets",
        "zong-cases",
        "liang-vehicles",
    ],
)
def test_printed_forms_map_to_one_symbol(printed, symbol):
    assert printed_forms()[printed].symbol == symbol
    assert unit_for(printed).symbol == symbol


def test_every_unit_has_a_qudt_or_local_iri():
    for unit in units().values():
        assert unit.iri.startswith(("unit:", "bkgu:")), unit
        assert unit.id.startswith("unit.")


def test_printed_forms_are_unambiguous():
    seen: dict[str, str] = {}
    for unit in units().values():
        for form in (unit.symbol, *unit.printed):
            assert seen.setdefault(form, unit.id) == unit.id, form


def test_unknown_symbol_gets_a_local_unit():
    unit = unit_for("艘")
    assert unit.iri.startswith("bkgu:")
    assert unit.symbol == "艘"


@pytest.mark.parametrize("symbol", ["套", "宗", "辆"], ids=["tao", "zong", "liang"])
def test_new_count_units_are_local_counting_units(symbol):
    unit = units()[symbol]
    assert unit.iri.startswith("bkgu:") and unit.quantity == "count" and unit.en


def test_points_and_roles_come_from_the_table():
    assert point_symbols() == {"百分点", "基点"}
    assert (role("percent"), role("point"), role("money")) == ("%", "百分点", "元")
    assert "%" not in count_symbols() and "人次" in count_symbols()


def test_forms_of_a_quantity_are_longest_first():
    currencies = forms_of("currency")
    assert set(currencies) >= {"元", "人民币", "港币", "澳门元"} and "%" not in currencies
    assert currencies.index("人民币元") < currencies.index("人民币") < currencies.index("元")
    assert set(forms_of()) == set(printed_forms())
