"""The corpus store: articles, analyses, embeddings, duplicates and stories in one database.

SQLite by default (``./parallax.db``), any SQLAlchemy URL otherwise; written through
SQLAlchemy Core so that PostgreSQL needs no rewrite (full-text search uses FTS5 on SQLite,
a GIN text-search index on PostgreSQL, ``LIKE`` elsewhere). On SQLite the database runs in WAL mode, so
stories can be listed and searched while an ingest writes, and every write is one short
transaction (see ``parallax.store.ingest``), so a killed ingest leaves a consistent file.

    store = Store("parallax.db")
    for story in store.stories():
        print(story.id, story.title, story.article_count)
"""

from __future__ import annotations

import json
import os
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from parallax.errors import InputError, first_line
from parallax.model import PARAGRAPH_SEPARATOR, Analysis, Article
from parallax.store import schema
from parallax.store.migrations import migrate

DEFAULT_DB = "parallax.db"
# How long a write waits for another writer's lock before giving up (SQLite busy timeout).
BUSY_TIMEOUT_MS = 30_000

__all__ = [
    "DEFAULT_DB",
    "ArticleRow",
    "Failure",
    "SearchHit",
    "Store",
    "StoryDetail",
    "StorySummary",
    "database_url",
    "now_iso",
]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Story ids are SQLite's signed 64-bit integers: a larger id names no story.
MAX_STORY_ID = 2**63 - 1


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a bare path as a SQLite file."""
    if db is None:
        return f"sqlite:///{DEFAULT_DB}"
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


@dataclass(frozen=True)
class StorySummary:
    id: int
    title: str | None
    article_count: int
    voices: int  # articles minus near-duplicates and wire copies: distinct texts
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "article_count": self.article_count, "voices": self.voices,
            "outlets": self.outlets, "first_seen": self.first_seen, "last_seen": self.last_seen,
        }


@dataclass(frozen=True)
class ArticleRow:
    """An article of a story, with why it joined and whose text it copies, if anyone's."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str
    score: float
    similarity: float
    shared_entities: list[str]
    reason: str
    copy_of: str | None = None
    copy_kind: str | None = None
    republished_by: list[str] = field(default_factory=list)  # outlets of exact and near copies


@dataclass(frozen=True)
class StoryDetail:
    summary: StorySummary
    articles: list[ArticleRow]


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: int | None
    snippet: str


@dataclass(frozen=True)
class Failure:
    source: str
    kind: str
    reason: str
    attempts: int
    last_seen: str


