"""The RDF mapping: the graph it writes has the shape the ontology and its shapes describe."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.graphio import serialize
from kg.models import Document, DocumentExtraction, Mention, Observation, Relation, Sentence, Span
from kg.rdfmap import build_graph, decimal_literal, document_part, expand_curie, prefixes
from kg.resolve import resolve
from kg.validate import format_report, validate
from kg.vocab import BKG, BKGU, QB, SDMX_MEASURE, UNIT

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "bkg.ttl"


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        (Decimal("185415.10"), "185415.1"),
        (Decimal("3.85E+8"), "385000000"),
        (Decimal("-0"), "0"),
        (Decimal("0.050"), "0.05"),
        (Decimal("-7025.23"), "-7025.23"),
    ],
    ids=["trailing-zero", "exponent", "negative-zero", "small", "negative"],
)
def test_decimal_literal_is_plain_positional(value, lexical):
    literal = decimal_literal(value)
    assert str(literal) == lexical
    assert literal.datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.mark.parametrize(
    ("curie", "iri"),
    [
        ("unit:PERCENT", UNIT.PERCENT),
        ("bkgu:HU", BKGU.HU),
        ("https://x.org/u", URIRef("https://x.org/u")),
    ],
    ids=["qudt", "local", "full-iri"],
)
def test_expand_curie(curie, iri):
    assert expand_curie(curie) == iri


def _extraction(
    sentences: list[str], figures: list[tuple[int, str]], name: str = "report.txt"
) -> DocumentExtraction:
    """A hand-made extraction: the bank, a department responsible for an app, one figure
    (个人存款 at the end of 2024) printed once per (sentence, printing) in ``figures``."""
    text = "".join(sentences)
    starts = [sum(len(s) for s in sentences[:i]) for i in range(len(sentences))]
    doc = Document(
        name=name,
        path=Path(name),
        text=text,
        encoding="utf-8",
        sha256="1" * 64,
        bank="工商银行",
        reference_date=date(2024, 12, 31),
    )

    def span(sentence: int, fragment: str) -> Span:
        start = starts[sentence] + sentences[sentence].index(fragment)
        return Span(doc.name, start, start + len(fragment), fragment)

    sents = tuple(
        Sentence(doc.name, i, starts[i], starts[i] + len(s), s) for i, s in enumerate(sentences)
    )
    last = len(sentences) - 1
    dept_text, product_text = sentences[last][:5], sentences[last][7:11]
    dept = Mention(
        dept_text, "网络金融部", "Department", span(last, dept_text), last, "entity.test"
    )
    product = Mention(
        product_text, "手机银行", "Product", span(last, product_text), last, "entity.test"
    )
    observations = tuple(
        Observation(
            subject=None,
            metric="个人存款",
            value=Decimal("1234567000000"),
            unit="元",
            date=date(2024, 12, 31),
            raw=printed,
            span=span(i, printed),
            sentence=i,
            rule="observation.test",
        )
        for i, printed in figures
    )
    relation = Relation(
        dept, "responsibleFor", product, span(last, sentences[last][:11]), last, "relation.test"
    )
    return DocumentExtraction(doc, sents, (dept, product), observations, (relation,))


CASES = {
    "simplified": (
        [
            "2024年末，本行个人存款余额12,345.67亿元。",
            "个人存款（百万元）：1,234,567。",
            "网络金融部负责手机银行建设。",
        ],
        [(0, "12,345.67亿元"), (1, "1,234,567")],
    ),
    "traditional": (
        [
            "2024年末，本行個人存款餘額12,345.67億元。",
            "個人存款餘額12,345.67億元，與上文相同。",
            "網絡金融部負責手機銀行建設。",
        ],
        [(0, "12,345.67億元"), (1, "12,345.67億元")],
    ),
}


@pytest.fixture(params=sorted(CASES), ids=sorted(CASES))
def mapped(request) -> Graph:
    sentences, figures = CASES[request.param]
    ex = _extraction(sentences, figures)
    return build_graph([ex], resolve([ex]))


def test_mapped_graph_conforms_to_the_shapes(mapped):
    report = validate(mapped)
    assert report.results == (), format_report(report, per_shape=None)


def test_a_figure_printed_twice_is_one_observation_with_two_spans(mapped):
    (obs,) = set(mapped.subjects(RDF.type, QB.Observation))
    assert len(set(mapped.objects(obs, PROV.wasDerivedFrom))) == 2
    assert set(mapped.objects(obs, SDMX_MEASURE.obsValue)) == {
        decimal_literal(Decimal("1234567000000"))
    }
    printed = {str(v) for v in mapped.objects(obs, BKG.printedValue)}
    assert printed <= {"12,345.67亿元", "1,234,567", "12,345.67億元"}


def test_different_figures_stay_apart():
    ex = _extraction(
        ["2024年末，本行个人存款余额12,345.67亿元。", "网络金融部负责手机银行建设。"],
        [(0, "12,345.67亿元")],
    )
    other = Observation(
        subject=None,
        metric="个人存款",
        value=Decimal("1234500000000"),
        unit="元",
        date=date(2024, 12, 31),
        raw="12,345亿元",
        span=ex.observations[0].span,
        sentence=0,
        rule="observation.test",
    )
    ex = DocumentExtraction(
        ex.document, ex.sentences, ex.mentions, (*ex.observations, other), ex.relations
    )
    graph = build_graph([ex], resolve([ex]))
    assert len(set(graph.subjects(RDF.type, QB.Observation))) == 2
    report = validate(graph)
    assert {r.shape.rsplit("#", 1)[-1] for r in report.results} == {"DuplicateObservationShape"}


def test_mapping_is_deterministic():
    sentences, figures = CASES["simplified"]
    outputs = set()
    for _ in range(2):
        ex = _extraction(sentences, figures)
        outputs.add(serialize(build_graph([ex], resolve([ex])), "ttl", prefixes()))
    assert len(outputs) == 1


def test_documents_mapped_elsewhere_make_the_same_graph():
    """Each document's own triples made apart (as worker processes make them, returned as
    N-Triples) and loaded: the same bytes as mapping every document here."""
    exs = [
        _extraction(*CASES[case], name=f"{case}.txt")
        for case in ("simplified", "traditional", "simplified")
    ]
    exs[2] = _extraction(*CASES["simplified"], name="again.txt")
    resolution = resolve(exs)
    made_here = build_graph(exs, resolution)
    seen = []

    def parts(ids, run):
        for chunk in (exs[:1], exs[1:]):
            data, rules = document_part(chunk, resolution, ids, run)
            seen.append((len(data) > 0, sorted(rules)))
            yield data, rules

    made_apart = build_graph(exs, resolution, parts=parts)
    assert seen == [(True, ["entity.test", "observation.test", "relation.test"])] * 2
    assert len(made_apart) == len(made_here)
    assert serialize(made_apart, "ttl", prefixes()) == serialize(made_here, "ttl", prefixes())


def test_data_structure_components_are_typed_by_the_ontology(mapped):
    """Every dimension and attribute of the written DSD is declared as such in bkg.ttl."""
    ontology = Graph().parse(ONTOLOGY)
    for kind, role in ((QB.dimension, QB.DimensionProperty), (QB.attribute, QB.AttributeProperty)):
        for prop in mapped.objects(None, kind):
            assert (prop, RDF.type, role) in ontology, prop
    measures = set(mapped.objects(None, QB.measure))
    assert measures == {SDMX_MEASURE.obsValue}


def test_statement_carries_the_relation_evidence(mapped):
    (stmt,) = set(mapped.subjects(RDF.type, BKG.ExtractedStatement))
    s, p, o = (mapped.value(stmt, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    assert p == BKG.responsibleFor
    assert (s, p, o) in mapped
    (span,) = set(mapped.objects(stmt, PROV.wasDerivedFrom))
    assert (span, BKG.extractedBy, None) in mapped
    assert (s, BKG.ofBank, None) in mapped
    assert Literal("网络金融部", lang="zh-Hans") in set(
        mapped.objects(s, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    )


def test_relation_context_is_a_span_of_its_own_sentence():
    sentences = ["深化科技金融。", "本行推出科创贷。"]
    ex = _extraction([*sentences, "网络金融部负责手机银行建设。"], [])
    rel = ex.relations[0]
    context = Span(ex.document.name, 2, 6, "科技金融")
    ex = DocumentExtraction(
        ex.document,
        ex.sentences,
        ex.mentions,
        (),
        (replace(rel, context=context, context_sentence=0),),
    )
    graph = build_graph([ex], resolve([ex]))
    (stmt,) = set(graph.subjects(RDF.type, BKG.ExtractedStatement))
    (evidence,) = set(graph.objects(stmt, PROV.wasDerivedFrom))
    (ctx,) = set(graph.objects(evidence, BKG.contextSpan))
    assert graph.value(ctx, BKG.inSentence) != graph.value(evidence, BKG.inSentence)
    assert (ctx, RDF.type, BKG.TextSpan) in graph
    report = validate(graph)
    assert report.results == (), format_report(report, per_shape=None)


@pytest.mark.parametrize("script", sorted(CASES))
def test_the_subject_step_of_the_first_printing_is_recorded_once(script):
    sentences, figures = CASES[script]
    ex = _extraction(sentences, figures)
    first, second = ex.observations
    ex = replace(
        ex,
        observations=(
            replace(first, subject_rule="obs.subject.bank"),
            replace(second, subject_rule="obs.subject.table_bank"),
        ),
    )
    graph = build_graph([ex], resolve([ex]))
    (obs,) = set(graph.subjects(RDF.type, QB.Observation))
    (step,) = set(graph.objects(obs, BKG.subjectRule))
    assert str(step).endswith("/obs.subject.bank")
    assert (step, RDF.type, BKG.ExtractionRule) in graph
    assert validate(graph).results == ()


@pytest.mark.parametrize(
    "text",
    ["本行全面深化“星河做优、银河做强”战略。", "本行全面深化「星河做優、銀河做強」戰略。"],
    ids=["hans", "hant"],
)
def test_an_end_the_relation_stage_built_is_a_mention_in_the_graph(nlp, text):
    """The whole of 「A、B」战略 has no mention from the recogniser; the relation stage
    builds it from the quote, and the graph records that span as its mention, with the
    rule that built it, so the strategy belongs to the document like any other."""
    from conftest import make_document

    from kg.pipeline import extract_document

    ex = extract_document(nlp, make_document(text, bank="星河银行"))
    graph = build_graph([ex], resolve([ex]))
    (whole,) = set(graph.objects(None, BKG.partOf))
    assert str(graph.value(whole, SKOS.prefLabel)) == "星河做优、银河做强"
    (span,) = set(graph.subjects(BKG.denotes, whole))
    assert str(graph.value(span, BKG.extractedBy)).endswith("/rule/relation.partof.listed-frame")
    assert validate(graph).results == ()


def _store_dump(triples) -> set[bytes]:
    """What a builder writing into an Oxigraph store gives, dumped as N-Triples lines."""
    import pyoxigraph as ox

    from kg.rdfmap import GraphBuilder, _to_ox
    from kg.vocab import InstanceNamespaces

    graph = Graph(store="Oxigraph")
    builder = GraphBuilder(graph, InstanceNamespaces(), resolve([]))
    for triple in triples:
        builder.add(*triple)
    builder.flush()
    store = graph.store._inner
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_to_ox(graph.identifier))
    return set(data.splitlines(keepends=True))


def _written_lines(builder, graph) -> set[bytes]:
    """The N-Triples lines a builder wrote: its own lines (each triple once) when it has no
    graph, else what the Oxigraph store of its graph dumps."""
    import pyoxigraph as ox

    from kg.rdfmap import _to_ox

    if graph is None:
        lines = builder.ntriples().splitlines(keepends=True)
        assert len(lines) == len(set(lines))
        return set(lines)
    builder.flush()
    data = graph.store._inner.dump(
        format=ox.RdfFormat.N_TRIPLES, from_graph=_to_ox(graph.identifier)
    )
    return set(data.splitlines(keepends=True))


def test_a_builder_without_a_graph_writes_the_lines_a_store_dumps():
    """Mapping a document straight to N-Triples (no store filled and dumped again) gives
    the lines an Oxigraph store gives, to the byte: its escapes, its lower-case language
    tags, its canonical numbers (a derived integer type written as xsd:integer, 1.50 as
    1.5, a boolean 1 as true), each triple once."""
    from rdflib.namespace import XSD

    from kg.rdfmap import GraphBuilder
    from kg.vocab import InstanceNamespaces

    node = URIRef("https://example.org/test/node")
    quote = '招商卡"升级"版\n第二行\t制表 \\ 反斜线\x07铃声'
    triples = [
        (node, SKOS.prefLabel, Literal("绿色信贷余额", lang="zh-Hans")),
        (node, SKOS.prefLabel, Literal("綠色信貸餘額", lang="ZH-Hant")),
        (node, SKOS.altLabel, Literal(quote)),
        (node, SKOS.altLabel, Literal("a string", datatype=XSD.string)),
        (node, BKG.page, Literal(12, datatype=XSD.positiveInteger)),
        (node, BKG.sentenceIndex, Literal("007", datatype=XSD.nonNegativeInteger)),
        (node, BKG.sentenceIndex, Literal(7, datatype=XSD.integer)),  # the same once stored
        (node, SDMX_MEASURE.obsValue, Literal("1.50", datatype=XSD.decimal)),
        (node, BKG.referenceDate, Literal(date(2025, 6, 30))),
        (node, BKG.obsStatus, Literal("1", datatype=XSD.boolean)),
        (node, BKG.obsStatus, Literal("1", datatype=XSD.boolean)),  # twice: once
        (node, PROV.wasDerivedFrom, URIRef("https://example.org/test/节点")),
    ]
    builder = GraphBuilder(None, InstanceNamespaces(), resolve([]))
    for triple in triples:
        builder.add(*triple)
    lines = builder.ntriples().splitlines(keepends=True)
    assert len(lines) == len(set(lines)) == 10
    assert set(lines) == _store_dump(triples)
    # the same terms again (now remembered) are written the same way
    again = GraphBuilder(None, InstanceNamespaces(), resolve([]))
    for triple in triples:
        again.add(*triple)
    assert again.ntriples() == b"".join(lines)


@pytest.mark.parametrize("pages", [(), (0, 40, 95)], ids=["text", "pages"])
def test_spans_and_sentences_written_as_lines_are_what_a_store_dumps(pages):
    """A builder without a graph writes the spans' and sentences' selectors as N-Triples
    lines itself (no rdflib terms): the lines an Oxigraph store dumps for the same spans,
    quotes that need escapes and page numbers included, each triple once, the node of a
    span and its sentence's node linked as a builder with a graph links them."""

    from kg.rdfmap import GraphBuilder
    from kg.vocab import InstanceNamespaces

    doc = "年报_2031.txt"
    sentences = [
        Sentence(doc, 0, 3, 30, '瑞福卡"升级"版上线。\n第二行\t制表 \\ 反斜线'),
        Sentence(doc, 1, 41, 97, "錦鯉貸餘額增長兩成。"),
    ]
    spans = [
        (Span(doc, 3, 8, '瑞福卡"升级"'), 0, "entity.product.quoted"),
        (Span(doc, 41, 44, "錦鯉貸"), 1, "entity.product.suffix"),
        (Span(doc, 41, 44, "錦鯉貸"), 1, "entity.product.suffix"),  # the same span again
        (Span(doc, 96, 97, "成"), 1, "figure.growth_rate"),
    ]
    dumped = []
    for graph in (Graph(store="Oxigraph"), None):
        builder = GraphBuilder(graph, InstanceNamespaces(), resolve([]))
        builder.pages = {doc: pages} if pages else {}
        nodes = [builder.add_evidence(span, i, rule) for span, i, rule in spans]
        nodes += [builder.add_sentence(s) for s in sentences]
        builder.add(nodes[0], BKG.denotes, URIRef("https://example.org/test/瑞福卡"))
        dumped.append(_written_lines(builder, graph))
        if graph is None:
            # a selector's IRI is its checked node's with a fragment: not checked again
            assert not [iri for iri in builder._iris if iri.endswith(("#position", "#quote"))]
    store_lines, own_lines = dumped
    assert own_lines == store_lines
    builder = GraphBuilder(None, InstanceNamespaces(), resolve([]))
    with pytest.raises(ValueError):  # a second fragment, as a store refuses it
        builder.add_selectors(URIRef("https://example.org/t/a#b"), doc, 1, 2, "瑞")
        builder.ntriples()
    assert len(own_lines) == 3 * 12 + 2 * 10 + 1 + (5 if pages else 0)
    assert any(b"#page> " in line for line in own_lines) == bool(pages)


