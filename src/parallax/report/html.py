"""The interactive HTML report: one self-contained file, safe with hostile article text.

Safety rests on three layers. Jinja2 autoescapes every value (no ``|safe`` on article
text); the data the script needs travels as JSON inside ``<script type="application/json">``
with ``< > &`` and U+2028/2029 escaped, is read with ``JSON.parse`` and written with
``textContent``; and a Content-Security-Policy allows only this file's own script and style
(by hash), so an injected script or event handler would not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from parallax.model import Comparison, QuantityClaim
from parallax.report.view import (
    CELL_NAMES,
    CELL_SYMBOLS,
    QUANTITY_VERDICT_SYMBOLS,
    VERDICT_NAMES,
    VERDICT_ORDER,
    VERDICT_SYMBOLS,
    ArticleView,
    Axis,
    Evidence,
    EvidenceIndex,
    article_views,
    cell_state,
    clean_text,
    describe_interval,
    fact_articles,
    fact_headline,
    format_number,
    number_axis,
    ordered_facts,
    quantity_title,
    report_title,
    speaker_quotes,
    summarize,
    voice_rows,
)

# Number-line geometry in SVG user units; the SVG scales to its box, so these only set
# proportions (tuned by eye on a 360px phone and a 1400px screen).
LINE_WIDTH = 480
LINE_PAD = 14
ROW_HEIGHT = 22
AXIS_HEIGHT = 26
END_RADIUS = 5
PALETTE_SIZE = 10  # distinct article colours in report.css (.px-c0 … .px-c9)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> Markup:
    """JSON that cannot close its ``<script>`` element or break a JavaScript parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _JSON_ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("parallax.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    return (resources.files("parallax.report") / "templates" / name).read_text("utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """No network at all; only this report's own style and script run (pinned by hash)."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {_csp_hash(js)}",
            f"style-src {_csp_hash(css)}",
            "font-src 'none'",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-src 'none'",
            "object-src 'none'",
        )
    )


# --- page model ------------------------------------------------------------------------------


@dataclass
class Finding:
    """Something a reader can click: its key in the evidence map and its evidence."""

    key: str
    label: str
    evidence: Evidence
    href: str = "#"


@dataclass
class Page:
    prefix: str
    views: list[ArticleView]
    findings: dict[str, Finding] = field(default_factory=dict)

    def sentence_id(self, position: int, sentence: int) -> str:
        return f"{self.prefix}-s{position}-{sentence}"

    def finding(self, key: str, label: str, evidence: Evidence) -> Finding:
        href = f"#{self.sentence_id(*evidence[0])}" if evidence else f"#{self.prefix}-reading"
        self.findings[key] = Finding(key, label, evidence, href)
        return self.findings[key]

    def data(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "articles": [view.label for view in self.views],
            "findings": {
                key: {"label": finding.label, "evidence": finding.evidence}
                for key, finding in self.findings.items()
            },
        }


_FRAGMENTS = itertools.count(1)


def _prefix(comparison: Comparison) -> str:
    """A DOM id prefix stable for one comparison, distinct between notebook cells."""
    digest = hashlib.sha256()
    for article in comparison.articles:
        digest.update(article.id.encode("utf-8") + b"\x00")
    digest.update(str(len(comparison.facts)).encode())
    return "px" + digest.hexdigest()[:8]


def _facts(comparison: Comparison, page: Page, index: EvidenceIndex) -> tuple[list[dict], list[dict]]:
    """Matrix rows and finding groups; both link each fact to its sentences."""
    rows, groups = [], {verdict: [] for verdict in VERDICT_ORDER}
    for number, fact in enumerate(ordered_facts(comparison.facts)):
        headline = fact_headline(fact)
        finding = page.finding(f"f{number}", headline, index.for_mentions(fact.mentions))
        states = [cell_state(fact, view.ref.id) for view in page.views]
        rows.append(
            {
                "finding": finding,
                "fact": fact,
                "headline": headline,
                "cells": [
                    {"state": state, "symbol": CELL_SYMBOLS[state], "name": CELL_NAMES[state], "view": view}
                    for state, view in zip(states, page.views)
                ],
            }
        )
        mentions = []
        for mention in fact.mentions:
            position = index.position.get(mention.article)
            if position is None:
                continue
            view = page.views[position]
            mentions.append(
                {
                    "view": view,
                    "text": clean_text(mention.text) or view.sentence_text(mention.sentence),
                    "href": f"#{page.sentence_id(position, mention.sentence)}"
                    if mention.sentence in view.sentences
                    else finding.href,
                }
            )
        groups.setdefault(fact.verdict, []).append(
            {"finding": finding, "fact": fact, "mentions": mentions, "articles": fact_articles(fact)}
        )
    fact_groups = [
        {"verdict": verdict, "name": VERDICT_NAMES[verdict], "symbol": VERDICT_SYMBOLS[verdict], "facts": facts}
        for verdict, facts in groups.items()
        if facts
    ]
    return rows, fact_groups


def _claim_geometry(claim: QuantityClaim, axis: Axis) -> dict[str, Any]:
    """Where one interval sits on the line: ends (open or closed) and unbounded arrows."""
    span = LINE_WIDTH - 2 * LINE_PAD

    def x(value: float) -> float:
        return round(LINE_PAD + axis.position(value, span), 2)

    left = x(claim.low) if claim.low is not None else LINE_PAD - END_RADIUS
    right = x(claim.high) if claim.high is not None else LINE_WIDTH - LINE_PAD + END_RADIUS
    ends = []
    if claim.low is not None:
        ends.append({"x": left, "closed": claim.low_inclusive})
    if claim.high is not None and claim.high != claim.low:
        ends.append({"x": right, "closed": claim.high_inclusive})
    y = ROW_HEIGHT / 2
    arrows = []
    if claim.low is None:
        arrows.append(f"{left - 6},{y} {left + 2},{y - 6} {left + 2},{y + 6}")
    if claim.high is None:
        arrows.append(f"{right + 6},{y} {right - 2},{y - 6} {right - 2},{y + 6}")
    return {"left": left, "right": right, "y": y, "ends": ends, "arrows": arrows}


def _numbers(comparison: Comparison, page: Page, index: EvidenceIndex) -> list[dict]:
    numbers = []
    span = LINE_WIDTH - 2 * LINE_PAD
    for number, quantity in enumerate(comparison.quantities):
        title = quantity_title(quantity.counted, quantity.event)
        axis = number_axis(quantity.claims)
        evidence: Evidence = []
        claims = []
        for claim_number, claim in enumerate(quantity.claims):
            position = index.position.get(claim.article)
            if position is None:
                continue
            view = page.views[position]
            claim_evidence = index.for_claim(claim)
            evidence += [pair for pair in claim_evidence if pair not in evidence]
            claims.append(
                {
                    "view": view,
                    "claim": claim,
                    "text": clean_text(claim.text),
                    "interval": describe_interval(claim),
                    "qualifier": clean_text(claim.qualifier),
                    "attributed_to": clean_text(claim.attributed_to),
                    "finding": page.finding(
                        f"q{number}k{claim_number}",
                        f"{title}: {view.label} says {describe_interval(claim)}",
                        claim_evidence,
                    ),
                    "shape": _claim_geometry(claim, axis),
                }
            )
        ticks = [
            {"x": round(LINE_PAD + axis.position(tick, span), 2), "label": format_number(tick)}
            for tick in axis.ticks
        ]
        numbers.append(
            {
                "quantity": quantity,
                "title": title,
                "symbol": QUANTITY_VERDICT_SYMBOLS.get(quantity.verdict, "?"),
                "finding": page.finding(f"q{number}", title, evidence),
                "claims": claims,
                "ticks": ticks,
            }
        )
    return numbers


def _wording(comparison: Comparison, page: Page, index: EvidenceIndex) -> list[dict]:
    rows = []
    for number, wording in enumerate(comparison.wording):
        concept = clean_text(wording.concept)
        rows.append(
            {
                "wording": wording,
                "concept": concept,
                "labels": [
                    [clean_text(label) for label in wording.labels.get(view.ref.id, [])] for view in page.views
                ],
                "finding": page.finding(f"w{number}", concept, index.for_mentions(wording.evidence)),
            }
        )
    return rows


def _voices(comparison: Comparison, page: Page, index: EvidenceIndex) -> dict[str, Any]:
    rows = voice_rows(comparison)
    most_words = max((s.words for row in rows for s in row.per_article.values()), default=0) or 1
    table = []
    for number, row in enumerate(rows):
        cells = []
        for view in page.views:
            speaker = row.per_article.get(view.ref.id)
            if speaker is None:
                cells.append(None)
                continue
            evidence: Evidence = []
            for quote in speaker_quotes(comparison, row, view.ref.id):
                evidence += [pair for pair in index.for_quote(quote) if pair not in evidence]
            cells.append(
                {
                    "speaker": speaker,
                    "width": round(100 * speaker.words / most_words, 1),
                    "finding": page.finding(f"v{number}c{view.index}", f"{row.name} in {view.label}", evidence),
                }
            )
        table.append({"row": row, "cells": cells})
    totals = [
        sum(s.words for s in comparison.voices[view.ref.id].speakers) if view.ref.id in comparison.voices else 0
        for view in page.views
    ]
    agencies = [
        [clean_text(agency) for agency in comparison.voices[view.ref.id].agencies]
        if view.ref.id in comparison.voices
        else []
        for view in page.views
    ]
    return {"rows": table, "totals": totals, "agencies": agencies}


def _reading(page: Page) -> list[dict]:
    """Each article's paragraphs as sentence spans the findings can point at."""
    columns = []
    for view in page.views:
        paragraphs: dict[int, list[dict]] = {}
        for sentence in sorted(view.sentences.values(), key=lambda s: s.index):
            paragraphs.setdefault(sentence.paragraph, []).append(
                {"id": page.sentence_id(view.index, sentence.index), "text": clean_text(sentence.text)}
            )
        fallback = [] if paragraphs else [clean_text(p) for p in view.ref.text.split("\n\n") if p.strip()]
        columns.append({"view": view, "paragraphs": list(paragraphs.values()), "plain": fallback})
    return columns


def render_html(comparison: Comparison, *, standalone: bool = True) -> str:
    """The report as HTML: a whole page, or (``standalone=False``) a notebook-cell fragment.

    Both are self-contained (inline CSS, JS and SVG) and make no network requests.
    """
    views = article_views(comparison)
    # A page is reproducible byte for byte; notebook fragments of one comparison shown in two
    # cells must not share element ids, or the second cell's links would light the first.
    prefix = _prefix(comparison) if standalone else f"{_prefix(comparison)}n{next(_FRAGMENTS)}"
    page = Page(prefix, views)
    index = EvidenceIndex(views)
    matrix, fact_groups = _facts(comparison, page, index)
    css, js = _asset("report.css"), _asset("report.js")
    context = {
        "standalone": standalone,
        "prefix": page.prefix,
        "page_title": report_title(views),
        "views": views,
        "palette": PALETTE_SIZE,
        "summary": summarize(comparison),
        "verdict_names": VERDICT_NAMES,
        "verdict_symbols": VERDICT_SYMBOLS,
        "cell_symbols": CELL_SYMBOLS,
        "cell_names": CELL_NAMES,
        "quantity_symbols": QUANTITY_VERDICT_SYMBOLS,
        "matrix": matrix,
        "fact_groups": fact_groups,
        "numbers": _numbers(comparison, page, index),
        "wording": _wording(comparison, page, index),
        "voices": _voices(comparison, page, index),
        "columns": _reading(page),
        "line": {"width": LINE_WIDTH, "row": ROW_HEIGHT, "axis": AXIS_HEIGHT, "radius": END_RADIUS, "pad": LINE_PAD},
        # Our own static assets (not article text), so they are marked safe.
        "css": Markup(css),
        "js": Markup(js),
        "csp": content_security_policy(css, js),
    }
    context["data"] = script_json(page.data())
    return _environment().get_template("report.html.j2").render(context)
