"""Document identity: two inputs never become one document (issue 14, defect 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.identity import IdentityError, distinct_files, document_names
from kg.iris import doc_slug
from kg.vocab import BKG

TEXT_A = "2024年末，本行手机银行客户数达到1.2亿户，比上年末增长8%。\n"
TEXT_B = "2023年末，本行信用卡发卡量达到5000万张，同比增长3%。\n"


def _touch(path: Path, text: str = TEXT_A) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_alone_keeps_its_name(tmp_path: Path):
    paths = [_touch(tmp_path / "004_x.txt"), _touch(tmp_path / "other.txt")]
    assert document_names(paths) == {paths[0]: "004_x.txt", paths[1]: "other.txt"}


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (["a/report.txt", "b/report.txt"], ["a/report.txt", "b/report.txt"]),
        (["d/Report_A.txt", "d/report-a.txt"], ["d/Report_A.txt", "d/report-a.txt"]),
        (["x/a/r.txt", "y/a/r.txt"], ["x/a/r.txt", "y/a/r.txt"]),
    ],
    ids=["same-name-two-folders", "same-slug-one-folder", "same-parent-name"],
)
def test_colliding_names_take_the_path_tail(tmp_path: Path, relative, expected):
    paths = [_touch(tmp_path / r) for r in relative]
    names = document_names(paths)
    assert [names[p] for p in paths] == expected
    assert len({doc_slug(n) for n in names.values()}) == len(paths)


def test_one_file_twice_is_read_once(tmp_path: Path):
    path = _touch(tmp_path / "s" / "r.txt")
    again = tmp_path / "s" / ".." / "s" / "r.txt"
    assert distinct_files([path, again]) == [path]


def test_a_slug_no_path_separates_is_an_error_naming_both(tmp_path: Path, monkeypatch):
    paths = [_touch(tmp_path / "a.txt"), _touch(tmp_path / "b.txt")]
    monkeypatch.setattr("kg.identity.doc_slug", lambda name: "same")
    with pytest.raises(IdentityError) as err:
        document_names(paths)
    assert str(paths[0]) in str(err.value) and str(paths[1]) in str(err.value)


def test_two_report_txt_build_as_two_documents(tmp_path: Path):
    from kg.pipeline import build

    _touch(tmp_path / "a" / "report.txt", TEXT_A)
    _touch(tmp_path / "b" / "report.txt", TEXT_B)
    result = build([tmp_path / "a", tmp_path / "b"])
    docs = {ex.document.name: ex for ex in result.extractions}
    assert sorted(docs) == ["a/report.txt", "b/report.txt"]
    assert docs["a/report.txt"].document.sha256 != docs["b/report.txt"].document.sha256
    rows = sorted(
        (str(name), str(result.graph.value(node, BKG.sha256)), node)
        for node, name in result.graph.subject_objects(BKG.fileName)
    )
    assert [r[:2] for r in rows] == [
        ("a/report.txt", docs["a/report.txt"].document.sha256),
        ("b/report.txt", docs["b/report.txt"].document.sha256),
    ]
    assert rows[0][2] != rows[1][2]
    for ex in result.extractions:
        assert {o.span.doc for o in ex.observations} == {ex.document.name}
        assert ex.observations