def test_a_builder_without_a_graph_refuses_an_iri_a_store_refuses():
    from kg.rdfmap import GraphBuilder
    from kg.vocab import InstanceNamespaces

    builder = GraphBuilder(None, InstanceNamespaces(), resolve([]))
    builder.add(URIRef("https://example.org/test/有 空格"), RDF.type, BKG.Document)
    with pytest.raises(ValueError):
        builder.ntriples()


@pytest.mark.parametrize("case", ["simplified", "traditional"])
def test_a_metric_measure_period_and_unit_are_described_once_per_builder(case):
    """Two printings of one figure share the metric, the measure, the period and the
    unit: their triples are added once, not once per printing; the graph is the same."""
    from kg.rdfmap import GraphBuilder, run_iri
    from kg.vocab import InstanceNamespaces

    ex = _extraction(*CASES[case])
    assert len(ex.observations) == 2
    resolution = resolve([ex])
    ids = InstanceNamespaces()
    builder = GraphBuilder(None, ids, resolution)
    added = []
    real_add = builder.add

    def add(s, p, o):
        added.append(s)
        real_add(s, p, o)

    builder.add = add  # type: ignore[method-assign]
    builder.add_extraction(ex, run_iri(ids, [ex]))
    metric = next(o for s, p, o in _triples(builder) if p == BKG.indicator)
    assert added.count(metric) == 4  # two types, its scheme, its label
    assert added.count(UNIT.CCY_CNY) == 2  # its type and symbol
    lines = builder.ntriples().decode().splitlines()
    assert sum(line.startswith(f"<{metric}> ") for line in lines) == 4


