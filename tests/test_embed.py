"""Sentence embeddings: ONNX graph vs numpy reference, caching, plug-in embedders.

All sentences here are invented for these tests (fictional places and events).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import parallax.embed as embed_package
from parallax.embed import (
    CachedEmbedder,
    Embedder,
    NumpyEmbedder,
    OnnxEmbedder,
    VectorStore,
    cosine_matrix,
    default_embedder,
    normalize_rows,
)
from parallax.embed import onnx_graph
from parallax.embed.minilm import locate_model
from parallax.embed.quality import agreement, sample_sentences
from parallax.embed.reference import gelu

SENTENCES = [
    "The ferry to Marrow Island was cancelled after the storm damaged the pier.",
    "Officials in Tarnby said 212 residents were moved to the sports hall overnight.",
    "A spokeswoman for the water board denied that the reservoir had been contaminated.",
    "Copyright 2031 Harbour Gazette. All rights reserved.",
    "Mayor Ilse Brandvold thanked volunteers.",
    "Share this article",
]
PARAPHRASE = (
    "Heavy rain flooded the main road into Kellsport on Monday morning.",
    "On Monday morning the main route into Kellsport was under water after a downpour.",
)
UNRELATED = "The orchestra will perform three new symphonies at the autumn festival."


@pytest.fixture(scope="module")
def graph_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parallax-cache")


@pytest.fixture(scope="module")
def onnx_fp32(graph_cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder("fp32", cache_directory=graph_cache)


@pytest.fixture(scope="module")
def onnx_int8(graph_cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder("int8", cache_directory=graph_cache)


@pytest.fixture(scope="module")
def reference() -> NumpyEmbedder:
    return NumpyEmbedder()


@pytest.fixture(scope="module")
def reference_vectors(reference: NumpyEmbedder) -> np.ndarray:
    return reference.embed(SENTENCES)


class CountingEmbedder:
    """A plug-in embedder (bag of letters), counting how many texts it was asked for."""

    name = "letters"
    dim = 26

    def __init__(self) -> None:
        self.texts_embedded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts_embedded += len(texts)
        counts = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for letter in text.lower():
                if "a" <= letter <= "z":
                    counts[row, ord(letter) - ord("a")] += 1
        return normalize_rows(counts)


# --- agreement with the numpy reference -------------------------------------------------


def test_fp32_graph_matches_numpy_reference(onnx_fp32: OnnxEmbedder, reference_vectors: np.ndarray) -> None:
    cosines = np.einsum("ij,ij->i", onnx_fp32.embed(SENTENCES), reference_vectors)
    assert cosines.min() >= 0.999


def test_int8_graph_stays_close_to_numpy_reference(onnx_int8: OnnxEmbedder, reference_vectors: np.ndarray) -> None:
    vectors = onnx_int8.embed(SENTENCES)
    cosines = np.einsum("ij,ij->i", vectors, reference_vectors)
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.98


def test_truncates_long_text_like_the_reference(onnx_fp32: OnnxEmbedder, reference: NumpyEmbedder) -> None:
    long_text = " ".join(["The council of Vendel debated the new tram line for hours."] * 60)
    fast, slow = onnx_fp32.embed([long_text]), reference.embed([long_text])
    assert float(fast[0] @ slow[0]) >= 0.999


def test_reference_gelu_uses_exact_erf() -> None:
    grid = np.linspace(-6.0, 6.0, 2001, dtype=np.float32)
    exact = np.array([0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0))) for x in grid.tolist()])
    np.testing.assert_allclose(gelu(grid), exact, atol=1e-6)


# --- properties of the vectors ----------------------------------------------------------


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_vectors_are_unit_length_float32_rows(precision: str, request: pytest.FixtureRequest) -> None:
    embedder: OnnxEmbedder = request.getfixturevalue(f"onnx_{precision}")
    vectors = embedder.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), embedder.dim) == (len(SENTENCES), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix(onnx_int8: OnnxEmbedder) -> None:
    assert onnx_int8.embed([]).shape == (0, 384)


def test_padding_does_not_change_a_vector(onnx_fp32: OnnxEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A short sentence batched with long ones (so padded) equals the sentence alone."""
    monkeypatch.setattr(onnx_fp32, "batch_size", 64)
    alone = onnx_fp32.embed([SENTENCES[4]])[0]
    batched = onnx_fp32.embed(SENTENCES)[4]
    assert float(alone @ batched) >= 0.99999


