"""The one grammar of the text: each named reading of a sentence or a clause, the quote
and list marks, and the rule-table helpers every stage loads its tables with."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import grammar


@pytest.mark.parametrize(
    ("name", "chars"),
    [
        ("SENTENCE_END", "。！？；!?;"),
        ("SENTENCE_TRAILERS", "”’」』)）"),
        ("HARD_LINE_END", "。！？；：!?;:"),
        ("FULL_STOP", "。！？!?\n"),
        ("FIGURE_SENTENCE_END", "。！？；"),
        ("SCOPE_END", "。！？"),
        ("CLAUSE_END", "，。；：！？\n"),
        ("FIGURE_CLAUSE_END", "，；。：！？、\n"),
        ("PLAN_CLAUSE_END", "，；。！？"),
        ("RELATION_CLAUSE_END", "，；：,;:"),
        ("EVIDENCE_CLAUSE_END", "，；：。！？,;:!?"),
        ("ITEM_OPENERS", "\n。；，："),
        ("QUOTE_CHARS", '「」“”『』《》"‘’'),
        ("QUOTE_CLOSERS", '」”』》"’'),
        ("NAME_QUOTES", "「」『』“”\"'‘’《》〈〉"),
        ("NAME_WRAPPERS", "「」『』“”\"'‘’《》〈〉()（）[]【】"),
        ("BLANKS", " \u3000\t"),
        ("CONJUNCTIONS", "和及与"),
        ("LIST_MARKS", "、和及与"),
    ],
)
def test_each_reading_is_the_set_the_stages_used(name, chars):
    """The move kept every stage's reading: each named set holds exactly these marks."""
    assert frozenset(getattr(grammar, name)) == frozenset(chars)


def test_the_readings_differ_where_the_stages_need_them_to():
    assert {"、"} == grammar.FIGURE_CLAUSE_END - grammar.CLAUSE_END
    assert {"：", ":"} == grammar.HARD_LINE_END - grammar.SENTENCE_END
    assert "；" not in grammar.FULL_STOP and "；" in grammar.SENTENCE_END
    assert "。" not in grammar.RELATION_CLAUSE_END and "。" in grammar.CLAUSE_END


def test_quote_pairs_open_and_close():
    assert grammar.QUOTE_PAIRS["「"] == "」" and grammar.QUOTE_PAIRS["《"] == "》"
    assert set(grammar.QUOTE_PAIRS.values()) == grammar.QUOTE_CLOSERS
    assert frozenset(grammar.NAME_QUOTES) >= grammar.QUOTE_CHARS
    for closing, opening in grammar.CLOSING_TO_OPENING.items():
        assert grammar.QUOTE_PAIRS.get(opening, "）") == closing
    for opening, closing in grammar.LINE_QUOTE_PAIRS:
        assert grammar.QUOTE_PAIRS[opening] == closing


@pytest.mark.parametrize(
    ("between", "expected"),
    [("", True), ("、", True), ("和", True), ("及", True), ("与", True), ("或", False),
     ("，", False), ("和与", False), ("以及", False)],
    ids=["nothing", "dun", "he", "ji", "yu", "huo", "comma", "two-marks", "yiji"],
)  # fmt: skip
def test_neighbours_joined_by_nothing_or_one_list_mark(between, expected):
    assert grammar.joined(between) is expected


def test_alternation_is_longest_first_and_independent_of_order():
    words = ["及", "以及", "和", "与", "及"]
    pattern = grammar.alternation(words)
    assert pattern == grammar.alternation(reversed(words))
    assert pattern.split("|") == ["以及", "与", "及", "和"]
    assert re.match(pattern, "以及其他").group(0) == "以及"
    assert re.fullmatch(grammar.alternation(["a.b", "(x)"]), "a.b")
    assert re.fullmatch(grammar.alternation(["a.b"]), "acb") is None


def test_char_class_matches_exactly_its_characters():
    cls = grammar.char_class(set("]-^\\”"))
    for ch in "]-^\\”":
        assert re.fullmatch(cls, ch)
    assert re.fullmatch(cls, "a") is None


def test_load_table_reads_a_rule_table():
    rows = grammar.load_table("units.yaml")["units"]
    assert isinstance(rows, list) and all("id" in r for r in rows)
    grammar.check_ids(rows, "units.yaml")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a"}, {"word": "b"}], "units.yaml: row 2 has no id"),
        ([{"id": "a"}, {"id": ""}], "units.yaml: row 2 has no id"),
        ([{"id": "a"}, {"id": "b"}, {"id": "a"}], "units.yaml: id 'a' is used twice"),
    ],
    ids=["missing", "empty", "twice"],
)
def test_check_ids_names_the_table_and_the_row(rows, message):
    with pytest.raises(grammar.RuleTableError) as info:
        grammar.check_ids(rows, "units.yaml")
    assert str(info.value) == message


