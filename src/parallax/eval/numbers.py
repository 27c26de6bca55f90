"""Number extraction measured on GVA long-tail: killed/injured counts against the archive.

Each document is a scraped news text about one Gun Violence Archive (GVA) incident whose
frame gives the gold ``num_killed`` and ``num_injured``. Parallax reads the headline plus
the body cleaned by ``extract_text``, runs ``find_quantities`` and states at most one
killed and one injured figure per article (``casualty_figures``):

* a quantity counts the killed when the predicate of its event (the words before the
  first preposition: "arrested in his killing" is an arrest) or its counted phrase says
  killed/dead/died/fatal/slain/death, the injured when it says injured/wounded/hurt/
  hospitalized, everyone hit when it says shot/struck;
* only exact counts of people are used ("at least 2" is a floor; shots, cars, years are
  not people); subgroup counts ("one of the victims", "including two children", "two
  critically injured") and tallies over days or several shootings are left out;
* counts in one sentence sharing a predicate add up ("two girls and two men were shot"),
  unless a collective noun already totals them ("six people, three men and three
  women"); singular people coordinated with a count add one each ("a man and two
  children are dead" is three);
* a figure is stated only when the article is consistent about it: the same total in at
  least ``CORROBORATION`` sentences (headline and lead, say) and no other total of that
  kind. The killed may also come from an indefinite single victim ("a man was shot and
  killed": 1) or "no one was killed" (0) when no count of the killed is given; the injured
  from a corroborated count of everyone shot minus the killed.

Metrics, over the articles whose incident has a gold frame:

* ``coverage`` = share of articles for which Parallax states a killed or an injured figure;
* ``accuracy`` = share of the stated figures (killed and injured counted separately)
  that equal the gold figure of the article's incident;
* ``fields`` gives both per field; ``sources`` counts stated and correct figures by how
  they were read.

A stated figure can be right for the article and still differ from GVA's, e.g. when a
victim died after the article was written, or GVA's record differs from the report;
those count as errors, as a reader comparing the article with the record would see them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.errors import ExtractionError
from parallax.extract.text import extract_text
from parallax.model import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DOCUMENTS_FILE = "gva_documents.jsonl"
FRAMES_FILE = "gva_incident_frames.jsonl"

KILLED_WORDS = {
    "killed", "kill", "kills", "killing", "dead", "died", "die", "dies", "dying", "death",
    "deaths", "fatal", "fatally", "fatalities", "slain", "murdered", "lifeless", "deceased",
    "perished", "mortally",
}  # fmt: skip
# "wounds" is left out: the dead "suffered gunshot wounds" too.
INJURED_WORDS = {
    "injured", "injuring", "injure", "injures", "injury", "injuries", "wounded", "wounding",
    "hurt", "hospitalized", "hospitalised",
}  # fmt: skip
SHOT_WORDS = {"shot", "struck", "hit"}
# "shooting" names the event's setting ("arrested in connection to shooting") unless it
# heads the predicate itself ("suspected of shooting 5 people").
SHOT_HEADS = {"shooting", *SHOT_WORDS}
NEGATIONS = {"not", "never", "no", "n't"}
# Who can be killed or injured: counts of other things (shots, cars, years) are ignored.
PERSON_NOUNS = {
    "people", "person", "persons", "man", "men", "woman", "women", "boy", "boys", "girl",
    "girls", "child", "children", "kid", "kids", "teen", "teens", "teenager", "teenagers",
    "adult", "adults", "victim", "victims", "other", "others", "student", "students",
    "officer", "officers", "deputy", "deputies", "bystander", "bystanders", "resident",
    "residents", "individual", "individuals", "youth", "youths", "juvenile", "juveniles",
    "toddler", "toddlers", "infant", "infants", "baby", "babies", "brother", "brothers",
    "sister", "sisters", "son", "sons", "daughter", "daughters", "member", "members",
    "friend", "friends", "relative", "relatives", "guest", "guests", "customer",
    "customers", "employee", "employees", "worker", "workers", "patient", "patients",
    "civilian", "civilians", "soldier", "soldiers", "agent", "agents", "trooper",
    "troopers", "guard", "guards", "male", "males", "female", "females", "cousin",
    "cousins", "parent", "parents", "neighbor", "neighbors", "neighbour", "neighbours",
    "passenger", "passengers", "pedestrian", "pedestrians", "partygoer", "partygoers",
    "hunter", "hunters", "old", "olds", "year-old", "year-olds", "dead", "injured",
    "wounded",
}  # fmt: skip
# Singular people named beside a count: "his wife and four children" is five.
SINGULAR_PERSON_NOUNS = {
    "person", "man", "woman", "boy", "girl", "child", "kid", "teen", "teenager", "adult",
    "victim", "student", "officer", "deputy", "bystander", "resident", "youth", "juvenile",
    "toddler", "infant", "baby", "brother", "sister", "son", "daughter", "friend", "cousin",
    "neighbor", "neighbour",
}  # fmt: skip
# "old" heads "a 14-year-old" in the small model's parse.
ONE_PERSON_HEADS = SINGULAR_PERSON_NOUNS | {"old"}
KINSHIP_NOUNS = {
    "wife", "husband", "mother", "father", "mom", "dad", "girlfriend", "boyfriend",
    "grandmother", "grandfather", "stepfather", "stepmother", "fiancee", "fiance",
    "himself", "herself", "aunt", "uncle", "niece", "nephew", "grandson", "granddaughter",
}  # fmt: skip
# A count over a period longer than a day is a tally of many incidents, not this one.
AGGREGATE_TIME = re.compile(
    r"\b(?:years?|months?|weeks|decades?|so far|since|past|this year|last year|days)\b", re.IGNORECASE
)
AGGREGATE_WORDS = {"shootings", "separate", "incidents"}
PREPOSITIONS = {
    "in", "at", "on", "for", "with", "from", "to", "by", "after", "during", "near", "outside",
    "inside", "into", "over", "under", "about", "before", "since", "while", "following",
    "as", "among", "across", "along", "behind", "through", "when",
}  # fmt: skip
# Nouns that already total a group: "six people, three men and three women" is six.
COLLECTIVE_NOUNS = {"people", "persons", "victims", "others", "individuals"}
# Words that single out part of the victims: "four shot, two critically injured".
SEVERITY_WORDS = {
    "critically", "seriously", "severely", "badly", "gravely", "slightly", "critical",
    "serious", "minor", "life-threatening", "non-life-threatening", "stable",
}  # fmt: skip
# A count is stated when the article gives it this many times (headline and lead, say)
# and never gives another: a lone count is often about another incident, a tally or a
# subgroup. Calibrated on this folder: lone killed counts matched GVA 70% of the time,
# counts given twice or more without contradiction about 95%.
CORROBORATION = 2
KILL_LEMMAS = {"kill", "murder", "slay", "die", "perish"}
INTRANSITIVE_LEMMAS = {"die", "perish"}
INDEFINITE_DETERMINERS = {"a", "an"}
# "A woman was also killed", "another man died": the article has more than one victim.
ADDITIONAL_MARKERS = {"also", "another", "too"}
_WORD = re.compile(r"[a-z'-]+")


@dataclass(frozen=True)
class CasualtyFigures:
    """The killed and injured counts an article states (None: it states none).

    Each source says how the figure was read: "stated" (a corroborated count of that
    kind), "shot minus killed", "one person" ("a man was killed"), "no one" ("no one
    was killed").
    """

    killed: int | None
    injured: int | None
    killed_source: str | None = None
    injured_source: str | None = None


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def _predicate_words(event: str | None) -> list[str]:
    """The event's words up to its first preposition: "arrested in his killing" is an
    arrest, "shot to death" a killing ("to death" is kept), "deaths of" a killing."""
    words = _WORD.findall((event or "").lower())
    for position, word in enumerate(words):
        if word in PREPOSITIONS and words[position : position + 2] != ["to", "death"]:
            return words[:position]
    return words


def _casualty_kind(quantity: Quantity) -> str | None:
    """"killed", "injured", "shot" (everyone hit), or None for any other count.

    Counts over several shootings ("five killed in weekend shootings") are None too:
    they tally other incidents than the article's.
    """
    predicate, counted_words = _predicate_words(quantity.event), _words(quantity.counted)
    if set(predicate) & NEGATIONS or _words(quantity.event) & AGGREGATE_WORDS:
        return None
    if quantity.counted is not None and _head(quantity.counted) not in PERSON_NOUNS:
        return None
    words = set(predicate) | counted_words
    if words & KILLED_WORDS or "death" in words:
        return "killed"
    if words & INJURED_WORDS:
        return "injured"
    if words & SHOT_WORDS or set(predicate[:1]) & SHOT_HEADS:
        return "shot"
    return None


def _coordinated_individuals(doc: Doc, quantity: Quantity) -> int:
    """Singular people coordinated with the count: "a man and two children" adds one."""
    span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
    if span is None:
        return 0
    numeral = span[-1]
    counted = numeral.head if numeral.dep_ in ("nummod", "quantmod") else numeral
    top = counted
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    members = [top, *(t for t in top.subtree if t.dep_ == "conj" and t.head.i != t.i)]
    added = 0
    for member in members:
        if member.i == counted.i or any(child.like_num for child in member.children) or member.like_num:
            continue
        if _is_individual(member):
            added += 1
    # "Mother, 2 children found dead", "a father and his two children": the person just before
    left = span.start - 1
    while left >= 0 and doc[left].lower_ in ("his", "her", "their"):
        left -= 1
    if added == 0 and left >= 1 and doc[left].text in (",", "and") and _is_individual(doc[left - 1]):
        added = 1
    return added


def _is_individual(token: Token) -> bool:
    """One person named by a singular noun, a name or a personal pronoun."""
    singular_person = token.tag_ in ("NN", "NNP") and (
        token.lower_ in SINGULAR_PERSON_NOUNS or token.lower_ in KINSHIP_NOUNS
    )
    return singular_person or token.ent_type_ == "PERSON" or token.lower_ in ("he", "she", "himself", "herself")


def _stated_value(quantity: Quantity) -> int | None:
    """A whole count the article commits to: exact only ("at least 2" is a floor)."""
    if quantity.low is None or quantity.low != quantity.high or quantity.low != int(quantity.low):
        return None
    return int(quantity.low)


def _is_subset(doc_text: str, quantity: Quantity) -> bool:
    """A count of part of the victims, counted in full elsewhere.

    Partitives ("three of the men"), inclusions ("including two children") and
    severity classes ("two critically injured") all single out a subgroup.
    """
    if doc_text[quantity.end : quantity.end + 4].lower() == " of ":
        return True
    if re.search(r"\bincluding(?: the)?\s*$", doc_text[max(0, quantity.start - 16) : quantity.start], re.IGNORECASE):
        return True
    return bool(_words(quantity.event) & SEVERITY_WORDS)


def _group_total(members: list[tuple[Quantity, int]]) -> int:
    """Counts sharing a sentence and predicate: a collective total, or the sum of parts.

    "Two teen girls and two men were shot" is four; "six people, three men and three
    women, were wounded" is six, because "people" already totals the parts.
    """
    collective = [value for quantity, value in members if _head(quantity.counted) in COLLECTIVE_NOUNS]
    return max(collective) if collective else sum(value for _, value in members)


def _head(counted: str | None) -> str | None:
    words = (counted or "").lower().split()
    return words[-1] if words else None


@dataclass(frozen=True)
class StatedCount:
    """The first total of one kind in an article, and how far the article backs it."""

    value: int
    mentions: int  # sentences whose total of this kind equals ``value``
    consistent: bool  # no sentence gives a different total of this kind

    @property
    def corroborated(self) -> bool:
        return self.consistent and self.mentions >= CORROBORATION


def stated_counts(doc: Doc, quantities: Sequence[Quantity]) -> dict[str, StatedCount]:
    """Totals of each kind ("killed", "injured", "shot") the article states, first first.

    Counts in one sentence that share a predicate form one total (see ``_group_total``);
    counts of a subgroup ("one of the victims died", "two critically injured") are not
    totals and are left out, as are tallies over days or several shootings.
    """
    text = doc.text
    sentences = [sentence.text for sentence in doc.sents]
    groups: dict[tuple[int | None, str, str], list[tuple[Quantity, int]]] = {}
    for quantity in sorted(quantities, key=lambda q: q.start):
        kind = _casualty_kind(quantity)
        value = _stated_value(quantity)
        if kind is None or value is None or AGGREGATE_TIME.search(quantity.time or ""):
            continue
        sentence = sentences[quantity.sentence] if quantity.sentence is not None else ""
        if _is_subset(text, quantity) or _words(sentence) & AGGREGATE_WORDS:
            continue
        value += _coordinated_individuals(doc, quantity)
        predicate = (quantity.event or "").lower().split()[:1]
        groups.setdefault((quantity.sentence, " ".join(predicate), kind), []).append((quantity, value))
    totals: dict[str, list[int]] = {}
    for (_, _, kind), members in groups.items():  # insertion order: text order
        totals.setdefault(kind, []).append(_group_total(members))
    return {
        kind: StatedCount(values[0], values.count(values[0]), len(set(values)) == 1)
        for kind, values in totals.items()
    }


def _is_killing(token: Token) -> bool:
    return (token.pos_ == "ADJ" and token.lower_ == "dead") or (
        token.pos_ == "VERB" and token.lemma_.lower() in KILL_LEMMAS
    )


def _subjects(token: Token) -> list[Token]:
    """Subjects of a predicate, inherited along "shot and killed" conjunctions."""
    own = [child for child in token.children if child.dep_ in ("nsubj", "nsubjpass")]
    if own or token.dep_ != "conj":
        return own
    return _subjects(token.head)


def _is_passive(token: Token) -> bool:
    if any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children):
        return True
    return token.dep_ == "conj" and token.tag_ == "VBN" and _is_passive(token.head)


def _victims(token: Token) -> list[Token]:
    """Who a killing predicate happened to."""
    if token.pos_ == "ADJ":  # "a man was found dead", "a man is dead"
        return _subjects(token.head) if token.dep_ in ("acomp", "oprd") else _subjects(token)
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "a man killed in the crash"
        return [token.head]
    if token.lemma_.lower() in INTRANSITIVE_LEMMAS or _is_passive(token):
        return _subjects(token)
    return [child for child in token.children if child.dep_ == "dobj"]


def _is_nobody(token: Token) -> bool:
    """"no one", "nobody" -- but not "no one else", which leaves the others standing."""
    children = {child.lower_ for child in token.children}
    if "else" in children:
        return False
    return token.lower_ in ("nobody", "noone") or (token.lower_ == "one" and "no" in children)


def _is_one_person(token: Token) -> bool:
    """An indefinite singular person: "a man", "a 14-year-old", "a Frankfort teen"."""
    determiners = {child.lower_ for child in token.children if child.dep_ == "det"}
    return token.lower_ in ONE_PERSON_HEADS and bool(determiners & INDEFINITE_DETERMINERS)


def implicit_killed(doc: Doc) -> int | None:
    """The killed count stated without a number, if the wording fixes it.

    "A man was shot and killed" states one; "no one was killed" states none. A second
    victim ("a woman was also killed", "another man died") leaves it open: None.
    """
    found: set[int] = set()
    for token in doc:
        if not _is_killing(token) or any(child.dep_ == "neg" for child in token.children):
            continue
        for victim in _victims(token):
            markers = {child.lower_ for child in (*token.children, *victim.children)}
            if markers & ADDITIONAL_MARKERS:
                return None
            if _is_one_person(victim):
                found.add(1)
            elif _is_nobody(victim):
                found.add(0)
    return max(found) if found else None


def casualty_figures(doc: Doc, quantities: Sequence[Quantity]) -> CasualtyFigures:
    """The killed and injured counts an article states, from its quantities and wording.

    Parallax states a figure only when the article is consistent about it: a total
    given at least ``CORROBORATION`` times and never contradicted; or, for the killed,
    a single victim described without a number ("a man was shot and killed") when no
    count of the killed is given. The injured may also come from a corroborated count
    of everyone shot minus the killed ("three people were shot, one fatally").
    """
    stated = stated_counts(doc, quantities)
    implicit = implicit_killed(doc) if "killed" not in stated else None
    killed: tuple[int | None, str | None] = (None, None)
    if "killed" in stated:
        if stated["killed"].corroborated:
            killed = (stated["killed"].value, "stated")
    elif implicit is not None:
        killed = (implicit, "one person" if implicit else "no one")
    injured: tuple[int | None, str | None] = (None, None)
    shot = stated.get("shot")
    mentions_killed = any(_casualty_kind(quantity) == "killed" for quantity in quantities)
    killed_known = killed[0] is not None or (not mentions_killed and implicit is None)
    if "injured" in stated:
        if stated["injured"].corroborated:
            injured = (stated["injured"].value, "stated")
    elif shot is not None and shot.corroborated and killed_known and shot.value >= (killed[0] or 0):
        injured = (shot.value - (killed[0] or 0), "shot minus killed")
    return CasualtyFigures(killed[0], injured[0], killed[1], injured[1])


# --- the evaluation -------------------------------------------------------------------


@dataclass(frozen=True)
class GoldIncident:
    killed: int
    injured: int


def load_gold(data_dir: Path) -> dict[str, GoldIncident]:
    """Gold killed/injured per incident id (frames repeat an incident; they agree)."""
    gold: dict[str, GoldIncident] = {}
    with open(data_dir / FRAMES_FILE, encoding="utf-8") as lines:
        for line in lines:
            frame = json.loads(line)
            gold[str(frame["incident_uri"])] = GoldIncident(int(frame["num_killed"]), int(frame["num_injured"]))
    return gold


def load_documents(data_dir: Path) -> Iterator[dict[str, str]]:
    with open(data_dir / DOCUMENTS_FILE, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def article_text(record: dict[str, str]) -> str:
    """Headline plus cleaned body: headlines state the toll most plainly."""
    body = record.get("content") or ""
    try:
        cleaned = extract_text(body, source=record.get("uri") or "gva", url=record.get("uri")).text
    except ExtractionError:  # an empty or all-boilerplate page: nothing to read but the headline
        cleaned = ""
    title = (record.get("title") or "").strip()
    return f"{title}\n\n{cleaned}" if title else cleaned


def _figures(texts: Iterable[str]) -> Iterator[CasualtyFigures]:
    from parallax.analyze.nlp import BATCH_SIZE, load_nlp
    from parallax.analyze.quantities import find_quantities

    for doc in load_nlp().pipe(texts, batch_size=BATCH_SIZE):
        yield casualty_figures(doc, find_quantities(doc))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, object]:
    """Coverage and accuracy of killed/injured figures on GVA long-tail (see module doc).

    Articles are taken in (incident id, document id) order so that ``limit`` picks a
    stable subset; articles whose incident has no gold frame are skipped (and counted in
    ``without_gold``). ``sources`` breaks the stated figures down by how they were read.
    """
    gold = load_gold(data_dir)
    documents = list(load_documents(data_dir))
    records = sorted(
        (record for record in documents if str(record["incident_id"]) in gold),
        key=lambda record: (str(record["incident_id"]), str(record["doc_id"])),
    )[:limit]
    tally: Counter[tuple[str, str, bool]] = Counter()  # (field, source, correct)
    covered = 0
    for record, figures in zip(records, _figures(article_text(record) for record in records), strict=True):
        truth = gold[str(record["incident_id"])]
        readings = {
            "killed": (figures.killed, figures.killed_source, truth.killed),
            "injured": (figures.injured, figures.injured_source, truth.injured),
        }
        covered += any(value is not None for value, _, _ in readings.values())
        for field, (value, source, expected) in readings.items():
            if value is not None:
                tally[(field, source or "", value == expected)] += 1
    articles = len(records)

    def stated(field: str | None = None, source: str | None = None, correct: bool | None = None) -> int:
        return sum(
            count
            for (f, s, c), count in tally.items()
            if field in (None, f) and source in (None, s) and correct in (None, c)
        )

    return {
        "task": "numbers",
        "articles": articles,
        "coverage": _share(covered, articles),
        "accuracy": _share(stated(correct=True), stated()),
        "figures_stated": stated(),
        "without_gold": len(documents) - sum(1 for d in documents if str(d["incident_id"]) in gold),
        "fields": {
            field: {"coverage": _share(stated(field), articles), "accuracy": _share(stated(field, correct=True), stated(field))}
            for field in ("killed", "injured")
        },
        "sources": {
            f"{field}/{source}": {"stated": stated(field, source), "correct": stated(field, source, True)}
            for field, source in sorted({(f, s) for f, s, _ in tally})
        },
    }
