"""The live desk: what the CLI's ``add``/``watch``/``search``/``brief --since`` and the web
layer call. Articles go into a store one batch at a time; each new article is placed and
the story it joins is rebuilt from the store (anchoring undated articles on its date, with
its related-story links) and its brief saved with an id. A story keeps its id once given
(a merge keeps the larger, then older, one). Other stories the placement changed are
rebuilt once each after the batch, or when read (:func:`refresh_stories`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from weakref import WeakKeyDictionary

from newsweave.analyze import parse_worker
from newsweave.analyze.annotate import Analysis, annotate_one, relink_story
from newsweave.analyze.events import EventFrame
from newsweave.analyze.nlp import load_nlp
from newsweave.analyze.timex import find_timexes, resolve
from newsweave.brief.render_json import article_dict, report_to_dict
from newsweave.cluster import Grouping, StoryDoc
from newsweave.cluster.grouping import similarity
from newsweave.cluster.online import CANDIDATE_ARTICLES
from newsweave.cluster.related import RELATED_MIN, Profile, reason_of, story_similarity
from newsweave.errors import InputError, MissingExtraError
from newsweave.model import Annotations, Article, Issue, RawArticle, Related, Report, Story
from newsweave.pipeline import Options, Progress, annotate, load, prepare_all
from newsweave.store.base import SearchHit, SearchQuery, Store
from newsweave.store.changes import compact, diff
from newsweave.store.placement import Placer, store_transaction
from newsweave.store.records import story_from_dict
from newsweave.store.sqlite import SqliteStore, brief_id_of
from newsweave.store.sqlstore import SEARCH_KINDS
from newsweave.store.story_index import StoryIndex
from newsweave.stories import StoryOptions, build_stories, relation, story_docs

DEFAULT_DB = "newsweave.db"
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


def add_raw(
    store: Store,
    raws: Sequence[RawArticle],
    options: Options | None = None,
    *,
    refresh: bool = True,
) -> AddResult:
    """Clean and add raw articles (the HTTP API's ``POST /articles``)."""
    prepared = prepare_all(raws, options=options)
    result = add_articles(store, prepared.articles, options, refresh=refresh)
    result.issues[:0] = prepared.issues
    return result


def add_articles(
    store: Store,
    articles: Sequence[Article],
    options: Options | None = None,
    progress: Progress | None = None,
    *,
    refresh: bool = True,
) -> AddResult:
    """Add clean articles: one parse for the batch, then each placed and its story rebuilt
    and briefed at once. Other stories a placement changed (members moved out, split off)
    are marked pending and rebuilt once each after the batch (``refresh``), or later by
    :func:`refresh_stories` (the web API does that after it has answered); reading a
    pending story rebuilds it first."""
    with _checkpoints_held(store):  # an add's commits are not interleaved with a checkpoint
        return _add(store, articles, options or Options(), progress, refresh=refresh)


def _checkpoints_held(store: Store) -> AbstractContextManager[None]:
    return store.holding_checkpoints() if isinstance(store, SqliteStore) else nullcontext()


def _add(
    store: Store,
    articles: Sequence[Article],
    options: Options,
    progress: Progress | None,
    *,
    refresh: bool,
) -> AddResult:
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
    placer = placer_for(store)
    for n, (article, doc) in enumerate(zip(fresh, story_docs(fresh, analysis), strict=True), 1):
        with store_transaction(store):  # one commit: placement, story and brief together
            left = placer.forget(article.id) if article.id in known else None
            placement = placer.add(doc)
            changed = dict(placement.changed)
            if left is not None and left not in changed and left not in placement.gone:
                changed[left] = placer.index.members(left)
            story, members = rebuild_story(
                store,
                placer,
                placement.story,
                changed[placement.story],
                options,
                replaces=placement.gone,
                analysis=analysis,
            )
            for key, ids in changed.items():
                if key != placement.story and not ids:
                    drop_story(store, key)
            store.mark_pending([k for k, ids in changed.items() if k != placement.story and ids])
            brief = _brief(store, story, members)
        result.stories[story.id] = brief
        result.added.append(
            Added(
                article=article.id,
                status="updated" if article.id in known else "new",
                story=story.id,
                duplicate_of=placement.duplicate_of,
                brief_id=str(brief["brief_id"]),
                merged=placement.gone,
                candidates_checked=placement.candidates_checked,
            )
        )
        if progress:
            progress("place", n, len(fresh))
    if refresh:
        refresh_stories(store, options)
    return result


def ready_for_adds(store: Store) -> None:
    """Ready a long-running process (``serve``, ``watch``) to add articles one at a time:
    the language model loaded (when installed) and the store's placement opened now rather
    than in the first add, then everything loaded so far moved out of the garbage
    collector's way (a full collection would otherwise walk the model and the placement
    index, about 100 ms, in the middle of some add)."""
    with contextlib.suppress(MissingExtraError):
        load_nlp()
    placer_for(store)
    gc.freeze()


_PLACERS: WeakKeyDictionary[Store, Placer] = WeakKeyDictionary()


def placer_for(store: Store) -> Placer:
    """The store's placer, made once per open store (it indexes stored stories the
    placement index lacks, and keeps decoded features of recent articles in memory)."""
    placer = _PLACERS.get(store)
    if placer is None:
        placer = _PLACERS[store] = Placer(store)
    return placer


def refresh_stories(
    store: Store, options: Options | None = None, lock: AbstractContextManager[Any] | None = None
) -> list[str]:
    """Rebuild every pending story (members moved by earlier adds); returns their ids.
    ``lock`` (a writers' lock) is held for each story's rebuild in turn, not for all of
    them: an add arriving meanwhile waits for one rebuild."""
    pending = store.pending_stories()
    if not pending:
        return []
    options = options or Options()
    placer = placer_for(store)
    done: list[str] = []
    for key in pending:
        with lock if lock is not None else nullcontext(), store_transaction(store):
            ids = placer.index.members(key)
            if ids:
                rebuild_story(store, placer, key, ids, options, related=False, reparse=True)
                done.append(key)
            else:
                drop_story(store, key)
    return done


def rebuild_story(
    store: Store,
    placer: Placer,
    key: str,
    ids: Sequence[str],
    options: Options,
    *,
    replaces: Sequence[str] = (),
    analysis: Analysis | None = None,
    related: bool = True,
    reparse: bool = False,
) -> tuple[Story, list[Article]]:
    """Build one placement story from the store and save it under its key (its id): the
    articles and their stored analysis are read once; undated articles are anchored on
    the story's date; ``replaces`` are stories merged into it. With ``related``, its links
    to related stories are found again, else the stored ones are kept. A stored article
    whose links across the story change beyond names is parsed and annotated again with
    ``reparse``; without it the story is marked to be rebuilt so after the add. Returns
    the story and its articles."""
    articles = store.articles(ids)
    anns, events = store.analysis([a.id for a in articles])
    # what grouping reads (before anchoring and linking across the story, as in the batch)
    docs = story_docs(articles, Analysis(annotations=dict(anns), events=dict(events)))
    anchor_undated(store, articles, anns, events, analysis)
    # with ``reparse``, stored articles whose links changed beyond names are parsed again
    again, stale_ids = relink_story(
        anns, events, articles, analysis.docs if analysis else None, parse_missing=reparse
    )
    if again:  # the articles just analysed, annotated again with the story's links
        store.save_articles(
            [a for a in articles if a.id in again],
            {i: anns[i] for i in again},
            {i: events[i] for i in again},
        )
    present = [a.id for a in articles if a.id in anns]
    dups = placer.duplicates(present)
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
    (built,) = build_stories(
        articles, Analysis(annotations=anns, events=events), grouping, story_options
    )
    story = replace(built, id=key)
    orphans = [  # stored stories of these articles that no placement story holds any more
        s
        for s in dict.fromkeys(store.story_of(present).values())
        if s != key and s not in replaces and not placer.index.members(s)
    ]
    gone = {*replaces, *orphans}
    for other in gone:
        unlink(store, other)
    old = store.story(key)
    kept = tuple(r for r in story_from_dict(old).related if r.story not in gone) if old else ()
    if related:
        kept = tuple(find_related(store, placer, story, docs, kept))
    story = replace(story, related=kept)
    store.save_story(story, articles, replaces=[*replaces, *orphans])
    if stale_ids and not reparse:
        # rebuilt again after the add, with those articles parsed (refresh_stories)
        store.mark_pending([key])
    return story, articles


def unlink(store: Store, story_id: str) -> None:
    """Take a story that is going away out of the related links of the stories it links."""
    data = store.story(story_id)
    for link in data.get("related", []) if data else []:
        other = store.story(link["story"])
        if other and any(r.get("story") == story_id for r in other.get("related", [])):
            kept = [r for r in other["related"] if r.get("story") != story_id]
            store.set_related(link["story"], kept)


def drop_story(store: Store, story_id: str) -> None:
    """Remove a story left without articles, and the links to it."""
    unlink(store, story_id)
    store.drop_story(story_id)


def anchor_undated(
    store: Store,
    articles: Sequence[Article],
    anns: dict[str, Annotations],
    events: dict[str, list[EventFrame]],
    analysis: Analysis | None = None,
) -> list[str]:
    """Anchor the story's undated articles on its date, as the batch brief does (the most
    common date of its dated members, the latest on a tie): their time expressions are
    resolved against it. An article parsed in this add (its parse in ``analysis``) is
    annotated again in full; a stored one has its time expressions and its event frames'
    dates redone from the text. Changed annotations are saved; returns their ids."""
    counts = Counter(a.published for a in articles if a.published is not None)
    if not counts:
        return []
    anchor = max(counts, key=lambda d: (counts[d], d))
    done: list[Article] = []
    for article in articles:
        ann = anns.get(article.id)
        if article.published is not None or ann is None or ann.published == anchor:
            continue
        doc = analysis.docs.get(article.id) if analysis is not None else None
        if doc is not None:
            frames: dict[str, list[EventFrame]] = {}
            anns[article.id] = annotate_one(article, doc, ann.mentions, anchor, frames, ann)
            events[article.id] = frames[article.id]
        else:
            anns[article.id], events[article.id] = _reanchored(
                article, ann, events.get(article.id, []), anchor
            )
        done.append(article)
    if done:
        store.save_articles(
            done, {a.id: anns[a.id] for a in done}, {a.id: events[a.id] for a in done}
        )
    return [a.id for a in done]


def _reanchored(
    article: Article, ann: Annotations, frames: Sequence[EventFrame], anchor: date
) -> tuple[Annotations, list[EventFrame]]:
    """Time expressions resolved against ``anchor``; each event frame's date is again the
    one date its clause states (as the event finder sets it)."""
    if ann.published is None:
        # found with no anchor: the stored spans (some found with the parse) are kept and
        # their underspecified values read against the anchor
        timexes = tuple(resolve(list(ann.timexes), anchor, article.text))
    else:  # anchored on an earlier story date: read again from the text
        timexes = tuple(find_timexes(article.text, anchor))
    days = [t for t in timexes if t.type == "DATE"]
    out: list[EventFrame] = []
    for frame in frames:
        values = {t.value for t in days if frame.start <= t.start and t.end <= frame.end}
        out.append(replace(frame, when=values.pop() if len(values) == 1 else None))
    return replace(ann, timexes=timexes, published=anchor), out


RELATED_STORIES = 5  # stories compared with an added article's story for related links
RELATED_MEMBERS = 6  # most recent members of each compared


def find_related(
    store: Store,
    placer: Placer,
    story: Story,
    docs: Sequence[StoryDoc],
    kept: Sequence[Related] = (),
) -> list[Related]:
    """The story's related-story links, as the batch brief finds them (mean content
    similarity of the two stories' articles at least ``RELATED_MIN``, with the reason),
    among the stories of the articles that share the most of its rarest names at any date.
    Both stories get the link; links to stories compared and found unrelated are dropped
    from both; other links in ``kept`` stay."""
    index = placer.index
    mine = [d.id for d in docs]
    feats = index.features(mine)
    found = index.related_candidates(list(feats.values()), CANDIDATE_ARTICLES)
    owner = index.stories_of(found)
    others: list[str] = []
    for article in found:
        s = owner.get(article)
        if s is not None and s != story.id and s not in others:
            others.append(s)
    others = others[:RELATED_STORIES]
    members = {s: index.members(s)[-RELATED_MEMBERS:] for s in others}
    feats.update(index.features([a for m in members.values() for a in m]))
    groups_ids = [[a for a in mine if a in feats]]
    groups_ids += [[a for a in members[s] if a in feats] for s in others]
    if not groups_ids[0] or len(groups_ids) < 2:
        return list(kept)
    order = [a for g in groups_ids for a in g]
    position = {a: i for i, a in enumerate(order)}
    content, _ = similarity([feats[a] for a in order])
    between = story_similarity(content, [[position[a] for a in g] for g in groups_ids])
    near = [
        (s, g)
        for n, (s, g) in enumerate(zip(others, groups_ids[1:], strict=True), 1)
        if between[0, n] >= RELATED_MIN
    ]
    links: dict[str, Related] = {r.story: r for r in kept if r.story not in others}
    compared = set(others)
    if near:
        profiles = _profiles(store, index, [*mine, *(a for _, g in near for a in g)], docs)
        first = index.arrival([mine[0], *(g[0] for _, g in near)])
        for other, group in near:
            a = [profiles[i] for i in mine if i in profiles]
            b = [profiles[i] for i in group if i in profiles]
            data = store.story(other)
            if not a or not b or data is None:
                continue
            if first.get(group[0], 0) < first.get(mine[0], 0):
                a, b = b, a  # in arrival order, as the batch orders stories
            why = reason_of([p.names for p in a], [p.names for p in b],
                            [p.signature for p in a], [p.signature for p in b])  # fmt: skip
            theirs = story_from_dict(data)
            links[other] = Related(other, relation(story, theirs), why)
            back = [r for r in theirs.related if r.story != story.id]
            back.append(Related(story.id, relation(theirs, story), why))
            if back != list(theirs.related):
                store.set_related(other, [_related_dict(r) for r in back])
            compared.discard(other)
    for other in compared:  # compared and not related (any more): the link goes both ways
        data = store.story(other)
        if data and any(r.get("story") == story.id for r in data.get("related", [])):
            store.set_related(other, [r for r in data["related"] if r.get("story") != story.id])
    return list(links.values())


def _profiles(
    store: Store, index: StoryIndex, ids: Sequence[str], docs: Sequence[StoryDoc]
) -> dict[str, Profile]:
    """The articles' stored profiles; those missing (placed before profiles were kept)
    are made from ``docs`` or from the store, and kept."""
    found = index.profiles_of(ids)
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    if not missing:
        return found
    have = {d.id: d for d in docs}
    made = {i: Profile.of(have[i]) for i in missing if i in have}
    rest = [i for i in missing if i not in have]
    if rest:
        anns, events = store.analysis(rest)
        for doc in story_docs(store.articles(rest), Analysis(annotations=anns, events=events)):
            made[doc.id] = Profile.of(doc)
    with store_transaction(store):
        index.set_profiles(made)
    return {**found, **made}


def _related_dict(r: Related) -> dict[str, str]:
    return {"story": r.story, "relation": r.relation, "reason": r.reason}


def _brief(store: Store, story: Story, articles: Sequence[Article]) -> dict[str, Any]:
    """The brief of a story just built (its articles in hand): no re-reading."""
    by_id = {a.id: a for a in articles}
    report = Report(
        generated_at=_stamp(),
        articles=tuple(by_id[a] for a in story.articles if a in by_id),
        stories=(story,),
    )
    return finish(store, report, story.id)[1]


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_report(store: Store, story_id: str) -> Report:
    """One story and its articles, as a report the renderers take (a pending story is
    rebuilt first)."""
    if story_id in store.pending_stories():
        refresh_stories(store)
    data = store.story(story_id)
    if data is None:
        raise NotFoundError(f"no story {story_id!r} in the store")
    story = story_from_dict(data)
    return Report(
        generated_at=_stamp(), articles=tuple(store.articles(story.articles)), stories=(story,)
    )


def store_report(store: Store) -> Report:
    """Everything the store holds, as one report (pending stories are rebuilt first)."""
    refresh_stories(store)
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
    """Poll ``folder``; a file is added once it has stopped changing for one interval.
    Articles are parsed on two cores (:mod:`newsweave.analyze.parse_worker`)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{str(root)!r} is not a folder")
    parse_worker.start()
    ready_for_adds(store)
    try:
        yield from _watch(store, root, options, interval, rounds)
    finally:
        parse_worker.stop()


def _watch(
    store: Store, root: Path, options: Options | None, interval: float, rounds: int | None
) -> Iterator[AddResult]:
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
