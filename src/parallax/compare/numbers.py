"""Reconciling numbers across articles: the same counted thing, compared as intervals.

Claims are first grouped into topics — what is counted and what happened to it ("troops
... crossed into Russia") — by the similarity of their counted-and-event phrases, by
exact shared values, and by their sentences being aligned as one fact. Within a topic:

- an exact value given by several articles is one ``agree`` finding (both say 438);
- the other claims are ``compatible`` when their intervals overlap those of the other
  articles ("at least 300" and "more than 400"), ``conflict`` when disjoint;
- a topic only one article has is ``unique``.

Two claims from the *same* article with disjoint intervals are never one topic: an
outlet giving 12 and 438 is counting two different groups, not contradicting itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parallax.analyze.quantities import unit_of
from parallax.compare.intervals import describe, intersection, overlaps, same
from parallax.compare.names import reader_names
from parallax.embed.base import Embedder
from parallax.model import Analysis, Quantity, QuantityClaim, QuantityComparison

# Counted-and-event phrases at least this similar (MiniLM cosine) describe one topic;
# calibrated on the seeds and the example story, where paraphrases of one count score
# 0.55-0.8 and different counts in the same story (coffins vs people, buses vs troops)
# score below 0.45.
TOPIC_SIMILARITY = 0.55
# Two counts of one thing by different outlets differ by less than this factor; beyond
# it ("more than 400" soldiers vs "over 100,000" refugees) they count different things.
MAX_VALUE_RATIO = 10.0
# With the same exact value in both claims, or with their sentences aligned as one fact,
# a weaker description match suffices ("residents moved to higher ground" and "people
# left their homes" score 0.32 as phrases, while their sentences align).
WEAK_SIMILARITY = 0.3


@dataclass
class _Claim:
    article: str
    outlet: str
    quantity: Quantity
    vector: np.ndarray

    def to_record(self) -> QuantityClaim:
        q = self.quantity
        return QuantityClaim(
            article=self.article, text=q.text, low=q.low, high=q.high, low_inclusive=q.low_inclusive,
            high_inclusive=q.high_inclusive, qualifier=q.qualifier, attributed_to=q.attributed_to,
            sentence=q.sentence, counted=q.counted, event=q.event,
        )


def _exact(quantity: Quantity) -> bool:
    return quantity.low is not None and quantity.low == quantity.high


def _description(quantity: Quantity) -> str:
    return " ".join(part for part in (quantity.counted, quantity.event) if part) or quantity.text


def compare_quantities(
    analyses: Sequence[Analysis],
    embedder: Embedder,
    aligned: set[tuple[str, int, str, int]] = frozenset(),  # type: ignore[assignment]
) -> list[QuantityComparison]:
    """Every quantity in every article, grouped by topic and judged as intervals.

    ``aligned`` holds (article, sentence, article, sentence) pairs the fact aligner joined.
    """
    claims: list[_Claim] = []
    texts: list[str] = []
    names = reader_names([analysis.article for analysis in analyses])
    for analysis in analyses:
        for quantity in analysis.quantities:
            if quantity.low is None and quantity.high is None:
                continue
            texts.append(_description(quantity))
            claims.append(_Claim(analysis.article.id, names[analysis.article.id], quantity, np.empty(0)))
    if not claims:
        return []
    vectors = embedder.embed(texts)
    for claim, vector in zip(claims, vectors):
        claim.vector = vector
    topics = _topics(claims, aligned)
    comparisons: list[QuantityComparison] = []
    for topic in topics:
        comparisons.extend(_judge(topic))
    for number, comparison in enumerate(comparisons, start=1):
        comparison.id = f"q{number}"
    return comparisons


def _aligned(a: _Claim, b: _Claim, aligned: set[tuple[str, int, str, int]]) -> bool:
    return (a.article, a.quantity.sentence, b.article, b.quantity.sentence) in aligned


def _fits(claim: _Claim, topic: list[_Claim], aligned: set[tuple[str, int, str, int]]) -> float:
    """How well a claim fits a topic (best similarity), or -1 when it cannot belong."""
    best = -1.0
    for member in topic:
        if member.article == claim.article and not overlaps(member.quantity, claim.quantity):
            return -1.0
        if _ratio(member.quantity, claim.quantity) > MAX_VALUE_RATIO or unit_of(member.quantity) != unit_of(claim.quantity):
            return -1.0
        score = float(np.dot(claim.vector, member.vector))
        # The same exact value, or sentences aligned as one fact, need less description match.
        shared_value = _exact(claim.quantity) and same(claim.quantity, member.quantity)
        needed = WEAK_SIMILARITY if shared_value or _aligned(claim, member, aligned) else TOPIC_SIMILARITY
        if score >= needed:
            best = max(best, score)
    return best


def _ratio(a: Quantity, b: Quantity) -> float:
    values = [q.low if q.low else q.high for q in (a, b)]
    if not all(values):
        return 1.0
    small, large = sorted(abs(v) for v in values)  # type: ignore[arg-type]
    return large / small if small else 1.0


def _topics(claims: list[_Claim], aligned: set[tuple[str, int, str, int]]) -> list[list[_Claim]]:
    """Greedy grouping: each claim joins the topic it fits best, else starts one."""
    topics: list[list[_Claim]] = []
    # Exact values first: they anchor topics that qualified numbers then join.
    for claim in sorted(claims, key=lambda c: (not _exact(c.quantity),)):
        scored = [(_fits(claim, topic, aligned), index) for index, topic in enumerate(topics)]
        score, index = max(scored, default=(-1.0, -1))
        if score >= 0:
            topics[index].append(claim)
        else:
            topics.append([claim])
    return topics


def _judge(topic: list[_Claim]) -> list[QuantityComparison]:
    articles = {claim.article for claim in topic}
    label = _topic_label(topic)
    if len(articles) == 1:
        return [
            QuantityComparison(
                id="", counted=label[0], event=label[1], verdict="unique",
                reason=f"only {topic[0].outlet} gives this number; the other articles do not",
                claims=[c.to_record() for c in topic],
            )
        ]
    results: list[QuantityComparison] = []
    rest = list(topic)
    for value_claims in _shared_exact_values(topic):
        results.append(
            QuantityComparison(
                id="", counted=label[0], event=label[1], verdict="agree",
                reason=f"{_sources(value_claims)} all give {describe(value_claims[0].quantity)}",
                claims=[c.to_record() for c in value_claims],
            )
        )
        rest = [claim for claim in rest if claim not in value_claims]
    if rest:
        results.append(_judge_rest(rest, topic, label))
    return results


def _shared_exact_values(topic: list[_Claim]) -> list[list[_Claim]]:
    groups: dict[float, list[_Claim]] = {}
    for claim in topic:
        if _exact(claim.quantity):
            groups.setdefault(claim.quantity.low, []).append(claim)  # type: ignore[arg-type]
    return [claims for claims in groups.values() if len({c.article for c in claims}) > 1]


def _judge_rest(rest: list[_Claim], topic: list[_Claim], label: tuple[str | None, str | None]) -> QuantityComparison:
    """Claims not shared verbatim: compatible or in conflict with the other articles' claims."""
    conflicts = [
        (a, b) for a in rest for b in topic
        if a.article != b.article and intersection([a.quantity, b.quantity]) is None
    ]
    involved = rest + [b for _, b in conflicts if b not in rest]
    if conflicts:
        a, b = conflicts[0]
        reason = (
            f"{_who(a)} gives {a.quantity.text} ({describe(a.quantity)}) but {_who(b)} gives "
            f"{b.quantity.text} ({describe(b.quantity)}): the intervals do not overlap"
        )
        return QuantityComparison(id="", counted=label[0], event=label[1], verdict="conflict", reason=reason,
                                  claims=[c.to_record() for c in involved])
    others = [claim for claim in topic if claim not in rest]
    shown = rest + others
    parts = "; ".join(f"{_who(c)}: {c.quantity.text} {describe(c.quantity)}" for c in shown)
    return QuantityComparison(
        id="", counted=label[0], event=label[1], verdict="compatible",
        reason=f"the numbers differ but can all be true at once ({parts})",
        claims=[c.to_record() for c in shown],
    )


def _who(claim: _Claim) -> str:
    source = claim.quantity.attributed_to
    return f"{claim.outlet} (citing {source})" if source else claim.outlet


def _sources(claims: list[_Claim]) -> str:
    return ", ".join(dict.fromkeys(_who(claim) for claim in claims))


def _topic_label(topic: list[_Claim]) -> tuple[str | None, str | None]:
    """The most common counted noun phrase and event in the topic (shortest on ties)."""
    counted = [c.quantity.counted for c in topic if c.quantity.counted]
    events = [c.quantity.event for c in topic if c.quantity.event]

    def most_common(values: list[str]) -> str | None:
        if not values:
            return None
        return max(values, key=lambda v: (values.count(v), -len(v)))

    return most_common(counted), most_common(events)
