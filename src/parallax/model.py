"""Typed records that flow between the pipeline stages.

Every stage is a plain function from one of these records to another, so each can be
tested alone and run in a batch engine. Character offsets always index into
``Article.text`` (the paragraphs joined by blank lines).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PARAGRAPH_SEPARATOR = "\n\n"
# Control characters no article text holds (tab and line breaks kept): a terminal would obey
# them (a bell, an escape sequence that recolours or rewrites the screen) wherever the text is shown.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class RemovedLine(BaseModel):
    """A line cut from the input, kept with the reason so a user can audit every cut."""

    text: str
    reason: str


class Article(BaseModel):
    """One clean article: body paragraphs plus the metadata found around them."""

    model_config = ConfigDict(frozen=False, validate_assignment=True)

    id: str = ""
    source: str
    outlet: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    # When an archive or crawler captured the page (a WARC record's date, a dump's
    # download date), if known: never shown as the publication date, but the day stories
    # are grouped by when the page states none (news is crawled within hours or days).
    captured: str | None = None
    byline: list[str] = Field(default_factory=list)
    language: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    credits: list[str] = Field(default_factory=list)
    removed: list[RemovedLine] = Field(default_factory=list)

    @field_validator("outlet", "title", "subtitle", "byline", "paragraphs", "credits")
    @classmethod
    def _without_control_characters(cls, value: Any) -> Any:
        """Every article's text is free of control characters, however it was read."""
        if isinstance(value, str):
            return _CONTROL_CHARACTERS.sub("", value)
        if isinstance(value, list):
            return [_CONTROL_CHARACTERS.sub("", item) if isinstance(item, str) else item for item in value]
        return value

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = content_id(self.title, self.paragraphs)

    @property
    def text(self) -> str:
        """The body as one string; all analysis offsets index into it."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    def paragraph_starts(self) -> list[int]:
        """Character offset of each paragraph in ``text``."""
        starts, position = [], 0
        for paragraph in self.paragraphs:
            starts.append(position)
            position += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return starts


def content_id(title: str | None, paragraphs: list[str]) -> str:
    """Stable id from the content alone, so the same article read twice gets one id."""
    digest = hashlib.sha256()
    digest.update((title or "").strip().encode("utf-8"))
    for paragraph in paragraphs:
        digest.update(b"\x00")
        digest.update(" ".join(paragraph.split()).encode("utf-8"))
    return digest.hexdigest()[:16]


# --- per-article analysis -------------------------------------------------------------

AttributionStatus = Literal["asserted", "attributed", "hedged"]
EntityType = Literal["PERSON", "ORG", "PLACE", "GROUP"]
QuoteKind = Literal["direct", "indirect", "mixed"]


class SentenceAttribution(BaseModel):
    """Who stands behind a sentence: the outlet itself, a named source, or nobody firmly."""

    status: AttributionStatus = "asserted"
    source: str | None = None
    hedges: list[str] = Field(default_factory=list)


class Sentence(BaseModel):
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    attribution: SentenceAttribution = Field(default_factory=SentenceAttribution)


class Mention(BaseModel):
    start: int
    end: int
    text: str
    sentence: int


class Entity(BaseModel):
    """A person, organisation, place or group, merged within one article."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Quote(BaseModel):
    """Something a speaker is reported to have said, with spans into ``Article.text``."""

    speaker: str | None
    entity: str | None = None
    text: str
    kind: QuoteKind
    cue: str | None = None
    start: int
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    channel: str | None = None
    sentence: int | None = None


