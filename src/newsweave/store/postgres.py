"""The team store: PostgreSQL, with the same interface and tests as the SQLite store.

Open it with a ``postgresql://`` URL. Full-text search uses a generated ``tsvector`` column
(English stemming) with a GIN index; schema versions are kept in ``schema_version``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from newsweave.errors import MissingExtraError, StoreError
from newsweave.store.base import SearchQuery
from newsweave.store.pg_migrations import MIGRATIONS, SCHEMA_VERSION
from newsweave.store.sqlstore import SqlStore, fts_terms

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError("The PostgreSQL store", "postgres", "psycopg") from exc


def _sql(statement: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s``."""
    return statement.replace("%", "%%").replace("?", "%s")


class PostgresStore(SqlStore):
    """newsweave's PostgreSQL store. One connection, used from several threads in turn."""

    backend = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the PostgreSQL store: {exc}") from exc
        self.lock = threading.RLock()
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[object]:
        with self.lock:
            try:
                with self.conn.transaction():
                    yield self.conn
            except psycopg.Error as exc:
                raise StoreError(f"writing to the PostgreSQL store failed: {exc}") from exc

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        with self.lock:
            try:
                return list(self.conn.execute(_sql(sql), tuple(params)).fetchall())
            except psycopg.Error as exc:
                raise StoreError(f"reading the PostgreSQL store failed: {exc}") from exc

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.lock:
            self.conn.execute(_sql(sql), tuple(params))

    def _run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            with self.lock, self.conn.cursor() as cur:
                cur.executemany(_sql(sql), [tuple(p) for p in params])

    def _migrate(self) -> None:
        with self._transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(7265727)")  # one migrator at a time
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
            )
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the PostgreSQL store has schema version {version}, newer than this "
                    f"newsweave ({SCHEMA_VERSION}); upgrade newsweave"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                self.conn.execute(MIGRATIONS[target].encode("utf-8"))
                self.conn.execute("DELETE FROM schema_version")
                self.conn.execute("INSERT INTO schema_version VALUES (%s)", (target,))

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
        return int(row["v"]) if row and row["v"] is not None else 0

    def _ranked(self, query: SearchQuery) -> tuple[str, list[Any]] | None:
        terms = [" <-> ".join(t.split()) for t in fts_terms(query.text)]
        where, params = self._filters(query)
        sql = (
            "SELECT d.id, ts_rank(d.tsv, q) AS score "
            "FROM search_docs d, to_tsquery('english', ?) q "
            f"WHERE d.tsv @@ q AND {' AND '.join(where)} ORDER BY score DESC, d.id LIMIT ?"
        )
        return sql, [" & ".join(terms), *params, query.limit]
