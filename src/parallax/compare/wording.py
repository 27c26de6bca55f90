"""Word choice: how each article labels the same actors, and loaded terms only some use.

Labels are found from the texts, not from a fixed list of loaded words. Every way of
naming something is a node of one graph; nodes joined by the evidence below form a
concept, and a concept is a finding when some article uses a label that has no variant
(same words up to spelling, shortening or acronym) among another article's labels.

1. **Named entities** matched across articles are one node, labelled by their names
   and the descriptions around them ("North Korean leader" vs "North Korean dictator";
   "FSB" vs "Russia's security service"; not "Malayev" vs "Malaeyev", "Comey" vs "James
   Comey", "SVWA" vs "Sarn Valley Water Authority"). A capital written as an actor is a
   name of its country ("Pyongyang" / "North Korea"; capitals from CLDR's time zones).
2. **Words only one article uses.** Each article's noun phrases are grouped by head
   word ("separatists" and "pro-Russian separatists" are one label). For every pair of
   articles, two labels are joined when neither article writes the other's head word,
   each is the other's best match among *all* labels of the other article (so
   "personnel", whose best match is "soldiers", a word both use, is not paired with
   "civilians") and their similarity clears a floor. Similarity blends the phrases and
   the phrases with their governing words ("fighting with separatists" / "operation
   against independence supporters"). The floor is lower for actor-like labels (people
   and groups, judged by similarity to a few generic prototypes) than for things and
   events, which read alike more easily ("water" / "food"). Other labels of the same
   article that are close to a joined one, or governed by the same words ("fighting
   with rebels" / "fighting with separatists"), come along.
3. **Cross-article coreference through aligned facts.** In two sentences aligned as one
   fact, a phrase or name filling the same slot with a different word is the same
   thing named differently ("the North Korean dictator" / "Kim"; "nuclear arsenal" /
   "nuclear weapons program"): each must be the other's best match among the two
   sentences' mentions and clear a similarity floor. Two different names are never
   joined: that is entity matching's call.
4. **Hedging and distancing** that only some articles use: "so-called", scare quotes,
   "reportedly", "allegedly", with the sentence behind each.
5. **Evaluative words only one article writes** ("sham", "slammed"), judged by their
   similarity to generic loaded versus neutral prototype words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from parallax.analyze.entities import PLACE_PREPOSITIONS
from parallax.compare.entities import NAME_SIMILARITY, name_key
from parallax.embed.base import Embedder, normalize_rows
from parallax.model import Analysis, CrossEntity, FactMention, Phrase, Wording

# Calibrated on NewsWCL50 events 0-4 (docs/quality.md, "Wording"): a grid over the
# floors and weights, keeping the seeds' "separatists" ~ "independence supporters"
# (similarity 0.49) above the actor floor.
# Weight of the phrase-with-governing-words similarity against the bare phrase.
CONTEXT_WEIGHT = 0.5
# Two actor labels that are each other's best match name one actor from this similarity.
LABEL_SIMILARITY = 0.45
# Things and events read alike more easily ("water" / "food"): a higher floor.
THING_SIMILARITY = 0.7
# A second label of the same article joins a matched one from this similarity.
SAME_ARTICLE_SIMILARITY = 0.55
# Actor-like: "the <head>" is closer to a person/group prototype than to a thing
# prototype by this margin (plural group nouns score 0.10-0.20, things below 0.05).
ACTOR_MARGIN = 0.1
ACTOR_PROTOTYPES = ("people", "person", "officials", "group of people", "members")
THING_PROTOTYPES = ("thing", "place", "event", "idea", "object", "activity", "document", "substance")
# Words in one slot of two aligned sentences: weight of the governing words, and the
# similarity from which they name one thing.
SLOT_CONTEXT_WEIGHT = 0.3
SLOT_SIMILARITY = 0.65
# Added when both are governed by the same words ("strikers blocked" / "agitators blocked").
SAME_GOVERNOR_BONUS = 0.2
# Evaluative: closer to loaded prototypes than to neutral reporting words by this margin
# (BASIL 2010-2014: about one word per article, 12% of them inside a lexical-bias span,
# against 1% of the noun phrases only one outlet uses; 0.1 finds 15% of the spans
# instead of 6% but flags four words per article, 6% of them in a span).
EVALUATIVE_MARGIN = 0.2
LOADED_PROTOTYPES = (
    "outrageous", "disgraceful", "shocking", "brutal", "absurd",
    "wonderful", "terrible", "radical", "extreme", "heroic",
)
NEUTRAL_PROTOTYPES = ("said", "reported", "stated", "thing", "time", "year", "number", "meeting", "official", "people")
# Sentences shown as evidence per article for one term.
EVIDENCE_SHOWN = 3

# A capital after these words is where something happens, not who acts ("talks in Seoul").
# "to" and "via" join the general list only here: before a capital they mark a destination
# or a route ("flew to Seoul"), while before a person "to" marks whom one addresses.
_CAPITAL_PLACE_PREPOSITIONS = PLACE_PREPOSITIONS | {"to", "via"}
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|sir|dame)\.?$", re.I)
# "Macron's suit": the possessor would make every "Macron's ..." phrase alike.
_POSSESSOR = re.compile(r"^.*['’]s\s+")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]")  # letters of any script
_CLAUSE = re.compile(r",|\s(?:who|which|that|whose)\s")


def compare_wording(
    analyses: Sequence[Analysis],
    entities: Sequence[CrossEntity],
    embedder: Embedder,
    fact_of: dict[tuple[str, int], int] | None = None,
) -> list[Wording]:
    """Label differences and loaded terms; ``fact_of`` maps (article, sentence) to its fact."""
    story = _Story(analyses)
    entities = _with_capitals(entities, story)
    graph = _LabelGraph(story, entities)
    for first, second in _exclusive_matches(story, _labels(analyses, entities), embedder):
        graph.link(first, second)
    for first, second in _aligned_matches(story, entities, embedder, fact_of or {}):
        graph.link([first], [second])
    return graph.findings() + _hedges(story) + _evaluative_words(story, embedder)


def _with_capitals(entities: Sequence[CrossEntity], story: _Story) -> list[CrossEntity]:
    """A capital names its country's government ("Pyongyang" for North Korea): when the
    story names both, the capital's surfaces become the country's (two names are
    otherwise never joined, see ``_LabelGraph``) in the articles that use it so, not
    only as a place ("in Tokyo") or a dateline ("SEOUL")."""
    countries = {entity.name.lower(): entity for entity in entities if entity.type == "PLACE"}
    capitals: dict[str, list[CrossEntity]] = defaultdict(list)
    kept = []
    for entity in entities:
        country = countries.get(capital_countries().get(entity.name.lower(), ""))
        if country is not None and country is not entity:
            capitals[country.id].append(entity)
        else:
            kept.append(entity)
    folded = []
    for entity in kept:
        aliases = {article: list(surfaces) for article, surfaces in entity.aliases.items()}
        for capital in capitals.get(entity.id, []):
            for article, surfaces in capital.aliases.items():
                metonymic = story.metonymic(article, surfaces)
                aliases.setdefault(article, []).extend(s for s in surfaces if s in metonymic)
        folded.append(entity.model_copy(update={"aliases": aliases}) if entity.id in capitals else entity)
    return folded


@lru_cache(maxsize=1)
def capital_countries() -> dict[str, str]:
    """City -> country (lower case) for countries with one time zone, from CLDR via Babel:
    the tz database names such a zone after the country's capital or main city
    ("Asia/Pyongyang", "Asia/Seoul", "Europe/Paris"). Countries spanning several zones are
    left out: their zone cities ("America/Chicago") do not stand for the country."""
    from babel import Locale
    from babel.core import get_global

    zones: dict[str, list[str]] = defaultdict(list)
    for zone, territory in get_global("zone_territories").items():
        zones[territory].append(zone)
    english = Locale("en")
    return {
        found[0].rsplit("/", 1)[-1].replace("_", " ").lower(): english.territories[territory].lower()
        for territory, found in zones.items()
        if len(found) == 1 and territory in english.territories
    }


def distinctive_labels(finding: Wording) -> dict[str, list[str]]:
    """The labels that make a finding: per article, those with no variant among the
    other articles' labels (a loaded term is distinctive as it stands)."""
    if finding.kind == "loaded":
        return {article: list(labels) for article, labels in finding.labels.items()}
    return {
        article: [label for label in own if not _has_variant(label, finding.labels, article)]
        for article, own in finding.labels.items()
    }


