"""The ingest chain: read -> analyze -> embed -> dedup -> assign to a story -> store.

1. **Read** (threads): units from ``parallax.store.sources`` are read a few at a time in
   a thread pool, so fetching feed entries overlaps; units already stored are skipped
   before they are read, which is what makes a rerun after a crash cheap.
2. **Extract, analyze and embed** (processes): batches of raw items go to worker
   processes, which extract the articles (HTML, text cleaning), skip those the store
   already holds, and run spaCy and the title-and-lead embedding: the costly steps, on
   every core. Results come back in input order, so the story assignment sees the
   articles in the order they came.
3. **Dedup, assign, store** (this process, one article at a time): exact duplicates are
   only recorded as another source of a stored article; near-duplicates and wire copies
   are linked to their original and join its story; anything else is scored against
   candidate stories. Everything about one article (the article, its analysis and
   vector, the dedup bands, the copy link, the story row, the assignment, the source
   and the word counts) is written in ONE transaction, and only then does the in-memory
   story index change. Killing the process at any moment leaves every article either
   fully stored or absent; a rerun stores the absent ones.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from parallax.errors import ExtractionError, FetchError, InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES
from parallax.model import Analysis, Article
from parallax.store import Store, analysis_blob, article_meta, mark_source, now_iso, schema
from parallax.store.sources import RawItem, ReadOptions, Unit, expand, extract
from parallax.stories.assign import Assignment, DocumentFrequencies, Split, StoryIndex, StoryProfile
from parallax.stories.dedup import Fingerprint, Overlap, copy_kind, fingerprint, is_copy, shingles
from parallax.stories.features import article_features, lead_text

# Articles per batch sent to a worker: big enough for spaCy's batching to pay, small
# enough that a crash or a kill loses little work in flight.
BATCH_SIZE = 8
# Units read concurrently: fetching a feed's entries is network-bound.
READ_THREADS = 8
# Dedup candidates checked per article (LSH band matches, most bands shared first).
MAX_COPY_CANDIDATES = 20
# Shingle sets of recently stored articles kept in memory for the copy check.
FINGERPRINT_CACHE = 5_000

STAGES = ("read", "analyze", "embed", "dedup", "assign", "store")


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one input: ``new``, ``duplicate`` (an exact copy of a stored
    article), ``copy`` (a near-duplicate or wire copy, stored and linked), ``failed``, or
    ``skipped`` (stored by an earlier run)."""

    status: str
    source: str
    article_id: str | None = None
    story_id: int | None = None
    detail: str = ""
    exit_code: int = 0  # a failed input's: 2 unreadable input, 3 fetch, 4 no article body


@dataclass
class IngestSummary:
    """The counts of one run. ``passed_over`` counts archive records that hold no article
    (non-HTML or unsuccessful responses): not inputs that failed, but not silently lost."""

    new: int = 0
    duplicate: int = 0
    copy: int = 0
    failed: int = 0
    skipped: int = 0
    passed_over: int = 0
    stories_created: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    def count(self, event: IngestEvent) -> None:
        setattr(self, event.status, getattr(self, event.status) + 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new, "duplicate": self.duplicate, "copy": self.copy, "failed": self.failed,
            "skipped": self.skipped, "passed_over": self.passed_over, "stories_created": self.stories_created,
            "seconds": round(self.seconds, 3),
            "stage_seconds": {name: round(value, 3) for name, value in self.stage_seconds.items()},
        }


EventHandler = Callable[[IngestEvent], None]


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    on_event: EventHandler | None = None,
) -> IngestSummary:
    """Ingest every article of ``sources`` into ``store`` (see the module docstring)."""
    options = ReadOptions(allow_private=allow_private, max_bytes=max_bytes)
    with Ingestor(store, workers=workers, on_event=on_event, max_bytes=max_bytes) as ingestor:
        return ingestor.run(expand(list(sources), options))


def ingest_articles(
    articles: Iterable[Article], store: Store, *, workers: int | None = 1, on_event: EventHandler | None = None
) -> IngestSummary:
    """Ingest articles already read (each keyed by its ``source``)."""
    with Ingestor(store, workers=workers, on_event=on_event) as ingestor:
        return ingestor.run_items(RawItem(a.source, "article", a) for a in articles)


