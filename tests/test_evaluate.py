"""The scorer, on a graph mapped from hand-made extractions (independent of the extractors)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, make_document

from kg.evaluate import (
    TASKS,
    DocumentEvaluation,
    EvalSet,
    Evaluation,
    GoldError,
    Score,
    TaskResult,
    evaluate,
    format_evaluation,
    format_side_by_side,
    load_gold,
    load_gold_file,
    load_sets,
    metric_matches,
)
from kg.models import DocumentExtraction, Mention, Observation, Relation, Sentence, Span
from kg.rdfmap import build_graph
from kg.resolve import resolve

TEXT = "本行手机银行客户数达到5.2亿户，网络金融部负责手机银行。供稿：网络金融部"


def _mention(text: str, kind: str, start: int, doc: str = "t.txt") -> Mention:
    return Mention(text, text, kind, Span(doc, start, start + len(text), text), 0, "test.rule")


@pytest.fixture
def graph():
    document = make_document(TEXT)
    product = _mention("手机银行", "Product", 2)
    dept = _mention("网络金融部", "Department", 16)
    wrong = _mention("客户数", "CustomerSegment", 6)
    obs = Observation(
        product,
        "客户数",
        Decimal("520000000"),
        "户",
        date(2024, 12, 31),
        "5.2亿户",
        Span("t.txt", 2, 17, TEXT[2:17]),
        0,
        "test.obs",
    )
    rel = Relation(
        dept, "responsibleFor", product, Span("t.txt", 16, 27, TEXT[16:27]), 0, "test.rel"
    )
    ex = DocumentExtraction(
        document,
        (Sentence("t.txt", 0, 0, len(TEXT), TEXT),),
        (product, dept, wrong),
        (obs,),
        (rel,),
    )
    return build_graph([ex], resolve([ex]))


def _gold(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text("doc: t.txt\nreference_date: 2024-12-31\n" + body, encoding="utf-8")
    return path


GOLD = """
entities:
  - {name: 手機銀行, kind: Product, aliases: []}
  - {name: 网络金融部, kind: Department, aliases: [网金]}
  - {name: 私人银行部, kind: Department, aliases: []}
  - {name: 客户数, kind: CustomerSegment, aliases: [], uncertain: true}
observations:
  - {subject: 手机银行, metric: 客户数, value: 520000000, unit: 户, date: 2024-12-31, qualifier: null, quote: x}
  - {subject: 手机银行, metric: 月活, value: 1, unit: 户, date: 2024-12-31, qualifier: null, quote: y}
relations:
  - {subject: 网络金融部, relation: responsible_for, object: 手机银行}
  - {subject: 私人银行部, relation: collaborates_with, object: 网络金融部}
