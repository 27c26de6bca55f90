"""Word choice: how each article labels the same actors, and loaded terms only some use.

Labels are found from the texts, not from a fixed list of loaded words:

1. entities matched across articles whose articles name them with different words
   (not mere spelling variants) — "Russia's security service" vs "FSB";
2. noun phrases of different articles that name the same actor with a different head
   word ("separatists" vs "independence supporters"): phrases are embedded and
   clustered across articles; a cluster is a concept when it spans several articles
   and its articles use different head words for it. Phrases in sentences aligned as
   one fact count as closer, since the aligned context says they play the same part;
3. hedging and distancing that only some articles use: "so-called", scare quotes,
   "reportedly", "allegedly", with the sentence behind each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from parallax.compare.entities import name_key
from parallax.embed.base import Embedder
from parallax.model import Analysis, CrossEntity, FactMention, Phrase, Wording

# Phrases at least this similar (MiniLM cosine, plus the aligned bonus) name one concept;
# calibrated on NewsWCL50's annotated concepts (see docs/quality.md, "Wording").
LABEL_SIMILARITY = 0.5
ALIGNED_BONUS = 0.1
# Hedges worth reporting when only some articles use them.
_HEDGE_SHOWN = 3


def compare_wording(
    analyses: Sequence[Analysis],
    entities: Sequence[CrossEntity],
    embedder: Embedder,
    fact_of: dict[tuple[str, int], int] | None = None,
) -> list[Wording]:
    """Label differences and loaded terms; ``fact_of`` maps (article, sentence) to its fact."""
    findings = _entity_labels(entities)
    findings += _phrase_labels(analyses, embedder, fact_of or {})
    findings += _loaded_terms(analyses)
    return findings


def _entity_labels(entities: Sequence[CrossEntity]) -> list[Wording]:
    findings = []
    for entity in entities:
        if len(entity.aliases) < 2:
            continue
        labels = {article: _distinct(surfaces) for article, surfaces in entity.aliases.items()}
        keys = {article: {name_key(label) for label in values} for article, values in labels.items()}
        shared = set.intersection(*keys.values())
        if all(values <= shared for values in keys.values()):
            continue  # every article uses the same names (up to spelling)
        findings.append(Wording(concept=entity.name, kind="label", entity=entity.id, labels=labels))
    return findings


def _distinct(surfaces: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for surface in surfaces:
        seen.setdefault(surface.lower().removesuffix("'s").removesuffix("’s"), surface)
    return list(seen.values())


def _phrase_labels(
    analyses: Sequence[Analysis], embedder: Embedder, fact_of: dict[tuple[str, int], int]
) -> list[Wording]:
    items: list[tuple[str, Phrase]] = [
        (analysis.article.id, phrase) for analysis in analyses for phrase in analysis.phrases
    ]
    if len({article for article, _ in items}) < 2:
        return []
    words = embedder.embed([phrase.text for _, phrase in items])
    contexts = embedder.embed([phrase.context for _, phrase in items])
    findings = []
    for cluster in _cluster(items, words, contexts, fact_of):
        heads: dict[str, set[str]] = defaultdict(set)
        for i in cluster:
            heads[items[i][0]].add(items[i][1].head)
        if sum(bool(own - set().union(*(h for a, h in heads.items() if a != article))) for article, own in heads.items()) < 2:
            continue  # a difference needs two articles that each use words the others do not
        labels: dict[str, list[str]] = defaultdict(list)
        for i in cluster:
            article, phrase = items[i]
            if phrase.text not in labels[article]:
                labels[article].append(phrase.text)
        cluster_heads = [items[i][1].head for i in cluster]
        concept = max(cluster_heads, key=cluster_heads.count)
        evidence = _unique([_mention(analyses, items[i][0], items[i][1].sentence) for i in cluster])
        findings.append(Wording(concept=concept, kind="label", labels=dict(labels), evidence=evidence))
    return findings


def _cluster(
    items: list[tuple[str, Phrase]], words: np.ndarray, contexts: np.ndarray, fact_of: dict[tuple[str, int], int]
) -> list[list[int]]:
    """Average-linkage clusters of phrases (scipy).

    Similarity weighs the phrase itself and the phrase with its governing words equally:
    MiniLM scores bare labels of one actor low ("separatists"/"independence supporters"
    0.48) but their uses alike ("fighting with separatists"/"operation against
    independence supporters" 0.53), while different actors that read alike as bare words
    ("rebels"/"soldiers" 0.62) are used differently. Phrases of aligned sentences are
    drawn closer.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    facts = np.array([fact_of.get((article, phrase.sentence), -1 - i) for i, (article, phrase) in enumerate(items)])
    similarity = (words @ words.T + contexts @ contexts.T) / 2 + ALIGNED_BONUS * (facts[:, None] == facts[None, :])
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    assignment = fcluster(tree, t=1.0 - LABEL_SIMILARITY, criterion="distance")
    clusters: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(assignment):
        clusters[int(label)].append(index)
    return [members for members in clusters.values() if len(members) > 1]


def _loaded_terms(analyses: Sequence[Analysis]) -> list[Wording]:
    usage: dict[str, dict[str, list[FactMention]]] = defaultdict(lambda: defaultdict(list))
    for analysis in analyses:
        for sentence in analysis.sentences:
            for hedge in sentence.attribution.hedges:
                term = hedge.lower() if not hedge.startswith(("\"", "“", "«")) else "scare quotes"
                usage[term][analysis.article.id].append(
                    FactMention(article=analysis.article.id, sentence=sentence.index, start=sentence.start,
                                end=sentence.end, text=sentence.text)
                )
    findings = []
    for term, by_article in usage.items():
        if len(by_article) == len(analyses):
            continue  # every article uses it: not a difference between them
        labels = {}
        for article, mentions in by_article.items():
            analysis = next(a for a in analyses if a.article.id == article)
            labels[article] = _hedge_labels(term, analysis, mentions)
        evidence = [mention for mentions in by_article.values() for mention in mentions[:_HEDGE_SHOWN]]
        findings.append(Wording(concept=term, kind="loaded", labels=labels, evidence=evidence))
    return findings


def _hedge_labels(term: str, analysis: Analysis, mentions: list[FactMention]) -> list[str]:
    """The words as used: 'so-called CTO', '"humanitarian catastrophe"'."""
    labels = []
    for mention in mentions:
        hedges = analysis.sentences[mention.sentence].attribution.hedges
        for hedge in hedges:
            if term == "scare quotes" and hedge.startswith(("\"", "“", "«")):
                labels.append(hedge)
            elif hedge.lower() == term:
                position = mention.text.lower().find(term)
                labels.append(mention.text[position : position + len(term) + 24].split(" (")[0].strip() if position >= 0 else term)
    return list(dict.fromkeys(labels))


def _mention(analyses: Sequence[Analysis], article: str, sentence_index: int) -> FactMention:
    analysis = next(a for a in analyses if a.article.id == article)
    sentence = analysis.sentences[sentence_index]
    return FactMention(article=article, sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text)


def _unique(mentions: list[FactMention]) -> list[FactMention]:
    seen: dict[tuple[str, int], FactMention] = {}
    for mention in mentions:
        seen.setdefault((mention.article, mention.sentence), mention)
    return list(seen.values())
