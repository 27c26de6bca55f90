"""Metadata found in the text itself: datelines, outlet names, languages; and dates given as
data (a dump's fields, a crawl log) read into the ISO 8601 the corpus and the stories use.

Shared by the text cleaner and the HTML extractor, so a date or an outlet name is read
the same way whichever format the article arrived in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)?\d\d)\b"),
]
_TIME = r"(?:\s*(?:[,|•·–-]|at)?\s*\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}(?:[+-]\d+)?)?)?"
_DATELINE_PREFIX = re.compile(
    r"^(?:(?P<label>published|updated|posted|last updated|date|first published)\s*:?\s*(?:on\s+)?|"
    r"(?P<prefix>[A-Z][\w.&' -]{1,40}?)\s*[,|•·–-]\s*)?$",
    re.I,
)
_MASTHEADS = [
    re.compile(r"\bskip to (?:more|other) (?P<name>[A-Z][\w.&-]{1,20}) (?:sites|services|websites)\b"),
    re.compile(r"^follow (?P<name>[A-Z][\w.&-]{1,30})\s*:", re.I),
    re.compile(r"^[A-Z][A-Z .,'-]{2,40}\((?P<name>[A-Z][\w.&-]{1,25})\)\s*[–—-]"),
]
# A date or time as data (``iso_time``): ISO 8601's calendar day, a slashed day and month,
# and the span an epoch number must fall in to be read as a time (years 1990 to 2099).
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLASHED_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
# Longer ISO text than Python writes ("…T10:00:00.123456+05:30") is rewritten: the corpus column holds 32.
_ISO_MAX = 32
_EPOCH_NUMBER = re.compile(r"\d{9,13}(?:\.\d+)?")
_EPOCH_SPAN = tuple(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp() for year in (1990, 2100))
_COPYRIGHT = re.compile(
    r"^\(?\s*(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?(?P<rest>.+?)\s*\)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Dateline:
    date: str  # ISO 8601
    prefix: str | None  # text before the date that names the outlet ("Global Research")


def _match_date(text: str) -> tuple[re.Match[str], str] | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        month = _MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mnum"])
        year = int(parts["year"])
        year += 2000 if year < 100 else 0
        try:
            return match, date(year, month, int(parts["day"])).isoformat()
        except ValueError:
            continue
    return None


def find_date(text: str) -> str | None:
    """The first calendar date in ``text`` as ISO 8601, or None."""
    found = _match_date(text)
    return found[1] if found else None


def iso_time(value: object) -> str | None:
    """A date or time given as data (a dump's field, a crawl log) as ISO 8601, or None when it
    cannot be read: a made-up date would put the article on a wrong day.

    ISO 8601 is kept as written, time of day included; an HTTP/RFC 2822 time becomes ISO with
    its offset; an epoch number (seconds or milliseconds, as a number or digits, years 1990 to
    2099) becomes UTC; a written date ("April 5, 2031", "5.4.2031") becomes its day as
    ``find_date`` reads it, except a slashed day and month, read only when one of them is over
    12 ("31/12/2023", "12/31/2023"): "05/04/2031" is April or May depending on the writer.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch_time(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH_NUMBER.fullmatch(text):
        return _epoch_time(float(text))
    if _ISO_DAY.match(text):
        try:
            parsed = datetime.fromisoformat(text)
            return text if len(text) <= _ISO_MAX else parsed.isoformat(timespec="seconds")
        except ValueError:
            pass  # "2031-04-05T10:00 UTC": its day is still read below
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    slashed = _SLASHED_DAY.match(text)
    if slashed:
        return _unambiguous_day(*(int(part) for part in slashed.groups()))
    return find_date(text)


def iso_day(value: str | None) -> date | None:
    """The calendar day an ISO 8601 date or time starts with (as written, whatever its offset), or None."""
    match = _ISO_DAY.match(value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _epoch_time(seconds: float) -> str | None:
    """Seconds since 1970, or milliseconds (what JavaScript and many crawlers log), as UTC."""
    for candidate in (seconds, seconds / 1000):
        if _EPOCH_SPAN[0] <= candidate < _EPOCH_SPAN[1]:
            return datetime.fromtimestamp(candidate, tz=timezone.utc).isoformat()
    return None


def _unambiguous_day(first: int, second: int, year: int) -> str | None:
    """A slashed date whose day is over 12, so it cannot be taken for the month, as ISO."""
    if (first <= 12) == (second <= 12):
        return None  # both could be the month (or neither can)
    day, month = (first, second) if first > 12 else (second, first)
    try:
        return date(year + (2000 if year < 100 else 0), month, day).isoformat()
    except ValueError:
        return None


def parse_dateline(line: str) -> Dateline | None:
    """A line that is only a date, optionally after an outlet name or a 'Published:' label."""
    if len(line) > 90:
        return None
    found = _match_date(line)
    if not found:
        return None
    match, iso = found
    rest = line[match.end():]
    if not re.fullmatch(_TIME + r"\s*[.)]?\s*", rest, re.I):
        return None
    head = _DATELINE_PREFIX.match(line[: match.start()].strip())
    if head is None:
        return None
    prefix = head.group("prefix")
    return Dateline(date=iso, prefix=prefix.strip() if prefix else None)


def masthead_name(line: str) -> str | None:
    """An outlet named by page furniture: 'Skip to more DW sites', 'Follow CBS News:'."""
    for pattern in _MASTHEADS:
        match = pattern.search(line)
        if match:
            return match.group("name").rstrip(".")
    return None


def copyright_holder(line: str) -> str | None:
    """'Copyright © Jane Roe, Daily Planet, 2014' -> 'Daily Planet' (the last named holder)."""
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    rest = re.split(r"\.\s+|\ball rights reserved\b", match.group("rest"), flags=re.I)[0]
    parts = [part.strip(" .,") for part in re.split(r",", rest)]
    parts = [part for part in parts if part and not re.fullmatch(r"(?:19|20)\d\d", part)]
    return parts[-1] if parts else None


def name_from_domain(url: str) -> str | None:
    """'https://p.dw.com/p/x' -> 'DW'; 'www.example-news.org' -> 'example-news.org'.

    An archive copy (web.archive.org/web/<time>/<original URL>) is named after the original.
    """
    archived = re.match(r"https?://web\.archive\.org/web/[^/]+/(.+)$", url, re.I)
    if archived:
        original = archived.group(1)
        url = original if "//" in original else "http://" + original
    host = urlparse(url).netloc.lower().split(":")[0]
    if not host or "." not in host:
        return None
    labels = host.split(".")
    registered = labels[-3:] if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else labels[-2:]
    brand = registered[0]
    # Short brands are acronyms (DW, BBC, RT); longer ones read best as the domain itself.
    return brand.upper() if len(brand) <= 3 else ".".join(registered)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the body's language, from py3langid's bundled model."""
    if not text.strip():
        return None
    import py3langid

    code, _ = py3langid.classify(text[:5000])
    return code
