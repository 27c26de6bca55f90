"""Word choice: labels that differ across outlets and loaded terms, on fictional articles
written for these tests and on the two seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.analyze import analyze_many
from parallax.compare import compare, compare_analyses
from parallax.compare.wording import capital_countries, compare_wording, distinctive_labels
from parallax.embed import default_embedder
from parallax.model import Article, Wording

HERALD = Article(
    source="korvel-herald", outlet="Korvel Herald", title="Bridge toll protest",
    paragraphs=[
        "Hundreds of protesters gathered at the Korvel bridge on Saturday to oppose the new toll.",
        "The protesters blocked the bridge for six hours. Police said the protesters left peacefully in the evening.",
        "Harbour director Lena Vosk said the toll would stay.",
        "The town was without fuel for most of the day.",
    ],
)
VOICE = Article(
    source="korvel-voice", outlet="Korvel Voice", title="Rioters seize Korvel bridge",
    paragraphs=[
        "Rioters took over the Korvel bridge on Saturday, angry at the new toll.",
        "The rioters blocked the bridge for six hours, police said.",
        "Lena Vosk, the harbour chief, called the blockade a disgraceful so-called protest.",
        "Shops ran out of food, water and fuel by the evening.",
    ],
)


@pytest.fixture(scope="module")
def bridge() -> tuple[dict[str, str], list[Wording]]:
    comparison = compare_analyses(list(analyze_many([HERALD, VOICE])), default_embedder())
    return {article.outlet or "": article.id for article in comparison.articles}, comparison.wording


def _labels(finding: Wording, ids: dict[str, str], outlet: str) -> list[str]:
    return finding.labels.get(ids[outlet], [])


def test_one_group_named_two_ways(bridge: tuple[dict[str, str], list[Wording]]) -> None:
    ids, wording = bridge
    finding = next(w for w in wording if w.kind == "label" and "rioters" in _labels(w, ids, "Korvel Voice"))
    assert "protesters" in _labels(finding, ids, "Korvel Herald")
    assert {m.article for m in finding.evidence} == set(ids.values())


def test_a_person_described_two_ways(bridge: tuple[dict[str, str], list[Wording]]) -> None:
    ids, wording = bridge
    finding = next(w for w in wording if w.entity and w.concept == "Lena Vosk")
    assert "Harbour director" in _labels(finding, ids, "Korvel Herald")
    assert "the harbour chief" in _labels(finding, ids, "Korvel Voice")


def test_loaded_terms_only_one_outlet_uses(bridge: tuple[dict[str, str], list[Wording]]) -> None:
    ids, wording = bridge
    loaded = {w.concept: w for w in wording if w.kind == "loaded"}
    assert list(loaded["so-called"].labels) == [ids["Korvel Voice"]]
    assert loaded["so-called"].labels[ids["Korvel Voice"]] == ["so-called protest"]
    assert list(loaded["disgraceful"].labels) == [ids["Korvel Voice"]]
    assert not {"fuel", "water", "food", "bridge", "evening"} & set(loaded)  # neutral words


def test_shared_things_are_not_label_differences(bridge: tuple[dict[str, str], list[Wording]]) -> None:
    _, wording = bridge
    labels = [label.lower() for w in wording if w.kind == "label" for values in w.labels.values() for label in values]
    assert not [label for label in labels if any(word in label for word in ("water", "food", "fuel", "toll"))]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # spelling variants, shortenings, titles and acronyms are one label
        ({"a": ["Piet Olsen"], "b": ["Piet Olssen", "Olssen"]}, {"a": [], "b": []}),
        ({"a": ["Tarn Water Board"], "b": ["TWB"]}, {"a": [], "b": []}),
        ({"a": ["President", "Ivo Brask"], "b": ["Mr. Brask"]}, {"a": ["President"], "b": []}),
        # different words for one actor are what the finding shows
        (
            {"a": ["regional governor", "Ivo Brask"], "b": ["rebel warlord", "Brask"]},
            {"a": ["regional governor"], "b": ["rebel warlord"]},
        ),
        (
            {"a": ["protesters"], "b": ["rioters", "angry rioters"]},
            {"a": ["protesters"], "b": ["rioters", "angry rioters"]},
        ),
    ],
)
def test_distinctive_labels(labels: dict[str, list[str]], expected: dict[str, list[str]]) -> None:
    assert distinctive_labels(Wording(concept="x", kind="label", labels=labels)) == expected


def test_a_loaded_term_is_distinctive_as_it_stands() -> None:
    finding = Wording(concept="so-called", kind="loaded", labels={"a": ["so-called reform"]})
    assert distinctive_labels(finding) == {"a": ["so-called reform"]}


def test_seeds_labels_for_the_same_actors(seeds: list[Path]) -> None:
    """The design notes' finding: one outlet's "rebels"/"separatists" are the other's
    "independence supporters"; "so-called" is one outlet's; and no flood of noise."""
    comparison = compare(seeds)
    ids = {article.outlet: article.id for article in comparison.articles}
    labels = [w for w in comparison.wording if w.kind == "label"]
    actors = next(w for w in labels if "independence supporters" in w.labels.get(ids["Global Research"], []))
    assert {"rebels", "separatists"} <= set(actors.labels[ids["DW"]])
    loaded = {w.concept: w for w in comparison.wording if w.kind == "loaded"}
    assert list(loaded["so-called"].labels) == [ids["Global Research"]]
    assert len(labels) <= 5
    shown = [label.lower() for w in labels for values in w.labels.values() for label in values]
    assert not [label for label in shown if any(word in label for word in ("water", "food", "fuel"))]


