"""The command line through click's CliRunner: outputs, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import CONTRACT_COLUMNS

from kg.cli import main

DOC = (
    "截至2024年末，本行手机银行客户数达到5.2亿户，比上年末增加3,000万户。\n"
    "本行推出「工银e生活」平台，网络金融部负责该平台的运营。\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    return folder


def _build(runner: CliRunner, inputs: Path, out: Path) -> click.testing.Result:
    return runner.invoke(main, ["build", "--input", str(inputs), "--out", str(out)])


def test_build_writes_graph_and_prints_summary(runner, corpus, tmp_path):
    out = tmp_path / "out"
    result = _build(runner, corpus, out)
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")
    assert (out / "candidates.csv").exists()
    for word in ("documents", "entities", "observations", "relations", "triples"):
        assert word in result.stdout


def test_the_kg_command_ends_without_teardown_and_loses_no_output(runner, corpus, tmp_path):
    """`kg build` as a user runs it ends once its summary is flushed (no interpreter
    teardown): exit 0, the whole summary through a pipe, the same outputs as in-process."""
    import subprocess
    import sys

    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run(
        [str(kg), "build", "--input", str(corpus), "--out", str(tmp_path / "cmd")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    in_process = _build(runner, corpus, tmp_path / "lib")
    lines, expected = done.stdout.splitlines(), in_process.stdout.splitlines()
    assert len(lines) == len(expected) and lines[-1].startswith("  seconds ")
    assert lines[1:-1] == [line.replace("/lib/", "/cmd/") for line in expected[1:-1]]
    for name in ("graph.ttl", "candidates.csv", "validation.txt"):
        cmd, lib = ((tmp_path / d / name).read_bytes() for d in ("cmd", "lib"))
        if name == "validation.txt":  # its first line says how long validation took
            cmd, lib = cmd.split(b"\n", 1)[1], lib.split(b"\n", 1)[1]
        assert cmd == lib


def test_build_is_deterministic(runner, corpus, tmp_path):
    _build(runner, corpus, tmp_path / "one")
    _build(runner, corpus, tmp_path / "two")
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (
        tmp_path / "two" / "graph.ttl"
    ).read_bytes()


def test_a_second_build_reuses_the_analysis_and_writes_the_same_graph(runner, corpus, tmp_path):
    out = tmp_path / "out"
    first = _build(runner, corpus, out)
    graph = (out / "graph.ttl").read_bytes()
    second = _build(runner, corpus, out)
    assert "from the cache" not in first.stdout
    assert "1 unchanged, from the cache" in second.stdout
    assert "nothing changed since the last build" in second.stdout
    assert (out / "graph.ttl").read_bytes() == graph
    summary = [line for line in first.stdout.splitlines()[1:] if "seconds" not in line]
    kept = [line for line in second.stdout.splitlines()[1:] if "seconds" not in line]
    assert [line.replace(" (1 unchanged, from the cache)", "") for line in kept] == summary
    fresh = runner.invoke(
        main, ["build", "--input", str(corpus), "--out", str(tmp_path / "x"), "--no-cache"]
    )
    assert "from the cache" not in fresh.stdout
    assert not (tmp_path / "x" / ".cache").exists()
    assert (tmp_path / "x" / "graph.ttl").read_bytes() == graph


def test_query_csv_has_header_and_rows(runner, seeds_out):
    graph = str(seeds_out / "graph.ttl")
    for name, columns in CONTRACT_COLUMNS.items():
        result = runner.invoke(main, ["query", name, "--graph", graph, "--format", "csv"])
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0][: len(columns)] == columns
        assert len(rows) > 1, f"{name} returned no rows"


def test_query_json_and_table(runner, seeds_out):
    graph = str(seeds_out / "graph.ttl")
    as_json = runner.invoke(main, ["query", "entities", "--graph", graph, "--format", "json"])
    assert as_json.exit_code == 0
    assert '"label": "工商银行"' in as_json.stdout
    table = runner.invoke(main, ["query", "entities", "--graph", graph])
    assert table.exit_code == 0 and "rows)" in table.stdout


def test_query_file_path(runner, seeds_out, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    result = runner.invoke(
        main, ["query", str(rq), "--graph", str(seeds_out / "graph.ttl"), "--format", "csv"]
    )
    assert result.exit_code == 0
    assert int(result.stdout.splitlines()[1]) > 1000


def test_viz_writes_offline_html(runner, seeds_out, tmp_path):
    out = tmp_path / "view.html"
    result = runner.invoke(
        main, ["viz", "--graph", str(seeds_out / "graph.ttl"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "vis.Network" in page or "vis-network" in page
    assert 'src="http' not in page and 'href="http' not in page


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "graphml"])
def test_export_formats(runner, seeds_out, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(
        main,
        ["export", "--graph", str(seeds_out / "graph.ttl"), "--format", fmt, "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def _one_line_error(result: click.testing.Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err


def test_missing_input_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(
        main, ["build", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]
    )
    _one_line_error(result, 2, "nope")


def test_empty_input_folder(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(
        main, ["build", "--input", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]
    )
    _one_line_error(result, 1, "no documents (.txt, .pdf, .docx, .html)")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x00\x01\x02\x03" * 100, "binary"), (b"", "empty"), (b"   \n", "empty")],
    ids=["binary", "empty", "blank"],
)
def test_bad_file_fails_without_touching_previous_output(runner, corpus, tmp_path, content, needle):
    out = tmp_path / "out"
    assert _build(runner, corpus, out).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(content)
    result = _build(runner, bad, out)
    assert result.exit_code == 1
    assert "x.txt" in result.stderr and needle in result.stderr
    assert (out / "graph.ttl").read_bytes() == before


def test_one_bad_file_among_good_ones_is_reported_and_the_rest_built(runner, corpus, tmp_path):
    (corpus / "z.txt").write_bytes(b"\x00\xff" * 64)
    out = tmp_path / "out"
    result = _build(runner, corpus, out)
    assert result.exit_code == 1
    assert "z.txt" in result.stderr
    assert (out / "graph.ttl").exists()


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("gb18030", b""), ("big5", b"")],
    ids=["utf8", "utf8-bom", "utf16", "gb18030", "big5"],
)
def test_encodings_are_detected(runner, tmp_path, encoding, bom):
    text = "截至2024年末，本行手機銀行客戶數達到5.2億戶。本行推出「工銀e生活」平台。" * 3
    if encoding == "gb18030":
        text = "截至2024年末，本行手机银行客户数达到5.2亿户。本行推出「工银e生活」平台。" * 3
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(bom + text.encode(encoding))
    out = tmp_path / "out"
    result = _build(runner, folder, out)
    assert result.exit_code == 0, result.output
    assert "截至2024年末" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_unknown_query_name(runner, seeds_out):
    result = runner.invoke(
        main, ["query", "no_such_query", "--graph", str(seeds_out / "graph.ttl")]
    )
    _one_line_error(result, 1, "no_such_query", "known queries")


def test_sparql_syntax_error(runner, seeds_out, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELEKT ?s WHERE { ?s ?p }", encoding="utf-8")
    result = runner.invoke(main, ["query", str(rq), "--graph", str(seeds_out / "graph.ttl")])
    _one_line_error(result, 1, "SPARQL error")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(None, "no such graph file"), ("this is not turtle <<<", "not a readable RDF graph")],
    ids=["missing", "garbage"],
)
def test_unreadable_graph(runner, tmp_path, content, needle):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["query", "entities", "--graph", str(path)])
    _one_line_error(result, 1, needle)


def test_debug_shows_the_traceback(runner, tmp_path):
    result = runner.invoke(
        main, ["--debug", "query", "entities", "--graph", str(tmp_path / "g.ttl")]
    )
    assert result.exit_code != 0
    assert result.exception is not None


def test_unknown_command_is_one_line(runner):
    _one_line_error(runner.invoke(main, ["nosuch"]), 2, "nosuch")


def test_unknown_query_param(runner, seeds_out):
    result = runner.invoke(
        main, ["query", "entities", "--graph", str(seeds_out / "graph.ttl"), "--param", "x=1"]
    )
    _one_line_error(result, 1, "no parameter 'x'")


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")


@pytest.mark.parametrize(
    "name,cmd", list(_commands(main)), ids=lambda x: str(x) if isinstance(x, str) else ""
)
def test_every_command_and_option_is_documented(name, cmd):
    assert cmd.help and "Example:" in cmd.help, f"kg {name} needs help text with an Example line"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"kg {name} {param.opts[0]} has no help text"


FIXTURES_SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"


def test_validate_exit_codes(runner):
    good = sorted((FIXTURES_SHAPES / "good").glob("*.ttl"))[0]
    bad = FIXTURES_SHAPES / "bad" / "duplicate-observation.ttl"
    ok = runner.invoke(main, ["validate", "--graph", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "0 violation" in ok.stdout
    failed = runner.invoke(main, ["validate", "--graph", str(bad)])
    assert failed.exit_code == 1
    assert "Violation" in failed.stdout
    reference = runner.invoke(main, ["validate", "--graph", str(bad), "--engine", "pyshacl"])
    assert reference.exit_code == 1
    same = [line for line in failed.stdout.splitlines() if not line.startswith("SHACL")]
    assert same == [line for line in reference.stdout.splitlines() if not line.startswith("SHACL")]


def test_build_reports_validation(runner, corpus, tmp_path):
    out = tmp_path / "out"
    result = _build(runner, corpus, out)
    assert "validation" in result.stdout and "violations" in result.stdout
    assert (out / "validation.txt").read_text(encoding="utf-8").startswith("SHACL validation")
    skipped = runner.invoke(
        main, ["build", "--input", str(corpus), "--out", str(tmp_path / "o2"), "--no-validate"]
    )
    assert "violations" not in skipped.stdout
    assert not (tmp_path / "o2" / "validation.txt").exists()


def test_query_sparql_prints_the_portable_text_without_a_graph(runner):
    result = runner.invoke(
        main,
        ["query", "strategy", "--param", "strategy=普惠金融", "--sparql", "--graph", "absent.ttl"],
    )
    assert result.exit_code == 0, result.output
    assert 'VALUES (?strategy) { ("\\u666E\\u60E0\\u91D1\\u878D") }' in result.stdout
    assert result.stdout.startswith("# Question (zh):")


def _seeds_query(runner, seeds_out, *args, **kwargs):
    return runner.invoke(main, ["query", *args, "--graph", str(seeds_out / "graph.ttl")], **kwargs)


def test_query_json_keeps_numbers_booleans_and_nulls_typed(runner, seeds_out):
    import json

    docs = json.loads(_seeds_query(runner, seeds_out, "documents", "--format", "json").stdout)
    assert docs
    for row in docs:
        assert all(type(row[c]) is int for c in ("mentions", "observations", "statements"))
        assert isinstance(row["fileName"], str) and isinstance(row["referenceDate"], str)
    served = json.loads(_seeds_query(runner, seeds_out, "strategy", "--format", "json").stdout)
    assert served and {type(r["direct"]) for r in served} == {bool}
    series = json.loads(_seeds_query(runner, seeds_out, "series", "--format", "json").stdout)
    assert series and all(type(r["value"]) in (int, float) for r in series)
    assert all(r["qualifier"] is None or isinstance(r["qualifier"], str) for r in series)
    assert all(r["qualifier"] != "" for r in series), "missing is null, not an empty string"
    rows = _seeds_query(runner, seeds_out, "series", "--format", "csv").stdout
    values = [r["value"] for r in csv.DictReader(io.StringIO(rows))]
    assert [str(r["value"]) for r in series] == values


def test_query_ndjson_is_one_typed_object_per_row(runner, seeds_out):
    import json

    out = _seeds_query(runner, seeds_out, "documents", "--format", "ndjson").stdout
    lines = out.splitlines()
    as_json = json.loads(_seeds_query(runner, seeds_out, "documents", "--format", "json").stdout)
    assert [json.loads(line) for line in lines] == as_json


def test_query_list_shows_every_query_with_its_question(runner):
    from kg import queries

    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name, en, zh in queries.questions():
        assert en and zh
        assert f"{name:<13} {en}" in result.stdout and zh in result.stdout


def test_query_text_and_stdin(runner, seeds_out):
    import json

    text = "SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?doc a <https://w3id.org/bank-kg/def/bkg#Document> }"
    inline = _seeds_query(runner, seeds_out, "-e", text, "--format", "json")
    assert inline.exit_code == 0, inline.output
    piped = _seeds_query(runner, seeds_out, "-", "--format", "json", input=text)
    assert piped.exit_code == 0, piped.output
    assert json.loads(inline.stdout) == json.loads(piped.stdout) == [{"n": 5}]
    _one_line_error(_seeds_query(runner, seeds_out, "-", input=""), 1, "<stdin>", "empty")
    both = _seeds_query(runner, seeds_out, "documents", "-e", text)
    _one_line_error(both, 2, "not both")


@pytest.mark.parametrize(
    "args,needles",
    [
        (["query"], ["missing the query", "--list"]),
        (["eval"], ["--gold DIR", "--compare"]),
    ],
    ids=["query-without-name", "eval-without-gold"],
)
def test_a_missing_argument_is_named(runner, args, needles):
    result = runner.invoke(main, args)
    _one_line_error(result, 2, *needles)
    assert "Error:  (" not in result.stderr


def test_analyze_alone_lists_the_analyses(runner):
    from kg.cli import analyze

    result = runner.invoke(main, ["analyze"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for name in analyze.commands:
        assert f"  {name} " in result.stdout


# ---------------------------------------------------------------- other formats (issue 12)

UNDATED = "截至6月末，手机银行客户数达到3.85亿户。\n"
UNDATED_TC = "截至6月末，手機銀行客戶數達到3.85億戶。\n"


@pytest.fixture
def undated(tmp_path: Path) -> Path:
    """The paragraph that names no year, in each of the four encodings."""
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "u8.txt").write_bytes(UNDATED.encode("utf-8"))
    (folder / "u16.txt").write_bytes(UNDATED.encode("utf-16"))
    (folder / "gb.txt").write_bytes(UNDATED.encode("gb18030"))
    (folder / "big5.txt").write_bytes(UNDATED_TC.encode("big5"))
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_figures_of_a_document_without_a_date_go_to_review_with_the_fix(runner, undated, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(undated), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "observations  0" in result.stdout
    assert "4  figures of a document with no as-of date" in result.stdout
    assert "--reference-date" in result.stdout
    rows = [r for r in _rows(out / "candidates.csv") if r["rule"] == "obs.undated"]
    got = [(r["name"], r["kind_guess"], r["count"], r["docs"]) for r in rows]
    assert got == [
        ("客户数 3.85亿户", "Observation", "3", "gb.txt | u16.txt | u8.txt"),
        ("客户数 3.85億戶", "Observation", "1", "big5.txt"),
    ]
    for row in rows:
        assert (row["page"], row["start"], row["end"]) == ("", "6", "21")
        assert "manifest.yaml" in row["reason"] and "--reference-date" in row["reason"]


def test_reference_date_and_bank_date_the_figures_of_every_encoding(runner, undated, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "build",
            str(undated),
            "--out",
            str(out),
            "--workers",
            "1",
            "--reference-date",
            "2020-06-30",
            "--bank",
            "工商银行",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "obs.undated" not in (out / "candidates.csv").read_text(encoding="utf-8")
    query = runner.invoke(
        main, ["query", "observations", "--graph", str(out / "graph.ttl"), "--format", "csv"]
    )
    got = sorted((r["doc"], r["value"], r["unit"], r["date"]) for r in _rows_of(query.stdout))
    assert got == [
        (doc, "385000000", "户", "2020-06-30")
        for doc in ("big5.txt", "gb.txt", "u16.txt", "u8.txt")
    ]
    docs = runner.invoke(
        main, ["query", "documents", "--graph", str(out / "graph.ttl"), "--format", "csv"]
    )
    assert docs.stdout.count("工商银行") == 4


def _rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_bad_reference_date_is_a_usage_error(runner, undated, tmp_path):
    result = runner.invoke(main, ["build", str(undated), "--reference-date", "30/06/2020"])
    assert result.exit_code == 2


def test_build_reads_a_pdf_and_writes_its_text(runner, tmp_path):
    from test_pdftext import PAGE, make_pdf

    pdf = make_pdf(tmp_path / "report.pdf", [PAGE, PAGE])
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(pdf), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    text = (out / "text" / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("2024年末，本行手机银行客户数达到1.2亿户，较上年末增长8.5%。\n")
    query = runner.invoke(
        main, ["query", "observations", "--graph", str(out / "graph.ttl"), "--format", "csv"]
    )
    rows = _rows_of(query.stdout)
    assert ("120000000", "户", "2024-12-31") in {(r["value"], r["unit"], r["date"]) for r in rows}
    for r in rows:
        assert text[int(r["start"]) : int(r["end"])] == r["quote"]
    pages = runner.invoke(
        main,
        ["query", str(_page_query(tmp_path)), "--graph", str(out / "graph.ttl"), "--format", "csv"],
    )
    got = {(r["quote"], r["page"]) for r in _rows_of(pages.stdout)}
    # the same page twice: every span of the second copy is on page 2
    assert {q for q, p in got if p == "1"} == {q for q, p in got if p == "2"} != set()


def _page_query(tmp_path: Path) -> Path:
    path = tmp_path / "pages.rq"
    path.write_text(
        "# Question: the page of every evidence span\n"
        "PREFIX bkg: <https://w3id.org/bank-kg/def/bkg#>\n"
        "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
        "SELECT ?quote ?page WHERE { ?span a bkg:TextSpan ; bkg:page ?page ;"
        " oa:hasSelector/oa:exact ?quote } ORDER BY ?page ?quote\n",
        encoding="utf-8",
    )
    return path


def test_build_reads_html_and_docx_as_text(runner, tmp_path):
    from test_readers import PAGE as HTML
    from test_readers import make_docx

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "note.docx").write_bytes(make_docx())
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "documents     2" in result.stdout
    for name in ("page", "note"):
        text = (out / "text" / f"{name}.txt").read_text(encoding="utf-8")
        assert "<" not in text and "2024年末，本行手机银行客户数达到1.2亿户" in text
    query = runner.invoke(
        main, ["query", "observations", "--graph", str(out / "graph.ttl"), "--format", "csv"]
    )
    found = {(r["doc"], r["value"], r["unit"]) for r in _rows_of(query.stdout)}
    assert {("page.html", "120000000", "户"), ("note.docx", "120000000", "户")} <= found
    assert "</" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_eval_compare_prints_every_set_side_by_side(runner, tmp_path):
    from conftest import GOLD, ROOT

    if not GOLD.is_dir():
        pytest.skip(f"no gold annotations at {GOLD}")
    one = tmp_path / "one"
    one.mkdir()
    name = sorted(GOLD.glob("*.yaml"))[0].stem + ".txt"
    (one / name).write_bytes((ROOT / "seeds" / name).read_bytes())
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / (Path(name).stem + ".yaml")).write_bytes(
        (GOLD / (Path(name).stem + ".yaml")).read_bytes()
    )
    (tmp_path / "eval").mkdir()
    sets = tmp_path / "eval" / "sets.yaml"
    sets.write_text(
        "- {name: first, input: one, gold: gold}\n- {name: again, input: [one], gold: gold}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["eval", "--compare", str(sets)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split()[-2:] == ["first", "again"]
    assert len(rows) == 5
    for row in rows:
        cells = row[34:].split()
        assert cells[:4] == cells[4:], row  # the same set twice scores the same
        assert 0.0 <= float(cells[0]) <= 1.0


def test_eval_compare_names_a_missing_input(runner, tmp_path):
    (tmp_path / "eval").mkdir()
    sets = tmp_path / "eval" / "sets.yaml"
    sets.write_text("- {name: x, input: nowhere, gold: gold}\n", encoding="utf-8")
    result = runner.invoke(main, ["eval", "--compare", str(sets)])
    assert result.exit_code == 1
    assert "nowhere" in result.output and "does not exist" in result.output


def test_analyze_json_keeps_numbers_typed(runner, seeds_out):
    import json

    graph = str(seeds_out / "graph.ttl")
    result = runner.invoke(main, ["analyze", "departments", "--graph", graph, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    for row in rows:
        assert type(row["degree"]) is int and isinstance(row["betweenness"], float)
        assert isinstance(row["unit"], str)
    groups = runner.invoke(main, ["analyze", "components", "--graph", graph, "--format", "ndjson"])
    sizes = [json.loads(line)["size"] for line in groups.stdout.splitlines()]
    assert sizes and all(type(s) is int for s in sizes)
