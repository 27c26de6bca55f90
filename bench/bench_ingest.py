"""Ingest throughput through the whole chain, story-assignment latency at scale, and the
database size per article.

Run: ``.venv/bin/python bench/bench_ingest.py`` (options: ``--help``).

1. **Whole chain**: the first ``--articles`` gva_longtail documents (real scraped news
   with boilerplate, read at run time from ../shared) are written to a temporary JSON
   Lines dump and ingested into a fresh SQLite file with ``--workers`` analysis processes:
   read -> analyze -> embed -> dedup -> assign -> store, each article committed in its own
   transaction. Reported: articles per second over the whole run (model loading included)
   and in steady state (first to last stored article), the seconds each stage took (CPU
   seconds of the reading threads; wall seconds of the analysis workers, summed over
   workers; wall seconds of the single-threaded dedup/assign/store steps), and the
   database size per article once the WAL is checkpointed.
2. **Assignment latency**: one story index grown to 10k, 100k and 1M stories (synthetic
   unit vectors and synthetic story profiles; the ANN index is the real usearch HNSW in
   f16), queried at each size with noisy copies of stored centroids: the time of one
   ``decide`` (ANN search + scoring the 10 candidates), p50 and p95, the insertion rate,
   and memory. Random vectors are the hardest case for HNSW insertion; real centroids
   cluster by topic.

Prints Markdown tables for docs/performance.md ("Ingest").
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SHARED, machine, peak_rss_mb  # noqa: E402

from parallax.store import Store  # noqa: E402
from parallax.store.ingest import IngestEvent, ingest  # noqa: E402
from parallax.stories.assign import DocumentFrequencies, StoryIndex, StoryProfile  # noqa: E402
from parallax.stories.features import ArticleFeatures  # noqa: E402

DIM = 384


def whole_chain(articles: int, workers: int) -> dict[str, object]:
    source = SHARED / "datasets" / "gva_longtail" / "gva_documents.jsonl"
    if not source.exists():
        raise SystemExit(f"{source} is missing: the benchmark reads real texts from ../shared")
    with tempfile.TemporaryDirectory() as directory:
        dump = Path(directory) / "dump.jsonl"
        with source.open(encoding="utf-8") as lines, dump.open("w", encoding="utf-8") as out:
            for written, line in enumerate(lines):
                if written >= articles:
                    break
                out.write(line)
        db = Path(directory) / "bench.db"
        stamps: list[float] = []
        statuses: Counter[str] = Counter()

        def on_event(event: IngestEvent) -> None:
            statuses[event.status] += 1
            if event.status in ("new", "copy"):
                stamps.append(time.perf_counter())

        with Store(db) as store:
            started = time.perf_counter()
            summary = ingest([str(dump)], store, workers=workers, on_event=on_event)
            wall = time.perf_counter() - started
            counts = store.counts()
            raw = store.engine.raw_connection()  # a checkpoint runs outside any transaction
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        size = sum(path.stat().st_size for path in Path(directory).glob("bench.db*"))
    stored = statuses["new"] + statuses["copy"]
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return {
        "inputs": articles, "stored": stored, "statuses": dict(statuses), "workers": workers,
        "wall_seconds": round(wall, 1), "articles_per_second": round(stored / wall, 2),
        "steady_articles_per_second": round(steady, 2),
        "stage_seconds": {name: round(value, 2) for name, value in summary.stage_seconds.items()},
        "stories": counts["stories"], "db_bytes_per_article": round(size / max(1, counts["articles"])),
    }


def synthetic_profile(story_id: int, vector: np.ndarray, rng: random.Random, vocabulary: list[str]) -> StoryProfile:
    terms = Counter({word: rng.randint(1, 5) for word in rng.sample(vocabulary, 300)})
    names = Counter({word: rng.randint(1, 5) for word in rng.sample(vocabulary[:5000], 20)})
    return StoryProfile(id=story_id, title=f"story {story_id}", count=5, vector_sum=vector * 5, names=names,
                        labels={n: n for n in names}, terms=terms, numbers=Counter({"14": 2}))


def assignment_latency(sizes: list[int], queries: int) -> list[dict[str, object]]:
    """One index grown to each size in turn, timed at each size."""
    rng = random.Random(7)
    generator = np.random.default_rng(7)
    vocabulary = [f"w{n}" for n in range(50_000)]
    frequencies = DocumentFrequencies({word: rng.randint(1, 5000) for word in vocabulary}, 1_000_000)
    # Profiles come from a pool: a real run loads them from the store (an indexed lookup
    # per candidate, cached); here the pool stands in for that cache.
    pool_size = 2_000
    vectors = generator.standard_normal((max(sizes), DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pool = [synthetic_profile(n, vectors[n], rng, vocabulary) for n in range(pool_size)]
    index = StoryIndex(DIM, frequencies=frequencies, load_profile=lambda story_id: _pooled(pool, story_id),
                       cache_size=pool_size)
    rows = []
    built, build_seconds = 0, 0.0
    for size in sorted(sizes):
        started = time.perf_counter()
        for start in range(built, size, 50_000):
            stop = min(size, start + 50_000)
            index.put_vectors(list(range(start + 1, stop + 1)), vectors[start:stop])
        step = time.perf_counter() - started
        build_seconds += step
        added, built = size - built, size
        timings = []
        for _ in range(queries):
            target = rng.randrange(size)
            query = vectors[target] + generator.standard_normal(DIM, dtype=np.float32) * 0.03
            query /= np.linalg.norm(query)
            features = ArticleFeatures(
                article_id="q", title="q", vector=query,
                names={word: 1.0 for word in rng.sample(vocabulary[:5000], 15)},
                terms=Counter({word: rng.randint(1, 4) for word in rng.sample(vocabulary, 150)}),
            )
            clock = time.perf_counter()
            index.decide(features)
            timings.append((time.perf_counter() - clock) * 1000)
        timings.sort()
        rows.append({
            "stories": size, "build_seconds": round(build_seconds, 1),
            "adds_per_second": round(added / max(1e-9, step)),
            "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
            "index_mb": round(index.index.memory_usage / 1e6), "rss_mb": round(peak_rss_mb()),
        })
        print(f"  {size:,} stories: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def _pooled(pool: list[StoryProfile], story_id: int) -> StoryProfile:
    template = pool[story_id % len(pool)]
    return StoryProfile(id=story_id, title=template.title, count=template.count, vector_sum=template.vector_sum,
                        names=template.names, labels=template.labels, terms=template.terms, numbers=template.numbers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="gva_longtail documents to ingest")
    parser.add_argument("--workers", type=int, default=2, help="analysis processes")
    parser.add_argument("--stories", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300, help="assignments timed per index size")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args()

    chain = whole_chain(args.articles, args.workers)
    print(f"whole chain: {chain}", file=sys.stderr, flush=True)
    latency = assignment_latency(args.stories, args.queries)
    if args.json:
        print(json.dumps({"machine": machine(), "chain": chain, "latency": latency}, indent=2))
        return
    print(f"Machine: {machine()}. Command: `{' '.join([Path(sys.executable).name, *sys.argv])}`\n")
    print("| inputs | stored | workers | wall s | articles/s (whole run) | articles/s (steady) | DB bytes/article |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {chain['inputs']} | {chain['stored']} | {chain['workers']} | {chain['wall_seconds']} | "
          f"{chain['articles_per_second']} | {chain['steady_articles_per_second']} | {chain['db_bytes_per_article']} |")
    print(f"\nOutcomes: {chain['statuses']}; stories: {chain['stories']}\n")
    stages = chain["stage_seconds"]
    assert isinstance(stages, dict)
    total = sum(stages.values()) or 1.0
    print("| stage | seconds | share |")
    print("|---|---:|---:|")
    for name, value in stages.items():
        print(f"| {name} | {value} | {value / total:.0%} |")
    print("\n| stories in index | built in s (cumulative) | adds/s | decide p50 ms | decide p95 ms | index MB | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for row in latency:
        print(f"| {row['stories']:,} | {row['build_seconds']} | {row['adds_per_second']} | {row['p50_ms']} | "
              f"{row['p95_ms']} | {row['index_mb']} | {row['rss_mb']} |")


if __name__ == "__main__":
    main()
