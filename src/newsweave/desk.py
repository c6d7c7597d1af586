"""The live desk: what the CLI's ``add``/``watch``/``search``/``brief --since`` and the web
layer call. Articles go into a store one batch at a time; each new article updates only
the story it joins, whose brief is rebuilt from the store and saved with an id.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from newsweave.analyze.annotate import Analysis, relink_names
from newsweave.brief.render_json import article_dict, report_to_dict, story_dict
from newsweave.cluster import Grouping
from newsweave.errors import InputError
from newsweave.model import Article, Issue, RawArticle, Report, Story
from newsweave.pipeline import Options, Progress, annotate, load, prepare_all
from newsweave.store.base import SearchHit, SearchQuery, Store
from newsweave.store.changes import compact, diff
from newsweave.store.placement import Placer
from newsweave.store.records import story_from_dict
from newsweave.store.sqlite import brief_id_of
from newsweave.stories import StoryOptions, build_stories, story_docs

DEFAULT_DB = "newsweave.db"
SEARCH_KINDS = ("article", "fact", "quote")
MAX_HITS = 200


class NotFoundError(InputError):
    """A story or brief id the store does not hold."""


Status = Literal["new", "updated", "unchanged"]


def default_db() -> str:
    return os.environ.get("NEWSWEAVE_DB", DEFAULT_DB)


def open_store(db: str | None = None) -> Store:
    """A SQLite file path, or a ``postgresql://`` URL for the PostgreSQL backend."""
    target = db or default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from newsweave.store.postgres import PostgresStore

        return PostgresStore(target)
    from newsweave.store.sqlite import SqliteStore

    return SqliteStore(target)


@dataclass(frozen=True)
class Added:
    """One article of an ``add``: what happened to it and the story it is in now."""

    article: str
    status: Status
    story: str | None
    duplicate_of: str | None = None
    brief_id: str | None = None
    merged: tuple[str, ...] = ()
    candidates_checked: int = 0


@dataclass
class AddResult:
    added: list[Added] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    stories: dict[str, dict[str, Any]] = field(default_factory=dict)  # story id -> its brief

    def counts(self) -> dict[str, int]:
        out = {"new": 0, "updated": 0, "unchanged": 0}
        for a in self.added:
            out[a.status] += 1
        return out


def add_inputs(
    store: Store,
    inputs: Iterable[str],
    options: Options | None = None,
    progress: Progress | None = None,
) -> AddResult:
    """Read INPUTs (files, folders, feeds, ``-``) and add their articles to the store."""
    from newsweave.ingest.feeds import is_feed, read_feed

    options = options or Options()
    given = list(inputs)
    feeds = [i for i in given if is_feed(i)]
    prepared = load([i for i in given if i not in feeds], options, progress)
    if feeds:
        raws: list[RawArticle] = []
        issues: list[Issue] = []
        for feed in feeds:
            got, problems = read_feed(feed, max_bytes=options.max_bytes)
            raws.extend(got)
            issues.extend(problems)
        more = prepare_all(raws, issues, options)
        prepared.articles.extend(more.articles)
        prepared.issues.extend(more.issues)
    result = add_articles(store, prepared.articles, options, progress)
    result.issues[:0] = prepared.issues
    return result


def add_raw(store: Store, raws: Sequence[RawArticle], options: Options | None = None) -> AddResult:
    """Clean and add raw articles (the HTTP API's ``POST /articles``)."""
    prepared = prepare_all(raws, options=options)
    result = add_articles(store, prepared.articles, options)
    result.issues[:0] = prepared.issues
    return result


