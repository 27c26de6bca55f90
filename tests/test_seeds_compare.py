"""`parallax compare` on the two seed reports: the findings the design notes list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def comparison(seeds: list[Path]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "parallax", "compare", *map(str, seeds), "--format", "json"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def ids(comparison: dict) -> dict[str, str]:
    return {article["outlet"]: article["id"] for article in comparison["articles"]}


def _claims(quantity: dict) -> set[tuple[str, str]]:
    return {(claim["article"], claim["text"].lower()) for claim in quantity["claims"]}


def test_shared_number_agrees(comparison: dict, ids: dict[str, str]) -> None:
    agree = [q for q in comparison["quantities"] if q["verdict"] == "agree"]
    assert any({a for a, text in _claims(q) if text == "438"} == set(ids.values()) for q in agree)


def test_qualified_numbers_are_compatible_not_conflicting(comparison: dict, ids: dict[str, str]) -> None:
    compatible = [q for q in comparison["quantities"] if q["verdict"] == "compatible"]
    target = next(q for q in compatible if (ids["DW"], "at least 300") in _claims(q))
    assert (ids["Global Research"], "more than 400") in _claims(target)
    claim = next(c for c in target["claims"] if c["text"].lower() == "at least 300")
    assert (claim["low"], claim["high"], claim["low_inclusive"]) == (300, None, True)
    assert claim["attributed_to"] and "Ukraine" in claim["attributed_to"]
    assert not any(q["verdict"] == "conflict" and (ids["DW"], "at least 300") in _claims(q) for q in comparison["quantities"])


def test_each_articles_own_facts_are_unique(comparison: dict, ids: dict[str, str]) -> None:
    unique = [f for f in comparison["facts"] if f["verdict"] == "unique"]
    assert any(f["mentions"][0]["article"] == ids["DW"] and "180" in f["mentions"][0]["text"] for f in unique)
    assert any(f["mentions"][0]["article"] == ids["Global Research"] and "164" in f["mentions"][0]["text"] for f in unique)
    numbers = {q["claims"][0]["text"]: q["verdict"] for q in comparison["quantities"] if len(q["claims"]) == 1}
    assert numbers.get("180") == numbers.get("164") == "unique"


def test_name_spelled_two_ways_is_one_entity(comparison: dict, ids: dict[str, str]) -> None:
    person = next(e for e in comparison["entities"] if any("Malayev" in s for s in sum(e["aliases"].values(), [])))
    assert set(person["aliases"]) == set(ids.values())
    assert any("Malaeyev" in s for s in person["aliases"][ids["Global Research"]])


def test_agency_named_by_acronym_and_description(comparison: dict, ids: dict[str, str]) -> None:
    agency = next(e for e in comparison["entities"] if "FSB" in sum(e["aliases"].values(), []))
    assert any("security service" in s.lower() for s in agency["aliases"][ids["DW"]])


def test_loaded_words_in_wording(comparison: dict, ids: dict[str, str]) -> None:
    loaded = {w["concept"]: w for w in comparison["wording"] if w["kind"] == "loaded"}
    assert list(loaded["so-called"]["labels"]) == [ids["Global Research"]]


def test_voices(comparison: dict, ids: dict[str, str]) -> None:
    dw = {s["name"] for s in comparison["voices"][ids["DW"]]["speakers"]}
    assert {"Andriy Lysenko", "Vasily Malayev", "Sergei Lavrov"} <= dw
    gr = {s["name"] for s in comparison["voices"][ids["Global Research"]]["speakers"]}
    assert "Vasily Malaeyev" in gr
    assert {"AFP", "dpa", "Reuters"} <= set(comparison["voices"][ids["DW"]]["agencies"])


def test_every_mention_points_at_its_sentence(comparison: dict) -> None:
    texts = {article["id"]: article["text"] for article in comparison["articles"]}
    for fact in comparison["facts"]:
        for mention in fact["mentions"]:
            assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
