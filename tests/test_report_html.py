"""The HTML report's structure and safety, checked without a browser (tests/browser runs it)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from browser.xss_corpus import PAYLOADS, hostile_comparison

from parallax.report import render_html
from parallax.report.html import script_json
from parallax.report.synthetic import synthetic_story


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._open = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.raw[self._open][-1] += data

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_standalone_page_pins_its_own_script_and_style_and_blocks_the_network() -> None:
    html = render_html(synthetic_story(2))
    assert html.lstrip().startswith("<!DOCTYPE html>")
    page = Elements(html)
    policy = next(m["content"] for m in page.named("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None and "default-src 'none'" in policy and "connect-src 'none'" in policy
    code = next(s for s, attrs in zip(page.raw["script"], page.named("script")) if "type" not in attrs)
    assert f"script-src {_sha256(code)}" in policy
    assert f"style-src {_sha256(page.raw['style'][0])}" in policy
    # Nothing is fetched: no src attributes, no stylesheet links, no remote fonts.
    assert not [attrs for _, attrs in page.tags if "src" in attrs]
    assert not page.named("link") and "@import" not in html and "url(" not in page.raw["style"][0]


def test_fragment_for_notebooks_is_self_contained_without_a_page_shell() -> None:
    html = render_html(synthetic_story(2), standalone=False)
    page = Elements(html)
    assert not page.named("html") and not page.named("head") and not page.named("meta")
    assert len(page.named("style")) == 1 and len(page.named("script")) == 2
    assert html.count('class="px"') == 1


def test_every_finding_points_at_sentences_that_exist() -> None:
    story = synthetic_story(3)
    html = render_html(story)
    page = Elements(html)
    data = json.loads(page.raw["script"][0])
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    keys = {attrs["data-px"] for _, attrs in page.tags if attrs.get("data-px")}
    assert keys == set(data["findings"])
    for finding in data["findings"].values():
        for position, sentence in finding["evidence"]:
            assert f"{data['prefix']}-s{position}-{sentence}" in ids
    # Each link's href is a sentence of its finding (works without JavaScript too).
    for _, attrs in page.tags:
        if attrs.get("data-px") and attrs["href"] != f"#{data['prefix']}-reading":
            position, sentence = attrs["href"].rsplit("-s", 1)[1].split("-")
            assert [int(position), int(sentence)] in data["findings"][attrs["data-px"]]["evidence"]
    assert len(page.named("tr")) >= len(story.facts)
    assert sum(1 for _, a in page.tags if (a.get("class") or "").split()[:1] == ["px-cell"]) == 3 * len(story.facts)


def test_hostile_text_stays_text_in_the_markup() -> None:
    html = render_html(hostile_comparison())
    page = Elements(html)
    allowed = {
        "html", "head", "meta", "title", "style", "body", "div", "header", "p", "h1", "h2", "h3", "nav", "a",
        "section", "article", "span", "time", "main", "ul", "li", "strong", "table", "caption", "thead", "tbody",
        "tfoot", "tr", "th", "td", "svg", "rect", "line", "circle", "polygon", "text", "figure", "figcaption",
        "footer", "script",
    }
    assert {tag for tag, _ in page.tags} <= allowed
    assert len(page.named("script")) == 2 and len(page.named("style")) == 1
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for attrs in page.named("a")]
    assert all(re.match(r"#|https?://", href or "") for href in hrefs), hrefs
    data = json.loads(page.raw["script"][0])
    assert PAYLOADS[0] in {finding["label"] for finding in data["findings"].values()}
    assert "</script" not in page.raw["script"][0] and "\u2028" not in page.raw["script"][0]


def test_script_json_cannot_close_its_element_and_round_trips() -> None:
    value = {"text": "</script><!-- & \u2028\u2029 'quoted' \"double\""}
    encoded = str(script_json(value))
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == value


def test_output_is_deterministic() -> None:
    assert render_html(synthetic_story(3)) == render_html(synthetic_story(3))


def test_one_comparison_shown_in_two_notebook_cells_shares_no_element_id() -> None:
    comparison = synthetic_story(3)
    first, second = comparison._repr_html_(), comparison._repr_html_()
    ids = [{found for found in re.findall(r'\bid="([^"]+)"', cell) if "data.prefix" not in found}  # not the script's
           for cell in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    prefixes = [re.search(r'class="px" id="([^"]+)"', cell)[1] for cell in (first, second)]
    assert all(f'"prefix":"{prefix}"' in cell for prefix, cell in zip(prefixes, (first, second), strict=True))


def test_degenerate_comparisons_still_render() -> None:
    from parallax.model import ArticleRef, Comparison

    empty = render_html(Comparison())
    assert "<strong>0</strong> of 0 facts" in empty and "0 reports compared" in empty
    no_sentences = Comparison(
        articles=[ArticleRef(id="x", source="notes.txt", text="First paragraph.\n\nSecond <b>one</b>.")]
    )
    page = Elements(render_html(no_sentences))
    paragraphs = [attrs for tag, attrs in page.tags if tag == "p"]
    assert paragraphs and not page.named("b")
    assert "Second &lt;b&gt;one&lt;/b&gt;." in render_html(no_sentences)
