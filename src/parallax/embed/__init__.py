"""Sentence embeddings: all-MiniLM-L6-v2 run by onnxruntime (no torch), behind ``Embedder``.

``default_embedder()`` is what the pipeline uses: the int8 ONNX graph (built from the
installed weights on first use and cached on disk) behind an in-memory vector cache.
Any object with ``name``, ``dim`` and ``embed(texts)`` can be used instead.
"""

from __future__ import annotations

import threading

from parallax.embed.base import Embedder, cosine_matrix, normalize_rows
from parallax.embed.cache import CachedEmbedder, VectorStore
from parallax.embed.onnx_backend import OnnxEmbedder
from parallax.embed.onnx_graph import Precision, cache_dir
from parallax.embed.reference import NumpyEmbedder

__all__ = [
    "DEFAULT_PRECISION",
    "CachedEmbedder",
    "Embedder",
    "NumpyEmbedder",
    "OnnxEmbedder",
    "VectorStore",
    "cache_dir",
    "cosine_matrix",
    "default_embedder",
    "normalize_rows",
]

# int8 passes the quality gate in parallax.embed.quality (mean cosine 0.996 with fp32 on
# 400 gva_longtail sentences, Spearman 0.997) at ~1.5x the fp32 speed, and its vectors do
# not depend on batching: see docs/performance.md, "Embeddings".
DEFAULT_PRECISION: Precision = "int8"

_default: CachedEmbedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """The process-wide cached ONNX embedder, built on first call (about 2 s the first time
    on a machine, while the graph is built; well under a second after)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = CachedEmbedder(OnnxEmbedder(DEFAULT_PRECISION))
        return _default