def default_workers() -> int:
    """One analysis process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - no affinity call on macOS
        return max(1, os.cpu_count() or 1)


class Ingestor:
    """Holds the store, the story index and the worker pool for one ingest run."""

    def __init__(
        self,
        store: Store,
        *,
        workers: int | None = None,
        on_event: EventHandler | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.store = store
        self.workers = default_workers() if workers is None else max(1, workers)
        self.on_event = on_event
        self.max_bytes = max_bytes
        self.summary = IngestSummary()
        self._pool: ProcessPoolExecutor | None = None
        self._fingerprints: OrderedDict[str, frozenset[int]] = OrderedDict()
        store.acquire_ingest_lock()
        try:
            self.index = load_story_index(store)
        except BaseException:
            store.release_ingest_lock()
            raise

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        try:
            if self.summary.new or self.summary.copy:
                save_story_index(self.store, self.index)
        finally:
            self.store.release_ingest_lock()

    # --- driving ---------------------------------------------------------------------------

    def run(self, units: Iterable[Unit]) -> IngestSummary:
        return self.run_items(self._read(units))

    def run_items(self, items: Iterable[RawItem]) -> IngestSummary:
        """Extract, analyse and store every item, in order."""
        started = time.perf_counter()
        in_flight: deque[tuple[list[RawItem], Future[list[Outcome]] | list[Outcome]]] = deque()
        batch: list[RawItem] = []
        max_in_flight = 2 * self.workers
        for item in items:
            if item.error is not None:  # failed while being read: nothing for a worker to do
                self._fail(item.key, item.error)
                continue
            if item.kind == "passed":  # an archive record with no article: counted only
                self.summary.passed_over += 1
                continue
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                in_flight.append((batch, self._submit(batch)))
                batch = []
            while in_flight and (len(in_flight) >= max_in_flight or _done(in_flight[0][1])):
                self._finish(*in_flight.popleft())
        if batch:
            in_flight.append((batch, self._submit(batch)))
        while in_flight:
            self._finish(*in_flight.popleft())
        self.summary.seconds += time.perf_counter() - started
        return self.summary

    def _read(self, units: Iterable[Unit]) -> Iterator[RawItem]:
        """Raw items of every unit in order, reading up to READ_THREADS units at once."""
        pending: deque[Unit] = deque()
        source = iter(units)
        with ThreadPoolExecutor(READ_THREADS, thread_name_prefix="parallax-read") as pool:
            reading: deque[Future[tuple[list[RawItem | Unit], float]]] = deque()
            while True:
                while len(reading) < 2 * READ_THREADS:
                    unit = pending.popleft() if pending else next(source, None)
                    if unit is None:
                        break
                    if self.store.source_seen(unit.key):
                        self._emit(IngestEvent("skipped", unit.key))
                        continue
                    reading.append(pool.submit(_timed_read, unit))
                if not reading:
                    return
                found, seconds = reading.popleft().result()
                self.summary.stage_seconds["read"] += seconds
                for item in found:
                    if isinstance(item, Unit):
                        pending.append(item)
                    else:
                        yield item

    def _submit(self, items: list[RawItem]) -> Future[list[Outcome]] | list[Outcome]:
        if self.workers <= 1:
            return process_batch(items, self.max_bytes, lookup=self.store)
        if self._pool is None:
            import multiprocessing

            # Workers look up stored articles themselves unless the database lives only
            # in this process's memory.
            lookup_url = None if self.store.in_memory else self.store.url
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_start, initargs=(os.getpid(), lookup_url),
            )
        return self._pool.submit(process_batch, items, self.max_bytes)

    def _finish(self, batch: list[RawItem], job: Future[list[Outcome]] | list[Outcome]) -> None:
        try:
            outcomes = job.result() if isinstance(job, Future) else job
        except Exception as error:  # a worker died or a bug: fail the batch, keep going
            for item in batch:
                self._fail(item.key, InputError(item.key, f"analysis failed: {error!r}"))
            return
        for outcome in outcomes:
            for stage, value in outcome.seconds.items():
                self.summary.stage_seconds[stage] += value
            error = outcome.error
            if error is not None:
                self._fail(outcome.source, error)
            elif outcome.status == "skipped" or self.store.source_seen(outcome.source):
                self._emit(IngestEvent("skipped", outcome.source, outcome.article.id if outcome.article else None))
            elif outcome.status == "duplicate" or self.store.article_exists(outcome.article.id):
                self._duplicate(outcome.source, outcome.article)
            else:
                assert outcome.analysis is not None and outcome.model is not None
                self._commit(outcome.source, outcome.analysis, outcome.vector, outcome.model)

    def _fail(self, source: str, error: ParallaxError) -> None:
        self.store.record_failure(error.source or source, type(error).__name__, error.reason)
        self._emit(IngestEvent("failed", error.source or source, detail=error.reason, exit_code=error.exit_code))

    def _duplicate(self, source: str, article: Article) -> None:
        self.store.record_duplicate(source, article, _url_of(article))
        self._emit(IngestEvent("duplicate", source, article.id, detail="same content as a stored article"))

    def _emit(self, event: IngestEvent) -> None:
        self.summary.count(event)
        if self.on_event is not None:
            self.on_event(event)

    # --- one article ---------------------------------------------------------------------------

    def _commit(self, source: str, analysis: Analysis, vector: np.ndarray, model: str) -> None:
        """Dedup, assign and store one analysed article, in one transaction."""
        article = analysis.article
        stages = self.summary.stage_seconds
        clock = time.perf_counter()
        features = article_features(analysis, vector)
        marks = fingerprint(article.text)
        copy = self._find_original(marks, article)
        stages["dedup"] += time.perf_counter() - clock

        clock = time.perf_counter()
        if copy is not None:
            original_id, kind, found = copy
            story_id = self._story_of(original_id)
            assignment = Assignment(
                story_id=story_id, created=story_id is None, score=1.0, similarity=1.0,
                text_similarity=found.containment, shared_names=[],
                reason=f"{kind.replace('_', ' ')} of {original_id} ({found.containment:.0%} of its text shared)",
            )
        else:
            assignment = self.index.decide(features)
        profile = self.index.updated_profile(assignment, features)
        split = self.index.revise(profile)
        if split is not None:
            profile = split.kept
        stages["assign"] += time.perf_counter() - clock

        clock = time.perf_counter()
        try:
            with self.store.write() as connection:
                _insert_article(connection, source, analysis, vector, model, marks)
                if copy is not None:
                    connection.execute(insert(schema.duplicates).values(
                        article_id=article.id, original_id=copy[0], kind=copy[1],
                        containment=copy[2].containment, jaccard=copy[2].jaccard,
                    ))
                profile.id, rev = _save_story(connection, profile, created=assignment.story_id is None)
                _merge_stories(connection, profile.id, assignment.merges, article.id, rev)
                story_id, reason = profile.id, assignment.reason
                if split is not None:
                    _split_story(connection, split, profile.id, article.id)
                    if article.id in split.moved:
                        story_id, reason = split.spun_off.id, f"{reason} [{split.reason}]"
                connection.execute(insert(schema.assignments).values(
                    article_id=article.id, story_id=story_id, created=int(assignment.story_id is None),
                    score=assignment.score, similarity=assignment.similarity,
                    shared_entities=_json(assignment.shared_names), reason=reason, assigned_at=now_iso(),
                ))
                _count_terms(connection, features.terms.keys())
        except IntegrityError:
            if not self.store.article_exists(article.id):
                raise
            self._duplicate(source, article)  # stored meanwhile under another source
            return
        self.index.install(profile, features, merged=[merged_id for merged_id, _ in assignment.merges],
                           spun_off=split.spun_off if split is not None else None)
        self._remember_fingerprint(article.id, marks.shingles)
        stages["store"] += time.perf_counter() - clock
        if assignment.story_id is None:
            self.summary.stories_created += 1
        status = "copy" if copy is not None else "new"
        self._emit(IngestEvent(status, source, article.id, story_id, reason))

    def _find_original(self, marks: Fingerprint, article: Article) -> tuple[str, str, Overlap] | None:
        """The stored article this one copies (the root of any copy chain), if any."""
        if not marks.band_keys:
            return None
        bands = schema.dedup_bands
        with self.store.read() as connection:
            rows = connection.execute(
                select(bands.c.article_id, func.count().label("shared"))
                .where(bands.c.band_key.in_(marks.band_keys))
                .group_by(bands.c.article_id)
                .order_by(func.count().desc())
                .limit(MAX_COPY_CANDIDATES)
            ).all()
            best: tuple[str, Overlap] | None = None
            for candidate_id, _shared in rows:
                found = is_copy(marks.shingles, self._shingles_of(connection, candidate_id))
                if found is not None and (best is None or found.containment > best[1].containment):
                    best = (candidate_id, found)
            if best is None:
                return None
            original_id = connection.execute(
                select(schema.duplicates.c.original_id).where(schema.duplicates.c.article_id == best[0])
            ).scalar() or best[0]
            original_outlet = connection.execute(
                select(schema.articles.c.outlet).where(schema.articles.c.id == original_id)
            ).scalar()
        return original_id, copy_kind(article.outlet, original_outlet), best[1]

    def _shingles_of(self, connection: Connection, article_id: str) -> frozenset[int]:
        cached = self._fingerprints.get(article_id)
        if cached is not None:
            return cached
        text = connection.execute(select(schema.articles.c.text).where(schema.articles.c.id == article_id)).scalar()
        found = frozenset(shingles(text or ""))
        self._remember_fingerprint(article_id, found)
        return found

    def _remember_fingerprint(self, article_id: str, hashes: frozenset[int]) -> None:
        self._fingerprints[article_id] = hashes
        self._fingerprints.move_to_end(article_id)
        while len(self._fingerprints) > FINGERPRINT_CACHE:
            self._fingerprints.popitem(last=False)

    def _story_of(self, article_id: str) -> int | None:
        with self.store.read() as connection:
            return connection.execute(
                select(schema.assignments.c.story_id).where(schema.assignments.c.article_id == article_id)
            ).scalar()


def _done(job: Future[list[Any]] | list[Any]) -> bool:
    return not isinstance(job, Future) or job.done()


def _timed_read(unit: Unit) -> tuple[list[RawItem | Unit], float]:
    """The unit's raw items and the CPU seconds the reading thread spent (network waits
    are not work; wall time would also count the other threads' turns)."""
    clock = time.thread_time()
    try:
        found = unit.read()
    except ParallaxError as error:
        found = [RawItem(unit.key, "error", error=error)]
    except Exception as error:  # a reader bug must not stop the batch; it is recorded
        found = [RawItem(unit.key, "error", error=InputError(unit.key, f"unexpected error: {error!r}"))]
    return found, time.thread_time() - clock