def _triples(builder):
    """The (s, p, o) a builder without a graph holds, read back from its N-Triples."""
    graph = Graph().parse(data=builder.ntriples().decode(), format="nt")
    return list(graph)


def test_the_mappings_namespaces_make_each_term_once():
    """kg.rdfmap reads the vocabulary through namespaces that keep each term once made:
    the same terms as rdflib's and kg.vocab's (attributes, items, the namespace's own
    IRI), the same object at every read."""
    from rdflib.namespace import RDF as RDFLIB_RDF
    from rdflib.namespace import XSD as RDFLIB_XSD

    from kg import rdfmap, vocab

    assert rdfmap.BKG.page == vocab.BKG.page and isinstance(rdfmap.BKG.page, URIRef)
    assert rdfmap.BKG.page is rdfmap.BKG.page
    assert rdfmap.RDF.type == RDFLIB_RDF.type and rdfmap.XSD.decimal == RDFLIB_XSD.decimal
    assert rdfmap.BKG["partOf"] == vocab.BKG.partOf and rdfmap.UNIT["CNY"] == vocab.UNIT["CNY"]
    assert str(rdfmap.QB) == str(vocab.QB) and str(rdfmap.RDF) == str(RDFLIB_RDF)
    assert rdfmap.prefixes()["bkg"] == str(vocab.BKG._NS)
    with pytest.raises(AttributeError):
        rdfmap.BKG.noSuchTerm  # noqa: B018 (the vocabulary is closed)


