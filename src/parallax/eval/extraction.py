"""Article-extraction quality on the ScrapingHub benchmark, against bare trafilatura.

Both extractors run on the same pages in the same run and are scored with the
benchmark's own metric (see ``parallax.eval.metrics``), so the comparison holds whatever
subset of pages is present.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from parallax.errors import ExtractionError, InputError
from parallax.eval.metrics import macro_scores, shingle_counts
from parallax.extract.html import extract_html

GROUND_TRUTH = "ground-truth.json"
PAGES = "html"
PAGE_SUFFIX = ".html.gz"


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, its gzipped HTML file and the expected article body."""

    id: str
    path: Path
    url: str | None
    expected: str

    def html(self) -> str:
        with gzip.open(self.path, "rt", encoding="utf-8", errors="replace") as handle:
            return handle.read()


def load_pages(data_dir: Path, limit: int | None = None) -> list[Page]:
    """The benchmark pages that have both HTML and ground truth, in id order."""
    truth_path, pages_dir = data_dir / GROUND_TRUTH, data_dir / PAGES
    if not truth_path.is_file() or not pages_dir.is_dir():
        raise InputError(str(data_dir), f"expected {GROUND_TRUTH} and a {PAGES}/ folder of *{PAGE_SUFFIX} pages")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(truth_path), f"unreadable ground truth: {error}") from None
    if not isinstance(truth, dict):
        raise InputError(str(truth_path), "ground truth must map page ids to {articleBody, url}")
    pages = [
        Page(
            id=page_id,
            path=pages_dir / f"{page_id}{PAGE_SUFFIX}",
            url=entry.get("url"),
            expected=entry.get("articleBody", ""),
        )
        for page_id, entry in sorted(truth.items())
        if isinstance(entry, dict) and (pages_dir / f"{page_id}{PAGE_SUFFIX}").is_file()
    ]
    if not pages:
        raise InputError(str(data_dir), f"no {PAGES}/*{PAGE_SUFFIX} page matches an id in {GROUND_TRUTH}")
    return pages[:limit] if limit is not None else pages


def parallax_body(page: Page, html: str) -> str:
    """Parallax's article body for one page; a page with no body scores as empty."""
    try:
        return extract_html(html, source=str(page.path), url=page.url).text
    except ExtractionError:
        return ""


def trafilatura_body(html: str) -> str:
    """Bare trafilatura with its defaults: the baseline to match or beat."""
    return trafilatura.extract(html) or ""


def _predictions(pages: list[Page]) -> Iterator[tuple[Page, str, str]]:
    for page in pages:
        html = page.html()
        yield page, parallax_body(page, html), trafilatura_body(html)


def evaluate(data_dir: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict:
    """Score Parallax and bare trafilatura on the benchmark pages in ``data_dir``.

    ``predictions``, when given, receives Parallax's bodies in the benchmark's own format
    (``{page_id: {"articleBody": text}}``) so its ``evaluate.py`` can score them too.
    """
    pages = load_pages(Path(data_dir), limit)
    ours, theirs, written = [], [], {}
    for page, parallax_text, trafilatura_text in _predictions(pages):
        ours.append(shingle_counts(page.expected, parallax_text))
        theirs.append(shingle_counts(page.expected, trafilatura_text))
        written[page.id] = {"articleBody": parallax_text}
    if predictions is not None:
        predictions.write_text(json.dumps(written, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "task": "extraction",
        "pages": len(pages),
        "parallax": macro_scores(ours).as_dict(),
        "trafilatura": macro_scores(theirs).as_dict(),
    }
