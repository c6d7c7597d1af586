"""What every store offers: the interface the desk, the CLI and the web layer use.

Two backends implement it: :class:`~newsweave.store.sqlite.SqliteStore` (the default, one
file) and :class:`~newsweave.store.postgres.PostgresStore` (for teams).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from newsweave.analyze.events import EventFrame
from newsweave.model import Annotations, Article, Report, Story

StoryOrder = Literal["newest", "sources", "conflicts"]
SearchKind = Literal["article", "fact", "quote"]


@dataclass(frozen=True)
class SaveResult:
    new_articles: int
    updated_articles: int
    brief_id: str | None


@dataclass(frozen=True)
class StorySummary:
    """One line of the story list."""

    id: str
    title: str
    articles: int
    sources: int
    conflicts: int
    latest: str | None
    updated_at: str


@dataclass(frozen=True)
class SearchQuery:
    """Full-text search with filters; every filter is optional."""

    text: str
    kinds: tuple[SearchKind, ...] = ("article", "fact", "quote")
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    entity: str | None = None
    story: str | None = None
    limit: int = 20


@dataclass(frozen=True)
class SearchHit:
    """A match: what it is, where its evidence is (article + offsets) and its story."""

    kind: SearchKind
    ref: str
    article: str
    start: int
    end: int
    text: str
    story: str | None
    outlet: str | None
    published: str | None
    score: float


@dataclass(frozen=True)
class SavedBrief:
    id: str
    scope: str | None
    created_at: str
    data: dict[str, Any]


class Store(Protocol):
    """The store interface; both backends pass the same test suite against it."""

    backend: str

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def save_articles(
        self,
        articles: Sequence[Article],
        annotations: Mapping[str, Annotations],
        events: Mapping[str, Sequence[EventFrame]] | None = None,
    ) -> tuple[int, int]: ...

    def save_report(self, report: Report, report_json: Mapping[str, Any]) -> SaveResult: ...

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]: ...

    def articles(self, ids: Sequence[str]) -> list[Article]: ...

    def analysis(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, Annotations], dict[str, list[EventFrame]]]: ...

    def candidates(
        self, entities: Sequence[str], published: date | None, window_days: int, limit: int
    ) -> list[str]: ...

    def story_of(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    def save_story(
        self, story: Story, articles: Sequence[Article], replaces: Sequence[str] = ()
    ) -> None: ...

    def drop_story(self, story_id: str) -> None: ...

    def set_related(self, story_id: str, related: Sequence[Mapping[str, Any]]) -> None: ...

    def mark_pending(self, story_ids: Sequence[str]) -> None:
        """Stories whose members changed and whose brief waits for its rebuild."""
        ...

    def pending_stories(self) -> list[str]: ...

    def story(self, story_id: str) -> dict[str, Any] | None: ...

    def stories(
        self, order: StoryOrder = "newest", limit: int = 50, offset: int = 0
    ) -> list[StorySummary]: ...

    def all_stories(self) -> list[dict[str, Any]]: ...

    def article_meta(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]: ...

    def save_brief(
        self, brief_id: str, scope: str | None, created_at: str, data: Mapping[str, Any]
    ) -> None: ...

    def brief(self, brief_id: str) -> dict[str, Any] | None: ...

    def saved_brief(self, brief_id: str) -> SavedBrief | None: ...

    def latest_brief(self, scope: str | None) -> SavedBrief | None: ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def count(self, table: str) -> int: ...
