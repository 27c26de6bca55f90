"""The corpus store: migrations, WAL, round trips, search, failures, the ingest lock."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from parallax.errors import InputError
from parallax.model import Article
from parallax.store import Store, article_from_row, article_meta, database_url, schema
from parallax.store.migrations import LATEST_VERSION, MIGRATIONS
from parallax.store.search import fts_query

ARTICLE = Article(
    source="https://example.org/ferry",
    outlet="Harbour News",
    title="Ferry to Sorrel Island cancelled after storm",
    published="2031-10-02",
    byline=["Ines Alvarado"],
    paragraphs=["The ferry to Sorrel Island was cancelled on Thursday after a storm damaged the pier.",
                "The operator, Tidewater Lines, said crossings would resume once divers had inspected it."],
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "corpus.db")
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("given", "url"),
    [(None, "sqlite:///parallax.db"), ("corpus.db", "sqlite:///corpus.db"),
     ("postgresql://u@h/db", "postgresql://u@h/db"), ("sqlite://", "sqlite://")],
)
def test_database_url(given: str | None, url: str) -> None:
    assert database_url(given) == url


def test_new_database_is_migrated_once_and_runs_in_wal(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    with Store(path) as first:
        assert first.version == LATEST_VERSION == MIGRATIONS[-1][0]
        with first.read() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    with Store(path) as again, again.read() as connection:  # reopening applies nothing twice
        versions = connection.execute(select(schema.schema_version.c.version)).scalars().all()
        assert versions == [version for version, _, _ in MIGRATIONS]


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        Store(tmp_path / "nowhere" / "corpus.db")


@pytest.mark.parametrize(
    "paragraphs",
    [["One.", "Two."], ["A paragraph\n\nwith a blank line inside.", "Next."], ["", "After an empty one."]],
)
def test_article_round_trips_exactly(paragraphs: list[str]) -> None:
    article = ARTICLE.model_copy(update={"paragraphs": paragraphs})
    assert article_from_row(article.text, article_meta(article)) == article


def test_search_finds_words_in_title_and_text_and_tolerates_any_query(store: Store) -> None:
    with store.write() as connection:
        connection.execute(insert(schema.articles).values(
            id=ARTICLE.id, source=ARTICLE.source, url=ARTICLE.source, outlet=ARTICLE.outlet, title=ARTICLE.title,
            published=ARTICLE.published, language="en", text=ARTICLE.text, meta=article_meta(ARTICLE),
            ingested_at="2031-10-02T00:00:00+00:00",
        ))
    hits = store.search("divers pier")
    assert [hit.article_id for hit in hits] == [ARTICLE.id]
    assert "[divers]" in hits[0].snippet and hits[0].story_id is None
    assert [hit.article_id for hit in store.search('sorrel "ferry" -cancelled (')] == [ARTICLE.id]
    assert store.search("volcano") == []
    assert store.search("  ?! ") == []


@pytest.mark.parametrize(("query", "match"), [("U.S. border", '"U" "S" "border"'), ("-", None), ("naïve", '"naïve"')])
def test_fts_query_quotes_every_word(query: str, match: str | None) -> None:
    assert fts_query(query) == match


def test_failures_are_counted_per_input_and_cleared_by_success(store: Store) -> None:
    store.record_failure("feed.xml#entry3", "InputError", "feed entry has no http(s) link")
    store.record_failure("feed.xml#entry3", "FetchError", "timed out after 20s")
    store.record_failure("dump.jsonl#L4", "InputError", "malformed JSON")
    failures = {failure.source: failure for failure in store.failures()}
    assert failures["feed.xml#entry3"].attempts == 2 and failures["feed.xml#entry3"].reason == "timed out after 20s"
    assert store.counts()["failures"] == 2
    from parallax.store import mark_source

    with store.write() as connection:
        connection.execute(insert(schema.articles).values(
            id=ARTICLE.id, source="x", text=ARTICLE.text, meta=article_meta(ARTICLE), ingested_at="t"))
        mark_source(connection, "dump.jsonl#L4", ARTICLE.id, "new", None, None)
    assert [failure.source for failure in store.failures()] == ["feed.xml#entry3"]
    assert store.source_seen("dump.jsonl#L4") and not store.source_seen("dump.jsonl#L5")


def test_second_ingest_is_refused_while_the_first_runs_and_a_dead_ones_lock_is_taken_over(store: Store) -> None:
    with store.write() as connection:  # a live process on this host holds the lock
        connection.execute(insert(schema.ingest_lock).values(
            name="ingest", host=socket.gethostname(), pid=os.getppid(), since="t"))
    with pytest.raises(InputError, match="another ingest"):
        store.acquire_ingest_lock()
    with store.write() as connection:  # now a pid that cannot exist
        connection.execute(schema.ingest_lock.update().values(pid=2**22 + 12345))
    store.acquire_ingest_lock()
    store.release_ingest_lock()
    with store.read() as connection:
        assert connection.execute(select(schema.ingest_lock)).all() == []


def test_readers_see_committed_data_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    writer, reader = Store(path), Store(path)
    try:
        with writer.write() as connection:
            connection.execute(insert(schema.failures).values(
                source="a", kind="k", reason="r", attempts=1, first_seen="t", last_seen="t"))
            # Mid-transaction: the reader is not blocked and sees the last commit (none yet).
            assert reader.failures() == []
        assert [failure.source for failure in reader.failures()] == ["a"]
        assert reader.integrity_check() == "ok"
    finally:
        writer.close()
        reader.close()


def test_unknown_story_is_an_error(store: Store) -> None:
    with pytest.raises(InputError, match="no such story"):
        store.story(42)
    assert store.stories() == []
