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
THING_SIMILARITY = 0.7
# Added when the two labels occur in sentences aligned as one fact.
ALIGNED_BONUS = 0.1
# A second label of the same article joins a matched one from this similarity.
SAME_ARTICLE_SIMILARITY = 0.55
# Actor-like: "the <head>" is closer to a person/group prototype than to a thing
# prototype by this margin.
ACTOR_MARGIN = 0.1
ACTOR_PROTOTYPES = ("people", "person", "officials", "group of people", "members")
THING_PROTOTYPES = ("thing", "place", "event", "idea", "object", "activity", "document", "substance")
# Words in one slot of two aligned sentences: weight of the governing words, and the
# similarity from which they name one thing (NewsWCL50 events 0-4: 0.3 and 0.6).
SLOT_CONTEXT_WEIGHT = 0.3
SLOT_SIMILARITY = 0.65
# Evaluative words only one article writes: a word is evaluative when it is closer to
# generic loaded prototypes than to neutral reporting words by this margin (BASIL
# 2010-2014 lexical-bias spans: 0.2 keeps ~2 words per article at ~12% precision).
EVALUATIVE_MARGIN = 0.2
LOADED_PROTOTYPES = (
    "outrageous", "disgraceful", "shocking", "brutal", "absurd", "wonderful", "terrible", "radical", "extreme", "heroic",
)
NEUTRAL_PROTOTYPES = ("said", "reported", "stated", "thing", "time", "year", "number", "meeting", "official", "people")
# Hedges worth reporting when only some articles use them.
_HEDGE_SHOWN = 3
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|sir|dame)\.?$", re.I)
# "Macron's suit": the possessor would make every "Macron's ..." phrase alike.
_POSSESSOR = re.compile(r"^.*['’]s\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_CLAUSE = re.compile(r",|\s(?:who|which|that|whose)\s")


def compare_wording(
    analyses: Sequence[Analysis],
    entities: Sequence[CrossEntity],
    embedder: Embedder,
    fact_of: dict[tuple[str, int], int] | None = None,
) -> list[Wording]:
    """Label differences and loaded terms; ``fact_of`` maps (article, sentence) to its fact."""
    graph = _LabelGraph(analyses, entities)
    labels = _labels(analyses, entities)
    if len({label.article for label in labels}) >= 2:
        for first, second in _exclusive_matches(analyses, labels, embedder, fact_of or {}):
            graph.link(_label_mentions(first), _label_mentions(second))
    for first, second in _aligned_matches(analyses, entities, embedder, fact_of or {}):
        graph.link([first], [second])
    return graph.findings() + _loaded_terms(analyses) + _evaluative_words(analyses, embedder)


@dataclass(frozen=True)
class _Mention:
    """A word for something as one article uses it, in one sentence."""

    article: str
    node: str  # the cross-entity id, or "<article> <head>" for a common-noun label
    text: str
    sentence: int


class _LabelGraph:
    """Labels joined into concepts (union-find). Each named entity is one node across
    articles; two named entities are never joined, since two names in one slot are more
    often two actors than one."""

    def __init__(self, analyses: Sequence[Analysis], entities: Sequence[CrossEntity]) -> None:
        self.analyses = {analysis.article.id: analysis for analysis in analyses}
        self.entities = {entity.id: entity for entity in entities}
        self.parent: dict[str, str] = {}
        self.mentions: dict[str, list[_Mention]] = defaultdict(list)
        self.named: dict[str, str] = {}  # root -> the entity in its component

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def link(self, first: list[_Mention], second: list[_Mention]) -> None:
        a, b = self.find(first[0].node), self.find(second[0].node)
        entity_a = self.named.get(a, a if a in self.entities else None)
        entity_b = self.named.get(b, b if b in self.entities else None)
        if a == b or (entity_a and entity_b and entity_a != entity_b):
            return
        for mention in [*first, *second]:
            if mention not in self.mentions[mention.node]:
                self.mentions[mention.node].append(mention)
        self.parent[a] = b
        if entity_a or entity_b:
            self.named[b] = entity_a or entity_b  # type: ignore[assignment]

    def findings(self) -> list[Wording]:
        components: dict[str, list[str]] = defaultdict(list)
        for node in [*self.parent, *(e for e in self.entities if e not in self.parent)]:
            components[self.find(node)].append(node)
        findings = []
        for root, nodes in components.items():
            entity = self.entities.get(self.named.get(root, root if root in self.entities else ""))
            finding = self._finding(nodes, entity)
            if finding is not None:
                findings.append(finding)
        return findings

    def _finding(self, nodes: list[str], entity: CrossEntity | None) -> Wording | None:
        labels: dict[str, list[str]] = defaultdict(list)
        if entity is not None:
            for article, surfaces in entity.aliases.items():
                labels[article] = _distinct([*_descriptions(entity.roles.get(article, [])), *surfaces])
        mentions = [mention for node in nodes for mention in self.mentions.get(node, [])]
        for mention in sorted(mentions, key=lambda m: (m.article, m.sentence)):
            if mention.text not in labels[mention.article]:
                labels[mention.article].append(mention.text)
        if len(labels) < 2 or not _labels_differ(labels):
            return None
        evidence = _unique([self._evidence(m.article, m.sentence) for m in mentions])
        if entity is not None:
            return Wording(concept=entity.name, kind="label", entity=entity.id, labels=dict(labels), evidence=evidence)
        heads = Counter(mention.node.split(" ", 1)[1] for mention in mentions)
        concept = " / ".join(head for head, _ in heads.most_common())
        return Wording(concept=concept, kind="label", labels=dict(labels), evidence=evidence)

    def _evidence(self, article: str, sentence_index: int) -> FactMention:
        sentence = self.analyses[article].sentences[sentence_index]
        return FactMention(article=article, sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text)


# -- 1. named entities -------------------------------------------------------------------


def _descriptions(roles: list[str]) -> list[str]:
    """Roles as labels: the first clause, without bare honorifics ("Mr.")."""
    found = []
    for role in roles:
        text = _CLAUSE.split(role, maxsplit=1)[0].strip()
        if text and not _HONORIFIC.match(text):
            found.append(text)
    return found


def distinctive_labels(finding: Wording) -> dict[str, list[str]]:
    """The labels that make a finding: per article, those with no variant among the
    other articles' labels (a loaded term is distinctive as it stands)."""
    if finding.kind == "loaded":
        return {article: list(labels) for article, labels in finding.labels.items()}
    return {
        article: [
            label
            for label in own
            if not any(_variants(label, theirs) for other, labels in finding.labels.items() if other != article for theirs in labels)
        ]
        for article, own in finding.labels.items()
    }


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
    """One label's words include the other's, up to spelling, or one is the other's
    acronym: 'Comey' / 'James Comey', 'Vasily Malayev' / 'Vasily Malaeyev', 'President' /
    'U.S. President', 'SVWA' / 'Sarn Valley Water Authority'."""
    a = [w for w in name_key(first).split() if not _HONORIFIC.match(w)]
    b = [w for w in name_key(second).split() if not _HONORIFIC.match(w)]
    if not a or not b:
        return False
    if _acronym(first, second) or _acronym(second, first):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(fuzz.ratio(word, other) >= NAME_SIMILARITY for other in long) for word in short)


