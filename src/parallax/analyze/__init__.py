"""Per-article analysis: sentences, entities, quotes, quantities, attribution and hedging.

One spaCy pass per article (batched with ``nlp.pipe`` over many articles) feeds every
extractor, so the cost stays close to bare spaCy's. All offsets index into
``Article.text``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from unidecode import unidecode

from parallax.analyze.entities import NEWS_AGENCIES
from parallax.analyze.nlp import BATCH_SIZE, load_nlp
from parallax.model import Analysis, Article, Entity, Phrase, Quote, Sentence, SentenceAttribution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A quoted fragment this short, with no cue verb, marks the words as someone else's:
# "so-called", scare quotes. Longer quoted passages are quotations.
SCARE_QUOTE_MAX_WORDS = 4
_QUOTED = re.compile(r"[\"“«]([^\"”»]{1,80})[\"”»]")
# Nouns that describe an organisation by its kind ("the company said"); general English.
ORGANISATION_NOUNS = frozenset({
    "company", "firm", "group", "giant", "maker", "manufacturer", "retailer", "carrier", "airline", "bank",
    "club", "team", "network", "broadcaster", "newspaper", "publisher", "studio", "insurer", "lender", "chain",
    "operator", "startup", "conglomerate", "corporation", "organisation", "organization", "charity",
    "league", "utility", "developer", "automaker", "carmaker", "supplier", "distributor",
})  # not "party": the recogniser labels parties as groups, so "the party" would find another organisation
# What may follow a speaker's name in its phrase ("Russia's", "Ana Ruiz,").
_TRAILING = re.compile(r"(?:'s|'|\s|[.,;:])+$")
# A name after one of these only qualifies the speaker: "the governor of Bali".
_PREPOSITIONS = {"of", "for", "in", "at", "from", "on", "to", "with", "by"}


def analyze(article: Article) -> Analysis:
    """Analyse one article (read it first: ``parallax.read`` takes a path or URL)."""
    return next(analyze_many([_require_article(article)]))


def analyze_many(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Analysis]:
    """Analyse many articles with batched spaCy passes (bodies, and headlines apart, since
    all offsets index into the body); yields in input order."""
    from parallax.analyze.quotes import may_hold_quote

    nlp = load_nlp()
    for batch in _batches(articles, batch_size):
        bodies = nlp.pipe([article.text for article in batch], batch_size=batch_size)
        quoting = [article for article in batch if article.title and may_hold_quote(article.title)]
        parsed = dict(zip(map(id, quoting), nlp.pipe([a.title or "" for a in quoting], batch_size=batch_size), strict=True))
        for article, doc in zip(batch, bodies, strict=True):
            yield analysis_from_doc(article, doc, parsed.get(id(article)))


def _require_article(article: object) -> Article:
    """The article itself; a path or text given instead would fail deep inside the analysis."""
    if not isinstance(article, Article):
        raise TypeError(f"analyze() takes an Article, not {type(article).__name__}: "
                        "read it first with parallax.read() or parallax.read_text()")
    return article


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(_require_article(article))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def analysis_from_doc(article: Article, doc: Doc, headline: Doc | None = None) -> Analysis:
    """Run every extractor on a parsed article (and on its parsed headline, if given)."""
    from parallax.analyze.entities import find_entities
    from parallax.analyze.quantities import find_quantities
    from parallax.analyze.quotes import read_quotes

    sentences, sentence_of = _sentences(article, doc)
    entities = find_entities(doc, sentence_of)
    quotes, attributions = read_quotes(doc)
    voices: set[str] = set()  # entities that have spoken so far, in text order
    text = doc.text  # rebuilt from the tokens on every access: once per quote made long articles quadratic
    for quote in sorted(quotes + attributions, key=lambda q: q.start):
        described = _entity_described(quote, entities, voices)
        if described is not None:  # "the head of the border service" after "..., Gen. Piotr Lask"
            quote.speaker, quote.entity = described.name, described.id
        else:
            quote.entity = _entity_for(quote, entities, text)
        if quote.entity is not None:
            voices.add(quote.entity)
        quote.sentence = _sentence_at(sentences, quote.start)
    quantities = find_quantities(doc, quotes + attributions)  # "X expects 300 ..." is X's number
    for quantity in quantities:  # indices into our sentence list, which skips blank spans
        quantity.sentence = _sentence_at(sentences, quantity.start)
    _attribute(sentences, quotes + attributions)
    headline_quotes = _headline_quotes(headline, entities) if headline is not None and headline.text.strip() else []
    return Analysis(
        article=article, sentences=sentences, entities=entities, quotes=quotes, attributions=attributions,
        quantities=quantities, phrases=_phrases(doc, sentence_of), headline_quotes=headline_quotes,
    )


def _headline_quotes(headline: Doc, entities: list[Entity]) -> list[Quote]:
    """Quotes in the headline, their speakers linked to the body's entities by name (the
    offsets are the headline's). "Name: ..." counts only when the name is a person or an
    organisation of the body: "Velmora spillway: ..." labels a topic, not a speaker."""
    from parallax.analyze.quotes import find_quotes

    types = {entity.id: entity.type for entity in entities}
    quotes = []
    for quote in find_quotes(headline):
        quote.entity = _entity_for(
            quote.model_copy(update={"speaker_start": None, "speaker_end": None}), entities, headline.text
        )
        quote.sentence = None
        if quote.cue != ":" or types.get(quote.entity or "") in ("PERSON", "ORG"):
            quotes.append(quote)
    return quotes


def _phrases(doc: Doc, sentence_of: list[int]) -> list[Phrase]:
    """Common-noun phrases (not names, numbers or pronouns), trimmed of determiners."""
    phrases = []
    text_of_doc = doc.text  # Doc.text is rebuilt from the tokens on every access
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.pos_ != "NOUN" or head.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            continue
        tokens = [t for t in chunk if t.pos_ not in ("DET", "PRON", "NUM", "PUNCT") and not t.like_num]
        while tokens and tokens[0].pos_ in ("ADP", "CCONJ", "PART"):
            tokens.pop(0)
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = text_of_doc[start:end]
        phrases.append(
            Phrase(
                start=start, end=end, text=text, head=head.lemma_.lower(), context=_governed(head, text),
                sentence=sentence_of[head.i],
            )
        )
    return phrases


def _governed(head: Token, text: str) -> str:
    """The phrase with what governs it: 'fighting with separatists', 'separatists attacked'."""
    governor = head.head
    if head.dep_ == "pobj" and governor.head is not governor:
        return f"{governor.head.text} {governor.text} {text}"
    if head.dep_ in ("dobj", "attr", "appos", "conj") and governor is not head:
        return f"{governor.text} {text}"
    if head.dep_ in ("nsubj", "nsubjpass") and governor is not head:
        return f"{text} {governor.text}"
    return text


def _sentences(article: Article, doc: Doc) -> tuple[list[Sentence], list[int]]:
    """Sentences with their paragraph, trimmed of whitespace; and each token's sentence."""
    starts = article.paragraph_starts()
    sentences: list[Sentence] = []
    sentence_of = [0] * len(doc)
    for span in doc.sents:
        text = span.text
        stripped = text.strip()
        start = span.start_char + (len(text) - len(text.lstrip()))
        paragraph = max(bisect.bisect_right(starts, start) - 1, 0)
        if stripped and sentences and _is_trailing_mark(stripped) and sentences[-1].paragraph == paragraph:
            # a closing quote the parser cut off ("The water came at night." + '"'): it
            # belongs to the sentence it closes, which would otherwise open a quote it never ends
            previous = sentences[-1]
            end = start + len(stripped)
            sentences[-1] = previous.model_copy(update={"end": end, "text": article.text[previous.start:end]})
        elif stripped:
            end = start + len(stripped)
            sentences.append(Sentence(index=len(sentences), paragraph=paragraph, start=start, end=end, text=stripped))
        for token in span:
            sentence_of[token.i] = max(len(sentences) - 1, 0)
    return sentences, sentence_of