class Store:
    """One corpus database; opening it applies any pending migration."""

    def __init__(self, db: str | Path | None = None, *, create: bool = True) -> None:
        """``create=False`` for readers: a SQLite file that does not exist is an error (a
        mistyped ``--db``), not a new empty corpus."""
        self.url = database_url(db)
        if not create:
            _require_existing(self.url)
        self.engine = _create_engine(self.url)
        self.in_memory = _in_memory(self.url)
        try:
            self.version = migrate(self.engine)
        except SQLAlchemyError as error:  # not a database, a server that does not answer, no rights
            self.engine.dispose()
            raise InputError(_shown(self.url), f"cannot open the corpus database: {first_line(error)}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; on SQLite it takes the write lock at once (BEGIN
        IMMEDIATE) so that two writers queue instead of failing halfway."""
        with self.engine.connect().execution_options(parallax_immediate=True) as connection:
            with connection.begin():
                yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    # --- the ingest lock ---------------------------------------------------------------------

    def acquire_ingest_lock(self) -> None:
        """Refuse a second concurrent ingest on this database; a lock left by a killed
        process (same host, pid gone) is taken over."""
        host, pid = socket.gethostname(), os.getpid()
        table = schema.ingest_lock
        with self.write() as connection:
            holder = connection.execute(select(table).where(table.c.name == "ingest")).first()
            if holder is not None and not (holder.host == host and holder.pid == pid):
                if holder.host != host or _process_alive(holder.pid):
                    raise InputError(
                        self.url, f"another ingest is writing to this database (pid {holder.pid} on {holder.host})"
                    )
                connection.execute(delete(table).where(table.c.name == "ingest"))
                holder = None
            if holder is None:
                connection.execute(insert(table).values(name="ingest", host=host, pid=pid, since=now_iso()))

    def release_ingest_lock(self) -> None:
        table = schema.ingest_lock
        with self.write() as connection:
            connection.execute(
                delete(table).where(table.c.name == "ingest", table.c.pid == os.getpid(),
                                    table.c.host == socket.gethostname())
            )

    # --- lookups used while ingesting -----------------------------------------------------------

    def source_seen(self, source: str) -> bool:
        """Whether this input unit was already stored (as an article or a duplicate)."""
        with self.read() as connection:
            found = connection.execute(
                select(schema.sources.c.source).where(schema.sources.c.source == source)
            ).first()
        return found is not None

    def article_exists(self, article_id: str) -> bool:
        with self.read() as connection:
            return _article_exists(connection, article_id)

    def record_failure(self, source: str, kind: str, reason: str) -> None:
        """Record (or count again) an input that failed, with the latest reason."""
        table, stamp = schema.failures, now_iso()
        with self.write() as connection:
            updated = connection.execute(
                update(table).where(table.c.source == source)
                .values(kind=kind, reason=reason, attempts=table.c.attempts + 1, last_seen=stamp)
            )
            if updated.rowcount == 0:
                connection.execute(
                    insert(table).values(
                        source=source, kind=kind, reason=reason, attempts=1, first_seen=stamp, last_seen=stamp
                    )
                )

    def record_duplicate(self, source: str, article: Article, url: str | None) -> None:
        """An exact copy of a stored article: remember the input (and its outlet) only."""
        with self.write() as connection:
            mark_source(connection, source, article.id, "duplicate", article.outlet, url)

    # --- reads -----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = {
            "articles": schema.articles, "stories": schema.stories, "duplicates": schema.duplicates,
            "sources": schema.sources, "failures": schema.failures,
        }
        with self.read() as connection:
            return {
                name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
                for name, table in tables.items()
            }

    def stories(self, since: str | date | None = None, limit: int | None = None) -> list[StorySummary]:
        """Stories, most recently seen first; ``since`` (a day, or YYYY-MM-DD) keeps those
        last seen on or after it."""
        table = schema.stories
        query = select(table.c.id, table.c.title, table.c.article_count, table.c.first_seen, table.c.last_seen)
        if since is not None:
            query = query.where(table.c.last_seen >= _day(since).isoformat())
        query = query.order_by(table.c.last_seen.desc(), table.c.id.desc())
        if limit:
            query = query.limit(limit)
        with self.read() as connection:
            rows = connection.execute(query).all()
            extras = _story_extras(connection, [row.id for row in rows])
        return [
            StorySummary(
                id=row.id, title=row.title, article_count=row.article_count,
                voices=row.article_count - extras[row.id][1], outlets=extras[row.id][0],
                first_seen=row.first_seen, last_seen=row.last_seen,
            )
            for row in rows
        ]

    def story(self, story_id: int) -> StoryDetail:
        """A story's articles in the order they joined, with the reason of each assignment."""
        stories, articles, assignments, duplicates = schema.stories, schema.articles, schema.assignments, schema.duplicates
        if not 0 < story_id <= MAX_STORY_ID:
            raise InputError(f"story {story_id}", "no such story")
        with self.read() as connection:
            row = connection.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                merged_into = connection.execute(
                    select(schema.story_merges.c.into_id).where(schema.story_merges.c.merged_id == story_id)
                ).scalar()
                if merged_into is not None:
                    raise InputError(f"story {story_id}", f"merged into story {merged_into}")
                raise InputError(f"story {story_id}", "no such story")
            members = connection.execute(
                select(
                    articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.source,
                    assignments.c.score, assignments.c.similarity, assignments.c.shared_entities,
                    assignments.c.reason, duplicates.c.original_id, duplicates.c.kind,
                )
                .join(assignments, assignments.c.article_id == articles.c.id)
                .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
                .where(assignments.c.story_id == story_id)
                .order_by(articles.c.key)
            ).all()
            republishers = _republishers(connection, [member.id for member in members])
            extras = _story_extras(connection, [story_id])
        rows = [
            ArticleRow(
                id=m.id, title=m.title, outlet=m.outlet, published=m.published, source=m.source, score=m.score,
                similarity=m.similarity, shared_entities=json.loads(m.shared_entities), reason=m.reason,
                copy_of=m.original_id, copy_kind=m.kind, republished_by=republishers.get(m.id, []),
            )
            for m in members
        ]
        summary = StorySummary(
            id=row.id, title=row.title, article_count=row.article_count, voices=row.article_count - extras[story_id][1],
            outlets=extras[story_id][0], first_seen=row.first_seen, last_seen=row.last_seen,
        )
        return StoryDetail(summary=summary, articles=rows)

    def load_article(self, article_id: str) -> Article:
        with self.read() as connection:
            row = connection.execute(
                select(schema.articles.c.text, schema.articles.c.meta).where(schema.articles.c.id == article_id)
            ).first()
        if row is None:
            raise InputError(article_id, "no such article in the store")
        return article_from_row(row.text, row.meta)

    def load_analysis(self, article_id: str) -> Analysis:
        """The stored analysis, with its article, exactly as the ingest computed it."""
        article = self.load_article(article_id)
        with self.read() as connection:
            data = connection.execute(
                select(schema.analyses.c.data).where(schema.analyses.c.article_id == article_id)
            ).scalar()
        if data is None:
            raise InputError(article_id, "the store holds no analysis for this article")
        fields = json.loads(zlib.decompress(data))
        return Analysis(article=article, **fields)

    def load_vector(self, article_id: str) -> np.ndarray | None:
        with self.read() as connection:
            blob = connection.execute(
                select(schema.embeddings.c.vector).where(schema.embeddings.c.article_id == article_id)
            ).scalar()
        return None if blob is None else np.frombuffer(blob, dtype=np.float32)

    def story_analyses(self, story_id: int) -> list[Analysis]:
        """The stored analyses of a story's distinct texts: a wire copy or near-duplicate
        adds no voice of its own, so only originals are compared."""
        detail = self.story(story_id)
        return [self.load_analysis(row.id) for row in detail.articles if row.copy_of is None]

    def failures(self) -> list[Failure]:
        table = schema.failures
        with self.read() as connection:
            rows = connection.execute(select(table).order_by(table.c.last_seen.desc(), table.c.source)).all()
        return [Failure(r.source, r.kind, r.reason, r.attempts, r.last_seen) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        from parallax.store.search import search

        with self.read() as connection:
            return search(connection, query, limit)

    def integrity_check(self) -> str:
        """SQLite's own consistency check ('ok' when sound); other databases report 'ok'."""
        if not self.is_sqlite:
            return "ok"
        with self.read() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())


