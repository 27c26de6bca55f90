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


def test_notebook_fragments_shown_twice_highlight_only_their_own_report(open_report: Any) -> None:
    comparison = synthetic_story(2)
    fragment = render_html(comparison, standalone=False)
    host = f"<!DOCTYPE html><html><body><h1>Notebook</h1><div>{fragment}</div><div>{fragment}</div></body></html>"
    report = open_report(host)
    page = report.page
    assert report.errors == [] and page.locator(".px[data-px-ready]").count() == 2
    second = page.locator(".px").nth(1)
    second.locator(matrix_cell(comparison, "deaths", column=0)).click()
    assert page.locator(".px").nth(0).locator(".px-hl").count() == 0
    assert second.locator(".px-hl").count() == 2


def assert_nothing_ran(report: Any) -> None:
    """Click and hover every finding, then check in the page that no payload executed."""
    page = report.page
    assert page.evaluate("window.__xss") is None  # on load
    page.locator("[data-px]").first.click()  # one real mouse click, then every trigger from JS (fast)
    page.evaluate(
        """() => document.querySelectorAll('[data-px], .px-s, .px-head *').forEach(node => {
          for (const type of ['mouseover', 'mouseenter', 'focus']) node.dispatchEvent(new Event(type));
          if (node.matches('[data-px]')) node.click();
        })"""
    )
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


@pytest.mark.parametrize("with_policy", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_article_text_executes_nothing_and_shows_as_text(open_report: Any, with_policy: bool) -> None:
    html = render_html(hostile_comparison())
    if not with_policy:  # prove the escaping holds even without the Content-Security-Policy
        start = html.index('<meta http-equiv="Content-Security-Policy"')
        html = html[:start] + html[html.index(">", start) + 1 :]
        assert "Content-Security-Policy" not in html
    report = open_report(html)
    assert_nothing_ran(report)
    text = report.page.inner_text("body")
    for marker in VISIBLE_MARKERS:
        assert marker in text
    assert HOSTILE_URLS[0] in text  # a javascript: source shows as text, not as a link
    # The script's own output (status line) went through textContent too.
    report.page.click(".px-wording tbody th a")
    assert PAYLOADS[0] in report.page.locator(".px-status").inner_text()
    assert report.page.evaluate("window.__xss") is None


HOSTILE_INPUTS = {
    "herald.txt": (
        "Harbour <script>window.__xss='title'</script> wall breaks\n\n"
        "By Nora <img src=x onerror=\"window.__xss='byline'\"> Pell\n\n"
        "Three people died when the sea broke into the harbour district, the coastguard said "
        "<svg onload=\"window.__xss='body'\">.\n\n"
        "\"We will rebuild every metre of that wall <script>window.__xss='quote'</script>,\" "
        "Mayor Ilse Varga said.\n\n"
        "About 2,000 residents were moved to schools, the city council said.\n"
    ),
    "voice.md": (
        "# Sea floods <iframe src=\"javascript:parent.__xss='md title'\"></iframe> Calder Bay\n\n"
        "At least five people were killed, according to hospital staff "
        "<a href=\"javascript:window.__xss='md link'\">here</a>.\n\n"
        "\"We warned them twice </script><script>window.__xss='md quote'</script>,\" "
        "union leader Dara Quill told reporters.\n\n"
        "More than 1,500 people spent the night in shelters, the fire service said.\n"
    ),
}


def test_hostile_input_files_through_the_whole_pipeline(open_report: Any, tmp_path: Path) -> None:
    from parallax.compare import compare

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, text in HOSTILE_INPUTS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    comparison = compare(sorted(inputs.iterdir()))
    report = open_report(render_html(comparison))
    assert_nothing_ran(report)
    text = report.page.inner_text("body")
    assert "Harbour <script>window.__xss='title'</script> wall breaks" in text
    assert "<svg onload=\"window.__xss='body'\">" in text


@pytest.mark.parametrize("width,height,name", [(1440, 900, "wide"), (390, 844, "phone")])
def test_ten_articles_stay_readable(open_report: Any, artifacts: Path, width: int, height: int, name: str) -> None:
    comparison = synthetic_story(10)
    report = open_report(render_html(comparison), width=width, height=height)
    page = report.page
    assert report.errors == []
    # The page finished loading (render time is measured in `make bench`, never asserted here).
    assert page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd") > 0
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


def _first_shared_fact(comparison: Comparison) -> str:
    """The first matrix row reported by at least two articles."""
    for fact in ordered_facts(comparison.facts):
        if len({mention.article for mention in fact.mentions}) >= 2:
            return fact.id
    pytest.fail("the comparison has no fact reported by two articles")


def _check_real_report(open_report: Any, comparison: Comparison, screenshot: Path) -> None:
    """Render, click the first shared fact's cell, check the highlights, keep the view."""
    report = open_report(render_html(comparison), width=1440, height=900)
    page = report.page
    assert report.errors == [] and report.dialogs == []
    assert page.locator(".px-head").count() == len(comparison.articles)
    assert page.locator(".px-matrix tbody tr").count() == len(comparison.facts)
    fact_id = _first_shared_fact(comparison)
    prefix = page.evaluate("document.querySelector('.px').id")
    expected = expected_sentence_ids(prefix, comparison, fact_id)
    ids, visible = click_and_collect(report, matrix_cell(comparison, fact_id, column=1))
    assert ids == expected and all(visible)
    columns = {node_id.rsplit("-s", 1)[1].split("-")[0] for node_id in ids}
    assert len(columns) >= 2, "a shared fact lights sentences in at least two columns"
    page.screenshot(path=str(screenshot))


def test_seed_articles_report(open_report: Any, artifacts: Path, seeds: list[Path]) -> None:
    from parallax.compare import compare

    comparison = compare(seeds)
    assert len(comparison.articles) == len(seeds) == 2
    _check_real_report(open_report, comparison, artifacts / "report-seeds.png")


def test_demo_report_for_the_bundled_examples(
    open_report: Any, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README screenshot (docs/demo-report.png is a copy of artifacts/demo-report.png)."""
    from parallax.compare import compare

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)  # sources show as the relative paths `make demo` passes
    comparison = compare(sorted((Path("examples") / "velmora").iterdir()))
    _check_real_report(open_report, comparison, artifacts / "demo-report.png")
