"""kg.spacyload: spaCy imported through ``kg`` leaves its command line unloaded, and is
otherwise spaCy as usual: ``spacy.info``, ``import spacy.cli`` and a blank pipeline work.
Each probe runs in a new interpreter (an import happens once per process)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
first = sys.argv[1]
if first == "spacy":
    import spacy
import kg.nlp
import spacy
out = {
    "typer_before_cli": "typer" in sys.modules,
    "weasel_before_cli": "weasel" in sys.modules,
    "loader": type(spacy.__spec__.loader).__name__,
    "finders": [type(f).__module__ for f in sys.meta_path if "kg" in type(f).__module__],
    "tokens": [t.text for t in spacy.blank("zh")("平安银行")],
    "info_version": spacy.info()["spacy_version"] == spacy.__version__,
}
import spacy.cli
out["download"] = callable(spacy.cli.download)
out["typer_after_cli"] = "typer" in sys.modules
print(json.dumps(out))
"""


def _probe(first: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, first], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_spacy_through_kg_leaves_its_command_line_until_asked():
    out = _probe("kg")
    assert out["typer_before_cli"] is False
    assert out["weasel_before_cli"] is False
    assert out["loader"] == "SourceFileLoader"  # spaCy's own loader again
    assert out["finders"] == []  # the finder left sys.meta_path once spaCy was imported
    assert out["tokens"] == ["平", "安", "银", "行"]  # a blank pipeline cuts characters
    assert out["info_version"] is True  # spacy.info() runs the real one
    assert out["download"] is True and out["typer_after_cli"] is True


def test_spacy_imported_before_kg_is_left_alone():
    out = _probe("spacy")
    assert out["typer_before_cli"] is True
    assert out["finders"] == []
    assert out["tokens"] == ["平", "安", "银", "行"]  # a blank pipeline cuts characters
    assert out["info_version"] is True
    assert out["download"] is True