def test_load_table_reads_every_table_as_safe_yaml():
    """libyaml's loader, where PyYAML has it, gives what the pure-Python safe loader gives."""
    from importlib import resources

    import yaml

    from kg.grammar import load_table

    folder = resources.files("kg.rules")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    assert names
    for name in names:
        assert load_table(name) == yaml.safe_load(folder.joinpath(name).read_text("utf-8")), name


@pytest.mark.parametrize(
    ("frame", "names", "expected"),
    [
        ("一三五", ["一个中心", "三大支柱", "五项改革"], ["一个中心", "三大支柱", "五项改革"]),
        # a name that does not continue the spelling is passed over
        (
            "一三五",
            ["一个中心", "两项改革", "三大支柱", "五项改革"],
            ["一个中心", "三大支柱", "五项改革"],
        ),
        # spelled only in part, or not from the start
        ("一三五", ["一个中心", "三大支柱"], None),
        ("三二一", ["三大支柱", "两项改革", "一个目标"], None),
    ],
    ids=["whole", "past-another", "part", "another-numeral"],
)
def test_spelled_parts(frame, names, expected):
    assert grammar.spelled_parts(frame, names, "一二三四五六七八九十百千两") == expected


def test_a_parsed_table_is_kept_in_the_cache_folder_and_read_back(tmp_path, monkeypatch):
    """The second process (here: the process's own copies forgotten) reads the file the
    first wrote, and gets what parsing gives; each call gets a copy of its own."""
    import yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(grammar, "_PARSED", {})
    parsed = grammar.load_table("units.yaml")
    files = list((tmp_path / "bank-kg").glob("rules-units-*.marshal"))
    assert len(files) == 1
    monkeypatch.setattr(grammar, "_PARSED", {})

    def no_parsing(data):
        raise AssertionError("parsed again")

    monkeypatch.setattr(grammar, "_yaml", no_parsing)
    again = grammar.load_table("units.yaml")
    folder = grammar.resources.files("kg.rules")
    assert again == parsed == yaml.safe_load(folder.joinpath("units.yaml").read_text("utf-8"))
    again["units"].clear()
    assert grammar.load_table("units.yaml") == parsed


def test_a_damaged_or_unwritable_cache_only_means_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(grammar, "_PARSED", {})
    expected = grammar.load_table("kinds.yaml")
    (path,) = (tmp_path / "bank-kg").glob("rules-kinds-*.marshal")
    path.write_bytes(b"\x00not marshal")
    monkeypatch.setattr(grammar, "_PARSED", {})
    assert grammar.load_table("kinds.yaml") == expected
    assert path.read_bytes() != b"\x00not marshal"  # written again
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # its bank-kg folder cannot be made
    monkeypatch.setattr(grammar, "_PARSED", {})
    assert grammar.load_table("kinds.yaml") == expected


def test_a_table_marshal_cannot_hold_is_parsed_every_time(tmp_path, monkeypatch):
    import datetime

    dated = {"as_of": datetime.date(2024, 12, 31)}  # YAML reads dates; marshal cannot hold one
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(grammar, "_PARSED", {})
    monkeypatch.setattr(grammar, "_yaml", lambda data: dict(dated))
    assert grammar.load_table("units.yaml") == dated
    assert not list((tmp_path / "bank-kg").glob("rules-*"))
    assert grammar._PARSED == {}


WORD_LISTS = [
    # names sharing openings, a word inside a longer one, Latin words of both cases
    ["星河银行", "星河", "星河证券", "星河银行卡", "河銀", "Abc", "abcd", "ABX", "e钱包", "k线宝"],
    ["鑫福寶", "鑫福", "福寶", "寶", "薪享通", "薪享", "Sky", "skyline", "Line"],
    ["云闪付", "闪付", "付"],
]
WORD_TEXTS = [
    "星河银行卡与星河证券、星河，ABCD 和 abx；e钱包、E钱包、K线宝及\u212a线宝。",
    "鑫福寶福寶寶薪享通Skyline SKY line，鑫福，寶寶。",
    "云闪付闪付付云",
    "",
    "no word here",
]


