"""`parallax ingest` sources: feeds fetched from a local HTTP server, WARC archives, JSON
Lines dumps, files of URLs and directories; malformed inputs become recorded failures
while the rest goes through; reruns skip what is stored."""

from __future__ import annotations

import gzip
import html
import io
import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax.cli import app
from parallax.ingest.feeds import feed_entries
from parallax.ingest.kinds import looks_like_feed
from parallax.ingest.warc import iter_warc, looks_like_warc
from parallax.store import Store
from parallax.model import Article
from parallax.store.ingest import IngestEvent, ingest
from parallax.stories.features import article_day

TOWNS = ["Marrow Hill", "Quillon", "Ebbsford", "Tarrow Cross", "Linden Vale", "Osk Harbour"]
PROJECTS = ["a covered market", "a footbridge over the canal", "a public library", "a bus depot",
            "a flood barrier", "a skate park"]


def town_article(n: int) -> tuple[str, list[str]]:
    """A short fictional council story, distinct for each n."""
    town, project = TOWNS[n % len(TOWNS)], PROJECTS[(n * 5 + 1) % len(PROJECTS)]
    title = f"{town} council approves {project}"
    paragraphs = [
        f"Councillors in {town} voted {7 + n} to {n % 4} on Tuesday to build {project}, ending a debate that "
        f"began {n + 2} months ago.",
        f"The project will cost {120 + 17 * n} thousand crowns and is due to open next autumn, the council's "
        f"planning officer, Mira Castell-{n}, told the meeting.",
        f"Residents who spoke at the session were divided: shop owners welcomed the plan, while neighbours of "
        f"the site on Wick Lane number {n + 3} asked for a quieter design.",
    ]
    return title, paragraphs


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            "<meta property='og:site_name' content='Town Crier'></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
            "<footer>Copyright Town Crier. All rights reserved.</footer></body></html>")


