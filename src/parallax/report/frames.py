"""Tidy pandas tables of a comparison for notebooks: one row per fact mention, number
claim and quote, each with its article's outlet and the offsets of its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parallax.model import Comparison
from parallax.report.view import article_views

if TYPE_CHECKING:
    import pandas


def _pandas():  # type: ignore[no-untyped-def]
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - pandas is installed in development
        raise ImportError(
            "Comparison.to_frames() needs pandas: pip install 'parallax[notebook]'"
        ) from error
    return pandas


def to_frames(comparison: Comparison) -> dict[str, pandas.DataFrame]:
    """DataFrames ``facts``, ``quantities`` and ``quotes`` (pandas is imported only here)."""
    pandas = _pandas()
    outlet = {view.ref.id: view.label for view in article_views(comparison)}
    facts = [
        {
            "fact": fact.id,
            "verdict": fact.verdict,
            "reason": fact.reason,
            "article": mention.article,
            "outlet": outlet.get(mention.article),
            "sentence": mention.sentence,
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "similarity": fact.similarity,
        }
        for fact in comparison.facts
        for mention in fact.mentions
    ]
    quantities = [
        {
            "quantity": quantity.id,
            "counted": quantity.counted,
            "event": quantity.event,
            "verdict": quantity.verdict,
            "reason": quantity.reason,
            "article": claim.article,
            "outlet": outlet.get(claim.article),
            "text": claim.text,
            "low": claim.low,
            "high": claim.high,
            "low_inclusive": claim.low_inclusive,
            "high_inclusive": claim.high_inclusive,
            "qualifier": claim.qualifier,
            "attributed_to": claim.attributed_to,
            "sentence": claim.sentence,
        }
        for quantity in comparison.quantities
        for claim in quantity.claims
    ]
    quotes = [
        {
            "article": quote.article,
            "outlet": outlet.get(quote.article),
            "speaker": quote.speaker,
            "entity": quote.entity,
            "kind": quote.kind,
            "cue": quote.cue,
            "text": quote.text,
            "start": quote.start,
            "end": quote.end,
            "sentence": quote.sentence,
        }
        for quote in comparison.quotes
    ]
    columns = {
        "facts": ["fact", "verdict", "reason", "article", "outlet", "sentence", "start", "end", "text", "similarity"],
        "quantities": ["quantity", "counted", "event", "verdict", "reason", "article", "outlet", "text", "low",
                       "high", "low_inclusive", "high_inclusive", "qualifier", "attributed_to", "sentence"],
        "quotes": ["article", "outlet", "speaker", "entity", "kind", "cue", "text", "start", "end", "sentence"],
    }
    records = {"facts": facts, "quantities": quantities, "quotes": quotes}
    return {name: pandas.DataFrame(records[name], columns=columns[name]) for name in columns}