def add_articles(
    store: Store,
    articles: Sequence[Article],
    options: Options | None = None,
    progress: Progress | None = None,
) -> AddResult:
    """Add clean articles: one parse for the batch, then each placed and its story rebuilt."""
    options = options or Options()
    unique = list({a.id: a for a in articles}.values())
    known = store.content_hashes([a.id for a in unique])
    fresh = [a for a in unique if known.get(a.id) != a.content_hash]
    result = AddResult()
    for a in unique:
        if known.get(a.id) == a.content_hash:
            result.added.append(Added(a.id, "unchanged", store.story_of([a.id]).get(a.id)))
    if not fresh:
        return result
    analysis = annotate(fresh, progress)
    store.save_articles(fresh, analysis.annotations, analysis.events)
    placer = Placer(store)
    for n, (article, doc) in enumerate(zip(fresh, story_docs(fresh, analysis), strict=True), 1):
        left = placer.forget(article.id) if article.id in known else None
        placement = placer.add(doc)
        changed = dict(placement.changed)
        if left is not None and left not in changed and left not in placement.gone:
            changed[left] = placer.index.members(left)
        story_id = rebuild_stories(store, placer, placement.story, changed, options)
        brief = story_brief(store, story_id)
        result.stories[story_id] = brief
        result.added.append(
            Added(
                article=article.id,
                status="updated" if article.id in known else "new",
                story=story_id,
                duplicate_of=placement.duplicate_of,
                brief_id=str(brief["brief_id"]),
                merged=placement.gone,
                candidates_checked=placement.candidates_checked,
            )
        )
        if progress:
            progress("place", n, len(fresh))
    return result


def rebuild_stories(
    store: Store,
    placer: Placer,
    story: str,
    changed: Mapping[str, Sequence[str]],
    options: Options,
) -> str:
    """Rebuild, from the store, every story a placement changed; returns the stored id of
    the placed article's story. Stories that lost all their articles are dropped."""
    every = [a for members in changed.values() for a in members]
    before = store.story_of(every)
    dups = placer.duplicates(every)
    old = {s: d for s in set(before.values()) if (d := store.story(s)) is not None}
    written: list[str] = []
    placed_id = ""
    for key in sorted(changed, key=lambda k: k != story):  # the article's own story first
        ids = list(changed[key])
        if not ids:
            continue
        built = _build(store, ids, {a: d for a, d in dups.items() if a in ids}, options)
        olds = [old[s] for s in dict.fromkeys(before[a] for a in ids if a in before) if s in old]
        related: list[Any] = next((d["related"] for d in olds if d.get("related")), [])
        built = replace(
            built, related=story_from_dict({**story_dict(built), "related": related}).related
        )
        replaces = [d["id"] for d in olds if d["id"] not in written and d["id"] != built.id]
        store.save_story(built, store.articles(ids), replaces=replaces)
        written.append(built.id)
        placed_id = placed_id or built.id
    return placed_id


def _build(store: Store, ids: Sequence[str], dups: Mapping[str, str], options: Options) -> Story:
    articles = store.articles(ids)
    anns, events = store.analysis(ids)
    relink_names(anns, events, {a.id: a.text for a in articles})
    present = [a.id for a in articles if a.id in anns]
    grouping = Grouping(
        stories=[present],
        duplicate_of={k: v for k, v in dups.items() if k in present and v in present},
        related=[],
    )
    story_options = StoryOptions(
        summary_words=options.summary_words,
        timeline_dates=options.timeline_dates,
        timeline_sentences=options.timeline_sentences,
    )
    (story,) = build_stories(
        articles, Analysis(annotations=anns, events=events), grouping, story_options
    )
    return story


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_report(store: Store, story_id: str) -> Report:
    """One story and its articles, as a report the renderers take."""
    data = store.story(story_id)
    if data is None:
        raise NotFoundError(f"no story {story_id!r} in the store")
    story = story_from_dict(data)
    return Report(
        generated_at=_stamp(), articles=tuple(store.articles(story.articles)), stories=(story,)
    )


def store_report(store: Store) -> Report:
    """Everything the store holds, as one report."""
    stories = tuple(story_from_dict(d) for d in store.all_stories())
    ids = [a for s in stories for a in s.articles]
    return Report(generated_at=_stamp(), articles=tuple(store.articles(ids)), stories=stories)