def _url_of(article: Article) -> str | None:
    return article.source if article.source.startswith(("http://", "https://")) else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- the transaction's statements ---------------------------------------------------------------


def _insert_article(
    connection: Connection, source: str, analysis: Analysis, vector: np.ndarray, model: str, marks: Fingerprint
) -> None:
    article = analysis.article
    connection.execute(insert(schema.articles).values(
        id=article.id, source=article.source, url=_url_of(article), outlet=article.outlet, title=article.title,
        published=article.published, language=article.language, text=article.text, meta=article_meta(article),
        ingested_at=now_iso(),
    ))
    connection.execute(insert(schema.analyses).values(article_id=article.id, data=analysis_blob(analysis)))
    connection.execute(insert(schema.embeddings).values(
        article_id=article.id, model=model, vector=np.asarray(vector, dtype=np.float32).tobytes()))
    connection.execute(
        insert(schema.dedup_bands), [{"band_key": key, "article_id": article.id} for key in set(marks.band_keys)]
    )
    if source != "-":
        mark_source(connection, source, article.id, "new", article.outlet, _url_of(article))


def _save_story(connection: Connection, profile: StoryProfile, *, created: bool) -> tuple[int, int]:
    """Insert or update the story row. Its first and last seen days are the articles'
    publication days; a story none of whose articles is dated is seen when ingested."""
    stamp = now_iso()
    today = stamp[:10]
    rev = int(connection.execute(select(func.coalesce(func.max(schema.stories.c.rev), 0))).scalar() or 0) + 1
    values: dict[str, Any] = {
        "title": profile.title, "article_count": profile.count,
        "centroid": profile.vector_sum.astype(np.float32).tobytes(), "profile": profile.profile_json(),
        "updated_at": stamp, "rev": rev,
    }
    if profile.first_day and profile.last_day:
        values["first_seen"], values["last_seen"] = profile.first_day.isoformat(), profile.last_day.isoformat()
    if created:
        values.setdefault("first_seen", today)
        values.setdefault("last_seen", today)
        story_id = _next_story_id(connection)
        connection.execute(insert(schema.stories).values(id=story_id, created_at=stamp, **values))
        return story_id, rev
    if "last_seen" not in values:
        values["last_seen"] = today
    connection.execute(update(schema.stories).where(schema.stories.c.id == profile.id).values(**values))
    return profile.id, rev


