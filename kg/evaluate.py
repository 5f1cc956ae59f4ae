"""Score a built graph against gold annotations (the YAML form of ``shared/gold``).

The graph is read through the contract queries (``entities``, ``observations``,
``relations``), so what is scored is exactly what a user gets. Names are compared
after the normalisation of the annotation guidelines (:func:`kg.normalize.normalize_name`).

Conventions, so the numbers mean one thing:

- Scores are per document; totals are micro-averaged over documents.
- An entity matches a gold entity when any of its names (label or alias) equals
  any of the gold names (name or alias); kind-strict also needs the same kind.
  Matching is one-to-one. Gold items marked ``uncertain`` are optional: matching
  one counts neither as a hit nor as a false positive, missing one is no miss.
- The document's own bank is not an entity in the gold (it is the Bank every
  ``本行`` refers to), so it is left out; any other bank is, by the guidelines,
  an outside Organization for that document.
- An observation matches when value, unit and date are all equal.
- An observation matches *by name* when, besides, its subject and its metric match
  the gold row (:func:`subject_matches`, :func:`metric_matches`): this second line
  tells whether a figure was attached to the right thing, not only found.
- A relation matches when the relation and both ends match by name;
  ``collaboratesWith`` matches in either direction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from rdflib import Graph

from kg import queries
from kg.normalize import normalize_name

GOLD_UNIT_ALIASES = {"个百分点": "百分点", "pp": "百分点"}


class GoldError(Exception):
    """A gold folder or file that cannot be read; the message names it."""


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class GoldEntity:
    name: str
    kind: str
    names: frozenset[str]
    uncertain: bool


@dataclass(frozen=True)
class GoldObservation:
    subject: str
    metric: str
    value: Decimal
    unit: str
    date: date
    quote: str
    uncertain: bool


@dataclass(frozen=True)
class GoldRelation:
    subject: str
    relation: str
    object: str
    uncertain: bool
    giver: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    doc: str
    path: Path
    entities: tuple[GoldEntity, ...]
    observations: tuple[GoldObservation, ...]
    relations: tuple[GoldRelation, ...]


@dataclass(frozen=True)
class TaskResult:
    """One task's score on one document, with what was missed and what was wrong."""

    score: Score
    misses: tuple[str, ...] = ()
    false_positives: tuple[str, ...] = ()
    by_kind: dict[str, Score] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentEvaluation:
    doc: str
    entities_strict: TaskResult
    entities_blind: TaskResult
    observations: TaskResult
    relations: TaskResult
    observations_named: TaskResult = field(default_factory=lambda: TaskResult(Score()))


@dataclass(frozen=True)
class Evaluation:
    documents: tuple[DocumentEvaluation, ...]

    def total(self, task: str) -> Score:
        out = Score()
        for doc in self.documents:
            out = out + getattr(doc, task).score
        return out

    def total_by_kind(self) -> dict[str, Score]:
        out: dict[str, Score] = defaultdict(Score)
        for doc in self.documents:
            for kind, score in doc.entities_strict.by_kind.items():
                out[kind] = out[kind] + score
        return dict(sorted(out.items()))


