"""The named queries: documented, safe, deterministic, and right on two graphs.

Each query is checked twice. On a small *composed* graph (two documents written here
in the style of bank reports, one in traditional script, mapped to RDF by the real
resolver and GraphBuilder) the exact answer is known, so the assertions are exact.
On the seeds graph, whose content grows as extraction improves, the assertions are
the ones that follow from the model and from robust facts of the seeds.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTRACT_COLUMNS
from rdflib import Graph, URIRef

from kg import queries
from kg.models import Document, DocumentExtraction, Mention, Observation, Relation, Sentence, Span
from kg.queries import QUERIES_DIR, QueryError
from kg.rdfmap import build_graph
from kg.resolve import resolve
from kg.vocab import BKG

NAMES = queries.available()
CONTRACT = CONTRACT_COLUMNS
# values for the parameters that have no default, on the seeds graph
SEEDS_PARAMS = {
    "document": {"doc": "004_7dcf2261e12734e7.txt"},
    "provenance": {"subject": "工商银行"},
}

# ----------------------------------------------------------------- composed graph
DOC_2020 = "a2020.txt"
DOC_2024 = "b2024.txt"
TEXTS = {
    DOC_2020: (
        "工行通讯 第一个人金融银行专版\n"
        "手机银行是打造第一个人金融银行的主力军。"
        "美好家园版是手机银行面向县域客户的版本，一键贷是美好家园版的特色功能。"
        "截至6月末，手机银行客户数达到3.85亿户。"
        "贵金属业务部以“文化兴金”行动服务第一个人金融银行，积存金是文化兴金的主打产品，并与网络金融部联动。"
        "积存金上线京东金融平台，荣获依兰奖。\n"
        "供稿：网络金融部\n"
    ),
    DOC_2024: (
        "2024年末，手機銀行客戶數超5.5億戶。"
        "手機銀行與騰訊合作推出新功能。"
        "手機銀行獲評《亞洲銀行家》「2024年度最佳手機銀行」。"
        "個人存款185,415.10億元。"
    ),
}
REFERENCE = {DOC_2020: date(2020, 6, 30), DOC_2024: date(2024, 12, 31)}
TITLES = {DOC_2020: "工行通讯 第一个人金融银行专版", DOC_2024: "2024年度报告 节选"}
# (doc, surface, kind, normalised name); the first occurrence in a sentence is used
MENTIONS = [
    (DOC_2020, "第一个人金融银行", "Strategy", "第一个人金融银行"),
    (DOC_2020, "手机银行", "Product", "手机银行"),
    (DOC_2020, "美好家园版", "Product", "美好家园版"),
    (DOC_2020, "县域客户", "CustomerSegment", "县域客户"),
    (DOC_2020, "一键贷", "Product", "一键贷"),
    (DOC_2020, "贵金属业务部", "Department", "贵金属业务部"),
    (DOC_2020, "文化兴金", "Initiative", "文化兴金"),
    (DOC_2020, "积存金", "Product", "积存金"),
    (DOC_2020, "网络金融部", "Department", "网络金融部"),
    (DOC_2020, "京东金融", "Organization", "京东金融"),
    (DOC_2020, "依兰奖", "Award", "依兰奖"),
    (DOC_2024, "手機銀行", "Product", "手机银行"),
    (DOC_2024, "騰訊", "Organization", "腾讯"),
    (DOC_2024, "亞洲銀行家", "Organization", "亚洲银行家"),
    (DOC_2024, "2024年度最佳手機銀行", "Award", "2024年度最佳手机银行"),
]
# (doc, subject surface, predicate, object surface, a phrase of the sentence, giver surface)
RELATIONS = [
    (DOC_2020, "手机银行", "supports", "第一个人金融银行", "主力军", None),
    (DOC_2020, "美好家园版", "versionOf", "手机银行", "面向县域客户", None),
    (DOC_2020, "美好家园版", "targets", "县域客户", "面向县域客户", None),
    (DOC_2020, "一键贷", "partOf", "美好家园版", "特色功能", None),
    (DOC_2020, "文化兴金", "supports", "第一个人金融银行", "主打产品", None),
    (DOC_2020, "积存金", "supports", "文化兴金", "主打产品", None),
    (DOC_2020, "贵金属业务部", "responsibleFor", "文化兴金", "主打产品", None),
    (DOC_2020, "贵金属业务部", "responsibleFor", "积存金", "主打产品", None),
    (DOC_2020, "贵金属业务部", "collaboratesWith", "网络金融部", "联动", None),
    (DOC_2020, "积存金", "partnersWith", "京东金融", "京东金融平台", None),
    (DOC_2020, "积存金", "received", "依兰奖", "依兰奖", None),
    (DOC_2020, "网络金融部", "responsibleFor", "手机银行", "供稿", None),
    (DOC_2024, "手機銀行", "partnersWith", "騰訊", "合作", None),
    (DOC_2024, "手機銀行", "received", "2024年度最佳手機銀行", "獲評", "亞洲銀行家"),
]


def _sentences(doc: str) -> list[Sentence]:
    text = TEXTS[doc]
    out: list[Sentence] = []
    for m in re.finditer(r"[^。\n]+[。\n]?", text):
        out.append(Sentence(doc, len(out), m.start(), m.end(), m.group()))
    return out


def _sentence_of(doc: str, phrase: str) -> Sentence:
    return next(s for s in _sentences(doc) if phrase in s.text)


def _span(doc: str, start: int, end: int) -> Span:
    return Span(doc, start, end, TEXTS[doc][start:end])


def _mentions() -> dict[tuple[str, str, int], Mention]:
    """Every occurrence of every surface form, keyed by (doc, surface, sentence)."""
    out = {}
    for doc, surface, kind, name in MENTIONS:
        for sentence in _sentences(doc):
            pos = sentence.text.find(surface)
            if pos < 0 or (doc, surface, sentence.index) in out:
                continue
            start = sentence.start + pos
            out[(doc, surface, sentence.index)] = Mention(
                surface,
                name,
                kind,
                _span(doc, start, start + len(surface)),
                sentence.index,
                "entity.test",
            )
    return out


def _observations(mentions) -> list[Observation]:
    def obs(doc, phrase, subject, metric, value, unit, raw, qualifier=None):
        sentence = _sentence_of(doc, phrase)
        start = sentence.start + sentence.text.index(phrase)
        return Observation(
            mentions[(doc, subject, sentence.index)] if subject else None,
            metric,
            Decimal(value),
            unit,
            REFERENCE[doc],
            raw,
            _span(doc, start, start + len(phrase)),
            sentence.index,
            "observation.test",
            qualifier=qualifier,
        )

    return [
        obs(
            DOC_2020,
            "手机银行客户数达到3.85亿户",
            "手机银行",
            "客户数",
            "385000000",
            "户",
            "3.85亿户",
        ),
        obs(
            DOC_2024,
            "手機銀行客戶數超5.5億戶",
            "手機銀行",
            "客户数",
            "550000000",
            "户",
            "5.5億戶",
            "超",
        ),
        obs(
            DOC_2024,
            "個人存款185,415.10億元",
            None,
            "个人存款",
            "18541510000000",
            "元",
            "185,415.10億元",
        ),
    ]


def _relations(mentions) -> list[Relation]:
    def near(doc: str, surface: str, index: int) -> Mention:
        """The mention in the sentence, else the first in the document (a byline's object)."""
        if (doc, surface, index) in mentions:
            return mentions[(doc, surface, index)]
        return min(
            (m for k, m in mentions.items() if k[:2] == (doc, surface)), key=lambda m: m.span.start
        )

    out = []
    for doc, subject, predicate, obj, phrase, giver in RELATIONS:
        sentence = _sentence_of(doc, phrase)
        out.append(
            Relation(
                near(doc, subject, sentence.index),
                predicate,
                near(doc, obj, sentence.index),
                _span(doc, sentence.start, sentence.end),
                sentence.index,
                f"relation.test_{predicate}",
                giver=near(doc, giver, sentence.index) if giver else None,
            )
        )
    return out


def compose_graph() -> Graph:
    """The composed corpus mapped to RDF by the real resolver and GraphBuilder."""
    mentions = _mentions()
    observations = _observations(mentions)
    relations = _relations(mentions)
    extractions = []
    for doc in (DOC_2020, DOC_2024):
        text = TEXTS[doc]
        document = Document(
            doc,
            Path(doc),
            text,
            "utf-8",
            "0" * 64,
            title=TITLES[doc],
            bank="工商银行",
            reference_date=REFERENCE[doc],
            script="zh-Hant" if doc == DOC_2024 else "zh-Hans",
        )
        extractions.append(
            DocumentExtraction(
                document,
                tuple(_sentences(doc)),
                tuple(m for k, m in mentions.items() if k[0] == doc),
                tuple(o for o in observations if o.span.doc == doc),
                tuple(r for r in relations if r.span.doc == doc),
            )
        )
    return build_graph(extractions, resolve(extractions))


@pytest.fixture(scope="module")
def composed() -> Graph:
    return compose_graph()


def ask(graph: Graph, name: str, **params: str) -> list[dict[str, str]]:
    return queries.run(graph, queries.load(name), params).records()


def column(rows: list[dict[str, str]], name: str) -> list[str]:
    return [r[name] for r in rows]


# ----------------------------------------------------------------- documentation
def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def test_there_are_at_least_twelve_queries_besides_the_contract():
    assert len(set(NAMES) - set(CONTRACT)) >= 12


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_query_header_documents_question_params_and_columns(name):
    query = queries.load(name)
    header = query.header
    assert re.search(r"^Question \(zh\): .*[\u4e00-\u9fff]", header, re.M)
    assert re.search(r"^Question \(en\): \w+", header, re.M)
    columns = re.search(r"^Columns: (.+)$", header, re.M)
    assert columns, "the header lists the columns"
    params_in_header = re.findall(r"^Param: (\w+)", header, re.M)
    assert params_in_header == [p.name for p in query.params]
    for param in query.params:
        assert param.doc and (param.default is not None or "required" in param.doc)


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_documented_param_is_used_and_projected(name):
    query = queries.load(name)
    body = _body(query.text)
    projection = body[body.index("SELECT") : body.index("WHERE")]
    for param in query.params:
        uses = re.findall(rf"\?{param.name}\b", body)
        assert len(uses) >= 2, f"?{param.name} is documented but not used in the query"
        # Oxigraph substitutes only variables of the outer projection
        assert re.search(rf"\?{param.name}\b", projection), f"?{param.name} is not projected"


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_query_orders_its_results(name):
    assert re.search(r"^ORDER BY ", _body(queries.load(name).text), re.M)


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_bkg_term_in_a_query_is_in_the_vocabulary(name):
    text = _body(queries.load(name).text)
    prefixes = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]+)>", text))
    assert prefixes.get("bkg") == str(BKG._NS)
    namespace = re.escape(str(BKG._NS))
    local = set(re.findall(rf"<{namespace}(\w+)>", text))
    local |= {t for t in re.findall(r"(?<![\w?$-])bkg:(\w*)", text) if t}
    assert local, "every query reads the bkg: vocabulary"
    unknown = sorted(t for t in local if t not in BKG.__annotations__)
    assert not unknown, f"terms missing from kg.vocab.BKG: {unknown}"


