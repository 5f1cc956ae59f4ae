"""Reading documents: finding them, decoding them, the manifest and inferred metadata."""

from datetime import date
from pathlib import Path

import pytest

from kg.documents import DocumentError, decode, find_documents, read_documents

TEXT_HANT = "截至2024年末，本行個人存款達到18.5萬億元。工商銀行手機銀行客戶數持續增長。"
TEXT_HANS = "截至2024年末，本行个人存款达到18.5万亿元。工商银行手机银行客户数持续增长。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT_HANS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT_HANS.encode("utf-8"), "utf-8-sig"),
        (TEXT_HANS.encode("utf-16"), "utf-16"),
        (TEXT_HANS.encode("utf-16-le"), "utf-16-le"),
        (TEXT_HANS.encode("gb18030"), "gb18030"),
        (TEXT_HANT.encode("big5"), "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "gb18030", "big5"],
)
def test_decode(data, encoding):
    text, used = decode(data, "x.txt")
    assert used == encoding
    assert text in (TEXT_HANS, TEXT_HANT)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\n \n", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00\xff" * 64, "binary"),
    ],
    ids=["empty", "blank", "bytes", "fake-utf16"],
)
def test_decode_rejects(data, message):
    with pytest.raises(DocumentError, match=message):
        decode(data, "x.txt")


def test_crlf_is_folded():
    text, _ = decode("第一行\r\n第二行\r".encode(), "x.txt")
    assert text == "第一行\n第二行\n"


def test_find_documents(tmp_path: Path):
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert [p.name for p in find_documents([tmp_path])] == ["a.txt", "b.txt"]
    with pytest.raises(DocumentError, match="no such file"):
        find_documents([tmp_path / "missing"])
    with pytest.raises(DocumentError, match=r"no documents \(\.txt, \.pdf, \.docx, \.html\)"):
        find_documents([tmp_path / "notes.md"][:0] or [_empty(tmp_path)])


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_manifest_metadata_and_inference(tmp_path: Path):
    (tmp_path / "a.txt").write_text(TEXT_HANT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_HANS, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "a.txt:\n  title: 年报\n  bank: 建设银行\n  reference_date: 2023-06-30\n", encoding="utf-8"
    )
    docs = {d.name: d for d in read_documents([tmp_path]).documents}
    a, b = docs["a.txt"], docs["b.txt"]
    assert (a.title, a.bank, a.reference_date, a.inferred) == (
        "年报",
        "建设银行",
        date(2023, 6, 30),
        frozenset(),
    )
    assert a.script == "zh-Hant" and b.script == "zh-Hans"
    assert b.bank == "工商银行"
    assert b.reference_date == date(2024, 12, 31)
    assert b.inferred == {"bank", "reference_date"}


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("a.txt: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("a.txt:\n  reference_date: last year\n", "not an ISO date"),
    ],
    ids=["bad-yaml", "not-mapping", "bad-date"],
)
def test_bad_manifest(tmp_path: Path, manifest, message):
    (tmp_path / "a.txt").write_text(TEXT_HANS, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(manifest, encoding="utf-8")
    with pytest.raises(DocumentError, match=message):
        docs = read_documents([tmp_path])
        raise DocumentError(docs.failures[0])


def test_undecodable_file_is_reported_and_others_read(tmp_path: Path):
    (tmp_path / "a.txt").write_text(TEXT_HANS, encoding="utf-8")
    (tmp_path / "z.txt").write_bytes(bytes(range(256)) * 4)
    result = read_documents([tmp_path])
    assert [d.name for d in result.documents] == ["a.txt"]
    assert len(result.failures) == 1 and "z.txt" in result.failures[0]


def test_seeds_metadata_is_inferred_correctly():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    docs = {d.name: d for d in read_documents([seeds]).documents}
    expected = {
        "000_df5856fbb8f16357.txt": date(2025, 6, 30),
        "001_efb2cdec8341efb5.txt": date(2024, 12, 31),
        "002_123c125e0b9464eb.txt": date(2024, 12, 31),
        "003_4734283b9fcbc3a1.txt": date(2020, 6, 30),
        "004_7dcf2261e12734e7.txt": date(2020, 6, 30),
    }
    assert {n: d.reference_date for n, d in docs.items()} == expected
    assert {d.bank for d in docs.values()} == {"工商银行"}
    assert "reference_date" in docs["003_4734283b9fcbc3a1.txt"].inferred
    assert "reference_date" not in docs["004_7dcf2261e12734e7.txt"].inferred


def test_readers_give_what_one_process_reads(tmp_path: Path):
    """Files read by a pool of processes: the same documents, failures and warnings, in
    the order the files were found, whichever reader finished first."""
    from kg.documents import start_reading
    from kg.forkpool import fork_pool

    (tmp_path / "a.txt").write_text(TEXT_HANT, encoding="utf-8")
    stray = TEXT_HANS.encode("utf-8") * 3 + b"\xff" + TEXT_HANS.encode("utf-8") * 3
    (tmp_path / "b.txt").write_bytes(stray)
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text(TEXT_HANS.replace("2024", "2021"), encoding="gb18030")
    (tmp_path / "e.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "f.txt").write_text(TEXT_HANS, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "f.txt:\n  reference_date: last year\nd.txt:\n  title: 中期报告\n  colour: red\n",
        encoding="utf-8",
    )
    alone = read_documents([tmp_path])
    pool = fork_pool(2)
    try:
        pooled = start_reading([tmp_path], None, pool)()
    finally:
        pool.shutdown()
    assert pooled == alone
    assert [d.name for d in pooled.documents] == ["a.txt", "b.txt", "d.txt"]
    assert [d.reference_date for d in pooled.documents] == [
        date(2024, 12, 31),
        date(2024, 12, 31),
        date(2021, 12, 31),
    ]
    assert [f.split(":")[0].rsplit("/", 1)[-1] for f in pooled.failures] == [
        "c.txt",
        "e.txt",
        f"{tmp_path / 'manifest.yaml'} [f.txt]".rsplit("/", 1)[-1],
    ]
    assert len(pooled.warnings) == 2
    assert "colour" in pooled.warnings[0] and "b.txt: 1 invalid UTF-8" in pooled.warnings[1]
