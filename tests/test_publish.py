"""Outputs land only where they should, as one set (issue 14, defects 6 and 7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import publish
from kg.cli import main
from kg.publish import OutputError

TEXT = "2024年末，本行手机银行客户数达到1.2亿户，比上年末增长8%。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


def _build(corpus: Path, out: Path, *extra: str):
    args = ["build", "--input", str(corpus), "--out", str(out), "--workers", "1", *extra]
    return CliRunner().invoke(main, args)


def test_an_out_folder_that_is_a_symlink_is_refused(corpus: Path, tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    result = _build(corpus, link, "--no-validate")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {link}: is a symlink; refusing to write through it: pass the real folder "
        "or --force"
    ]
    assert list(real.iterdir()) == []
    forced = _build(corpus, link, "--no-validate", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (real / "graph.ttl").is_file()


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_a_graph_path_that_is_a_fifo_or_symlink_is_refused(corpus: Path, tmp_path: Path, kind):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.ttl"
    if kind == "fifo":
        os.mkfifo(target)
        what = "a FIFO"
    else:
        target.symlink_to("/dev/null")
        what = "a symlink"
    result = _build(corpus, out, "--no-validate")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {target}: is {what}, not a regular file; refusing to write there: remove it "
        "or choose another path (or pass --force to replace it)"
    ]
    assert publish.special_kind(target) == what
    assert not (out / "candidates.csv").exists()
    forced = _build(corpus, out, "--no-validate", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert publish.special_kind(target) is None and target.read_text().startswith("@prefix")


def test_export_refuses_a_device(tmp_path: Path):
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["export", "--graph", str(graph), "--format", "nt", "--out", "/dev/full"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: /dev/full: is a device, not a regular file; refusing to write there: remove it"
        " or choose another path"
    ]
    assert publish.special_kind(Path("/dev/full")) == "a device"


def test_a_second_build_into_a_locked_folder_fails_at_once(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    with publish.locked(out):
        result = _build(corpus, out, "--no-validate")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out}: another kg build is writing here; wait for it or choose another --out"
    ]
    assert not (out / "graph.ttl").exists()


def test_no_validate_removes_a_stale_validation_and_temporaries_go(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert _build(corpus, out).exit_code == 0
    assert (out / "validation.txt").is_file()
    (out / ".graph.ttl.x1y2.tmp").write_bytes(b"half a graph")
    (out / ".publish-abc").mkdir()
    (out / ".publish-abc" / "graph.ttl").write_bytes(b"half")
    (out / ".cache" / ".k.json.q.tmp").write_bytes(b"half an entry")
    result = _build(corpus, out, "--no-validate")
    assert result.exit_code == 0, result.stderr
    assert not (out / "validation.txt").exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]
    assert not list((out / ".cache").glob(".*.tmp"))


def test_a_failed_write_replaces_nothing(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(b"old graph")
    (out / "candidates.csv").write_bytes(b"old queue")
    with pytest.raises(TypeError):
        publish.publish(out, {"graph.ttl": b"new graph", "candidates.csv": 42})  # type: ignore[dict-item]
    assert (out / "graph.ttl").read_bytes() == b"old graph"
    assert (out / "candidates.csv").read_bytes() == b"old queue"
    assert sorted(p.name for p in out.iterdir()) == ["candidates.csv", "graph.ttl"]


def test_publish_writes_the_set_and_removes_stale_names(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "validation.txt").write_bytes(b"old report")
    written = publish.publish(out, {"graph.ttl": b"g", "candidates.csv": b"c"}, ["validation.txt"])
    assert written == {"graph.ttl": out / "graph.ttl", "candidates.csv": out / "candidates.csv"}
    assert sorted(p.name for p in out.iterdir()) == ["candidates.csv", "graph.ttl"]
    with pytest.raises(OutputError, match="is a folder"):
        (out / "x").mkdir()
        publish.publish(out, {"x": b"1"}, force=True)
