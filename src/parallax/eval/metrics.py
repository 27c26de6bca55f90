"""Scoring helpers shared by the evaluations: token shingles and precision/recall/F1.

The shingle matching reproduces the ScrapingHub article-extraction benchmark's own
``evaluate.py`` so that our figures are comparable with published ones: ``\\w+`` tokens,
4-token shingles counted as a multiset, per-page counts normalised to sum to one, and
precision and recall macro-averaged over pages before F1 is taken from the averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one comparison."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1; ``as_dict`` gives the JSON form, rounded."""

    precision: float
    recall: float
    f1: float

    def as_dict(self, digits: int = 4) -> dict[str, float]:
        return {
            "precision": round(self.precision, digits),
            "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
        }


def tokens(text: str | None) -> list[str]:
    """Word tokens as the benchmark sees them (``\\w+``, case kept)."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping ``size``-token shingles; a short text gives one short shingle."""
    words = tokens(text)
    found = (tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))
    return Counter(shingle for shingle in found if shingle)


def shingle_counts(expected: str | None, predicted: str | None, size: int = 4) -> Counts:
    """Shingle overlap of one page, normalised so that long pages weigh no more than short."""
    true, pred = shingles(expected, size), shingles(predicted, size)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return Counts(0.0, 0.0, 0.0)
    return Counts(tp / total, fp / total, fn / total)


def precision(counts: Counts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fp) if counts.tp + counts.fp else 0.0


def recall(counts: Counts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fn) if counts.tp + counts.fn else 0.0


def f1(precision_value: float, recall_value: float) -> float:
    total = precision_value + recall_value
    return 2 * precision_value * recall_value / total if total else 0.0


def macro_scores(pages: Iterable[Counts]) -> Scores:
    """Macro-average over pages as the benchmark does.

    A page with no prediction at all has no precision (it is left out of that average)
    but counts as zero recall, exactly as in the benchmark's ``evaluate.py``.
    """
    page_list = list(pages)
    precisions = [precision(c) for c in page_list if c.tp + c.fp > 0]
    recalls = [recall(c) for c in page_list if c.tp + c.fn > 0]
    mean_precision = sum(precisions) / len(precisions) if precisions else 0.0
    mean_recall = sum(recalls) / len(recalls) if recalls else 0.0
    return Scores(mean_precision, mean_recall, f1(mean_precision, mean_recall))


def micro_scores(counts: Iterable[Counts]) -> Scores:
    """Pooled precision/recall/F1 for span- or item-level evaluations."""
    tp = fp = fn = 0.0
    for item in counts:
        tp, fp, fn = tp + item.tp, fp + item.fp, fn + item.fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Scores(p, r, f1(p, r))
