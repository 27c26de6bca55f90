"""Coverage: what in an article no other article reports.

Sentence alignment says that two sentences are *about* the same thing, not that one
covers all the other states. Reports of one event are all on topic, so an outlet's
sentence often aligns with another's while adding a clause, a name or a number the other
never gives; and a sentence that aligns with nothing often restates what the others say
in other words, across several sentences. So omissions are judged on content, clause by
clause: a clause is *novel* when most of its content words and numbers occur nowhere in
the other articles. Words are compared on the transliteration key of entity matching,
without a plural -s and on a short prefix, so "Kyiv"/"Kiev", "plan"/"plans" and
"rejected"/"rejection" are one word each; a name inside a mention of an entity that
entity matching also found in another article is never novel. And a quotation that no
other article quotes in any part is one only this outlet gives, even where the others
paraphrase the speaker.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from parallax.compare.entities import name_key
from parallax.model import Analysis, Quote, Sentence

# A clause is novel when at least this many of its content tokens, and at least this
# share of them, occur in no other article. Calibrated on BASIL 2010-2012 (30 triplets,
# 314 informational-bias spans; docs/quality.md, "Omissions"): with quotations as below,
# 2 / 0.5 find the spans 0.12 above random marking and 0.05 above marking the longest
# sentences, at a marked share of 0.54; 1 token or a 0.4 share mark more (0.58, 0.62)
# for less gain over both; 3 tokens or a 0.6 share find fewer (recall 0.63, 0.57).
MIN_NOVEL_TOKENS = 2
MIN_NOVEL_SHARE = 0.5
# A quotation (direct or mixed) is one only this outlet gives when no quotation of another
# article holds this share of its content words. Calibrated on the same triplets: 0.3
# adds 0.06 recall for 0.05 more marked share; 0.5 adds 0.08 for 0.075, less over random
# marking. Comparing with the others' quotations rather than all their sentences is what
# works, since an outlet that paraphrases a speaker still leaves out the speaker's words.
QUOTED_ELSEWHERE = 0.3
# Words are compared on their first letters: long enough to keep distinct words apart,
# short enough to fold inflections and derivations (in simulation on the same triplets,
# 5 and 6 letters and suffix stripping differ by under 0.01 in recall).
STEM_LETTERS = 6

# Words news reports use for one another in telling the same event: "hurt" in one outlet
# and "injured" in another is one fact, not a detail only one gives. Plain synonyms of
# general English only, not words that frame differently ("killed" and "murdered" stay
# apart); each group shares the comparison key of its first word.
SYNONYMS = (
    ("injured", "hurt", "wounded", "injuries", "injury"),
    ("killed", "dead", "died", "deaths", "death", "slain"),
    ("earthquake", "quake", "tremor"),
    ("fire", "blaze", "flames"),
    ("troops", "soldiers"),
    ("fled", "flee", "fleeing"),
)
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])+|\d[\d,.]*\d|\d")  # letters of any script
# Clause boundaries: semicolons, colons, dashes, a comma before a relative, contrastive,
# temporal, causal or reporting word, and the edge of a quotation inside a sentence (a
# closing mark after punctuation; an opening one before three words or more, so that
# scare quotes around a word or two do not break a clause).
_CLAUSE_BREAK = re.compile(
    r"""\s*(?:;|:|\s--?\s|\s?—\s?|\s–\s"""
    r"""|,\s*(?=(?:which|who|whom|whose|where|when|while|although|though|but|and|or|as|after|before|because"""
    r"""|since|saying|adding|according|including|even|despite|with|without|unless|if)\b)"""
    r"""|(?<=[,.!?])\s*["”](?=\s)|(?<=\s)["“](?=(?:[^"”\s]+\s+){3}))\s*"""
)
_EDGE = " \t\n\"'“”‘’,.;:!?()[]-—–"


# Words of reporting: every outlet writes them, so they say nothing about content.
REPORTING_WORDS = frozenset({"said", "says", "say", "told", "added", "according"})


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | REPORTING_WORDS | {"reported", "reportedly"}


@dataclass(frozen=True)
class Token:
    """A content word or number, its comparison key and where it is in its sentence."""

    key: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Omission:
    """Something only one article reports: its parts (each a sentence narrowed to the
    omitted span, so one part per sentence a quotation runs through), the words no other
    article writes, and for a quotation, its speaker."""

    article: str
    kind: Literal["content", "quote"]
    parts: tuple[Sentence, ...]
    novel: tuple[str, ...] = ()
    speaker: str | None = None


def _word_key(lower: str) -> str:
    """The comparison key of a lowercased word: no plural -s, one spelling, a prefix."""
    singular = lower[:-1] if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3 else lower
    folded = name_key(singular).replace(" ", "") or singular  # one spelling for Kyiv and Kiev
    return folded[:STEM_LETTERS]


@lru_cache(maxsize=1)
def _synonym_keys() -> dict[str, str]:
    return {_word_key(word): _word_key(group[0]) for group in SYNONYMS for word in group}


def content_tokens(text: str) -> list[Token]:
    """Content words (not stop words, three letters or more) and numbers of ``text``."""
    stop = _stopwords()
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if word[0].isdigit():
            tokens.append(Token("#" + word.replace(",", ""), match.start(), match.end(), word))
            continue
        lower = word.lower()
        lower = lower[:-2] if lower.endswith("'s") else lower
        if len(lower) > 2 and lower not in stop:
            key = _word_key(lower)
            tokens.append(Token(_synonym_keys().get(key, key), match.start(), match.end(), word))
    return tokens


def novel_without(text: str, novel: Sequence[str], compared: set[str]) -> bool:
    """Whether a clause with these ``novel`` words stays novel when the numbers whose keys
    are in ``compared`` (figures the comparison pairs with another article's) no longer
    count: such a figure is reported elsewhere, with its verdict, among the numbers."""
    tokens = content_tokens(text)
    key_of = {token.text: token.key for token in tokens}
    left = [word for word in novel if key_of.get(word, word) not in compared]
    return len(left) >= MIN_NOVEL_TOKENS and len(left) >= MIN_NOVEL_SHARE * len(tokens)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Clauses of a sentence as (start, end) offsets, without edge punctuation."""
    spans, position = [], 0
    for match in [*_CLAUSE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        left = len(piece) - len(piece.lstrip(_EDGE))
        right = len(piece.rstrip(_EDGE))
        if right > left:
            spans.append((position + left, position + right))
        if match:
            position = max(match.end(), position)
    return spans


class Coverage:
    """Which articles write each content token, and which entity mentions other articles share."""

    def __init__(self, analyses: Sequence[Analysis], entity_index: dict[tuple[str, str], str]) -> None:
        self._articles_of: dict[str, set[str]] = defaultdict(set)
        for analysis in analyses:
            for sentence in analysis.sentences:
                for token in content_tokens(sentence.text):
                    self._articles_of[token.key].add(analysis.article.id)
        entity_articles: dict[str, set[str]] = defaultdict(set)
        for analysis in analyses:
            for entity in analysis.entities:
                cross = entity_index.get((analysis.article.id, entity.id))
                if cross:
                    entity_articles[cross].add(analysis.article.id)
        # Character ranges, per article, of mentions of entities another article also names.
        self._shared_names: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for analysis in analyses:
            article = analysis.article.id
            for entity in analysis.entities:
                cross = entity_index.get((article, entity.id))
                if cross and entity_articles[cross] - {article}:
                    self._shared_names[article].extend((m.start, m.end) for m in entity.mentions)
        # Quotations (direct or mixed) by content word, to find the ones sharing words
        # with a given quotation without comparing every pair.
        self._quotations_with: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._quotation_keys: list[set[str]] = []
        for analysis in analyses:
            for quote in analysis.quotes:
                if quote.kind != "indirect":
                    keys = {token.key for token in content_tokens(quote.text)}
                    for key in keys:
                        self._quotations_with[key].append((len(self._quotation_keys), analysis.article.id))
                    self._quotation_keys.append(keys)

    def omissions(self, analysis: Analysis, claims: set[int]) -> list[Omission]:
        """What only ``analysis`` reports: runs of novel clauses in its claim sentences
        (indices in ``claims``), and quotations no other article quotes."""
        article = analysis.article.id
        found = [
            Omission(article, "content", (part,), novel)
            for sentence in analysis.sentences
            if sentence.index in claims
            for part, novel in self._novel_clauses(article, sentence)
        ]
        taken = [(part.start, part.end) for omission in found for part in omission.parts]
        for quote in self._unquoted_elsewhere(analysis):
            if not any(start < quote.end and quote.start < end for start, end in taken):
                parts = _narrowed(analysis, quote.start, quote.end)
                if parts:
                    found.append(Omission(article, "quote", parts, speaker=quote.speaker))
        return found

    def _novel_clauses(self, article: str, sentence: Sentence) -> list[tuple[Sentence, tuple[str, ...]]]:
        """Runs of adjacent clauses of ``sentence`` whose content the other articles do not
        report, each as the sentence narrowed to the run (the sentence itself when the run
        is all of it) with its novel words."""
        names = self._shared_names.get(article, [])
        clauses = clause_spans(sentence.text)
        runs: list[tuple[int, int, list[str]]] = []
        for low, high in clauses:
            tokens = content_tokens(sentence.text[low:high])
            novel = [
                token.text
                for token in tokens
                if not self._articles_of[token.key] - {article}
                and not _inside(sentence.start + low + token.start, names)
            ]
            if len(novel) < MIN_NOVEL_TOKENS or len(novel) < MIN_NOVEL_SHARE * len(tokens):
                continue
            if runs and not sentence.text[runs[-1][1] : low].strip(_EDGE):
                first, _, words = runs.pop()
                low, novel = first, [*words, *novel]
            runs.append((low, high, novel))
        whole = (clauses[0][0], clauses[-1][1]) if clauses else None
        return [
            (sentence if (low, high) == whole else _narrow(sentence, sentence.start + low, sentence.start + high),
             tuple(novel))
            for low, high, novel in runs
        ]

    def _unquoted_elsewhere(self, analysis: Analysis) -> list[Quote]:
        """Quotations (direct or mixed) that share little of their content with any quotation
        in the other articles: a voice, or a line of it, that only this outlet gives."""
        found = []
        for quote in analysis.quotes:
            if quote.kind == "indirect":
                continue
            keys = {token.key for token in content_tokens(quote.text)}
            if len(keys) < MIN_NOVEL_TOKENS:
                continue
            shared: Counter[int] = Counter(
                number
                for key in keys
                for number, article in self._quotations_with[key]
                if article != analysis.article.id
            )
            if max(shared.values(), default=0) < QUOTED_ELSEWHERE * len(keys):
                found.append(quote)
        return found


def _narrow(sentence: Sentence, start: int, end: int) -> Sentence:
    text = sentence.text[start - sentence.start : end - sentence.start]
    return sentence.model_copy(update={"start": start, "end": end, "text": text})


def _narrowed(analysis: Analysis, start: int, end: int) -> tuple[Sentence, ...]:
    """The sentences a span runs through, each narrowed to its part of the span."""
    parts = []
    for sentence in analysis.sentences:
        low, high = max(start, sentence.start), min(end, sentence.end)
        if low < high and sentence.text[low - sentence.start : high - sentence.start].strip(_EDGE):
            parts.append(sentence if (low, high) == (sentence.start, sentence.end) else _narrow(sentence, low, high))
    return tuple(parts)


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)
