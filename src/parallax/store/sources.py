"""What ``parallax ingest`` accepts, cut into units that each give at most a few articles.

A unit has a stable ``key`` (an absolute path, a URL, ``<file>#L<line>`` for a JSON Lines
record, ``<file>#<offset>`` for a WARC record) so that a rerun skips the units already
stored before reading them, and a ``read`` that does the work (open, fetch, extract).
Sources are recognised by their content, not their names:

* a directory: every file below it, each recognised on its own;
* a WARC or WARC.gz file: one unit per HTML response;
* an RSS/Atom feed (a file or a URL): one unit per entry, fetching the entry's link;
* a file of URLs (every non-blank line a URL; ``#`` comments allowed): one unit per URL;
* a JSON Lines file (``.jsonl``, ``.ndjson``, also gzipped): one unit per line, streamed;
* anything else (HTML, text, markdown, a JSON document): read by ``parallax.read_many``.

Reading a unit does only the input/output (open, fetch, stream a record) and returns
picklable ``RawItem``s; turning them into articles (HTML extraction, text cleaning) is
CPU work that ``extract`` does in the analysis workers, so it runs on every core. A URL is
only fetched when its unit is read; if the page turns out to be a feed, its entries come
back as further units.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from parallax.errors import InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES, decode, looks_binary
from parallax.ingest import ReadResult, read_many
from parallax.ingest.feeds import FeedEntry, feed_entries, looks_like_feed
from parallax.ingest.warc import WarcPage, iter_warc, looks_like_warc
from parallax.model import Article

_URL = re.compile(r"^https?://\S+$", re.I)
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
# A file of URLs is small; anything larger is read as an article.
_URL_LIST_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class RawItem:
    """Input read but not yet extracted; ``kind`` says how ``extract`` turns it into articles:

    * ``path``: a local file for ``parallax.read_many`` (HTML, text, markdown, JSON);
    * ``markup``: fetched or archived bytes (``payload``), decoded with ``charset``;
    * ``record``: one JSON Lines record (``payload`` is the line);
    * ``article``: an ``Article`` already read (``payload``);
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
        if _URL.match(source):
            yield url_unit(source, options)
            continue
        if source == "-":
            data = _stdin_bytes(options.max_bytes)
            yield Unit("-", lambda: [RawItem("-", "markup", data)])
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            files = [child for child in sorted(path.rglob("*")) if child.is_file() and not _hidden(child, path)]
            if not files:
                yield _failing(str(path.resolve()), InputError(source, "directory holds no files"))
            for file in files:
                yield from _file_units(file, options)
        elif path.exists():
            yield from _file_units(path, options)
        else:
            yield _failing(source, InputError(source, "no such file or directory"))


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def _failing(key: str, error: ParallaxError) -> Unit:
    return Unit(key, lambda: [RawItem(error.source or key, "error", error=error)])


def _stdin_bytes(max_bytes: int) -> bytes:
    from parallax.ingest.files import read_stdin

    return read_stdin(max_bytes)


def _file_units(path: Path, options: ReadOptions) -> Iterator[Unit]:
    key = str(path.resolve())
    if looks_like_warc(path):
        yield from _warc_units(path, options)
        return
    if path.name.lower().endswith(_JSONL_SUFFIXES):
        yield from _jsonl_units(path)
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        yield _failing(key, InputError(str(path), f"cannot open: {error.strerror or error}"))
        return
    if looks_like_feed(head):
        yield from _feed_file_units(path, key, options)
        return
    urls = _url_list(path, head)
    if urls is not None:
        for url in urls:
            yield url_unit(url, options)
        return
    yield Unit(key, lambda: [RawItem(key, "path", key)])


def _url_list(path: Path, head: bytes) -> list[str] | None:
    """The URLs of a file that holds nothing else, or None."""
    first = next((line.strip() for line in head.splitlines() if line.strip() and not line.startswith(b"#")), b"")
    if not _URL.match(first.decode("utf-8", "replace")):
        return None
    if path.stat().st_size > _URL_LIST_MAX_BYTES:
        return None
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    return urls if urls and all(_URL.match(url) for url in urls) else None


