"""The names readers know articles by: the outlet, else where the article came from (a
site's host, a file's name). One place, so that a finding's reason ("only ferry.txt
reports this") and the report's columns name an article alike, never by its content hash;
two articles that would share a name are told apart by a number ("Harbour News (2)")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def source(self) -> str: ...


def source_name(source: str) -> str:
    """'https://www.example.org/a/b' -> 'example.org'; 'notes/ferry.txt' -> 'ferry.txt'."""
    source = source.strip()
    try:
        parts = urlsplit(source)
    except ValueError:
        parts = None
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.hostname:
        return parts.hostname.removeprefix("www.")
    return source.rstrip("/").rsplit("/", 1)[-1]


def reader_names(articles: Sequence[Named]) -> dict[str, str]:
    """Each article's id -> a name unique among ``articles``, in their order."""
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for index, article in enumerate(articles):
        name = " ".join((article.outlet or "").split()) or source_name(article.source) or f"Article {index + 1}"
        seen[name] = seen.get(name, 0) + 1
        names[article.id] = f"{name} ({seen[name]})" if seen[name] > 1 else name
    return names
