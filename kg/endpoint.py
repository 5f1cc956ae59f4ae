"""A local SPARQL 1.1 endpoint over a built graph: Oxigraph behind a small HTTP layer.

``kg serve`` loads the dataset (one named graph per document, see :mod:`kg.dataset`)
into an in-memory Oxigraph store, or opens an Oxigraph store folder read-only, and answers
the SPARQL 1.1 Protocol at ``/query`` as Oxigraph's own server does: ``GET ?query=`` or
``POST`` (form-encoded ``query=`` or an ``application/sparql-query`` body), results as JSON,
XML, CSV or TSV by ``Accept``, graphs as Turtle, N-Triples or RDF/XML. The default graph
is the union of all graphs, so the named queries see every document; ``default-graph-uri``
and ``named-graph-uri`` narrow it as the protocol says. Parameters may be bound the
RDF4J/GraphDB way, ``$name=<N-Triples term>``, so a named query runs with its parameters
bound, never pasted into its text. The offline HTML view is served at ``/``.

We serve with the standard library's threading HTTP server rather than Oxigraph's binary
so that the view sits beside the endpoint, the endpoint is read-only unless asked
(``--writable`` enables ``/update``), and federated queries are refused: a ``SERVICE``
clause would make the server fetch arbitrary URLs on a client's behalf.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.dataset import NamedGraphs, read_dataset, union_graph

MAX_BODY = 10 * 1024 * 1024
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


class EndpointError(Exception):
    """A store that cannot be opened or a request that cannot be answered."""


class RequestError(Exception):
    """A bad request: the HTTP status and a one-line reason for the client."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def refuses_service(query: str) -> bool:
    """Whether the query text uses SERVICE outside strings, IRIs and comments."""
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", query)))


def load_store(dataset: NamedGraphs) -> ox.Store:
    """An in-memory store holding the dataset."""
    store = ox.Store()
    store.extend(dataset.quads())
    return store


def open_store(folder: Path) -> ox.Store:
    """An Oxigraph store folder (as ``oxigraph load`` writes it), opened read-only."""
    if not folder.is_dir():
        raise EndpointError(f"{folder}: no such store folder")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise EndpointError(f"{folder}: not an Oxigraph store ({exc})") from exc


def store_dataset(store: ox.Store) -> NamedGraphs:
    """The quads of a store as a dataset (to render the view of a store folder)."""
    default: set[ox.Triple] = set()
    named: dict[str, set[ox.Triple]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode):
            named.setdefault(q.graph_name.value, set()).add(q.triple)
        else:
            default.add(q.triple)

    def ordered(ts: set[ox.Triple]) -> tuple[ox.Triple, ...]:
        return tuple(sorted(ts, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))

    return NamedGraphs(ordered(default), tuple((k, ordered(v)) for k, v in sorted(named.items())))


