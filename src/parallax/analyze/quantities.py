"""Numbers as attributed intervals: every count in an article, what it counts, who says so.

News numbers are rarely bare: "at least 300" and "more than 400" are both compatible with
438, and only intervals let the compare stage say so instead of reporting a contradiction.
With ``n`` the stated number and ``m`` the approximation margin, a qualifier becomes:

=============================================  =================
exact ("438")                                  [n, n]
at least / no fewer than / n or more / n-plus  [n, inf)
more than / over / upwards of                  (n, inf)
up to / as many as / at most / no more than    [0, n]
fewer than / less than / under / below         [0, n)
nearly / almost / close to / just under        [n - m, n)
about / around / some / approximately / ...    [n - m, n + m]
between a and b / a-b / a to b / a or b       [a, b]
dozens / hundreds / thousands / tens of ...    [2u, 10u)  (u: 12, 100, 1000 ...)
several hundred / a few thousand               [2u, 10u)
a third / half / two-thirds / one in five      share s (percent): [s - 10% of s, s + 10% of s]
=============================================  =================

Approximation margin: ``m = max(10% of n, half the place value of n's last non-zero
digit)``. Why: a writer who rounds says "about 300" for anything from 250 to 349, so the
margin must cover the rounding step of the number as written; the 10% floor keeps
precise-looking approximations ("about 438", "nearly 12") from collapsing to a point, while
staying narrow enough that "about 300" and "about 400" remain distinct claims.
Vague plurals get ``[2u, 10u)`` because a writer who had ten units would use the next
word up ("hundreds" rather than "dozens", "thousands" rather than "hundreds").

Shares, measures and sums of money are quantities too, read with their unit, which leads
``counted`` in a canonical spelling so that outlets' figures of one measure compare and
figures in different units never do (``unit_of`` reads it back; the compare stage keeps
units apart):

==========================================  ===========================  ============
text                                        counted                      low = high
==========================================  ===========================  ============
"61 percent of voters", "61% of voters"     percent of voters            61
"a third of voters"                         percent of voters            [30, 36.67]
"2.5 million cubic metres of water"         cubic metres of water        2,500,000
"40 km", "40 kilometres"                    kilometres                   40
"a 6.1-magnitude quake", "magnitude 6.1"    magnitude                    6.1
"temperatures of 45C"                       degrees Celsius              45
"$3 billion", "£40m", "3 million euros"     dollars / pounds / euros     3e9, 4e7, 3e6
==========================================  ===========================  ============

``text`` covers the number with its unit and qualifier ("Some 61%", "£40m"). Durations
("12 years in prison") stay out: spaCy tags them DATE/TIME like dates, and telling a
sentence length from "12 years ago" needs more than the small model gives. Calibres ("a
9mm pistol", "12-gauge") name a kind of weapon and stay out too.

A part of a group is never counted as the group: "five of the injured" has ``counted``
"of the injured" (the leading "of" marks a part; ``unit_of`` gives "of"); "12 were hurt,
5 of them children" has "children"; "five of them" has None, never the pronoun.

Not counts, so never emitted: dates and years, clock times and durations, ages
("21-year-old", "Smith, 46,"), addresses and other identifiers ("123 Main St", "Route 66",
"the No. 7 bus"), phone numbers, ordinals, scores ("won 2-1"). spaCy's NER labels (DATE,
TIME, MONEY, PERCENT, ORDINAL) are the first filter for numbers read without a unit;
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
from typing import TYPE_CHECKING

from parallax.model import Quantity, Quote

if TYPE_CHECKING:  # the compare stage reads units back without loading spaCy
    from spacy.tokens import Doc, Span, Token

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
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
VAGUE_PLURALS = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# "tens" counts only in "tens of thousands"/"tens of millions".
VAGUE_OUTER = {**VAGUE_PLURALS, "tens": 10.0}
FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10,
}  # fmt: skip
# Words a number phrase can begin with ("a dozen", "half of", "hundreds of").
NUMBER_STARTS = {*SMALL_NUMBERS, *TENS, *VAGUE_OUTER, "a", "an", "half", "several"}
NUMERIC = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# A number written together with its unit or scale: "3bn", "45C", "61pc", "magnitude-5.9".
GLUED = re.compile(
    r"^(?P<prefix>magnitude-)?(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<suffix>[A-Za-z°%²³/]*)$"
)

# --- units: what a measure, a sum of money or a share is stated in ----------------------
# Each canonical unit with its spellings (lower case, space-separated tokens). The
# canonical name goes into ``Quantity.counted`` so that "40 km" and "40 kilometres" compare
# and "40 miles" never does; durations are left out on purpose (see the module docstring).
LENGTH_SPELLINGS = {
    "kilometres": ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
    "metres": ("m", "metre", "metres", "meter", "meters"),
    "centimetres": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "millimetres": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "miles": ("mile", "miles"),
    "feet": ("ft", "foot", "feet"),
    "inches": ("inch", "inches"),
    "yards": ("yard", "yards"),
}  # fmt: skip
UNIT_SPELLINGS = {
    "percent": ("%", "percent", "per cent", "pct", "pc"),
    "percentage points": ("percentage point", "percentage points"),
    "dollars": ("dollar", "dollars", "us dollars", "usd"),
    "euros": ("euro", "euros", "eur"),
    "pounds": ("pound", "pounds", "pounds sterling", "sterling", "gbp", "lb", "lbs"),
    "yen": ("yen",), "yuan": ("yuan", "renminbi"), "rupees": ("rupee", "rupees"),
    "roubles": ("rouble", "roubles", "ruble", "rubles"), "francs": ("franc", "francs"),
    "pesos": ("peso", "pesos"), "hryvnias": ("hryvnia", "hryvnias"), "shekels": ("shekel", "shekels"),
    "cents": ("cent", "cents"), "pence": ("pence",),
    "tonnes": ("tonne", "tonnes", "metric ton", "metric tons", "metric tonnes"),
    "tons": ("ton", "tons"),
    "kilograms": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "grams": ("gram", "grams", "gramme", "grammes"),
    "ounces": ("ounce", "ounces", "oz"),
    "litres": ("litre", "litres", "liter", "liters"),
    "gallons": ("gallon", "gallons"),
    "barrels": ("barrel", "barrels"),
    "hectares": ("hectare", "hectares", "ha"),
    "acres": ("acre", "acres"),
    "square kilometres": ("km2", "km²", "sq km", "sq. km"),
    "square metres": ("m2", "m²", "sq m"),
    "square miles": ("sq mi", "sq miles"),
    "square feet": ("sq ft", "sq. ft"),
    "cubic metres": ("m3", "m³"),
    "kilometres per hour": ("km/h", "km / h", "kph", "kmh", "km/hr", "kilometres per hour", "kilometers per hour"),
    "miles per hour": ("mph", "miles per hour"),
    "knots": ("knot", "knots"),
    "kilowatts": ("kw", "kilowatt", "kilowatts"),
    "megawatts": ("mw", "megawatt", "megawatts"),
    "gigawatts": ("gw", "gigawatt", "gigawatts"),
    "degrees": ("degree", "degrees", "°"),
    "degrees Celsius": ("degrees celsius", "degrees c", "° c", "°c", "celsius"),
    "degrees Fahrenheit": ("degrees fahrenheit", "degrees f", "° f", "°f", "fahrenheit"),
    "magnitude": ("magnitude",),
}  # fmt: skip
# Units written only glued to the digits, where a lone letter would be too ambiguous:
# "45C" (not "45 C", "apartment 5c"), "500g", "2l".
GLUED_ONLY_UNITS = {"C": "degrees Celsius", "F": "degrees Fahrenheit", "g": "grams", "l": "litres"}


def _unit_table() -> dict[tuple[str, ...], str]:
    """Token sequences of every spelling, with square and cubic lengths derived."""
    table = {tuple(spelling.split()): unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings}
    for unit, spellings in LENGTH_SPELLINGS.items():
        for spelling in spellings:
            table[(spelling,)] = unit
            for square in ("square", "sq", "sq."):
                table[(square, spelling)] = f"square {unit}"
            table[("cubic", spelling)] = f"cubic {unit}"
    return table


UNITS = _unit_table()
LONGEST_UNIT = max(len(words) for words in UNITS)
# Every canonical unit, longest first, to read the unit back from a counted phrase.
CANONICAL_UNITS = sorted(set(UNITS.values()) | set(GLUED_ONLY_UNITS.values()), key=len, reverse=True)
CURRENCY_UNITS = {
    "dollars", "euros", "pounds", "yen", "yuan", "rupees", "roubles", "francs", "pesos",
    "hryvnias", "shekels", "Australian dollars", "Canadian dollars", "Hong Kong dollars",
}  # fmt: skip
# Currency signs and codes written before the amount.
CURRENCY_SIGNS = {
    "$": "dollars", "us$": "dollars", "usd": "dollars", "€": "euros", "eur": "euros",
    "£": "pounds", "gbp": "pounds", "¥": "yen", "₹": "rupees", "rs": "rupees", "rs.": "rupees",
    "₽": "roubles", "a$": "Australian dollars", "au$": "Australian dollars",
    "c$": "Canadian dollars", "hk$": "Hong Kong dollars",
}  # fmt: skip
# Scale abbreviations after an amount ("£40m", "$3bn"); read as scales only next to a
# currency or before a plural noun ("3m people"), since "100m" is otherwise metres.
ABBREVIATED_SCALES = {"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12}
PERCENT = "percent"
# How ``counted`` marks a part of a named group: "of the injured" in "five of the injured".
PART_OF_GROUP = "of"
# Shares stated as a fraction word ("a third of voters") are read as percentages with this
# relative margin: writers say "a third" for roughly 30-37 percent; calibrated by reasoning.
FRACTION_SHARE_MARGIN = 0.10
SHARE_DECIMALS = 2
# Whole-and-part phrases: "one in five voters", "four out of ten".
SHARE_JOINERS = {("in",), ("out", "of")}

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

# Dependencies by which a number modifies the noun it counts.
MODIFIER_DEPS = {"nummod", "quantmod", "compound", "amod", "predet", "det", "nmod", "npadvmod", "advmod"}
# For numbers read without a unit: entity labels and counted nouns that still mark a
# measure, a sum or a duration whose unit was not read ("12 years", "5 times", "$ 5").
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
    "no.", "number", "route", "highway", "hwy", "interstate", "road", "flight",
    "room", "apartment", "apt", "unit", "suite", "exit", "channel", "page", "section",
    "article", "chapter", "box", "district", "ward", "precinct", "gate", "level", "floor",
    "grade", "platform", "bus", "line", "code", "act", "season", "episode", "volume",
}  # fmt: skip
STREET_SUFFIXES = (
    r"st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|"
    r"ter|terrace|hwy|highway|pike|pkwy|parkway|cir|circle|sq|square|trl|trail|block"
)
EMERGENCY_NUMBERS = {"911", "999", "112"}
SCORE = re.compile(r"(?<![\d,.])(\d{1,4})[-–](\d{1,3})(?![\d,.])")

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
SEVERITY_ADVERBS = {
    "fatally", "mortally", "critically", "seriously", "severely", "badly", "gravely", "slightly",
}  # fmt: skip
EVENT_ADVERBS = {
    "back", "away", "home", "out", "off", "down", "up", "inside", "outside", "abroad",
    "accidentally", "not", "never", *SEVERITY_ADVERBS,
}  # fmt: skip
# Tokens that state a time although the small model tags them as nothing.
TIME_WORDS = {"overnight", "yesterday", "today", "tonight"}
TIME_PREPOSITIONS = {"on", "in", "at", "since", "during", "by", "until", "from", "over", "within", "before", "after"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
# Neighbours that make "one" a pronoun: "the one", "no one", "one another", "one by one".
PRONOUN_ONE_BEFORE = {"the", "this", "that", "any", "every", "each", "no", "which"}
PRONOUN_ONE_AFTER = {"another", "by", "'s", "-"}
# Words between a person and an age set off by punctuation: "a teen, also 15, was shot".
AGE_LEAD_WORDS = {"also", "both", "each", "ages", "aged", "age"}
SETTING_OFF_PUNCTUATION = {",", "(", "—", "–", "-", "--"}
# DATE entities that are ages, not times: "46", "21-year-old", "ages 18 to 20".
AGE_LIKE = re.compile(r"\bold\b|^\d{1,3}$|\bages?\b", re.IGNORECASE)
# Longest event phrase kept: longer ones swallow whole clauses.
MAX_EVENT_TOKENS = 10
# Longest "those who ..." phrase kept as the group a part or share is of.
MAX_GROUP_TOKENS = 6
# A speaker phrase longer than this is shortened to the named person or organisation in it.
MAX_SPEAKER_TOKENS = 8

# Surface patterns of things that look like numbers but are not counts (percentages, money
# and units here only catch figures whose unit was not read).
NOT_COUNT_PATTERNS = [
    re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-.]\d{4}\b"),  # phone numbers
    re.compile(r"\b\d{3}[-.]\d{4}\b"),  # local phone numbers
    re.compile(r"\+\d{1,3}(?:[\s().-]*\d){6,}"),  # international phone numbers
    re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b\.?)?", re.IGNORECASE),  # clock times
    re.compile(r"\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b|o'clock)", re.IGNORECASE),  # "3 p.m."
    re.compile(
        r"\b[\w-]+[- ](?:year|month|week|day)s?[- ]olds?\b", re.IGNORECASE
    ),  # "21-year-old", "ten-month-old"
    re.compile(r"\b(?:aged?|ages)\s+\d+(?:\s*(?:-|to|and)\s*\d+)?", re.IGNORECASE),
    re.compile(
        rf"\b\d+[A-Za-z]?\s+(?:[A-Z0-9][\w'.-]*\s+){{0,3}}(?i:{STREET_SUFFIXES})\b\.?",
    ),  # street addresses, "the 500 block of ..."
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|percent|per cent)", re.IGNORECASE),
    re.compile(r"[$€£¥]\s*\d[\d,.]*(?:\s*(?:million|billion|thousand|[mbk]n?)\b)?", re.IGNORECASE),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE),  # ordinals
    re.compile(r"\b\d+[- ]hundred\s+block\b", re.IGNORECASE),  # "the 14-hundred block"
    re.compile(
        r"\b(?:image|photo|picture|slide|page|video|part|item|step|game)\s+\d+\s*(?:of|/)\s*\d+", re.IGNORECASE
    ),  # "Image 2 of 8": a position in a series
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
    unit: str | None = None  # canonical unit of a measure, sum or share ("percent")
    unit_first: int = -1  # first token of the unit (before the number for "$", "magnitude")
    unit_last: int = -1  # last token of the unit: "of" after it names what is measured


# --- stage 1: read numerals -----------------------------------------------------------


def _word_value(token: Token) -> tuple[str, float] | None:
    """Kind ("digits", "unit", "multiplier", "scale") and value of one number token."""
    text = token.lower_
    if NUMERIC.match(token.text):
        return "digits", float(text.replace(",", ""))
    glued = _glued(token)
    if glued is not None:
        return "digits", glued[0]
    if text in SMALL_NUMBERS:
        return "unit", float(SMALL_NUMBERS[text])
    if text in TENS:
        return "unit", float(TENS[text])
    if text in MULTIPLIERS:
        return "multiplier", MULTIPLIERS[text]
    if text in SCALES:
        return "scale", SCALES[text]
    return None


def _glued(token: Token) -> tuple[float, str, str] | None:
    """Value, prefix and suffix of a number written with its unit or scale ("3bn", "45C")."""
    match = GLUED.match(token.text)
    if match is None or not (match["prefix"] or match["suffix"]):
        return None
    suffix = match["suffix"]
    known = (suffix.lower(),) in UNITS or suffix.lower() in ABBREVIATED_SCALES or suffix in GLUED_ONLY_UNITS
    if suffix and not known:
        return None  # "5th", "3am", "1990s", "4G": not a number with a unit
    return float(match["number"].replace(",", "")), match["prefix"] or "", suffix


def _combine(parts: list[tuple[str, float]]) -> float:
    """Value of a run like "two hundred and five", "1.5 million", "two dozen"."""
    total, current = 0.0, 0.0
    for kind, value in parts:
        if kind == "scale":
            total += (current or 1.0) * value
            current = 0.0
        elif kind == "multiplier":
            current = (current or 1.0) * value
        else:
            current += value
    return total + current


def _can_follow(parts: list[tuple[str, float]], kind: str, hyphenated: bool) -> bool:
    """Whether a number token of ``kind`` continues the run so far ("3 4" is two numbers)."""
    if not parts:
        return True
    if kind == "digits":
        return False
    if kind == "unit":
        return parts[-1][0] in ("multiplier", "scale") or hyphenated
    return True


def _read_number(doc: Doc, start: int, end: int) -> tuple[float, int] | None:
    """Value and last token of the number that starts at token ``start``, if one does."""
    parts: list[tuple[str, float]] = []
    index, last = start, -1
    if doc[start].lower_ in ("a", "an"):
        if start + 1 < end and (doc[start + 1].lower_ in MULTIPLIERS or doc[start + 1].lower_ in SCALES):
            parts.append(("unit", 1.0))  # "a dozen", "a hundred"
            index += 1
        else:
            return None
    while index < end:
        word = _word_value(doc[index])
        hyphenated = index > start and doc[index - 1].text == "-"
        if word is not None and _can_follow(parts, word[0], hyphenated):
            parts.append(word)
            last, index = index, index + 1
            continue
        following = _word_value(doc[index + 1]) if index + 1 < end else None
        if parts and following is not None and following[0] == "unit":
            tens_hyphen = doc[index].text == "-" and doc[index - 1].lower_ in TENS  # "twenty-five"
            scale_and = doc[index].lower_ == "and" and parts[-1][0] in ("multiplier", "scale")
            if tens_hyphen or scale_and:
                index += 1
                continue
        break
    if last < 0 or parts[0][0] in ("multiplier", "scale"):
        return None  # a bare "hundred" or "dozen" is a noun, not a number
    return _combine(parts), last


def approximation_margin(value: float) -> float:
    """Half the rounding step of ``value`` as written, and never under 10% of it."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value))
    digits = f"{value:.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"
    place = 10.0 ** (exponent - (len(digits) - 1))
    return max(APPROXIMATION_SHARE * value, place / 2)