@pytest.mark.parametrize("case", ["simplified", "traditional"])
def test_observations_written_as_lines_are_what_a_store_dumps(case):
    """A builder without a graph writes each figure's own triples as N-Triples lines
    itself (its IRIs made as text, no rdflib term per figure): the lines an Oxigraph store
    dumps for a builder with a graph, with a qualifier, a basis, a direction, a period
    covered, a subject rule, a planned figure, values that are equal but printed
    differently (1.50, 1.5) and a negative zero; each triple once."""

    from kg.rdfmap import GraphBuilder, run_iri
    from kg.vocab import InstanceNamespaces

    ex = _extraction(*CASES[case])
    first, second = ex.observations
    extra = (
        replace(
            first,
            value=Decimal("1.50"),
            unit="%",
            measure="growthRate",
            basis="同比",
            direction="增長" if case == "traditional" else "增长",
            qualifier="约",
            period="2024",
            subject_rule="subject.test_rule",
        ),
        replace(
            second,
            value=Decimal("1.5"),
            unit="%",
            measure="growthRate",
            basis="同比",
            planned=True,
            subject_rule="subject.other",
        ),
        replace(first, value=Decimal("-0"), measure="change", basis="较上年末"),
    )
    ex = replace(ex, observations=ex.observations + extra)
    resolution = resolve([ex])
    ids = InstanceNamespaces()
    dumped = []
    for graph in (Graph(store="Oxigraph"), None):
        builder = GraphBuilder(graph, ids, resolution)
        builder.add_extraction(ex, run_iri(ids, [ex]))
        dumped.append(_written_lines(builder, graph))
    assert dumped[1] == dumped[0]
    text = b"".join(dumped[1]).decode()
    for word in ("subjectRule", "periodCovered", "comparisonBasis", "direction", "Planned"):
        assert word in text


