"""``kg analyze``: network analytics over the graph's entities and relations (networkx),
one subcommand per analysis in kg/analytics.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli_common import TABLE_FORMATS, _graph_option

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.queries import QueryResult

_GRAPH_OPTION = _graph_option("The graph to analyse.")
_FORMAT_OPTION = TABLE_FORMATS


@click.group(invoke_without_command=True)
@click.pass_context
def analyze(ctx: click.Context) -> None:
    """Network analytics over the graph's entities and relations (networkx). Without a
    subcommand, lists the analyses.

    Example: kg analyze serving --strategy 第一个人金融银行
    """
    if ctx.invoked_subcommand is None:
        group = ctx.command
        assert isinstance(group, click.Group)
        click.echo("Analyses (kg analyze NAME --help for the options):")
        for sub in group.list_commands(ctx):
            command = group.get_command(ctx, sub)
            if command is not None:
                click.echo(f"  {sub:<13} {command.get_short_help_str(limit=100)}")


def _print_analysis(run: Callable[[Graph], QueryResult], graph_path: Path, fmt: str) -> None:
    from kg.analytics import AnalyticsError
    from kg.graphio import read_graph
    from kg.queries import render

    graph = read_graph(graph_path)
    try:
        result = run(graph)
    except AnalyticsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(result, fmt), nl=False)


@analyze.command()
@click.option("--strategy", default=None, help="Label or alias of one strategy (default: all).")
@_GRAPH_OPTION
@_FORMAT_OPTION
def serving(strategy: str | None, graph_path: Path, fmt: str) -> None:
    """What serves each strategy, directly or through parts, versions and initiatives.

    Example: kg analyze serving --strategy 普惠金融 --format csv
    """
    from kg.analytics import serving as run

    _print_analysis(lambda g: run(g, strategy), graph_path, fmt)


@analyze.command()
@click.option("--top", type=int, default=None, help="Only the N most central units.")
@_GRAPH_OPTION
@_FORMAT_OPTION
def departments(top: int | None, graph_path: Path, fmt: str) -> None:
    """Departments and subsidiaries ranked by degree and betweenness.

    Example: kg analyze departments --top 10
    """
    from kg.analytics import department_centrality

    _print_analysis(lambda g: department_centrality(g, top), graph_path, fmt)


@analyze.command()
@_GRAPH_OPTION
@_FORMAT_OPTION
def shared(graph_path: Path, fmt: str) -> None:
    """Pairs of strategies that share products or initiatives.

    Example: kg analyze shared --format csv
    """
    from kg.analytics import shared_products

    _print_analysis(shared_products, graph_path, fmt)


@analyze.command()
@_GRAPH_OPTION
@_FORMAT_OPTION
def components(graph_path: Path, fmt: str) -> None:
    """Connected groups of entities.

    Example: kg analyze components
    """
    from kg.analytics import components as run

    _print_analysis(run, graph_path, fmt)


@analyze.command()
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed of the Louvain method, for stable output.",
)
@_GRAPH_OPTION
@_FORMAT_OPTION
def communities(seed: int, graph_path: Path, fmt: str) -> None:
    """Communities of entities (Louvain), for a first map of who works with whom.

    Example: kg analyze communities --seed 0
    """
    from kg.analytics import communities as run

    _print_analysis(lambda g: run(g, seed), graph_path, fmt)