# What a sentence may end with after its last word: quote marks, brackets, full stops.
_CLOSING_MARKS = frozenset('"\'”’»)]}.!?…')


def _is_trailing_mark(text: str) -> bool:
    """Only closing punctuation (``_CLOSING_MARKS``)."""
    return all(char in _CLOSING_MARKS for char in text)


def _sentence_at(sentences: list[Sentence], offset: int) -> int | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end + 1:
            return sentence.index
    return None


def _entity_described(quote: Quote, entities: list[Entity], voices: set[str]) -> Entity | None:
    """The person or organisation a description speaker stands for, named earlier: a
    person given that description as a role ("the head of the border service, Gen. Piotr
    Lask"), else an organisation whose name ends in the description's noun ("the
    authority" after "the Sarn Valley Water Authority"), the latest such if several; else,
    for a noun of an organisation's kind ("the company"), the organisation among ``voices``
    (entity ids that spoke before), else named most so far (news agencies, which report
    rather than act, left out)."""
    if not quote.speaker or (quote.speaker[:1].isupper() and not quote.speaker.lower().startswith("the ")):
        return None  # a name, not a description
    wanted = _role_key(quote.speaker)
    earlier = [entity for entity in entities if any(m.start < quote.start for m in entity.mentions)]
    people = [e for e in earlier if e.type == "PERSON" and any(wanted in _role_keys(role) for role in e.roles)]
    organisations = [
        e for e in earlier if e.type == "ORG" and " " not in wanted and _role_key(e.name).split()[-1:] == [wanted]
    ]
    candidates = people or organisations
    if candidates:
        return max(candidates, key=lambda e: max(m.start for m in e.mentions if m.start < quote.start))
    if wanted.split()[-1:] and wanted.split()[-1] in ORGANISATION_NOUNS:  # "the company", "the software giant"
        named = [e for e in earlier if e.type == "ORG" and e.name.lower() not in NEWS_AGENCIES]
        if named:  # the organisation the article is most about so far, the latest of equals
            return max(named, key=lambda e: (
                e.id in voices,
                sum(m.start < quote.start for m in e.mentions),
                max(m.start for m in e.mentions if m.start < quote.start),
            ))
    return None


