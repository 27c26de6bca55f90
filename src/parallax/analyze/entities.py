"""People, organisations, places and groups named in one article, merged per article.

spaCy's small English model finds the names; this module fixes the slips that matter
for comparing outlets, with rules about how a name is used rather than lists of names:

- a "person" that modifies a common noun ("Kiev officials", "the Orlen reservoir") or is
  the object of a locative preposition ("in Luhansk") is a place;
- a "person" whose words mark an institution ("... Service", "Ministry of ...") or that
  is a known news agency ("told Reuters") is an organisation;
- a lone surname tagged as an organisation is the person of that surname named earlier;
- one surface form gets one type across the article (majority vote, places winning ties),
  so a city tagged once as a person and twice as a place is a place.

Merging: a surname resolves to the full name it shortens; "Federal Security Service
(FSB)" makes FSB an alias; a title or role in front of a name ("spokesman Vasily
Malayev") or in apposition is kept as a role, not as part of the name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unidecode import unidecode

from parallax.extract.text import WIRE_AGENCIES
from parallax.model import Entity, EntityType, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "GROUP",
}
# Words that name an institution, not a person (English institutional vocabulary).
INSTITUTION_WORDS = {
    "service", "services", "ministry", "agency", "council", "committee", "authority", "police", "department",
    "army", "forces", "guard", "guards", "bureau", "office", "party", "union", "bank", "university", "court",
    "commission", "inc", "corp", "ltd", "company", "association", "institute", "foundation", "organization",
    "organisation", "federation", "front", "brigade", "battalion", "regiment", "administration", "government",
    "parliament", "assembly", "senate", "congress", "network", "news", "times", "post", "press", "tv", "radio",
}
# Titles and honorifics that open a name in news English; they become the role.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "president", "vice", "prime", "minister",
    "foreign", "defence", "defense", "interior", "governor", "gov", "mayor", "chief", "general", "gen", "col",
    "colonel", "lt", "major", "maj", "capt", "captain", "sgt", "sergeant", "officer", "deputy", "senator", "sen",
    "rep", "representative", "judge", "justice", "king", "queen", "prince", "princess", "pope", "rev",
    "spokesman", "spokeswoman", "spokesperson", "secretary", "chancellor", "ambassador", "commander", "director",
    "chairman", "chairwoman", "detective", "sheriff", "deputies", "trooper", "coroner", "attorney", "lawmaker",
}
# Nouns for people by what they do or are to others: a description headed by one of these
# ("the lawyer for the family, ...") introduces a person's name (general English vocabulary).
PERSON_NOUNS = TITLES | {
    "head", "leader", "official", "lawyer", "founder", "owner", "manager", "analyst", "expert", "professor",
    "executive", "ceo", "actor", "actress", "singer", "player", "coach", "victim", "suspect", "witness", "resident",
    "doctor", "teacher", "student", "worker", "mother", "father", "son", "daughter", "wife", "husband", "friend",
    "neighbour", "neighbor", "rep", "aide", "adviser", "advisor", "producer", "writer", "author", "reporter",
    "editor", "councillor", "councilman", "councilwoman", "economist", "scientist", "researcher",
}
# A name governed by one of these is where something happens ("clashes near Donetsk"), the
# one definition of "a place preposition" (wording adds words that only suit place names).
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "into", "from", "outside", "inside", "across", "around", "toward", "towards"}
)
NEWS_AGENCIES = frozenset(name.lower() for name in WIRE_AGENCIES)  # lowercased
# "the X of <name>" makes the name a place.
_PLACE_NOUNS = frozenset(
    {"region", "province", "city", "town", "village", "district", "oblast", "state", "county", "port",
     "island", "capital", "municipality", "suburb", "republic", "kingdom"}
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")


@dataclass
class _Candidate:
    span: Span
    type: EntityType
    name: str
    roles: list[str] = field(default_factory=list)


def find_entities(doc: Doc, sentence_of: list[int]) -> list[Entity]:
    """Entities of one article; ``sentence_of[token.i]`` is each token's sentence index."""
    candidates = [candidate for span in _with_missed_people(doc) if (candidate := _candidate(span)) is not None]
    _surnames_are_people(candidates)
    _vote_types(candidates)
    return _merge(candidates, doc, sentence_of)


