"""Word choice measured on NewsWCL50 (Hamborg, Zhukova and Gipp, JCDL 2019).

Data. Each event has five articles, one per outlet (LL, L, M, R, RR); NewsWCL50's
annotators coded every mention of the event's main concepts (actors, countries, groups,
objects, events, actions, issues). The full texts and those mentions come from the
CoNLL release of Diverse_CDCR (``cdcr_fulltext/NewsWCL50.conll``): one token per line,
a ``\\n`` token ending each paragraph, and the coreference column giving each mention's
concept (``0_USA_Trump_ACTOR``). Tokens are joined back into text with plain
detokenisation rules, and every mention keeps its character span in that text.

Labels. Two labels are *variants* of one label when one's words include the other's
(lower case, singular, without determiners, courtesy titles, possessive 's and
punctuation) or one is the other's acronym: "Comey" / "James Comey", "Mr. Kim" / "Kim
Jong-un", "U.S." / "United States" are variants; "North Korean leader" / "North Korean
dictator" are not.

Gold. A concept is *labelled differently* when at least two outlets mention it and some
outlet uses a label that has no variant among another outlet's labels for it. Concepts
of type ACTOR-I are left out: NewsWCL50 uses them as grab-bags of unrelated minor
individuals ("USA-I"), not as one actor.

Predictions. The ``label`` findings of ``compare_analyses`` on the event's five articles
(loaded-term findings are about single words one outlet uses, not about concepts;
BASIL's lexical-bias spans measure those, see ``eval/omissions.py``).

Matching. Each label a finding lists for an article is found in that article's evidence
sentences (else anywhere in its text). An occurrence belongs to the concept of the
shortest gold mention that holds the occurrence's last word (its head, in English noun
phrases: "Mr. Kim's invitation" is about the invitation, not about Kim), and a label's
concept is the one most of its occurrences belong to. A finding's concept is the concept
of most of its labels (each article's label counted once); the finding is *correct* when
that concept holds more than half of its labels and two of those labels, from two
outlets, are not variants. A finding whose concept is an ACTOR-I grab-bag is not scored.
Precision = correct findings / scored findings; a gold concept is *recalled* when some
correct finding has it as its concept; recall = recalled / labelled-differently
concepts. Several correct findings for one concept all count as correct (each is a true
statement about how outlets name it); ``concepts_split`` reports how often that happens.

Hamborg et al. 2019 report F1 0.457 on NewsWCL50 for their own concept-level matching
(over all ten events); the figures here use the matching above and the five public
events, so they are an anchor, not a like-for-like comparison.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parallax.eval.metrics import f1
from parallax.model import Article, Comparison, Wording

CONLL_FILE = Path("cdcr_fulltext") / "NewsWCL50.conll"
# Grab-bag codes of unrelated minor individuals, not one actor (see the module docstring).
EXCLUDED_TYPES = frozenset({"ACTOR-I"})
# Courtesy titles: "Mr. Kim" is the same label as "Kim".
_TITLES = frozenset({"mr", "mrs", "ms", "dr"})

_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "%", "”", "’", "…"}
    | {"'s", "’s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "“", "‘"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our"})
_LABEL_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention of a concept, as a character span of its article's text."""

    article: str
    concept: str
    start: int
    end: int
    text: str


@dataclass
class Event:
    """One NewsWCL50 event: its articles (id = CoNLL document id) and gold mentions."""

    id: str
    articles: list[Article] = field(default_factory=list)
    mentions: list[GoldMention] = field(default_factory=list)


# -- reading NewsWCL50 -------------------------------------------------------------------


def load_events(data_dir: Path, limit: int | None = None) -> list[Event]:
    """Events in id order, each with its articles rebuilt from the CoNLL tokens."""
    path = data_dir / CONLL_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: expected a NewsWCL50 folder with {CONLL_FILE}")
    events: dict[str, Event] = {}
    for document, tokens in _documents(path):
        event_id = document.split("_", 1)[0]
        article, mentions = _rebuild(document, tokens)
        event = events.setdefault(event_id, Event(event_id))
        event.articles.append(article)
        event.mentions.extend(mentions)
    ordered = [events[key] for key in sorted(events, key=int)]
    return ordered[:limit] if limit is not None else ordered