def finish(
    store: Store, report: Report, scope: str | None, since: str | None = None
) -> tuple[Report, dict[str, Any]]:
    """Give a report its brief id, save it, and add ``changes`` when ``since`` is given."""
    report = replace(report, brief_id=brief_id_of(report_to_dict(report)))
    data = report_to_dict(report)
    brief_id = str(data["brief_id"])
    if since is not None:
        data["changes"] = changes_since(store, since, data)
    store.save_brief(brief_id, scope, report.generated_at, compact(data))
    return report, data


def changes_since(store: Store, since: str, current: Mapping[str, Any]) -> dict[str, Any]:
    old = store.brief(since)
    if old is None:
        raise NotFoundError(f"no brief {since!r} in the store (brief ids look like b_0123456789ab)")
    return diff(old, current, since)


def story_brief(store: Store, story_id: str, since: str | None = None) -> dict[str, Any]:
    """One story's brief as report JSON with its ``brief_id`` (saved), and ``changes``."""
    return finish(store, story_report(store, story_id), story_id, since)[1]


def store_brief(store: Store, since: str | None = None) -> tuple[Report, dict[str, Any]]:
    return finish(store, store_report(store), None, since)


def search_query(
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    limit: int = 20,
) -> SearchQuery:
    """A checked :class:`SearchQuery` from user input (dates as YYYY-MM-DD)."""
    if not text.strip():
        raise InputError("the search query is empty")
    if not 1 <= limit <= MAX_HITS:
        raise InputError(f"limit must be between 1 and {MAX_HITS}")
    picked = tuple(kinds or SEARCH_KINDS)
    bad = [k for k in picked if k not in SEARCH_KINDS]
    if bad:
        raise InputError(f"unknown kind {bad[0]!r}: use article, fact or quote")
    return SearchQuery(
        text=text,
        kinds=picked,  # type: ignore[arg-type]
        since=_day(since, "since"),
        until=_day(until, "until"),
        outlet=outlet or None,
        entity=entity or None,
        story=story or None,
        limit=limit,
    )


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name} must be a date like 2026-03-15, not {value!r}") from exc


def search(store: Store, query: SearchQuery) -> list[SearchHit]:
    return store.search(query)


def watch(
    store: Store,
    folder: str | Path,
    options: Options | None = None,
    interval: float = 2.0,
    rounds: int | None = None,
) -> Iterator[AddResult]:
    """Poll ``folder``; a file is added once it has stopped changing for one interval."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{str(root)!r} is not a folder")
    done: dict[Path, tuple[float, int]] = {}
    last: dict[Path, tuple[float, int]] = {}
    n = 0
    while rounds is None or n < rounds:
        n += 1
        now: dict[Path, tuple[float, int]] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and _readable(path):
                stat = path.stat()
                now[path] = (stat.st_mtime, stat.st_size)
        ready = [p for p, sig in now.items() if last.get(p) == sig and done.get(p) != sig]
        last = now
        if ready:
            result = add_inputs(store, [str(p) for p in ready], options)
            done.update({p: now[p] for p in ready})
            yield result
        if rounds is None or n < rounds:
            time.sleep(interval)


def _readable(path: Path) -> bool:
    from newsweave.ingest.feeds import FEED_SUFFIXES
    from newsweave.ingest.sources import KNOWN_SUFFIXES

    return path.suffix.lower() in KNOWN_SUFFIXES | FEED_SUFFIXES


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "id": hit.ref,
        "article": hit.article,
        "start": hit.start,
        "end": hit.end,
        "text": hit.text,
        "story": hit.story,
        "outlet": hit.outlet,
        "published": hit.published,
        "score": round(hit.score, 4),
    }


def article_json(article: Article, duplicate_of: str | None = None) -> dict[str, Any]:
    return article_dict(article, duplicate_of)
