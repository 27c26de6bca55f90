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

Training. ``train_stance_model`` fits the second tier's scorer
(``analyze/stance_model.py``) on a split's candidates, each labelled by whether it
matches an attribution ``find_quotes`` misses; ``write_stance_model`` writes the shipped
``analyze/data/stance_model.json`` from PolNeAR train. ``train_boundary_model`` fits the
boundary chooser on the other places the found contents may end, each labelled by
whether ending there matches better; ``write_boundary_model`` writes
``analyze/data/boundary_model.json``. The stance model is trained against the reader's
own ends (``KEEP_ENDS``), so it does not depend on the chooser fitted after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.analyze.quotes import boundary_choices, find_quotes, paragraph_ranges, read_quotes, stance_candidates
from parallax.analyze.stance_model import BOUNDARY_MODEL_PATH, KEEP_ENDS, MODEL_PATH, StanceModel
from parallax.errors import InputError
from parallax.eval.metrics import Scores, f1

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from parallax.model import Quote

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
    annotations = _annotation_files(folder)
    documents = {}
    for name in sorted(annotations)[:limit]:
        text_path = folder / "text" / f"{name}.txt"
        if text_path.exists():
            with open(text_path, encoding="utf-8", newline="") as handle:
                documents[name] = (handle.read(), read_ann(annotations[name][0]))
    return documents


def _annotation_files(folder: Path) -> dict[str, list[Path]]:
    """Article name -> its annotator files, in name order (the first is the gold)."""
    files: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        files.setdefault(_ANNOTATOR_SUFFIX.sub("", path.stem), []).append(path)
    return files


def several_annotators(data_dir: Path, split: str, names: Iterable[str]) -> dict[str, list[list[Attribution]]]:
    """Every annotator's attributions, first annotator first, for those of ``names`` that
    several annotators annotated: what human agreement is measured on."""
    root = data_dir / "data" if (data_dir / "data").is_dir() else data_dir
    files = _annotation_files(root / split)
    return {name: [read_ann(path) for path in files[name]] for name in names if len(files.get(name, ())) > 1}


# -- predictions --------------------------------------------------------------------------


def parallax_predictions(
    text: str, doc: Doc, *, attributions: bool = True, model: StanceModel | None = None
) -> list[Attribution]:
    """``find_quotes`` and ``find_attributions`` output (quotes alone with
    ``attributions=False``; ``model`` in place of the shipped stance model) in PolNeAR's
    shape (see ``polnear_shape``)."""
    if not attributions:
        return _shaped(text, find_quotes(doc))
    quotes, stances = read_quotes(doc, model)
    return _shaped(text, quotes + stances)


def _shaped(text: str, found: list[Quote]) -> list[Attribution]:
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
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                found = (int(item["content_start"]), int(item["content_end"]), item.get("source_start"), item.get("source_end"))
                document = item["doc"]
            except (ValueError, TypeError, KeyError) as error:
                raise InputError(str(path), f"line {number} is not a prediction (doc, content_start, content_end): {error}") from None
            if document in spans:
                spans[document].append(found)
    return {name: polnear_shape(texts[name], found) for name, found in spans.items()}