def _bound_term(name: str, text: str) -> ox.NamedNode | ox.Literal:
    """A ``$name`` binding: one term in N-Triples syntax (``<iri>`` or a literal)."""
    try:
        triples = list(ox.parse(f"<x:s> <x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise RequestError(
            HTTPStatus.BAD_REQUEST, f"${name}: not an N-Triples IRI or literal ({exc})"
        ) from exc
    if len(triples) != 1 or isinstance(triples[0].object, ox.BlankNode | ox.Triple):
        raise RequestError(HTTPStatus.BAD_REQUEST, f"${name}: expected one IRI or literal")
    term = triples[0].object
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term


def _accepted(accept: str, offered: Mapping[str, object], default: str) -> str:
    """The offered media type the Accept header prefers (q-values honoured)."""
    if not accept.strip():
        return default
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        choices.append((-q, position, media.lower()))
    for neg_q, _, media in sorted(choices):
        if neg_q == 0:
            break
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            matches = [m for m in offered if family == "*" or m.startswith(family + "/")]
            return default if default in matches or family == "*" else matches[0]
    offered_list = ", ".join(offered)
    raise RequestError(
        HTTPStatus.NOT_ACCEPTABLE, f"cannot answer with {accept!r}; offered: {offered_list}"
    )


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    content_type: str
    body: bytes


@dataclass
class Endpoint:
    """The request logic, apart from HTTP plumbing, so tests can call it directly."""

    store: ox.Store
    view_html: bytes | None = None
    writable: bool = False

    def query(self, params: dict[str, list[str]], accept: str) -> Answer:
        texts = params.get("query", [])
        if len(texts) != 1:
            raise RequestError(HTTPStatus.BAD_REQUEST, "pass exactly one query= parameter")
        text = texts[0]
        if refuses_service(text):
            raise RequestError(HTTPStatus.FORBIDDEN, "SERVICE (federated query) is refused here")
        substitutions = {
            ox.Variable(key[1:]): _bound_term(key[1:], values[-1])
            for key, values in params.items()
            if key.startswith("$") and re.fullmatch(r"\$\w+", key)
        }
        default_graphs = [ox.NamedNode(i) for i in params.get("default-graph-uri", [])]
        named_graphs = [ox.NamedNode(i) for i in params.get("named-graph-uri", [])]
        try:
            result = self.store.query(
                text,
                use_default_graph_as_union=not default_graphs,
                default_graph=default_graphs or None,  # type: ignore[arg-type]
                named_graphs=named_graphs or None,  # type: ignore[arg-type]
                substitutions=substitutions or None,  # type: ignore[arg-type]
            )
        except SyntaxError as exc:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL error: {exc}") from exc
        if isinstance(result, ox.QueryTriples):
            media = _accepted(accept, GRAPH_TYPES, "text/turtle")
            body = result.serialize(format=GRAPH_TYPES[media])
        else:
            media = _accepted(accept, RESULT_TYPES, "application/sparql-results+json")
            body = result.serialize(format=RESULT_TYPES[media])
        charset = "" if media.endswith("xml") or "json" in media else "; charset=utf-8"
        return Answer(HTTPStatus.OK, media + charset, body or b"")

    def update(self, params: dict[str, list[str]]) -> Answer:
        if not self.writable:
            raise RequestError(
                HTTPStatus.FORBIDDEN, "this endpoint is read-only (start kg serve --writable)"
            )
        texts = params.get("update", [])
        if len(texts) != 1:
            raise RequestError(HTTPStatus.BAD_REQUEST, "pass exactly one update= parameter")
        if refuses_service(texts[0]):
            raise RequestError(HTTPStatus.FORBIDDEN, "SERVICE (federated query) is refused here")
        try:
            self.store.update(texts[0])
        except SyntaxError as exc:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL error: {exc}") from exc
        return Answer(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"")

    def view(self) -> Answer:
        if self.view_html is None:
            raise RequestError(HTTPStatus.NOT_FOUND, "no HTML view for this store")
        return Answer(HTTPStatus.OK, "text/html; charset=utf-8", self.view_html)


def _params(query_string: str) -> dict[str, list[str]]:
    return parse_qs(query_string, keep_blank_values=True, strict_parsing=False)


def _handler(endpoint: Endpoint, log: Callable[[str], None] | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bank-kg"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            if log is not None:
                log(f"{self.address_string()} {format % args}")

        def _send(self, answer: Answer) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        def _route(self, params: dict[str, list[str]]) -> Answer:
            path = urlsplit(self.path).path
            if path in ("/", "/view", "/graph.html"):
                if self.command == "POST":
                    raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "the view is GET only")
                return endpoint.view()
            if path == "/query":
                return endpoint.query(params, self.headers.get("Accept", ""))
            if path == "/update":
                if self.command != "POST":
                    raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "updates are POST only")
                return endpoint.update(params)
            raise RequestError(HTTPStatus.NOT_FOUND, f"no such path {path!r}; try /query or /")

        def _answer(self, params: dict[str, list[str]]) -> None:
            try:
                answer = self._route(params)
            except RequestError as exc:
                message = " ".join(str(exc).split()) + "\n"
                answer = Answer(exc.status, "text/plain; charset=utf-8", message.encode())
            self._send(answer)

        def do_GET(self) -> None:
            self._answer(_params(urlsplit(self.path).query))

        do_HEAD = do_GET

        def do_POST(self) -> None:
            params = _params(urlsplit(self.path).query)
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(
                    Answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"body too large\n")
                )
                return
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == "application/x-www-form-urlencoded":
                for key, values in _params(body).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params["query"] = [*params.get("query", []), body]
            elif media == "application/sparql-update":
                params["update"] = [*params.get("update", []), body]
            else:
                self._send(
                    Answer(
                        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        "text/plain; charset=utf-8",
                        f"unsupported Content-Type {media!r}\n".encode(),
                    )
                )
                return
            self._answer(params)

    return Handler


class Server:
    """An HTTP server around an :class:`Endpoint`; ``port=0`` picks a free port."""

    def __init__(
        self,
        endpoint: Endpoint,
        host: str = "127.0.0.1",
        port: int = 7878,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.httpd = ThreadingHTTPServer((host, port), _handler(endpoint, log))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> Server:
        """Serve in a background thread (for tests and notebooks)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join()


def endpoint_for(
    graph: Path | None, store_dir: Path | None, writable: bool = False, view: bool = True
) -> tuple[Endpoint, NamedGraphs]:
    """The endpoint over a graph file (TriG, N-Quads, or a merged Turtle partitioned into
    the dataset) or over an Oxigraph store folder, with the HTML view of their union."""
    if store_dir is not None:
        if writable:
            try:
                store = ox.Store(str(store_dir))
            except OSError as exc:
                raise EndpointError(f"{store_dir}: cannot open the store ({exc})") from exc
        else:
            store = open_store(store_dir)
        dataset = store_dataset(store)
    else:
        assert graph is not None
        dataset = read_dataset(graph)
        store = load_store(dataset)
    html = None
    if view:
        from kg.view import render_html

        html = render_html(union_graph(dataset)).encode("utf-8")
    return Endpoint(store, html, writable), dataset
