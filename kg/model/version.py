"""The package version, single-sourced from the installed metadata (pyproject.toml)."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fupin-kg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
