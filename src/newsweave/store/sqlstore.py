"""The store's SQL, written once for both backends.

Statements use ``?`` placeholders and syntax SQLite and PostgreSQL share (``ON CONFLICT``
upserts, no server-side defaults for times); a backend supplies the connection, the
transaction, its migrations and its full-text search.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsweave.analyze.events import EventFrame
from newsweave.brief.render_json import annotation_dict, story_dict
from newsweave.model import Annotations, Article, Report, Story, content_id
from newsweave.store.base import (
    SavedBrief,
    SaveResult,
    SearchHit,
    SearchQuery,
    StoryOrder,
    StorySummary,
)
from newsweave.store.records import (
    annotations_from_dict,
    article_from_row,
    events_from_list,
    events_to_list,
)
from newsweave.store.tags import search_tags

Row = Mapping[str, Any]
SEARCH_KINDS = ("article", "fact", "quote")
GROUPED_LABELS = frozenset({"PERSON", "ORG", "GPE"})
TABLES = frozenset({"articles", "annotations", "stories", "story_articles", "briefs"})
ORDERS: dict[str, str] = {
    "newest": "latest DESC NULLS LAST, updated_at DESC, id",
    "sources": "n_sources DESC, n_articles DESC, latest DESC NULLS LAST, id",
    "conflicts": "n_conflicts DESC, n_sources DESC, latest DESC NULLS LAST, id",
}
WORD = re.compile(r"\w+", re.UNICODE)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _marks(n: int) -> str:
    return ",".join("?" * n)


def entity_key(name: str) -> str:
    return " ".join(name.lower().split())


class SqlStore(ABC):
    """Everything but the connection, migrations and full-text search."""

    backend = "sql"
    tagged = False  # search documents carry their filter values as tokens (``tags``)

    # -- what a backend provides -------------------------------------------------------
    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[object]: ...

    @abstractmethod
    def _ranked(self, query: SearchQuery) -> tuple[str, list[Any]] | None:
        """SQL (and its parameters) selecting ``id, score`` of the best ``query.limit``
        search documents that match, best first; None when nothing can match."""

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    # -- articles ----------------------------------------------------------------------
    def save_articles(
        self,
        articles: Sequence[Article],
        annotations: Mapping[str, Annotations],
        events: Mapping[str, Sequence[EventFrame]] | None = None,
    ) -> tuple[int, int]:
        """Insert new articles, update changed ones; returns (new, updated)."""
        new = updated = 0
        events = events or {}
        known = self.content_hashes([a.id for a in articles])
        with self._transaction():
            for article in articles:
                old = known.get(article.id)
                ann = annotations.get(article.id)
                if old == article.content_hash:
                    if ann is not None and article.id in events:
                        self._save_annotations(article, ann, events[article.id])
                        self._retag("article_id = ?", [article.id])
                    continue
                self._upsert_article(article, fresh=old is None)
                if old is None:
                    new += 1
                else:
                    updated += 1
                if ann is not None:
                    self._save_annotations(article, ann, events.get(article.id))
                self._index_article(article)
        return new, updated

    def _upsert_article(self, article: Article, *, fresh: bool) -> None:
        published = article.published.isoformat() if article.published else None
        values = (
            article.content_hash,
            article.source,
            article.outlet,
            article.url,
            published,
            article.title,
            article.text,
            article.raw,
            json.dumps([[r.start, r.end, r.reason] for r in article.removed]),
        )
        if fresh:
            self._run(
                "INSERT INTO articles (content_hash, source, outlet, url, published, title, "
                "text, raw, removed, id, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (*values, article.id, now()),
            )
        else:
            self._run(
                "UPDATE articles SET content_hash=?, source=?, outlet=?, url=?, published=?, "
                "title=?, text=?, raw=?, removed=? WHERE id=?",
                (*values, article.id),
            )
            self._run("DELETE FROM search_docs WHERE kind = 'article' AND ref = ?", (article.id,))

    def _index_article(self, article: Article) -> None:
        """The article's search document (after its entities are saved)."""
        published = article.published.isoformat() if article.published else None
        body = f"{article.title}\n{article.text}" if article.title else article.text
        self._insert_docs(
            [("article", article.id, article.id, None, article.outlet, published, 0, 0, body)]
        )

    def _insert_docs(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Search documents: (kind, ref, article_id, story_id, outlet, published, span_start,
        span_end, text), with their filter tokens when the backend indexes them."""
        columns = "kind, ref, article_id, story_id, outlet, published, span_start, span_end, text"
        if not self.tagged:
            self._run_many(f"INSERT INTO search_docs ({columns}) VALUES ({_marks(9)})", rows)
            return
        entities = self._entities_of([r[2] for r in rows])
        self._run_many(
            f"INSERT INTO search_docs ({columns}, tags) VALUES ({_marks(10)})",
            [(*r, search_tags(r[0], r[4], r[3], r[5], entities.get(r[2], ()))) for r in rows],
        )

    def _entities_of(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(list(dict.fromkeys(article_ids))):
            rows = self._rows(
                "SELECT article_id, entity FROM article_entities "
                f"WHERE article_id IN ({_marks(len(chunk))})",
                chunk,
            )
            for r in rows:
                out.setdefault(r["article_id"], []).append(r["entity"])
        return out

    def _retag(
        self, where: str, params: Sequence[Any], *, move: bool = False, story: str | None = None
    ) -> None:
        """Refresh the filter tokens of the search documents ``where`` selects (and, with
        ``move``, set their story); only documents whose tokens change are re-indexed."""
        if not self.tagged:
            if move:
                self._run(f"UPDATE search_docs SET story_id = ? WHERE {where}", (story, *params))
            return
        rows = self._rows(
            "SELECT id, kind, outlet, story_id, published, article_id, tags FROM search_docs "
            f"WHERE {where}",
            params,
        )
        entities = self._entities_of([r["article_id"] for r in rows])
        changes: list[tuple[Any, ...]] = []
        for r in rows:
            sid = story if move else r["story_id"]
            tags = search_tags(
                r["kind"], r["outlet"], sid, r["published"], entities.get(r["article_id"], ())
            )
            if tags != r["tags"] or sid != r["story_id"]:
                changes.append((sid, tags, r["id"]))
        self._run_many("UPDATE search_docs SET story_id = ?, tags = ? WHERE id = ?", changes)

    def _save_annotations(
        self, article: Article, ann: Annotations, events: Sequence[EventFrame] | None
    ) -> None:
        data = json.dumps(annotation_dict(article, ann), ensure_ascii=False)
        frames = None if events is None else json.dumps(events_to_list(events))
        self._run(
            "INSERT INTO annotations (article_id, content_hash, data, events) VALUES (?,?,?,?) "
            "ON CONFLICT(article_id) DO UPDATE SET content_hash=excluded.content_hash, "
            "data=excluded.data, events=COALESCE(excluded.events, annotations.events)",
            (article.id, article.content_hash, data, frames),
        )
        self._run("DELETE FROM article_entities WHERE article_id = ?", (article.id,))
        published = ann.published.isoformat() if ann.published else None
        names = sorted({entity_key(m.canonical) for m in ann.mentions if m.label in GROUPED_LABELS})
        self._run_many(
            "INSERT INTO article_entities (entity, published, article_id) VALUES (?,?,?)",
            [(name, published, article.id) for name in names],
        )

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(ids):
            rows = self._rows(
                f"SELECT id, content_hash FROM articles WHERE id IN ({_marks(len(chunk))})",
                chunk,
            )
            out.update({r["id"]: r["content_hash"] for r in rows})
        return out

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given (unknown ids are left out)."""
        found: dict[str, Article] = {}
        for chunk in _chunks(ids):
            rows = self._rows(
                "SELECT id, source, outlet, url, published, title, text, raw, removed "
                f"FROM articles WHERE id IN ({_marks(len(chunk))})",
                chunk,
            )
            found.update({r["id"]: article_from_row(r) for r in rows})
        return [found[i] for i in ids if i in found]

    def analysis(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, Annotations], dict[str, list[EventFrame]]]:
        anns: dict[str, Annotations] = {}
        events: dict[str, list[EventFrame]] = {}
        for chunk in _chunks(ids):
            rows = self._rows(
                "SELECT article_id, data, events FROM annotations "
                f"WHERE article_id IN ({_marks(len(chunk))})",
                chunk,
            )
            for r in rows:
                anns[r["article_id"]] = annotations_from_dict(json.loads(r["data"]))
                if r["events"] is not None:
                    events[r["article_id"]] = events_from_list(json.loads(r["events"]))
        return anns, events

    def article_meta(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Articles without their text: id, outlet, url, published, title, added_at."""
        cols = "id, source, outlet, url, published, title, added_at"
        if ids is None:
            return [dict(r) for r in self._rows(f"SELECT {cols} FROM articles ORDER BY id")]
        out: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            rows = self._rows(
                f"SELECT {cols} FROM articles WHERE id IN ({_marks(len(chunk))})", chunk
            )
            out.extend(dict(r) for r in rows)
        order = {i: n for n, i in enumerate(ids)}
        return sorted(out, key=lambda r: order[r["id"]])

    def candidates(
        self, entities: Sequence[str], published: date | None, window_days: int, limit: int
    ) -> list[str]:
        """Articles sharing the most of these entities, dated within the window."""
        keys = sorted({entity_key(e) for e in entities})
        if not keys:
            return []
        sql = (
            "SELECT article_id, COUNT(*) AS n FROM article_entities "
            f"WHERE entity IN ({_marks(len(keys))})"
        )
        params: list[Any] = list(keys)
        if published is not None:
            sql += " AND published BETWEEN ? AND ?"
            lo, hi = published - timedelta(days=window_days), published + timedelta(window_days)
            params += [lo.isoformat(), hi.isoformat()]
        sql += " GROUP BY article_id ORDER BY n DESC, article_id LIMIT ?"
        return [r["article_id"] for r in self._rows(sql, [*params, limit])]

    # -- stories -----------------------------------------------------------------------
    def story_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(article_ids):
            rows = self._rows(
                "SELECT article_id, story_id FROM story_articles "
                f"WHERE article_id IN ({_marks(len(chunk))})",
                chunk,
            )
            out.update({r["article_id"]: r["story_id"] for r in rows})
        return out

    def save_story(
        self, story: Story, articles: Sequence[Article], replaces: Sequence[str] = ()
    ) -> None:
        """Write one story (and drop the stories it replaces), its members and its index."""
        with self._transaction():
            self._write_story(story, articles, replaces)

    def _write_story(
        self, story: Story, articles: Sequence[Article], replaces: Sequence[str]
    ) -> None:
        gone = [s for s in replaces if s != story.id]
        for old in gone:
            self._run("DELETE FROM search_docs WHERE story_id = ? AND kind <> 'article'", (old,))
            self._run("DELETE FROM story_articles WHERE story_id = ?", (old,))
            self._run("DELETE FROM stories WHERE id = ?", (old,))
            self._run("DELETE FROM story_pending WHERE story = ?", (old,))
        self._run("DELETE FROM story_pending WHERE story = ?", (story.id,))
        by_id = {a.id: a for a in articles}
        members = [by_id[a] for a in story.articles if a in by_id]
        outlets = {a.outlet or a.id for a in members if a.id not in story.duplicates}
        dates = [a.published.isoformat() for a in members if a.published]
        latest = max(dates) if dates else story.span_end
        stamp = now()
        self._run(
            "INSERT INTO stories (id, title, span_start, span_end, data, updated_at, n_articles, "
            "n_sources, n_conflicts, latest) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO "
            "UPDATE SET title=excluded.title, span_start=excluded.span_start, "
            "span_end=excluded.span_end, data=excluded.data, updated_at=excluded.updated_at, "
            "n_articles=excluded.n_articles, n_sources=excluded.n_sources, "
            "n_conflicts=excluded.n_conflicts, latest=excluded.latest",
            (
                story.id,
                story.title,
                story.span_start,
                story.span_end,
                json.dumps(story_dict(story), ensure_ascii=False),
                stamp,
                len(story.articles),
                len(outlets),
                len(story.conflicts),
                latest,
            ),
        )
        ids = list(story.articles)
        for chunk in _chunks(ids):
            self._run(
                f"DELETE FROM story_articles WHERE article_id IN ({_marks(len(chunk))})", chunk
            )
        self._run("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
        self._run_many(
            "INSERT INTO story_articles (story_id, article_id, duplicate_of) VALUES (?,?,?)",
            [(story.id, a, story.duplicates.get(a)) for a in ids],
        )
        for chunk in _chunks(ids):
            self._retag(
                f"kind = 'article' AND ref IN ({_marks(len(chunk))})",
                chunk,
                move=True,
                story=story.id,
            )
        self._index_story(story, by_id)

    def _index_story(self, story: Story, by_id: Mapping[str, Article]) -> None:
        self._run("DELETE FROM search_docs WHERE story_id = ? AND kind <> 'article'", (story.id,))
        rows: list[tuple[Any, ...]] = []

        def meta(article_id: str) -> tuple[str | None, str | None]:
            art = by_id.get(article_id)
            if art is None:
                return None, None
            return art.outlet, art.published.isoformat() if art.published else None

        for fact in story.facts:
            first = fact.claims[0]
            text = " ".join([fact.summary, *(c.text for c in fact.claims)])
            rows.append(("fact", fact.id, first.article, story.id, *meta(first.article),
                         first.start, first.end, text))  # fmt: skip
        for quote in story.quotes:
            text = f"{quote.speaker or ''} {quote.text}".strip()
            rows.append(("quote", quote.id, quote.article, story.id, *meta(quote.article),
                         quote.start, quote.end, text))  # fmt: skip
        self._insert_docs(rows)

    def save_report(self, report: Report, report_json: Mapping[str, Any]) -> SaveResult:
        """Persist a report's articles and stories, and the brief itself; returns its id."""
        from newsweave.store.sqlite import brief_id_of

        new, updated = self.save_articles(report.articles, report.annotations, report.events)
        with self._transaction():
            for story in report.stories:
                self._write_story(story, report.articles, ())
        from newsweave.store.placement import sync_placement

        sync_placement(self, article_ids=[a.id for a in report.articles])
        brief_id = report.brief_id or brief_id_of(report_json)
        self.save_brief(brief_id, None, report.generated_at, report_json)
        return SaveResult(new, updated, brief_id)

    def drop_story(self, story_id: str) -> None:
        """Remove a story that has no articles left (its facts and quotes leave the index)."""
        with self._transaction():
            self._run(
                "DELETE FROM search_docs WHERE story_id = ? AND kind <> 'article'", (story_id,)
            )
            self._run("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
            self._run("DELETE FROM stories WHERE id = ?", (story_id,))
            self._run("DELETE FROM story_pending WHERE story = ?", (story_id,))

    def set_related(self, story_id: str, related: Sequence[Mapping[str, Any]]) -> None:
        """Replace a stored story's related-story links (nothing else changes)."""
        data = self.story(story_id)
        if data is None:
            return
        data["related"] = [dict(r) for r in related]
        with self._transaction():
            self._run(
                "UPDATE stories SET data = ? WHERE id = ?",
                (json.dumps(data, ensure_ascii=False), story_id),
            )

    # -- stories waiting for their rebuild -----------------------------------------------
    def mark_pending(self, story_ids: Sequence[str]) -> None:
        with self._transaction():
            self._run_many(
                "INSERT INTO story_pending (story, since) VALUES (?, ?) "
                "ON CONFLICT(story) DO NOTHING",
                [(s, now()) for s in story_ids],
            )

    def pending_stories(self) -> list[str]:
        rows = self._rows("SELECT story FROM story_pending ORDER BY since, story")
        return [r["story"] for r in rows]

    def story(self, story_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT data FROM stories WHERE id = ?", (story_id,))
        return dict(json.loads(rows[0]["data"])) if rows else None

    def stories(
        self, order: StoryOrder = "newest", limit: int = 50, offset: int = 0
    ) -> list[StorySummary]:
        rows = self._rows(
            "SELECT id, title, n_articles, n_sources, n_conflicts, latest, updated_at "
            f"FROM stories ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [
            StorySummary(
                r["id"],
                r["title"],
                r["n_articles"],
                r["n_sources"],
                r["n_conflicts"],
                r["latest"],
                r["updated_at"],
            )
            for r in rows
        ]

    def all_stories(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT data FROM stories ORDER BY span_start, id")
        return [dict(json.loads(r["data"])) for r in rows]

    # -- briefs --------------------------------------------------------------------------
    def save_brief(
        self, brief_id: str, scope: str | None, created_at: str, data: Mapping[str, Any]
    ) -> None:
        with self._transaction():
            self._run(
                "INSERT INTO briefs (id, created_at, data, scope) VALUES (?,?,?,?) "
                "ON CONFLICT(id) DO NOTHING",
                (brief_id, created_at, json.dumps(data, ensure_ascii=False), scope),
            )

    def brief(self, brief_id: str) -> dict[str, Any] | None:
        saved = self.saved_brief(brief_id)
        return None if saved is None else saved.data

    def saved_brief(self, brief_id: str) -> SavedBrief | None:
        rows = self._rows(
            "SELECT id, scope, created_at, data FROM briefs WHERE id = ?", (brief_id,)
        )
        return _saved(rows[0]) if rows else None

    def latest_brief(self, scope: str | None) -> SavedBrief | None:
        where = "scope IS NULL" if scope is None else "scope = ?"
        rows = self._rows(
            f"SELECT id, scope, created_at, data FROM briefs WHERE {where} "
            "ORDER BY created_at DESC, id LIMIT 1",
            () if scope is None else (scope,),
        )
        return _saved(rows[0]) if rows else None

    # -- search --------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> list[SearchHit]:
        """The best ``query.limit`` matches: the backend ranks and cuts in its full-text
        query; only those rows are then read, with their article's text for the excerpt."""
        if not WORD.search(query.text):
            return []
        ranked = self._ranked(query)
        if ranked is None:
            return []
        sql, params = ranked
        rows = self._rows(
            "SELECT d.id, d.kind, d.ref, d.article_id, d.story_id, d.outlet, d.published, "
            "d.span_start, d.span_end, CASE WHEN d.kind = 'article' THEN COALESCE(a.text, '') "
            "ELSE d.text END AS text, r.score "
            f"FROM ({sql}) r JOIN search_docs d ON d.id = r.id "
            "LEFT JOIN articles a ON d.kind = 'article' AND a.id = d.ref "
            "ORDER BY r.score DESC, d.id",
            params,
        )
        hits: list[SearchHit] = []
        for r in rows:
            start, end, text = int(r["span_start"]), int(r["span_end"]), str(r["text"])
            if r["kind"] == "article":
                start, end = first_match(text, query.text)
                text = text[max(0, start - 80) : end + 80]
            hits.append(
                SearchHit(
                    kind=r["kind"],
                    ref=r["ref"],
                    article=r["article_id"],
                    start=start,
                    end=end,
                    text=text,
                    story=r["story_id"],
                    outlet=r["outlet"],
                    published=r["published"],
                    score=float(r["score"]),
                )
            )
        return hits

    def _filters(self, query: SearchQuery) -> tuple[list[str], list[Any]]:
        """The query's filters as SQL conditions on ``search_docs d`` (backends that do not
        index them as tokens)."""
        where = [f"d.kind IN ({_marks(len(query.kinds))})"]
        params: list[Any] = list(query.kinds)
        if query.since:
            where.append("d.published >= ?")
            params.append(query.since.isoformat())
        if query.until:
            where.append("d.published <= ?")
            params.append(query.until.isoformat())
        if query.outlet:
            where.append("LOWER(d.outlet) = ?")
            params.append(query.outlet.lower())
        if query.story:
            where.append("d.story_id = ?")
            params.append(query.story)
        if query.entity:
            where.append(
                "d.article_id IN (SELECT article_id FROM article_entities WHERE entity = ?)"
            )
            params.append(entity_key(query.entity))
        return where, params

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(table)
        return int(self._rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM articles ORDER BY id")]

    def story_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM stories ORDER BY id")]


def first_match(text: str, query: str) -> tuple[int, int]:
    """Offsets of the first query word found in ``text`` (word-initial, any case)."""
    best: tuple[int, int] | None = None
    for word in WORD.findall(query):
        found = re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE)
        if found and (best is None or found.start() < best[0]):
            tail = re.match(r"\w*", text[found.end() :])
            best = (found.start(), found.end() + (len(tail.group(0)) if tail else 0))
    return best or (0, 0)


def fts_terms(text: str) -> list[str]:
    """The query's words and "quoted phrases", in order."""
    out: list[str] = []
    for m in re.finditer(r'"([^"]*)"|(\w+)', text):
        if m.group(1) is not None:
            words = WORD.findall(m.group(1))
            if words:
                out.append(" ".join(words))
        else:
            out.append(m.group(2))
    return out


def _saved(row: Row) -> SavedBrief:
    return SavedBrief(row["id"], row["scope"], row["created_at"], dict(json.loads(row["data"])))


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    items = list(ids)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def story_brief_id(story_json: Mapping[str, Any]) -> str:
    """The id of one story's brief (the same rule as a whole brief's id)."""
    from newsweave.store.sqlite import brief_id_of

    return brief_id_of({"stories": [story_json]})


__all__ = ["SqlStore", "content_id", "first_match", "fts_terms", "now", "story_brief_id"]