# --- candidates and type fixes ------------------------------------------------------------


def missed_person_name(head: Token, ents: Sequence[Span]) -> Span | None:
    """A first name and surname the recogniser missed or took for an organisation, headed
    by ``head`` ("[Ana Petrov] visited ...", with "Petrov" alone tagged ORG): two or more
    proper nouns, a leading title left out, with no word of an institution and no other
    label. The quote reader uses the same rule for speakers and pronouns."""
    if head.pos_ != "PROPN":
        return None
    first = head
    while first.i > 0 and first.nbor(-1).pos_ == "PROPN" and first.nbor(-1).head == head:
        first = first.nbor(-1)
    while first.i < head.i and first.lower_.strip(".") in TITLES:
        first = first.nbor(1)  # "Spokeswoman Ana Petrov": the title is a role, not the name
    name = head.doc[first.i : head.i + 1]
    if len(name) < 2 or any(token.lower_ in INSTITUTION_WORDS for token in name):
        return None
    for ent in ents:
        if ent.start <= head.i < ent.end and (ent.label_ != "ORG" or ent.start <= first.i):
            return None  # a labelled name, or a whole organisation
    return name


def missed_person_names(doc: Doc, ents: Sequence[Span]) -> list[Span]:
    """The names of people the recogniser missed among the subjects of ``doc``, and in
    apposition to a description of a person ("the governor of Velmora, Ana Ruiz,")."""
    names = []
    for token in doc:
        subject = token.dep_ in ("nsubj", "nsubjpass")
        if not subject and not (token.dep_ == "appos" and token.pos_ == "PROPN"):
            continue
        name = missed_person_name(token, ents)
        if name is not None and (subject or _describes_a_person(name)):
            names.append(name)
    return names


def _describes_a_person(name: Span) -> bool:
    """Whether a description of a person comes right before ``name`` ("the lawyer, ...")."""
    description = _description_before(name)
    return description is not None and description.root.lower_ in PERSON_NOUNS


def _with_missed_people(doc: Doc) -> list[Span]:
    """The recogniser's names, with the people it missed in place of the surnames it
    took for organisations."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    missed = missed_person_names(doc, ents)
    kept = [ent for ent in ents if not any(name.start <= ent.start and ent.end <= name.end for name in missed)]
    added = [Span(doc, name.start, name.end, label="PERSON") for name in missed]
    return sorted(kept + added, key=lambda span: span.start)


def _candidate(span: Span) -> _Candidate | None:
    label = _LABELS.get(span.label_)
    if label is None:
        return None
    span = _trim(span)
    if span is None:
        return None
    root = span.root
    if label == "GROUP" and not (root.pos_ in ("NOUN", "PROPN") and root.tag_ in ("NNS", "NNPS")):
        return None  # "Russian" as an adjective is not a mention of a group
    if label == "PLACE" and len(span) == 1 and root.pos_ == "ADJ":
        return None  # "Ukrainian" tagged as a place
    if label in ("ORG", "PERSON") and len(span) == 1 and root.pos_ in ("ADJ", "VERB", "ADV") and root.is_sent_start:
        return None  # a capitalised sentence opener ("Fierce battles ...")
    if label == "PERSON":
        label = _fix_person(span)
    elif label == "ORG" and _is_place_of_region(span):
        label = "PLACE"
    roles: list[str] = []
    if label == "PERSON":
        span, roles = _split_title(span)
        if span is None:
            return None
        roles += _roles_around(span)
    return _Candidate(span=span, type=label, name=_normalise(span.text), roles=roles)


def _trim(span: Span) -> Span | None:
    """Drop a leading 'the', a trailing possessive or slash, and what follows a web
    address or a credit's slash: scraped photo galleries glue an image's URL to the name
    beside it ("Ana Ruiz http://…/ana-ruiz.jpg"), and a credit names the photographer,
    a slash, then the agency ("Ana Ruiz / Daily Post"): the first name is the one."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or _is_address(doc[start])):
        start += 1
    end = next((token.i for token in doc[start:end] if _is_address(token) or _is_credit_slash(token)), end)
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in _TRAILING_MARKS):
        end -= 1
    return doc[start:end] if end > start else None


