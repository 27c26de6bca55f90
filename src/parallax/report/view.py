"""What every report format shows, computed once from a ``Comparison``.

The terminal, Markdown and HTML renderers only lay these views out, so they always agree
on labels, cell states, counts and which sentences back a finding.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from parallax.compare.names import reader_names
from parallax.model import (
    ArticleRef,
    Comparison,
    Fact,
    QuantityClaim,
    QuoteRef,
    Sentence,
    Speaker,
)

CellState = Literal["reported", "conflicting", "attributed", "missing"]

# Symbols carry each state so colour-blind readers and black-and-white printouts lose nothing.
CELL_SYMBOLS: dict[CellState, str] = {
    "reported": "✓",
    "conflicting": "✗",
    "attributed": "◐",
    "missing": "–",
}
CELL_NAMES: dict[CellState, str] = {
    "reported": "reported",
    "conflicting": "conflicting",
    "attributed": "differently attributed",
    "missing": "missing",
}
# Read after a count: "2 facts in conflict", "1 fact attributed differently".
VERDICT_NAMES = {
    "agree": "agreed on",
    "conflict": "in conflict",
    "attribution_differs": "attributed differently",
    "unique": "only in one article",
}
VERDICT_SYMBOLS = {"agree": "✓", "conflict": "✗", "attribution_differs": "◐", "unique": "★"}
# Findings an editor must check first come first.
# Novel words a unique fact's headline names: enough to tell the addition, short enough for a row.
NOVEL_WORDS_SHOWN = 4
VERDICT_ORDER = ("conflict", "attribution_differs", "unique", "agree")
QUANTITY_VERDICT_SYMBOLS = {"agree": "✓", "compatible": "≈", "conflict": "✗", "unique": "★"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Article text made safe to lay out: no control or bidi-override characters, one line.

    Terminal escapes in an article must not reach a terminal, and bidi overrides must not
    reorder what a reader sees.
    """
    if not text:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def shorten(text: str, limit: int) -> str:
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def http_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link a reader may follow, else None."""
    if not url:
        return None
    url = url.strip()
    if any(unicodedata.category(char)[0] in "CZ" for char in url):
        return None  # spaces and control characters never belong in a link we emit
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def letter(index: int) -> str:
    """A, B, … Z, AA, AB … : short enough for a matrix column header."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


@dataclass
class ArticleView:
    index: int
    letter: str
    label: str
    ref: ArticleRef
    url: str | None
    sentences: dict[int, Sentence]

    @property
    def byline(self) -> str:
        return ", ".join(clean_text(name) for name in self.ref.byline if clean_text(name))

    def sentence_text(self, index: int | None) -> str:
        sentence = self.sentences.get(index) if index is not None else None
        return clean_text(sentence.text) if sentence else ""

    def sentence_at(self, offset: int | None) -> int | None:
        """The sentence that contains a character offset into ``ArticleRef.text``."""
        if offset is None:
            return None
        for sentence in self.sentences.values():
            if sentence.start <= offset < sentence.end:
                return sentence.index
        return None


def article_views(comparison: Comparison) -> list[ArticleView]:
    """One view per article, labelled as the findings name it (``reader_names``: the outlet,
    else the source's name), shortened; still unique when shortening makes two alike."""
    views: list[ArticleView] = []
    names = reader_names(comparison.articles)
    seen: dict[str, int] = {}
    for index, ref in enumerate(comparison.articles):
        label = shorten(names[ref.id], 40)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        views.append(
            ArticleView(
                index=index,
                letter=letter(index),
                label=label,
                ref=ref,
                url=http_url(ref.source),
                sentences={sentence.index: sentence for sentence in ref.sentences},
            )
        )
    return views


def report_title(views: list[ArticleView]) -> str:
    """A neutral heading: the outlets compared (no one outlet's headline frames the report)."""
    # Up to four outlet names fit one heading line on a wide screen.
    if 1 < len(views) <= 4:
        return " · ".join(view.label for view in views)
    return f"{len(views)} reports compared"


# --- facts ---------------------------------------------------------------------------------