def test_int8_vector_does_not_depend_on_batch_mates(onnx_int8: OnnxEmbedder) -> None:
    """Per-token activation scales: no cross-talk between sentences of one batch."""
    alone = onnx_int8.embed([SENTENCES[0]])[0]
    batched = onnx_int8.embed(SENTENCES)[0]
    assert float(alone @ batched) >= 0.9999


def test_paraphrase_scores_higher_than_unrelated_sentence(onnx_int8: OnnxEmbedder) -> None:
    first, second, other = onnx_int8.embed([*PARAPHRASE, UNRELATED])
    # Measured: paraphrase 0.64 (numpy 0.66), unrelated 0.03.
    assert float(first @ second) > 0.5
    assert float(first @ second) > max(float(first @ other), float(second @ other)) + 0.4


# --- graph cache --------------------------------------------------------------------------


def test_second_construction_reuses_cached_graph(
    onnx_int8: OnnxEmbedder, graph_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rebuild(*args: object) -> None:
        raise AssertionError("graph was rebuilt although it is cached")

    monkeypatch.setattr(onnx_graph, "build_graph", no_rebuild)
    again = OnnxEmbedder("int8", cache_directory=graph_cache)
    assert again.graph_path == onnx_int8.graph_path
    assert [path.name for path in graph_cache.iterdir() if not path.name.endswith(".onnx")] == []


def test_graph_file_is_keyed_by_weights_and_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    files = locate_model()
    current = onnx_graph.graph_path(files, "fp32", tmp_path)
    monkeypatch.setattr(onnx_graph, "GRAPH_VERSION", onnx_graph.GRAPH_VERSION + 1)
    assert onnx_graph.graph_path(files, "fp32", tmp_path) != current
    assert onnx_graph.file_digest(files.weights)[:16] in current.name


def test_failed_build_leaves_no_partial_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken_build(*args: object) -> None:
        raise RuntimeError("simulated crash while building")

    monkeypatch.setattr(onnx_graph, "build_graph", broken_build)
    with pytest.raises(RuntimeError, match="simulated crash"):
        onnx_graph.ensure_graph(locate_model(), "fp32", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_new_graph_replaces_older_versions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from onnx import helper

    files = locate_model()
    stale = onnx_graph.graph_path(files, "int8", tmp_path, onnx_graph.GRAPH_VERSION - 1)
    other_precision = onnx_graph.graph_path(files, "fp32", tmp_path, onnx_graph.GRAPH_VERSION - 1)
    stale.write_bytes(b"old graph")
    other_precision.write_bytes(b"old graph")
    tiny = helper.make_model(helper.make_graph([], "empty", [], []))
    monkeypatch.setattr(onnx_graph, "build_graph", lambda *args: tiny)
    built = onnx_graph.ensure_graph(files, "int8", tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([built.name, other_precision.name])


# --- vector cache ---------------------------------------------------------------------------


def test_cache_embeds_each_distinct_text_once() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    first = cached.embed(["alpha beta", "gamma", "alpha beta"])
    second = cached.embed(["gamma", "alpha beta"])
    assert inner.texts_embedded == 2
    np.testing.assert_array_equal(first[[1, 0]], second)
    assert cached.stats.computed == 2 and cached.stats.memory_hits == 2


def test_cache_evicts_least_recently_used() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, max_entries=2)
    cached.embed(["one"])
    cached.embed(["two"])
    cached.embed(["one"])  # "one" is now the most recent, so "two" goes next
    cached.embed(["three"])
    cached.embed(["one"])
    assert inner.texts_embedded == 3
    cached.embed(["two"])
    assert inner.texts_embedded == 4


def test_vector_store_survives_a_new_process(tmp_path: Path) -> None:
    store_path = tmp_path / "vectors.sqlite3"
    first_inner = CountingEmbedder()
    expected = CachedEmbedder(first_inner, store=VectorStore(store_path)).embed(["north pier", "south gate"])
    second_inner = CountingEmbedder()
    restarted = CachedEmbedder(second_inner, store=VectorStore(store_path))
    np.testing.assert_array_equal(restarted.embed(["south gate", "north pier"]), expected[[1, 0]])
    assert second_inner.texts_embedded == 0 and restarted.stats.store_hits == 2


def test_cached_onnx_embedder_returns_the_same_vectors(onnx_int8: OnnxEmbedder) -> None:
    cached = CachedEmbedder(onnx_int8)
    np.testing.assert_allclose(cached.embed(SENTENCES), onnx_int8.embed(SENTENCES), atol=1e-6)
    assert cached.name == onnx_int8.name and cached.dim == onnx_int8.dim


# --- plug-in interface and helpers ----------------------------------------------------------


def test_custom_embedder_plugs_in() -> None:
    custom = CountingEmbedder()
    assert isinstance(custom, Embedder)
    vectors = CachedEmbedder(custom).embed(["abc", "cba", "xyz"])
    similarities = cosine_matrix(vectors, vectors)
    assert similarities[0, 1] == pytest.approx(1.0)
    assert similarities[0, 2] == pytest.approx(0.0)


def test_backends_satisfy_the_protocol(onnx_int8: OnnxEmbedder, reference: NumpyEmbedder) -> None:
    assert isinstance(onnx_int8, Embedder) and isinstance(reference, Embedder)
    assert onnx_int8.name != reference.name


def test_cosine_matrix_normalises_and_checks_dimensions() -> None:
    a = np.array([[3.0, 0.0], [0.0, 2.0]])
    b = np.array([[1.0, 1.0]])
    np.testing.assert_allclose(cosine_matrix(a, b), [[2**-0.5], [2**-0.5]], rtol=1e-6)
    with pytest.raises(ValueError, match="2-d vectors with 3-d"):
        cosine_matrix(a, np.ones((1, 3)))


def test_default_embedder_is_built_once(graph_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARALLAX_CACHE_DIR", str(graph_cache))
    monkeypatch.setattr(embed_package, "_default", None)
    first, second = default_embedder(), default_embedder()
    assert first is second
    assert isinstance(first, CachedEmbedder) and first.name.endswith("onnx-int8")
    assert first.embed(["A quiet day in Lunsford."]).shape == (1, 384)


# --- quality gate -----------------------------------------------------------------------------


def test_agreement_of_identical_vectors_is_perfect() -> None:
    vectors = CountingEmbedder().embed(["harbour", "station", "library", "bakery"])
    result = agreement(vectors, vectors)
    assert result.mean_cosine == pytest.approx(1.0) and result.acceptable
    assert not agreement(vectors[::-1].copy(), vectors).acceptable


def test_sample_sentences_spreads_over_documents() -> None:
    documents = [
        "First claim about Ostmark is here. Second claim about Ostmark is here. Third one is here too.",
        "Another report about Velby follows. It has one more sentence about Velby.",
    ]
    sample = sample_sentences(documents, limit=3, per_document=2, min_chars=10)
    assert sample == [
        "First claim about Ostmark is here.",
        "Third one is here too.",
        "Another report about Velby follows.",
    ]


@pytest.mark.shared
def test_int8_passes_quality_gate_on_real_sentences(
    datasets: Path, onnx_int8: OnnxEmbedder, onnx_fp32: OnnxEmbedder
) -> None:
    """Measured on 400 gva_longtail sentences: mean cosine 0.996, Spearman 0.997, regret 0.028."""
    with (datasets / "gva_longtail" / "gva_documents.jsonl").open(encoding="utf-8") as handle:
        documents = [json.loads(line)["content"] for line in handle]
    sentences = sample_sentences(documents, limit=150)
    result = agreement(onnx_int8.embed(sentences), onnx_fp32.embed(sentences))
    assert result.sentences == 150
    assert result.mean_cosine >= 0.993
    assert result.spearman >= 0.993
    assert result.acceptable
