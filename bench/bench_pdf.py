"""Benchmark: a whole annual report from PDF to validated graph, next to bare jieba.

Usage: .venv/bin/python bench/bench_pdf.py [--pdf FILE] [--gold FILE] [--out DIR]

Reads the PDF (kg/pdftext.py), builds the graph as ``kg build FILE`` does (one worker:
one document), validates it, and prints pages/s, characters/s, the time of each stage,
peak memory, how many figures, names and relations it found, what went to the review
queue, the validation result and, with ``--gold``, how many of the gold file's figures
(value, unit, date) the graph holds (the gold annotates an excerpt of the report). In the
same run, bare jieba segmentation of the extracted text gives the ratio to compare.

Figures, not assertions: the machine may be shared; ratios move less than seconds.
Defaults: the 平安银行 2024 annual report and its business-review gold in ../shared/real.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
DEFAULT_PDF = REAL / "pdf" / "pab_2024_annual_report.pdf"
DEFAULT_GOLD = REAL / "gold" / "r2_pab_2024_business.yaml"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--out", type=Path, default=None, help="keep the outputs here")
    args = parser.parse_args(argv)
    if not args.pdf.exists():
        print(f"{args.pdf}: no such file", file=sys.stderr)
        return 1

    from kg.pdftext import read_pdf
    from kg.pipeline import build_command, review_summary

    started = time.perf_counter()
    pdf = read_pdf(args.pdf)
    read_s = time.perf_counter() - started
    pages, chars = pdf.page_count, len(pdf.text)

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    started = time.perf_counter()
    words = sum(1 for _ in jieba.cut(pdf.text))
    jieba_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        started = time.perf_counter()
        outcome = build_command([args.pdf], out, use_cache=False, workers=1)
        total_s = time.perf_counter() - started
        result, report = outcome.result, outcome.report
        recall = None
        if args.gold and args.gold.exists():
            from kg.evaluate import excerpt_recall, load_gold_file
            from kg.graphio import read_graph

            # the build keeps no graph in memory: the one it wrote
            recall = excerpt_recall(read_graph(out / "graph.ttl"), load_gold_file(args.gold))

    stats = result.stats
    print(f"{args.pdf.name}: {pages} pages, {chars:,} characters of text")
    print(
        f"  PDF to text    {read_s:7.1f} s  {pages / read_s:7.1f} pages/s"
        f"  {chars / read_s:9,.0f} chars/s"
    )
    print(f"  bare jieba     {jieba_s:7.1f} s  ({words:,} words)")
    print(
        f"  kg build       {total_s:7.1f} s  {pages / total_s:7.2f} pages/s"
        f"  {chars / total_s:9,.0f} chars/s  ({total_s / jieba_s:.0f}x jieba)"
    )
    for stage, seconds in outcome.timings.items():
        print(f"    {stage:<12} {seconds:7.1f} s")
    print(f"  peak memory    {peak_mb():7.0f} MB")
    print(
        f"  found          {stats['observations']} figures, {stats['entities']} names,"
        f" {stats['relations']} relations, {stats['triples']:,} triples"
    )
    for what, count, reason in review_summary(result.extractions):
        print(f"  review         {count:5}  {what}" + (f" (e.g. {reason})" if reason else ""))
    if report is not None:
        print(f"  validation     {report.violations} violations, {report.warnings} warnings")
    if recall is not None:
        s = recall.score
        print(
            f"  gold figures   {s.tp}/{s.tp + s.fn} found = {s.recall:.1%}"
            f" ({args.gold.name}: value, unit and date, from any page)"
        )
        for miss in recall.misses:
            print(f"    missed {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
