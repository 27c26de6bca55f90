"""The shared report views: labels, links, intervals, axes, cell states, coverage, voices."""

from __future__ import annotations

import pytest

from parallax.model import Comparison, Fact, FactMention, QuantityClaim, Speaker, Voices
from parallax.report.synthetic import article_ref, synthetic_story
from parallax.report.view import (
    article_views,
    cell_state,
    clean_text,
    describe_interval,
    http_url,
    letter,
    number_axis,
    ordered_facts,
    shorten,
    summarize,
    voice_rows,
)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.example/a?b=1#c", "https://news.example/a?b=1#c"),
        ("HTTP://NEWS.EXAMPLE/", "HTTP://NEWS.EXAMPLE/"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("file:///etc/passwd", None),
        ("//news.example/a", None),
        ("https://", None),
        ("https://news.example/a b", None),
        ("https://news.example/\u202eevil", None),
        ("https://[::1", None),
        ("examples/velmora/report.md", None),
        ("", None),
        (None, None),
    ],
)
def test_only_absolute_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert http_url(url) == expected


@pytest.mark.parametrize(
    "claim, expected",
    [
        (QuantityClaim(article="a", text="438", low=438, high=438), "438"),
        (QuantityClaim(article="a", text="at least 300", low=300, high=None), "≥ 300"),
        (QuantityClaim(article="a", text="more than 400", low=400, high=None, low_inclusive=False), "> 400"),
        (QuantityClaim(article="a", text="up to 2,500", low=None, high=2500), "≤ 2,500"),
        (QuantityClaim(article="a", text="fewer than 20", low=None, high=20, high_inclusive=False), "< 20"),
        (QuantityClaim(article="a", text="about 2,000", low=1800, high=2200), "1,800–2,200"),
        (QuantityClaim(article="a", text="between", low=1, high=2.5, high_inclusive=False), "[1, 2.5)"),
        (QuantityClaim(article="a", text="some", low=None, high=None), "unknown"),
    ],
)
def test_intervals_read_in_plain_notation(claim: QuantityClaim, expected: str) -> None:
    assert describe_interval(claim) == expected


def test_axis_covers_every_bound_and_leaves_room_for_unbounded_arrows() -> None:
    claims = [
        QuantityClaim(article="a", text="at least 300", low=300, high=None),
        QuantityClaim(article="b", text="438", low=438, high=438),
    ]
    axis = number_axis(claims)
    assert axis.low <= 300 and axis.high > 438  # past the last value, for the arrow
    assert axis.ticks == sorted(axis.ticks) and axis.ticks[0] == axis.low
    assert all(tick == int(tick) for tick in axis.ticks)  # counts get whole-number ticks
    single = number_axis([QuantityClaim(article="a", text="3", low=3, high=3)])
    assert single.low < 3 < single.high
    assert number_axis([]).high > number_axis([]).low


def test_letters_and_unique_labels_for_columns() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]
    refs = [
        article_ref("1", [["One."]], source="https://www.daily.example/x", outlet="Daily"),
        article_ref("2", [["Two."]], source="https://www.daily.example/y", outlet="Daily"),
        article_ref("3", [["Three."]], source="https://www.weekly.example/z"),
        article_ref("4", [["Four."]], source="stdin"),
    ]
    labels = [view.label for view in article_views(Comparison(articles=refs))]
    assert labels == ["Daily", "Daily (2)", "weekly.example", "stdin"]


def test_clean_text_drops_terminal_escapes_and_bidi_overrides() -> None:
    assert clean_text("a\x1b[31mb\u202ec\n\n d\x07") == "a[31mbc d"
    assert shorten("one two three four", 10) == "one two…"


def test_cell_states_follow_the_verdict_and_who_reports_it() -> None:
    mention = FactMention(article="a", sentence=0, start=0, end=3, text="Hi.")
    conflict = Fact(id="f", verdict="conflict", reason="", mentions=[mention])
    attributed = Fact(id="g", verdict="attribution_differs", reason="", mentions=[mention])
    agreed = Fact(id="h", verdict="agree", reason="", mentions=[mention])
    assert [cell_state(fact, "a") for fact in (conflict, attributed, agreed)] == [
        "conflicting",
        "attributed",
        "reported",
    ]
    assert cell_state(conflict, "b") == "missing"
    ordered = [fact.verdict for fact in ordered_facts([agreed, conflict, attributed])]
    assert ordered == ["conflict", "attribution_differs", "agree"]


def test_summary_counts_verdicts_overlap_and_omissions() -> None:
    story = synthetic_story(2)
    summary = summarize(story)
    assert summary.verdicts == {"conflict": 2, "attribution_differs": 1, "unique": 2, "agree": 4}
    assert summary.facts == 9 and summary.shared_facts == 7
    assert summary.overlap == pytest.approx(7 / 9)
    first = summary.coverage[story.articles[0].id]
    assert (first.reported, first.shared, first.only_here, first.missing) == (8, 7, 1, 1)


def test_voices_merge_one_speaker_across_articles_by_entity() -> None:
    comparison = Comparison(
        voices={
            "a": Voices(speakers=[Speaker(name="Mirela Dostal", entity="e1", quotes=2, words=30)]),
            "b": Voices(
                speakers=[
                    Speaker(name="M. Dostall", entity="e1", quotes=1, words=12),
                    Speaker(name="A resident", quotes=1, words=50),
                ]
            ),
        }
    )
    rows = voice_rows(comparison)
    assert [(row.name, row.words, sorted(row.per_article)) for row in rows] == [
        ("A resident", 50, ["b"]),
        ("Mirela Dostal", 42, ["a", "b"]),
    ]
