"""Per-document failure (issue 14, defects 9 and 11): an unreadable entry is one error
line for that file and the rest build; a stray invalid byte is replaced and counted;
the earlier output is kept unless --partial."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.documents import read_documents

TEXT = "2024年末，本行手机银行客户数达到1.2亿户，比上年末增长8%。\n"
OTHER = "2023年末，本行信用卡发卡量达到5000万张，同比增长3%。\n"


def _entry(folder: Path, kind: str) -> tuple[Path, str]:
    path = folder / "x.txt"
    if kind == "dangling":
        path.symlink_to(folder / "gone.txt")
        return path, "a symlink to nothing (or a loop of symlinks)"
    if kind == "loop":
        (folder / "y.txt").symlink_to(path)
        path.symlink_to(folder / "y.txt")
        return path, "a symlink to nothing (or a loop of symlinks)"
    if kind == "folder":
        path.mkdir()
        return path, "a folder, not a file"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    return path, "Permission denied"


KINDS = ["dangling", "loop", "folder", "mode-000"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_unreadable_entry_is_one_line_and_the_rest_read(tmp_path: Path, kind):
    if kind == "mode-000" and os.geteuid() == 0:
        pytest.skip("root reads a mode-000 file")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    path, why = _entry(tmp_path, kind)
    result = read_documents([tmp_path])
    assert [d.name for d in result.documents] == ["a.txt"]
    failures = [f for f in result.failures if "x.txt" in f]
    assert failures == [f"{path}: cannot be read: {why}"]


def test_a_file_without_read_permission_is_one_line_even_for_root(tmp_path: Path, monkeypatch):
    """Root reads a mode-000 file (and CI may run as root): there the kernel's refusal is
    raised where the file is read, so the handling is tested whoever runs the tests."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    path, why = _entry(tmp_path, "mode-000")
    if os.geteuid() == 0:
        read_bytes = Path.read_bytes

        def denied(self: Path) -> bytes:
            if self.name == "x.txt":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    result = read_documents([tmp_path])
    assert [d.name for d in result.documents] == ["a.txt"]
    assert result.failures == (f"{path}: cannot be read: {why}",)


@pytest.mark.parametrize("kind", ["dangling", "folder"])
def test_the_build_goes_on_and_keeps_the_earlier_output(tmp_path: Path, kind):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    args = ["build", "--input", str(corpus), "--out", str(out), "--workers", "1", "--no-validate"]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    (corpus / "b.txt").write_text(OTHER, encoding="utf-8")
    path, why = _entry(corpus, kind)
    kept = runner.invoke(main, args)
    assert kept.exit_code == 1
    assert kept.stderr.strip().splitlines() == [
        f"error: {path}: cannot be read: {why}",
        f"Error: 1 document(s) could not be read; the earlier output in {out} is kept "
        "(pass --partial to replace it with a graph of the rest)",
    ]
    assert (out / "graph.ttl").read_bytes() == before
    partial = runner.invoke(main, [*args, "--partial"])
    assert partial.exit_code == 1
    assert partial.stderr.strip().splitlines() == [f"error: {path}: cannot be read: {why}"]
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert graph != before.decode() and '"b.txt"' in graph and '"a.txt"' in graph


def test_a_stray_invalid_byte_is_replaced_and_counted(tmp_path: Path):
    data = (TEXT * 3).encode("utf-8")
    cut = data.index("手".encode())
    (tmp_path / "a.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    result = read_documents([tmp_path])
    (doc,) = result.documents
    assert doc.encoding == "utf-8"
    assert doc.text == (TEXT * 3).replace("手", "\ufffd手", 1)
    assert result.warnings == (
        f"{tmp_path / 'a.txt'}: 1 invalid UTF-8 byte(s) replaced by U+FFFD; the rest was read",
    )
    assert result.failures == ()


def test_gb18030_is_not_mistaken_for_utf8_with_stray_bytes(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("gb18030"))
    (doc,) = read_documents([tmp_path]).documents
    assert doc.text == TEXT and doc.encoding == "gb18030"
