"""fupin-kg: knowledge graphs from Chinese local-government reporting on poverty alleviation.

Data flows one way, one sub-package per stage: model → resources → text (read, clean) →
extract → rdf (graph, files, writer) → pipeline → store (query) | viz (view) → cli.

Use from Python::

    import kg
    g = kg.build("seeds/")                      # an rdflib Dataset
    rows = kg.query(g, "officials").rows        # a list of dicts of plain values
    kg.view(g, "out/graph.html")
    kg.validate(g).conforms
    kg.extract("……").people                     # the typed records of one text

The API is loaded on first use, so `import kg` (and `kg --help`) stays fast.
"""
from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import Report, Result, build, extract, query, validate, view
    from kg.model.errors import KgError
    from kg.model.records import Extraction

__all__ = ["Extraction", "KgError", "Report", "Result", "__version__", "build", "extract", "query",
           "validate", "view"]

_API = {"build", "extract", "query", "validate", "view", "Result", "Report"}
_ELSEWHERE = {"KgError": "kg.model.errors", "Extraction": "kg.model.records"}


def __getattr__(name: str) -> Any:
    """Load the API on first use (it pulls in rdflib, the extractors and the engines)."""
    import importlib  # kept out of the module namespace

    if name == "__version__":
        from kg.model.version import package_version  # lazy: importlib.metadata is slow to import

        return package_version()
    if name == "extract":  # the sub-package kg.extract, callable as the API function
        return importlib.import_module("kg.extract")
    if name in _API:
        return getattr(importlib.import_module("kg.api"), name)
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _CallableModule(types.ModuleType):
    """The sub-package `kg.extract`, which is also the function `kg.extract(text)`."""

    def __call__(self, text: Any) -> Any:
        from kg.api import extract  # the API is loaded on first use (see __getattr__)

        return extract(text)


class _Package(types.ModuleType):
    """`kg` itself: when the import system binds the sub-package `kg.extract` here, that
    module is made callable, so `kg.extract(text)` works whichever was loaded first."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "extract" and isinstance(value, types.ModuleType):
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