class _QuietHandler(SimpleHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        _QuietHandler.hits[self.path] += 1
        super().do_GET()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local web site serving ``tmp_path/site``: (base URL, directory)."""
    root = tmp_path / "site"
    root.mkdir()
    _QuietHandler.hits = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def rss(base: str, links: list[str | None]) -> str:
    items = []
    for n, link in enumerate(links):
        link_xml = f"<link>{base}/{link}</link>" if link else ""
        items.append(f"<item><title>Entry {n}</title>{link_xml}<pubDate>Tue, 0{n + 1} Apr 2031 09:00:00 +0000</pubDate></item>")
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Town Crier</title>{''.join(items)}</channel></rss>"


def _run(sources: list[str], store: Store, **options: object) -> tuple[Counter[str], list[IngestEvent]]:
    events: list[IngestEvent] = []
    ingest(sources, store, workers=1, on_event=events.append, **options)
    return Counter(event.status for event in events), events


# --- feeds -----------------------------------------------------------------------------------


def test_feed_entries_are_fetched_and_bad_entries_recorded(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    for n in range(2):
        (root / f"a{n}.html").write_text(page(*town_article(n)), encoding="utf-8")
    (root / "feed.xml").write_text(rss(base, ["a0.html", None, "a1.html", "missing.html"]), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([f"{base}/feed.xml"], store, allow_private=True)
        assert counts == Counter({"new": 2, "failed": 2})
        reasons = {event.source: event.detail for event in events if event.status == "failed"}
        assert reasons[f"{base}/feed.xml#entry2"] == "feed entry has no http(s) link"
        assert "404" in reasons[f"{base}/missing.html"]
        assert {f.source for f in store.failures()} == set(reasons)
        new_ids = [event.article_id for event in events if event.status == "new"]
        # The pages state no date: the feed's is used, and dates the stories.
        assert sorted(store.load_article(i).published for i in new_ids) == ["2031-04-01", "2031-04-03"]
        assert {story.first_seen for story in store.stories()} <= {"2031-04-01", "2031-04-03"}
        # Rerun: stored entries are skipped without fetching them again.
        before = _QuietHandler.hits["/a0.html"]
        counts, _ = _run([f"{base}/feed.xml"], store, allow_private=True)
        assert counts == Counter({"skipped": 2, "failed": 2})
        assert _QuietHandler.hits["/a0.html"] == before
        assert store.counts()["articles"] == 2


def test_private_addresses_are_refused_unless_allowed(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    (root / "a0.html").write_text(page(*town_article(0)), encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(base, ["a0.html"]), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(feed)], store)
        assert counts == Counter({"failed": 1})
        assert "refused" in events[0].detail and "--allow-private" in events[0].detail


def test_malformed_feed_is_one_failure_and_other_sources_continue(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><rss><channel><title>Cut short", encoding="utf-8")
    title, paragraphs = town_article(3)
    good = tmp_path / "good.html"
    good.write_text(page(title, paragraphs), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(broken), str(good)], store)
        assert counts == Counter({"failed": 1, "new": 1})
        assert events[0].source == str(broken.resolve()) and "malformed feed" in events[0].detail


@pytest.mark.parametrize(
    ("document", "expected"),
    [(b"<?xml version='1.0'?>\n<rss version='2.0'>", True), (b"<feed xmlns='http://www.w3.org/2005/Atom'>", True),
     (b"<!-- c --><rdf:RDF>", True), (b"<html><body>", False), (b"plain words", False)],
)
def test_looks_like_feed(document: bytes, expected: bool) -> None:
    assert looks_like_feed(document) is expected


def test_atom_feed_entries() -> None:
    atom = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>T</title>"
            b"<entry><title>One</title><link href='https://example.org/one'/><updated>2031-04-02T10:00:00Z</updated></entry>"
            b"<entry><title>Two</title><link href='ftp://example.org/two'/></entry></feed>")
    entries = list(feed_entries(atom, "atom.xml"))
    assert entries[0].link == "https://example.org/one" and entries[0].published == "2031-04-02"
    assert "not http(s)" in str(entries[1])


def test_a_damaged_feed_with_nothing_usable_is_one_failure_naming_the_damage() -> None:
    # The bare "&" breaks the XML; feedparser still yields both entries, neither with a link.
    broken = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Tide Times</title>"
              b"<item><title>Ebb & flow</title></item><item><title>Neap</title></item></channel></rss>")
    [failure] = feed_entries(broken, "tide.xml")
    assert str(failure).startswith("tide.xml: malformed feed: not well-formed (invalid token) at line 1")
    # Damaged but still giving an entry to fetch: the entry is kept, the linkless one fails alone.
    lenient = broken.replace(b"<title>Neap</title>", b"<title>Neap</title><link>https://tide.example/neap</link>")
    entries = list(feed_entries(lenient, "tide.xml"))
    assert "no http(s) link" in str(entries[0]) and entries[1].link == "https://tide.example/neap"


def test_relative_entry_links_resolve_against_the_feed() -> None:
    feed = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Tide Times</title>"
            b"<link>https://tide.example/news/</link>"
            b"<item><title>One</title><link>/news/one.html</link></item>"
            b"<item><title>Two</title><link>two.html</link></item></channel></rss>")
    # A feed file: against its own <link>; a fetched feed: against the address it came from.
    assert [entry.link for entry in feed_entries(feed, "tide.xml")] == [
        "https://tide.example/news/one.html", "https://tide.example/news/two.html"]
    fetched = feed_entries(feed, "https://mirror.example/feeds/tide.xml", url="https://mirror.example/feeds/tide.xml")
    assert [entry.link for entry in fetched] == ["https://mirror.example/news/one.html",
                                                  "https://mirror.example/feeds/two.html"]


def test_a_fetched_feed_with_relative_links_is_ingested(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    (root / "news").mkdir()
    for n in range(2):
        (root / "news" / f"a{n}.html").write_text(page(*town_article(n)), encoding="utf-8")
    items = "".join(f"<item><title>Entry {n}</title><link>{link}</link></item>"
                    for n, link in enumerate(["a0.html", "/news/a1.html"]))
    (root / "news" / "feed.xml").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Town Crier"
                                            f"</title>{items}</channel></rss>", encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([f"{base}/news/feed.xml"], store, allow_private=True)
        assert counts == Counter({"new": 2})
        assert {event.source for event in events} == {f"{base}/news/a0.html", f"{base}/news/a1.html"}


def test_a_linkless_entry_carrying_its_article_is_read_from_the_feed(tmp_path: Path) -> None:
    title, paragraphs = town_article(1)
    paragraphs.append("The council will publish the final drawings for the site next month, she added.")
    full = html.escape("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    teaser = html.escape(f"<p>{html.escape(paragraphs[0])}</p>")
    feed = tmp_path / "feed.xml"
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Town Crier</title>"
                    f"<item><title>{html.escape(title)}</title><pubDate>Wed, 02 Apr 2031 08:00:00 +0000</pubDate>"
                    f"<description>{full}</description></item>"
                    f"<item><title>Teaser</title><description>{teaser}</description></item></channel></rss>",
                    encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(feed)], store)
        assert counts == Counter({"new": 1, "failed": 1})  # a teaser is no article: it still needs a link
        failed = next(event for event in events if event.status == "failed")
        assert (failed.source, failed.detail) == (f"{feed.resolve()}#entry2", "feed entry has no http(s) link")
        stored = store.load_article(next(event.article_id for event in events if event.status == "new"))
        assert (stored.title, stored.published) == (title, "2031-04-02")
        assert stored.paragraphs[-1] == paragraphs[-1]
        counts, _ = _run([str(feed)], store)  # keyed by its content: a rerun skips it
        assert counts == Counter({"skipped": 1, "failed": 1})


# --- WARC -----------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, str]], *, gz: bool, damage: int | None = None,
               captured: str | None = None) -> None:
    """A WARC with one HTML response per page, plus a request and an image that must be
    passed over; ``damage`` overwrites bytes at the start of that response record;
    ``captured`` is the responses' WARC-Date (warcio's default: now)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    offsets = []
    for n, (url, markup) in enumerate(pages):
        if n == 1:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG"),
                                                          http_headers=image))
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        offsets.append(buffer.tell())
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        dated = {"WARC-Date": captured} if captured else None
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(markup.encode()),
                                                      http_headers=headers, warc_headers_dict=dated))
    data = bytearray(buffer.getvalue())
    if damage is not None:
        start = offsets[damage]
        data[start : start + 24] = b"\x00garbage, not a record\x00"
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_are_ingested_and_a_damaged_record_is_a_failure(tmp_path: Path, gz: bool) -> None:
    pages = [(f"https://crier.example/{n}", page(*town_article(n))) for n in range(4)]
    archive = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(archive, pages, gz=gz, damage=2)
    assert looks_like_warc(archive)
    items = list(iter_warc(archive))
    assert [getattr(item, "url", None) for item in items if not isinstance(item, Exception)] == [
        "https://crier.example/0", "https://crier.example/1", "https://crier.example/3"]
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(archive)], store)
        assert counts == Counter({"new": 3, "failed": 1})
        failure = next(event for event in events if event.status == "failed")
        assert failure.source.startswith(f"{archive.resolve()}#") and "damaged WARC record" in failure.detail
        sources = {event.article_id: event.source for event in events if event.status == "new"}
        hits = store.search("councillors")
        assert {hit.article_id for hit in hits} == set(sources)
        assert all("#" in source for source in sources.values())  # the record's place in the archive
        counts, _ = _run([str(archive)], store)
        assert counts == Counter({"skipped": 3, "failed": 1})


