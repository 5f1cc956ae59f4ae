"""Push the dataset into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each graph of the dataset (see :mod:`kg.dataset`) is compared with what the store holds
(``GET``) and sent with ``PUT`` only when it differs, so a rebuilt document replaces its
own graph and nothing else; a document graph of ours that the build no longer has (a
removed document) is deleted. A dry run reports the same plan and sends nothing.

The store is named by its root (``--endpoint``, Oxigraph's layout: ``/store`` for the
Graph Store Protocol, ``/query`` for SPARQL); ``store_url`` and ``query_url`` override the
two for Virtuoso (``/sparql-graph-crud-auth``, ``/sparql``), GraphDB
(``/repositories/R/rdf-graphs/service``, ``/repositories/R``) or Fuseki (``/ds/data``,
``/ds/query``). Credentials go by HTTP Basic or Digest, whichever the server asks for.
Stores without a writable default graph (Virtuoso) can take the shared graph as a named
graph (``default_graph``); every store must then query with its default graph as the union.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal as Kind

import pyoxigraph as ox

from kg.dataset import NamedGraphs

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TIMEOUT = 300


class PushError(Exception):
    """The store cannot be reached, refuses a request or answers what we cannot read."""


@dataclass(frozen=True)
class Target:
    store_url: str
    query_url: str
    user: str | None = None
    password: str | None = None


def target(
    endpoint: str,
    store_url: str | None = None,
    query_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> Target:
    """The Graph Store and query URLs of a server root (Oxigraph's layout by default)."""
    for url in (endpoint, store_url, query_url):
        if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise PushError(f"{url!r} is not an http(s) URL")
    root = endpoint.rstrip("/")
    return Target(store_url or f"{root}/store", query_url or f"{root}/query", user, password)


@dataclass(frozen=True)
class GraphChange:
    """What a push does to one graph: ``graph`` is None for the store's default graph."""

    graph: str | None
    action: Kind["add", "replace", "delete", "same"]
    triples: int
    """How many triples the graph has after the push."""
    before: int
    """How many triples the store held in it before."""


class _Client:
    def __init__(self, target: Target) -> None:
        self.target = target
        handlers: list[urllib.request.BaseHandler] = []
        if target.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (target.store_url, target.query_url):
                passwords.add_password(None, url, target.user, target.password or "")
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        self.opener = urllib.request.build_opener(*handlers)

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> tuple[int, str, bytes]:
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=TIMEOUT) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return 404, "", b""
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
            raise PushError(
                f"{method} {url}: HTTP {exc.code} {exc.reason} {detail}".rstrip()
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"{method} {url}: cannot reach the store ({reason})") from exc


def _graph_url(store_url: str, graph: str | None) -> str:
    sep = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{sep}default"
    return f"{store_url}{sep}" + urllib.parse.urlencode({"graph": graph})


def _key(t: ox.Triple) -> tuple[str, str, str]:
    """A triple as the store will give it back: language tags lower-cased (Oxigraph and
    others normalise them) and xsd:string the same as a plain literal."""
    o = t.object
    if isinstance(o, ox.Literal):
        if o.language:
            obj = f'"{o.value}"@{o.language.lower()}'
        elif o.datatype.value == _XSD_STRING:
            obj = f'"{o.value}"'
        else:
            obj = f'"{o.value}"^^<{o.datatype.value}>'
    else:
        obj = str(o)
    return (str(t.subject), str(t.predicate), obj)


def _parse_graph(body: bytes, content_type: str, url: str) -> set[tuple[str, str, str]]:
    media = content_type.split(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media) if media else ox.RdfFormat.N_TRIPLES
    if fmt is None:
        raise PushError(f"GET {url}: the store answered {media!r}, not an RDF graph")
    try:
        return {_key(q.triple) for q in ox.parse(body, format=fmt)}
    except SyntaxError as exc:
        raise PushError(f"GET {url}: cannot read the graph the store sent ({exc})") from exc


def _turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    out = ox.serialize(list(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return out or b""


def _remote_graphs(client: _Client) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = client.target.query_url
    _, _, body = client.request(
        "POST",
        url,
        urllib.parse.urlencode({"query": query}).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        bindings = json.loads(body)["results"]["bindings"]
        return {b["g"]["value"] for b in bindings if "g" in b}
    except (ValueError, KeyError, TypeError) as exc:
        raise PushError(f"POST {url}: not a SPARQL JSON result ({exc})") from exc


def push(
    dataset: NamedGraphs,
    where: Target,
    dry_run: bool = False,
    default_graph: str | None = None,
) -> list[GraphChange]:
    """Make the store hold the dataset: PUT each graph that differs, DELETE document graphs
    of ours the dataset no longer has. Returns the change to each graph, in graph order."""
    client = _Client(where)
    prefixes = dict(dataset.prefixes)
    wanted: list[tuple[str | None, tuple[ox.Triple, ...]]] = [
        (default_graph, dataset.default),
        *dataset.graphs,
    ]
    changes = []
    for graph, triples in wanted:
        url = _graph_url(where.store_url, graph)
        status, ctype, body = client.request(
            "GET", url, headers={"Accept": "application/n-triples"}, missing_ok=True
        )
        held = set() if status == 404 else _parse_graph(body, ctype, url)
        ours = {_key(t) for t in triples}
        if status == 404 or (not held and ours):
            action: Kind["add", "replace", "delete", "same"] = "add"
        else:
            action = "same" if held == ours else "replace"
        if action != "same" and not dry_run:
            client.request(
                "PUT",
                url,
                _turtle(triples, prefixes),
                {"Content-Type": "text/turtle; charset=utf-8"},
            )
        changes.append(GraphChange(graph, action, len(ours), len(held)))
    # document graphs of ours the build no longer has: same namespace, not in the dataset
    names = set(dataset.names())
    roots = {name.rsplit("/id/doc/", 1)[0] + "/id/doc/" for name in names if "/id/doc/" in name}
    if roots:
        for graph in sorted(_remote_graphs(client) - names):
            if graph.endswith("/graph") and any(graph.startswith(r) for r in roots):
                url = _graph_url(where.store_url, graph)
                if not dry_run:
                    client.request("DELETE", url)
                changes.append(GraphChange(graph, "delete", 0, -1))
    return changes


def remote_select(
    query_url: str,
    query: str,
    bindings: dict[str, str] | None = None,
    user: str | None = None,
    password: str | None = None,
) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """Run a SELECT over HTTP (SPARQL 1.1 Protocol, POST): the columns and each row's values.

    ``bindings`` (name -> N-Triples term) go as ``$name`` parameters, which kg serve,
    RDF4J and GraphDB bind; other stores need the parameters in the query's own text.
    """
    client = _Client(Target(query_url, query_url, user, password))
    form = {"query": query, **{f"${k}": v for k, v in (bindings or {}).items()}}
    _, _, body = client.request(
        "POST",
        query_url,
        urllib.parse.urlencode(form).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        data = json.loads(body)
        columns = tuple(data["head"]["vars"])
        rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise PushError(f"POST {query_url}: not a SPARQL JSON result ({exc})") from exc
    return columns, rows
