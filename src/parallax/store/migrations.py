"""Ordered schema migrations, applied once each and recorded in ``schema_version``.

A database is brought up to date on every open. Each migration is a function of one
connection and runs in its own transaction with the row that records it, so a crash
leaves the schema either before or after a migration, never halfway. Once a version has
shipped it is never edited: a schema change is a new function appended to
``MIGRATIONS`` (add a column, backfill, create an index).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, inspect, insert, select, text

from parallax.store import schema

Migration = tuple[int, str, Callable[[Connection], None]]

_FTS_DDL = [
    # External-content FTS5 index over articles(title, text), kept in step by triggers.
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='articles', content_rowid='key', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.key, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.key, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.key, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.key, new.title, new.text); END",
]


def _initial_schema(connection: Connection) -> None:
    schema.metadata.create_all(connection, tables=schema.VERSION_1_TABLES)
    if connection.dialect.name == "sqlite":
        for statement in _FTS_DDL:
            connection.execute(text(statement))


# PostgreSQL's full-text index: an expression index that ``store.search`` queries with the
# very same expression (the planner uses the index only on an exact match). The 'simple'
# configuration neither stems nor drops stop words, like the FTS5 tokenizer on SQLite.
POSTGRES_DOCUMENT = "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || to_tsvector('simple', text)"


def _postgres_search_index(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"CREATE INDEX articles_search ON articles USING gin (({POSTGRES_DOCUMENT}))"))


def _story_splits(connection: Connection) -> None:
    schema.story_splits.create(connection)


MIGRATIONS: list[Migration] = [
    (1, "articles, analyses, embeddings, sources, duplicates, stories, failures, FTS5 index", _initial_schema),
    (2, "full-text index on PostgreSQL", _postgres_search_index),
    (3, "story_splits: stories cut off another when its reports formed two groups", _story_splits),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version(connection: Connection) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not inspect(connection).has_table("schema_version"):
        return 0
    found = connection.execute(select(schema.schema_version.c.version).order_by(
        schema.schema_version.c.version.desc()).limit(1)).scalar()
    return int(found or 0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration in order; returns the version the database is at."""
    for version, description, apply in MIGRATIONS:
        # Immediate on SQLite: two processes opening a new database queue here.
        with engine.connect().execution_options(parallax_immediate=True) as connection, connection.begin():
            if current_version(connection) >= version:
                continue
            apply(connection)
            connection.execute(
                insert(schema.schema_version).values(
                    version=version, description=description,
                    applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                )
            )
    with engine.connect() as connection:
        return current_version(connection)
