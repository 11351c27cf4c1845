"""fupin-kg: knowledge graphs from Chinese local-government reporting on poverty alleviation.

Data flows one way: read → text (clean/segment) → extract → resolve → graph →
(query | view | export).
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fupin-kg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
