"""NeuS (AllSides roundups): newsweave's extractive, cited summary against the baselines.

    .venv/bin/python bench/summarization.py [--shared ../shared] [--split test|dev|train]
        [--limit N] [--words W] [--share S | --fixed] [--tune] [--fit-budget]

Each item's three sources are the articles of one story (``--one-story`` semantics): each
becomes a plain-text article "<headline>\\n\\n<teaser>", is cleaned by ``prepare`` and split
into sentences from the spaCy parse. In the same run we build

* ``newsweave``: :func:`newsweave.brief.summary.summarize`, every sentence an exact span of a
  source (checked here);
* ``lexrank (sumy)``: sumy's LexRank over the same sentences, same word budget;
* ``lead``: the first source's sentences, same word budget;

and score them with the benchmark's own ``score_rouge.py`` (imported, not copied), next to
the stored published systems (test split) and the scorer's ``first_article`` row.

The word budget is predicted from the sources' lengths (coefficients fitted on train,
``--fit-budget``), bounded by ``--words``; its bounds and the summarizer's weights were chosen
on dev (``--tune`` prints the dev grid); the test split is scored once with those defaults.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from newsweave.brief.summary import SummaryWeights, candidates, summarize, words_in
from newsweave.brief.summary_budget import BUDGET_FEATURES, adaptive_budget, budget_features
from newsweave.errors import InputError
from newsweave.model import Annotations, Article, RawArticle, Sentence
from newsweave.prepare import prepare

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
RESULTS = REPO / "bench" / "results"
# Budget: adaptive (fitted on train, --fit-budget), at least MIN_WORDS, at most WORDS;
# the bounds and the earlier share rule were chosen on dev (see --tune).
WORDS, SHARE, MIN_WORDS = 100, 0.35, 40
PUBLISHED = {  # ACL 2025 (Lei & Huang), NeuS test, as reproduced by score_rouge.py
    "lexrank (published)": (42.24, 18.16, 26.61),
    "llama_event_relation_graph (best published)": (45.14, 22.30, 34.02),
}
_WORD = re.compile(r"\w+")


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def read_items(path: Path, limit: int | None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def story_articles(item: Mapping[str, Any]) -> list[Article]:
    """The item's sources as clean articles of one story, in the given order."""
    out: list[Article] = []
    for source in item["sources"]:
        title = (source.get("title") or "").strip()
        body = (source.get("text") or "").strip()
        text = "\n\n".join(x for x in (title, body) if x)
        raw = RawArticle(
            id=f"{item['id']}#{source['position']}",
            source=f"{item['id']}#{source['position']}",
            text=text,
            title=title or None,
            outlet=source.get("outlet"),
            story_key=str(item["id"]),
        )
        try:
            out.append(prepare(raw))
        except InputError:
            continue
    return out


