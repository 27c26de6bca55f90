"""The extraction evaluation: the benchmark metric, the quality gate, the output formats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.eval.extraction import evaluate
from parallax.eval.metrics import Counts, macro_scores, micro_scores, shingle_counts, shingles

# On these first 20 pages (sorted ids) Parallax measured F1 0.987 and bare trafilatura
# 0.954 (2 cores, trafilatura 2.3); the floor leaves room for library updates.
SUBSET_PAGES = 20
PARALLAX_F1_FLOOR = 0.97
# Parallax must not fall behind trafilatura on the same pages by more than noise.
TRAFILATURA_MARGIN = 0.005


@pytest.fixture(scope="module")
def subset_run(datasets: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    predictions = tmp_path_factory.mktemp("extraction") / "predictions.json"
    result = evaluate(datasets / "scrapinghub", predictions=predictions, limit=SUBSET_PAGES)
    return result, predictions


def test_result_shape(subset_run):
    result, _ = subset_run
    assert set(result) == {"task", "pages", "parallax", "trafilatura"}
    assert result["task"] == "extraction"
    assert result["pages"] == SUBSET_PAGES
    for name in ("parallax", "trafilatura"):
        assert set(result[name]) == {"precision", "recall", "f1"}
        assert all(isinstance(value, float) and round(value, 4) == value for value in result[name].values())


def test_parallax_meets_its_floor(subset_run):
    result, _ = subset_run
    assert result["parallax"]["f1"] >= PARALLAX_F1_FLOOR


def test_parallax_is_at_least_as_good_as_trafilatura(subset_run):
    result, _ = subset_run
    assert result["parallax"]["f1"] >= result["trafilatura"]["f1"] - TRAFILATURA_MARGIN


def test_predictions_file_uses_the_benchmark_format(subset_run, datasets: Path):
    _, predictions = subset_run
    written = json.loads(predictions.read_text(encoding="utf-8"))
    truth = json.loads((datasets / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    assert len(written) == SUBSET_PAGES
    assert set(written) <= set(truth)
    assert all(set(entry) == {"articleBody"} and isinstance(entry["articleBody"], str) for entry in written.values())
    assert sum(1 for entry in written.values() if entry["articleBody"].strip()) == SUBSET_PAGES


def _write_benchmark(folder: Path, pages: dict[str, tuple[str, str]]) -> Path:
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id, (html, body) in pages.items():
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "wt", encoding="utf-8") as handle:
            handle.write(html)
        truth[page_id] = {"articleBody": body, "url": f"https://paper.example/{page_id}"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_tiny_benchmark_scores_a_perfect_page(tmp_path):
    body = (
        "The ferry to Tallow Island resumed on Monday after a week of gales kept it in port. "
        "Islanders had relied on a fishing boat for bread and post while the ferry was idle. "
        "The operator said a second vessel would join the route before the summer season."
    )
    html = f"<html><head><title>Ferry returns</title></head><body><article><p>{body}</p></article></body></html>"
    folder = _write_benchmark(tmp_path / "bench", {"page1": (html, body)})
    result = evaluate(folder)
    assert result["pages"] == 1
    assert result["parallax"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


@pytest.mark.parametrize("layout", ["missing", "no-truth", "no-pages"])
def test_bad_layout_raises_input_error_naming_the_directory(tmp_path, layout):
    folder = tmp_path / "bench"
    if layout != "missing":
        folder.mkdir()
    if layout == "no-pages":
        (folder / "ground-truth.json").write_text("{}", encoding="utf-8")
        (folder / "html").mkdir()
    with pytest.raises(InputError) as error:
        evaluate(folder)
    assert error.value.source == str(folder)


# --- the benchmark's metric -------------------------------------------------------------


def test_shingles_are_four_token_multisets():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    assert shingles("too short") == {("too", "short"): 1}
    assert shingles("") == {}


def test_shingle_counts_are_normalised_per_page():
    counts = shingle_counts("one two three four five", "one two three four six")
    assert counts == Counts(tp=1 / 3, fp=1 / 3, fn=1 / 3)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ([Counts(1.0, 0.0, 0.0)], (1.0, 1.0, 1.0)),
        # An empty prediction has no precision (left out) but zero recall.
        ([Counts(1.0, 0.0, 0.0), Counts(0.0, 0.0, 1.0)], (1.0, 0.5, 2 / 3)),
        ([Counts(0.5, 0.5, 0.0), Counts(0.5, 0.0, 0.5)], (0.75, 0.75, 0.75)),
    ],
)
def test_macro_scores(pages, expected):
    scores = macro_scores(pages)
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx(expected)


def test_micro_scores_pool_counts():
    scores = micro_scores([Counts(3, 1, 0), Counts(1, 0, 3)])
    assert (scores.precision, scores.recall) == pytest.approx((0.8, 4 / 7))
    assert scores.as_dict()["f1"] == round(2 * 0.8 * (4 / 7) / (0.8 + 4 / 7), 4)
