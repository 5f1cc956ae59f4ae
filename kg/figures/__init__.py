"""Figures: every reported number as a typed, dated, sourced observation.

A stage that is itself a family of rules, so it nests (as spaCy's ``pipeline/`` does),
one module per family:

* :mod:`~kg.figures.rules` the rule tables, compiled (what prose and tables share);
* :mod:`~kg.figures.text` sentence and clause boundaries, marks of rule tables;
* :mod:`~kg.figures.quantities` numbers with hedge, scale and unit;
* :mod:`~kg.figures.scan` what is matched once per document;
* :mod:`~kg.figures.clause` the words before a quantity;
* :mod:`~kg.figures.metric` metric, unit and measure;
* :mod:`~kg.figures.dating` the date in force;
* :mod:`~kg.figures.distributive` 分别-lists;
* :mod:`~kg.figures.subject` the subject chain: registered steps, run in the table's order;
* :mod:`~kg.figures.topics` the sentence's, paragraph's and section's topics the steps read;
* :mod:`~kg.figures.prose` figures of prose;
* :mod:`~kg.figures.locate`, :mod:`~kg.figures.headers`, :mod:`~kg.figures.tables`
  tables: located, their headers read, their cells read;
* :mod:`~kg.figures.reconcile` table figures against the prose's;
* :mod:`~kg.figures.extract` the entry points.

All vocabulary is data in ``rules/observations.yaml``, ``rules/tables.yaml`` and
``rules/units.yaml``.
"""

from kg.figures.extract import extract, extract_with_review, load_rules, read_part
from kg.figures.rules import ObservationRules

__all__ = ["ObservationRules", "extract", "extract_with_review", "load_rules", "read_part"]
