"""What ``parallax ingest`` accepts, cut into units that each give at most a few articles.

A unit has a stable ``key`` (an absolute path, a URL, ``<file>#<content hash>`` for a JSON
Lines record, ``<file>#<offset>`` for a WARC record) so that a rerun skips the units already
stored before reading them, and a ``read`` that does the work (open, fetch, extract).
Sources are recognised by their content, not their names:

* a directory: every regular file below it, each recognised on its own;
* a WARC or WARC.gz file: one unit per HTML response (or HTML resource record);
* an RSS/Atom feed (a file or a URL): one unit per entry, fetching the entry's link (or
  reading the article an entry without a link carries);
* a file of URLs (non-blank, non-``#`` lines mostly http(s) URLs): one unit per URL,
  streamed, and a recorded failure per other line;
* a JSON Lines file (``.jsonl``, ``.ndjson``, also gzipped): one unit per line, streamed;
* anything else (HTML, text, markdown, a JSON document): read by ``parallax.read_many``.

Devices, FIFOs and sockets are refused before they are opened (reading /dev/zero never
ends; opening a FIFO blocks). Every failure names an absolute, resolved path, so the same
broken input ingested from another directory counts again on the same failure row.

Reading a unit does only the input/output (open, fetch, stream a record) and returns
picklable ``RawItem``s; turning them into articles (HTML extraction, text cleaning) is
CPU work that ``extract`` does in the analysis workers, so it runs on every core. A URL is
only fetched when its unit is read; if the page turns out to be a feed, its entries come
back as further units.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from parallax.errors import InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES, decode, looks_binary
from parallax.ingest import ReadResult, read_many
from parallax.ingest.feeds import FeedEntry, feed_entries
from parallax.ingest.files import HTTP_URL
from parallax.ingest.kinds import HEAD_BYTES, looks_like_feed, looks_like_warc_head
from parallax.ingest.warc import PassedOver, WarcPage, iter_warc
from parallax.model import Article

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
# How much of a file decides whether it is a list of URLs (the rest is streamed).
_URL_LIST_HEAD = 1 << 16
# A longer line is no URL; it is read past in pieces, never held whole.
_URL_LINE_MAX = 8192


@dataclass(frozen=True)
class RawItem:
    """Input read but not yet extracted; ``kind`` says how ``extract`` turns it into articles:

    * ``path``: a local file for ``parallax.read_many`` (HTML, text, markdown, JSON);
    * ``markup``: fetched or archived bytes (``payload``), decoded with ``charset``;
    * ``record``: one JSON Lines record (``payload`` is the line);
    * ``article``: an ``Article`` already read (``payload``);
    * ``passed``: an archive record that holds no article (``payload`` says why): counted, not stored;
    * ``error``: the unit failed while being read (``error``).

    ``name`` is the article's source when it differs from the key (an archived page is
    named by its URL, while the key is its place in the archive, which a rerun skips by);
    ``title`` and ``published`` come from a feed entry, used when the page states none;
    ``captured`` is when an archive captured the page (``Article.captured``).
    """

    key: str
    kind: str
    payload: object = None
    url: str | None = None
    charset: str | None = None
    name: str | None = None
    title: str | None = None
    published: str | None = None
    captured: str | None = None
    error: ParallaxError | None = None


@dataclass(frozen=True)
class Unit:
    """One piece of input with a stable ``key``; ``read`` does its input/output and returns
    raw items, or, for a URL that turned out to be a feed, the entries as further units."""

    key: str
    read: Callable[[], list[RawItem | Unit]]


@dataclass(frozen=True)
class ReadOptions:
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


def expand(sources: list[str], options: ReadOptions) -> Iterator[Unit]:
    """Units of every source, in order; a source that cannot be opened is one failing unit."""
    for source in sources:
        if HTTP_URL.match(source):
            yield url_unit(source, options)
            continue
        if source == "-":
            data = _stdin_bytes(options.max_bytes)
            yield Unit("-", lambda: [RawItem("-", "markup", data)])
            continue
        path = Path(source).expanduser()
        name = str(path.resolve())
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            yield _failing(name, InputError(name, "no such file or directory"))
            continue
        except OSError as error:
            yield _failing(name, InputError(name, f"cannot read: {error.strerror or error}"))
            continue
        if stat.S_ISDIR(mode):
            files = [child for child in sorted(path.rglob("*")) if child.is_file() and not _hidden(child, path)]
            if not files:
                yield _failing(name, InputError(name, "directory holds no files"))
            for file in files:
                yield from _file_units(file, options)
        elif stat.S_ISREG(mode):
            yield from _file_units(path, options)
        else:
            from parallax.ingest.files import not_regular_reason

            yield _failing(name, InputError(name, not_regular_reason(mode)))


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def _failing(key: str, error: ParallaxError) -> Unit:
    return Unit(key, lambda: [RawItem(error.source or key, "error", error=error)])


def _stdin_bytes(max_bytes: int) -> bytes:
    from parallax.ingest.files import read_stdin

    return read_stdin(max_bytes)


def _file_units(path: Path, options: ReadOptions) -> Iterator[Unit]:
    """The file's units, its kind told from its first bytes, read once for every test."""
    key = str(path.resolve())
    try:
        with path.open("rb") as handle:
            head = handle.read(_URL_LIST_HEAD + 1)
    except OSError as error:
        yield _failing(key, InputError(key, f"cannot open: {error.strerror or error}"))
        return
    if looks_like_warc_head(head[:HEAD_BYTES]):
        yield from _warc_units(path, options)
        return
    if path.name.lower().endswith(_JSONL_SUFFIXES):
        yield from _jsonl_units(path)
        return
    if looks_like_feed(head):
        yield from _feed_file_units(path, key, options)
        return
    if _is_url_list(head):
        yield from _url_list_units(path, key, options)
        return
    yield Unit(key, lambda: [RawItem(key, "path", key)])


