"""Online story placement on a store: :mod:`newsweave.cluster.online` over its index.

Each article is placed in its own transaction: its features, its place, the members that
moved and the story history are written together. Works on every SQL store backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.cluster.grouping import similarity
from newsweave.cluster.online import OnlineSettings, Placement, place
from newsweave.cluster.records import Grouping, StoryDoc
from newsweave.cluster.related import related_stories
from newsweave.cluster.signature import signature
from newsweave.cluster.terms import doc_features
from newsweave.store.base import Store
from newsweave.store.sqlstore import SqlStore
from newsweave.store.story_index import StoryIndex

RELATED_MAX_DOCS = 2000


class Placer:
    """Places articles into the stories of ``store``, one at a time."""

    def __init__(self, store: Store, settings: OnlineSettings | None = None) -> None:
        if not isinstance(store, SqlStore):
            raise TypeError(f"online placement needs a SQL store, not {type(store).__name__}")
        self.store = store
        self.settings = settings or OnlineSettings()
        self.index = StoryIndex(store, self.settings.query_keys)

    def add(self, doc: StoryDoc) -> Placement:
        """Place a new article (call :meth:`forget` first if its text changed)."""
        with self.store._transaction():
            return place(self.index, doc_features(doc), self.settings)

    def forget(self, article_id: str) -> str | None:
        """Take an article out of its story; returns that story's key (None if unplaced)."""
        with self.store._transaction():
            return self.index.forget(article_id)

    def stories(self) -> dict[str, list[str]]:
        """Story key -> article ids in arrival order, every story."""
        rows = self.store._rows("SELECT article_id, story FROM placement_articles ORDER BY seq")
        out: dict[str, list[str]] = {}
        for r in rows:
            out.setdefault(r["story"], []).append(r["article_id"])
        return out

    def duplicates(self, article_ids: Sequence[str]) -> dict[str, str]:
        return self.index.duplicates(article_ids)


def place_all(docs: Sequence[StoryDoc], settings: OnlineSettings | None = None) -> Grouping:
    """Place ``docs`` one at a time, in order, in a new in-memory store; the result as the
    batch :func:`~newsweave.cluster.group_stories` gives it (related stories linked over the
    final stories for pools of up to ``RELATED_MAX_DOCS``)."""
    from newsweave.store.sqlite import SqliteStore

    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("place_all needs unique article ids")
    with SqliteStore(":memory:") as store:
        placer = Placer(store, settings)
        for doc in docs:
            placer.add(doc)
        by_story = placer.stories()
        dups = placer.duplicates(ids)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    groups = sorted((sorted(position[a] for a in m) for m in by_story.values()), key=lambda g: g[0])
    related: list[tuple[int, int, str]] = []
    if len(groups) > 1 and len(docs) <= RELATED_MAX_DOCS:
        content, _ = similarity([doc_features(d) for d in docs])
        related = related_stories(docs, [signature(d) for d in docs], content, groups)
    return Grouping([[ids[i] for i in g] for g in groups], dups, related)