class _Story:
    """The analysed articles, with each one's words, for lookups shared by the stages."""

    def __init__(self, analyses: Sequence[Analysis]) -> None:
        self.analyses = {analysis.article.id: analysis for analysis in analyses}
        self.words = {
            article: {word.lower() for word in re.findall(r"[A-Za-z]+", analysis.article.text)}
            for article, analysis in self.analyses.items()
        }
        self.tokens = {
            article: {word.lower() for word in _WORD.findall(analysis.article.text)}
            for article, analysis in self.analyses.items()
        }

    def writes(self, article: str, head: str) -> bool:
        """The article writes this word in some inflection ("rebel" in "rebel-held")."""
        words = self.words[article]
        return head in words or f"{head}s" in words or f"{head}es" in words

    def metonymic(self, article: str, surfaces: list[str]) -> set[str]:
        """The surfaces of a place this article also writes as an actor: not all upper
        case (a dateline) and somewhere not right after a preposition of place."""
        text = self.analyses[article].article.text
        found = set()
        for surface in surfaces:
            if surface.isupper():
                continue
            for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
                before = text[max(0, match.start() - 12) : match.start()].split()
                if not before or before[-1].lower() not in _CAPITAL_PLACE_PREPOSITIONS:
                    found.add(surface)
                    break
        return found

    def evidence(self, article: str, sentence_index: int) -> FactMention:
        sentence = self.analyses[article].sentences[sentence_index]
        return FactMention(
            article=article, sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text
        )

    def sentence_with(self, article: str, text: str, names: Sequence[str] = ()) -> FactMention | None:
        """The first sentence holding the text, preferring one that also names the entity
        it describes ("President" in "President Moon said", not in "President Trump")."""
        holding = [sentence for sentence in self.analyses[article].sentences if text in sentence.text]
        named = [sentence for sentence in holding if any(name in sentence.text for name in names if name != text)]
        chosen = (named or holding)[:1]
        return self.evidence(article, chosen[0].index) if chosen else None


