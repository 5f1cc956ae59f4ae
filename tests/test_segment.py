"""kg.segment: one dictionary pass gives exactly what jieba.cut and jieba.posseg.cut give."""

from __future__ import annotations

from itertools import pairwise

import jieba
import jieba.posseg
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.normalize import make_view
from kg.segment import compact, pos_words, segment

TEXTS = [
    "加大工銀 e錢包推廣力度，惠農貸覆蓋縣域客戶。",
    "推出鑫福寶和薪享通，服务新市民与银发族客群。",
    "数智化账户流失预警模型拦截风险交易超3.6亿笔，同比增长12.5%。",
    "厦门软件园支行倾力服务科创企业，打造“科创e站”。",
    "B2B-跨境电商平台上线；ICBC PAY 覆盖 28 个国家和地区\n营 销 体 系持续完善",
    "鑫福寶鑫福寶鑫福寶：郵儲好借、郵儲好借、犇骉羴 e 生活 C++ #1 & 5G_v2.0",
    "",
    "   \n\t",
]


def _jieba(view: str) -> tuple[list[str], tuple[tuple[int, int, str], ...]]:
    """What the two jieba calls give: the tokens of the view, and posseg's words of its
    compact text, each placed after the one before, in view offsets."""
    tokens = [w for w in jieba.cut(view, cut_all=False) if w]
    plain, keep, _ = compact(view)
    tagged, pos = [], 0
    for word, flag in jieba.posseg.cut(plain, HMM=True):
        k = plain.find(word, pos)
        if k < 0:
            continue
        tagged.append((keep[k], keep[k + len(word) - 1] + 1, flag))
        pos = k + len(word)
    return tokens, tuple(tagged)


@pytest.mark.parametrize(
    "text",
    TEXTS,
    ids=["hant-blank", "oov-names", "percent", "quote", "dash-blanks", "repeats", "empty", "blank"],
)
def test_segment_is_jieba_cut_and_posseg(text):
    view = make_view(text).text
    tokens, tagged = segment(view)
    assert (tokens, tagged) == _jieba(view)
    assert "".join(tokens) == view


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "seeds").glob("*.txt")))
def test_segment_of_the_seeds(name):
    view = make_view((ROOT / "seeds" / name).read_text("utf-8")).text
    assert segment(view) == _jieba(view)


def test_pos_words_of_compact_text():
    plain, _, _ = compact(TEXTS[0])
    expected = [(w, f) for w, f in jieba.posseg.cut(plain, HMM=True)]
    assert [(plain[s:e], t) for s, e, t in pos_words(plain)] == expected


def test_tokenizer_leaves_the_tagged_words(nlp):
    """The pipeline's tokenizer gives jieba's tokens and leaves posseg's words for kg_pos."""
    view = make_view(TEXTS[2]).text
    doc = nlp.make_doc(view)
    tokens, tagged = _jieba(view)
    assert [t.text for t in doc] == tokens
    assert doc._.kg_pos == tagged


def test_pipeline_loads_jiebas_tables_before_workers_fork():
    """Loaded with the pipeline, in the process that forks the workers (they inherit
    them), not at the first document."""
    from kg import segment
    from kg.nlp import build_nlp

    segment._tables.cache_clear()
    build_nlp()
    assert segment._tables.cache_info().currsize == 1


def test_report_words_are_words_with_their_tags():
    """kg/rules/words.yaml's words reach both cuts with their part of speech: jieba's
    dictionary lacks 可持续 and 客群 and would cut 可/持续, 车/主客/群."""
    from kg.segment import pos_words, segment

    text = "推出可持续发展贷款，服务车主客群"
    words, tagged = segment(text)
    assert "可持续" in words and "客群" in words and "车主" in words
    tags = {text[s:e]: t for s, e, t in pos_words(text)}
    assert tags["可持续"] == "b" and tags["客群"] == "n"
    assert {text[s:e]: t for s, e, t in tagged} == tags


def test_route_is_jiebas_calc_of_its_dag():
    """Every block of the seeds (and the composed texts): the one-pass route is jieba's
    ``calc(block, get_DAG(block))``, the same sums and the same choices (its list has an
    entry per position, as jieba's dict has)."""
    import re
    from math import log

    from kg.segment import _route, _tables

    tables = _tables()
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] + TEXTS
    blocks = {b for text in texts for b in re.split(r"[^\u4e00-\u9fffA-Za-z0-9]+", text) if b}
    assert len(blocks) > 1000
    for block in blocks:
        expected: dict = {}
        tables.dt.calc(block, tables.dt.get_DAG(block), expected)
        route = _route(block, tables.freq, log(tables.dt.total))
        assert dict(enumerate(route)) == expected, block


