"""The models' pickling: each slotted frozen dataclass is a call of its class with its
fields, and gives back equal objects (the spool and the pool's workers pickle analyses)."""

import pickle
from dataclasses import fields
from datetime import date
from decimal import Decimal

from kg.models import Alias, Candidate, Mention, Observation, Relation, Sentence, Span


def _objects():
    span = Span("甲行年报", 3, 7, "零售業務")
    other = Span("甲行年报", 12, 16, "普惠金融")
    sentence = Sentence("甲行年报", 0, 0, 20, "本行零售業務穩步發展，普惠金融持续推进。")
    subject = Mention("零售業務", "零售业务", "BusinessLine", span, 0, "entity.test")
    obj = Mention("普惠金融", "普惠金融", "BusinessLine", other, 0, "entity.test")
    figure = Observation(
        subject, "loans", Decimal("1.5E+9"), "元", date(2025, 12, 31), "15亿元", span, 0, "r"
    )
    relation = Relation(subject, "supports", obj, other, 0, "relation.test", context=span)
    candidate = Candidate("某项目", "Project", "weak", "甲行年报", "某项目进展顺利。", 1, 4)
    return [span, sentence, subject, figure, relation, candidate, Alias("零售業務", "zh-Hant")]


def test_reduce_is_the_class_and_its_fields_in_order():
    for value in _objects():
        cls, args = value.__reduce__()
        assert cls is type(value)
        assert args == tuple(getattr(value, f.name) for f in fields(value))


def test_pickle_round_trip_gives_equal_objects():
    values = _objects()
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(values, protocol=protocol))
        assert back == values
        assert [type(v) for v in back] == [type(v) for v in values]
        assert [hash(v) for v in back] == [hash(v) for v in values]


def test_a_pickle_of_the_state_still_loads():
    # what dataclasses' __setstate__ reads from pickles made before: still there
    span = Span("乙行报告", 1, 3, "理財")
    state = [getattr(span, f.name) for f in fields(span)]
    made = object.__new__(Span)
    made.__setstate__(state)  # type: ignore[attr-defined]
    assert made == span