def _interval(value: float, kind: str | None) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_inclusive, high_inclusive) of ``value`` under a qualifier kind."""
    margin = approximation_margin(value)
    if kind == AT_LEAST:
        return value, None, True, True
    if kind == MORE_THAN:
        return value, None, False, True
    if kind == UP_TO:
        return 0.0, value, True, True
    if kind == FEWER_THAN:
        return 0.0, value, True, False
    if kind == NEARLY:
        return max(0.0, value - margin), value, True, False
    if kind == ABOUT:
        return max(0.0, value - margin), value + margin, True, True
    return value, value, True, True


def _vague_interval(low: float, high: float, kind: str | None) -> tuple[float | None, float | None, bool, bool]:
    """A qualifier on a vague plural moves the bound it names ("more than dozens")."""
    if kind in (AT_LEAST, MORE_THAN):
        return low, None, kind == AT_LEAST, True
    if kind in (UP_TO, FEWER_THAN):
        return 0.0, low, True, kind == UP_TO
    return low, high, True, False


def _prefix_qualifier(doc: Doc, first: int, numeral_tokens: range, sent: Span) -> tuple[str, int] | None:
    """Kind and first token of the qualifier right before the numeral, if any."""
    for words, kind in PREFIX_QUALIFIERS:
        begin = first - len(words)
        if begin < sent.start or any(doc[begin + k].lower_ != word for k, word in enumerate(words)):
            continue
        if len(words) == 1 and words[0] in ATTACHED_ONLY and doc[begin].head.i not in numeral_tokens:
            continue
        return kind, begin
    return None


def _suffix_qualifier(doc: Doc, last: int, sent: Span) -> tuple[str, int] | None:
    """Kind and last token of a qualifier after the numeral ("300 or more")."""
    for words, kind in SUFFIX_QUALIFIERS:
        end = last + 1 + len(words)
        if end <= sent.end and all(doc[last + 1 + k].lower_ == word for k, word in enumerate(words)):
            return kind, end - 1
    return None


def _fraction(doc: Doc, index: int, end: int) -> tuple[float, int] | None:
    """Value and last token of "half of", "half the", "a third of", "two-thirds of"."""
    word = doc[index].lower_
    if word == "half":
        previous = doc[index - 1].lower_ if index > 0 else ""
        following = doc[index + 1] if index + 1 < end else None
        if following is None or previous in ("a", "an", "one", "first", "second", "the"):
            return None
        if following.lower_ == "of" or (following.pos_ in ("DET", "PRON") and following.lower_ not in ("a", "an")):
            return 0.5, index
        return None
    if word in ("a", "an", "one"):
        numerator = 1.0
    elif word in SMALL_NUMBERS:
        numerator = float(SMALL_NUMBERS[word])
    else:
        return None
    position = index + 1
    if position < end and doc[position].text == "-":
        position += 1
    if position + 1 < end and doc[position].lower_ in FRACTIONS and doc[position + 1].lower_ == "of":
        return numerator * FRACTIONS[doc[position].lower_], position
    return None


def _vague_plural(doc: Doc, index: int, end: int) -> tuple[float, float, int] | None:
    """[2u, 10u) and last token of "dozens", "hundreds", "tens of thousands", "several hundred"."""
    word = doc[index].lower_
    a_few = word == "a" and index + 1 < end and doc[index + 1].lower_ == "few"
    size = index + 1 if word == "several" else index + 2 if a_few else -1
    if 0 < size < end and (doc[size].lower_ in MULTIPLIERS or doc[size].lower_ in SCALES):
        # "several hundred", "a few thousand": as vague as "hundreds", "thousands"
        unit = MULTIPLIERS.get(doc[size].lower_) or SCALES[doc[size].lower_]
        return VAGUE_LOW_FACTOR * unit, VAGUE_HIGH_FACTOR * unit, size
    if word not in VAGUE_OUTER:
        return None
    unit, last = VAGUE_OUTER[word], index
    if index + 2 < end and doc[index + 1].lower_ == "of" and doc[index + 2].lower_ in VAGUE_PLURALS:
        unit *= VAGUE_PLURALS[doc[index + 2].lower_]
        last = index + 2
    elif word == "tens":
        return None
    return VAGUE_LOW_FACTOR * unit, VAGUE_HIGH_FACTOR * unit, last


def _range(doc: Doc, sent: Span, first: int, last: int, value: float) -> _Numeral | None:
    """A range: "300-400", "300 to 400", "between 300 and 400", "one or two"."""
    joiner = last + 1
    if joiner + 1 >= sent.end:
        return None
    opener_at = first - 1
    if opener_at > sent.start and doc[opener_at].lower_ in CURRENCY_SIGNS:
        opener_at -= 1  # "between $3 and $4 million"
    opener = doc[opener_at].lower_ if opener_at >= sent.start else ""
    word = doc[joiner].lower_
    if not (word in ("-", "–", "to", "or") or (word == "and" and opener == "between")):
        return None
    second_first = joiner + 1
    sign = doc[second_first].lower_
    if sign in CURRENCY_SIGNS and first > sent.start and doc[first - 1].lower_ == sign:
        second_first += 1  # "between $3 and $4"
    second = _read_number(doc, second_first, sent.end) if second_first < sent.end else None
    if second is None:
        return None
    high, second_last = second
    scale = SCALES.get(doc[second_last].lower_)
    if scale is not None and doc[last].lower_ not in SCALES and high / scale > value:
        value *= scale  # "3-4 million": the scale applies to both
    if high <= value:
        return None
    numeral = _Numeral(first, second_last, value, high, span_first=first, span_last=second_last)
    if opener in ("between", "from"):
        numeral.qualifier, numeral.span_first = doc[opener_at].text, opener_at
    return numeral


def _numerals(doc: Doc, sent: Span) -> Iterable[_Numeral]:
    """Every number-like phrase in a sentence, read as an interval (filters come later)."""
    index = sent.start
    while index < sent.end:
        token = doc[index]
        could_start = token.like_num or token.lower_ in NUMBER_STARTS or _glued(token) is not None
        numeral = _numeral_at(doc, sent, index) if could_start else None
        if numeral is None:
            index += 1
            continue
        yield numeral
        index = numeral.span_last + 1


def _numeral_at(doc: Doc, sent: Span, index: int) -> _Numeral | None:
    fraction = _fraction(doc, index, sent.end)
    if fraction is not None:
        value, last = fraction
        numeral = _Numeral(index, last, value, value, span_first=index, span_last=last, is_fraction=True)
        return _share(doc, sent, numeral)
    vague = _vague_plural(doc, index, sent.end)
    if vague is not None:
        low, high, last = vague
        numeral = _Numeral(index, last, low, high, span_first=index, span_last=last)
        _attach_unit_after_of(doc, sent, numeral)
        prefix = _prefix_qualifier(doc, index, range(index, numeral.span_last + 1), sent)
        kind, numeral.span_first = prefix if prefix is not None else (None, index)
        numeral.low, numeral.high, numeral.low_inclusive, numeral.high_inclusive = _vague_interval(low, high, kind)
        numeral.qualifier = doc[numeral.span_first : index].text if prefix is not None else None
        return numeral
    read = _read_number(doc, index, sent.end)
    if read is None:
        return None
    value, last = read
    ranged = _range(doc, sent, index, last, value)
    if ranged is not None:
        _attach_unit(doc, sent, ranged)
        return ranged
    one_in = _one_in(doc, sent, index, last, value)
    if one_in is not None:
        return _share(doc, sent, one_in)
    numeral = _Numeral(index, last, value, value, span_first=index, span_last=last)
    _attach_unit(doc, sent, numeral)
    figure = range(numeral.span_first, numeral.span_last + 1)
    prefix = _prefix_qualifier(doc, numeral.span_first, figure, sent)
    suffix = _suffix_qualifier(doc, numeral.span_last, sent) if prefix is None else None
    kind: str | None = None
    if prefix is not None:
        kind, qualifier_first = prefix
        numeral.qualifier = doc[qualifier_first : numeral.span_first].text
        numeral.span_first = qualifier_first
    elif suffix is not None:
        kind, qualifier_last = suffix
        numeral.qualifier = doc[numeral.span_last + 1 : qualifier_last + 1].text
        numeral.span_last = qualifier_last
    numeral.low, numeral.high, numeral.low_inclusive, numeral.high_inclusive = _interval(numeral.low or 0.0, kind)
    _cap_share(numeral)
    return numeral


# --- stage 1b: units, sums of money, shares ---------------------------------------------


def _match_unit(doc: Doc, position: int, end: int, glued_suffix: str = "") -> tuple[str, int] | None:
    """Canonical unit and last token of the longest unit spelling at ``position``.

    ``glued_suffix`` is the part of the number token after its digits ("km" in "40km");
    it counts as the first word of the spelling.
    """
    words = [glued_suffix.lower()] if glued_suffix else []
    words += [doc[i].lower_ for i in range(position, min(end, position + LONGEST_UNIT))]
    offset = 1 if glued_suffix else 0
    for length in range(min(LONGEST_UNIT, len(words)), 0, -1):
        unit = UNITS.get(tuple(words[:length]))
        if unit is not None:
            return unit, position + length - offset - 1
    if glued_suffix in GLUED_ONLY_UNITS:
        return GLUED_ONLY_UNITS[glued_suffix], position - 1
    return None


def _unit_before(doc: Doc, sent: Span, numeral: _Numeral) -> str | None:
    """A currency sign or "magnitude" written before the number; the span grows over it."""
    glued = _glued(doc[numeral.first])
    if glued is not None and glued[1]:
        numeral.unit_first = numeral.first
        return "magnitude"  # "magnitude-5.9" is one token
    before = numeral.first - 1
    if before < sent.start:
        return None
    unit = CURRENCY_SIGNS.get(doc[before].lower_) or ("magnitude" if doc[before].lower_ == "magnitude" else None)
    if unit is not None:
        numeral.span_first, numeral.unit_first = min(before, numeral.span_first), before
    return unit


def _abbreviated_scale(doc: Doc, sent: Span, numeral: _Numeral) -> tuple[str, int]:
    """A scale abbreviation right after the digits ("3bn"; "£40m" is split into "40", "m")
    and its token, or ("", -1)."""
    glued = _glued(doc[numeral.last])
    if glued is not None:
        suffix = glued[2].lower()
        return (suffix, numeral.last) if suffix in ABBREVIATED_SCALES else ("", -1)
    after = numeral.last + 1
    if after < sent.end and not doc[numeral.last].whitespace_ and doc[after].lower_ in ABBREVIATED_SCALES:
        return doc[after].lower_, after
    return "", -1


def _attach_unit(doc: Doc, sent: Span, numeral: _Numeral) -> None:
    """Extend a number over its unit and apply a scale written as an abbreviation.

    The unit can stand before the number (a currency sign, "magnitude 5.9"), be glued to it
    ("45C", "£40m", "3bn") or follow it, after a hyphen when attributive ("2.5 million
    cubic metres", "61 percent", "a 6.1-magnitude quake", "3 million euros").
    """
    prefix_unit = _unit_before(doc, sent, numeral)
    scale_word, scale_token = _abbreviated_scale(doc, sent, numeral)
    glued = _glued(doc[numeral.last])
    suffix = glued[2] if glued is not None and not scale_word else ""
    position = max(numeral.last, scale_token) + 1
    if position < sent.end and doc[position].text in ("-", "–") and not doc[position].whitespace_:
        position += 1  # "a 6.1-magnitude quake", "a 40-km stretch"
    after = _match_unit(doc, position, sent.end, suffix)
    if scale_word:
        currency = prefix_unit in CURRENCY_UNITS or (after is not None and after[0] in CURRENCY_UNITS)
        follower = doc[position] if position < sent.end else None
        before_plural = follower is not None and follower.tag_ in ("NNS", "NNPS") and scale_word not in ("k", "b")
        if currency or before_plural or (after is not None and scale_word != "k"):
            factor = ABBREVIATED_SCALES[scale_word]
            numeral.low = None if numeral.low is None else numeral.low * factor
            numeral.high = None if numeral.high is None else numeral.high * factor
            numeral.last = numeral.span_last = max(numeral.span_last, scale_token)
        elif scale_word == "m":
            after = ("metres", scale_token)  # "a 100m sprint"
    if after is not None and prefix_unit in (None, after[0]):
        numeral.unit, numeral.unit_last = after
        if prefix_unit is None:
            numeral.unit_first = min(position, after[1])
        numeral.span_last = max(numeral.span_last, after[1])
    elif prefix_unit is not None:
        numeral.unit, numeral.unit_last = prefix_unit, max(numeral.last, numeral.span_last)


def _attach_unit_after_of(doc: Doc, sent: Span, numeral: _Numeral) -> None:
    """"millions of dollars", "hundreds of tonnes of grain": the unit follows "of"."""
    of = numeral.last + 1
    if of + 1 < sent.end and doc[of].lower_ == "of":
        after = _match_unit(doc, of + 1, sent.end)
        if after is not None:
            numeral.unit, numeral.unit_first, numeral.unit_last = after[0], of + 1, after[1]
            numeral.span_last = after[1]


def _one_in(doc: Doc, sent: Span, first: int, last: int, value: float) -> _Numeral | None:
    """"one in five voters", "four out of 10": a share of a whole, as a fraction."""
    for joiner in SHARE_JOINERS:
        begin = last + 1
        if begin + len(joiner) >= sent.end or tuple(doc[begin + k].lower_ for k in range(len(joiner))) != joiner:
            continue
        whole = _read_number(doc, begin + len(joiner), sent.end)
        if whole is None or whole[0] <= value or doc[whole[1]].ent_type_ in ("DATE", "TIME"):
            return None
        share = value / whole[0]
        return _Numeral(first, whole[1], share, share, span_first=first, span_last=whole[1], is_fraction=True)
    return None


def _share(doc: Doc, sent: Span, numeral: _Numeral) -> _Numeral:
    """A fraction word or "one in five" as a percentage, approximate by ``FRACTION_SHARE_MARGIN``.

    Qualifiers apply as to any number: "nearly half" is [45, 50), "more than a third"
    is (33.3, 100].
    """
    value = 100 * (numeral.low or 0.0)
    numeral.unit, numeral.unit_first, numeral.unit_last = PERCENT, numeral.first, numeral.last
    prefix = _prefix_qualifier(doc, numeral.first, range(numeral.first, numeral.last + 1), sent)
    kind = prefix[0] if prefix is not None else ABOUT
    if prefix is not None:
        numeral.qualifier = doc[prefix[1] : numeral.first].text
        numeral.span_first = prefix[1]
    margin = FRACTION_SHARE_MARGIN * value
    numeral.low, numeral.high, numeral.low_inclusive, numeral.high_inclusive = _interval(value, kind)
    if kind in (ABOUT, NEARLY):
        numeral.low = value - margin
        numeral.high = value + margin if kind == ABOUT else value
    # "a third" is 33.333...: keep bounds readable in reports
    numeral.low = None if numeral.low is None else round(numeral.low, SHARE_DECIMALS)
    numeral.high = None if numeral.high is None else round(numeral.high, SHARE_DECIMALS)
    _cap_share(numeral)
    return numeral


def _cap_share(numeral: _Numeral) -> None:
    """A share "more than 60 percent" is bounded by the whole: (60, 100]."""
    if numeral.unit == PERCENT and numeral.high is None and numeral.low is not None and numeral.low < 100:
        numeral.high, numeral.high_inclusive = 100.0, True


# --- stage 2: what the numeral counts, and whether it is a count at all ----------------


def _main_token(doc: Doc, numeral: _Numeral) -> Token:
    """The numeral token (with its unit, if any) that attaches to the rest of the sentence."""
    inside = range(numeral.first, numeral.last + 1)
    if numeral.unit is not None:
        inside = range(min(numeral.first, numeral.unit_first), max(numeral.last, numeral.unit_last) + 1)
    outward = [doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i]
    return outward[-1] if outward else doc[numeral.last]


def _counted_head(doc: Doc, sent: Span, numeral: _Numeral, main: Token) -> tuple[Token | None, bool]:
    """The noun the numeral counts, and whether it came from a partitive ("180 of the group")."""
    after = numeral.span_last + 1
    if numeral.unit is not None and not numeral.is_fraction:
        # a measure: what follows "of" is what is measured ("61 percent of voters")
        of = numeral.unit_last + 1
        has_of = of < sent.end and doc[of].lower_ == "of"
        objects = [child for child in doc[of].children if child.dep_ == "pobj"] if has_of else []
        return (objects[0], True) if objects else (None, False)
    if doc[numeral.last].lower_ in ABBREVIATED_SCALES and after < sent.end and doc[after].tag_ in ("NNS", "NNPS"):
        return doc[after], False  # "3m people": the parser takes the scale for a word of its own
    if numeral.is_fraction and main.dep_ not in MODIFIER_DEPS:
        # "half the crew": the parser leaves the fraction unattached; take the noun after the determiner
        position = after
        while position < sent.end and doc[position].tag_ in ("DT", "PRP$"):
            position += 1
        nouns = [doc[position]] if position < sent.end and doc[position].pos_ in ("NOUN", "PROPN") else []
        if nouns and position > after:
            return nouns[0].head if nouns[0].dep_ == "compound" else nouns[0], False
    if after < sent.end and doc[after].lower_ == "of":
        objects = [child for child in doc[after].children if child.dep_ == "pobj"]
        if objects:
            return objects[0], True
    head = main.head
    if main.dep_ in MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN") and head.i > numeral.last:
        return head, False
    if main.dep_ in MODIFIER_DEPS and head.i < numeral.first:
        # The small parser sometimes attaches a number backwards ("Overnight 438 troops"):
        # take the last noun of the adjective/noun run that follows it.
        candidate, position = None, after
        while position < sent.end and doc[position].pos_ in ("ADJ", "NOUN", "PROPN"):
            if doc[position].pos_ != "ADJ" and doc[position].ent_type_ not in ("DATE", "TIME"):
                candidate = doc[position]
            position += 1
        return candidate, False
    return None, False


def _not_count_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of phone numbers, times, ages, addresses, percentages, money, scores."""
    spans = [match.span() for pattern in NOT_COUNT_PATTERNS for match in pattern.finditer(text)]
    # "won 2-1", "the 2014-15 season": a falling pair is a score or a span of years, never a range
    spans += [match.span() for match in SCORE.finditer(text) if int(match[1]) >= int(match[2])]
    return spans


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _is_list_marker(doc: Doc, numeral: _Numeral) -> bool:
    """"1." or "2)" opening a line: an enumeration, not a count."""
    previous = doc[numeral.first - 1] if numeral.first > 0 else None
    opens_line = previous is None or "\n" in previous.text_with_ws[-1:] or (previous.is_space and "\n" in previous.text)
    after = numeral.last + 1
    return opens_line and after < len(doc) and doc[after].text in (".", ")")


def _is_age(doc: Doc, numeral: _Numeral) -> bool:
    """A number set off right after a person is an age.

    "Smith, 46, was ...", "Smith (46)", "another teen, also 15, was", "two women -- both 19 --".
    """
    before, after = numeral.span_first - 1, numeral.span_last + 1
    if numeral.qualifier or before < 1 or numeral.high is None or numeral.high >= 130:
        return False
    if doc[before].lower_ in AGE_LEAD_WORDS:
        before -= 1
    if before < 1 or doc[before].text not in SETTING_OFF_PUNCTUATION:
        return False
    if doc[before - 1].pos_ not in ("PROPN", "NOUN"):
        return False
    closing = after >= len(doc) or doc[after].text in (*SETTING_OFF_PUNCTUATION, ")", ".", ";")
    return closing or doc[after].lower_ == "and"


def _is_identifier(doc: Doc, numeral: _Numeral) -> bool:
    """Numbers that name rather than count: "Route 66", "No. 5", "#3", "a 911 call"."""
    first = doc[numeral.first]
    measure_labels = ("MONEY", "PERCENT", "DATE", "TIME") if numeral.unit is not None else ()
    if first.ent_type_ not in ("", "CARDINAL", "QUANTITY", *measure_labels) and not first.ent_iob_ == "B":
        return True  # inside a name the NER found ("Apollo 11", "Windows 10")
    if numeral.first > 0:
        previous = doc[numeral.first - 1]
        if previous.text in ("'", "’") and not previous.whitespace_:
            return True  # "'91": a year
        if previous.lower_ in IDENTIFIER_NOUNS and numeral.span_first == numeral.first:
            return True
        following = doc[numeral.last + 1] if numeral.last + 1 < len(doc) else None
        ends_name = following is None or following.is_punct or following.is_space or following.pos_ == "PROPN"
        if previous.pos_ == "PROPN" and numeral.span_first == numeral.first and ends_name:
            return True  # a number closing a name: "Action News 5", "Channel 4 -"
        if previous.text == "#" and not previous.whitespace_:
            return True
    if first.text in EMERGENCY_NUMBERS and numeral.first == numeral.last:
        return True
    before = doc[numeral.first - 1].text if numeral.first > 0 else ""
    after = doc[numeral.last + 1].text if numeral.last + 1 < len(doc) else ""
    if "/" in (before, after):
        return True  # "1 / 3": a position in a series (photo galleries, pages)
    return bool(re.fullmatch(r"0\d+", first.text))  # leading zero: a code


def _is_year(doc: Doc, numeral: _Numeral, counted: Token | None) -> bool:
    token = doc[numeral.first]
    if numeral.first != numeral.last or not re.fullmatch(r"\d{4}", token.text):
        return False
    if not 1800 <= int(token.text) <= 2100:
        return False
    return counted is None or counted.tag_ not in ("NNS", "NNPS") or counted.i != numeral.last + 1


def _is_pronoun_one(doc: Doc, numeral: _Numeral) -> bool:
    """"the one", "one another", "one by one": the word, not the number."""
    token = doc[numeral.first]
    if token.lower_ != "one" or numeral.first != numeral.last:
        return False
    previous = doc[token.i - 1].lower_ if token.i > 0 else ""
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return previous in PRONOUN_ONE_BEFORE or following in PRONOUN_ONE_AFTER


def _is_calibre(doc: Doc, numeral: _Numeral) -> bool:
    """"a 9mm handgun", "the 9 mm. pistol": millimetres before a noun name a kind of weapon."""
    after = numeral.unit_last + 1
    if after < len(doc) and doc[after].text == ".":
        after += 1
    return numeral.unit == "millimetres" and after < len(doc) and doc[after].pos_ in ("NOUN", "PROPN")


def _is_named_measure(doc: Doc, numeral: _Numeral) -> bool:
    """"8 Mile Road": a capitalised unit inside a name."""
    unit, after = doc[numeral.unit_last], numeral.unit_last + 1
    capitalised = unit.text[:1].isupper() and not unit.text.isupper() and not unit.is_sent_start
    return capitalised and after < len(doc) and doc[after].pos_ == "PROPN"


def _is_measure(doc: Doc, numeral: _Numeral) -> bool:
    """Stage 2 filter for a number read with its unit: a calibre or a label is no figure."""
    return not (
        _is_calibre(doc, numeral)
        or _is_named_measure(doc, numeral)
        or _is_list_marker(doc, numeral)
        or _is_identifier(doc, numeral)
    )


def _is_count(doc: Doc, numeral: _Numeral, counted: Token | None, masks: Sequence[tuple[int, int]]) -> bool:
    """Stage 2 filter: drop dates, times, ages, identifiers, and measures whose unit was not read."""
    if numeral.unit is not None:
        return _is_measure(doc, numeral)
    tokens = doc[numeral.first : numeral.last + 1]
    labels = {token.ent_type_ for token in tokens}
    # The small model tags some counts as dates ("Forty ships"): a plural noun counted by
    # a number that is not year-like overrides a DATE/TIME label.
    counts_things = counted is not None and counted.tag_ in ("NNS", "NNPS") and not _is_year(doc, numeral, None)
    if labels & (NOT_COUNT_ENTITIES - ({"DATE", "TIME"} if counts_things else set())):
        return False
    if _overlaps(tokens.start_char, tokens.end_char, masks):
        return False
    if counted is not None and counted.lemma_.lower() in MEASURE_UNITS:
        return False
    if counted is not None and counted.tag_ == "NN" and counted.lower_ in IDENTIFIER_NOUNS and numeral.low != 1:
        return False  # "the 7 bus", "the 90210 area code": a number naming one thing
    return not (
        _is_year(doc, numeral, counted)
        or _is_list_marker(doc, numeral)
        or _is_age(doc, numeral)
        or _is_identifier(doc, numeral)
        or _is_pronoun_one(doc, numeral)
    )


def _counted(doc: Doc, numeral: _Numeral, head: Token | None, partitive: bool) -> str | None:
    """What the number counts or measures, as ``Quantity.counted`` says it.

    A measure or share leads with its canonical unit ("cubic metres of water", "percent of
    voters"); a part of a named group keeps the "of" that marks it as a part ("of the
    injured", "of the five victims"); a part of a group named by a pronoun takes the noun
    after the pronoun ("5 of them children": children), else nothing.
    """
    if numeral.unit is not None:
        if head is not None and head.pos_ == "PRON":
            measured = _pronoun_group(doc, head)  # "61 percent of those polled", never "of them"
        else:
            measured = _noun_phrase(doc, head, numeral.span_last + 1) if head is not None else None
        return f"{numeral.unit} of {measured}" if measured else numeral.unit
    if head is None:
        return None
    if partitive and doc[numeral.first].lower_ not in VAGUE_OUTER:
        if head.pos_ != "PRON":
            return f"{PART_OF_GROUP} {_noun_phrase(doc, head, head.left_edge.i, bare=False)}"
        follower = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if follower is not None and follower.pos_ in ("NOUN", "PROPN") and head.whitespace_:
            return _noun_phrase(doc, follower, follower.i) or None  # "5 of them children"
        group = _pronoun_group(doc, head)
        return f"{PART_OF_GROUP} {group}" if group else None  # "five of them": no noun names the part
    return _noun_phrase(doc, head, numeral.span_last + 1) or None


def _pronoun_group(doc: Doc, pronoun: Token) -> str | None:
    """"those polled", "those who died": a pronoun with words saying who; None when bare."""
    if not any(child.dep_ in ("relcl", "acl", "amod", "prep") for child in pronoun.children):
        return None
    last = min(pronoun.right_edge.i, pronoun.i + MAX_GROUP_TOKENS - 1)
    return doc[pronoun.i : last + 1].text


def _noun_phrase(doc: Doc, head: Token, after: int, with_of: bool = False, bare: bool = True) -> str:
    """Text of the counted noun phrase: modifiers after the numeral, the noun, its conjuncts."""
    left = max(after, head.left_edge.i)
    while bare and left < head.i and (doc[left].pos_ in ("DET", "NUM", "PUNCT") or doc[left].like_num):
        left += 1
    right = head.i
    for child in head.rights:
        counts_itself = child.like_num or child.lower_ in VAGUE_OUTER
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and not counts_itself and not any(
            grandchild.dep_ == "nummod" or grandchild.like_num for grandchild in child.children
        ):
            right = max(right, child.i)
        elif with_of and child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, child.right_edge.i)
    while right > head.i and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1].text