_TRAILING_MARKS = frozenset({"/", "|", "-", "–", "—"})


def _is_address(token: Token) -> bool:
    """A web address with a scheme or a path, or an e-mail address; a bare domain
    ("People.com") is how some outlets are named, and stays."""
    text = token.lower_
    return bool(token.like_email or (token.like_url and ("://" in text or text.startswith("www.") or "/" in text)))


def _is_credit_slash(token: Token) -> bool:
    """A slash set apart by spaces, as credits write it ("Ana Ruiz / Daily Post"); a slash
    inside a name ("Big Ten/ACC Challenge") stays."""
    return token.text == "/" and token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and bool(token.whitespace_)


def _fix_person(span: Span) -> EntityType:
    words = {token.lower_.strip(".") for token in span}
    if words & INSTITUTION_WORDS or span.text.lower() in NEWS_AGENCIES:
        return "ORG"
    if _ACRONYM.match(span.text) and len(span) == 1:
        return "ORG"
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN" and root.head.lower_ not in TITLES:
        return "PLACE"  # "Kiev officials", "the Orlen reservoir"
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        return "PLACE"  # "in Luhansk"
    if _is_place_of_region(span):
        return "PLACE"  # "the city of Lenz"
    return "PERSON"


def _is_place_of_region(span: Span) -> bool:
    """'the region of Rostov', 'the city of Lenz': a place whatever the recogniser's tag."""
    root = span.root
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS


def _split_title(span: Span) -> tuple[Span | None, list[str]]:
    """'Governor Anton Brel' -> ('Anton Brel', ['Governor'])."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_.strip(".") in TITLES:
        start += 1
    title = span.doc[span.start : start].text
    return span.doc[start : span.end], [title] if title else []


def _roles_around(span: Span) -> list[str]:
    """Role words in front of a name ('Russian Foreign Minister') or in apposition."""
    doc = span.doc
    roles = []
    left = [
        token
        for child in span.root.lefts
        if child.i < span.start and child.dep_ in ("compound", "amod", "nmod", "appos")
        for token in child.subtree
    ]
    if left:
        first, last = min(token.i for token in left), max(token.i for token in left)
        if last < span.start:
            roles.append(doc[first : last + 1].text)
    root = span.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head  # "the head of the border control, Vasily M."
        subtree = [token for token in head.subtree if token.i < span.start and token.i not in range(span.start, span.end)]
        comma = next((t.i for t in subtree if t.i > head.i and t.text == ","), None)
        subtree = [token for token in subtree if comma is None or token.i < comma]  # not the name's title
        text = doc[subtree[0].i : subtree[-1].i + 1].text.rstrip(" ,") if subtree else ""
        if text:
            roles.append(text)
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i > span.end:
            roles.append(doc[child.left_edge.i : child.right_edge.i + 1].text)
    if not any(role[:1].islower() for role in roles):
        described = _description_before(span)
        if described is not None:
            roles.append(described.text)
    return roles


def _description_before(span: Span) -> Span | None:
    """"the head of the border service, Gen. Piotr Lask": a description set off by a comma
    right before the name (and its title), however the parser attached the two."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].lower_.strip(".") in TITLES or doc[i].text == "."):
        i -= 1  # the name's own title
    if i < 1 or doc[i].text != ",":
        return None
    last = doc[i - 1]
    head = last
    for ancestor in last.ancestors:  # the name may hang on the description's last word
        if ancestor.i >= i or ancestor.pos_ not in ("NOUN", "ADP", "PROPN"):
            break
        head = ancestor
    if head.pos_ != "NOUN" or (head.left_edge.lower_ not in ("the", "a", "an") and head.left_edge.dep_ != "poss"):
        return None
    return doc[head.left_edge.i : last.i + 1]