def _acronym(short: str, long: str) -> bool:
    """'SVWA' / 'Sarn Valley Water Authority', 'U.S.' / 'United States'."""
    letters = re.sub(r"[^A-Za-z]", "", short)
    initials = "".join(word[0] for word in re.findall(r"[A-Z][\w'’-]*", long))
    return len(letters) >= 2 and short.replace(".", "").isupper() and letters == initials


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


def _label_mentions(label: _Label) -> list[_Mention]:
    node = f"{label.article} {label.head}"
    return [_Mention(label.article, node, phrase.text, phrase.sentence) for phrase in label.phrases]


def _exclusive_matches(
    analyses: Sequence[Analysis], labels: list[_Label], embedder: Embedder, fact_of: dict[tuple[str, int], int]
) -> list[tuple[_Label, _Label]]:
    """Labels one article alone uses matched with the other article's (see the module
    docstring); other labels of the same article close to a matched one come along."""
    words, contexts = _label_vectors(labels, embedder)
    for label, score in zip(labels, _actor_scores([_surface(label) for label in labels], embedder), strict=True):
        label.actor = score >= ACTOR_MARGIN
    similarity = (1 - CONTEXT_WEIGHT) * (words @ words.T) + CONTEXT_WEIGHT * (contexts @ contexts.T)
    similarity += ALIGNED_BONUS * _aligned(labels, fact_of)
    texts = {analysis.article.id: analysis.article.text.lower() for analysis in analyses}
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_article[label.article].append(index)
    matches = []
    articles = list(by_article)
    for position, first in enumerate(articles):
        for second in articles[position + 1 :]:
            for i, j in _mutual_best(labels, similarity, by_article[first], by_article[second], texts):
                matches.append((labels[i], labels[j]))
                for own, other, anchor in ((first, second, i), (second, first, j)):
                    for k in by_article[own]:
                        close = similarity[k, anchor] >= SAME_ARTICLE_SIMILARITY or _same_slot(labels[k], labels[anchor])
                        if k != anchor and close and _exclusive(labels[k], texts[other]):
                            matches.append((labels[k], labels[anchor]))
    return matches