@pytest.mark.parametrize("name", sorted(CONTRACT), ids=sorted(CONTRACT))
def test_contract_queries_keep_their_columns(seeds_graph, name):
    result = queries.run(seeds_graph, queries.load(name))
    assert list(result.columns[: len(CONTRACT[name])]) == CONTRACT[name]


# ----------------------------------------------------------------- running on the seeds
@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_query_runs_on_the_seeds_with_its_documented_columns(seeds_graph, name):
    query = queries.load(name)
    result = queries.run(seeds_graph, query, SEEDS_PARAMS.get(name, {}))
    documented = re.search(r"^Columns: (.+)$", query.header, re.M).group(1)
    for col in result.columns:
        assert re.search(rf"(?<![\w?]){col}\b", documented), f"column {col} is not documented"
    assert all(len(row) == len(result.columns) for row in result.rows)


@pytest.fixture(scope="module")
def reversed_seeds(seeds_graph) -> Graph:
    """The seeds graph with its triples inserted in the opposite order."""
    graph = Graph(store="Oxigraph")
    for triple in sorted(seeds_graph, key=lambda t: tuple(str(x) for x in t), reverse=True):
        graph.add(triple)
    return graph


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_results_do_not_depend_on_triple_order(seeds_graph, reversed_seeds, name):
    shuffled = reversed_seeds
    params = SEEDS_PARAMS.get(name, {})
    first = queries.run(seeds_graph, queries.load(name), params)
    second = queries.run(shuffled, queries.load(name), params)
    assert first == second