# --- stage 3: the event, the time, the source --------------------------------------------


def _time_spans(sent: Span) -> list[Span]:
    """Dates and times the NER found in the sentence (ages too: the small model tags them)."""
    return [ent for ent in sent.ents if ent.label_ in ("DATE", "TIME")]


def _phrase_text(doc: Doc, indices: Iterable[int]) -> str | None:
    """Text of possibly non-contiguous tokens, in order, single-spaced across gaps."""
    ordered = sorted(set(indices))
    if not ordered:
        return None
    pieces: list[str] = []
    for position, index in enumerate(ordered):
        pieces.append(doc[index].text)
        if position + 1 < len(ordered):
            pieces.append(doc[index].whitespace_ if ordered[position + 1] == index + 1 else " ")
    return "".join(pieces).strip(" \n,;:-–") or None


def _subtree_without(token: Token, excluded: set[int]) -> list[int]:
    return [t.i for t in token.subtree if t.i not in excluded and not t.is_space]


def _predicate_tokens(
    predicate: Token, counted: set[int], times: set[int], budget: int = MAX_EVENT_TOKENS
) -> list[int]:
    """The predicate and its argument-like complements, stopping at circumstances.

    ``counted`` holds the tokens of the count itself and ``times`` those of dates and
    times: neither belongs in the event phrase.
    """
    excluded = counted | times
    chosen = [predicate.i]
    chosen += [child.i for child in predicate.children if child.dep_ in ("neg", "prt") and child.i not in excluded]
    for child in predicate.rights:
        if child.i in excluded or child.dep_ in ("neg", "prt"):
            continue
        if child.dep_ in ("prep", "agent") and child.lower_ in CIRCUMSTANTIAL_PREPOSITIONS:
            break
        if child.dep_ in ("advcl", "ccomp", "parataxis", "relcl", "mark"):
            break
        if child.dep_ == "advmod" and child.lower_ not in EVENT_ADVERBS:
            continue
        if child.dep_ == "xcomp":
            addition = _predicate_tokens(child, counted, times, budget - len(chosen))
            addition += [t.i for t in child.lefts if t.dep_ == "aux"]
        elif child.dep_ in ("prep", "agent") and any(t.i in excluded for t in child.subtree):
            # the phrase holds the count itself ("fired at 3 people") or a time
            addition = [] if any(t.i in times for t in child.subtree) else [child.i]
        elif child.dep_ in ("dobj", "dative", "attr", "acomp", "oprd", "prep", "agent", "advmod"):
            addition = _subtree_without(child, excluded)
        elif (
            child.dep_ == "conj"
            and child.pos_ == "VERB"
            and child.i - max(chosen) <= 2
            and not any(grandchild.dep_ in ("nsubj", "nsubjpass") for grandchild in child.children)
        ):
            # "shot and killed": a second verb sharing the subject
            addition = [t.i for t in predicate.rights if t.dep_ == "cc" and t.i < child.i][-1:]
            addition += _predicate_tokens(child, counted, times, budget - len(chosen) - 1)
        else:
            continue
        if len(chosen) + len(addition) > budget:
            break
        chosen += addition
    return chosen