def write_predictions(path: Path, predicted: dict[str, list[Quote]]) -> None:
    """One JSON line per predicted quote or attribution: ``{"doc", "content_start",
    "content_end", "source_start", "source_end"}``, character offsets into the ``.txt``
    file read as UTF-8 with ``newline=""`` (the text Parallax parsed), source null when
    none was found. ``read_predictions`` (``--score``) reads it back to the same figures."""
    with open(path, "w", encoding="utf-8") as handle:
        for name, found in predicted.items():
            for quote in sorted(found, key=lambda q: (q.start, q.end)):
                line = {
                    "doc": name, "content_start": quote.start, "content_end": quote.end,
                    "source_start": quote.speaker_start, "source_end": quote.speaker_end,
                }
                handle.write(json.dumps(line) + "\n")


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
    score: Path | None = None,
    limit: int | None = None,
    baseline: bool = True,
) -> dict:
    """Precision/recall/F1 of content and source spans on one PolNeAR split (JSON-ready).

    ``"parallax"`` scores quotes and attributions together, as PolNeAR annotates them;
    ``"quotes_only"`` scores ``find_quotes`` alone. ``data_dir`` is the PolNeAR folder
    (holding ``data/<split>``) or its ``data`` folder; ``predictions`` also writes
    Parallax's predicted quotes and attributions there as JSON lines (``write_predictions``)
    so the figures can be re-scored independently; ``score`` scores such a file (anyone's)
    instead of running Parallax (and leaves out ``"quotes_only"``); ``limit`` takes
    the first articles in name order; ``baseline=False`` leaves out the textacy run and
    its ``"baseline"`` key. ``"agreement"`` (when some articles of the split have several
    annotators) sets the ceiling beside the score: each annotator scored against each
    other one (``"annotators"``, every ordered pair) and the system against each annotator
    of the same articles (``"parallax"``), with the metrics above.
    """
    documents = load_split(Path(data_dir), split, limit)
    texts = {name: text for name, (text, _) in documents.items()}
    given = read_predictions(Path(score), texts) if score is not None else None
    ours, quotes_only, theirs = _Tally(), _Tally(), _Tally()
    annotated_by_several = several_annotators(Path(data_dir), split, documents)
    humans, against_each = _Tally(), _Tally()
    needs_parse = given is None or baseline
    parses = _parsed(texts.values()) if needs_parse else iter(())
    predicted: dict[str, list[Quote]] = {}
    for name, (text, gold) in documents.items():
        doc = next(parses) if needs_parse else None
        if given is not None:
            shaped = given[name]
        else:
            quotes, stances = read_quotes(doc)
            predicted[name] = quotes + stances
            shaped = _shaped(text, quotes + stances)
            quotes_only.add(text, gold, _shaped(text, quotes))
        ours.add(text, gold, shaped)
        for first, annotation in enumerate(annotated_by_several.get(name, ())):
            against_each.add(text, annotation, shaped)
            for second, other in enumerate(annotated_by_several[name]):
                if second != first:
                    humans.add(text, annotation, other)
        if baseline:
            theirs.add(text, gold, baseline_predictions(doc))
    if predictions is not None and given is None:
        write_predictions(Path(predictions), predicted)
    result: dict = {"task": "quotes", "documents": len(documents), "parallax": ours.report()}
    if given is None:
        result["quotes_only"] = quotes_only.report()
    if baseline:
        result["baseline"] = theirs.report()
    if annotated_by_several:
        result["agreement"] = {
            "articles": len(annotated_by_several),
            "annotations": sum(len(annotations) for annotations in annotated_by_several.values()),
            "annotators": humans.report(),
            "parallax": against_each.report(),
        }
    return result


# -- the stance model -----------------------------------------------------------------------


def stance_examples(text: str, gold: list[Attribution], doc: Doc) -> list[tuple[list[str], bool]]:
    """Every second-tier candidate of one article with its features, labelled by whether
    it matches (the 0.5 overlap rule) an annotated attribution that ``find_quotes``
    misses, and matches it best of its cue word's candidates (so the model learns which
    boundary variant to prefer)."""
    gold_content = [_normalise(text, a.content) for a in gold]
    quoted = [_normalise(text, a.content) for a in _shaped(text, find_quotes(doc, KEEP_ENDS))]
    found = {g for g, _ in _pairs(gold_content, quoted, exact=False)}
    missed = [span for index, span in enumerate(gold_content) if index not in found]
    candidates = stance_candidates(doc)
    ratios = [
        [overlap_ratio(span, _normalise(text, ((c.quote.start, c.quote.end),))) for span in missed] for c in candidates
    ]
    best: dict[tuple[int, int], float] = {}  # (cue, missed attribution) -> best overlap
    for candidate, row in zip(candidates, ratios):
        for index, ratio in enumerate(row):
            key = (candidate.cue_start, index)
            best[key] = max(best.get(key, 0.0), ratio)
    return [
        (
            candidate.features,
            any(
                ratio >= MATCH_THRESHOLD and ratio == best[(candidate.cue_start, index)]
                for index, ratio in enumerate(row)
            ),
        )
        for candidate, row in zip(candidates, ratios)
    ]


