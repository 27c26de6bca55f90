"""Online story assignment: each new article joins the best matching story or starts one.

1. **Candidates**: the stories whose centroid (mean title-and-lead embedding) is nearest
   to the article's, from a usearch HNSW index, so the cost stays logarithmic in the
   number of stories.
2. **Score** each candidate with a logistic model over evidence a reader would use:
   embedding similarity, TF-IDF similarity of the whole text, how much of the article's
   names the story shares (weighted by rarity) and how much of the story's core names
   the article has, whether the article's most prominent name is in the story, a shared
   distinctive number, the distance in days from the story's span, and the story's size.
3. **Second look**: a story of a few sketched reports is also compared report by report:
   the article's similarity to the member it resembles most (names, words, numbers).
   A report of the same event usually has a near twin among the members (the same
   details, the same wire copy); the first report of a second event of the same kind
   resembles all of them a little and none closely.
4. **Decide**: join the best candidate if its probability reaches ``JOIN_PROBABILITY``,
   otherwise start a new story. Two shootings in two towns share the kind of event (the
   embedding) but not the names, places, numbers or days, so they stay apart.
5. **Revise**: a story that has grown is checked for two events joined early
   (``parallax.stories.revise``) and split when its members clearly form two groups,
   or fairly clearly and the groups name different days; a split on days is never
   merged back.

Every decision comes back with its reason (score, similarities, shared names).
The index keeps what it needs in memory; ``parallax.store.ingest`` persists each story's
profile in the same transaction as the article, and reloads it on the next run.
"""

from __future__ import annotations

import json
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import numpy as np

from parallax.stories.features import ArticleFeatures, name_tokens
from parallax.stories.revise import (
    MAX_SKETCHED_MEMBERS,
    REVISION_MIN_DOCUMENTS,
    REVISION_SIZES,
    MemberSketch,
    propose_split,
    similarity_to_members,
    sketch,
)

# Candidate stories examined per article. The right story was among the 10 nearest
# centroids for 99.9% of ECB+ train documents whose story already existed.
CANDIDATES = 10
# Logistic weights over ``FEATURE_NAMES`` and the intercept, fitted by
# ``parallax.eval.stories.calibrate`` on teacher-forced (article, story) pairs from the
# ECB+ train topics and the even-numbered gva_longtail incidents (dev topics and odd
# incidents held out): see docs/quality.md, "Stories".
FEATURE_NAMES = ("similarity", "text_similarity", "names_shared", "core_names_kept",
                 "top_name_shared", "number_shared", "log_days_apart", "log_story_size")
WEIGHTS = (4.08, 6.06, 4.47, 2.75, 0.81, 0.44, -0.44, -1.06)
INTERCEPT = -6.43
# Join when the model gives at least this probability: the same train parts gave
# B-cubed F1 0.858/0.870/0.861/0.857 (ECB+) and 0.933/0.934/0.934/0.937 (GVA) at
# 0.10/0.15/0.20/0.25; low, because a wrongly split story costs more than the
# probability of one pair suggests.
JOIN_PROBABILITY = 0.15
# An article that matches two stories this surely joins them: an event whose first
# reports were split. B-cubed F1 without merging / merging at 0.7 / at 0.5, on cached
# analyses: ECB+ train topics 0.870/0.877/0.872, dev topics 0.888/0.899/0.899, GVA even
# incidents 0.934/0.934/0.936, odd 0.913/0.915/0.914, news clusters 0.886/0.886/0.894.
# At 0.5 one wrong merge of large GVA stories cost 0.09 ARI on the full corpus; 0.7 did not.
MERGE_PROBABILITY = 0.7
# Second look: the join probability is re-scored from (its logit, the article's similarity
# to the story member it resembles most), for candidates with at least this first
# probability and at least SECOND_LOOK_MIN_MEMBERS members, all sketched. Fitted by
# ``calibrate`` on the same teacher-forced pairs and parts as ``WEIGHTS``. Replayed over
# 8 feed orders on cached analyses (mean B-cubed F1, docs/quality.md "Stories", fifth
# round): ECB+ 0.9225 -> 0.9304 (training documents 0.9178 -> 0.9253, held-out dev
# documents 0.9358 -> 0.9448), news clusters (all held out) 0.8782 -> 0.8929, GVA
# 0.9100 -> 0.9083. The mean similarity to all members instead of the closest one gave
# ECB+ 0.9269 and GVA 0.9069, the two together 0.9278 / 0.9079; second looks at one-member stories
# too gave ECB+ 0.9281 and GVA 0.9005.
SECOND_LOOK_WEIGHTS = (0.68, 4.34)
SECOND_LOOK_INTERCEPT = -1.13
SECOND_LOOK_FLOOR = 0.03
SECOND_LOOK_MIN_MEMBERS = 2
# A story remembers its most frequent terms and names only: enough for the similarity,
# bounded in size however long the story runs.
PROFILE_TERMS = 300
PROFILE_NAMES = 100
PROFILE_NUMBERS = 50
# Share of a story's articles a name must appear in to be one of its core names.
CORE_NAME_SHARE = 0.5