def _is_url_list(head: bytes) -> bool:
    """Whether a file starting with ``head`` (its first 64 KB and a byte) is a list of URLs:
    most of the non-blank, non-comment lines there are http(s) URLs. Mostly, not all: one
    stray line must not turn a list into an "article" of addresses; the stray lines become
    failures of their own."""
    if looks_binary(head[:HEAD_BYTES]):
        return False
    lines = head.splitlines()
    if len(head) > _URL_LIST_HEAD:
        lines = lines[:-1]  # cut off mid-line
    content = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith(b"#")]
    urls = sum(1 for line in content if HTTP_URL.match(line.decode("utf-8", "replace").lstrip("\ufeff")))
    return urls > len(content) - urls


def _url_list_units(path: Path, key: str, options: ReadOptions) -> Iterator[Unit]:
    """One unit per URL, streamed line by line (a list of a million URLs never sits in
    memory and has no size cap); any other line is a failure naming its line."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield _failing(key, InputError(key, f"cannot open: {error.strerror or error}"))
        return
    with handle:
        for number, (raw, whole) in enumerate(_bounded_lines(handle, _URL_LINE_MAX), start=1):
            line = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            if whole and HTTP_URL.match(line):
                yield url_unit(line, options)
                continue
            name = f"{key}#L{number}"
            shown = line if len(line) <= 80 else line[:79] + "…"
            yield _failing(name, InputError(name, f"not an http(s) URL: {shown!r}"))


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Each line's first ``limit`` bytes, and whether that is all of it (the rest of a
    longer line is read past, never held)."""
    while line := handle.readline(limit):
        whole = line.endswith(b"\n") or len(line) < limit
        if not whole:
            while (rest := handle.readline(limit)) and not rest.endswith(b"\n"):
                pass
        yield line, whole


