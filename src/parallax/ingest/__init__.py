"""Sources to articles: the first stage of the pipeline.

``read`` turns one source into one ``Article``; ``read_many`` walks many sources
(directories, JSON Lines dumps) and yields a result per article, failures included, so a
batch never stops at one bad input and nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from parallax.errors import InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES, decode
from parallax.ingest.files import articles_from_text, iter_directory, read_bytes, read_stdin
from parallax.ingest.kinds import refuse_non_article
from parallax.model import Article

_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class ReadResult:
    """One article read from ``source``, or the error that stopped it."""

    source: str
    article: Article | None = None
    error: ParallaxError | None = None


def read(source: str | Path, *, allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article from a path, a URL, or ``-`` (stdin).

    Raises a ``ParallaxError`` naming the input when it cannot be read or holds no
    article; a source holding several articles (a directory, a JSON Lines dump) is an
    error here: use ``read_many``.
    """
    return _only_article(list(_read_source(str(source), allow_private=allow_private, max_bytes=max_bytes)), str(source))


def read_text(text: str | bytes, *, source: str = "<text>", url: str | None = None) -> Article:
    """Read one article from text already in memory: plain text, Markdown, HTML or a JSON record.

    For notebooks and for callers that fetched the page themselves; ``source`` names the
    text in errors and in the article's id, ``url`` is kept as the article's address.
    Bytes (a page's raw body) are decoded as files are.
    """
    if isinstance(text, bytes | bytearray):
        text = _decode_input(bytes(text), source)
    elif not isinstance(text, str):
        raise TypeError(f"read_text() takes the text as str or bytes, not {type(text).__name__}")
    return _only_article(list(_results(text, source=source, url=url)), source)


def _only_article(results: list[ReadResult], source: str) -> Article:
    if len(results) != 1:
        raise InputError(source, f"holds {len(results)} articles; use read_many() or `parallax read`")
    result = results[0]
    if result.error is not None:
        raise result.error
    assert result.article is not None
    return result.article


def read_many(
    sources: Iterable[str | Path] | str | Path, *, allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """Every article in every source, in order; failures come as results with an error.

    One path or URL on its own counts as one source, not as a sequence of characters.
    """
    if isinstance(sources, str | Path):
        sources = [sources]
    for source in sources:
        yield from _read_source(str(source), allow_private=allow_private, max_bytes=max_bytes)


def _read_source(source: str, *, allow_private: bool, max_bytes: int) -> Iterator[ReadResult]:
    try:
        if _URL.match(source):
            yield from _read_url(source, allow_private=allow_private, max_bytes=max_bytes)
            return
        if source == "-":
            yield from _results(_decode_input(read_stdin(max_bytes), "-"), source="-")
            return
        path = Path(source)
        if _is_directory(path):
            files = list(iter_directory(path))
            if not files:
                raise InputError(source, "directory holds no files")
            for file in files:
                yield from _read_source(str(file), allow_private=allow_private, max_bytes=max_bytes)
            return
        yield from _results(_decode_input(read_bytes(path, max_bytes), source), source=source)
    except ParallaxError as error:
        yield ReadResult(source=error.source, error=error)


def _is_directory(path: Path) -> bool:
    """``Path.is_dir`` that names the input when the name itself cannot be a path."""
    try:
        return path.is_dir()
    except OSError as error:
        hint = "; to read text held in memory use parallax.read_text()" if "\n" in str(path) or len(str(path)) > 255 else ""
        raise InputError(_shorten(str(path)), f"cannot read: {error.strerror}{hint}") from None


def _shorten(name: str, limit: int = 80) -> str:
    flat = " ".join(name.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _read_url(url: str, *, allow_private: bool, max_bytes: int) -> Iterator[ReadResult]:
    from parallax.ingest.web import fetch

    page = fetch(url, allow_private=allow_private, max_bytes=max_bytes)
    text = _decode_input(page.body, url, declared=page.charset)
    yield from _results(text, source=url, url=page.final_url)


def _decode_input(data: bytes, source: str, declared: str | None = None) -> str:
    """The text of one input, after refusing a feed or an archive by its raw bytes (a
    gzipped archive would otherwise be refused only as "binary content")."""
    refuse_non_article(data, source)
    return decode(data, source, declared=declared)


def _results(text: str, *, source: str, url: str | None = None) -> Iterator[ReadResult]:
    """The articles of one decoded input; a JSON record giving an http(s) address is named by it."""
    iterator = articles_from_text(text, source=source, url=url, name_by_url=True)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except ParallaxError as error:
            yield ReadResult(source=error.source, error=error)
            return
        if isinstance(item, ParallaxError):
            yield ReadResult(source=item.source, error=item)
        else:
            yield ReadResult(source=item.source, article=item)
