"""Benchmark: what a build costs, stage by stage, next to bare jieba segmentation.

Usage: .venv/bin/python bench/bench_build.py [--docs 5,100] [--workers N] [--pdf FILE]
       [--rebuild] [--seeds DIR] [--cold [--cold-runs 3]]

For each corpus size N (the seeds replicated until there are N documents; ``--docs
5,100,1000`` adds the long case) one child process, so that peak memory is that case's
own, runs on the same text: bare jieba segmentation (``jieba.cut`` over every document,
the dictionary already loaded), then ``kg build`` as the command runs it (reading and
analysis, resolution, mapping, writing, validation), and with ``--rebuild`` the same build
again with nothing changed (every analysis from the cache). Each stage is printed in
seconds and as a ratio to jieba. ``--pdf`` adds a case for one report (a ``.pdf`` is read
by ``pdftotext`` when kg cannot read PDF itself; a ``.txt`` is used as it is). ``--cold``
times ``kg build`` of the seeds as a user runs it, a new process from a cold start, then
the same command again with nothing changed (``--cold-runs`` times, 3 by default: the
load of a shared machine moves one run by a second), and says whether kg's bytecode
was compiled (Python compiles the modules it lacks at every start).

What the machine gives two processes is measured first: the same pure-Python loop run
twice in one process and once in each of two forked processes. With other work on the
cores it is well below 2x, and no ``--workers 2`` figure can be above it.

Figures, not assertions: compare ratios measured in the same run. The machine may be
shared with other work; absolute seconds move with its load, ratios much less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "analyse", "resolve", "map", "write", "validate")
"""The stages as the build times them; with workers, the pipeline is loaded while they
read (before: at the start of analysis)."""


def replicate(seeds: Path, docs: int, target: Path) -> int:
    """``docs`` documents copied round-robin from ``seeds``, with their manifest entries."""
    import yaml

    sources = sorted(seeds.glob("*.txt"))
    manifest_path = seeds / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    out = {}
    chars = 0
    for i in range(docs):
        path = sources[i % len(sources)]
        name = f"{path.stem}_copy{i // len(sources):04d}.txt"
        shutil.copyfile(path, target / name)
        chars += len(path.read_text(encoding="utf-8"))
        if manifest and path.name in manifest:
            out[name] = manifest[path.name]
    if out:
        # every entry written out in full (no YAML aliases), dates as ISO strings
        text = yaml.safe_dump(
            {name: {k: str(v) for k, v in entry.items()} for name, entry in out.items()},
            allow_unicode=True,
        )
        (target / "manifest.yaml").write_text(text, "utf-8")
    return chars


def pdf_text(pdf: Path, target: Path) -> int:
    """The report as one text document (pdftotext), unless kg reads PDFs itself."""
    if pdf.suffix.lower() != ".pdf":
        shutil.copyfile(pdf, target / pdf.name)
        return len(pdf.read_text(encoding="utf-8"))
    from kg import documents

    if ".pdf" in getattr(documents, "SUFFIXES", ()):
        shutil.copyfile(pdf, target / pdf.name)
        return -1
    if shutil.which("pdftotext") is None:
        raise SystemExit("--pdf needs kg's PDF reader or pdftotext (apt-get install poppler-utils)")
    out = target / (pdf.stem + ".txt")
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    return len(out.read_text(encoding="utf-8"))


def bare_jieba(folder: Path) -> float:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    global JIEBA_CPU
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    JIEBA_CPU = time.process_time() - cpu
    return time.perf_counter() - started


JIEBA_CPU = float("nan")
"""CPU seconds of the last :func:`bare_jieba`: the floor in work done, whatever the load."""


def _spin(n: int = 2_000_000) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(workers: int = 2) -> float:
    """How much faster ``workers`` forked processes run a pure-Python loop than one
    process runs it ``workers`` times: what the cores give now, with the load they have."""
    import multiprocessing

    started = time.perf_counter()
    for _ in range(workers):
        _spin()
    one = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        started = time.perf_counter()
        pool.map(_spin, [2_000_000] * workers)
        many = time.perf_counter() - started
    return one / many


def cold_command(seeds: Path) -> tuple[float, float]:
    """Wall seconds of ``kg build`` of ``seeds`` in a new process (no cache, no earlier
    output), and of the same command again with nothing changed."""
    kg = Path(sys.executable).parent / "kg"
    with tempfile.TemporaryDirectory() as tmp:
        walls = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run(
                [str(kg), "build", "--input", str(seeds), "--out", str(Path(tmp) / "out")],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - started)
    return walls[0], walls[1]


def stale_bytecode() -> tuple[int, int]:
    """How many of kg's modules have no current bytecode (each start then compiles them
    again: ~0.1 s of CPU for all), of how many. ``scripts/setup.sh`` compiles it, as
    ``pip install`` does for an installed package; with PYTHONDONTWRITEBYTECODE=1 Python
    never writes it itself."""
    import importlib.util

    sources = sorted((ROOT / "kg").rglob("*.py"))
    stale = 0
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
            stale += 1
    return stale, len(sources)


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (user and system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_case(args: argparse.Namespace) -> dict:
    """One case, in this process: jieba, then the build as ``kg build`` runs it."""
    from kg.pipeline import build_command

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        out_dir = Path(tmp) / "out"
        if args.case_pdf:
            chars = pdf_text(Path(args.case_pdf), folder)
        else:
            chars = replicate(args.seeds, args.case_docs, folder)
        jieba_s = float("nan") if chars < 0 else bare_jieba(folder)
        started = time.perf_counter()
        cpu_before = _cpu_seconds()
        options = {} if args.workers is None else {"workers": int(args.workers)}
        outcome = build_command([folder], out_dir, **options)
        wall = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        if chars < 0:  # a PDF kg read itself: the floor is jieba over the text it read
            chars = sum(len(p.read_text("utf-8")) for p in (out_dir / "text").glob("*.txt"))
            jieba_s = bare_jieba(out_dir / "text")
        figures = {
            "chars": chars,
            "docs": outcome.stats["documents"],
            "triples": outcome.stats["triples"],
            "jieba": jieba_s,
            "wall": wall,
            "cpu": cpu,
            "jieba_cpu": JIEBA_CPU,
            "stages": dict(outcome.timings),
            "violations": outcome.validation[0] if outcome.validation else None,
        }
        if args.rebuild:
            started = time.perf_counter()
            again = build_command([folder], out_dir, **options)
            figures["rebuild"] = time.perf_counter() - started
            figures["rebuild_stages"] = dict(again.timings)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["peak_mb"] = own / 1024
    figures["worker_peak_mb"] = children / 1024
    return figures


def report(label: str, f: dict) -> None:
    jieba_s = f["jieba"]

    def ratio(seconds: float) -> str:
        return f"{seconds / jieba_s:6.1f}x" if jieba_s == jieba_s and jieba_s > 0 else "     -"

    chars = f"{f['chars']:,} characters" if f["chars"] >= 0 else "PDF read by kg"
    print(f"\n{label}: {f['docs']} documents, {chars}, {f['triples']:,} triples")
    print(f"  {'stage':<22}{'seconds':>9}  {'/ jieba':>7}")
    print(f"  {'bare jieba':<22}{jieba_s:9.2f}  {ratio(jieba_s)}")
    for stage in STAGES:
        if stage in f["stages"]:
            print(f"  {stage:<22}{f['stages'][stage]:9.2f}  {ratio(f['stages'][stage])}")
    print(f"  {'whole build (wall)':<22}{f['wall']:9.2f}  {ratio(f['wall'])}")
    if "cpu" in f:  # the work done, whatever the load: wall time is this over what it got
        print(
            f"  {'CPU of the build':<22}{f['cpu']:9.2f}  "
            f"{f['cpu'] / f['jieba_cpu']:6.1f}x the CPU of bare jieba ({f['jieba_cpu']:.2f} s);"
            f" wall / CPU {f['wall'] / max(f['cpu'], 1e-9):.2f}"
        )
    if "rebuild" in f:
        print(f"  {'rebuild, no change':<22}{f['rebuild']:9.2f}  {ratio(f['rebuild'])}")
        again = f["rebuild_stages"]
        parts = ", ".join(f"{s} {again[s]:.2f}" for s in STAGES if s in again)
        print(f"    of which {parts}")
    print(
        f"  per document {f['wall'] / max(f['docs'], 1):.3f} s; peak memory "
        f"{f['peak_mb']:,.0f} MB (main process), {f['worker_peak_mb']:,.0f} MB (largest worker)"
    )
    if f["violations"]:
        print(f"  validation: {f['violations']} violations")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", default="5,100", help="corpus sizes, comma-separated")
    parser.add_argument(
        "--workers", default=None, help="kg build --workers; a list (1,2) runs each case with each"
    )
    parser.add_argument("--pdf", type=Path, default=None, help="also build this one report")
    parser.add_argument("--rebuild", action="store_true", help="also time a no-change rebuild")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="documents to copy")
    parser.add_argument(
        "--cold", action="store_true", help="also time `kg build` of the seeds, a new process"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="how many times --cold builds (default 3)"
    )
    parser.add_argument("--case-docs", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--case-pdf", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case_docs is not None or args.case_pdf is not None:
        print(json.dumps(run_case(args)))
        return
    sizes = [(f"{n} documents", ["--case-docs", n]) for n in args.docs.split(",") if n]
    if args.pdf is not None:
        sizes.append((args.pdf.name, ["--case-pdf", str(args.pdf.resolve())]))
    counts = args.workers.split(",") if args.workers else [None]
    cases = [
        (label + (f", --workers {w}" if w else ""), extra + (["--workers", w] if w else []))
        for label, extra in sizes
        for w in counts
    ]
    print(
        f"bench_build: {os.cpu_count()} cores, load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} at start "
        "(a shared machine: compare ratios from the same run)"
    )
    print(
        f"two processes run a pure-Python loop {machine_parallelism():.2f}x as fast as one "
        "(what the cores give now; 2.00x on an idle machine)"
    )
    if args.cold:
        stale, modules = stale_bytecode()
        print(
            f"kg's bytecode: {modules - stale} of {modules} modules compiled and current"
            + (
                " (the others are compiled at every start; scripts/setup.sh compiles them)"
                if stale
                else ""
            )
        )
        runs = [cold_command(args.seeds) for _ in range(args.cold_runs)]
        colds = sorted(cold for cold, _ in runs)
        print(
            f"kg build of the seeds, a new process: {', '.join(f'{c:.2f}' for c, _ in runs)} s"
            f" cold (no cache; median {colds[len(colds) // 2]:.2f} s), "
            f"{', '.join(f'{a:.2f}' for _, a in runs)} s again with nothing changed"
        )
    figures_of = {}
    for label, extra in cases:
        cmd = [sys.executable, __file__, "--seeds", str(args.seeds), *extra]
        if args.rebuild:
            cmd.append("--rebuild")
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"\n{label}: failed\n{done.stderr.strip()}")
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        report(label, figures)
        figures_of[label] = figures
    print(
        f"\nat the end: load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}; two "
        f"processes run a pure-Python loop {machine_parallelism():.2f}x as fast as one"
    )
    for w in counts:
        suffix = f", --workers {w}" if w else ""
        sized = sorted(
            (f["docs"], f)
            for label, f in figures_of.items()
            if label.endswith(" documents" + suffix)
        )
        if len(sized) >= 2:
            (n0, f0), (n1, f1) = sized[-2:]
            print(
                f"\nscaling{suffix} {n0} -> {n1} documents: time per document x"
                f"{(f1['wall'] / n1) / (f0['wall'] / n0):.2f}, peak memory x"
                f"{f1['peak_mb'] / f0['peak_mb']:.2f}"
            )
    if len(counts) > 1:
        for label, _ in sizes:
            walls = {w: figures_of.get(f"{label}, --workers {w}", {}).get("wall") for w in counts}
            if all(walls.values()):
                first = walls[counts[0]]
                print(
                    f"{label}: "
                    + ", ".join(f"--workers {w} {first / t:.2f}x" for w, t in walls.items())
                    + f" as fast as --workers {counts[0]} (its wall time / theirs)"
                )


if __name__ == "__main__":
    main()