def _feed_file_units(path: Path, key: str, options: ReadOptions) -> Iterator[Unit]:
    from parallax.ingest.files import read_bytes

    try:
        data = read_bytes(path, options.max_bytes)
    except ParallaxError as error:
        yield _failing(key, error)
        return
    yield from _entry_units(data, key, options)


def _entry_units(data: bytes, feed: str, options: ReadOptions) -> Iterator[Unit]:
    for entry in feed_entries(data, feed):
        if isinstance(entry, ParallaxError):
            yield _failing(entry.source, entry)
        else:
            yield Unit(entry.key, _entry_reader(entry, options))


def _entry_reader(entry: FeedEntry, options: ReadOptions) -> Callable[[], list[RawItem | Unit]]:
    def read() -> list[RawItem | Unit]:
        from parallax.ingest.web import fetch

        assert entry.link is not None
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
            return list(_entry_units(page.body, url, options))
        return [RawItem(url, "markup", page.body, url=page.final_url, charset=page.charset)]

    return Unit(url, read)


def _warc_units(path: Path, options: ReadOptions) -> Iterator[Unit]:
    for item in iter_warc(path, max_bytes=options.max_bytes):
        if isinstance(item, ParallaxError):
            yield _failing(item.source, item)
        else:
            yield Unit(item.key, _warc_reader(item))


def _warc_reader(page: WarcPage) -> Callable[[], list[RawItem | Unit]]:
    return lambda: [RawItem(page.key, "markup", page.body, url=page.url, charset=page.charset, name=page.url,
                            captured=page.date)]


def _jsonl_units(path: Path) -> Iterator[Unit]:
    """One unit per line, streamed: a dump of millions of records never sits in memory.
    Each line is decoded on its own (a dump mixing UTF-8 and Latin-1 lines keeps its
    accents); a binary or empty file is one failure, not one per line."""
    key = str(path.resolve())
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        handle = opener(path, "rb")
    except OSError as error:
        yield _failing(key, InputError(str(path), f"cannot open: {error.strerror or error}"))
        return
    with handle:
        lines = 0
        try:
            head = handle.read(4096)
            if looks_binary(head):
                yield _failing(key, InputError(str(path), "binary content, not JSON Lines"))
                return
            handle.seek(0)
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                lines += 1
                source = f"{key}#L{number}"
                try:
                    line = raw.decode("utf-8-sig")  # almost every line: the cheap way (a BOM dropped)
                except UnicodeDecodeError:
                    try:
                        line = decode(raw, source)
                    except InputError as error:
                        yield _failing(source, error)
                        continue
                yield Unit(source, _jsonl_reader(line, source))
        except (OSError, EOFError) as error:  # a truncated .gz
            yield _failing(f"{key}#end", InputError(key, f"cannot read to the end: {error}"))
            return
        if not lines:
            yield _failing(key, InputError(str(path), "empty input: no JSON lines"))


def _jsonl_reader(line: str, source: str) -> Callable[[], list[RawItem | Unit]]:
    return lambda: [RawItem(source, "record", line)]


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
            return list(read_many([str(item.payload)], max_bytes=max_bytes))
        if item.kind == "record":
            return [_record_result(str(item.payload), item.key)]
        return _markup_results(item)
    except ParallaxError as error:
        return [ReadResult(source=item.key, error=error)]
    except Exception as error:  # an extractor bug must not stop the batch; it is recorded
        return [ReadResult(source=item.key, error=InputError(item.key, f"unexpected error: {error!r}"))]


def _record_result(line: str, source: str) -> ReadResult:
    from parallax.ingest.files import article_from_record

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return ReadResult(source=source, error=InputError(source, f"malformed JSON: {error.msg}"))
    return ReadResult(source=source, article=article_from_record(record, source=source))


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
