"""parallax.read / read_many and `parallax read`: formats, encodings, bad input, batches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import parallax
from parallax.errors import ExtractionError, InputError
from parallax.extract.encoding import decode

RUSSIAN = "Мэр города заявил, что мост откроют в мае после ремонта восточной опоры. Жители ждут этого давно."
UKRAINIAN = "Міський голова заявив, що міст відкриють у травні після ремонту. Мешканці чекали на це давно."
FRENCH = "Le maire a déclaré que le pont rouvrirait en mai, après des réparations à l'été."

PLAIN = "Bridge to reopen\n\nMay 2, 2030\n\nThe mayor said the bridge would reopen in May.\n"
HTML_IN_TXT = (
    "<html><head><title>Bridge</title><meta property='og:site_name' content='Town Crier'></head><body>"
    "<article><h1>Bridge to reopen in May</h1>"
    + "".join(f"<p>The mayor said on Monday that repairs to pier {n} were going well and on budget.</p>" for n in range(6))
    + "</article></body></html>"
)


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "parallax", *args], input=stdin, capture_output=True, timeout=120
    )


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (UKRAINIAN, "cp1251"), (RUSSIAN, "utf-8"), (FRENCH, "latin-1"), (FRENCH, "utf-8-sig")],
)
def test_encodings_round_trip(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "x.txt") == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_decode_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data, "bad.bin")


def test_format_detected_from_content(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(HTML_IN_TXT)
    article = parallax.read(tmp_path / "page.txt")
    assert article.title == "Bridge to reopen in May"
    assert article.outlet == "Town Crier"
    assert all(p.startswith("The mayor said") for p in article.paragraphs)


def test_cyrillic_file(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes(f"Мост откроют в мае\n\n{RUSSIAN}\n".encode("koi8-r"))
    article = parallax.read(tmp_path / "ru.txt")
    assert article.language == "ru"
    assert article.paragraphs == [RUSSIAN]


def test_json_and_jsonl(tmp_path: Path) -> None:
    record = {"title": "Bridge", "text": "The mayor said the bridge would reopen.", "url": "https://towncrier.example/b", "date": "2030-05-02"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    article = parallax.read(tmp_path / "one.json")
    assert (article.title, article.published, article.outlet) == ("Bridge", "2030-05-02", "towncrier.example")
    lines = [json.dumps(record), "{not json", json.dumps({"title": "no text"}), json.dumps({**record, "title": "Two"})]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines))
    results = list(parallax.read_many([tmp_path / "dump.jsonl"]))
    assert [r.article.title for r in results if r.article] == ["Bridge", "Two"]
    errors = [r.error for r in results if r.error]
    assert [e.source.rsplit("#", 1)[1] for e in errors] == ["L2", "L3"]
    assert "malformed JSON" in errors[0].reason and "no text field" in errors[1].reason


BRIDGE_TEXT = "The mayor said the footbridge over the Wend would reopen after repairs to its eastern pier."


def test_a_json_text_of_the_wrong_type_is_named_not_called_missing(tmp_path: Path) -> None:
    records = [({"text": 1200}, 'JSON record\'s "text" is a number, not text'),
               ({"text": ["one", "two"]}, 'JSON record\'s "text" is a list, not text'),
               ({"content": {"body": BRIDGE_TEXT}}, 'JSON record\'s "content" is an object, not text'),
               ({"body": False}, 'JSON record\'s "body" is false, not text'),
               ({"text": "   "}, 'JSON record\'s "text" is empty'),
               ({"text": None, "title": "Bridge"}, "JSON record has no text field (one of text, content, ")]
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(record) + "\n" for record, _ in records))
    results = list(parallax.read_many([tmp_path / "dump.jsonl"]))
    reasons = [result.error.reason if result.error else None for result in results]
    assert [reason[:len(start)] for reason, (_, start) in zip(reasons, records)] == [start for _, start in records]


def test_json_extras_of_the_wrong_type_are_passed_over_for_the_next_field(tmp_path: Path) -> None:
    record = {"title": 2031, "headline": "Footbridge to reopen", "text": ["draft"], "body": BRIDGE_TEXT,
              "url": 7, "link": "https://wendgazette.example/footbridge",
              "authors": [{"@type": "Person", "name": "Ann Lee"}, "Bo Park", 3], "byline": 12}
    (tmp_path / "one.json").write_text(json.dumps(record))
    article = parallax.read(tmp_path / "one.json")
    assert (article.title, article.outlet, article.byline) == ("Footbridge to reopen", "wendgazette.example",
                                                              ["Ann Lee", "Bo Park"])


def test_a_json_date_is_iso_8601_or_absent(tmp_path: Path) -> None:
    expected = [
        ("2031-04-08T18:30:00+02:00", "2031-04-08T18:30:00+02:00"),  # ISO: kept, time of day included
        ("Tue, 01 Apr 2031 09:00:00 +0000", "2031-04-01T09:00:00+00:00"),
        ("April 5, 2031", "2031-04-05"),
        ("31/12/2030", "2030-12-31"), ("12/31/2030", "2030-12-31"),  # day and month told apart by a day over 12
        ("05/04/2031", None),  # April or May, depending on the writer: not guessed
        (1900000000, "2030-03-17T17:46:40+00:00"), (1900000000000, "2030-03-17T17:46:40+00:00"),  # epoch s, ms
        ("zzz", None), ("2031-13-45", None), (42, None), (True, None), (["2031-04-05"], None),
    ]
    lines = [json.dumps({"title": "Footbridge", "text": BRIDGE_TEXT, "published": written}) for written, _ in expected]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines))
    published = [result.article.published for result in parallax.read_many([tmp_path / "dump.jsonl"]) if result.article]
    assert list(zip([written for written, _ in expected], published)) == expected


def test_an_unreadable_json_date_gives_way_to_a_readable_one(tmp_path: Path) -> None:
    record = {"text": BRIDGE_TEXT, "published": "soon", "date": "2031-04-05", "date_download": "yesterday",
              "crawled_at": 1900000000}
    (tmp_path / "one.json").write_text(json.dumps(record))
    article = parallax.read(tmp_path / "one.json")
    assert (article.published, article.captured) == ("2031-04-05", "2030-03-17T17:46:40+00:00")


def test_id_is_stable_and_content_based(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PLAIN)
    (tmp_path / "b.md").write_text(PLAIN)
    assert parallax.read(tmp_path / "a.txt").id == parallax.read(tmp_path / "b.md").id


def test_directory_and_errors(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PLAIN)
    (tmp_path / "empty.txt").write_text("")
    results = list(parallax.read_many([tmp_path]))
    assert len(results) == 2 and sum(r.article is not None for r in results) == 1
    with pytest.raises(InputError, match="no such file"):
        parallax.read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="larger than the 10 bytes cap"):
        parallax.read(tmp_path / "good.txt", max_bytes=10)
    (tmp_path / "shell.txt").write_text("Skip to content\nShare on Facebook\n")
    with pytest.raises(ExtractionError, match="no article body"):
        parallax.read(tmp_path / "shell.txt")



def test_an_article_too_long_to_analyse_is_refused_when_read(tmp_path: Path) -> None:
    from parallax.ingest.files import MAX_ARTICLE_CHARS

    sentence = "The ferry left the harbour at dawn and the crew counted the crates twice. "
    paragraph = sentence * 40
    (tmp_path / "long.txt").write_text("\n\n".join([paragraph] * (MAX_ARTICLE_CHARS // len(paragraph) + 2)))
    (tmp_path / "short.txt").write_text(PLAIN)
    with pytest.raises(InputError, match="too long to analyse"):
        parallax.read(tmp_path / "long.txt")
    results = list(parallax.read_many([tmp_path]))
    assert sorted(r.article is not None for r in results) == [False, True]  # the other file still reads


def test_read_text_from_memory(tmp_path: Path) -> None:
    """Text in memory reads the same as the file holding it; text passed as a path is named."""
    (tmp_path / "plain.txt").write_text(PLAIN)
    from_memory = parallax.read_text(PLAIN, source="clipboard")
    assert from_memory.id == parallax.read(tmp_path / "plain.txt").id
    assert from_memory.title == "Bridge to reopen" and from_memory.source == "clipboard"
    assert parallax.read_text(HTML_IN_TXT).outlet == "Town Crier"
    with pytest.raises(ExtractionError, match="no article body"):
        parallax.read_text("Skip to content\nShare on Facebook\n")
    with pytest.raises(InputError, match="use parallax.read_text"):
        parallax.read(PLAIN * 20)

def test_cli_json_fields(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PLAIN)
    result = _cli("read", str(tmp_path / "a.txt"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "id", "source", "outlet", "title", "subtitle", "published", "captured", "byline",
        "language", "paragraphs", "credits", "removed",
    }
    assert payload["published"] == "2030-05-02" and payload["captured"] is None  # a file has no capture date


def test_cli_stdin() -> None:
    result = _cli("read", "-", "--json", stdin=PLAIN.encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Bridge to reopen"


def test_cli_mixed_batch_goes_through_and_lists_failures(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PLAIN)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "big.txt").write_text(PLAIN * 100)
    (tmp_path / "shell.txt").write_text("Skip to content\n")
    args = [str(tmp_path / name) for name in ("empty.txt", "good.txt", "binary.dat", "missing.txt", "big.txt", "shell.txt")]
    result = _cli("read", *args, "--json", "--max-bytes", "1000")
    assert result.returncode != 0
    assert [json.loads(line)["title"] for line in result.stdout.decode().splitlines()] == ["Bridge to reopen"]
    stderr = result.stderr.decode()
    assert "5 inputs failed" in stderr
    for name, reason in [
        ("empty.txt", "empty input"),
        ("binary.dat", "binary content"),
        ("missing.txt", "no such file"),
        ("big.txt", "cap"),
        ("shell.txt", "no article body"),
    ]:
        assert f"{tmp_path / name}: " in stderr and reason in stderr


@pytest.mark.parametrize(("data", "code"), [(b"", 2), (b"Skip to content\n", 4)])
def test_cli_single_bad_input_exit_codes(tmp_path: Path, data: bytes, code: int) -> None:
    (tmp_path / "in.txt").write_bytes(data)
    result = _cli("read", str(tmp_path / "in.txt"))
    assert result.returncode == code
    assert result.stderr.decode().strip().startswith("error: ")
    assert str(tmp_path / "in.txt") in result.stderr.decode()


def test_cli_report_to_an_unwritable_place_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PLAIN)
    (tmp_path / "b.txt").write_text(PLAIN.replace("Bridge", "Viaduct"))
    missing = tmp_path / "no" / "report.html"
    for target, reason in ((missing, f"directory {missing.parent} does not exist"), (tmp_path, "is a directory")):
        inputs = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
        result = _cli("compare", *inputs, "--format", "html", "-o", str(target))
        assert result.returncode == 2
        assert result.stderr.decode().startswith(f"error: {target}: cannot write the report: {reason}")


# --- Windows-1252 punctuation, feeds and archives, notebook mistakes -----------------------------

# Curly quotes, apostrophe, en and em dash, ellipsis, bullet: often the only non-ASCII
# characters of an English report saved on Windows.
CP1252_LEAD = "The mayor of Halden Cove resigned on Friday, saying “it’s time” after 12 years – the council said…"
CP1252_TEXTS = [
    CP1252_LEAD,
    "• Ferry fares rise by 5% — ‘a fair price’, the operator said.",
    "The “new rules” for the café on the quay start in May…",  # punctuation with an accent
]
FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Halden Cove Gazette -->\n'
    '<rss version="2.0"><channel><title>Halden Cove Gazette</title><link>https://gazette.example/</link>'
    "<item><title>Mayor resigns</title><link>https://gazette.example/mayor</link>"
    "<description>The mayor of Halden Cove resigned on Friday.</description></item></channel></rss>\n"
)
ATOM = (
    '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>'
    '<entry><title>Mayor resigns</title><link href="https://gazette.example/mayor"/></entry></feed>\n'
)


@pytest.mark.parametrize("text", CP1252_TEXTS)
def test_cp1252_punctuation_decodes_as_cp1252(text: str) -> None:
    """Bytes 0x80-0x9F are Windows punctuation, never latin-1's C1 controls."""
    assert decode(text.encode("cp1252"), "gazette.txt") == text