ROUTE_TEXTS = [
    "本行持续完善普惠金融服务体系，小微企业贷款余额较上年末增长两成",
    "本行持續完善普惠金融服務體系，小微企業貸款餘額較上年末增長兩成",
    "中华人民共和国国务院关于进一步加强金融监管的若干意见",
    "一万二千五百余吨货物经由中欧班列运抵杜伊斯堡",
    "犇骉羴鱻麤靐龘与车主客群的可持续发展挂钩贷款",
    "总行级分行级支行级碳中和碳达峰客群",
    "B2B跨境电商平台e生活5G手机银行10",
    "的的的的的的的的的的的的的的的的的的的的",
    "研究生命起源长江大桥南京市长江大桥结婚的和尚未结婚的",
    "甲",
]


def test_compiled_route_is_jiebas():
    """jieba-next's compiled route (the one segment uses where its wheel installs) is
    jieba's own calc of its DAG at every position, on texts of both scripts with words
    the dictionary lacks, report words added to it, Latin letters and digits, and one
    character repeated (the longest run of equal scores)."""
    from jieba_next.jieba_next_rust import PrefixDict

    from kg.segment import _tables

    tables = _tables()
    compiled = PrefixDict(tables.freq, float(tables.dt.total))
    for text in ROUTE_TEXTS:
        expected: dict = {}
        tables.dt.calc(text, tables.dt.get_DAG(text), expected)
        ends = [expected[k][1] for k in range(len(text))]
        assert compiled.get_dag_and_calc(text)[: len(text)] == ends, text
        assert tables.route(text)[: len(text)] == ends, text


def test_route_without_the_compiled_one(monkeypatch):
    """Where jieba-next's wheel does not install, the route is worked out in Python, the
    same at every position."""
    import sys
    from math import log

    from kg.segment import _route, _router, _tables

    tables = _tables()
    monkeypatch.setitem(sys.modules, "jieba_next.jieba_next_rust", None)
    route = _router(tables.freq, tables.dt.total)
    for text in ROUTE_TEXTS:
        expected = [x for _, x in _route(text, tables.freq, log(tables.dt.total))]
        assert route(text) == expected == tables.route(text), text


def test_compiled_route_sees_every_word_of_the_dictionary():
    """The compiled route keeps at most ROUTE_MAX_ENDS words starting at one place: as
    many as jieba's DAG while no word of the loaded dictionary (the report words
    included) begins with more words than that."""
    from kg.segment import ROUTE_MAX_ENDS, _tables

    freq = _tables().freq
    most = max(
        sum(1 for i in range(1, len(word) + 1) if freq.get(word[:i]))
        for word, count in freq.items()
        if count
    )
    assert most <= ROUTE_MAX_ENDS


def _compact_by_character(view: str) -> tuple[str, tuple[int, ...], frozenset[int]]:
    """compact() as it was written before, one character at a time: the reference."""
    blanks = " \t\u3000\xa0"
    keep: list[int] = []
    blank_before: set[int] = set()
    n = len(view)
    for i, ch in enumerate(view):
        if ch in blanks:
            j = i - 1
            while j >= 0 and view[j] in blanks:
                j -= 1
            k = i + 1
            while k < n and view[k] in blanks:
                k += 1
            prev = view[j] if j >= 0 else ""
            nxt = view[k] if k < n else ""
            if not (prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum()):
                blank_before.add(len(keep))
                continue
        keep.append(i)
    return "".join(view[i] for i in keep), tuple(keep), frozenset(blank_before)


@pytest.mark.parametrize(
    "view",
    [
        "招商 e 钱包与 ICBC  PAY 上线，营 销\t活动 2025 年 \u3000 开展",
        "  開頭的空白與結尾的空白  ",
        "A B\u3000\xa0C 中 D",
        "沒有空白",
        "",
        " \t ",
        "x 1\n 2 y",
    ],
    ids=["simplified", "traditional", "latin-runs", "no-blanks", "empty", "only-blanks", "newline"],
)
def test_compact_decides_each_run_of_blanks_as_each_blank_was(view):
    """Blanks are dropped or kept a run at a time, by the characters either side of the
    run: the same text, offsets and drop places as deciding blank by blank."""
    assert compact(view) == _compact_by_character(view)