def _copula_complement(predicate: Token, under: Token) -> Token | None:
    for child in predicate.children:
        if child.dep_ in ("acomp", "attr") and child.i != under.i:
            return child
    return None


def _is_partitive_head(token: Token) -> bool:
    """The head of "of" in "four of the five", "all of the", "four out of the 75"."""
    return token.like_num or token.pos_ in ("NUM", "PRON", "DET") or token.lower_ == "out"


def _nominal_event(doc: Doc, preposition: Token) -> str | None:
    """"the shooting of five", "home to 420,000 people": a noun governs the count."""
    governor = preposition.head
    before = doc[preposition.i - 1] if preposition.i > 0 else None
    if governor.pos_ not in ("NOUN", "PROPN") and before is not None and before.pos_ == "NOUN":
        if before not in list(governor.children):  # misattached PP: take the nearest noun
            governor = before
    if governor.pos_ not in ("NOUN", "PROPN") or governor.i > preposition.i:
        return None
    left = governor.i
    while left > 0 and doc[left - 1].dep_ in ("compound", "amod") and doc[left - 1].head.i == governor.i:
        left -= 1
    return _phrase_text(doc, [*range(left, governor.i + 1), preposition.i])


def _event(
    doc: Doc, anchor: Token, counted: Token | None, count_tokens: set[int], times: set[int]
) -> tuple[str | None, Token]:
    """The predicate the count belongs to, as a phrase, and the token to attribute from."""
    for node in (anchor, counted):
        if node is None:
            continue
        for child in node.rights:
            restrictive = not any(t.is_punct for t in doc[node.i + 1 : child.left_edge.i + 1])
            if child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX", "ADJ") and restrictive:
                # "soldiers who crossed into Russia", "people killed in the attack"
                return _phrase_text(doc, _predicate_tokens(child, count_tokens, times)), child
    node = anchor
    for _ in range(len(doc)):
        head = node.head
        if node is not anchor and node.pos_ in ("VERB", "ADJ"):
            return _phrase_text(doc, _predicate_tokens(node, count_tokens, times)), node  # "1 Dead"
        if head.i == node.i:
            return None, node
        if node.dep_ == "pobj" and head.lower_ == "of" and _is_partitive_head(head.head):
            return None, head.head  # "four of the five victims": the five are the set, not the event's
        if node.dep_ == "pobj" and head.lower_ in CIRCUMSTANTIAL_PREPOSITIONS:
            return None, head  # "among the 438 personnel": a setting, not a participant
        if node.dep_ == "pobj":
            nominal = _nominal_event(doc, head)
            if nominal is not None:
                return nominal, head
        passes_through = node.dep_ in ("pobj", "conj", "appos", "cc", "punct") or node.dep_ in MODIFIER_DEPS
        if passes_through or (node.dep_ in ("prep", "agent") and head.pos_ not in ("VERB", "AUX", "ADJ")):
            node = head
            continue
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            if head.lemma_ == "be":
                complement = _copula_complement(head, node)
                if complement is None:
                    return None, head
                tokens = _subtree_without(complement, count_tokens | times)[:MAX_EVENT_TOKENS]
                return _phrase_text(doc, tokens), head
            return _phrase_text(doc, _predicate_tokens(head, count_tokens, times)), head
        node = head
    return None, anchor


