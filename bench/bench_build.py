"""Benchmark: build the seeds corpus replicated N times and print throughput.

Usage: .venv/bin/python bench/bench_build.py [--copies N] [--seeds DIR]

Prints documents/s and characters/s for the whole build (reading, analysis,
resolution, mapping to RDF) and for writing Turtle, plus the peak resident memory.
Figures, not assertions: compare them across commits on the same machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from kg.graphio import serialize
from kg.pipeline import build
from kg.rdfmap import prefixes

ROOT = Path(__file__).resolve().parent.parent


def replicate(seeds: Path, copies: int, target: Path) -> tuple[int, int]:
    docs = chars = 0
    for i in range(copies):
        for path in sorted(seeds.glob("*.txt")):
            dest = target / f"{path.stem}_copy{i:03d}.txt"
            shutil.copyfile(path, dest)
            docs += 1
            chars += len(path.read_text(encoding="utf-8"))
    return docs, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="how many copies of the seeds")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="documents to copy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs, chars = replicate(args.seeds, args.copies, folder)
        started = time.perf_counter()
        result = build([folder])
        built = time.perf_counter() - started
        started = time.perf_counter()
        data = serialize(result.graph, "ttl", prefixes())
        written = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus        {docs} documents, {chars:,} characters ({args.copies} copies)")
    print(
        f"build         {built:.2f} s  ->  {docs / built:.1f} documents/s, "
        f"{chars / built:,.0f} characters/s"
    )
    print(f"graph         {len(result.graph):,} triples, {len(data) / 1e6:.1f} MB of Turtle")
    print(f"write Turtle  {written:.2f} s  ->  {len(result.graph) / written:,.0f} triples/s")
    print(f"peak memory   {peak_mb:,.0f} MB resident")


if __name__ == "__main__":
    main()