def fit_stance_model(
    examples: list[tuple[list[str], bool]], *, l2: float, threshold: float, min_count: int = 3, steps: int = 400
) -> StanceModel:
    """L2-regularised logistic regression by full-batch Adam, numpy only; features seen
    fewer than ``min_count`` times are left out."""
    import numpy as np

    counts: dict[str, int] = {}
    for features, _ in examples:
        for feature in set(features):
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows = [sorted({vocabulary[f] for f in features if f in vocabulary}) for features, _ in examples]
    indices = np.array([i for row in rows for i in row], dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    labels = np.array([label for _, label in examples], dtype=np.float64)
    weights, bias = np.zeros(len(vocabulary)), 0.0
    moments = [np.zeros(len(vocabulary) + 1), np.zeros(len(vocabulary) + 1)]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        scores = np.bincount(row_of, weights=weights[indices], minlength=len(rows)) + bias
        residual = 1.0 / (1.0 + np.exp(-scores)) - labels
        gradient = np.append(
            np.bincount(indices, weights=residual[row_of], minlength=len(vocabulary)) / len(rows) + l2 * weights,
            residual.mean(),
        )
        moments[0] = beta1 * moments[0] + (1 - beta1) * gradient
        moments[1] = beta2 * moments[1] + (1 - beta2) * gradient**2
        update = rate * (moments[0] / (1 - beta1**step)) / (np.sqrt(moments[1] / (1 - beta2**step)) + 1e-8)
        weights -= update[:-1]
        bias -= update[-1]
    # weights under 0.005 move no probability by more than a few thousandths: left out
    kept = {f: round(float(weights[i]), 3) for f, i in vocabulary.items() if abs(weights[i]) >= 0.005}
    return StanceModel(weights=kept, bias=round(float(bias), 3), threshold=threshold)


# Calibrated by two-fold cross-validation on PolNeAR train (fit on the even-numbered
# articles, scored end to end on the odd ones and back): L2 1e-4 beat 1e-5 and 1e-3 by
# 0.007-0.008 content-overlap F1; thresholds 0.35-0.45 were within 0.003, 0.35 best for content.
STANCE_L2 = 1e-4
STANCE_THRESHOLD = 0.35


def train_stance_model(data_dir: Path, *, split: str = "train", limit: int | None = None) -> StanceModel:
    """Fit the stance model on one PolNeAR split (``train``; never the split it is scored
    on). ``python -c 'from parallax.eval.quotes import write_stance_model; write_stance_model(...)'``
    writes it where ``find_attributions`` reads it."""
    documents = load_split(Path(data_dir), split, limit)
    parses = _parsed(text for text, _ in documents.values())
    examples = [
        example for (text, gold), doc in zip(documents.values(), parses) for example in stance_examples(text, gold, doc)
    ]
    return fit_stance_model(examples, l2=STANCE_L2, threshold=STANCE_THRESHOLD)


def write_stance_model(data_dir: Path, path: Path = MODEL_PATH, *, split: str = "train") -> StanceModel:
    """Train on ``split`` and write the model as JSON (sorted keys, so reruns diff cleanly)."""
    model = train_stance_model(data_dir, split=split)
    Path(path).write_text(json.dumps(model.to_json(), sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return model


# -- the boundary chooser -------------------------------------------------------------------


def boundary_examples(
    text: str, gold: list[Attribution], doc: Doc, model: StanceModel | None = None
) -> list[tuple[list[str], bool]]:
    """The other places a found content may end, where that decides a match, labelled
    by whether ending there matches an annotated content (the 0.5 overlap rule) better
    than the found content does, and best of its places. Places where neither the found
    content nor the other one matches anything change nothing and are left out (kept,
    they cost 0.0016 content- and 0.0017 source-overlap F1, two-fold cross-validated on
    PolNeAR train; with earlier ends only, they made no difference)."""
    gold_content = [_normalise(text, a.content) for a in gold]

    def best_overlap(span: tuple[int, int]) -> float:
        predicted = _normalise(text, (span,))
        return max((overlap_ratio(g, predicted) for g in gold_content), default=0.0)

    examples = []
    for choice in boundary_choices(doc, model):
        whole = best_overlap(choice.whole)
        ratios = [best_overlap(span) for _, span in choice.ends]
        best = max(ratios)
        examples.extend(
            (features, ratio >= MATCH_THRESHOLD and ratio > whole and ratio == best)
            for (features, _), ratio in zip(choice.ends, ratios)
            if max(ratio, whole) >= MATCH_THRESHOLD
        )
    return examples


# Calibrated by two-fold cross-validation on PolNeAR train like the stance model (both
# refitted per fold), content / source overlap F1 with earlier ends only: L2 1e-4 0.6914 /
# 0.6264, 1e-3 0.6916 / 0.6259, 1e-5 0.6887 / 0.6240; thresholds 0.4-0.7 within 0.001.
BOUNDARY_L2 = 1e-4
BOUNDARY_THRESHOLD = 0.5


def train_boundary_model(
    data_dir: Path, *, split: str = "train", limit: int | None = None, model: StanceModel | None = None
) -> StanceModel:
    """Fit the boundary chooser on one PolNeAR split (``train``), over the contents that
    ``read_quotes`` finds with ``model`` (else the shipped stance model)."""
    documents = load_split(Path(data_dir), split, limit)
    parses = _parsed(text for text, _ in documents.values())
    examples = [
        example
        for (text, gold), doc in zip(documents.values(), parses)
        for example in boundary_examples(text, gold, doc, model)
    ]
    return fit_stance_model(examples, l2=BOUNDARY_L2, threshold=BOUNDARY_THRESHOLD)


def write_boundary_model(data_dir: Path, path: Path = BOUNDARY_MODEL_PATH, *, split: str = "train") -> StanceModel:
    """Train on ``split`` and write the boundary chooser as JSON (sorted keys)."""
    model = train_boundary_model(data_dir, split=split)
    Path(path).write_text(json.dumps(model.to_json(), sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return model