class Quantity(BaseModel):
    """A number read as an interval, with what it counts and who states it.

    ``high`` is None when the interval is unbounded above ("at least 300").
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str | None = None
    counted: str | None = None
    event: str | None = None
    time: str | None = None
    attributed_to: str | None = None
    sentence: int | None = None


class Phrase(BaseModel):
    """A noun phrase naming an actor or thing ("local independence supporters"): the raw
    material for finding how differently outlets label the same actors."""

    start: int
    end: int
    text: str
    head: str  # lemma of the head noun
    context: str  # the phrase with the words that govern it: "fighting with separatists"
    sentence: int


class Analysis(BaseModel):
    """Everything Parallax understands about one article."""

    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    attributions: list[Quote] = Field(default_factory=list)  # stances, beliefs, plans: not speech
    quantities: list[Quantity] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    # Quotes in the headline ("Dam will hold, says water chief"): offsets index into
    # ``Article.title``, not ``Article.text``, and ``sentence`` is None.
    headline_quotes: list[Quote] = Field(default_factory=list)


# --- comparison across articles ----------------------------------------------------------

COMPARISON_SCHEMA = "parallax.comparison/1"
FactVerdict = Literal["agree", "conflict", "attribution_differs", "unique"]
QuantityVerdict = Literal["agree", "compatible", "conflict", "unique"]


class ArticleRef(BaseModel):
    """An article as the comparison shows it: metadata plus its sentences (the evidence)."""

    id: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    byline: list[str] = Field(default_factory=list)
    source: str
    language: str | None = None
    text: str = ""
    sentences: list[Sentence] = Field(default_factory=list)


class CrossEntity(BaseModel):
    """One real-world entity matched across articles, with its surface forms per article."""

    id: str
    name: str
    type: EntityType
    aliases: dict[str, list[str]] = Field(default_factory=dict)  # article id -> surfaces
    roles: dict[str, list[str]] = Field(default_factory=dict)  # article id -> roles


class FactMention(BaseModel):
    article: str
    sentence: int
    start: int
    end: int
    text: str


class Fact(BaseModel):
    """Sentences from different articles that report the same thing, with a verdict."""

    id: str
    verdict: FactVerdict
    reason: str
    mentions: list[FactMention] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)  # CrossEntity ids
    quantities: list[str] = Field(default_factory=list)  # QuantityComparison ids
    similarity: float | None = None
    # For a ``unique`` fact: the content words its article writes and no other article
    # does (what the others leave out), so a reader sees the addition, not just the sentence.
    novel_words: list[str] = Field(default_factory=list)


class QuantityClaim(BaseModel):
    article: str
    text: str
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str | None = None
    attributed_to: str | None = None
    sentence: int | None = None
    counted: str | None = None
    event: str | None = None


class QuantityComparison(BaseModel):
    """Numbers about the same counted thing and event, compared as intervals."""

    id: str
    counted: str | None = None
    event: str | None = None
    verdict: QuantityVerdict
    reason: str
    claims: list[QuantityClaim] = Field(default_factory=list)


class QuoteRef(BaseModel):
    article: str
    speaker: str | None
    entity: str | None = None  # CrossEntity id
    text: str
    kind: QuoteKind
    cue: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: int | None = None


class Wording(BaseModel):
    """How each article names one actor or concept, or a loaded term only some use."""

    concept: str
    kind: Literal["label", "loaded"] = "label"
    entity: str | None = None  # CrossEntity id when the concept is a matched entity
    labels: dict[str, list[str]] = Field(default_factory=dict)  # article id -> labels
    evidence: list[FactMention] = Field(default_factory=list)


class Speaker(BaseModel):
    name: str
    entity: str | None = None
    affiliation: str | None = None
    quotes: int = 0
    words: int = 0
    headline_quotes: int = 0  # of ``quotes``, those in the article's headline


class Voices(BaseModel):
    speakers: list[Speaker] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)


class Comparison(BaseModel):
    """Several articles about one event compared claim by claim (``parallax.comparison/1``)."""

    schema_: str = Field(default=COMPARISON_SCHEMA, alias="schema")
    articles: list[ArticleRef] = Field(default_factory=list)
    entities: list[CrossEntity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    quantities: list[QuantityComparison] = Field(default_factory=list)
    quotes: list[QuoteRef] = Field(default_factory=list)
    wording: list[Wording] = Field(default_factory=list)
    voices: dict[str, Voices] = Field(default_factory=dict)
    stats: dict[str, float | int] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True)

    def to_json(self, indent: int | None = 2) -> str:
        """The documented JSON document, with ``schema`` first."""
        return self.model_dump_json(by_alias=True, indent=indent)

    def _repr_html_(self) -> str:
        """Notebook display: the interactive report, inline."""
        from parallax.report import render_html

        return render_html(self, standalone=False)

    def to_frames(self) -> dict[str, Any]:
        """pandas DataFrames of facts, quantities and quotes (needs pandas)."""
        from parallax.report import to_frames

        return to_frames(self)


def comparison_json_schema() -> dict[str, object]:
    """The JSON Schema of ``parallax.comparison/1`` (published as docs/comparison.schema.json)."""
    schema = Comparison.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = COMPARISON_SCHEMA
    schema["title"] = f"Parallax comparison ({COMPARISON_SCHEMA})"
    return schema
