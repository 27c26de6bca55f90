"""The BASIL omissions and lexical-bias evaluation: reading triplets, scoring a comparison,
the baselines, and quality floors on pinned triplets of the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from parallax.analyze import analyze_many
from parallax.eval.omissions import TripletScore, evaluate, load_triplets, score_triplet, summarize
from parallax.model import Comparison, Fact, FactMention, Wording

# One fictional triplet in BASIL's layout: paragraphs are lists of sentences, and span
# offsets index into their sentence.
_ARTICLES = {
    "fox": [
        ["The council slammed the Korvel toll plan on Monday.", "Members voted nine to two."],
        ["The mayor was not available for comment."],
    ],
    "hpo": [["The council rejected the Korvel toll plan on Monday.", "Residents cheered outside."]],
    "nyt": [["The council voted against the Korvel toll plan.", "The vote was nine to two."]],
}
_ANNOTATIONS = {
    "fox": [
        {"bias": "lex", "start": 12, "end": 19, "txt": "slammed"},
        {"bias": "inf", "start": 0, "end": 39, "txt": "The mayor was not available for comment"},
        {"bias": "inf", "start": 3, "end": 9, "txt": "Members voted"},  # wrong offsets: found by search
        {"bias": "inf", "start": 0, "end": 9, "txt": "not in the text"},
    ],
    "hpo": [{"bias": "inf", "start": 0, "end": 26, "txt": "Residents cheered outside."}],
    "nyt": [],
}


def _write_basil(root: Path) -> Path:
    for source, paragraphs in _ARTICLES.items():
        article = {
            "source": source, "title": f"Toll plan ({source})", "uuid": f"u-{source}", "triplet-uuid": "t-1",
            "date": "2021-03-01", "body-paragraphs": paragraphs,
        }
        (root / "articles" / "2021").mkdir(parents=True, exist_ok=True)
        (root / "annotations" / "2021").mkdir(parents=True, exist_ok=True)
        (root / "articles" / "2021" / f"t-1_{source}.json").write_text(json.dumps(article), encoding="utf-8")
        annotation = {"phrase-level-annotations": _ANNOTATIONS[source]}
        (root / "annotations" / "2021" / f"t-1_{source}_ann.json").write_text(json.dumps(annotation), encoding="utf-8")
    return root


def test_triplets_and_spans_are_rebuilt(tmp_path: Path) -> None:
    (triplet,) = load_triplets(_write_basil(tmp_path))
    assert [a.outlet for a in triplet.articles] == ["fox", "hpo", "nyt"]
    texts = {article.id: article.text for article in triplet.articles}
    first_paragraph = texts["u-fox"].split("\n\n")[0]
    assert first_paragraph == "The council slammed the Korvel toll plan on Monday. Members voted nine to two."
    for span in triplet.spans:
        assert texts[span.article][span.start : span.end] == span.text
    assert {s.text for s in triplet.spans if s.bias == "inf"} == {
        "The mayor was not available for comment", "Members voted", "Residents cheered outside.",
    }
    assert triplet.unplaced == 1


def test_a_triplet_is_scored(tmp_path: Path) -> None:
    (triplet,) = load_triplets(_write_basil(tmp_path))
    analyses = list(analyze_many(triplet.articles))
    fox = next(a for a in analyses if a.article.id == "u-fox")
    mayor = next(s for s in fox.sentences if "mayor" in s.text)
    slammed = next(s for s in fox.sentences if "slammed" in s.text)

    def mention(sentence) -> FactMention:  # noqa: ANN001 - a Sentence
        return FactMention(
            article="u-fox", sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text
        )

    comparison = Comparison(
        facts=[Fact(id="f1", verdict="unique", reason="only fox", mentions=[mention(mayor)])],
        wording=[
            Wording(concept="slammed", kind="loaded", labels={"u-fox": ["slammed"]}, evidence=[mention(slammed)]),
            Wording(concept="council", kind="label", labels={"u-fox": ["council"], "u-hpo": ["councillors"]}),
        ],
    )
    keys = [(a.article.id, s.index) for a in analyses for s in a.sentences]
    vectors = {key: np.eye(len(keys))[i] for i, key in enumerate(keys)}  # every sentence equally novel
    score = score_triplet(triplet, analyses, comparison, vectors)
    assert (score.informational, score.informational_marked) == (3, 1)
    assert (score.sentences, score.marked) == (sum(len(a.sentences) for a in analyses), 1)
    assert (score.lexical, score.lexical_found) == (1, 1)
    assert (score.labels, score.labels_correct) == (3, 1)  # slammed; council and councillors miss
    assert (score.loaded_labels, score.loaded_correct) == (1, 1)
    assert score.longest_marked == 0  # the one longest sentence (hpo's first) holds no span


def test_summary_and_random_baseline() -> None:
    scores = [
        TripletScore(informational=2, informational_marked=1, sentences=10, marked=5, span_sentences=[1, 2],
                     labels=4, labels_correct=1, lexical=2, lexical_found=1, longest_marked=2),
    ]
    result = summarize(scores, triplets=1)
    assert result["informational_recall"] == 0.5 and result["marked_share"] == 0.5
    assert result["baselines"]["random_recall"] == pytest.approx((0.5 + 0.75) / 2, abs=1e-4)
    assert result["lexical"] == {"precision": 0.25, "recall": 0.5, "f1": pytest.approx(1 / 3, abs=1e-4)}
    assert set(result) >= {"task", "triplets", "informational_recall", "marked_share", "lexical"}
    assert result["baselines"]["longest_recall"] == 1.0


def test_quality_on_pinned_triplets(datasets: Path) -> None:
    """The first five triplets of 2010-2014 (measured: recall 0.596 at share 0.467, random
    0.491, novelty 0.500, longest sentences 0.635 on these 52 spans, too few to separate
    from it; lexical F1 0.056 against 0.028 for the exclusive-phrases baseline)."""
    result = evaluate(datasets / "basil", limit=5)
    assert result["task"] == "omissions" and result["triplets"] == 5
    assert result["informational_recall"] >= 0.56
    assert result["marked_share"] <= 0.52
    baselines = result["baselines"]
    assert result["informational_recall"] >= baselines["random_recall"] + 0.07
    assert result["informational_recall"] >= baselines["novelty_recall"] + 0.07
    assert 0.5 <= baselines["longest_recall"] <= 0.75
    assert result["lexical"]["f1"] >= 0.045
    assert result["lexical"]["f1"] > baselines["lexical_exclusive_phrases"]["f1"]
