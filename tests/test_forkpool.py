"""kg.forkpool: every worker forked before the pool is returned, with the inherited
objects frozen for the workers' garbage collector; this process's own frozen only once
the pipeline is loaded (for good: they live as long as the process)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from kg.forkpool import fork_pool


def _state() -> tuple[int, int]:
    return os.getpid(), gc.get_freeze_count()


def test_workers_fork_at_once_with_the_parents_objects_frozen_in_them():
    frozen_before = gc.get_freeze_count()  # another test may have loaded the pipeline
    held = [[i] for i in range(1000)]  # objects the collector tracks, inherited
    pool = fork_pool(2)
    try:
        assert len(pool._processes) == 2  # forked already, before any work was given
        if frozen_before == 0:
            assert gc.get_freeze_count() == 0  # this process took its objects back
        states = [pool.submit(_state).result() for _ in range(4)]
    finally:
        pool.shutdown()
    assert all(pid != os.getpid() for pid, _ in states)
    # every inherited object frozen in the workers (objects freed since leave the count)
    least = len(held) if frozen_before == 0 else 1
    assert all(frozen >= least for _, frozen in states)


PIPELINE = """
import gc
from kg.workers import process_nlp
assert gc.get_freeze_count() == 0
process_nlp()
loaded = gc.get_freeze_count()
from kg.forkpool import fork_pool
pool = fork_pool(2)
pool.shutdown()
print(loaded, gc.get_freeze_count())
"""


def test_the_loaded_pipeline_stays_frozen_in_the_process_that_built_it():
    done = subprocess.run(
        [sys.executable, "-c", PIPELINE], capture_output=True, text=True, check=True
    )
    loaded, after_fork = map(int, done.stdout.split())
    assert loaded > 50_000  # spaCy's, jieba's and the rules' objects
    assert after_fork >= loaded - 1000  # a pool forked later leaves them frozen
