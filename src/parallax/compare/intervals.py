"""Interval logic for numbers: a claim like "at least 300" is the set [300, inf).

Two claims are *compatible* when their sets overlap (both can be true at once), in
*conflict* when they are disjoint, and *agree* when they are the same set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class IntervalLike(Protocol):
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool


Bound = tuple[float, bool]  # value, inclusive


def _lower(claim: IntervalLike) -> Bound:
    return (float("-inf"), False) if claim.low is None else (claim.low, claim.low_inclusive)


def _upper(claim: IntervalLike) -> Bound:
    return (float("inf"), False) if claim.high is None else (claim.high, claim.high_inclusive)


def intersection(claims: Sequence[IntervalLike]) -> tuple[Bound, Bound] | None:
    """The common part of all intervals, or None when they have nothing in common."""
    low: Bound = (float("-inf"), False)
    high: Bound = (float("inf"), False)
    for claim in claims:
        claim_low, claim_high = _lower(claim), _upper(claim)
        if claim_low[0] > low[0] or (claim_low[0] == low[0] and not claim_low[1]):
            low = claim_low
        if claim_high[0] < high[0] or (claim_high[0] == high[0] and not claim_high[1]):
            high = claim_high
    if low[0] > high[0]:
        return None
    if low[0] == high[0] and not (low[1] and high[1]):
        return None
    return low, high


def same(a: IntervalLike, b: IntervalLike) -> bool:
    return _lower(a) == _lower(b) and _upper(a) == _upper(b)


def overlaps(a: IntervalLike, b: IntervalLike) -> bool:
    return intersection([a, b]) is not None


def describe(claim: IntervalLike) -> str:
    """'[300, ∞)', '(400, ∞)', '438' — how the report writes an interval."""
    if claim.low is not None and claim.high is not None and claim.low == claim.high:
        return f"{claim.low:g}"
    left = "[" if claim.low is not None and claim.low_inclusive else "("
    right = "]" if claim.high is not None and claim.high_inclusive else ")"
    low = "-∞" if claim.low is None else f"{claim.low:g}"
    high = "∞" if claim.high is None else f"{claim.high:g}"
    return f"{left}{low}, {high}{right}"
