"""Documentation generated from the ontology: the pyLODE page and the data-model picture."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.docs import DocsError, build_docs, model_edges, publishable, render_html, render_model_png
from kg.vocab import BKG, KIND_TO_CLASS

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "bkg.ttl"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def html() -> str:
    return render_html()


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    return build_docs(out_dir=tmp_path_factory.mktemp("docs"))


def test_publishable_copy_has_one_bilingual_label_per_term(ontology):
    copy = publishable(ontology)
    for term in BKG.__annotations__:
        labels = list(copy.objects(BKG[term], RDFS.label))
        assert len(labels) == 1, term
    assert Literal("product version (产品版本)", lang="en") in set(
        copy.objects(BKG.ProductVersion, RDFS.label)
    )


def test_publishable_copy_drops_reused_declarations(ontology):
    copy = publishable(ontology)
    org = URIRef("http://www.w3.org/ns/org#Organization")
    assert (org, RDF.type, OWL.Class) not in copy
    assert (BKG.Institution, RDFS.subClassOf, org) in copy


@pytest.mark.parametrize("kind", sorted(KIND_TO_CLASS), ids=sorted(KIND_TO_CLASS))
def test_html_documents_every_entity_kind(html, kind):
    assert str(KIND_TO_CLASS[kind]) in html


@pytest.mark.parametrize(
    "text",
    [
        "Bank Strategy Knowledge Graph Ontology (银行战略知识图谱本体)",
        "https://w3id.org/bank-kg/def/bkg/0.3.0",
        "customer segment (客群)",
        "responsible for (负责)",
        "relation from a department or subsidiary to a product, initiative or strategy",
        "部门或子公司与其运营、牵头或供稿报道的产品、行动或战略之间的关系",
    ],
    ids=["title", "version-iri", "class-label", "property-label", "definition-en", "definition-zh"],
)
def test_html_shows_labels_definitions_and_version(html, text):
    assert text in html


def test_html_has_no_concatenated_labels(html):
    assert "product version产品版本" not in html
    assert "Ontology银行" not in html


def test_model_edges_come_from_domains_ranges_and_subclasses(ontology):
    subclass, relations = model_edges(ontology)
    assert ("ProductVersion", "Product") in subclass
    assert ("Institution", "org:Organization") in subclass
    assert relations[("Department", "Product")] == ["responsibleFor"]
    assert "partOf" in relations[("Initiative", "Strategy")]
    assert relations[("qb:Observation", "ReportedEntity")] == ["refEntity"]
    named = {name for names in relations.values() for name in names}
    assert {"hasPart", "supportedBy", "partnerOf"} & named == set()  # inverses drawn once


def test_build_docs_writes_both_files(docs):
    assert docs["html"].name == "ontology.html"
    assert docs["png"].read_bytes().startswith(PNG_MAGIC)
    text = docs["html"].read_text("utf-8")
    assert "<html" in text
    assert "outside organization (外部机构)" in text
    assert not [p for p in docs["html"].parent.iterdir() if p.name.startswith(".")]


def test_page_is_byte_stable(html):
    """pyLODE lists union members from a set and names blank nodes at random; we do not."""
    assert render_html() == html


def test_picture_is_byte_stable(docs):
    assert render_model_png() == docs["png"].read_bytes()


def test_missing_ontology_raises_docs_error(tmp_path):
    with pytest.raises(DocsError, match="no such ontology file"):
        build_docs(out_dir=tmp_path / "docs", ontology_dir=tmp_path)
    assert not (tmp_path / "docs").exists()


def test_rendering_leaves_the_root_logger_alone():
    """pyLODE configures DEBUG logging on import; rendering must not leak it to the user."""
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from kg.docs import render_html\n"
        "render_html()\n"
        "root = logging.getLogger()\n"
        "print(root.level, len(root.handlers))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(logging.WARNING), "0"]
    assert "DEBUG" not in out.stderr