def test_seeds_know_the_bank_with_its_english_name(seeds_graph):
    rows = [r for r in ask(seeds_graph, "entities") if r["label"] == "工商银行"]
    assert [r["kind"] for r in rows] == ["Bank"]
    assert "ICBC" in rows[0]["aliases"].split(" | ")
    docs = {r["fileName"] for r in ask(seeds_graph, "documents")}
    assert set(rows[0]["docs"].split(" | ")) <= docs


def test_seeds_mobile_banking_is_a_product_of_both_periods(seeds_graph):
    rows = [r for r in ask(seeds_graph, "continuity") if r["label"] == "手机银行"]
    assert [(r["kind"], r["status"]) for r in rows] == [("Product", "both")]
    assert {"2020"} < set(rows[0]["years"].split(" | ")) <= {"2020", "2024", "2025"}


def test_seeds_documents_carry_their_reference_dates(seeds_graph):
    rows = ask(seeds_graph, "documents")
    assert len(rows) == 5
    years = {r["referenceDate"][:4] for r in rows}
    assert {"2020", "2024", "2025"} <= years
    assert column(rows, "referenceDate") == sorted(column(rows, "referenceDate"))
    assert all(r["bankLabel"] == "工商银行" for r in rows)


def test_seeds_continuity_splits_2020_from_2024_and_2025(seeds_graph):
    rows = ask(seeds_graph, "continuity")
    assert {r["splitYear"] for r in rows} == {"2021"}
    by_status = {r["status"] for r in rows}
    assert by_status <= {"both", "new", "dropped"}
    for r in rows:
        years = {int(y) for y in r["years"].split(" | ")}
        expected = (
            "both"
            if min(years) < 2021 <= max(years)
            else "new"
            if min(years) >= 2021
            else "dropped"
        )
        assert r["status"] == expected
    bank = next(r for r in rows if r["label"] == "工商银行")
    assert bank["status"] == "both"


