"""RSS and Atom feeds: the list of links to fetch, each entry's article read from its page.

A feed is only an index: every entry's link is fetched through the same guarded fetcher
as ``parallax read`` (address guard, size and time limits), and the page's own text is
the article. The feed still contributes what pages often hide: the entry's publication
date and title, used when the page states none. A relative link is resolved against the
address the feed was fetched from, or for a feed file against the feed's own ``<link>``.

An entry without a link is a failure of its own, unless it carries the article itself: an
entry whose content (or summary) holds at least ``MIN_CONTENT_WORDS`` words is read as the
article, keyed by a hash of that content so a rerun skips it wherever it moved in the feed.

feedparser is lenient, so a damaged feed still yields the entries it could read; when a
damaged feed yields none that can be read, or a document has no entries at all, that is
one failure of the feed ("malformed feed: <reason>"), not one per entry.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parallax.errors import InputError, ParallaxError

# An entry with no link is read from its own content from this many words on: a teaser or a
# one-line summary is no article, a full post embedded in the feed is.
MIN_CONTENT_WORDS = 80


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: where its article lives, and what the feed says about it."""

    key: str  # the link, or "<feed>#<content hash>" for an entry read from its content
    link: str | None
    title: str | None
    published: str | None  # ISO date from the feed, when given
    content: str | None = None  # the article as an HTML document, for an entry without a link


def feed_entries(data: bytes, source: str, url: str | None = None) -> Iterator[FeedEntry | ParallaxError]:
    """The feed's entries in document order; an entry with neither a usable link nor an article
    of its own comes as an error. ``url``: the address the feed was fetched from."""
    import feedparser

    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        problem = None  # a wrong encoding declaration, read anyway: nothing is malformed
    malformed = InputError(source, f"malformed feed: {_reason(problem)}") if problem else None
    if not parsed.entries:
        yield malformed or InputError(source, "feed has no entries")
        return
    base = url or parsed.feed.get("link")
    found = [_entry(entry, number, source, base) for number, entry in enumerate(parsed.entries, start=1)]
    if malformed and not any(isinstance(item, FeedEntry) for item in found):
        yield malformed  # the entries' own failures would only be symptoms of the damage
        return
    yield from found


def _entry(entry: Any, number: int, source: str, base: str | None) -> FeedEntry | ParallaxError:
    title = (entry.get("title") or "").strip() or None
    published = _iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    link = (entry.get("link") or "").strip()
    if not link:
        content = _article_content(entry, title)
        if content is None:
            return InputError(f"{source}#entry{number}", "feed entry has no http(s) link")
        digest = hashlib.blake2b(content.encode(), digest_size=8).hexdigest()
        return FeedEntry(key=f"{source}#{digest}", link=None, title=title, published=published, content=content)
    link = urljoin(base, link) if base else link
    if not re.match(r"^https?://", link, re.I):
        return InputError(f"{source}#entry{number}", f"feed entry link is not http(s): {link[:100]}")
    return FeedEntry(key=link, link=link, title=title, published=published)


def _article_content(entry: Any, title: str | None) -> str | None:
    """The entry's longest content or summary as an HTML document, when it is long enough to be
    the article itself."""
    import lxml.etree
    import lxml.html

    details = [*entry.get("content", []), entry.get("summary_detail") or {}]
    best, best_words = None, 0
    for detail in details:
        value = (detail.get("value") or "").strip()
        if not value:
            continue
        is_html = "html" in (detail.get("type") or "")
        try:
            text = lxml.html.fragment_fromstring(value, create_parent="div").text_content() if is_html else value
        except (ValueError, lxml.etree.ParserError):  # markup lxml cannot take: its words still count
            text = re.sub(r"<[^>]*>", " ", value)
        words = len(text.split())
        if words > best_words:
            body = value if is_html else "".join(f"<p>{html.escape(part)}</p>" for part in value.split("\n\n"))
            best, best_words = body, words
    if best is None or best_words < MIN_CONTENT_WORDS:
        return None
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<!doctype html><html><head>{head}</head><body><article>{best}</article></body></html>"


def _reason(problem: Exception) -> str:
    """feedparser's reason on one line, an XML error placed by line and column rather than "<unknown>:1:98"."""
    from xml.sax import SAXParseException

    if isinstance(problem, SAXParseException):
        return f"{problem.getMessage()} at line {problem.getLineNumber()}, column {problem.getColumnNumber()}"
    return (str(problem).strip().splitlines() or [type(problem).__name__])[0]


def _iso_date(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", parsed)
