"""kg.coldimport: spaCy and oxrdflib imported through ``kg`` leave spaCy's command line
and rdflib's SPARQL engine unloaded, and are otherwise as usual: ``spacy.info``,
``import spacy.cli``, a blank pipeline, SPARQL through rdflib's API on an Oxigraph store,
a prepared query. Each probe runs in a new interpreter (an import happens once per
process)."""

from __future__ import annotations

import json
import subprocess
import sys

SPACY = """
import json, sys
if sys.argv[1] == "spacy":
    import spacy
import kg.nlp
import spacy
out = {
    "typer_before_cli": "typer" in sys.modules,
    "weasel_before_cli": "weasel" in sys.modules,
    "loader": type(spacy.__spec__.loader).__name__,
    "stand_ins": [m for m in ("spacy.cli", "spacy.cli.info") if m in sys.modules],
    "tokens": [t.text for t in spacy.blank("zh")("平安银行")],
    "info_version": spacy.info()["spacy_version"] == spacy.__version__,
}
import spacy.cli
out["download"] = callable(spacy.cli.download)
out["typer_after_cli"] = "typer" in sys.modules
print(json.dumps(out))
"""

SPARQL = """
import json, sys
if sys.argv[1] == "sparql":
    import rdflib.plugins.sparql
import kg
from rdflib import Graph, Literal, URIRef
g = Graph(store="Oxigraph")
g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
out = {"engine_before": "rdflib.plugins.sparql" in sys.modules}
q = "SELECT ?o WHERE { <urn:a> <urn:p> ?o }"
out["store_query"] = [str(r[0]) for r in g.query(q)]
out["engine_after_store_query"] = "rdflib.plugins.sparql" in sys.modules
from rdflib.plugins.sparql import prepareQuery
out["prepared_query"] = [str(r[0]) for r in g.query(prepareQuery(q))]
import oxrdflib.store as store
out["stand_in_knows_real"] = isinstance(prepareQuery(q), store.Query)
out["finders_before_spacy"] = [type(f).__module__ for f in sys.meta_path if "kg" in type(f).__module__]
import spacy
out["finders"] = [type(f).__module__ for f in sys.meta_path if "kg" in type(f).__module__]
print(json.dumps(out))
"""


def _probe(code: str, first: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, first], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_spacy_through_kg_leaves_its_command_line_until_asked():
    out = _probe(SPACY, "kg")
    assert out["typer_before_cli"] is False
    assert out["weasel_before_cli"] is False
    assert out["loader"] == "SourceFileLoader"  # spaCy's own loader again
    assert out["stand_ins"] == []  # gone once spaCy was imported
    assert out["tokens"] == ["平", "安", "银", "行"]  # a blank pipeline cuts characters
    assert out["info_version"] is True  # spacy.info() runs the real one
    assert out["download"] is True and out["typer_after_cli"] is True


def test_spacy_imported_before_kg_is_left_alone():
    out = _probe(SPACY, "spacy")
    assert out["typer_before_cli"] is True
    assert out["tokens"] == ["平", "安", "银", "行"]
    assert out["info_version"] is True
    assert out["download"] is True


def test_oxrdflib_through_kg_leaves_rdflibs_sparql_engine_until_asked():
    out = _probe(SPARQL, "kg")
    assert out["engine_before"] is False
    assert out["store_query"] == ["x"]  # run by Oxigraph
    assert out["engine_after_store_query"] is False
    assert out["prepared_query"] == ["x"]  # oxrdflib refuses it, rdflib's engine runs it
    assert out["stand_in_knows_real"] is True
    assert out["finders_before_spacy"] == ["kg.coldimport"]  # waiting for spaCy
    assert out["finders"] == []  # the finder left sys.meta_path once both were imported


def test_rdflibs_sparql_engine_imported_before_kg_is_used_as_it_is():
    out = _probe(SPARQL, "sparql")
    assert out["engine_before"] is True
    assert out["store_query"] == ["x"]
    assert out["prepared_query"] == ["x"]
    assert out["stand_in_knows_real"] is True