def test_viterbi_with_shared_steps_is_jiebas():
    """Each character's step, kept across runs (and documents) by the model, gives what
    jieba's Viterbi gives, on the first run that meets a character and on later ones;
    simplified and traditional runs (traditional characters are not in posseg's state
    table: every state is possible), a Latin letter, a character repeated (equal scores
    to break), and a run whose characters' states cannot follow one another (乇 then 厝:
    jieba then lets the second take any state that follows)."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    from kg.segment import _PossegHmm, _viterbi

    runs = [
        "瑞福宝金卡",
        "瑞福寶金卡",
        "锦鲤贷乐享",
        "錦鯉貸樂享",
        "瑞鲤享福",
        "乐乐乐",
        "x",
        "e钱",
        "𠮷野家",
        "乇厝",
    ]
    hmm = _PossegHmm(char_state_tab_P, start_P, trans_P, emit_P)
    for _ in range(2):
        for run_ in runs:
            expected = viterbi(run_, char_state_tab_P, start_P, trans_P, emit_P)
            assert _viterbi(run_, hmm) == expected, run_
    assert hmm.steps and hmm.every  # filled on the first pass, read on the second


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="瑞福宝寶金卡锦鲤贷貸乐樂享钱錢的了是在x9犇骉羴乇厝", min_size=1, max_size=9)
)
def test_viterbi_is_jiebas_on_any_run(run_):
    """Any run of characters, common and rare, simplified and traditional: the same
    score and the same states as jieba's Viterbi."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    from kg.segment import _tables, _viterbi

    expected = viterbi(run_, char_state_tab_P, start_P, trans_P, emit_P)
    assert _viterbi(run_, _tables().hmm) == expected


FINALSEG_RUNS = [
    "瑞福宝金卡",
    "瑞福寶金卡乐享",
    "锦鲤贷e钱包2.5%",
    "犇骉羴鱻",
    "x",
    "乐乐乐乐",
    "ab12.5%犇-骉_羴",
]


@pytest.mark.parametrize("run_", FINALSEG_RUNS)
def test_finalseg_cut_is_jiebas(run_):
    """jieba.cut's HMM for a run the dictionary lacks, its Viterbi unrolled over four
    states: jieba.finalseg.cut's words, both scripts, rare characters, Latin letters and
    numbers between Han, one character repeated (equal scores to break)."""
    import jieba.finalseg

    from kg.segment import _Finalseg

    assert _Finalseg(jieba.finalseg).cut(run_) == list(jieba.finalseg.cut(run_))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="瑞福宝寶金卡锦鲤贷貸乐樂享钱錢的了是在犇骉羴 x9.%-", min_size=1, max_size=12)
)
def test_finalseg_cut_is_jiebas_on_any_run(run_):
    import jieba.finalseg

    from kg.segment import _tables

    assert _tables().hmm_cut(run_) == list(jieba.finalseg.cut(run_))


def test_compact_keeps_the_last_views_and_no_other():
    """The tokenizer and the recogniser ask for the same view's compact text: the second
    gets the first's; another view gets its own, and the first is then made again."""
    a, b = "工银 e钱包 推广", "營 銷 體 系"
    first = compact(a)
    assert compact(a) is first
    assert compact(b) == _compact_by_character(b)
    assert compact(a) == first and compact(a) == _compact_by_character(a)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab9.Z-_ #+%，。银行e贷5G", max_size=24))
def test_pos_words_of_latin_digits_and_marks_are_posseg(text):
    """Pieces of Latin letters, digits and marks tagged as jieba.posseg tags them: a
    number m, else eng where the whole piece is Latin letters and digits, else x (the
    piece's test asked once for all its characters)."""
    expected = [(w, f) for w, f in jieba.posseg.cut(text, HMM=True)]
    assert [(text[s:e], t) for s, e, t in pos_words(text)] == expected


def _offsets_by_find(text, tagged, keep=None):
    """segment._offsets as it was: each word found from the end of the one before."""
    out, pos = [], 0
    for word, flag in tagged:
        k = pos if text.startswith(word, pos) else text.find(word, pos)
        if k < 0:
            continue
        pos = k + len(word)
        out.append((k, pos, flag))
    if keep is None:
        return tuple(out)
    return tuple((keep[s], keep[e - 1] + 1, flag) for s, e, flag in out)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="银行客户贷款e 1", min_size=0, max_size=20), st.data())
def test_offsets_of_words_that_tile_the_text_are_running_sums(text, data):
    """Words that make up the whole text are placed by the running sum of their lengths,
    words with characters left out (as posseg's Viterbi may) found one after the other:
    the places finding each word gave, in the text's offsets and through ``keep``."""
    from kg.segment import _offsets

    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=8)))
    bounds = [0, *[c for c in cuts if c < len(text)], len(text)]
    words = [text[a:b] for a, b in pairwise(bounds) if b > a]
    tagged = [(w, "n" if k % 2 else "v") for k, w in enumerate(words)]
    keep = tuple(range(0, 2 * len(text), 2))
    assert _offsets(text, tagged) == _offsets_by_find(text, tagged)
    assert _offsets(text, tagged, keep) == _offsets_by_find(text, tagged, keep)
    dropped = data.draw(st.lists(st.integers(0, max(0, len(tagged) - 1)), max_size=3))
    fewer = [t for k, t in enumerate(tagged) if k not in dropped]
    assert _offsets(text, fewer) == _offsets_by_find(text, fewer)
    assert _offsets(text, fewer, keep) == _offsets_by_find(text, fewer, keep)


