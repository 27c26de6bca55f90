"""The second tier's learned scorer: features, probabilities, the shipped weights."""

from __future__ import annotations

import json

import pytest

from parallax.analyze.nlp import load_nlp
from parallax.analyze.stance_model import (
    BOUNDARY_MODEL_PATH,
    KEEP_ENDS,
    MODEL_PATH,
    StanceModel,
    boundary_features,
    candidate_features,
    load_boundary_model,
    load_stance_model,
)


def test_features_name_cue_complement_holder_and_content() -> None:
    doc = load_nlp()("Harbor workers fear that the new cranes will not arrive.")
    fear, holder = doc[2], doc[1]
    features = candidate_features(fear, "verb", "fear", "clause", holder, doc[3:11])
    assert "pair=verb fear clause" in features
    assert "holder=plural-noun" in features
    assert "holder-word=worker" in features
    assert "content-first=that clause" in features
    assert "negated" not in features


def test_names_never_become_features() -> None:
    doc = load_nlp()("Senator Ana Ruiz backed Marta Kell.")
    backed = next(t for t in doc if t.lower_ == "backed")
    holder = next(t for t in doc if t.text == "Ruiz")
    features = candidate_features(backed, "verb", "back", "object", holder, doc[4:6])
    assert not any("ruiz" in f.lower() or "kell" in f.lower() for f in features)


def test_probability_is_a_logistic_of_the_summed_weights() -> None:
    model = StanceModel(weights={"a": 2.0, "b": -1.0}, bias=-1.0, threshold=0.4)
    assert model.probability([]) == pytest.approx(1 / (1 + 2.718281828**1))
    assert model.probability(["a", "b", "unknown"]) == pytest.approx(0.5)
    assert StanceModel.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_shipped_model_loads_with_its_threshold_and_verbs() -> None:
    model = load_stance_model()
    assert 0.0 < model.threshold < 1.0
    assert {"hope", "believe", "want"} <= model.verb_lemmas
    assert MODEL_PATH.stat().st_size < 2_000_000
    belief = ["pair=verb believe clause", "lemma=verb believe", "complement=verb clause", "content-first=that clause"]
    action = ["pair=verb drive to", "lemma=verb drive", "complement=verb to", "size-complement=1 to"]
    assert model.probability(belief) > model.threshold > model.probability(action)


def test_boundary_features_name_what_sets_the_rest_off() -> None:
    doc = load_nlp()("Lina Osk said the ferry will resume in May, which surprised Marta Kell.")
    which = next(t for t in doc if t.lower_ == "which")
    content, rest = doc[3:15], doc[which.i : 15]
    features = boundary_features(content, rest, "indirect quote", 0, reports=False)
    assert {"mark=,", "word=which", "mark-word=, which", "order=0", "tier=indirect quote"} <= set(features)
    assert "rest-verb=, relcl" in features and "rest-reports=, relcl" not in features
    assert not any("kell" in f.lower() for f in features)


def test_boundary_features_of_a_later_end_are_named_apart() -> None:
    doc = load_nlp()("Lina Osk backed the ferry plan, which surprised the dock workers.")
    plan = next(t for t in doc if t.lower_ == "plan")
    content, added = doc[3 : plan.i + 1], doc[plan.i + 2 : len(doc) - 1]
    features = boundary_features(content, added, "indirect object", 0, reports=False)
    assert "extend mark-word=, which" in features and "extend rest-to-sentence-end=," in features
    assert all(f.startswith("extend ") for f in features)


def test_shipped_boundary_model_loads_and_keep_ends_never_cuts() -> None:
    model = load_boundary_model()
    assert 0.0 < model.threshold < 1.0 and model.weights
    assert BOUNDARY_MODEL_PATH.stat().st_size < 500_000
    assert KEEP_ENDS.probability(["anything"]) < KEEP_ENDS.threshold
