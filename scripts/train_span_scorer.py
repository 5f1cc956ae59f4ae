"""Train the span scorer (kg/spanscore.py) on the gold, and measure it honestly.

    .venv/bin/python scripts/train_span_scorer.py            # writes kg/rules/span_scorer.json
    .venv/bin/python scripts/train_span_scorer.py --cv       # leave-one-document-out figures

Every mention the entity rules propose in a document with gold is one example: its class
is the gold kind of the entity whose name it carries (matched as kg/evaluate.py matches
names), or ``none``; a mention of an ``uncertain`` gold entity is left out. A logistic
model (scikit-learn, a dev dependency) is fitted on the features of kg.spanscore, keeping
only features seen in at least two documents, and written as JSON that the build applies
in plain Python.

``--cv`` trains on all documents but one, builds that one with the model (the real build,
kg.pipeline.build) and scores it with kg eval's scorer, for each document in turn; the
same documents built without the scorer are the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = (
    ("seeds", ROOT / "seeds", ROOT.parent / "shared" / "gold"),
    ("real", ROOT.parent / "shared" / "real" / "docs", ROOT.parent / "shared" / "real" / "gold"),
)
TASKS = (
    ("entities_strict", "entities"),
    ("entities_blind", "ent-blind"),
    ("observations", "figures"),
    ("observations_named", "+subject"),
    ("relations", "relations"),
)


@dataclass(frozen=True)
class Example:
    doc: str
    features: tuple[str, ...]
    label: str
    name: str = ""
    """The normalised name (to group a document's mentions by entity; never a feature)."""


@dataclass(frozen=True)
class GoldDoc:
    set: str
    path: Path
    gold: object


def gold_documents(sets) -> list[GoldDoc]:
    from kg.evaluate import load_gold

    out = []
    for name, docs, gold in sets:
        for g in load_gold(gold):
            out.append(GoldDoc(name, docs / g.doc, g))
    return out


def examples(docs: Sequence[GoldDoc]) -> list[Example]:
    """The rules' mentions of each gold document, with their features and gold class."""
    from kg.documents import read_documents
    from kg.nlp import analyse, build_nlp
    from kg.normalize import normalize_name
    from kg.spanscore import REJECT, mention_features, scorable

    nlp = build_nlp()
    out = []
    for gd in docs:
        (document,) = read_documents([gd.path]).documents
        with nlp.select_pipes(enable=["kg_pos", "kg_sentences", "kg_entities"]):
            doc = analyse(nlp, document)
        certain, uncertain = {}, set()
        for e in gd.gold.entities:
            if e.uncertain:
                uncertain |= e.names
            else:
                for n in e.names:
                    certain.setdefault(n, e.kind)
        mentions = scorable(doc._.kg_context, doc._.kg_mentions)
        feats = mention_features(doc._.kg_context, doc._.kg_pos or (), mentions)
        for m, f in zip(mentions, feats, strict=True):
            key = normalize_name(m.name)
            if key in certain:
                label = certain[key]
            elif key in uncertain:
                continue
            else:
                label = REJECT
            out.append(Example(gd.gold.doc, f, label, key))
    return out


def train(train_set: Sequence[Example], c: float, min_docs: int, threshold: float) -> dict:
    """A logistic model over the features seen in at least ``min_docs`` documents."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from kg.spanscore import MODEL_FORMAT, REJECT

    seen: dict[str, set[str]] = {}
    for ex in train_set:
        for f in ex.features:
            seen.setdefault(f, set()).add(ex.doc)
    features = sorted(f for f, docs in seen.items() if len(docs) >= min_docs)
    column = {f: i for i, f in enumerate(features)}
    rows, cols = [], []
    for row, ex in enumerate(train_set):
        for f in ex.features:
            if f in column:
                rows.append(row)
                cols.append(column[f])
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(train_set), len(features)))
    labels = [ex.label for ex in train_set]
    classes = sorted(set(labels))
    if REJECT not in classes:
        raise SystemExit("the training set has no rejected span: nothing to learn")
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, labels)
    order = list(model.classes_)
    coef = model.coef_
    intercept = model.intercept_
    if len(order) == 2:  # binary: sklearn keeps one row for the second class
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return {
        "format": MODEL_FORMAT,
        "version": "1",
        "trained_on": sorted({ex.doc for ex in train_set}),
        "examples": dict(sorted(Counter(labels).items())),
        "C": c,
        "min_docs": min_docs,
        "threshold": threshold,
        "retype": 0.9,
        "classes": order,
        "features": features,
        "intercept": [round(float(v), 6) for v in intercept],
        "weights": [
            [round(float(coef[k, j]), 6) for k in range(len(order))] for j in range(len(features))
        ],
    }


def write_model(model: dict, path: Path) -> None:
    """JSON with one line per field, and per feature in the weights: diffs read well."""
    lines = []
    for key, value in model.items():
        if key == "weights":
            rows = ",\n".join("  " + json.dumps(row) for row in value)
            lines.append(f'"weights": [\n{rows}\n]')
        elif key == "features":
            rows = ",\n".join("  " + json.dumps(f, ensure_ascii=False) for f in value)
            lines.append(f'"features": [\n{rows}\n]')
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def score_doc(gd: GoldDoc, span_model: Path | None):
    from kg.evaluate import evaluate
    from kg.pipeline import build

    result = build([gd.path], span_model=span_model)
    return evaluate(result.graph, [gd.gold]).documents[0]


def _fmt(s) -> str:
    return f"{s.f1:.3f} ({s.precision:.3f}/{s.recall:.3f})"


def cross_validate(docs: Sequence[GoldDoc], exs: Sequence[Example], args) -> None:
    from kg.evaluate import Score

    rows = []
    totals: dict[tuple[str, str, str], Score] = {}
    for gd in docs:
        held = gd.gold.doc
        model = train([e for e in exs if e.doc != held], args.C, args.min_docs, args.threshold)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.json"
            write_model(model, path)
            before = score_doc(gd, None) if args.baseline else None
            after = score_doc(gd, path)
        rows.append((gd.set, held, before, after))
        for variant, ev in (("rules", before), ("cv", after)):
            if ev is None:
                continue
            for attr, _ in TASKS:
                key = (gd.set, variant, attr)
                totals[key] = totals.get(key, Score()) + getattr(ev, attr).score
        print(f"{held}", file=sys.stderr)
    head = f"{'document':<28}{'':<7}" + "".join(f"{label:<22}" for _, label in TASKS)
    print(head)
    for _set, held, before, after in rows:
        for variant, ev in (("rules", before), ("cv", after)):
            if ev is None:
                continue
            cells = "".join(f"{_fmt(getattr(ev, a).score):<22}" for a, _ in TASKS)
            print(f"{held[:27]:<28}{variant:<7}{cells}")
    for set_ in dict.fromkeys(r[0] for r in rows):
        for variant in ("rules", "cv") if args.baseline else ("cv",):
            cells = "".join(f"{_fmt(totals[(set_, variant, a)]):<22}" for a, _ in TASKS)
            print(f"{'TOTAL ' + set_:<28}{variant:<7}{cells}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-document-out figures")
    parser.add_argument(
        "--no-baseline",
        dest="baseline",
        action="store_false",
        help="with --cv: skip the builds without the scorer",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "rules" / "span_scorer.json")
    parser.add_argument("--C", type=float, default=0.3, help="inverse regularisation strength")
    parser.add_argument("--min-docs", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.1)
    args = parser.parse_args(argv)
    docs = gold_documents(DEFAULT_SETS)
    exs = examples(docs)
    print(
        f"{len(exs)} examples from {len(docs)} documents: "
        f"{dict(sorted(Counter(e.label for e in exs).items()))}",
        file=sys.stderr,
    )
    if args.cv:
        cross_validate(docs, exs, args)
        return
    write_model(train(exs, args.C, args.min_docs, args.threshold), args.out)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