def _elliptical_event(doc: Doc, sent: Span, numeral: _Numeral) -> str | None:
    """"Three people were shot, one fatally": the verb is left out after the number."""
    after = numeral.span_last + 1
    if after >= sent.end or doc[after].lower_ not in SEVERITY_ADVERBS:
        return None
    verbs = [t for t in doc[sent.start : numeral.span_first] if t.pos_ == "VERB"]
    return f"{verbs[-1].text} {doc[after].text}" if verbs else None


def _time(doc: Doc, sent: Span, time_spans: list[Span], predicate: Token, own: set[int]) -> str | None:
    """A date or time stated in the sentence, preferring one attached to the predicate.

    ``own`` holds the count's tokens, which are never its own time.
    """
    candidates = [
        span
        for span in time_spans
        if not any(token.i in own for token in span) and not AGE_LIKE.search(span.text)
    ]
    covered = {token.i for ent in candidates for token in ent}
    candidates += [doc[t.i : t.i + 1] for t in sent if t.lower_ in TIME_WORDS and t.i not in covered]
    if not candidates:
        return None

    def attached(span: Span) -> bool:
        return predicate in span.root.ancestors or span.root.head.i == predicate.i

    chosen = next((span for span in candidates if attached(span)), candidates[0])
    root = chosen.root
    start = chosen.start
    if root.dep_ == "pobj" and root.head.lower_ in TIME_PREPOSITIONS and root.head.i < chosen.start:
        start = root.head.i
    return doc[start : chosen.end].text.strip()


