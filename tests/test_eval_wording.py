"""The NewsWCL50 word-choice evaluation: reading the CoNLL release, the gold, the matching,
and a quality floor on a pinned event of the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.eval.wording import differently_labelled, evaluate, load_events, score_event, variants
from parallax.model import Wording

# A tiny corpus in the CoNLL layout of Diverse_CDCR's NewsWCL50, on a fictional event.
_DOCUMENTS = {
    "0_L": [
        ["The", "rebel", "warlord", ",", "Ivo", "Brask", ",", "seized", "the", "dam", "."],
        ['"', "We", "will", "hold", "it", ",", '"', "Brask", "'s", "spokesman", "said", ".", "\\n"],
    ],
    "0_R": [
        ["The", "regional", "governor", ",", "Ivo", "Brask", ",", "secured", "the", "dam", "."],
        ["Mr.", "Brask", "called", "it", "a", "well", "-", "planned", "move", ".", "\\n"],
    ],
}
# (document, sentence, first token, last token, concept)
_MENTIONS = [
    ("0_L", 0, 1, 2, "0_Brask_ACTOR"), ("0_L", 0, 4, 5, "0_Brask_ACTOR"), ("0_L", 0, 8, 9, "0_Dam_OBJECT"),
    ("0_L", 1, 7, 7, "0_Brask_ACTOR"),
    ("0_R", 0, 1, 2, "0_Brask_ACTOR"), ("0_R", 0, 4, 5, "0_Brask_ACTOR"), ("0_R", 0, 8, 9, "0_Dam_OBJECT"),
    ("0_R", 1, 0, 1, "0_Brask_ACTOR"),
]


def _write_corpus(root: Path) -> Path:
    lines = []
    for document, sentences in _DOCUMENTS.items():
        lines.append(f"#begin document 0/-/{document}; part 000")
        for s, tokens in enumerate(sentences):
            for t, token in enumerate(tokens):
                marks = []
                for doc, sentence, first, last, concept in _MENTIONS:
                    if (doc, sentence) == (document, s):
                        if first == t == last:
                            marks.append(f"({concept})")
                        elif first == t:
                            marks.append(f"({concept}")
                        elif last == t:
                            marks.append(f"{concept})")
                lines.append(f"0/-/{document}\t{s}\t{t}\t{token}\t{'| '.join(marks) or '-'}\t")
            lines.append("")
        lines.append("#end document")
    path = root / "cdcr_fulltext" / "NewsWCL50.conll"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_articles_and_mentions_are_rebuilt(tmp_path: Path) -> None:
    (event,) = load_events(_write_corpus(tmp_path))
    texts = {article.id: article.text for article in event.articles}
    assert texts["0_L"] == 'The rebel warlord, Ivo Brask, seized the dam. "We will hold it," Brask\'s spokesman said.'
    assert texts["0_R"] == "The regional governor, Ivo Brask, secured the dam. Mr. Brask called it a well-planned move."
    assert {article.outlet for article in event.articles} == {"L", "R"}
    for mention in event.mentions:
        assert texts[mention.article][mention.start : mention.end] == mention.text
    assert {m.text for m in event.mentions if m.concept == "0_Brask_ACTOR"} >= {"rebel warlord", "Mr. Brask", "Brask"}


def test_gold_concepts_labelled_differently(tmp_path: Path) -> None:
    (event,) = load_events(_write_corpus(tmp_path))
    assert differently_labelled(event) == {"0_Brask_ACTOR"}  # the dam is "the dam" in both


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Brask", "Ivo Brask", True),
        ("Mr. Brask", "Ivo Brask", True),
        ("the dams", "dam", True),
        ("TWB", "Tarn Water Board", True),
        ("rebel warlord", "regional governor", False),
        ("warlord", "governor", False),
    ],
)
def test_variants(first: str, second: str, same: bool) -> None:
    assert variants(first, second) is same


def test_findings_are_matched_to_concepts(tmp_path: Path) -> None:
    (event,) = load_events(_write_corpus(tmp_path))
    texts = {article.id: article.text for article in event.articles}
    right = Wording(concept="Ivo Brask", labels={"0_L": ["rebel warlord", "Ivo Brask"], "0_R": ["regional governor"]})
    same_words = Wording(concept="Ivo Brask", labels={"0_L": ["Brask"], "0_R": ["Mr. Brask"]})
    mixed = Wording(concept="dam / move", labels={"0_L": ["dam"], "0_R": ["move"]})
    score = score_event(event, [right, same_words, mixed], texts)
    assert (score.findings, score.correct) == (3, 1)
    assert score.recalled == score.gold == {"0_Brask_ACTOR"}


def test_quality_on_a_pinned_event(datasets: Path) -> None:
    """Event 0 of the public part (measured P 0.75, R 0.60, F1 0.67; docs/quality.md)."""
    result = evaluate(datasets / "newswcl50", limit=1)
    assert result["task"] == "wording" and result["events"] == 1
    assert result["precision"] >= 0.6
    assert result["recall"] >= 0.45
    assert result["f1"] >= 0.55
