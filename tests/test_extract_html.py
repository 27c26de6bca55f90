"""HTML extraction on fictional pages written for these tests (no real article text)."""

from __future__ import annotations

import pytest

from parallax.errors import ExtractionError
from parallax.extract.html import clean_body, extract_html, merge_interior_lines

FLOOD_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Marrowby river breaks its banks after three days of rain | The Northvale Courier</title>
  <meta property="og:site_name" content="The Northvale Courier">
  <meta property="og:title" content="Marrowby river breaks its banks after three days of rain">
  <meta property="og:description" content="Volunteers filled sandbags through the night as the water kept rising.">
  <meta property="article:published_time" content="2023-03-14T08:30:00+00:00">
  <meta name="author" content="Mara Lindqvist and Tomas Ferreira">
</head>
<body>
  <header>
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
      <li><a href="/weather">Weather</a></li><li><a href="/sport">Sport</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>Marrowby river breaks its banks after three days of rain</h1>
      <p class="byline">By Mara Lindqvist and Tomas Ferreira</p>
      <time datetime="2023-03-14">March 14, 2023</time>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
      <figure>
        <img src="/img/flood.jpg" alt="Flooded high street">
        <figcaption>The flooded high street on Tuesday morning. <span class="credit">Photo: Ellis Brandt</span></figcaption>
      </figure>
      <p>The river Marrow burst its banks early on Tuesday, flooding more than 120 homes in the
      lower town of Marrowby after three days of almost continuous rain across the Northvale hills.</p>
      <p>Emergency crews evacuated two care homes before dawn, the county fire service said, and a
      rest centre opened in the grammar school hall for families who could not reach relatives.</p>
      <p>"We have never seen the water climb this fast," said Ines Okafor, who has run the bakery on
      Mill Lane for nineteen years. "By six o'clock it was over the doorstep."</p>
      <h2>Sandbags and a closed bridge</h2>
      <p>Volunteers filled sandbags through the night at the cattle market, where the council
      delivered four lorry loads of sand. The old stone bridge was closed to traffic at midnight
      after engineers found debris piling against its central arch.</p>
      <p>The regional water authority said river levels were expected to peak on Wednesday
      afternoon and warned residents downstream in Cresswick to move valuables upstairs.</p>
      <p>Image: Northvale Press Agency</p>
      <p>Forecasters expect drier weather from Thursday, although further showers could slow the
      clean-up, which the council estimates will take at least a month.</p>
      <p>(AFP, Reuters)</p>
      <p>Get the best of the Courier in your inbox: sign up for our morning newsletter.</p>
    </article>
  </main>
  <footer>
    <p class="copyright">Copyright 2023 The Northvale Courier. All rights reserved.</p>
    <ul class="social"><li><a href="#">Follow us on Instagram</a></li></ul>
  </footer>
