"""The safety side of ``kg query`` (issue 14, defects 2, 5 and 10): no request to another
endpoint, ASK and CONSTRUCT answers printed, parameter values checked against their
declared type, an invalid UTF-8 byte a one-line error."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg import queries
from kg.cli import main
from kg.queries import QueryError, QueryParam

TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:b ex:p ex:c .
"""


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    return path


def _query(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.stop()


@pytest.mark.parametrize(
    "service",
    ["SERVICE", "service", "SeRvIcE SILENT", "\\u0053ERVICE"],
    ids=["upper", "lower", "silent", "escaped"],
)
def test_service_makes_no_request(tmp_path: Path, graph_file: Path, listener, service):
    text = (
        f"SELECT * WHERE {{ {service} <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    )
    result = CliRunner().invoke(
        main, ["query", str(_query(tmp_path, text)), "--graph", str(graph_file)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'q.rq'}: SERVICE (a federated query) would send requests to "
        "another endpoint; refused (pass --allow-service to allow it)"
    ]
    assert listener.connections == 0


def test_the_listener_does_see_an_allowed_service(tmp_path: Path, graph_file: Path, listener):
    """The proof above holds only if the listener would see a request: it does."""
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    CliRunner().invoke(
        main, ["query", str(_query(tmp_path, text)), "--graph", str(graph_file), "--allow-service"]
    )
    assert listener.connections >= 1


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/>",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    ],
    ids=["in-string", "in-comment", "in-iri"],
)
def test_the_word_outside_code_is_not_a_service(text):
    assert not queries.uses_service(text)


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("ASK { <http://example.org/a> ?p ?o }", "true\n"),
        ("ASK { <http://example.org/c> ?p ?o }", "false\n"),
    ],
    ids=["true", "false"],
)
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_ask_prints_true_or_false(tmp_path: Path, graph_file: Path, text, out, fmt):
    result = CliRunner().invoke(
        main, ["query", str(_query(tmp_path, text)), "--graph", str(graph_file), "--format", fmt]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == out


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT { ?o <http://example.org/q> ?s } WHERE { ?s <http://example.org/p> ?o }",
        "DESCRIBE <http://example.org/a>",
    ],
    ids=["construct", "describe"],
)
def test_construct_and_describe_print_turtle(tmp_path: Path, graph_file: Path, text):
    result = CliRunner().invoke(
        main, ["query", str(_query(tmp_path, text)), "--graph", str(graph_file)]
    )
    assert result.exit_code == 0, result.stderr
    made = Graph().parse(data=result.stdout, format="turtle")
    expected = Graph()
    if text.startswith("CONSTRUCT"):
        expected.parse(
            data="<http://example.org/b> <http://example.org/q> <http://example.org/a> .\n"
            "<http://example.org/c> <http://example.org/q> <http://example.org/b> .\n",
            format="turtle",
        )
    else:
        expected.parse(
            data="<http://example.org/a> <http://example.org/p> <http://example.org/b> ."
        )
    assert set(made) == set(expected)


def test_an_invalid_date_parameter_is_one_line_and_exit_1(graph_file: Path):
    result = CliRunner().invoke(
        main, ["query", "snapshot", "--graph", str(graph_file), "--param", "date=2024-13-45"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --param date='2024-13-45': expected an ISO date such as 2024-12-31 or 'latest'"
    ]


def test_a_keyword_and_a_valid_date_pass(graph_file: Path):
    for value in ("latest", "LATEST", "2024-12-31"):
        result = CliRunner().invoke(
            main, ["query", "snapshot", "--graph", str(graph_file), "--param", f"date={value}"]
        )
        assert result.exit_code == 0, result.stderr


def test_an_invalid_utf8_byte_in_a_parameter(graph_file: Path):
    broken = b"subject=\xff".decode("utf-8", "surrogateescape")
    result = CliRunner().invoke(
        main, ["query", "series", "--graph", str(graph_file), "--param", broken]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --param 'subject=\ufffd': not valid UTF-8 text"
    ]


def test_headers_declare_types():
    snapshot = {p.name: p for p in queries.load("snapshot").params}
    continuity = {p.name: p for p in queries.load("continuity").params}
    assert snapshot["date"].types == ("date", "latest")
    assert continuity["split"].types == ("year", "auto")


# -- properties ------------------------------------------------------------------

DATE = QueryParam("date", "", "latest", types=("date", "latest"))
YEAR = QueryParam("split", "", "auto", types=("year", "auto"))


@settings(max_examples=300, deadline=None)
@given(st.dates())
def test_every_real_date_passes(day):
    assert DATE.check(day.isoformat()) == day.isoformat()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_accepted_as_declared_or_refused_in_one_line(value):
    from datetime import date

    try:
        checked = DATE.check(value)
    except QueryError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--param date")
        return
    assert checked == value
    assert (
        value == "" or value.lower() == "latest" or date.fromisoformat(value).isoformat() == value
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(-100, 20000))
def test_years_are_four_digits(year):
    text = str(year)
    if len(text) == 4 and text.isdigit():
        assert YEAR.check(text) == text
    else:
        with pytest.raises(QueryError):
            YEAR.check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_an_untyped_parameter_takes_any_utf8_text(value):
    param = QueryParam("subject", "", None)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        with pytest.raises(QueryError):
            param.check(value)
    else:
        assert param.check(value) == value
