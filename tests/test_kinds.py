"""The table of kinds (kg/rules/kinds.yaml) against the ontology, and the per-kind
tables the stages derive from it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS

from kg import kinds
from kg.grammar import RuleTableError, load_table
from kg.vocab import BKG, KIND_TO_CLASS, KIND_TO_TYPE, ORG, InstanceNamespaces

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "bkg.ttl"
# Classes under bkg:ReportedEntity that are not kinds a mention can have: Institution
# only groups banks, subsidiaries and outside organisations; a ProductVersion is a
# Product typed so from a versionOf relation, not recognised as a kind of its own.
NOT_KINDS = {"Institution", "ProductVersion"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def _local(iri: object) -> str:
    return str(iri).rpartition("#")[2]


def test_every_kind_is_a_reported_entity_class_of_the_ontology(ontology):
    reported = set(ontology.transitive_subjects(RDFS.subClassOf, BKG.ReportedEntity))
    for kind in kinds.kinds():
        cls = KIND_TO_CLASS[kind.name]
        assert (cls, RDF.type, OWL.Class) in ontology, kind.name
        assert cls in reported, kind.name


def test_every_reported_entity_class_is_a_kind(ontology):
    reported = set(ontology.transitive_subjects(RDFS.subClassOf, BKG.ReportedEntity))
    classes = {_local(c) for c in reported} - {"ReportedEntity"} - NOT_KINDS
    assert classes == set(kinds.names())


@pytest.mark.parametrize("kind", kinds.kinds(), ids=lambda k: k.name)
def test_labels_are_the_ontology_labels(ontology, kind):
    cls = KIND_TO_CLASS[kind.name]
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = set(ontology.objects(cls, prop))
        assert Literal(kind.label_en, lang="en") in labels, (prop, labels)
        assert Literal(kind.label_zh, lang="zh-Hans") in labels, (prop, labels)


def test_the_units_are_the_ontology_units_and_the_groups_subsidiaries(ontology):
    """A unit acts for its bank: the ontology's organisational units, and subsidiaries
    (institutions of the bank's group)."""
    org_units = {_local(c) for c in ontology.subjects(RDFS.subClassOf, ORG.OrganizationalUnit)}
    assert set(kinds.names("unit")) == org_units | {"Subsidiary"}


def test_the_stages_derive_their_tables_from_the_kinds():
    from kg.models import ENTITY_KINDS
    from kg.relations.rules import KIND_CHAR, UNIT_KINDS
    from kg.resolve import BANK_SCOPED, CLASSIFIERS
    from kg.view import KIND_NAMES_ZH, KIND_STYLE

    table = kinds.kinds()
    assert tuple(k.name for k in table) == ENTITY_KINDS
    assert list(KIND_TO_TYPE.items()) == [(k.name, k.type) for k in table]
    assert InstanceNamespaces.TYPES[: len(table)] == tuple(k.type for k in table)
    assert list(KIND_STYLE.items()) == [(k.name, (k.color, k.shape)) for k in table]
    assert [KIND_NAMES_ZH[k.name] for k in table] == [k.view_label for k in table]
    assert {k.name for k in table if k.bank_scoped} == BANK_SCOPED
    assert {k.name: k.classifiers for k in table if k.classifiers} == CLASSIFIERS
    assert {"Department", "Subsidiary", "Branch"} == UNIT_KINDS
    # the skeleton's placeholder of kind k is U+E000+k, the range relations.yaml names
    assert [KIND_CHAR[k.name] for k in table] == [chr(0xE000 + i) for i in range(len(table))]


def test_the_figure_rules_take_their_kinds_from_the_table():
    """The figures package reads the kinds a figure may be about, and those whose names
    may carry numbers, from the kind table."""
    from kg.figures import load_rules

    rules = load_rules()
    assert rules.subject_kinds == set(kinds.names("figure_subject"))
    assert rules.name_kinds == set(kinds.names("numbered_names"))
    assert {"Product", "Branch", "CustomerSegment", "Bank"} <= rules.subject_kinds
    assert "Strategy" not in rules.subject_kinds and "Strategy" in rules.name_kinds


def test_names_with_an_unknown_flag_is_an_error():
    with pytest.raises(ValueError, match="unknown kind flag 'subject'"):
        kinds.names("subject")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[1].update(id=rows[0]["id"]), "id 'kind.bank' is used twice"),
        (lambda rows: rows[1].update(kind="Bank"), "name 'Bank' is used by two kinds"),
        (lambda rows: rows[2].update(type="bank"), "type 'bank' is used by two kinds"),
        (lambda rows: rows[0].pop("view"), "'kind.bank': missing or malformed field 'view'"),
        (lambda rows: rows[0].update(unit="yes"), "'kind.bank': unit is 'yes', not true or false"),
    ],
    ids=["id-twice", "kind-twice", "type-twice", "no-view", "flag-not-bool"],
)
def test_a_malformed_table_names_the_row(change, message):
    rows = copy.deepcopy(load_table(kinds.TABLE))
    change(rows)
    with pytest.raises(RuleTableError, match=message):
        kinds.parse(rows)


def test_the_one_kind_shape_lists_every_kind():
    from rdflib import Namespace
    from rdflib.collection import Collection

    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes = Graph().parse(ONTOLOGY.parent / "shapes.ttl")
    shape = Namespace("https://w3id.org/bank-kg/def/bkg/shapes#").OneKindShape
    members = Collection(shapes, shapes.value(shape, sh.xone))
    listed = {_local(shapes.value(m, sh["class"])) for m in members}
    assert listed == set(kinds.names())