class SentenceCache:
    """Sentence spans per clean text, parsed once and kept under bench/out/."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, list[list[int]]] = {}
        if path.is_file():
            self.data = json.loads(path.read_text(encoding="utf-8"))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def fill(self, texts: Sequence[str]) -> None:
        todo = sorted({t for t in texts if self.key(t) not in self.data})
        if not todo:
            return
        from newsweave.analyze.annotate import sentences_of
        from newsweave.analyze.nlp import parse

        for text, doc in zip(todo, parse(todo), strict=True):
            self.data[self.key(text)] = [[s.start, s.end] for s in sentences_of(doc)]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data), encoding="utf-8")

    def sentences(self, text: str) -> tuple[Sentence, ...]:
        return tuple(Sentence(a, b) for a, b in self.data[self.key(text)])


def prepared(
    items: Sequence[Mapping[str, Any]], cache: SentenceCache
) -> list[tuple[list[Article], dict[str, Annotations]]]:
    stories = [story_articles(item) for item in items]
    cache.fill([a.text for arts in stories for a in arts])
    out = []
    for arts in stories:
        ann = {a.id: Annotations(a.id, sentences=cache.sentences(a.text)) for a in arts}
        out.append((arts, ann))
    return out


def budget(
    articles: Sequence[Article],
    ann: Mapping[str, Annotations],
    words: int = WORDS,
    share: float | None = None,
    adaptive: bool = True,
) -> int:
    """The per-item word budget newsweave uses (the baselines get the same)."""
    pool = candidates(articles, ann)
    if share is not None:
        total = sum(words_in(c.text) for c in pool)
        return min(words, max(MIN_WORDS, round(share * total)))
    return adaptive_budget(articles, pool, words, MIN_WORDS) if adaptive else words


def ours(
    articles: Sequence[Article],
    ann: Mapping[str, Annotations],
    words: int = WORDS,
    weights: SummaryWeights | None = None,
    share: float | None = None,
    headline: bool = True,
    adaptive: bool = True,
) -> str:
    claims = summarize(
        articles,
        ann,
        words=words,
        weights=weights,
        share=share,
        min_words=MIN_WORDS,
        headline=headline,
        adaptive=adaptive,
    )
    by_id = {a.id: a for a in articles}
    for c in claims:  # extractive and cited: every sentence is an exact span of its source
        assert by_id[c.article].text[c.start : c.end] == c.text, c
    return " ".join(c.text for c in claims)


def budgeted(sentences: Sequence[str], words: int) -> str:
    """Sentences in the given order until ``words`` is reached (at least one)."""
    out: list[str] = []
    used = 0
    for text in sentences:
        if out and used >= words:
            break
        out.append(text)
        used += len(_WORD.findall(text))
    return " ".join(out)


def lead(articles: Sequence[Article], ann: Mapping[str, Annotations], words: int) -> str:
    if not articles:
        return ""
    first = articles[0]
    return budgeted([first.text[s.start : s.end] for s in ann[first.id].sentences], words)


class _Words:
    """A word tokenizer for sumy that needs no NLTK data."""

    def to_words(self, text: str) -> list[str]:
        return _WORD.findall(text)

    def to_sentences(self, text: str) -> list[str]:  # pragma: no cover - unused
        return [text]


def lexrank(articles: Sequence[Article], ann: Mapping[str, Annotations], words: int) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Words()
    texts = [a.text[s.start : s.end] for a in articles for s in ann[a.id].sentences]
    if not texts:
        return ""
    document = ObjectDocumentModel(
        [Paragraph([SumySentence(t, tokenizer) for t in texts])]  # type: ignore[no-untyped-call]
    )
    summarizer = LexRankSummarizer(Stemmer("english"))  # type: ignore[no-untyped-call]
    summarizer.stop_words = get_stop_words("english")
    # sumy gives the n best sentences in document order: grow n until the budget is spent.
    chosen: list[str] = []
    for n in range(1, len(texts) + 1):
        chosen = [str(x) for x in summarizer(document, n)]
        if sum(len(_WORD.findall(t)) for t in chosen) >= words:
            break
    return " ".join(chosen)


def score_all(
    scorer_mod: ModuleType, gold: list[dict[str, Any]], runs: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, float]]:
    scorer = scorer_mod.Scorer()
    out: dict[str, dict[str, float]] = {}
    for name, summaries in runs.items():
        result, _ = scorer.corpus(name, gold, dict(summaries))
        out[name] = {
            h: round(result.scores[m], 2)
            for h, m in zip(("R-1", "R-2", "R-L", "R-Lsum"), scorer_mod.METRICS, strict=True)
        }
    return out


def tune(
    scorer_mod: ModuleType,
    gold: list[dict[str, Any]],
    data: Sequence[tuple[list[Article], dict[str, Annotations]]],
) -> None:
    """The dev grid behind the defaults: the budget, then one weight at a time."""
    base = SummaryWeights()
    grid: list[tuple[str, int, float | None, bool, SummaryWeights]] = []
    for words in (50, 60, 70, 80):
        grid.append((f"fixed {words} words", words, None, False, base))
    for part in (0.3, 0.35, 0.4):
        grid.append((f"share {part}, {MIN_WORDS}..80 words", 80, part, False, base))
    for top in (80, 90, 100, 130):
        grid.append((f"adaptive, {MIN_WORDS}..{top} words", top, None, True, base))
    sweep: dict[str, tuple[float, ...]] = {
        "title": (0.25, 0.5, 1.0),
        "loaded": (-0.25, -0.5),
        "quoted": (-0.25, -0.5),
        "said": (-0.1, 0.1),
        "number": (-0.1, 0.1),
        "capitals": (-0.5, 0.5),
        "consensus": (0.5, 1.5),
        "centrality": (0.2, 1.0),
        "support": (0.2, 0.8),
        "position": (0.15, 0.7),
        "headline": (0.0, 1.0),
        "personal": (-0.5,),
        "length": (-0.2,),
        "redundancy": (0.4, 1.0),
        "overshoot": (0.1, 0.4),
    }
    for name, values in sweep.items():
        for value in values:
            change: dict[str, Any] = {name: value}
            w = replace(base, **change)
            grid.append((f"{name}={value}", WORDS, None, True, w))
    for label, words, share, adaptive, w in grid:
        summaries = {
            item["id"]: ours(arts, ann, words, w, share, adaptive=adaptive)
            for item, (arts, ann) in zip(gold, data, strict=True)
        }
        s = score_all(scorer_mod, gold, {label: summaries})[label]
        print(f"{label:40} {s['R-1']:6.2f} {s['R-2']:6.2f} {s['R-L']:6.2f}", flush=True)


def fit_budget(
    gold: Sequence[Mapping[str, Any]],
    data: Sequence[tuple[list[Article], dict[str, Annotations]]],
) -> None:
    """Least squares of the log reference length on the budget features (train only);
    prints the coefficients for ``summary_budget.BUDGET_COEFFICIENTS``."""
    rows = [budget_features(arts, candidates(arts, ann)) for arts, ann in data]
    target = [np.log(max(1, words_in(item["reference"]))) for item in gold]
    x, y = np.array(rows), np.array(target)
    coef = np.linalg.lstsq(x, y, rcond=None)[0]
    r = float(np.corrcoef(x @ coef, y)[0, 1])
    for name, value in zip(BUDGET_FEATURES, coef, strict=True):
        print(f"{name:24} {value:7.3f}")
    print(f"r = {r:.3f} ({len(rows)} items)")
    print("coefficients:", tuple(round(float(v), 3) for v in coef))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--split", default="test", choices=("test", "dev", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--words", type=int, default=WORDS, help="budget (the upper bound)")
    parser.add_argument("--share", type=float, default=None, help="budget as a share of the input")
    parser.add_argument("--fixed", action="store_true", help="a fixed budget of --words")
    parser.add_argument("--tune", action="store_true", help="print the dev grid (dev/train only)")
    parser.add_argument(
        "--fit-budget", action="store_true", help="fit the adaptive budget (train only)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results")
    args = parser.parse_args(argv)
    bench = args.shared / "bench" / "summarization"
    scorer_mod = load_module(bench / "score_rouge.py")
    gold = read_items(bench / "neus" / f"{args.split}.jsonl", args.limit)
    for item in gold:
        item["reference"] = scorer_mod.as_text(item.get("reference"), item["id"])
    cache = SentenceCache(OUT / "neus_sentences.json")
    t0 = time.perf_counter()
    data = prepared(gold, cache)
    prep_s = time.perf_counter() - t0
    if args.tune:
        if args.split == "test":
            parser.error("--tune runs on dev or train only")
        tune(scorer_mod, gold, data)
        return 0
    if args.fit_budget:
        if args.split != "train":
            parser.error("--fit-budget runs on train only")
        fit_budget(gold, data)
        return 0

    share = None if args.fixed else args.share
    adaptive = not args.fixed and share is None
    t0 = time.perf_counter()
    runs: dict[str, dict[str, str]] = {"newsweave": {}, "lexrank (sumy)": {}, "lead": {}}
    for item, (arts, ann) in zip(gold, data, strict=True):
        runs["newsweave"][item["id"]] = ours(arts, ann, args.words, share=share, adaptive=adaptive)
    ours_s = time.perf_counter() - t0
    for item, (arts, ann) in zip(gold, data, strict=True):
        words = budget(arts, ann, args.words, share, adaptive)
        runs["lexrank (sumy)"][item["id"]] = lexrank(arts, ann, words)
        runs["lead"][item["id"]] = lead(arts, ann, words)
    stored = scorer_mod.stored_systems(gold)
    for name in sorted(stored, key=lambda n: (n != scorer_mod.FIRST_ARTICLE, n)):
        runs[name] = stored[name]
    scores = score_all(scorer_mod, gold, runs)
    lengths = {
        name: round(sum(len(s.split()) for s in summaries.values()) / max(1, len(summaries)), 1)
        for name, summaries in runs.items()
    }
    ref_len = round(sum(len(g["reference"].split()) for g in gold) / len(gold), 1)

    command = "cd /work/main && .venv/bin/python bench/summarization.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    header = (
        f"NeuS {args.split} ({len(gold)} items), ROUGE F1 x100 "
        "(score_rouge.py: rouge-score, Porter stemming, R-L = rougeL)"
    )
    lines = [header, f"{'system':48} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'R-Lsum':>7} {'words':>6}"]
    for name, s in scores.items():
        lines.append(
            f"{name:48} {s['R-1']:6.2f} {s['R-2']:6.2f} {s['R-L']:6.2f} "
            f"{s['R-Lsum']:7.2f} {lengths[name]:6.1f}"
        )
    if args.split == "test" and not args.limit:
        for name, (r1, r2, rl) in PUBLISHED.items():
            lines.append(f"{name:48} {r1:6.2f} {r2:6.2f} {rl:6.2f} {'':>7} {'':>6}")
    budget_text = (
        f"{share:.0%} of the input words, {MIN_WORDS}..{args.words}"
        if share is not None
        else f"adaptive, {MIN_WORDS}..{args.words} words"
        if adaptive
        else f"{args.words} words"
    )
    lines.append(
        f"reference length {ref_len} words; budget {budget_text}; "
        f"prepare+parse {prep_s:.1f}s, summarize {ours_s:.2f}s"
    )
    print("\n".join(lines))
    if not args.no_write:
        write_results(args, command, scores, lengths, ref_len, len(gold))
    return 0


def write_results(
    args: argparse.Namespace,
    command: str,
    scores: Mapping[str, Mapping[str, float]],
    lengths: Mapping[str, float],
    ref_len: float,
    n: int,
) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path_json = RESULTS / "summarization.json"
    existing: dict[str, Any] = {}
    if path_json.is_file():
        existing = json.loads(path_json.read_text(encoding="utf-8"))
    key = args.split + (f"[:{args.limit}]" if args.limit else "")
    existing[key] = {
        "command": command,
        "items": n,
        "words": args.words,
        "reference_words": ref_len,
        "scores": scores,
        "summary_words": lengths,
    }
    path_json.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
