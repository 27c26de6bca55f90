"""Speaker resolution on ECB+: the judging rule on a tiny fictional ECB+ file, then a
pinned floor on the first real documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.eval.speakers import Mention, evaluate, gold_mentions, is_pronoun, names_chain

# A fictional ECB+ document: (sentence, tokens). Sentence 0 is the headline.
SENTENCES = [
    "Harbour reopens after storm",
    "The harbour of Port Elwin reopened on Monday after a week of repairs .",
    "Harbour master Ines Kolar said the new sea wall would hold .",
    "`` We tested every stone , '' she added .",
    "Fishermen on the quay welcomed the news .",
    "He said the boats would return within days .",
]
# m_id -> (sentence, words): a person's mentions, anchored on their tokens.
MARKABLES = {"1": (2, "Ines Kolar"), "2": (3, "she"), "3": (5, "He")}
CHAINS = [("CROSS_DOC_COREF", ["1", "2"], "10"), ("INTRA_DOC_COREF", ["3"], "11")]


def ecb_xml() -> str:
    tokens, ids, number = [], {}, 0
    for sentence, words in enumerate(SENTENCES):
        for word in words.split():
            number += 1
            ids.setdefault((sentence, word), number)
            tokens.append(f'<token t_id="{number}" sentence="{sentence}" number="{number}">{word}</token>')
    markables = []
    for m_id, (sentence, words) in MARKABLES.items():
        anchors = "".join(f'<token_anchor t_id="{ids[sentence, word]}"/>' for word in words.split())
        markables.append(f'<HUMAN_PART_PER m_id="{m_id}">{anchors}</HUMAN_PART_PER>')
    markables += [f'<HUMAN_PART_PER m_id="{target}" TAG_DESCRIPTOR="someone"/>' for _, _, target in CHAINS]
    relations = [
        f'<{kind} r_id="r{target}">' + "".join(f'<source m_id="{s}"/>' for s in sources) + f'<target m_id="{target}"/></{kind}>'
        for kind, sources, target in CHAINS
    ]
    return (
        '<Document doc_name="1_1ecb.xml">' + "".join(tokens) + "<Markables>" + "".join(markables)
        + "</Markables><Relations>" + "".join(relations) + "</Relations></Document>"
    )


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    topic = tmp_path / "ECB+" / "1"
    topic.mkdir(parents=True)
    (topic / "1_1ecb.xml").write_text(ecb_xml(), encoding="utf-8")
    return tmp_path


def test_fictional_document_is_judged_by_its_chains(corpus: Path) -> None:
    result = evaluate(corpus)
    assert result["task"] == "speakers" and result["documents"] == 1
    # "she added" resolves to Ines Kolar; "He said" is in a chain of pronouns only: not judged
    assert result["pronoun"] == {"judged": 1, "correct": 1, "unnamed": 0, "accuracy": 1.0, "precision": 1.0}
    assert result["named"]["judged"] == 1 and result["named"]["correct"] == 1
    assert result["baseline_pronoun"]["judged"] == 1


def test_gold_mentions_are_spans_of_the_article_text(corpus: Path) -> None:
    from parallax.eval.stories import load_documents

    [document] = load_documents(corpus)
    mentions = gold_mentions(corpus / "ECB+" / "1" / "1_1ecb.xml", document.article.text)
    assert sorted((m.text, m.chain) for m in mentions) == [("He", "11"), ("Ines Kolar", "10"), ("she", "10")]


def test_not_an_ecb_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate(tmp_path)


@pytest.mark.parametrize(
    ("speaker", "mentions", "correct"),
    [
        ("Ines Kolar", ["Kolar", "she"], True),
        ("Ines Kolar", ["harbour master Ines Kolar's"], True),
        ("the harbour master", ["master", "she"], True),
        ("Jana Novak-Reyes", ["Novak-Reyes"], True),
        ("the governor of Elwin province", ["governor"], True),
        ("Elwin", ["the governor of Elwin province"], False),
        ("Ines", ["Ines Kolar"], False),  # a first name alone does not identify her
        ("Kolar", ["she", "her"], False),  # nothing but pronouns to compare with
    ],
)
def test_a_speaker_names_a_chain_by_its_last_word(speaker: str, mentions: list[str], correct: bool) -> None:
    chain = [Mention(0, len(text), text, "c") for text in mentions]
    assert names_chain(speaker, chain) is correct


@pytest.mark.parametrize(("text", "pronoun"), [("she", True), ("His", True), ("who", True), ("the mayor", False)])
def test_is_pronoun(text: str, pronoun: bool) -> None:
    assert is_pronoun(text) is pronoun


def test_real_documents_keep_their_floor(datasets: Path) -> None:
    # The first 60 documents (topics 1-2) measured 11/15 = 0.733 pronoun, 90/110 = 0.818 named.
    result = evaluate(datasets / "ecbplus", limit=60)
    assert result["documents"] == 60
    assert result["pronoun"]["judged"] >= 12
    assert result["pronoun"]["accuracy"] >= 0.6
    assert result["named"]["accuracy"] >= 0.75