"""


def test_scores_match_by_normalised_name_kind_and_value(graph, tmp_path):
    ev = evaluate(graph, [load_gold_file(_gold(tmp_path, GOLD))])
    doc = ev.documents[0]
    assert (
        doc.entities_strict.score.tp,
        doc.entities_strict.score.fp,
        doc.entities_strict.score.fn,
    ) == (2, 0, 1)
    assert doc.entities_strict.misses == ("Department 私人银行部",)
    assert (doc.observations.score.tp, doc.observations.score.fp, doc.observations.score.fn) == (
        1,
        0,
        1,
    )
    assert (doc.relations.score.tp, doc.relations.score.fp, doc.relations.score.fn) == (1, 0, 1)
    assert ev.total("relations").precision == 1.0
    assert ev.total("relations").recall == 0.5


@pytest.mark.parametrize(
    ("predicted", "measure", "gold", "expected"),
    [
        ("客户数", "level", "客户数", True),
        ("客戶數", "level", "客户 数", True),
        ("集团商户数", "level", "营销集团商户数", True),
        ("中收的占比", "share", "中收占比", True),
        ("储蓄存款日均增量 变动额", "change", "储蓄存款 日均增量", True),
        ("个人存款 变动额", "change", "个人存款 增加额", True),
        ("月均动户数 增长率", "growthRate", "月均动户数 同比增长率", True),
        ("营销集团商户数", "level", "集团商户数", False),
        ("渗透率", "level", "全量客户渗透率", True),
        ("场景数", "level", "业务领域数", False),
        ("", "level", "客户数", False),
    ],
    ids=[
        "equal",
        "script-and-space",
        "gold-more-specific",
        "de-ignored",
        "gold-change-split-elsewhere",
        "change-kind-worded-differently",
        "change-with-basis-in-gold",
        "prediction-more-specific",
        "generic-head-in-gold",
        "different-thing",
        "empty",
    ],
)
def test_metric_matching_is_lenient_one_way(predicted, measure, gold, expected):
    assert metric_matches(predicted, measure, gold) is expected


@pytest.mark.parametrize(
    ("row", "named_tp"),
    [
        ("{subject: 手机银行, metric: 客户数", 1),
        ("{subject: 手機銀行, metric: 手机银行客户数", 1),
        ("{subject: 网络金融部, metric: 客户数", 0),
        ("{subject: 手机银行, metric: 客户活跃度", 0),
    ],
    ids=["same", "normalised-and-more-specific", "other-subject", "other-metric"],
)
def test_named_observation_line_needs_subject_and_metric(graph, tmp_path, row, named_tp):
    body = GOLD.replace("{subject: 手机银行, metric: 客户数", row)
    doc = evaluate(graph, [load_gold_file(_gold(tmp_path, body))]).documents[0]
    assert doc.observations.score.tp == 1
    named = doc.observations_named.score
    assert (named.tp, named.fp, named.fn) == (named_tp, 1 - named_tp, 2 - named_tp)
    assert "observations (+subject+metric)" in format_evaluation(
        evaluate(graph, [load_gold_file(_gold(tmp_path, body))])
    )


def test_kind_strict_differs_from_kind_blind(graph, tmp_path):
    body = GOLD.replace("{name: 手機銀行, kind: Product", "{name: 手機銀行, kind: Strategy")
    doc = evaluate(graph, [load_gold_file(_gold(tmp_path, body))]).documents[0]
    assert doc.entities_blind.score.tp == 2
    assert doc.entities_strict.score.tp == 1
    assert "Product 手机银行" in doc.entities_strict.false_positives


def test_report_lists_misses_and_totals(graph, tmp_path):
    text = format_evaluation(evaluate(graph, [load_gold_file(_gold(tmp_path, GOLD))]))
    assert "TOTAL" in text
    assert "私人银行部" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc: [unclosed", "not a readable gold YAML"),
        ("entities: []", "needs a 'doc' field"),
        ("doc: t.txt\nobservations:\n  - {value: abc, unit: 户, date: 2024-12-31}", "not a number"),
    ],
    ids=["bad-yaml", "no-doc", "bad-value"],
)
def test_bad_gold_files_are_named(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold_file(path)


def test_missing_gold_folder(tmp_path):
    with pytest.raises(GoldError, match="no such gold folder"):
        load_gold(tmp_path / "nope")


def test_an_award_from_two_givers_matches_two_gold_rows(tmp_path):
    text = "本行获评《环球金融》「最佳银行」，获评《欧洲货币》「最佳银行」。"
    document = make_document(text)
    bank = Mention("本行", "工商银行", "Bank", Span("t.txt", 0, 2, "本行"), 0, "test.rule")
    award = _mention("最佳银行", "Award", 12)
    givers = [_mention("环球金融", "Organization", 5), _mention("欧洲货币", "Organization", 20)]
    rels = tuple(
        Relation(bank, "received", award, Span("t.txt", 0, len(text), text), 0, "test.rel", g)
        for g in givers
    )
    ex = DocumentExtraction(
        document, (Sentence("t.txt", 0, 0, len(text), text),), (bank, award, *givers), (), rels
    )
    graph = build_graph([ex], resolve([ex]))
    gold = _gold(
        tmp_path,
        """
entities:
  - {name: 最佳银行, kind: Award, aliases: []}
relations:
  - {subject: 工商银行, relation: received, object: 最佳银行, giver: 环球金融}
  - {subject: 工商银行, relation: received, object: 最佳银行, giver: 欧洲货币}
  - {subject: 工商银行, relation: received, object: 最佳银行, giver: 财资}
""",
    )
    doc = evaluate(graph, [load_gold_file(gold)]).documents[0]
    assert (doc.relations.score.tp, doc.relations.score.fp, doc.relations.score.fn) == (2, 0, 1)
    assert doc.relations.misses == ("工商银行 received 最佳银行 (giver 财资)",)


@pytest.mark.slow
def test_seeds_meet_the_quality_targets(seeds_graph):
    """The issue targets, on the hand-checked gold of three seed documents."""
    from conftest import GOLD

    if not GOLD.is_dir():
        pytest.skip(f"no gold annotations at {GOLD}")
    ev = evaluate(seeds_graph, load_gold(GOLD))
    entities, observations, relations = (
        ev.total("entities_strict"),
        ev.total("observations"),
        ev.total("relations"),
    )
    assert entities.f1 >= 0.93 and entities.precision >= 0.93, entities
    assert observations.f1 >= 0.96 and observations.precision >= 0.96, observations
    assert relations.f1 >= 0.80 and relations.precision >= 0.90, relations


@pytest.mark.slow
def test_composed_other_bank_texts_hold_their_scores():
    """Rules carry over to the composed other-bank texts (eval/composed-gold); floors sit
    just under today's scores, so a regression on unseen styles fails here."""
    from conftest import ROOT

    from kg.pipeline import build

    inputs = sorted((ROOT / "tests" / "golden").glob("*/input"))
    ev = evaluate(build(inputs).graph, load_gold(ROOT / "eval" / "composed-gold"))
    assert ev.total("entities_strict").f1 >= 0.97
    assert ev.total("observations").f1 >= 0.97
    assert ev.total("relations").f1 >= 0.85


# Real documents of other banks (../shared/real, read from there, never copied): the figures
# that say how the builder does on reports it was not written for. Floors a little under
# today's scores (the README's quality table), so a change that helps the seeds but costs
# real text fails here.
REAL = ROOT.parent / "shared" / "real"
REAL_FLOORS = {
    "entities_strict": 0.85,
    "observations": 0.95,
    "observations_named": 0.80,
    "relations": 0.66,
}


