"""RSS and Atom feeds: the list of links to fetch, each entry's article read from its page.

A feed is only an index: every entry's link is fetched through the same guarded fetcher
as ``parallax read`` (address guard, size and time limits), and the page's own text is
the article. The feed still contributes what pages often hide: the entry's publication
date and title, used when the page states none. feedparser is lenient, so a damaged
feed still yields the entries it could read; an entry without a link is a failure of its
own, and a document with no entries at all is a failure of the feed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from parallax.errors import InputError, ParallaxError


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: where its article lives, and what the feed says about it."""

    key: str  # the link, or "<feed>#entry<n>" when there is none
    link: str | None
    title: str | None
    published: str | None  # ISO date from the feed, when given


def feed_entries(data: bytes, source: str) -> Iterator[FeedEntry | ParallaxError]:
    """The feed's entries in document order; an entry with no usable link comes as an error."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"malformed feed: {problem}" if problem else "feed has no entries"
        yield InputError(source, reason)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        link = (entry.get("link") or "").strip()
        if not re.match(r"^https?://", link, re.I):
            yield InputError(f"{source}#entry{number}", "feed entry has no http(s) link" if not link
                             else f"feed entry link is not http(s): {link[:100]}")
            continue
        yield FeedEntry(
            key=link,
            link=link,
            title=(entry.get("title") or "").strip() or None,
            published=_iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        )


def _iso_date(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", parsed)