def test_cp1252_punctuation_in_text_html_and_json_lines(tmp_path: Path) -> None:
    body = f"Mayor resigns\n\n{CP1252_LEAD}\n\nAn election will follow within 90 days.\n"
    (tmp_path / "story.txt").write_bytes(body.encode("cp1252"))
    paragraphs = [f"<p>{CP1252_LEAD} Sentence {n} of the report follows here.</p>" for n in range(6)]
    html = (f"<html><head><title>Mayor resigns</title></head>"
            f"<body><article>{''.join(paragraphs)}</article></body></html>")
    (tmp_path / "story.html").write_bytes(html.encode("cp1252"))
    record = json.dumps({"title": "Mayor resigns", "text": CP1252_LEAD}, ensure_ascii=False)
    (tmp_path / "dump.jsonl").write_bytes(record.encode("cp1252") + b"\n")
    assert CP1252_LEAD in parallax.read(tmp_path / "story.txt").paragraphs
    assert parallax.read(tmp_path / "story.html").paragraphs[0].startswith(CP1252_LEAD)
    assert parallax.read(tmp_path / "dump.jsonl").paragraphs == [CP1252_LEAD]


def _warc(path: Path, *, gz: bool) -> Path:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(f"<html><body><p>{CP1252_LEAD}</p></body></html>".encode())
        writer.write_record(writer.create_warc_record("https://gazette.example/mayor", "response",
                                                      payload=payload, http_headers=headers))
    return path


