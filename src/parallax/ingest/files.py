"""Reading articles from local sources: files, directories, stdin, JSON and JSON Lines.

The format is decided by the content, not the extension: a ``.txt`` holding HTML is
read as HTML, one holding markdown as markdown.
"""

from __future__ import annotations

import json
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parallax.errors import InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES, decode
from parallax.extract.metadata import iso_time
from parallax.extract.text import extract_text, split_names
from parallax.ingest.kinds import refuse_non_article
from parallax.model import Article, content_id

# A whole http(s) address, as a record or a URL list gives one.
HTTP_URL = re.compile(r"^https?://\S+$", re.I)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"</?(p|div|span|a|br|article|section|h[1-6]|li|ul|body|html)\b[^>]*>", re.I)

# spaCy's parser and entity recogniser refuse longer texts (``nlp.max_length``: they need
# about 1 GB of memory per 100,000 characters); a news article is a few thousand.
MAX_ARTICLE_CHARS = 1_000_000
# Field names seen in news dumps (news-please, CC-News exports, GDELT, scrapers).
_TEXT_FIELDS = ("text", "content", "body", "articleBody", "maintext", "article", "html", "raw_html")
_TITLE_FIELDS = ("title", "headline", "name")
_URL_FIELDS = ("url", "uri", "link", "source_url", "canonical_url")
_DATE_FIELDS = ("published", "date_publish", "date", "datePublished", "pubDate", "dct", "published_at")
# When a crawler fetched the page (news-please / CC-News dumps: date_download).
_CAPTURE_FIELDS = ("captured", "date_download", "date_crawled", "crawled_at", "fetched_at")
_OUTLET_FIELDS = ("outlet", "site_name", "source_name", "publisher", "domain", "source_domain")
_AUTHOR_FIELDS = ("byline", "authors", "author")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing missing, unreadable, non-regular and oversize files with a reason.

    The type is checked before opening (a FIFO would block in ``open``) and at most
    ``max_bytes + 1`` bytes are read, since a size from ``stat`` can lie (0 for /proc files).
    """
    name = str(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror}") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(name, "is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(name, not_regular_reason(status.st_mode))
    if status.st_size <= max_bytes:
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(name, f"cannot read: {error.strerror}") from None
        if len(data) <= max_bytes:
            return data
    shown = _megabytes(status.st_size) if status.st_size > max_bytes else f"more than {_megabytes(max_bytes)}"
    raise InputError(name, f"larger than the {_megabytes(max_bytes)} cap ({shown}); raise --max-bytes")


def not_regular_reason(mode: int) -> str:
    """Why a device, FIFO or socket is refused: reading one may never end (/dev/zero) or block (a FIFO)."""
    kinds = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISSOCK, "a socket"))
    kind = next((label for test, label in kinds if test(mode)), "a special file")
    return f"not a regular file ({kind}); pipe it through `-` (standard input) instead"


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("-", f"standard input is larger than the {_megabytes(max_bytes)} cap; raise --max-bytes")
    return data


def _megabytes(size: int) -> str:
    if size < 100_000:
        return f"{size:,} bytes"
    return f"{size / 1_000_000:.1f} MB" if size % 1_000_000 else f"{size // 1_000_000} MB"


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000])) or len(_HTML_TAGS.findall(text[:20000])) >= 5


def articles_from_text(
    text: str, *, source: str, url: str | None = None, name_by_url: bool = False
) -> Iterator[Article | ParallaxError]:
    """Every article in a decoded input: one for HTML or text, one per JSON record.

    A JSON record that fails is yielded as its error, so the other records go through;
    ``name_by_url``: see ``article_from_record``.
    """
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        records = _json_records(text, source)
        if records is not None:
            yield from _articles_from_records(records, source, name_by_url=name_by_url)
            return
    yield article_from_markup(text, source=source, url=url)


def article_from_markup(text: str, *, source: str, url: str | None = None) -> Article:
    """HTML through trafilatura; plain text and markdown through our own cleaner. A feed or
    an archive, and an article longer than the analysis can take, are refused here, where
    every single article is read (a file, a fetched page, a feed entry's page, a JSON record)."""
    refuse_non_article(text, source)
    if looks_like_html(text):
        from parallax.extract.html import extract_html

        article = extract_html(text, source=source, url=url)
    else:
        article = extract_text(text, source=source, url=url)
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(source, f"article text too long to analyse: {len(article.text):,} characters "
                                 f"(at most {MAX_ARTICLE_CHARS:,})")
    return article


def _json_records(text: str, source: str) -> list[tuple[str, Any]] | None:
    """Records of a JSON document or of JSON Lines, each with its own source name."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None
    else:
        items = document if isinstance(document, list) else [document]
        return [(source if len(items) == 1 else f"{source}#{index + 1}", item) for index, item in enumerate(items)]
    records: list[tuple[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((f"{source}#L{number}", json.loads(line)))
        except json.JSONDecodeError as error:
            if number == 1:
                return None  # not JSON at all: text that happens to start with a brace
            records.append((f"{source}#L{number}", InputError(f"{source}#L{number}", f"malformed JSON: {error.msg}")))
    return records


def _articles_from_records(
    records: list[tuple[str, Any]], source: str, *, name_by_url: bool = False
) -> Iterator[Article | ParallaxError]:
    if not records:
        yield InputError(source, "empty JSON document")
    for record_source, record in records:
        if isinstance(record, ParallaxError):
            yield record
            continue
        try:
            yield article_from_record(record, source=record_source, name_by_url=name_by_url)
        except ParallaxError as error:  # one bad record must not stop the batch
            yield error


def article_from_record(record: Any, *, source: str, name_by_url: bool = False) -> Article:
    """An article from one JSON object with title/text/url-like fields.

    Only the text is required: a record whose text fields are absent, empty or of another JSON
    type fails saying which (``"text" is a number, not text``). The other fields are extras a
    dump user would rather lose than lose the article over: one of the wrong type is passed
    over as if absent (the next field of its kind is tried), and so is a date that cannot be
    read (``iso_time``: dates are stored as ISO 8601 or not at all, epoch numbers included).
    Authors may be a string of names, a list of names, or schema.org objects with a ``name``.

    With ``name_by_url`` an article whose record gives an http(s) address is named by it
    (``Article.source``), as a fetched or archived page is: that is how the address reaches
    the corpus (``articles.url``), ``read --json`` and the story reports. Errors still name
    ``source`` (the record's place). Off by default: the evaluations key articles by source.
    """
    if not isinstance(record, dict):
        raise InputError(source, "JSON record is not an object")
    body = _first_text(record, _TEXT_FIELDS)
    if body is None:
        raise InputError(source, _missing_text_reason(record))
    article = article_from_markup(body, source=source, url=_first_text(record, _URL_FIELDS))
    title = _first_text(record, _TITLE_FIELDS)
    if title:
        article.title = title.strip()
    if not article.published:
        article.published = _first_time(record, _DATE_FIELDS)
    article.captured = _first_time(record, _CAPTURE_FIELDS) or article.captured
    outlet = _first_text(record, _OUTLET_FIELDS)
    if outlet:
        article.outlet = outlet.strip()
    byline = next((names for name in _AUTHOR_FIELDS if (names := _author_names(record.get(name)))), None)
    if byline:
        article.byline = byline
    article.id = content_id(article.title, article.paragraphs)
    web_address = record_url(record)
    if name_by_url and web_address:
        article.source = web_address
    return article


def record_url(record: dict[str, Any]) -> str | None:
    """The record's http(s) address, if it gives one (an ``ftp:`` or relative one is no page to cite)."""
    url = (_first_text(record, _URL_FIELDS) or "").strip()
    return url if HTTP_URL.match(url) else None


def _first_text(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of the fields that holds non-blank text; a field of another type counts as absent."""
    return next((value for name in names if isinstance(value := record.get(name), str) and value.strip()), None)


def _first_time(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of the fields that holds a readable date or time, as ISO 8601."""
    return next((time for name in names if (time := iso_time(record.get(name)))), None)


def _missing_text_reason(record: dict[str, Any]) -> str:
    """What is wrong with the record's text: a text field of the wrong type is not a missing one."""
    for name in _TEXT_FIELDS:
        value = record.get(name)
        if isinstance(value, str):
            return f"JSON record's {json.dumps(name)} is empty"
        if value is not None:
            return f"JSON record's {json.dumps(name)} is {_json_type(value)}, not text"
    return f"JSON record has no text field (one of {', '.join(_TEXT_FIELDS)})"


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return json.dumps(value)  # true or false
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def _author_names(value: object) -> list[str]:
    """Names from a byline string ("Jane Roe and Ann Lee"), a list of names, or schema.org
    person objects (``{"name": "Jane Roe"}``); anything else gives none."""
    if isinstance(value, str):
        return split_names(value) if value.strip() else []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    names = (item.get("name") if isinstance(item, dict) else item for item in value)
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def iter_directory(path: Path) -> Iterator[Path]:
    """Every regular, non-hidden file below ``path``, in a stable order."""
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
            yield child


def decode_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    return decode(read_bytes(path, max_bytes), str(path))