def test_a_warc_response_without_a_target_uri_is_a_failure_and_the_next_record_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc"
    write_warc(archive, [("https://crier.example/0", page(*town_article(0)))], gz=False)
    good = archive.read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>No address.</p></body></html>"
    headless = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:7>\r\n"
                b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n")
    write_warc(archive, [("https://crier.example/1", page(*town_article(1)))], gz=False)
    archive.write_bytes(good + headless + archive.read_bytes())
    items = list(iter_warc(archive))
    assert [getattr(item, "url", None) for item in items if not isinstance(item, Exception)] == [
        "https://crier.example/0", "https://crier.example/1"]
    failures = [item for item in items if isinstance(item, Exception)]
    assert len(failures) == 1 and "damaged WARC record: malformed record headers" in str(failures[0])


def test_an_archived_page_without_a_date_is_grouped_by_the_day_it_was_captured(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, [("https://crier.example/0", page(*town_article(0)))], gz=True, captured="2031-05-06T08:09:10Z")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(archive)], store)
        assert counts == Counter({"new": 1})
        article = store.load_article(events[0].article_id)
    assert article.published is None  # a capture is not a publication date
    assert article.captured == "2031-05-06T08:09:10Z"
    assert article_day(article) == date(2031, 5, 6)


def test_article_day_prefers_the_publication_date_to_the_capture() -> None:
    article = Article(source="s", paragraphs=["Text."], published="2031-05-01", captured="2031-05-06T08:00:00Z")
    assert article_day(article) == date(2031, 5, 1)
    assert article_day(Article(source="s", paragraphs=["Text."], captured="not a date")) is None
    assert article_day(Article(source="s", paragraphs=["Text."])) is None


