"""Benchmark: a build whose analysis runs on a Dask cluster, with 1, 2 and 4 local workers.

Usage: .venv/bin/python bench/bench_dask.py [--docs 10] [--workers 1,2,4] [--seeds DIR]

The seeds are replicated to ``--docs`` documents; bare jieba segmentation of the same
text is timed first, then for each worker count a ``distributed.LocalCluster`` of worker
processes (one thread each) is started and ``kg build --dask-scheduler`` is run against it
(no cache, no validation) twice: the first build waits for each worker to load spaCy and
jieba, the second finds them warm, as a long-running cluster would. A local build
(``--workers 1``) comes first for reference. Printed: wall times, documents/s, ratios to
jieba and to the local build, the cluster's start-up time (not counted in either build),
and whether graph.ttl is byte-identical to the local build's.

Figures, not assertions. The machine may be shared with other work and has few cores:
more workers than cores cannot be faster, and the absolute seconds move with its load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import bare_jieba, replicate  # noqa: E402


def build(corpus: Path, out: Path, extra: list[str]) -> float:
    from click.testing import CliRunner

    from kg.cli import main

    started = time.perf_counter()
    result = CliRunner().invoke(
        main,
        ["build", "--input", str(corpus), "--out", str(out), "--no-cache", "--no-validate", *extra],
    )
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"build failed: {result.output}")
    return seconds


def _write_out_aliases(manifest: Path) -> None:
    """The copies share their manifest entries, which PyYAML writes as aliases; a manifest
    may not use aliases, so the values are written out."""
    import yaml

    if not manifest.exists():
        return

    class Plain(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    data = yaml.safe_load(manifest.read_text("utf-8"))
    manifest.write_text(yaml.dump(data, Dumper=Plain, allow_unicode=True), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    from distributed import LocalCluster

    from kg.pipeline import default_workers

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        chars = replicate(args.seeds, args.docs, corpus)
        _write_out_aliases(corpus / "manifest.yaml")
        jieba_s = bare_jieba(corpus)
        print(f"{args.docs} documents, {chars:,} characters; {default_workers()} cores here")
        print(f"bare jieba: {jieba_s:.2f} s")
        local_s = build(corpus, Path(tmp) / "local", ["--workers", "1"])
        reference = (Path(tmp) / "local" / "graph.ttl").read_bytes()
        print(
            f"local build, 1 process: {local_s:.1f} s, {args.docs / local_s:.2f} documents/s, "
            f"{local_s / jieba_s:.0f}x jieba"
        )
        for n in (int(w) for w in args.workers.split(",")):
            started = time.perf_counter()
            with LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster:
                startup = time.perf_counter() - started
                out = Path(tmp) / f"dask{n}"
                cold = build(corpus, out, ["--dask-scheduler", cluster.scheduler_address])
                same = (out / "graph.ttl").read_bytes() == reference
                warm = build(corpus, out, ["--dask-scheduler", cluster.scheduler_address])
                same = same and (out / "graph.ttl").read_bytes() == reference
            print(
                f"dask, {n} worker{'s' if n > 1 else ''}: first build {cold:.1f} s "
                f"({args.docs / cold:.2f} documents/s, each worker loads spaCy and jieba), "
                f"again on the warm workers {warm:.1f} s ({args.docs / warm:.2f} documents/s, "
                f"{warm / jieba_s:.0f}x jieba, {local_s / warm:.2f}x the local build); "
                f"cluster start {startup:.1f} s; graph.ttl "
                f"{'byte-identical' if same else 'DIFFERENT'}"
            )


if __name__ == "__main__":
    main()