def _surnames_are_people(candidates: list[_Candidate]) -> None:
    """A lone word tagged ORG or PLACE that is the surname of a person named in full is that person."""
    surnames = {c.name.split()[-1].lower() for c in candidates if c.type == "PERSON" and len(c.name.split()) > 1}
    for candidate in candidates:
        if candidate.type in ("ORG", "PLACE") and len(candidate.span) == 1 and candidate.name.lower() in surnames:
            candidate.type = "PERSON"


def _vote_types(candidates: list[_Candidate]) -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for candidate in candidates:
        votes[candidate.name.lower()][candidate.type] += 1
    priority = {"PLACE": 3, "ORG": 2, "GROUP": 1, "PERSON": 0}
    for candidate in candidates:
        counter = votes[candidate.name.lower()]
        candidate.type = max(counter, key=lambda label: (counter[label], priority[label]))  # type: ignore[assignment]


# --- merging -----------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).strip(" ,.;:'\"")


def _key(text: str) -> str:
    return unidecode(text).lower()


def _merge(candidates: list[_Candidate], doc: Doc, sentence_of: list[int]) -> list[Entity]:
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], Entity] = {}
    acronyms = _acronym_definitions(doc, candidates)
    # Full names first, so a surname met before its full name still finds it.
    ordered = sorted(candidates, key=lambda c: (c.type != "PERSON" or len(c.span) == 1, c.span.start))
    for candidate in ordered:
        entity = _find(candidate, by_key, acronyms)
        if entity is None:
            entity = Entity(id=f"e{len(entities) + 1}", name=candidate.name, type=candidate.type)
            entities.append(entity)
        by_key[(candidate.type, _key(candidate.name))] = entity
        if candidate.name != entity.name and candidate.name not in entity.aliases:
            entity.aliases.append(candidate.name)
        for role in candidate.roles if entity.type == "PERSON" else ():
            if role not in entity.roles:
                entity.roles.append(role)
        span = candidate.span
        entity.mentions.append(
            Mention(start=span.start_char, end=span.end_char, text=span.text, sentence=sentence_of[span.start])
        )
    for definition, acronym in acronyms.items():
        entity = by_key.get(("ORG", _key(definition)))
        if entity is not None and acronym not in entity.aliases:
            entity.aliases.append(acronym)
    for entity in entities:
        entity.mentions.sort(key=lambda mention: mention.start)
    entities.sort(key=lambda entity: entity.mentions[0].start)
    for number, entity in enumerate(entities, start=1):
        entity.id = f"e{number}"
    return entities


def _find(
    candidate: _Candidate, by_key: dict[tuple[str, str], Entity], acronyms: dict[str, str]
) -> Entity | None:
    key = _key(candidate.name)
    if (candidate.type, key) in by_key:
        return by_key[(candidate.type, key)]
    if candidate.type == "PERSON" and len(candidate.name.split()) == 1:
        matches = {
            id(entity): entity
            for (kind, name), entity in by_key.items()
            if kind == "PERSON" and len(name.split()) > 1 and key in (name.split()[-1], name.split()[0])
        }
        if len(matches) == 1:
            return next(iter(matches.values()))
    if candidate.type == "ORG":
        for definition, acronym in acronyms.items():
            if candidate.name == acronym and ("ORG", _key(definition)) in by_key:
                return by_key[("ORG", _key(definition))]
            if _key(candidate.name) == _key(definition) and ("ORG", _key(acronym)) in by_key:
                return by_key[("ORG", _key(acronym))]
    return None


def _acronym_definitions(doc: Doc, candidates: list[_Candidate]) -> dict[str, str]:
    """'Federal Security Service (FSB)' in the text -> {'Federal Security Service': 'FSB'}."""
    definitions = {}
    text = doc.text
    for candidate in candidates:
        if candidate.type != "ORG":
            continue
        match = re.match(r"\s*\(([A-Z][A-Za-z0-9&.\-]{1,9})\)", text[candidate.span.end_char :])
        if match and _ACRONYM.match(match.group(1)):
            definitions[candidate.name] = match.group(1)
    return definitions