def _speaker(doc: Doc, subject: Token) -> str:
    """Readable name of who speaks: short subjects whole, long ones by their named entity."""
    if subject.lower_ in PERSONAL_PRONOUNS:
        # No coreference model: take the last person named as a subject before the pronoun.
        people = [ent for ent in doc.ents if ent.label_ == "PERSON" and ent.end <= subject.i]
        speakers = [ent for ent in people if ent.root.dep_ in ("nsubj", "nsubjpass")]
        return (speakers or people)[-1].text if people else subject.text
    line_start = max((t.i + 1 for t in subject.subtree if t.is_space and "\n" in t.text and t.i < subject.i), default=0)
    tokens = [t for t in subject.subtree if not t.is_punct and not t.is_space and t.i >= line_start]
    if not tokens:
        return subject.text
    if len(tokens) <= MAX_SPEAKER_TOKENS:
        return doc[tokens[0].i : tokens[-1].i + 1].text
    subtree = range(subject.left_edge.i, subject.right_edge.i + 1)
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        for ent in doc.ents:
            if ent.label_ == label and ent.start in subtree:
                return ent.text
    left = min([subject.i] + [c.i for c in subject.lefts if c.dep_ in ("compound", "amod", "poss")])
    return doc[left : subject.i + 1].text


def _speech_source(doc: Doc, verb: Token) -> str | None:
    """Subject of a reporting verb (the nearest, when raw text gives it several), or its agent."""
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        nearest = min(subjects, key=lambda child: abs(verb.i - child.i))
        return _speaker(doc, nearest)
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects:
                return _speaker(doc, objects[0])
    return None


