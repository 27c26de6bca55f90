"""The corpus schema, in SQLAlchemy Core so that the same code runs on SQLite and PostgreSQL.

Tables, and why each exists:

* ``articles``: one row per distinct article (``id`` is the content hash of
  ``parallax.model.content_id``); ``text`` is ``Article.text`` and ``meta`` the other
  fields as JSON, so the article round-trips exactly.
* ``analyses``, ``embeddings``: the per-article analysis (zlib-compressed JSON) and the
  title-and-lead vector the story grouping used, so nothing is recomputed to inspect a story.
* ``sources``: every input unit already handled (a file, a URL, a JSON line, a WARC record)
  and the article it gave; a rerun skips these before reading them, and exact duplicates
  keep their outlet here, so republishers are never lost.
* ``duplicates``: near-duplicates and wire copies linked to their original.
* ``dedup_bands``: MinHash LSH band keys, to find near-duplicate candidates by index.
* ``stories``, ``assignments``: the stories with their running profile, and for every
  article the story it joined and why (score, similarity, shared entities).
* ``story_merges``: stories that ended merged into another, when one article matched both.
* ``story_splits``: stories cut off another once its reports formed two groups (version 3).
* ``term_df``: in how many articles each word occurs (its rarity weighs shared words and
  names in the story score).
* ``failures``: inputs that could not be ingested, with the reason, so nothing is lost silently.
* ``ingest_lock``: which process is writing, so two ingests never interleave their
  in-memory story indexes.
* ``schema_version``: the migrations applied (see ``parallax.store.migrations``).

The full-text index (SQLite FTS5) is not a Core table: the migration creates it with DDL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    # Integer surrogate key: the rowid the FTS5 index points at.
    Column("key", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String(200), index=True),
    Column("title", Text),
    Column("published", String(32), index=True),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("meta", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

embeddings = Table(
    "embeddings",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("model", String(100), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("source", Text, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), index=True),
    Column("status", String(16), nullable=False),  # new | duplicate
    Column("outlet", String(200)),
    Column("url", Text),
    Column("seen_at", String(32), nullable=False),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("original_id", String(32), ForeignKey("articles.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # near_duplicate | wire_copy
    Column("containment", Float, nullable=False),
    Column("jaccard", Float, nullable=False),
)

dedup_bands = Table(
    "dedup_bands",
    metadata,
    Column("band_key", BigInteger, nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),
    Index("ix_dedup_bands_band_key", "band_key"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text),
    Column("article_count", Integer, nullable=False),
    Column("first_seen", String(32), index=True),
    Column("last_seen", String(32), index=True),
    Column("centroid", LargeBinary, nullable=False),  # float32 sum of member vectors
    Column("profile", Text, nullable=False),  # JSON: entity and number counts, dates
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # Rises with every change of any story: a saved ANN index knows which stories
    # changed after it was written (see parallax.store.ingest.load_story_index).
    Column("rev", Integer, nullable=False, index=True),
)

assignments = Table(
    "assignments",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False, index=True),
    Column("created", Integer, nullable=False),  # 1 when the article started the story
    Column("score", Float, nullable=False),
    Column("similarity", Float, nullable=False),
    Column("shared_entities", Text, nullable=False),  # JSON list of names
    Column("reason", Text, nullable=False),
    Column("assigned_at", String(32), nullable=False),
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("merged_id", Integer, primary_key=True, autoincrement=False),  # the story that ended
    Column("into_id", Integer, ForeignKey("stories.id"), nullable=False, index=True),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),  # matched both
    Column("probability", Float, nullable=False),
    Column("rev", Integer, nullable=False, index=True),
    Column("merged_at", String(32), nullable=False),
)

story_splits = Table(
    "story_splits",
    metadata,
    # No foreign key: the new story may itself be merged away later.
    Column("new_id", Integer, primary_key=True, autoincrement=False),
    Column("from_id", Integer, nullable=False, index=True),  # the story that was cut
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False),  # whose arrival cut it
    Column("moved", Integer, nullable=False),  # articles that went to the new story
    Column("reason", Text, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("split_at", String(32), nullable=False),
)

term_df = Table(
    "term_df",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("df", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("source", Text, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
)

ingest_lock = Table(
    "ingest_lock",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("since", String(32), nullable=False),
)

VERSION_1_TABLES = [
    schema_version, articles, analyses, embeddings, sources, duplicates, dedup_bands,
    stories, assignments, story_merges, term_df, failures, ingest_lock,
]