@pytest.mark.parametrize("case", ["simplified", "traditional"])
def test_mentions_and_rules_written_as_lines_are_what_a_store_dumps(case):
    """A builder without a graph writes a mention's bkg:denotes line itself (the entity's
    IRI made as text) and takes each rule's lines made once per process: the lines an
    Oxigraph store dumps for a builder with a graph, for a second builder too."""

    from kg import rdfmap
    from kg.rdfmap import GraphBuilder, add_rules, run_iri
    from kg.vocab import InstanceNamespaces

    ex = _extraction(*CASES[case])
    ids = InstanceNamespaces("https://example.org/kg-rules-test/")
    resolution = resolve([ex])
    run, agent = run_iri(ids, [ex]), URIRef("https://example.org/kg-rules-test/agent")
    rules = {m.rule for m in ex.mentions} | {"figure.growth_rate"}
    dumped = []
    for graph in (Graph(store="Oxigraph"), None, None):
        builder = GraphBuilder(graph, ids, resolution)
        for mention in ex.mentions:
            builder.add_mention(mention)
        add_rules(builder, rules, run, agent)
        dumped.append(_written_lines(builder, graph))
    assert dumped[0] == dumped[1] == dumped[2]
    assert sum(b"#denotes> " in line for line in dumped[0]) == len(ex.mentions) > 0
    assert len(rules) == sum(
        (str(ids["rule"]), str(run), str(agent), r) in rdfmap._RULE_LINES for r in rules
    )