def _role_key(text: str) -> str:
    words = unidecode(text).lower().replace("’", "'").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).strip(" ,.")


def _role_keys(role: str) -> set[str]:
    """The descriptions a role answers to: itself and its head noun ("the governor" for
    "the governor of Velmora", "the minister" for "Foreign Minister")."""
    key = _role_key(role)
    head = key.split(" of ")[0].split()[-1:] if key else []
    return {key, *head}


def _entity_for(quote: Quote, entities: list[Entity], text: str) -> str | None:
    """The entity the speaker is: named in the speaker text, else overlapping its span.

    A speaker span such as "the head of the FSB's border control, Vasily M." overlaps
    two entities; the one whose name the resolved speaker carries wins, then people. A
    person, place or group inside a longer speaker phrase only qualifies the speaker
    ("Bali police", "the governor of Bali", "Smith's lawyer", "the Obama administration"),
    so it stands for the speaker only as the phrase's head (see ``_heads``); an
    organisation may also be the one a spokesman speaks for ("an Apple spokesman").
    """
    speaker = unidecode(quote.speaker or "").lower()
    overlapping = []
    span_text = ""
    if quote.speaker_start is not None and quote.speaker_end is not None:
        span_text = unidecode(text[quote.speaker_start : quote.speaker_end]).lower()
        overlapping = [
            entity
            for entity in entities
            if any(m.start < quote.speaker_end and quote.speaker_start < m.end for m in entity.mentions)
        ]
    named = [
        entity
        for entity in overlapping or entities
        if any(len(name) > 2 and unidecode(name).lower() in speaker for name in (entity.name, *entity.aliases))
        and _heads(entity, speaker)
    ]
    heading = [entity for entity in overlapping if _heads(entity, span_text)]
    for pool in (named, heading):
        if pool:
            return max(pool, key=lambda e: (e.type == "PERSON", len(e.name))).id
    return None


def _heads(entity: Entity, speaker: str) -> bool:
    """Whether ``entity`` can be the speaker the lowercased ``speaker`` phrase names: an
    organisation anywhere in it; a person as its last words ("Sen. Ana Ruiz") or set off
    by a comma or "and" ("Ana Ruiz, the head of the agency"; "Ana Ruiz and Tom Hale"),
    not after a preposition; a place or group as the whole phrase ("Russia", "the
    Russians", "Russia's")."""
    if entity.type == "ORG":
        return True
    phrase = _TRAILING.sub("", _role_key(speaker))
    for name in (unidecode(name).lower() for name in (entity.name, *entity.aliases)):
        if len(name) <= 2:
            continue
        if entity.type != "PERSON":
            if phrase == _role_key(name):
                return True
            continue
        heading = re.search(rf"(?:^|(\w+)\W+){re.escape(name)}(?:$|,| and )", phrase)
        if heading and heading.group(1) not in _PREPOSITIONS:
            return True
    return False


def _attribute(sentences: list[Sentence], quotes: list[Quote]) -> None:
    """Mark each sentence asserted, attributed (to whom) or hedged (with which words);
    ``quotes`` holds quotes and attributions (a stance is attributed too)."""
    from parallax.analyze.cues import HEDGES

    quoted_spans = [(quote.start, quote.end) for quote in quotes]
    for sentence in sentences:
        source = next(
            (
                quote.speaker or "unnamed source"
                for quote in quotes
                if quote.start < sentence.end and sentence.start < quote.end
            ),
            None,
        )
        lowered = sentence.text.lower()
        hedges = [hedge for hedge in HEDGES if re.search(rf"\b{re.escape(hedge)}\b", lowered)]
        for match in _QUOTED.finditer(sentence.text):
            start = sentence.start + match.start()
            inside_quote = any(begin <= start < end for begin, end in quoted_spans)
            if len(match.group(1).split()) <= SCARE_QUOTE_MAX_WORDS and not inside_quote:
                hedges.append(match.group(0))
        status = "attributed" if source else "hedged" if hedges else "asserted"
        sentence.attribution = SentenceAttribution(status=status, source=source, hedges=hedges)
