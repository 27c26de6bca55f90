"""Boilerplate removal: the hand-labelled GVA samples, the scorer, and the cleaner's rules.

Real-data tests read ../shared through the conftest fixtures; the label files in
tests/data hold doc ids, labels and line hashes only, never article text. Everything
else runs on fictional pages written for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.eval import boilerplate
from parallax.eval.boilerplate import LABEL_NAMES, evaluate, line_hash, split_lines
from parallax.extract.text import extract_text

LABEL_FILES = {split: boilerplate.LABELS_DIR / f"gva_boilerplate_{split}.jsonl" for split in ("dev", "test")}


# --- the label files ---------------------------------------------------------------------------


@pytest.mark.parametrize("split", ["dev", "test"])
def test_label_files_hold_no_article_text(split: str) -> None:
    for row in LABEL_FILES[split].read_text(encoding="utf-8").splitlines():
        entry = json.loads(row)
        assert set(entry) == {"doc_id", "labels", "hashes"}
        assert re.fullmatch(r"[0-9a-f]{32}", entry["doc_id"])
        assert set(entry["labels"]) <= set(LABEL_NAMES)
        assert len(entry["labels"]) == len(entry["hashes"])
        assert all(re.fullmatch(r"[0-9a-f]{8}", value) for value in entry["hashes"])


def test_labels_match_the_seeded_sample_and_the_dataset(datasets: Path) -> None:
    """The labelled documents are the seeded draw, and every line still hashes the same."""
    data = datasets / "gva_longtail"
    samples = boilerplate.draw_samples(boilerplate.load_documents(data))
    for split, path in LABEL_FILES.items():
        documents = boilerplate.load_labelled(data, path)  # raises InputError on any drift
        assert [document.doc_id for document in documents] == samples[split]
    assert not set(samples["dev"]) & set(samples["test"])


# --- the measurement on the held-out test sample -------------------------------------------


@pytest.fixture(scope="module")
def test_result(datasets: Path) -> dict:
    return evaluate(datasets / "gva_longtail", split="test")


def test_test_split_floors(test_result: dict) -> None:
    """Measured on the 40 test documents: body kept 1.0, boilerplate removed 0.526, precision 1.0."""
    assert (test_result["documents"], test_result["lines"]) == (40, 433)
    assert test_result["body_kept"] >= 0.99
    assert test_result["boilerplate_removed"] >= 0.50
    assert test_result["precision"] >= 0.97
    assert test_result["fates"].get("missing", 0) == 0  # every line is accounted for


def test_parallax_beats_the_baselines(test_result: dict) -> None:
    baselines = test_result["baselines"]
    assert baselines["keep_all"]["boilerplate_removed"] == 0.0
    assert test_result["boilerplate_removed"] > baselines["short_lines_4"]["boilerplate_removed"]
    # the long-line rule removes about as much, but only by losing body lines
    assert test_result["body_kept"] > baselines["short_lines_10"]["body_kept"]


# --- the scorer on a fictional corpus ----------------------------------------------------------

HARBOUR_PAGE = """\
Skip to content

Harbour bridge closes for repairs

The harbour bridge in Port Alder will close for six weeks from Monday, the council said.

Engineers found cracks in two of its steel cables during an inspection in May.

Drivers will be sent over the old
river road, which adds ten minutes to the trip.

Tap the bell for alerts

Stay with Harbour News for updates on this story.

