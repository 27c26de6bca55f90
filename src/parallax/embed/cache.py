"""Vector caches in front of any ``Embedder``: a bounded in-memory LRU and an optional SQLite store.

News sentences repeat (wire copy, boilerplate, the same article compared against several
others), and embedding is the costliest per-sentence step, so each distinct text is
embedded once per process, or once per machine with a store.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parallax.embed.base import Embedder

# 20k vectors x 384 float32 = 30 MB: several hundred articles' sentences, a small share of
# the memory spaCy and the ONNX session already take.
DEFAULT_MAX_ENTRIES = 20_000


def text_key(text: str) -> str:
    """SHA-1 of the exact text (not a security use: only a compact, collision-safe key)."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class VectorStore:
    """Vectors on disk in one SQLite file, keyed by (model name, text key); safe across
    processes (SQLite locking) and threads (one connection behind a lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        with self._lock, self._connection:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors "
                "(model TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (model, key))"
            )

    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        # SQLite allows 999 bound parameters per statement in old builds; stay under it.
        for start in range(0, len(keys), 900):
            chunk = list(keys[start : start + 900])
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._connection.execute(
                    f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                ).fetchall()
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def put(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        rows = [
            (model, key, np.asarray(vector, np.float32).tobytes())
            for key, vector in vectors.items()
        ]
        with self._lock, self._connection:
            self._connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        with self._lock:
            self._connection.close()


@dataclass
class CacheStats:
    """How many texts were answered from memory, from the store, or by the inner model."""

    memory_hits: int = 0
    store_hits: int = 0
    computed: int = 0


class CachedEmbedder:
    """Wraps an ``Embedder``; identical texts are embedded once (same name and dim as inner)."""

    def __init__(
        self,
        inner: Embedder,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        store: VectorStore | None = None,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.max_entries = max_entries
        self.store = store
        self.stats = CacheStats()
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(text) for text in texts]
        found = self._from_memory(keys)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing and self.store is not None:
            stored = self.store.get(self.name, missing)
            self.stats.store_hits += len(stored)
            found.update(stored)
            self._remember(stored)
            missing = [key for key in missing if key not in stored]
        if missing:
            text_of = dict(zip(keys, texts))
            computed = dict(zip(missing, self.inner.embed([text_of[key] for key in missing])))
            self.stats.computed += len(computed)
            found.update(computed)
            self._remember(computed)
            if self.store is not None:
                self.store.put(self.name, computed)
        output = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            output[row] = found[key]
        return output

    def _from_memory(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                vector = self._memory.get(key)
                if vector is not None:
                    self._memory.move_to_end(key)
                    found[key] = vector
            self.stats.memory_hits += len(found)
        return found

    def _remember(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            for key, vector in vectors.items():
                # A copy, so a cached row does not keep its whole batch array alive.
                self._memory[key] = np.array(vector, dtype=np.float32)
                self._memory.move_to_end(key)
            while len(self._memory) > self.max_entries:
                self._memory.popitem(last=False)