def _according_to(doc: Doc, token: Token) -> str | None:
    for child in token.children:
        if child.lower_ == "according":
            for preposition in child.children:
                objects = [t for t in preposition.children if t.dep_ == "pobj"]
                if preposition.lower_ == "to" and objects:
                    return _speaker(doc, objects[0])
    return None


def _attribution(doc: Doc, predicate: Token, start: int, end: int, quotes: Sequence[Quote]) -> str | None:
    """Who states the count: an enclosing quote's speaker, a reporting verb's subject."""
    for quote in quotes:
        if quote.start <= start and end <= quote.end and quote.speaker:
            return quote.speaker
    chain = [predicate, *predicate.ancestors]
    for position, node in enumerate(chain):
        if position > 0 and node.lemma_ in SPEECH_VERBS:
            source = _speech_source(doc, node)
            if source is not None:
                return source
        for child in node.children:
            if child.dep_ in ("parataxis", "advcl") and child.lemma_ in SPEECH_VERBS and child not in chain:
                source = _speech_source(doc, child)
                if source is not None:
                    return source
        according = _according_to(doc, node)
        if according is not None:
            return according
    return None


def _identity_complement(main: Token) -> Token | None:
    """The noun after "are" when a bare number is the subject of a copula."""
    if main.dep_ not in ("nsubj", "nsubjpass") or main.head.lemma_ != "be":
        return None
    complement = _copula_complement(main.head, main)
    return complement if complement is not None and complement.pos_ in ("NOUN", "PROPN") else None


