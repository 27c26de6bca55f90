"""A learned scorer for second-tier attribution candidates (stances, beliefs, plans).

``find_attributions`` proposes every complement of every verb, noun and predicate
adjective outside quotes as a candidate ("X backs [the bill]", "his plan [to ...]"). Whether
such a complement is an attribution depends on the cue word and on its context: who
holds it (a person, a party, "it"), the complement type, the cue's tense and place in the
sentence. A logistic regression over sparse string features (below) decides; its
weights were fitted on PolNeAR *train* only by ``parallax.eval.quotes.train_stance_model``
and are stored as ``data/stance_model.json`` (feature weights, no text). Scoring is a dict
lookup and a sum, so it costs next to nothing beside the parse.

The boundary chooser has the same logistic form over ``boundary_features`` (where else a
found content may end, and what lies between), fitted by
``parallax.eval.quotes.train_boundary_model`` and stored as ``data/boundary_model.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MODEL_PATH = Path(__file__).parent / "data" / "stance_model.json"
BOUNDARY_MODEL_PATH = Path(__file__).parent / "data" / "boundary_model.json"

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my", "you", "your", "we", "our", "us"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})


def candidate_features(
    cue: Token, family: str, lemma: str, complement: str, holder: Token | None, content: Span | None
) -> list[str]:
    """The sparse features of one candidate: the cue and complement, alone and together
    (the old lexicon key), backed off to the complement type with the holder's kind and
    the cue's syntax, so rare cue words are judged by their context."""
    holder_kind = _holder_kind(holder)
    length = len(content) if content is not None else 0
    size = "1" if length <= 1 else "2-3" if length <= 3 else "4-7" if length <= 7 else "8-15" if length <= 15 else "16+"
    features = [
        f"pair={family} {lemma} {complement}",
        f"lemma={family} {lemma}",
        f"complement={family} {complement}",
        f"holder={holder_kind}",
        f"holder-complement={holder_kind} {family} {complement}",
        f"holder-lemma={holder_kind} {lemma}",
        f"tag-complement={cue.tag_} {complement}",
        f"dep-complement={cue.dep_} {complement}",
        f"size-complement={size} {complement}",
        f"suffix={family} {lemma[-3:]} {complement}",
        f"word={family} {cue.lower_} {complement}",
    ]
    if holder is not None and holder_kind in ("noun", "plural-noun"):  # "poll", "critics"; never a name
        features.append(f"holder-word={holder.lemma_.lower()}")
    if any(child.dep_ == "neg" for child in cue.children):
        features.append("negated")
    if any(child.dep_ == "aux" and child.tag_ == "MD" for child in cue.children):
        features.append("modal")
    if content is not None and len(content):
        first = content[0]
        root = content.root
        features.append(f"content-first={first.lower_ if first.is_stop else first.pos_} {complement}")
        features.append(f"content-root={root.pos_} {root.ent_type_ or '-'} {complement}")
        if root.pos_ != "PROPN" and not root.ent_type_:  # "the bill", "a plan"; never a name
            features.append(f"content-lemma={root.lemma_.lower()} {complement}")
        if any(t.text in ("“", '"', "”", "''", "``") for t in content):
            features.append("content-quoted")
    return features


