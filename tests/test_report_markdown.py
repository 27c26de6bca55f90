"""The Markdown report: its sections, its quoted evidence, and literal article text."""

from __future__ import annotations

import pytest
from browser.xss_corpus import hostile_comparison
from markdown_it import MarkdownIt

from parallax.report import render_markdown
from parallax.report.markdown import escape
from parallax.report.synthetic import synthetic_story


def test_sections_quote_the_sentences_behind_each_finding() -> None:
    markdown = render_markdown(synthetic_story(2))
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Summary",
        "## Conflicts",
        "## Attribution differs",
        "## Omissions",
        "## Agreements",
        "## Numbers",
        "## Wording",
        "## Voices",
    ]
    conflicts = markdown.split("## Conflicts")[1].split("## Attribution differs")[0]
    assert "> **A** Calder Bay Herald (¶1): Three people died" in conflicts
    assert "> **B** Free Coast Voice (¶1): At least five people were killed" in conflicts
    assert "### Only in **B** Free Coast Voice" in markdown
    assert "| **B** Free Coast Voice | \\> 1,500 | More than 1,500 | more than | the fire service |" in markdown
    assert "| people who blocked the harbour road | protesters | rioters |" in markdown
    assert "[https://calder-bay-herald.example/2031/11/calder-bay-flood](https://calder-bay-herald.example/" in markdown


def test_partial_coverage_names_who_leaves_a_fact_out() -> None:
    markdown = render_markdown(synthetic_story(3))
    partial = markdown.split("### Reported by some, left out by others")[1]
    assert "Mayor Ilse Varga declared" in partial and "left out by **C** Northern Ledger" in partial


@pytest.mark.parametrize(
    "text, rendered",
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        ("**loud** _quiet_ `code`", "<p>**loud** _quiet_ `code`</p>"),
        ("1. not a list", "<p>1. not a list</p>"),
        ("- not a bullet | not a cell", "<p>- not a bullet | not a cell</p>"),
        ("# not a heading &amp; no entity", "<p># not a heading &amp;amp; no entity</p>"),
    ],
)
def test_escaped_text_renders_literally(text: str, rendered: str) -> None:
    assert MarkdownIt("commonmark").render(escape(text)).strip() == rendered


def test_hostile_articles_produce_no_markup_or_script_links() -> None:
    markdown = render_markdown(hostile_comparison())
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    for tag in ("<script", "<img", "<iframe", "<svg", "<style", "<button", "<math", "<!--"):
        assert tag not in html
    assert 'href="javascript' not in html.lower() and 'href="data' not in html.lower()
    assert "\x1b" not in markdown and "\u202e" not in markdown
    assert "&lt;script&gt;window.__xss = 'script tag'&lt;/script&gt;" in html