# --- reading a record back -------------------------------------------------------------


def unit_of(quantity: Quantity) -> str | None:
    """What a quantity is stated in, read back from its ``counted`` phrase.

    None for a count of things ("61 people"); "percent" for a share; the canonical unit of
    a measure or sum ("cubic metres", "dollars"); "of" for a part of a named group ("five
    of the injured"). Figures with different units are never compared with each other: a
    share is not a head count, and a subgroup is not the whole group.
    """
    counted = quantity.counted or ""
    if counted.startswith(f"{PART_OF_GROUP} "):
        return PART_OF_GROUP
    for unit in CANONICAL_UNITS:
        if counted == unit or counted.startswith(f"{unit} of "):
            return unit
    return None


_QUALIFIER_KINDS = {" ".join(words): kind for words, kind in PREFIX_QUALIFIERS + SUFFIX_QUALIFIERS}


def stated_value(quantity: Quantity) -> float | None:
    """The number as the text states it, whatever its qualifier: 40 for "about 40", 300 for
    "nearly 300", "up to 300" and "at least 300" alike, so that two outlets' figures can be
    keyed on it. None for what states no single number: a range ("300-400"), a vague
    plural ("hundreds") or a fraction read as a share interval ("a third")."""
    low, high = quantity.low, quantity.high
    if high is None or low == high:
        return low
    kind = _QUALIFIER_KINDS.get(" ".join((quantity.qualifier or "").lower().split()))
    if kind in (UP_TO, FEWER_THAN, NEARLY):
        return high
    if kind == ABOUT and low is not None:
        return (low + high) / 2
    return None


# --- the cascade -----------------------------------------------------------------------


def find_quantities(doc: Doc, quotes: Sequence[Quote] = ()) -> list[Quantity]:
    """Every count in ``doc`` as an attributed interval, in text order.

    Stages: 1. read numerals with their units and qualifiers as intervals; 2. find what
    each counts or measures and drop what is not a figure (dates, ages, identifiers ...);
    3. attach the governing event, a stated time and the source. ``sentence`` indexes
    ``list(doc.sents)``; offsets are ``doc``'s character offsets.
    """
    masks = _not_count_spans(doc.text)
    quantities: list[Quantity] = []
    for sentence_index, sent in enumerate(doc.sents):
        time_spans = _time_spans(sent)
        for numeral in _numerals(doc, sent):
            quantity = _quantity(doc, sent, numeral, masks, time_spans, quotes)
            if quantity is not None:
                quantity.sentence = sentence_index
                quantities.append(quantity)
    return quantities


def _quantity(
    doc: Doc,
    sent: Span,
    numeral: _Numeral,
    masks: Sequence[tuple[int, int]],
    time_spans: list[Span],
    quotes: Sequence[Quote],
) -> Quantity | None:
    """Stages 2 and 3 for one numeral; None when it is not a count."""
    times = {token.i for span in time_spans for token in span}
    main = _main_token(doc, numeral)
    counted_head, partitive = _counted_head(doc, sent, numeral, main)
    if not numeral.is_fraction and not _is_count(doc, numeral, counted_head, masks):
        return None
    surface = doc[numeral.span_first : numeral.span_last + 1]
    anchor = counted_head if counted_head is not None and not partitive else main
    counted = _counted(doc, numeral, counted_head, partitive)
    clauses = {t.i for child in anchor.children if child.dep_ in ("relcl", "acl") for t in child.subtree}
    count_tokens = set(range(numeral.span_first, numeral.span_last + 1)) | ({t.i for t in anchor.subtree} - clauses)
    event, predicate = _event(doc, anchor, counted_head if partitive else None, count_tokens, times)
    if event is None and counted_head is None:
        event = _elliptical_event(doc, sent, numeral)
    bare_pronoun = partitive and counted is None
    identity = _identity_complement(main) if counted_head is None or bare_pronoun else None
    if identity is not None:
        # "164 are employees of the border service": the complement says what is counted
        counted, event = _noun_phrase(doc, identity, identity.left_edge.i, with_of=True), None
    return Quantity(
        text=surface.text,
        start=surface.start_char,
        end=surface.end_char,
        low=numeral.low,
        high=numeral.high,
        low_inclusive=numeral.low_inclusive,
        high_inclusive=numeral.high_inclusive,
        qualifier=numeral.qualifier,
        counted=counted or None,
        event=event,
        time=_time(doc, sent, time_spans, predicate, set(range(numeral.span_first, numeral.span_last + 1))),
        attributed_to=_attribution(doc, predicate, surface.start_char, surface.end_char, quotes),
    )