def test_feeds_and_archives_are_refused_as_single_articles(tmp_path: Path) -> None:
    from parallax.ingest.kinds import FEED_REASON, WARC_REASON

    (tmp_path / "gazette.rss").write_text(FEED)
    (tmp_path / "gazette.txt").write_bytes(b"\xef\xbb\xbf" + ATOM.encode())  # a feed by content, with a BOM
    for name in ("gazette.rss", "gazette.txt"):
        with pytest.raises(InputError) as refused:
            parallax.read(tmp_path / name)
        assert (refused.value.source, refused.value.reason) == (str(tmp_path / name), FEED_REASON)
    with pytest.raises(InputError, match="RSS/Atom feed"):
        parallax.read_text(FEED)
    for archive in (_warc(tmp_path / "crawl.warc", gz=False), _warc(tmp_path / "crawl.warc.gz", gz=True)):
        with pytest.raises(InputError) as refused:
            parallax.read(archive)
        assert (refused.value.source, refused.value.reason) == (str(archive), WARC_REASON)


def test_a_feed_entry_whose_page_is_a_feed_is_a_failure_not_an_article() -> None:
    """Ingest reads an entry's fetched page through the markup reader: a feed there is refused."""
    from parallax.ingest.files import article_from_markup
    from parallax.store.sources import RawItem, extract

    with pytest.raises(InputError, match="RSS/Atom feed"):
        article_from_markup(ATOM, source="https://gazette.example/feed")
    item = RawItem("https://gazette.example/mayor", "markup", FEED.encode(), url="https://gazette.example/mayor",
                   title="Mayor resigns")
    [result] = extract(item)
    assert result.article is None and result.error is not None and "RSS/Atom feed" in result.error.reason


