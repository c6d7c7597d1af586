"""Online story assignment: articles arrive one at a time, in any order.

Each article is first checked for being a reprint of one already seen (MinHash LSH band
keys, then the containment rule); a reprint joins its original's story and is marked as
its duplicate. Otherwise the candidate index proposes at most ``max_candidates`` stories
that share the article's distinctive terms within a time window, and the article joins the
best one whose *mean* similarity to its members (the average link the batch grouping cuts
on, computed exactly from the story's summed member vectors) minus the mean event-signature
penalty clears the threshold; else it founds a new story. When the article also clears the
threshold against another candidate and the two stories' average link now does too, they
merge into the older one, and the store records it. Splits are not made: the store keeps
no member vectors to re-cut a story soundly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.cluster.grouping import CHANNEL_WEIGHTS, CONFLICT_WEIGHTS, similarity
from newsweave.cluster.index import (
    EventKey,
    Sketch,
    Vector,
    doc_terms,
    is_reprint,
    key_terms,
    sketch,
    weigh,
)
from newsweave.cluster.records import Grouping, StoryDoc
from newsweave.cluster.related import related_stories
from newsweave.cluster.signature import signature
from newsweave.model import content_id
from newsweave.store.story_index import StoryIndex, StoryState

# Chosen on the ECB+ train and dev splits, docs in shuffled order (bench/clustering.py).
JOIN_THRESHOLD = 0.22  # mean similarity to a story's members (after penalties) to join it
MERGE_THRESHOLD = 0.14  # average link of two stories' stored vectors (after penalties)
WINDOW_DAYS = 10  # candidate stories must have a dated member this close (if dated)
REPRINT_WINDOW_DAYS = 30
MAX_CANDIDATES = 50
RELATED_MAX_DOCS = 2000  # assign_all links related stories for pools up to this size


@dataclass(frozen=True)
class OnlineSettings:
    threshold: float = JOIN_THRESHOLD
    merge_threshold: float = MERGE_THRESHOLD
    window_days: int = WINDOW_DAYS
    reprint_window_days: int = REPRINT_WINDOW_DAYS
    max_candidates: int = MAX_CANDIDATES
    channel_weights: tuple[float, float, float] = CHANNEL_WEIGHTS
    conflict_weights: tuple[float, float, float] = CONFLICT_WEIGHTS


@dataclass(frozen=True)
class Placement:
    """Where one article went."""

    story: str  # the story's key (content id of its founding article)
    duplicate_of: str | None
    merged: tuple[str, ...]  # story keys merged into ``story`` because of this article
    candidates_checked: int


@dataclass(frozen=True)
class _Scored:
    story: StoryState
    score: float


def story_key(founder: str) -> str:
    return content_id(founder, prefix="s_")


def _doc_text(doc: StoryDoc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


class StoryAssigner:
    """Places articles into stories one at a time, against a SQLite-backed index.

    ``conn`` is the store's connection (the index tables are migration 0002); without one
    the index lives in memory. Writes are committed by :meth:`commit`.
    """

    def __init__(
        self, conn: sqlite3.Connection | None = None, settings: OnlineSettings | None = None
    ) -> None:
        self.index = StoryIndex(conn if conn is not None else sqlite3.connect(":memory:"))
        self.settings = settings or OnlineSettings()

    def commit(self) -> None:
        self.index.commit()

    def prime(self, docs: Sequence[StoryDoc]) -> None:
        """Count ``docs`` in the document frequencies before they are added (a batch known
        in advance); each must then be added with ``primed=True``."""
        for doc in docs:
            self.index.count_doc(np.asarray(doc_terms(_doc_text(doc)).ids(), dtype=np.uint32))

    def add(self, doc: StoryDoc, *, primed: bool = False) -> Placement:
        known = self.index.article(doc.id)
        if known is not None:
            key = self.index.story_key(self.index.root(known.story))
            return Placement(key, known.duplicate_of, (), 0)
        cfg = self.settings
        terms = doc_terms(_doc_text(doc))
        ids = np.asarray(terms.ids(), dtype=np.uint32)
        if primed:  # counted already: the frequencies without this article
            n_docs = self.index.n_docs() - 1
            vector, query = weigh(
                terms, lambda t: self.index.df(t) - 1, n_docs, cfg.channel_weights
            )
        else:
            vector, query = weigh(terms, self.index.df, self.index.n_docs(), cfg.channel_weights)
        posted = key_terms(vector, terms.keyable)
        asked = key_terms(query, terms.keyable)
        day = doc.published.toordinal() if doc.published else 0
        sk = sketch(doc.text)
        event = EventKey.of(signature(doc))

        original, story = self._reprint_of(sk, day)
        merged: list[str] = []
        checked = 0
        if story is None:
            seqs = self.index.candidates(asked, day, cfg.window_days, cfg.max_candidates)
            checked = len(seqs)
            scored = self._score(query, event, seqs)
            joinable = [s for s in scored if s.score >= cfg.threshold]
            if joinable:
                story = joinable[0].story
                self.index.history("joined", story.key, None, doc.id)
                _absorb_article(story, vector, event, day)
                for other in joinable[1:]:
                    if self._link(story, other.story) >= cfg.merge_threshold:
                        story, gone = self._merge(story, other.story, doc.id)
                        merged.append(gone.key)
            else:
                story = self.index.new_story(story_key(doc.id), doc.id, day)
                _absorb_article(story, vector, event, day)
        else:
            self.index.history("joined", story.key, None, doc.id)
            _absorb_article(story, vector, event, day)
        self.index.save_story(story)
        self.index.add_article(doc.id, story, day, original, posted, sk, event)
        if not primed:
            self.index.count_doc(ids)
        return Placement(story.key, original, tuple(merged), checked)

    def _reprint_of(self, sk: Sketch, day: int) -> tuple[str | None, StoryState | None]:
        if not sk.size:
            return None, None
        seqs = self.index.reprint_candidates(sk.band_keys(), day, self.settings.reprint_window_days)
        for stored in self.index.articles(seqs):
            if is_reprint(sk, stored.sketch):
                root = self.index.root(stored.story)
                state = self.index.stories_by_seq([root])[root]
                return stored.duplicate_of or stored.article_id, state
        return None, None

    def _score(self, vector: Vector, event: EventKey, seqs: Sequence[int]) -> list[_Scored]:
        states = self.index.stories_by_seq(seqs)
        weights = self.settings.conflict_weights
        out: list[_Scored] = []
        for seq in seqs:
            state = states[seq]
            if not state.size:
                continue
            sim = vector.dot(state.centroid) / state.size
            penalty = sum(n * event.penalty(k, weights) for k, n in state.event_keys())
            out.append(_Scored(state, sim - penalty / state.size))
        out.sort(key=lambda s: (-s.score, s.story.seq))
        return out

    def _link(self, a: StoryState, b: StoryState) -> float:
        """Average link between two stories, after the mean signature penalty."""
        sim = a.centroid.dot(b.centroid)
        weights = self.settings.conflict_weights
        pa, pb = a.event_keys(), b.event_keys()
        penalty = sum(na * nb * ka.penalty(kb, weights) for ka, na in pa for kb, nb in pb)
        return (sim - penalty) / (a.size * b.size)

    def _merge(self, a: StoryState, b: StoryState, article: str) -> tuple[StoryState, StoryState]:
        """Merge the younger story into the older; returns (survivor, absorbed)."""
        survivor, absorbed = (a, b) if a.seq < b.seq else (b, a)
        survivor.centroid = survivor.centroid.plus(absorbed.centroid)
        survivor.size += absorbed.size
        survivor.events.update(absorbed.events)
        survivor.first_day = _min_day(survivor.first_day, absorbed.first_day)
        survivor.last_day = max(survivor.last_day, absorbed.last_day)
        self.index.merge(survivor, absorbed, article)
        return survivor, absorbed

    def stories(self) -> dict[str, list[str]]:
        """Live story key -> article ids, in arrival order."""
        out: dict[str, list[str]] = {}
        for article, key, _ in self.index.assignments():
            out.setdefault(key, []).append(article)
        return out

    def duplicates(self) -> dict[str, str]:
        return {a: d for a, _, d in self.index.assignments() if d is not None}

    def history(self) -> list[tuple[str, str, str | None, str | None]]:
        return self.index.story_history()


def _min_day(a: int, b: int) -> int:
    known = [d for d in (a, b) if d]
    return min(known) if known else 0


def _absorb_article(story: StoryState, vector: Vector, event: EventKey, day: int) -> None:
    story.centroid = story.centroid.plus(vector)
    story.size += 1
    story.events[event.to_json()] += 1
    story.first_day = _min_day(story.first_day, day)
    story.last_day = max(story.last_day, day)


def assign_all(
    docs: Sequence[StoryDoc],
    settings: OnlineSettings | None = None,
    conn: sqlite3.Connection | None = None,
) -> Grouping:
    """Add ``docs`` in order and return the result as :func:`group_stories` would. The
    whole batch is counted in the term frequencies first (it is known in advance)."""
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("assign_all needs unique article ids")
    assigner = StoryAssigner(conn, settings)
    assigner.prime(docs)
    for doc in docs:
        assigner.add(doc, primed=True)
    assigner.commit()
    by_key = assigner.stories()
    dups = assigner.duplicates()
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    groups = sorted(
        (sorted(position[a] for a in members) for members in by_key.values()),
        key=lambda g: g[0],
    )
    related: list[tuple[int, int, str]] = []
    if len(groups) > 1 and len(docs) <= RELATED_MAX_DOCS:
        content, _ = similarity(docs)
        related = related_stories(docs, [signature(d) for d in docs], content, groups)
    return Grouping(
        stories=[[ids[i] for i in g] for g in groups], duplicate_of=dups, related=related
    )