Copyright 2031 Harbour News. All rights reserved.
"""
HARBOUR_LABELS = [
    "boilerplate", "meta", "body", "body", "body", "body", "boilerplate", "boilerplate", "boilerplate",
]  # fmt: skip


def _write_corpus(folder: Path, pages: dict[str, str], labels: dict[str, list[str]]) -> Path:
    with (folder / boilerplate.DOCUMENTS_FILE).open("w", encoding="utf-8") as handle:
        for doc_id, content in pages.items():
            handle.write(json.dumps({"doc_id": doc_id, "uri": None, "content": content}) + "\n")
    label_file = folder / "gva_boilerplate_test.jsonl"
    with label_file.open("w", encoding="utf-8") as handle:
        for doc_id, page_labels in labels.items():
            hashes = [line_hash(line) for line in split_lines(pages[doc_id])]
            handle.write(json.dumps({"doc_id": doc_id, "labels": page_labels, "hashes": hashes}) + "\n")
    return label_file


def test_scores_on_a_fictional_page(tmp_path: Path) -> None:
    _write_corpus(tmp_path, {"harbour": HARBOUR_PAGE}, {"harbour": HARBOUR_LABELS})
    result = evaluate(tmp_path, labels=tmp_path)
    assert (result["documents"], result["lines"]) == (1, 9)
    # the hard-wrapped sentence is one paragraph, and both of its lines count as kept
    assert result["body_kept"] == 1.0
    assert result["meta_cut"] == 1.0  # the title went to metadata
    assert result["boilerplate_removed"] == 0.75  # "Tap the bell for alerts" stays
    assert result["precision"] == 1.0
    assert result["fates"] == {"removed": 3, "metadata": 1, "kept": 5}
    short = result["baselines"]["short_lines_4"]
    assert (short["boilerplate_removed"], short["body_kept"], short["cut"]) == (0.25, 1.0, 1)


def test_a_page_without_body_counts_every_line_as_cut(tmp_path: Path) -> None:
    shell = "Skip to content\n\nShare on Facebook\n\nCopyright 2031 Harbour News."
    _write_corpus(tmp_path, {"shell": shell}, {"shell": ["boilerplate"] * 3})
    result = evaluate(tmp_path, labels=tmp_path / "gva_boilerplate_test.jsonl")
    assert result["boilerplate_removed"] == 1.0 and result["fates"] == {"removed": 3}
    assert result["body_kept"] is None  # no body line to keep


def test_drifted_labels_are_refused(tmp_path: Path) -> None:
    label_file = _write_corpus(tmp_path, {"harbour": HARBOUR_PAGE}, {"harbour": HARBOUR_LABELS})
    (tmp_path / boilerplate.DOCUMENTS_FILE).write_text(
        json.dumps({"doc_id": "harbour", "content": HARBOUR_PAGE.replace("six weeks", "seven weeks")}) + "\n"
    )
    with pytest.raises(InputError, match="no longer matches its labels"):
        evaluate(tmp_path, labels=label_file)


def test_missing_labels_are_an_input_error(tmp_path: Path) -> None:
    _write_corpus(tmp_path, {"harbour": HARBOUR_PAGE}, {"harbour": HARBOUR_LABELS})
    with pytest.raises(InputError, match="no such label file"):
        evaluate(tmp_path, labels=tmp_path, split="dev")


# --- cleaner rules calibrated on the dev sample (fictional lines) ------------------------------

LEDE = "The river ferry at Port Alder ran aground on a sandbank on Sunday evening, the coastguard said."
CLOSE = "All forty passengers were taken ashore by lifeboat and nobody was hurt, officials said."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("The stranded ferry at dusk (Photo: Jan Vos / Alder Daily)", "image caption"),
        ("Rescuers at the pier on Sunday (ADN File Photo)", "image caption"),
        ("Crews tow the ferry off the sandbank, police said. View Full Caption Alder Daily", "image caption"),
        ("FILE - The ferry Marta leaves Port Alder in this 2029 photo.", "image caption"),
        ("Jan Vos/Alder Daily", "image credit"),
        ("Ferry runs aground near Port Alder. Tom Berg reports. (Published Sunday, May 4, 2031)", "video caption"),
        ("Lifeboats reach the ferry pic.twitter.com/a1B2c3 — Alder Coastguard (@aldercg) May 4, 2031", "embedded post"),
        ("Stay with Alder News 5 for the latest on this developing story.", "promotion"),
        ("Check back later for updates.", "promotion"),
        ("We will update this story as more information becomes available.", "promotion"),
        ("Download the Alder News app for iPhone and Android.", "app prompt"),
        ("Your notification has been saved.", "notification prompt"),
        ("We have sent you a verification email. Please click the link to activate your profile.", "membership prompt"),
        ("Read or Share this story: http://alder.example/x1", "share/follow"),
        ("TRENDING STORIES:", "related links"),
        ("5/4/31 Related Story: Ferry service cut for the summer", "related links"),
        ("[Ferry operator fined over late sailings]", "related links"),
        ("Video Ferry passengers describe the night on the sandbank", "related links"),
        ("Contact reporter Tom Berg at tberg@alder.example.", "contact"),
        ("(555) 201-3344", "contact"),
        ("Twitter: @tomberg", "contact"),
        ("--The Associated Press contributed to this report.", "contributor note"),
        ("Correction: An earlier version of this story gave the wrong number of passengers.", "correction note"),
        ("New comments are only accepted for two weeks. We reserve the right to remove any content.", "comment policy"),
        ("The post: «Ferry aground» has been published on the website of a local aggregator.", "syndication note"),
        ("Photo: Alder Daily Image 1 of / 3 Caption Close Image 1 of 3 The ferry on the sandbank.", "photo gallery"),
        ("***UPDATED at 9:15 P.M. on Sunday, May 4th***", "dateline"),
    ],
)
def test_boilerplate_families(line: str, reason: str) -> None:
    article = extract_text(f"{LEDE}\n\n{line}\n\n{CLOSE}", source="ferry.txt")
    assert (line, reason) in [(removed.text, removed.reason) for removed in article.removed]
    assert article.paragraphs == [LEDE, CLOSE]


@pytest.mark.parametrize(
    "line",
    [
        "Video from a passenger's phone shows the ferry tilting as it hit the sandbank.",
        "For more than an hour the crew tried to free the ferry with its own engines.",
        "Check the tide tables, the harbour master told skippers on Monday.",
        "The captain said he had watched the photo (taken by a passenger) many times since.",
        "Updated charts of the channel will be issued next week, the port authority said.",
    ],
)
def test_body_lines_that_look_like_boilerplate_stay(line: str) -> None:
    article = extract_text(f"{LEDE}\n\n{line}\n\n{CLOSE}", source="ferry.txt")
    assert article.paragraphs == [LEDE, line, CLOSE]


def test_playlist_and_headline_blocks() -> None:
    playlist = "1:12 Ferry runs aground near Port Alder\n\n0:45 Harbour master on the tides\n\n2:03 Lifeboat crew honoured"
    related = "Read more:\n\nFerry operator fined over late sailings\n\nNew timetable for the summer"
    article = extract_text(f"{playlist}\n\n{LEDE}\n\n{CLOSE}\n\n{related}", source="ferry.txt")
    assert article.paragraphs == [LEDE, CLOSE]
    reasons = [removed.reason for removed in article.removed]
    assert reasons.count("video playlist") == 3 and reasons.count("related links") == 3


def test_a_sentence_after_an_emptied_link_label_is_body() -> None:
    """Scrapers often keep a 'Trending stories:' label and drop its list: the next sentence is body."""
    text = f"{LEDE}\n\nTRENDING STORIES:\n\nPolice are talking to witnesses.\n\n{CLOSE}"
    assert extract_text(text, source="ferry.txt").paragraphs == [LEDE, "Police are talking to witnesses.", CLOSE]


def test_stamped_headline_gives_title_and_date() -> None:
    stamped = "Ferry runs aground near Port Alder Posted: Sunday, May 4, 2031 9:15 PM EDT Updated: Monday, May 5, 2031"
    article = extract_text(f"{stamped}\n\n{LEDE}\n\n{CLOSE}", source="ferry.txt")
    assert article.title == "Ferry runs aground near Port Alder"
    assert article.published == "2031-05-04"
    assert article.paragraphs == [LEDE, CLOSE]


def test_section_label_is_not_a_title() -> None:
    article = extract_text(f"HARBOUR POLICE\n\n{LEDE}\n\n{CLOSE}", source="log.txt")
    assert article.title is None
    assert article.paragraphs == ["HARBOUR POLICE", LEDE, CLOSE]


def test_credits_from_captions_and_contributor_notes() -> None:
    text = f"The ferry at dusk (Photo: Jan Vos / Alder Daily)\n\n{LEDE}\n\n{CLOSE}\n\nThe Associated Press contributed to this story."
    assert extract_text(text, source="ferry.txt").credits == ["Photo: Jan Vos / Alder Daily", "Associated Press"]