def test_seeds_longest_series_is_ordered_by_date(seeds_graph):
    series = ask(seeds_graph, "metrics")
    best = series[0]
    assert int(best["dates"]) >= 2
    rows = ask(seeds_graph, "series", subject=best["subject"], metric=best["metric"])
    assert len(rows) == int(best["points"])
    assert column(rows, "date") == sorted(column(rows, "date"))
    assert {r["subjectLabel"] for r in rows} == {best["subjectLabel"]}


def test_seeds_snapshot_defaults_to_the_latest_date(seeds_graph):
    latest = max(r["date"] for r in ask(seeds_graph, "observations"))
    rows = ask(seeds_graph, "snapshot")
    assert rows and {r["obsDate"] for r in rows} == {latest}
    assert len(ask(seeds_graph, "snapshot", date="2020-06-30")) > 0


def test_seeds_document_lists_its_observations_in_text_order(seeds_graph):
    rows = ask(seeds_graph, "document", doc="004_7dcf2261e12734e7.txt")
    assert rows and {r["fileName"] for r in rows} == {"004_7dcf2261e12734e7.txt"}
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)
    by_title = ask(seeds_graph, "document", doc="第一个人金融银行专版")
    assert {r["fileName"] for r in by_title} == {"004_7dcf2261e12734e7.txt"}


def test_seeds_provenance_quotes_are_the_document_text(seeds_graph):
    rows = ask(seeds_graph, "provenance", subject="工商银行", predicate="obsValue")
    assert rows
    texts = {}
    for r in rows[:50]:
        path = Path(__file__).resolve().parent.parent / "seeds" / r["doc"]
        text = texts.setdefault(r["doc"], path.read_text(encoding="utf-8"))
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]
        assert r["quote"] in r["sentence"] or r["sentence"] == ""


def test_seeds_provenance_shows_the_context_a_relation_was_read_with(seeds_graph):
    """A link read across sentences (a paragraph's topic) shows both sentences, each span
    inside its own."""
    rows = [r for r in ask(seeds_graph, "provenance", subject="春苗") if r["context"]]
    assert rows
    for r in rows:
        assert r["quote"] in r["sentence"]
        assert r["context"] not in r["sentence"]


def test_seeds_departments_are_ranked(seeds_graph):
    rows = ask(seeds_graph, "departments")
    assert rows and {r["kind"] for r in rows} <= {"Department", "Subsidiary"}
    totals = [int(r["total"]) for r in rows]
    assert totals == sorted(totals, reverse=True)
    for r in rows:
        assert int(r["total"]) == int(r["products"]) + int(r["initiatives"])


