"""A pool of worker processes forked from this one, for the stages that share their
work: analysis and mapping (:mod:`kg.workers`), the checks (:mod:`kg.validate`,
:mod:`kg.corpuscheck`)."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def freeze_loaded() -> None:
    """Leave every object this process holds now out of the garbage collector's walks
    for good (:func:`gc.freeze`): called once the spaCy pipeline, jieba's and the rule
    tables are loaded, which live as long as the process; a full collection walked them
    all again (a tenth of a build's time), and so did each forked worker's, copying
    every page they lie on. What import left as garbage is frozen with them: a little,
    once per process."""
    gc.freeze()


def can_fork() -> bool:
    """Whether this platform forks (workers then inherit what this process loaded)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked where the platform allows it: they inherit the parent's
    modules and objects instead of importing or receiving them again.

    They are forked at once, with the garbage collector's objects frozen meanwhile: a
    worker's collections then leave the inherited objects alone instead of walking them
    all (which writes to, and so copies, every page they lie on: 0.3-0.4 s of CPU per
    build of the seeds). This process takes its objects back as soon as they forked,
    unless they were frozen before (:func:`freeze_loaded`)."""
    fork = can_fork()
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork" if fork else None)
    )
    if fork and gc.get_freeze_count() == 0:
        gc.freeze()
        try:
            pool.submit(int)  # a pool that forks starts all its workers at the first submit
        finally:
            gc.unfreeze()
    elif fork:  # what was loaded is frozen already (freeze_loaded)
        pool.submit(int)
    return pool
