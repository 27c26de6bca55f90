"""What the story grouping looks at in one article: its title-and-lead text, the names it
mentions (with how prominent each is), the numbers it reports, and its date.

Names are compared as tokens ("lohan", "betty", "ford"), not whole entities: outlets
write "Lindsay Lohan" and "Lohan", and the entity typer calls the same name a person in
one article and a place in the next, so a token match is the robust signal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from unidecode import unidecode

from parallax.analyze.quantities import stated_value
from parallax.extract.metadata import iso_day
from parallax.model import Analysis, Article

# Words of the title and the first ~80 words of the body: the lead says what happened,
# where and to whom. On ECB+ train topics 40/80/160 words gave nearest-neighbour accuracy
# 0.956/0.961/0.962 at the sub-event level; 80 keeps the embedding input under the
# model's 128-token training length.
LEAD_WORDS = 80
# A name seen in the title or the first sentences weighs this much more than one seen
# only further down: the lead names the event's own actors and place.
LEAD_SENTENCES = 3
LEAD_BONUS = 1.0
# Name tokens this short or this common carry no identity.
MIN_TOKEN_LENGTH = 3
_STOP_TOKENS = frozenset(
    "the and for of von van der del de la le los las mr mrs ms dr jr sr st mt inc ltd co corp "
    "new north south east west united".split()
)
_TOKEN = re.compile(r"[a-z0-9]+")
_TERM = re.compile(r"[a-z][a-z0-9]+|\d+(?:\.\d+)?")
_YEAR = re.compile(r"^(19|20)\d\d$")
# Words of the body searched for the days an article names: the lead names the day of
# the event ("on Tuesday", "Dec. 9", "in 2013"), the rest adds background dates. Within
# ECB+ topics, pairs of documents naming days shared one in 75% of same-event pairs and
# 33% of sibling-event pairs with the whole text, 67% / 18% with the first 60 words; on
# B-cubed F1 (ECB+ training topics) 40 / 80 / 150 / all words gave 0.929 / 0.938 / 0.928 /
# 0.928, the lead length the embedding reads being the only one at which a day split fired.
WHEN_WORDS = 80
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_STATED_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
)


@dataclass
class ArticleFeatures:
    """One article as the story grouping sees it."""

    article_id: str
    title: str | None
    vector: object  # np.ndarray, L2-normalised title-and-lead embedding
    names: dict[str, float] = field(default_factory=dict)  # name token -> prominence (0, 1]
    name_labels: dict[str, str] = field(default_factory=dict)  # name token -> a readable name
    numbers: frozenset[str] = frozenset()
    day: date | None = None
    terms: Counter[str] = field(default_factory=Counter)  # content words, title counted twice
    when: frozenset[str] = frozenset()  # days the lead names: weekdays, years, month-days


def lead_text(article: Article, words: int = LEAD_WORDS) -> str:
    """Title plus the opening words of the body: what the embedding of an article reads."""
    body_words = " ".join(article.paragraphs).split()[:words]
    title = (article.title or "").strip()
    lead = " ".join(body_words)
    if title and not lead.startswith(title):
        return f"{title}. {lead}" if lead else title
    return lead or title


def name_tokens(name: str) -> list[str]:
    """Identity-bearing tokens of a name: folded, without particles and short words."""
    folded = unidecode(name).lower().replace("'s", "")
    return [t for t in _TOKEN.findall(folded) if len(t) >= MIN_TOKEN_LENGTH and t not in _STOP_TOKENS and not t.isdigit()]


def article_names(analysis: Analysis) -> tuple[dict[str, float], dict[str, str]]:
    """Name tokens with their prominence in the article: log-scaled mentions, more if the
    name appears in the title or lead; scaled so the most prominent token is 1.

    Each token is labelled, for the reasons shown to users, with the shortest entity name
    that holds it: "baltimore" reads "Baltimore", not a photo credit that also names the
    city ("Ann Lee / Baltimore Sun"); a person's token keeps the full name."""
    title = unidecode(analysis.article.title or "").lower()
    scores: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for entity in analysis.entities:
        in_lead = any(m.sentence < LEAD_SENTENCES for m in entity.mentions)
        surfaces = {entity.name, *entity.aliases}
        tokens = {token for surface in surfaces for token in name_tokens(surface)}
        in_title = any(token in title for token in tokens)
        weight = math.log1p(len(entity.mentions) or 1) + (LEAD_BONUS if in_lead or in_title else 0.0)
        named = set(name_tokens(entity.name))
        for token in tokens:
            scores[token] = max(scores[token], weight)
            label = labels.get(token)
            if label is None or (token in named and (len(entity.name) < len(label) or token not in name_tokens(label))):
                labels[token] = entity.name
    if not scores:
        return {}, {}
    top = max(scores.values())
    return {token: value / top for token, value in scores.items()}, labels


def article_numbers(analysis: Analysis) -> frozenset[str]:
    """Distinctive numbers the article reports (a toll, a magnitude, an amount), as text
    keys; years and small counts (everyday words like 'two') are left out."""
    found = set()
    for quantity in analysis.quantities:
        value = stated_value(quantity)
        if value is None:
            continue
        key = f"{value:g}"
        if (value == int(value) and abs(value) <= 10) or _YEAR.match(key):
            continue
        found.add(key)
    return frozenset(found)


def article_day(article: Article) -> date | None:
    """The publication day, when the article states one, else the day an archive captured
    it: without either, a story's time evidence is silent for the article."""
    return iso_day(article.published) or iso_day(article.captured)


def article_when(article: Article, words: int = WHEN_WORDS) -> frozenset[str]:
    """The days the title and lead name, as keys ("tuesday", "2013", "sep-17"): two
    occurrences of the same kind of event (two patches, two robberies of one shop) are
    told apart by when they happened, which reports of one event state alike."""
    text = unidecode(f"{article.title or ''}\n{' '.join(' '.join(article.paragraphs).split()[:words])}").lower()
    found = set(_WEEKDAY.findall(text)) | set(_STATED_YEAR.findall(text))
    for month, day, day_first, month_second in _MONTH_DAY.findall(text):
        number = int(day or day_first)
        if 1 <= number <= 31:
            found.add(f"{month or month_second}-{number}")
    return frozenset(found)


def article_terms(article: Article) -> Counter[str]:
    """Content words of the whole article for TF-IDF, the title counted twice (it names
    the event). Stop words are spaCy's English list; numbers are kept (a toll, a score)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    text = unidecode(f"{article.title or ''}\n{article.title or ''}\n{article.text}").lower()
    return Counter(t for t in _TERM.findall(text) if len(t) >= MIN_TOKEN_LENGTH and t not in STOP_WORDS)


def article_features(analysis: Analysis, vector: object) -> ArticleFeatures:
    names, labels = article_names(analysis)
    return ArticleFeatures(
        article_id=analysis.article.id,
        title=analysis.article.title,
        vector=vector,
        names=names,
        name_labels=labels,
        numbers=article_numbers(analysis),
        day=article_day(analysis.article),
        terms=article_terms(analysis.article),
        when=article_when(analysis.article),
    )
