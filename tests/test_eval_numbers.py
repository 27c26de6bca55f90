"""Killed/injured figures read from articles, and the GVA long-tail evaluation.

The unit articles are invented (fictional town of Fairview); the real-data test reads a
pinned subset of ../shared/datasets/gva_longtail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.analyze.nlp import load_nlp
from parallax.analyze.quantities import find_quantities
from parallax.eval.numbers import CasualtyFigures, casualty_figures, evaluate


def figures(text: str) -> CasualtyFigures:
    doc = load_nlp()(text)
    return casualty_figures(doc, find_quantities(doc))


def test_counts_stated_twice_are_stated() -> None:
    result = figures(
        "Two people were killed and three were injured in a shooting at a Fairview park.\n\n"
        "Police said two people were killed and three people were injured on Saturday."
    )
    assert (result.killed, result.injured) == (2, 3)
    assert (result.killed_source, result.injured_source) == ("stated", "stated")


def test_a_lone_count_is_not_enough() -> None:
    result = figures("Two people were killed in a shooting at a Fairview park on Saturday.")
    assert (result.killed, result.injured) == (None, None)


def test_contradicting_counts_are_not_stated() -> None:
    result = figures(
        "Three people were killed in a shooting at a Fairview bar.\n\n"
        "Police said three people were killed.\n\nThe mayor said four people were killed."
    )
    assert result.killed is None


def test_one_victim_without_a_number() -> None:
    result = figures("A man was shot and killed outside a Fairview diner on Friday night.")
    assert (result.killed, result.killed_source) == (1, "one person")


def test_a_second_victim_leaves_the_count_open() -> None:
    result = figures("A man was killed on Elm Street in Fairview.\n\nAnother man died in hospital.")
    assert result.killed is None


def test_injured_as_everyone_shot_minus_the_killed() -> None:
    result = figures(
        "Four people were shot at a Fairview bar late Friday.\n\n"
        "Police said four people were shot after an argument. A man was killed."
    )
    assert (result.killed, result.injured) == (1, 3)
    assert result.injured_source == "shot minus killed"


def test_singular_people_coordinated_with_a_count_add_up() -> None:
    result = figures(
        "A woman and her two sons were found dead in a Fairview home.\n\n"
        "Deputies said a woman and her two sons were found dead on Sunday."
    )
    assert result.killed == 3


def test_tallies_over_several_shootings_are_not_this_incident() -> None:
    result = figures(
        "Ten people were killed in separate shootings across Fairview.\n\n"
        "Ten people were killed in separate shootings over the weekend."
    )
    assert result.killed is None


def test_subgroups_and_things_are_not_totals() -> None:
    result = figures(
        "Officers found 12 shell casings near the Fairview market.\n\n"
        "Officers found 12 shell casings and one of the victims was killed."
    )
    assert (result.killed, result.injured) == (None, None)


# A pinned subset: the first articles in (incident id, document id) order. Measured at
# this size: coverage 0.233, accuracy 0.909 (see docs/quality.md for the whole folder).
PINNED_ARTICLES = 120


@pytest.mark.shared
def test_gva_longtail_quality_floor(datasets: Path) -> None:
    report = evaluate(datasets / "gva_longtail", limit=PINNED_ARTICLES)
    assert report["task"] == "numbers"
    assert report["articles"] == PINNED_ARTICLES
    assert report["coverage"] >= 0.20
    assert report["accuracy"] >= 0.85