# -- the graph of labels ------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    """A word for something as one article uses it, in one sentence."""

    article: str
    node: str  # the cross-entity id, or "<article> <head>" for a common-noun label
    text: str
    sentence: int

    @property
    def word(self) -> str:
        """What the mention calls its referent: the entity, or a phrase's head word."""
        return self.node.split(" ", 1)[-1]


class _LabelGraph:
    """Labels joined into concepts (union-find). Each named entity is one node across
    articles; two named entities are never joined, since two names in one slot are more
    often two actors than one."""

    def __init__(self, story: _Story, entities: Sequence[CrossEntity]) -> None:
        self.story = story
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

    def _entity_of(self, root: str) -> str | None:
        return self.named.get(root, root if root in self.entities else None)

    def link(self, first: list[_Mention], second: list[_Mention]) -> None:
        a, b = self.find(first[0].node), self.find(second[0].node)
        entity_a, entity_b = self._entity_of(a), self._entity_of(b)
        if a == b or (entity_a and entity_b):
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
            entity_id = self._entity_of(root)
            finding = self._finding(nodes, self.entities[entity_id] if entity_id else None)
            if finding is not None:
                findings.append(finding)
        return findings

    def _finding(self, nodes: list[str], entity: CrossEntity | None) -> Wording | None:
        labels: dict[str, list[str]] = defaultdict(list)
        if entity is not None:
            for article, surfaces in entity.aliases.items():
                labels[article] = _distinct([*_descriptions(entity.roles.get(article, [])), *surfaces])
        mentions = [m for node in nodes for m in self.mentions.get(node, [])]
        mentions.sort(key=lambda m: (m.article, m.sentence))
        for mention in mentions:
            if mention.text not in labels[mention.article]:
                labels[mention.article].append(mention.text)
        if len(labels) < 2 or not _labels_differ(labels):
            return None
        evidence = [self.story.evidence(m.article, m.sentence) for m in mentions]
        if entity is None:
            heads = Counter(mention.word for mention in mentions)
            concept = " / ".join(head for head, _ in heads.most_common())
            return Wording(concept=concept, kind="label", labels=dict(labels), evidence=_unique(evidence))
        finding = Wording(concept=entity.name, kind="label", entity=entity.id, labels=dict(labels))
        for article, own in distinctive_labels(finding).items():
            names = entity.aliases.get(article, [])
            evidence += [
                found for label in own[:EVIDENCE_SHOWN] if (found := self.story.sentence_with(article, label, names))
            ]
        finding.evidence = _unique(evidence)
        return finding