@pytest.mark.slow
def test_real_documents_of_other_banks_hold_their_scores():
    from kg.pipeline import build

    if not (REAL / "gold").is_dir():
        pytest.skip(f"no real documents at {REAL}")
    ev = evaluate(build([REAL / "docs"]).graph, load_gold(REAL / "gold"))
    assert {d.doc for d in ev.documents} == {
        p.stem + ".txt" for p in (REAL / "gold").glob("*.yaml")
    }
    for task, floor in REAL_FLOORS.items():
        assert ev.total(task).f1 >= floor, (task, ev.total(task))


def test_sets_file_paths_are_taken_from_the_repository_root(tmp_path):
    (tmp_path / "eval").mkdir()
    sets = tmp_path / "eval" / "sets.yaml"
    sets.write_text(
        "- {name: a, input: docs, gold: gold}\n- {name: b, input: [x, y], gold: g}\n",
        encoding="utf-8",
    )
    assert load_sets(sets) == [
        EvalSet("a", (tmp_path / "docs",), tmp_path / "gold"),
        EvalSet("b", (tmp_path / "x", tmp_path / "y"), tmp_path / "g"),
    ]


@pytest.mark.parametrize(
    "content",
    ["", "- {name: a, input: docs}\n", "{a: 1}\n", "- [unclosed\n"],
    ids=["empty", "no-gold", "not-a-list", "bad-yaml"],
)
def test_a_bad_sets_file_is_one_error_naming_it(tmp_path, content):
    sets = tmp_path / "sets.yaml"
    sets.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=r"sets\.yaml"):
        load_sets(sets)


def _doc_eval(name: str, score: Score) -> DocumentEvaluation:
    r = TaskResult(score)
    return DocumentEvaluation(name, r, r, r, r, r)


def test_sets_side_by_side_one_column_per_set():
    a = Evaluation((_doc_eval("d", Score(8, 2, 2)),))
    b = Evaluation((_doc_eval("d", Score(1, 0, 1)),))
    lines = format_side_by_side([("real", a), ("seeds", b)]).splitlines()
    assert lines[0].split() == ["F1", "(P", "/", "R)", "real", "seeds"]
    rows = {line[:34].strip(): line[34:].split() for line in lines[1:]}
    assert list(rows) == [label for _, label in TASKS]
    assert rows["relations"] == ["0.800", "(0.800", "/", "0.800)", "0.667", "(1.000", "/", "0.500)"]


# Held-out sets (eval/heldout*/README.md): floors a little under today's scores. heldout/
# and heldout-2/ were used to find failure causes; heldout-3/ was annotated blind after them.
HELDOUT_FLOORS = {
    "heldout": {"entities_strict": 0.95, "observations": 0.96, "relations": 0.87},
    "heldout-2": {"entities_strict": 0.92, "observations": 0.96, "relations": 0.81},
    "heldout-3": {"entities_strict": 0.89, "observations": 0.93, "relations": 0.78},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS), ids=sorted(HELDOUT_FLOORS))
def test_held_out_sets_hold_their_scores(name):
    from conftest import ROOT

    from kg.pipeline import build

    folder = ROOT / "eval" / name
    ev = evaluate(build([folder / "docs"]).graph, load_gold(folder / "gold"))
    for task, floor in HELDOUT_FLOORS[name].items():
        assert ev.total(task).f1 >= floor, (task, ev.total(task))


@pytest.mark.parametrize(
    "gold_rows", [1, 2], ids=["gold-lists-it-once", "gold-lists-each-printing"]
)
def test_a_figure_printed_twice_matches_either_way_of_annotating_it(tmp_path, gold_rows):
    """One observation node with two evidence spans (prose and table) matches one gold row
    or one per printing, and is never a false positive for the printing left over."""
    text = "手机银行客户数5.2亿户。手机银行客户数（亿户）5.2。"
    document = make_document(text)
    product = _mention("手机银行", "Product", 0)

    def printing(start: int, end: int) -> Observation:
        return Observation(
            product,
            "客户数",
            Decimal("520000000"),
            "户",
            date(2024, 12, 31),
            text[start:end],
            Span("t.txt", start, end, text[start:end]),
            0,
            "test.obs",
        )

    ex = DocumentExtraction(
        document,
        (Sentence("t.txt", 0, 0, len(text), text),),
        (product,),
        (printing(0, 13), printing(13, len(text) - 1)),
        (),
    )
    graph = build_graph([ex], resolve([ex]))
    row = (
        "  - {subject: 手机银行, metric: 客户数, value: 520000000, unit: 户, date: 2024-12-31,"
        " qualifier: null, quote: x}\n"
    )
    gold = _gold(tmp_path, "entities: []\nrelations: []\nobservations:\n" + row * gold_rows)
    doc = evaluate(graph, [load_gold_file(gold)]).documents[0]
    score = doc.observations.score
    assert (score.tp, score.fp, score.fn) == (gold_rows, 0, 0)
