"""Modules that libraries import for what kg never calls, left unloaded to start a cold
process sooner (each is loaded when it is first asked for).

- ``import spacy`` runs ``from .cli.info import info``, which imports all of spaCy's
  command line (typer, weasel, requests, httpx, rich and every ``spacy`` command): 0.3 s
  of CPU in a cold ``kg build``, for ``spacy.info``. The package is imported with a
  ``spacy.cli.info`` whose ``info`` imports the real one when called.
- oxrdflib's store imports rdflib's SPARQL engine (its parser is built with pyparsing at
  import: 0.1-0.15 s) for two ``isinstance`` checks of prepared queries, which a process
  that never imported the engine cannot hold. The store is imported with stand-ins whose
  ``isinstance`` asks the real classes once the engine is imported.

:func:`install` (run when ``kg`` is imported) puts :class:`_Finder` first in
``sys.meta_path`` until both are imported. The stand-in modules leave ``sys.modules``
as soon as the module that imports them is loaded, so a later ``import spacy.cli`` or
``import rdflib.plugins.sparql`` is the library's own.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any


def install() -> None:
    """Defer what :data:`DEFERRED` names in this process, for the modules not imported yet."""
    pending = {name for name in DEFERRED if name not in sys.modules}
    if pending and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(pending))


class _Finder(importlib.abc.MetaPathFinder):
    """Finds only the modules of :data:`DEFERRED` (each once; then it leaves
    ``sys.meta_path``), as the other finders would, with :class:`_Loader` around their
    loader."""

    def __init__(self, pending: set[str]) -> None:
        self.pending = pending

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.pending:
            return None
        self.pending.discard(fullname)
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = _find_without(self, fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader, DEFERRED[fullname])
        return spec


def _find_without(
    finder: _Finder, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None
) -> importlib.machinery.ModuleSpec | None:
    """The spec the other finders of ``sys.meta_path`` give."""
    for other in list(sys.meta_path):
        if other is finder or not hasattr(other, "find_spec"):
            continue
        spec = other.find_spec(fullname, path, target)
        if spec is not None:
            return spec
    return None


class _Loader(importlib.abc.Loader):
    """The module's own loader, run with its stand-ins in ``sys.modules``."""

    def __init__(self, loader: Any, stand_ins: Callable[[], dict[str, types.ModuleType]]) -> None:
        self.loader = loader
        self.stand_ins = stand_ins

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None
        # the module's loader is its own again (importlib.resources asks it)
        spec.loader = module.__loader__ = self.loader
        stand_ins = {n: m for n, m in self.stand_ins().items() if n not in sys.modules}
        sys.modules.update(stand_ins)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]


# ---------------------------------------------------------------- spaCy's command line


def _spacy_cli() -> dict[str, types.ModuleType]:
    """An empty ``spacy.cli`` and a ``spacy.cli.info`` holding :func:`info`."""
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    cli.__package__ = "spacy.cli"
    info_module = types.ModuleType("spacy.cli.info")
    info_module.__package__ = "spacy.cli"
    info_module.info = info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info_module}


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, its command line imported when it is first called."""
    from spacy.cli.info import info as spacy_info

    return spacy_info(*args, **kwargs)


# ---------------------------------------------------------------- rdflib's SPARQL engine

_SPARQL = "rdflib.plugins.sparql.sparql"


class _Deferred(type):
    """The class of a stand-in: an object is its instance when it is one of the real
    class (none can be while the real module is not imported)."""

    def __instancecheck__(cls, obj: object) -> bool:
        real = sys.modules.get(_SPARQL)
        return real is not None and isinstance(obj, getattr(real, cls.__name__))


class Query(metaclass=_Deferred):
    """Stands for ``rdflib.plugins.sparql.sparql.Query`` in oxrdflib's store."""


class Update(metaclass=_Deferred):
    """Stands for ``rdflib.plugins.sparql.sparql.Update`` in oxrdflib's store."""


def _sparql_classes() -> dict[str, types.ModuleType]:
    """A ``rdflib.plugins.sparql.sparql`` holding :class:`Query` and :class:`Update`."""
    module = types.ModuleType(_SPARQL)
    module.Query = Query  # type: ignore[attr-defined]
    module.Update = Update  # type: ignore[attr-defined]
    return {_SPARQL: module}


DEFERRED: dict[str, Callable[[], dict[str, types.ModuleType]]] = {
    "spacy": _spacy_cli,
    "oxrdflib.store": _sparql_classes,
}
"""Each module imported with stand-ins, and what gives them."""
