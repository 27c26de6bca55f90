"""The plain-text / markdown cleaner on fictional pages written for these tests."""

from __future__ import annotations

import pytest

from parallax.errors import ExtractionError
from parallax.extract.metadata import copyright_holder, find_date, name_from_domain, parse_dateline
from parallax.extract.text import extract_text, looks_like_markdown

SCRAPED_TEXT = """\
  1. Skip to content
  2. Skip to main menu
  3. Skip to more HBN sites

Harbour cranes idle as dockers walk out

June 3, 2029

Dock workers in Port Alder stopped work on Tuesday over a pay dispute, leaving some 40 ships waiting offshore.

https://hbn.example/s/4Kq2
Cranes at the container terminal
Photo: Harbour Photo Desk

The union said at least 2,000 members had joined the strike. The port authority put the figure at about 1,500.

"We are not moving until the offer is on paper," union organiser Tilde Marsh told reporters.

Talks resume

Mediators will meet both sides on Thursday, the labour ministry said.

ab/cd (NPA, Ostwire)
"""

MARKDOWN_PAGE = """\
# Council votes to close the old ferry route

By [Rosa Quint](/authors/rosa) and [Emil Trask](/authors/emil)

Lakeside Herald, 12 October 2030

## Fares to rise on the replacement bus

*The town council voted 9 to 4 on Monday to end the ferry service that has crossed the lake since 1952.*

The ferry's operator said that it had lost money for six years in a row.

Residents who opposed the plan handed in a [petition](https://petitions.example/ferry) with 3,100 signatures.

![The ferry at its pier](/img/ferry.jpg)
Image: Lakeside Herald archive

The original source of this article is Lakeside Herald
Copyright © [Rosa Quint](#), Lakeside Herald, 2030

---

[Comment on Lakeside Herald articles on our Facebook page](#)

[Become a Member of Lakeside Herald](#)

**Disclaimer:** The contents of this article are the sole responsibility of the authors.
"""


def test_scraped_text_metadata() -> None:
    article = extract_text(SCRAPED_TEXT, source="dock.txt")
    assert article.title == "Harbour cranes idle as dockers walk out"
    assert article.published == "2029-06-03"
    assert article.outlet == "HBN"
    assert article.language == "en"
    assert article.credits == ["Photo: Harbour Photo Desk", "NPA", "Ostwire"]


def test_scraped_text_keeps_body_and_headings() -> None:
    article = extract_text(SCRAPED_TEXT, source="dock.txt")
    assert article.paragraphs[0].startswith("Dock workers in Port Alder")
    assert "Talks resume" in article.paragraphs  # a heading stays its own paragraph
    assert any(p.startswith('"We are not moving') for p in article.paragraphs)
    assert article.paragraphs[-1] == "Mediators will meet both sides on Thursday, the labour ministry said."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to content", "navigation"),
        ("https://hbn.example/s/4Kq2", "short link"),
        ("Cranes at the container terminal", "image caption"),
        ("Photo: Harbour Photo Desk", "image credit"),
        ("ab/cd (NPA, Ostwire)", "wire credit"),
        ("June 3, 2029", "dateline"),
    ],
)
def test_scraped_text_cuts_are_audited(line: str, reason: str) -> None:
    article = extract_text(SCRAPED_TEXT, source="dock.txt")
    assert {"text": line, "reason": reason} in [r.model_dump() for r in article.removed]
    assert all(line not in paragraph for paragraph in article.paragraphs)


def test_markdown_page() -> None:
    article = extract_text(MARKDOWN_PAGE, source="ferry.md")
    assert article.title == "Council votes to close the old ferry route"
    assert article.subtitle == "Fares to rise on the replacement bus"
    assert article.byline == ["Rosa Quint", "Emil Trask"]
    assert article.published == "2030-10-12"
    assert article.outlet == "Lakeside Herald"
    assert article.credits == ["Image: Lakeside Herald archive"]
    # emphasis and links are stripped, their words kept
    assert article.paragraphs[1].startswith("The town council voted 9 to 4")
    assert "handed in a petition with 3,100 signatures." in article.text
    reasons = {r.reason for r in article.removed}
    assert {"source note", "copyright", "separator", "comment prompt", "membership prompt", "disclaimer"} <= reasons
    assert not any("Facebook" in p or "Disclaimer" in p for p in article.paragraphs)


