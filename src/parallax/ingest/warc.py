"""Articles from web archives (WARC and WARC.gz files, such as Common Crawl's CC-News).

Only successful HTTP responses (200, 203) and ``resource`` records whose content is HTML
can hold an article: declared ``text/html`` or XHTML, or, with no Content-Type at all,
markup that looks like HTML. Requests, metadata and revisits are passed over silently;
responses and resources that are not HTML or not successful are passed over too, and
reported (``PassedOver``) when asked, so an ingest can count them. A record that cannot
be parsed is reported as a failure naming its byte offset, and reading resumes at the
next record boundary (the next ``WARC/1.`` line, or the next gzip member in a .warc.gz),
so one damaged record never costs the rest of the archive. An archive cut short (a
truncated download: warcio stops quietly at a partial gzip member or record) is a
failure saying how many records were read before the cut.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from parallax.errors import InputError, ParallaxError, first_line
from parallax.extract.encoding import DEFAULT_MAX_BYTES
from parallax.ingest.kinds import GZIP_MAGIC, HEAD_BYTES, WARC_MAGIC, looks_like_warc_head

_RECORD_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes read at a time while looking for the next record boundary after a damaged one.
_SCAN_CHUNK = 1 << 16
# The blank lines (CRLF CRLF) that close a record and that warcio's record length leaves out.
_RECORD_CLOSE = 4
# HTTP statuses whose body is the page itself (203: a proxy's copy of it).
_OK_STATUSES = frozenset({"200", "203"})
# Bytes of a body without a Content-Type looked at to tell HTML from anything else.
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class WarcPage:
    """One archived HTML response: its body and where it came from."""

    key: str  # "<path>#<byte offset>": a stable name for the record
    url: str | None
    date: str | None
    body: bytes
    charset: str | None


@dataclass(frozen=True)
class PassedOver:
    """A response or resource record that holds no article, and why (counted, not stored)."""

    key: str
    reason: str


def looks_like_warc(path: Path) -> bool:
    """A WARC file, plain or gzipped, judged by its first bytes (not its name)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    return looks_like_warc_head(head)


