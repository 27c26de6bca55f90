"""The HTML report in a real headless Chromium: it renders, its findings point at the right
sentences in every column, hostile article text runs nothing, and 10 articles stay readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from xss_corpus import HOSTILE_URLS, PAYLOADS, VISIBLE_MARKERS, hostile_comparison

from parallax.model import Comparison
from parallax.report import render_html
from parallax.report.synthetic import synthetic_story
from parallax.report.view import ordered_facts

# Rendering the 10-article story takes about 0.2 s here; 5 s leaves room for a busy 2-core box.
MAX_DOM_READY_MS = 5000

HIGHLIGHTED = "Array.from(document.querySelectorAll('.px-s.px-hl')).map(node => node.id).sort()"
VISIBLE_IN_COLUMN = """node => {
  const body = node.closest('.px-colbody').getBoundingClientRect();
  const strip = node.closest('.px-strip').getBoundingClientRect();
  const box = node.getBoundingClientRect();
  return box.bottom > body.top && box.top < body.bottom && box.left >= strip.left - 1 && box.left < strip.right;
}"""


def expected_sentence_ids(prefix: str, comparison: Comparison, fact_id: str) -> list[str]:
    position = {article.id: index for index, article in enumerate(comparison.articles)}
    fact = next(fact for fact in comparison.facts if fact.id == fact_id)
    return sorted({f"{prefix}-s{position[m.article]}-{m.sentence}" for m in fact.mentions})


def matrix_cell(comparison: Comparison, fact_id: str, column: int) -> str:
    row = [fact.id for fact in ordered_facts(comparison.facts)].index(fact_id) + 1
    return f".px-matrix tbody tr:nth-child({row}) td:nth-child({column + 2}) a"


def click_and_collect(report: Any, selector: str) -> tuple[list[str], list[bool]]:
    report.page.click(selector)
    ids = report.page.evaluate(HIGHLIGHTED)
    visible = [report.page.locator(f"[id='{node_id}']").evaluate(VISIBLE_IN_COLUMN) for node_id in ids]
    return ids, visible


def test_report_renders_offline_with_every_section(open_report: Any, artifacts: Path) -> None:
    comparison = synthetic_story(2)
    report = open_report(render_html(comparison))
    page = report.page
    assert report.errors == [] and report.dialogs == []
    assert all(url.startswith("file://") for url in report.requests), report.requests
    assert page.locator(".px-head").count() == 2
    assert page.locator(".px-head").first.inner_text().startswith("A Calder Bay Herald")
    for section in ("summary", "matrix", "findings", "numbers", "wording", "voices", "reading"):
        assert page.locator(f"[id$='-{section}']").is_visible(), section
    assert page.locator(".px-matrix tbody tr").count() == len(comparison.facts)
    assert page.locator("svg.px-line").count() == sum(len(q.claims) for q in comparison.quantities)
    assert page.locator(".px-voice svg rect").count() == sum(len(v.speakers) for v in comparison.voices.values())
    page.screenshot(path=str(artifacts / "report-2-articles.png"), full_page=True)


def test_clicking_a_matrix_cell_highlights_its_sentences_in_every_column(open_report: Any) -> None:
    comparison = synthetic_story(2)
    report = open_report(render_html(comparison), width=1400, height=700)
    prefix = report.page.evaluate("document.querySelector('.px').id")
    for fact_id in ("deaths", "ferry", "cause"):
        ids, visible = click_and_collect(report, matrix_cell(comparison, fact_id, column=1))
        assert ids == expected_sentence_ids(prefix, comparison, fact_id)
        assert {node_id.split("-s")[1].split("-")[0] for node_id in ids} == {"0", "1"}  # both columns
        assert all(visible), f"{fact_id}: highlighted sentences scrolled out of their columns"
    assert report.page.locator(".px-colnote:not(:empty)").count() == 0
    status = report.page.locator(".px-status").inner_text()
    assert status.startswith("2 sentences behind:")


def test_a_missing_cell_says_what_the_article_leaves_out(open_report: Any) -> None:
    comparison = synthetic_story(2)
    report = open_report(render_html(comparison))
    ids, visible = click_and_collect(report, matrix_cell(comparison, "unique-0", column=1))
    prefix = report.page.evaluate("document.querySelector('.px').id")
    assert ids == expected_sentence_ids(prefix, comparison, "unique-0") and all(visible)
    notes = report.page.locator(".px-colnote").all_inner_texts()
    assert notes[0] == "" and notes[1] == "No sentence for this finding in Free Coast Voice."


def test_findings_numbers_and_voices_link_to_their_evidence(open_report: Any) -> None:
    comparison = synthetic_story(4)
    report = open_report(render_html(comparison))
    prefix = report.page.evaluate("document.querySelector('.px').id")
    ids, _ = click_and_collect(report, ".px-fact.px-v-conflict .px-reason a >> nth=0")
    assert ids == expected_sentence_ids(prefix, comparison, "deaths")
    # Second claim on the death toll line: article B's "at least five".
    ids, visible = click_and_collect(report, ".px-number >> nth=0 >> .px-claim >> nth=1")
    assert ids == [f"{prefix}-s1-{comparison.quantities[0].claims[1].sentence}"] and all(visible)
    ids, _ = click_and_collect(report, ".px-voice >> nth=0")
    assert len(ids) == 1 and "said" in report.page.locator(f"[id='{ids[0]}']").inner_text()


@pytest.mark.parametrize("with_policy", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_article_text_executes_nothing_and_shows_as_text(open_report: Any, with_policy: bool) -> None:
    html = render_html(hostile_comparison())
    if not with_policy:  # prove the escaping holds even without the Content-Security-Policy
        start = html.index('<meta http-equiv="Content-Security-Policy"')
        html = html[:start] + html[html.index(">", start) + 1 :]
        assert "Content-Security-Policy" not in html
    report = open_report(html)
    page = report.page
    for trigger in page.locator("[data-px]").all():
        trigger.click()
        trigger.hover()
    page.keyboard.press("Tab")
    assert page.evaluate("window.__xss") is None
    assert report.dialogs == [] and report.errors == []
    assert not [m for m in report.console if "Content Security Policy" in m], report.console
    assert all(url.startswith("file://") for url in report.requests), report.requests
    assert page.evaluate("document.scripts.length") == 2  # the JSON data and the report's own script
    assert page.evaluate("document.querySelectorAll('iframe, img, button, math, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('style').length") == 1
    assert page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(n => Array.from(n.attributes))"
        ".filter(a => a.name.startsWith('on')).length"
    ) == 0
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    assert all(href.startswith(("#", "https://", "http://")) for href in links), links
    text = page.inner_text("body")
    for marker in VISIBLE_MARKERS:
        assert marker in text
    assert HOSTILE_URLS[0] in text  # a javascript: source shows as text, not as a link
    # The script's own output (status line) went through textContent too.
    page.click(".px-wording tbody th a")
    assert PAYLOADS[0] in page.locator(".px-status").inner_text()
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("width,height,name", [(1440, 900, "wide"), (390, 844, "phone")])
def test_ten_articles_stay_readable(open_report: Any, artifacts: Path, width: int, height: int, name: str) -> None:
    comparison = synthetic_story(10)
    report = open_report(render_html(comparison), width=width, height=height)
    page = report.page
    assert report.errors == []
    timing = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    assert 0 < timing < MAX_DOM_READY_MS
    # Nothing pushes the page sideways: wide tables and the columns scroll inside their boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert page.locator(".px-matrix thead .px-colhead").count() == 10
    smallest = page.evaluate(
        "Math.min(...Array.from(document.querySelectorAll('.px-s, .px-matrix th, .px-claim-label'))"
        ".map(n => parseFloat(getComputedStyle(n).fontSize)))"
    )
    assert smallest >= 12
    prefix = page.evaluate("document.querySelector('.px').id")
    ids, visible = click_and_collect(report, matrix_cell(comparison, "unique-9", column=9))
    assert ids == expected_sentence_ids(prefix, comparison, "unique-9")
    assert all(visible), "the last column's sentence must be scrolled into view"
    assert page.locator(".px-colnote:not(:empty)").count() == 9
    page.screenshot(path=str(artifacts / f"report-10-articles-{name}.png"))
