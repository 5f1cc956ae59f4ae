"""The registry of entity rule families and steps (kg/entities/family.py) and the order
in which a pass runs them (entities.yaml recognition, kg/entities/recognizer.py)."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.util import registry

from kg.entities import Found, Proposal, Proposals, RuleTableError, load_rules, recognize
from kg.entities.context import DocContext
from kg.entities.family import FAMILIES, READERS, STEPS, Review, first_longest_spans_filter
from kg.entities.recognizer import check_rules

FAMILY_ORDER = (
    "family.self_references",
    "family.lexicon",
    "family.quoted_names",
    "family.bylines",
    "family.brand_prefixes",
    "family.document_brands",
    "family.award_names",
    "family.head_words",
    "family.segment_classes",
    "family.enumerations",
    "family.copulas",
    "family.latin_brands",
    "family.app_names",
    "family.latin_products",
    "family.business_lines",
    "family.partner_lists",
    "family.foreign_firms",
    "family.question_topics",
    "family.page_titles",
    "family.subsidiary_names",
    "family.regions",
    "family.region_rows",
    "family.own_name_prefix",
)
STEP_ORDER = (
    "step.quoted_lexicon_gives_way",
    "step.outside_non_prose",
    "step.within_cells",
    "select",
    "step.appositions",
    "select",
    "step.backrefs",
    "step.outside_profiles",
    "select",
    "step.refine_leads",
    "step.branch_names",
    "step.list_siblings",
    "step.one_kind_per_name",
    "step.versions",
)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_the_order_of_families_and_steps_is_pinned(rules):
    # Moving a family changes what the ones after it see (hard bounds, consumed quotes,
    # earlier proposals): on our texts, swapping two moved 116 of 4,837 mentions. A
    # change of order is a change of behaviour and must show here.
    assert rules.families == FAMILY_ORDER
    assert rules.steps == STEP_ORDER
    assert rules.spans_filter == "kg.first_longest_spans_filter.v1"


def test_every_family_and_step_is_in_spacys_registry():
    for fid, fam in FAMILIES.items():
        name = f"kg.entity_family.{fid.removeprefix('family.')}.v1"
        assert registry.misc.get(name) is fam.find
    for sid, st in STEPS.items():
        assert registry.misc.get(f"kg.entity_step.{sid.removeprefix('step.')}.v1") is st.refine
    assert registry.misc.get("kg.first_longest_spans_filter.v1") is first_longest_spans_filter


@pytest.mark.parametrize("table", ["entities.yaml", "lexicon.yaml"])
def test_a_section_no_family_reads_is_an_error_at_load_time(monkeypatch, table):
    from kg.entities import recognizer

    real = recognizer.load_table

    def with_extra(name: str):
        data = real(name)
        return {**data, "forgotten_rules": ["x"]} if name == table else data

    monkeypatch.setattr(recognizer, "load_table", with_extra)
    with pytest.raises(RuleTableError, match=rf"{table}: section 'forgotten_rules' is read by no"):
        load_rules()


def test_a_declared_section_that_is_not_there_is_an_error(monkeypatch, rules):
    monkeypatch.setitem(READERS, "family.test", ("no_such_section",))
    with pytest.raises(RuleTableError, match=r"family.test reads 'no_such_section'"):
        check_rules(rules)


def test_an_unknown_family_or_step_in_the_order_is_an_error(rules):
    with pytest.raises(RuleTableError, match=r"unknown family or step.*family.nope"):
        check_rules(replace(rules, families=(*rules.families, "family.nope")))
    with pytest.raises(RuleTableError, match=r"unknown family or step.*step.nope"):
        check_rules(replace(rules, steps=(*rules.steps, "step.nope")))


def test_a_registered_family_left_out_of_the_order_is_an_error(rules):
    without = tuple(f for f in rules.families if f != "family.copulas")
    with pytest.raises(RuleTableError, match=r"registered but never run.*family.copulas"):
        check_rules(replace(rules, families=without))


def test_every_kind_the_tables_assign_is_a_kind_of_kinds_yaml(rules):
    from kg import kinds
    from kg.entities.recognizer import table_kinds

    assigned = table_kinds(rules)
    assert {k for k, _ in assigned} <= set(kinds.names())
    assert ("Strategy", "entity.quote_head.strategy") in assigned
    head = rules.quote_heads[0]
    wrong = replace(rules, quote_heads=(replace(head, kind="Strateg"), *rules.quote_heads[1:]))
    with pytest.raises(RuleTableError, match=rf"{head.id}: kind 'Strateg' is not in kinds.yaml"):
        check_rules(wrong)


def test_an_unknown_spans_filter_is_an_error(rules):
    with pytest.raises(RuleTableError, match=r"unknown spans filter 'kg.nope.v1'"):
        check_rules(replace(rules, spans_filter="kg.nope.v1"))


def test_the_spans_filter_takes_the_longest_then_the_strongest():
    short_strong = Proposal(0, 2, "Bank", "工行", "r.a", 4)
    long_weak = Proposal(0, 4, "Product", "工行e支付", "r.b", 1)
    apart = Proposal(8, 9, "Region", "京", "r.e", 2)
    # longest first, whatever the strength; a span apart from the chosen ones stays
    assert first_longest_spans_filter([short_strong, apart, long_weak]) == [long_weak, apart]
    # of two overlapping spans of one length, the stronger
    weak = Proposal(2, 6, "Product", "e支付卡", "r.c", 1)
    strong = Proposal(2, 6, "Strategy", "e支付卡", "r.d", 3)
    assert first_longest_spans_filter([weak, strong]) == [strong]
    # of one length and strength, the earlier
    later = Proposal(2, 6, "Product", "e支付卡", "r.c", 2)
    earlier = Proposal(0, 4, "Product", "工行e支付", "r.b", 2)
    assert first_longest_spans_filter([later, earlier]) == [earlier]
    # a span inside a chosen one goes, even a stronger one
    assert first_longest_spans_filter([long_weak, short_strong]) == [long_weak]
    assert first_longest_spans_filter([]) == []


def test_found_plus_adds_a_familys_findings_after_the_earlier_ones():
    a = Proposal(0, 2, "Product", "电子", "r.a", 2)
    b = Proposal(3, 5, "Bank", "工行", "r.b", 4)
    c = Proposal(5, 8, "Product", "PayGo", "r.c", 3)
    review = Review(9, 12, "Product", "某某卡", "r.d")
    found = Found((a, b), frozenset({3, 4}), ((0, 2),), ())
    more = Proposals((c,), frozenset({6}), ((5, 8),), (review,), withdrawn=(a,))
    assert found.plus(more) == Found((b, c), frozenset({3, 4, 6}), ((0, 2), (5, 8)), (review,))
    assert found.plus(Proposals()) == found


def test_a_family_returns_what_it_tells_later_ones_as_fields(make_context, rules):
    text = "工商银行坚持“数字工行”战略，推出「工银e生活」。"
    doc = DocContext.of(make_context(text, bank="工商银行"), rules)
    first = FAMILIES["family.self_references"].find(doc, Found())
    lex = FAMILIES["family.lexicon"].find(doc, Found().plus(first))
    assert isinstance(lex, Proposals)
    bank = [p for p in lex.proposals if p.start == 0]
    assert [(p.name, p.kind, p.rule, p.strength) for p in bank] == [
        ("工商银行", "Bank", "entity.lexicon.bank", 4)
    ]
    # a bank's name is a hard bound for every later family, told as a field
    assert set(range(bank[0].start, bank[0].end)) <= lex.hard
    found = Found().plus(first).plus(lex)
    quoted = FAMILIES["family.quoted_names"].find(doc, found)
    # the head word that typed a quoted name is consumed: no later lexicon word in it
    assert [doc.t.text[a:b] for a, b in quoted.consumed] == ["战略"]
    assert ("数字工行", "Strategy", "entity.quote_head.strategy") in {
        (p.name, p.kind, p.rule) for p in quoted.proposals
    }
    assert not quoted.withdrawn and not quoted.hard
    # the earlier families' proposals are not repeated in a later family's
    assert not set(quoted.proposals) & set(found.proposals)


def test_a_family_takes_back_an_earlier_proposal_explicitly(make_context, rules):
    text = "客户可通过电子钱包PayGo+完成支付。"
    doc = DocContext.of(make_context(text, bank="工商银行"), rules)
    start = doc.t.text.index("PayGo")
    earlier = Proposal(start - 4, start, "Product", "电子钱包", "entity.test", 2)
    out = FAMILIES["family.latin_products"].find(doc, Found((earlier,)))
    assert out.withdrawn == (earlier,)
    assert [(p.name, p.kind, p.rule) for p in out.proposals] == [
        ("PayGo+", "Product", "entity.latin.product")
    ]
    assert Found((earlier,)).plus(out).proposals == out.proposals


def test_recognize_runs_the_families_in_the_order_the_table_gives(make_context, rules):
    # Leaving out the lexicon family leaves the bank's name unrecognised: the order is
    # what runs, not a fixed sequence in the code.
    text = "工商银行推出「工银e生活」。"
    mentions, _ = recognize(make_context(text, bank="工商银行"), rules)
    assert ("工商银行", "Bank") in {(m.name, m.kind) for m in mentions}
    fewer = replace(rules, families=tuple(f for f in rules.families if f != "family.lexicon"))
    mentions, _ = recognize(make_context(text, bank="工商银行"), fewer)
    assert ("工商银行", "Bank") not in {(m.name, m.kind) for m in mentions}


# ---------------------------------------------------------------------------------
# What a family declares it reads is what its code reads: the fields of EntityRules its
# methods use (directly or through the helpers of its own module), mapped to the table
# sections read_rules fills them from.

PKG = Path(__file__).resolve().parent.parent / "kg" / "entities"
TABLE_VARS = {
    "data": "",
    "generic": "generic_phrases.yaml:",
    "places_data": "places.yaml:",
    "vocab": "lexicon.yaml:",
}


def _field_sections() -> dict[str, set[str]]:
    tree = ast.parse((PKG / "rules.py").read_text("utf-8"))
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "read_rules")
    local = {
        st.targets[0].id: st.value
        for st in fn.body
        if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Name)
    }

    def sections(expr: ast.AST, seen: tuple[str, ...] = ()) -> set[str]:
        out: set[str] = set()
        for n in ast.walk(expr):
            if (
                isinstance(n, ast.Subscript)
                and isinstance(n.value, ast.Name)
                and n.value.id in TABLE_VARS
                and isinstance(n.slice, ast.Constant)
            ):
                out.add(TABLE_VARS[n.value.id] + n.slice.value)
            elif (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == "get"
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id in TABLE_VARS
            ):
                out.add(TABLE_VARS[n.func.value.id] + n.args[0].value)  # type: ignore[attr-defined]
            elif (
                isinstance(n, ast.Name)
                and n.id in local
                and n.id not in (*seen, *TABLE_VARS, "lexicon")  # lexicon: see lexicon_table
            ):
                out |= sections(local[n.id], (*seen, n.id))
        return out

    ret = next(s for s in fn.body if isinstance(s, ast.Return)).value
    assert isinstance(ret, ast.Call)
    return {kw.arg: sections(kw.value) for kw in ret.keywords if kw.arg}


def _methods() -> dict[str, tuple[str, set[str], set[str]]]:
    """method -> (module, EntityRules fields it reads, methods of self it calls)."""
    out: dict[str, tuple[str, set[str], set[str]]] = {}
    trees = {f.stem: ast.parse(f.read_text("utf-8")) for f in PKG.glob("*.py")}
    names = {
        m.name
        for t in trees.values()
        for c in t.body
        if isinstance(c, ast.ClassDef)
        for m in c.body
        if isinstance(m, ast.FunctionDef)
    }
    # module-level helpers a method calls with its work (_pillars(self, s, e)) read too
    helpers = {
        f.name
        for t in trees.values()
        for f in t.body
        if isinstance(f, ast.FunctionDef) and f.name.startswith("_")
    }
    for mod, tree in trees.items():
        functions = [
            m
            for c in tree.body
            if isinstance(c, ast.ClassDef)
            for m in c.body
            if isinstance(m, ast.FunctionDef)
        ]
        functions += [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name in helpers]
        for m in functions:
            fields, calls = set(), set()
            for n in ast.walk(m):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                    if n.func.id in helpers:
                        calls.add(n.func.id)
                    continue
                if not isinstance(n, ast.Attribute):
                    continue
                v = n.value
                if (isinstance(v, ast.Name) and v.id == "rules") or (
                    isinstance(v, ast.Attribute) and v.attr == "rules"
                ):
                    fields.add(n.attr)
                elif isinstance(v, ast.Name) and v.id in ("self", "work") and n.attr in names:
                    calls.add(n.attr)
            out[m.name] = (mod, fields, calls)
    return out


def _reads_of(method: str, methods, fields) -> set[str]:
    seen: set[str] = set()
    todo = [method]
    found: set[str] = set()
    while todo:
        m = todo.pop()
        if m in seen or methods[m][0] == "context":
            continue
        seen.add(m)
        found |= {s for f in methods[m][1] for s in fields[f]}
        todo.extend(methods[m][2])
    return found


def _family_method(fn) -> str:
    tree = ast.parse(Path(fn.__code__.co_filename).read_text("utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == fn.__name__)
    """The method a family or step runs: X.propose(doc, found, X.method), or a call
    X(doc, found).method(...) / work.method(...)."""
    calls = []
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            if n.func.attr == "propose":
                method = n.args[2]
                assert isinstance(method, ast.Attribute)
                return method.attr
            if n.func.attr != "result":
                calls.append(n.func.attr)
    return calls[0] if calls else ""


@pytest.mark.parametrize("fid", sorted(FAMILIES))
def test_a_family_declares_the_sections_its_code_reads(fid):
    fields, methods = _field_sections(), _methods()
    method = _family_method(FAMILIES[fid].find)
    assert set(FAMILIES[fid].reads) == _reads_of(method, methods, fields)


def test_the_shared_helpers_declare_the_sections_they_read():
    fields, methods = _field_sections(), _methods()
    used = {
        s for m, (mod, fs, _) in methods.items() if mod == "context" for f in fs for s in fields[f]
    }
    assert set(READERS["context"]) == used


@pytest.mark.parametrize("sid", sorted(STEPS))
def test_a_step_declares_the_sections_its_code_reads(sid):
    fields, methods = _field_sections(), _methods()
    method = _family_method(STEPS[sid].refine)
    assert set(STEPS[sid].reads) == (_reads_of(method, methods, fields) if method else set())


def test_the_package_keeps_its_modules_and_classes_small():
    # one module per family: none over 800 lines, no class over 400 (issue 11)
    for path in sorted(PKG.glob("*.py")):
        text = path.read_text("utf-8")
        assert text.count("\n") <= 800, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno + 1 <= 400, (path.name, node.name)  # type: ignore[operator]


def _quotes_char_by_char(text: str) -> list[tuple[int, int]]:
    """The quoted names' (open, close) pairs as found before, one character at a time."""
    from kg.grammar import QUOTE_PAIRS

    out, i = [], 0
    while i < len(text):
        close = QUOTE_PAIRS.get(text[i])
        j = text.find(close, i + 1, i + 62) if close else -1
        if j < 0 or "\n" in text[i + 1 : j]:
            i += 1
            continue
        out.append((i, j))
        i = j + 1
    return out


