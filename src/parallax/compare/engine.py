"""``compare``: several articles about one event, compared claim by claim.

Stages, each a plain function in its own module: read and analyse the inputs, match
entities across articles (entities.py), embed and align sentences into facts with
verdicts (facts.py), reconcile numbers as intervals (numbers.py), find word-choice
differences (wording.py), and count voices (voices.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from parallax.compare.coverage import content_tokens, novel_without
from parallax.compare.entities import match_entities
from parallax.compare.facts import ContradictionModel, build_nodes, candidate_pairs, judge, link, to_fact
from parallax.compare.names import reader_names
from parallax.compare.numbers import compare_quantities
from parallax.compare.voices import compare_voices
from parallax.compare.wording import compare_wording
from parallax.embed.base import Embedder
from parallax.errors import InputError
from parallax.model import Analysis, Article, ArticleRef, Comparison, Fact, QuantityComparison, QuoteRef

Source = str | Path | Article | Analysis


def compare(
    sources: Iterable[Source] | Source,
    *,
    embedder: Embedder | None = None,
    contradiction_model: ContradictionModel | None = None,
) -> Comparison:
    """Compare several reports of one event. Sources may be paths, URLs, Articles or Analyses
    (one given on its own is one source, not a sequence of characters)."""
    analyses = _analyses([sources] if isinstance(sources, str | Path | Article | Analysis) else list(sources))
    if len(analyses) < 2:
        raise InputError("compare", f"needs at least two articles, got {len(analyses)}")
    if embedder is None:
        from parallax.embed import default_embedder

        embedder = default_embedder()
    return compare_analyses(analyses, embedder, contradiction_model)


def _analyses(sources: list[Source]) -> list[Analysis]:
    from parallax.analyze import analyze_many
    from parallax.ingest import read

    articles: list[Article | None] = []
    ready: dict[int, Analysis] = {}
    for position, source in enumerate(sources):
        if isinstance(source, Analysis):
            ready[position] = source
            articles.append(None)
        elif isinstance(source, Article):
            articles.append(source)
        else:
            articles.append(read(source))
    fresh = iter(analyze_many([article for article in articles if article is not None]))
    return [ready[position] if article is None else next(fresh) for position, article in enumerate(articles)]


def compare_analyses(
    analyses: Sequence[Analysis], embedder: Embedder, contradiction_model: ContradictionModel | None = None
) -> Comparison:
    """The comparison proper, on analysed articles."""
    analyses = _distinct_ids(analyses)
    by_id = {analysis.article.id: analysis for analysis in analyses}
    outlets = reader_names([analysis.article for analysis in analyses])
    entities, entity_index = match_entities(analyses)

    nodes = build_nodes(analyses, entity_index)
    vectors = embedder.embed([node.sentence.text for node in nodes]) if nodes else np.zeros((0, 1))
    groups = link(nodes, candidate_pairs(nodes, vectors))
    facts = []
    fact_of: dict[tuple[str, int], int] = {}
    aligned: set[tuple[str, int, str, int]] = set()
    for number, group in enumerate(groups, start=1):
        present = {node.article for node in group}
        missing = [outlets[a] for a in outlets if a not in present]
        verdict, reason = judge(group, by_id, vectors, missing, contradiction_model)
        similarity = _mean_similarity(group, vectors)
        facts.append(to_fact(f"f{number}", group, verdict, reason, similarity))
        for node in group:
            # A sentence can hold a shared fact and a clause only its article reports:
            # it belongs to the shared fact (wording compares sentences aligned across outlets).
            key = (node.article, node.sentence.index)
            if len(present) > 1 or key not in fact_of:
                fact_of[key] = number
            for other in group:
                if other.article != node.article:
                    aligned.add((node.article, node.sentence.index, other.article, other.sentence.index))

    quantities = compare_quantities(analyses, embedder, aligned)
    facts = _without_compared_figures(facts, quantities)
    for fact in facts:
        sentences = {(m.article, m.sentence) for m in fact.mentions}
        fact.quantities = [
            q.id for q in quantities if any((c.article, c.sentence) in sentences for c in q.claims)
        ]
    comparison = Comparison(
        articles=[_article_ref(analysis) for analysis in analyses],
        entities=entities,
        facts=_ordered(facts),
        quantities=quantities,
        quotes=[_quote_ref(analysis, quote, entity_index) for analysis in analyses for quote in analysis.quotes],
        wording=compare_wording(analyses, entities, embedder, fact_of),
        voices=compare_voices(analyses, entity_index),
    )
    comparison.stats = _stats(comparison)
    return comparison


def _distinct_ids(analyses: Sequence[Analysis]) -> list[Analysis]:
    """The same article given twice is compared once; ids must be unique keys."""
    seen: dict[str, Analysis] = {}
    for analysis in analyses:
        seen.setdefault(analysis.article.id, analysis)
    return list(seen.values())


def _mean_similarity(group: list, vectors: np.ndarray) -> float | None:
    keys = [node.key for node in group]
    if len({node.article for node in group}) < 2:
        return None
    block = vectors[keys] @ vectors[keys].T
    upper = block[np.triu_indices(len(keys), k=1)]
    return round(float(upper.mean()), 4)


def _without_compared_figures(facts: list[Fact], quantities: Sequence[QuantityComparison]) -> list[Fact]:
    """Drop the addition split off a shared sentence when its novelty rests on a figure
    that another article gives too (agreeing or not): "19 people were hurt" beside another
    outlet's "14 people were injured" is a conflict on a number, not something only one
    outlet reports, and saying both would contradict itself."""
    shared = {(m.article, m.sentence) for fact in facts if fact.verdict != "unique" for m in fact.mentions}
    compared: defaultdict[tuple[str, int | None], set[str]] = defaultdict(set)
    for quantity in quantities:
        if len({claim.article for claim in quantity.claims}) < 2:
            continue
        for claim in quantity.claims:
            compared[(claim.article, claim.sentence)].update(
                token.key for token in content_tokens(claim.text) if token.key.startswith("#")
            )

    def rests_on_compared_figure(fact: Fact) -> bool:
        if fact.verdict != "unique" or len(fact.mentions) != 1:
            return False
        mention = fact.mentions[0]
        key = (mention.article, mention.sentence)
        figures = compared.get(key)
        return bool(key in shared and figures and not novel_without(mention.text, fact.novel_words, figures))

    return [fact for fact in facts if not rests_on_compared_figure(fact)]


def _ordered(facts: list) -> list:
    """Shared facts first (conflicts, then attribution differences, then agreement), then omissions."""
    rank = {"conflict": 0, "attribution_differs": 1, "agree": 2, "unique": 3}
    ordered = sorted(facts, key=lambda f: (rank[f.verdict], f.mentions[0].article, f.mentions[0].sentence))
    for number, fact in enumerate(ordered, start=1):
        fact.id = f"f{number}"
    return ordered


def _article_ref(analysis: Analysis) -> ArticleRef:
    article = analysis.article
    return ArticleRef(
        id=article.id, outlet=article.outlet, title=article.title, published=article.published,
        byline=article.byline, source=article.source, language=article.language, text=article.text,
        sentences=analysis.sentences,
    )


def _quote_ref(analysis: Analysis, quote, entity_index: dict[tuple[str, str], str]) -> QuoteRef:
    cross = entity_index.get((analysis.article.id, quote.entity)) if quote.entity else None
    return QuoteRef(
        article=analysis.article.id, speaker=quote.speaker, entity=cross, text=quote.text, kind=quote.kind,
        cue=quote.cue, start=quote.start, end=quote.end, sentence=quote.sentence,
    )


def _stats(comparison: Comparison) -> dict[str, float | int]:
    verdicts = [fact.verdict for fact in comparison.facts]
    shared = sum(verdict != "unique" for verdict in verdicts)
    stats: dict[str, float | int] = {
        "articles": len(comparison.articles),
        "sentences": sum(len(article.sentences) for article in comparison.articles),
        "facts": len(verdicts),
        **{verdict: verdicts.count(verdict) for verdict in ("agree", "conflict", "attribution_differs", "unique")},
        "quantities": len(comparison.quantities),
        "overlap": round(shared / len(verdicts), 4) if verdicts else 0.0,
    }
    return stats
