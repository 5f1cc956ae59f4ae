"""Limits checked before work (issue 14, defect 2): a document over the size limit is
refused by name while the others build, one over spaCy's own max_length is analysed,
a bad --base-iri is refused before any analysis, a 30-digit figure kills nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import limits
from kg.cli import main
from kg.documents import read_documents
from kg.iris import IriError, check_base_iri
from kg.models import Document

TEXT = "2024年末，本行手机银行客户数达到1.2亿户，比上年末增长8%。\n"


def test_a_document_over_the_limit_is_refused_by_name(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_CHARS", 100)
    (tmp_path / "long.txt").write_text(TEXT * 10, encoding="utf-8")
    (tmp_path / "short.txt").write_text(TEXT, encoding="utf-8")
    result = read_documents([tmp_path])
    assert [d.name for d in result.documents] == ["short.txt"]
    assert result.failures == (
        f"{tmp_path / 'long.txt'}: {len(TEXT) * 10:,} characters, more than the 100 a "
        "document may have; split it into parts",
    )


def test_a_document_over_the_limit_is_refused_before_any_work_on_it(tmp_path: Path, monkeypatch):
    """A 30 MB text took two minutes and 2 GB to be refused: its date and bank were inferred
    (the whole text normalised) first. Now nothing reads it past the decoding."""

    def boom(text: str) -> None:
        raise AssertionError("inference ran on a document over the limit")

    monkeypatch.setattr(limits, "MAX_DOCUMENT_CHARS", 100)
    monkeypatch.setattr("kg.dates.infer_reference_date", boom)
    monkeypatch.setattr("kg.banks.infer_bank", boom)
    monkeypatch.setattr("kg.normalize.script_of", boom)
    (tmp_path / "long.txt").write_text(TEXT * 10, encoding="utf-8")
    result = read_documents([tmp_path])
    assert result.documents == ()
    assert result.failures == (
        f"{tmp_path / 'long.txt'}: {len(TEXT) * 10:,} characters, more than the 100 a "
        "document may have; split it into parts",
    )


def test_a_file_over_the_byte_limit_is_not_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 50)
    (tmp_path / "big.txt").write_text(TEXT * 3, encoding="utf-8")
    result = read_documents([tmp_path])
    assert result.documents == ()
    assert result.failures[0].startswith(f"{tmp_path / 'big.txt'}: ")
    assert "more than the 50 a document may have" in result.failures[0]


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".PDF"])
def test_a_pdf_or_word_file_is_held_to_its_own_byte_limit(tmp_path: Path, monkeypatch, suffix):
    """A report's PDF is mostly pictures: over the text files' limit it is still read (its
    text is held to the character limit), and only past the container limit refused."""
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 50)
    monkeypatch.setattr(limits, "MAX_CONTAINER_BYTES", 500)
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"%" * 100)
    limits.check_file(path)
    path.write_bytes(b"%" * 600)
    with pytest.raises(limits.LimitError, match="more than the 500 a document may have"):
        limits.check_file(path)


def test_a_document_longer_than_spacys_max_length_is_analysed(nlp, monkeypatch):
    from kg.nlp import analyse

    text = TEXT * 40
    monkeypatch.setattr(nlp, "max_length", 100)
    doc = analyse(nlp, Document("x.txt", Path("x.txt"), text, "utf-8", "0" * 64))
    assert doc.text == text.rstrip("\n")
    assert len(doc._.kg_observations) == 80


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("https://e.org/kg#", "a base IRI cannot hold '#'"),
        ("https://e.org/kg?x=1", "a base IRI cannot hold '?'"),
        ("ftp://e.org/kg/", "not an absolute http(s) IRI"),
        ("e.org/kg/", "not an absolute http(s) IRI"),
        ("https://e.org/k g/", "' ' cannot appear in an IRI"),
        ("https://e.org/<kg>/", "'<' cannot appear in an IRI"),
    ],
    ids=["fragment", "query", "scheme", "relative", "space", "angle"],
)
def test_a_bad_base_iri_is_refused(base, message):
    with pytest.raises(IriError, match=re.escape(message)):
        check_base_iri(base)


def test_good_base_iris_pass():
    for base in ("https://e.org/kg/", "http://e.org/kg", "https://例子.org/图谱/"):
        assert check_base_iri(base) == base


def test_a_bad_base_iri_stops_the_build_before_reading(tmp_path: Path, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("analysis started")

    monkeypatch.setattr("kg.pipeline.build", boom)
    result = CliRunner().invoke(
        main,
        ["build", "--input", "seeds", "--out", str(tmp_path), "--base-iri", "https://e.org/kg#"],
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: --base-iri 'https://e.org/kg#': a base IRI cannot hold '#'; instances are "
        "minted under it as BASE/id/KIND/NAME (e.g. https://e.org/kg/) (see 'main build --help')"
    ]
    assert not (tmp_path / "graph.ttl").exists()


def test_a_thirty_digit_figure_kills_nothing(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "2024年末，本行贷款余额123456789012345678901234567890亿元。\n" + TEXT, encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        ["build", "--input", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--no-validate"],
    )
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert (tmp_path / "o" / "graph.ttl").exists()


# A sentence over MAX_SENTENCE_CHARS (issue 14, "sentence length"): cut at its clause marks,
# or, where it has none, elsewhere with a review item; the build goes on.

CLAUSES = {
    "simplified": "本行手机银行客户数达到1.2亿户，信用卡客户数达到3亿户，理财产品规模达到1.5万亿元",
    "traditional": "本行手機銀行客戶數達到1.2億戶，信用卡客戶數達到3億戶，理財產品規模達到1.5萬億元",
}


def _figures(doc) -> list[tuple[str, object]]:
    return [(o.raw, o.value) for o in doc._.kg_observations]


def _spans(doc) -> list[tuple[str, object, int, int]]:
    return [(o.raw, o.value, o.span.start, o.span.end) for o in doc._.kg_observations]


@pytest.mark.parametrize("script", sorted(CLAUSES))
def test_a_long_sentence_is_cut_at_its_clause_marks_and_loses_nothing(
    analyse_text, monkeypatch, script
):
    text = "2024年末，" + CLAUSES[script] + "。"
    whole = analyse_text(text)
    monkeypatch.setattr(limits, "MAX_SENTENCE_CHARS", 25)
    cut = analyse_text(text)
    assert [s.text for s in cut._.kg_context.sentences] == [
        "2024年末，" + CLAUSES[script].split("，")[0] + "，",
        CLAUSES[script].split("，")[1] + "，",
        CLAUSES[script].split("，")[2] + "。",
    ]
    assert [c for c in cut._.kg_candidates if c.rule.startswith("read.cut")] == []
    assert _figures(cut) == _figures(whole) and len(_figures(cut)) == 3


@pytest.mark.parametrize("script", sorted(CLAUSES))
def test_a_sentence_without_clause_marks_is_cut_between_words_and_reviewed(
    analyse_text, monkeypatch, script
):
    text = "2024年末" + CLAUSES[script].replace("，", "") + "。"
    whole = analyse_text(text)
    monkeypatch.setattr(limits, "MAX_SENTENCE_CHARS", 25)
    doc = analyse_text(text)
    sentences = [s.text for s in doc._.kg_context.sentences]
    assert "".join(sentences) == text and [len(s) <= 25 for s in sentences] == [True, True]
    (cut,) = [c for c in doc._.kg_candidates if c.rule.startswith("read.cut")]
    at = doc._.kg_context.sentences[0].end
    assert (cut.start, cut.end) == (at - 20, at + 20)
    assert (cut.name, cut.kind_guess, cut.rule, cut.doc, cut.page) == (
        text[at - 20 : at + 20],
        "Sentence",
        "read.cut.sentence",
        "t.txt",
        None,
    )
    assert cut.sentence_text == text[at - 20 : at + 20]
    assert cut.reason == (
        "a sentence ran 25 characters without a clause mark (，、：；); cut here between "
        "two words (kg/limits.py MAX_SENTENCE_CHARS): a fact that runs across the cut is "
        "not read"
    )
    # the figures of each piece are read as in the whole sentence; the one whose evidence
    # (信用卡|客户数达到3亿户) runs across the cut is held in the review queue, not lost
    across = [f for f in _spans(whole) if f[2] < at < f[3]]
    assert len(_spans(whole)) == 3 and len(across) == 1
    assert _spans(doc) == [f for f in _spans(whole) if f not in across]
    held = [c for c in doc._.kg_candidates if c.rule == "review.span.cross_sentence"]
    assert [(c.start, c.end, c.kind_guess) for c in held] == [(*across[0][2:], "Observation")]


def test_a_build_of_text_without_punctuation_goes_on_and_lists_its_cuts(tmp_path: Path):
    """At the real limit: 12,000 characters without one punctuation mark build, the cuts
    are in the review queue with their reason, and the short document beside it too."""
    folder = tmp_path / "in"
    folder.mkdir()
    plain = ("本行手机银行客户数持续增长服务覆盖全国各地城乡居民" * 500)[:12_000]
    (folder / "plain.txt").write_text(plain, encoding="utf-8")
    (folder / "short.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--input",
            str(folder),
            "--out",
            str(tmp_path / "o"),
            "--no-validate",
            "--workers",
            "1",
            "--no-cache",
            "--reference-date",
            "2024-12-31",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output + result.stderr
    import csv

    with open(tmp_path / "o" / "candidates.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["rule"] == "read.cut.sentence"]
    cuts = sum(int(r["count"]) for r in rows)
    assert cuts == 2  # 12,000 characters in pieces of at most 5,000
    for r in rows:
        assert r["docs"] == "plain.txt" and r["kind_guess"] == "Sentence"
        assert int(r["end"]) - int(r["start"]) == 40
        assert plain[int(r["start"]) : int(r["end"])] == r["example_sentence"]
        assert "cut here between two words" in r["reason"]
    assert "short.txt" in (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")