def _next_story_id(connection: Connection) -> int:
    """A story id never used before. The database's own counter would hand out again the
    id of a story since merged away, and that id still leads to the story it went into."""
    used = [
        connection.execute(select(func.max(column))).scalar() or 0
        for column in (schema.stories.c.id, schema.story_merges.c.merged_id)
    ]
    return max(used) + 1


def _merge_stories(
    connection: Connection, into_id: int, merges: tuple[tuple[int, float], ...], article_id: str, rev: int
) -> None:
    """Move every article of each merged story to ``into_id`` (their reasons say why),
    record the merge, and delete the merged story."""
    assignments = schema.assignments
    for merged_id, probability in merges:
        note = f" [moved from story {merged_id}: merged when {article_id} matched both, p={probability:.2f}]"
        connection.execute(
            update(assignments).where(assignments.c.story_id == merged_id)
            .values(story_id=into_id, reason=assignments.c.reason + note)
        )
        connection.execute(insert(schema.story_merges).values(
            merged_id=merged_id, into_id=into_id, article_id=article_id, probability=probability, rev=rev,
            merged_at=now_iso(),
        ))
        connection.execute(update(schema.story_merges).where(schema.story_merges.c.into_id == merged_id)
                           .values(into_id=into_id))
        connection.execute(delete(schema.stories).where(schema.stories.c.id == merged_id))