def boundary_features(content: Span, rest: Span, tier: str, order: int, reports: bool) -> list[str]:
    """The sparse features of one other place to end a content: before ``rest`` (its
    last words) or after it (``rest`` follows the content: an extension, whose features
    are named apart). What sets the rest off (a comma, a dash, "which", "according"), how
    it hangs on what comes before, its size, whether it holds a verb, a subject, a
    quote, a reporting verb of its own (``reports``), and whether it reaches the
    sentence's end. ``tier`` is the attribution's kind and complement ("indirect
    quote", "indirect object"); ``order`` counts the places before this one."""
    first = rest[0]
    previous = first.doc[first.i - 1]
    mark = previous.text if previous.is_punct else "-"
    word = first.lower_ if first.is_stop or first.is_punct else first.pos_
    aside = next((t for t in rest if not (rest.start <= t.head.i < rest.end) or t.head == t), first)
    extends = rest.start >= content.end
    kept, added = len(content) - (0 if extends else len(rest)), len(rest)
    size = "1-3" if added <= 3 else "4-7" if added <= 7 else "8-15" if added <= 15 else "16+"
    kept_size = "1-3" if kept <= 3 else "4-7" if kept <= 7 else "8-15" if kept <= 15 else "16+"
    features = [
        f"mark={mark}",
        f"word={word}",
        f"mark-word={mark} {word}",
        f"mark-dep={mark} {first.dep_}",
        f"aside={aside.dep_} {aside.pos_}",
        f"mark-aside={mark} {aside.dep_}",
        f"word-aside={word} {aside.dep_}",
        f"aside-head={aside.dep_} {aside.head.dep_} {aside.head.pos_}",
        f"sizes={kept_size} {size}",
        f"mark-size={mark} {size}",
        f"order={min(order, 2)}",
        f"tier={tier}",
        f"tier-mark={tier.split()[0]} {mark} {word}",
        f"tier-aside={tier.split()[-1]} {aside.dep_}",
    ]
    if aside.pos_ != "PROPN" and not aside.ent_type_:  # "which", "plan"; never a name
        features.append(f"aside-lemma={aside.lemma_.lower()} {aside.dep_}")
    if any(t.pos_ in ("VERB", "AUX") for t in rest):
        features.append(f"rest-verb={mark} {aside.dep_}")
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in rest):
        features.append(f"rest-subject={mark} {aside.dep_}")
    if reports:
        features.append(f"rest-reports={mark} {aside.dep_}")
    if any(t.is_quote for t in rest):
        features.append("rest-quoted")
    sentence_end = first.sent.end
    if rest.end >= sentence_end - 1:
        features.append(f"rest-to-sentence-end={mark}")
    elif extends:
        stop = first.doc[rest.end]
        features.append(f"stop={stop.lower_ if stop.is_stop or stop.is_punct else stop.pos_}")
    return [f"extend {feature}" for feature in features] if extends else features


def _holder_kind(holder: Token | None) -> str:
    if holder is None:
        return "none"
    lower = holder.lower_
    if lower in _PERSON_PRONOUNS:
        return "person-pronoun"
    if lower in _GROUP_PRONOUNS:
        return "group-pronoun"
    if lower in _RELATIVE_PRONOUNS:
        return "relative"
    if holder.pos_ == "PRON":
        return "other-pronoun"
    if holder.ent_type_:
        return f"entity-{holder.ent_type_}"
    if holder.pos_ == "PROPN":
        return "name"
    return "plural-noun" if holder.tag_ in ("NNS", "NNPS") else "noun"


@dataclass(frozen=True)
class StanceModel:
    """Logistic-regression weights over ``candidate_features``; a candidate is kept when
    its probability reaches ``threshold``."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        score = self.bias + sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-score))

    @cached_property
    def verb_lemmas(self) -> frozenset[str]:
        """The verbs the model has weights for (``quotes._lemma`` mends clipped lemmas with them)."""
        prefix = "lemma=verb "
        return frozenset(key[len(prefix) :] for key in self.weights if key.startswith(prefix))

    def to_json(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> StanceModel:
        return cls(weights=dict(data["weights"]), bias=float(data["bias"]), threshold=float(data["threshold"]))


@lru_cache(maxsize=1)
def load_stance_model(path: Path = MODEL_PATH) -> StanceModel:
    """The shipped model, read once per process."""
    return StanceModel.from_json(json.loads(path.read_text(encoding="utf-8")))


# A boundary chooser that never moves an end: the reader's own contents, which the stance
# model is trained against (so that it does not depend on the chooser trained after it).
KEEP_ENDS = StanceModel(weights={}, bias=0.0, threshold=2.0)


@lru_cache(maxsize=1)
def load_boundary_model(path: Path = BOUNDARY_MODEL_PATH) -> StanceModel:
    """The shipped boundary chooser (same logistic form over ``boundary_features``),
    read once per process."""
    return StanceModel.from_json(json.loads(path.read_text(encoding="utf-8")))
