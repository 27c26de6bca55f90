"""Omissions and loaded wording measured on BASIL (Fan et al., EMNLP 2019).

Data. Each BASIL triplet is one event reported by three outlets (Fox News, the New York
Times, HuffPost). Annotators marked *informational bias* spans (content that
favours a side by what is included: facts, quotes, context one outlet chose to give)
and *lexical bias* spans (loaded words: "slammed", "radical", "so-called"). Articles
are rebuilt from ``articles/<year>/<uuid>.json`` (``body-paragraphs`` is a list of
paragraphs, each a list of sentences, joined by spaces into paragraphs); a span's
``start``/``end`` index into its sentence, which is found as the sentence whose
``[start:end]`` equals the span's text (else the first sentence holding that text).

Omissions. The triplet is compared with ``compare_analyses``; a Parallax sentence is
*marked* when a fact whose verdict is ``unique`` (only this outlet reports it: an
omission by the others) or ``conflict`` has a mention in it. A unique fact points at
the clause or quotation the others leave out, so the sentence holding it is marked even
when the rest of it is shared.

* ``informational_recall`` = share of informational-bias spans that overlap a marked
  sentence;
* ``marked_share`` = share of all Parallax sentences that are marked.

Baselines, computed in the same run. *Random*: marking sentences at random with
probability ``marked_share``; its expected recall is the mean over spans of
``1 - (1 - marked_share) ** k`` for a span overlapping ``k`` sentences (about
``marked_share``). *Novelty*: marking, in each triplet, the same number of sentences,
those whose best cosine similarity to any sentence of the other two articles is
lowest (MiniLM embeddings, no alignment). *Longest*: the same number of sentences per
triplet, the longest ones (in characters): a span is more likely to fall in a long
sentence, so any marking that prefers long sentences beats random marking for that
reason alone, and must beat this one too.

Lexical. A ``wording`` finding claims the *distinctive* labels it lists for an article:
for a label finding, those with no variant (same words up to spelling, shortening or
acronym) among the other articles' labels, since a finding on "Kim Jong Un" / "the North
Korean dictator" is about the second words, not the name; for a loaded finding ("so-called
CTO", an evaluative word), all of them. Each claimed label is located in that article's
evidence sentences (else anywhere in its text) and is correct when an occurrence overlaps
a lexical-bias span of that article. Precision = correct labels / claimed labels;
recall = lexical spans overlapped by some claimed label / lexical spans.
``lexical_loaded_only`` gives the same for loaded findings alone. Baseline: every noun
phrase whose head word appears in only one article of the triplet (a lexicon-free
"words only one outlet uses").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from parallax.compare.wording import distinctive_labels
from parallax.eval.metrics import f1
from parallax.model import Analysis, Article, Comparison

MARKED_VERDICTS = frozenset({"unique", "conflict"})


@dataclass(frozen=True)
class Span:
    """One annotated bias span as a character range of its article's text."""

    article: str
    start: int
    end: int
    text: str
    bias: str  # "inf" or "lex"


@dataclass
class Triplet:
    id: str
    articles: list[Article] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    unplaced: int = 0  # spans whose text was not found in their article


# -- reading BASIL -----------------------------------------------------------------------


