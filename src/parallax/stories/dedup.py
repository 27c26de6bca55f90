"""Near-duplicates and wire copies: MinHash over word shingles, LSH bands, exact check.

An agency story republished by several outlets comes back lightly edited: a new
headline, a sentence added, the last paragraphs cut. Word 5-shingles survive such edits
in bulk, so the share of the shorter text's shingles found in the longer one
(containment) stays high, while two independent reports of one event share few.

Finding candidates among millions of stored articles uses MinHash signatures cut into
LSH bands: articles that share a band key are candidates, and each candidate is then
checked exactly on its shingles. Only band keys are stored (``dedup_bands``); the
candidate's text comes from the store.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from unidecode import unidecode

SHINGLE_WORDS = 5
# 16 bands x 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.78,
# 0.4 -> 0.94, 0.5 -> 0.99, while unrelated pairs (Jaccard < 0.02) almost never do. Light
# edits of a 400-word text keep Jaccard well above 0.5; a copy cut to half its length
# still has Jaccard near 0.5 with its original.
BANDS = 16
ROWS_PER_BAND = 2
NUM_PERM = BANDS * ROWS_PER_BAND
# Linked as a copy when this share of the shorter text's shingles occurs in the longer.
# A lightly edited 400-word copy keeps 0.8-0.95 (each changed word costs 5 shingles);
# two outlets' own reports of one event share under 0.1 (measured on gva_longtail
# incidents, where both kinds occur).
COPY_CONTAINMENT = 0.6
# Texts under this many shingles (about 85 words) are too short to call copies: on
# gva_longtail every false copy link joined two such texts (a registration wall or a
# cookie notice extracted from unrelated pages), while real wire copies are longer.
MIN_SHINGLES = 80

# One random 64-bit seed per hash function, fixed so that signatures are stable across
# runs and machines.
_SEEDS = np.random.default_rng(20240601).integers(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[int]:
    """Hashed word 5-shingles of the text, case and accents folded."""
    words = _WORD.findall(unidecode(text).lower())
    if len(words) < SHINGLE_WORDS:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(hashes: set[int]) -> np.ndarray:
    """MinHash signature: for each of NUM_PERM hash functions, the smallest value."""
    if not hashes:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    mixed = _splitmix64(values[:, None] ^ _SEEDS[None, :])
    return mixed.min(axis=0)


def _splitmix64(z: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a fast, well-mixed bijection of 64-bit integers, so each
    seed gives an independent-looking hash function (uint64 products wrap by design)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band number mixed in), for an indexed column."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = zlib.crc32(rows.tobytes(), band) | (band << 32)
        keys.append(int(digest) - (1 << 62))
    return keys


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of one article: its shingles and LSH band keys."""

    shingles: frozenset[int]
    band_keys: tuple[int, ...]


def fingerprint(text: str) -> Fingerprint:
    hashes = shingles(text)
    return Fingerprint(shingles=frozenset(hashes), band_keys=tuple(band_keys(signature(hashes))))


@dataclass(frozen=True)
class Overlap:
    containment: float
    jaccard: float


def overlap(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> Overlap:
    if not a or not b:
        return Overlap(0.0, 0.0)
    shared = len(a & b)
    return Overlap(containment=shared / min(len(a), len(b)), jaccard=shared / len(a | b))


def is_copy(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> Overlap | None:
    """The overlap when one text is a (lightly edited) copy of the other, else None."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return None
    found = overlap(a, b)
    return found if found.containment >= COPY_CONTAINMENT else None


def copy_kind(outlet: str | None, original_outlet: str | None) -> str:
    """``wire_copy`` when another outlet carries the text, ``near_duplicate`` otherwise."""
    if outlet and original_outlet and outlet.lower() != original_outlet.lower():
        return "wire_copy"
    return "near_duplicate"