def test_seeds_relation_queries_agree_with_relations(seeds_graph):
    relations = ask(seeds_graph, "relations")
    kinds = {r["relation"] for r in relations}
    partners = ask(seeds_graph, "partners")
    assert bool(partners) == ("partnersWith" in kinds)
    awards = ask(seeds_graph, "awards")
    assert bool(awards) == ("received" in kinds)
    assert all(re.fullmatch(r"((19|20)\d\d)?", r["year"]) for r in awards)
    segments = ask(seeds_graph, "segments")
    assert bool(segments) == ("targets" in kinds)


def test_seeds_strategy_map_lists_every_strategy(seeds_graph):
    strategies = {r["label"] for r in ask(seeds_graph, "entities") if r["kind"] == "Strategy"}
    rows = ask(seeds_graph, "strategies")
    assert {r["label"] for r in rows} == strategies
    for r in rows:
        served = ask(seeds_graph, "strategy", strategy=r["strategy"])
        assert {x["kind"] for x in served if x["kind"] == "Initiative"} <= {"Initiative"}
        initiatives = {x["item"] for x in served if x["kind"] == "Initiative"}
        assert len(initiatives) == int(r["initiatives"])


def test_seeds_mentions_point_at_their_quotes(seeds_graph):
    rows = ask(seeds_graph, "mentions", entity="工商银行")
    assert rows and {r["label"] for r in rows} == {"工商银行"}
    for r in rows[:30]:
        text = (Path(__file__).resolve().parent.parent / "seeds" / r["doc"]).read_text("utf-8")
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]


# ----------------------------------------------------------------- the composed graph
def test_strategy_collects_direct_and_indirect_supporters(composed):
    rows = ask(composed, "strategy", strategy="第一个人金融银行")
    got = {(r["itemLabel"], r["kind"], r["direct"], r["departments"]) for r in rows}
    assert got == {
        ("手机银行", "Product", "true", "网络金融部"),
        ("文化兴金", "Initiative", "true", "贵金属业务部"),
        ("美好家园版", "Product", "false", "网络金融部"),
        ("一键贷", "Product", "false", "网络金融部"),
        ("积存金", "Product", "false", "贵金属业务部"),
    }
    via = {r["itemLabel"]: r["via"] for r in rows}
    assert via["一键贷"] == "partOf 美好家园版"
    assert via["积存金"] == "supports 文化兴金"
    assert column(rows, "direct")[:2] == ["true", "true"]


@pytest.mark.parametrize(
    "name",
    ["第一个人金融银行", "第一個人金融銀行", "“第一个人金融银行”战略", " 第一个人金融银行 "],
    ids=["simplified", "traditional", "quoted-with-suffix", "spaces"],
)
def test_strategy_matches_names_after_normalisation(composed, name):
    rows = ask(composed, "strategy", strategy=name)
    assert {r["strategyLabel"] for r in rows} == {"第一个人金融银行"}
    assert len(rows) == 5


def test_strategy_accepts_an_iri_and_rejects_unknown_names(composed):
    iri = ask(composed, "strategy")[0]["target"]
    assert len(ask(composed, "strategy", strategy=iri)) == 5
    assert ask(composed, "strategy", strategy="第二个人金融银行") == []


def test_product_profile_gathers_every_facet(composed):
    rows = ask(composed, "product", product="手机银行")
    facets = {(r["facet"], r["value"], r["detail"]) for r in rows}
    assert ("kind", "Product", "") in facets
    assert ("alias", "手機銀行", "zh-hant") in facets
    assert ("version", "美好家园版", "") in facets
    assert ("department", "网络金融部", "") in facets
    assert ("strategy", "第一个人金融银行", "") in facets
    assert ("partner", "腾讯", "") in facets
    assert ("award", "2024年度最佳手机银行", "by 亚洲银行家") in facets
    observations = [r for r in rows if r["facet"] == "observation"]
    assert [(r["value"], r["detail"]) for r in observations] == [
        ("客户数 = 超 550000000 户", "2024-12-31")
    ]
    assert {r["value"] for r in rows if r["facet"] == "document"} == {DOC_2020, DOC_2024}
    order = [r["facet"] for r in rows]
    assert order.index("kind") < order.index("alias") < order.index("observation")


def test_product_profile_of_a_version_and_a_part(composed):
    version = {(r["facet"], r["value"]) for r in ask(composed, "product", product="美好家园版")}
    assert {("versionOf", "手机银行"), ("segment", "县域客户"), ("part", "一键贷")} <= version
    assert ("strategy", "第一个人金融银行") in version
    rows = ask(composed, "product", product="一键贷")
    indirect = [r for r in rows if r["facet"] == "strategy"]
    assert [(r["value"], r["detail"]) for r in indirect] == [("第一个人金融银行", "indirectly")]


