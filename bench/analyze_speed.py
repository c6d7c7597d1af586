"""How fast `analyze` is, stage by stage, on real articles (Timeline17), with a profile.

    .venv/bin/python bench/analyze_speed.py [--shared ../shared] [--n 1000] [--profile]

Reads the first N articles (round-robin over the Timeline17 topics), runs each stage of the
pipeline on them and prints articles/s and words/s per stage, next to a baseline in the same
run: spaCy's full English pipeline (all components, one process). Writes
bench/results/analyze_speed.json and .md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import platform
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsweave.analyze.entities import find_mentions, link_entities
from newsweave.analyze.events import find_events
from newsweave.analyze.nlp import MODEL, load_nlp, parse
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.quotes import find_quotes
from newsweave.analyze.roles import find_roles
from newsweave.analyze.timex import find_timexes
from newsweave.model import RawArticle
from newsweave.pipeline import Options, prepare_all, report_from

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def read_articles(shared: Path, n: int) -> list[RawArticle]:
    topics = sorted((shared / "bench" / "timeline" / "t17").iterdir())
    streams = [_lines(t / "articles.jsonl") for t in topics if t.is_dir()]
    out: list[RawArticle] = []
    while len(out) < n and streams:
        for stream in list(streams):
            item = next(stream, None)
            if item is None:
                streams.remove(stream)
                continue
            out.append(t17_article(item))
            if len(out) >= n:
                break
    return out


def t17_article(item: dict[str, Any], story_key: str | None = None) -> RawArticle:
    """One line of a Timeline17 ``articles.jsonl`` as an input article."""
    return RawArticle(
        id=item["id"],
        source=item["id"],
        text=item["text"],
        title=item.get("title") or None,
        published=date.fromisoformat(item["date"]),
        story_key=story_key,
    )


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def timed(label: str, fn: Callable[[], Any], results: dict[str, float]) -> Any:
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    print(f"  {label}: {results[label]:.2f} s", file=sys.stderr, flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not (args.shared / "bench" / "timeline").is_dir():
        print(f"no Timeline17 data under {args.shared}/bench/timeline", file=sys.stderr)
        return 2
    raws = read_articles(args.shared, args.n)
    words = sum(len((r.text or "").split()) for r in raws)
    load_nlp()  # model loading is not part of the throughput
    secs: dict[str, float] = {}
    prepared = timed("clean", lambda: prepare_all(raws, options=Options()), secs)
    articles = prepared.articles
    texts = [a.text for a in articles]
    docs = timed("spacy parse", lambda: list(parse(texts)), secs)
    timed("spacy parse, 2 processes", lambda: list(parse(texts, processes=2)), secs)
    mentions = timed("entities", lambda: [find_mentions(d) for d in docs], secs)
    linked = timed(
        "entity linking (per article)",
        lambda: {
            a.id: link_entities({a.id: m}, {a.id: a.text})[a.id]
            for a, m in zip(articles, mentions, strict=True)
        },
        secs,
    )
    timexes = timed(
        "time expressions",
        lambda: [find_timexes(a.text, a.published) for a in articles],
        secs,
    )
    quantities = timed("quantities", lambda: [find_quantities(t) for t in texts], secs)
    timed(
        "quotes",
        lambda: [
            find_quotes(a.text, d, linked.get(a.id, []))
            for a, d in zip(articles, docs, strict=True)
        ],
        secs,
    )
    timed(
        "roles",
        lambda: [find_roles(d, linked.get(a.id, [])) for a, d in zip(articles, docs, strict=True)],
        secs,
    )
    timed(
        "events",
        lambda: [
            find_events(d, linked.get(a.id, []), tx, q)
            for a, d, tx, q in zip(articles, docs, timexes, quantities, strict=True)
        ],
        secs,
    )
    analyze_total = sum(
        v for k, v in secs.items() if k not in ("clean", "spacy parse, 2 processes")
    )
    # the whole brief path (clean -> analyze -> group -> reconcile -> brief) in one call
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    timed("whole pipeline", lambda: report_from(prepare_all(raws), Options()), secs)
    if profiler:
        profiler.disable()
    # baseline: spaCy's full pipeline, every component on
    import spacy

    full = spacy.load(MODEL)
    timed("baseline: spaCy full pipeline", lambda: list(full.pipe(texts, batch_size=16)), secs)
    n = len(articles)
    rows = []
    for label, sec in secs.items():
        rows.append(
            {
                "stage": label,
                "seconds": round(sec, 3),
                "articles_per_s": round(n / sec, 1),
                "words_per_s": round(words / sec),
            }
        )
    rows.append(
        {
            "stage": "analyze (sum of stages)",
            "seconds": round(analyze_total, 3),
            "articles_per_s": round(n / analyze_total, 1),
            "words_per_s": round(words / analyze_total),
        }
    )
    print(f"{n} articles, {words} words, {platform.processor() or platform.machine()}")
    print(f"{'stage':34} {'s':>8} {'art/s':>8} {'words/s':>9}")
    for row in rows:
        print(
            f"{row['stage']:34} {row['seconds']:8.2f} {row['articles_per_s']:8.1f} "
            f"{row['words_per_s']:9d}"
        )
    profile_text = ""
    if profiler:
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
        profile_text = buf.getvalue()
        print(profile_text)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        data = {
            "articles": n,
            "words": words,
            "rows": rows,
            "command": f"bench/analyze_speed.py --n {args.n}",
        }
        (RESULTS / "analyze_speed.json").write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
