"""Shares, measures, sums of money and parts of groups: what a number is stated in.

Every sentence here is invented for the test (fictional places and people).
"""

from __future__ import annotations

import pytest

from parallax.analyze import analyze_many
from parallax.analyze.nlp import load_nlp
from parallax.analyze.quantities import find_quantities, unit_of
from parallax.compare import compare_analyses
from parallax.embed import default_embedder
from parallax.model import Article, Quantity

INF = None  # an interval unbounded above


def quantities_of(text: str) -> list[Quantity]:
    return find_quantities(load_nlp()(text))


def only_quantity(text: str) -> Quantity:
    found = quantities_of(text)
    assert len(found) == 1, [(q.text, q.counted) for q in found]
    return found[0]


# (sentence, surface, low, high, counted, unit)
MEASURES = [
    # shares: the value is a percentage, counted names the whole where the text does
    ("61 percent of voters backed the canal plan.", "61 percent", 61, 61, "percent of voters", "percent"),
    ("Some 61% of the tenants said they would stay.", "Some 61%", 54.9, 67.1, "percent of tenants", "percent"),
    ("About 61 per cent of members approved the merger.", "About 61 per cent", 54.9, 67.1, "percent of members", "percent"),
    ("Over 60 percent of pupils passed the test.", "Over 60 percent", 60, 100, "percent of pupils", "percent"),
    ("Turnout in Brinmoor rose to 45 percent.", "45 percent", 45, 45, "percent", "percent"),
    ("Unemployment in Tarsk fell 2 percentage points.", "2 percentage points", 2, 2, "percentage points", "percentage points"),
    ("A third of voters stayed home, the pollster found.", "A third", 30, 36.67, "percent of voters", "percent"),
    ("Nearly half of the ferry crews walked out.", "Nearly half", 45, 50, "percent of ferry crews", "percent"),
    ("One in five pupils missed the exam.", "One in five", 18, 22, "percent of pupils", "percent"),
    # measures: the canonical unit leads counted, and what is measured follows "of"
    ("The Orrin dam released 2.5 million cubic metres of water.", "2.5 million cubic metres", 2.5e6, 2.5e6,
     "cubic metres of water", "cubic metres"),
    ("The convoy drove 40 km to the Tarsk border post.", "40 km", 40, 40, "kilometres", "kilometres"),
    ("Growers in Fenwick harvested 3,000 tonnes of pears.", "3,000 tonnes", 3000, 3000, "tonnes of pears", "tonnes"),
    ("Hundreds of tonnes of herring washed ashore.", "Hundreds of tonnes", 200, 1000, "tonnes of herring", "tonnes"),
    ("A 6.1-magnitude earthquake shook the Orrin valley.", "6.1-magnitude", 6.1, 6.1, "magnitude", "magnitude"),
    ("The tremor measured magnitude 5.9 on Tuesday.", "magnitude 5.9", 5.9, 5.9, "magnitude", "magnitude"),
    ("Temperatures of 45C were recorded in Fenwick.", "45C", 45, 45, "degrees Celsius", "degrees Celsius"),
    ("The kiln reached 900 degrees Fahrenheit.", "900 degrees Fahrenheit", 900, 900, "degrees Fahrenheit",
     "degrees Fahrenheit"),
    ("Gusts of up to 130 km/h hit the Tarsk coast.", "up to 130 km/h", 0, 130, "kilometres per hour",
     "kilometres per hour"),
    ("The flood covered 20 sq km of marsh.", "20 sq km", 20, 20, "square kilometres of marsh", "square kilometres"),
    # money: the currency is the unit, abbreviated scales apply
    ("The city of Brinmoor will spend $3 billion on the tram.", "$3 billion", 3e9, 3e9, "dollars", "dollars"),
    ("Fenwick Rovers paid £40m for the goalkeeper.", "£40m", 4e7, 4e7, "pounds", "pounds"),
    ("The ministry pledged 3 million euros for the harbour.", "3 million euros", 3e6, 3e6, "euros", "euros"),
    ("The storm caused millions of dollars in damage.", "millions of dollars", 2e6, 1e7, "dollars", "dollars"),
    ("The fund raised between $3 million and $4 million.", "between $3 million and $4 million", 3e6, 4e6,
     "dollars", "dollars"),
]


@pytest.mark.parametrize(("text", "surface", "low", "high", "counted", "unit"), MEASURES)
def test_shares_measures_and_money_carry_their_unit(
    text: str, surface: str, low: float, high: float | None, counted: str, unit: str
) -> None:
    quantity = only_quantity(text)
    assert quantity.text == surface == text[quantity.start : quantity.end]
    assert quantity.low == pytest.approx(low)
    assert quantity.high == (None if high is None else pytest.approx(high))
    assert quantity.counted == counted
    assert unit_of(quantity) == unit


def test_spellings_of_one_unit_share_it_and_other_units_do_not() -> None:
    (km,) = quantities_of("The trail runs 12 km along the Orrin.")
    (kilometres,) = quantities_of("The trail runs 12 kilometres along the Orrin.")
    (miles,) = quantities_of("The trail runs 12 miles along the Orrin.")
    assert unit_of(km) == unit_of(kilometres) == "kilometres"
    assert unit_of(miles) == "miles"


@pytest.mark.parametrize(
    "text",
    [
        "Police in Tarsk found a 9mm pistol and 12 bullets.",  # a calibre names a kind of pistol
        "He had a permit for the 9 mm. rifle and 12 bullets.",
        "The bar on 8 Mile Road sold 12 bullets.",  # a unit inside a street name
    ],
)
def test_calibres_and_names_are_no_measures(text: str) -> None:
    assert [(q.text, q.counted) for q in quantities_of(text)] == [("12", "bullets")]