@pytest.mark.parametrize("subject", ["手机银行", "手機銀行"], ids=["simplified", "traditional"])
def test_series_follows_one_metric_across_documents(composed, subject):
    rows = ask(composed, "series", subject=subject, metric="客户数")
    assert [(r["date"], r["value"], r["qualifier"], r["doc"]) for r in rows] == [
        ("2020-06-30", "385000000", "", DOC_2020),
        ("2024-12-31", "550000000", "超", DOC_2024),
    ]
    assert column(rows, "docDate") == ["2020-06-30", "2024-12-31"]
    assert rows[1]["quote"] == "手機銀行客戶數超5.5億戶"


def test_series_of_an_unknown_metric_is_empty(composed):
    assert ask(composed, "series", subject="手机银行", metric="月活") == []


def test_snapshot_of_the_latest_and_of_a_given_date(composed):
    latest = ask(composed, "snapshot")
    assert [(r["subjectLabel"], r["metric"], r["value"]) for r in latest] == [
        ("工商银行", "个人存款", "18541510000000"),
        ("手机银行", "客户数", "550000000"),
    ]
    assert {r["obsDate"] for r in latest} == {"2024-12-31"}
    early = ask(composed, "snapshot", date="2020-06-30")
    assert [(r["subjectLabel"], r["value"]) for r in early] == [("手机银行", "385000000")]
    assert ask(composed, "snapshot", date="2019-12-31") == []


@pytest.mark.parametrize(
    "doc",
    [DOC_2024, "https://w3id.org/bank-kg/id/doc/b2024", "年度报告"],
    ids=["file-name", "iri", "title-word"],
)
def test_document_lists_its_observations(composed, doc):
    rows = ask(composed, "document", doc=doc)
    assert [(r["subjectLabel"], r["metric"]) for r in rows] == [
        ("手机银行", "客户数"),
        ("工商银行", "个人存款"),
    ]
    assert [int(r["start"]) for r in rows] == sorted(int(r["start"]) for r in rows)


def test_departments_ranked_by_products_and_initiatives(composed):
    rows = ask(composed, "departments")
    assert [(r["label"], r["products"], r["initiatives"], r["total"]) for r in rows] == [
        ("贵金属业务部", "1", "1", "2"),
        ("网络金融部", "1", "0", "1"),
    ]
    assert rows[0]["items"] == "文化兴金 | 积存金"


def test_partners_and_what_they_are_linked_to(composed):
    rows = ask(composed, "partners")
    assert [(r["partnerLabel"], r["linkedLabel"], r["docs"]) for r in rows] == [
        ("京东金融", "积存金", DOC_2020),
        ("腾讯", "手机银行", DOC_2024),
    ]
    assert rows[1]["quote"] == "手機銀行與騰訊合作推出新功能。"


def test_awards_by_giver_and_year(composed):
    rows = ask(composed, "awards")
    got = [
        (r["giverLabel"], r["year"], r["yearSource"], r["awardLabel"], r["recipientLabel"])
        for r in rows
    ]
    assert got == [
        ("", "2020", "document", "依兰奖", "积存金"),
        ("亚洲银行家", "2024", "name", "2024年度最佳手机银行", "手机银行"),
    ]


def test_continuity_splits_early_from_recent(composed):
    rows = {r["label"]: r for r in ask(composed, "continuity")}
    assert rows["手机银行"]["status"] == "both"
    assert rows["手机银行"]["years"] == "2020 | 2024"
    assert rows["文化兴金"]["status"] == "dropped"
    assert rows["腾讯"]["status"] == "new"
    assert {r["splitYear"] for r in rows.values()} == {"2021"}
    later = {r["label"]: r["status"] for r in ask(composed, "continuity", split="2025")}
    assert later["手机银行"] == "dropped"


def test_provenance_of_a_relation(composed):
    rows = ask(
        composed,
        "provenance",
        subject="网络金融部",
        predicate="bkg:responsibleFor",
        object="手机银行",
    )
    assert len(rows) == 1
    row = rows[0]
    text = TEXTS[DOC_2020]
    assert (row["evidence"], row["doc"], row["rule"]) == (
        "statement",
        DOC_2020,
        "relation.test_responsibleFor",
    )
    assert text[int(row["start"]) : int(row["end"])] == row["quote"] == "供稿：网络金融部\n"
    assert row["p"] == str(BKG.responsibleFor)


