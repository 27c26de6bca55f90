"""Facts: sentences from different articles that report the same thing, with a verdict.

Alignment never scores all pairs: each sentence's nearest neighbours (by MiniLM
embedding, from an approximate-nearest-neighbour index) are its only candidates, so
the cost grows with the number of sentences times a small constant k. A candidate pair
is scored by embedding similarity plus what the two sentences share (matched entities,
numbers, content words), and sentences are joined when they are each other's best
match between two articles and share an entity, a number or words (or score very high).
Joined sentences form a fact that several articles report.

What only one article reports (an omission by the others) is judged on content, not on
alignment (coverage.py): each run of clauses whose content words and numbers the other
articles never write, and each quotation no other article quotes, is a ``unique`` fact
of its own that points at just that span. So an aligned sentence that adds a clause, a
name or a figure yields a shared fact for what the articles have in common *and* a
unique fact for the addition; a sentence that aligns with nothing but whose content the
others give in other words, across sentences, is no omission (and no fact).

Verdicts are built from structure, since no contradiction model with a clear licence
ships on PyPI: numbers whose intervals are disjoint, a negation present in only one of
two closely matching sentences, or contradictory predicates (a short list of English
antonym pairs) make a ``conflict``; an outlet asserting what another attributes, or two
outlets citing different sources, make ``attribution_differs``. A user can plug in a
model through ``ContradictionModel``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from parallax.analyze.quantities import PART_OF_GROUP, unit_of
from parallax.compare.coverage import REPORTING_WORDS, Coverage, Omission
from parallax.compare.intervals import intersection
from parallax.compare.names import reader_names
from parallax.model import Analysis, Fact, FactMention, Quantity, Sentence

# Neighbours retrieved per sentence; more than the number of articles in a typical story
# so that each other article's best match is among them.
NEIGHBOURS = 12
# A pair of sentences from two articles is one fact above this score (cosine plus
# bonuses), calibrated on the seeds and the example story: paraphrases of one claim
# score 0.6-0.9, sentences that share only the topic 0.35-0.55.
LINK_SCORE = 0.6
# Above this, sentences are joined even when they are not each other's best match.
STRONG_SCORE = 0.8
# Closely matching sentences where only one is negated are in conflict.
NEGATION_SIMILARITY = 0.7
ENTITY_BONUS, NUMBER_BONUS, COUNT_BONUS, WORD_BONUS = 0.04, 0.08, 0.05, 0.2
# (MiniLM weighs digits heavily: "19 people were hurt" vs "14 people were injured" loses
# ~0.1 cosine to the differing number, so counting the same thing earns COUNT_BONUS.)
# Novel words named in the reason of a unique fact, enough to show what the others omit.
REASON_WORDS = 6
# Sentences shorter than this (in words) are headings or fragments, not claims.
MIN_CLAIM_WORDS = 5

# A negation cue and the (up to three) words it governs: "not at risk", "never reached".
_NEGATED = re.compile(r"(?:\b(?:not|no|never|nobody|none|neither|nor|denied|denies|deny)\b|n't)((?:\s+[\w'-]+){1,3})", re.I)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])+")  # letters of any script: "Häuser", not "user"
# Contradictory predicates: general English antonym pairs (stems), not tied to any story.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("defect", "forced"), ("voluntar", "forced"), ("confirm", "den"), ("admit", "den"),
    ("rise", "fall"), ("rose", "fell"), ("increas", "decreas"), ("won", "lost"), ("win", "los"),
    ("open", "clos"), ("accept", "reject"), ("arrest", "releas"), ("alive", "dead"), ("surviv", "killed"),
    ("guilty", "innocent"), ("advanc", "retreat"), ("support", "oppos"), ("approv", "reject"),
    ("agree", "refus"), ("legal", "illegal"), ("safe", "unsafe"), ("true", "false"), ("start", "end"),
)


class ContradictionModel(Protocol):
    """A user-supplied model: the probability that two sentences contradict each other."""

    def contradiction(self, first: str, second: str) -> float: ...


@dataclass
class _Node:
    key: int
    article: str
    outlet: str
    sentence: Sentence
    entities: set[str]
    numbers: set[float]
    counted: set[str]
    words: set[str]
    claim: bool = True  # long enough to be aligned; shorter sentences only carry omissions
    omissions: list[Omission] = field(default_factory=list)  # those that start in this sentence
    omission: Omission | None = None  # on a node standing for part of an omission


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | REPORTING_WORDS


def _words(text: str, stop: frozenset[str]) -> set[str]:
    return {word.lower().rstrip("s") for word in _WORD.findall(text) if word.lower() not in stop and len(word) > 2}


def build_nodes(analyses: Sequence[Analysis], entity_index: dict[tuple[str, str], str]) -> list[_Node]:
    """One node per sentence, with the entities, numbers and words it holds and what in it
    no other article reports (see the module docstring)."""
    stop = _stopwords()
    coverage = Coverage(analyses, entity_index)
    names = reader_names([analysis.article for analysis in analyses])
    nodes: list[_Node] = []
    for analysis in analyses:
        article = analysis.article
        claims = {s.index for s in analysis.sentences if len(s.text.split()) >= MIN_CLAIM_WORDS}
        omissions: dict[int, list[Omission]] = defaultdict(list)
        for omission in coverage.omissions(analysis, claims):
            omissions[omission.parts[0].index].append(omission)
        mentions: dict[int, set[str]] = defaultdict(set)
        for entity in analysis.entities:
            cross = entity_index.get((article.id, entity.id))
            for mention in entity.mentions:
                if cross:
                    mentions[mention.sentence].add(cross)
        numbers: dict[int, set[float]] = defaultdict(set)
        counted: dict[int, set[str]] = defaultdict(set)
        for quantity in analysis.quantities:
            if quantity.sentence is not None and quantity.low is not None:
                numbers[quantity.sentence].add(quantity.low)
            if quantity.sentence is not None and quantity.counted:
                counted[quantity.sentence].add(_head(quantity.counted))
        for sentence in analysis.sentences:
            nodes.append(
                _Node(
                    key=len(nodes), article=article.id, outlet=names[article.id], sentence=sentence,
                    entities=mentions[sentence.index], numbers=numbers[sentence.index],
                    counted=counted[sentence.index], words=_words(sentence.text, stop),
                    claim=sentence.index in claims, omissions=omissions[sentence.index],
                )
            )
    return nodes


def _score(a: _Node, b: _Node, cosine: float) -> float:
    shared_words = len(a.words & b.words) / max(len(a.words | b.words), 1)
    return (
        cosine
        + ENTITY_BONUS * min(len(a.entities & b.entities), 3)
        + (NUMBER_BONUS if a.numbers & b.numbers else COUNT_BONUS if a.counted & b.counted else 0.0)
        + WORD_BONUS * shared_words
    )


def candidate_pairs(nodes: list[_Node], vectors: np.ndarray) -> dict[tuple[int, int], float]:
    """Scored pairs of claim sentences from different articles among each one's nearest neighbours."""
    claims = np.array([node.key for node in nodes if node.claim], dtype=np.int64)
    if len(claims) < 2:
        return {}
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
    index.add(claims, vectors[claims].astype(np.float32))
    count = min(NEIGHBOURS + 1, len(claims))
    matches = index.search(vectors[claims].astype(np.float32), count)
    keys = np.atleast_2d(matches.keys)
    pairs: dict[tuple[int, int], float] = {}
    for i, row in zip(claims.tolist(), keys, strict=True):
        for j in row:
            j = int(j)
            if j < 0 or j >= len(nodes) or nodes[j].article == nodes[i].article:
                continue
            pair = (min(i, j), max(i, j))
            if pair not in pairs:
                cosine = float(np.dot(vectors[i], vectors[j]))
                pairs[pair] = _score(nodes[i], nodes[j], cosine)
    return pairs