# --- rows <-> records ------------------------------------------------------------------------


def article_meta(article: Article) -> str:
    """Every field but the body as JSON; the paragraphs only when ``text`` cannot give
    them back (a paragraph that is empty or holds a blank line)."""
    fields = article.model_dump(mode="json", exclude={"paragraphs"})
    if any(not p or PARAGRAPH_SEPARATOR in p for p in article.paragraphs):
        fields["paragraphs"] = article.paragraphs
    return json.dumps(fields, ensure_ascii=False)


def article_from_row(text: str, meta: str) -> Article:
    fields = json.loads(meta)
    if "paragraphs" not in fields:
        fields["paragraphs"] = text.split(PARAGRAPH_SEPARATOR) if text else []
    return Article(**fields)


def analysis_blob(analysis: Analysis) -> bytes:
    """The analysis without its article (stored apart), as zlib-compressed JSON."""
    return zlib.compress(analysis.model_dump_json(exclude={"article"}).encode("utf-8"), 6)


def mark_source(
    connection: Connection, source: str, article_id: str, status: str, outlet: str | None, url: str | None
) -> None:
    """Record an input unit as done; a unit seen again keeps its first record."""
    table = schema.sources
    exists = connection.execute(select(table.c.source).where(table.c.source == source)).first()
    if exists is None:
        connection.execute(
            insert(table).values(
                source=source, article_id=article_id, status=status, outlet=outlet, url=url, seen_at=now_iso()
            )
        )
    connection.execute(delete(schema.failures).where(schema.failures.c.source == source))