def _documents(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(document id, [(token, coreference column)]) per CoNLL document."""
    document, tokens = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#begin document"):
            document, tokens = line.split()[2].rstrip(";").split("/")[-1], []
        elif line.startswith("#end document"):
            if document is not None:
                yield document, tokens
            document = None
        elif line.strip() and document is not None:
            columns = line.split("\t")
            tokens.append((columns[3], columns[4].strip() if len(columns) > 4 else "-"))
    if document is not None and tokens:
        yield document, tokens


def _rebuild(document: str, tokens: list[tuple[str, str]]) -> tuple[Article, list[GoldMention]]:
    """The article text (paragraphs end at ``\\n`` tokens) and its mentions as spans."""
    paragraphs: list[str] = []
    current = ""
    offset = 0  # where the current paragraph starts in Article.text
    spans: list[tuple[int, int] | None] = []
    quote_open = {'"': False, "'": False}
    previous = ""
    for token, _ in tokens:
        if token == "\\n":
            spans.append(None)
            if current:
                paragraphs.append(current)
                offset += len(current) + 2
                current = ""
            previous = ""
            continue
        space = bool(current) and _space_between(previous, token, quote_open)
        if token in quote_open:
            quote_open[token] = not quote_open[token]
        current += " " * space
        spans.append((offset + len(current), offset + len(current) + len(token)))
        current += token
        previous = token
    if current:
        paragraphs.append(current)
    text = "\n\n".join(paragraphs)
    open_at: dict[str, list[int]] = defaultdict(list)
    mentions = []
    for position, (_, column) in enumerate(tokens):
        if column in ("-", "") or spans[position] is None:
            continue
        for part in (piece.strip() for piece in column.split("|")):
            concept = part.strip("()").strip()
            if part.startswith("("):
                open_at[concept].append(position)
            if part.endswith(")") and open_at[concept]:
                first = open_at[concept].pop()
                start = spans[first][0]  # type: ignore[index]
                end = spans[position][1]  # type: ignore[index]
                mentions.append(GoldMention(document, concept, start, end, text[start:end]))
    outlet = document.split("_", 1)[1]
    article = Article(id=document, source=f"newswcl50:{document}", outlet=outlet, paragraphs=paragraphs)
    return article, mentions


def _space_between(previous: str, token: str, quote_open: dict[str, bool]) -> bool:
    if token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
        return False
    if token == "-" or previous == "-":
        return False  # "Jong - un" was one hyphenated word
    if token in quote_open:
        return not quote_open[token]  # an opening quote takes a space, a closing one not
    if previous in quote_open and quote_open[previous]:
        return False  # the word right after an opening quote
    return True


def concept_type(concept: str) -> str:
    return concept.rsplit("_", 1)[-1]


def label_words(text: str) -> frozenset[str]:
    """A label's words as the gold compares them: lower case, singular, without
    determiners, courtesy titles, possessive 's and punctuation."""
    words = _LABEL_WORD.findall(text.lower().replace("'s", "").replace("’s", ""))
    return frozenset(_singular(word) for word in words if word not in _DETERMINERS | _TITLES)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def variants(first: str, second: str) -> bool:
    """Two labels are variants of one label when one's words include the other's or one
    is the other's acronym: "Comey" and "James Comey", "Mr. Kim" and "Kim Jong-un", "U.S."
    and "United States" are not different words for an actor; "North Korean leader" and
    "North Korean dictator" are."""
    a, b = label_words(first), label_words(second)
    return bool(a) and bool(b) and (a <= b or b <= a or _acronym(first, second) or _acronym(second, first))


def _acronym(short: str, long: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short)
    initials = "".join(word[0] for word in re.findall(r"[A-Z]\w*", long))
    return len(letters) >= 2 and short.replace(".", "").isupper() and letters == initials


def differently_labelled(event: Event) -> set[str]:
    """Concepts at least two outlets mention, one with a label that has no variant among
    another's labels (see ``variants``)."""
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for mention in event.mentions:
        if concept_type(mention.concept) not in EXCLUDED_TYPES and label_words(mention.text):
            labels[mention.concept][mention.article].add(mention.text)
    return {
        concept
        for concept, by_article in labels.items()
        if len(by_article) >= 2
        and any(
            not any(variants(label, theirs) for theirs in other)
            for own in by_article.values()
            for other in by_article.values()
            if other is not own
            for label in own
        )
    }


# -- scoring -----------------------------------------------------------------------------


@dataclass
class EventScore:
    findings: int
    correct: int
    gold: set[str]
    recalled: set[str]
    split: int  # gold concepts matched by more than one correct finding
    by_finding: list[tuple[Wording, str | None, bool]] = field(default_factory=list)


def score_event(event: Event, findings: Sequence[Wording], articles: dict[str, str]) -> EventScore:
    """Match one event's label findings to its gold concepts (see the module docstring)."""
    gold = differently_labelled(event)
    by_article: dict[str, list[GoldMention]] = defaultdict(list)
    for mention in event.mentions:
        by_article[mention.article].append(mention)
    scored_findings = correct = 0
    hits: Counter[str] = Counter()
    scored = []
    for finding in findings:
        concept, ok = _finding_concept(finding, articles, by_article)
        if concept is not None and concept_type(concept) in EXCLUDED_TYPES:
            scored.append((finding, concept, False))
            continue  # about individuals the gold only codes as a grab-bag: not scored
        scored_findings += 1
        correct += ok
        if ok and concept is not None:
            hits[concept] += 1
        scored.append((finding, concept, ok))
    recalled = {concept for concept in hits if concept in gold}
    split = sum(1 for concept in recalled if hits[concept] > 1)
    return EventScore(scored_findings, correct, gold, recalled, split, scored)


def _finding_concept(
    finding: Wording, articles: dict[str, str], mentions: dict[str, list[GoldMention]]
) -> tuple[str | None, bool]:
    assigned: list[tuple[str, str, str | None]] = []  # (article, label, concept)
    for article, labels in finding.labels.items():
        spans = [(m.start, m.end) for m in finding.evidence if m.article == article]
        for label in labels:
            concept = _label_concept(label, articles.get(article, ""), spans, mentions[article])
            assigned.append((article, label, concept))
    concepts = Counter(concept for _, _, concept in assigned if concept is not None)
    if not concepts:
        return None, False
    concept, count = concepts.most_common(1)[0]
    own = [(article, label) for article, label, c in assigned if c == concept]
    differing = any(
        a != b and not variants(x, y) for index, (a, x) in enumerate(own) for b, y in own[index + 1 :]
    )
    return concept, count * 2 > len(assigned) and differing


def _label_concept(label: str, text: str, spans: list[tuple[int, int]], mentions: list[GoldMention]) -> str | None:
    """The concept of the most specific gold mention holding each occurrence's last word."""
    occurrences = _occurrences(label, text, spans) or _occurrences(label, text, [(0, len(text))])
    votes: Counter[str] = Counter()
    for start, end in occurrences:
        words = label.split()
        last_word = start + label.rfind(words[-1]) if words else start
        holding = [m for m in mentions if m.start <= last_word < m.end]
        if holding:
            votes[min(holding, key=lambda m: m.end - m.start).concept] += 1
    return votes.most_common(1)[0][0] if votes else None


def _occurrences(label: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for low, high in spans:
        position = text.find(label, low, high)
        while position >= 0:
            found.append((position, position + len(label)))
            position = text.find(label, position + 1, high)
    return found


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict:
    """Precision, recall and F1 of Parallax's label findings on NewsWCL50's concepts."""
    from parallax.analyze import analyze_many
    from parallax.compare import compare_analyses
    from parallax.embed import default_embedder

    embedder = default_embedder()
    events = load_events(data_dir, limit)
    findings = correct = gold = recalled = split = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # type -> [gold, recalled]
    for event in events:
        comparison: Comparison = compare_analyses(list(analyze_many(event.articles)), embedder)
        labels = [finding for finding in comparison.wording if finding.kind == "label"]
        score = score_event(event, labels, {article.id: article.text for article in event.articles})
        findings += score.findings
        correct += score.correct
        gold += len(score.gold)
        recalled += len(score.recalled)
        split += score.split
        for concept in score.gold:
            by_type[concept_type(concept)][0] += 1
            by_type[concept_type(concept)][1] += concept in score.recalled
    precision = correct / findings if findings else 0.0
    recall = recalled / gold if gold else 0.0
    return {
        "task": "wording",
        "events": len(events),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1(precision, recall), 4),
        "findings": findings,
        "correct_findings": correct,
        "concepts": gold,
        "concepts_recalled": recalled,
        "concepts_split": split,
        "recall_by_type": {kind: round(hit / total, 4) for kind, (total, hit) in sorted(by_type.items())},
    }
