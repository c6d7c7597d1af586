"""The embedded store: one SQLite file in WAL mode.

Articles are keyed by id and content hash, so reading the same input twice adds nothing
and changes no id. Annotations, stories and every brief are kept as JSON documents next
to queryable columns. Full-text search is SQLite FTS5 (porter stemming).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsweave.errors import StoreError
from newsweave.model import content_id
from newsweave.store.base import SaveResult, SearchQuery
from newsweave.store.migrations import MIGRATIONS, SCHEMA_VERSION
from newsweave.store.sqlstore import SqlStore, fts_terms

__all__ = ["SaveResult", "SqliteStore", "brief_id_of"]


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
        self.lock = threading.RLock()
        self._depth = 0
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

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

    def _search_rows(
        self, query: SearchQuery, where: list[str], params: list[Any]
    ) -> list[Mapping[str, Any]]:
        match = " ".join('"' + t.replace('"', "") + '"' for t in fts_terms(query.text))
        sql = (
            "SELECT d.kind, d.ref, d.article_id, d.story_id, d.outlet, d.published, "
            "d.span_start, d.span_end, d.text, -bm25(search_fts) AS score "
            "FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH ? AND {' AND '.join(where)} "
            "ORDER BY bm25(search_fts) LIMIT ?"
        )
        return self._rows(sql, [match, *params, query.limit])


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
