"""Typed records that flow between the pipeline stages.

Every stage is a plain function from one of these records to another, so each can be
tested alone and run in a batch engine. Character offsets always index into
``Article.text`` (the paragraphs joined by blank lines).
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PARAGRAPH_SEPARATOR = "\n\n"


class RemovedLine(BaseModel):
    """A line cut from the input, kept with the reason so a user can audit every cut."""

    text: str
    reason: str


class Article(BaseModel):
    """One clean article: body paragraphs plus the metadata found around them."""

    model_config = ConfigDict(frozen=False)

    id: str = ""
    source: str
    outlet: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    byline: list[str] = Field(default_factory=list)
    language: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    credits: list[str] = Field(default_factory=list)
    removed: list[RemovedLine] = Field(default_factory=list)

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


class Analysis(BaseModel):
    """Everything Parallax understands about one article."""

    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