def _descriptions(roles: list[str]) -> list[str]:
    """Roles as labels: the first clause, without bare honorifics ("Mr.")."""
    found = []
    for role in roles:
        text = _CLAUSE.split(role, maxsplit=1)[0].strip()
        if text and not _HONORIFIC.match(text):
            found.append(text)
    return found


def _labels_differ(labels: dict[str, list[str]]) -> bool:
    """Some article uses a label with no variant among another article's labels. Pairs
    are compared one by one: two outlets writing "Pyongyang" where a third writes only
    "North Korea" is a difference, though no label is one outlet's alone."""
    return any(
        not any(_variants(label, theirs) for theirs in other_labels)
        for article, own in labels.items()
        for other, other_labels in labels.items()
        if other != article
        for label in own
    )


def _has_variant(label: str, labels: dict[str, list[str]], article: str) -> bool:
    return any(_variants(label, theirs) for other, values in labels.items() if other != article for theirs in values)


@lru_cache(maxsize=1 << 16)
def _variants(first: str, second: str) -> bool:
    """One label's words include the other's, up to spelling, or one is the other's
    acronym: 'Comey' / 'James Comey', 'Vasily Malayev' / 'Vasily Malaeyev', 'President' /
    'U.S. President', 'SVWA' / 'Sarn Valley Water Authority'."""
    a, b = _key_words(first), _key_words(second)
    if not a or not b:
        return False
    if _acronym(first, second) or _acronym(second, first):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(fuzz.ratio(word, other) >= NAME_SIMILARITY for other in long) for word in short)


@lru_cache(maxsize=1 << 14)
def _key_words(label: str) -> tuple[str, ...]:
    return tuple(word for word in name_key(label).split() if not _HONORIFIC.match(word))


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


def _unique(mentions: list[FactMention]) -> list[FactMention]:
    seen: dict[tuple[str, int], FactMention] = {}
    for mention in mentions:
        seen.setdefault((mention.article, mention.sentence), mention)
    return list(seen.values())


# -- 2. words only one article uses -----------------------------------------------------------


@dataclass
class _Label:
    """One article's word for something: its noun phrases that share a head."""

    article: str
    head: str
    phrases: list[Phrase]
    actor: bool = False
    governors: set[str] = field(default_factory=set)  # governing words of two or more

    @property
    def mentions(self) -> list[_Mention]:
        node = f"{self.article} {self.head}"
        return [_Mention(self.article, node, phrase.text, phrase.sentence) for phrase in self.phrases]


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
        for head, phrases in by_head.items():
            governors = {" ".join(p.context.replace(p.text, " ").lower().split()) for p in phrases}
            labels.append(_Label(article, head, phrases, governors={g for g in governors if len(g.split()) >= 2}))
    return labels


def _is_label(phrase: Phrase) -> bool:
    return len(phrase.head) >= 3 and phrase.head.isalpha()


