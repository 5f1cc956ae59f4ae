"""The spaCy pipeline's own components (kg.nlp)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp import analyse, token_spans
from tests.conftest import make_document

TEXTS = [
    "本行全年新增绿色贷款 1,234.5 亿元，较上年增长 12.3%。\n\n  零售客户数达到 8,000 万户。",
    "本行全年新增綠色貸款1,234.5億元，較上年增長12.3%。ABC Bank 於　香港設立分行。",
    "",
]


@pytest.mark.parametrize("text", TEXTS, ids=["simplified", "traditional", "empty"])
def test_token_spans_are_each_tokens_offsets(nlp, text):
    """The tokens' (start, end) read from one array are each Token's idx and length,
    white space, Latin words and full-width spaces included."""
    doc = nlp.make_doc(text)
    assert token_spans(doc) == tuple((t.idx, t.idx + len(t.text)) for t in doc)


@pytest.mark.parametrize("text", TEXTS[:2], ids=["simplified", "traditional"])
def test_components_read_the_tokens_they_read_before(nlp, text):
    """kg_pos tags each token by its first character's word, kg_sentences starts a
    sentence at each bound and keeps every token's offsets in the context."""
    doc = analyse(nlp, make_document(text, name="token-spans.txt"))
    ctx = doc._.kg_context
    assert ctx.tokens == tuple((t.idx, t.idx + len(t.text)) for t in doc)
    tag_at = {}
    for s, e, tag in doc._.kg_pos:
        for i in range(s, e):
            tag_at[i] = tag
    assert [t.tag_ for t in doc] == [tag_at.get(t.idx, "") for t in doc]
    starts = {s for s, _ in ctx.sentence_bounds}
    assert [t.is_sent_start for t in doc] == [t.i == 0 or t.idx in starts for t in doc]


@pytest.mark.parametrize(
    "text",
    [
        "本行  全年新增\t绿色贷款 1,234.5 亿元。 ",
        "  綠色貸款\n\n餘額 ABC Bank　香港 ",
        "无空白的一句话",
        " ",
    ],
    ids=["simplified", "traditional", "no-blanks", "one-blank"],
)
def test_words_and_spaces_are_spacys(text):
    """The tokenizer's words and spaces are what spaCy's get_words_and_spaces gives for
    jieba's words of the text (white space, tabs, line breaks and full-width spaces),
    found without copying the rest of the text for each word."""
    from spacy.util import get_words_and_spaces

    from kg.nlp import words_and_spaces
    from kg.segment import segment

    words = segment(text)[0]
    assert words_and_spaces(words, text) == get_words_and_spaces(words, text)
    with pytest.raises(ValueError):
        words_and_spaces(["不在", "文中"], text)


_PIECES = [
    "本行",
    "綠色",
    "贷款",
    "a",
    "AB",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u3000",
    "a b",
    " 行",
    "行 ",
    "",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_words_and_spaces_of_words_making_up_the_text_are_spacys(words):
    """Words that make up the text, taken a stretch between blank words at a time: what
    spaCy's get_words_and_spaces gives (and finding each word gave) for any words, blank
    runs at either end or amid, a space after a word, words holding blanks, empty ones."""
    from spacy.util import get_words_and_spaces

    from kg.nlp import _found_words_and_spaces, words_and_spaces

    text = "".join(words)
    try:
        expected = get_words_and_spaces(words, text)
    except ValueError:
        with pytest.raises(ValueError):
            words_and_spaces(words, text)
        return
    assert words_and_spaces(words, text) == expected
    assert _found_words_and_spaces(words, text) == expected


@pytest.mark.parametrize(
    "words",
    [
        ["本行", " ", "全年", "\n", "\n", "新增", " ", " ", "贷款", "。", " "],
        ["  ", "綠色", "\u3000", "貸款", "\t", " ", "餘額", "ABC", " ", "Bank"],
        ["本行", "全年"],
    ],
    ids=["simplified", "traditional", "no-blanks"],
)
def test_words_and_spaces_take_blank_runs_as_spacy_does(words):
    """Own words of both scripts: a run of blanks is one word, its opening space the word
    before's (spaCy's get_words_and_spaces)."""
    from spacy.util import get_words_and_spaces

    from kg.nlp import words_and_spaces

    text = "".join(words)
    assert words_and_spaces(words, text) == get_words_and_spaces(words, text)


def _tags_by_loop(words, starts, ids):
    """What kg_pos did before: each word's tag laid on its characters, one after the
    other, and each start's tag read off them."""
    size = max([e for _, e, _ in words] + [s + 1 for s in starts] + [1])
    tag_at = [""] * (size + 1)
    for s, e, tag in words:
        tag_at[s:e] = [tag] * (e - s)
    return [ids[tag_at[s]] for s in starts]


@pytest.mark.parametrize("text", TEXTS[:2], ids=["simplified", "traditional"])
def test_each_tokens_tag_is_found_for_all_tokens_at_once(text):
    """The tag of the word each token starts in, found for all tokens at once from
    segment()'s words (in order, none overlapping), is the one laying every word's tag on
    its characters gives, for the tokens' own starts and for every position."""
    import numpy

    from kg.nlp import _tags_at
    from kg.segment import segment

    tagged = segment(text)[1]
    ids = {tag: k for k, tag in enumerate(sorted({t for _, _, t in tagged} | {""}))}
    every = numpy.arange(len(text) + 1, dtype="uint64")
    assert _tags_at(tagged, every, ids).tolist() == _tags_by_loop(tagged, every.tolist(), ids)
    holes = tagged[::2]  # words missing between the others: their characters get ""
    assert _tags_at(holes, every, ids).tolist() == _tags_by_loop(holes, every.tolist(), ids)


word_triples = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from(["n", "v", "x", "nr"])),
    max_size=12,
).map(lambda ws: tuple((s, s + n, t) for s, n, t in ws))


@given(word_triples, st.lists(st.integers(0, 40), max_size=20))
def test_tags_at_is_the_loop_whatever_the_words(words, starts):
    """Words in any order, overlapping or empty, are laid as before (a later one over an
    earlier one); in order and apart they are looked up all at once: the same tags."""
    import numpy

    from kg.nlp import _tags_at

    ids = {"": 7, "n": 1, "v": 2, "x": 3, "nr": 4}
    got = _tags_at(words, numpy.array(starts, dtype="uint64"), ids)
    assert got.dtype == numpy.uint64
    assert got.tolist() == _tags_by_loop(words, starts, ids)
    ordered = []
    for s, e, t in sorted(words):
        if e > s and (not ordered or s >= ordered[-1][1]):
            ordered.append((s, e, t))
    got = _tags_at(tuple(ordered), numpy.array(starts, dtype="uint64"), ids)
    assert got.tolist() == _tags_by_loop(ordered, starts, ids)


@pytest.mark.parametrize("text", TEXTS[:2], ids=["simplified", "traditional"])
def test_the_entities_take_segments_own_words(nlp, text, monkeypatch):
    """The entity recogniser of a whole document is given segment()'s tagged words
    themselves (not a copy filtered to the whole view), so that its compact text takes
    them in compact offsets as they were found (as columns: they make up the text)."""
    from kg.entities import text as entity_text

    found = []
    for name in ("compact_words", "words_columns"):
        original = getattr(entity_text, name)

        def recorded(words, original=original, name=name):
            got = original(words)
            found.append((name, got is not None))
            return got

        monkeypatch.setattr(entity_text, name, recorded)
    analyse(nlp, make_document(text, name="own-words.txt"))
    assert found == [("words_columns", True)]
