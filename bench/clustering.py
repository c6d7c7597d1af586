"""ECB+ document -> event clustering: newsweave's grouping against the TF-IDF baseline.

    .venv/bin/python bench/clustering.py [--shared ../shared] [--split test] [--orders 5]

Each split is clustered as its own pool. The engine sees only the text, under opaque ids
("d0001", ...) assigned after a seeded shuffle; ids are mapped back for scoring. Batch
grouping, online placement (docs arrive one at a time in ``--orders`` shuffled orders, each
placed by ``store.placement`` as ``newsweave add`` does) and the TF-IDF baseline are scored
by the benchmark's own scorer in the same run. Settings were chosen on train+dev; the script
also prints the channel ablation on dev.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.cluster import StoryDoc, group_stories
from newsweave.cluster import grouping as grouping_mod
from newsweave.cluster.grouping import Settings, group_with
from newsweave.store.placement import place_all

REPO = Path(__file__).resolve().parent.parent
BASELINE_T = 0.80  # the README's TF-IDF threshold, chosen on train+dev
SEED = 20240601


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs(shared: Path) -> list[dict[str, Any]]:
    path = shared / "bench" / "clustering" / "ecbplus" / "docs.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def opaque(pool: Sequence[dict[str, Any]]) -> tuple[list[StoryDoc], dict[str, str]]:
    """Shuffled StoryDocs with opaque ids, and opaque id -> benchmark id."""
    order = list(pool)
    random.Random(SEED).shuffle(order)
    back: dict[str, str] = {}
    docs: list[StoryDoc] = []
    for i, d in enumerate(order, start=1):
        oid = f"d{i:04d}"
        back[oid] = d["id"]
        docs.append(StoryDoc(id=oid, text=d["text"], title=d.get("title"), published=None))
    return docs, back


def ours(pool: Sequence[dict[str, Any]], settings: Settings | None = None) -> dict[str, int]:
    docs, back = opaque(pool)
    grouping = group_stories(docs) if settings is None else group_with(docs, settings)
    return {back[oid]: k for k, story in enumerate(grouping.stories) for oid in story}


def online(pool: Sequence[dict[str, Any]], order_seed: int) -> dict[str, int]:
    """Docs placed one at a time in a shuffled order (opaque ids as for the batch)."""
    docs, back = opaque(pool)
    random.Random(order_seed).shuffle(docs)
    grouping = place_all(docs)
    return {back[oid]: k for k, story in enumerate(grouping.stories) for oid in story}


def mean_of(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Scores averaged over runs (clusters rounded), with the F1 range."""
    out: dict[str, Any] = {"runs": len(results)}
    for part in ("bcubed", "pairwise"):
        out[part] = {
            k: float(np.mean([r[part][k] for r in results])) for k in ("precision", "recall", "f1")
        }
    for k in ("ari", "seconds", "docs_per_s"):
        out[k] = round(float(np.mean([r[k] for r in results])), 3)
    out["pred_clusters"] = round(float(np.mean([r["pred_clusters"] for r in results])))
    out["gold_clusters"] = results[0]["gold_clusters"]
    f1s = [r["bcubed"]["f1"] for r in results]
    out["bcubed_f1_min_max"] = [round(min(f1s), 4), round(max(f1s), 4)]
    return out


def tfidf_baseline(pool: Sequence[dict[str, Any]], threshold: float = BASELINE_T) -> dict[str, int]:
    """The benchmark README's baseline, recomputed: TF-IDF cosine, average link at t=0.80."""
    texts = ["\n".join(x for x in (d.get("title"), d["text"]) if x) for d in pool]
    vectorizer = TfidfVectorizer(lowercase=True, stop_words="english", sublinear_tf=True)
    x = vectorizer.fit_transform(texts)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    labels = model.fit_predict(dist).tolist()
    return {d["id"]: int(lab) for d, lab in zip(pool, labels, strict=True)}


def evaluate(
    scorer: ModuleType, pool: Sequence[dict[str, Any]], run: Callable[[], dict[str, int]]
) -> dict[str, Any]:
    start = time.perf_counter()
    pred = run()
    seconds = time.perf_counter() - start
    gold = {d["id"]: str(d["event"]) for d in pool}
    result: dict[str, Any] = scorer.score(gold, pred)
    result["seconds"] = round(seconds, 3)
    result["docs_per_s"] = round(len(pool) / seconds, 1) if seconds else None
    return result


