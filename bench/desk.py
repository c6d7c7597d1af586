"""Live desk at scale: add one article and get its story's brief; search; on 100,000 articles.

    .venv/bin/python bench/desk.py [--n 100000] [--shared ../shared] [--db bench/out/desk.db]

The store is built from real Timeline17 articles: ``--bases`` of them are cleaned and
annotated once, then copy k of each is dated k weeks later under a new id, and bulk-inserted
(articles, annotations, entity and search indexes, stories of four articles of one topic,
their placement rows). The built store is kept under bench/out/ (not in the repo), named
after its size and schema version, and copied for each run, so a rerun skips the build
(``--rebuild`` forces it). Then held-out Timeline17 articles are added one at a time through
``desk.add_articles`` (parse, placement, the article's story rebuilt, its brief saved; the
other stories the placement changed are rebuilt next, timed apart) and searches run with
and without filters, in two modes, each on a fresh copy: one process, and two cores (the
entity recogniser in a worker process, as ``newsweave serve`` and ``watch`` run). A few
other articles are added first, timed apart (a running desk's caches are warm). Results go
to bench/results/desk.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from statistics import median, quantiles
from typing import Any

from newsweave import desk
from newsweave.analyze import parse_worker
from newsweave.brief.render_json import annotation_dict, story_dict
from newsweave.cluster.related import Profile
from newsweave.cluster.terms import doc_features
from newsweave.model import Article, RawArticle, Story, content_id
from newsweave.pipeline import annotate, prepare_all
from newsweave.store.migrations import SCHEMA_VERSION
from newsweave.store.records import events_to_list
from newsweave.store.sqlite import SqliteStore
from newsweave.store.sqlstore import GROUPED_LABELS, entity_key, fts_terms
from newsweave.store.tags import search_tags
from newsweave.stories import story_docs

REPO = Path(__file__).resolve().parent.parent
SEED = 20261123
BUILD = 3  # the bulk build's own version (part of the kept store's name)
QUERIES = [
    "oil spill", "president", "protesters", "vaccine", "earthquake aid", "rebels",
    "bank", "\"prime minister\"", "police", "doctors", "united nations", "election",
    "troops", "deepwater horizon", "swine flu", "Jackson", "Gaddafi", "Mubarak", "Assad",
    "stock market",
]  # fmt: skip


def t17(shared: Path) -> list[RawArticle]:
    out: list[RawArticle] = []
    for path in sorted((shared / "bench/timeline/t17").glob("*/articles.jsonl")):
        topic = path.parent.name
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            if len(obj.get("text", "")) < 600:
                continue
            out.append(
                RawArticle(
                    id=f"{topic}/{obj['id']}",
                    source=topic,
                    text=obj["text"][:8000],
                    outlet=obj["id"].split("/")[0].split("_")[-1],
                    published=date.fromisoformat(obj["date"]),
                    title=obj.get("title") or None,
                    story_key=topic,
                )
            )
    return out


def build(db: Path, bases: Sequence[Article], n: int) -> float:
    """Bulk-insert ``n`` articles (copies of the annotated bases); returns seconds."""
    started = time.perf_counter()
    analysis = annotate(list(bases))
    docs = {d.id: d for d in story_docs(list(bases), analysis)}
    feats = {i: doc_features(d) for i, d in docs.items()}
    key_counts: dict[str, int] = {}
    store = SqliteStore(db)
    conn = store.conn
    conn.execute("PRAGMA synchronous=OFF")
    per_topic: dict[str, list[int]] = {}
    for i, base in enumerate(bases):
        per_topic.setdefault(base.story_key or "", []).append(i)
    order = [i for ids in per_topic.values() for i in ids]
    copies = -(-n // len(bases))
    made = 0
    for copy in range(copies):
        rows: dict[str, list[tuple[Any, ...]]] = {
            k: [] for k in ("a", "n", "e", "s", "st", "sa", "p", "k")
        }
        members: list[Article] = []
        for i in order:
            if made >= n:
                break
            base = bases[i]
            day = (base.published or date(2010, 1, 1)) + timedelta(weeks=copy)
            art = replace(base, id=f"c{copy}/{base.id}", published=day)
            ann = replace(analysis.annotations[base.id], article_id=art.id, published=day)
            pub = day.isoformat()
            rows["a"].append((art.id, content_id(art.id, art.text), art.source, art.outlet,
                              None, pub, art.title, art.text, art.text, "[]", pub))  # fmt: skip
            events = json.dumps(events_to_list(analysis.events.get(base.id, [])))
            rows["n"].append((art.id, content_id(art.id), json.dumps(annotation_dict(art, ann)),
                              events))  # fmt: skip
            names = {entity_key(m.canonical) for m in ann.mentions if m.label in GROUPED_LABELS}
            rows["e"].extend((name, pub, art.id) for name in names)
            body = f"{art.title}\n{art.text}" if art.title else art.text
            sid = content_id(f"c{copy}/{bases[order[len(members) // 4 * 4]].id}", prefix="s_")
            tags = search_tags("article", art.outlet, sid, pub, names)
            rows["s"].append(("article", art.id, art.id, sid, art.outlet, pub, 0, 0, body, tags))
            f = feats[base.id]
            profile = Profile.of(replace(docs[base.id], id=art.id, published=day))
            rows["p"].append((art.id, made + 1, sid, day.toordinal(),
                              f.words.to_bytes(), f.names.to_bytes(), f.numbers.to_bytes(),
                              f.shingles.astype("<u4").tobytes(), f.event.to_json(),
                              "\n".join(f.keys), profile.to_json()))  # fmt: skip
            rows["k"].extend((k, day.toordinal(), art.id) for k in f.keys)
            for k in f.keys:
                key_counts[k] = key_counts.get(k, 0) + 1
            members.append(art)
            made += 1
        for k in range(0, len(members), 4):
            group = members[k : k + 4]
            sid = content_id(group[0].id, prefix="s_")
            story = Story(id=sid, title=group[0].title or group[0].id,
                          articles=tuple(a.id for a in group))  # fmt: skip
            latest = max(a.published.isoformat() for a in group if a.published)
            rows["st"].append((sid, story.title, json.dumps(story_dict(story)), latest, len(group)))
            rows["sa"].extend((sid, a.id) for a in group)
        with conn:
            conn.executemany(
                "INSERT INTO articles (id, content_hash, source, outlet, url, published, title, "
                "text, raw, removed, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                rows["a"],
            )
            conn.executemany(
                "INSERT INTO annotations (article_id, content_hash, data, events) VALUES (?,?,?,?)",
                rows["n"],
            )
            conn.executemany(
                "INSERT INTO article_entities (entity, published, article_id) VALUES (?,?,?)",
                rows["e"],
            )
            conn.executemany(
                "INSERT INTO search_docs (kind, ref, article_id, story_id, outlet, published, "
                "span_start, span_end, text, tags) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows["s"],
            )
            conn.executemany(
                "INSERT INTO stories (id, title, data, latest, n_articles, n_sources, "
                "updated_at) VALUES (?,?,?,?,?,?,'2026-01-01T00:00:00Z')",
                [(*r[:4], r[4], r[4]) for r in rows["st"]],
            )
            conn.executemany(
                "INSERT INTO story_articles (story_id, article_id) VALUES (?,?)", rows["sa"]
            )
            conn.executemany(
                "INSERT INTO placement_articles (article_id, seq, story, day, words, names, "
                "numbers, shingles, event, keys, profile) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                rows["p"],
            )
            conn.executemany(
                "INSERT INTO placement_keys (key, day, article_id) VALUES (?,?,?)", rows["k"]
            )
        print(f"  {made} articles", file=sys.stderr)
    with conn:
        conn.executemany(
            "INSERT INTO placement_key_counts (key, n) VALUES (?,?)", sorted(key_counts.items())
        )
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    conn.commit()
    store.close()
    return time.perf_counter() - started


def p95(values: Sequence[float]) -> float:
    return quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


PARTS = ("annotate", "save", "place", "rebuild", "related", "brief")
spent: dict[str, float] = dict.fromkeys(PARTS, 0.0)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, adding its run time to ``spent[name]`` (how an add's time divides)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t0

    return run


def instrument() -> None:
    """Time the parts of an add (once per process)."""
    desk.annotate = timed("annotate", desk.annotate)  # type: ignore[assignment]
    SqliteStore.save_articles = timed("save", SqliteStore.save_articles)  # type: ignore[method-assign]
    desk.Placer.add = timed("place", desk.Placer.add)  # type: ignore[method-assign]
    desk.rebuild_story = timed("rebuild", desk.rebuild_story)
    desk.find_related = timed("related", desk.find_related)
    desk._brief = timed("brief", desk._brief)


def moved(art: Article, rng: random.Random, copies: int, prefix: str) -> Article:
    """A held-out article as a new one, dated like one of the store's copies."""
    shift = timedelta(weeks=rng.randrange(copies))
    published = (art.published or date(2010, 1, 1)) + shift
    return replace(art, id=f"{prefix}/{art.id}", published=published)


