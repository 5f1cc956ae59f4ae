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