def link(nodes: list[_Node], pairs: dict[tuple[int, int], float]) -> list[list[_Node]]:
    """Groups of sentences joined by mutual-best or very strong matches (union-find), and
    one group per omission, of nodes standing for its parts (see the module docstring).

    The omission groups come first, so that a caller indexing sentences by group keeps
    the shared group of a sentence that also holds an omission."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in pairs.items():
        for a, b in ((i, j), (j, i)):
            key = (a, nodes[b].article)
            if score > best.get(key, (-1.0, -1))[0]:
                best[key] = (score, b)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), score in pairs.items():
        mutual = best.get((i, nodes[j].article), (0, -1))[1] == j and best.get((j, nodes[i].article), (0, -1))[1] == i
        if (mutual and score >= LINK_SCORE and _shares_something(nodes[i], nodes[j])) or score >= STRONG_SCORE:
            parent[find(i)] = find(j)
    groups: dict[int, list[_Node]] = defaultdict(list)
    for node in nodes:
        groups[find(node.key)].append(node)
    shared = [group for group in groups.values() if len({node.article for node in group}) > 1]
    of_sentence = {(node.article, node.sentence.index): node for node in nodes}
    omitted = [
        [_part_node(of_sentence[(node.article, part.index)], omission, part) for part in omission.parts]
        for node in nodes
        for omission in node.omissions
    ]
    return sorted(omitted, key=lambda g: _position(g[0])) + sorted(shared, key=lambda g: min(map(_position, g)))


def _position(node: _Node) -> tuple[str, int, int]:
    return node.article, node.sentence.index, node.sentence.start


def _part_node(node: _Node, omission: Omission, part: Sentence) -> _Node:
    """A node for one part of an omission: ``node``'s sentence narrowed to what is omitted."""
    return _Node(
        key=node.key, article=node.article, outlet=node.outlet, sentence=part, entities=node.entities,
        numbers=node.numbers, counted=node.counted, words=node.words, claim=False, omission=omission,
    )


