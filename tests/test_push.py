"""kg push against a live Oxigraph server (the `oxigraph` package), started and stopped here."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from kg import queries
from kg.cli import main
from kg.dataset import partition
from kg.pipeline import ExtractionCache, build, write_outputs
from kg.push import GraphChange, PushError, push, remote_select, target

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
# the two named queries without a default for every parameter
REQUIRED = {"document": {"doc": "001_efb2cdec8341efb5.txt"}, "provenance": {"subject": "手机银行"}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1, its default graph the union of all graphs."""
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph server is not installed (it is in requirements*.lock)")
    port = _free_port()
    process = subprocess.Popen(
        [
            str(OXIGRAPH),
            "serve",
            "--location",
            str(tmp_path / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _actions(changes: list[GraphChange]) -> dict[str | None, str]:
    return {c.graph: c.action for c in changes}


def _changed_document(text: str) -> str:
    """One figure of the document printed differently (3.6亿 -> 3.7亿)."""
    assert "3.6亿" in text
    return text.replace("3.6亿", "3.7亿", 1)


@pytest.mark.slow
def test_push_seeds_then_one_changed_document_replaces_one_graph(oxigraph, seeds_build, tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    cache = ExtractionCache(tmp_path / "out" / ".cache")
    for extraction in seeds_build.extractions:  # the session's analyses: rebuilds are quick
        cache.store(extraction)
    first = build([corpus], cache=cache)
    write_outputs(first, tmp_path / "out")
    graph_file = tmp_path / "out" / "graph.ttl"
    runner = CliRunner()

    pushed = runner.invoke(main, ["push", "--graph", str(graph_file), "--endpoint", oxigraph])
    assert pushed.exit_code == 0, pushed.output
    assert "6 add, 0 replace, 0 delete, 0 same" in pushed.stdout

    # the store answers every named query as the file does, parameters bound as VALUES
    from kg.graphio import read_graph

    graph = read_graph(graph_file)
    names = queries.available()
    assert len(names) >= 18
    for name in names:
        named = queries.load(name)
        values = REQUIRED.get(name, {})
        expected = queries.run(graph, named, values)
        columns, rows = remote_select(f"{oxigraph}/query", queries.sparql_text(named, values))
        assert columns == expected.columns, name
        got = tuple(tuple(queries._cell(r.get(c)) for c in columns) for r in rows)
        assert got == expected.rows, name

    # one document changes; the rebuild analyses it alone
    name = "002_123c125e0b9464eb.txt"
    path = corpus / name
    path.write_text(_changed_document(path.read_text(encoding="utf-8")), encoding="utf-8")
    second = build([corpus], cache=cache)
    assert second.stats["cached"] == 4
    write_outputs(second, tmp_path / "out")
    dataset = partition(second.graph)
    doc_graphs = dataset.names()

    planned = push(dataset, target(oxigraph), dry_run=True)
    actions = _actions(planned)
    replaced = [g for g, a in actions.items() if a == "replace" and g is not None]
    assert replaced == [g for g in doc_graphs if "/doc/002-" in g]
    assert [a for g, a in actions.items() if g is not None and g not in replaced] == ["same"] * 4
    assert actions[None] == "replace"  # the build record lists every document's sha256
    # a dry run sent nothing: the store still holds the first build
    assert _actions(push(dataset, target(oxigraph), dry_run=True)) == actions

    result = runner.invoke(main, ["push", "--graph", str(graph_file), "--endpoint", oxigraph])
    assert result.exit_code == 0, result.output
    assert "0 add, 2 replace, 0 delete, 4 same" in result.stdout
    assert set(_actions(push(dataset, target(oxigraph))).values()) == {"same"}

    # a removed document's graph is deleted
    path.unlink()
    third = partition(build([corpus], cache=cache).graph)
    changes = push(third, target(oxigraph))
    assert [c.graph for c in changes if c.action == "delete"] == replaced
    assert set(_actions(push(third, target(oxigraph))).values()) == {"same"}


def test_dry_run_lists_graphs_and_sends_nothing(oxigraph, tmp_path):
    trig = tmp_path / "g.trig"
    trig.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:x ex:p ex:y .\n"
        '<http://example.org/id/doc/a/graph> { ex:a ex:p "一"@zh-Hans . }\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["push", "--graph", str(trig), "--endpoint", oxigraph]
    dry = runner.invoke(main, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would add     <http://example.org/id/doc/a/graph> 1 triples" in dry.stdout
    assert "Dry run, nothing sent: 2 add" in dry.stdout
    again = runner.invoke(main, [*args, "--dry-run"])
    assert "2 add" in again.stdout  # nothing was sent the first time
    done = runner.invoke(main, args)
    assert "Pushed to" in done.stdout and "2 add" in done.stdout
    # the store lower-cases the language tag; that is not a change
    assert "2 same" in runner.invoke(main, args).stdout
    columns, rows = remote_select(
        f"{oxigraph}/query", "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    )
    assert columns == ("s", "o")
    assert rows == [
        {"s": "http://example.org/a", "o": "一"},
        {"s": "http://example.org/x", "o": "http://example.org/y"},
    ]


def test_unreachable_store_and_bad_urls_are_one_line_errors(tmp_path):
    trig = tmp_path / "g.trig"
    trig.write_text("<http://a/s> <http://a/p> <http://a/o> .\n", encoding="utf-8")
    runner = CliRunner()
    port = _free_port()  # nothing listens there
    result = runner.invoke(
        main, ["push", "--graph", str(trig), "--endpoint", f"http://127.0.0.1:{port}"]
    )
    assert result.exit_code == 1
    assert "cannot reach the store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(main, ["push", "--graph", str(trig), "--endpoint", "ftp://x"])
    assert result.exit_code == 1 and "not an http(s) URL" in result.stderr
    result = runner.invoke(
        main,
        [
            "push",
            "--graph",
            str(trig),
            "--endpoint",
            "http://127.0.0.1:1",
            "--user",
            "u",
            "--password-env",
            "KG_TEST_NO_SUCH_VARIABLE",
        ],
    )
    assert result.exit_code == 1 and "KG_TEST_NO_SUCH_VARIABLE" in result.stderr
    with pytest.raises(PushError):
        target("127.0.0.1:7878")


def test_target_urls():
    plain = target("http://127.0.0.1:7878/")
    assert (plain.store_url, plain.query_url) == (
        "http://127.0.0.1:7878/store",
        "http://127.0.0.1:7878/query",
    )
    fuseki = target(
        "http://h:3030", "http://h:3030/ds/data", "http://h:3030/ds/query", "admin", "pw"
    )
    assert (fuseki.store_url, fuseki.query_url, fuseki.user) == (
        "http://h:3030/ds/data",
        "http://h:3030/ds/query",
        "admin",
    )


def test_shared_graph_into_a_named_graph(oxigraph, tmp_path):
    """--default-graph: for stores without a writable default graph (Virtuoso)."""
    trig = tmp_path / "g.trig"
    trig.write_text(
        "<http://example.org/x> <http://example.org/p> <http://example.org/y> .\n",
        encoding="utf-8",
    )
    shared = "http://example.org/shared"
    result = CliRunner().invoke(
        main,
        ["push", "--graph", str(trig), "--endpoint", oxigraph, "--default-graph", shared],
    )
    assert result.exit_code == 0, result.output
    assert f"add           <{shared}> 1 triples" in result.stdout
    _, rows = remote_select(f"{oxigraph}/query", "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows == [{"g": shared, "s": "http://example.org/x"}]