def _labels(analyses: Sequence[Analysis], entities: Sequence[CrossEntity]) -> list[_Label]:
    """Each article's noun-phrase labels, leaving out the descriptions of named entities
    (reported with the entity) and heads that are not words."""
    labels = []
    for analysis in analyses:
        article = analysis.article.id
        described = [role.lower() for entity in entities for role in entity.roles.get(article, [])]
        by_head: dict[str, list[Phrase]] = defaultdict(list)
        for phrase in analysis.phrases:
            if _is_label(phrase) and not any(phrase.text.lower() in role for role in described):
                by_head[phrase.head].append(phrase)
        labels += [_Label(article, head, phrases) for head, phrases in by_head.items()]
    return labels


def _is_label(phrase: Phrase) -> bool:
    return len(phrase.head) >= 3 and phrase.head.isalpha()


def _label_vectors(labels: list[_Label], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Mean phrase and mean context vector of each label."""
    texts = [_POSSESSOR.sub("", phrase.text) for label in labels for phrase in label.phrases]
    contexts = [phrase.context for label in labels for phrase in label.phrases]
    text_vectors, context_vectors = embedder.embed(texts), embedder.embed(contexts)
    bounds = np.cumsum([0] + [len(label.phrases) for label in labels])
    spans = list(zip(bounds[:-1], bounds[1:], strict=True))
    words = np.array([text_vectors[a:b].mean(axis=0) for a, b in spans])
    context = np.array([context_vectors[a:b].mean(axis=0) for a, b in spans])
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
    shared = np.zeros((len(labels), len(labels)))
    by_fact: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        for fact in {fact_of.get((label.article, phrase.sentence)) for phrase in label.phrases} - {None}:
            by_fact[fact].append(index)  # type: ignore[index]
    for members in by_fact.values():
        for i in members:
            for j in members:
                if labels[i].article != labels[j].article:
                    shared[i, j] = 1.0
    return shared


def _same_slot(first: _Label, second: _Label) -> bool:
    """Both are governed by the same words of two or more ("fighting with rebels",
    "fighting with separatists"): one article varying its word for one actor."""
    def governors(label: _Label) -> set[str]:
        found = {phrase.context.replace(phrase.text, " ").strip().lower() for phrase in label.phrases}
        return {" ".join(governor.split()) for governor in found if len(governor.split()) >= 2}

    return bool(governors(first) & governors(second))


def _exclusive(label: _Label, other_text: str) -> bool:
    """The other article never writes this label's head word (in any inflection)."""
    return re.search(rf"\b{re.escape(label.head)}(?:s|es)?\b", other_text) is None


def _mutual_best(
    labels: list[_Label], similarity: np.ndarray, first: list[int], second: list[int], texts: dict[str, str]
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
        a, b = labels[first[row]], labels[second[column]]
        floor = LABEL_SIMILARITY if a.actor and b.actor else THING_SIMILARITY
        if block[row, column] >= floor and _exclusive(a, texts[b.article]) and _exclusive(b, texts[a.article]):
            pairs.append((first[row], second[column]))
    return pairs


# -- 3. labels in aligned sentences --------------------------------------------------------


def _aligned_matches(
    analyses: Sequence[Analysis], entities: Sequence[CrossEntity], embedder: Embedder, fact_of: dict[tuple[str, int], int]
) -> list[tuple[_Mention, _Mention]]:
    """Words filling the same slot in two sentences aligned as one fact: each the other's
    best match among the two sentences' mentions, similar enough, and not variants of
    one word. Two names are left to entity matching."""
    slots = _slots(analyses, entities)
    keyed = [(key, mention, context) for key, found in slots.items() for mention, context in found]
    if not keyed:
        return []
    words = embedder.embed([_POSSESSOR.sub("", mention.text) for _, mention, _ in keyed])
    contexts = embedder.embed([context for _, _, context in keyed])
    vectors = np.hstack([np.sqrt(1 - SLOT_CONTEXT_WEIGHT) * words, np.sqrt(SLOT_CONTEXT_WEIGHT) * contexts])
    positions: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, (key, _, _) in enumerate(keyed):
        positions[key].append(index)
    sentences_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key, fact in fact_of.items():
        if key in positions:
            sentences_of[fact].append(key)
    matches = []
    for keys in sentences_of.values():
        for position, first in enumerate(keys):
            for second in keys[position + 1 :]:
                if first[0] == second[0]:
                    continue
                rows, columns = positions[first], positions[second]
                block = vectors[rows] @ vectors[columns].T
                for row, column in enumerate(block.argmax(axis=1)):
                    if block[:, column].argmax() != row or block[row, column] < SLOT_SIMILARITY:
                        continue
                    a, b = keyed[rows[row]][1], keyed[columns[column]][1]
                    named = (a.node in slots.named) + (b.node in slots.named)
                    if _word(a) != _word(b) and named < 2 and not _variants(a.text, b.text):
                        matches.append((a, b))
    return matches


def _word(mention: _Mention) -> str:
    """What a mention calls its referent: the entity, or the head word of a phrase."""
    return mention.node.split(" ", 1)[-1]


class _Slots(dict):
    """(article, sentence) -> [(mention, context)], and the nodes that are named entities."""

    named: set[str]


def _slots(analyses: Sequence[Analysis], entities: Sequence[CrossEntity]) -> _Slots:
    slots = _Slots()
    slots.named = {entity.id for entity in entities}
    for analysis in analyses:
        article = analysis.article.id
        cross = {surface: entity.id for entity in entities for surface in entity.aliases.get(article, [])}
        for entity in analysis.entities:
            for mention in entity.mentions:
                node = cross.get(mention.text) or cross.get(entity.name)
                if node:
                    slots.setdefault((article, mention.sentence), []).append(
                        (_Mention(article, node, mention.text, mention.sentence), mention.text)
                    )
        for phrase in analysis.phrases:
            if _is_label(phrase):
                slots.setdefault((article, phrase.sentence), []).append(
                    (_Mention(article, f"{article} {phrase.head}", phrase.text, phrase.sentence), phrase.context)
                )
    return slots


# -- 4. loaded terms ---------------------------------------------------------------------


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


def _evaluative_words(analyses: Sequence[Analysis], embedder: Embedder) -> list[Wording]:
    """Evaluative words ("sham", "slammed", "heroic") that only one article writes,
    judged by similarity to loaded against neutral prototypes, not by a word list.
    Capitalised words inside a sentence are names, not word choice."""
    from spacy.lang.en.stop_words import STOP_WORDS

    used: dict[str, set[str]] = {}
    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    surface: dict[tuple[str, str], str] = {}
    for analysis in analyses:
        article = analysis.article.id
        used[article] = set()
        for sentence in analysis.sentences:
            for match in _WORD.finditer(sentence.text):
                word = match.group(0).lower()
                used[article].add(word)
                if match.start() > 0 and match.group(0)[0].isupper() or word in STOP_WORDS:
                    continue
                surface.setdefault((article, word), match.group(0))
                if sentence.index not in where[(article, word)]:
                    where[(article, word)].append(sentence.index)
    candidates = [
        (article, word)
        for article, word in where
        if not any(word in words for other, words in used.items() if other != article)
    ]
    if not candidates:
        return []
    vectors = embedder.embed([word for _, word in candidates])
    loaded, neutral = embedder.embed(list(LOADED_PROTOTYPES)), embedder.embed(list(NEUTRAL_PROTOTYPES))
    scores = (vectors @ loaded.T).max(axis=1) - (vectors @ neutral.T).max(axis=1)
    findings = []
    for index in np.argsort(-scores):
        if scores[index] < EVALUATIVE_MARGIN:
            break
        article, word = candidates[index]
        evidence = [_mention(analyses, article, sentence) for sentence in where[(article, word)][:_HEDGE_SHOWN]]
        label = surface[(article, word)]
        findings.append(Wording(concept=word, kind="loaded", labels={article: [label]}, evidence=evidence))
    return findings


def _mention(analyses: Sequence[Analysis], article: str, sentence_index: int) -> FactMention:
    analysis = next(a for a in analyses if a.article.id == article)
    sentence = analysis.sentences[sentence_index]
    return FactMention(article=article, sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text)


def _unique(mentions: list[FactMention]) -> list[FactMention]:
    seen: dict[tuple[str, int], FactMention] = {}
    for mention in mentions:
        seen.setdefault((mention.article, mention.sentence), mention)
    return list(seen.values())
