"""A fictional story told by up to a dozen outlets, as a ready-made ``Comparison``.

Reports are tested and benchmarked on it without running the NLP pipeline: it has every
kind of finding (agreement, conflict, attribution difference, omission, compatible and
conflicting numbers, loaded wording, voices). The event, places, people and outlets are
invented here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parallax.model import (
    PARAGRAPH_SEPARATOR,
    ArticleRef,
    Comparison,
    CrossEntity,
    Fact,
    FactMention,
    QuantityClaim,
    QuantityComparison,
    QuoteRef,
    Sentence,
    Speaker,
    Voices,
    Wording,
)

OUTLETS = (
    "Calder Bay Herald",
    "Free Coast Voice",
    "Northern Ledger",
    "Radio Maris",
    "Harbour Watch",
    "Lune Valley Post",
    "Morning Tide",
    "Civic Wire",
    "The Beacon",
    "Saltmarsh Gazette",
    "Coastline Today",
    "Weekly Anchor",
)
TITLES = (
    "Storm surge breaks Calder Bay harbour wall",
    "Harbour wall collapse: union says warnings were ignored",
    "Calder Bay counts the cost after night of flooding",
    "Emergency declared as sea floods Calder Bay",
)
UNIQUE_DETAILS = (
    "A fishing trawler was left stranded on the promenade.",
    "Volunteers set up a soup kitchen in the old customs hall.",
    "Power was cut to 4,000 homes in the east of the city.",
    "The regional rail line to Lune was suspended until Tuesday.",
    "Insurers sent assessors to the harbour district on Monday.",
    "The lifeboat crew rescued two people from a flooded basement.",
    "Schools in the lower town will stay closed for a week.",
    "The city archive moved its oldest maps to the upper floor.",
    "Sandbags ran out at the main depot by Sunday noon.",
    "A neighbouring town sent three pumping trucks.",
    "The harbour museum lost part of its ship-model collection.",
    "Bus routes along the seafront were diverted.",
)


@dataclass
class _ArticleDraft:
    """Sentences of one article as they are written, keyed so facts can point at them."""

    paragraphs: list[list[str]] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def paragraph(self, *sentences: tuple[str, str]) -> None:
        self.paragraphs.append([])
        for key, text in sentences:
            self.paragraphs[-1].append(text)
            self.keys[key] = self.count
            self.count += 1


def article_ref(
    article_id: str,
    paragraphs: list[list[str]],
    *,
    source: str,
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
    byline: list[str] | None = None,
) -> ArticleRef:
    """An ``ArticleRef`` whose sentence offsets index exactly into its text."""
    sentences: list[Sentence] = []
    texts: list[str] = []
    position = 0
    for paragraph_index, paragraph in enumerate(paragraphs):
        paragraph_start = position
        for sentence_text in paragraph:
            if position > paragraph_start:
                position += 1  # the space between sentences
            sentences.append(
                Sentence(
                    index=len(sentences),
                    paragraph=paragraph_index,
                    start=position,
                    end=position + len(sentence_text),
                    text=sentence_text,
                )
            )
            position += len(sentence_text)
        texts.append(" ".join(paragraph))
        position += len(PARAGRAPH_SEPARATOR)
    return ArticleRef(
        id=article_id,
        outlet=outlet,
        title=title,
        published=published,
        byline=byline or [],
        source=source,
        language="en",
        text=PARAGRAPH_SEPARATOR.join(texts),
        sentences=sentences,
    )


@dataclass
class _Carried:
    """What an article says beyond its sentences: number claims, quotes, its label."""

    deaths: QuantityClaim
    evacuated: QuantityClaim
    quotes: list[tuple[str, str, str, str]]  # sentence key, speaker, quote, sentence
    label: str


def _draft(index: int) -> tuple[_ArticleDraft, _Carried]:
    """Write article ``index``; return it with the claims and quotes it carries."""
    draft = _ArticleDraft()
    deaths = (
        ("Three people died when the sea broke into the harbour district, the coastguard said.",
         QuantityClaim(article="", text="Three", low=3, high=3, attributed_to="the coastguard")),
        ("At least five people were killed, according to staff at St Brendan's hospital.",
         QuantityClaim(article="", text="At least five", low=5, high=None, qualifier="at least",
                       attributed_to="hospital staff")),
        ("The coastguard confirmed three deaths in the harbour district.",
         QuantityClaim(article="", text="three", low=3, high=3, attributed_to="the coastguard")),
    )[index % 3]
    evacuated = (
        ("About 2,000 residents were moved to schools and sports halls, the city council said.",
         QuantityClaim(article="", text="About 2,000", low=1800, high=2200, qualifier="about",
                       attributed_to="the city council")),
        ("More than 1,500 people spent the night in emergency shelters, the fire service said.",
         QuantityClaim(article="", text="More than 1,500", low=1500, high=None,
                       low_inclusive=False, qualifier="more than", attributed_to="the fire service")),
        ("Up to 2,500 people may have left their homes.",
         QuantityClaim(article="", text="Up to 2,500", low=None, high=2500, qualifier="up to")),
        ("The council said 1,900 residents had been evacuated.",
         QuantityClaim(article="", text="1,900", low=1900, high=1900, attributed_to="the council")),
    )[index % 4]
    draft.paragraph(
        ("deaths", deaths[0]),
        ("wall", (
            "The surge broke through the old harbour wall shortly before midnight on Saturday.",
            "Water poured over the harbour wall just before midnight.",
            "The harbour wall gave way late on Saturday night.",
        )[index % 3]),
    )
    cause = (
        "The port authority blamed a record spring tide for the breach.",
        "Dockworkers' union leader Dara Quill blamed years of deferred repairs for the breach.",
    )[index % 2]
    draft.paragraph(("evacuated", evacuated[0]), ("cause", cause))
    if index % 3 != 2:
        emergency = (
            "Mayor Ilse Varga declared a so-called state of emergency on Sunday morning."
            if index % 4 == 1
            else "Mayor Ilse Varga declared a state of emergency on Sunday morning."
        )
        draft.paragraph(("emergency", emergency))
    quotes: list[tuple[str, str, str, str]] = []
    if index % 2 == 0:
        quotes.append(("q-mayor", "Ilse Varga", "We will rebuild every metre of that wall",
                       '"We will rebuild every metre of that wall," Mayor Ilse Varga said.'))
    if index % 3 == 0:
        quotes.append(("q-port", "Tomas Reinholt", "No wall is built for a tide like this",
                       '"No wall is built for a tide like this," said port authority '
                       "spokesman Tomas Reinholt."))
    if index % 2 == 1:
        quotes.append(("q-union", "Dara Quill", "We warned them in writing, twice",
                       '"We warned them in writing, twice," union leader Dara Quill told reporters.'))
    if index % 4 in (1, 3):
        quotes.append(("q-resident", "Amira Falk", "The water came up to the second stair in minutes",
                       '"The water came up to the second stair in minutes," said resident Amira Falk.'))
    if quotes:
        draft.paragraph(*((key, sentence) for key, _, _, sentence in quotes))
    label = ("protesters", "rioters", "angry residents")[index % 3]
    draft.paragraph(
        ("road", f"On Sunday evening, {label} blocked the harbour road to demand answers."),
        ("ferry", (
            "The ferry terminal reopened on Sunday afternoon.",
            "The ferry terminal remains closed.",
        )[index % 2]),
    )
    draft.paragraph(("unique", UNIQUE_DETAILS[index % len(UNIQUE_DETAILS)]))
    return draft, _Carried(deaths[1], evacuated[1], quotes, label)


def synthetic_story(articles: int = 2) -> Comparison:
    """The fictional Calder Bay flood as told by ``articles`` outlets (1 to 24)."""
    if not 1 <= articles <= 2 * len(OUTLETS):
        raise ValueError(f"articles must be between 1 and {2 * len(OUTLETS)}, got {articles}")
    refs: list[ArticleRef] = []
    drafts: list[tuple[_ArticleDraft, _Carried]] = []
    for index in range(articles):
        draft, carried = _draft(index)
        outlet = OUTLETS[index % len(OUTLETS)] + ("" if index < len(OUTLETS) else " Online")
        slug = outlet.lower().replace(" ", "-")
        refs.append(
            article_ref(
                f"story{index:02d}",
                draft.paragraphs,
                source=f"https://{slug}.example/2031/11/calder-bay-flood",
                outlet=outlet,
                title=TITLES[index % len(TITLES)],
                published=f"2031-11-{9 + index % 3:02d}",
                byline=[("Nora Pell", "Idris Maalouf", "Katja Brenn", "Tobias Ude")[index % 4]],
            )
        )
        drafts.append((draft, carried))

    def mention(position: int, key: str) -> FactMention:
        ref, draft = refs[position], drafts[position][0]
        sentence = ref.sentences[draft.keys[key]]
        return FactMention(
            article=ref.id, sentence=sentence.index, start=sentence.start, end=sentence.end,
            text=sentence.text,
        )

    def reporting(key: str) -> list[int]:
        return [position for position, (draft, _) in enumerate(drafts) if key in draft.keys]

    def fact(fact_id: str, verdict: str, reason: str, key: str, positions: list[int],
             **extra: object) -> Fact:
        return Fact(id=fact_id, verdict=verdict, reason=reason,
                    mentions=[mention(position, key) for position in positions], **extra)

    everyone = list(range(articles))
    shared = articles > 1
    facts = [
        fact("wall", "agree" if shared else "unique", "All reports place the breach before midnight.",
             "wall", everyone, entities=["harbour-wall"]),
        fact("deaths", "conflict" if articles > 1 else "unique",
             "Death tolls do not overlap: three (coastguard) against at least five (hospital staff).",
             "deaths", everyone, quantities=["q-deaths"]),
        fact("evacuated", "agree" if shared else "unique",
             "Evacuation figures overlap between 1,800 and 2,200.", "evacuated", everyone,
             quantities=["q-evacuated"]),
        fact("cause", "attribution_differs" if articles > 1 else "unique",
             "The cause is given by the port authority in some reports, by the union in others.",
             "cause", everyone, entities=["port-authority", "dockworkers-union"]),
        fact("road", "agree" if shared else "unique",
             "All say the harbour road was blocked on Sunday evening; labels differ.", "road",
             everyone),
        fact("ferry", "conflict" if articles > 1 else "unique",
             "Reopened on Sunday against still closed.", "ferry", everyone),
    ]
    emergency = reporting("emergency")
    if emergency:
        facts.append(fact("emergency", "agree" if len(emergency) > 1 else "unique",
                          "The mayor's emergency declaration.", "emergency", emergency,
                          entities=["ilse-varga"]))
    for position in everyone:
        facts.append(fact(f"unique-{position}", "unique",
                          f"Only {refs[position].outlet} reports this.", "unique", [position]))

    quantities = [
        QuantityComparison(
            id="q-deaths", counted="people killed", event="harbour flood",
            verdict="conflict" if articles > 1 else "unique",
            reason="An exact three cannot be at least five.",
            claims=[
                _claim(drafts[position][1].deaths, refs[position], drafts[position][0], "deaths")
                for position in everyone
            ],
        ),
        QuantityComparison(
            id="q-evacuated", counted="residents evacuated", event="harbour flood",
            verdict="compatible" if articles > 1 else "unique",
            reason="All intervals contain 1,900 to 2,200.",
            claims=[
                _claim(drafts[position][1].evacuated, refs[position], drafts[position][0], "evacuated")
                for position in everyone
            ],
        ),
    ]

    quotes: list[QuoteRef] = []
    voices: dict[str, Voices] = {}
    entity_of = {"Ilse Varga": "ilse-varga", "Tomas Reinholt": "tomas-reinholt",
                 "Dara Quill": "dara-quill", "Amira Falk": None}
    affiliation = {"Ilse Varga": "City of Calder Bay", "Tomas Reinholt": "Port authority",
                   "Dara Quill": "Dockworkers' union", "Amira Falk": None}
    for position, (draft, carried) in enumerate(drafts):
        ref = refs[position]
        speakers: list[Speaker] = []
        for key, speaker, text, _ in carried.quotes:
            sentence = ref.sentences[draft.keys[key]]
            start = ref.text.index(text, sentence.start)
            quotes.append(QuoteRef(article=ref.id, speaker=speaker, entity=entity_of[speaker],
                                   text=text, kind="direct", cue="said", start=start,
                                   end=start + len(text), sentence=sentence.index))
            speakers.append(Speaker(name=speaker, entity=entity_of[speaker],
                                    affiliation=affiliation[speaker], quotes=1,
                                    words=len(text.split())))
        agencies = ["Coastal Press Agency"] if position % 3 == 0 else []
        voices[ref.id] = Voices(speakers=speakers, agencies=agencies)

    wording = [
        Wording(concept="people who blocked the harbour road", kind="label",
                labels={ref.id: [drafts[p][1].label] for p, ref in enumerate(refs)},
                evidence=[mention(position, "road") for position in everyone]),
    ]
    loaded = [position for position in emergency if position % 4 == 1]
    if loaded:
        wording.append(Wording(concept="so-called", kind="loaded", entity="ilse-varga",
                               labels={refs[p].id: ["so-called state of emergency"] for p in loaded},
                               evidence=[mention(position, "emergency") for position in loaded]))

    entities = [
        CrossEntity(id="ilse-varga", name="Ilse Varga", type="PERSON",
                    aliases={ref.id: ["Ilse Varga", "Mayor Ilse Varga"] for ref in refs}),
        CrossEntity(id="port-authority", name="Calder Bay port authority", type="ORG"),
        CrossEntity(id="dockworkers-union", name="Dockworkers' union", type="ORG"),
        CrossEntity(id="harbour-wall", name="harbour wall", type="PLACE"),
    ]
    return Comparison(
        articles=refs, entities=entities, facts=facts, quantities=quantities, quotes=quotes,
        wording=wording, voices=voices,
        stats={"articles": articles, "facts": len(facts), "quotes": len(quotes)},
    )


def _claim(template: QuantityClaim, ref: ArticleRef, draft: _ArticleDraft, key: str) -> QuantityClaim:
    return template.model_copy(update={"article": ref.id, "sentence": draft.keys[key]})