@pytest.mark.parametrize(
    "predicate",
    ["obsValue", "http://purl.org/linked-data/sdmx/2009/measure#obsValue", "sdmx-measure:obsValue"],
    ids=["local-name", "iri", "prefixed"],
)
def test_provenance_of_observation_values(composed, predicate):
    rows = ask(composed, "provenance", subject="手机银行", predicate=predicate)
    assert sorted((r["o"], r["doc"], r["evidence"]) for r in rows) == [
        ("385000000", DOC_2020, "observation"),
        ("550000000", DOC_2024, "observation"),
    ]
    assert {r["sLabel"] for r in rows} == {"手机银行"}


def test_provenance_of_an_alias_and_of_a_giver(composed):
    alias = ask(composed, "provenance", subject="手机银行", predicate="altLabel", object="手機銀行")
    assert alias and {(r["evidence"], r["doc"], r["quote"]) for r in alias} == {
        ("mention", DOC_2024, "手機銀行")
    }
    giver = ask(composed, "provenance", subject="2024年度最佳手机银行", predicate="awardedBy")
    assert [(r["evidence"], r["oLabel"]) for r in giver] == [("giver", "亚洲银行家")]


def test_mentions_of_one_entity_and_of_all(composed):
    rows = ask(composed, "mentions", entity="手机银行")
    assert {r["doc"] for r in rows} == {DOC_2020, DOC_2024}
    assert all(TEXTS[r["doc"]][int(r["start"]) : int(r["end"])] == r["quote"] for r in rows)
    everything = ask(composed, "mentions")
    assert {r["label"] for r in everything} >= {"手机银行", "腾讯", "依兰奖"}


def test_metrics_catalogue(composed):
    rows = ask(composed, "metrics")
    assert (rows[0]["subjectLabel"], rows[0]["metric"], rows[0]["points"], rows[0]["dates"]) == (
        "手机银行",
        "客户数",
        "2",
        "2",
    )


def test_documents_segments_and_strategies(composed):
    docs = ask(composed, "documents")
    assert [(r["fileName"], r["referenceDate"], r["observations"]) for r in docs] == [
        (DOC_2020, "2020-06-30", "1"),
        (DOC_2024, "2024-12-31", "2"),
    ]
    segments = ask(composed, "segments")
    assert [(r["segmentLabel"], r["byLabel"], r["byKind"]) for r in segments] == [
        ("县域客户", "美好家园版", "Product")
    ]
    strategies = ask(composed, "strategies")
    assert [(r["label"], r["initiatives"], r["products"], r["direct"]) for r in strategies] == [
        ("第一个人金融银行", "1", "4", "2")
    ]


def test_contract_queries_on_the_composed_graph(composed):
    entities = {r["label"]: r for r in ask(composed, "entities")}
    assert entities["手机银行"]["kind"] == "Product"
    assert entities["手机银行"]["docs"] == f"{DOC_2020} | {DOC_2024}"
    observations = ask(composed, "observations")
    assert len(observations) == 3
    relations = ask(composed, "relations")
    assert len(relations) == len(RELATIONS)


# ----------------------------------------------------------------- binding parameters
def test_a_hostile_value_is_bound_not_pasted(composed):
    hostile = '手机银行" ) } } SELECT * WHERE { ?s ?p ?o } #'
    assert ask(composed, "series", subject=hostile, metric="客户数") == []
    assert ask(composed, "strategy", strategy="?target") == []


def test_normalised_params_get_the_comparison_key():
    query = queries.load("strategy")
    (param,) = query.params
    assert param.normalised
    bound = queries.bindings(query, {"strategy": "「第一個人金融銀行」"})
    assert str(bound["strategy"]) == "第一个人金融银行"
    iri = "https://w3id.org/bank-kg/id/strategy/X"
    assert queries.bindings(query, {"strategy": iri})["strategy"] == URIRef(iri)


def test_plain_params_are_bound_verbatim():
    query = queries.load("snapshot")
    assert not query.params[0].normalised
    assert str(queries.bindings(query, {"date": "2024-12-31"})["date"]) == "2024-12-31"
    assert str(queries.bindings(query, {})["date"]) == "latest"


def test_a_missing_required_param_is_named():
    with pytest.raises(QueryError, match="needs --param doc="):
        queries.bindings(queries.load("document"), {})