def _split_story(connection: Connection, split: Split, from_id: int, article_id: str) -> None:
    """Store the story split off ``from_id``, move its articles there (their reasons say
    why) and record the split."""
    split.spun_off.id, rev = _save_story(connection, split.spun_off, created=True)
    assignments = schema.assignments
    connection.execute(
        update(assignments).where(assignments.c.article_id.in_(split.moved))
        .values(story_id=split.spun_off.id, reason=assignments.c.reason + f" [{split.reason}, when {article_id} arrived]")
    )
    connection.execute(insert(schema.story_splits).values(
        new_id=split.spun_off.id, from_id=from_id, article_id=article_id, moved=len(split.moved),
        reason=split.reason, rev=rev, split_at=now_iso(),
    ))


def _count_terms(connection: Connection, terms: Iterable[str]) -> None:
    """Add one to each word's document frequency (an upsert, on SQLite and PostgreSQL)."""
    rows = [{"key": term[:200], "df": 1} for term in set(terms)]
    if not rows:
        return
    table = schema.term_df
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(table)
    connection.execute(
        statement.on_conflict_do_update(index_elements=[table.c.key], set_={"df": table.c.df + 1}), rows
    )


# --- loading the story index ---------------------------------------------------------------------


def load_story_index(store: Store) -> StoryIndex:
    """The story index as the store last committed it: word frequencies, every story's
    centroid in the ANN index, and profiles loaded from the store when needed.

    Rebuilding the ANN index of a million stories takes minutes, so a file-based store
    keeps a snapshot of it beside the database (``save_story_index``); loading takes the
    snapshot and re-adds only the stories changed since it was written. A snapshot that
    is missing, unreadable or of another dimension is ignored (the index is rebuilt).
    """
    from parallax.embed import default_embedder

    with store.read() as connection:
        counts = dict(connection.execute(select(schema.term_df.c.key, schema.term_df.c.df)).all())
        documents = int(connection.execute(select(func.count()).select_from(schema.articles)).scalar() or 0)
        dim = _stored_dimension(connection)
    index = StoryIndex(
        dim or default_embedder().dim,
        load_profile=lambda story_id: _load_profile(store, story_id),
        frequencies=DocumentFrequencies(counts, documents),
    )
    since_rev = _restore_snapshot(store, index)
    if since_rev:
        with store.read() as connection:
            index.forget(connection.execute(
                select(schema.story_merges.c.merged_id).where(schema.story_merges.c.rev > since_rev)).scalars())
    last = (since_rev, 0)
    while True:
        with store.read() as connection:
            rows = connection.execute(
                select(schema.stories.c.id, schema.stories.c.rev, schema.stories.c.centroid)
                .where(tuple_(schema.stories.c.rev, schema.stories.c.id) > last)
                .order_by(schema.stories.c.rev, schema.stories.c.id).limit(10_000)
            ).all()
        if not rows:
            break
        sums = np.stack([np.frombuffer(row.centroid, dtype=np.float32) for row in rows])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        index.put_vectors([row.id for row in rows], sums / np.where(norms == 0, 1, norms))
        last = (rows[-1].rev, rows[-1].id)
    return index


