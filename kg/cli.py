"""The command line: each command wires library stages together and nothing more.

Library errors become one clear line on stderr and exit code 1; usage errors exit 2.
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg import __version__
from kg.cli_analyze import analyze
from kg.cli_common import (
    DEFAULT_OUT,
    TABLE_FORMATS,
    KgGroup,
    _graph_option,
)
from kg.cli_store import push, serve

if TYPE_CHECKING:
    from kg.queries import NamedQuery

PACKAGED = "packaged"


def _span_scorer_option(what: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """--span-scorer [FILE]: the learned span scorer after the entity rules (off by default)."""
    return click.option(
        "--span-scorer",
        "span_scorer",
        is_flag=False,
        flag_value=PACKAGED,
        default=None,
        metavar="[FILE]",
        help=f"Score the entity rules' names with the span scorer (kg/spanscore.py) {what}:"
        " names below its threshold go to the review queue. Off by default (it did not pay"
        " off in cross-validation, see README); FILE is a model of"
        " scripts/train_span_scorer.py (default: the packaged kg/rules/span_scorer.json).",
    )


def _span_model(value: str | None) -> Path | None:
    if value is None:  # kg.spanscore (and OpenCC with it) not loaded when it is off
        return None
    from kg.spanscore import default_model_path

    return default_model_path() if value == PACKAGED else Path(value)


@click.group(cls=KgGroup)
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build and explore a knowledge graph of bank reports.

    Example: kg build --input seeds/ && kg query entities --format csv
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _base_iri(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from kg.iris import IriError, check_base_iri

    try:
        return None if value is None else check_base_iri(value)
    except IriError as exc:
        raise click.UsageError(f"--base-iri {exc}", ctx) from None


@main.command()
@click.argument(
    "documents", nargs=-1, metavar="[PATH]...", type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="A document (.txt, .pdf, .docx, .html) or a folder of them; repeat for more"
    " (default, when no PATH is given either: seeds).",
)
@click.option(
    "--reference-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The as-of date of this run's documents, where their manifest entry gives none"
    " (YYYY-MM-DD).",
)
@click.option(
    "--bank",
    default=None,
    help="The bank that 本行/我行 in this run's documents refers to, where their manifest"
    " entry names none.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for graph.ttl and candidates.csv.",
)
@click.option(
    "--base-iri",
    default=None,
    callback=_base_iri,
    help="Base IRI for instance IRIs (http or https, no # or ?), checked before any work.",
)
@click.option(
    "--validate/--no-validate",
    "run_validation",
    default=True,
    show_default=True,
    help="Check the graph against ontology/shapes.ttl and write DIR/validation.txt.",
)
@click.option(
    "--cache/--no-cache",
    "use_cache",
    default=True,
    show_default=True,
    help="Reuse the analysis of documents unchanged since the last build (kept in DIR/.cache).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that analyse, map and validate in parallel (default: all cores; 1: none).",
)
@click.option(
    "--dask-scheduler",
    default=None,
    metavar="ADDRESS",
    help="Analyse the documents on this Dask cluster (tcp://HOST:8786) instead of --workers.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an output that is a symlink, FIFO or device (refused by default).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="When some documents cannot be read, still replace the earlier graph with one "
    "built from the rest (by default the earlier output is kept).",
)
@_span_scorer_option("before the graph is built")
def build(
    documents: tuple[Path, ...],
    inputs: tuple[Path, ...],
    reference_date: datetime | None,
    bank: str | None,
    out_dir: Path,
    base_iri: str | None,
    run_validation: bool,
    use_cache: bool,
    workers: int | None,
    dask_scheduler: str | None,
    force: bool,
    partial: bool,
    span_scorer: str | None,
) -> None:
    """Build the graph from documents and write DIR/graph.ttl.

    Only new or changed documents are analysed again; the graph is the same as a fresh
    build's (any change to the rules or code starts the cache afresh).

    PATH is a document (.txt, .pdf, .docx, .html) or a folder of them, as is --input.
    A PDF's text, which every offset refers to, is written to DIR/text/NAME.txt.

    Example: kg build report.pdf --out out/ --reference-date 2024-12-31 --bank 平安银行

    Example: kg build --input reports/ --dask-scheduler tcp://10.0.0.5:8786

    Add --partial to write a graph even when some documents cannot be read.

    Example: kg build --input reports/ --span-scorer    (the learned span scorer on)
    """
    from kg.documents import Defaults
    from kg.pipeline import build_command

    sources = [*documents, *inputs] or [Path("seeds")]
    if bank is not None and not bank.strip():
        raise click.BadParameter("give the bank's name", param_hint="--bank")
    defaults = Defaults(bank, reference_date.date() if reference_date else None)

    started = time.perf_counter() - _running_for()
    with _dask_executor(dask_scheduler) as executor, _progress_bar() as display:
        outcome = build_command(
            sources,
            out_dir,
            base=base_iri,
            use_cache=use_cache,
            run_validation=run_validation,
            workers=workers,
            defaults=defaults,
            executor=executor,
            progress=display.documents if display else None,
            stage=display.stage if display else None,
            force=force,
            partial=partial,
            span_model=_span_model(span_scorer),
        )
    paths, stats = outcome.paths, outcome.stats
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not paths:
        for failure in outcome.failures:
            click.echo(f"error: {failure}", err=True)
        if outcome.kept:
            raise click.ClickException(
                f"{len(outcome.failures)} document(s) could not be read; the earlier output in "
                f"{out_dir} is kept (pass --partial to replace it with a graph of the rest)"
            )
        raise click.ClickException("no document could be read; nothing was written")
    kept = " (nothing changed since the last build: its outputs are kept)" if outcome.reused else ""
    click.echo(f"Built {paths['graph']} in {time.perf_counter() - started:.1f} s{kept}")
    cached = f" ({stats['cached']} unchanged, from the cache)" if stats["cached"] else ""
    click.echo(f"  documents     {stats['documents']}{cached}")
    click.echo(f"  entities      {stats['entities']}")
    kinds = [(k.split(":", 1)[1], v) for k, v in stats.items() if k.startswith("kind:")]
    for kind, n in kinds:
        click.echo(f"    {kind:<16}{n}")
    click.echo(f"  observations  {stats['observations']}")
    click.echo(f"  relations     {stats['relations']}")
    click.echo(f"  triples       {stats['triples']}")
    click.echo(f"  review queue  {paths['candidates']}")
    for what, count, reason in outcome.review:
        why = f" (e.g. {reason})" if reason else ""
        click.echo(f"    {count:>6}  {what}{why}")
    if outcome.validation is not None:
        violations, warnings = outcome.validation
        click.echo(
            f"  validation    {violations} violations, {warnings} warnings ({paths['validation']})"
        )
    stages = ", ".join(
        f"{stage} {seconds:.1f}" for stage, seconds in outcome.timings.items() if stage != "total"
    )
    click.echo(f"  seconds       {stages}")
    for failure in outcome.failures:
        click.echo(f"error: {failure}", err=True)
    if outcome.failures:
        raise click.exceptions.Exit(1)
    _exit_now()


def _exit_now() -> None:
    """End the ``kg`` process here, its outputs written and its summary flushed, without
    tearing down the interpreter: freeing the spaCy pipeline, jieba's dictionaries and
    every module one object at a time took 0.3-0.7 s after the summary was printed, a
    tenth of a cold build of the seeds. Not under a test runner (CliRunner calls the
    command in its own process)."""
    if Path(sys.argv[0]).stem != "kg":
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@contextmanager
def _dask_executor(address: str | None) -> Iterator[Executor | None]:
    """The executor of a Dask cluster's workers (kg.cluster), or None for a local build."""
    if address is None:
        yield None
        return
    from kg.cluster import ClusterError, dask_executor

    try:
        with dask_executor(address) as executor:
            yield executor
    except ClusterError as exc:
        raise click.ClickException(str(exc)) from exc


