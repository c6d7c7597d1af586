"""The embedded store: one SQLite file in WAL mode.

Articles are keyed by id and content hash, so reading the same input twice adds nothing
and changes no id. Annotations, stories and every brief are kept as JSON documents next
to queryable columns.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.brief.render_json import annotation_dict, story_dict
from newsweave.errors import StoreError
from newsweave.model import Annotations, Article, Report, content_id
from newsweave.store.migrations import MIGRATIONS, SCHEMA_VERSION


@dataclass(frozen=True)
class SaveResult:
    new_articles: int
    updated_articles: int
    brief_id: str | None


class SqliteStore:
    """newsweave's default store."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.conn:
                yield self.conn
        except sqlite3.Error as exc:
            raise StoreError(f"writing to the store {self.path!r} failed: {exc}") from exc

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
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

    def save_articles(
        self, articles: Sequence[Article], annotations: Mapping[str, Annotations]
    ) -> tuple[int, int]:
        """Insert new articles, update changed ones; returns (new, updated)."""
        new = updated = 0
        with self._transaction() as conn:
            for article in articles:
                row = conn.execute(
                    "SELECT content_hash FROM articles WHERE id = ?", (article.id,)
                ).fetchone()
                if row is not None and row["content_hash"] == article.content_hash:
                    continue
                values = (
                    article.content_hash,
                    article.source,
                    article.outlet,
                    article.url,
                    article.published.isoformat() if article.published else None,
                    article.title,
                    article.text,
                    article.raw,
                    json.dumps([[r.start, r.end, r.reason] for r in article.removed]),
                    article.id,
                )
                if row is None:
                    conn.execute(
                        "INSERT INTO articles (content_hash, source, outlet, url, published, "
                        "title, text, raw, removed, id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        values,
                    )
                    new += 1
                else:
                    conn.execute(
                        "UPDATE articles SET content_hash=?, source=?, outlet=?, url=?, "
                        "published=?, title=?, text=?, raw=?, removed=? WHERE id=?",
                        values,
                    )
                    updated += 1
                ann = annotations.get(article.id)
                if ann is not None:
                    conn.execute(
                        "INSERT OR REPLACE INTO annotations (article_id, content_hash, data) "
                        "VALUES (?,?,?)",
                        (
                            article.id,
                            article.content_hash,
                            json.dumps(annotation_dict(article, ann), ensure_ascii=False),
                        ),
                    )
        return new, updated

    def save_report(self, report: Report, report_json: Mapping[str, Any]) -> SaveResult:
        """Persist a report's articles and stories, and the brief itself; returns its id."""
        new, updated = self.save_articles(report.articles, report.annotations)
        with self._transaction() as conn:
            for story in report.stories:
                conn.execute(
                    "INSERT INTO stories (id, title, span_start, span_end, data) "
                    "VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
                    "span_start=excluded.span_start, span_end=excluded.span_end, "
                    "data=excluded.data, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                    (
                        story.id,
                        story.title,
                        story.span_start,
                        story.span_end,
                        json.dumps(story_dict(story), ensure_ascii=False),
                    ),
                )
                conn.executemany(
                    "DELETE FROM story_articles WHERE article_id = ?",
                    [(a,) for a in story.articles],
                )
                conn.executemany(
                    "INSERT INTO story_articles (story_id, article_id, duplicate_of) "
                    "VALUES (?,?,?)",
                    [(story.id, a, story.duplicates.get(a)) for a in story.articles],
                )
            brief_id = report.brief_id or brief_id_of(report_json)
            conn.execute(
                "INSERT OR IGNORE INTO briefs (id, created_at, data) VALUES (?,?,?)",
                (brief_id, report.generated_at, json.dumps(report_json, ensure_ascii=False)),
            )
        return SaveResult(new, updated, brief_id)

    def count(self, table: str) -> int:
        if table not in {"articles", "annotations", "stories", "story_articles", "briefs"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY id")]

    def brief(self, brief_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        return None if row is None else dict(json.loads(row["data"]))


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