def ordered_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Conflicts first, then attribution differences, omissions, agreements (stable)."""
    rank = {verdict: position for position, verdict in enumerate(VERDICT_ORDER)}
    return sorted(facts, key=lambda fact: rank.get(fact.verdict, len(rank)))


def fact_articles(fact: Fact) -> list[str]:
    """Article ids that report the fact, in mention order, without repeats."""
    return list(dict.fromkeys(mention.article for mention in fact.mentions))


def cell_state(fact: Fact, article_id: str) -> CellState:
    if article_id not in fact_articles(fact):
        return "missing"
    if fact.verdict == "conflict":
        return "conflicting"
    if fact.verdict == "attribution_differs":
        return "attributed"
    return "reported"


def fact_headline(fact: Fact, limit: int = 110) -> str:
    """A one-line name for a fact: the first reporting sentence, shortened.

    A unique fact also names the words no other article writes: its sentence may be the
    same as a shared fact's (an aligned sentence that adds something), and the row must
    say what the addition is."""
    suffix = ""
    if fact.novel_words:
        suffix = " — only here: " + ", ".join(fact.novel_words[:NOVEL_WORDS_SHOWN])
    for mention in fact.mentions:
        if clean_text(mention.text):
            return shorten(mention.text, max(limit - len(suffix), limit // 2)) + suffix
    return shorten(fact.reason, limit) or fact.id


@dataclass
class Coverage:
    """How one article's facts relate to the others'."""

    reported: int = 0
    shared: int = 0
    only_here: int = 0
    missing: int = 0  # facts other articles report that this one leaves out


@dataclass
class Summary:
    verdicts: dict[str, int]
    quantity_verdicts: dict[str, int]
    facts: int
    shared_facts: int
    coverage: dict[str, Coverage] = field(default_factory=dict)

    @property
    def overlap(self) -> float:
        """Share of facts reported by more than one article."""
        return self.shared_facts / self.facts if self.facts else 0.0


def summarize(comparison: Comparison) -> Summary:
    verdicts = {verdict: 0 for verdict in VERDICT_ORDER}
    for fact in comparison.facts:
        verdicts[fact.verdict] = verdicts.get(fact.verdict, 0) + 1
    quantity_verdicts = {verdict: 0 for verdict in QUANTITY_VERDICT_SYMBOLS}
    for quantity in comparison.quantities:
        quantity_verdicts[quantity.verdict] = quantity_verdicts.get(quantity.verdict, 0) + 1
    coverage = {article.id: Coverage() for article in comparison.articles}
    shared_facts = 0
    for fact in comparison.facts:
        reporting = set(fact_articles(fact))
        shared = len(reporting) > 1
        shared_facts += shared
        for article_id, counts in coverage.items():
            if article_id in reporting:
                counts.reported += 1
                counts.shared += shared
                counts.only_here += not shared
            else:
                counts.missing += 1
    return Summary(verdicts, quantity_verdicts, len(comparison.facts), shared_facts, coverage)


# --- evidence --------------------------------------------------------------------------------

Evidence = list[tuple[int, int]]  # (article position, sentence index)


class EvidenceIndex:
    """Maps findings to the sentences behind them, as (article position, sentence index)."""

    def __init__(self, views: list[ArticleView]):
        self.views = views
        self.position = {view.ref.id: view.index for view in views}

    def _add(self, evidence: Evidence, article_id: str, sentence: int | None) -> None:
        position = self.position.get(article_id)
        if position is None or sentence is None:
            return
        if sentence not in self.views[position].sentences:
            return
        if (position, sentence) not in evidence:
            evidence.append((position, sentence))

    def for_mentions(self, mentions: Iterable[object]) -> Evidence:
        evidence: Evidence = []
        for mention in mentions:
            self._add(evidence, mention.article, mention.sentence)  # type: ignore[attr-defined]
        return evidence

    def for_claim(self, claim: QuantityClaim) -> Evidence:
        evidence: Evidence = []
        self._add(evidence, claim.article, claim.sentence)
        return evidence

    def for_quote(self, quote: QuoteRef) -> Evidence:
        evidence: Evidence = []
        sentence = quote.sentence
        position = self.position.get(quote.article)
        if sentence is None and position is not None:
            sentence = self.views[position].sentence_at(quote.start)
        self._add(evidence, quote.article, sentence)
        return evidence


# --- numbers -------------------------------------------------------------------------------


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def describe_interval(claim: QuantityClaim) -> str:
    """An interval in reading order: "438", "≥ 300", "> 400", "300–400", "< 20"."""
    low, high = claim.low, claim.high
    if low is not None and high is not None and low == high:
        return format_number(low)
    if low is not None and high is None:
        return ("≥ " if claim.low_inclusive else "> ") + format_number(low)
    if low is None and high is not None:
        return ("≤ " if claim.high_inclusive else "< ") + format_number(high)
    if low is None and high is None:
        return "unknown"
    opening = "[" if claim.low_inclusive else "("
    closing = "]" if claim.high_inclusive else ")"
    if claim.low_inclusive and claim.high_inclusive:
        return f"{format_number(low)}–{format_number(high)}"  # type: ignore[arg-type]
    return f"{opening}{format_number(low)}, {format_number(high)}{closing}"  # type: ignore[arg-type]


def quantity_title(counted: str | None, event: str | None) -> str:
    counted, event = clean_text(counted), clean_text(event)
    if counted and event:
        return f"{counted} ({event})"
    return counted or event or "number"


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A 1-2-5 step that cuts ``span`` into about ``target_ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


@dataclass
class Axis:
    low: float
    high: float
    ticks: list[float]

    def position(self, value: float, width: float) -> float:
        return (value - self.low) / (self.high - self.low) * width


def number_axis(claims: Iterable[QuantityClaim]) -> Axis:
    """A shared axis for the claims, with room for unbounded arrows past the last value."""
    claims = list(claims)
    values = [v for claim in claims for v in (claim.low, claim.high) if v is not None]
    if not values:
        return Axis(0.0, 1.0, [0.0, 1.0])
    low, high = min(values), max(values)
    if high == low:
        # A single value: centre it with 20% of its size on each side (at least 1).
        pad = max(abs(high) * 0.2, 1.0)
        low, high = low - pad, high + pad
    else:
        # Room past the outermost values: 5% keeps end markers off the frame, 15% leaves
        # space for the arrow of an unbounded claim (tuned by eye at 360-760px wide).
        span = high - low
        high += span * (0.15 if any(claim.high is None for claim in claims) else 0.05)
        low -= span * (0.15 if any(claim.low is None for claim in claims) else 0.05)
    step = nice_step(high - low)
    if all(value == int(value) for value in values):
        step = max(step, 1.0)  # counts of people or things: no ticks at 3.5
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    if min(values) >= 0 > start:
        start = 0.0
    ticks, tick = [], start
    while tick <= end + step / 2:
        ticks.append(round(tick, 10))
        tick += step
    return Axis(start, end if end > start else start + step, ticks)


# --- voices ----------------------------------------------------------------------------------


@dataclass
class VoiceRow:
    """One speaker across articles: what each article gives them."""

    name: str
    entity: str | None
    affiliation: str | None
    per_article: dict[str, Speaker] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return sum(speaker.words for speaker in self.per_article.values())

    @property
    def quotes(self) -> int:
        return sum(speaker.quotes for speaker in self.per_article.values())


def _speaker_key(name: str | None, entity: str | None) -> str:
    return f"entity:{entity}" if entity else "name:" + clean_text(name).casefold()


def voice_rows(comparison: Comparison) -> list[VoiceRow]:
    """Speakers merged across articles (by matched entity, else by name), most quoted first."""
    rows: dict[str, VoiceRow] = {}
    for article_id, voices in comparison.voices.items():
        for speaker in voices.speakers:
            key = _speaker_key(speaker.name, speaker.entity)
            row = rows.setdefault(
                key, VoiceRow(clean_text(speaker.name), speaker.entity, speaker.affiliation)
            )
            previous = row.per_article.get(article_id)
            if previous is None:
                row.per_article[article_id] = speaker
            else:
                row.per_article[article_id] = Speaker(
                    name=previous.name,
                    entity=previous.entity,
                    affiliation=previous.affiliation,
                    quotes=previous.quotes + speaker.quotes,
                    words=previous.words + speaker.words,
                    headline_quotes=previous.headline_quotes + speaker.headline_quotes,
                )
    return sorted(rows.values(), key=lambda row: (-row.words, -row.quotes, row.name))


def speaker_quotes(comparison: Comparison, row: VoiceRow, article_id: str) -> list[QuoteRef]:
    """The quotes behind one voice-chart cell."""
    name = row.name.casefold()
    return [
        quote
        for quote in comparison.quotes
        if quote.article == article_id
        and (
            (row.entity is not None and quote.entity == row.entity)
            or clean_text(quote.speaker).casefold() == name
        )
    ]
