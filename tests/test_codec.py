"""The analysis cache's data format: JSON read back by declared type, never code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import codec
from kg.codec import CodecError
from kg.models import Document, DocumentExtraction, Mention, Observation, Span


def test_every_seed_extraction_round_trips(seeds_build):
    for ex in seeds_build.extractions:
        data = codec.dumps(ex)
        assert codec.loads(data, DocumentExtraction) == ex
        assert codec.dumps(codec.loads(data, DocumentExtraction)) == data


SPANS = st.builds(Span, st.text(max_size=5), st.integers(0, 99), st.integers(0, 99), st.text())
MENTIONS = st.builds(
    Mention, st.text(), st.text(), st.text(max_size=5), SPANS, st.integers(0, 9), st.text()
)
OBSERVATIONS = st.builds(
    Observation,
    subject=st.none() | MENTIONS,
    metric=st.text(),
    value=st.decimals(allow_nan=False, allow_infinity=False),
    unit=st.text(),
    date=st.dates(),
    raw=st.text(),
    span=SPANS,
    sentence=st.integers(0, 99),
    rule=st.text(),
    planned=st.booleans(),
    qualifier=st.none() | st.text(),
)


@settings(max_examples=200, deadline=None)
@given(OBSERVATIONS)
def test_observations_round_trip(obs):
    back = codec.loads(codec.dumps(obs), Observation)
    assert back == obs
    assert str(back.value) == str(obs.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x04\x95 pickle",
        b'{"name": "x"}',
        b'{"subject": null, "metric": 1}',
        b"[1, 2, 3]",
        b'"__import__(\\"os\\")"',
    ],
    ids=["pickle", "missing-fields", "wrong-type", "list", "string"],
)
def test_foreign_data_is_refused(data):
    with pytest.raises(CodecError):
        codec.loads(data, Observation)


def test_a_document_with_its_set_and_path():
    doc = Document(
        "a.txt",
        Path("/in/a.txt"),
        "文本",
        "utf-8",
        "0" * 64,
        reference_date=date(2024, 12, 31),
        inferred=frozenset({"bank", "reference_date"}),
    )
    data = codec.dumps(doc)
    assert b'"inferred":["bank","reference_date"]' in data
    assert codec.loads(data, Document) == doc
    assert codec.to_data(Decimal("1.50")) == "1.50"


def test_fields_are_read_once_per_class_and_only_init_fields_are_written():
    """A dataclass's fields are found once per class (not at every instance); the written
    object has its init fields in declaration order, a field the class computes itself
    left out, and a class or an object of another kind is refused as before."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class Branch:
        name: str
        opened: date
        staff: tuple[int, ...]
        tags: frozenset[str]
        share: Decimal | None = None
        flagship: bool = False
        label: str = field(init=False, default="")

    branch = Branch(
        "杭州分行", date(2025, 3, 1), (12, 7), frozenset({"零售", "對公"}), Decimal("0.50")
    )
    assert codec._init_fields(Branch) == ("name", "opened", "staff", "tags", "share", "flagship")
    assert codec._init_fields(str) is None
    assert codec.to_data(branch) == {
        "name": "杭州分行",
        "opened": "2025-03-01",
        "staff": [12, 7],
        "tags": sorted(["零售", "對公"]),
        "share": "0.50",
        "flagship": False,
    }
    assert codec.to_data([branch, None, 1.5, "x"])[1:] == [None, 1.5, "x"]
    for bad in (Branch, object()):
        with pytest.raises(CodecError):
            codec.to_data(bad)
