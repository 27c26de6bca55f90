"""Analysis throughput next to bare spaCy ``nlp.pipe`` on the same texts, same process.

The goal (issue 3) is at least 0.7 of bare spaCy's throughput: every extractor works on
the one parse, so the overhead should stay small.
"""

from __future__ import annotations

from common import best_of, gva_texts, machine, peak_rss_mb

from parallax.analyze import analyze_many
from parallax.analyze.nlp import load_nlp
from parallax.extract.text import extract_text

ARTICLES = 150
ROUNDS = 3


def main() -> None:
    articles = []
    for number, (title, content) in enumerate(gva_texts(ARTICLES * 2)):
        try:
            articles.append(extract_text(content, source=f"gva-{number}"))
        except Exception:  # noqa: BLE001 - a text with no body is skipped, as ingest would
            continue
        if len(articles) >= ARTICLES:
            break
    texts = [article.text for article in articles]
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm up
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    bare = best_of(ROUNDS, lambda: list(nlp.pipe(texts, batch_size=32)))
    full = best_of(ROUNDS, lambda: list(analyze_many(articles)))
    print(f"machine: {machine()}")
    print(f"{len(articles)} GVA long-tail articles, {sentences} sentences, median of {ROUNDS} rounds\n")
    print("| pipeline | articles/s | sentences/s | ratio to bare spaCy |")
    print("|---|---:|---:|---:|")
    print(f"| bare spaCy nlp.pipe | {len(texts) / bare:.1f} | {sentences / bare:.0f} | 1.00 |")
    print(f"| parallax analyze_many | {len(texts) / full:.1f} | {sentences / full:.0f} | {bare / full:.2f} |")
    print(f"\npeak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
