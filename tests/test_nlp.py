"""The spaCy pipeline's own components (kg.nlp)."""

from __future__ import annotations

import pytest

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
