"""A build whose per-document analysis runs on a Dask cluster (``distributed``).

The pipeline maps the analysis of each document over a :class:`concurrent.futures.Executor`
(:func:`kg.pipeline.extract_all`); a Dask client's ``get_executor()`` is one, so a
distributed build is a local build with another executor: documents travel to the workers,
their :class:`~kg.models.DocumentExtraction` comes back, and reading, the cache,
resolution, reconciling, mapping and writing stay on the client. The output is therefore
byte-identical to a local build's, provided every worker runs the same code and rules:
their :func:`~kg.pipeline.code_fingerprint` is compared with ours before any document is
sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from kg.pipeline import code_fingerprint


class ClusterError(Exception):
    """The scheduler cannot be reached, or its workers cannot build what we build."""


def check_workers(client: Any) -> int:
    """How many workers the cluster has; raises unless each runs our code and rules."""
    try:
        theirs: dict[str, str] = client.run(code_fingerprint)
    except (ImportError, AttributeError) as exc:
        raise ClusterError(
            f"the Dask workers cannot import kg ({exc}); install bank-kg on every worker"
        ) from exc
    if not theirs:
        raise ClusterError("the Dask scheduler has no workers; start some with dask worker")
    ours = code_fingerprint()
    other = sorted(worker for worker, fingerprint in theirs.items() if fingerprint != ours)
    if other:
        raise ClusterError(
            f"{len(other)} of {len(theirs)} Dask workers run other kg code or rules "
            f"(first: {other[0]}); install the same version of bank-kg there"
        )
    return len(theirs)


@contextmanager
def dask_executor(address: str, timeout: float = 20) -> Iterator[Executor]:
    """An executor that analyses documents on the workers of the scheduler at ``address``
    (``tcp://HOST:8786``), after checking them; the client is closed on exit."""
    from distributed import Client

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({first})") from exc
    try:
        check_workers(client)
        yield client.get_executor()
    finally:
        client.close()