def _running_for() -> float:
    """Seconds since this process started (Linux), so that the time ``kg build`` prints
    counts the interpreter's start and every import too; 0 where it cannot be known or the
    process is not the ``kg`` command (a test runner calling it)."""
    if Path(sys.argv[0]).stem != "kg":
        return 0.0
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


class _StageDisplay:
    """A rich progress line: the stage, and during analysis a bar over the documents."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.task = bar.add_task("", total=None, stage="reading")

    def documents(self, done: int, total: int, name: str) -> None:
        self.bar.update(self.task, completed=done, total=total, description=name)

    def stage(self, name: str) -> None:
        self.bar.reset(self.task, total=None, description="", stage=name)


@contextmanager
def _progress_bar() -> Iterator[_StageDisplay | None]:
    """A rich progress display on a terminal; nothing when output is piped or captured."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.fields[stage]:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        transient=True,
    ) as bar:
        yield _StageDisplay(bar)


@main.command()
@click.argument("name", required=False)
@_graph_option("The graph to query.")
@TABLE_FORMATS
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter, bound safely and checked against its declared type; repeat for more.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a SERVICE clause query another endpoint (refused by default: a query file "
    "must not make this machine send requests to the hosts it names).",
)
@click.option(
    "--sparql",
    "print_sparql",
    is_flag=True,
    help="Print the query with its parameters bound as VALUES, to run in another engine "
    "(Jena, Virtuoso, GraphDB), instead of running it.",
)
@click.option(
    "-e",
    "--query-text",
    default=None,
    metavar="'SELECT …'",
    help="Run this query text instead of a named query or file.",
)
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    help="List the named queries with the question each answers, and exit.",
)
def query(
    name: str | None,
    graph_path: Path,
    fmt: str,
    params: tuple[str, ...],
    allow_service: bool,
    print_sparql: bool,
    query_text: str | None,
    list_queries: bool,
) -> None:
    """Run a named query (queries/NAME.rq), a .rq file, a query given with -e, or one read
    from stdin (NAME is -). SELECT prints rows (json and ndjson keep numbers and booleans
    typed, unbound as null), ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle.

    Example: kg query snapshot --param date=2024-12-31 --format csv
    Example: kg query strategy --param strategy=普惠金融 --sparql > strategy.rq
    Example: kg query --list
    Example: kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
    """
    from kg import queries
    from kg.graphio import read_graph

    if list_queries:
        for qname, en, zh in queries.questions():
            click.echo(f"{qname:<13} {en}\n{'':<13} {zh}")
        return
    named = _chosen_query(name, query_text)
    values = queries.parse_params(list(params))
    queries.bindings(named, values)
    if print_sparql:
        click.echo(queries.sparql_text(named, values), nl=False)
        return
    graph = read_graph(graph_path)
    result = queries.run(graph, named, values, allow_service=allow_service)
    click.echo(queries.render(result, fmt), nl=False)


