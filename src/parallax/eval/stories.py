"""Story grouping measured against gold events: B-cubed precision/recall/F1 and ARI.

Three corpus layouts are recognised from the directory itself:

* **ECB+** (``ECB+/<topic>/<topic>_<n>ecb.xml`` and ``..ecbplus.xml``): every topic holds
  two seminal events of the same kind; the ``ecb`` documents report one, the ``ecbplus``
  documents the other, so the gold story of a document is (topic, part). The XML holds
  tokenised sentences; ``ecbplus`` documents start with their URL and usually a dateline,
  which become the article's address and text (the URL is not given to the grouping).
* **GVA long tail** (``gva_documents.jsonl``): scraped news texts keyed by Gun Violence
  Archive incident; the gold story is the incident.
* **Giveme5W1H news clusters** (``.../news_cluster/data/*.json``): news-please records
  with ``newsCluster.EventId``; the gold story is the event.

Documents are fed to the real online assignment (``parallax.stories``) in a seeded
shuffled order, so topics are mixed and nothing says how many stories there are.
"""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.errors import InputError, ParallaxError
from parallax.model import Article

# Fixed so that every run (and the pinned test floors) sees the same order.
FEED_ORDER_SEED = 13


@dataclass(frozen=True)
class GoldDocument:
    """One document of an evaluation corpus and the gold story it belongs to."""

    doc_id: str
    story: str
    article: Article


# --- layouts ----------------------------------------------------------------------------------


def load_documents(data_dir: Path) -> list[GoldDocument]:
    """Every readable document of the corpus in ``data_dir``, in a stable order."""
    if not data_dir.exists():
        raise InputError(str(data_dir), "no such directory")
    layout = detect_layout(data_dir)
    if layout == "ecbplus":
        return list(_ecbplus_documents(data_dir))
    if layout == "gva":
        return list(_gva_documents(data_dir / "gva_documents.jsonl"))
    return list(_news_cluster_documents(data_dir))


def detect_layout(data_dir: Path) -> str:
    """``ecbplus``, ``gva`` or ``news_cluster``, from the files the directory holds."""
    if (data_dir / "gva_documents.jsonl").is_file():
        return "gva"
    if _ecbplus_root(data_dir) is not None:
        return "ecbplus"
    if _news_cluster_dir(data_dir) is not None:
        return "news_cluster"
    raise InputError(
        str(data_dir),
        "not a story corpus: expected ECB+/<topic>/*ecb*.xml, gva_documents.jsonl, or news_cluster/data/*.json",
    )


def _ecbplus_root(data_dir: Path) -> Path | None:
    for candidate in (data_dir / "ECB+", data_dir):
        if candidate.is_dir() and any(candidate.glob("*/*ecb*.xml")):
            return candidate
    return None


def _ecbplus_documents(data_dir: Path) -> Iterator[GoldDocument]:
    from parallax.ingest.files import article_from_markup

    root = _ecbplus_root(data_dir)
    assert root is not None
    for path in sorted(root.glob("*/*ecb*.xml"), key=_ecbplus_sort_key):
        topic = path.parent.name
        part = "ecbplus" if path.name.endswith("ecbplus.xml") else "ecb"
        sentences = _ecbplus_sentences(path)
        url = None
        if sentences and re.match(r"https?://", sentences[0]):
            url = sentences.pop(0)
        try:
            article = article_from_markup("\n".join(sentences), source=path.name, url=url)
        except ParallaxError:
            continue
        yield GoldDocument(doc_id=path.stem, story=f"{topic}/{part}", article=article)


def _ecbplus_sort_key(path: Path) -> tuple[int, str]:
    topic = path.parent.name
    return (int(topic) if topic.isdigit() else 0, path.name)


