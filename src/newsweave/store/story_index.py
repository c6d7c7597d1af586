"""The placement index of a store (tables of SQLite migration 0004, PostgreSQL 0002).

Written once for both backends on the store's SQL helpers. Every lookup is a query on
indexed columns, so placing one article in a store holding 100,000 reads a few dozen rows.
Decoded features of recently used articles are kept in memory.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from newsweave.cluster.online import HistoryEvent, story_key
from newsweave.cluster.related import Profile
from newsweave.cluster.terms import Bag, DocFeatures, EventKey
from newsweave.store.sqlstore import Row, SqlStore, now

CACHE = 20_000  # decoded articles kept in memory (most recently used)
RELATED_PER_KEY = 40  # articles per name, each side of a story's date, for related links
_CHUNK = 500  # bound parameters per IN (...) list


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: Sequence[str]) -> list[Sequence[str]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


class StoryIndex:
    """:class:`~newsweave.cluster.online.PlacementIndex` over a SQL store."""

    def __init__(self, store: SqlStore, query_keys: int = 12) -> None:
        self.store = store
        self.query_keys = query_keys
        self._cache: OrderedDict[str, DocFeatures] = OrderedDict()
        self.hashes: dict[str, str] = {}  # content hashes of articles being placed
        self.profiles: dict[str, Profile] = {}  # profiles of articles being placed

    # -- lookups --------------------------------------------------------------------------
    def candidates(self, keys: Sequence[str], day: int, window: int, limit: int) -> list[str]:
        """Articles sharing the most of the rarest of ``keys``, dated within ``window`` days
        of ``day`` (0: unknown, any date); undated articles always qualify."""
        counts = self._counts(keys, {})
        if not counts:
            return []
        asked = sorted(counts, key=lambda k: (counts[k], k))[: self.query_keys]
        where = f"key IN ({_marks(len(asked))})"
        rows = self.store._rows(
            f"SELECT key, article_id FROM placement_keys WHERE {where} AND day = 0", asked
        )
        if day:
            rows += self.store._rows(
                f"SELECT key, article_id FROM placement_keys WHERE {where} AND day BETWEEN ? AND ?",
                [*asked, day - window, day + window],
            )
        else:
            rows += self.store._rows(
                f"SELECT key, article_id FROM placement_keys WHERE {where} AND day <> 0", asked
            )
        return self._best(rows, counts, asked, limit)

    def related_candidates(
        self, members: Sequence[DocFeatures], limit: int, per_key: int = RELATED_PER_KEY
    ) -> list[str]:
        """Articles outside ``members`` (a story's articles, indexed) sharing the most of
        the story's rarest names that other articles have too, at any date: for each name,
        the ``per_key`` articles dated nearest before and after the story's middle day."""
        own: dict[str, int] = {}
        for feats in members:
            for k in feats.keys:
                own[k] = own.get(k, 0) + 1
        counts = self._counts(sorted(own), own)
        if not counts:
            return []
        asked = sorted(counts, key=lambda k: (counts[k], k))[: self.query_keys]
        days = sorted(f.day for f in members if f.day)
        middle = days[len(days) // 2] if days else 0
        ids = {f.id for f in members}
        rows: list[Row] = []
        for key in asked:
            rows += self.store._rows(
                "SELECT key, article_id FROM placement_keys WHERE key = ? AND day <= ? "
                "ORDER BY day DESC LIMIT ?",
                (key, middle or 2**31, per_key + len(ids)),
            )
            if middle:
                rows += self.store._rows(
                    "SELECT key, article_id FROM placement_keys WHERE key = ? AND day > ? "
                    "ORDER BY day LIMIT ?",
                    (key, middle, per_key + len(ids)),
                )
        rows = [r for r in rows if r["article_id"] not in ids]
        return self._best(rows, counts, asked, limit)

    def _counts(self, keys: Sequence[str], own: dict[str, int]) -> dict[str, int]:
        """How many indexed articles (other than ``own`` counts) have each key."""
        counts: dict[str, int] = {}
        for part in _chunks(keys):
            rows = self.store._rows(
                f"SELECT key, n FROM placement_key_counts WHERE key IN ({_marks(len(part))})",
                part,
            )
            for r in rows:
                n = int(r["n"]) - own.get(r["key"], 0)
                if n > 0:
                    counts[r["key"]] = n
        return counts

    def _best(
        self, rows: Sequence[Row], counts: dict[str, int], asked: Sequence[str], limit: int
    ) -> list[str]:
        """Article ids by the summed weight (rarer keys weigh more) of the keys they share."""
        total = self.articles() + 1
        weight = {k: math.log(total / counts[k]) + 1.0 for k in asked}
        score: dict[str, float] = {}
        for r in rows:
            score[r["article_id"]] = score.get(r["article_id"], 0.0) + weight[r["key"]]
        return [a for a, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def articles(self) -> int:
        rows = self.store._rows("SELECT MAX(seq) AS n FROM placement_articles")
        return int(rows[0]["n"] or 0)

    def _column(self, column: str, article_ids: Sequence[str]) -> dict[str, Any]:
        """Article id -> one placement column's value, for the ids that have one."""
        out: dict[str, Any] = {}
        for part in _chunks(article_ids):
            rows = self.store._rows(
                f"SELECT article_id, {column} AS value FROM placement_articles "
                f"WHERE article_id IN ({_marks(len(part))}) AND {column} IS NOT NULL",
                part,
            )
            out.update({r["article_id"]: r["value"] for r in rows})
        return out

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        return {k: str(v) for k, v in self._column("story", article_ids).items()}

    def members(self, story: str) -> list[str]:
        rows = self.store._rows(
            "SELECT article_id FROM placement_articles WHERE story = ? ORDER BY seq", (story,)
        )
        return [r["article_id"] for r in rows]

    def arrival(self, article_ids: Sequence[str]) -> dict[str, int]:
        return {k: int(v) for k, v in self._column("seq", article_ids).items()}

    def new_key(self, founder: str, taken: Collection[str]) -> str:
        """``s_`` + a hash of the founder's content hash (salted while taken): the id the
        story is stored under. A key in use, stored, or in the story history (a story
        merged away) is never given again."""
        basis = self.hashes.get(founder) or self.store.content_hashes([founder]).get(founder)
        salt = 0
        while (key := story_key(basis or founder, salt)) in taken or self.used(key):
            salt += 1
        return key

    def used(self, key: str) -> bool:
        rows = self.store._rows(
            "SELECT 1 AS x FROM placement_articles WHERE story = ? "
            "UNION ALL SELECT 1 AS x FROM stories WHERE id = ? "
            "UNION ALL SELECT 1 AS x FROM story_history WHERE story = ? OR other = ? LIMIT 1",
            (key, key, key, key),
        )
        return bool(rows)

    def duplicates(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> the article it reprints, for those that are reprints."""
        return {k: str(v) for k, v in self._column("duplicate_of", article_ids).items()}

    def features(self, article_ids: Sequence[str]) -> dict[str, DocFeatures]:
        out: dict[str, DocFeatures] = {}
        missing: list[str] = []
        for a in article_ids:
            if a in self._cache:
                self._cache.move_to_end(a)
                out[a] = self._cache[a]
            else:
                missing.append(a)
        for part in _chunks(missing):
            rows = self.store._rows(
                "SELECT article_id, day, words, names, numbers, shingles, event, keys "
                f"FROM placement_articles WHERE article_id IN ({_marks(len(part))})",
                part,
            )
            for r in rows:
                feats = DocFeatures(
                    id=r["article_id"],
                    day=int(r["day"]),
                    words=Bag.from_bytes(bytes(r["words"])),
                    names=Bag.from_bytes(bytes(r["names"])),
                    numbers=Bag.from_bytes(bytes(r["numbers"])),
                    shingles=np.frombuffer(bytes(r["shingles"]), dtype="<u4").astype(np.uint32),
                    event=EventKey.from_json(r["event"]),
                    keys=tuple(r["keys"].split("\n")) if r["keys"] else (),
                )
                out[feats.id] = feats
                self._remember(feats)
        return out

    def profiles_of(self, article_ids: Sequence[str]) -> dict[str, Profile]:
        """Stored profiles (names and signature) of these articles, where computed."""
        return {k: Profile.from_json(v) for k, v in self._column("profile", article_ids).items()}

    def set_profiles(self, profiles: dict[str, Profile]) -> None:
        self.store._run_many(
            "UPDATE placement_articles SET profile = ? WHERE article_id = ?",
            [(p.to_json(), a) for a, p in profiles.items()],
        )

    def _remember(self, feats: DocFeatures) -> None:
        self._cache[feats.id] = feats
        self._cache.move_to_end(feats.id)
        while len(self._cache) > CACHE:
            self._cache.popitem(last=False)

    def story_history(self) -> list[tuple[str, str, str | None, str | None]]:
        """(event, story key, other story key, article id), oldest first."""
        rows = self.store._rows(
            "SELECT event, story, other, article FROM story_history ORDER BY id"
        )
        return [(r["event"], r["story"], r["other"], r["article"]) for r in rows]

    # -- writes ---------------------------------------------------------------------------
    def add(self, feats: DocFeatures, story: str, duplicate_of: str | None) -> None:
        self.store._run(
            "INSERT INTO placement_articles (article_id, seq, story, day, duplicate_of, words, "
            "names, numbers, shingles, event, keys) VALUES (?, (SELECT COALESCE(MAX(seq), 0) "
            "+ 1 FROM placement_articles), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                feats.id,
                story,
                feats.day,
                duplicate_of,
                feats.words.to_bytes(),
                feats.names.to_bytes(),
                feats.numbers.to_bytes(),
                feats.shingles.astype("<u4").tobytes(),
                feats.event.to_json(),
                "\n".join(feats.keys),
            ),
        )
        profile = self.profiles.get(feats.id)
        if profile is not None:
            self.set_profiles({feats.id: profile})
        self.store._run_many(
            "INSERT INTO placement_keys (key, day, article_id) VALUES (?, ?, ?)",
            [(k, feats.day, feats.id) for k in feats.keys],
        )
        self.store._run_many(
            "INSERT INTO placement_key_counts (key, n) VALUES (?, 1) "
            "ON CONFLICT(key) DO UPDATE SET n = placement_key_counts.n + 1",
            [(k,) for k in feats.keys],
        )
        self._remember(feats)

    def forget(self, article_id: str) -> str | None:
        """Remove an article (its text changed); returns the story it was in."""
        rows = self.store._rows(
            "SELECT story, day, keys FROM placement_articles WHERE article_id = ?", (article_id,)
        )
        if not rows:
            return None
        keys = [k for k in rows[0]["keys"].split("\n") if k]
        self.store._run_many(
            "UPDATE placement_key_counts SET n = n - 1 WHERE key = ?", [(k,) for k in keys]
        )
        self.store._run_many(
            "DELETE FROM placement_keys WHERE key = ? AND day = ? AND article_id = ?",
            [(k, rows[0]["day"], article_id) for k in keys],
        )
        self.store._run("DELETE FROM placement_articles WHERE article_id = ?", (article_id,))
        self._cache.pop(article_id, None)
        return str(rows[0]["story"])

    def move(self, article_ids: Sequence[str], story: str) -> None:
        for part in _chunks(article_ids):
            self.store._run(
                "UPDATE placement_articles SET story = ? "
                f"WHERE article_id IN ({_marks(len(part))})",
                (story, *part),
            )

    def history(self, event: HistoryEvent, story: str, other: str | None, article: str) -> None:
        self.store._run(
            "INSERT INTO story_history (event, story, other, article, at) VALUES (?,?,?,?,?)",
            (event, story, other, article, now()),
        )