@dataclass
class StoryProfile:
    """What the assignment remembers of one story."""

    id: int
    title: str | None
    count: int
    vector_sum: np.ndarray
    names: Counter[str] = field(default_factory=Counter)  # name token -> articles naming it
    labels: dict[str, str] = field(default_factory=dict)  # name token -> readable name
    terms: Counter[str] = field(default_factory=Counter)  # term -> articles using it
    numbers: Counter[str] = field(default_factory=Counter)
    first_day: date | None = None
    last_day: date | None = None
    # Stories this one was split from on the evidence of the days their reports name:
    # never merged back with them (a merge would undo the split the moment an article
    # resembles both events, as it usually does).
    apart: set[int] = field(default_factory=set)
    # Sketches of the story's articles, in arrival order, while it is small enough to be
    # revised (empty once it is larger, or if any article's sketch is missing).
    members: list[MemberSketch] = field(default_factory=list)

    @classmethod
    def start(cls, story_id: int, features: ArticleFeatures) -> StoryProfile:
        profile = cls(id=story_id, title=features.title, count=0,
                      vector_sum=np.zeros_like(np.asarray(features.vector, dtype=np.float32)))
        profile.add(features)
        return profile

    def add(self, features: ArticleFeatures) -> None:
        self.count += 1
        self.vector_sum = self.vector_sum + np.asarray(features.vector, dtype=np.float32)
        self.names.update(features.names.keys())
        for token, label in features.name_labels.items():
            self.labels.setdefault(token, label)
        self.terms.update(features.terms.keys())
        self.numbers.update(features.numbers)
        if features.day is not None:
            self.first_day = min(self.first_day or features.day, features.day)
            self.last_day = max(self.last_day or features.day, features.day)
        if not self.title and features.title:
            self.title = features.title
        self._trim()

    def remember(self, member: MemberSketch) -> None:
        """Keep the sketch of the article just added, while every member is sketched."""
        if self.count <= MAX_SKETCHED_MEMBERS and len(self.members) == self.count - 1:
            self.members.append(member)
        else:
            self.members = []

    @property
    def revisable(self) -> bool:
        return self.count in REVISION_SIZES and len(self.members) == self.count

    @classmethod
    def from_members(cls, story_id: int, members: list[MemberSketch], labels: dict[str, str]) -> StoryProfile:
        """A story rebuilt from its members' sketches (each part of a split)."""
        profile = cls(id=story_id, title=next((m.title for m in members if m.title), None), count=len(members),
                      vector_sum=np.sum([np.asarray(m.vector, dtype=np.float32) for m in members], axis=0),
                      members=list(members))
        for member in members:
            profile.names.update(member.names.keys())
            profile.terms.update(member.terms.keys())
            profile.numbers.update(member.numbers)
            if member.day is not None:
                profile.first_day = min(profile.first_day or member.day, member.day)
                profile.last_day = max(profile.last_day or member.day, member.day)
        profile.labels = {token: labels[token] for token in profile.names if token in labels}
        profile._trim()
        return profile

    def _trim(self) -> None:
        if len(self.terms) > PROFILE_TERMS:
            self.terms = Counter(dict(self.terms.most_common(PROFILE_TERMS)))
        if len(self.names) > PROFILE_NAMES:
            self.names = Counter(dict(self.names.most_common(PROFILE_NAMES)))
            self.labels = {token: self.labels[token] for token in self.names if token in self.labels}
        if len(self.numbers) > PROFILE_NUMBERS:
            self.numbers = Counter(dict(self.numbers.most_common(PROFILE_NUMBERS)))

    def absorb(self, other: StoryProfile) -> None:
        """Take in another story's articles (a merge): counts add up, the span widens."""
        self.count += other.count
        self.vector_sum = self.vector_sum + other.vector_sum
        self.names.update(other.names)
        for token, label in other.labels.items():
            self.labels.setdefault(token, label)
        self.terms.update(other.terms)
        self.numbers.update(other.numbers)
        self.apart |= other.apart
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d is not None]
        self.first_day, self.last_day = (min(days), max(days)) if days else (None, None)
        self.title = self.title or other.title
        complete = len(self.members) == self.count - other.count and len(other.members) == other.count
        self.members = self.members + other.members if complete and self.count <= MAX_SKETCHED_MEMBERS else []
        self._trim()

    def copy(self) -> StoryProfile:
        return StoryProfile(
            id=self.id, title=self.title, count=self.count, vector_sum=self.vector_sum.copy(),
            names=Counter(self.names), labels=dict(self.labels), terms=Counter(self.terms),
            numbers=Counter(self.numbers), first_day=self.first_day, last_day=self.last_day,
            apart=set(self.apart), members=list(self.members),
        )

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def profile_json(self) -> str:
        """Everything but the vector sum (stored as a blob beside it)."""
        return json.dumps({
            "names": self.names, "labels": self.labels, "terms": self.terms, "numbers": self.numbers,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "apart": sorted(self.apart),
            "members": [member.to_json() for member in self.members],
        }, ensure_ascii=False)

    @classmethod
    def from_stored(cls, story_id: int, title: str | None, count: int, vector_sum: bytes, profile: str) -> StoryProfile:
        data = json.loads(profile)
        return cls(
            id=story_id, title=title, count=count, vector_sum=np.frombuffer(vector_sum, dtype=np.float32).copy(),
            names=Counter(data["names"]), labels=data["labels"], terms=Counter(data["terms"]),
            numbers=Counter(data["numbers"]),
            first_day=date.fromisoformat(data["first_day"]) if data["first_day"] else None,
            last_day=date.fromisoformat(data["last_day"]) if data["last_day"] else None,
            apart=set(data.get("apart", [])),  # absent from profiles stored before splits kept it
            # stories stored before sketches were kept have none: they are not revised
            members=[MemberSketch.from_json(member) for member in data.get("members", [])],
        )


