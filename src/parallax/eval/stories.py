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
    if ecbplus_root(data_dir) is not None:
        return "ecbplus"
    if _news_cluster_dir(data_dir) is not None:
        return "news_cluster"
    raise InputError(
        str(data_dir),
        "not a story corpus: expected ECB+/<topic>/*ecb*.xml, gva_documents.jsonl, or news_cluster/data/*.json",
    )


def ecbplus_root(data_dir: Path) -> Path | None:
    for candidate in (data_dir / "ECB+", data_dir):
        if candidate.is_dir() and any(candidate.glob("*/*ecb*.xml")):
            return candidate
    return None


def _ecbplus_documents(data_dir: Path) -> Iterator[GoldDocument]:
    from parallax.ingest.files import article_from_markup

    root = ecbplus_root(data_dir)
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
    text = re.sub(r"(?<=\d) ?([.:]) (?=\d)", r"\1", text)  # "$2 . 6 million", "14: 39 GMT": split numbers
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


def evaluate(
    data_dir: Path, *, limit: int | None = None, workers: int | None = None, orders: int = 1
) -> dict[str, Any]:
    """Group the corpus's documents into stories online and score them against gold events.

    ``limit`` keeps the first N documents of the shuffled feed (quick checks); ``workers``
    is the number of analysis processes (default: one per core). ``orders`` > 1 also
    replays the documents in that many feed orders (``over_orders``): online grouping
    depends on the order articles arrive in, and on ECB+ one order's F1 can differ from
    another's by more than most changes to the code do.
    """
    from parallax.stories.pipeline import group_articles

    documents = feed_order(load_documents(Path(data_dir)))
    if limit is not None:
        documents = documents[:limit]
    if not documents:
        raise InputError(str(data_dir), "no readable documents")
    predicted = group_articles([document.article for document in documents], workers=workers)
    gold = [document.story for document in documents]
    result = {"task": "stories", "documents": len(documents), **_scores(gold, predicted)}
    if orders > 1:
        result["over_orders"] = over_orders(documents, orders, layout=detect_layout(Path(data_dir)))
    return result


def _scores(gold: list[str], predicted: list[Any]) -> dict[str, Any]:
    return {
        "stories": len(set(predicted)),
        "bcubed": {name: round(value, 4) for name, value in bcubed(gold, predicted).items()},
        "ari": round(adjusted_rand_index(gold, predicted), 4),
    }


def over_orders(documents: list[GoldDocument], orders: int, *, layout: str | None = None) -> dict[str, Any]:
    """B-cubed F1 and ARI of the documents fed in ``orders`` orders (the evaluation's own
    order, then seeds 1, 2, ...), each replayed through the library's assignment on
    features analysed once (``replay``: no store, no copy detection).

    With the corpus ``layout``, ``parts`` also gives the mean B-cubed F1 of the documents
    the story score and thresholds were tuned on (``training``: ECB+ training topics, even
    GVA incidents) and of the others (``held_out``), each scored within the whole runs: a
    change is judged on the held-out mean, not on the corpus figure alone."""
    features = dict(zip((d.article.id for d in documents), analysed_features([d.article for d in documents])))
    seeds = [FEED_ORDER_SEED] + [seed for seed in range(1, orders + 1) if seed != FEED_ORDER_SEED][: orders - 1]
    runs = []
    part_f1s: dict[str, list[float]] = {}
    for seed in seeds:
        ordered = feed_order(documents, seed) if seed != FEED_ORDER_SEED else documents
        predicted = replay(features[d.article.id] for d in ordered)
        runs.append({"seed": seed, **_scores([d.story for d in ordered], predicted)})
        if layout is not None:
            for part, f1 in _part_f1s(ordered, predicted, layout).items():
                part_f1s.setdefault(part, []).append(f1)
    f1s = [run["bcubed"]["f1"] for run in runs]
    aris = [run["ari"] for run in runs]
    result: dict[str, Any] = {
        "orders": len(runs),
        "bcubed_f1": {"mean": round(sum(f1s) / len(f1s), 4), "min": min(f1s), "max": max(f1s)},
        "ari": {"mean": round(sum(aris) / len(aris), 4), "min": min(aris), "max": max(aris)},
    }
    if part_f1s:
        sizes = Counter(_part_of(d, layout) for d in documents)
        result["parts"] = {part: {"documents": sizes[part], "bcubed_f1_mean": round(sum(values) / len(values), 4)}
                           for part, values in part_f1s.items()}
    result["runs"] = runs
    return result