def load_triplets(data_dir: Path, limit: int | None = None) -> list[Triplet]:
    """Triplets in id order (years, then triplet uuid), outlets in name order."""
    articles_dir, annotations_dir = data_dir / "articles", data_dir / "annotations"
    if not articles_dir.is_dir() or not annotations_dir.is_dir():
        raise FileNotFoundError(f"{data_dir} must hold BASIL's articles/ and annotations/ folders")
    triplets: dict[str, Triplet] = {}
    for path in sorted(articles_dir.glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        annotation_path = annotations_dir / path.parent.name / f"{path.stem}_ann.json"
        annotations = json.loads(annotation_path.read_text(encoding="utf-8")) if annotation_path.exists() else {}
        triplet = triplets.setdefault(raw["triplet-uuid"], Triplet(raw["triplet-uuid"]))
        article, spans, unplaced = _article(raw, annotations.get("phrase-level-annotations", []))
        triplet.articles.append(article)
        triplet.spans.extend(spans)
        triplet.unplaced += unplaced
    ordered = [triplets[key] for key in sorted(triplets)]
    for triplet in ordered:
        triplet.articles.sort(key=lambda a: a.outlet or "")
    return ordered[:limit] if limit is not None else ordered


def _article(raw: dict, annotations: list[dict]) -> tuple[Article, list[Span], int]:
    paragraphs, sentence_starts, sentences = [], [], []
    offset = 0
    for paragraph in raw.get("body-paragraphs", []):
        texts = [sentence for sentence in paragraph if sentence.strip()]
        if not texts:
            continue
        position = offset
        for sentence in texts:
            sentence_starts.append(position)
            sentences.append(sentence)
            position += len(sentence) + 1
        paragraphs.append(" ".join(texts))
        offset += len(paragraphs[-1]) + 2
    article_id = raw["uuid"]
    article = Article(
        id=article_id, source=f"basil:{article_id}", outlet=raw["source"].lower(), title=raw.get("title"),
        published=raw.get("date"), paragraphs=paragraphs,
    )
    spans, unplaced = [], 0
    for annotation in annotations:
        text, start, end = annotation["txt"], int(annotation["start"]), int(annotation["end"])
        where = next((i for i, s in enumerate(sentences) if s[start:end] == text), None)
        if where is None:
            where = next((i for i, s in enumerate(sentences) if text in s), None)
            if where is None:
                unplaced += 1
                continue
            start = sentences[where].index(text)
        begin = sentence_starts[where] + start
        spans.append(Span(article_id, begin, begin + len(text), text, annotation["bias"]))
    return article, spans, unplaced


# -- scoring -----------------------------------------------------------------------------


@dataclass
class TripletScore:
    informational: int = 0
    informational_marked: int = 0
    novelty_marked: int = 0
    longest_marked: int = 0
    sentences: int = 0
    marked: int = 0
    span_sentences: list[int] = field(default_factory=list)  # sentences each inf span overlaps
    labels: int = 0
    labels_correct: int = 0
    lexical: int = 0
    lexical_found: int = 0
    loaded_labels: int = 0
    loaded_correct: int = 0
    loaded_found: int = 0
    baseline_labels: int = 0
    baseline_correct: int = 0
    baseline_found: int = 0


def score_triplet(
    triplet: Triplet, analyses: Sequence[Analysis], comparison: Comparison, vectors: dict[tuple[str, int], np.ndarray]
) -> TripletScore:
    """Omission and lexical counts for one compared triplet (see the module docstring).

    ``vectors`` maps (article, sentence index) to its unit embedding, for the novelty
    baseline."""
    score = TripletScore()
    marked = {
        (mention.article, mention.sentence)
        for fact in comparison.facts
        if fact.verdict in MARKED_VERDICTS
        for mention in fact.mentions
    }
    sentences = {a.article.id: a.sentences for a in analyses}
    score.sentences = sum(len(s) for s in sentences.values())
    score.marked = len(marked)
    novel = _novel_sentences(analyses, vectors, len(marked))
    longest = _longest_sentences(analyses, len(marked))
    for span in triplet.spans:
        if span.bias != "inf":
            continue
        overlapping = [s.index for s in sentences[span.article] if s.start < span.end and span.start < s.end]
        score.informational += 1
        score.span_sentences.append(len(overlapping))
        score.informational_marked += any((span.article, i) in marked for i in overlapping)
        score.novelty_marked += any((span.article, i) in novel for i in overlapping)
        score.longest_marked += any((span.article, i) in longest for i in overlapping)
    lexical = [span for span in triplet.spans if span.bias == "lex"]
    score.lexical = len(lexical)
    texts = {article.id: article.text for article in triplet.articles}
    found: set[Span] = set()
    loaded_found: set[Span] = set()
    for finding in comparison.wording:
        for article, labels in distinctive_labels(finding).items():
            spans = [(m.start, m.end) for m in finding.evidence if m.article == article]
            for label in labels:
                hits = _overlapping(_occurrences(label, texts.get(article, ""), spans), lexical, article)
                score.labels += 1
                score.labels_correct += bool(hits)
                found |= hits
                if finding.kind == "loaded":
                    score.loaded_labels += 1
                    score.loaded_correct += bool(hits)
                    loaded_found |= hits
    score.lexical_found, score.loaded_found = len(found), len(loaded_found)
    baseline_found: set[Span] = set()
    for article, start, end in _exclusive_phrases(analyses):
        hits = _overlapping([(start, end)], lexical, article)
        score.baseline_labels += 1
        score.baseline_correct += bool(hits)
        baseline_found |= hits
    score.baseline_found = len(baseline_found)
    return score


def _novel_sentences(analyses: Sequence[Analysis], vectors: dict, count: int) -> set[tuple[str, int]]:
    """The ``count`` sentences least similar to any sentence of the other articles."""
    keys = [(a.article.id, s.index) for a in analyses for s in a.sentences]
    if not keys or count == 0:
        return set()
    matrix = np.array([vectors[key] for key in keys])
    similarity = matrix @ matrix.T
    articles = np.array([key[0] for key in keys])
    similarity[articles[:, None] == articles[None, :]] = -1.0
    best = similarity.max(axis=1)
    return {keys[i] for i in np.argsort(best)[:count]}


def _longest_sentences(analyses: Sequence[Analysis], count: int) -> set[tuple[str, int]]:
    """The ``count`` longest sentences (in characters; ties in text order)."""
    keys = sorted(
        ((a.article.id, s.index, s.end - s.start) for a in analyses for s in a.sentences), key=lambda k: -k[2]
    )
    return {(article, index) for article, index, _ in keys[:count]}


def _occurrences(label: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for low, high in spans or [(0, len(text))]:
        position = text.find(label, low, high)
        while position >= 0:
            found.append((position, position + len(label)))
            position = text.find(label, position + 1, high)
    if not found and spans:
        return _occurrences(label, text, [])
    return found


def _overlapping(occurrences: list[tuple[int, int]], spans: list[Span], article: str) -> set[Span]:
    return {
        span
        for span in spans
        if span.article == article and any(start < span.end and span.start < end for start, end in occurrences)
    }


def _exclusive_phrases(analyses: Sequence[Analysis]) -> list[tuple[str, int, int]]:
    """Noun phrases whose head word the other articles of the triplet never write."""
    texts = {a.article.id: a.article.text.lower() for a in analyses}
    found = []
    for analysis in analyses:
        others = [text for article, text in texts.items() if article != analysis.article.id]
        for phrase in analysis.phrases:
            pattern = re.compile(rf"\b{re.escape(phrase.head)}(?:s|es)?\b")
            if phrase.head.isalpha() and not any(pattern.search(text) for text in others):
                found.append((analysis.article.id, phrase.start, phrase.end))
    return found


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict:
    """Informational-bias recall of omissions, and lexical-bias precision/recall of wording."""
    from parallax.analyze import analyze_many
    from parallax.compare import compare_analyses
    from parallax.embed import default_embedder

    embedder = default_embedder()
    triplets = load_triplets(data_dir, limit)
    scores = []
    for triplet in triplets:
        analyses = list(analyze_many(triplet.articles))
        comparison = compare_analyses(analyses, embedder)
        keys = [(a.article.id, s.index) for a in analyses for s in a.sentences]
        embedded = embedder.embed([s.text for a in analyses for s in a.sentences])
        scores.append(score_triplet(triplet, analyses, comparison, dict(zip(keys, embedded, strict=True))))
    return summarize(scores, len(triplets), sum(t.unplaced for t in triplets))


def summarize(scores: Sequence[TripletScore], triplets: int, unplaced: int = 0) -> dict:
    """The JSON-ready result from per-triplet counts."""
    informational = sum(s.informational for s in scores)
    sentences = sum(s.sentences for s in scores)
    share = sum(s.marked for s in scores) / sentences if sentences else 0.0
    recall = sum(s.informational_marked for s in scores) / informational if informational else 0.0
    spans = [k for s in scores for k in s.span_sentences]
    random_recall = float(np.mean([1 - (1 - share) ** max(k, 1) for k in spans])) if spans else 0.0
    novelty = sum(s.novelty_marked for s in scores) / informational if informational else 0.0
    longest = sum(s.longest_marked for s in scores) / informational if informational else 0.0
    lexical = _prf(sum(s.labels_correct for s in scores), sum(s.labels for s in scores),
                   sum(s.lexical_found for s in scores), sum(s.lexical for s in scores))
    loaded = _prf(sum(s.loaded_correct for s in scores), sum(s.loaded_labels for s in scores),
                  sum(s.loaded_found for s in scores), sum(s.lexical for s in scores))
    baseline = _prf(sum(s.baseline_correct for s in scores), sum(s.baseline_labels for s in scores),
                    sum(s.baseline_found for s in scores), sum(s.lexical for s in scores))
    return {
        "task": "omissions",
        "triplets": triplets,
        "informational_recall": round(recall, 4),
        "marked_share": round(share, 4),
        "lexical": lexical,
        "lexical_loaded_only": loaded,
        "baselines": {
            "random_recall": round(random_recall, 4),
            "novelty_recall": round(novelty, 4),
            "longest_recall": round(longest, 4),
            "lexical_exclusive_phrases": baseline,
        },
        "informational_spans": informational,
        "lexical_spans": sum(s.lexical for s in scores),
        "unplaced_spans": unplaced,
        "wording_labels": sum(s.labels for s in scores),
    }


def _prf(correct: int, predicted: int, found: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1(precision, recall), 4)}

