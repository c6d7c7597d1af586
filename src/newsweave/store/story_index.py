"""The SQLite-backed candidate index of online story assignment (tables of migration 0002).

Every lookup is a query on indexed columns, so a process that adds one article to a store
holding 100,000 reads a few dozen rows, not the whole index. Nothing is committed until
:meth:`StoryIndex.commit`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.cluster.index import EventKey, Ids, Sketch, Vector
from newsweave.store.migrations import MIGRATIONS, SCHEMA_VERSION

_CHUNK = 900  # bound parameters per IN (...) list
DF_BITS = 23
DF_BUCKETS = 1 << DF_BITS  # document-frequency buckets (32 MB of uint32)
DF_MASK = np.uint32(DF_BUCKETS - 1)
DF_CHUNK = 1 << 16
STORY_CACHE = 20_000  # live stories kept decoded in memory (most recently used)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Apply the store migrations this connection's database has not had yet."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"schema version {version} is newer than {SCHEMA_VERSION}")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.executescript(MIGRATIONS[target])
            conn.execute(f"PRAGMA user_version={target}")


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


@dataclass
class StoryState:
    """A live story as the assigner scores it."""

    seq: int
    key: str
    size: int
    centroid: Vector
    events: Counter[str]  # EventKey JSON -> members with it
    first_day: int
    last_day: int

    def event_keys(self) -> list[tuple[EventKey, int]]:
        return [(EventKey.from_json(k), n) for k, n in self.events.items()]


@dataclass(frozen=True)
class StoredArticle:
    seq: int
    article_id: str
    story: int
    day: int
    duplicate_of: str | None
    sketch: Sketch


class StoryIndex:
    """Candidate index, assignments and story history in one SQLite database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        ensure_schema(conn)
        self._load_df()
        self._roots: dict[int, int] = {
            int(a): int(b)
            for a, b in conn.execute(
                "SELECT seq, merged_into FROM story_index_stories WHERE merged_into IS NOT NULL"
            )
        }
        self._cache: OrderedDict[int, StoryState] = OrderedDict()

    def commit(self) -> None:
        self._save_df()
        self.conn.commit()

    # -- corpus statistics --------------------------------------------------------------
    def _load_df(self) -> None:
        self._df = np.zeros(DF_BUCKETS, dtype=np.uint32)
        for chunk, blob in self.conn.execute("SELECT chunk, counts FROM story_index_df"):
            start = int(chunk) * DF_CHUNK
            self._df[start : start + DF_CHUNK] = np.frombuffer(blob, dtype="<u4")
        row = self.conn.execute("SELECT value FROM story_index_meta WHERE key='docs'").fetchone()
        self._docs = int(row[0]) if row else 0
        self._dirty: set[int] = set()

    def n_docs(self) -> int:
        return self._docs

    def df(self, terms: Ids) -> npt.NDArray[np.int64]:
        """Document frequencies of hashed term ids (buckets may collide: an upper bound)."""
        out: npt.NDArray[np.int64] = self._df[terms & DF_MASK].astype(np.int64)
        return out

    def count_doc(self, terms: Ids) -> None:
        buckets = np.unique(terms & DF_MASK)
        self._df[buckets] += 1
        self._dirty.update(np.unique(buckets // DF_CHUNK).tolist())
        self._docs += 1

    def _save_df(self) -> None:
        rows = []
        for chunk in sorted(self._dirty):
            start = chunk * DF_CHUNK
            rows.append((chunk, self._df[start : start + DF_CHUNK].astype("<u4").tobytes()))
        self.conn.executemany(
            "INSERT OR REPLACE INTO story_index_df (chunk, counts) VALUES (?, ?)", rows
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO story_index_meta (key, value) VALUES ('docs', ?)",
            (self._docs,),
        )
        self._dirty.clear()

    # -- lookups ------------------------------------------------------------------------
    def root(self, story: int) -> int:
        """The live story a (possibly merged) story number now belongs to."""
        while story in self._roots:
            story = self._roots[story]
        return story

    def candidates(self, terms: Sequence[int], day: int, window: int, limit: int) -> list[int]:
        """Live stories sharing the most of ``terms`` within ``window`` days of ``day`` (all
        days when ``day`` is 0, i.e. unknown; undated stories are always in the window)."""
        if not terms:
            return []
        where = f"term IN ({_marks(len(terms))})"
        params: list[int] = list(terms)
        if day:
            where += " AND (day BETWEEN ? AND ? OR day = 0)"
            params += [day - window, day + window]
        sql = (
            f"SELECT story, COUNT(DISTINCT term) AS n FROM story_index_postings WHERE {where} "
            "GROUP BY story ORDER BY n DESC, story LIMIT ?"
        )
        overlap: Counter[int] = Counter()
        for story, n in self.conn.execute(sql, [*params, 3 * limit]):
            overlap[self.root(int(story))] += int(n)
        return [s for s, _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def reprint_candidates(self, band_keys: Sequence[int], day: int, window: int) -> list[int]:
        where = f"band_key IN ({_marks(len(band_keys))})"
        params: list[int] = list(band_keys)
        if day:
            where += " AND (day BETWEEN ? AND ? OR day = 0)"
            params += [day - window, day + window]
        sql = f"SELECT DISTINCT article FROM story_index_bands WHERE {where} ORDER BY article"
        return [int(r[0]) for r in self.conn.execute(sql, params)]

    def articles(self, seqs: Sequence[int]) -> list[StoredArticle]:
        out: list[StoredArticle] = []
        for part in _chunks(seqs):
            sql = (
                "SELECT seq, article_id, story, day, duplicate_of, sketch, shingles FROM "
                f"story_index_articles WHERE seq IN ({_marks(len(part))}) ORDER BY seq"
            )
            for seq, aid, story, day, dup, blob, size in self.conn.execute(sql, part):
                sk = Sketch.from_bytes(blob, int(size))
                out.append(StoredArticle(int(seq), aid, int(story), int(day), dup, sk))
        return out

    def article(self, article_id: str) -> StoredArticle | None:
        row = self.conn.execute(
            "SELECT seq FROM story_index_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else self.articles([int(row[0])])[0]

    def stories_by_seq(self, seqs: Sequence[int]) -> dict[int, StoryState]:
        out: dict[int, StoryState] = {}
        missing = []
        for seq in seqs:
            if seq in self._cache:
                self._cache.move_to_end(seq)
                out[seq] = self._cache[seq]
            else:
                missing.append(seq)
        for part in _chunks(missing):
            sql = (
                "SELECT seq, key, size, centroid, events, first_day, last_day FROM "
                f"story_index_stories WHERE seq IN ({_marks(len(part))})"
            )
            for seq, key, size, blob, events, first, last in self.conn.execute(sql, part):
                out[int(seq)] = StoryState(
                    seq=int(seq),
                    key=key,
                    size=int(size),
                    centroid=Vector.from_bytes(blob),
                    events=Counter(_load_events(events)),
                    first_day=int(first),
                    last_day=int(last),
                )
                self._remember(out[int(seq)])
        return out

    def _remember(self, story: StoryState) -> None:
        self._cache[story.seq] = story
        self._cache.move_to_end(story.seq)
        while len(self._cache) > STORY_CACHE:
            self._cache.popitem(last=False)

    def story_key(self, seq: int) -> str:
        row = self.conn.execute(
            "SELECT key FROM story_index_stories WHERE seq = ?", (seq,)
        ).fetchone()
        return str(row[0])

    # -- writes -------------------------------------------------------------------------
    def new_story(self, key: str, founder: str, day: int) -> StoryState:
        cur = self.conn.execute(
            "INSERT INTO story_index_stories (key, founder, size, first_day, last_day, "
            "centroid, events) VALUES (?, ?, 0, ?, ?, ?, '{}')",
            (key, founder, day, day, b""),
        )
        self.history("created", key, None, founder)
        seq = int(cur.lastrowid or 0)
        story = StoryState(seq, key, 0, Vector.empty(), Counter(), day, day)
        self._remember(story)
        return story

    def save_story(self, story: StoryState) -> None:
        self._remember(story)
        self.conn.execute(
            "UPDATE story_index_stories SET size=?, centroid=?, events=?, first_day=?, "
            "last_day=? WHERE seq=?",
            (
                story.size,
                story.centroid.to_bytes(),
                _dump_events(story.events),
                story.first_day,
                story.last_day,
                story.seq,
            ),
        )

    def add_article(
        self,
        article_id: str,
        story: StoryState,
        day: int,
        duplicate_of: str | None,
        key_terms: Sequence[int],
        sketch: Sketch,
        event: EventKey,
    ) -> None:
        cur = self.conn.execute(
            "INSERT INTO story_index_articles (article_id, story, day, duplicate_of, "
            "key_terms, sketch, shingles, event) VALUES (?,?,?,?,?,?,?,?)",
            (
                article_id,
                story.seq,
                day,
                duplicate_of,
                np.asarray(key_terms, dtype="<u4").tobytes(),
                sketch.to_bytes(),
                sketch.size,
                event.to_json(),
            ),
        )
        seq = int(cur.lastrowid or 0)
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_index_postings (term, day, story) VALUES (?,?,?)",
            [(t, day, story.seq) for t in key_terms],
        )
        if sketch.size:
            self.conn.executemany(
                "INSERT OR IGNORE INTO story_index_bands (band_key, day, article) VALUES (?,?,?)",
                [(k, day, seq) for k in sketch.band_keys()],
            )

    def merge(self, survivor: StoryState, absorbed: StoryState, article: str) -> None:
        """Record ``absorbed`` as merged into ``survivor`` (whose new state the caller saves).
        Postings keep the absorbed story's number and are resolved through ``merged_into``."""
        self.conn.execute(
            "UPDATE story_index_stories SET merged_into = ? WHERE seq = ?",
            (survivor.seq, absorbed.seq),
        )
        self._roots[absorbed.seq] = survivor.seq
        self._cache.pop(absorbed.seq, None)
        self.conn.execute(
            "UPDATE story_index_articles SET story = ? WHERE story = ?",
            (survivor.seq, absorbed.seq),
        )
        self.history("merged", survivor.key, absorbed.key, article)

    def history(self, event: str, story: str, other: str | None, article: str | None) -> None:
        self.conn.execute(
            "INSERT INTO story_history (event, story, other, article) VALUES (?,?,?,?)",
            (event, story, other, article),
        )

    # -- reading back ---------------------------------------------------------------------
    def assignments(self) -> list[tuple[str, str, str | None]]:
        """(article id, story key, duplicate_of) in arrival order."""
        sql = (
            "SELECT a.article_id, s.key, a.duplicate_of FROM story_index_articles a "
            "JOIN story_index_stories s ON s.seq = a.story ORDER BY a.seq"
        )
        return [(str(a), str(k), d) for a, k, d in self.conn.execute(sql)]

    def story_history(self) -> list[tuple[str, str, str | None, str | None]]:
        """(event, story key, other story key, article id), oldest first."""
        sql = "SELECT event, story, other, article FROM story_history ORDER BY id"
        return [(str(e), str(s), o, a) for e, s, o, a in self.conn.execute(sql)]


def _dump_events(events: Counter[str]) -> str:
    return json.dumps(dict(sorted(events.items())), separators=(",", ":"))


def _load_events(text: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in json.loads(text).items()}
