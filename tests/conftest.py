"""Shared fixtures: the seeds built once per session, and small hand-made contexts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kg.models import Document, TextContext

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The columns the contract queries promise (more columns are allowed).
CONTRACT_COLUMNS = {
    "entities": ["entity", "label", "kind", "aliases", "docs"],
    "observations": [
        "subject",
        "subjectLabel",
        "metric",
        "value",
        "unit",
        "date",
        "qualifier",
        "doc",
        "quote",
    ],
    "relations": ["subjectLabel", "relation", "objectLabel", "doc", "quote"],
}


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seeds_build():
    """The whole seeds corpus, built once: a :class:`kg.pipeline.BuildResult`."""
    from kg.pipeline import build

    return build([SEEDS])


@pytest.fixture(scope="session")
def seeds_out(seeds_build, tmp_path_factory) -> Path:
    """An out/ folder with graph.ttl and candidates.csv of the seeds."""
    from kg.pipeline import write_outputs

    out = tmp_path_factory.mktemp("out")
    write_outputs(seeds_build, out)
    return out


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    return seeds_build.graph


def make_document(
    text: str,
    name: str = "t.txt",
    bank: str | None = "工商银行",
    reference_date: date | None = date(2024, 12, 31),
) -> Document:
    from kg.normalize import script_of

    return Document(
        name=name,
        path=Path(name),
        text=text,
        encoding="utf-8",
        sha256="0" * 64,
        bank=bank,
        reference_date=reference_date,
        script=script_of(text),
    )


@pytest.fixture(scope="session")
def make_context(nlp) -> Callable[..., TextContext]:
    """Build the extraction context of a composed text, as the pipeline would."""
    from kg.nlp import analyse

    def make(text: str, **kwargs) -> TextContext:
        doc = analyse(nlp, make_document(text, **kwargs))
        return doc._.kg_context

    return make


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Run the whole spaCy pipeline over a composed text; returns the spaCy Doc."""
    from kg.nlp import analyse

    def run(text: str, **kwargs):
        return analyse(nlp, make_document(text, **kwargs))

    return run


def figure_rows(observations, extra: str | None = None, subject: str = "text") -> list[tuple]:
    """Every column a figure test compares: subject (as printed, or its normalised
    ``name`` with ``subject="name"``), metric, value, unit, date, measure, the ``extra``
    field when given (``rule``, ``direction``) and the subject step that decided."""
    return [
        (
            getattr(o.subject, subject) if o.subject else None,
            o.metric,
            str(o.value),
            o.unit,
            o.date.isoformat(),
            o.measure,
            *((getattr(o, extra),) if extra else ()),
            o.subject_rule,
        )
        for o in observations
    ]
