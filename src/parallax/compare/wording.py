"""Word choice: how each article labels the same actors, and loaded terms only some use.

Labels are found from the texts, not from a fixed list of loaded words:

1. **Named entities** matched across articles whose articles describe them with
   different words, counting the descriptions around a name ("North Korean leader" vs
   "North Korean dictator") and names that are not mere spelling variants or shortenings
   ("FSB" vs "Russia's security service"; not "Malayev" vs "Malaeyev", "Comey" vs "James
   Comey").
2. **Common-noun labels**. Each article's noun phrases are grouped by head word
   (its *labels*: "separatists" and "pro-Russian separatists" are one label). For every
   pair of articles, a label one article uses and the other never writes is matched with
   the other's most similar label; two labels name one actor when each is the other's
   best match among *all* labels of the other article (so "personnel", whose best match
   is "soldiers", a word both use, is not paired with "civilians") and their similarity
   clears a floor. Similarity blends the phrases and the phrases with their governing
   words ("fighting with separatists" / "operation against independence supporters"),
   with a bonus when the sentences are aligned as one fact. The floor is lower for
   actor-like labels (people and groups, judged by similarity to a few generic
   prototypes) than for things and events, which read alike more easily. Other labels of
   the same article that are close to a matched one join it ("rebels" with
   "separatists"), and pairwise matches are chained across articles.
3. **Hedging and distancing** that only some articles use: "so-called", scare quotes,
   "reportedly", "allegedly", with the sentence behind each.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from parallax.compare.entities import NAME_SIMILARITY, name_key
from parallax.embed.base import Embedder, normalize_rows
from parallax.model import Analysis, CrossEntity, FactMention, Phrase, Wording

# Constants calibrated on NewsWCL50 events 0-4 and BASIL 2010-2014 (docs/quality.md,
# "Wording"), with the seeds' "separatists" ~ "independence supporters" (0.50) as the
# pair that must clear the actor floor.
# Weight of the phrase-with-governing-words similarity against the bare phrase.
CONTEXT_WEIGHT = 0.5
# Two actor labels that are each other's best match name one actor from this similarity.
LABEL_SIMILARITY = 0.45
# Things and events read alike more easily ("water" / "food"): a higher floor.
THING_SIMILARITY = 0.6
# Added when the two labels occur in sentences aligned as one fact.
ALIGNED_BONUS = 0.1
# A second label of the same article joins a matched one from this similarity.
SAME_ARTICLE_SIMILARITY = 0.55
# Actor-like: "the <head>" is closer to a person/group prototype than to a thing
# prototype by this margin.
ACTOR_MARGIN = 0.0
ACTOR_PROTOTYPES = ("people", "person", "officials", "group of people", "members")
THING_PROTOTYPES = ("thing", "place", "event", "idea", "object", "activity", "document", "substance")
# Hedges worth reporting when only some articles use them.
_HEDGE_SHOWN = 3
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|sir|dame)\.?$", re.I)
# "Macron's suit": the possessor would make every "Macron's ..." phrase alike.
_POSSESSOR = re.compile(r"^.*['’]s\s+")
_CLAUSE = re.compile(r",|\s(?:who|which|that|whose)\s")


def compare_wording(
    analyses: Sequence[Analysis],
    entities: Sequence[CrossEntity],
    embedder: Embedder,
    fact_of: dict[tuple[str, int], int] | None = None,
) -> list[Wording]:
    """Label differences and loaded terms; ``fact_of`` maps (article, sentence) to its fact."""
    findings = _entity_labels(entities)
    findings += _phrase_labels(analyses, entities, embedder, fact_of or {})
    findings += _loaded_terms(analyses)
    return findings


# -- 1. named entities -------------------------------------------------------------------


def _entity_labels(entities: Sequence[CrossEntity]) -> list[Wording]:
    findings = []
    for entity in entities:
        if len(entity.aliases) < 2:
            continue
        labels = {
            article: _distinct([*_descriptions(entity.roles.get(article, [])), *surfaces])
            for article, surfaces in entity.aliases.items()
        }
        if not _labels_differ(labels):
            continue  # every article uses the same names (up to spelling and shortening)
        findings.append(Wording(concept=entity.name, kind="label", entity=entity.id, labels=labels))
    return findings


def _descriptions(roles: list[str]) -> list[str]:
    """Roles as labels: the first clause, without bare honorifics ("Mr.")."""
    found = []
    for role in roles:
        text = _CLAUSE.split(role, maxsplit=1)[0].strip()
        if text and not _HONORIFIC.match(text):
            found.append(text)
    return found


def _labels_differ(labels: dict[str, list[str]]) -> bool:
    """True when some article uses a label with no variant among another article's labels."""
    return any(
        not any(_variants(label, theirs) for theirs in other)
        for article, own in labels.items()
        for other_article, other in labels.items()
        if other_article != article
        for label in own
    )


