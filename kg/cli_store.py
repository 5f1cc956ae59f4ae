"""``kg serve`` and ``kg push``: the graph as a SPARQL endpoint, and loaded into a
SPARQL 1.1 store (kg/endpoint.py, kg/push.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli_common import _graph_option


@click.command()
@_graph_option("The graph to serve: graph.ttl (split into one graph per document), .trig or .nq.")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Serve an Oxigraph store folder (as `oxigraph load --location DIR` writes) instead.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 opens the graph to the network.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port."
)
@click.option(
    "--writable",
    is_flag=True,
    help="Also accept SPARQL Update at /update (kept in memory for --graph, saved for --store).",
)
@click.option(
    "--view/--no-view",
    default=True,
    show_default=True,
    help="Serve the offline HTML view at / (rendered once at start).",
)
def serve(
    graph_path: Path,
    store_dir: Path | None,
    host: str,
    port: int,
    writable: bool,
    view: bool,
) -> None:
    """Serve the graph as a SPARQL 1.1 endpoint at http://HOST:PORT/query, read-only.

    The default graph is the union of the document graphs, so the named queries work
    over HTTP; bind their parameters as $name=<N-Triples term>.

    Example: kg serve --graph out/graph.ttl --port 7878
    """
    from kg.endpoint import EndpointError, Server, endpoint_for

    try:
        endpoint, dataset = endpoint_for(
            None if store_dir else graph_path, store_dir, writable, view
        )
    except EndpointError as exc:
        raise click.ClickException(str(exc)) from exc
    server = Server(endpoint, host, port, log=lambda line: click.echo(line, err=True))
    source = store_dir or graph_path
    mode = "read-write" if writable else "read-only"
    click.echo(
        f"Serving {source} ({len(dataset.graphs)} document graphs, {mode})\n"
        f"  SPARQL  {server.url}/query\n"
        + (f"  view    {server.url}/\n" if view else "")
        + "Press Ctrl-C to stop."
    )
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.httpd.server_close()


@click.command()
@_graph_option("The graph to push: graph.ttl (split into one graph per document), .trig or .nq.")
@click.option(
    "--endpoint",
    required=True,
    metavar="BASE",
    help="The store's root URL, e.g. http://127.0.0.1:7878 (Oxigraph: BASE/store, BASE/query).",
)
@click.option(
    "--store-url",
    default=None,
    metavar="URL",
    help="Graph Store Protocol URL, if not BASE/store (Virtuoso, GraphDB, Fuseki: see README).",
)
@click.option(
    "--query-url",
    default=None,
    metavar="URL",
    help="SPARQL query URL, if not BASE/query (used to find graphs of removed documents).",
)
@click.option("--user", default=None, help="User name for HTTP Basic or Digest authentication.")
@click.option(
    "--password-env",
    default=None,
    metavar="VAR",
    help="Name of the environment variable that holds the password (never the password).",
)
@click.option(
    "--default-graph",
    default=None,
    metavar="IRI",
    help="Put the shared graph into this named graph instead of the store's default graph.",
)
@click.option("--dry-run", is_flag=True, help="List what would change and send nothing.")
def push(
    graph_path: Path,
    endpoint: str,
    store_url: str | None,
    query_url: str | None,
    user: str | None,
    password_env: str | None,
    default_graph: str | None,
    dry_run: bool,
) -> None:
    """Load the dataset into a SPARQL 1.1 store, one PUT per graph that changed.

    Example: kg push --graph out/graph.ttl --endpoint http://127.0.0.1:7878 --dry-run
    """
    import os

    from kg.dataset import read_dataset
    from kg.push import PushError, target
    from kg.push import push as run_push

    password = None
    if password_env is not None:
        if password_env not in os.environ:
            raise click.ClickException(f"--password-env {password_env}: no such variable is set")
        password = os.environ[password_env]
    dataset = read_dataset(graph_path)
    try:
        where = target(endpoint, store_url, query_url, user, password)
        changes = run_push(dataset, where, dry_run, default_graph)
    except PushError as exc:
        raise click.ClickException(str(exc)) from exc
    verb = {"add": "would add", "replace": "would replace", "delete": "would delete"}
    for change in changes:
        name = f"<{change.graph}>" if change.graph else "(default graph)"
        action = verb.get(change.action, change.action) if dry_run else change.action
        detail = f"{change.triples} triples" if change.action != "delete" else ""
        if change.action == "replace":
            detail += f" (was {change.before})"
        click.echo(f"  {action:<14}{name} {detail}".rstrip())
    counts = {a: sum(c.action == a for c in changes) for a in ("add", "replace", "delete", "same")}
    summary = ", ".join(f"{n} {a}" for a, n in counts.items())
    click.echo(
        f"{'Dry run, nothing sent' if dry_run else 'Pushed to ' + where.store_url}: {summary}"
    )