def _shares_something(a: _Node, b: _Node) -> bool:
    """Embedding similarity alone is not enough below STRONG_SCORE: the sentences must also
    share a matched entity, a number, a counted thing or at least two content words."""
    return bool(a.entities & b.entities or a.numbers & b.numbers or a.counted & b.counted or len(a.words & b.words) >= 2)


def judge(
    group: list[_Node],
    analyses_by_id: dict[str, Analysis],
    vectors: np.ndarray,
    outlets_missing: list[str],
    model: ContradictionModel | None = None,
) -> tuple[str, str]:
    """The verdict and its reason in words for one group of sentences."""
    articles = list(dict.fromkeys(node.article for node in group))
    if len(articles) == 1:
        missing = ", ".join(outlets_missing) if outlets_missing else "the other articles"
        return "unique", _omission_reason(group[0], missing, alone=len(outlets_missing) == 1)
    pairs = [(a, b) for index, a in enumerate(group) for b in group[index + 1 :] if a.article != b.article]
    for a, b in pairs:
        reason = _number_conflict(a, b, analyses_by_id)
        if reason:
            return "conflict", reason
    for a, b in pairs:
        similarity = float(np.dot(vectors[a.key], vectors[b.key]))
        negation = _negated_claim(a, b) or _negated_claim(b, a)
        if similarity >= NEGATION_SIMILARITY and negation:
            negated, other, words = negation
            return "conflict", f"{negated.outlet} says '{words}' where {other.outlet} says it without the negation"
        antonym = _antonym(a.sentence.text, b.sentence.text)
        if antonym:
            return "conflict", f"{a.outlet} says '{antonym[0]}' where {b.outlet} says '{antonym[1]}'"
        if model is not None and model.contradiction(a.sentence.text, b.sentence.text) >= 0.5:
            return "conflict", "the contradiction model judges these sentences incompatible"
    return _attribution_verdict(group)


def _omission_reason(node: _Node, missing: str, *, alone: bool = False) -> str:
    """Why a fact is one article's; ``alone``: ``missing`` names one article (the verb agrees)."""
    omission = node.omission
    quote, mention, do = ("quotes", "mentions", "does") if alone else ("quote", "mention", "do")
    if omission is not None and omission.kind == "quote":
        speaker = f" from {omission.speaker}" if omission.speaker else ""
        return f"only {node.outlet} gives this quotation{speaker}; {missing} {quote} none of it"
    if omission is not None and omission.novel:
        words = ", ".join(list(dict.fromkeys(omission.novel))[:REASON_WORDS])
        return f"only {node.outlet} reports this; {missing} never {mention} {words}"
    return f"only {node.outlet} reports this; {missing} {do} not"


def _negated_claim(a: _Node, b: _Node) -> tuple[_Node, _Node, str] | None:
    """A negation in ``a`` of something ``b`` states plainly: "not safe" vs "safe".

    Only negated words that the other sentence uses un-negated count, so "nobody died"
    beside a sentence about injuries is no conflict.
    """
    stop = _stopwords()
    plain_b = {_stem(word) for word in _words(_NEGATED.sub(" ", b.sentence.text), stop)}
    for match in _NEGATED.finditer(a.sentence.text):
        governed = {_stem(word) for word in _words(match.group(1), stop)}
        if governed & plain_b:
            return a, b, match.group(0).strip()
    return None


