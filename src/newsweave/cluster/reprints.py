"""Reprint detection: copies and lightly edited or updated versions of one article."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from newsweave.cluster.terms import DocFeatures, Ids

MIN_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the longer one;
# independent reports of one event share well under 0.3 of their 5-word shingles, while
# edited reprints (a paragraph cut, one added, sentences retouched) keep 0.75-0.95
MIN_LENGTH_RATIO = 0.5  # an excerpt of under half the length is a quotation, not a reprint
UNDATED = 10**7  # sorts after every date ordinal


def is_reprint(shared: int, size_a: int, size_b: int) -> bool:
    """Whether two shingle sets of these sizes sharing ``shared`` shingles are the same
    article (possibly trimmed, edited or extended)."""
    if not size_a or not size_b:
        return False
    small, large = sorted((size_a, size_b))
    return small / large >= MIN_LENGTH_RATIO and shared / small >= MIN_CONTAINMENT


def reprint_pairs(sets: Sequence[Ids]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of near-duplicate texts, from their sorted shingle hashes: the
    shared shingles of every pair at once (a sparse incidence product), checked by rule."""
    sizes = [len(s) for s in sets]
    if len(sets) < 2 or not sum(sizes):
        return []
    vocab, cols = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), sizes)
    incidence = sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.int32), (rows, cols)), shape=(len(sets), len(vocab))
    )
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    return sorted(
        (int(i), int(j))
        for i, j, n in zip(shared.row, shared.col, shared.data, strict=True)
        if is_reprint(int(n), sizes[i], sizes[j])
    )


def reprint_of(new: Ids, pool: Sequence[Ids]) -> int | None:
    """Index of the first text of ``pool`` that ``new`` reprints (sorted shingle hashes)."""
    sizes = [len(s) for s in pool]
    if not len(new) or not sum(sizes):
        return None
    hit = np.isin(np.concatenate(pool), new)
    shared = np.bincount(np.repeat(np.arange(len(pool)), sizes), weights=hit, minlength=len(pool))
    for i, n in enumerate(shared.tolist()):
        if is_reprint(int(n), sizes[i], len(new)):
            return i
    return None


def duplicate_of(feats: Sequence[DocFeatures]) -> dict[str, str]:
    """Article id -> id of the article it reprints: the earliest dated, else the first given."""
    parent = list(range(len(feats)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in reprint_pairs([f.shingles for f in feats]):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(feats)):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: (feats[i].day or UNDATED, i))
        for i in members:
            if i != first:
                out[feats[i].id] = feats[first].id
    return out