@pytest.mark.parametrize(
    "text",
    [
        '推出「瑞福e生活」和“锦鲤贷”，《瑞福银行年报》称"乐享"版上线；‘小福’助手。',
        '推出「瑞福e生活」和“錦鯉貸”，《瑞福銀行年報》稱"樂享"版上線；‘小福’助手。',
        "“未闭合的引号\n下一行”以及「" + "长" * 70 + "」和“嵌套「内层」外层”。“",
        "",
    ],
    ids=["simplified", "traditional", "broken-long-nested", "empty"],
)
def test_a_documents_quotes_are_found_once_and_as_before(make_context, rules, text):
    """The quoted names' pairs are found once per document (two families read them) by
    a regex for the opening quotes: the pairs a test of every character finds, a quote
    left open, one closed on another line, one too long and nested quotes included;
    each family gets its own list."""
    doc = DocContext.of(make_context(text, bank="工商银行"), rules)
    assert list(doc.quotes) == _quotes_char_by_char(doc.t.text)
    assert doc.quotes is doc.quotes


def test_the_spans_filter_is_looked_up_once(make_context, rules, monkeypatch):
    """The registry (which reads every package's entry points) is asked for the filter
    once per process, not once per document; an unknown name is asked again."""
    from kg.entities.family import spans_filter

    contexts = [make_context(t) for t in ("本行推出“工银e贷”。", "本行推出「工銀e貸」。")]
    spans_filter.cache_clear()
    asked = []
    real = registry.misc.get
    monkeypatch.setattr(registry.misc, "get", lambda name: asked.append(name) or real(name))
    for ctx in contexts:
        assert recognize(ctx, rules)[0]
    assert asked == [rules.spans_filter]
    for _ in range(2):
        with pytest.raises(RuleTableError):
            spans_filter("kg.nope.v1")
    assert asked == [rules.spans_filter, "kg.nope.v1", "kg.nope.v1"]