def snapshot_path(store: Store) -> Path | None:
    """Where the ANN snapshot of a file-based SQLite store lives (None for other stores)."""
    if store.in_memory or not store.is_sqlite:
        return None
    database = store.engine.url.database
    return Path(f"{database}.stories.usearch") if database else None


def save_story_index(store: Store, index: StoryIndex) -> None:
    """Write the ANN snapshot and the story revision it includes, each atomically (a
    killed save leaves the previous snapshot, which loading then brings up to date)."""
    path = snapshot_path(store)
    if path is None or not len(index):
        return
    with store.read() as connection:
        rev = int(connection.execute(select(func.coalesce(func.max(schema.stories.c.rev), 0))).scalar() or 0)
    temporary = path.with_name(path.name + ".tmp")
    index.index.save(str(temporary))
    os.replace(temporary, path)
    meta = path.with_name(path.name + ".json")
    meta_temporary = meta.with_name(meta.name + ".tmp")
    meta_temporary.write_text(json.dumps({"rev": rev, "dim": index.dim}), encoding="utf-8")
    os.replace(meta_temporary, meta)


def _restore_snapshot(store: Store, index: StoryIndex) -> int:
    """Load the snapshot into ``index``; the story revision it includes (0 if none)."""
    path = snapshot_path(store)
    if path is None or not path.exists():
        return 0
    try:
        meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        if int(meta["dim"]) != index.dim:
            return 0
        index.index.load(str(path))
        return int(meta["rev"])
    except (OSError, ValueError, KeyError, RuntimeError):
        index.index.reset()
        return 0


def _stored_dimension(connection: Connection) -> int | None:
    blob = connection.execute(select(schema.stories.c.centroid).limit(1)).scalar()
    return None if blob is None else len(blob) // 4


def _load_profile(store: Store, story_id: int) -> StoryProfile | None:
    table = schema.stories
    with store.read() as connection:
        row = connection.execute(
            select(table.c.id, table.c.title, table.c.article_count, table.c.centroid, table.c.profile)
            .where(table.c.id == story_id)
        ).first()
    if row is None:
        return None
    return StoryProfile.from_stored(row.id, row.title, row.article_count, row.centroid, row.profile)