def ablation(scorer: ModuleType, pool: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Dev B3 F1 with one channel or penalty switched off at a time (same threshold)."""
    full = Settings()
    cw, pw = full.channel_weights, full.conflict_weights
    variants = {
        "full": full,
        "words only, no penalties": Settings(
            channel_weights=(cw[0], 0.0, 0.0), conflict_weights=(0.0, 0.0, 0.0)
        ),
        "no names channel": Settings(channel_weights=(cw[0], 0.0, cw[2])),
        "no numbers channel": Settings(channel_weights=(cw[0], cw[1], 0.0)),
        "no signature penalties": Settings(conflict_weights=(0.0, 0.0, 0.0)),
        "no date penalty": Settings(conflict_weights=(0.0, pw[1], pw[2])),
        "no duration penalty": Settings(conflict_weights=(pw[0], 0.0, pw[2])),
        "no office penalty": Settings(conflict_weights=(pw[0], pw[1], 0.0)),
    }
    return {
        name: round(evaluate(scorer, pool, lambda s=s: ours(pool, s))["bcubed"]["f1"], 4)
        for name, s in variants.items()
    }


def row(name: str, s: dict[str, Any]) -> str:
    b, p = s["bcubed"], s["pairwise"]
    return (
        f"| {name} | {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} | "
        f"{p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {s['ari']:.3f} | "
        f"{s['pred_clusters']} / {s['gold_clusters']} | {s['docs_per_s']} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--split", default="test", help="the split reported as the headline")
    ap.add_argument("--orders", type=int, default=5, help="shuffled arrival orders (online)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "clustering")
    args = ap.parse_args(argv)
    scorer = load_module(args.shared / "bench" / "clustering" / "score_clusters.py")
    docs = load_docs(args.shared)
    splits = ["train", "dev"] + ([args.split] if args.split not in ("train", "dev") else [])
    results: dict[str, dict[str, Any]] = {}
    lines = [
        "| split / system | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | ARI "
        "| clusters / gold | docs/s | |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for split in splits:
        pool = [d for d in docs if d["split"] == split]
        mine = evaluate(scorer, pool, lambda pool=pool: ours(pool))
        live = mean_of(
            [
                evaluate(scorer, pool, lambda pool=pool, k=k: online(pool, SEED + k))
                for k in range(args.orders)
            ]
        )
        base = evaluate(scorer, pool, lambda pool=pool: tfidf_baseline(pool))
        results[split] = {
            "newsweave": mine,
            "newsweave_online": live,
            "tfidf_avg_t0.80": base,
            "docs": len(pool),
        }
        lines.append(row(f"{split} ({len(pool)} docs): newsweave batch", mine))
        f1_lo, f1_hi = live["bcubed_f1_min_max"]
        lines.append(
            row(f"{split}: newsweave online, mean of {args.orders} orders", live)
            + f" F1 range {f1_lo:.3f}-{f1_hi:.3f} |"
        )
        lines.append(row(f"{split}: TF-IDF avg-link t=0.80", base))
    dev = [d for d in docs if d["split"] == "dev"]
    abl = ablation(scorer, dev)
    command = "cd /work/main && .venv/bin/python bench/clustering.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    md = [
        "# ECB+ document -> event clustering",
        "",
        f"Command: `{command.strip()}`",
        "",
        "Each split is its own pool; the engine gets only text under shuffled opaque ids. "
        f"Defaults (threshold {grouping_mod.DEFAULT_THRESHOLD}, channel weights "
        f"{grouping_mod.CHANNEL_WEIGHTS}, signature penalties {grouping_mod.CONFLICT_WEIGHTS}) "
        "were chosen on train+dev only; train and dev rows are in-sample. Online: each doc is "
        "placed on arrival (name-index candidates, then the batch grouping over it and its "
        f"candidate stories' members; cluster/online.py), {args.orders} shuffled arrival orders "
        "per split, mean scores and the B3 F1 range.",
        "",
        *lines,
        "",
        "## Channel ablation (dev B3 F1, same threshold)",
        "",
        "| variant | dev B3 F1 |",
        "|---|---|",
        *(f"| {k} | {v:.4f} |" for k, v in abl.items()),
        "",
        "ECB+ gives no dates, so the date penalty (given dates only) never fires here. Tuning "
        "notes (mean B3 F1 over train+dev, best threshold): word 1-3-grams with min_df 3 / "
        "max_df 0.5 lift words-only TF-IDF from 0.886 to 0.947; names 0.5 + numbers 0.2 give "
        "0.952; office penalty 0.15 gives 0.957 (0.3: 0.952); a penalty on dates merely found "
        "in the text cost 0.028, so text dates are not used for penalties.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text("\n".join(md), encoding="utf-8")
    payload = {"command": command.strip(), "results": results, "dev_ablation": abl}
    args.out.with_suffix(".json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