def _stem(word: str) -> str:
    """The word without a regular inflection or final e, so "did not fail" meets "failed" and
    "not collapse" meets "collapsed" (``_words`` has already dropped a plural s)."""
    for suffix in ("ing", "ed", "es"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e") or word


def _number_conflict(a: _Node, b: _Node, analyses_by_id: dict[str, Analysis]) -> str | None:
    quantities_a = [q for q in analyses_by_id[a.article].quantities if q.sentence == a.sentence.index]
    quantities_b = [q for q in analyses_by_id[b.article].quantities if q.sentence == b.sentence.index]
    for qa in quantities_a:
        for qb in quantities_b:
            same_thing = qa.counted and qb.counted and _head(qa.counted) == _head(qb.counted) and unit_of(qa) == unit_of(qb)
            if same_thing and intersection([qa, qb]) is None:
                return f"{a.outlet} gives {_as_stated(qa)} but {b.outlet} gives {_as_stated(qb)}"
    return None


def _as_stated(quantity: Quantity) -> str:
    """The figure with what it counts, its unit said once: "2.5 million cubic metres of
    water" (the text holds the unit, ``counted`` starts with it), "19 people"."""
    counted, unit = quantity.counted or "", unit_of(quantity)
    if unit is not None and unit != PART_OF_GROUP:
        counted = counted[len(unit) :]
    return f"{quantity.text} {counted.strip()}".strip()


def _head(phrase: str) -> str:
    words = _WORD.findall(phrase.lower())
    return words[-1].rstrip("s") if words else ""


def _antonym(first: str, second: str) -> tuple[str, str] | None:
    a, b = first.lower(), second.lower()
    for left, right in ANTONYMS:
        for x, y in ((left, right), (right, left)):
            if re.search(rf"\b{x}", a) and re.search(rf"\b{y}", b) and not re.search(rf"\b{x}", b) and not re.search(rf"\b{y}", a):
                return x, y
    return None


def _attribution_verdict(group: list[_Node]) -> tuple[str, str]:
    """agree, or attribution_differs when outlets vouch for the claim differently."""
    stances: dict[str, tuple[str, set[str], list[str]]] = {}
    for node in group:
        outlet, sources, hedges = stances.setdefault(node.article, (node.outlet, set(), []))
        attribution = node.sentence.attribution
        if attribution.status == "attributed" and attribution.source:
            sources.add(attribution.source)
        hedges.extend(h for h in attribution.hedges if h not in hedges)
    attributing = [(outlet, sources) for outlet, sources, _ in stances.values() if sources]
    unattributed = [(outlet, hedges) for outlet, sources, hedges in stances.values() if not sources]
    if attributing and unattributed:
        outlet, sources = attributing[0]
        own = "; ".join(
            f"{name} reports it hedged ({', '.join(hedges)})" if hedges else f"{name} states it as fact"
            for name, hedges in unattributed
        )
        return "attribution_differs", f"{own}; {outlet} attributes it to {', '.join(sorted(sources))}"
    if len(attributing) > 1 and not _common_source([sources for _, sources in attributing]):
        described = "; ".join(f"{outlet} cites {', '.join(sorted(sources))}" for outlet, sources in attributing)
        return "attribution_differs", f"they cite different sources: {described}"
    outlets = ", ".join(dict.fromkeys(node.outlet for node in group))
    return "agree", f"reported consistently by {outlets}"


def _common_source(source_sets: list[set[str]]) -> bool:
    """Whether one source (a fuzzily equal surname) is cited by every article."""
    from rapidfuzz import fuzz

    first, *others = [{_surname(source) for source in sources} for sources in source_sets]
    return any(
        all(any(fuzz.ratio(name, other) >= 85 for other in names) for names in others) for name in first
    )


def _surname(name: str) -> str:
    from parallax.compare.entities import name_key

    parts = name_key(name).split()
    return parts[-1] if parts else ""


def to_fact(fact_id: str, group: list[_Node], verdict: str, reason: str, similarity: float | None) -> Fact:
    mentions = [
        FactMention(article=n.article, sentence=n.sentence.index, start=n.sentence.start, end=n.sentence.end, text=n.sentence.text)
        for n in sorted(group, key=lambda n: (n.article, n.sentence.index))
    ]
    entities = sorted({entity for node in group for entity in node.entities}, key=lambda e: int(e[1:]))
    novel = [word for node in group if node.omission is not None for word in node.omission.novel] if verdict == "unique" else []
    return Fact(
        id=fact_id, verdict=verdict, reason=reason, mentions=mentions, entities=entities,  # type: ignore[arg-type]
        similarity=similarity, novel_words=list(dict.fromkeys(novel)),
    )
