"""Numbers as attributed intervals: every count in an article, what it counts, who says so.

News numbers are rarely bare: "at least 300" and "more than 400" are both compatible with
438, and only intervals let the compare stage say so instead of reporting a contradiction.
With ``n`` the stated number and ``m`` the approximation margin, a qualifier becomes:

=============================================  =================
exact ("438")                                  [n, n]
at least / no fewer than / n or more           [n, inf)
more than / over / upwards of / n-plus         (n, inf)
up to / as many as / at most / no more than    [0, n]
fewer than / less than / under / below         [0, n)
nearly / almost / close to / just under        [n - m, n)
about / around / some / approximately / ...    [n - m, n + m]
between a and b / a-b / a to b / a or b       [a, b]
dozens / hundreds / thousands / tens of ...    [2u, 10u)  (u: 12, 100, 1000 ...)
=============================================  =================

Approximation margin: ``m = max(10% of n, half the place value of n's last non-zero
digit)``. Why: a writer who rounds says "about 300" for anything from 250 to 349, so the
margin must cover the rounding step of the number as written; the 10% floor keeps
precise-looking approximations ("about 438", "nearly 12") from collapsing to a point, while
staying narrow enough that "about 300" and "about 400" remain distinct claims.
Vague plurals get ``[2u, 10u)`` because a writer who had ten units would use the next
word up ("hundreds" rather than "dozens", "thousands" rather than "hundreds").

Not counts, so never emitted: dates and years, clock times and durations, ages
("21-year-old", "Smith, 46,"), addresses and other identifiers ("123 Main St", "Route 66"),
phone numbers, ordinals, money, percentages and measurements ("20 square kilometres").
spaCy's NER labels (DATE, TIME, MONEY, PERCENT, ORDINAL, QUANTITY) are the first filter;
surface rules catch what the small model mislabels.

Each quantity also carries what it counts (``counted``), the predicate it is part of
(``event``), a time stated in the sentence, and who states it (``attributed_to``: the
speaker of an enclosing quote, the subject of a reporting verb the number depends on, or
the object of "according to"; None when the outlet asserts it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from parallax.model import Quantity, Quote

# --- lexicon ---------------------------------------------------------------------------

SMALL_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    word: 10 * (index + 2)
    for index, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
MULTIPLIERS = {"dozen": 12.0, "hundred": 100.0}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
VAGUE_PLURALS = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# "tens" counts only in "tens of thousands"/"tens of millions".
VAGUE_OUTER = {**VAGUE_PLURALS, "tens": 10.0}
FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10,
}  # fmt: skip
NUMERIC = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")

# Qualifiers before the number, longest first so "no more than" wins over "more than".
AT_LEAST, MORE_THAN, UP_TO, FEWER_THAN, NEARLY, ABOUT = (
    "at_least", "more_than", "up_to", "fewer_than", "nearly", "about",
)  # fmt: skip
PREFIX_QUALIFIERS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("at", "least"), AT_LEAST), (("no", "fewer", "than"), AT_LEAST),
        (("no", "less", "than"), AT_LEAST), (("a", "minimum", "of"), AT_LEAST),
        (("more", "than"), MORE_THAN), (("over",), MORE_THAN), (("upwards", "of"), MORE_THAN),
        (("in", "excess", "of"), MORE_THAN), (("well", "over"), MORE_THAN),
        (("just", "over"), MORE_THAN), (("greater", "than"), MORE_THAN), (("above",), MORE_THAN),
        (("up", "to"), UP_TO), (("as", "many", "as"), UP_TO), (("at", "most"), UP_TO),
        (("no", "more", "than"), UP_TO), (("a", "maximum", "of"), UP_TO),
        (("fewer", "than"), FEWER_THAN), (("less", "than"), FEWER_THAN),
        (("under",), FEWER_THAN), (("below",), FEWER_THAN),
        (("nearly",), NEARLY), (("almost",), NEARLY), (("close", "to"), NEARLY),
        (("just", "under"), NEARLY), (("not", "quite"), NEARLY),
        (("about",), ABOUT), (("around",), ABOUT), (("some",), ABOUT),
        (("approximately",), ABOUT), (("roughly",), ABOUT), (("an", "estimated"), ABOUT),
        (("estimated",), ABOUT), (("approx", "."), ABOUT), (("approx.",), ABOUT),
        (("circa",), ABOUT), (("more", "or", "less"), ABOUT),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
# Single prepositions that are qualifiers only when the parser attaches them to the number
# ("over 220 coffins") and not when they head a phrase ("argued over 2 tickets").
ATTACHED_ONLY = {"over", "under", "about", "around", "some", "above", "below"}
SUFFIX_QUALIFIERS: list[tuple[tuple[str, ...], str]] = [
    (("or", "more"), AT_LEAST), (("or", "so"), ABOUT), (("or", "fewer"), UP_TO),
    (("or", "less"), UP_TO), (("-", "plus"), AT_LEAST), (("plus",), AT_LEAST), (("+",), AT_LEAST),
]  # fmt: skip

# Calibrated by reasoning, not data: see the module docstring.
APPROXIMATION_SHARE = 0.10
VAGUE_LOW_FACTOR, VAGUE_HIGH_FACTOR = 2.0, 10.0

NOT_COUNT_ENTITIES = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}
MEASURE_UNITS = {
    "mile", "kilometer", "kilometre", "km", "metre", "meter", "m", "foot", "feet", "ft",
    "inch", "yard", "pound", "lb", "lbs", "kilogram", "kg", "gram", "g", "ton", "tonne",
    "gallon", "liter", "litre", "degree", "acre", "hectare", "mph", "mm", "millimeter",
    "caliber", "calibre", "gauge", "percent", "cent", "dollar", "euro", "pence", "buck",
    "second", "minute", "hour", "day", "night", "week", "month", "year", "decade",
    "century", "time", "point", "o'clock", "a.m.", "p.m.", "am", "pm",
}  # fmt: skip
IDENTIFIER_NOUNS = {
    "no", "no.", "number", "route", "highway", "hwy", "interstate", "road", "flight",
    "room", "apartment", "apt", "unit", "suite", "exit", "channel", "page", "section",
    "article", "chapter", "box", "district", "ward", "precinct", "gate", "level", "floor",
    "grade", "platform", "bus", "line", "code", "act", "season", "episode", "volume",
}  # fmt: skip
STREET_SUFFIXES = (
    r"st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|"
    r"ter|terrace|hwy|highway|pike|pkwy|parkway|cir|circle|sq|square|trl|trail|block"
)
EMERGENCY_NUMBERS = {"911", "999", "112"}

SPEECH_VERBS = {
    "say", "tell", "report", "announce", "state", "claim", "confirm", "add", "insist",
    "estimate", "testify", "allege", "note", "explain", "warn", "write", "indicate",
    "disclose", "reveal", "declare", "assert", "acknowledge", "admit", "deny", "count",
    "tweet", "post", "quote", "cite", "mention", "suggest", "believe",
}  # fmt: skip
# Prepositions that introduce circumstances, not arguments: the event phrase stops there
# ("crossed into Russia | amid fighting").
CIRCUMSTANTIAL_PREPOSITIONS = {
    "amid", "amidst", "during", "after", "before", "since", "until", "despite", "following",
    "because", "due", "as", "while", "including", "like", "than", "according", "among",
    "throughout", "within", "per", "near", "around",
}  # fmt: skip
EVENT_ADVERBS = {
    "back", "away", "home", "out", "off", "down", "up", "inside", "outside", "abroad",
    "fatally", "mortally", "critically", "seriously", "severely", "badly", "gravely",
    "slightly", "accidentally", "not", "never",
}  # fmt: skip
# Tokens that state a time although the small model tags them as nothing.
TIME_WORDS = {"overnight", "yesterday", "today", "tonight"}
TIME_PREPOSITIONS = {"on", "in", "at", "since", "during", "by", "until", "from", "over", "within", "before", "after"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
# Longest event phrase kept: longer ones swallow whole clauses.
MAX_EVENT_TOKENS = 10
# A speaker phrase longer than this is shortened to the named person or organisation in it.
MAX_SPEAKER_TOKENS = 8

# Surface patterns of things that look like numbers but are not counts.
NOT_COUNT_PATTERNS = [
    re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-.]\d{4}\b"),  # phone numbers
    re.compile(r"\b\d{3}[-.]\d{4}\b"),  # local phone numbers
    re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?", re.IGNORECASE),  # clock times
    re.compile(r"\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b|o'clock)", re.IGNORECASE),  # "3 p.m."
    re.compile(
        r"\b[\w-]+[- ](?:year|month|week|day)s?[- ]olds?\b", re.IGNORECASE
    ),  # "21-year-old", "ten-month-old"
    re.compile(r"\b(?:aged?|ages)\s+\d+(?:\s*(?:-|to|and)\s*\d+)?", re.IGNORECASE),
    re.compile(
        rf"\b\d+[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:[A-Z0-9][\w'.-]*\s+){{0,3}}(?:{STREET_SUFFIXES})\b\.?",
    ),  # street addresses, "the 500 block of ..."
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|percent|per cent)", re.IGNORECASE),
    re.compile(r"[$€£¥]\s*\d[\d,.]*(?:\s*(?:million|billion|thousand|[mbk]n?)\b)?", re.IGNORECASE),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE),  # ordinals
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:mm|cm|km|kg|lbs?|ft|mph)\b", re.IGNORECASE),
]


@dataclass
class _Numeral:
    """A number found in the text, before what it counts is known."""

    first: int  # first token of the numeral (without qualifier)
    last: int  # last token of the numeral, including a range's second number
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str | None = None
    span_first: int = -1  # first token of the surface, qualifier included
    span_last: int = -1  # last token of the surface, suffix qualifier included
    is_fraction: bool = False


