"""Injected-conflict benchmark: report JSON for every case, scored by the shared scorer.

    .venv/bin/python bench/conflicts.py [--shared ../shared] [--split dev] [--engine auto]

For each case of ``<shared>/bench/conflicts/<split>`` both sides (original, perturbed) are
turned into a report shaped like ``newsweave brief CASE --format json --one-story`` and
scored with ``score_conflicts.py`` from the same folder. ``--engine pipeline`` uses
``newsweave.pipeline.brief``; ``--engine own`` builds the report from spaCy, the analysis
modules and ``reconcile()`` here; ``auto`` (default) tries the pipeline and falls back.
``--timing`` also measures ``reconcile()`` on a 50-article story built from BASIL.
Results go to bench/results/conflicts.{md,json}.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from newsweave.analyze.events import find_events
from newsweave.analyze.nlp import parse
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.roles import find_roles
from newsweave.compare.claims import ArticleEvidence
from newsweave.compare.reconcile import reconcile
from newsweave.model import Article, Mention, Quote, TimeValue, content_id

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
RX_MD = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
RX_DM = re.compile(rf"\b(\d{{1,2}})\s+({_MON})\.?\b(?:,?\s+(\d{{4}}))?", re.I)
RX_WD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
RX_SAID = re.compile(r"\b(?:said|says|told|added|wrote|asked|tweeted|stated)\b")
RX_QUOTE = re.compile(r"[\"“]([^\"“”]{20,600}?)[\"”]")


# ---------------------------------------------------------------------------------------
# stand-ins for the analysis modules, used only when the real ones are not importable
# ---------------------------------------------------------------------------------------
def _mentions(doc: Any) -> list[Mention]:
    """doc.ents, persons canonicalised to the longest name of the article with their surname."""
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC")]
    full: dict[str, str] = {}
    for e in ents:
        if e.label_ == "PERSON":
            last = e.text.split()[-1].lower()
            if len(e.text) > len(full.get(last, "")):
                full[last] = e.text
    out = []
    for e in ents:
        canon = e.text
        if e.label_ == "PERSON":
            canon = full.get(e.text.split()[-1].lower(), e.text)
        out.append(
            Mention(e.start_char, e.end_char, e.label_, e.text, canon, content_id(e.label_, canon))
        )
    return out


def _timexes(text: str, anchor: date | None) -> list[TimeValue]:
    """Explicit days ("June 18", "18 June", "Sept. 11, 2001") and weekdays before ``anchor``."""
    out: list[TimeValue] = []
    if anchor is None:
        return out
    for rx, mon_i, day_i in ((RX_MD, 1, 2), (RX_DM, 2, 1)):
        for m in rx.finditer(text):
            try:
                year = int(m.group(3)) if m.group(3) else anchor.year
                d = date(year, MONTHS[m.group(mon_i).lower()], int(m.group(day_i)))
            except ValueError:
                continue
            if not m.group(3) and d > anchor + timedelta(days=60):
                d = d.replace(year=d.year - 1)
            out.append(TimeValue(m.start(), m.end(), m.group(0), "DATE", d.isoformat()))
    for m in RX_WD.finditer(text):
        back = (anchor.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        d = anchor - timedelta(days=back)
        out.append(TimeValue(m.start(), m.end(), m.group(0), "DATE", d.isoformat()))
    return sorted(out, key=lambda t: t.start)


def _quotes(text: str, mentions: Sequence[Mention]) -> list[Quote]:
    """A quotation with the PERSON named next to it ("...," Name said / Name said: "...")."""
    persons = [m for m in mentions if m.label == "PERSON"]
    out: list[Quote] = []
    for m in RX_QUOTE.finditer(text):
        after = [
            p
            for p in persons
            if 0 <= p.start - m.end() <= 40 and RX_SAID.search(text[m.end() : p.end + 12])
        ]
        before = [
            p
            for p in persons
            if 0 <= m.start() - p.end <= 40 and RX_SAID.search(text[p.start : m.start()])
        ]
        who = after[0] if after else before[-1] if before else None
        if who is None:
            continue
        out.append(
            Quote(
                m.start(),
                m.end(),
                m.group(1),
                who.canonical,
                who.start,
                who.end,
                who.entity,
            )
        )
    return out


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except Exception:
        return None


def analyse(articles: Sequence[Article]) -> list[ArticleEvidence]:
    """The evidence reconcile() reads, from spaCy and the analysis modules."""
    docs = list(parse([a.text for a in articles]))
    out = []
    for art, doc in zip(articles, docs, strict=True):
        mentions = _mentions(doc)
        timexes = _timexes(art.text, art.published)
        quantities = find_quantities(art.text)
        out.append(
            ArticleEvidence(
                article=art,
                mentions=mentions,
                timexes=timexes,
                quantities=quantities,
                roles=find_roles(doc, mentions),
                events=find_events(doc, mentions, timexes, quantities),
                quotes=_quotes(art.text, mentions),
            )
        )
    return out


def read_articles(path: Path) -> list[Article]:
    arts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        pub = date.fromisoformat(d["published"]) if d.get("published") else None
        arts.append(
            Article(
                id=d["id"],
                source=d["id"],
                text=d["text"],
                raw=d["text"],
                outlet=d.get("outlet"),
                published=pub,
                title=d.get("title"),
            )
        )
    return arts


def own_report(path: Path) -> dict[str, Any]:
    arts = read_articles(path)
    result = reconcile(analyse(arts), {})
    conflicts = [
        {
            "id": c.id,
            "kind": c.kind,
            "subject": c.subject,
            "severity": c.severity,
            "claims": [
                {"article": x.article, "start": x.start, "end": x.end, "text": x.text}
                for x in c.claims
            ],
        }
        for c in result.conflicts
    ]
    return {
        "articles": [{"id": a.id, "text": a.text} for a in arts],
        "stories": [{"id": "s_all", "articles": [a.id for a in arts], "conflicts": conflicts}],
    }


def pipeline_engine() -> Callable[[Path], dict[str, Any]] | None:
    pipe, render = _optional("newsweave.pipeline"), _optional("newsweave.brief.render_json")
    if pipe is None or render is None or not hasattr(pipe, "brief"):
        return None

    def run(path: Path) -> dict[str, Any]:
        options = pipe.Options(one_story=True)
        report: dict[str, Any] = render.report_to_dict(pipe.brief([str(path)], options))
        return report

    return run


def load_scorer(bench: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_conflicts", bench / "score_conflicts.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def time_reconcile(shared: Path, n: int = 50) -> dict[str, Any]:
    """reconcile() on one story of ``n`` real BASIL articles (analysis not timed)."""
    events = shared / "bench" / "multisource" / "basil" / "events.jsonl"
    arts: list[Article] = []
    for line in events.read_text(encoding="utf-8").splitlines():
        ev = json.loads(line)
        for a in ev["articles"]:
            if len(arts) < n and a.get("text"):
                pub = date.fromisoformat(a["date"]) if a.get("date") else None
                arts.append(Article(a["id"], a["id"], a["text"], a["text"], published=pub))
    evidence = analyse(arts)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        res = reconcile(evidence, {})
        runs.append(time.perf_counter() - t0)
    return {
        "articles": len(arts),
        "seconds_best_of_3": round(min(runs), 3),
        "facts": len(res.facts),
        "conflicts": len(res.conflicts),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--engine", choices=["auto", "own", "pipeline"], default="auto")
    ap.add_argument("--out", default="/tmp/newsweave-conflicts", help="where reports go")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases")
    ap.add_argument("--timing", action="store_true", help="also time reconcile() on 50 articles")
    ap.add_argument("--no-write", action="store_true", help="do not update bench/results")
    args = ap.parse_args(argv)
    shared = Path(args.shared).resolve()
    bench = shared / "bench" / "conflicts"
    cases_dir = bench / args.split
    if args.split == "test":
        print("the test split is not tuned on; run it once for the final figure", file=sys.stderr)
    engine_name = args.engine
    run = pipeline_engine() if engine_name in ("auto", "pipeline") else None
    if run is not None and engine_name == "auto":
        try:
            run(next(cases_dir.glob("case_*/original/articles.jsonl")))
            engine_name = "pipeline"
        except Exception as exc:
            print(f"pipeline not usable ({type(exc).__name__}: {exc}); own engine", file=sys.stderr)
            run = None
    if run is None:
        if engine_name == "pipeline":
            raise SystemExit("newsweave.pipeline.brief is not available")
        run, engine_name = own_report, "own"
    scorer = load_scorer(bench)
    cases = scorer.load_cases(str(cases_dir))
    if args.limit:
        cases = cases[: args.limit]
    out = Path(args.out) / "jsonl"
    cache: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    for case in cases:
        for side in ("original", "perturbed"):
            src = cases_dir / case["case"] / side / "articles.jsonl"
            key = hashlib.sha256(src.read_bytes()).hexdigest()
            if key not in cache:
                cache[key] = run(src)
            dest = out / case["case"] / f"{side}.json"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(cache[key]), encoding="utf-8")
    elapsed = time.perf_counter() - t0
    results = [
        scorer.score_case(
            c,
            scorer.load_json(str(out / c["case"] / "original.json")),
            scorer.load_json(str(out / c["case"] / "perturbed.json")),
        )
        for c in cases
    ]
    summary = scorer.summarize(results)
    originals = {
        hashlib.sha256(
            (cases_dir / c["case"] / "original" / "articles.jsonl").read_bytes()
        ).hexdigest()
        for c in cases
    }
    orig_conflicts = sum(len(scorer.conflicts_of(cache[h])) for h in originals)
    n_orig = len(originals)
    print(scorer.table(summary, f"{args.split} ({engine_name} engine, {len(cases)} cases)"))
    print(f"conflicts reported on unperturbed clusters: {orig_conflicts} over {n_orig} clusters")
    record: dict[str, Any] = {
        "command": "bench/conflicts.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "split": args.split,
        "engine": engine_name,
        "seconds": round(elapsed, 1),
        "summary": summary,
        "unperturbed_conflicts": {"clusters": n_orig, "conflicts": orig_conflicts},
        "missed": [r["case"] for r in results if r["expect"] == "conflict" and not r["found"]],
        "equivalence_false_alarms": [r["case"] for r in results if r["equivalence_fa"]],
        "false_alarm_cases": [r["case"] for r in results if r["false_alarms"]],
    }
    if args.timing:
        record["reconcile_timing"] = time_reconcile(shared)
        print("reconcile timing:", record["reconcile_timing"])
    if not args.no_write and not args.limit:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "conflicts.json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")
        write_markdown(record, scorer.table(summary, f"variant jsonl, {args.split}"))
    return 0


def write_markdown(record: dict[str, Any], table: str) -> None:
    s = record["summary"]
    lines = [
        "# Conflict detection: injected-conflict benchmark",
        "",
        f"Command: `.venv/bin/python {record['command'].strip()}` "
        f"(engine: {record['engine']}, {record['seconds']} s)",
        "",
        "```",
        table,
        "```",
        "",
        f"- recall on injected conflicts: {s['recall']} (strict {s['recall_strict']})",
        f"- equivalence false alarms: {s['equivalence_fa_rate']}",
        f"- unrelated new conflicts per case: {s['false_alarms_per_case']}",
        f"- conflicts reported on the unperturbed clusters: "
        f"{record['unperturbed_conflicts']['conflicts']} over "
        f"{record['unperturbed_conflicts']['clusters']} clusters",
        f"- missed: {', '.join(record['missed']) or '-'}",
        f"- equivalence false alarms: {', '.join(record['equivalence_false_alarms']) or '-'}",
    ]
    if "reconcile_timing" in record:
        t = record["reconcile_timing"]
        lines.append(
            f"- reconcile() on a {t['articles']}-article story: {t['seconds_best_of_3']} s "
            f"({t['facts']} facts, {t['conflicts']} conflicts)"
        )
    (RESULTS / "conflicts.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