def _article_exists(connection: Connection, article_id: str) -> bool:
    return connection.execute(select(schema.articles.c.key).where(schema.articles.c.id == article_id)).first() is not None


def _story_extras(connection: Connection, story_ids: list[int]) -> dict[int, tuple[list[str], int]]:
    """For each story: its outlets (articles' and exact copies'), and how many of its
    articles are copies of another text."""
    extras: dict[int, tuple[set[str], int]] = {story_id: (set(), 0) for story_id in story_ids}
    if not story_ids:
        return {}
    assignments, articles, sources, duplicates = schema.assignments, schema.articles, schema.sources, schema.duplicates
    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start : start + 500]
        outlet_rows = connection.execute(
            select(assignments.c.story_id, articles.c.outlet)
            .join(articles, articles.c.id == assignments.c.article_id)
            .where(assignments.c.story_id.in_(chunk), articles.c.outlet.is_not(None))
            .union(
                select(assignments.c.story_id, sources.c.outlet)
                .join(sources, sources.c.article_id == assignments.c.article_id)
                .where(assignments.c.story_id.in_(chunk), sources.c.outlet.is_not(None))
            )
        ).all()
        for story_id, outlet in outlet_rows:
            extras[story_id][0].add(outlet)
        copy_rows = connection.execute(
            select(assignments.c.story_id, func.count())
            .join(duplicates, duplicates.c.article_id == assignments.c.article_id)
            .where(assignments.c.story_id.in_(chunk))
            .group_by(assignments.c.story_id)
        ).all()
        for story_id, copies in copy_rows:
            extras[story_id] = (extras[story_id][0], int(copies))
    return {story_id: (sorted(outlets), copies) for story_id, (outlets, copies) in extras.items()}


def _republishers(connection: Connection, article_ids: list[str]) -> dict[str, list[str]]:
    """Outlets that carried each article's text: exact copies (other inputs, same content)
    and near-duplicates or wire copies linked to it."""
    found: dict[str, set[str]] = {}
    sources, articles, duplicates = schema.sources, schema.articles, schema.duplicates
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        rows = connection.execute(
            select(sources.c.article_id, sources.c.outlet, sources.c.url, sources.c.source)
            .where(sources.c.article_id.in_(chunk), sources.c.status == "duplicate")
        ).all()
        for article_id, outlet, url, source in rows:
            found.setdefault(article_id, set()).add(outlet or url or source)
        rows = connection.execute(
            select(duplicates.c.original_id, articles.c.outlet, articles.c.source)
            .join(articles, articles.c.id == duplicates.c.article_id)
            .where(duplicates.c.original_id.in_(chunk))
        ).all()
        for original_id, outlet, source in rows:
            found.setdefault(original_id, set()).add(outlet or source)
    return {article_id: sorted(outlets) for article_id, outlets in found.items()}


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def _day(value: str | date) -> date:
    """A day given as a date or as YYYY-MM-DD text; anything else is an input error (a
    comparison of text with text would silently list every story, or none)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"--since {value!r}", "not a date: use YYYY-MM-DD") from None


def _in_memory(url: str) -> bool:
    """Whether the database lives only in this process (a SQLite memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    return (parsed.database or "") in ("", ":memory:") or parsed.query.get("mode") == "memory"


def _shown(url: str) -> str:
    """The URL as an error may show it: without a password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _require_existing(url: str) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # _create_engine says why
    if parsed.get_backend_name() == "sqlite" and not _in_memory(url):
        path = Path(parsed.database or "").expanduser()
        if not path.is_file():
            raise InputError(str(path), "no corpus database here; `parallax ingest SOURCE --db PATH` creates one")


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise InputError(url, f"not a database URL: {error}") from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, future=True)
        except (ArgumentError, NoSuchModuleError, ImportError) as error:  # an unknown scheme, a missing driver
            raise InputError(_shown(url), f"cannot use this database URL: {first_line(error)}") from None
    in_memory = _in_memory(url)
    database = parsed.database or ""
    if not in_memory:
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise InputError(url, f"directory {parent} does not exist")
    engine = create_engine(
        url,
        future=True,
        # One shared connection keeps an in-memory database alive across calls.
        poolclass=StaticPool if in_memory else None,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL loses at most the last commits on power loss, never consistency.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("parallax_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