def _chosen_query(name: str | None, query_text: str | None) -> NamedQuery:
    """The query NAME, -e or stdin names; a usage error saying what is missing otherwise."""
    from kg import queries

    if name is not None and query_text is not None:
        raise click.UsageError("give either NAME or -e/--query-text, not both")
    if query_text is not None:
        return queries.from_text(query_text, "-e")
    if name == "-":
        return queries.from_text(sys.stdin.read(), "<stdin>")
    if name is None:
        raise click.UsageError(
            "missing the query: give a NAME (kg query --list shows them), a FILE.rq, "
            "-e 'SELECT …', or - to read the query from stdin"
        )
    return queries.load(name)


@main.command()
@_graph_option("The graph to show.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT / "graph.html",
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--focus",
    default=None,
    metavar="NAME",
    help="Show only the neighbourhood of this entity (a name, alias or IRI).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="How many relation steps around --focus to show.",
)
@click.option(
    "--kinds",
    default=None,
    metavar="KIND,KIND",
    help="Show only these kinds of entity and the relations between them, "
    "e.g. Strategy,Product,Department.",
)
@click.option(
    "--observations",
    "show_observations",
    is_flag=True,
    help="Also show each subject's metrics as nodes (hidden by default).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an output that is a symlink, FIFO or device (refused by default).",
)
def viz(
    graph_path: Path,
    out_path: Path,
    focus: str | None,
    depth: int,
    kinds: str | None,
    show_observations: bool,
    force: bool,
) -> None:
    """Write a self-contained HTML view of the graph (works offline).

    Example: kg viz --focus 第一个人金融银行 --depth 2 --out out/focus.html

    An --out that is a symlink, FIFO or device is refused; --force replaces it with the file.
    """
    from kg.graphio import read_graph, write_bytes
    from kg.view import ViewError, render_html

    graph = read_graph(graph_path)
    try:
        page = render_html(graph, focus, depth, kinds, show_observations)
    except ViewError as exc:
        raise click.ClickException(str(exc)) from exc
    write_bytes(out_path, page.encode("utf-8"), force)
    click.echo(f"Wrote {out_path}")


@main.command()
@_graph_option("The graph to export.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "graphml", "neo4j", "trig", "nq"]),
    default="ttl",
    show_default=True,
    help="Output format; trig and nq write the dataset, one named graph per document.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: out/graph.FORMAT).",
)
@click.option(
    "--entities-only/--all-nodes",
    default=True,
    show_default=True,
    help="GraphML and neo4j: entities and the relations between them, figures as node "
    "attributes (the default), or every resource with its provenance (GraphML only).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an output that is a symlink, FIFO or device (refused by default).",
)
def export(
    graph_path: Path, fmt: str, out_path: Path | None, entities_only: bool, force: bool
) -> None:
    """Export the graph for other tools (Protégé, GraphDB, Jena, Neo4j, Gephi).

    Example: kg export --format graphml --out out/graph.graphml

    Example: kg export --format neo4j --out out/neo4j/

    Example: kg export --format trig --out out/graph.trig

    An --out that is a symlink, FIFO or device is refused (for neo4j: a symlinked folder);
    --force replaces it with the file (or writes into the folder the symlink names).
    """
    from kg.export import export_graph
    from kg.graphio import read_graph

    if fmt == "neo4j":
        out_path = out_path or DEFAULT_OUT / "neo4j"
    out_path = out_path or DEFAULT_OUT / f"graph.{fmt}"
    if fmt in ("trig", "nq"):
        from kg.dataset import read_dataset
        from kg.export import export_dataset

        export_dataset(read_dataset(graph_path), fmt, out_path, force)
        written = [out_path]
    else:
        written = export_graph(read_graph(graph_path), fmt, out_path, entities_only, force)
    for path in written:
        click.echo(f"Wrote {path}")


