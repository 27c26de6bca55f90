"""Ingest survives SIGKILL: a real `parallax ingest` subprocess is killed midway, the
database is checked for consistency, the ingest is run again, and in the end every
article is stored exactly once with its analysis, vector, assignment and source."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from parallax.store import Store, schema
from parallax.store.ingest import ingest

ARTICLES = 60  # enough that a kill after the first few always lands midway, even with 2 workers
WEATHER = ["hailstorm", "heatwave", "flash flood", "blizzard", "dust storm", "ice storm"]
TOWNS = ["Pellworth", "Ardmoor", "Caddon", "Vesk", "Hollin Bridge", "Orrin Sands", "Mallow Point", "Tessary"]


def weather_article(n: int) -> dict[str, str]:
    """A fictional local weather report, distinct for each n."""
    town, event = TOWNS[n % len(TOWNS)], WEATHER[n % len(WEATHER)]
    text = "\n\n".join([
        f"A {event} swept through {town} on day {n + 1} of the month, the county weather office said, "
        f"closing {n + 2} roads and cutting power to about {300 + 41 * n} homes.",
        f"Emergency coordinator Pirkko Anand-{n} said crews worked overnight to clear the worst of the damage "
        f"near the {town} water tower and the old school on Fenner Row.",
        f"Farmers east of {town} reported losses in {n + 5} fields, and the county will hold a public meeting "
        f"about relief payments at the grange hall next week.",
    ])
    return {"title": f"{event.capitalize()} hits {town} ({n})", "text": text, "url": f"https://weather.example/{n}",
            "source_domain": "weather.example"}


def write_dump(path: Path) -> int:
    """The dump: ARTICLES articles, two exact repeats and one malformed line; returns the
    number of lines that hold a readable article."""
    lines = [json.dumps(weather_article(n)) for n in range(ARTICLES)]
    lines.insert(5, lines[1])
    lines.insert(9, "{oops")
    lines.append(lines[3])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def _count(store: Store, table: object) -> int:
    with store.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def assert_consistent(store: Store) -> None:
    """Every stored article is complete, and the stories add up."""
    assert store.integrity_check() == "ok"
    articles = _count(store, schema.articles)
    for table in (schema.analyses, schema.embeddings, schema.assignments):
        assert _count(store, table) == articles, table.name
    with store.read() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        story_total = connection.execute(select(func.sum(schema.stories.c.article_count))).scalar() or 0
        new_sources = connection.execute(
            select(func.count()).select_from(schema.sources).where(schema.sources.c.status == "new")).scalar()
        fts_rows = connection.exec_driver_sql("SELECT count(*) FROM articles_fts").scalar()
    assert story_total == articles == new_sources == fts_rows


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_ingest(dump: Path, db: Path, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "parallax", "ingest", str(dump), "--db", str(db), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def _wait_for_articles(process: subprocess.Popen[bytes], db: Path, at_least: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ingest ended before it could be killed: {process.stderr.read().decode()[-2000:]}")
        if db.exists():
            with Store(db) as store:  # reading while the ingest writes (WAL)
                if _count(store, schema.articles) >= at_least and store.stories():
                    return
        time.sleep(0.2)
    process.kill()
    pytest.fail("ingest stored too few articles in time")


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_midway_then_rerun_stores_every_article_once(tmp_path: Path, workers: int) -> None:
    dump, db = tmp_path / "dump.jsonl", tmp_path / "corpus.db"
    readable_lines = write_dump(dump)
    process = _start_ingest(dump, db, workers)
    _wait_for_articles(process, db, at_least=4)
    children = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)  # the main process only: workers must notice alone
    process.wait(timeout=30)

    with Store(db) as store:
        stored_at_kill = _count(store, schema.articles)
        assert 4 <= stored_at_kill < ARTICLES
        assert_consistent(store)

    deadline = time.monotonic() + 15
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [child for child in children if _alive(child)], "analysis workers outlived the killed ingest"

    with Store(db) as store:  # the rerun takes over the dead process's lock and finishes
        summary = ingest([str(dump)], store, workers=1)
        assert summary.skipped >= stored_at_kill
        # (the template-made reports share enough wording that a few are linked as copies)
        assert summary.new + summary.copy == ARTICLES - stored_at_kill
        assert_consistent(store)
        assert _count(store, schema.articles) == ARTICLES
        # A dump's records are keyed by their content: a line repeated byte for byte is the
        # same record, stored once (one source each), and every line is skipped below.
        assert _count(store, schema.sources) == ARTICLES
        assert [failure.source.rsplit("#", 1)[1] for failure in store.failures()] == ["L10"]
        again = ingest([str(dump)], store, workers=1)  # a third run changes nothing
        assert (again.new, again.duplicate, again.skipped) == (0, 0, readable_lines)
        assert _count(store, schema.articles) == ARTICLES


def test_ctrl_c_stops_the_ingest_cleanly_and_says_how_to_go_on(tmp_path: Path) -> None:
    dump, db = tmp_path / "dump.jsonl", tmp_path / "corpus.db"
    write_dump(dump)
    process = _start_ingest(dump, db, workers=1)
    _wait_for_articles(process, db, at_least=2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted:" in stderr.decode() and "run the same command again" in stderr.decode()
    with Store(db) as store:
        assert_consistent(store)
        assert 2 <= _count(store, schema.articles) <= ARTICLES
