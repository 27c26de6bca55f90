"""Numbers as attributed intervals: qualifiers, word numbers, non-counts, attribution.

Every sentence here is invented for the test (fictional places and people).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.analyze.nlp import load_nlp
from parallax.analyze.quantities import approximation_margin, find_quantities
from parallax.model import Quantity, Quote

INF = None  # an interval unbounded above


def quantities_of(text: str, quotes: tuple[Quote, ...] = ()) -> list[Quantity]:
    return find_quantities(load_nlp()(text), quotes)


def only_quantity(text: str) -> Quantity:
    found = quantities_of(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


# (sentence, low, high, low_inclusive, high_inclusive, qualifier, counted substring)
INTERVALS = [
    ("The council hired 438 new teachers last year.", 438, 438, True, True, None, "teachers"),
    ("At least 300 volunteers joined the cleanup.", 300, INF, True, True, "At least", "volunteers"),
    ("No fewer than 15 swans nested by the pond.", 15, INF, True, True, "No fewer than", "swans"),
    ("40 or more farmers signed up for the fair.", 40, INF, True, True, "or more", "farmers"),
    ("More than 400 farmers marched to the capital.", 400, INF, False, True, "More than", "farmers"),
    ("Over 120 boats left the harbour.", 120, INF, False, True, "Over", "boats"),
    ("Up to 50 riders can board the ferry.", 0, 50, True, True, "Up to", "riders"),
    ("As many as 60 stalls opened at dawn.", 0, 60, True, True, "As many as", "stalls"),
    ("Fewer than 30 guests attended the gala.", 0, 30, True, False, "Fewer than", "guests"),
    ("Under 20 students passed the exam.", 0, 20, True, False, "Under", "students"),
    ("Less than 10 bakeries remain open.", 0, 10, True, False, "Less than", "bakeries"),
    ("Nearly 300 voters queued outside the hall.", 250, 300, True, False, "Nearly", "voters"),
    ("Almost 12 trains were cancelled.", 10.8, 12, True, False, "Almost", "trains"),
    ("About 50 cars were towed.", 45, 55, True, True, "About", "cars"),
    ("Around 20 dogs were rescued.", 15, 25, True, True, "Around", "dogs"),
    ("Some 300 miners were evacuated.", 250, 350, True, True, "Some", "miners"),
    ("Approximately 1,200 runners finished the race.", 1080, 1320, True, True, "Approximately", "runners"),
    ("Roughly 80 sheep escaped from the farm.", 72, 88, True, True, "Roughly", "sheep"),
    ("Twelve fishermen were rescued.", 12, 12, True, True, None, "fishermen"),
    ("Twenty-five hikers were stranded.", 25, 25, True, True, None, "hikers"),
    ("Two dozen protesters gathered outside.", 24, 24, True, True, None, "protesters"),
    ("A dozen lanterns lit the square.", 12, 12, True, True, None, "lanterns"),
    ("One hundred and twenty pupils sang.", 120, 120, True, True, None, "pupils"),
    ("1.5 million viewers watched the final.", 1_500_000, 1_500_000, True, True, None, "viewers"),
    ("Hundreds of residents signed the petition.", 200, 1000, True, False, None, "residents"),
    ("Dozens of ducks crossed the road.", 24, 120, True, False, None, "ducks"),
    ("Tens of thousands of fans filled the stadium.", 20_000, 100_000, True, False, None, "fans"),
    ("Between 300 and 400 workers went on strike.", 300, 400, True, True, "Between", "workers"),
    ("The mill employs 300-400 seasonal workers.", 300, 400, True, True, None, "workers"),
    ("Five to ten volunteers are needed.", 5, 10, True, True, None, "volunteers"),
    ("Half of the crew fell ill.", 45, 55, True, True, None, "percent of crew"),
    ("Several hundred residents fled the valley.", 200, 1000, True, False, None, "residents"),
    ("A few thousand pilgrims reached the shrine.", 2000, 10_000, True, False, None, "pilgrims"),
    ("The quarry lost 3-4 million visitors.", 3_000_000, 4_000_000, True, True, None, "visitors"),
]


@pytest.mark.parametrize(("text", "low", "high", "low_inclusive", "high_inclusive", "qualifier", "counted"), INTERVALS)
def test_counts_read_as_intervals(
    text: str,
    low: float,
    high: float | None,
    low_inclusive: bool,
    high_inclusive: bool,
    qualifier: str | None,
    counted: str,
) -> None:
    quantity = only_quantity(text)
    assert quantity.low == pytest.approx(low)
    assert quantity.high == (None if high is None else pytest.approx(high))
    assert (quantity.low_inclusive, quantity.high_inclusive) == (low_inclusive, high_inclusive)
    assert quantity.qualifier == qualifier
    assert counted in (quantity.counted or "")
    assert text[quantity.start : quantity.end] == quantity.text
    if qualifier is not None:
        assert qualifier in quantity.text


def test_fraction_of_a_counted_group_is_a_share() -> None:
    found = quantities_of("A third of the 90 members voted.")
    assert [(q.text, q.low, q.high) for q in found] == [("A third", 30, 36.67), ("90", 90, 90)]
    assert [q.counted for q in found] == ["percent of members", "members"]


@pytest.mark.parametrize(
    ("value", "margin"),
    [(300, 50), (438, 43.8), (12, 1.2), (1, 0.5), (2_500, 250), (1_500_000, 150_000)],
)
def test_approximation_margin_covers_rounding_and_ten_percent(value: float, margin: float) -> None:
    assert approximation_margin(value) == pytest.approx(margin)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge opened on May 3, 2014.",
        "In 1998 the mill closed.",
        "The 21-year-old driver was fined.",
        "Maria Lopez, 46, runs the bakery.",
        "The meeting starts at 10:30 a.m.",
        "The shop is at 123 Main St. in Elmsford.",
        "Call 555-867-5309 for tickets.",
        "She finished third in the race at the 3rd annual fair.",
        "He served 12 years in prison.",
        "Take Route 66 to exit 12 and dial 911.",
        "The one who left was no one special.",
        "The Orsk side won the final 2-1 on Saturday.",
        "The 2019-20 season ended early.",
        "The desk line is +44 20 7946 0000.",
        "Fans from the 90210 area code took the No. 7 bus.",
        "Pupils aged 11 to 14 and a 3-year-old boy were evacuated.",
        "The ferry leaves at 14:30 and returns at 6pm.",
    ],
)
def test_dates_ages_times_addresses_phones_ordinals_scores_are_not_counts(text: str) -> None:
    assert quantities_of(text) == []


def test_a_count_the_model_tags_as_a_date_is_kept() -> None:
    quantity = only_quantity("Forty ships were damaged, the coast guard said.")
    assert (quantity.low, quantity.counted, quantity.time) == (40, "ships", None)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The ministry says at least 200 villagers were evacuated.", "The ministry"),
        ("Forty ships were damaged, the coast guard said.", "the coast guard"),
        ("According to the mayor, 75 homes lost power.", "the mayor"),
        ("Thirty trees fell in the park.", None),
    ],
)
def test_attribution_to_the_reporting_source(text: str, source: str | None) -> None:
    assert only_quantity(text).attributed_to == source


def test_attribution_to_the_speaker_of_an_enclosing_quote() -> None:
    text = '"The storm was fierce. We counted 80 tents in the field. It was cold," said Anna Berg.'
    end = text.index(',"')
    quote = Quote(speaker="Anna Berg", text=text[1:end], kind="direct", start=1, end=end, cue="said")
    (quantity,) = quantities_of(text, (quote,))
    assert (quantity.low, quantity.attributed_to) == (80, "Anna Berg")


def test_event_and_time_of_a_count() -> None:
    quantity = only_quantity("Eleven climbers were rescued by helicopter on Tuesday.")
    assert quantity.counted == "climbers"
    assert quantity.event is not None and "rescued" in quantity.event
    assert quantity.time == "on Tuesday"


def test_apposition_keeps_its_own_counted_noun() -> None:
    quantity = only_quantity("Officials say the town of Elmsford - home to 12,000 people - lost power overnight.")
    assert (quantity.low, quantity.counted) == (12_000, "people")
    assert quantity.attributed_to == "Officials"


def test_sentence_index_is_position_in_doc_sents() -> None:
    doc = load_nlp()("The lake froze. Nine skaters arrived on Sunday.")
    (quantity,) = find_quantities(doc)
    assert list(doc.sents)[quantity.sentence].text.startswith("Nine skaters")


# --- the founding example --------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quantities(seeds: list[Path]) -> list[Quantity]:
    found: list[Quantity] = []
    for path in seeds:
        with open(path, encoding="utf-8") as handle:
            found += find_quantities(load_nlp()(handle.read()))
    return found


def test_seed_at_least_300_is_attributed_to_ukraine(seed_quantities: list[Quantity]) -> None:
    (quantity,) = [q for q in seed_quantities if q.low == 300 and q.low_inclusive and q.high is None]
    assert "least" in (quantity.qualifier or "").lower()
    assert quantity.attributed_to is not None and "Ukraine" in quantity.attributed_to


def test_seed_more_than_400_is_open_above(seed_quantities: list[Quantity]) -> None:
    above_400 = [q for q in seed_quantities if q.low == 400]
    assert above_400
    assert all(not q.low_inclusive and q.high is None for q in above_400)


def test_seed_438_is_exact_and_credited_to_russian_border_officials(seed_quantities: list[Quantity]) -> None:
    exact = [q for q in seed_quantities if q.low == q.high == 438]
    assert len(exact) >= 3  # both articles give it
    sources = [q.attributed_to or "" for q in exact]
    assert any("security service" in s or "Mala" in s for s in sources), sources


def test_seed_180_taken_back_by_bus(seed_quantities: list[Quantity]) -> None:
    (quantity,) = [q for q in seed_quantities if q.low == 180]
    assert quantity.event is not None and "bus" in quantity.event


def test_seed_164_border_service_employees(seed_quantities: list[Quantity]) -> None:
    (quantity,) = [q for q in seed_quantities if q.low == 164]
    assert quantity.counted is not None and "employees" in quantity.counted


def test_seed_no_year_date_or_list_marker_is_a_count(seed_quantities: list[Quantity]) -> None:
    surfaces = {q.text for q in seed_quantities}
    assert not surfaces & {"2014", "5", "04", "17", "1", "2", "3"}
    assert all(q.low is None or not 1900 <= q.low <= 2100 for q in seed_quantities)