# --- JSON Lines, URL lists, directories -----------------------------------------------------------


def test_jsonl_dump_bad_lines_fail_alone_and_exact_duplicates_are_recorded(tmp_path: Path) -> None:
    records = []
    for n in range(3):
        title, paragraphs = town_article(n)
        records.append(json.dumps({"title": title, "text": "\n\n".join(paragraphs), "url": f"https://a.example/{n}",
                                   "source_domain": "a.example", "date_publish": f"2031-04-0{n + 1}"}))
    title, paragraphs = town_article(0)
    mirror = json.dumps({"title": title, "text": "\n\n".join(paragraphs), "url": "https://mirror.example/0",
                         "source_domain": "mirror.example"})
    lines = [records[0], "{not json", records[1], json.dumps({"title": "no body"}), "", records[2], mirror]
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(dump)], store)
        assert counts == Counter({"new": 3, "failed": 2, "duplicate": 1})
        failed = sorted(event.source.rsplit("#", 1)[1] for event in events if event.status == "failed")
        assert failed == ["L2", "L4"]
        duplicate = next(event for event in events if event.status == "duplicate")
        story_id = next(event.story_id for event in events if event.article_id == duplicate.article_id)
        assert "mirror.example" in store.story(story_id).summary.outlets  # the republisher is kept
        assert store.counts() == {"articles": 3, "stories": store.counts()["stories"], "duplicates": 0,
                                  "sources": 4, "failures": 2}


def test_a_dump_records_its_crawl_date_as_the_capture() -> None:
    from parallax.ingest.files import article_from_record

    title, paragraphs = town_article(2)
    record = {"title": title, "maintext": "\n\n".join(paragraphs), "date_download": "2031-04-09 12:00:00"}
    article = article_from_record(record, source="dump.jsonl#L1")
    assert (article.published, article.captured) == (None, "2031-04-09 12:00:00")
    assert article_day(article) == date(2031, 4, 9)
    dated = article_from_record({**record, "date_publish": "2031-04-08 18:30:00"}, source="dump.jsonl#L2")
    assert article_day(dated) == date(2031, 4, 8)


