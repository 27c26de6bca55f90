"""The corpus store on PostgreSQL: the same ingest, stories, search and failures as on SQLite.

A throwaway server is started in a temporary directory, reachable only through a Unix
socket. `make test` installs PostgreSQL when the machine lacks it, so under CI=true a
missing server is a failure; elsewhere the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.model import Article
from parallax.store import Store
from parallax.store.ingest import ingest, ingest_articles
from parallax.store.migrations import POSTGRES_DOCUMENT

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "velmora"
PORT = "54329"


def _postgres_bin() -> Path | None:
    """The directory of initdb/pg_ctl: on PATH, or Debian's versioned directory."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    bin_dir = _postgres_bin()
    if bin_dir is None:
        reason = "PostgreSQL is not installed (make test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    # Not under pytest's tmp directory: that is private to this user, and the server may
    # run as another one.
    root = Path(tempfile.mkdtemp(prefix="parallax-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"

    def run(*command: str) -> None:
        done = subprocess.run(_as_server_user([str(bin_dir / command[0]), *command[1:]]),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{command[0]} failed: {done.stderr or done.stdout}"

    run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    run("pg_ctl", "-D", str(data), "-w", "-l", str(root / "log"),
        "-o", f"-k {root} -c listen_addresses='' -p {PORT}", "start")
    try:
        run("createdb", "-h", str(root), "-p", PORT, "-U", "postgres", "parallax")
        yield f"postgresql+psycopg://postgres@/parallax?host={root}&port={PORT}"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_ingest_stories_search_and_failures_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with Store(postgres_url) as store:
        assert not store.is_sqlite
        summary = ingest([str(EXAMPLES), str(empty)], store, workers=1)
        assert (summary.new, summary.failed) == (3, 1)

        stories = store.stories()
        assert len(stories) == 1 and stories[0].article_count == 3
        assert len(store.story_analyses(stories[0].id)) == 3

        hits = store.search("reservoir")
        assert {hit.outlet for hit in hits} == {"Free Sarn Voice", "The Northern Courier", "Valley Dispatch"}
        assert all("[reservoir]" in hit.snippet.lower() for hit in hits)
        assert store.search("reservoir zeppelin") == []  # every word must occur
        assert store.search('spillway" (') != []  # user text is words, never query syntax

        with store.read() as connection:  # the search expression is the indexed one
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(
                f"EXPLAIN SELECT key FROM articles WHERE ({POSTGRES_DOCUMENT}) @@ plainto_tsquery('simple', 'dam')"
            ).scalars().all()
        assert any("articles_search" in line for line in plan)
        assert [failure.source for failure in store.failures()] == [str(empty)]

        again = ingest([str(EXAMPLES)], store, workers=1)  # idempotent: nothing is added twice
        assert again.new == 0
        assert store.counts()["articles"] == 3


def test_separate_events_stay_apart_on_postgres(postgres_url: str) -> None:
    fire = Article(
        source="test://postgres/fire", outlet="Coastal Times", title="Fire destroys Quillon boatyard",
        published="2032-06-02",
        paragraphs=["A fire destroyed the Quillon boatyard on Monday night, the harbour master said, "
                    "and three fishing boats burned at their moorings before crews arrived."],
    )
    vote = Article(
        source="test://postgres/vote", outlet="Inland Post", title="Brenholt council approves tram line",
        published="2032-06-02",
        paragraphs=["Brenholt's city council approved a new tram line on Tuesday by 31 votes to 12, "
                    "ending a two-year dispute over the route through the old market."],
    )
    with Store(postgres_url) as store:
        before = len(store.stories())
        ingest_articles([fire, vote], store)
        assert len(store.stories()) == before + 2
