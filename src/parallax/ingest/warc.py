"""Articles from web archives (WARC and WARC.gz files, such as Common Crawl's CC-News).

Only HTTP responses with status 200 and an HTML content type can hold an article;
requests, metadata, redirects and images are passed over. A record that cannot be
parsed is reported as a failure naming its byte offset, and reading resumes at the next
record boundary (the next ``WARC/1.`` line, or the next gzip member in a .warc.gz), so
one damaged record never costs the rest of the archive.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from parallax.errors import InputError, ParallaxError, first_line
from parallax.extract.encoding import DEFAULT_MAX_BYTES

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_RECORD_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes read at a time while looking for the next record boundary after a damaged one.
_SCAN_CHUNK = 1 << 16
# The blank lines (CRLF CRLF) that close a record and that warcio's record length leaves out.
_RECORD_CLOSE = 4


@dataclass(frozen=True)
class WarcPage:
    """One archived HTML response: its body and where it came from."""

    key: str  # "<path>#<byte offset>": a stable name for the record
    url: str | None
    date: str | None
    body: bytes
    charset: str | None


def looks_like_warc(path: Path) -> bool:
    """A WARC file, plain or gzipped, judged by its first bytes (not its name)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if head.startswith(_WARC_MAGIC):
        return True
    if head.startswith(_GZIP_MAGIC):
        try:
            inflated = zlib.decompressobj(wbits=31).decompress(head)
        except zlib.error:
            return False
        return inflated.startswith(_WARC_MAGIC)
    return False


def iter_warc(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[WarcPage | ParallaxError]:
    """Every HTML page in the archive, in order; damaged records come as errors."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        yield InputError(name, f"cannot open: {error.strerror or error}")
        return
    with handle:
        compressed = handle.read(3) == _GZIP_MAGIC
        start = 0
        while start is not None:
            handle.seek(start)
            damaged_at = start  # where the record being read begins
            try:
                iterator = ArchiveIterator(handle)
                for record in _quietly(iterator):
                    offset = damaged_at = iterator.offset  # absolute: warcio counts with tell()
                    page = _page(record, f"{name}#{offset}", max_bytes)
                    if isinstance(page, (WarcPage, ParallaxError)):
                        yield page
                    with contextlib.redirect_stderr(io.StringIO()):  # see _quietly
                        damaged_at = offset + iterator.get_record_length()
                start = None
            except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error, AttributeError, TypeError) as error:
                # warcio raises AttributeError / TypeError on some malformed headers (a
                # response without a WARC-Target-URI): damage too, not a reason to stop.
                malformed = isinstance(error, (AttributeError, TypeError))
                why = "malformed record headers" if malformed else first_line(error, 120)
                yield InputError(f"{name}#{damaged_at}", f"damaged WARC record: {why}")
                start = _after_damage(handle, damaged_at, compressed)


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


def _page(record: object, key: str, max_bytes: int) -> WarcPage | ParallaxError | None:
    record_type = getattr(record, "rec_type", None)
    if record_type not in _RECORD_TYPES:
        return InputError(key, f"damaged WARC record: unknown WARC-Type {record_type!r}")
    if record_type != "response":
        return None
    http = getattr(record, "http_headers", None)
    if http is None:
        return None
    if http.get_statuscode() != "200":
        return None
    content_type = (http.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return None
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
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
    magic = _GZIP_MAGIC if compressed else b"\n" + _WARC_MAGIC
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
