"""The data model: frozen dataclasses shared by every stage.

One idea holds it together: an article has one clean text, and every annotation is a
``start``/``end`` range of character offsets into that text (``text[start:end]`` is the
evidence, exactly). Removed chrome is kept as ranges into the *raw* input text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # event frames are an analysis product; the report only carries them
    from newsweave.analyze.events import EventFrame

SCHEMA = "newsweave.report/1"


def content_id(*parts: str, prefix: str = "", size: int = 12) -> str:
    """A short stable id derived from content (same parts -> same id, across runs)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]
    return f"{prefix}{digest}"


@dataclass(frozen=True)
class Span:
    """A range of character offsets into one article's clean text."""

    start: int
    end: int


@dataclass(frozen=True)
class Removal:
    """A range of the raw input text that cleaning removed, with the reason."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Issue:
    """A per-input problem: an input skipped (``error``) or processed with a ``warning``."""

    source: str
    level: Literal["error", "warning"]
    code: str
    message: str


@dataclass(frozen=True)
class RawArticle:
    """What ingest produces: the article as given, before cleaning."""

    id: str
    source: str
    text: str | None = None
    html: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    encoding: str | None = None
    story_key: str | None = None  # set with --one-story: the INPUT it came from


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` is the clean text all offsets point into."""

    id: str
    source: str
    text: str
    raw: str
    removed: tuple[Removal, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    story_key: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def content_hash(self) -> str:
        return content_id(self.text, size=16)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A named-entity mention; ``entity`` is the stable id of its canonical entity."""

    start: int
    end: int
    label: str
    text: str
    canonical: str
    entity: str


@dataclass(frozen=True)
class TimeValue:
    """A TIMEX3 time expression: ``type`` DATE/TIME/DURATION/SET, ``value`` as TimeML."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with a unit; ``approx`` keeps markers such as "about" or "several"."""

    start: int
    end: int
    text: str
    kind: str  # duration | count | money | percent | number
    value: float
    unit: str
    approx: str | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    entity: str | None = None


@dataclass(frozen=True)
class RoleClaim:
    """Person holds role, as stated in one article (as of its date)."""

    person: str
    entity: str
    role: str
    start: int
    end: int


@dataclass(frozen=True)
class Annotations:
    article_id: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timexes: tuple[TimeValue, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    roles: tuple[RoleClaim, ...] = ()
    published: date | None = None  # as resolved (given, found in text, or from the story)


@dataclass(frozen=True)
class Claim:
    """One article's statement about a fact, with its exact evidence."""

    article: str
    start: int
    end: int
    text: str
    value: str | None = None
    normalized: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str
    summary: str
    status: Literal["consensus", "single-source", "conflict"]
    independent_sources: int
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: str
    subject: str
    severity: Literal["minor", "major"]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class StoryQuote:
    id: str
    speaker: str | None
    text: str
    article: str
    start: int
    end: int
    variants: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    summary: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Outlook:
    """An announced or expected future event, with the sentences that announce it."""

    summary: str
    when: str | None
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class PersonRole:
    role: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Person:
    """A person or organisation of a story, with roles as the articles state them."""

    name: str
    entity: str
    kind: str
    mentions: int
    articles: int
    roles: tuple[PersonRole, ...]


@dataclass(frozen=True)
class Related:
    story: str
    relation: str
    reason: str


@dataclass(frozen=True)
class WrittenSentence:
    """A sentence of a written summary, with the source numbers it cites ([1] is the
    story's first article) and the claims of those sources that support it."""

    text: str
    citations: tuple[int, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class DroppedSentence:
    text: str
    reason: str


@dataclass(frozen=True)
class WrittenSummary:
    """What the optional summary writer returned, after the support check: the kept
    sentences (the story's summary when there is at least one) and the dropped ones."""

    model: str
    sentences: tuple[WrittenSentence, ...]
    dropped: tuple[DroppedSentence, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    articles: tuple[str, ...]
    summary: str = ""
    summary_claims: tuple[Claim, ...] = ()
    span_start: str | None = None
    span_end: str | None = None
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[StoryQuote, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    related: tuple[Related, ...] = ()
    outlook: tuple[Outlook, ...] = ()
    people: tuple[Person, ...] = ()
    duplicates: dict[str, str] = field(default_factory=dict)  # article -> original
    written: WrittenSummary | None = None  # the optional summary writer's text


@dataclass(frozen=True)
class Report:
    generated_at: str
    articles: tuple[Article, ...]
    stories: tuple[Story, ...]
    issues: tuple[Issue, ...] = ()
    annotations: dict[str, Annotations] = field(default_factory=dict)
    brief_id: str | None = None
    # each article's event frames (meetings, visits...), kept so a store can rebuild facts
    events: Mapping[str, Sequence[EventFrame]] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)
