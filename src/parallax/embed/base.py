"""The ``Embedder`` interface every sentence-embedding backend satisfies, and vector helpers.

Alignment and grouping only need "texts in, unit vectors out", so a user can plug in any
model (a bigger one, a multilingual one, a remote service) by passing an object with
``name``, ``dim`` and ``embed``; nothing else in Parallax looks behind that interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

# Floor under a row's norm so an all-zero vector stays zero instead of becoming NaN;
# the same epsilon sentence-transformers' Normalize module uses (torch F.normalize).
NORM_EPSILON = 1e-12


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 rows of shape ``(len(texts), dim)``.

    ``name`` identifies the model and its numeric variant (e.g. int8 vs fp32): caches key
    vectors by it, so two embedders that can disagree must have different names.
    """

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm, as float32 (dot products are then cosines)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, NORM_EPSILON)


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of ``a`` with every row of ``b``: shape (len(a), len(b)).

    Rows are re-normalised, so it is also correct for vectors that are not unit length.
    """
    a = np.atleast_2d(np.asarray(a, dtype=np.float32))
    b = np.atleast_2d(np.asarray(b, dtype=np.float32))
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"cannot compare {a.shape[1]}-d vectors with {b.shape[1]}-d vectors")
    return normalize_rows(a) @ normalize_rows(b).T