def measure(
    db: Path, held: Sequence[Article], warm: Sequence[Article], copies: int, *, two_cores: bool
) -> dict[str, Any]:
    store = SqliteStore(db)
    annotate(list(held[:1]))  # load the language model before timing
    worker = parse_worker.start() if two_cores else None
    if two_cores and worker is None:
        raise SystemExit("the two-core mode needs two cores")
    annotate(list(held[:1]))  # and the worker's
    t0 = time.perf_counter()
    desk.placer_for(store)  # once per open store: checks every story member is indexed
    placer_ms = (time.perf_counter() - t0) * 1000
    desk.ready_for_adds(store)  # as serve and watch start
    rng = random.Random(SEED)
    warm_ms: list[float] = []
    for art in warm:  # a running desk: SQLite's page cache and the FTS segments in use
        t0 = time.perf_counter()
        desk.add_articles(store, [moved(art, rng, copies, "warm")], refresh=False)
        warm_ms.append((time.perf_counter() - t0) * 1000)
        desk.refresh_stories(store)
    parts: dict[str, list[float]] = {k: [] for k in (*PARTS, "without analysis", "later")}
    adds: list[float] = []
    checked: list[int] = []
    sizes: list[int] = []
    later_stories: list[int] = []
    for art in held[1:]:
        spent.update(dict.fromkeys(PARTS, 0.0))
        new = moved(art, rng, copies, "new")
        t0 = time.perf_counter()
        result = desk.add_articles(store, [new], refresh=False)
        (added,) = result.added
        brief = result.stories[added.story or ""]
        adds.append((time.perf_counter() - t0) * 1000)
        for k in PARTS:
            parts[k].append(spent[k] * 1000)
        parts["without analysis"].append(adds[-1] - spent["annotate"] * 1000)
        t0 = time.perf_counter()
        later_stories.append(len(desk.refresh_stories(store)))
        parts["later"].append((time.perf_counter() - t0) * 1000)
        checked.append(added.candidates_checked)
        sizes.append(len(brief["stories"][0]["articles"]))
    redecoded = worker.redecoded if worker is not None else 0
    parse_worker.stop()
    searches: list[float] = []
    hits: list[int] = []
    each: list[dict[str, Any]] = []
    for n, text in enumerate(QUERIES * 2):
        query = desk.search_query(text, outlet="reuters" if n % 3 == 1 else None,
                                  since="2011-01-01" if n % 3 == 2 else None)  # fmt: skip
        t0 = time.perf_counter()
        found = store.search(query)
        searches.append((time.perf_counter() - t0) * 1000)
        hits.append(len(found))
        each.append({"q": text, "filter": ["", "outlet", "since"][n % 3],
                     "ms": round(searches[-1], 1), "hits": len(found)})  # fmt: skip
    matches = {  # documents each query's words match, unfiltered
        text: store._rows(
            "SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ?",
            ["text : (" + " ".join(f'"{t}"' for t in fts_terms(text)) + ")"],
        )[0]["n"]
        for text in QUERIES
    }
    articles = store.count("articles")
    store.close()
    return {
        "articles": articles,
        "add_ms": {"p50": median(adds), "p95": p95(adds), "max": max(adds), "n": len(adds)},
        "add_parts_ms": {
            k: {"p50": median(v), "p95": p95(v), "max": max(v), "n": len(v)}
            for k, v in parts.items()
        },
        "search_ms": {
            "p50": median(searches),
            "p95": p95(searches),
            "max": max(searches),
            "n": len(searches),
        },
        "candidates_checked_max": max(checked),
        "story_size_after_add_max": max(sizes),
        "adds_leaving_stories_to_rebuild": sum(1 for n in later_stories if n),
        "stories_rebuilt_later_max": max(later_stories),
        "placer_open_ms": placer_ms,
        "warm_ms": warm_ms,
        "sizes": sizes,
        "add_each_ms": adds,
        "redecoded": redecoded,
        "hits_mean": sum(hits) / len(hits),
        "searches": each,
        "matches": matches,
    }