def _part_of(document: GoldDocument, layout: str | None) -> str:
    return "training" if layout is not None and is_training_document(document, layout) else "held_out"


def _part_f1s(ordered: list[GoldDocument], predicted: list[Any], layout: str) -> dict[str, float]:
    """B-cubed F1 of each part's documents within one whole run (a story mixing parts
    counts against both)."""
    labels: dict[str, tuple[list[str], list[Any]]] = {}
    for document, story in zip(ordered, predicted, strict=True):
        gold, guessed = labels.setdefault(_part_of(document, layout), ([], []))
        gold.append(document.story)
        guessed.append(story)
    return {part: bcubed(gold, guessed)["f1"] for part, (gold, guessed) in sorted(labels.items())}


# --- calibration of the story score ---------------------------------------------------------

# The ECB+ development topics of Cybulska and Vossen's split (used by Barhom et al. 2019,
# whose files ship with the corpus); the others up to 35 are training topics, 36-45 test.
ECBPLUS_DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})


def is_training_document(document: GoldDocument, layout: str) -> bool:
    """The part the story score is fitted on: ECB+ training topics, even-numbered GVA
    incidents. The rest (ECB+ dev topics, odd incidents) stays for checking the fit."""
    if layout == "ecbplus":
        return document.story.split("/")[0] not in ECBPLUS_DEV_TOPICS
    if layout == "gva":
        return document.story.isdigit() and int(document.story) % 2 == 0
    return False


def teacher_forced_pairs(stream: Iterable[tuple[Any, str]]) -> tuple[Any, Any, Any, Any]:
    """(article, candidate story) evidence rows labelled 1 when the candidate is the
    article's gold story, from an online pass in which every article joins its gold
    story: the situations the real assignment meets, with the right answer known.
    Returns the first look's rows and labels, then the second look's (the candidates
    that had one: ``second_look_features``)."""
    import numpy as np

    from parallax.stories.assign import Assignment, StoryIndex, join_probability, second_look_features

    rows: list[list[float]] = []
    labels: list[int] = []
    second_rows: list[list[float]] = []
    second_labels: list[int] = []
    index: StoryIndex | None = None
    story_of_gold: dict[str, int] = {}
    gold_of_story: dict[int, str] = {}
    for features, gold in stream:
        if index is None:
            index = StoryIndex(len(features.vector))
        for candidate in index.scored_candidates(features):
            label = int(gold_of_story[candidate.story.id] == gold)
            rows.append(candidate.values)
            labels.append(label)
            if candidate.closest_member is not None:
                second_rows.append(second_look_features(join_probability(candidate.values), candidate.closest_member))
                second_labels.append(label)
        known = story_of_gold.get(gold)
        assignment = Assignment(known, known is None, 1.0, 1.0, 1.0, [], "gold")
        profile = index.updated_profile(assignment, features)
        if known is None:
            profile.id = len(story_of_gold) + 1
            story_of_gold[gold] = profile.id
            gold_of_story[profile.id] = gold
        index.install(profile, features)
    return (np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=np.float64),
            np.asarray(second_rows, dtype=np.float64).reshape(-1, 2), np.asarray(second_labels, dtype=np.float64))


