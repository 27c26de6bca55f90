"""Speaker resolution measured on ECB+ (Cybulska and Vossen, LREC 2014) coreference chains.

PolNeAR scores the source *span* of an attribution ("he"), not the person Parallax names
behind it. ECB+ annotates people (``HUMAN_PART_*`` markables, anchored on tokens) and
chains their mentions, pronouns included, within each document (the sources of one
``CROSS_DOC_COREF`` or ``INTRA_DOC_COREF`` relation, grouped by its target). That gives
the person a "he said" stands for.

Documents. ``parallax.eval.stories.load_documents`` rebuilds each ECB+ article from its
tokens (title, dateline and URL apart); the tokens are then aligned to ``Article.text``
in order (a token is placed when only whitespace separates it from the previous one, so
title words and text the cleaner dropped stay unplaced) and every markable whose tokens
were all placed becomes a character span.

Judged. Every quote or attribution of ``read_quotes`` (quotes first, then the second
tier; one judgement per speaker span) whose speaker span overlaps a human markable whose
chain holds at least one mention that is not a pronoun. ``"pronoun"``: the speaker span
is he/she/him/her/his; ``"named"``: any other speaker span (the markable sharing most
characters with it, then the later one, is the gold mention).

Correct. Parallax's ``speaker`` and a non-pronoun mention of the chain end in the same
word (case-, accent- and possessive-insensitive; "X of Y" also ends in X): "Tara Reid"
for a chain holding "Reid" or "actress Tara Reid", "the actress" for one holding
"actress", "the governor of the island" for one holding "governor". Agreeing on the head word
is what linking to an entity needs; a first name alone ("Tara") does not count. A
pronoun speaker left as None is ``unnamed`` (and not correct).

Baseline, same run, same pronouns: the nearest PERSON entity of spaCy's ``doc.ents``
that ends before the pronoun.

``description``: the ``named`` speaker spans (a subset, counted in ``named`` too) that
are a common-noun description: headed by a common noun, opening with a determiner, a
possessive, a lower-case word or a common word that opens the sentence ("Police said"),
and with no proper name set beside the head ("the head of the border service", "her
publicist"; not "the comedian Ana Ruiz").

The whole analysis (``analysis``): ``analysis_from_doc`` on the same parse (the headline
apart: its quotes index into the title, which the gold does not cover) links each quote
to an entity and names a description speaker by the person given that role earlier.
Its speaker names are judged as above, on the same speaker spans (``renamed`` counts
those whose name differs from the reader's). ``entity_link``: a quote whose ``entity`` is
set is linked; the link is correct when a mention of that entity overlaps a mention of
the gold chain or the entity's name ends in the same word as a non-pronoun mention of
it. ``linked_share`` divides by all judged, ``accuracy`` by the linked ones. A
description is already a correct *name* when the chain holds its noun ("the coroner"),
so what resolving descriptions adds shows in their links, above all in
``description_named_earlier``: those whose chain names its member (a mention holding a
proper noun) before the quote, which the analysis could have resolved.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from unidecode import unidecode

from parallax.analyze import analysis_from_doc
from parallax.analyze.quotes import PERSON_PRONOUNS, read_quotes
from parallax.analyze.nlp import BATCH_SIZE, load_nlp
from parallax.errors import InputError
from parallax.eval.stories import ecbplus_root, load_documents
from parallax.model import Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Words that make a mention a pronoun rather than a name or description.
_PRONOUN_WORDS = PERSON_PRONOUNS | {
    "hers", "himself", "herself", "they", "them", "their", "theirs", "themselves", "it", "its", "i", "me", "my",
    "mine", "we", "us", "our", "you", "your", "who", "whom", "whose", "that", "which", "this", "these", "those",
}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # "Smith-Jones" ends in "jones", as "Jones" does


@dataclass(frozen=True)
class Mention:
    """One annotated human mention: its characters in ``Article.text`` and its chain."""

    start: int
    end: int
    text: str
    chain: str


# Penn tags of a first word that makes a common-noun phrase a description: "the", "a",
# "her" ("Her lawyer said"); a lower-case first word ("officials", "police") does too, and
# a common noun or adjective capitalised only because it opens the sentence ("Police said").
_DESCRIPTION_OPENERS = frozenset({"DT", "PRP$"})
_SENTENCE_OPENERS = frozenset({"NOUN", "ADJ"})
# Dependencies by which a proper name set beside the head makes the span a name
# ("the comedian Ana Ruiz", "her publicist, Ana Ruiz").
_NAME_BESIDE_HEAD = frozenset({"appos", "compound"})


@dataclass
class _Tally:
    judged: int = 0
    correct: int = 0
    unnamed: int = 0

    def add(self, speaker: str | None, chain: list[Mention]) -> None:
        self.judged += 1
        if speaker is None:
            self.unnamed += 1
        elif names_chain(speaker, chain):
            self.correct += 1

    def as_dict(self) -> dict[str, float | int]:
        """``accuracy`` over all judged; ``precision`` over those given a name, as a wrong
        name misleads a reader more than none."""
        named = self.judged - self.unnamed
        return {
            "judged": self.judged,
            "correct": self.correct,
            "unnamed": self.unnamed,
            "accuracy": round(self.correct / self.judged, 4) if self.judged else 0.0,
            "precision": round(self.correct / named, 4) if named else 0.0,
        }


@dataclass
class _LinkTally:
    judged: int = 0
    linked: int = 0
    correct: int = 0

    def add(self, entity: Entity | None, chain: list[Mention]) -> None:
        self.judged += 1
        if entity is not None:
            self.linked += 1
            self.correct += links_chain(entity, chain)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "judged": self.judged,
            "linked": self.linked,
            "correct": self.correct,
            "linked_share": round(self.linked / self.judged, 4) if self.judged else 0.0,
            "accuracy": round(self.correct / self.linked, 4) if self.linked else 0.0,
        }


_KINDS = ("pronoun", "named", "description")
# The descriptions a reader could resolve: the chain names its member (a mention with a
# proper noun) before the description ("Gen. Lask ... The general said").
_DESCRIPTION_NAMED_EARLIER = "description_named_earlier"


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict:
    """Accuracy of the speakers Parallax names, for pronoun and named speaker spans, with
    the nearest-PERSON baseline for the pronouns, first from the quote reader and then
    after the whole analysis, with its entity links (JSON-ready). ``data_dir`` is the ECB+
    folder (holding ``ECB+/<topic>/*.xml``) or that ``ECB+`` folder; ``limit`` takes the
    first documents in topic order."""
    root = ecbplus_root(Path(data_dir))
    if root is None:
        raise InputError(str(data_dir), "not an ECB+ folder: expected ECB+/<topic>/*ecb*.xml")
    documents = load_documents(Path(data_dir))[:limit]
    pronoun, named, baseline, description = _Tally(), _Tally(), _Tally(), _Tally()
    analysed = {kind: _Tally() for kind in _KINDS}
    links = {kind: _LinkTally() for kind in ("all", *_KINDS, _DESCRIPTION_NAMED_EARLIER)}
    renamed = 0
    texts = [document.article.text for document in documents]
    for document, doc in zip(documents, load_nlp().pipe(texts, batch_size=BATCH_SIZE), strict=True):
        path = root / document.doc_id.split("_")[0] / f"{document.doc_id}.xml"
        mentions = gold_mentions(path, document.article.text)
        spoken, stances = read_quotes(doc)
        persons = [(ent.end_char, ent.text) for ent in doc.ents if ent.label_ == "PERSON"]
        reader_names: dict[tuple[int | None, int | None], str | None] = {}
        for quote, chain in judged_speakers(spoken + stances, mentions):
            reader_names[quote.speaker_start, quote.speaker_end] = quote.speaker
            kinds = speaker_kinds(doc, quote)
            if "pronoun" in kinds:
                pronoun.add(quote.speaker, chain)
                before = [name for end, name in persons if end <= quote.speaker_start]
                baseline.add(before[-1] if before else None, chain)
            else:
                named.add(quote.speaker, chain)
            if "description" in kinds:
                description.add(quote.speaker, chain)
        analysis = analysis_from_doc(document.article, doc)  # reads the quotes again, not the text
        entities = {entity.id: entity for entity in analysis.entities}
        for quote, chain in judged_speakers(analysis.quotes + analysis.attributions, mentions):
            renamed += reader_names.get((quote.speaker_start, quote.speaker_end)) != quote.speaker
            entity = entities.get(quote.entity or "")
            links["all"].add(entity, chain)
            kinds = speaker_kinds(doc, quote)
            for kind in kinds:
                analysed[kind].add(quote.speaker, chain)
                links[kind].add(entity, chain)
            if "description" in kinds and named_earlier(doc, chain, quote.speaker_start or 0):
                links[_DESCRIPTION_NAMED_EARLIER].add(entity, chain)
    return {
        "task": "speakers",
        "documents": len(documents),
        "pronoun": pronoun.as_dict(),
        "named": named.as_dict(),
        "baseline_pronoun": baseline.as_dict(),
        "description": description.as_dict(),
        "analysis": {
            **{kind: tally.as_dict() for kind, tally in analysed.items()},
            "renamed": renamed,
            "entity_link": {kind: tally.as_dict() for kind, tally in links.items()},
        },
    }


def speaker_kinds(doc: Doc, quote: Quote) -> tuple[str, ...]:
    """``("pronoun",)``, ``("named",)`` or ``("named", "description")`` for the speaker
    span of ``quote`` in ``doc``."""
    assert quote.speaker_start is not None and quote.speaker_end is not None
    if doc.text[quote.speaker_start : quote.speaker_end].strip().lower() in PERSON_PRONOUNS:
        return ("pronoun",)
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    return ("named", "description") if span is not None and is_description(span) else ("named",)


def is_description(span: Span) -> bool:
    """Whether a speaker span describes its speaker rather than naming it: headed by a
    common noun, opening with a determiner, a possessive, a lower-case word or a common
    word that opens the sentence, and with no proper name beside the head ("the head of
    the agency", "officials", "Police"; not "the comedian Ana Ruiz", nor "Lee's lawyer",
    which opens with a name)."""
    head, first = span.root, span[0]
    return (
        not is_pronoun(span.text)
        and head.pos_ == "NOUN"
        and (
            first.tag_ in _DESCRIPTION_OPENERS
            or first.text[:1].islower()
            or (first.is_sent_start and first.pos_ in _SENTENCE_OPENERS)
        )
        and not any(child.pos_ == "PROPN" and child.dep_ in _NAME_BESIDE_HEAD for child in head.children)
    )


def named_earlier(doc: Doc, chain: list[Mention], offset: int) -> bool:
    """Whether a mention of ``chain`` ending by ``offset`` holds a proper noun."""
    for mention in chain:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand") if mention.end <= offset else None
        if span is not None and any(token.pos_ == "PROPN" for token in span):
            return True
    return False


def links_chain(entity: Entity, chain: list[Mention]) -> bool:
    """Whether ``entity`` is the chain's member: one of its mentions overlaps a mention of
    the chain, or its name ends in the same word as a non-pronoun mention (``names_chain``)."""
    overlaps = any(m.start < g.end and g.start < m.end for m in entity.mentions for g in chain)
    return overlaps or names_chain(entity.name, chain)


def judged_speakers(found: list[Quote], mentions: list[Mention]) -> list[tuple[Quote, list[Mention]]]:
    """Each speaker span once (the first quote that has it), with the gold chain of the
    human mention it overlaps most, when that chain names its member by a non-pronoun."""
    chains: dict[str, list[Mention]] = {}
    for mention in mentions:
        chains.setdefault(mention.chain, []).append(mention)
    judged, seen = [], set()
    for quote in found:
        if quote.speaker_start is None or quote.speaker_end is None:
            continue
        span = (quote.speaker_start, quote.speaker_end)
        if span in seen:
            continue
        seen.add(span)
        overlapping = [(min(span[1], m.end) - max(span[0], m.start), m.end, m) for m in mentions]
        overlapping = [item for item in overlapping if item[0] > 0]
        if not overlapping:
            continue
        chain = chains[max(overlapping, key=lambda item: item[:2])[2].chain]
        if any(not is_pronoun(m.text) for m in chain):
            judged.append((quote, chain))
    return judged


def names_chain(speaker: str, chain: list[Mention]) -> bool:
    """Whether ``speaker`` ends in the same word as a non-pronoun mention of ``chain``
    (a phrase "X of Y" ends in X as well: "the governor of the island" is a governor)."""
    ends = _head_words(speaker)
    return any(not is_pronoun(m.text) and ends & _head_words(m.text) for m in chain)


def is_pronoun(text: str) -> bool:
    words = _words(text)
    return not words or all(word in _PRONOUN_WORDS for word in words)


def _words(text: str) -> list[str]:
    plain = re.sub(r"['’]s\b", "", unidecode(text).lower())
    return _WORD.findall(plain)


def _head_words(text: str) -> set[str]:
    """The last word of ``text`` and of its part before a first "of"."""
    words = _words(text)
    before_of = words[: words.index("of")] if "of" in words else []
    return {part[-1] for part in (words, before_of) if part}


def gold_mentions(path: Path, text: str) -> list[Mention]:
    """The human mentions of an ECB+ file that sit in a coreference chain, as spans of
    ``text`` (the article rebuilt from the same file)."""
    root = ET.parse(path).getroot()
    tokens = [(token.get("t_id", ""), token.get("sentence", ""), token.text or "") for token in root.iter("token")]
    places = _align(tokens, text)
    markables: dict[str, list[str]] = {}
    for markables_node in root.iter("Markables"):
        for markable in markables_node:
            anchors = [anchor.get("t_id", "") for anchor in markable.iter("token_anchor")]
            if markable.tag.startswith("HUMAN_PART") and anchors:
                markables[markable.get("m_id", "")] = anchors
    mentions = []
    for relation in root.iter():
        if relation.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        target = relation.find("target")
        chain = target.get("m_id", "") if target is not None else relation.get("r_id", "")
        for source in relation.iter("source"):
            anchors = markables.get(source.get("m_id", ""), [])
            spans = [places.get(anchor) for anchor in anchors]
            if anchors and all(spans):
                start, end = min(s[0] for s in spans if s), max(s[1] for s in spans if s)
                mentions.append(Mention(start, end, text[start:end], chain))
    return mentions


# Places tried for a sentence's first word: sentences follow each other, so a near one
# is right; a bound on the work, not tuned.
_SENTENCE_STARTS_TRIED = 5
# Share of a sentence's words that must fit for it to be placed: a headline whose words
# also open the body ("Ana Ruiz resigns" before "Ana Ruiz, the mayor, ...") fits only in
# part. Half let such headlines through on ECB+ topics 10 and 16; 0.8 placed 94% of tokens.
_SENTENCE_PLACED_SHARE = 0.8
# Non-space characters allowed between a word and the one before it (a quote mark or dash
# the text cleaner added), and how far ahead a word is looked for at all.
_MAX_SKIPPED = 2
_MAX_GAP = 40


def _align(tokens: list[tuple[str, str, str]], text: str) -> dict[str, tuple[int, int]]:
    """Token id -> (start, end) in ``text`` for ``(id, sentence, word)`` tokens. Sentences
    are placed in order, each where its first word occurs next (of a few places ahead, the
    one placing most of its words), and kept when most of their words fit; within a
    sentence a word follows the one before it across whitespace (or a changed quote mark)."""
    sentences: dict[str, list[tuple[str, str]]] = {}
    for token_id, sentence, word in tokens:
        sentences.setdefault(sentence, []).append((token_id, word.replace("``", '"').replace("''", '"')))
    places: dict[str, tuple[int, int]] = {}
    cursor = 0
    for words in sentences.values():
        best: dict[str, tuple[int, int]] = {}
        start = text.find(words[0][1], cursor)
        for _ in range(_SENTENCE_STARTS_TRIED):
            if start < 0:
                break
            placed = _place_sentence(words, text, start)
            if len(placed) > len(best):
                best = placed
            start = text.find(words[0][1], start + 1)
        if len(best) >= _SENTENCE_PLACED_SHARE * len(words):
            places.update(best)
            cursor = max(end for _, end in best.values())
    return places


def _place_sentence(words: list[tuple[str, str]], text: str, start: int) -> dict[str, tuple[int, int]]:
    placed: dict[str, tuple[int, int]] = {}
    cursor = start
    for token_id, word in words:
        found = text.find(word, cursor, cursor + len(word) + _MAX_GAP) if word else -1
        if found < 0 or len("".join(text[cursor:found].split())) > _MAX_SKIPPED:
            continue
        placed[token_id] = (found, found + len(word))
        cursor = found + len(word)
    return placed