MODES = {"one": False, "two": True}  # one process; the entity recogniser in a worker


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--bases", type=int, default=400)
    parser.add_argument("--held", type=int, default=101)
    parser.add_argument("--warm", type=int, default=3, help="untimed adds first (reported)")
    parser.add_argument("--modes", default="one,two", help="one process, two cores, or both")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--db", type=Path, default=REPO / "bench/out/desk.db")
    parser.add_argument("--rebuild", action="store_true", help="build the kept store again")
    parser.add_argument("--out", type=Path, default=REPO / "bench/results/desk.md")
    args = parser.parse_args(argv)
    raws = t17(args.shared)
    random.Random(SEED).shuffle(raws)
    end = args.bases + args.held
    prepared = prepare_all(raws[: end + args.warm]).articles
    bases, held, warm = prepared[: args.bases], prepared[args.bases : end], prepared[end:]
    built = None
    kept = args.db.with_name(f"desk-built-{args.n}-{args.bases}-v{SCHEMA_VERSION}.{BUILD}.db")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not kept.exists():
        wipe(kept)
        built = build(kept, bases, args.n)
    instrument()
    res: dict[str, Any] = {"modes": {}, "build_s": built, "load_average": {}}
    for mode in args.modes.split(","):
        wipe(args.db)
        t0 = time.perf_counter()
        shutil.copyfile(kept, args.db)  # the measured adds change the store: measure a copy
        os.sync()  # the copy's 5 GB of dirty pages written out now, not during the adds
        print(f"  copied {kept.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        before = os.getloadavg()
        copies = -(-args.n // len(bases))
        res["modes"][mode] = measure(args.db, held, warm, copies, two_cores=MODES[mode])
        res["load_average"][mode] = {"before": before, "after": os.getloadavg()}
    command = " ".join(["bench/desk.py", *(argv or sys.argv[1:])])
    print(json.dumps(res, indent=2))
    args.out.write_text(report(res, command), encoding="utf-8")
    res["command"] = command
    args.out.with_suffix(".json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


def wipe(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def row(name: str, ms: dict[str, float], target: int, fmt: str) -> str:
    cells = " | ".join(format(ms[k], fmt) for k in ("p50", "p95", "max"))
    return f"| {name} | {ms['n']:.0f} | {cells} | < {target} |"


# The figures recorded before this round (bench/results/desk.md at commit 4487c3d: one
# process, no warm-up adds, load average 0.7-0.8), p50 / p95 / max in ms.
BEFORE: dict[str, tuple[float, float, float]] = {
    "add": (169, 408, 781),
    "search": (15.8, 51.7, 54.0),
    "annotate": (111, 273, 348),
    "place": (15, 40, 518),
    "rebuild": (25, 135, 142),
    "brief": (0, 1, 1),
    "without analysis": (46, 168, 566),
}
NAMES = {
    "add": "add one article + its story's brief",
    "search": "search",
    "annotate": "analysis of the new article (spaCy parse + every annotator)",
    "save": "saving the article and its analysis (rows, search index)",
    "place": "online placement (candidates, regrouping, writes)",
    "rebuild": "rebuild of the article's story (reconcile, quotes, summary, timeline)",
    "related": "... of which: its related-story links (part of the rebuild)",
    "brief": "the story's brief (JSON, id, saved)",
    "without analysis": "**the add without the analysis** (save, place, rebuild, brief)",
    "later": "after the add: rebuild of the other stories it changed (timed apart)",
}


def slowest(res: dict[str, Any], n: int = 3) -> str:
    worst = sorted(res["searches"], key=lambda s: -s["ms"])[:n]
    return ", ".join(
        f"{s['q']!r}{' (' + s['filter'] + ' filter)' if s['filter'] else ''} {s['ms']:.0f} ms, "
        f"{res['matches'][s['q']]:,} documents matching its words"
        for s in worst
    )


def trio(v: dict[str, float], fmt: str = ".0f") -> str:
    return " / ".join(format(v[k], fmt) for k in ("p50", "p95", "max"))


def compared(res: dict[str, Any]) -> str:
    now = {"add": res["add_ms"], "search": res["search_ms"], **res["add_parts_ms"]}
    return "\n".join(
        f"| {NAMES[key]} | {p50:g} / {p95_:g} / {top:g} | {trio(now[key], '.1f')} |"
        for key, (p50, p95_, top) in BEFORE.items()
    )


def report(res: dict[str, Any], command: str) -> str:
    modes = res["modes"]
    main_mode = "two" if "two" in modes else next(iter(modes))
    m = modes[main_mode]
    label = {"one": "one process", "two": "two cores (entity recogniser in a worker)"}
    rows = [
        row(f"add one article + its story's updated brief, {label[k]}", v["add_ms"], 200, ".0f")
        for k, v in modes.items()
    ]
    rows.append(row("search (20 queries x 2; 1/3 outlet-, 1/3 date-filtered)", m["search_ms"],
                    100, ".1f"))  # fmt: skip
    heads = " | ".join(f"{label[k]} p50 / p95 / max" for k in modes)
    parts = "\n".join(
        f"| {NAMES[k]} | " + " | ".join(trio(v["add_parts_ms"][k]) for v in modes.values()) + " |"
        for k in m["add_parts_ms"]
    )
    loads = "; ".join(
        f"{label[k]}: {v['before'][0]:.1f} before, {v['after'][0]:.1f} after"
        for k, v in res["load_average"].items()
    )
    warm = "; ".join(
        f"{label[k]}: " + ", ".join(f"{t:.0f}" for t in v["warm_ms"]) + " ms"
        for k, v in modes.items()
    )
    build = f"{res['build_s']:.0f} s" if res["build_s"] else "kept from an earlier run"
    return f"""# Live desk at scale

    .venv/bin/python {command}

SQLite store (WAL, FTS5), {m["articles"]:,} articles after the run, 2 cores (load average
{loads}); build {build}. Each mode runs on its own fresh copy of the built store (synced to
disk before the timed adds), with the same articles added in the same order, in a process
readied as `newsweave serve` readies it (`desk.ready_for_adds`: model loaded, placement
opened, `gc.freeze()`).

| operation | n | p50 ms | p95 ms | max ms | target p95 |
| --- | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

The two-core mode is how `newsweave serve` (`POST /api/articles`) and `newsweave watch` run
(`newsweave.analyze.parse_worker`): the spaCy entity recogniser parses the new article in a
worker process while this one runs the tagger and the parser and reads the text's dates and
quantities, and the result is the pipeline's own parse ({m["redecoded"]} of {m["add_ms"]["n"]}
articles had an entity decoded again around a sentence start); then, while this process
reconciles the story's facts and aligns its quotes, the worker writes its summary and
timeline. The output is the same in both modes. `newsweave add` and library calls work in
one process.

Where an add's time goes (same adds):

| part of the add | {heads} |
| --- | {" | ".join("---:" for _ in modes)} |
{parts}

"Add" is `desk.add_articles(..., refresh=False)` on one held-out Timeline17 article: spaCy
parse and every annotator, saving, placement (name-index candidates, at most
{m["candidates_checked_max"]} articles found here, then the batch grouping over their
stories' stored features), the article's story rebuilt from the store (reconcile, quotes,
summary, timeline, related-story links) and its brief saved with an id. Its cost depends on
the candidates and the story's size (at most {m["story_size_after_add_max"]} articles
here), not on the store's size. Other stories the placement changed (members moved out or
split off) are rebuilt after the add by `desk.refresh_stories`, as the web API does once it
has answered (and `newsweave add` before it exits); that is timed apart, in the last row
({m["adds_leaving_stories_to_rebuild"]} of {m["add_ms"]["n"]} adds left any, at most
{m["stories_rebuilt_later_max"]} stories). Opening the placement for the store (once per
process) took {m["placer_open_ms"]:.0f} ms, before the timed adds. A desk that has been running
has SQLite's page cache and the search index's recent segments in memory; a freshly opened
copy does not, so {len(m["warm_ms"])} other held-out articles are added first and timed apart
({warm}). Searches returned {m["hits_mean"]:.1f} hits on average (limit 20).

The store's articles are copies of {400} annotated Timeline17 articles, copy k dated k weeks
later under a new id (so the search index holds many near-identical documents, which makes
common words match tens of thousands of rows: a hard case for ranking).

## Before / after

p50 / p95 / max in ms. Before: the figures recorded by the previous round of this benchmark
(commit 4487c3d: one process, no warm-up adds). Now: the two-core mode of this run.

| | before | now |
| --- | ---: | ---: |
{compared(m)}

Search ranks inside FTS5: the words must match the index's `text` column and the filters
(kind, outlet, story, entity, and narrow date ranges as year/month/day tokens) its `tags`
column, so FTS5 intersects them, computes bm25 only for what passes and keeps the best
`limit`; only those rows are then read (SQLite migration 0005). Its floor is bm25 over every
match: the slowest searches here were {slowest(m)}.
"""


if __name__ == "__main__":
    raise SystemExit(main())
