"""The SPARQL endpoint: the protocol on a small dataset, and every named query over HTTP."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import queries
from kg.cli import main
from kg.dataset import read_dataset
from kg.endpoint import Endpoint, Server, endpoint_for, load_store, refuses_service

TRIG = """\
@prefix ex: <http://example.org/> .
ex:bank ex:name "工商银行"@zh-Hans ; ex:size 42 .
ex:g1 { ex:a ex:says "一"@zh-Hans . }
ex:g2 { ex:b ex:says "二" . }
"""


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    path = tmp_path / "small.trig"
    path.write_text(TRIG, encoding="utf-8")
    store = load_store(read_dataset(path))
    running = Server(Endpoint(store, b"<html>view</html>"), "127.0.0.1", 0).start()
    yield running
    running.stop()


def _get(url: str, accept: str = "", data: bytes | None = None, content_type: str = ""):
    request = urllib.request.Request(url, data=data)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _q(server: Server, query: str, **params: str) -> str:
    return f"{server.url}/query?" + urllib.parse.urlencode({"query": query, **params})


SAYS = "SELECT ?s ?o WHERE { ?s <http://example.org/says> ?o } ORDER BY ?s"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
    ids=["none", "json", "xml", "csv", "tsv", "q-values", "any"],
)
def test_select_in_every_results_format(server, accept, media):
    status, ctype, body = _get(_q(server, SAYS), accept)
    assert status == 200 and ctype.startswith(media)
    text = body.decode("utf-8")
    if media.endswith("json"):
        rows = [(b["s"]["value"], b["o"]["value"]) for b in json.loads(text)["results"]["bindings"]]
    elif media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        rows = [
            tuple(b.find(f"r:binding[@name='{v}']", ns)[0].text for v in ("s", "o"))
            for b in ET.fromstring(text).iterfind(".//r:result", ns)
        ]
    elif media == "text/csv":
        rows = [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]
    else:
        rows = [tuple(line.split("\t")) for line in text.splitlines()[1:]]
        assert rows == [
            ("<http://example.org/a>", '"一"@zh-hans'),
            ("<http://example.org/b>", '"二"'),
        ]
        return
    # the default graph is the union of all graphs: both named graphs answer
    assert rows == [("http://example.org/a", "一"), ("http://example.org/b", "二")]


def test_post_form_and_query_body_and_construct(server):
    form = urllib.parse.urlencode({"query": SAYS}).encode()
    status, _, body = _get(
        f"{server.url}/query", "text/csv", form, "application/x-www-form-urlencoded"
    )
    assert status == 200 and body.decode().splitlines()[1] == "http://example.org/a,一"
    status, _, body = _get(
        f"{server.url}/query", "text/csv", SAYS.encode(), "application/sparql-query"
    )
    assert status == 200 and len(body.decode().splitlines()) == 3
    construct = (
        "CONSTRUCT { ?s <http://example.org/said> ?o } WHERE { ?s <http://example.org/says> ?o }"
    )
    status, ctype, body = _get(_q(server, construct), "application/n-triples")
    assert status == 200 and ctype.startswith("application/n-triples")
    assert sorted(body.decode().splitlines()) == [
        '<http://example.org/a> <http://example.org/said> "一"@zh-hans .',
        '<http://example.org/b> <http://example.org/said> "二" .',
    ]
    status, _, body = _get(_q(server, "ASK { ?s ?p 42 }"), "application/sparql-results+json")
    assert json.loads(body)["boolean"] is True


def test_graph_parameters_and_bound_variables(server):
    only_g1 = _q(server, SAYS, **{"default-graph-uri": "http://example.org/g1"})
    _, _, body = _get(only_g1, "text/csv")
    assert body.decode().splitlines()[1:] == ["http://example.org/a,一"]
    bound = _q(server, "SELECT ?s ?o WHERE { ?s ?p ?o }", **{"$o": '"二"'})
    _, _, body = _get(bound, "text/csv")
    assert body.decode().splitlines()[1:] == ["http://example.org/b,二"]
    status, _, body = _get(_q(server, SAYS, **{"$o": "not a term"}), "text/csv")
    assert status == 400 and b"$o" in body


@pytest.mark.parametrize(
    ("url", "accept", "status", "needle"),
    [
        ("/query?query=SELEKT", "", 400, b"syntax error"),
        ("/query", "", 400, b"query="),
        ("/query?" + urllib.parse.urlencode({"query": SAYS}), "image/png", 406, b"offered"),
        (
            "/query?"
            + urllib.parse.urlencode({"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}),
            "",
            403,
            b"SERVICE",
        ),
        ("/nowhere", "", 404, b"no such path"),
        ("/", "", 200, b"<html>view</html>"),
    ],
    ids=["syntax", "no-query", "not-acceptable", "service", "not-found", "view"],
)
def test_errors_are_statuses_with_a_reason(server, url, accept, status, needle):
    got, _, body = _get(server.url + url, accept)
    assert got == status and needle in body


def test_read_only_unless_writable(server, tmp_path):
    update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    status, _, body = _get(f"{server.url}/update", "", update, "application/x-www-form-urlencoded")
    assert status == 403 and b"read-only" in body
    _, _, body = _get(_q(server, SAYS), "text/csv")
    assert len(body.decode().splitlines()) == 3  # nothing was cleared
    path = tmp_path / "w.trig"
    path.write_text(TRIG, encoding="utf-8")
    writable = Server(Endpoint(load_store(read_dataset(path)), None, True), "127.0.0.1", 0).start()
    try:
        status, _, _ = _get(
            f"{writable.url}/update", "", update, "application/x-www-form-urlencoded"
        )
        assert status == 204
        _, _, body = _get(_q(writable, SAYS), "text/csv")
        assert body.decode().splitlines() == ["s,o"]
    finally:
        writable.stop()


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("select * { service silent <http://x/> { ?s ?p ?o } }", True),
        ('SELECT * { ?s ?p "SERVICE" }', False),
        ("SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE", False),
    ],
    ids=["service", "lower-case", "in-a-string", "in-an-iri-and-comment"],
)
def test_refuses_service(query, refused):
    assert refuses_service(query) is refused


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# the two named queries without a default for every parameter
REQUIRED = {"document": {"doc": "001_efb2cdec8341efb5.txt"}, "provenance": {"subject": "手机银行"}}


def _cells(columns: tuple[str, ...], bindings: list[dict]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(queries._cell(b[c]["value"]) if c in b else "" for c in columns) for b in bindings
    )


@pytest.mark.slow
def test_kg_serve_answers_every_named_query_like_kg_query(seeds_out):
    """`kg serve` in its own process on a free port: each named query over HTTP, with its
    parameters bound as $name=<term>, gives the rows `kg query` gives from the file."""
    graph_path = seeds_out / "graph.ttl"
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "kg"),
            "serve",
            "--graph",
            str(graph_path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline() + process.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in banner, banner
        base = f"http://127.0.0.1:{port}"
        from kg.graphio import read_graph

        graph = read_graph(graph_path)
        names = queries.available()
        assert len(names) >= 18
        for name in names:
            named = queries.load(name)
            values = REQUIRED.get(name, {})
            expected = queries.run(graph, named, values)
            params = {"query": named.text}
            for param, term in queries.bindings(named, values).items():
                params[f"${param}"] = term.n3()
            status, ctype, body = _get(
                f"{base}/query",
                "application/sparql-results+json",
                urllib.parse.urlencode(params).encode(),
                "application/x-www-form-urlencoded",
            )
            assert status == 200, (name, body[:300])
            data = json.loads(body)
            assert tuple(data["head"]["vars"]) == expected.columns, name
            assert _cells(expected.columns, data["results"]["bindings"]) == expected.rows, name
            assert expected.rows or name in ("continuity",), f"{name} returned no rows"
        status, ctype, body = _get(f"{base}/")
        assert status == 200 and ctype.startswith("text/html") and b"vis-network" in body
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0


def test_serve_missing_graph_is_one_line_error(tmp_path):
    result = CliRunner().invoke(
        main, ["serve", "--graph", str(tmp_path / "none.ttl"), "--port", "0"]
    )
    assert result.exit_code == 1
    assert "no such graph file" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(
        main, ["serve", "--store", str(tmp_path / "nostore"), "--port", "0"]
    )
    assert result.exit_code == 1 and "no such store folder" in result.stderr


def test_port_in_use_is_one_line_error(tmp_path):
    path = tmp_path / "small.trig"
    path.write_text(TRIG, encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        started = time.perf_counter()
        result = CliRunner().invoke(
            main, ["serve", "--graph", str(path), "--port", str(port), "--no-view"]
        )
    assert time.perf_counter() - started < 30
    assert result.exit_code == 1 and "Address already in use" in result.stderr


def test_serves_an_oxigraph_store_folder_read_only(tmp_path):
    """A store folder as `oxigraph load` writes it, opened read-only, view rendered from it."""
    oxigraph = Path(sys.executable).parent / "oxigraph"
    if not oxigraph.exists():
        pytest.skip("the oxigraph server is not installed (it is in requirements*.lock)")
    data = tmp_path / "small.trig"
    data.write_text(TRIG, encoding="utf-8")
    folder = tmp_path / "store"
    done = subprocess.run(
        [str(oxigraph), "load", "--location", str(folder), "--file", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    endpoint, dataset = endpoint_for(None, folder, writable=False, view=False)
    assert dataset.names() == ["http://example.org/g1", "http://example.org/g2"]
    running = Server(endpoint, "127.0.0.1", 0).start()
    try:
        _, _, body = _get(_q(running, SAYS), "text/csv")
        assert body.decode().splitlines()[1:] == [
            "http://example.org/a,一",
            "http://example.org/b,二",
        ]
        update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        status, _, _ = _get(
            f"{running.url}/update", "", update, "application/x-www-form-urlencoded"
        )
        assert status == 403
    finally:
        running.stop()
