"""Coverage: what in an article no other article reports (novel clauses, quotations only
one outlet gives), and how it becomes clause-level ``unique`` facts."""

from __future__ import annotations

import pytest

from parallax.analyze import analyze_many
from parallax.compare import compare_analyses
from parallax.compare.coverage import Coverage, clause_spans, content_tokens
from parallax.compare.entities import match_entities
from parallax.embed import default_embedder
from parallax.model import Analysis, Article
from parallax.report.view import fact_headline

# A fictional event told by two outlets. The Courier adds a clause to a shared sentence
# (who backed the plan), quotes a speaker the Herald does not, and restates in other
# words what the Herald says; the Herald quotes the same mayor line as the Courier.
_COURIER = [
    "The Korvel council rejected the harbour toll plan on Monday, which had been backed by the Harlow freight union.",
    '"We will not let the fishermen pay for this mistake," said Mayor Ilse Varga after the vote.',
    'Dock worker Tomas Brenn said: "The lorries queue past my window every single night, and nobody listens."',
    "Tolls on the harbour road were the plan's main idea, councillors said.",
]
_HERALD = [
    "On Monday the Korvel council voted against the harbour toll plan.",
    'Mayor Ilse Varga said after the vote: "We will not let the fishermen pay for this mistake."',
    "The plan would have put tolls on the harbour road.",
]


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    articles = [
        Article(id="courier", source="courier", outlet="Courier", paragraphs=_COURIER),
        Article(id="herald", source="herald", outlet="Herald", paragraphs=_HERALD),
    ]
    return list(analyze_many(articles))


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        ("The plan failed, which surprised nobody.", ["The plan failed", "which surprised nobody"]),
        ("The vote — held at night — was close.", ["The vote", "held at night", "was close"]),
        ('"It is over," she said.', ["It is over", "she said"]),
        ("Rain fell; the match went on.", ["Rain fell", "the match went on"]),
        ("The bridge was closed on Monday.", ["The bridge was closed on Monday"]),
    ],
)
def test_clause_spans(sentence: str, clauses: list[str]) -> None:
    assert [sentence[start:end] for start, end in clause_spans(sentence)] == clauses


def test_content_tokens_fold_spelling_and_inflection() -> None:
    keys = [token.key for token in content_tokens("Kyiv plans 1,200 rejections; Kiev plan rejected the 1200.")]
    assert keys[0] == keys[4]  # Kyiv / Kiev
    assert keys[1] == keys[5]  # plans / plan
    assert keys[3] == keys[6]  # rejections / rejected
    assert keys[2] == keys[7] == "#1200"
    assert "the" not in keys


def test_content_tokens_fold_plain_synonyms_of_news_reports() -> None:
    keys = {token.text: token.key for token in content_tokens("Nine hurt, two dead: the blaze injured nine and killed two.")}
    assert keys["hurt"] == keys["injured"] and keys["dead"] == keys["killed"] and keys["blaze"] != keys["hurt"]
    assert keys["killed"] != content_tokens("murdered")[0].key  # a word that frames differently stays apart


def test_a_synonym_is_not_a_detail_only_one_outlet_gives() -> None:
    first, second = analyses = list(analyze_many([
        Article(id="a", source="a", paragraphs=["Dozens were hurt in the blaze."]),
        Article(id="b", source="b", paragraphs=["The fire injured dozens."]),
    ]))
    coverage = Coverage(analyses, match_entities(analyses)[1])
    assert coverage.omissions(first, {sentence.index for sentence in first.sentences}) == []
    assert coverage.omissions(second, {sentence.index for sentence in second.sentences}) == []


def test_omissions_are_novel_clauses_and_unquoted_quotations(analyses: list[Analysis]) -> None:
    courier, herald = analyses
    _, entity_index = match_entities(analyses)
    coverage = Coverage(analyses, entity_index)
    claims = {sentence.index for sentence in courier.sentences}
    found = coverage.omissions(courier, claims)
    texts = {omission.kind: [] for omission in found}
    for omission in found:
        texts[omission.kind].append(" ".join(part.text for part in omission.parts))
        for part in omission.parts:  # every part is an exact span of the article text
            assert courier.article.text[part.start : part.end] == part.text
    assert "which had been backed by the Harlow freight union" in texts["content"]
    assert any("lorries queue past my window" in text for text in texts["content"] + texts.get("quote", []))
    assert not any("fishermen" in text for text in sum(texts.values(), []))  # both quote the mayor
    assert not any("Tolls on the harbour road" in text for text in sum(texts.values(), []))  # said in other words
    assert not any("Korvel council rejected" in text for text in sum(texts.values(), []))  # the shared part
    herald_found = coverage.omissions(herald, {sentence.index for sentence in herald.sentences})
    assert not herald_found  # the Herald says nothing the Courier does not


def test_unique_facts_point_at_what_the_others_leave_out(analyses: list[Analysis]) -> None:
    comparison = compare_analyses(analyses, default_embedder())
    unique = [fact for fact in comparison.facts if fact.verdict == "unique"]
    assert unique and all({m.article for m in fact.mentions} == {"courier"} for fact in unique)
    union = next(fact for fact in unique if "Harlow" in fact.mentions[0].text)
    assert union.mentions[0].text == "which had been backed by the Harlow freight union"
    assert "Harlow" in union.reason and "Herald never mentions" in union.reason
    assert "Harlow" in union.novel_words and "Korvel" not in union.novel_words  # Korvel: both write it
    assert "only here: " in fact_headline(union) and "Harlow" in fact_headline(union).split("only here: ")[1]
    assert all(not fact.novel_words for fact in comparison.facts if fact.verdict != "unique")
    shared = [fact for fact in comparison.facts if fact.verdict != "unique"]
    assert any(
        {m.article for m in fact.mentions} == {"courier", "herald"}
        and any("Korvel council rejected" in m.text for m in fact.mentions)
        for fact in shared
    )


def test_a_figure_compared_with_another_outlets_is_not_an_addition() -> None:
    """The conflicting count is a conflict on a number; the sentence holding it is not also
    something only its outlet reports."""
    tide = [
        "A fire broke out on the Orsa ferry late on Friday as it crossed the Kemmel strait.",
        "Officials admitted that 19 people were hurt.",
        "The ferry company has suspended its night crossings until further notice.",
    ]
    beacon = [
        "Fire swept through the Orsa ferry on Friday evening during its crossing of the Kemmel strait.",
        "Port officials said 14 people were injured in the blaze, two of them seriously.",
        "Investigators from the maritime agency will board the vessel on Monday.",
    ]
    articles = [Article(id="tide", source="tide", outlet="Tide", paragraphs=tide),
                Article(id="beacon", source="beacon", outlet="Beacon", paragraphs=beacon)]
    comparison = compare_analyses(list(analyze_many(articles)), default_embedder())
    conflict = next(fact for fact in comparison.facts if fact.verdict == "conflict")
    assert {m.text for m in conflict.mentions} == {tide[1], beacon[1]}
    unique = [m.text for fact in comparison.facts if fact.verdict == "unique" for m in fact.mentions]
    assert tide[1] not in unique
    assert tide[2] in unique  # an addition with no compared figure stays
    assert [fact.id for fact in comparison.facts] == [f"f{n}" for n in range(1, len(comparison.facts) + 1)]