def _variants(first: str, second: str) -> bool:
    """One label's words include the other's, up to spelling: 'Comey' / 'James Comey',
    'Vasily Malayev' / 'Vasily Malaeyev', 'President' / 'U.S. President'."""
    a = [w for w in name_key(first).split() if not _HONORIFIC.match(w)]
    b = [w for w in name_key(second).split() if not _HONORIFIC.match(w)]
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(fuzz.ratio(word, other) >= NAME_SIMILARITY for other in long) for word in short)


def _distinct(surfaces: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for surface in surfaces:
        seen.setdefault(surface.lower().removesuffix("'s").removesuffix("’s"), surface)
    return list(seen.values())


# -- 2. common-noun labels ---------------------------------------------------------------


@dataclass
class _Label:
    """One article's word for something: its noun phrases that share a head."""

    article: str
    head: str
    phrases: list[Phrase]
    actor: bool = False


def _phrase_labels(
    analyses: Sequence[Analysis],
    entities: Sequence[CrossEntity],
    embedder: Embedder,
    fact_of: dict[tuple[str, int], int],
) -> list[Wording]:
    labels = _labels(analyses, entities)
    if len({label.article for label in labels}) < 2:
        return []
    words, contexts = _label_vectors(labels, embedder)
    actors = _actor_scores([_surface(label) for label in labels], embedder)
    for label, score in zip(labels, actors, strict=True):
        label.actor = score >= ACTOR_MARGIN
    similarity = (1 - CONTEXT_WEIGHT) * (words @ words.T) + CONTEXT_WEIGHT * (contexts @ contexts.T)
    similarity += ALIGNED_BONUS * _aligned(labels, fact_of)
    vocabulary = {analysis.article.id: _vocabulary(analysis) for analysis in analyses}
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_article[label.article].append(index)

    parent = list(range(len(labels)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    articles = list(by_article)
    for position, first in enumerate(articles):
        for second in articles[position + 1 :]:
            for i, j in _matches(labels, similarity, by_article[first], by_article[second], vocabulary):
                parent[find(i)] = find(j)
                for k in by_article[labels[i].article]:
                    if k != i and similarity[k, i] >= SAME_ARTICLE_SIMILARITY and _exclusive(labels[k], vocabulary[second]):
                        parent[find(k)] = find(i)
                for k in by_article[labels[j].article]:
                    if k != j and similarity[k, j] >= SAME_ARTICLE_SIMILARITY and _exclusive(labels[k], vocabulary[first]):
                        parent[find(k)] = find(j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(labels)):
        clusters[find(index)].append(index)
    return [
        _label_finding([labels[i] for i in members], analyses)
        for members in clusters.values()
        if len({labels[i].article for i in members}) >= 2
    ]


def _labels(analyses: Sequence[Analysis], entities: Sequence[CrossEntity]) -> list[_Label]:
    """Each article's noun-phrase labels, leaving out the descriptions of named entities
    (reported with the entity) and heads that are not words."""
    labels = []
    for analysis in analyses:
        article = analysis.article.id
        described = [role.lower() for entity in entities for role in entity.roles.get(article, [])]
        by_head: dict[str, list[Phrase]] = defaultdict(list)
        for phrase in analysis.phrases:
            if len(phrase.head) < 3 or not phrase.head.isalpha():
                continue
            if any(phrase.text.lower() in role for role in described):
                continue
            by_head[phrase.head].append(phrase)
        labels += [_Label(article, head, phrases) for head, phrases in by_head.items()]
    return labels


def _label_vectors(labels: list[_Label], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Mean phrase and mean context vector of each label."""
    texts = [_POSSESSOR.sub("", phrase.text) for label in labels for phrase in label.phrases]
    contexts = [phrase.context for label in labels for phrase in label.phrases]
    text_vectors, context_vectors = embedder.embed(texts), embedder.embed(contexts)
    bounds = np.cumsum([0] + [len(label.phrases) for label in labels])
    words = np.array([text_vectors[a:b].mean(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    context = np.array([context_vectors[a:b].mean(axis=0) for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
    return normalize_rows(words), normalize_rows(context)


def _surface(label: _Label) -> str:
    """The head word as the article most often writes it ("separatists"): MiniLM reads
    plural group nouns as people more clearly than their lemma."""
    words = Counter(phrase.text.split()[-1].lower() for phrase in label.phrases)
    return words.most_common(1)[0][0]


def _actor_scores(heads: list[str], embedder: Embedder) -> np.ndarray:
    """How much closer "the <head>" is to people and groups than to things and events."""
    vectors = embedder.embed([f"the {head}" for head in heads])
    people = embedder.embed(list(ACTOR_PROTOTYPES))
    things = embedder.embed(list(THING_PROTOTYPES))
    return (vectors @ people.T).max(axis=1) - (vectors @ things.T).max(axis=1)


def _aligned(labels: list[_Label], fact_of: dict[tuple[str, int], int]) -> np.ndarray:
    """1 where two labels of different articles occur in sentences of one fact."""
    facts = [{fact_of.get((label.article, p.sentence)) for p in label.phrases} - {None} for label in labels]
    shared = np.zeros((len(labels), len(labels)))
    by_fact: dict[int, list[int]] = defaultdict(list)
    for index, label_facts in enumerate(facts):
        for fact in label_facts:
            by_fact[fact].append(index)  # type: ignore[index]
    for members in by_fact.values():
        for i in members:
            for j in members:
                if labels[i].article != labels[j].article:
                    shared[i, j] = 1.0
    return shared


def _vocabulary(analysis: Analysis) -> str:
    return analysis.article.text.lower()


def _exclusive(label: _Label, other_text: str) -> bool:
    """The other article never writes this label's head word (in any inflection)."""
    return re.search(rf"\b{re.escape(label.head)}(?:s|es)?\b", other_text) is None


def _matches(
    labels: list[_Label], similarity: np.ndarray, first: list[int], second: list[int], vocabulary: dict[str, str]
) -> list[tuple[int, int]]:
    """Pairs of labels, one per article, that each article alone uses and that are each
    other's best match among all the two articles' labels."""
    block = similarity[np.ix_(first, second)]
    best_in_second = block.argmax(axis=1)
    best_in_first = block.argmax(axis=0)
    pairs = []
    for row, column in enumerate(best_in_second):
        if best_in_first[column] != row:
            continue
        i, j = first[row], second[column]
        a, b = labels[i], labels[j]
        floor = LABEL_SIMILARITY if a.actor and b.actor else THING_SIMILARITY
        if (
            block[row, column] >= floor
            and _exclusive(a, vocabulary[b.article])
            and _exclusive(b, vocabulary[a.article])
        ):
            pairs.append((i, j))
    return pairs


def _label_finding(members: list[_Label], analyses: Sequence[Analysis]) -> Wording:
    labels: dict[str, list[str]] = defaultdict(list)
    heads: Counter[str] = Counter()
    evidence = []
    for label in sorted(members, key=lambda m: -len(m.phrases)):
        heads[label.head] += len(label.phrases)
        for phrase in label.phrases:
            if phrase.text not in labels[label.article]:
                labels[label.article].append(phrase.text)
            evidence.append(_mention(analyses, label.article, phrase.sentence))
    concept = " / ".join(head for head, _ in heads.most_common())
    return Wording(concept=concept, kind="label", labels=dict(labels), evidence=_unique(evidence))


# -- 3. loaded terms ---------------------------------------------------------------------


def _loaded_terms(analyses: Sequence[Analysis]) -> list[Wording]:
    usage: dict[str, dict[str, list[FactMention]]] = defaultdict(lambda: defaultdict(list))
    for analysis in analyses:
        for sentence in analysis.sentences:
            for hedge in sentence.attribution.hedges:
                term = hedge.lower() if not hedge.startswith(("\"", "“", "«")) else "scare quotes"
                usage[term][analysis.article.id].append(
                    FactMention(article=analysis.article.id, sentence=sentence.index, start=sentence.start,
                                end=sentence.end, text=sentence.text)
                )
    findings = []
    for term, by_article in usage.items():
        if len(by_article) == len(analyses):
            continue  # every article uses it: not a difference between them
        labels = {}
        for article, mentions in by_article.items():
            analysis = next(a for a in analyses if a.article.id == article)
            labels[article] = _hedge_labels(term, analysis, mentions)
        evidence = [mention for mentions in by_article.values() for mention in mentions[:_HEDGE_SHOWN]]
        findings.append(Wording(concept=term, kind="loaded", labels=labels, evidence=evidence))
    return findings


def _hedge_labels(term: str, analysis: Analysis, mentions: list[FactMention]) -> list[str]:
    """The words as used: 'so-called CTO', '"humanitarian catastrophe"'."""
    labels = []
    for mention in mentions:
        hedges = analysis.sentences[mention.sentence].attribution.hedges
        for hedge in hedges:
            if term == "scare quotes" and hedge.startswith(("\"", "“", "«")):
                labels.append(hedge)
            elif hedge.lower() == term:
                position = mention.text.lower().find(term)
                labels.append(mention.text[position : position + len(term) + 24].split(" (")[0].strip() if position >= 0 else term)
    return list(dict.fromkeys(labels))


def _mention(analyses: Sequence[Analysis], article: str, sentence_index: int) -> FactMention:
    analysis = next(a for a in analyses if a.article.id == article)
    sentence = analysis.sentences[sentence_index]
    return FactMention(article=article, sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text)


def _unique(mentions: list[FactMention]) -> list[FactMention]:
    seen: dict[tuple[str, int], FactMention] = {}
    for mention in mentions:
        seen.setdefault((mention.article, mention.sentence), mention)
    return list(seen.values())