def test_records_key_rows_by_column(composed):
    result = queries.run(composed, queries.load("documents"))
    assert result.records()[0]["fileName"] == DOC_2020
    assert QUERIES_DIR.is_dir()


# ----------------------------------------------------------------- every column answers
def documented_columns(query: queries.NamedQuery) -> list[str]:
    """The column names of the header's ``Columns:`` line, in order (notes in brackets
    dropped)."""
    line = re.search(r"^Columns: (.+)$", query.header, re.M).group(1)
    depth, flat = 0, ""
    for ch in line:
        depth += ch == "("
        if depth == 0:
            flat += ch
        depth -= ch == ")"
    return [item.split()[0] for item in flat.split(",") if item.strip()]


def test_documented_columns_are_read_from_the_header():
    query = queries.load("series")
    assert documented_columns(query)[:4] == ["subject", "metric", "date", "value"]
    assert "quote" in documented_columns(query)


# a subject whose evidence includes a relation read with the context of another sentence
FULL_PARAMS = {"provenance": {"subject": "春苗"}}


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_no_column_is_empty_in_every_row_on_the_seeds(seeds_graph, name):
    """A column that no row fills is a broken aggregate or a broken pattern (a parameter
    echoed back is exempt when it was left empty)."""
    query = queries.load(name)
    params = FULL_PARAMS.get(name, SEEDS_PARAMS.get(name, {}))
    result = queries.run(seeds_graph, query, params)
    assert list(result.columns) == documented_columns(query)
    assert result.rows, f"{name} answers nothing on the seeds"
    bound = queries.bindings(query, params)
    empty = [
        col
        for i, col in enumerate(result.columns)
        if not any(row[i] for row in result.rows) and str(bound.get(col, "x")) != ""
    ]
    assert empty == [], f"{name}: columns empty in every row: {empty}"


# ----------------------------------------------------------------- a second engine
# rdflib's own SPARQL engine evaluates the text `kg query NAME --sparql` prints: groups
# bottom-up with the parameters as VALUES, no Oxigraph substitution. It is too slow for the
# whole seeds graph, so it runs on the composed graph, whose every query has rows.
COMPOSED_PARAMS = {"document": {"doc": DOC_2024}, "provenance": {"subject": "手机银行"}}


def _rows(result) -> list[tuple[str, ...]]:
    columns = [str(v) for v in result.vars]
    return sorted(tuple(queries._cell(row[i]) for i in range(len(columns))) for row in result)


@pytest.fixture(scope="module")
def composed_in_rdflib(composed) -> Graph:
    graph = Graph()
    for triple in composed:
        graph.add(triple)
    return graph


def test_portable_text_binds_params_as_values_with_ascii_escapes():
    text = queries.sparql_text(queries.load("strategy"), {"strategy": "第一個人金融銀行"})
    assert '{ VALUES (?strategy) { ("\\u7B2C\\u4E00' in text
    assert text.isascii() or "第一个人金融银行" not in text.split("WHERE", 1)[1]
    hostile = queries.sparql_text(queries.load("series"), {"subject": 'x" } } #', "metric": "m"})
    # normalised (no whitespace), escaped, and data of the VALUES block
    assert 'WHERE { VALUES (?subject ?metric) { ("x\\"}}#" "m") }' in hostile
    assert 'WHERE { VALUES (?subject) { ("x\\"}}#") }' in hostile
    # a sub-SELECT stays alone in its braces: no VALUES between "{" and "SELECT"
    assert not re.search(r"\{\s*VALUES[^}]*\}\s*\)?\s*\}\s*SELECT", hostile)
    assert not re.search(r"\{ VALUES \([^)]*\) \{ \([^)]*\) \}\s*SELECT", hostile)


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_query_gives_the_same_rows_in_rdflibs_engine(composed, composed_in_rdflib, name):
    query = queries.load(name)
    params = COMPOSED_PARAMS.get(name, {})
    expected = queries.run(composed, query, params)
    assert expected.rows, f"{name} answers nothing on the composed graph"
    text = queries.sparql_text(query, params)
    assert _rows(composed.query(text)) == sorted(expected.rows), "Oxigraph, VALUES text"
    in_rdflib = composed_in_rdflib.query(text)
    assert [str(v) for v in in_rdflib.vars] == list(expected.columns)
    assert _rows(in_rdflib) == sorted(expected.rows), "rdflib's engine"
