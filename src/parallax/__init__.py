"""Parallax: see one news event through many outlets' eyes.

The library is the product; the CLI and the web app are thin adapters over it::

    import parallax
    article = parallax.read("report.html")      # or parallax.read_text(text)
    analysis = parallax.analyze(article)
    comparison = parallax.compare(["a.html", "b.txt"])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from parallax.analyze import analyze, analyze_many
from parallax.compare import compare
from parallax.errors import ExtractionError, FetchError, InputError, ParallaxError
from parallax.ingest import ReadResult, read, read_many, read_text
from parallax.model import Analysis, Article, Comparison

try:
    __version__ = version("parallax")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Analysis",
    "Article",
    "Comparison",
    "ExtractionError",
    "FetchError",
    "InputError",
    "ParallaxError",
    "ReadResult",
    "analyze",
    "analyze_many",
    "compare",
    "read",
    "read_many",
    "read_text",
    "__version__",
]
