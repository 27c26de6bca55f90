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


def test_what_is_not_a_corpus_database_is_a_clear_error(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("These are notes, not a database.\n" * 100)
    with pytest.raises(InputError, match="cannot open the corpus database: file is not a database"):
        Store(not_a_database)
    with pytest.raises(InputError, match="cannot use this database URL"):
        Store("nosuchdialect://host/corpus")
    with pytest.raises(InputError) as refused:  # nothing listens on port 1; the password is never shown
        Store("postgresql+psycopg://reader:s3cret@127.0.0.1:1/corpus")
    assert "s3cret" not in str(refused.value) and "reader:***@127.0.0.1" in str(refused.value)


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
    assert [hit.article_id for hit in store.search("pier's divers")] == [ARTICLE.id]  # the text says "pier"
    assert store.search("volcano") == []
    assert store.search("  ?! ") == []


@pytest.mark.parametrize(("query", "match"), [("U.S. border", '"U" "S" "border"'), ("-", None), ("naïve", '"naïve"'),
                          ("bridge's repair", '"bridge" "repair"'), ("Ines’s ferry", '"Ines" "ferry"')])
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


def test_since_is_read_as_a_day_and_anything_else_is_an_error(store: Store) -> None:
    from datetime import date

    from parallax.store.ingest import ingest_articles

    def report(slug: str, day: str, title: str, sentence: str) -> Article:
        return Article(source=f"test://since/{slug}", outlet="Harbour News", title=title, published=day,
                       paragraphs=[sentence])

    ingest_articles([
        report("ferry", "2031-10-02", "Ferry to Sorrel Island cancelled", "The Sorrel Island ferry was cancelled."),
        report("library", "2031-11-20", "Tollan library reopens", "Tollan's public library reopened on Monday."),
    ], store)
    assert [s.title for s in store.stories(since="2031-11-01")] == ["Tollan library reopens"]
    assert [s.title for s in store.stories(since=date(2031, 10, 2))] == [s.title for s in store.stories()]
    for wrong in ("yesterday", "2031-13-01", "10/02/2031", "-1", "2031-4-1"):
        with pytest.raises(InputError, match="not a date: use YYYY-MM-DD"):
            store.stories(since=wrong)
    for beyond in (2**63, -1, 0):  # beyond SQLite's integers, or never an id: no such story, not a crash
        with pytest.raises(InputError, match="no such story"):
            store.story(beyond)


def test_cli_refuses_a_bad_since_an_empty_db_and_a_database_that_dies_with_the_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parallax.cli import app

    db = tmp_path / "c.db"
    Store(db).close()
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", str(db), "--since", "yesterday"])
    assert result.exit_code == 2 and "'yesterday': not a date" in result.stderr
    result = runner.invoke(app, ["story", str(2**63), "--db", str(db)])
    assert result.exit_code == 2 and "no such story" in result.stderr
    for command in (["stories"], ["ingest", str(tmp_path)], ["search", "ferry"]):
        memory = runner.invoke(app, [*command, "--db", "sqlite://"])
        assert memory.exit_code == 2 and "in-memory database lasts only one command" in memory.stderr, command
        empty = runner.invoke(app, [*command, "--db", " "])
        assert empty.exit_code == 2 and "--db: empty" in empty.stderr, command


def test_story_ids_are_never_reused_after_a_merge(store: Store) -> None:
    from parallax.store.ingest import _merge_stories, ingest_articles

    def report(slug: str, title: str, sentence: str) -> Article:
        return Article(source=f"test://ids/{slug}", outlet="Harbour News", title=title,
                       published="2031-10-02", paragraphs=[sentence])

    ingest_articles([
        report("ferry", "Ferry to Sorrel Island cancelled", "The Sorrel Island ferry was cancelled after a storm hit the pier."),
        report("library", "Tollan library reopens", "Tollan's public library reopened on Monday after a two-year renovation."),
    ], store)
    with store.read() as connection:
        (first, first_article), (last, last_article) = connection.execute(
            select(schema.assignments.c.story_id, schema.assignments.c.article_id)
            .order_by(schema.assignments.c.story_id)).all()
    with store.write() as connection:  # the newest story ends merged into the other one
        _merge_stories(connection, first, ((last, 0.9),), last_article, rev=99)
    with pytest.raises(InputError, match=f"merged into story {first}"):  # the old id says where it went
        store.story(last)

    ingest_articles([report("bridge", "Kessel bridge closes for repairs",
                            "The Kessel river bridge will close for three weeks of repairs from Friday.")], store)
    newest = max(story.id for story in store.stories())
    assert newest > last


def _bout_report(slug: str, outlet: str, title: str, body: str) -> Article:
    return Article(source=f"test://bouts/{slug}", outlet=outlet, title=title, published="2031-05-02",
                   paragraphs=[body])


# Two fictional title defences by one champion: the same kind of event, different
# challengers, venues and endings. Forced into one story, they must come apart again.
_FIRST_BOUT = [
    _bout_report(f"tull-{n}", outlet, "Korvin stops Ambrose Tull in Velden",
                 f"{lead} Dana Korvin kept her title when the referee stopped the bout against Ambrose Tull "
                 "in the seventh round at the Velden Arena, after a cut over Tull's left eye.")
    for n, (outlet, lead) in enumerate([("Ring Daily", "In Velden,"), ("Harbour News", "On Saturday"),
                                         ("Valley Post", "Before 9,000 fans"), ("Northern Wire", "Late on Saturday")])
]
_SECOND_BOUT = [
    _bout_report(f"sable-{n}", outlet, "Korvin outpoints Ruan Sable in Marrow Bay",
                 f"{lead} Dana Korvin kept her title on a unanimous decision over Ruan Sable at the Marrow Bay "
                 "pavilion, the three judges scoring all twelve rounds for the champion.")
    for n, (outlet, lead) in enumerate([("Ring Daily", "In Marrow Bay,"), ("Harbour News", "On Friday"),
                                         ("Valley Post", "Before 4,000 fans"), ("Northern Wire", "Late on Friday")])
]


def test_ingest_splits_a_story_holding_two_events_in_one_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parallax.stories.assign as assign
    from parallax.store.ingest import ingest_articles

    monkeypatch.setattr(assign, "JOIN_PROBABILITY", 0.0)  # every report joins the one story
    monkeypatch.setattr(assign, "REVISION_MIN_DOCUMENTS", 0)
    ingest_articles(_FIRST_BOUT + _SECOND_BOUT, store)

    with store.read() as connection:
        (split,) = connection.execute(select(schema.story_splits)).all()
        by_story: dict[int, set[str]] = {}
        for story_id, source in connection.execute(
            select(schema.assignments.c.story_id, schema.articles.c.source)
            .join(schema.articles, schema.articles.c.id == schema.assignments.c.article_id)
        ):
            by_story.setdefault(story_id, set()).add(source)
        moved_reasons = connection.execute(
            select(schema.assignments.c.reason).where(schema.assignments.c.story_id == split.new_id)).scalars().all()
    assert len(by_story) == 2
    assert by_story[split.new_id] == {a.source for a in _SECOND_BOUT} and split.moved == 4
    assert all(f"split from story {split.from_id}" in reason for reason in moved_reasons)
    assert {s.id: s.article_count for s in store.stories()} == {k: len(v) for k, v in by_story.items()}
    assert store.integrity_check() == "ok"