def test_abbreviated_million_before_people_is_a_scale_not_metres() -> None:
    quantity = only_quantity("About 3m people live along the Orrin.")
    assert (quantity.low, quantity.high, quantity.counted) == (2.5e6, 3.5e6, "people")
    assert unit_of(quantity) is None


def test_a_range_shares_its_scale() -> None:
    quantity = only_quantity("The Brinmoor tram lost 3-4 million riders.")
    assert (quantity.low, quantity.high, quantity.counted) == (3e6, 4e6, "riders")


# --- parts of groups --------------------------------------------------------------------


def test_a_part_named_after_a_pronoun_takes_that_noun() -> None:
    whole, part = quantities_of("Twelve hikers were hurt near Tarsk, 5 of them children.")
    assert (whole.low, whole.counted) == (12, "hikers")
    assert (part.low, part.counted) == (5, "children")


def test_a_part_with_only_a_pronoun_has_no_counted_noun() -> None:
    whole, part = quantities_of("Twelve hikers were hurt near Tarsk, five of them badly.")
    assert whole.counted == "hikers"
    assert part.low == 5 and part.counted is None  # never "them", never the whole group's "hikers"


def test_a_part_of_a_named_group_is_marked_as_a_part() -> None:
    (part,) = quantities_of("Five of the injured were flown to Fenwick.")
    assert part.counted == "of the injured" and unit_of(part) == "of"
    part, group = quantities_of("Four of the nine guards quit.")
    assert (part.low, part.counted, unit_of(part)) == (4, "of the nine guards", "of")
    assert (group.low, group.counted, unit_of(group)) == (9, "guards", None)


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("More than half of them voted for the Tarsk bridge.", "percent"),
        ("About 61 percent of those polled in Fenwick agreed.", "percent of those polled in Fenwick"),
        ("Five of those rescued were guards.", "of those rescued"),
        ("Half the crew of the Orrin ferry fell ill.", "percent of crew"),
    ],
)
def test_a_share_or_part_of_a_pronoun_names_who_or_nothing(text: str, counted: str) -> None:
    assert quantities_of(text)[0].counted == counted


def test_a_pronoun_part_identified_by_a_copula_takes_the_complement() -> None:
    _, part = quantities_of("Twelve hikers were hurt. Five of them were children.")
    assert (part.low, part.counted) == (5, "children")


# --- across articles --------------------------------------------------------------------


def test_a_share_is_never_set_against_a_head_count_but_one_measure_is_compared() -> None:
    herald = Article(
        id="herald", source="herald", outlet="Herald", title="Brinmoor backs the reservoir plan",
        paragraphs=["In Sunday's vote in Brinmoor, 61 percent of voters backed the reservoir plan.",
                    "The new dam will hold 2.5 million cubic metres of water, the water board said."],
    )  # fmt: skip
    courier = Article(
        id="courier", source="courier", outlet="Courier", title="Reservoir plan wins in Brinmoor",
        paragraphs=["In Sunday's vote in Brinmoor, 61 people backed the reservoir plan at the town meeting.",
                    "The new dam will hold 3 million cubic metres of water, according to the engineers."],
    )  # fmt: skip
    comparison = compare_analyses(list(analyze_many([herald, courier])), default_embedder())
    texts = [{(claim.article, claim.text) for claim in q.claims} for q in comparison.quantities]
    assert not any({("herald", "61 percent"), ("courier", "61")} <= claims for claims in texts)
    (water,) = [q for q in comparison.quantities if q.counted == "cubic metres of water"]
    assert water.verdict == "conflict"
    assert {(c.article, c.text) for c in water.claims} == {
        ("herald", "2.5 million cubic metres"), ("courier", "3 million cubic metres"),
    }  # fmt: skip
    conflicts = [fact.reason for fact in comparison.facts if fact.verdict == "conflict"]
    assert any("2.5 million cubic metres of water" in reason for reason in conflicts), conflicts
    assert not any("cubic metres cubic metres" in reason for reason in conflicts)


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("About 40 people were hurt in the Velmora pile-up.", 40),
        ("Nearly 300 homes flooded in Orrin.", 300),
        ("Up to 12 boats sank off Cape Marl.", 12),
        ("At least 300 workers walked out at the Dunmere plant.", 300),
        ("Some 2,000 troops crossed the Sarn river.", 2000),
        ("Rescuers found 438 survivors in the mine.", 438),
        ("Between 300 and 400 pupils missed school.", None),
        ("Hundreds of fans waited at the gate.", None),
    ],
)
def test_stated_value_is_the_number_as_written(sentence: str, stated: float | None) -> None:
    from parallax.analyze.quantities import stated_value

    assert stated_value(only_quantity(sentence)) == stated


def test_story_numbers_key_the_stated_number_whatever_its_qualifier() -> None:
    from parallax.stories.features import article_numbers

    reports = [
        "About 40 people were hurt when the Tarsk bridge gave way.",
        "Exactly 40 people were hurt when the Tarsk bridge gave way.",
    ]
    articles = [Article(source=f"report-{i}", paragraphs=[text]) for i, text in enumerate(reports)]
    numbers = [article_numbers(analysis) for analysis in analyze_many(articles)]
    assert numbers[0] == numbers[1] == frozenset({"40"})
