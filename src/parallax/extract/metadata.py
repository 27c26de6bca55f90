"""Metadata found in the text itself: datelines, outlet names, languages.

Shared by the text cleaner and the HTML extractor, so a date or an outlet name is read
the same way whichever format the article arrived in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
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