def _feed_file_units(path: Path, key: str, options: ReadOptions) -> Iterator[Unit]:
    from parallax.ingest.files import read_bytes

    try:
        data = read_bytes(path, options.max_bytes)
    except ParallaxError as error:
        yield _failing(key, error)
        return
    yield from _entry_units(data, key, options)


def _entry_units(data: bytes, feed: str, options: ReadOptions, url: str | None = None) -> Iterator[Unit]:
    """``url``: the address the feed was fetched from, which its relative links are resolved against."""
    for entry in feed_entries(data, feed, url=url):
        if isinstance(entry, ParallaxError):
            yield _failing(entry.source, entry)
        else:
            yield Unit(entry.key, _entry_reader(entry, options))


def _entry_reader(entry: FeedEntry, options: ReadOptions) -> Callable[[], list[RawItem | Unit]]:
    """Fetches the entry's page, or for an entry that carries its article, reads that."""
    def read() -> list[RawItem | Unit]:
        from parallax.ingest.web import fetch

        if entry.link is None:
            assert entry.content is not None
            return [RawItem(entry.key, "markup", entry.content.encode(), charset="utf-8",
                            title=entry.title, published=entry.published)]
        try:
            page = fetch(entry.link, allow_private=options.allow_private, max_bytes=options.max_bytes)
        except ParallaxError as error:
            return [RawItem(entry.key, "error", error=error)]
        return [RawItem(entry.key, "markup", page.body, url=page.final_url, charset=page.charset,
                        title=entry.title, published=entry.published)]

    return read


def url_unit(url: str, options: ReadOptions) -> Unit:
    """A URL's unit: its page's article, or, when the page is a feed, the feed's entries."""

    def read() -> list[RawItem | Unit]:
        from parallax.ingest.web import fetch

        try:
            page = fetch(url, allow_private=options.allow_private, max_bytes=options.max_bytes)
        except ParallaxError as error:
            return [RawItem(url, "error", error=error)]
        if looks_like_feed(page.body):
            return list(_entry_units(page.body, url, options, url=page.final_url))
        return [RawItem(url, "markup", page.body, url=page.final_url, charset=page.charset)]

    return Unit(url, read)


def _warc_units(path: Path, options: ReadOptions) -> Iterator[Unit]:
    """The archive's pages, its damaged records as failures, and a counted unit for each
    response that holds no article (so the summary says how many were passed over)."""
    for item in iter_warc(path.resolve(), max_bytes=options.max_bytes, passed_over=True):
        if isinstance(item, ParallaxError):
            yield _failing(item.source, item)
        elif isinstance(item, PassedOver):
            yield _passed_unit(item)
        else:
            yield Unit(item.key, _warc_reader(item))


def _passed_unit(item: PassedOver) -> Unit:
    return Unit(item.key, lambda: [RawItem(item.key, "passed", item.reason)])


def _warc_reader(page: WarcPage) -> Callable[[], list[RawItem | Unit]]:
    return lambda: [RawItem(page.key, "markup", page.body, url=page.url, charset=page.charset, name=page.url,
                            captured=page.date)]


