"""`parallax read` on the two founding seed articles, read from ../shared at run time."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BOILERPLATE_REASONS = {
    "navigation", "share/follow", "image caption", "image credit", "short link", "copyright",
    "disclaimer", "membership prompt", "comment prompt", "author box", "contact", "source note",
    "wire credit", "separator", "masthead",
}


@pytest.fixture(scope="module")
def seed_articles(seeds: list[Path]) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "parallax", "read", *map(str, seeds), "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 2
    return {article["outlet"]: article for article in articles}


def test_metadata(seed_articles: dict[str, dict]) -> None:
    assert set(seed_articles) == {"DW", "Global Research"}
    dw, gr = seed_articles["DW"], seed_articles["Global Research"]
    assert dw["title"] == "Ukraine troops enter Russia"
    assert gr["title"].startswith("Over 400 Ukrainian Servicemen") and gr["title"].endswith("Status in Russia")
    assert (dw["published"], gr["published"]) == ("2014-08-05", "2014-08-04")
    assert dw["byline"] == [] and gr["byline"] == ["Anna Mihailenko"]
    assert dw["credits"] == ["Image: Reuters", "AFP", "dpa", "Reuters"]
    assert gr["credits"] == ["Image Source RT"]
    assert dw["language"] == gr["language"] == "en"


def _raw_lines(path: Path) -> list[str]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", raw)  # markdown links -> text
        line = re.sub(r"^\s*(#+|\d+\.)\s+", "", line).replace("**", "").strip(" *")
        if line:
            lines.append(line)
    return lines


def test_every_line_is_kept_or_accounted_for(seeds: list[Path], seed_articles: dict[str, dict]) -> None:
    """Nothing vanishes: each input line is in the body or in `removed` with a reason."""
    by_source = {Path(article["source"]).name: article for article in seed_articles.values()}
    for seed in seeds:
        article = by_source[seed.name]
        removed = {item["text"]: item["reason"] for item in article["removed"]}
        body = "\n".join(article["paragraphs"])
        for line in _raw_lines(seed):
            assert line in body or line in removed or line == article["title"], line


def test_no_boilerplate_in_body(seed_articles: dict[str, dict]) -> None:
    for article in seed_articles.values():
        body = "\n".join(article["paragraphs"])
        for item in article["removed"]:
            if item["reason"] in BOILERPLATE_REASONS:
                assert item["text"] not in body
        for marker in ("Skip to", "Image:", "Image Source", "http", "Copyright", "Disclaimer", "Become a Member", "(AFP"):
            assert marker not in body, marker


def test_no_body_sentence_lost(seeds: list[Path], seed_articles: dict[str, dict]) -> None:
    """Every long input line (a body paragraph) is in the body, unless it is legal boilerplate."""
    by_source = {Path(article["source"]).name: article for article in seed_articles.values()}
    for seed in seeds:
        article = by_source[seed.name]
        body = "\n".join(article["paragraphs"])
        removed = {item["text"]: item["reason"] for item in article["removed"]}
        long_lines = [line for line in _raw_lines(seed) if len(line.split()) >= 10]
        lost = [line for line in long_lines if line not in body and line != article["title"]]
        assert all(removed.get(line) in ("disclaimer", "copyright") for line in lost), lost
        assert len(lost) <= 2
        # the facts each outlet reports are in its body
        for number in {"DW": ("438", "180", "420,000", "100,000", "298"), "Global Research": ("438", "164", "12", "40")}[article["outlet"]]:
            assert re.search(rf"\b{number}\b", body), number


def test_headings_are_paragraphs(seed_articles: dict[str, dict]) -> None:
    dw = seed_articles["DW"]
    headings = [p for p in dw["paragraphs"] if len(p.split()) <= 4 and not p.endswith(".")]
    assert len(headings) == 2