def replay(stream: Iterable[Any], *, revise: bool = True) -> list[int]:
    """The story of each article when ``stream`` (story features, in feed order) goes
    through the library's online assignment in memory: joins, merges and, with
    ``revise``, splits, applied as the ingest applies them, minus the store and the
    copy detection. Minutes faster than ``evaluate`` on features analysed once
    (``analysed_features``), so variants of the assignment can be compared."""
    from parallax.stories.assign import StoryIndex

    index: StoryIndex | None = None
    articles_of: dict[int, list[str]] = {}
    order: list[str] = []
    next_id = 1
    for features in stream:
        if index is None:
            index = StoryIndex(len(features.vector))
        assignment = index.decide(features)
        profile = index.updated_profile(assignment, features)
        if assignment.story_id is None:
            profile.id, next_id = next_id, next_id + 1
        members = articles_of.setdefault(profile.id, [])
        for merged_id, _ in assignment.merges:
            members.extend(articles_of.pop(merged_id, []))
        members.append(features.article_id)
        split = index.revise(profile) if revise else None
        if split is not None:
            profile = split.kept
            split.spun_off.id, next_id = next_id, next_id + 1
            moved = set(split.moved)
            articles_of[split.spun_off.id] = list(split.moved)
            articles_of[profile.id] = [a for a in members if a not in moved]
        index.install(profile, features, merged=[m for m, _ in assignment.merges],
                      spun_off=split.spun_off if split is not None else None)
        order.append(features.article_id)
    story_of = {article_id: story_id for story_id, articles in articles_of.items() for article_id in articles}
    return [story_of[article_id] for article_id in order]


def fit_logistic(rows: Any, labels: Any, *, l2: float = 1.0, iterations: int = 100) -> tuple[list[float], float]:
    """L2-regularised logistic regression by Newton's method: (weights, intercept)."""
    import numpy as np

    design = np.hstack([rows, np.ones((len(rows), 1))])
    theta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[-1, -1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        probability = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (probability - labels) + penalty @ theta
        hessian = (design * (probability * (1 - probability))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return [round(float(w), 2) for w in theta[:-1]], round(float(theta[-1]), 2)


def calibrate(data_dirs: list[Path]) -> dict[str, Any]:
    """Fit the story score's weights on the training part of each corpus (see
    ``is_training_document``); prints nothing, returns the weights to paste into
    ``parallax.stories.assign`` (``second_look``: those of the second look, fitted on the
    candidates that get one under the first look's current weights)."""
    import numpy as np

    from parallax.stories.assign import FEATURE_NAMES

    parts: list[tuple[Any, Any, Any, Any]] = []
    for data_dir in data_dirs:
        layout = detect_layout(Path(data_dir))
        documents = [d for d in feed_order(load_documents(Path(data_dir))) if is_training_document(d, layout)]
        stream = list(zip(analysed_features([d.article for d in documents]),
                          [d.story for d in documents], strict=True))
        parts.append(teacher_forced_pairs(stream))
    weights, intercept = fit_logistic(np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
    second_weights, second_intercept = fit_logistic(np.vstack([p[2] for p in parts]),
                                                    np.concatenate([p[3] for p in parts]))
    return {"features": list(FEATURE_NAMES), "weights": weights, "intercept": intercept,
            "pairs": int(sum(len(p[1]) for p in parts)),
            "second_look": {"features": ["first_logit", "closest_member"], "weights": second_weights,
                            "intercept": second_intercept, "pairs": int(sum(len(p[3]) for p in parts))}}


def analysed_features(articles: list[Article]) -> list[Any]:
    """Story features of each article, analysed and embedded as the ingest does it."""
    from parallax.store.ingest import process_batch
    from parallax.store.sources import RawItem
    from parallax.stories.features import article_features

    features = []
    for start in range(0, len(articles), 32):
        batch = [RawItem(a.source, "article", a) for a in articles[start : start + 32]]
        for outcome in process_batch(batch, max_bytes=0):
            if outcome.status != "analyzed":
                raise outcome.error or InputError(outcome.source, f"not analysed: {outcome.status}")
            features.append(article_features(outcome.analysis, outcome.vector))
    return features