@pytest.mark.parametrize("words", WORD_LISTS)
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_word_search_finds_what_the_alternation_finds(words, flags):
    """From every place of each text: the same match (place and length) as the flat
    alternation, whether ``pos`` grows as a scan makes it or goes back."""
    flat = re.compile(grammar.alternation(words), flags)
    search = grammar.WordSearch(words, flags)
    for text in WORD_TEXTS:
        find = search.finder(text)
        places = list(range(len(text) + 1))
        for pos in places + places[::-1] + places[::3]:
            a, b = flat.search(text, pos), find(pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


def test_word_search_keeps_the_alternation_for_other_cased_letters():
    search = grammar.WordSearch(["Éclair", "星河"], re.IGNORECASE)
    assert len(search.parts) == 1
    assert search.finder("éclair 星河")(0).group(0) == "éclair"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="skiKSIab星河", min_size=1, max_size=4), min_size=1, max_size=6),
    st.text(alphabet="skiKSIab星河\u212a\u017f\u0130\u0131 ，", max_size=20),
)
def test_word_search_tries_latin_words_where_their_first_letters_are(words, text):
    """Words opening with a letter, case ignored, tried only where one of their first
    letters is (as the flags read it: the Kelvin sign is k, the long s is s, dotted and
    dotless i): the match the flat alternation finds from every place (hypothesis)."""
    flat = re.compile(grammar.alternation(words), re.IGNORECASE)
    find = grammar.WordSearch(words, re.IGNORECASE).finder(text)
    for pos in range(len(text) + 1):
        a, b = flat.search(text, pos), find(pos)
        assert (a and a.span()) == (b and b.span()), (words, text, pos)


CUED_PATTERNS = [
    r"([\u4e00-\u9fff]{2,4}(?:[、和及与][\u4e00-\u9fff]{2,4})*[、和及与][\u4e00-\u9fff]{2,12})",
    r"([\u4e00-\u9fff]{2,3}?)(地区|[两三四]地)",
    r"(?<![A-Za-z])(?:APP|App|app)(?![A-Za-z])",
    r"(?:(?<=[\u4e00-\u9fff])[Vv])?\d{1,2}\.\d{1,2}(?:[A-Za-z]{1,3})?",
    r"(?:自|从)?(?:\d{4}年|年初|今年)以来",
    r"(?:今年|本年)?上半年",
    r"(?<![上去年\d])(?:年末|年底)",
    r"[^，。]{0,3}?(?:行|银)",
    r"(?:[a-z]|行){1,3}?和?行",
    r"(?=([一-鿿]{2})([一-鿿A-Za-z]{0,3}?)(App|地区|行|银))",  # a lookahead alone
    r"全年|(?<![一二两三\d])年内",  # a branch opening with a lookbehind: cued at its start
    r"同比|(?:比|较)(?:上年|去年)同期",
    r"(?:第)?(?P<q>[一二三四])季度(?P<end>末)?",
    r"(?:^|(?<=[。，]))[^，。]{1,4}?是",
    r"(?<![A-Za-z0-9])[A-Z]?[a-z]+[A-Z][A-Za-z]*\+?(?![A-Za-z0-9])",  # Latin letters: a cue
]
CUE_TEXT_MORE = "同比较上年去年同期第一二三四季度是全内aZbE+"
CUE_TEXT = st.text(
    alphabet="北京上海地区两地三和及与、行银年末底今本上半自从以来2024.5V7App ，。" + CUE_TEXT_MORE,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CUED_PATTERNS), CUE_TEXT)
def test_cued_finditer_finds_what_finditer_finds(pattern, text):
    """A pattern tried only where a cue character is in reach finds the matches (places,
    groups) finditer finds, for patterns opening with a class, an optional word, a
    lookbehind, a lazy run, an alternation (hypothesis)."""
    compiled = re.compile(pattern)
    assert grammar.cue(compiled) is not None
    expected = [(m.span(), m.groups()) for m in compiled.finditer(text)]
    assert [(m.span(), m.groups()) for m in grammar.cued_finditer(compiled, text)] == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"行(?:长|业)",  # opens with a character: the engine skips to it
        r"^[一-鿿]{2}行",  # an anchor
        r"[一-鿿]+行",  # no bound before the cue
        r"[一-鿿]{2}(?:行)?",  # the rest may be empty
        r"[一-鿿]{2}[一-鿿]",  # a class of ranges
        r"(?:比|较)(?:上年|去年)",  # each branch opens with a character: the engine skips
        r"[比较](?:上年|去年)",  # a class first: the engine skips
    ],
)
def test_patterns_without_a_cue_are_searched_as_before(pattern):
    compiled = re.compile(pattern)
    assert grammar.cue(compiled) is None
    text = "北京分行行长与上海分行"
    assert [m.span() for m in grammar.cued_finditer(compiled, text)] == [
        m.span() for m in compiled.finditer(text)
    ]
    assert grammar.cue(re.compile(r"[一-鿿]{2}(?:行|Bank)", re.IGNORECASE)) is None


def test_the_rules_whole_text_patterns_have_cues():
    """The region lists and areas, app words, version numbers and the document's brands
    (a lookahead) of the entity rules and the figures' optional-word dates are tried
    where their cue characters are."""
    from kg.entities import load_rules
    from kg.figures import load_rules as figure_rules

    rules = load_rules()
    whole_text = (rules.region_list, rules.region_area, rules.app_words, rules.version_number)
    whole_text += (rules.latin_product,)
    for pattern in (*whole_text, rules.document_brand.name):
        assert grammar.cue(pattern) is not None
    assert any(grammar.cue(r.pattern) is not None for r in figure_rules().temporal)
