"""Quote and attribution extraction measured on PolNeAR (Newell et al., LREC 2018).

Gold. Every attribution relation (``E`` line of the brat ``.ann`` file) that has a
content span; its source span when it has one. PolNeAR annotates attributions broadly:
direct and indirect speech, but also beliefs, intentions and stances ("X hopes to ...",
"polls show ..."). Articles annotated by several annotators are scored against the first
annotator file in name order. Discontinuous spans ("0 5;9 12") are kept as segments.

Predictions. ``find_quotes`` plus ``find_attributions`` (the second tier: stances,
beliefs, intentions, noun cues; PolNeAR annotates both) on the spaCy parse of each
``.txt`` read as UTF-8 with ``newline=""`` (so offsets are the file's own), or a
JSON-lines file of
``{"doc", "content_start", "content_end", "source_start", "source_end"}``. Every
system's spans, the baseline's included, are put in PolNeAR's shape before scoring
(``polnear_shape``): PolNeAR never lets a content cross a paragraph break (each paragraph
of a long quote is its own attribution, the source only on the first), and it annotates
a quote interrupted by its attribution ("“...,” she said, “...”") as one attribution with
a discontinuous content.

Matching. Spans are compared after trimming whitespace, punctuation and quote marks at
each segment's ends and joining segments that only such characters separate, so "exact"
means the same words whatever the convention for the comma inside a closing quote. *Content overlap*: a prediction and a gold content match
when the characters they share are at least half of the longer one,
``overlap / max(len_gold, len_pred) >= 0.5``; pairs are made one-to-one, best overlap
first. *Content exact*: the same one-to-one matching on identical spans.

Source scores are end-to-end and only credit a source whose content matched: over the
content-overlap pairs, a pair is a true positive when both sides have a source and the
sources match (identical for ``source_exact``, the 0.5 overlap rule for
``source_overlap``). Precision divides by the predicted quotes that carry a source,
leaving out those paired with a gold attribution that has none (PolNeAR gives no source to
the continuation paragraphs of a quote, so there is nothing to compare with); recall
divides by the gold attributions that have a source.

Baseline. textacy's ``direct_quotations`` on the same spaCy docs in the same run; it
raises on an odd number of quote marks, and such a document counts as no predictions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.analyze.quotes import find_attributions, find_quotes, paragraph_ranges, stance_candidates
from parallax.eval.metrics import Scores, f1

if TYPE_CHECKING:
    from spacy.tokens import Doc

Segments = tuple[tuple[int, int], ...]

_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}$")
_SPAN_FIELD = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)$")
_TRIM = set(" \t\r\n.,;:!?\"'`“”‘’„«»—–-()[]…")
MATCH_THRESHOLD = 0.5  # overlap / max(len) for an overlap match (see module docstring)


@dataclass(frozen=True)
class Attribution:
    """One attribution's content and source spans, as character segments of the text."""

    content: Segments
    source: Segments | None = None


# -- reading PolNeAR --------------------------------------------------------------------


