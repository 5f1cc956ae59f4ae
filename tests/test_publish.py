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


TINY_GRAPH = """@prefix bkg: <https://w3id.org/bank-kg/def/bkg#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/bank-kg/id/product/a> a bkg:Product ; skos:prefLabel "手机银行"@zh-Hans .
"""

#: each command that writes one file, with the start of what it writes
ONE_FILE_WRITERS = {
    "viz": (["viz"], b'<!DOCTYPE html><html lang="zh-Hans">'),
    "export-ttl": (["export", "--format", "ttl"], b"@prefix"),
    "export-nt": (["export", "--format", "nt"], b"<https://w3id.org/bank-kg/id/product/a>"),
    "export-jsonld": (
        ["export", "--format", "jsonld"],
        b'[{"@id":"https://w3id.org/bank-kg/id/product/a"',
    ),
    "export-graphml": (["export", "--format", "graphml"], b"<?xml"),
    "export-trig": (["export", "--format", "trig"], b"@prefix"),
    "export-nq": (["export", "--format", "nq"], b"<https://w3id.org/bank-kg/id/product/a>"),
}


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Path:
    graph = tmp_path / "g.ttl"
    graph.write_text(TINY_GRAPH, encoding="utf-8")
    return graph


def _refusal(target: Path, what: str) -> list[str]:
    return [
        f"Error: {target}: is {what}, not a regular file; refusing to write there: remove it "
        "or choose another path (or pass --force to replace it)"
    ]


@pytest.mark.parametrize("writer", sorted(ONE_FILE_WRITERS), ids=sorted(ONE_FILE_WRITERS))
@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_export_and_viz_refuse_a_symlink_or_fifo_unless_forced(
    tiny_graph: Path, tmp_path: Path, writer: str, kind: str
):
    args, head = ONE_FILE_WRITERS[writer]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "target"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not yours")
    if kind == "fifo":
        os.mkfifo(target)
        what = "a FIFO"
    else:
        target.symlink_to(victim)
        what = "a symlink"
    command = [*args, "--graph", str(tiny_graph), "--out", str(target)]
    refused = CliRunner().invoke(main, command)
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr.strip().splitlines() == _refusal(target, what)
    assert publish.special_kind(target) == what
    assert victim.read_bytes() == b"not yours"
    assert sorted(p.name for p in out.iterdir()) == ["target"]  # no temporary left
    forced = CliRunner().invoke(main, [*command, "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout.splitlines() == [f"Wrote {target}"]
    assert publish.special_kind(target) is None
    assert target.read_bytes().startswith(head)
    assert victim.read_bytes() == b"not yours"  # replaced, never written through
    assert sorted(p.name for p in out.iterdir()) == ["target"]


@pytest.mark.parametrize("writer", ["viz", "export-nt"])
def test_export_and_viz_refuse_a_device(tiny_graph: Path, writer: str):
    args, _ = ONE_FILE_WRITERS[writer]
    result = CliRunner().invoke(main, [*args, "--graph", str(tiny_graph), "--out", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == _refusal(Path("/dev/full"), "a device")
    assert publish.special_kind(Path("/dev/full")) == "a device"


def test_export_refuses_a_folder_as_its_file(tiny_graph: Path, tmp_path: Path):
    folder = tmp_path / "graph.nt"
    folder.mkdir()
    command = ["export", "--graph", str(tiny_graph), "--format", "nt", "--out", str(folder)]
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(main, [*command, *extra])
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"Error: {folder}: is a folder, not a regular file; refusing to write there: remove "
            "it or choose another path"
        ]
    assert list(folder.iterdir()) == []


def test_neo4j_export_refuses_a_symlinked_folder_unless_forced(tiny_graph: Path, tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "neo4j"
    link.symlink_to(real)
    command = ["export", "--graph", str(tiny_graph), "--format", "neo4j", "--out", str(link)]
    refused = CliRunner().invoke(main, command)
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        f"Error: {link}: is a symlink; refusing to write through it: pass the real folder "
        "or --force"
    ]
    assert list(real.iterdir()) == []
    forced = CliRunner().invoke(main, [*command, "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout.splitlines() == [
        f"Wrote {link / 'nodes.csv'}",
        f"Wrote {link / 'relationships.csv'}",
    ]
    assert sorted(p.name for p in real.iterdir()) == ["nodes.csv", "relationships.csv"]
    assert (real / "nodes.csv").read_text(encoding="utf-8").startswith("id:ID,")


def test_neo4j_export_refuses_a_fifo_inside_its_folder_and_writes_neither(
    tiny_graph: Path, tmp_path: Path
):
    out = tmp_path / "neo4j"
    out.mkdir()
    (out / "nodes.csv").write_bytes(b"old nodes")
    os.mkfifo(out / "relationships.csv")
    command = ["export", "--graph", str(tiny_graph), "--format", "neo4j", "--out", str(out)]
    refused = CliRunner().invoke(main, command)
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == _refusal(out / "relationships.csv", "a FIFO")
    assert (out / "nodes.csv").read_bytes() == b"old nodes"  # the pair is published together
    assert sorted(p.name for p in out.iterdir()) == ["nodes.csv", "relationships.csv"]


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
    for scratch in (".kg-graph-k1", ".kg-spool-k2"):  # a killed build's graph and analyses
        (out / scratch).mkdir()
        (out / scratch / "data").write_bytes(b"half")
    (out / ".cache" / ".k.json.q.tmp").write_bytes(b"half an entry")
    (out / "text").mkdir()
    (out / "text" / ".r.txt.a1b2.tmp").write_bytes(b"half a PDF's text")
    (out / "text" / "r.txt").write_bytes(b"a text an earlier build read")
    result = _build(corpus, out, "--no-validate")
    assert result.exit_code == 0, result.stderr
    assert not (out / "validation.txt").exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]
    assert not list((out / ".cache").glob(".*.tmp"))
    assert [p.name for p in (out / "text").iterdir()] == ["r.txt"]


def test_a_text_folder_that_is_a_symlink_is_refused(tmp_path: Path):
    """The text read from an HTML (or PDF, Word) file goes to OUT/text/: not through a
    symlink to another folder, unless forced."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "p.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "text").symlink_to(elsewhere)
    result = _build(corpus, out, "--no-validate")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out / 'text'}: is a symlink; refusing to write through it: pass the real "
        "folder or --force"
    ]
    assert list(elsewhere.iterdir()) == [] and not (out / "graph.ttl").exists()
    forced = _build(corpus, out, "--no-validate", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert [p.name for p in elsewhere.iterdir()] == ["p.txt"]


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


def test_publish_takes_a_writer_with_a_scratch_folder(tmp_path: Path):
    """A file given as a writer is written into the staging folder like bytes; its scratch
    files go with the staging folder."""
    from kg.publish import publish

    seen = []

    def writer(fh, scratch: Path) -> None:
        (scratch / "run0").write_bytes(b"scratch")
        seen.append(scratch)
        fh.write(b"streamed\n")

    out = publish(tmp_path / "out", {"graph.ttl": writer, "candidates.csv": b"a,b\n"})
    assert out["graph.ttl"].read_bytes() == b"streamed\n"
    assert out["candidates.csv"].read_bytes() == b"a,b\n"
    assert seen and not seen[0].exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["candidates.csv", "graph.ttl"]