def _ecbplus_sentences(path: Path) -> list[str]:
    """The document's sentences, detokenised (``Lohan 's`` -> ``Lohan's``)."""
    tokens: dict[int, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        tokens.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    return [_detokenize(words) for _, words in sorted(tokens.items()) if words]


_URL_TOKENS = re.compile(r"^https?\s*:")
_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'')")
_SPACE_AFTER = re.compile(r"([(\[{$]|``)\s+")


def _detokenize(words: list[str]) -> str:
    if _URL_TOKENS.match(" ".join(words[:2])):
        return "".join(words)
    text = " ".join(words)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)  # "court - mandated": tokenised hyphen
    return text.replace("``", '"').replace("''", '"')


def _gva_documents(path: Path) -> Iterator[GoldDocument]:
    from parallax.ingest.files import articles_from_text

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            story = str(record.get("incident_id", ""))
            doc_id = str(record.get("doc_id") or f"L{number}")
            for item in articles_from_text(line, source=f"{path.name}#{doc_id}"):
                if isinstance(item, Article):
                    yield GoldDocument(doc_id=doc_id, story=story, article=item)


def _news_cluster_dir(data_dir: Path) -> Path | None:
    for candidate in (data_dir, *sorted(data_dir.glob("**/news_cluster"))):
        data = candidate / "data"
        if data.is_dir() and any(data.glob("*.json")):
            return data
    return None


def _news_cluster_documents(data_dir: Path) -> Iterator[GoldDocument]:
    from parallax.ingest.files import article_from_record

    directory = _news_cluster_dir(data_dir)
    assert directory is not None
    for path in sorted(directory.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        cluster = record.get("newsCluster") or {}
        if "EventId" not in cluster:
            continue
        fields = {key: record.get(key) for key in ("title", "text", "url", "date_publish", "source_domain", "authors")}
        try:
            article = article_from_record(fields, source=path.name)
        except ParallaxError:
            continue
        yield GoldDocument(doc_id=path.stem, story=str(cluster["EventId"]), article=article)


# --- metrics ----------------------------------------------------------------------------------


def bcubed(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over documents."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pair_counts = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    precision = sum(pair_counts[(g, p)] / predicted_sizes[p] for g, p in zip(gold, predicted, strict=True)) / len(gold)
    recall = sum(pair_counts[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted, strict=True)) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(gold: list[str], predicted: list[str]) -> float:
    """Hubert and Arabie's adjusted Rand index from the contingency table."""
    n = len(gold)
    if n < 2:
        return 1.0

    def pairs(count: int) -> float:
        return count * (count - 1) / 2

    index = sum(pairs(c) for c in Counter(zip(gold, predicted, strict=True)).values())
    gold_pairs = sum(pairs(c) for c in Counter(gold).values())
    predicted_pairs = sum(pairs(c) for c in Counter(predicted).values())
    expected = gold_pairs * predicted_pairs / pairs(n)
    maximum = (gold_pairs + predicted_pairs) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


# --- evaluation -------------------------------------------------------------------------------


def feed_order(documents: Iterable[GoldDocument], seed: int = FEED_ORDER_SEED) -> list[GoldDocument]:
    """The documents shuffled with a fixed seed: topics mixed, the same order every run."""
    ordered = list(documents)
    random.Random(seed).shuffle(ordered)
    return ordered


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Group the corpus's documents into stories online and score them against gold events.

    ``limit`` keeps the first N documents of the shuffled feed (quick checks).
    """
    from parallax.stories.pipeline import group_articles

    documents = feed_order(load_documents(Path(data_dir)))
    if limit is not None:
        documents = documents[:limit]
    if not documents:
        raise InputError(str(data_dir), "no readable documents")
    stories = group_articles([document.article for document in documents])
    gold = [document.story for document in documents]
    predicted = [str(story) for story in stories]
    scores = bcubed(gold, predicted)
    return {
        "task": "stories",
        "documents": len(documents),
        "stories": len(set(predicted)),
        "bcubed": {name: round(value, 4) for name, value in scores.items()},
        "ari": round(adjusted_rand_index(gold, predicted), 4),
    }
