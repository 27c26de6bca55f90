"""Boilerplate removal on GVA long-tail scraped texts, scored against hand labels.

The GVA documents are news texts scraped from archive.org copies with the page furniture
left in (menus, share bars, captions, video blurbs, related links, copyright footers).
Disjoint samples were drawn with ``draw_samples`` (seed 2): ``dev`` (80 documents, in two
rounds of 40), used to develop the cleaner's rules, and ``test`` (40), only measured.
Every line of them was labelled by hand, and the label files hold no article text, only
a hash per line.

Lines: ``[line.strip() for line in content.splitlines() if line.strip()]``, numbered from
0; each line's hash is the first 8 hex digits of the SHA-1 of the stripped line (UTF-8),
so a changed dataset is detected instead of silently mis-scored.

Labels:

* ``body``: the article's own text, including quotes, in-body subheadings, a reporter's
  timeline, the closing "anyone with information should call ..." appeal;
* ``meta``: about the article rather than in it: a repeated headline, datelines and
  "Posted/Updated" stamps, bylines, reporter contact lines, "(AP) contributed" notes,
  correction notes; cutting them (or moving them to metadata) is right, keeping them is
  a minor fault;
* ``boilerplate``: everything else: navigation, share/follow bars, photo and video
  captions and credits, embedded tweets, related links, promos ("stay with us for
  updates"), app and newsletter prompts, comment rules, copyright footers.

What the cleaner did with a line (its *fate*), found by matching the line to the
``Article`` in order: ``kept`` when its words are found inside a body paragraph (hard-wrapped
lines are joined, so containment is enough); ``metadata`` when it was cut as a title,
dateline, byline, source note or credit (its content lives on in a field); ``removed``
when cut for any other reason, or when the cleaner found no body at all; ``missing`` when
it is nowhere (dropped without a record: counted as cut, and a fault in itself).

Metrics (per line, pooled over the documents):

* ``body_kept`` = kept body lines / body lines (the priority: never lose the story);
* ``boilerplate_removed`` = cut boilerplate lines / boilerplate lines;
* ``meta_cut`` = cut meta lines / meta lines;
* ``precision`` = cut lines labelled boilerplate or meta / cut lines (``None`` when
  nothing is cut).

Baselines on the same lines: ``keep_all`` (the raw text) and ``short_lines_<N>`` (cut
every line under N words, the simplest rule that removes furniture).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from parallax.errors import ExtractionError, InputError
from parallax.extract.text import extract_text
from parallax.model import Article

DOCUMENTS_FILE = "gva_documents.jsonl"
LABELS_DIR = Path(__file__).resolve().parents[3] / "tests" / "data"
LABEL_NAMES = ("body", "boilerplate", "meta")
SAMPLE_SEED = 2
SAMPLE_SIZE = 40
# Removal reasons whose line lives on in an Article field (title, published, byline,
# outlet, credits) rather than being thrown away.
METADATA_REASONS = frozenset({"title", "dateline", "byline", "source note", "image credit", "wire credit"})
# The short-line baselines cut lines under N words. On the 80 dev documents N = 4 is the
# largest cut-off that keeps >= 0.99 of body lines (N = 5 keeps 0.989); N = 10 is a usual
# "not a sentence" cut-off (it keeps 0.923 of dev body lines).
SHORT_LINE_BASELINE_WORDS = (4, 10)

_MARKUP = re.compile(r"\]\([^)]*\)|https?://\S+|^\s*(?:[-*+•>]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class LabelledDocument:
    """One hand-labelled document: its lines (from the dataset) and one label per line."""

    doc_id: str
    uri: str | None
    content: str
    lines: list[str]
    labels: list[str]


@dataclass(frozen=True)
class LineFate:
    """What the cleaner did with one labelled line, and why."""

    doc_id: str
    index: int
    label: str
    fate: str  # kept | removed | metadata | missing
    reason: str = ""

    @property
    def cut(self) -> bool:
        return self.fate != "kept"


def split_lines(content: str) -> list[str]:
    """The labelled unit: stripped, non-empty lines of ``content``, in order."""
    return [line.strip() for line in content.splitlines() if line.strip()]


def line_hash(line: str) -> str:
    """A short fingerprint of a line, to detect drift without storing article text."""
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:8]


def draw_samples(doc_ids: Iterable[str], *, seed: int = SAMPLE_SEED, size: int = SAMPLE_SIZE) -> dict[str, list[str]]:
    """The disjoint labelled samples: ``3 * size`` sorted ids drawn at random, in thirds.

    The first third is the first dev round, the second the test sample, the third the
    second dev round (drawn after the first test measurement, from the same seeded draw:
    ``random.sample`` draws its first k ids the same whatever the sample size here).
    """
    drawn = random.Random(seed).sample(sorted(set(doc_ids)), 3 * size)
    return {"dev": drawn[:size] + drawn[2 * size :], "test": drawn[size : 2 * size]}


def load_documents(data_dir: Path) -> dict[str, dict]:
    """The GVA records by ``doc_id`` (the first record of an id that appears twice)."""
    path = Path(data_dir) / DOCUMENTS_FILE
    if not path.is_file():
        raise InputError(str(data_dir), f"expected {DOCUMENTS_FILE} (a GVA long-tail corpus)")
    documents: dict[str, dict] = {}
    with path.open(encoding="utf-8") as handle:
        for number, row in enumerate(handle, 1):
            try:
                record = json.loads(row)
            except ValueError:
                raise InputError(str(path), f"line {number} is not JSON") from None
            documents.setdefault(record.get("doc_id", ""), record)
    return documents


def labels_path(split: str, labels: Path | None = None) -> Path:
    """The label file of a split: ``labels`` itself, or ``gva_boilerplate_<split>.jsonl`` in it."""
    base = LABELS_DIR if labels is None else Path(labels)
    return base / f"gva_boilerplate_{split}.jsonl" if base.is_dir() or labels is None else base


def load_labelled(data_dir: Path, labels_file: Path) -> list[LabelledDocument]:
    """Join the label file with the dataset, refusing labels whose lines have changed."""
    if not labels_file.is_file():
        raise InputError(str(labels_file), "no such label file")
    documents = load_documents(data_dir)
    labelled = []
    for number, row in enumerate(labels_file.read_text(encoding="utf-8").splitlines(), 1):
        entry = json.loads(row)
        record = documents.get(entry["doc_id"])
        if record is None:
            raise InputError(str(labels_file), f"line {number}: document {entry['doc_id']} is not in {data_dir}")
        lines = split_lines(record.get("content") or "")
        if [line_hash(line) for line in lines] != entry["hashes"] or len(entry["labels"]) != len(lines):
            raise InputError(str(labels_file), f"line {number}: document {entry['doc_id']} no longer matches its labels")
        unknown = set(entry["labels"]) - set(LABEL_NAMES)
        if unknown:
            raise InputError(str(labels_file), f"line {number}: unknown labels {sorted(unknown)}")
        labelled.append(LabelledDocument(entry["doc_id"], record.get("uri"), record.get("content") or "", lines, entry["labels"]))
    return labelled


# --- what the cleaner did ---------------------------------------------------------------------


def _key(text: str) -> str:
    """Words only, so markdown markers, link targets and list bullets do not block a match."""
    words = _WORD.findall(_MARKUP.sub(" ", text).lower())
    return " ".join(words) if words else text.lower()


def cleaner_fates(document: LabelledDocument) -> list[LineFate]:
    """Run the cleaner on a document and place each labelled line in its output."""
    try:
        article = extract_text(document.content, source=document.doc_id, url=document.uri)
    except ExtractionError:
        return [LineFate(document.doc_id, i, label, "removed", "no body") for i, label in enumerate(document.labels)]
    return _place_lines(document, article)


def _place_lines(document: LabelledDocument, article: Article) -> list[LineFate]:
    """Walk lines and output together: the cleaner keeps line order in both lists."""
    removed = [(_key(line.text), line.reason) for line in article.removed]
    used = [False] * len(removed)
    paragraphs = [f" {_key(paragraph)} " for paragraph in article.paragraphs]
    cursor = (0, 0)  # paragraph index, character offset of the next unmatched text
    fates = []
    for index, (line, label) in enumerate(zip(document.lines, document.labels)):
        key = _key(line)
        cut = _first_unused(removed, used, key)
        if cut is not None:
            used[cut] = True
            reason = removed[cut][1]
            fate = "metadata" if reason in METADATA_REASONS else "removed"
            fates.append(LineFate(document.doc_id, index, label, fate, reason))
            continue
        found = _find_in_paragraphs(paragraphs, f" {key} ", cursor) or _find_in_paragraphs(paragraphs, f" {key} ", (0, 0))
        if found is not None:
            cursor = found
            fates.append(LineFate(document.doc_id, index, label, "kept"))
        else:
            fates.append(LineFate(document.doc_id, index, label, "missing"))
    return fates


def _first_unused(removed: list[tuple[str, str]], used: list[bool], key: str) -> int | None:
    return next((i for i, (text, _) in enumerate(removed) if not used[i] and text == key), None)


def _find_in_paragraphs(paragraphs: list[str], needle: str, start: tuple[int, int]) -> tuple[int, int] | None:
    """Where ``needle`` ends, searching from ``start`` on; None when it is not there."""
    number, offset = start
    for index in range(number, len(paragraphs)):
        found = paragraphs[index].find(needle, offset if index == number else 0)
        if found >= 0:
            return index, found + len(needle) - 1  # the closing space may open the next line
    return None


# --- scoring ----------------------------------------------------------------------------------


def score(fates: list[LineFate]) -> dict:
    """The four shares defined in the module docstring, with the counts behind them."""
    by_label = Counter(fate.label for fate in fates)
    cut_by_label = Counter(fate.label for fate in fates if fate.cut)
    cut = sum(cut_by_label.values())

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "body_kept": share(by_label["body"] - cut_by_label["body"], by_label["body"]),
        "boilerplate_removed": share(cut_by_label["boilerplate"], by_label["boilerplate"]),
        "meta_cut": share(cut_by_label["meta"], by_label["meta"]),
        "precision": share(cut - cut_by_label["body"], cut),
        "cut": cut,
    }


def _baseline_fates(documents: list[LabelledDocument], cuts: Callable[[str], bool]) -> list[LineFate]:
    return [
        LineFate(doc.doc_id, i, label, "removed" if cuts(line) else "kept")
        for doc in documents
        for i, (line, label) in enumerate(zip(doc.lines, doc.labels))
    ]


def evaluate(data_dir: Path, *, labels: Path | None = None, split: str = "test") -> dict:
    """Score the plain-text cleaner on a hand-labelled GVA sample, with two baselines.

    ``data_dir`` holds ``gva_documents.jsonl``; ``labels`` is a label file or a folder of
    ``gva_boilerplate_<split>.jsonl`` files (default: the repository's ``tests/data``).
    """
    documents = load_labelled(Path(data_dir), labels_path(split, labels))
    fates = [fate for document in documents for fate in cleaner_fates(document)]
    return {
        "task": "boilerplate",
        "split": split,
        "documents": len(documents),
        "lines": len(fates),
        "label_counts": dict(Counter(fate.label for fate in fates)),
        **score(fates),
        "fates": dict(Counter(fate.fate for fate in fates)),
        "body_cut": [
            {"doc_id": fate.doc_id, "line": fate.index, "reason": fate.reason} for fate in fates if fate.label == "body" and fate.cut
        ],
        "baselines": {
            "keep_all": score(_baseline_fates(documents, lambda line: False)),
            **{
                f"short_lines_{words}": score(_baseline_fates(documents, lambda line, words=words: len(line.split()) < words))
                for words in SHORT_LINE_BASELINE_WORDS
            },
        },
    }
