"""What every command of the CLI shares: the default paths, the --graph option, and the
group that turns the library's errors into one line (exit 1) and usage errors into one
line pointing at --help (exit 2)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

DEFAULT_OUT = Path("out")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"


def _graph_option(help_text: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """The --graph option every command that reads a graph shares."""
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH,
        show_default=True,
        help=help_text,
    )


KNOWN_ERRORS = (
    ("kg.documents", "DocumentError"),
    ("kg.graphio", "GraphError"),
    ("kg.publish", "OutputError"),
    ("kg.queries", "QueryError"),
    ("kg.evaluate", "GoldError"),
    ("kg.spanscore", "ModelError"),
)
"""The library's errors a command turns into one line (and every OSError)."""


def _known_error(exc: Exception) -> bool:
    """One of :data:`KNOWN_ERRORS`, looked up only in the modules already imported (an
    error of a module never imported cannot have been raised): a command imports only
    what it uses, and a rebuild with nothing changed never loads rdflib."""
    kinds: list[type] = [OSError]
    for module, name in KNOWN_ERRORS:
        if module in sys.modules:
            kinds.append(getattr(sys.modules[module], name))
    return isinstance(exc, tuple(kinds))


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line on stderr (exit code 2), pointing at --help."""

    def show(self, file: object = None) -> None:
        where = f"'{self.ctx.command_path} --help'" if self.ctx else "'kg --help'"
        click.echo(f"Error: {self.format_message()} (see {where})", err=True)


class KgGroup(click.Group):
    """Turns the library's errors into one line and exit code 1, unless --debug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OneLineUsageError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError(exc.format_message(), exc.ctx) from None
        except Exception as exc:
            if not _known_error(exc) or (ctx.obj and ctx.obj.get("debug")):
                raise
            raise click.ClickException(str(exc)) from exc


TABLE_FORMATS = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ndjson"]),
    default="table",
    show_default=True,
    help="Output format.",
)
"""The --format option of every command that prints rows (kg query, kg analyze …)."""
