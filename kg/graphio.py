"""Reading and writing graphs: deterministic, atomic, through Oxigraph.

Serialisation sorts the triples before handing them to Oxigraph's serialiser, so
the same graph always gives the same bytes. Every write goes to a temporary file in
the target folder and is renamed into place, so a failed run never leaves a
half-written file or loses the previous one.
"""

from __future__ import annotations

import bisect
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Graph

from kg.publish import check_target

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}


class GraphError(Exception):
    """A graph file that cannot be read or written; the message names the file."""


@contextmanager
def atomic_write(
    path: Path, mode: str = "wb", force: bool = False, durable: bool = True
) -> Iterator[IO]:
    """Write to a temporary sibling and rename it over ``path`` only on success; never
    over a symlink, FIFO, device or folder unless ``force`` (then the file replaces the
    symlink, FIFO or device, and nothing is written through it); raises
    :class:`kg.publish.OutputError` for them. ``durable``: the bytes are on the disk
    before the rename (a crash then leaves the old file or the new one whole); without,
    a crash may leave the new name with its bytes lost, for files checked when read."""
    check_target(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def triple_count(graph: Graph) -> int:
    """How many triples ``graph`` holds. For a plain Oxigraph-backed graph, counted by the
    store without a set of every triple: ``len()`` of oxrdflib's store asks Oxigraph for
    ``COUNT(DISTINCT ...)``, which holds as much memory again as the graph (a graph holds
    each triple once, so ``COUNT(*)`` of its named graph is the same number)."""
    from oxrdflib._converter import to_ox
    from rdflib.graph import ConjunctiveGraph

    store = getattr(graph.store, "_inner", None)
    if not isinstance(store, ox.Store) or isinstance(graph, ConjunctiveGraph):
        return len(graph)
    query = "SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }"
    rows = store.query(query, default_graph=to_ox(graph.identifier))  # type: ignore[arg-type]
    return int(next(iter(rows))[0].value)  # type: ignore[arg-type]


def to_ox_triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples as Oxigraph terms, in a total, stable order."""
    from oxrdflib._converter import to_ox
    from rdflib.graph import ConjunctiveGraph

    store = getattr(graph.store, "_inner", None)
    if isinstance(store, ox.Store) and not isinstance(graph, ConjunctiveGraph):
        # straight from the store: no round trip through rdflib terms
        name = to_ox(graph.identifier)
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, name)]  # type: ignore[arg-type]
    else:
        triples = [
            ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
            for s, p, o in graph
        ]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return triples


class _LinesReader(io.RawIOBase):
    """A binary stream over byte lines (a list, consumed and released as it is read, or
    any iterator of them, or of pieces of joined lines). Each read copies the bytes it
    hands on once, from a view of the current piece: the rest of a piece is never copied
    again (a piece of many lines is read over many reads)."""

    def __init__(self, lines: list[bytes] | Iterator[bytes]) -> None:
        if isinstance(lines, list):
            lines.reverse()
            self._next: Callable[[], bytes] = lambda: lines.pop() if lines else b""
        else:
            self._next = lambda: next(lines, b"")
        self._piece = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = len(buffer)
        done = 0
        while done < size:
            if self._at == len(self._piece):
                piece = self._next()
                if not piece:
                    break
                self._piece, self._at = memoryview(piece), 0
            take = min(size - done, len(self._piece) - self._at)
            buffer[done : done + take] = self._piece[self._at : self._at + take]
            done += take
            self._at += take
        return done


def serialize(graph: Graph, fmt: str = "ttl", prefixes: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    serialize_to(graph, out, fmt, prefixes)
    return out.getvalue()


SORT_RUN_BYTES = 64 * 2**20
"""How many bytes of N-Triples lines :func:`serialize_to` sorts in memory at once; a
larger graph is sorted in runs of this size on disk and merged."""


def serialize_to(
    graph: Graph,
    out: IO[bytes],
    fmt: str = "ttl",
    prefixes: dict[str, str] | None = None,
    scratch: Path | None = None,
) -> None:
    """Write ``graph`` in ``fmt`` to ``out``, its triples in the order of
    :func:`to_ox_triples` so that the same graph always gives the same bytes.

    An Oxigraph-backed graph is dumped as N-Triples lines and sorted as bytes
    (:func:`_sorted_lines`), in runs of at most :data:`SORT_RUN_BYTES` written to files
    in ``scratch`` (default: the system's temporary folder) and merged, so that memory
    does not grow with the graph; the Turtle is streamed to ``out``."""
    if fmt not in FORMATS:
        raise GraphError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if prefixes is None:
        prefixes = {p: str(ns) for p, ns in graph.namespaces() if p}
    with tempfile.TemporaryDirectory(prefix=".kg-sort-", dir=scratch) as tmp:
        lines = _sorted_lines(graph, Path(tmp))
        if lines is None:
            _serialize_triples(to_ox_triples(graph), out, fmt, prefixes)
        else:
            write_sorted_lines(lines, out, fmt, prefixes)


def write_sorted_lines(
    lines: Iterator[bytes], out: IO[bytes], fmt: str, prefixes: dict[str, str] | None
) -> None:
    """Sorted N-Triples lines written to ``out`` in ``fmt``, streamed. The lines are
    trusted: made by the build (:class:`kg.rdfmap.GraphBuilder`) or dumped by Oxigraph,
    their IRIs are not checked again."""
    if fmt not in FORMATS:
        raise GraphError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "nt":
        for line in lines:
            out.write(line)
        return
    stream = io.BufferedReader(_LinesReader(lines), SORT_READ_BYTES)
    # the parsed quads (all in the default graph) as they come: written as their triples
    # would be, without a Python step per triple. Parsed in Oxigraph's lenient mode (no
    # second check of every IRI: a third less time): the lines are a build's own or an
    # Oxigraph store's dump, every term checked when it was made
    quads = ox.parse(stream, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    _serialize_triples(quads, out, fmt, prefixes)


def _serialize_triples(
    triples: Iterable[ox.Triple] | Iterable[ox.Quad],
    out: IO[bytes],
    fmt: str,
    prefixes: dict[str, str] | None,
) -> None:
    ox.serialize(
        triples,
        out,
        format=FORMATS[fmt],
        prefixes=prefixes if fmt in ("ttl", "trig", "xml", "jsonld") else None,
    )


SORT_READ_BYTES = 1 << 20


def _sorted_lines(graph: Graph, scratch: Path) -> Iterator[bytes] | None:
    """The graph's triples as N-Triples lines in the order of :func:`to_ox_triples`, dumped
    by Oxigraph and sorted as bytes, when the graph is a plain Oxigraph-backed one.

    Sorting the lines is sorting by (subject, predicate, object) as strings: each term is
    written as ``str()`` of its Oxigraph term, UTF-8 keeps the order of code points, and
    the space after a term sorts before any character that can follow a shorter term's
    text in a longer one (control characters are escaped). No Python object per term is
    made. The dump goes to a file in ``scratch``, read back in runs of at most
    :data:`SORT_RUN_BYTES` that are sorted and, when there is more than one, written
    beside it and merged (a graph has no duplicate lines, so the order is total).
    """
    from oxrdflib._converter import to_ox
    from rdflib.graph import ConjunctiveGraph

    store = getattr(graph.store, "_inner", None)
    if not isinstance(store, ox.Store) or isinstance(graph, ConjunctiveGraph):
        return None
    name = to_ox(graph.identifier)
    dump = scratch / "graph.nt"
    store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=name)  # type: ignore[arg-type]
    runs: list[Path] = []
    with dump.open("rb") as fh:
        while True:
            run = fh.readlines(SORT_RUN_BYTES)
            if not run:
                break
            run.sort()
            if not runs and not fh.peek(1):  # the whole graph in one run: no merging
                dump.unlink()
                return (b"".join(block) for block in list_blocks(run))
            runs.append(scratch / f"run{len(runs)}.nt")
            with runs[-1].open("wb") as out:
                out.writelines(run)
            del run
    dump.unlink()
    return _merged(runs) if runs else iter(())


def _merged(runs: list[Path]) -> Iterator[bytes]:
    files = [path.open("rb", buffering=SORT_READ_BYTES) for path in runs]
    try:
        yield from merge_blocks([file_blocks(fh) for fh in files])
    finally:
        for fh in files:
            fh.close()


MERGE_BLOCK_BYTES = 1 << 20
"""How many bytes of lines :func:`file_blocks` reads from a sorted run at a time."""


def file_blocks(fh: IO[bytes]) -> Iterator[list[bytes]]:
    """The lines of an open file, in blocks of about :data:`MERGE_BLOCK_BYTES`."""
    return iter(lambda: fh.readlines(MERGE_BLOCK_BYTES), [])


def list_blocks(lines: list[bytes], size: int = 8192) -> Iterator[list[bytes]]:
    """The lines of a list, in blocks of ``size`` lines."""
    return (lines[i : i + size] for i in range(0, len(lines), size))


def merge_blocks(runs: Sequence[Iterator[list[bytes]]]) -> Iterator[bytes]:
    """Sorted runs of lines (each given as its successive blocks) merged into one sorted
    sequence, handed on as pieces of joined lines: the bytes of ``heapq.merge`` of the
    runs, with a Python step per block instead of per line. Each step hands on every line
    read that is at most the least of the blocks' last lines (no line still unread is
    below it: each run is sorted), sorted in C, and reads the next block of each run whose
    block is then used up."""
    heads: list[tuple[list[bytes], Iterator[list[bytes]]]] = []
    for run in runs:
        block = next(run, [])
        if block:
            heads.append((block, run))
    while heads:
        bound = min(block[-1] for block, _ in heads)
        out: list[bytes] = []
        following: list[tuple[list[bytes], Iterator[list[bytes]]]] = []
        for block, run in heads:
            cut = bisect.bisect_right(block, bound)
            out += block[:cut]
            rest = block[cut:] or next(run, [])
            if rest:
                following.append((rest, run))
        heads = following
        out.sort()
        yield b"".join(out)


def write_graph(
    graph: Graph,
    path: Path,
    fmt: str = "ttl",
    prefixes: dict[str, str] | None = None,
    force: bool = False,
) -> None:
    with atomic_write(path, force=force) as fh:
        serialize_to(graph, fh, fmt, prefixes, path.parent)


def write_bytes(path: Path, data: bytes, force: bool = False, durable: bool = True) -> None:
    with atomic_write(path, force=force, durable=durable) as fh:
        fh.write(data)


def write_text(path: Path, writer: Callable[[IO[str]], None], force: bool = False) -> None:
    with atomic_write(path, "w", force=force) as fh:
        writer(fh)


def read_graph(path: Path) -> Graph:
    """Load a Turtle (or other RDF) file into an Oxigraph-backed rdflib Graph."""
    if not path.exists():
        raise GraphError(f"{path}: no such graph file; run `kg build` first or pass --graph")
    suffix = path.suffix.lower().lstrip(".")
    fmt = {
        "ttl": "ox-turtle",
        "nt": "ox-ntriples",
        "jsonld": "ox-json-ld",
        "trig": "ox-trig",
        "xml": "ox-xml",
        "rdf": "ox-xml",
    }.get(suffix, "ox-turtle")
    graph = Graph(store="Oxigraph")
    try:
        if suffix in ("trig", "nq"):  # a dataset: the merged view of its graphs
            quads = ox.parse(path=str(path), format=ox.RdfFormat.from_extension(suffix))
            triples = sorted({q.triple for q in quads}, key=str)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            graph.parse(data=data, format="ox-ntriples")
        else:
            graph.parse(path, format=fmt)
    except Exception as exc:  # the parsers raise many types; all mean the same to a user
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise GraphError(f"{path}: not a readable RDF graph ({first})") from exc
    return graph
