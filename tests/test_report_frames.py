"""Notebook tables: one row per fact mention, number claim and quote."""

from __future__ import annotations

import sys

import pytest

from parallax.report import to_frames
from parallax.report.synthetic import synthetic_story


def test_frames_have_one_row_per_mention_claim_and_quote() -> None:
    story = synthetic_story(3)
    frames = to_frames(story)
    assert set(frames) == {"facts", "quantities", "quotes"}
    facts = frames["facts"]
    assert len(facts) == sum(len(fact.mentions) for fact in story.facts)
    conflicts = facts[facts["verdict"] == "conflict"]
    assert set(conflicts["outlet"]) == {"Calder Bay Herald", "Free Coast Voice", "Northern Ledger"}
    quantities = frames["quantities"]
    deaths = quantities[quantities["counted"] == "people killed"]
    assert list(deaths["low"]) == [3, 5, 3] and deaths["high"].isna().tolist() == [False, True, False]
    assert list(frames["quotes"]["speaker"]) == [quote.speaker for quote in story.quotes]


def test_empty_comparison_gives_empty_frames_with_columns() -> None:
    from parallax.model import Comparison

    frames = to_frames(Comparison())
    assert all(frame.empty for frame in frames.values())
    assert "verdict" in frames["facts"].columns and "attributed_to" in frames["quantities"].columns


def test_missing_pandas_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"needs pandas: pip install 'parallax\[notebook\]'"):
        to_frames(synthetic_story(2))