@dataclass(frozen=True)
class Assignment:
    """Where an article goes and why. ``story_id`` is None for a story yet to be created."""

    story_id: int | None
    created: bool
    score: float
    similarity: float
    text_similarity: float
    shared_names: list[str]
    reason: str
    # Other stories the article matches as surely as MERGE_PROBABILITY: one event that
    # was split early; they are merged into ``story_id``, with the probability as why.
    merges: tuple[tuple[int, float], ...] = ()


class Candidate(NamedTuple):
    """A story the article might join: the join probability (after the second look, if
    it had one), the first look's evidence (``FEATURE_NAMES``) and the similarity to the
    closest member (None without a second look)."""

    probability: float
    story: StoryProfile
    values: list[float]
    closest_member: float | None


@dataclass(frozen=True)
class Split:
    """A story found to hold two events: ``kept`` keeps the story's id, ``spun_off`` (id 0
    until the store gives it one) takes the ``moved`` articles; ``reason`` says why."""

    kept: StoryProfile
    spun_off: StoryProfile
    moved: tuple[str, ...]
    ncut: float
    reason: str


class DocumentFrequencies:
    """In how many articles each term occurs: the rarity that weighs shared terms and names."""

    def __init__(self, counts: dict[str, int] | None = None, documents: int = 0) -> None:
        self.counts: dict[str, int] = dict(counts or {})
        self.documents = documents

    def idf(self, term: str) -> float:
        return math.log((self.documents + 2) / (self.counts.get(term, 0) + 1))

    def add(self, terms: Iterable[str]) -> None:
        self.documents += 1
        for term in terms:
            self.counts[term] = self.counts.get(term, 0) + 1