def read_ann(path: Path) -> list[Attribution]:
    """Attributions of one brat standoff file; lines that do not parse are skipped."""
    spans: dict[str, tuple[str, Segments]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            match = _SPAN_FIELD.match(fields[1].strip())
            if match:
                segments = tuple(
                    (int(a), int(b)) for a, b in (part.split() for part in match.group(2).split(";"))
                )
                spans[fields[0]] = (match.group(1), segments)
        elif fields[0].startswith("E"):
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            relations.append(roles)
    found = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        found.append(Attribution(content[1], source[1] if source else None))
    return found


def load_split(data_dir: Path, split: str, limit: int | None = None) -> dict[str, tuple[str, list[Attribution]]]:
    """name -> (text, gold attributions) for one PolNeAR compartment, in name order."""
    root = data_dir / "data" if (data_dir / "data").is_dir() else data_dir
    folder = root / split
    if not (folder / "text").is_dir():
        raise FileNotFoundError(f"{folder}/text not found: expected a PolNeAR folder with data/{split}/text")
    annotations: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        annotations.setdefault(_ANNOTATOR_SUFFIX.sub("", path.stem), path)
    documents = {}
    for name in sorted(annotations)[:limit]:
        text_path = folder / "text" / f"{name}.txt"
        if text_path.exists():
            with open(text_path, encoding="utf-8", newline="") as handle:
                documents[name] = (handle.read(), read_ann(annotations[name]))
    return documents


# -- predictions --------------------------------------------------------------------------


def parallax_predictions(text: str, doc: Doc, *, attributions: bool = True) -> list[Attribution]:
    """``find_quotes`` and ``find_attributions`` output (quotes alone with
    ``attributions=False``) in PolNeAR's shape (see ``polnear_shape``)."""
    found = find_quotes(doc) + (find_attributions(doc) if attributions else [])
    return polnear_shape(text, [(q.start, q.end, q.speaker_start, q.speaker_end) for q in found])


def polnear_shape(text: str, spans: Iterable[tuple[int, int, int | None, int | None]]) -> list[Attribution]:
    """Predicted (content start, end, source start, end) as PolNeAR annotates them.

    A content running over paragraphs gives one attribution per paragraph, the source on
    the first. A quote interrupted by its attribution ("“...,” she said, “...”", "The plan,
    she said, will fail") or continued after it in the same paragraph ("“...,” she said.
    “...”") is one attribution with a discontinuous content: two consecutive contents in
    one paragraph join when they share a source span and that span lies between them.
    """
    paragraphs = paragraph_ranges(text)
    found: list[Attribution] = []
    for start, end, source_start, source_end in sorted(spans, key=lambda s: (s[0], s[1])):
        source = ((source_start, source_end),) if source_start is not None and source_end is not None else None
        pieces = _split_by_paragraph(start, end, paragraphs)
        previous = found[-1] if found else None
        if (
            previous is not None
            and source is not None
            and previous.source == source
            and _paragraph_index(previous.content[-1][0], paragraphs) == _paragraph_index(pieces[0][0], paragraphs)
            and previous.content[-1][1] <= source[0][0] < start
        ):
            found[-1] = Attribution(previous.content + (pieces[0],), source)
        else:
            found.append(Attribution((pieces[0],), source))
        found.extend(Attribution((piece,)) for piece in pieces[1:])
    return found


def _paragraph_index(char: int, paragraphs: list[tuple[int, int]]) -> int:
    return next((i for i, (start, end) in enumerate(paragraphs) if start <= char < end), -1)


def baseline_predictions(doc: Doc) -> list[Attribution]:
    """textacy's rule-based direct quotations (no indirect speech by design)."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # an odd number of quote marks: textacy bails out on the document
        return []
    spans = []
    for triple in triples:
        speaker = sorted(triple.speaker, key=lambda t: t.i)
        source_start, source_end = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else (None, None)
        spans.append((triple.content.start_char, triple.content.end_char, source_start, source_end))
    return polnear_shape(doc.text, spans)


def read_predictions(path: Path, texts: dict[str, str]) -> dict[str, list[Attribution]]:
    """Predictions from a JSON-lines file, put in PolNeAR's shape like ours."""
    spans: dict[str, list[tuple[int, int, int | None, int | None]]] = {name: [] for name in texts}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            if item["doc"] in spans:
                spans[item["doc"]].append(
                    (
                        int(item["content_start"]),
                        int(item["content_end"]),
                        item.get("source_start"),
                        item.get("source_end"),
                    )
                )
    return {name: polnear_shape(texts[name], found) for name, found in spans.items()}


def _split_by_paragraph(start: int, end: int, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [
        (max(start, p_start), min(end, p_end)) for p_start, p_end in paragraphs if p_start < end and start < p_end
    ]
    return pieces or [(start, end)]


# -- scoring ------------------------------------------------------------------------------


def _normalise(text: str, segments: Segments) -> Segments:
    """Segments trimmed of whitespace, punctuation and quote marks at both ends, and
    joined where only such characters separate them."""
    trimmed: list[tuple[int, int]] = []
    for start, end in sorted(segments):
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if end <= start:
            continue
        if trimmed and all(char in _TRIM for char in text[trimmed[-1][1] : start]):
            trimmed[-1] = (trimmed[-1][0], max(end, trimmed[-1][1]))
        else:
            trimmed.append((start, end))
    return tuple(trimmed)


def _length(segments: Segments) -> int:
    return sum(end - start for start, end in segments)


def overlap_ratio(gold: Segments, predicted: Segments) -> float:
    """Shared characters over the longer span's length."""
    longest = max(_length(gold), _length(predicted))
    if longest == 0:
        return 0.0
    shared = sum(
        max(0, min(g_end, p_end) - max(g_start, p_start))
        for g_start, g_end in gold
        for p_start, p_end in predicted
    )
    return shared / longest


def _pairs(gold: list[Segments], predicted: list[Segments], exact: bool) -> list[tuple[int, int]]:
    """One-to-one matching, best overlap first."""
    candidates = []
    for g, gold_span in enumerate(gold):
        for p, predicted_span in enumerate(predicted):
            if exact:
                if gold_span and gold_span == predicted_span:
                    candidates.append((1.0, g, p))
            else:
                ratio = overlap_ratio(gold_span, predicted_span)
                if ratio >= MATCH_THRESHOLD:
                    candidates.append((ratio, g, p))
    candidates.sort(key=lambda c: -c[0])
    used_gold, used_predicted, pairs = set(), set(), []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return pairs


@dataclass
class _Tally:
    """Running counts for one system across documents."""

    gold: int = 0
    predicted: int = 0
    content_exact: int = 0
    content_overlap: int = 0
    gold_sources: int = 0
    predicted_sources: int = 0
    source_exact: int = 0
    source_overlap: int = 0

    def add(self, text: str, gold: list[Attribution], predicted: list[Attribution]) -> None:
        gold_content = [_normalise(text, a.content) for a in gold]
        predicted_content = [_normalise(text, a.content) for a in predicted]
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.content_exact += len(_pairs(gold_content, predicted_content, exact=True))
        pairs = _pairs(gold_content, predicted_content, exact=False)
        self.content_overlap += len(pairs)
        self.gold_sources += sum(a.source is not None for a in gold)
        sourceless_partners = {p for g, p in pairs if gold[g].source is None}
        self.predicted_sources += sum(
            a.source is not None and index not in sourceless_partners for index, a in enumerate(predicted)
        )
        for g, p in pairs:
            gold_source, predicted_source = gold[g].source, predicted[p].source
            if gold_source is None or predicted_source is None:
                continue
            gold_norm, predicted_norm = _normalise(text, gold_source), _normalise(text, predicted_source)
            self.source_exact += bool(gold_norm) and gold_norm == predicted_norm
            self.source_overlap += overlap_ratio(gold_norm, predicted_norm) >= MATCH_THRESHOLD

    def report(self) -> dict[str, dict[str, float]]:
        return {
            "content_exact": _scores(self.content_exact, self.predicted, self.gold),
            "content_overlap": _scores(self.content_overlap, self.predicted, self.gold),
            "source_exact": _scores(self.source_exact, self.predicted_sources, self.gold_sources),
            "source_overlap": _scores(self.source_overlap, self.predicted_sources, self.gold_sources),
        }


def _scores(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    return Scores(precision, recall, f1(precision, recall)).as_dict()


def _parsed(texts: Iterable[str]) -> Iterator[Doc]:
    from parallax.analyze.nlp import BATCH_SIZE, load_nlp

    return load_nlp().pipe(texts, batch_size=BATCH_SIZE)


def evaluate(
    data_dir: Path,
    *,
    split: str = "dev",
    predictions: Path | None = None,
    limit: int | None = None,
    baseline: bool = True,
) -> dict:
    """Precision/recall/F1 of content and source spans on one PolNeAR split (JSON-ready).

    ``"parallax"`` scores quotes and attributions together, as PolNeAR annotates them;
    ``"quotes_only"`` scores ``find_quotes`` alone. ``data_dir`` is the PolNeAR folder
    (holding ``data/<split>``) or its ``data`` folder; ``predictions`` scores a JSON-lines
    file instead of running Parallax (and leaves out ``"quotes_only"``); ``limit`` takes
    the first articles in name order; ``baseline=False`` leaves out the textacy run and
    its ``"baseline"`` key.
    """
    documents = load_split(Path(data_dir), split, limit)
    texts = {name: text for name, (text, _) in documents.items()}
    given = read_predictions(Path(predictions), texts) if predictions is not None else None
    ours, quotes_only, theirs = _Tally(), _Tally(), _Tally()
    needs_parse = given is None or baseline
    parses = _parsed(texts.values()) if needs_parse else iter(())
    for name, (text, gold) in documents.items():
        doc = next(parses) if needs_parse else None
        if given is not None:
            ours.add(text, gold, given[name])
        else:
            ours.add(text, gold, parallax_predictions(text, doc))
            quotes_only.add(text, gold, parallax_predictions(text, doc, attributions=False))
        if baseline:
            theirs.add(text, gold, baseline_predictions(doc))
    result: dict = {"task": "quotes", "documents": len(documents), "parallax": ours.report()}
    if given is None:
        result["quotes_only"] = quotes_only.report()
    if baseline:
        result["baseline"] = theirs.report()
    return result


def stance_cue_counts(
    data_dir: Path, *, split: str = "train", limit: int | None = None
) -> dict[str, tuple[int, int, int]]:
    """Per second-tier lexicon entry ("verb back object"): its candidates on one split,
    how many overlap (the 0.5 rule) an annotated attribution that ``find_quotes`` misses,
    and in how many articles. ``STANCE_VERB_CUES`` and ``STANCE_NOUN_CUES`` keep the
    entries of train with at least 40% matches, 2 matches and 2 articles (see
    ``analyze/cues.py``)."""
    documents = load_split(Path(data_dir), split, limit)
    counts: dict[str, tuple[int, int, set[str]]] = {}
    for (name, (text, gold)), doc in zip(documents.items(), _parsed(text for text, _ in documents.values())):
        gold_content = [_normalise(text, a.content) for a in gold]
        quoted = [_normalise(text, a.content) for a in parallax_predictions(text, doc, attributions=False)]
        found = {g for g, _ in _pairs(gold_content, quoted, exact=False)}
        missed = [span for index, span in enumerate(gold_content) if index not in found]
        for rule, candidate in stance_candidates(doc):
            content = _normalise(text, ((candidate.start, candidate.end),))
            match = any(overlap_ratio(span, content) >= MATCH_THRESHOLD for span in missed)
            total, matches, articles = counts.get(rule, (0, 0, set()))
            counts[rule] = (total + 1, matches + match, articles | {name} if match else articles)
    return {rule: (total, matches, len(articles)) for rule, (total, matches, articles) in sorted(counts.items())}