def test_articles_with_nothing_to_compare() -> None:
    analyses = list(analyze_many([Article(source="a", paragraphs=[]), Article(source="b", paragraphs=["The council met."])]))
    assert compare_wording(analyses, [], default_embedder(), {}) == []


# A fictional quota dispute: one outlet names the country, two name it by its capital
# as an actor, and the first also writes the capital as a place.
_QUOTA = [
    Article(source="tide-post", outlet="Tide Post", paragraphs=[
        "Norway said on Monday that it would raise the cod quota for the northern fleet.",
        "Fishing crews met in Oslo to discuss the new rules.",
    ]),
    Article(source="fjord-daily", outlet="Fjord Daily", paragraphs=[
        "Oslo said on Monday that it would raise the cod quota for the northern fleet.",
        "Norway has argued for larger quotas since the spring.",
    ]),
    Article(source="harbour-news", outlet="Harbour News", paragraphs=[
        "Oslo announced on Monday that it would raise the cod quota for the northern fleet.",
        "Norway has pressed its neighbours for months.",
    ]),
]


def test_a_capital_standing_for_its_country() -> None:
    """Two outlets write "Oslo" for the government, one "Norway" and "in Oslo" as a place:
    one finding, although two articles share the capital (every pair is compared)."""
    comparison = compare_analyses(list(analyze_many(_QUOTA)), default_embedder())
    ids = {article.outlet: article.id for article in comparison.articles}
    finding = next(w for w in comparison.wording if w.kind == "label" and w.concept == "Norway")
    assert "Oslo" in finding.labels[ids["Fjord Daily"]] and "Oslo" in finding.labels[ids["Harbour News"]]
    assert "Oslo" not in finding.labels[ids["Tide Post"]]  # a place there, not an actor


def test_capitals_come_from_single_zone_countries() -> None:
    capitals = capital_countries()
    assert capitals["oslo"] == "norway" and capitals["pyongyang"] == "north korea"
    assert "chicago" not in capitals  # one of many zones of its country: not a capital


def test_a_description_is_shown_where_it_describes_the_entity() -> None:
    """Both are "President": each finding's evidence is the sentence naming its own person."""
    marr_first = Article(source="dam-a", outlet="A", paragraphs=[
        "President Ilse Marr opened the new dam on Friday. "
        "President Tomas Grieg of the Dunmore Co-operative criticised the cost.",
    ])
    plain = Article(source="dam-b", outlet="B", paragraphs=[
        "Tomas Grieg criticised the cost of the dam that Ilse Marr opened on Friday.",
    ])
    comparison = compare_analyses(list(analyze_many([marr_first, plain])), default_embedder())
    grieg = next(w for w in comparison.wording if w.concept == "Tomas Grieg")
    assert [m.text for m in grieg.evidence] == [
        "President Tomas Grieg of the Dunmore Co-operative criticised the cost."
    ]