def pair_features(
    features: ArticleFeatures, story: StoryProfile, similarity: float, df: DocumentFrequencies
) -> list[float]:
    """The evidence that ``features`` reports the same event as ``story`` (``FEATURE_NAMES``)."""
    terms = features.terms
    idf = {term: df.idf(term) for term in set(terms) | set(story.terms) | set(features.names) | set(story.names)}
    article_vector = {term: (1.0 + math.log(count)) * idf[term] for term, count in terms.items()}
    story_vector = {term: count / story.count * idf[term] for term, count in story.terms.items()}
    text_similarity = _cosine(article_vector, story_vector)

    name_mass = sum(weight * idf[t] for t, weight in features.names.items())
    shared_mass = sum(
        weight * idf[t] * min(1.0, story.names[t] / story.count) for t, weight in features.names.items() if t in story.names
    )
    core = {t: n / story.count for t, n in story.names.items() if n / story.count >= CORE_NAME_SHARE}
    core_mass = sum(idf[t] * share for t, share in core.items())
    kept_mass = sum(idf[t] * share for t, share in core.items() if t in features.names)
    top_names = [t for t, weight in features.names.items() if weight >= 0.99]
    top_shared = float(any(t in story.names for t in top_names)) if top_names else 0.5
    number_shared = float(bool(features.numbers & story.numbers.keys()))
    return [
        similarity,
        text_similarity,
        shared_mass / name_mass if name_mass else 0.0,
        kept_mass / core_mass if core_mass else 0.0,
        top_shared,
        number_shared,
        math.log1p(days_apart(features.day, story.first_day, story.last_day)),
        math.log(story.count),
    ]


def days_apart(day: date | None, first: date | None, last: date | None) -> int:
    """Days from ``day`` to the span [first, last]; 0 inside it or when a date is unknown."""
    if day is None or first is None or last is None:
        return 0
    if first <= day <= last:
        return 0
    return min(abs((day - first).days), abs((day - last).days))


def join_probability(values: list[float]) -> float:
    return _logistic(WEIGHTS, INTERCEPT, values)


def second_look_features(probability: float, closest_member: float) -> list[float]:
    """The second look's evidence: the first probability's logit, the closest member's similarity."""
    probability = min(max(probability, 1e-6), 1.0 - 1e-6)
    return [math.log(probability / (1.0 - probability)), closest_member]


def second_look_probability(probability: float, closest_member: float) -> float:
    """The join probability once the closest member has been seen."""
    return _logistic(SECOND_LOOK_WEIGHTS, SECOND_LOOK_INTERCEPT, second_look_features(probability, closest_member))


