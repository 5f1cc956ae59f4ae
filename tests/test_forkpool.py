"""kg.forkpool: every worker forked before the pool is returned, with the inherited
objects frozen for the workers' garbage collector and not for this process's."""

from __future__ import annotations

import gc
import os

from kg.forkpool import fork_pool


def _state() -> tuple[int, int]:
    return os.getpid(), gc.get_freeze_count()


def test_workers_fork_at_once_with_the_parents_objects_frozen_in_them():
    held = [[i] for i in range(1000)]  # objects the collector tracks, inherited
    pool = fork_pool(2)
    try:
        assert len(pool._processes) == 2  # forked already, before any work was given
        assert gc.get_freeze_count() == 0  # this process took its objects back
        states = [pool.submit(_state).result() for _ in range(4)]
    finally:
        pool.shutdown()
    assert all(pid != os.getpid() for pid, _ in states)
    assert all(frozen >= len(held) for _, frozen in states)


def test_frozen_heap_gives_the_objects_back_when_the_outermost_block_ends():
    from kg.forkpool import frozen_heap

    before = [[i] for i in range(100)]
    with frozen_heap():
        assert gc.get_freeze_count() >= len(before)
        inner = [[i] for i in range(100)]
        assert all(gc.is_tracked(x) for x in inner)
        with frozen_heap():  # a pool forked meanwhile freezes what was made since
            pass
        # still frozen, with what was made since: the outer block holds them
        assert gc.get_freeze_count() >= len(before) + len(inner)
    assert gc.get_freeze_count() == 0
