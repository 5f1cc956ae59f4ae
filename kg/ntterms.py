"""N-Triples terms written as an Oxigraph store dumps them, without a store for each
(:class:`kg.rdfmap.GraphBuilder` writes a document's lines itself)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

_CANONICAL: dict[tuple[str, Any], str] = {}
"""A typed literal's N-Triples form as an Oxigraph store keeps it, by (lexical form,
datatype): a store writes a number or a boolean in its canonical form and an integer of
a derived type (xsd:nonNegativeInteger) as xsd:integer."""

_SELF = ox.NamedNode("urn:kg:canonical")


def nt_terms(nodes: Iterable[Any]) -> dict[Any, str]:
    """Each rdflib IRI or literal as N-Triples, as an Oxigraph store dumps it (Oxigraph
    makes each term: an IRI or a language tag it refuses raises here as in a store; a
    typed literal goes through a store once, for its canonical form)."""
    out: dict[Any, str] = {}
    typed: list[Literal] = []
    for node in nodes:
        if isinstance(node, URIRef):
            ox.NamedNode(node)  # checked as a store checks it
            out[node] = f"<{node}>"
        elif not isinstance(node, Literal):
            raise ValueError(f"no N-Triples form for {node!r} (blank nodes are not made)")
        elif node.datatype is None:
            out[node] = str(ox.Literal(node, language=node.language))
        else:
            found = _CANONICAL.get((str(node), node.datatype))
            if found is None:
                typed.append(node)
            else:
                out[node] = found
    if typed:
        if len(_CANONICAL) > 1 << 16:
            _CANONICAL.clear()
        store = ox.Store()
        store.extend(
            ox.Quad(
                ox.NamedNode(f"urn:kg:{i}"),
                _SELF,
                ox.Literal(n, datatype=ox.NamedNode(str(n.datatype))),
            )
            for i, n in enumerate(typed)
        )
        for quad in store:
            node = typed[int(quad.subject.value[7:])]
            out[node] = _CANONICAL[(str(node), node.datatype)] = str(quad.object)
    return out
