"""Comparison cost for stories of 2, 10 and 50 articles, and how it grows.

Sentence alignment looks only at each sentence's nearest neighbours (an ANN index), so
the cost should grow close to linearly in the number of sentences; the table shows the
time per sentence and the number of candidate pairs scored next to all pairs. Analyses
are computed beforehand; embedding (without a cache) is part of the measured time.
"""

from __future__ import annotations

import time

from common import gva_texts, machine

from parallax.analyze import analyze_many
from parallax.compare import compare_analyses
from parallax.compare.entities import match_entities
from parallax.compare.facts import build_nodes, candidate_pairs
from parallax.embed import OnnxEmbedder
from parallax.extract.text import extract_text

SIZES = (2, 10, 50)


def main() -> None:
    articles = []
    for number, (_, content) in enumerate(gva_texts(120)):
        try:
            articles.append(extract_text(content, source=f"gva-{number}"))
        except Exception:  # noqa: BLE001 - texts without a body are skipped
            continue
        if len(articles) >= max(SIZES):
            break
    analyses = list(analyze_many(articles))
    embedder = OnnxEmbedder()
    embedder.embed(["warm up the session"])
    print(f"machine: {machine()}\n")
    print("| articles | sentences | candidate pairs | all cross pairs | compare time (s) | ms per sentence |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in SIZES:
        chosen = analyses[:size]
        sentences = sum(len(a.sentences) for a in chosen)
        started = time.perf_counter()
        compare_analyses(chosen, embedder)
        elapsed = time.perf_counter() - started
        _, index = match_entities(chosen)
        nodes = build_nodes(chosen, index)
        pairs = len(candidate_pairs(nodes, embedder.embed([n.sentence.text for n in nodes])))
        claims = [node for node in nodes if node.claim]  # only these are aligned
        per_article: dict[str, int] = {}
        for node in claims:
            per_article[node.article] = per_article.get(node.article, 0) + 1
        cross = (len(claims) ** 2 - sum(n * n for n in per_article.values())) // 2
        print(f"| {size} | {sentences} | {pairs} | {cross} | {elapsed:.2f} | {1000 * elapsed / sentences:.1f} |")


if __name__ == "__main__":
    main()
