"""Aligning context claims across articles: which two values fill the same slot.

Two context claims of different articles (same kind and unit: two counts of "states", two
dates, two event places) are taken to state the same fact when

* their sentences are similar: TF-IDF cosine over the content stems of the story's
  sentences (a word that many sentences share weighs little), and
* the words next to the values share a content word (the slot: "percent Latino", "a
  two-year investigation", "pages of emails"), or the sentences are very similar, and
* each is the other's best match between the two articles (mutual best), so one value
  pairs with one value only.

Only aligned pairs are compared by the tolerance rules (reconcile.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.compare.claims import ClaimRecord


@dataclass(frozen=True)
class AlignRules:
    """Thresholds of the alignment (see the module docstring)."""

    # cosine of two sentences that align on their own
    cosine_alone: float = 0.25
    # cosine of two sentences whose values also share a slot word
    cosine_slot: float = 0.06
    # dates and places are many in an article: stricter
    cosine_alone_strict: float = 0.35
    cosine_slot_strict: float = 0.12
    # a slot word must not be this common across the story's sentences (share of sentences)
    slot_df_max: float = 0.5
    # two lengths introduced by the same preposition ("for 75 years", "for 90 years")
    lead_bonus: float = 0.1


STRICT_KINDS = frozenset({"date", "place"})


class Idf:
    """Inverse document frequency of stems over a story's sentences."""

    def __init__(self, sentences: Iterable[frozenset[str]]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for stems in sentences:
            df.update(stems)
            n += 1
        self.n = max(n, 1)
        self.df = df
        # weights asked for again and again (each claim pair's shared stems): kept
        self.weights: dict[str, float] = {}

    def weight(self, stem: str) -> float:
        known = self.weights.get(stem)
        if known is None:
            known = self.weights[stem] = math.log((self.n + 1) / (self.df.get(stem, 0) + 1)) + 1.0
        return known

    def share(self, stem: str) -> float:
        return self.df.get(stem, 0) / self.n

    def norm(self, stems: frozenset[str]) -> float:
        return math.sqrt(sum(self.weight(w) ** 2 for w in stems)) or 1.0


def cosine(a: frozenset[str], b: frozenset[str], idf: Idf, norms: Mapping[int, float]) -> float:
    shared = a & b
    if not shared:
        return 0.0
    num = sum(idf.weight(w) ** 2 for w in shared)
    return num / (norms[id(a)] * norms[id(b)])


def score(
    a: ClaimRecord, b: ClaimRecord, idf: Idf, norms: Mapping[int, float], rules: AlignRules
) -> float:
    """How well two claims align (0 when they do not): the sentence cosine, plus a bonus
    when the words next to the values share a content word."""
    cos = cosine(a.context, b.context, idf, norms)
    strict = a.kind in STRICT_KINDS
    slot = any(idf.share(w) <= rules.slot_df_max for w in a.local & b.local)
    alone, with_slot = (
        (rules.cosine_alone_strict, rules.cosine_slot_strict)
        if strict
        else (rules.cosine_alone, rules.cosine_slot)
    )
    if cos >= alone or (slot and cos >= with_slot):
        lead = rules.lead_bonus if a.lead and a.lead == b.lead else 0.0
        return cos + (0.2 if slot else 0.0) + lead
    return 0.0


def align(
    records: Sequence[ClaimRecord],
    source: Mapping[str, str],
    idf: Idf,
    rules: AlignRules | None = None,
) -> set[tuple[int, int]]:
    """Index pairs (i < j) of context claims that state the same fact (mutual best)."""
    rules = rules or AlignRules()
    norms = {id(r.context): idf.norm(r.context) for r in records}
    buckets: dict[tuple[str, ...], list[int]] = {}
    for i, r in enumerate(records):
        if not r.keyed and r.kind != "attribution" and r.context:
            buckets.setdefault(r.key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for idx in buckets.values():
        by_source: dict[str, list[int]] = {}
        for i in idx:
            by_source.setdefault(source[records[i].claim.article], []).append(i)
        keys = sorted(by_source)
        for n, sa in enumerate(keys):
            for sb in keys[n + 1 :]:
                pairs |= _mutual_best(records, by_source[sa], by_source[sb], idf, norms, rules)
    return pairs


def _mutual_best(
    records: Sequence[ClaimRecord],
    left: Sequence[int],
    right: Sequence[int],
    idf: Idf,
    norms: Mapping[int, float],
    rules: AlignRules,
) -> set[tuple[int, int]]:
    scores: dict[tuple[int, int], float] = {}
    for i in left:
        for j in right:
            s = score(records[i], records[j], idf, norms, rules)
            if s > 0:
                scores[(i, j)] = s
    best_l: dict[int, float] = {}
    best_r: dict[int, float] = {}
    for (i, j), s in scores.items():
        best_l[i] = max(best_l.get(i, 0.0), s)
        best_r[j] = max(best_r.get(j, 0.0), s)
    return {
        (min(i, j), max(i, j))
        for (i, j), s in scores.items()
        if s >= best_l[i] - 1e-9 and s >= best_r[j] - 1e-9
    }