def iter_warc(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, passed_over: bool = False
) -> Iterator[WarcPage | PassedOver | ParallaxError]:
    """Every HTML page in the archive, in order; damaged records and a cut come as errors;
    with ``passed_over``, responses and resources holding no article come as ``PassedOver``.
    Records are named ``<path>#<offset>`` with ``path`` as given: pass a resolved one for
    names that do not depend on the working directory."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        yield InputError(name, f"cannot open: {error.strerror or error}")
        return
    with handle:
        compressed = handle.read(3) == GZIP_MAGIC
        start: int | None = 0
        records = 0
        while start is not None:
            handle.seek(start)
            damaged_at = start  # where the record being read begins
            try:
                iterator = ArchiveIterator(handle)
                for record in _quietly(iterator):
                    offset = damaged_at = iterator.offset  # absolute: warcio counts with tell()
                    page = _page(record, f"{name}#{offset}", max_bytes)
                    with contextlib.redirect_stderr(io.StringIO()):  # see _quietly
                        end = offset + iterator.get_record_length()  # reads the record to its end
                    if _cut_short(record):
                        yield _truncated(name, offset, records)
                        return
                    records += 1
                    if isinstance(page, (WarcPage, ParallaxError)) or (passed_over and isinstance(page, PassedOver)):
                        yield page
                    damaged_at = end
                if _unread_tail(handle, damaged_at, size, compressed):
                    yield _truncated(name, damaged_at, records)
                start = None
            except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error, AttributeError, TypeError) as error:
                # warcio raises AttributeError / TypeError on some malformed headers (a
                # response without a WARC-Target-URI): damage too, not a reason to stop.
                malformed = isinstance(error, (AttributeError, TypeError))
                why = "malformed record headers" if malformed else first_line(error, 120)
                start = _after_damage(handle, damaged_at, compressed)
                if start is None:  # nothing readable follows: the file was cut inside this record
                    yield _truncated(name, damaged_at, records, why)
                else:
                    yield InputError(f"{name}#{damaged_at}", f"damaged WARC record: {why}")


def _quietly(iterator: Iterator[object]) -> Iterator[object]:
    """The records, with warcio's own warnings about damaged records (printed straight to
    stderr) silenced: the damage is reported as a failure instead."""
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                record = next(iterator)
            except StopIteration:
                return
        yield record


def _cut_short(record: object) -> bool:
    """Whether the file ended before the record's declared Content-Length (warcio then
    hands out the short record without a word)."""
    return getattr(getattr(record, "raw_stream", None), "limit", 0) > 0


def _unread_tail(handle: BinaryIO, end: int, size: int, compressed: bool) -> bool:
    """Whether bytes that are more than padding follow the last whole record: the start of
    a record (a partial gzip member, a partial header) that warcio dropped quietly."""
    if end >= size:
        return False
    handle.seek(end)
    tail = handle.read(_SCAN_CHUNK)
    return bool(tail) if compressed else bool(tail.strip(b"\r\n\x00 \t"))


def _truncated(name: str, offset: int, records: int, why: str = "") -> InputError:
    detail = f" ({why})" if why else ""
    return InputError(f"{name}#{offset}",
                      f"truncated WARC: {records} records read before the cut at byte {offset}{detail}")


def _page(record: object, key: str, max_bytes: int) -> WarcPage | PassedOver | ParallaxError | None:
    record_type = getattr(record, "rec_type", None)
    if record_type not in _RECORD_TYPES:
        return InputError(key, f"damaged WARC record: unknown WARC-Type {record_type!r}")
    if record_type == "response":
        http = getattr(record, "http_headers", None)
        if http is None:
            return PassedOver(key, "not an HTTP response")
        status = http.get_statuscode()
        if status not in _OK_STATUSES:
            return PassedOver(key, f"HTTP status {status}")
        declared = http.get_header("Content-Type")
    elif record_type == "resource":
        declared = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    else:
        return None
    content_type = (declared or "").strip().lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return PassedOver(key, f"not HTML ({content_type.split(';')[0]})")
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if not content_type and not _sniffs_as_html(body):
        return PassedOver(key, "no Content-Type, and the body is not HTML")
    if len(body) > max_bytes:
        return InputError(key, f"HTML payload larger than {max_bytes} bytes")
    headers = record.rec_headers  # type: ignore[attr-defined]
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
    return WarcPage(
        key=key,
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        body=body,
        charset=charset,
    )


def _sniffs_as_html(body: bytes) -> bool:
    """A body without a Content-Type is read when its start looks like HTML markup."""
    from parallax.ingest.files import looks_like_html

    return looks_like_html(body[:_SNIFF_BYTES].decode("utf-8", "replace").lstrip("\ufeff"))


def _after_damage(handle: BinaryIO, damaged_at: int, compressed: bool) -> int | None:
    """Where reading resumes after the record that failed at ``damaged_at``: the next
    record start beyond it. A damaged record whose header survived starts just after the
    last good one (past the blank lines that close a record), and is skipped too."""
    start = _next_boundary(handle, damaged_at, compressed)
    if start is not None and start - damaged_at <= _RECORD_CLOSE:
        start = _next_boundary(handle, start + 1, compressed)
    return start


def _next_boundary(handle: BinaryIO, position: int, compressed: bool) -> int | None:
    """The offset of the next record start at or after ``position``, or None at the end."""
    magic = GZIP_MAGIC if compressed else b"\n" + WARC_MAGIC
    handle.seek(position)
    carry = b""
    base = position
    while True:
        chunk = handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = carry + chunk
        found = window.find(magic)
        if found >= 0:
            start = base - len(carry) + found
            return start if compressed else start + 1
        carry = window[-(len(magic) - 1):]
        base += len(chunk)