def _exclusive_matches(
    story: _Story, labels: list[_Label], embedder: Embedder
) -> list[tuple[list[_Mention], list[_Mention]]]:
    """Labels only one article of a pair uses, joined as the module docstring says."""
    if len({label.article for label in labels}) < 2:
        return []
    words, contexts = _label_vectors(labels, embedder)
    for label, score in zip(labels, _actor_scores([_surface(label) for label in labels], embedder), strict=True):
        label.actor = score >= ACTOR_MARGIN
    similarity = (1 - CONTEXT_WEIGHT) * (words @ words.T) + CONTEXT_WEIGHT * (contexts @ contexts.T)
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_article[label.article].append(index)
    matches = []
    articles = list(by_article)
    for position, first in enumerate(articles):
        for second in articles[position + 1 :]:
            for i, j in _mutual_best(story, labels, similarity, by_article[first], by_article[second]):
                matches.append((labels[i].mentions, labels[j].mentions))
                for own, other, anchor in ((first, second, i), (second, first, j)):
                    for k in by_article[own]:
                        near = similarity[k, anchor] >= SAME_ARTICLE_SIMILARITY
                        same_slot = labels[k].governors & labels[anchor].governors
                        if k != anchor and (near or same_slot) and not story.writes(other, labels[k].head):
                            matches.append((labels[k].mentions, labels[anchor].mentions))
    return matches


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