@pytest.mark.parametrize("view", TEXTS, ids=range(len(TEXTS)))
def test_segments_words_as_columns_are_its_words(view):
    """The columns segment() keeps of its tagged words (they make up the compact text)
    are those words: their compact and view places and tags, their strings; the compact
    words asked of them are those finding each word gives."""
    from kg.segment import _Segmenter, compact_words, words_columns

    words = segment(view)[1]
    text = compact(view)[0]
    cols = words_columns(words)
    assert cols is not None
    assert list(zip(cols.view_starts, cols.view_ends, cols.flags, strict=True)) == list(words)
    assert [text[s:e] for s, e in zip(cols.starts, cols.ends, strict=True)] == list(cols.texts)
    assert "".join(cols.texts) == text
    by_find = _offsets_by_find(text, _Segmenter().tagged(text))
    assert compact_words(words) == list(by_find)
    copy = tuple(list(words))
    if words:  # (an empty tuple is the one empty tuple)
        assert words_columns(copy) is None and compact_words(copy) is None


def test_words_with_characters_left_out_have_no_columns():
    """Words that leave characters of the text out are found one after the other, in
    compact offsets as before, and have no columns."""
    from kg.segment import _offsets, compact_words, words_columns

    text = "银行客户贷款"
    tagged = [("银行", "n"), ("贷款", "n")]
    keep = tuple(range(0, 2 * len(text), 2))
    words = _offsets(text, tagged, keep)
    assert words == _offsets_by_find(text, tagged, keep)
    assert words_columns(words) is None
    assert compact_words(words) == list(_offsets_by_find(text, tagged))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="银行貸款 \t\r\n，。abZ09+#&._%-", max_size=30))
def test_split_pieces_found_are_every_other_part(text):
    """jieba's block and blank patterns (one group each, no anchor or lookaround, never
    empty) split a text into parts whose odd places are the pieces they found and whose
    even places they do not match: what words() and tagged_columns() read the places
    for, instead of matching each part again."""
    from kg.segment import _split_patterns, _splits_alternately, _tables

    for pattern in _split_patterns(_tables()):
        assert _splits_alternately(pattern)
        parts = pattern.split(text)
        assert [bool(pattern.match(p)) for p in parts] == [k % 2 == 1 for k in range(len(parts))]


@pytest.mark.parametrize(
    "pattern",
    [r"(a|^b)", r"(a*)", r"a(b)", r"((?<=x)y)", r"(a)(b)", r"(a\1)", r"(?:a)"],
)
def test_patterns_not_splitting_alternately_are_told(pattern):
    """An anchor, a lookaround, an empty match, a part outside the group, two groups, a
    back reference or no group: not read by places (the tables refuse such a pattern)."""
    import re

    from kg.segment import _splits_alternately

    try:
        compiled = re.compile(pattern)
    except re.error:
        return
    assert not _splits_alternately(compiled)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="银行貸款客户 \t\r\n，。abZ09+#&._%-鑫犇骉", max_size=30))
def test_words_are_never_empty(text):
    """segment() takes jieba.cut's words as words() makes them: none is empty (the empty
    ones jieba.cut may give, spaCy's tokenizer leaves out), and they are jieba's."""
    from kg.segment import _Segmenter

    words = _Segmenter().words(text)
    assert all(words)
    assert words == [w for w in jieba.cut(text, cut_all=False, HMM=True) if w]


@pytest.mark.parametrize("view", TEXTS[:2], ids=["traditional", "simplified"])
def test_segments_words_read_as_the_tuple_of_them(view):
    """segment()'s tagged words, kept as columns (no triple made per word unless read),
    read as the tuple of (start, end, tag) in view offsets: length, order, items, slices,
    equality either way round and hash; equal to another segment() of the view."""
    from kg.segment import WordColumns

    words = segment(view)[1]
    assert isinstance(words, WordColumns)
    expected = tuple(zip(words.view_starts, words.view_ends, words.flags, strict=True))
    assert len(words) == len(expected) and tuple(words) == expected
    assert [words[k] for k in range(len(words))] == list(expected)
    assert words[-1] == expected[-1] and words[1:4] == expected[1:4] and words[::2] == expected[::2]
    assert words == expected and expected == words and hash(words) == hash(expected)
    assert words != list(expected) and words == segment(view)[1]
    assert repr(words) == repr(expected)
