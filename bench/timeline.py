"""Timeline17: newsweave's dated timeline against the publication-count baseline.

    .venv/bin/python bench/timeline.py [--shared ../shared] [--topics mj h1n1 ...]
        [--limit-articles N]

For every gold timeline (19 tasks), in the papers' setting (news-tls, ACL 2020): the input
is the topic's articles published between the gold timeline's first and last date; the
system is given the gold number of dates l and k = round(mean gold sentences per date).
Our side: each article is split into sentences (spaCy's rule-based sentencizer, via
``sentences_of``) and its time expressions are resolved with ``find_timexes`` anchored on
its publication date; then :func:`newsweave.brief.timeline.build_timeline` picks the
dates and sentences. The baseline is the benchmark's own ``baseline_pubcount.py`` (k from
gold), run in the same run; both are scored with ``score_tls.py`` (subprocess, not copied).

No dev split exists in T17. The timeline's defaults were set on three *tuning topics*
(``h1n1``, ``mj``, ``finan``: 5 of 19 timelines) and then frozen; results are reported on
the other six topics (14 timelines) and on all 19.

Sentences and DATE/TIME expressions are cached under bench/out/t17/ (gitignored), keyed
by a fingerprint of the sentence-splitting and time-expression code (``analysis_version``,
also written to the results): when that code changes, the articles are analysed again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from newsweave.brief.timeline import TimelineWeights, build_timeline
from newsweave.model import Annotations, Article, Sentence, TimeValue

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
RESULTS = REPO / "bench" / "results"
TOPICS = ("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria")
TUNING = ("finan", "h1n1", "mj")
PUBLISHED = {  # news-tls (ACL 2020) Table 4, T17, gold l and k
    "DATEWISE (published, best)": (0.120, 0.035, 0.544),
    "PUBCOUNT (published)": (0.105, 0.027, 0.481),
    "MARTSCHAT2018 (published)": (0.105, 0.030, 0.544),
}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CACHED_TYPES = ("DATE", "TIME")  # the time expressions the timeline reads


def analysis_version() -> str:
    """A fingerprint of the code the cached analysis comes from (sentence splitting, time
    expressions): a change there re-analyses the articles."""
    analyze = REPO / "src" / "newsweave" / "analyze"
    files = [analyze / "annotate.py", analyze / "numbers.py"]
    files += sorted((analyze / "timex").glob("*.py"))
    digest = hashlib.sha1(",".join(CACHED_TYPES).encode("utf-8"))
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def analysed(topic_dir: Path, limit: int | None) -> list[dict[str, Any]]:
    """Each article with its sentence spans and DATE/TIME expressions (cached)."""
    rows = read_jsonl(topic_dir / "articles.jsonl")
    if limit:
        rows = rows[:limit]
    cache_path = OUT / "t17" / f"{topic_dir.name}.json"
    version = analysis_version()
    cache: dict[str, Any] = {}
    if cache_path.is_file():
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
        if cache.get("_version") != version:
            cache = {}
    cache["_version"] = version
    todo = [r for r in rows if r["id"] not in cache]
    if todo:
        import spacy

        from newsweave.analyze.annotate import sentences_of
        from newsweave.analyze.timex import find_timexes

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.max_length = 2_000_000
        t0 = time.perf_counter()
        for n, (row, doc) in enumerate(
            zip(todo, nlp.pipe(r["text"] for r in todo), strict=True), 1
        ):
            try:
                timexes = find_timexes(row["text"], date.fromisoformat(row["date"]))
            except Exception as exc:
                print(f"  {row['id']}: find_timexes failed ({exc!r}); no dates", file=sys.stderr)
                timexes = []
            cache[row["id"]] = {
                "sentences": [[s.start, s.end] for s in sentences_of(doc)],
                "timexes": [
                    [t.start, t.end, t.text, t.type, t.value, t.mod]
                    for t in timexes
                    if t.type in CACHED_TYPES
                ],
            }
            if n % 200 == 0:
                print(
                    f"  {topic_dir.name}: {n}/{len(todo)} analysed, "
                    f"{time.perf_counter() - t0:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache_path.write_text(json.dumps(cache), encoding="utf-8")
    out = []
    for row in rows:
        item = dict(row)
        item.update(cache[row["id"]])
        out.append(item)
    return out


def as_inputs(rows: Sequence[Mapping[str, Any]]) -> tuple[list[Article], dict[str, Annotations]]:
    articles: list[Article] = []
    ann: dict[str, Annotations] = {}
    for row in rows:
        published = date.fromisoformat(row["date"])
        articles.append(
            Article(
                id=row["id"],
                source=row["id"],
                text=row["text"],
                raw=row["text"],
                published=published,
            )
        )
        ann[row["id"]] = Annotations(
            article_id=row["id"],
            sentences=tuple(Sentence(a, b) for a, b in row["sentences"]),
            timexes=tuple(TimeValue(a, b, t, ty, v, m) for a, b, t, ty, v, m in row["timexes"]),
            published=published,
        )
    return articles, ann


def ours(
    rows: Sequence[Mapping[str, Any]],
    gold: Mapping[str, Any],
    keywords: Sequence[str],
    weights: TimelineWeights | None = None,
) -> list[dict[str, Any]]:
    dates = [e["date"] for e in gold["entries"]]
    first, last = min(dates), max(dates)
    length = len(dates)
    k = round(sum(len(e["sentences"]) for e in gold["entries"]) / length)
    inside = [r for r in rows if first <= r["date"] <= last]
    articles, ann = as_inputs(inside)
    entries = build_timeline(
        articles,
        ann,
        max_dates=length,
        max_sentences=k,
        start=date.fromisoformat(first),
        end=date.fromisoformat(last),
        days_only=True,
        keywords=keywords,
        weights=weights,
    )
    return [{"date": e.date, "sentences": [c.text for c in e.claims]} for e in entries]


def score(shared: Path, topics: Sequence[str], pred: Path, out_json: Path) -> dict[str, Any]:
    """score_tls.py over the given topics (a temporary gold folder of symlinks)."""
    bench = shared / "bench" / "timeline"
    gold_dir = OUT / "t17_gold" / "_".join(topics)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for topic in topics:
        link = gold_dir / topic
        if not link.exists():
            link.symlink_to((bench / "t17" / topic).resolve())
    subprocess.run(
        [
            sys.executable,
            str(bench / "score_tls.py"),
            str(gold_dir),
            str(pred),
            "--json",
            str(out_json),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(out_json.read_text(encoding="utf-8"))
    return result


def summary_row(
    result: Mapping[str, Any], ids: set[tuple[str, str]] | None = None
) -> dict[str, float]:
    """AR-1/AR-2/date F1 (F1 of averaged P and R), over all or some timelines."""
    rows = [
        r for r in result["per_timeline"] if ids is None or (r["topic"], r["timeline_id"]) in ids
    ]
    out: dict[str, float] = {"timelines": float(len(rows))}
    for metric, label in (("ar_rouge_1", "AR-1"), ("ar_rouge_2", "AR-2"), ("date", "Date-F1")):
        p = sum(r["scores"][metric]["precision"] for r in rows) / len(rows)
        r_ = sum(r["scores"][metric]["recall"] for r in rows) / len(rows)
        out[label] = round(0.0 if p + r_ == 0 else 2 * p * r_ / (p + r_), 4)
    return out


def _f(scores: Mapping[str, Any], metric: str) -> float:
    return float(scores[metric]["f_score"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--topics", nargs="+", default=list(TOPICS), choices=TOPICS)
    parser.add_argument("--limit-articles", type=int, default=None)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results")
    args = parser.parse_args(argv)
    bench = args.shared / "bench" / "timeline"
    OUT.mkdir(parents=True, exist_ok=True)
    topics = list(args.topics)

    pred_ours = OUT / "t17_newsweave.jsonl"
    t0 = time.perf_counter()
    with pred_ours.open("w", encoding="utf-8") as fh:
        for topic in topics:
            rows = analysed(bench / "t17" / topic, args.limit_articles)
            keywords = json.loads(
                (bench / "t17" / topic / "keywords.json").read_text(encoding="utf-8")
            )
            for gold in read_jsonl(bench / "t17" / topic / "timelines.jsonl"):
                entries = ours(rows, gold, keywords)
                fh.write(
                    json.dumps({"topic": topic, "timeline_id": gold["id"], "entries": entries})
                    + "\n"
                )
    ours_s = time.perf_counter() - t0

    # The baseline: the benchmark's own script, over the same topics.
    pred_base_all = OUT / "t17_pubcount_all.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(bench / "baseline_pubcount.py"),
            str(bench / "t17"),
            str(pred_base_all),
            "--k-from-gold",
        ],
        check=True,
    )
    pred_base = OUT / "t17_pubcount.jsonl"
    with pred_base.open("w", encoding="utf-8") as fh:
        for line in pred_base_all.read_text(encoding="utf-8").splitlines():
            if json.loads(line)["topic"] in topics:
                fh.write(line + "\n")

    res_ours = score(args.shared, topics, pred_ours, OUT / "t17_newsweave_scores.json")
    res_base = score(args.shared, topics, pred_base, OUT / "t17_pubcount_scores.json")
    groups: dict[str, set[tuple[str, str]] | None] = {"all": None}
    tuned = [t for t in topics if t in TUNING]
    held = [t for t in topics if t not in TUNING]
    if tuned and held:
        groups = {
            f"held-out ({', '.join(held)})": {
                (r["topic"], r["timeline_id"])
                for r in res_ours["per_timeline"]
                if r["topic"] in held
            },
            f"tuning ({', '.join(tuned)})": {
                (r["topic"], r["timeline_id"])
                for r in res_ours["per_timeline"]
                if r["topic"] in tuned
            },
            "all": None,
        }
    table: dict[str, dict[str, dict[str, float]]] = {}
    lines = [f"{'timelines':44} {'system':30} {'n':>3} {'AR-1':>7} {'AR-2':>7} {'Date-F1':>7}"]
    for group, ids in groups.items():
        table[group] = {}
        for name, res in (("newsweave", res_ours), ("pubcount lead (k from gold)", res_base)):
            row = summary_row(res, ids)
            table[group][name] = row
            lines.append(
                f"{group:44} {name:30} {int(row['timelines']):3d} "
                f"{row['AR-1']:7.4f} {row['AR-2']:7.4f} {row['Date-F1']:7.4f}"
            )
    full = sorted(topics) == sorted(TOPICS) and not args.limit_articles
    if full:
        for name, (a1, a2, df) in PUBLISHED.items():
            lines.append(f"{'all (published)':44} {name:30} {19:3d} {a1:7.4f} {a2:7.4f} {df:7.4f}")
    per_tl = [
        "",
        f"{'topic':7} {'timeline':48} {'AR-1':>6} {'AR-2':>6} {'Date-F1':>7}"
        "  (newsweave | pubcount)",
    ]
    base_by = {(r["topic"], r["timeline_id"]): r for r in res_base["per_timeline"]}
    for r in res_ours["per_timeline"]:
        b = base_by[(r["topic"], r["timeline_id"])]
        s, t = r["scores"], b["scores"]
        per_tl.append(
            f"{r['topic']:7} {r['timeline_id'][:48]:48} {_f(s, 'ar_rouge_1'):6.3f} "
            f"{_f(s, 'ar_rouge_2'):6.3f} {_f(s, 'date'):7.3f}  | {_f(t, 'ar_rouge_1'):6.3f} "
            f"{_f(t, 'ar_rouge_2'):6.3f} {_f(t, 'date'):7.3f}"
        )
    print("\n".join(lines + per_tl))
    print(f"newsweave timelines built in {ours_s:.1f}s (analysis cached under bench/out/t17)")
    if not args.no_write and full:
        command = "cd /work/main && .venv/bin/python bench/timeline.py" + "".join(
            f" {a}" for a in (argv if argv is not None else sys.argv[1:])
        )
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "timeline.json").write_text(
            json.dumps(
                {
                    "command": command,
                    "setting": "gold l and k, articles within the gold date range (news-tls)",
                    "analysis_version": analysis_version(),
                    "tuning_topics": list(TUNING),
                    "scores": table,
                    "published": {
                        k: dict(zip(("AR-1", "AR-2", "Date-F1"), v, strict=True))
                        for k, v in PUBLISHED.items()
                    },
                    "per_timeline": {
                        f"{r['topic']}/{r['timeline_id']}": {
                            "newsweave": {
                                m: round(r["scores"][m]["f_score"], 4)
                                for m in ("ar_rouge_1", "ar_rouge_2", "date")
                            },
                            "pubcount": {
                                m: round(
                                    base_by[(r["topic"], r["timeline_id"])]["scores"][m]["f_score"],
                                    4,
                                )
                                for m in ("ar_rouge_1", "ar_rouge_2", "date")
                            },
                        }
                        for r in res_ours["per_timeline"]
                    },
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