def _mutual_best(
    story: _Story, labels: list[_Label], similarity: np.ndarray, first: list[int], second: list[int]
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
        if block[row, column] >= floor and not story.writes(b.article, a.head) and not story.writes(a.article, b.head):
            pairs.append((first[row], second[column]))
    return pairs


# -- 3. cross-article coreference through aligned facts ---------------------------------------


def _aligned_matches(
    story: _Story, entities: Sequence[CrossEntity], embedder: Embedder, fact_of: dict[tuple[str, int], int]
) -> list[tuple[_Mention, _Mention]]:
    """Words filling the same slot in two sentences aligned as one fact: each the other's
    best match among the two sentences' mentions, similar enough, and not variants of
    one word. Two names are left to entity matching."""
    slots = _slots(story, entities)
    keyed = [(key, mention, context) for key, found in slots.items() for mention, context in found]
    if not keyed:
        return []
    words = embedder.embed([_POSSESSOR.sub("", mention.text) for _, mention, _ in keyed])
    contexts = embedder.embed([context for _, _, context in keyed])
    vectors = np.hstack([np.sqrt(1 - SLOT_CONTEXT_WEIGHT) * words, np.sqrt(SLOT_CONTEXT_WEIGHT) * contexts])
    governors = [_governor(story, mention, context) for _, mention, context in keyed]
    positions: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, (key, _, _) in enumerate(keyed):
        positions[key].append(index)
    sentences_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key, fact in fact_of.items():
        if key in positions:
            sentences_of[fact].append(key)
    named = {entity.id for entity in entities}
    matches = []
    for keys in sentences_of.values():
        for position, first in enumerate(keys):
            for second in keys[position + 1 :]:
                if first[0] == second[0]:
                    continue
                rows, columns = positions[first], positions[second]
                block = vectors[rows] @ vectors[columns].T
                block += SAME_GOVERNOR_BONUS * np.array(
                    [[bool(governors[r]) and governors[r] == governors[c] for c in columns] for r in rows]
                )
                for row, column in enumerate(block.argmax(axis=1)):
                    if block[:, column].argmax() != row or block[row, column] < SLOT_SIMILARITY:
                        continue
                    a, b = keyed[rows[row]][1], keyed[columns[column]][1]
                    two_names = a.node in named and b.node in named
                    if a.word != b.word and not two_names and not _variants(a.text, b.text):
                        matches.append((a, b))
    return matches


def _governor(story: _Story, mention: _Mention, context: str) -> str:
    """The words that govern a phrase ("blocked" in "strikers blocked"); empty for names
    and for the source of a reported statement, whose verb ("said") any speaker fills."""
    source = story.analyses[mention.article].sentences[mention.sentence].attribution.source or ""
    if context == mention.text or mention.text in source:
        return ""
    return " ".join(context.replace(mention.text, " ").lower().split())


def _slots(story: _Story, entities: Sequence[CrossEntity]) -> dict[tuple[str, int], list[tuple[_Mention, str]]]:
    """(article, sentence) -> its names and noun phrases, each with its context."""
    slots: dict[tuple[str, int], list[tuple[_Mention, str]]] = defaultdict(list)
    for article, analysis in story.analyses.items():
        cross = {surface: entity.id for entity in entities for surface in entity.aliases.get(article, [])}
        for entity in analysis.entities:
            for mention in entity.mentions:
                node = cross.get(mention.text) or cross.get(entity.name)
                if node:
                    named = _Mention(article, node, mention.text, mention.sentence)
                    slots[(article, mention.sentence)].append((named, mention.text))
        for phrase in analysis.phrases:
            if _is_label(phrase):
                mention = _Mention(article, f"{article} {phrase.head}", phrase.text, phrase.sentence)
                slots[(article, phrase.sentence)].append((mention, phrase.context))
    return slots


# -- 4. hedging and distancing ----------------------------------------------------------------


def _hedges(story: _Story) -> list[Wording]:
    usage: dict[str, dict[str, list[FactMention]]] = defaultdict(lambda: defaultdict(list))
    for article, analysis in story.analyses.items():
        for sentence in analysis.sentences:
            for hedge in sentence.attribution.hedges:
                term = hedge.lower() if not hedge.startswith(("\"", "“", "«")) else "scare quotes"
                usage[term][article].append(story.evidence(article, sentence.index))
    findings = []
    for term, by_article in usage.items():
        if len(by_article) == len(story.analyses):
            continue  # every article uses it: not a difference between them
        labels = {
            article: _hedge_labels(term, story.analyses[article], mentions) for article, mentions in by_article.items()
        }
        evidence = [mention for mentions in by_article.values() for mention in mentions[:EVIDENCE_SHOWN]]
        findings.append(Wording(concept=term, kind="loaded", labels=labels, evidence=evidence))
    return findings


def _hedge_labels(term: str, analysis: Analysis, mentions: list[FactMention]) -> list[str]:
    """The words as used: 'so-called CTO', '"humanitarian catastrophe"'."""
    labels = []
    for mention in mentions:
        for hedge in analysis.sentences[mention.sentence].attribution.hedges:
            if term == "scare quotes" and hedge.startswith(("\"", "“", "«")):
                labels.append(hedge)
            elif hedge.lower() == term:
                position = mention.text.lower().find(term)
                words = mention.text[position : position + len(term) + 24].split(" (")[0] if position >= 0 else term
                labels.append(words.strip().rstrip(".,;:!?"))
    return list(dict.fromkeys(labels))


# -- 5. evaluative words only one article writes ----------------------------------------------


def _evaluative_words(story: _Story, embedder: Embedder) -> list[Wording]:
    """Evaluative words only one article writes, strongest first. Capitalised words
    inside a sentence are names, not word choice."""
    from spacy.lang.en.stop_words import STOP_WORDS

    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    surface: dict[tuple[str, str], str] = {}
    for article, analysis in story.analyses.items():
        for sentence in analysis.sentences:
            for match in _WORD.finditer(sentence.text):
                word = match.group(0).lower()
                if (match.start() > 0 and match.group(0)[0].isupper()) or word in STOP_WORDS:
                    continue
                surface.setdefault((article, word), match.group(0))
                if sentence.index not in where[(article, word)]:
                    where[(article, word)].append(sentence.index)
    candidates = [
        (article, word)
        for article, word in where
        if not any(word in tokens for other, tokens in story.tokens.items() if other != article)
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
        evidence = [story.evidence(article, sentence) for sentence in where[(article, word)][:EVIDENCE_SHOWN]]
        labels = {article: [surface[(article, word)]]}
        findings.append(Wording(concept=word, kind="loaded", labels=labels, evidence=evidence))
    return findings