def test_cli_read_and_compare_refuse_a_feed_naming_it(tmp_path: Path) -> None:
    (tmp_path / "gazette.rss").write_text(FEED)
    (tmp_path / "a.txt").write_text(PLAIN)
    feed, other = str(tmp_path / "gazette.rss"), str(tmp_path / "a.txt")
    for args in (("read", feed), ("compare", feed, other)):
        result = _cli(*args)
        assert result.returncode == 2
        assert f"error: {tmp_path / 'gazette.rss'}: this is an RSS/Atom feed, not an article" in result.stderr.decode()


def test_notebook_arguments_of_the_wrong_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One path where a list belongs is one input; wrong types say what is expected."""
    monkeypatch.chdir(tmp_path)
    Path("txt").write_text(PLAIN)
    for single in ("txt", Path("txt")):
        results = list(parallax.read_many(single))
        assert [(r.source, r.article.title if r.article else None) for r in results] == [("txt", "Bridge to reopen")]
    assert parallax.read_text(PLAIN.encode("utf-8")).id == parallax.read_text(PLAIN).id
    assert CP1252_LEAD in parallax.read_text(f"Mayor resigns\n\n{CP1252_LEAD}\n".encode("cp1252")).paragraphs
    with pytest.raises(TypeError, match="str or bytes, not NoneType"):
        parallax.read_text(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes an Article, not str.*parallax.read"):
        parallax.analyze(str(tmp_path / "txt"))  # type: ignore[arg-type]


def test_control_characters_never_reach_an_article_however_it_is_read(tmp_path: Path) -> None:
    from parallax.model import Article

    body = " ".join(["The Lindby council agreed on Friday that the bridge would reopen in May."] * 10)
    page = tmp_path / "bell.txt"
    page.write_text(f"Bridge to reopen\n\nThe mayor said \x1b[31mRED\x1b[0m on Friday.\x07 {body}\n")
    article = parallax.read(page)
    assert not any(ch in article.text + (article.title or "") for ch in "\x1b\x07")
    assert "[31mRED[0m on Friday." in article.text  # only the control characters go
    record = parallax.read_text(json.dumps({"title": "Bell\x07 ringer", "text": body, "author": "Ann\x1b Lee"}))
    assert record.title == "Bell ringer" and record.byline == ["Ann Lee"]
    made = Article(source="x", title="Tab\tkept", paragraphs=["one\x00two"])
    made.outlet = "Harbour\x9b News"  # set later, as readers do: cleaned too
    assert (made.title, made.paragraphs, made.outlet) == ("Tab\tkept", ["onetwo"], "Harbour News")
