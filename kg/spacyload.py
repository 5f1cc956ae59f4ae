"""spaCy imported without its command line, to start a cold process sooner.

``import spacy`` runs ``from .cli.info import info``, which imports all of spaCy's
command line (typer, weasel, requests, httpx, rich and every ``spacy`` command): 0.3 s
of CPU in a cold ``kg build``, for a function kg never calls. :func:`install` (run when
``kg`` is imported) hands the import of the ``spacy`` package a ``spacy.cli.info`` whose
``info`` imports the real one when called. The stand-in modules leave ``sys.modules``
as soon as spaCy's package is imported, so a later ``import spacy.cli`` is spaCy's own.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence
from typing import Any


def install() -> None:
    """Defer spaCy's command line in this process, unless spaCy is imported already."""
    if "spacy" not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


class _Finder(importlib.abc.MetaPathFinder):
    """Finds nothing but the ``spacy`` package (once, then leaves ``sys.meta_path``), as
    the other finders would, with :class:`_Loader` around its loader."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "spacy":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not spec.submodule_search_locations:
            return spec
        spec.loader = _Loader(spec.loader)
        return spec


class _Loader(importlib.abc.Loader):
    """spaCy's own loader, run with the stand-ins of :func:`_stand_ins` in ``sys.modules``."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None and spec.submodule_search_locations is not None
        # the package's loader is spaCy's again (importlib.resources asks it)
        spec.loader = module.__loader__ = self.loader
        stand_ins = _stand_ins(list(spec.submodule_search_locations))
        for name, stand_in in stand_ins.items():
            sys.modules.setdefault(name, stand_in)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]


def _stand_ins(package_path: list[str]) -> dict[str, types.ModuleType]:
    """An empty ``spacy.cli`` package and a ``spacy.cli.info`` holding :func:`info`."""
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [f"{folder}/cli" for folder in package_path]
    cli.__package__ = "spacy.cli"
    info_module = types.ModuleType("spacy.cli.info")
    info_module.__package__ = "spacy.cli"
    info_module.info = info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info_module}


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, its command line imported when it is first called."""
    from spacy.cli.info import info as spacy_info

    return spacy_info(*args, **kwargs)
