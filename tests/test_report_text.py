"""The terminal report: findings with their sentences, and article text that cannot style
or escape the terminal."""

from __future__ import annotations

import io

from browser.xss_corpus import hostile_comparison
from rich.console import Console

from parallax.report import render_text
from parallax.report.synthetic import synthetic_story


def _render(comparison, *, colour: bool = False, width: int = 120) -> str:  # type: ignore[no-untyped-def]
    console = Console(file=io.StringIO(), width=width, force_terminal=colour, color_system="standard" if colour else None)
    render_text(comparison, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_terminal_report_lists_findings_with_their_sentences() -> None:
    output = _render(synthetic_story(2))
    for text in (
        "At a glance",
        "✗ 2 in conflict",
        "7 of 9 facts (78%) are reported by more than one article.",
        "Conflicts (2)",
        "A “Three people died when the sea broke into the harbour district, the coastguard said.”",
        "B “At least five people were killed, according to staff at St Brendan's hospital.”",
        "Only in one article (2)",
        "≥ 5",
        "so-called (loaded)",
        "Dara Quill",
    ):
        assert text in output, text


def test_ten_articles_fit_a_narrow_terminal_and_long_sections_are_capped() -> None:
    output = _render(synthetic_story(10), width=80)
    assert max(len(line) for line in output.splitlines()) <= 80
    assert "Only in one article (10)" in output and "… and 0 more" not in output


def test_coverage_keeps_every_article_column_on_a_narrow_terminal() -> None:
    for articles, width in ((3, 60), (10, 80)):
        lines = _render(synthetic_story(articles), width=width).splitlines()
        header = lines[lines.index(next(line for line in lines if line.startswith("Coverage"))) + 2]
        letters = "ABCDEFGHIJ"[:articles]
        assert header.split() == ["Fact", *letters], (articles, width, header)


def test_article_text_cannot_inject_markup_or_escape_codes() -> None:
    output = _render(hostile_comparison(), colour=True)
    assert "[bold]rich[/bold]" in output  # shown literally, not interpreted as rich markup
    assert "\x1b[31mterminal escape" not in output and "\u202e" not in output
    assert "<script>window.__xss = 'script tag'</script>" in output.replace("\n", "")


def test_an_empty_comparison_prints_a_summary_without_sections() -> None:
    from parallax.model import Comparison

    output = _render(Comparison())
    assert "0 of 0 facts" in output and "Conflicts" not in output
