"""The span scorer: features of a mention on sentences of our own (both scripts), scoring
with a hand-made model, its review-queue rows, the packaged model, and a build with it on
(byte-identical Turtle, rejected names in candidates.csv)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from kg import spanscore
from kg.models import Mention
from kg.spanscore import REVIEW_RULE, ModelError, SpanModel, apply, load_model, mention_features

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

SIMPLIFIED = "本行推出「薪享通卡」，服务新市民客户。\n零售金融部负责推广。"
TRADITIONAL = "本行推出「薪享通卡」，服務新市民客戶。\n零售金融部負責推廣。"


def _mention(ctx, surface: str, kind: str, rule: str) -> Mention:
    start = ctx.view.text.index(surface)
    span = ctx.span(start, start + len(surface))
    return Mention(span.quote, surface, kind, span, ctx.sentence_at(start), rule)


@pytest.fixture(scope="module")
def contexts(analyse_text):
    """(context, pos words) of the same two sentences in each script."""
    out = {}
    for script, text in (("simplified", SIMPLIFIED), ("traditional", TRADITIONAL)):
        doc = analyse_text(text)
        out[script] = (doc._.kg_context, doc._.kg_pos)
    return out


def _three(ctx) -> list[Mention]:
    return [
        _mention(ctx, "薪享通卡", "Product", "entity.quote_head.product"),
        _mention(ctx, "新市民客户", "CustomerSegment", "entity.suffix.segment"),
        _mention(ctx, "零售金融部", "Department", "entity.suffix.department"),
    ]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_features_of_a_quoted_product(contexts, script):
    ctx, words = contexts[script]
    card, segment, department = mention_features(ctx, words, _three(ctx))
    for feature in (
        "bias",
        "rule=entity.quote_head.product",
        "family=quote_head",
        "kind=Product",
        "rule_kind=entity.quote_head.product|Product",
        "len=4",
        "kind_len=Product|4",
        "first_class=han",
        "last_class=han",
        "head1=卡",
        "head2=通卡",
        "kind_head1=Product|卡",
        "first1=薪",
        "prev_char=「",
        "next_char=」",
        "prev_class=quote",
        "next_class=quote",
        "freq=1",
        "text_freq=1",
        "all_han",
        "quoted",
    ):
        assert feature in card, feature
    assert "line_start" not in card and "in_list" not in card and "has_digit" not in card
    # the words just outside: a verb before the segment (服务), a noun after the department
    assert "prev_char=务" in segment and "next_char=。" in segment
    assert "line_start" in department and "sentence_start" in department
    assert "head1=部" in department and "head2=融部" in department


def test_features_do_not_depend_on_the_script(contexts):
    simplified = mention_features(*contexts["simplified"], _three(contexts["simplified"][0]))
    traditional = mention_features(*contexts["traditional"], _three(contexts["traditional"][0]))
    assert simplified == traditional


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_no_feature_is_a_whole_name(contexts, script):
    ctx, words = contexts[script]
    short = [
        _mention(ctx, "新市民", "CustomerSegment", "entity.lexicon.segments"),
        _mention(ctx, "推出", "Product", "entity.backref"),
    ]
    for m, feats in zip(short, mention_features(ctx, words, short), strict=True):
        values = {f.split("=", 1)[1].split("|")[-1] for f in feats if "=" in f}
        assert m.name not in values
    # a two-character name has no head2 (it would be the name itself)
    assert not any(f.startswith("head2=") for f in mention_features(ctx, words, short)[1])


def _model(threshold: float = 0.5, retype: float = 0.9) -> SpanModel:
    """Rejects a span at a sentence's end unless quoted; sure of Department at 部."""
    features = ["bias", "quoted", "next_char=。", "head1=部"]
    classes = ("Department", "Product", "none")
    weights = (
        (0.0, 0.0, 0.0),
        (0.0, 3.0, -3.0),
        (0.0, 0.0, 4.0),
        (6.0, 0.0, 0.0),
    )
    return SpanModel(
        "test", classes, {f: i for i, f in enumerate(features)}, weights, (0.0, 0.0, 0.0),
        threshold, retype,
    )  # fmt: skip


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_apply_keeps_rejects_and_retypes(contexts, script):
    ctx, words = contexts[script]
    card, segment, department = _three(ctx)
    wrong_kind = Mention(
        department.text,
        department.name,
        "Product",
        department.span,
        department.sentence,
        department.rule,
    )
    model = _model()
    kept, held = apply(model, ctx, words, [card, segment, wrong_kind])
    assert [(m.name, m.kind) for m in kept] == [
        ("薪享通卡", "Product"),
        ("零售金融部", "Department"),
    ]
    assert kept[0] is card
    (row,) = held
    p = model.probabilities(mention_features(ctx, words, [segment])[0])
    accept = 1 - p["none"]
    assert accept < 0.5
    assert row.name == "新市民客户"
    assert row.kind_guess == "CustomerSegment"
    assert row.rule == REVIEW_RULE
    assert row.doc == "t.txt"
    assert row.sentence_text == ctx.sentences[segment.sentence].text
    assert (row.start, row.end) == (segment.span.start, segment.span.end)
    assert row.page is None
    assert row.reason == (
        f"span scorer: {accept:.3f} below the threshold 0.50 that a proposed name must reach"
        " (rule entity.suffix.segment); not asserted"
    )


def test_the_own_bank_and_banks_are_not_scored(contexts):
    ctx, words = contexts["simplified"]
    bank = _mention(ctx, "本行", "Bank", "entity.self_reference")
    kept, held = apply(_model(threshold=1.01), ctx, words, [bank])
    assert kept == (bank,) and held == ()
    assert spanscore.scorable(ctx, [bank]) == []