@main.command("eval")
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of gold *.yaml files (the form of shared/gold); required without --compare.",
)
@click.option(
    "--compare",
    "sets_file",
    is_flag=False,
    flag_value="eval/sets.yaml",
    default=None,
    type=click.Path(path_type=Path),
    help="Score every gold set of a sets file side by side (default file: eval/sets.yaml, "
    "real documents of other banks first, then the seeds).",
)
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(path_type=Path),
    default=[Path("seeds")],
    show_default=True,
    help="Documents to build and score (ignored with --graph).",
)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Score an existing graph instead of building one.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--misses/--no-misses",
    default=True,
    show_default=True,
    help="List missed and false-positive items.",
)
@_span_scorer_option("in the build it scores (--input)")
def eval_(
    gold_dir: Path | None,
    sets_file: Path | None,
    inputs: tuple[Path, ...],
    graph_path: Path | None,
    fmt: str,
    misses: bool,
    span_scorer: str | None,
) -> None:
    """Score entities, observations and relations against gold annotations.

    Example: kg eval --gold ../shared/gold --no-misses

    Example: kg eval --input ../shared/real/docs --gold ../shared/real/gold --span-scorer

    Example: kg eval --compare     (real documents and seeds side by side)
    """
    import json

    from kg.evaluate import as_dict, evaluate, format_evaluation, load_gold

    if sets_file is not None:
        _eval_sets(sets_file, fmt)
        return
    if gold_dir is None:
        raise click.UsageError(
            "kg eval needs --gold DIR (a folder of gold *.yaml files, e.g. ../shared/gold) "
            "or --compare (every set of eval/sets.yaml side by side)"
        )
    gold = load_gold(gold_dir)
    if graph_path is not None:
        from kg.graphio import read_graph

        graph = read_graph(graph_path)
    else:
        from kg.pipeline import build as run_build

        span_model = _span_model(span_scorer)
        if span_model is not None:
            from kg.spanscore import load_model

            load_model(span_model)  # a bad model is one error line before the build
        graph = run_build(list(inputs), span_model=span_model).whole_graph
    result = evaluate(graph, gold)
    if fmt == "json":
        click.echo(json.dumps(as_dict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_evaluation(result, misses=misses), nl=False)


def _eval_sets(sets_file: Path, fmt: str) -> None:
    """Build and score each set of a sets file; print them side by side."""
    import json

    from kg.evaluate import as_dict, evaluate, format_side_by_side, load_gold, load_sets
    from kg.pipeline import build as run_build

    results = []
    for s in load_sets(sets_file):
        missing = [p for p in (*s.inputs, s.gold) if not p.exists()]
        if missing:
            raise click.ClickException(f"set {s.name!r}: {missing[0]} does not exist")
        results.append((s.name, evaluate(run_build(list(s.inputs)).whole_graph, load_gold(s.gold))))
    if fmt == "json":
        data = {name: as_dict(ev)["total"] for name, ev in results}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_side_by_side(results), nl=False)


@main.command("validate")
@_graph_option("The graph to check.")
@click.option("--all", "show_all", is_flag=True, help="List every result, not five per shape.")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes as SPARQL queries on Oxigraph; pyshacl: the reference (slower).",
)
def validate_(graph_path: Path, show_all: bool, engine: str) -> None:
    """Check a graph against the ontology's SHACL shapes; exit 1 on violations.

    Both engines give the same report; pySHACL is kept as the reference.

    Example: kg validate --graph out/graph.ttl --engine pyshacl
    """
    from kg.graphio import read_graph
    from kg.validate import format_report, validate

    report = validate(read_graph(graph_path), engine=engine)
    click.echo(format_report(report, per_shape=None if show_all else 5), nl=False)
    if report.violations:
        raise click.exceptions.Exit(1)


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("docs"),
    show_default=True,
    help="Folder for ontology.html and data-model.png.",
)
def docs(out_dir: Path) -> None:
    """Render the ontology to HTML (pyLODE) and draw the data model from it.

    Example: kg docs --out docs/
    """
    from kg.docs import build_docs

    for path in build_docs(out_dir).values():
        click.echo(f"Wrote {path}")


main.add_command(analyze)
main.add_command(serve)
main.add_command(push)