# --- the worker side -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a worker made of one result: ``analyzed`` (with analysis, vector, model),
    ``duplicate``, ``skipped`` (with the article) or ``failed`` (with the error)."""

    status: str
    source: str
    article: Article | None = None
    analysis: Analysis | None = None
    vector: np.ndarray | None = None
    model: str | None = None
    # (class name, source, reason): ParallaxError's two-argument constructor does not
    # survive pickling between processes, so the error travels as plain strings.
    failure: tuple[str, str, str] | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def error(self) -> ParallaxError | None:
        if self.failure is None:
            return None
        kind, source, reason = self.failure
        return _ERROR_CLASSES.get(kind, ParallaxError)(source, reason)


def _portable(error: ParallaxError) -> tuple[str, str, str]:
    return type(error).__name__, error.source, error.reason


_ERROR_CLASSES: dict[str, type[ParallaxError]] = {
    cls.__name__: cls for cls in (ParallaxError, InputError, FetchError, ExtractionError)
}


_worker: dict[str, Any] = {}


def _worker_start(parent_pid: int, lookup_url: str | None) -> None:
    """Worker set-up: exit when the parent dies (even by SIGKILL); use one thread for the
    embedding, since the workers already fill the cores; open the store read-only-in-
    practice to skip articles it already holds."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parallax-parent-watch").start()
    from parallax.embed import DEFAULT_PRECISION, CachedEmbedder, OnnxEmbedder

    _worker["embedder"] = CachedEmbedder(OnnxEmbedder(DEFAULT_PRECISION, threads=1))
    _worker["lookup"] = Store(lookup_url) if lookup_url else None


def process_batch(items: list[RawItem], max_bytes: int, *, lookup: Store | None = None) -> list[Outcome]:
    """Extract, check against the store, analyse and embed a batch, in order."""
    from parallax.analyze import analyze_many

    lookup = lookup if lookup is not None else _worker.get("lookup")
    embedder = _worker.get("embedder")
    if embedder is None:
        from parallax.embed import default_embedder

        embedder = default_embedder()
    outcomes: list[Outcome] = []
    fresh: list[Outcome] = []
    for item in items:
        clock = time.perf_counter()
        results = extract(item, max_bytes=max_bytes)
        share = {"read": (time.perf_counter() - clock) / max(1, len(results))}
        for result in results:
            if result.error is not None:
                outcome = Outcome("failed", result.source, failure=_portable(result.error), seconds=share)
            else:
                article = result.article
                assert article is not None
                outcome = Outcome(_lookup_status(lookup, result.source, article), result.source, article, seconds=share)
                if outcome.status == "analyzed":
                    fresh.append(outcome)
            outcomes.append(outcome)
    if fresh:
        _analyze(fresh, embedder, analyze_many)
    return outcomes


def _lookup_status(lookup: Store | None, source: str, article: Article) -> str:
    if lookup is None:
        return "analyzed"
    if source != "-" and lookup.source_seen(source):
        return "skipped"
    return "duplicate" if lookup.article_exists(article.id) else "analyzed"


def _analyze(fresh: list[Outcome], embedder: Any, analyze_many: Callable[..., Iterator[Analysis]]) -> None:
    """Fill in analysis and vector; an article that breaks the analysis fails alone."""
    articles = [outcome.article for outcome in fresh]
    clock = time.perf_counter()
    try:
        analyses: list[Analysis | Exception] = list(analyze_many(articles))
    except Exception:  # find the culprit: one by one
        analyses = []
        for article in articles:
            try:
                analyses.extend(analyze_many([article]))
            except Exception as error:
                analyses.append(error)
    analyze_share = (time.perf_counter() - clock) / len(fresh)
    clock = time.perf_counter()
    vectors = embedder.embed([lead_text(article) for article in articles])
    embed_share = (time.perf_counter() - clock) / len(fresh)
    for outcome, analysis, vector in zip(fresh, analyses, vectors, strict=True):
        outcome.seconds = {**outcome.seconds, "analyze": analyze_share, "embed": embed_share}
        if isinstance(analysis, Exception):
            outcome.status = "failed"
            outcome.failure = ("InputError", outcome.source, f"analysis failed: {analysis!r}")
            continue
        outcome.analysis, outcome.vector, outcome.model = analysis, vector, embedder.name


__all__ = [
    "IngestEvent",
    "IngestSummary",
    "Ingestor",
    "Outcome",
    "process_batch",
    "default_workers",
    "ingest",
    "ingest_articles",
    "load_story_index",
]
