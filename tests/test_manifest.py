"""The manifest's schema (issue 14, defects 2, 3 and 10): typed fields, no aliases,
unknown fields and files named in warnings, one document's bad entry is that document's
error only."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import manifest
from kg.documents import DocumentError, read_documents
from kg.manifest import FIELDS, ManifestError, check_entry, parse

TEXT = "2024年末，本行手机银行客户数达到1.2亿户。\n"

BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    + "r.txt:\n  title: *i\n"
)


def _folder(tmp_path: Path, text: str, *names: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in names or ("r.txt",):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path):
    folder = _folder(tmp_path, BOMB)
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"manifest.yaml: line 2: YAML aliases \(\*a\)"):
        read_documents([folder])
    assert time.perf_counter() - started < 30  # a guard against hanging, not a benchmark


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  bank: [1, 2]\n", r"\[r.txt\]: bank expected text, got a list"),
        ("  title: {a: 1}\n", r"\[r.txt\]: title expected text, got a mapping"),
        (
            "  reference_date: 2020-06-30 12:00:00\n",
            "reference_date 2020-06-30 12:00:00 has a time",
        ),
        ("  reference_date: 2020-13-45\n", "reference_date '2020-13-45' is not an ISO date"),
        ("  reference_date: 20200630\n", "reference_date expected an ISO date .*got int"),
        ("  title: ''\n", r"title is empty"),
        ("  bank: true\n", "bank expected text, got bool"),
    ],
    ids=["bank-list", "title-dict", "date-time", "date-invalid", "date-number", "empty", "bool"],
)
def test_a_bad_field_fails_its_document_only(tmp_path: Path, entry, message):
    folder = _folder(tmp_path, "r.txt:\n" + entry, "r.txt", "s.txt")
    result = read_documents([folder])
    assert [d.name for d in result.documents] == ["s.txt"]
    assert len(result.failures) == 1
    assert "\n" not in result.failures[0]
    assert str(folder / "manifest.yaml") in result.failures[0]
    import re

    assert re.search(message, result.failures[0]), result.failures[0]


def test_an_entry_that_is_a_string_fails_its_document(tmp_path: Path):
    result = read_documents([_folder(tmp_path, "r.txt: 年报\n")])
    assert result.documents == ()
    assert result.failures == (
        f"{tmp_path / 'manifest.yaml'} [r.txt]: expected fields (title, bank, reference_date),"
        " got str",
    )


def test_unknown_fields_and_files_are_warned_about_by_name(tmp_path: Path):
    folder = _folder(
        tmp_path, "r.txt:\n  titel: 年报\n  bank: 工商银行\nr.txtt:\n  title: x\n", "r.txt"
    )
    result = read_documents([folder])
    (doc,) = result.documents
    assert (doc.title, doc.bank) == (None, "工商银行")
    where = tmp_path / "manifest.yaml"
    assert result.warnings == (
        f"{where} [r.txt]: unknown field 'titel' ignored (known: title, bank, reference_date)",
        f"{where} [r.txtt]: no such document in {tmp_path}; entry ignored",
    )


def test_a_date_at_midnight_from_text_and_a_number_title(tmp_path: Path):
    folder = _folder(tmp_path, "r.txt:\n  title: 2024\n  reference_date: '2024-06-30'\n")
    (doc,) = read_documents([folder]).documents
    assert (doc.title, doc.reference_date, doc.inferred) == ("2024", date(2024, 6, 30), {"bank"})


def test_the_build_prints_warnings_and_the_failed_document(tmp_path: Path):
    from click.testing import CliRunner

    from kg.cli import main

    folder = _folder(tmp_path / "in", "r.txt:\n  bank: [1, 2]\n  colour: red\n", "r.txt", "s.txt")
    result = CliRunner().invoke(
        main, ["build", "--input", str(folder), "--out", str(tmp_path / "o"), "--no-validate"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith(("error", "warn"))]
    assert errors == [
        f"warning: {folder / 'manifest.yaml'} [r.txt]: unknown field 'colour' ignored"
        " (known: title, bank, reference_date)",
        f"error: {folder / 'manifest.yaml'} [r.txt]: bank expected text, got a list",
    ]


def test_a_huge_manifest_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(manifest, "MAX_BYTES", 10)
    with pytest.raises(DocumentError, match="more than a manifest holds"):
        read_documents([_folder(tmp_path, "r.txt:\n  title: 年报年报年报\n")])


# -- properties ------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from([*FIELDS, "titel", "date", ""]) | st.text(max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_an_entry_is_typed_or_refused_by_field_name(entry):
    try:
        fields, warnings = check_entry(entry, "m [r.txt]")
    except ValueError as exc:
        message = str(exc)
        assert message.startswith("m [r.txt]: ") and "\n" not in message
        assert any(message.startswith(f"m [r.txt]: {name} ") for name in FIELDS)
        return
    assert set(fields) <= set(FIELDS)
    for name, value in fields.items():
        if name == "reference_date":
            assert type(value) is date
        else:
            assert isinstance(value, str) and value == value.strip() and value
    unknown = [k for k in entry if k not in FIELDS]
    assert len(warnings) == len(unknown)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_to_a_mapping_or_one_error(text):
    try:
        data = parse(text, "m.yaml")
    except ManifestError as exc:
        assert str(exc).startswith("m.yaml: ") and "\n" not in str(exc)
        return
    assert isinstance(data, dict)


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool),
    st.dates(),
)
def test_valid_entries_round_trip(title, when):
    text = yaml.safe_dump({"r.txt": {"title": title, "reference_date": when}}, allow_unicode=True)
    fields, warnings = check_entry(parse(text, "m")["r.txt"], "m")
    assert fields == {"title": title, "reference_date": when} and warnings == []
