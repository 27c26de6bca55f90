"""Reading throughput: Parallax's HTML extraction against bare trafilatura, and ``parallax.read``.

Run: ``.venv/bin/python bench/bench_read.py`` (options: ``--help``). Pages come at run
time from ``../shared/datasets/scrapinghub`` (HTML) and ``../shared/datasets/gva_longtail``
(plain-text news dumps, written to temporary .txt files); nothing is copied into the repo.
Every timing runs in this one process on the same inputs, after a warm-up call (model and
module loading are not timed), for several rounds; the median round is reported, both
per wall-clock second and per CPU second (steadier on a shared machine).
Prints a Markdown table for docs/performance.md ("Reading").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import trafilatura
from common import SHARED, cpu_model

import parallax
from parallax.errors import ParallaxError
from parallax.eval.extraction import load_pages
from parallax.extract.html import extract_html
from parallax.extract.text import extract_text

SCRAPINGHUB = SHARED / "datasets" / "scrapinghub"
GVA_DOCUMENTS = SHARED / "datasets" / "gva_longtail" / "gva_documents.jsonl"


def median_rates(run_one: Callable[[object], object], items: Sequence[object], rounds: int) -> tuple[float, float]:
    """Items per wall-clock second and per CPU second, medians over ``rounds`` passes.

    The CPU-time rate is the steadier figure when other jobs share the machine; failures
    count as processed items.
    """
    run_one(items[0])  # warm-up: lazy models and caches are not part of the throughput
    wall_rates, cpu_rates = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for item in items:
            try:
                run_one(item)
            except ParallaxError:
                pass
        wall_rates.append(len(items) / (time.perf_counter() - wall))
        cpu_rates.append(len(items) / (time.process_time() - cpu))
    return statistics.median(wall_rates), statistics.median(cpu_rates)


def gva_texts(limit: int) -> list[str]:
    texts = []
    with GVA_DOCUMENTS.open(encoding="utf-8") as handle:
        for line in handle:
            content = json.loads(line).get("content") or ""
            if content.strip():
                texts.append(content)
            if len(texts) >= limit:
                break
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="ScrapingHub pages (default: all present)")
    parser.add_argument("--texts", type=int, default=200, help="GVA plain-text documents (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per extractor (median kept)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    pages = load_pages(SCRAPINGHUB, args.pages)
    htmls = [page.html() for page in pages]
    texts = gva_texts(args.texts)
    rows: list[tuple[str, str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as temp:
        html_paths, text_paths = [], []
        for index, html in enumerate(htmls):
            html_paths.append(Path(temp) / f"page{index:03d}.html")
            html_paths[-1].write_text(html, encoding="utf-8")
        for index, text in enumerate(texts):
            text_paths.append(Path(temp) / f"text{index:03d}.txt")
            text_paths[-1].write_text(text, encoding="utf-8")

        html_url = {id(html): page.url for html, page in zip(htmls, pages)}
        cases: list[tuple[str, str, Sequence[object], Callable[[object], object]]] = [
            ("ScrapingHub HTML", "`trafilatura.extract(html)` (defaults)", htmls, trafilatura.extract),
            ("ScrapingHub HTML", "`extract_html(html, source=..., url=...)`", htmls,
             lambda html: extract_html(html, source="bench", url=html_url[id(html)])),
            ("ScrapingHub HTML", "`parallax.read(path)` (.html files)", html_paths, parallax.read),
            ("GVA plain text", "`extract_text(text, source=...)`", texts,
             lambda text: extract_text(text, source="bench")),
            ("GVA plain text", "`parallax.read(path)` (.txt files)", text_paths, parallax.read),
        ]
        for corpus, function, items, run_one in cases:
            rows.append((corpus, function, len(items), *median_rates(run_one, items, args.rounds)))

    print(f"Machine: {os.cpu_count()} cores (nproc), {cpu_model()}; Python {platform.python_version()}, "
          f"trafilatura {trafilatura.__version__}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other jobs share the machine)")
    print(f"Command: .venv/bin/python bench/bench_read.py --rounds {args.rounds} --texts {args.texts}"
          + (f" --pages {args.pages}" if args.pages else ""))
    print()
    print("| input | function | items | pages/s (wall clock) | pages per CPU-second | CPU ms/page |")
    print("|---|---|---:|---:|---:|---:|")
    for corpus, function, count, wall_rate, cpu_rate in rows:
        print(f"| {corpus} | {function} | {count} | {wall_rate:.1f} | {cpu_rate:.1f} | {1000 / cpu_rate:.1f} |")


if __name__ == "__main__":
    main()