def _logistic(weights: tuple[float, ...], intercept: float, values: list[float]) -> float:
    z = intercept + sum(w * v for w, v in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def gets_second_look(probability: float, story: StoryProfile) -> bool:
    """Whether a candidate is worth comparing member by member: a likely enough join into a
    story of several reports, all still sketched (larger stories have dropped theirs)."""
    return (probability >= SECOND_LOOK_FLOOR and story.count >= SECOND_LOOK_MIN_MEMBERS
            and len(story.members) == story.count)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


ProfileLoader = Callable[[int], "StoryProfile | None"]


class StoryIndex:
    """The online assignment's state: an ANN index over story centroids, a bounded cache
    of story profiles (``load_profile`` fetches the others), and term frequencies."""

    def __init__(
        self,
        dim: int,
        *,
        load_profile: ProfileLoader | None = None,
        frequencies: DocumentFrequencies | None = None,
        cache_size: int = 100_000,
    ) -> None:
        from usearch.index import Index

        self.dim = dim
        # f16 halves the memory of the centroids at no cost in candidates: on 1,500 real
        # title-and-lead vectors queried with 867 others, recall@10 against exact search
        # was 0.996 (f32), 0.995 (f16), 0.961 (i8).
        self.index = Index(ndim=dim, metric="cos", dtype="f16")
        self.frequencies = frequencies or DocumentFrequencies()
        self._load_profile = load_profile
        self._cache: OrderedDict[int, StoryProfile] = OrderedDict()
        self._cache_size = cache_size
        self._last_sketch: tuple[tuple[str, int], MemberSketch] | None = None

    def __len__(self) -> int:
        return len(self.index)

    def profile(self, story_id: int) -> StoryProfile | None:
        found = self._cache.get(story_id)
        if found is not None:
            self._cache.move_to_end(story_id)
            return found
        if self._load_profile is None:
            return None
        found = self._load_profile(story_id)
        if found is not None:
            self._remember(found)
        return found

    def _remember(self, profile: StoryProfile) -> None:
        self._cache[profile.id] = profile
        self._cache.move_to_end(profile.id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def put_vectors(self, story_ids: list[int], centroids: np.ndarray) -> None:
        """(Re)place story centroids in the ANN index (used when loading a store)."""
        if not story_ids:
            return
        keys = np.asarray(story_ids, dtype=np.uint64)
        present = keys[np.atleast_1d(self.index.contains(keys))] if len(self.index) else keys[:0]
        if len(present):
            self.index.remove(present)
        self.index.add(keys, np.asarray(centroids, dtype=np.float32))

    def forget(self, story_ids: Iterable[int]) -> None:
        """Drop stories (merged into others) from the ANN index and the cache."""
        keys = np.asarray(list(story_ids), dtype=np.uint64)
        if not len(keys):
            return
        present = keys[np.atleast_1d(self.index.contains(keys))]
        if len(present):
            self.index.remove(present)
        for key in keys:
            self._cache.pop(int(key), None)

    def sketch_of(self, features: ArticleFeatures) -> MemberSketch:
        """The article's sketch under the current frequencies, built once: the second look
        (``decide``) and the story's memory (``updated_profile``) both need it."""
        key = (features.article_id, self.frequencies.documents)
        if self._last_sketch is None or self._last_sketch[0] != key:
            self._last_sketch = (key, sketch(features, self.frequencies))
        return self._last_sketch[1]

    def scored_candidates(self, features: ArticleFeatures) -> list[Candidate]:
        """The nearest stories with the join probability and the evidence, best first."""
        if not len(self.index):
            return []
        matches = self.index.search(np.asarray(features.vector, dtype=np.float32), min(CANDIDATES, len(self.index)))
        scored = []
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            story = self.profile(int(key))
            if story is None:
                continue
            values = pair_features(features, story, 1.0 - float(distance), self.frequencies)
            probability = join_probability(values)
            closest: float | None = None
            if gets_second_look(probability, story):
                closest = float(similarity_to_members(self.sketch_of(features), story.members, self.frequencies).max())
                probability = second_look_probability(probability, closest)
            scored.append(Candidate(probability, story, values, closest))
        scored.sort(key=lambda candidate: -candidate.probability)
        return scored

    def decide(self, features: ArticleFeatures) -> Assignment:
        """Where the article belongs, without changing any state."""
        scored = self.scored_candidates(features)
        best = scored[0] if scored else None
        if best is None:
            return Assignment(None, True, 0.0, 0.0, 0.0, [], "no story yet")
        story, values = best.story, best.values
        if best.probability >= JOIN_PROBABILITY:
            shared = [story.labels.get(t, t) for t in features.names if t in story.names]
            merges = _mergeable(story, [(other.story, other.probability) for other in scored[1:]
                                        if other.probability >= MERGE_PROBABILITY])
            return Assignment(
                story_id=story.id, created=False, score=best.probability, similarity=values[0],
                text_similarity=values[1], shared_names=_distinct(shared),
                reason=_reason(best, joined=True), merges=merges,
            )
        return Assignment(
            story_id=None, created=True, score=best.probability, similarity=values[0], text_similarity=values[1],
            shared_names=[], reason=_reason(best, joined=False),
        )

    def updated_profile(self, assignment: Assignment, features: ArticleFeatures) -> StoryProfile:
        """The profile of the story the article goes to, with the article added: a copy,
        so that nothing changes until ``install`` (after the store committed it). A new
        story gets id 0 until the store gives it one."""
        if assignment.story_id is None:
            profile = StoryProfile.start(0, features)
            profile.remember(self.sketch_of(features))
            return profile
        existing = self.profile(assignment.story_id)
        if existing is None:
            raise KeyError(f"story {assignment.story_id} is not in the index")
        profile = existing.copy()
        for merged_id, _ in assignment.merges:
            merged = self.profile(merged_id)
            if merged is not None:
                profile.absorb(merged)
        profile.add(features)
        profile.remember(self.sketch_of(features))
        return profile

    def revise(self, profile: StoryProfile) -> Split | None:
        """The split of ``profile`` (an updated profile, before it is stored) into two
        stories when its members clearly report two events; None otherwise (also while
        the index has seen fewer than ``REVISION_MIN_DOCUMENTS`` articles). Nothing
        changes until ``install`` is given the split's two profiles."""
        if not profile.revisable or self.frequencies.documents < REVISION_MIN_DOCUMENTS:
            return None
        found = propose_split(profile.members, self.frequencies)
        if found is None:
            return None
        ncut, staying, leaving, dated = found
        kept = StoryProfile.from_members(profile.id, [profile.members[i] for i in staying], profile.labels)
        kept.title = profile.title
        kept.apart = set(profile.apart)
        spun_off = StoryProfile.from_members(0, [profile.members[i] for i in leaving], profile.labels)
        if dated:
            spun_off.apart = {profile.id}
        names = Counter(token for i in leaving for token in profile.members[i].names)
        distinctive = [spun_off.labels.get(t, t) for t, _ in names.most_common() if t not in kept.names][:3]
        why = f"normalised cut {ncut:.2f}" + ("; the groups name different days" if dated else "")
        reason = (f"split from story {profile.id} at {profile.count} articles: its reports formed two groups "
                  f"({why})" + (f"; this one names {', '.join(_distinct(distinctive))}" if distinctive else ""))
        return Split(kept=kept, spun_off=spun_off, moved=tuple(profile.members[i].article_id for i in leaving),
                     ncut=round(ncut, 4), reason=reason)

    def install(
        self, profile: StoryProfile, features: ArticleFeatures, merged: Iterable[int] = (),
        spun_off: StoryProfile | None = None,
    ) -> None:
        """Make a stored decision count: the profile replaces the old one, the centroid
        moves in the ANN index, merged stories leave it, a story split off (with the id
        the store gave it) enters it, and the article's terms count in the frequencies."""
        self.forget(merged)
        for story in (profile, spun_off):
            if story is not None:
                self._remember(story)
                self.put_vectors([story.id], story.centroid[None, :])
        self.frequencies.add(features.terms.keys())


def _mergeable(into: StoryProfile, candidates: list[tuple[StoryProfile, float]]) -> tuple[tuple[int, float], ...]:
    """The candidates that may merge into ``into``: none that was split from it or from
    another story taken in the same merge."""
    taken = [into]
    merges = []
    for story, probability in candidates:
        if not any(story.id in other.apart or other.id in story.apart for other in taken):
            taken.append(story)
            merges.append((story.id, round(probability, 4)))
    return tuple(merges)


def _distinct(items: list[str]) -> list[str]:
    """The names once each, in order, without those a longer listed name holds ("Gardner"
    beside "Neely Gardner", "Mount Sinai" beside "Mount Sinai Hospital")."""
    unique = list(dict.fromkeys(items))
    tokens = [set(name_tokens(item)) for item in unique]
    return [item for item, held in zip(unique, tokens, strict=True)
            if not held or not any(held < other for other in tokens)]


def _reason(candidate: Candidate, *, joined: bool) -> str:
    values = candidate.values
    evidence = (
        f"p={candidate.probability:.2f}: lead similarity {values[0]:.2f}, text similarity {values[1]:.2f}, "
        f"names shared {values[2]:.0%}, core names kept {values[3]:.0%}"
    )
    if values[5]:
        evidence += ", a number shared"
    if values[6]:
        evidence += f", {math.expm1(values[6]):.0f} days apart"
    if candidate.closest_member is not None:
        evidence += f", closest report {candidate.closest_member:.2f}"
    if joined:
        return f"joined: {evidence}"
    return f"new story: nearest story {candidate.story.id} too unlike ({evidence})"
