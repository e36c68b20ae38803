"""dupviewer: find duplicate and near-duplicate photos and remove the extra copies safely."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dupviewer")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"
