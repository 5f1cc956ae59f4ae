"""A pool of worker processes forked from this one, for the stages that share their
work: analysis and mapping (:mod:`kg.workers`), the checks (:mod:`kg.validate`,
:mod:`kg.corpuscheck`)."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Every object this process holds now left out of the garbage collector's walks
    until the block ends (:func:`gc.freeze`): the spaCy pipeline, jieba's tables and the
    rule tables live as long as the process, and a full collection walked them all again
    (a tenth of a build's time). Cyclic garbage among them waits until the block ends;
    inside another such block, until the outer one ends."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked where the platform allows it: they inherit the parent's
    modules and objects instead of importing or receiving them again.

    They are forked at once, with the garbage collector's objects frozen meanwhile: a
    worker's collections then leave the inherited objects alone instead of walking them
    all (which writes to, and so copies, every page they lie on: 0.3-0.4 s of CPU per
    build of the seeds). This process takes its objects back as soon as they forked."""
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork" if fork else None)
    )
    if fork:
        with frozen_heap():
            pool.submit(int)  # a pool that forks starts all its workers at the first submit
    return pool
