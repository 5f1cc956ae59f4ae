"""Decoding: whether decoded bytes read as the text of a report."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.decoding import _looks_like_text, _plausible


def _looks_like_text_char_by_char(text: str) -> bool:
    """The judgement made one character at a time, as it was first written."""
    if not text.strip():
        return False
    sample = text[:20000]
    return sum(1 for ch in sample if _plausible(ch)) >= 0.9 * len(sample)


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3FFFF), max_size=400))
def test_each_distinct_character_judged_once_gives_the_same_answer(text):
    assert _looks_like_text(text) == _looks_like_text_char_by_char(text)


@given(
    st.lists(
        st.sampled_from(["本行", "手機銀行", "客户", "1,234", "。", "\x07", "\ue000", "\u0378"])
    )
)
def test_the_same_answer_on_report_like_runs(parts):
    text = "".join(parts)
    assert _looks_like_text(text) == _looks_like_text_char_by_char(text)


def test_report_text_and_control_bytes():
    assert _looks_like_text("本行手機銀行客户数达到1,234万户。\n")
    assert not _looks_like_text("\x07\x08\x0e" * 100 + "本行")
    assert not _looks_like_text("   \n")
