"""TempEval-3 Task A (TIMEX3 detection + normalisation) for newsweave's time expressions.

    .venv/bin/python bench/temporal.py [--shared ../shared] [--split test|train|all]
        [--no-baseline] [--errors] [--no-ner]
    .venv/bin/python bench/temporal.py --split train --cpu-speed 5

``--cpu-speed N`` only times the annotation (best of N passes, CPU time of this process,
steadier than wall time on a shared machine), prints chars/s and writes nothing.

Runs ``newsweave.analyze.timex.find_timexes`` on each document with its ``dct`` as the
anchor and its spaCy parse (``newsweave.analyze.nlp.load_nlp()``, as ``analyze`` does; parses
are cached in ``bench/out/temporal_docs_<split>.pkl``; ``--no-ner`` runs the text-only
path), writes the predictions as JSONL (``bench/out/temporal_pred_<split>.jsonl``:
offsets, type, value, no text), scores them with the shared ``score_timex.py`` (imported
from ``<shared>/bench/temporal``, not copied) and, on the test split, runs the shared
dateparser baseline in the same run. Prints ours vs. the baseline vs. the published
HeidelTime figure and our throughput, and writes ``bench/results/temporal.md`` / ``.json``.

Tuning was done on the train split (TBAQ) only; the test split (TE3-Platinum) is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import json
import pickle
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from newsweave.analyze.timex import find_timexes

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
FILES = {"test": "te3_platinum.jsonl", "train": "te3_train.jsonl"}
HEIDELTIME: dict[str, Any] = {"system": "HeidelTime-t (TE3 paper, Table 3)", "value_f1": 0.7761,
              "relaxed_f1": 0.9030, "strict_f1": 0.8134}  # fmt: skip
KEYS = ("value_f1", "value_precision", "value_recall", "value_accuracy", "type_f1",
        "strict_f1", "relaxed_precision", "relaxed_recall", "relaxed_f1")  # fmt: skip


def _scorer(folder: Path) -> Any:
    sys.path.insert(0, str(folder))
    return importlib.import_module("score_timex")


def parses(docs: list[dict[str, Any]], split: str) -> dict[str, Any]:
    """The spaCy parse of each document by id, read from the cache when it is current."""
    from spacy.tokens import Doc

    from newsweave.analyze.nlp import MODEL, load_nlp

    nlp = load_nlp()
    key = hashlib.sha256()
    key.update(f"{MODEL} {nlp.meta.get('version')} {nlp.pipe_names}".encode())
    for d in docs:
        key.update(d["text"].encode())
    cache = REPO / "bench" / "out" / f"temporal_docs_{split}.pkl"
    blobs: dict[str, bytes] = {}
    if cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored.get("key") == key.hexdigest():
            blobs = stored["docs"]
    if not blobs:
        texts = [d["text"] for d in docs]
        blobs = {d["id"]: p.to_bytes() for d, p in zip(docs, nlp.pipe(texts), strict=True)}
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps({"key": key.hexdigest(), "docs": blobs}))
    return {i: Doc(nlp.vocab).from_bytes(b) for i, b in blobs.items()}


def predict(
    docs: list[dict[str, Any]],
    parsed: dict[str, Any] | None = None,
    clock: Any = time.perf_counter,
) -> tuple[dict[str, list[dict[str, Any]]], float]:
    """Our predictions per document id, and the seconds (of ``clock``) spent annotating
    (the parses in ``parsed``, if given, are made beforehand and not timed)."""
    out: dict[str, list[dict[str, Any]]] = {}
    spent = 0.0
    for doc in docs:
        anchor = dt.date.fromisoformat(doc["dct"][:10])
        parse = parsed.get(doc["id"]) if parsed else None
        t0 = clock()
        found = find_timexes(doc["text"], anchor, parse)
        spent += clock() - t0
        out[doc["id"]] = [
            {"start": tv.start, "end": tv.end, "type": tv.type, "value": tv.value}
            | ({"mod": tv.mod} if tv.mod else {})
            for tv in found
        ]
    return out, spent


def throughput(
    docs: list[dict[str, Any]], parsed: dict[str, Any] | None, rounds: int = 3
) -> dict[str, float]:
    """Best of ``rounds`` passes over ``docs``: characters and documents per second."""
    chars = sum(len(d["text"]) for d in docs)
    best = min(predict(docs, parsed)[1] for _ in range(rounds))
    return {"chars_per_s": round(chars / best), "docs_per_s": round(len(docs) / best, 1),
            "chars": chars, "docs": len(docs), "seconds": round(best, 4)}  # fmt: skip


def baseline(folder: Path, gold_path: Path, scorer: Any) -> dict[str, Any] | None:
    """The shared dateparser baseline, scored the same way (None if it cannot run)."""
    try:
        sys.path.insert(0, str(folder))
        base = importlib.import_module("baseline_dateparser")
    except ImportError as exc:
        print(f"baseline skipped: {exc}", file=sys.stderr)
        return None
    docs = scorer.read_jsonl(str(gold_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pred = {d["id"]: base.predict(d, "current_period") for d in docs}
    result: dict[str, Any] = scorer.score({d["id"]: d for d in docs}, pred)
    return result


def run_split(
    folder: Path, split: str, scorer: Any, with_baseline: bool, errors: bool, ner: bool
) -> dict[str, Any]:
    gold_path = folder / FILES[split]
    docs = scorer.read_jsonl(str(gold_path))
    parsed = parses(docs, split) if ner else None
    pred, _ = predict(docs, parsed)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (REPO / "bench" / "out").mkdir(parents=True, exist_ok=True)
    pred_path = REPO / "bench" / "out" / f"temporal_pred_{split}.jsonl"
    with pred_path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps({"id": doc["id"], "timexes": pred[doc["id"]]}) + "\n")
    gold, loaded = scorer.load(str(gold_path), str(pred_path))
    err: list[Any] | None = [] if errors else None
    ours: dict[str, Any] = scorer.score(gold, loaded, errors=err)
    if err:
        for line in err:
            print(line, file=sys.stderr)
    entry: dict[str, Any] = {"file": FILES[split], "ours": ours, "speed": throughput(docs, parsed)}
    if with_baseline:
        entry["baseline_dateparser"] = baseline(folder, gold_path, scorer)
    return entry


def _row(name: str, res: dict[str, Any] | None) -> str:
    if not res:
        return f"| {name} | " + " | ".join("-" for _ in KEYS) + " |"
    cells = [f"{res[k]:.3f}" if isinstance(res.get(k), float) else "-" for k in KEYS]
    return f"| {name} | " + " | ".join(cells) + " |"


def render(report: dict[str, Any]) -> str:
    lines = [
        "# Time expressions: TempEval-3 Task A",
        "",
        "Produced by:",
        "",
        "```",
        report["command"],
        "```",
        "",
        f"Run {report['when']} on {report['machine']}. Scorer: shared `score_timex.py` "
        "(TE3 definitions; value F1 = relaxed F1 x value accuracy). Rules were tuned on "
        "the train split (TBAQ) only; test (TE3-Platinum) was not used for tuning.",
        "",
    ]
    if report.get("notes"):
        lines += ["## Notes", "", *(f"- {n}" for n in report["notes"]), ""]
    for split in ("test", "train"):
        entry = report["splits"].get(split)
        if not entry:
            continue
        title = "test: TE3-Platinum" if split == "test" else "train: TBAQ (in-sample, tuned on)"
        lines += [f"## {title}", "", "| system | " + " | ".join(KEYS) + " |",
                  "|---|" + "---|" * len(KEYS)]  # fmt: skip
        lines.append(_row("newsweave timex", entry["ours"]))
        if entry.get("baseline_dateparser"):
            lines.append(_row("dateparser baseline (shared)", entry["baseline_dateparser"]))
        if split == "test":
            lines.append(_row(HEIDELTIME["system"], HEIDELTIME))
        ours = entry["ours"]
        sp = entry["speed"]
        lines += [
            "",
            f"Counts: gold {ours['gold']}, predicted {ours['predicted']}, relaxed matches "
            f"{ours['relaxed_matches']}, value correct {ours['value_correct']}.",
            f"Throughput (annotation only, best of 3): {sp['chars_per_s']:,} chars/s, "
            f"{sp['docs_per_s']} docs/s over {sp['docs']} docs ({sp['chars']:,} chars).",
            "",
            "By gold type (relaxed recall / value accuracy): "
            + "; ".join(
                f"{t} {v['relaxed_recall']:.2f} / "
                + (f"{v['value_accuracy']:.2f}" if v["value_accuracy"] is not None else "-")
                for t, v in sorted(ours["by_gold_type"].items())
            ),
            "",
        ]
    return "\n".join(lines)


HISTORY_KEYS = ("value_f1", "value_accuracy", "type_f1", "relaxed_f1")


def _remember(report: dict[str, Any], split: str) -> None:
    """Move the figures about to be replaced into ``report["history"]`` (oldest first)."""
    old = report["splits"].get(split)
    if not old or "when" not in report:
        return
    row = {"when": report["when"], "split": split}
    row |= {k: round(old["ours"][k], 4) for k in HISTORY_KEYS}
    row["chars_per_s"] = old["speed"]["chars_per_s"]
    history: list[dict[str, Any]] = report.setdefault("history", [])
    if row not in history:
        history.append(row)


def render_history(report: dict[str, Any]) -> list[str]:
    rows = report.get("history") or []
    if not rows:
        return []
    lines = ["## Earlier runs (same command)", "",
             "| run | split | " + " | ".join(HISTORY_KEYS) + " | chars/s |",
             "|---|---|" + "---|" * (len(HISTORY_KEYS) + 1)]  # fmt: skip
    for r in rows:
        cells = " | ".join(f"{r[k]:.3f}" for k in HISTORY_KEYS)
        lines.append(f"| {r['when']} | {r['split']} | {cells} | {r['chars_per_s']:,} |")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--split", choices=["test", "train", "all"], default="all")
    ap.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    ap.add_argument("--errors", action="store_true", help="list every error on stderr")
    ap.add_argument("--cpu-speed", type=int, metavar="N", help="only time N passes (CPU)")
    ap.add_argument("--no-ner", action="store_true", help="rules only (no spaCy entities)")
    args = ap.parse_args(argv)
    folder = args.shared / "bench" / "temporal"
    if not folder.is_dir():
        print(f"no TempEval-3 data at {folder}", file=sys.stderr)
        return 2
    scorer = _scorer(folder)
    if args.cpu_speed:
        for split in ["test", "train"] if args.split == "all" else [args.split]:
            docs = scorer.read_jsonl(str(folder / FILES[split]))
            chars = sum(len(d["text"]) for d in docs)
            parsed = None if args.no_ner else parses(docs, split)
            runs = (predict(docs, parsed, time.process_time)[1] for _ in range(args.cpu_speed))
            best = min(runs)
            rate = chars / best
            print(f"[{split}] CPU throughput, best of {args.cpu_speed}: {rate:,.0f} chars/s")
        return 0
    json_path = RESULTS / "temporal.json"
    report: dict[str, Any] = {"splits": {}}
    if json_path.exists():
        report = json.loads(json_path.read_text(encoding="utf-8"))
    splits = ["test", "train"] if args.split == "all" else [args.split]
    for split in splits:
        entry = run_split(folder, split, scorer, split == "test" and not args.no_baseline,
                          args.errors, not args.no_ner)  # fmt: skip
        _remember(report, split)
        report["splits"][split] = entry
        ours = entry["ours"]
        print(f"[{split}] ours: value F1 {ours['value_f1']:.4f}  relaxed F1 "
              f"{ours['relaxed_f1']:.4f}  strict F1 {ours['strict_f1']:.4f}  type F1 "
              f"{ours['type_f1']:.4f}")  # fmt: skip
        if entry.get("baseline_dateparser"):
            b = entry["baseline_dateparser"]
            print(f"[{split}] dateparser baseline: value F1 {b['value_f1']:.4f}  relaxed F1 "
                  f"{b['relaxed_f1']:.4f}")  # fmt: skip
        if split == "test":
            print(f"[{split}] HeidelTime (published): value F1 {HEIDELTIME['value_f1']:.4f}  "
                  f"relaxed F1 {HEIDELTIME['relaxed_f1']:.4f}")  # fmt: skip
        sp = entry["speed"]
        print(f"[{split}] throughput: {sp['chars_per_s']:,} chars/s, {sp['docs_per_s']} docs/s")
    args_used = argv if argv is not None else sys.argv[1:]
    report["command"] = " ".join([".venv/bin/python bench/temporal.py", *args_used])
    report["when"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["machine"] = f"{platform.machine()}, Python {platform.python_version()}"
    report["heideltime_published"] = HEIDELTIME
    RESULTS.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    text = render(report) + "\n".join(render_history(report))
    (RESULTS / "temporal.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