def test_a_binary_or_empty_dump_is_one_failure_and_latin1_lines_keep_their_accents(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    noise = bytes(rng.randrange(256) for _ in range(6000))
    (tmp_path / "noise.jsonl").write_bytes(noise)
    (tmp_path / "empty.jsonl").write_bytes(b"\n \n")
    title, paragraphs = town_article(4)
    record = {"title": f"{title} near the caf\u00e9", "text": "\n\n".join(paragraphs)}
    (tmp_path / "mixed.jsonl").write_bytes(json.dumps(record, ensure_ascii=False).encode("latin-1") + b"\n")
    title, paragraphs = town_article(5)
    marked = json.dumps({"title": title, "text": "\n\n".join(paragraphs)}).encode()
    (tmp_path / "marked.jsonl").write_bytes(b"\xef\xbb\xbf" + marked)  # a byte-order mark first
    with Store(tmp_path / "c.db") as store:
        names = ("noise.jsonl", "empty.jsonl", "marked.jsonl", "mixed.jsonl")
        counts, events = _run([str(tmp_path / name) for name in names], store)
        assert counts == Counter({"new": 2, "failed": 2})  # the byte-order mark does not break the first line
        reasons = {Path(event.source).name: event.detail for event in events if event.status == "failed"}
        assert reasons == {"noise.jsonl": "binary content, not JSON Lines", "empty.jsonl": "empty input: no JSON lines"}
        stored = store.load_article(next(event.article_id for event in events if event.status == "new"
                                         and "mixed" in event.source))
    assert stored.title is not None and stored.title.endswith("caf\u00e9")


def test_a_crawl_date_in_another_form_still_gives_the_day() -> None:
    from parallax.ingest.files import article_from_record

    title, paragraphs = town_article(3)
    record = {"title": title, "maintext": "\n\n".join(paragraphs)}
    logged = article_from_record({**record, "crawled_at": "Thu, 03 Apr 2031 10:15:00 GMT"}, source="dump.jsonl#L1")
    assert logged.captured == "2031-04-03T10:15:00+00:00"
    assert article_day(logged) == date(2031, 4, 3)
    written = article_from_record({**record, "fetched_at": "April 5, 2031"}, source="dump.jsonl#L2")
    assert article_day(written) == date(2031, 4, 5)
    # Unreadable is dropped, as a publication date is: `captured` is an ISO time or nothing.
    unreadable = article_from_record({**record, "date_crawled": "last week"}, source="dump.jsonl#L3")
    assert (unreadable.captured, article_day(unreadable)) == (None, None)


def test_url_list_and_directory(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    for n in range(2):
        (root / f"p{n}.html").write_text(page(*town_article(n)), encoding="utf-8")
    urls = tmp_path / "inbox" / "urls.txt"
    urls.parent.mkdir()
    urls.write_text(f"# today's links\n{base}/p0.html\n\n{base}/p1.html\n", encoding="utf-8")
    title, paragraphs = town_article(4)
    (tmp_path / "inbox" / "story.md").write_text(f"# {title}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    (tmp_path / "inbox" / ".hidden.txt").write_text("ignored", encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(tmp_path / "inbox")], store, allow_private=True)
        assert counts == Counter({"new": 3})
        assert {event.source for event in events} == {f"{base}/p0.html", f"{base}/p1.html",
                                                      str((tmp_path / "inbox" / "story.md").resolve())}


def test_a_long_list_of_failed_inputs_is_named_in_part_and_counted(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("{broken\n" * 22, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(dump), "--db", str(tmp_path / "c.db"), "--workers", "1"])
    assert result.exit_code == 2
    assert "22 inputs failed:" in result.stderr and result.stderr.count("error: ") == 20
    assert "… and 2 more; `parallax failures` lists them all" in result.stderr


def test_readers_given_a_missing_database_say_so_and_create_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "corpus-typo.db"
    for command in (["stories"], ["search", "harbour"], ["failures"], ["story", "1"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 2 and "no corpus database here" in result.stderr, command
    assert not missing.exists()


def test_cli_ingest_then_list_search_and_failures(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    lines = []
    for n in range(2):
        title, paragraphs = town_article(n)
        lines.append(json.dumps({"title": title, "text": "\n\n".join(paragraphs), "date": f"2031-04-0{n + 1}"}))
    dump.write_text("\n".join([*lines, "[broken"]) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(dump), "--db", db, "--workers", "1", "--json"])
    assert result.exit_code == 2, result.output  # the broken line is named; the two good ones are stored
    assert f"error: {dump.resolve()}#L3: malformed JSON" in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["new"], summary["failed"], summary["totals"]["articles"]) == (2, 1, 2)
    listed = [json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()]
    assert sum(item["article_count"] for item in listed) == 2
    assert set(listed[0]) == {"id", "title", "article_count", "voices", "outlets", "first_seen", "last_seen"}
    since = runner.invoke(app, ["stories", "--db", db, "--json", "--since", "2031-04-02"]).stdout.splitlines()
    assert len(since) < len(listed) or all(json.loads(line)["last_seen"] >= "2031-04-02" for line in since)
    hits = [json.loads(line) for line in runner.invoke(app, ["search", "planning officer", "--db", db, "--json"]).stdout.splitlines()]
    assert len(hits) == 2 and all(hit["story_id"] for hit in hits)
    failures = [json.loads(line) for line in runner.invoke(app, ["failures", "--db", db, "--json"]).stdout.splitlines()]
    assert [f["source"].rsplit("#", 1)[1] for f in failures] == ["L3"] and "malformed JSON" in failures[0]["reason"]
    story = runner.invoke(app, ["story", str(listed[0]["id"]), "--db", db])
    assert story.exit_code == 0 and "story" in story.stdout
    missing = runner.invoke(app, ["story", "999", "--db", db])
    assert missing.exit_code != 0 and "no such story" in missing.output


def test_worker_processes_carry_failures_back(tmp_path: Path) -> None:
    """Extraction runs in the analysis workers: their failures must cross the process
    boundary intact (and not break the pool)."""
    lines = []
    for n in range(10):
        title, paragraphs = town_article(n)
        lines.append(json.dumps({"title": title, "text": "\n\n".join(paragraphs)}))
    lines[2] = json.dumps({"title": "no body here"})
    lines[7] = json.dumps(["not", "an", "object"])
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events: list[IngestEvent] = []
    with Store(tmp_path / "c.db") as store:
        ingest([str(dump)], store, workers=2, on_event=events.append)
        assert Counter(event.status for event in events) == Counter({"new": 8, "failed": 2})
        reasons = {failure.source.rsplit("#", 1)[1]: failure.reason for failure in store.failures()}
        assert set(reasons) == {"L3", "L8"}
        assert "no text field" in reasons["L3"] and "not an object" in reasons["L8"]


def test_story_command_compares_the_reports_of_one_event(tmp_path: Path) -> None:
    reports = [
        ("Fire destroys Quillon boathouse", "Quillon Herald", [
            "A fire destroyed the Quillon rowing club boathouse on Saturday night, and 14 racing boats were lost, "
            "fire officer Jana Petrov said.",
            "The blaze started in a workshop at the back of the boathouse shortly after 11 pm, Petrov said. No one "
            "was hurt.",
            "Club captain Ivo Sandberg said the club would train on borrowed boats until the building is rebuilt.",
        ]),
        ("Quillon rowers lose boats in boathouse blaze", "Valley Post", [
            "Fourteen racing boats burned when fire swept through the Quillon rowing club boathouse late on "
            "Saturday, according to fire officer Jana Petrov.",
            "Investigators believe the fire began in the workshop. Neighbours said they heard small explosions "
            "before the roof fell in.",
            "Ivo Sandberg, the club captain, said members had already offered to lend boats for the spring races.",
        ]),
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps({"title": t, "text": "\n\n".join(p), "source_domain": o,
                                          "date": "2031-06-07"}) for t, o, p in reports) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(dump), "--db", db, "--workers", "1"]).exit_code == 0
    listed = [json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()]
    assert [(s["article_count"], s["voices"], sorted(s["outlets"])) for s in listed] == [
        (2, 2, ["Quillon Herald", "Valley Post"])]
    result = runner.invoke(app, ["story", str(listed[0]["id"]), "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)
    assert comparison["schema"] == "parallax.comparison/1" and len(comparison["articles"]) == 2
    assert any(len({m["article"] for m in fact["mentions"]}) == 2 for fact in comparison["facts"])


# --- regenerated dumps, record URLs, URL lists, special files, names, cut archives -------------------


def _record(n: int, **extra: str) -> str:
    title, paragraphs = town_article(n)
    return json.dumps({"title": title, "text": "\n\n".join(paragraphs), **extra})


def test_a_regenerated_dump_ingests_new_and_edited_records_and_skips_unchanged_ones(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(_record(0) + "\n" + _record(1) + "\n", encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, _ = _run([str(dump)], store)
        assert counts == Counter({"new": 2})
        # Regenerated: a new record at line 1 shifts the old ones; record 1 is replaced by an edit.
        title, paragraphs = town_article(1)
        edited = json.dumps({"title": title, "text": "\n\n".join([*paragraphs, "The vote was later confirmed."])})
        dump.write_text("\n".join([_record(2), _record(0), edited]) + "\n", encoding="utf-8")
        counts, events = _run([str(dump)], store)
        assert counts["skipped"] == 1 and counts["new"] + counts["copy"] == 2, counts
        assert store.search("Ebbsford"), "the record that came in at line 1 is searchable"
        from parallax.store.sources import record_key

        unchanged = record_key(str(dump.resolve()), _record(0).encode())  # now at line 2: still the same record
        assert [event.source for event in events if event.status == "skipped"] == [unchanged]
        assert store.counts()["articles"] == 4
        counts, _ = _run([str(dump)], store)  # idempotent: a third run reads nothing
        assert counts == Counter({"skipped": 3})


def test_a_record_url_is_kept_as_the_article_address(tmp_path: Path) -> None:
    from sqlalchemy import select

    from parallax.ingest import read_many
    from parallax.store import schema

    dump = tmp_path / "dump.jsonl"
    dump.write_text(_record(0, url="https://crier.example/council/0") + "\n"
                    + _record(1, url="ftp://crier.example/1") + "\n", encoding="utf-8")
    assert [result.article.source for result in read_many([dump]) if result.article] == [
        "https://crier.example/council/0", f"{dump}#L2"]
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(dump)], store)
        assert counts == Counter({"new": 2})
        with store.read() as connection:
            stored = dict(connection.execute(select(schema.articles.c.id, schema.articles.c.url)).all())
        by_line = {event.article_id: stored[event.article_id] for event in events}
        assert set(by_line.values()) == {"https://crier.example/council/0", None}
        first = next(event.article_id for event in events if stored[event.article_id])
        assert store.load_article(first).source == "https://crier.example/council/0"


def test_a_url_list_with_stray_lines_fetches_the_urls_and_names_each_stray_line(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = site
    for n in range(3):
        (root / f"p{n}.html").write_text(page(*town_article(n)), encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"not a url at all\n{base}/p0.html\n# a comment\n{base}/p1.html\nftp://crier.example/x\n"
                    f"{base}/p2.html\n", encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(urls)], store, allow_private=True)
        assert counts == Counter({"new": 3, "failed": 2})
        failed = {event.source: event.detail for event in events if event.status == "failed"}
        assert set(failed) == {f"{urls.resolve()}#L1", f"{urls.resolve()}#L5"}
        assert all(detail.startswith("not an http(s) URL") for detail in failed.values())


def test_a_url_list_larger_than_any_cap_is_streamed_as_urls(tmp_path: Path) -> None:
    from parallax.store.sources import ReadOptions, expand

    urls = tmp_path / "urls.txt"
    with urls.open("w", encoding="utf-8") as handle:
        for n in range(70_000):
            handle.write(f"https://crier.example/archive/2031/04/council-reports/quillon/item-{n:06d}.html\n")
    assert urls.stat().st_size > 5_000_000
    keys = [unit.key for unit in expand([str(urls)], ReadOptions(max_bytes=1_000))]  # nothing is fetched here
    assert len(keys) == 70_000 and keys[0].endswith("/quillon/item-000000.html")


def test_devices_and_fifos_are_refused_before_they_are_read(tmp_path: Path) -> None:
    import os

    from parallax.errors import InputError
    from parallax.ingest.files import read_bytes

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found: list[Counter[str]] = []
    with Store(tmp_path / "c.db") as store:
        runner = threading.Thread(target=lambda: found.append(_run(["/dev/zero", str(fifo)], store,
                                                                   max_bytes=1000)[0]), daemon=True)
        runner.start()
        runner.join(timeout=60)
        assert not runner.is_alive(), "ingest hung on a device or a FIFO"
        assert found == [Counter({"failed": 2})]
        assert all("not a regular file" in failure.reason for failure in store.failures())
    with pytest.raises(InputError, match="not a regular file"):
        read_bytes(Path("/dev/zero"), 1000)
    # /proc files report a size of 0: the cap must hold on the bytes actually read.
    with pytest.raises(InputError, match="larger than the 100 bytes cap"):
        read_bytes(Path("/proc/self/maps"), 100)


def test_failures_are_named_by_the_resolved_path_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive_dir = tmp_path / "warc"
    archive_dir.mkdir()
    archive = archive_dir / "x.warc"
    write_warc(archive, [(f"https://crier.example/{n}", page(*town_article(n))) for n in range(3)], gz=False,
               damage=1)
    (archive_dir / "noise.jsonl").write_bytes(bytes(range(256)) * 20)
    with Store(tmp_path / "c.db") as store:
        for where, prefix in ((tmp_path, "warc/"), (archive_dir, ""), (archive_dir / "..", "warc/")):
            monkeypatch.chdir(where)
            _run([f"{prefix}x.warc", f"{prefix}noise.jsonl", f"{prefix}missing.html"], store)
        failures = store.failures()
        assert len(failures) == 3 and all(failure.attempts == 3 for failure in failures)
        assert all(failure.source.startswith(str(archive_dir.resolve())) for failure in failures)


def _cut_inside_last_record(archive: Path) -> None:
    last = max(int(item.key.rsplit("#", 1)[1]) for item in iter_warc(archive) if not isinstance(item, Exception))
    archive.write_bytes(archive.read_bytes()[: last + 60])


@pytest.mark.parametrize("gz", [False, True])
def test_a_truncated_warc_is_a_failure_saying_how_many_records_came_before_the_cut(tmp_path: Path, gz: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(archive, [(f"https://crier.example/{n}", page(*town_article(n))) for n in range(3)], gz=gz)
    _cut_inside_last_record(archive)
    with Store(tmp_path / "c.db") as store:
        counts, events = _run([str(archive)], store)
        assert counts == Counter({"new": 2, "failed": 1})
        failure = next(event for event in events if event.status == "failed")
        assert failure.source.startswith(f"{archive.resolve()}#")
        assert "truncated WARC: 4 records read before the cut" in failure.detail  # 2 pages, an image, a request


def test_warc_records_without_content_type_and_html_resources_are_read_and_the_rest_counted(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "mixed.warc.gz"
    with archive.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))

        response("https://crier.example/0", "200 OK", [], page(*town_article(0)).encode())  # no Content-Type
        writer.write_record(writer.create_warc_record(  # a page archived as a resource (no HTTP headers)
            "https://crier.example/1", "resource", payload=io.BytesIO(page(*town_article(1)).encode()),
            warc_content_type="text/html; charset=utf-8"))
        response("https://crier.example/2", "404 Not Found", [("Content-Type", "text/html")],
                 page(*town_article(2)).encode())
        response("https://crier.example/3.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG")
        response("https://crier.example/4", "200 OK", [], b"%PDF-1.4 not markup")
    events: list[IngestEvent] = []
    with Store(tmp_path / "c.db") as store:
        summary = ingest([str(archive)], store, workers=1, on_event=events.append)
    assert Counter(event.status for event in events) == Counter({"new": 2})
    assert sorted(event.source.rsplit("#", 1)[0] == str(archive.resolve()) for event in events) == [True, True]
    assert (summary.passed_over, summary.as_dict()["passed_over"]) == (3, 3)
