"""The package version, single-sourced from the installed metadata (pyproject.toml)."""
from __future__ import annotations

from functools import cache


@cache
def package_version() -> str:
    """The installed version of fupin-kg ("0.0.0" when run from a source tree)."""
    # lazy: importlib.metadata costs ~0.05 s, which a cold `kg build` need not pay
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fupin-kg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return package_version()
    raise AttributeError(f"module 'kg.model.version' has no attribute {name!r}")