</body>
</html>
"""

MUST_APPEAR = [
    "The river Marrow burst its banks early on Tuesday",
    "Emergency crews evacuated two care homes before dawn",
    '"We have never seen the water climb this fast," said Ines Okafor',
    "Volunteers filled sandbags through the night at the cattle market",
    "warned residents downstream in Cresswick to move valuables upstairs",
    "Forecasters expect drier weather from Thursday",
]
MUST_NOT_APPEAR = [
    "Weather",
    "Share on Facebook",
    "Image: Northvale Press Agency",
    "(AFP, Reuters)",
    "sign up for our morning newsletter",
    "All rights reserved",
    "Follow us on Instagram",
]


@pytest.fixture(scope="module")
def flood():
    return extract_html(FLOOD_PAGE, source="flood.html", url="https://www.northvale-courier.example/local/flood")


@pytest.mark.parametrize("sentence", MUST_APPEAR)
def test_body_sentences_are_kept(flood, sentence):
    assert sentence in flood.text


@pytest.mark.parametrize("fragment", MUST_NOT_APPEAR)
def test_boilerplate_is_cut(flood, fragment):
    assert all(fragment not in paragraph for paragraph in flood.paragraphs)


def test_heading_is_its_own_paragraph(flood):
    assert "Sandbags and a closed bridge" in flood.paragraphs


def test_title_is_not_repeated_in_body(flood):
    assert flood.title == "Marrowby river breaks its banks after three days of rain"
    assert flood.title not in flood.paragraphs


def test_metadata(flood):
    assert flood.subtitle == "Volunteers filled sandbags through the night as the water kept rising."
    assert flood.published == "2023-03-14"
    assert flood.byline == ["Mara Lindqvist", "Tomas Ferreira"]
    assert flood.outlet == "The Northvale Courier"
    assert flood.language == "en"
    assert flood.source == "flood.html"


def test_credits(flood):
    assert "Image: Northvale Press Agency" in flood.credits
    assert {"AFP", "Reuters"} <= set(flood.credits)  # one credit per agency, as for plain text
    assert "Photo: Ellis Brandt" in flood.credits


def test_removed_lines_carry_reasons(flood):
    reasons = {line.text: line.reason for line in flood.removed}
    assert reasons["Image: Northvale Press Agency"] == "image credit"
    assert reasons["(AFP, Reuters)"] == "wire credit"
    assert reasons["Weather"] == "navigation"
    assert reasons["Share on Facebook"] == "share/follow"
    assert reasons["Copyright 2023 The Northvale Courier. All rights reserved."] == "copyright"
    assert all(line.reason for line in flood.removed)


@pytest.mark.parametrize(
    ("author", "byline", "agency"),
    [
        ("Mara Lindqvist, Courier Staff Writer", ["Mara Lindqvist"], None),
        ("TOMAS FERREIRA Associated Press", ["Tomas Ferreira"], "Associated Press"),
        ("The Northvale Courier", [], None),
    ],
)
def test_byline_keeps_people_only(author, byline, agency):
    page = FLOOD_PAGE.replace('content="Mara Lindqvist and Tomas Ferreira"', f'content="{author}"').replace(
        '<p class="byline">By Mara Lindqvist and Tomas Ferreira</p>', ""
    )
    article = extract_html(page, source="flood.html")
    assert article.byline == byline
    assert agency is None or agency in article.credits


def test_outlet_falls_back_to_the_domain():
    page = FLOOD_PAGE.replace('<meta property="og:site_name" content="The Northvale Courier">', "").replace(
        " | The Northvale Courier</title>", "</title>"
    )
    article = extract_html(page, source="flood.html", url="https://www.northvale-courier.example/local/flood")
    assert article.outlet is not None and "northvale-courier" in article.outlet.lower()


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><title>Empty</title></head><body></body></html>",
        "",
    ],
    ids=["menu-only", "empty-body", "empty-string"],
)
def test_page_without_body_raises(page):
    with pytest.raises(ExtractionError) as error:
        extract_html(page, source="empty.html")
    assert error.value.source == "empty.html"
    assert error.value.reason == "no article body found"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Photo: Jana Roe/Coastline Images", "image credit"),
        ("(Image credit: Harbour Studio)", "image credit"),
        ("(AP, dpa)", "wire credit"),
        ("Additional reporting by Sam Oduya", "reporting credit"),
        ("Follow her on Twitter @quillwright", "share/follow"),
        ("Subscribe to our weekend newsletter", "newsletter"),
        ("Related: Five bridges that survived the great storm", "related links"),
        ("Copyright © 2021 Example Gazette", "copyright"),
        ("Updated at 4:15 p.m.", "timestamp"),
        ("5:45 AM PST 11/19/2019", "timestamp"),
        ("Filed under: Weather |", "tags"),
        ("Advertisement", "advertisement"),
        ("Have a tip? Reach the desk at tips@gazette.example", "contact"),
        ("3 min read", "reading time"),
        ("Harbour master quits over pay row [VIDEO]", "related links"),
    ],
)
def test_boilerplate_lines_are_classified(line, reason):
    body = clean_body([line, "The harbour reopened on Friday after the storm, officials said."])
    assert [removed.reason for removed in body.removed] == [reason]
    assert body.paragraphs == ["The harbour reopened on Friday after the storm, officials said."]


@pytest.mark.parametrize(
    "line",
    [
        "At 10:30 the police arrived and closed the road.",
        "More than 300 people were evacuated from the valley.",
        "Photographers gathered at the gate as the ministers arrived: it was a tense morning.",
        "The agency said it would publish a full report in March.",
    ],
)
def test_body_lines_that_look_like_boilerplate_are_kept(line):
    assert clean_body([line]).paragraphs == [line]


def test_list_under_related_header_is_removed():
    body = clean_body(["Body sentence one is here.", "Related:", "- Another story", "- A third story", "Body resumes."])
    assert body.paragraphs == ["Body sentence one is here.", "Body resumes."]
    assert [line.reason for line in body.removed] == ["related links"] * 3


def test_byline_line_feeds_byline():
    body = clean_body(["By Ana Ruiz and Ben Cole", "The council met on Monday."])
    assert body.byline == ["Ana Ruiz", "Ben Cole"]
    assert body.paragraphs == ["The council met on Monday."]


def test_merge_restores_only_short_interior_gaps():
    precise = ["lede", "second", "third", "last"]
    broad = ["MORE STORIES", "lede", "A link-only subheading", "second", "third", "x1", "x2", "x3", "last", "footer"]
    merged = merge_interior_lines(precise, broad)
    assert merged == ["lede", "A link-only subheading", "second", "third", "last"]
