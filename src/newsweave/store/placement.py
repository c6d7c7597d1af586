"""Online story placement on a store: :mod:`newsweave.cluster.online` over its index.

Each article is placed in its own transaction: its features, its place, the members that
moved and the story history are written together. Works on every SQL store backend.

A placement story's key is the id its story is stored under. Stored articles that are in a
story but not in the index (a store written by ``newsweave brief --db``) are indexed, in
the story they are stored in, when a :class:`Placer` opens the store and when a brief is
saved (:func:`sync_placement`), so a later ``add`` places against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

from newsweave.analyze.annotate import Analysis
from newsweave.cluster.grouping import similarity
from newsweave.cluster.online import OnlineSettings, Placement, place
from newsweave.cluster.records import Grouping, StoryDoc
from newsweave.cluster.related import Profile, related_stories
from newsweave.cluster.signature import signature
from newsweave.cluster.terms import doc_features
from newsweave.model import content_id
from newsweave.store.base import Store
from newsweave.store.sqlstore import SqlStore
from newsweave.store.story_index import StoryIndex
from newsweave.stories import story_docs

RELATED_MAX_DOCS = 2000


class Placer:
    """Places articles into the stories of ``store``, one at a time."""

    def __init__(
        self, store: Store, settings: OnlineSettings | None = None, *, profiles: bool = True
    ) -> None:
        if not isinstance(store, SqlStore):
            raise TypeError(f"online placement needs a SQL store, not {type(store).__name__}")
        self.store = store
        self.keep_profiles = profiles  # what related-story links read (the desk needs them)
        self.settings = settings or OnlineSettings()
        self.index = StoryIndex(store, self.settings.query_keys)
        sync_placement(store, self.index)

    def add(self, doc: StoryDoc) -> Placement:
        """Place a new article (call :meth:`forget` first if its text changed)."""
        self.index.hashes[doc.id] = content_id(doc.text, size=16)  # as Article.content_hash
        if self.keep_profiles:
            self.index.profiles[doc.id] = Profile.of(doc)
        try:
            with self.store._transaction():
                return place(self.index, doc_features(doc), self.settings)
        finally:
            self.index.hashes.pop(doc.id, None)
            self.index.profiles.pop(doc.id, None)

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


def store_transaction(store: Store) -> AbstractContextManager[object]:
    """The store's write transaction (placement writes go through the SQL stores)."""
    if not isinstance(store, SqlStore):
        raise TypeError(f"online placement needs a SQL store, not {type(store).__name__}")
    return store._transaction()


def sync_placement(
    store: SqlStore, index: StoryIndex | None = None, article_ids: Sequence[str] | None = None
) -> int:
    """Index stored story members the placement index lacks, in their stored story (oldest
    first); with ``article_ids``, only those, and placed ones whose stored story is another
    move there. Returns how many articles were indexed or moved."""
    index = index or StoryIndex(store)
    if article_ids is None:
        rows = store._rows(
            "SELECT sa.article_id, sa.story_id, sa.duplicate_of, NULL AS placed, a.published "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE NOT EXISTS "
            "(SELECT 1 FROM placement_articles p WHERE p.article_id = sa.article_id)"
        )
    else:
        rows = []
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += store._rows(
                "SELECT sa.article_id, sa.story_id, sa.duplicate_of, p.story AS placed, "
                "a.published FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "LEFT JOIN placement_articles p ON p.article_id = sa.article_id "
                f"WHERE sa.article_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
    moved = [r for r in rows if r["placed"] is not None and r["placed"] != r["story_id"]]
    with store._transaction():
        for r in moved:
            index.move([r["article_id"]], r["story_id"])
    missing = sorted(
        (r for r in rows if r["placed"] is None),
        key=lambda r: (r["published"] or "9999", r["article_id"]),
    )
    for i in range(0, len(missing), 200):
        part = {r["article_id"]: r for r in missing[i : i + 200]}
        articles = store.articles(list(part))
        anns, events = store.analysis(list(part))
        docs = story_docs(articles, Analysis(annotations=anns, events=events))
        with store._transaction():
            for doc in docs:
                row = part[doc.id]
                index.profiles[doc.id] = Profile.of(doc)
                index.add(doc_features(doc), row["story_id"], row["duplicate_of"])
                index.profiles.pop(doc.id, None)
    return len(moved) + len(missing)


def place_all(docs: Sequence[StoryDoc], settings: OnlineSettings | None = None) -> Grouping:
    """Place ``docs`` one at a time, in order, in a new in-memory store; the result as the
    batch :func:`~newsweave.cluster.group_stories` gives it (related stories linked over the
    final stories for pools of up to ``RELATED_MAX_DOCS``)."""
    from newsweave.store.sqlite import SqliteStore

    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("place_all needs unique article ids")
    with SqliteStore(":memory:") as store:
        placer = Placer(store, settings, profiles=False)
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
