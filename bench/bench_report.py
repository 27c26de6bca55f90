"""Report size and speed: HTML generation time, file size, and render time in Chromium.

Run: ``.venv/bin/python bench/bench_report.py`` (options: ``--help``). Inputs are the
fictional stories of ``parallax.report.synthetic`` (2 and 10 outlets by default), so no
NLP model runs and the figures measure the report alone. Browser timings load the file
in Debian's headless Chromium via Playwright (a fresh page per round) and read the
page's own Navigation and Paint Timing entries. Prints a Markdown table for
docs/performance.md ("Reports").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from common import best_of, machine

from parallax.report import render_html, render_markdown
from parallax.report.synthetic import synthetic_story

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMING = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
  return {dom: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd,
          paint: paint['first-contentful-paint'] ?? paint['first-paint'] ?? null};
}"""


def browser_timings(paths: dict[int, Path], rounds: int) -> dict[int, dict[str, float]]:
    """Median DOMContentLoaded, first contentful paint and load (ms) per report."""
    from playwright.sync_api import sync_playwright

    results: dict[int, dict[str, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for articles, path in paths.items():
            samples: list[dict[str, float]] = []
            for _ in range(rounds + 1):  # the first load warms the browser's caches and is dropped
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function("() => performance.getEntriesByType('paint').length > 0")
                samples.append(page.evaluate(TIMING))
                page.close()
            results[articles] = {
                name: statistics.median(sample[name] for sample in samples[1:]) for name in ("dom", "paint", "load")
            }
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2, 10], help="story sizes (default 2 10)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per measurement (median kept)")
    args = parser.parse_args()

    rows = []
    paths: dict[int, Path] = {}
    with tempfile.TemporaryDirectory() as folder:
        for articles in args.articles:
            story = synthetic_story(articles)
            render_html(story)  # warm-up: template compilation is a one-off cost
            html = render_html(story)
            path = Path(folder) / f"report-{articles}.html"
            path.write_text(html, encoding="utf-8")
            paths[articles] = path
            rows.append(
                {
                    "articles": articles,
                    "facts": len(story.facts),
                    "sentences": sum(len(article.sentences) for article in story.articles),
                    "bytes": len(html.encode("utf-8")),
                    "html_ms": 1000 * best_of(args.rounds, lambda: render_html(story)),
                    "markdown_ms": 1000 * best_of(args.rounds, lambda: render_markdown(story)),
                }
            )
        if CHROMIUM.exists():
            timings = browser_timings(paths, args.rounds)
        else:
            print(f"{CHROMIUM} is missing: browser timings skipped", file=sys.stderr)
            timings = {}

    print(f"Machine: {machine()}. Command: `.venv/bin/python bench/bench_report.py`"
          f" (median of {args.rounds} rounds).\n")
    print("| articles | facts | sentences | HTML size | HTML generation | Markdown generation "
          "| DOMContentLoaded | first contentful paint | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        browser = timings.get(row["articles"])
        shown = [f"{browser[name]:.0f} ms" if browser else "n/a" for name in ("dom", "paint", "load")]
        print(
            f"| {row['articles']} | {row['facts']} | {row['sentences']} | {row['bytes'] / 1024:.0f} KiB "
            f"| {row['html_ms']:.1f} ms | {row['markdown_ms']:.1f} ms | " + " | ".join(shown) + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