# ------------------------------------------------------------------ gold
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def _decimal(value: object, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise GoldError(f"{where}: value {value!r} is not a number") from exc


def _date(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise GoldError(f"{where}: date {value!r} is not an ISO date") from exc


def load_gold_file(path: Path) -> GoldDocument:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = exc.__class__.__name__
        raise GoldError(f"{path}: not a readable gold YAML file ({reason})") from exc
    if not isinstance(data, dict) or "doc" not in data:
        raise GoldError(f"{path}: a gold file needs a 'doc' field naming the document")
    entities = []
    for row in data.get("entities") or []:
        names = {normalize_name(str(row["name"]))}
        names |= {normalize_name(str(a)) for a in row.get("aliases") or []}
        entities.append(
            GoldEntity(
                str(row["name"]), str(row["kind"]), frozenset(names), bool(row.get("uncertain"))
            )
        )
    observations = []
    for i, row in enumerate(data.get("observations") or []):
        where = f"{path} observation {i + 1}"
        unit = str(row["unit"])
        observations.append(
            GoldObservation(
                str(row.get("subject", "")),
                str(row.get("metric", "")),
                _decimal(row["value"], where),
                GOLD_UNIT_ALIASES.get(unit, unit),
                _date(row["date"], where),
                str(row.get("quote", "")),
                bool(row.get("uncertain")),
            )
        )
    relations = [
        GoldRelation(
            str(r["subject"]),
            _camel(str(r["relation"])),
            str(r["object"]),
            bool(r.get("uncertain")),
            str(r["giver"]) if r.get("giver") else None,
        )
        for r in data.get("relations") or []
    ]
    return GoldDocument(
        str(data["doc"]), path, tuple(entities), tuple(observations), tuple(relations)
    )


def load_gold(folder: Path) -> list[GoldDocument]:
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such gold folder; pass --gold DIR with *.yaml files")
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise GoldError(f"{folder}: no gold *.yaml files in it")
    return [load_gold_file(p) for p in files]


# ------------------------------------------------------------------ predictions
@dataclass(frozen=True)
class Predicted:
    key: str
    kind: str
    label: str
    names: frozenset[str]


def _rows(graph: Graph, name: str) -> list[dict[str, str]]:
    result = queries.run(graph, queries.load(name))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _split(cell: str) -> list[str]:
    return [part for part in cell.split(" | ") if part] if cell else []


def _own_banks(graph: Graph) -> dict[str, str]:
    """Document file name -> IRI of the bank it reports for."""
    q = """
    PREFIX bkg: <https://w3id.org/bank-kg/def/bkg#>
    SELECT ?file ?bank WHERE { ?d bkg:fileName ?file ; bkg:aboutBank ?bank }
    """
    return {str(r[0]): str(r[1]) for r in graph.query(q)}  # type: ignore[index]


def _best_match(
    gold_names: frozenset[str],
    gold_kind: str | None,
    candidates: Iterable[Predicted],
    used: set[str],
) -> Predicted | None:
    for cand in candidates:
        if cand.key in used or not (cand.names & gold_names):
            continue
        if gold_kind is not None and cand.kind != gold_kind:
            continue
        return cand
    return None


def _score_entities(gold: GoldDocument, predicted: list[Predicted], strict: bool) -> TaskResult:
    used: set[str] = set()
    tp, misses = 0, []
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    # certain gold first, so an optional item never steals a prediction from a certain one
    for g in sorted(gold.entities, key=lambda e: e.uncertain):
        match = _best_match(g.names, g.kind if strict else None, predicted, used)
        if match is not None:
            used.add(match.key)
            if not g.uncertain:
                tp += 1
                by_kind[g.kind][0] += 1
        elif not g.uncertain:
            misses.append(f"{g.kind} {g.name}")
            by_kind[g.kind][2] += 1
    false_positives = []
    for p in predicted:
        if p.key in used:
            continue
        if any(p.names & g.names for g in gold.entities if g.uncertain):
            continue
        false_positives.append(f"{p.kind} {p.label}")
        by_kind[p.kind][1] += 1
    return TaskResult(
        Score(tp, len(false_positives), len(misses)),
        tuple(misses),
        tuple(sorted(false_positives)),
        {k: Score(*v) for k, v in sorted(by_kind.items())},
    )


METRIC_IGNORED = str.maketrans("", "", "的")


def _metric_key(metric: str) -> str:
    """A metric name compared leniently: normalised like names, without 的."""
    return normalize_name(metric).translate(METRIC_IGNORED)


def metric_matches(predicted: str, measure: str, gold: str) -> bool:
    """Whether a predicted metric names the gold's metric.

    Both sides are normalised like names, with 的 and whitespace ignored. For a change
    (any measure but ``level``) the contract query appends the kind of change after a
    space (「个人存款 变动额」), and the gold words the change its own way after a space
    too (「个人存款 增加额」, 「个人贷款余额 较2018年末增加额」), so each side is also
    compared by its part before that space. The prediction matches when it equals the
    gold's metric or the gold's ends with it: the gold may be more specific
    (「营销集团商户数」 ends with 「集团商户数」, 「全量客户渗透率」 with 「渗透率」), the
    prediction may not, and a different head noun (场景数 vs 业务领域数) never matches.
    An empty name matches nothing.
    """
    base = predicted.split(" ", 1)[0] if measure != "level" else predicted
    p = _metric_key(base)
    golds = {_metric_key(gold), _metric_key(gold.split(" ", 1)[0])}
    return bool(p) and any(g.endswith(p) for g in golds)


def subject_matches(predicted: frozenset[str], gold: frozenset[str]) -> bool:
    """Whether a predicted subject (its normalised label and aliases) is the gold's
    subject (its normalised name, and its aliases when the gold lists it as an entity)."""
    return bool(predicted & gold)


@dataclass(frozen=True)
class _PredictedObservation:
    value: Decimal
    unit: str
    date: str
    subject: frozenset[str]
    metric: str
    measure: str
    text: str
    figure: tuple[str | None, ...] = ()
    """The observation node this printing belongs to (one per figure, spans per printing)."""


FIGURE_COLUMNS = ("subject", "metric", "value", "unit", "date", "measure", "status")


def _predicted_observations(
    rows: list[dict[str, str]], names_of: dict[str, frozenset[str]]
) -> list[_PredictedObservation]:
    out = []
    for r in rows:
        try:
            value = Decimal(r["value"])
        except InvalidOperation:
            continue
        subject = names_of.get(r["subject"], frozenset()) | {normalize_name(r["subjectLabel"])}
        out.append(
            _PredictedObservation(
                value,
                r["unit"],
                r["date"],
                subject,
                r["metric"],
                r.get("measure") or "level",
                f"{r['subjectLabel']} {r['metric']} "
                f"{r['value']} {r['unit']} {r['date']} «{' '.join(r['quote'].split())}»",
                tuple(r.get(c) for c in FIGURE_COLUMNS),
            )
        )
    return out


def _score_observations(
    gold: GoldDocument,
    rows: list[dict[str, str]],
    names_of: dict[str, frozenset[str]] | None = None,
    named: bool = False,
) -> TaskResult:
    """Observations matched one-to-one on value, unit and date; with ``named`` also on
    subject and metric. Certain gold rows are matched first; a prediction taken by an
    uncertain gold row is neither a hit nor a false positive. Each printing of a figure
    (prose and table) may match a gold row, since gold may list them apart or as one; a
    figure none of whose printings matched is one false positive."""
    predicted = _predicted_observations(rows, names_of or {})
    gold_names = {normalize_name(g.name): g.names for g in gold.entities}
    used: set[int] = set()
    tp, misses = 0, []
    for g in sorted(gold.observations, key=lambda o: o.uncertain):
        key = (g.value, g.unit, g.date.isoformat())
        g_subject = gold_names.get(normalize_name(g.subject), frozenset())
        g_subject = g_subject | {normalize_name(g.subject)}
        hit = next(
            (
                i
                for i, p in enumerate(predicted)
                if i not in used
                and (p.value, p.unit, p.date) == key
                and (
                    not named
                    or (
                        subject_matches(p.subject, g_subject)
                        and metric_matches(p.metric, p.measure, g.metric)
                    )
                )
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            tp += 0 if g.uncertain else 1
        elif not g.uncertain:
            misses.append(f"{g.subject} {g.metric} {g.value} {g.unit} {g.date} «{g.quote}»")
    matched = {predicted[i].figure for i in used}
    false_positives: list[str] = []
    reported: set[tuple[str | None, ...]] = set()
    for i, p in enumerate(predicted):
        if i in used or p.figure in matched or p.figure in reported:
            continue
        reported.add(p.figure)
        false_positives.append(p.text)
    return TaskResult(
        Score(tp, len(false_positives), len(misses)), tuple(misses), tuple(false_positives)
    )


def excerpt_recall(graph: Graph, gold: GoldDocument) -> TaskResult:
    """How many of a gold file's figures a graph holds, matched one-to-one on value, unit
    and date, from any of its documents: for a graph built from a whole report of which
    the gold annotates an excerpt (a section read from the PDF). Only recall means
    something here; the rest of the report's figures are not false positives."""
    result = _score_observations(gold, _rows(graph, "observations"))
    return TaskResult(Score(result.score.tp, 0, result.score.fn), result.misses, ())


def _score_relations(
    gold: GoldDocument, rows: list[dict[str, str]], names_of: dict[str, frozenset[str]]
) -> TaskResult:
    """One predicted edge matches one gold row, or one per giver for an award received
    from several givers (gold lists 中国最佳企业银行 once per giver)."""
    gold_names = {normalize_name(g.name): g.names for g in gold.entities}

    def names(label: str) -> frozenset[str]:
        return gold_names.get(normalize_name(label), frozenset({normalize_name(label)}))

    predicted: dict[tuple[str, str, str], tuple[frozenset[str], frozenset[str], str]] = {}
    givers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        key = (r["subject"], r["relation"], r["object"])
        if r.get("giverLabel"):
            givers[key].add(normalize_name(r["giverLabel"]))
        if key not in predicted:
            predicted[key] = (
                names_of.get(r["subject"], frozenset({normalize_name(r["subjectLabel"])})),
                names_of.get(r["object"], frozenset({normalize_name(r["objectLabel"])})),
                f"{r['subjectLabel']} {r['relation']} {r['objectLabel']}",
            )
    used: Counter[tuple[str, str, str]] = Counter()
    used_givers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    tp, misses = 0, []
    for g in sorted(gold.relations, key=lambda x: x.uncertain):
        gs, go = names(g.subject), names(g.object)
        gg = names(g.giver) if g.giver else frozenset()
        hit = None
        for key, (ps, po, _) in predicted.items():
            if key[1] != g.relation or used[key] >= max(1, len(givers[key])):
                continue
            forward = bool(ps & gs and po & go)
            backward = g.relation == "collaboratesWith" and bool(ps & go and po & gs)
            if not (forward or backward):
                continue
            if gg and givers[key]:
                match = (gg & givers[key]) - used_givers[key]
                if not match:
                    continue
                used_givers[key].add(min(match))
            hit = key
            break
        if hit is not None:
            used[hit] += 1
            tp += 0 if g.uncertain else 1
        elif not g.uncertain:
            giver = f" (giver {g.giver})" if g.giver else ""
            misses.append(f"{g.subject} {g.relation} {g.object}{giver}")
    false_positives = sorted(text for key, (_, _, text) in predicted.items() if not used[key])
    return TaskResult(
        Score(tp, len(false_positives), len(misses)), tuple(misses), tuple(false_positives)
    )


def evaluate(graph: Graph, gold_docs: Sequence[GoldDocument]) -> Evaluation:
    """Score the graph against each gold document it contains."""
    entity_rows = _rows(graph, "entities")
    own = _own_banks(graph)
    names_of = {
        r["entity"]: frozenset(normalize_name(n) for n in [r["label"], *_split(r["aliases"])])
        for r in entity_rows
    }
    obs_rows = _rows(graph, "observations")
    rel_rows = _rows(graph, "relations")
    results = []
    for gold in gold_docs:
        predicted = []
        for r in entity_rows:
            if gold.doc not in _split(r["docs"]) or r["entity"] == own.get(gold.doc):
                continue
            kind = "Organization" if r["kind"] == "Bank" else r["kind"]
            predicted.append(Predicted(r["entity"], kind, r["label"], names_of[r["entity"]]))
        predicted.sort(key=lambda p: (p.kind, p.label, p.key))
        doc_obs = [r for r in obs_rows if r["doc"] == gold.doc]
        # an observation row repeats per evidence span: keep one row per printing
        seen, unique_obs = set(), []
        for r in doc_obs:
            k = (*(r.get(c) for c in FIGURE_COLUMNS), r["start"])
            if k not in seen:
                seen.add(k)
                unique_obs.append(r)
        results.append(
            DocumentEvaluation(
                gold.doc,
                _score_entities(gold, predicted, strict=True),
                _score_entities(gold, predicted, strict=False),
                _score_observations(gold, unique_obs),
                _score_relations(gold, [r for r in rel_rows if r["doc"] == gold.doc], names_of),
                _score_observations(gold, unique_obs, names_of, named=True),
            )
        )
    return Evaluation(tuple(results))


# ------------------------------------------------------------------ report
TASKS = (
    ("entities_strict", "entities (kind-strict)"),
    ("entities_blind", "entities (kind-blind)"),
    ("observations", "observations (value+unit+date)"),
    ("observations_named", "observations (+subject+metric)"),
    ("relations", "relations"),
)


def _line(label: str, s: Score) -> str:
    return (
        f"  {label:<34} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})"
    )


def format_evaluation(ev: Evaluation, misses: bool = True, limit: int = 40) -> str:
    out = []
    for doc in ev.documents:
        out.append(doc.doc)
        for attr, label in TASKS:
            out.append(_line(label, getattr(doc, attr).score))
        if misses:
            for attr, label in TASKS:
                if attr == "entities_blind":
                    continue
                result: TaskResult = getattr(doc, attr)
                for title, items in (
                    ("missed", result.misses),
                    ("false positives", result.false_positives),
                ):
                    if items:
                        out.append(f"    {label} {title} ({len(items)}):")
                        out.extend(f"      - {x}" for x in items[:limit])
                        if len(items) > limit:
                            out.append(f"      … {len(items) - limit} more")
    out.append("per kind (kind-strict, all documents)")
    for kind, score in ev.total_by_kind().items():
        out.append(_line(kind, score))
    out.append("TOTAL (micro-averaged over documents)")
    for attr, label in TASKS:
        out.append(_line(label, ev.total(attr)))
    return "\n".join(out) + "\n"


def as_dict(ev: Evaluation) -> dict:
    def score(s: Score) -> dict:
        return {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
        }

    return {
        "documents": {
            d.doc: {attr: score(getattr(d, attr).score) for attr, _ in TASKS} for d in ev.documents
        },
        "by_kind": {k: score(s) for k, s in ev.total_by_kind().items()},
        "total": {attr: score(ev.total(attr)) for attr, _ in TASKS},
    }


# ------------------------------------------------------------------ sets side by side
@dataclass(frozen=True)
class EvalSet:
    """A named pair of documents and their gold, as listed in eval/sets.yaml."""

    name: str
    inputs: tuple[Path, ...]
    gold: Path


def load_sets(path: Path) -> list[EvalSet]:
    """The gold sets of a sets file; relative paths are taken from the repository root
    (the folder above the file's own), so the command runs from anywhere."""
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: cannot read the sets file ({exc})") from exc
    if not isinstance(rows, list) or not rows:
        raise GoldError(f"{path}: expected a list of sets with name, input and gold")
    root = path.resolve().parent.parent
    sets = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not {"name", "input", "gold"} <= set(row):
            raise GoldError(f"{path}: set {i} needs name, input and gold")
        inputs = row["input"] if isinstance(row["input"], list) else [row["input"]]
        sets.append(
            EvalSet(str(row["name"]), tuple(root / str(p) for p in inputs), root / str(row["gold"]))
        )
    return sets


def format_side_by_side(results: Sequence[tuple[str, Evaluation]]) -> str:
    """One row per task, one column per set: F1 with precision and recall, so the
    figures of real documents stand next to those of the seeds."""
    width = max(24, *(len(name) + 2 for name, _ in results))
    out = [f"{'F1 (P / R)':<34}" + "".join(f"{name:<{width}}" for name, _ in results).rstrip()]
    for attr, label in TASKS:
        cells = []
        for _, ev in results:
            s = ev.total(attr)
            cells.append(f"{s.f1:.3f} ({s.precision:.3f} / {s.recall:.3f})")
        out.append((f"{label:<34}" + "".join(f"{c:<{width}}" for c in cells)).rstrip())
    return "\n".join(out) + "\n"