def _write(tmp_path: Path, data: object, name: str = "m.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_model_refuses_bad_files(tmp_path):
    with pytest.raises(ModelError, match="not a readable span-scorer model"):
        load_model(tmp_path / "absent.json")
    with pytest.raises(ModelError, match="not a span-scorer model"):
        load_model(_write(tmp_path, {"format": "other"}))
    good = json.loads(spanscore.default_model_path().read_text(encoding="utf-8"))
    with pytest.raises(ModelError, match="do not match"):
        load_model(_write(tmp_path, {**good, "weights": good["weights"][:-1]}))
    with pytest.raises(ModelError, match="malformed"):
        load_model(_write(tmp_path, {**good, "threshold": "high"}))


def _gold_names() -> set[str]:
    from kg.normalize import normalize_name

    names = set()
    for folder in (SHARED / "gold", SHARED / "real" / "gold"):
        for path in sorted(folder.glob("*.yaml")):
            for row in yaml.safe_load(path.read_text(encoding="utf-8")).get("entities") or []:
                names.add(normalize_name(str(row["name"])))
                names |= {normalize_name(str(a)) for a in row.get("aliases") or []}
    return names


def test_the_packaged_model_holds_no_gold_name():
    """General features only: no feature's value is a name of the gold it learnt from,
    other than a two-character head noun that ends longer names too (企业, 商户)."""
    model = load_model()
    assert model.version and spanscore.REJECT in model.classes
    values = {f.split("=", 1)[1].split("|")[-1] for f in model.features if "=" in f}
    assert not {v for v in values & _gold_names() if len(v) > 2}
    heads = {f.split("=", 1)[1] for f in model.features if f.startswith("head2=")}
    assert {v for v in values & _gold_names()} <= heads


def _doc_folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(SIMPLIFIED + "\n" + "零售金融部推出「薪享通卡」。", "utf-8")
    (docs / "b.txt").write_text(TRADITIONAL, "utf-8")
    (docs / "manifest.yaml").write_text(
        "a.txt:\n  bank: 工商银行\n  reference_date: 2024-12-31\n"
        "b.txt:\n  bank: 工商银行\n  reference_date: 2024-12-31\n",
        "utf-8",
    )
    return docs


def _reject_all(tmp_path: Path) -> Path:
    """A model that rejects every span (its bias favours none)."""
    data = {
        "format": spanscore.MODEL_FORMAT,
        "version": "test",
        "classes": ["Product", "none"],
        "features": ["bias"],
        "weights": [[0.0, 5.0]],
        "intercept": [0.0, 0.0],
        "threshold": 0.5,
        "retype": 0.9,
    }
    return _write(tmp_path, data, "reject.json")


def test_build_with_the_scorer_moves_names_to_the_review_queue(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    docs = _doc_folder(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(
        main, ["build", str(docs), "--out", str(tmp_path / "plain"), "--no-validate"]
    )
    assert plain.exit_code == 0, plain.output
    scored = runner.invoke(
        main,
        ["build", str(docs), "--out", str(tmp_path / "scored"), "--no-validate",
         "--span-scorer", str(_reject_all(tmp_path))],
    )  # fmt: skip
    assert scored.exit_code == 0, scored.output
    # 薪享通卡 and 零售金融部 twice and 新市民客户 once in a.txt, each once in b.txt
    (line,) = [x.strip() for x in scored.stdout.splitlines() if "span scorer held" in x]
    assert line.startswith("8  names the span scorer held back (kg build --span-scorer) (e.g.")
    before = (tmp_path / "plain" / "graph.ttl").read_text("utf-8")
    after = (tmp_path / "scored" / "graph.ttl").read_text("utf-8")
    assert "零售金融部" in before and "零售金融部" not in after
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "scored" / "candidates.csv").read_text("utf-8")))
    )
    held = {r["name"]: r for r in rows if r["rule"] == REVIEW_RULE}
    assert {"零售金融部", "薪享通卡"} <= set(held)
    start = SIMPLIFIED.index("零售金融部")
    assert held["零售金融部"] == {
        "name": "零售金融部",
        "kind_guess": "Department",
        "count": "3",  # twice in a.txt, once in b.txt
        "rule": REVIEW_RULE,
        "docs": "a.txt | b.txt",
        "example_sentence": "零售金融部负责推广。",
        "page": "",
        "start": str(start),
        "end": str(start + 5),
        "reason": "span scorer: 0.007 below the threshold 0.50 that a proposed name must"
        " reach (rule entity.suffix.department); not asserted",
    }


def test_build_with_the_scorer_is_deterministic(tmp_path):
    from kg.pipeline import build_command

    docs = _doc_folder(tmp_path)
    model = spanscore.default_model_path()
    one = build_command([docs], tmp_path / "one", run_validation=False, workers=1, span_model=model)
    two = build_command([docs], tmp_path / "two", run_validation=False, workers=2, span_model=model)
    assert one.paths["graph"].read_bytes() == two.paths["graph"].read_bytes()
    assert one.paths["candidates"].read_bytes() == two.paths["candidates"].read_bytes()


def test_a_bad_model_is_one_error_line(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    bad = _write(tmp_path, {"format": "other"})
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(_doc_folder(tmp_path)),
            "--out",
            str(tmp_path / "o"),
            "--span-scorer",
            str(bad),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {bad}: not a span-scorer model (format kg.span_scorer.v1 expected)"
    ]
    assert not (tmp_path / "o" / "graph.ttl").exists()