def test_text_offsets_follow_paragraphs() -> None:
    article = extract_text(SCRAPED_TEXT, source="dock.txt")
    for start, paragraph in zip(article.paragraph_starts(), article.paragraphs):
        assert article.text[start : start + len(paragraph)] == paragraph


def test_hard_wrapped_lines_are_joined() -> None:
    text = "A title line\n\nThe mayor said the bridge would\nreopen in May after repairs to\nits eastern pier.\n\nA second paragraph ends here."
    article = extract_text(text, source="wrapped.txt")
    assert article.paragraphs == [
        "The mayor said the bridge would reopen in May after repairs to its eastern pier.",
        "A second paragraph ends here.",
    ]


def test_masthead_above_menu_is_not_the_title() -> None:
    text = "Valley Voice - news for the valley\nSkip to content\n\nMill reopens after fire\n\nThe old mill reopened on Friday."
    article = extract_text(text, source="mill.txt")
    assert article.title == "Mill reopens after fire"
    assert ("Valley Voice - news for the valley", "masthead") in [(r.text, r.reason) for r in article.removed]


def test_no_body_is_an_error() -> None:
    with pytest.raises(ExtractionError, match="no article body"):
        extract_text("Skip to content\nShare on Facebook\n© 2030 Some Outlet", source="shell.txt")


def test_markdown_detection() -> None:
    assert looks_like_markdown(MARKDOWN_PAGE)
    assert not looks_like_markdown(SCRAPED_TEXT)


@pytest.mark.parametrize(
    ("line", "iso", "prefix"),
    [
        ("August 5, 2014", "2014-08-05", None),
        ("Global News, August 04, 2014", "2014-08-04", "Global News"),
        ("Published: Tuesday 5 August 2014 10:03 GMT", "2014-08-05", None),
        ("2031-03-14", "2031-03-14", None),
        ("Sept. 9, 2016", "2016-09-09", None),
    ],
)
def test_datelines(line: str, iso: str, prefix: str | None) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None and parsed.date == iso and parsed.prefix == prefix


@pytest.mark.parametrize("line", ["The vote on August 5, 2014 was close.", "February 30, 2014", "Page 3"])
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_metadata_helpers() -> None:
    assert find_date("OAKDALE (Feb. 4, 2014) – Police said") == "2014-02-04"
    assert copyright_holder("Copyright © Jane Roe, Daily Planet, 2014") == "Daily Planet"
    assert copyright_holder("Copyright 2017 WXYZ News. All rights reserved.") == "WXYZ News"
    assert name_from_domain("https://p.dw.com/p/1Cov5") == "DW"
    assert name_from_domain("https://www.harbour-news.co.uk/story") == "harbour-news.co.uk"
    assert name_from_domain("http://web.archive.org/web/20160617212336/http://wxyz.example.com:80/2014/x") == "example.com"


def test_a_photo_gallery_line_of_image_links_and_names_is_removed() -> None:
    gallery = ("Ivo Marsh http://gazette.example/uploads/2031/07/ivo-marsh.jpg Ivo Marsh "
               "Teo Marsh http://gazette.example/uploads/2031/07/teo-marsh.jpg Teo Marsh")
    body = ("Prosecutors charged two brothers on Friday over the harbour shooting, the county attorney said.",
            "The full statement is online at http://gazette.example/files/statement.jpg and in print.")
    article = extract_text("\n\n".join(["Brothers charged in harbour shooting", gallery, *body]), source="t")
    assert "ivo-marsh.jpg" not in article.text and "Ivo Marsh" not in article.text
    assert all(sentence in article.text for sentence in body)  # a sentence that links an image stays


def test_markdown_links_whose_address_holds_parentheses_keep_only_their_text() -> None:
    import parallax

    article = parallax.read_text("# Quay closed\n\nThe quay was closed on Monday, [the harbour master](javascript:warn(1)) "
                                 "said, after the storm ([report](https://port.example/wiki/Gale_(2031))).\n")
    assert "the harbour master said" in article.text and ")" not in article.text.replace("(report)", "")
    assert "javascript" not in article.text and "wiki" not in article.text
