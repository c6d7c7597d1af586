"""How long the brief of one story takes once its articles are analysed (Timeline17).

    .venv/bin/python bench/brief_speed.py [--shared ../shared] [--sizes 10 25 50 100]

For each size N, the first N articles of one Timeline17 topic (by publication date) are
cleaned and analysed (not timed: that is `analyze`, see analyze_speed.py), made one story
(``--one-story``), and then timed, best of 3:

- the story: reconcile (facts, conflicts), quotes across outlets, summary, timeline, what's
  next, who's who (``build_stories``);
- the three renderings of the report (Markdown, HTML, JSON);
- a baseline in the same run: sumy's LexRank summary of the same sentences with the same
  word budget (a summary alone, no facts; one run, stories of up to 50 articles), when
  sumy is installed.

The issue's target is a 50-article story in under 1 s. Writes bench/results/brief_speed.json
and prints a table.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analyze_speed import t17_article
from newsweave.analyze.nlp import load_nlp
from newsweave.brief.render_html import render_html
from newsweave.brief.render_json import render_json
from newsweave.brief.render_markdown import render_markdown
from newsweave.model import Annotations, Article, RawArticle, Report
from newsweave.pipeline import annotate, prepare_all
from newsweave.stories import StoryOptions, build_stories, group

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
LEXRANK_MAX = 50  # sumy's LexRank is quadratic in sentences: one run, up to 50 articles


def read_topic(shared: Path, topic: str, n: int) -> list[RawArticle]:
    """The first ``n`` articles of a topic by publication date (ties by id)."""
    path = shared / "bench" / "timeline" / "t17" / topic / "articles.jsonl"
    items = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    items.sort(key=lambda item: (item["date"], item["id"]))
    return [t17_article(item, story_key="one") for item in items[:n]]


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def lexrank_seconds(
    articles: Sequence[Article], ann: Mapping[str, Annotations], words: int
) -> float | None:
    """LexRank (sumy, as bench/summarization.py runs it) over the story's sentences."""
    try:
        from summarization import lexrank
    except ImportError:  # sumy is a bench-only package
        return None
    if len(articles) > LEXRANK_MAX:
        return None
    seconds, _ = best_of(1, lambda: lexrank(articles, ann, words))
    return seconds


def measure(raws: Sequence[RawArticle], options: StoryOptions) -> dict[str, Any]:
    """Analyse ``raws`` (not timed), then time their story's brief."""
    articles = prepare_all(raws).articles
    analysis = annotate(articles)  # not timed: the brief starts from analysed articles
    grouping = group(articles, analysis, one_story=True)
    story_s, stories = best_of(3, lambda: build_stories(articles, analysis, grouping, options))
    report = Report(
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        articles=tuple(articles),
        stories=tuple(stories),
        annotations=analysis.annotations,
    )
    md_s, _ = best_of(3, lambda: render_markdown(report))
    html_s, _ = best_of(3, lambda: render_html(report))
    json_s, _ = best_of(3, lambda: render_json(report))
    (story,) = stories
    lexrank = lexrank_seconds(articles, analysis.annotations, options.summary_words)
    return {
        "articles": len(articles),
        "words": sum(len(a.text.split()) for a in articles),
        "story_s": round(story_s, 3),
        "markdown_s": round(md_s, 3),
        "html_s": round(html_s, 3),
        "json_s": round(json_s, 3),
        "brief_s": round(story_s + max(md_s, html_s, json_s), 3),
        "lexrank_s": round(lexrank, 3) if lexrank is not None else None,
        "facts": len(story.facts),
        "conflicts": len(story.conflicts),
        "quotes": len(story.quotes),
        "timeline_dates": len(story.timeline),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--topic", default="syria", help="a Timeline17 topic folder")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50, 100])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "bench" / "timeline" / "t17" / args.topic).is_dir():
        print(f"no Timeline17 topic {args.topic!r} under {args.shared}", file=sys.stderr)
        return 2
    load_nlp()
    options = StoryOptions()
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        rows.append(measure(read_topic(args.shared, args.topic, n), options))
        print(json.dumps(rows[-1]), flush=True)
    print(f"\n{args.topic}, {platform.processor() or platform.machine()}")
    print(
        f"{'articles':>8} {'words':>8} {'story s':>8} {'md s':>6} {'html s':>7} {'json s':>7} "
        f"{'brief s':>8} {'LexRank s':>10}"
    )
    for r in rows:
        lex = f"{r['lexrank_s']:10.3f}" if r["lexrank_s"] is not None else f"{'-':>10}"
        print(
            f"{r['articles']:8d} {r['words']:8d} {r['story_s']:8.3f} {r['markdown_s']:6.3f} "
            f"{r['html_s']:7.3f} {r['json_s']:7.3f} {r['brief_s']:8.3f} {lex}"
        )
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        data = {
            "command": "bench/brief_speed.py " + " ".join(argv or sys.argv[1:]),
            "topic": args.topic,
            "rows": rows,
        }
        (RESULTS / "brief_speed.json").write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
