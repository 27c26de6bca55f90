"""Inputs that hold articles but are not one: RSS/Atom feeds and WARC archives.

``parallax ingest`` expands them (a feed into its entries' pages, an archive into its
HTML responses); everything that reads a single article refuses them with a reason that
says so, instead of reading the markup of a feed or the headers of an archive as text.
Judged by the first bytes, never by the file's name, so a feed saved as ``.txt`` is a feed.
"""

from __future__ import annotations

import re
import zlib

from parallax.errors import InputError

# How much of the start of an input the sniffing looks at.
HEAD_BYTES = 4096
FEED_REASON = "this is an RSS/Atom feed, not an article: use `parallax ingest` to read its entries"
WARC_REASON = "this is a WARC archive, not an article: use `parallax ingest` to read its pages"

_FEED_START = r"^(\ufeff)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b"
_FEED_START_TEXT = re.compile(_FEED_START, re.I | re.S)
# The byte form: a UTF-8 byte-order mark in place of U+FEFF.
_FEED_START_BYTES = re.compile(_FEED_START.replace(r"(\ufeff)?", r"(\xef\xbb\xbf)?").encode("ascii"), re.I | re.S)
WARC_MAGIC = b"WARC/1."
GZIP_MAGIC = b"\x1f\x8b\x08"


def looks_like_feed(data: bytes | str) -> bool:
    """An RSS, Atom or RDF document (raw or decoded), judged by its first element."""
    if isinstance(data, str):
        return bool(_FEED_START_TEXT.match(data[:HEAD_BYTES]))
    return bool(_FEED_START_BYTES.match(data[:HEAD_BYTES]))


def looks_like_warc_head(head: bytes | str) -> bool:
    """The first bytes of a WARC file, plain or gzipped (a .warc.gz is gzip members)."""
    if isinstance(head, str):
        return head.startswith(WARC_MAGIC.decode("ascii"))
    if head.startswith(WARC_MAGIC):
        return True
    if not head.startswith(GZIP_MAGIC):
        return False
    try:
        return zlib.decompressobj(wbits=31).decompress(head[:HEAD_BYTES]).startswith(WARC_MAGIC)
    except zlib.error:
        return False


def refuse_non_article(data: bytes | str, source: str) -> None:
    """Raise ``InputError`` naming ``source`` when it is a feed or an archive rather than an article."""
    if looks_like_feed(data):
        raise InputError(source, FEED_REASON)
    if looks_like_warc_head(data[:HEAD_BYTES]):
        raise InputError(source, WARC_REASON)