def _jsonl_units(path: Path) -> Iterator[Unit]:
    """One unit per line, streamed: a dump of millions of records never sits in memory.
    Each line is decoded on its own (a dump mixing UTF-8 and Latin-1 lines keeps its
    accents); a binary or empty file is one failure, not one per line.

    A record's key is the dump's path plus a hash of the line (``record_key``), not its
    line number: a regenerated dump shifts lines and edits records, and a line-number key
    would skip the new record now at an old number. So an unchanged record is skipped on a
    rerun before it is read, wherever it moved; a new or edited one is a new key and is
    ingested; a line repeated byte for byte is the same record, stored once. Errors and
    articles are still named by the line (``<file>#L<n>``), which is what a reader looks up.
    """
    key = str(path.resolve())
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        handle = opener(path, "rb")
    except OSError as error:
        yield _failing(key, InputError(key, f"cannot open: {error.strerror or error}"))
        return
    with handle:
        lines = 0
        try:
            head = handle.read(HEAD_BYTES)
            if looks_binary(head):
                yield _failing(key, InputError(key, "binary content, not JSON Lines"))
                return
            handle.seek(0)
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                lines += 1
                name = f"{key}#L{number}"
                try:
                    line = raw.decode("utf-8-sig")  # almost every line: the cheap way (a BOM dropped)
                except UnicodeDecodeError:
                    try:
                        line = decode(raw, name)
                    except InputError as error:
                        yield _failing(name, error)
                        continue
                unit_key = record_key(key, raw)
                yield Unit(unit_key, _jsonl_reader(line, unit_key, name))
        except (OSError, EOFError) as error:  # a truncated .gz
            yield _failing(f"{key}#end", InputError(key, f"cannot read to the end: {error}"))
            return
        if not lines:
            yield _failing(key, InputError(key, "empty input: no JSON lines"))


def record_key(dump: str, raw_line: bytes) -> str:
    """A JSON Lines record's key: ``<dump>#<16 hex digits of the line's BLAKE2b hash>``
    (the line without its line ending, byte-order mark or surrounding blanks)."""
    content = raw_line.strip().removeprefix(b"\xef\xbb\xbf")
    return f"{dump}#{hashlib.blake2b(content, digest_size=8).hexdigest()}"


def _jsonl_reader(line: str, key: str, name: str) -> Callable[[], list[RawItem | Unit]]:
    return lambda: [RawItem(key, "record", line, name=name)]


# --- extraction (runs in the analysis workers) ---------------------------------------------------


def extract(item: RawItem, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ReadResult]:
    """The articles of one raw item, failures included, each named by its source."""
    try:
        if item.kind == "error":
            assert item.error is not None
            return [ReadResult(source=item.key, error=item.error)]
        if item.kind == "article":
            assert isinstance(item.payload, Article)
            return [ReadResult(source=item.key, article=item.payload)]
        if item.kind == "path":
            results = list(read_many([str(item.payload)], max_bytes=max_bytes))
            if len(results) == 1 and results[0].article is not None:  # one article: keyed by its file,
                return [ReadResult(source=item.key, article=results[0].article)]  # which a rerun skips
            return results
        if item.kind == "record":
            return [_record_result(str(item.payload), item.key, item.name or item.key)]
        return _markup_results(item)
    except ParallaxError as error:
        return [ReadResult(source=item.key, error=error)]
    except Exception as error:  # an extractor bug must not stop the batch; it is recorded
        return [ReadResult(source=item.key, error=InputError(item.key, f"unexpected error: {error!r}"))]


def _record_result(line: str, key: str, name: str) -> ReadResult:
    """One JSON Lines record: stored under ``key``, the article named by its URL when the
    record gives one (as an archived page is), else by ``name``, its line; errors name the line."""
    from parallax.ingest.files import article_from_record

    try:
        record = json.loads(line)
        article = article_from_record(record, source=name, name_by_url=True)
    except json.JSONDecodeError as error:
        return ReadResult(source=name, error=InputError(name, f"malformed JSON: {error.msg}"))
    except ParallaxError as error:
        return ReadResult(source=name, error=error)
    return ReadResult(source=key, article=article)


def _markup_results(item: RawItem) -> list[ReadResult]:
    from parallax.ingest.files import articles_from_text

    assert isinstance(item.payload, bytes)
    text = decode(item.payload, item.key, declared=item.charset)
    name = item.name or item.key
    results = []
    for found in articles_from_text(text, source=name, url=item.url):
        if isinstance(found, ParallaxError):
            results.append(ReadResult(source=item.key, error=found))
            continue
        if not found.title and item.title:
            found.title = item.title
        if not found.published and item.published:
            found.published = item.published
        found.captured = found.captured or item.captured
        results.append(ReadResult(source=item.key if found.source == name else found.source, article=found))
    return results
