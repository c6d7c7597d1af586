"""The embedded store: one SQLite file in WAL mode.

Articles are keyed by id and content hash, so reading the same input twice adds nothing
and changes no id. Annotations, stories and every brief are kept as JSON documents next
to queryable columns. Full-text search is SQLite FTS5 (porter stemming) over two columns:
the text, and the document's filter values as tokens (:func:`search_tags`), so a filtered
search is one full-text query that FTS5 ranks and cuts to the limit by itself.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

from newsweave.errors import StoreError
from newsweave.model import content_id
from newsweave.store.base import SaveResult, SearchQuery
from newsweave.store.migrations import MIGRATIONS, SCHEMA_VERSION
from newsweave.store.sqlstore import SEARCH_KINDS, SqlStore, entity_key, fts_terms
from newsweave.store.tags import date_tokens, hex_token, outlet_tag, search_tags, sql_tags

__all__ = ["SaveResult", "SqliteStore", "brief_id_of", "date_tokens", "search_tags"]


class SqliteStore(SqlStore):
    """newsweave's default store. One connection, usable from several threads in turn."""

    backend = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.create_function("newsweave_tags", 5, sql_tags, deterministic=True)
        self.lock = threading.RLock()
        self._depth = 0
        self._checkpoints: Checkpointer | None = None
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.conn.execute("PRAGMA cache_size=-65536")  # 64 MB of pages (the default is 2 MB)
        self._migrate()
        if self.path != ":memory:":
            # Checkpoints (copying the WAL into the database, with an fsync) run on a
            # thread of their own, so no write waits for one; the automatic checkpoint
            # stays as a backstop for a WAL the thread cannot keep up with.
            self.conn.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
            self._checkpoints = Checkpointer(self.path)

    def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.stop()
        self.conn.close()

    @contextmanager
    def holding_checkpoints(self) -> Iterator[None]:
        """A run of writes (one add: its several commits with work between them) during
        which WAL checkpoints wait; they run once it is over and the store is quiet."""
        cp = self._checkpoints
        if cp is None:
            yield
            return
        with self.lock:
            cp.held += 1
        try:
            yield
        finally:
            with self.lock:
                cp.held -= 1
            cp.wake.set()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            if self._depth:  # nested: the outer transaction commits
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                with self.conn:
                    yield self.conn
            except sqlite3.Error as exc:
                raise StoreError(f"writing to the store {self.path!r} failed: {exc}") from exc
            finally:
                self._depth = 0
            if self._checkpoints is not None:
                self._checkpoints.nudge()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        with self.lock:
            try:
                return list(self.conn.execute(sql, tuple(params)).fetchall())
            except sqlite3.Error as exc:
                raise StoreError(f"reading the store {self.path!r} failed: {exc}") from exc

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.lock:
            self.conn.execute(sql, tuple(params))

    def _run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            with self.lock:
                self.conn.executemany(sql, [tuple(p) for p in params])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path!r} has schema version {version}, newer than this "
                f"newsweave ({SCHEMA_VERSION}); upgrade newsweave"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction() as conn:
                conn.executescript(MIGRATIONS[target])
                conn.execute(f"PRAGMA user_version={target}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    tagged = True

    def _ranked(self, query: SearchQuery) -> tuple[str, list[Any]] | None:
        """The query's words in the ``text`` column, its filters as tokens of the ``tags``
        column: FTS5 intersects them, ranks what passes and stops at the limit. A date range
        spanning much of the store is checked on the rows instead, in rank order, until the
        limit is reached (its tokens would cost more than they save)."""
        terms = " ".join('"' + t.replace('"', "") + '"' for t in fts_terms(query.text))
        parts = [f"text : ({terms})"]
        if set(query.kinds) != set(SEARCH_KINDS):
            parts.append(_any(f"k{k}" for k in query.kinds))
        if query.outlet:
            parts.append(_any([outlet_tag(query.outlet)]))
        if query.story:
            parts.append(_any(["s" + hex_token(query.story)]))
        if query.entity:
            parts.append(_any(["e" + hex_token(entity_key(query.entity))]))
        where: list[str] = []
        params: list[Any] = []
        if query.since or query.until:
            rows = self._rows("SELECT MIN(published) AS lo, MAX(published) AS hi FROM articles")
            if not rows or rows[0]["lo"] is None:
                return None
            first = date.fromisoformat(rows[0]["lo"][:10])
            last = date.fromisoformat(rows[0]["hi"][:10])
            # No document is dated outside [first, last]: a bound beyond them moves out to a
            # whole year, which takes fewer tokens.
            since, until = query.since, query.until
            lo = since if since and since > first else date(first.year, 1, 1)
            hi = until if until and until < last else date(last.year, 12, 31)
            if lo > hi:
                return None
            covered = (min(hi, last) - max(lo, first)).days + 1
            if covered >= DATE_ROWS_SHARE * ((last - first).days + 1):
                where.append("d.published BETWEEN ? AND ?")
                params += [lo.isoformat(), hi.isoformat()]
            else:
                parts.append(_any(date_tokens(lo, hi)))
        match = " AND ".join(parts)
        if where:
            sql = (
                "SELECT f.rowid AS id, -f.rank AS score FROM search_fts f "
                "JOIN search_docs d ON d.id = f.rowid "
                f"WHERE search_fts MATCH ? AND {' AND '.join(where)} ORDER BY f.rank LIMIT ?"
            )
            return sql, [match, *params, query.limit]
        sql = (
            "SELECT rowid AS id, -rank AS score FROM search_fts "
            "WHERE search_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        return sql, [match, query.limit]


# A date range covering at least this share of the store's dated days is checked on the
# rows (in rank order, most pass) rather than as index tokens.
DATE_ROWS_SHARE = 0.25


BACKSTOP_PAGES = 20_000  # WAL pages (80 MB) after which a commit checkpoints by itself


IDLE_S = 0.25  # a checkpoint waits until no commit came for this long...
MAX_COMMITS = 64  # ...or until this many commits wait (the WAL stays small in a burst)


class Checkpointer:
    """Passive WAL checkpoints on a daemon thread with its own connection, between adds.

    A passive checkpoint never blocks readers or writers; the writer's connection then
    rarely reaches its own automatic checkpoint, which would stall one commit (an add)
    for the copy and the fsync. It waits for a quiet moment (no commit for ``IDLE_S``) so
    that its copying and fsync do not compete with an add in progress (nor inside a run
    of writes the store was told of, :meth:`SqliteStore.holding_checkpoints`), unless
    ``MAX_COMMITS`` commits are already waiting."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.wake = threading.Event()
        self.done = False
        self.commits = 0  # commits so far (only the writer counts them)
        self.held = 0  # runs of writes in progress (an add): checkpoints wait for their end
        self.checkpoints = 0
        self.thread = threading.Thread(target=self._run, name="newsweave-checkpoint", daemon=True)
        self.thread.start()

    def nudge(self) -> None:
        self.commits += 1
        self.wake.set()

    def stop(self) -> None:
        self.done = True
        self.wake.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path)
        except sqlite3.Error:
            return
        try:
            covered = 0  # commits the last checkpoint came after
            while not self.done:
                self.wake.wait()
                while not self.done and self.commits - covered < MAX_COMMITS:
                    self.wake.clear()
                    if not self.wake.wait(IDLE_S) and not self.held:
                        break  # quiet: checkpoint now
                if self.done:
                    return
                self.wake.clear()
                covered = self.commits
                with suppress(sqlite3.Error):  # busy or closing: the next commit asks again
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
        finally:
            conn.close()


def _any(tokens: Iterable[str]) -> str:
    return "tags : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def brief_id_of(report_json: Mapping[str, Any]) -> str:
    """A brief's id: derived from what it reports (stories, facts, conflicts, articles)."""
    parts: list[str] = []
    for story in report_json.get("stories", []):
        parts.append(story["id"])
        parts.extend(story.get("articles", []))
        parts.extend(f"{f['id']}:{f['status']}" for f in story.get("facts", []))
        parts.extend(c["id"] for c in story.get("conflicts", []))
        parts.extend(q.get("id", "") for q in story.get("quotes", []))
    return content_id(*parts, prefix="b_")
